"""Year group, key stage and age from date of birth (1 September cut-off).

Phase transfer deadlines are tested with the rules in tests/rules/test_deadlines.py."""

from __future__ import annotations

from datetime import date

import pytest

from caseworker_app.schoolyear import (
    age_on,
    key_stage,
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
