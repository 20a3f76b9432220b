"""Caseload status, filters and sorting over plain rows."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta

import pytest

from caseworker_app.caseload import (
    UNALLOCATED,
    CaseFilter,
    CaseIndex,
    CaseStatusFlag,
    Column,
    status_flag,
)
from caseworker_app.codes import CaseStatus, Need, Phase, ReviewStage
from caseworker_app.entities import CaseRow

TODAY = date(2026, 11, 23)
ME = uuid.UUID(int=7)


def row(name: str = "Smith", **changes) -> CaseRow:
    base = CaseRow(
        child_id=uuid.uuid4(), case_reference="EHC000001", surname=name, forename="Sam",
        preferred_name=None, upn="B801200005001", date_of_birth=date(2016, 9, 1),
        year_group_override=None, setting_name="Exeter Primary School",
        setting_phase=Phase.PRIMARY, primary_need=Need.ASD, plan_issued_on=date(2024, 1, 10),
        review_due_on=TODAY + timedelta(days=90), review_stage=ReviewStage.DUE,
        decision_on=None, officer_id=ME, officer_name="Priya Shah", status=CaseStatus.OPEN,
    )
    return replace(base, **changes)


@pytest.mark.parametrize(("changes", "flag"), [
    ({"review_due_on": TODAY - timedelta(days=1)}, CaseStatusFlag.OVERDUE),
    ({"review_due_on": TODAY}, CaseStatusFlag.DUE_SOON),
    ({"review_due_on": TODAY + timedelta(days=28)}, CaseStatusFlag.DUE_SOON),
    ({"review_due_on": TODAY + timedelta(days=29)}, CaseStatusFlag.ON_TRACK),
    ({"review_due_on": TODAY - timedelta(days=30), "decision_on": TODAY - timedelta(days=40),
      "review_done_on": TODAY - timedelta(days=40)}, CaseStatusFlag.ON_TRACK),
    # meeting basis: the meeting is what counts, the decision may follow
    ({"review_due_on": TODAY - timedelta(days=3), "meeting_held_on": TODAY - timedelta(days=5),
      "review_done_on": TODAY - timedelta(days=5)}, CaseStatusFlag.ON_TRACK),
    # the decision is due within 4 weeks of the meeting (reg 20(10)) whatever the due date
    ({"meeting_held_on": TODAY - timedelta(days=28)}, CaseStatusFlag.ON_TRACK),
    ({"meeting_held_on": TODAY - timedelta(days=29)}, CaseStatusFlag.OVERDUE),
    ({"meeting_held_on": TODAY - timedelta(days=29), "decision_on": TODAY,
      "review_done_on": TODAY}, CaseStatusFlag.ON_TRACK),
    ({"review_due_on": None}, CaseStatusFlag.NO_REVIEW),
    ({"status": CaseStatus.CLOSED}, CaseStatusFlag.CLOSED),
])
def test_status_flag(changes, flag) -> None:
    assert status_flag(row(**changes), TODAY) == flag


def index_of(*rows: CaseRow) -> CaseIndex:
    return CaseIndex(list(rows))


def names(view) -> list[str]:
    return [r.surname for r in view.rows]


def test_search_matches_every_word_across_name_upn_and_setting() -> None:
    idx = index_of(row("Łukasz"), row("Brown", setting_name="Topsham School"),
                   row("Green", upn="A123456789012"))
    assert names(idx.query(CaseFilter(text="łukasz"), Column.NAME, False, TODAY)) == ["Łukasz"]
    assert names(idx.query(CaseFilter(text="tops sam"), Column.NAME, False, TODAY)) == ["Brown"]
    assert names(idx.query(CaseFilter(text="a1234"), Column.NAME, False, TODAY)) == ["Green"]


def test_filters_combine() -> None:
    other = uuid.UUID(int=9)
    idx = index_of(
        row("Overdue", review_due_on=TODAY - timedelta(days=100)),
        row("Soon", review_due_on=TODAY + timedelta(days=10)),
        row("Others", officer_id=other, officer_name="Jo"),
        row("Nobody", officer_id=None, officer_name=None),
        row("Closed", status=CaseStatus.CLOSED),
        row("Teen", date_of_birth=date(2012, 1, 1), primary_need=Need.SEMH),
        row("Leaver", date_of_birth=date(2015, 10, 1)),  # Year 6 in a primary: transfer
    )
    q = lambda **f: names(idx.query(CaseFilter(**f), Column.NAME, False, TODAY))  # noqa: E731
    assert q(overdue=True) == ["Overdue"]
    assert q(due_soon=True) == ["Soon"]
    assert q(officer_id=other) == ["Others"]
    assert q(officer_id=UNALLOCATED) == ["Nobody"]
    assert "Closed" not in q() and "Closed" in q(include_closed=True)
    assert q(year9_plus=True) == ["Teen"]
    assert q(need=Need.SEMH) == ["Teen"]
    assert q(phase_transfer=True) == ["Leaver"]
    assert q(officer_id=ME, overdue=True) == ["Overdue"]


def test_sorting_every_column_both_ways() -> None:
    rows = [row("A", review_due_on=TODAY + timedelta(days=5), date_of_birth=date(2012, 1, 1)),
            row("B", review_due_on=None, setting_name=None, officer_name=None),
            row("C", review_due_on=TODAY - timedelta(days=5), primary_need=Need.HI)]
    idx = CaseIndex(rows)
    for column in Column:
        up = names(idx.query(CaseFilter(), column, False, TODAY))
        down = names(idx.query(CaseFilter(), column, True, TODAY))
        assert sorted(up) == ["A", "B", "C"] and up == list(reversed(down)), column
    assert names(idx.query(CaseFilter(), Column.REVIEW_DUE, False, TODAY)) == ["C", "A", "B"]
    assert names(idx.query(CaseFilter(), Column.STATUS, False, TODAY))[0] == "C"
    assert names(idx.query(CaseFilter(), Column.AGE, False, TODAY))[-1] == "A"


def test_upsert_replaces_and_adds_rows() -> None:
    first = row("Old")
    idx = CaseIndex([first])
    idx.upsert(replace(first, surname="New"))
    idx.upsert(row("Added"))
    assert names(idx.query(CaseFilter(), Column.NAME, False, TODAY)) == ["Added", "New"]


def test_a_superseded_query_stops_early() -> None:
    idx = CaseIndex([row(str(i)) for i in range(25_000)])
    view = idx.query(CaseFilter(text="sam"), Column.NAME, False, TODAY, should_stop=lambda: True)
    assert view.stopped and view.rows == ()
    assert not idx.query(CaseFilter(text="sam"), Column.NAME, False, TODAY).stopped
