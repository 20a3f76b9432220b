"""Caseload rules: each case's status, the filters officers use, and column sort keys.

Pure functions over `CaseRow` with `today` passed in. The caseload screen keeps every row
in memory (about 200 bytes a case, so 100,000 cases fit easily) and filters and sorts here,
on a worker thread, which is much faster than asking SQLite again for each keystroke.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum, IntEnum
from typing import Any

from caseworker_app.codes import CaseStatus, Need, ReviewStage
from caseworker_app.entities import CaseRow
from caseworker_app.rules.calendar import add_weeks
from caseworker_app.rules.deadlines import phase_transfer, preparing_for_adulthood
from caseworker_app.schoolyear import age_on, year_group

DUE_SOON_DAYS = 28  # "due within 4 weeks"
DECISION_WEEKS = 4  # the council decides within 4 weeks of the review meeting
UNALLOCATED = uuid.UUID(int=0)  # officer filter value meaning "no officer"


class CaseStatusFlag(IntEnum):
    """The status colour of a case in the list, most urgent first."""

    OVERDUE = 0
    DUE_SOON = 1
    ON_TRACK = 2
    NO_REVIEW = 3
    CLOSED = 4


STATUS_LABELS = {
    CaseStatusFlag.OVERDUE: "Review overdue",
    CaseStatusFlag.DUE_SOON: "Review due within 4 weeks",
    CaseStatusFlag.ON_TRACK: "On track",
    CaseStatusFlag.NO_REVIEW: "No review scheduled",
    CaseStatusFlag.CLOSED: "Closed",
}


def review_overdue(row: CaseRow, today: date) -> bool:
    """An open review is overdue when either statutory limit has passed undone:

    - the annual review, due within 12 months of the plan or the last review (CFA 2014
      s.44; `rules.deadlines.annual_review_due`), counted to the council's decision, or to
      the meeting where local policy says so (`CaseRow.review_done_on` carries which);
    - the decision, due within 4 weeks of the review meeting (reg 20(10);
      `rules.deadlines.review_cycle`).
    """
    if row.status != CaseStatus.OPEN or row.review_due_on is None:
        return False
    if row.review_done_on is None and row.review_due_on < today:
        return True
    return (row.meeting_held_on is not None and row.decision_on is None
            and add_weeks(row.meeting_held_on, DECISION_WEEKS) < today)


def status_flag(row: CaseRow, today: date) -> CaseStatusFlag:
    """Traffic-light status: overdue, due within 4 weeks, on track, no review, closed."""
    if row.status == CaseStatus.CLOSED:
        return CaseStatusFlag.CLOSED
    if row.review_due_on is None or row.review_stage == ReviewStage.COMPLETE:
        return CaseStatusFlag.NO_REVIEW
    if review_overdue(row, today):
        return CaseStatusFlag.OVERDUE
    if row.review_done_on is None and row.review_due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return CaseStatusFlag.DUE_SOON
    return CaseStatusFlag.ON_TRACK


def row_year_group(row: CaseRow, today: date) -> int:
    """Year group of the child on a row, honouring an out-of-year-group override."""
    return year_group(row.date_of_birth, today, row.year_group_override)


def search_key(row: CaseRow) -> str:
    """The text a search matches: names, case reference, UPN and setting, lower-cased."""
    parts = (row.forename, row.surname, row.preferred_name or "", row.case_reference,
             row.upn or "", row.setting_name or "")
    return " ".join(parts).casefold()


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the officer has asked to see. Every set criterion must hold (AND)."""

    text: str = ""
    officer_id: uuid.UUID | None = None  # UNALLOCATED for cases with no officer
    overdue: bool = False
    due_soon: bool = False
    phase_transfer: bool = False
    year9_plus: bool = False
    need: Need | None = None
    stage: ReviewStage | None = None
    include_closed: bool = False

    def is_empty(self) -> bool:
        """True when no criterion narrows the list."""
        return self == CaseFilter(include_closed=self.include_closed)


Predicate = Callable[[CaseRow], bool]


def predicates(wanted: CaseFilter, today: date) -> list[Predicate]:
    """One test per criterion the filter sets, besides the search text and closed cases.

    Only the criteria in use are built. The search text and the closed-case rule are applied
    by `CaseIndex` itself, faster, over text and orders it keeps ready.
    """
    tests: list[Predicate] = []
    if wanted.officer_id is not None:
        officer = wanted.officer_id
        tests.append(lambda r: (r.officer_id or UNALLOCATED) == officer)
    if wanted.need is not None:
        tests.append(lambda r: r.primary_need == wanted.need)
    if wanted.stage is not None:
        tests.append(lambda r: r.review_stage == wanted.stage)
    if wanted.overdue:
        tests.append(lambda r: review_overdue(r, today))
    if wanted.due_soon:
        tests.append(lambda r: status_flag(r, today) == CaseStatusFlag.DUE_SOON)
    if wanted.year9_plus:
        tests.append(lambda r: preparing_for_adulthood(row_year_group(r, today)))
    if wanted.phase_transfer:
        tests.append(lambda r: phase_transfer(row_year_group(r, today), r.setting_phase,
                                              today) is not None)
    return tests


def matches(row: CaseRow, wanted: CaseFilter, today: date) -> bool:
    """Whether one row passes the filter."""
    if row.status == CaseStatus.CLOSED and not wanted.include_closed:
        return False
    haystack = search_key(row)
    if not all(term in haystack for term in wanted.text.casefold().split()):
        return False
    return all(test(row) for test in predicates(wanted, today))


class Column(Enum):
    """Caseload columns, in display order, with their headings."""

    NAME = "Name"
    AGE = "Age"
    YEAR = "Year group"
    SETTING = "Setting"
    NEED = "Primary need"
    PLAN_ISSUED = "Plan issued"
    REVIEW_DUE = "Next review due"
    STAGE = "Review stage"
    OFFICER = "Officer"
    STATUS = "Status"


_FAR_FUTURE = date.max
STAGE_ORDER = {stage: i for i, stage in enumerate(ReviewStage)}


def sort_key(column: Column, today: date) -> Callable[[CaseRow], Any]:
    """A key function that sorts rows by `column`; blanks sort last, ties by name."""

    def name(row: CaseRow) -> tuple[str, str]:
        return (row.surname.casefold(), row.forename.casefold())

    keys: dict[Column, Callable[[CaseRow], Any]] = {
        Column.NAME: name,
        Column.AGE: lambda r: (-r.date_of_birth.toordinal(), name(r)),
        Column.YEAR: lambda r: (row_year_group(r, today), name(r)),
        Column.SETTING: lambda r: (r.setting_name is None, (r.setting_name or "").casefold(),
                                   name(r)),
        Column.NEED: lambda r: (r.primary_need.value, name(r)),
        Column.PLAN_ISSUED: lambda r: (r.plan_issued_on or _FAR_FUTURE, name(r)),
        Column.REVIEW_DUE: lambda r: (r.review_due_on or _FAR_FUTURE, name(r)),
        Column.STAGE: lambda r: (STAGE_ORDER.get(r.review_stage, 99)
                                 if r.review_stage else 99, name(r)),
        Column.OFFICER: lambda r: (r.officer_name is None, (r.officer_name or "").casefold(),
                                   name(r)),
        Column.STATUS: lambda r: (status_flag(r, today), r.review_due_on or _FAR_FUTURE, name(r)),
    }
    return keys[column]


def age_of(row: CaseRow, today: date) -> int:
    """Age in years of the child on a row."""
    return age_on(row.date_of_birth, today)


@dataclass(frozen=True, slots=True)
class CaseloadView:
    """The rows to show, in order, and how many cases there are in all."""

    rows: tuple[CaseRow, ...]
    total: int
    stopped: bool = False  # a newer query replaced this one before it finished


class CaseIndex:
    """All rows with their search text, ready to filter and sort many times a second.

    Each sort order is computed once and kept; a query then only filters the kept order,
    which keeps each keystroke to one pass over the cases. An edit drops the kept orders.
    """

    def __init__(self, rows: Sequence[CaseRow]) -> None:
        self._rows: dict[uuid.UUID, CaseRow] = {r.child_id: r for r in rows}
        self._haystacks: dict[uuid.UUID, str] = {r.child_id: search_key(r) for r in rows}
        self._orders: dict[tuple, tuple[list[CaseRow], list[str]]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def upsert(self, row: CaseRow) -> None:
        """Add or replace one row after an edit, without reloading the caseload.

        Called on the UI thread while a worker may be querying: replacing a value is safe,
        and a new case swaps in fresh dicts so a running query never sees one change size.
        """
        if row.child_id in self._rows:
            self._haystacks[row.child_id] = search_key(row)
            self._rows[row.child_id] = row
        else:
            self._haystacks = {**self._haystacks, row.child_id: search_key(row)}
            self._rows = {**self._rows, row.child_id: row}
        self._orders = {}

    def get(self, child_id: uuid.UUID) -> CaseRow | None:
        """The row for one child, if loaded."""
        return self._rows.get(child_id)

    def ordered(self, column: Column, descending: bool, today: date,
                include_closed: bool) -> tuple[list[CaseRow], list[str]]:
        """Rows in the order asked for, with their search texts alongside (kept once made)."""
        key = (column, descending, today, include_closed)
        order = self._orders.get(key)
        if order is None:
            rows = sorted((r for r in self._rows.values()
                           if include_closed or r.status != CaseStatus.CLOSED),
                          key=sort_key(column, today), reverse=descending)
            hay = self._haystacks
            order = self._orders[key] = (rows, [hay[r.child_id] for r in rows])
        return order

    def query(self, wanted: CaseFilter, column: Column, descending: bool,
              today: date, should_stop: Callable[[], bool] = lambda: False) -> CaseloadView:
        """Rows passing `wanted`, sorted by `column`. `should_stop` lets a newer query win.

        The search words narrow the kept order first (a substring test per case, the fastest
        thing Python can do here); the other criteria then run over what is left.
        """
        rows, texts = self.ordered(column, descending, today, wanted.include_closed)
        for term in wanted.text.casefold().split():
            if should_stop():
                return CaseloadView((), len(self._rows), stopped=True)
            kept = [i for i, text in enumerate(texts) if term in text]
            rows, texts = [rows[i] for i in kept], [texts[i] for i in kept]
        for test in predicates(wanted, today):
            if should_stop():
                return CaseloadView((), len(self._rows), stopped=True)
            rows = list(filter(test, rows))
        return CaseloadView(tuple(rows), len(self._rows))
