"""Year group, key stage, age and phase transfer from date of birth (1 September cut-off)."""

from __future__ import annotations

from datetime import date

import pytest

from caseworker_app.codes import Phase
from caseworker_app.schoolyear import (
    age_on,
    key_stage,
    phase_transfer,
    preparing_for_adulthood,
    year_group,
    year_group_label,
)

TODAY = date(2026, 11, 23)  # academic year 2026/27


@pytest.mark.parametrize(("dob", "today", "expected"), [
    (date(2021, 9, 1), TODAY, 0),     # oldest in Reception
    (date(2022, 8, 31), TODAY, 0),    # youngest in Reception
    (date(2021, 8, 31), TODAY, 1),    # one day older: Year 1
    (date(2022, 9, 1), TODAY, -1),    # Nursery
    (date(2015, 9, 1), TODAY, 6),
    (date(2011, 3, 1), TODAY, 11),
    (date(2009, 2, 28), TODAY, 13),
    (date(2008, 2, 29), TODAY, 14),   # leap-day birthday, past Year 13
    (date(2001, 6, 1), TODAY, 21),    # a young person of 25
    (date(2021, 9, 1), date(2026, 8, 31), -1),  # last day of the academic year before
    (date(2021, 9, 1), date(2026, 9, 1), 0),    # first day of the new academic year
])
def test_year_group_follows_the_1_september_cut_off(dob, today, expected) -> None:
    assert year_group(dob, today) == expected


def test_override_for_a_child_taught_out_of_year_group() -> None:
    assert year_group(date(2015, 9, 1), TODAY, override=5) == 5


@pytest.mark.parametrize(("group", "label", "stage"), [
    (-2, "Early years", "EYFS"), (-1, "Nursery", "EYFS"), (0, "Reception", "EYFS"),
    (1, "Year 1", "KS1"), (2, "Year 2", "KS1"), (3, "Year 3", "KS2"), (6, "Year 6", "KS2"),
    (7, "Year 7", "KS3"), (9, "Year 9", "KS3"), (10, "Year 10", "KS4"), (11, "Year 11", "KS4"),
    (12, "Year 12", "KS5"), (13, "Year 13", "KS5"), (14, "Post-18", "Post-KS5"),
])
def test_labels_and_key_stages(group, label, stage) -> None:
    assert year_group_label(group) == label
    assert key_stage(group) == stage


@pytest.mark.parametrize(("dob", "today", "age"), [
    (date(2010, 11, 23), TODAY, 16), (date(2010, 11, 24), TODAY, 15),
    (date(2008, 2, 29), date(2026, 2, 28), 17), (date(2008, 2, 29), date(2026, 3, 1), 18),
    (date(2010, 12, 31), date(2011, 1, 1), 0),
])
def test_age_in_whole_years(dob, today, age) -> None:
    assert age_on(dob, today) == age


def test_preparing_for_adulthood_from_year_9() -> None:
    assert not preparing_for_adulthood(8)
    assert preparing_for_adulthood(9)


@pytest.mark.parametrize(("group", "phase", "amend_by"), [
    (6, Phase.PRIMARY, date(2027, 2, 15)),
    (6, None, date(2027, 2, 15)),
    (2, Phase.INFANT, date(2027, 2, 15)),
    (-1, Phase.EARLY_YEARS, date(2027, 2, 15)),
    (8, Phase.MIDDLE, date(2027, 2, 15)),
    (11, Phase.SECONDARY, date(2027, 3, 31)),
    (11, Phase.ALL_AGE, date(2027, 3, 31)),
])
def test_phase_transfer_deadlines_reg_18(group, phase, amend_by) -> None:
    transfer = phase_transfer(group, phase, TODAY)
    assert transfer is not None
    assert transfer.amend_by == amend_by
    assert transfer.transfer_date == date(2027, 9, 1)
    assert "reg 18" in transfer.citation


@pytest.mark.parametrize(("group", "phase"), [
    (2, Phase.PRIMARY), (5, Phase.PRIMARY), (6, Phase.ALL_THROUGH), (8, Phase.SECONDARY),
    (10, Phase.SECONDARY), (12, Phase.POST16), (11, Phase.POST16),
])
def test_no_phase_transfer_outside_transfer_years(group, phase) -> None:
    assert phase_transfer(group, phase, TODAY) is None


def test_transfer_year_rolls_over_on_1_september() -> None:
    before = phase_transfer(6, Phase.PRIMARY, date(2027, 8, 31))
    after = phase_transfer(6, Phase.PRIMARY, date(2027, 9, 1))
    assert before is not None and after is not None
    assert before.amend_by == date(2027, 2, 15)
    assert after.amend_by == date(2028, 2, 15)
