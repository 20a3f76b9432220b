"""Work use cases: each officer's statutory deadlines, the team forecast, the lead's backlog
and trend, bulk allocation, and the local annual-review policy.

Built for a whole county: each view reads the cases and their reviews with one raw SELECT,
converted by hand (as `caseload_query` does), then applies the pure rules of
`caseworker_app.rules.deadlines` in Python: about 5 seconds for 100,000 cases, on a worker.
The deadlines list adds the EHC needs assessments in progress, read with one more query
(a county has a few thousand at a time) and worked out by `assessment_workflow`.
"""

from __future__ import annotations

import bisect
import gc
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker_app import assessment_workflow as workflow
from caseworker_app.codes import CaseStatus, Phase, ReviewDecision, ReviewStage
from caseworker_app.db.tables import Allocation, Child, NeedsAssessment, Officer
from caseworker_app.db.uow import Database
from caseworker_app.entities import NeedsAssessmentRecord
from caseworker_app.entities_work import (
    BacklogBand,
    BacklogOverview,
    BacklogRow,
    MyWork,
    OfficerForecast,
    Trend,
    WorkItem,
)
from caseworker_app.errors import NotFoundError, ValidationError
from caseworker_app.rules.calendar import add_months
from caseworker_app.rules.deadlines import (
    Deadline,
    DeadlineKey,
    ReviewBasis,
    annual_review_due,
    phase_transfer,
    preparing_for_adulthood,
    ranked,
    review_cycle,
)
from caseworker_app.schoolyear import academic_year_start, year_group
from caseworker_app.services.assessments import assessment_record
from caseworker_app.services.cases import reallocate
from caseworker_app.services.records import review_basis

POST16_YEAR = 12
UNALLOCATED_NAME = "Unallocated"
READ_BATCH = 5_000
BEFORE_MEETING = frozenset({DeadlineKey.INVITATIONS, DeadlineKey.ADVICE})

# Cases with what the work views show and flag, and every review of each. One raw SELECT,
# scanned in table order and converted by hand: at 100,000 cases SQLAlchemy's generic row
# processing costs more than the query itself (see caseload_query).
_CASES_SQL = """
SELECT c.id, c.case_reference, c.legal_surname, c.legal_forename, c.preferred_name,
       c.date_of_birth, c.year_group_override, s.phase, c.looked_after,
       c.complaint_or_tribunal, a.officer_id, o.display_name, c.closed_on,
       r.due_on, r.stage, r.meeting_on, r.invitations_sent_on, r.advice_received_on,
       r.meeting_held_on, r.report_received_on, r.decision, r.decision_on,
       r.amendments_sent_on, r.final_issued_on, r.completed_on, p.first_issued_on
FROM child c
LEFT JOIN education_setting s ON s.id = c.setting_id
LEFT JOIN allocation a ON a.child_id = c.id AND a.end_on IS NULL
LEFT JOIN officer o ON o.id = a.officer_id
LEFT JOIN annual_review r ON r.child_id = c.id
LEFT JOIN ehc_plan p ON p.id = r.plan_id
"""
_OPEN = "WHERE c.status = 'open'"
_OPEN_FOR_OFFICER = "WHERE c.status = 'open' AND a.officer_id = ?"


# ----- rows read -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Review:
    due_on: date
    stage: ReviewStage
    meeting_on: date | None
    invitations_sent_on: date | None
    advice_received_on: date | None
    meeting_held_on: date | None
    report_received_on: date | None
    decision: ReviewDecision | None
    decision_on: date | None
    amendments_sent_on: date | None
    final_issued_on: date | None
    completed_on: date | None
    plan_issued_on: date | None


@dataclass(slots=True)
class _Case:
    child_id: uuid.UUID
    case_reference: str
    display_name: str
    date_of_birth: date
    year_group_override: int | None
    phase: Phase | None
    looked_after: bool
    complaint_or_tribunal: bool
    officer_id: uuid.UUID | None
    officer_name: str | None
    closed_on: date | None
    reviews: list[_Review]  # oldest due first


def display_name(surname: str, forename: str, preferred: str | None) -> str:
    """Surname first, a preferred name in brackets (as `CaseRow.display_name`)."""
    name = f"{surname}, {forename}"
    if preferred and preferred != forename:
        name += f" ({preferred})"
    return name


_STAGES = {m.value: m for m in ReviewStage}  # a dict lookup is 4 times faster than Enum()
_DECISIONS = {m.value: m for m in ReviewDecision}
_PHASES = {m.value: m for m in Phase}


class _Dates(dict[str, date]):
    """ISO text to `date`, each distinct day made once: a county's 1.5 million review dates
    fall on a few thousand days, so sharing them saves tens of megabytes."""

    def __missing__(self, text: str) -> date:
        value = self[text] = date.fromisoformat(text)
        return value


def _read(session: Session, where: str, params: tuple = ()) -> list[_Case]:
    """The cases `where` picks, each with its reviews (the loop is kept tight: it runs once
    per review of every case in the county)."""
    result = session.connection().exec_driver_sql(_CASES_SQL + where, params)
    cases: dict[str, _Case] = {}
    officers: dict[str, uuid.UUID] = {}  # a few hundred officers: parse each id once
    day, stages, decisions = _Dates().__getitem__, _STAGES, _DECISIONS
    # Read in batches, not fetchall(): the raw rows of a county take more memory than the
    # records made from them.
    for r in (row for batch in result.partitions(READ_BATCH) for row in batch):
        case = cases.get(r[0])
        if case is None:
            officer = r[10]
            if officer is not None and officer not in officers:
                officers[officer] = uuid.UUID(hex=officer)
            case = cases[r[0]] = _Case(
                uuid.UUID(hex=r[0]), r[1], display_name(r[2], r[3], r[4]), day(r[5]), r[6],
                _PHASES.get(r[7]), bool(r[8]), bool(r[9]), officers.get(officer),
                r[11], r[12] and day(r[12]), [])
        if r[13] is not None:
            case.reviews.append(_Review(
                day(r[13]), stages[r[14]], r[15] and day(r[15]), r[16] and day(r[16]),
                r[17] and day(r[17]), r[18] and day(r[18]), r[19] and day(r[19]),
                decisions.get(r[20]), r[21] and day(r[21]), r[22] and day(r[22]),
                r[23] and day(r[23]), r[24] and day(r[24]), r[25] and day(r[25])))
    for case in cases.values():
        if len(case.reviews) > 1:
            case.reviews.sort(key=lambda review: review.due_on)
    return list(cases.values())


def _read_open(session: Session, officer_id: uuid.UUID | None = None) -> list[_Case]:
    """Open cases (those `officer_id` holds, when given) with their reviews."""
    if officer_id is None:
        return _read(session, _OPEN)
    return _read(session, _OPEN_FOR_OFFICER, (officer_id.hex,))


def _read_assessments(session: Session,
                      officer_id: uuid.UUID | None = None) -> list[NeedsAssessmentRecord]:
    """The assessments in progress (no outcome yet) on the open cases `officer_id` holds
    (on every open case when None), in one query: at most one per case, a few thousand in
    a county, so the ORM's cost does not matter here."""
    query = select(NeedsAssessment).where(NeedsAssessment.outcome.is_(None))
    if officer_id is None:
        # EXISTS, not a join: SQLite then walks the in-progress assessments (a partial index)
        # and looks each case up, instead of scanning every case (5 times slower).
        return [assessment_record(row) for row in session.scalars(query.where(
            select(Child.id).where(Child.id == NeedsAssessment.child_id,
                                   Child.status == CaseStatus.OPEN).exists()))]
    query = (query.join(Child, Child.id == NeedsAssessment.child_id)
             .join(Allocation, (Allocation.child_id == Child.id) & Allocation.end_on.is_(None))
             .where(Child.status == CaseStatus.OPEN, Allocation.officer_id == officer_id))
    return [assessment_record(row) for row in session.scalars(query)]


# ----- rules applied to the rows ---------------------------------------------------------
@lru_cache(maxsize=1 << 14)
def _annual(anchor_on: date, anchor_is_plan: bool, basis: ReviewBasis) -> Deadline:
    """`annual_review_due`, cached: a county's anchors repeat a few thousand dates."""
    return annual_review_due(anchor_on, anchor_is_plan, basis)


@lru_cache(maxsize=1 << 10)
def _transfer(group: int, phase: Phase | None, today: date) -> Deadline | None:
    """`phase_transfer`, cached: it depends only on the year group, phase and day."""
    return phase_transfer(group, phase, today)


def met_on(review: _Review, basis: ReviewBasis) -> date | None:
    """When the review counted as done under `basis`: its decision, or its meeting held."""
    return review.decision_on if basis == ReviewBasis.DECISION else review.meeting_held_on


def annual_deadline(reviews: Sequence[_Review], index: int, basis: ReviewBasis) -> Deadline:
    """The annual review deadline of `reviews[index]` (CFA 2014 s.44), counted as the
    review service counts it: from the last review completed before it (its decision or its
    meeting, by `basis`, else its completion), or for the first review from the plan's issue.

    With neither recorded, the stored due date stands (counted back from it a year).
    """
    review, previous = reviews[index], None
    for earlier in reviews[:index]:
        if earlier.completed_on is not None and (
                previous is None or earlier.completed_on >= previous.completed_on):
            previous = earlier
    if previous is not None:
        anchor = previous.decision_on if basis == ReviewBasis.DECISION \
            else previous.meeting_held_on
        return _annual(anchor or previous.completed_on, False, basis)
    if review.plan_issued_on is not None:
        return _annual(review.plan_issued_on, True, basis)
    return _annual(add_months(review.due_on + timedelta(days=1), -12), False, basis)


def _cycle(review: _Review) -> list[Deadline]:
    """The review-cycle deadlines once a meeting is planned; none when the dates contradict
    each other (the Reviews tab says what to correct)."""
    meeting = review.meeting_on or review.meeting_held_on
    if meeting is None:
        return []
    try:
        return review_cycle(
            meeting_on=meeting, meeting_held_on=review.meeting_held_on,
            decision_on=review.decision_on, decision=review.decision,
            amendments_sent_on=review.amendments_sent_on,
            invitations_sent_on=review.invitations_sent_on,
            advice_received_on=review.advice_received_on,
            report_received_on=review.report_received_on,
            final_issued_on=review.final_issued_on)
    except ValueError:
        return []


def phase_transfer_done(reviews: Iterable[_Review], today: date) -> date | None:
    """When this year's phase transfer was dealt with: a review decided since 1 September
    of the current academic year, with its final amended plan issued if it amended."""
    year_began = date(academic_year_start(today), 9, 1)
    for review in reviews:
        if review.decision_on is None or review.decision_on < year_began:
            continue
        if review.decision != ReviewDecision.AMEND:
            return review.decision_on
        if review.final_issued_on is not None:
            return review.final_issued_on
    return None


def _open_index(reviews: Sequence[_Review]) -> int | None:
    """Position of the open (not completed) review, if any."""
    for i in range(len(reviews) - 1, -1, -1):
        if reviews[i].completed_on is None:
            return i
    return None


def backlog_band(due: date, today: date) -> BacklogBand:
    """How long overdue, in calendar months; exactly 3 months overdue is "up to 3 months"."""
    if today <= add_months(due, 3):
        return BacklogBand.UP_TO_3
    if today <= add_months(due, 6):
        return BacklogBand.FROM_3_TO_6
    if today <= add_months(due, 12):
        return BacklogBand.FROM_6_TO_12
    return BacklogBand.OVER_12


def week_start(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def case_deadlines(case: _Case, basis: ReviewBasis,
                   today: date) -> list[tuple[Deadline, ReviewStage | None]]:
    """A case's statutory deadlines, with the stage of its open review: the annual review,
    the review cycle so far, and this year's phase transfer.

    Invitations and advice drop out once the meeting has been held: nothing can be done
    about them then, and the Reviews tab keeps the record of whether they were late.
    """
    found: list[tuple[Deadline, ReviewStage | None]] = []
    reviews = case.reviews
    index = _open_index(reviews)
    stage = reviews[index].stage if index is not None else None
    if index is not None:
        review = reviews[index]
        annual = annual_deadline(reviews, index, basis)
        done = met_on(review, basis)
        found.append((annual.with_done(done) if done else annual, stage))
        cycle = _cycle(review)
        if review.meeting_held_on is not None:
            cycle = [d for d in cycle if d.key not in BEFORE_MEETING]
        found += [(d, stage) for d in cycle]
    group = year_group(case.date_of_birth, today, case.year_group_override)
    transfer = _transfer(group, case.phase, today)
    if transfer is not None:
        done = phase_transfer_done(reviews, today)
        found.append((transfer.with_done(done) if done else transfer, stage))
    return found


def assessment_deadlines(record: NeedsAssessmentRecord, today: date) -> list[Deadline]:
    """An assessment's deadlines for the work list, as the Assessment tab works them out
    (`assessment_workflow.deadlines`); none when its dates contradict each other (the tab
    says what to correct). Done and disapplied ones are left to `ranked` to drop.

    A deadline whose date has passed but which `assessment_workflow.overdue` does not count
    is left out: the 16 weeks for a decision not to issue a plan (reg 10) while a plan may
    still be issued. `ranked` (and the forecast) would otherwise put it first among the
    overdue; it only binds if the council decides not to issue, and the 20-week final plan
    deadline stays on the list. Until its date passes it is listed as due like any other.
    """
    try:
        found = workflow.deadlines(record)
    except ValueError:
        return []
    counted = {id(d) for d in workflow.overdue(record, found, today)}
    return [d for d in found if not d.is_overdue(today) or id(d) in counted]


def rank_items(items: Sequence[WorkItem], today: date) -> list[WorkItem]:
    """Work items in `rules.deadlines.ranked` order, done ones left out.

    Items can share one Deadline object (the annual review rule is cached per anchor date),
    so each object maps to the list of its items, taken in turn: `ranked` is stable, so they
    keep their order. (Plain lists: a deque per item cost 120 MB at 100,000 cases.)
    """
    groups: dict[int, list[WorkItem]] = {}
    for item in reversed(items):
        groups.setdefault(id(item.deadline), []).append(item)
    return [groups[id(d)].pop() for d in ranked([i.deadline for i in items], today)]


def count_forecast(items: Iterable[WorkItem], officers: dict[uuid.UUID, str], today: date,
                   weeks: int = 4) -> list[OfficerForecast]:
    """Overdue and per-week counts for each officer in `officers` (and any other holder of
    an item, and the unallocated cases), by name, the unallocated last."""
    names: dict[uuid.UUID | None, str] = dict(officers)
    counts: dict[uuid.UUID | None, list[int]] = {oid: [0] * (weeks + 1) for oid in officers}
    for item in items:
        row = counts.get(item.officer_id)
        if row is None:
            row = counts[item.officer_id] = [0] * (weeks + 1)
            names[item.officer_id] = item.officer_name or UNALLOCATED_NAME
        if item.deadline.is_overdue(today):
            row[0] += 1
            continue
        week = item.deadline.days_left(today) // 7
        if 0 <= week < weeks:
            row[week + 1] += 1
    result = [OfficerForecast(oid, names[oid] if oid else UNALLOCATED_NAME, row[0],
                              tuple(row[1:])) for oid, row in counts.items()]
    result.sort(key=lambda f: (f.officer_id is None, f.officer_name.casefold()))
    return result


def _work_items(cases: Sequence[_Case], assessments: Iterable[NeedsAssessmentRecord],
                basis: ReviewBasis, today: date) -> list[WorkItem]:
    """The cases' deadlines and those of their assessments in progress, ranked.

    An assessment whose case is not among `cases` (another officer's) is left out.
    """
    items = [WorkItem(case.child_id, case.case_reference, case.display_name, case.officer_id,
                      case.officer_name, deadline, stage)
             for case in cases for deadline, stage in case_deadlines(case, basis, today)]
    by_child: dict[uuid.UUID, _Case] | None = None
    for record in assessments:
        if by_child is None:
            by_child = {case.child_id: case for case in cases}
        case = by_child.get(record.child_id)
        if case is not None:
            items += [WorkItem(case.child_id, case.case_reference, case.display_name,
                               case.officer_id, case.officer_name, deadline, record.stage,
                               record.kind)
                      for deadline in assessment_deadlines(record, today)]
    return rank_items(items, today)


def _backlog_rows(cases: Iterable[_Case], basis: ReviewBasis, today: date) -> list[BacklogRow]:
    """Open cases whose open review is past its annual review date and not done."""
    rows: list[BacklogRow] = []
    for case in cases:
        index = _open_index(case.reviews)
        if case.closed_on is not None or index is None \
                or met_on(case.reviews[index], basis) is not None:
            continue
        due = annual_deadline(case.reviews, index, basis).due
        if due >= today:
            continue
        group = year_group(case.date_of_birth, today, case.year_group_override)
        rows.append(BacklogRow(
            case.child_id, case.case_reference, case.display_name, case.officer_id,
            case.officer_name, due, (today - due).days, backlog_band(due, today),
            case.reviews[index].stage, group, _transfer(group, case.phase, today) is not None,
            preparing_for_adulthood(group), group >= POST16_YEAR, case.looked_after,
            case.complaint_or_tribunal))
    rows.sort(key=lambda r: (-r.days_overdue, r.display_name.casefold()))
    return rows


def _trend(cases: Iterable[_Case], basis: ReviewBasis, today: date, weeks: int) -> Trend:
    """Reviews completed each week and month, and the backlog at the end of each week.

    Worked out from the review dates already stored, open and closed cases alike: a review
    is in the backlog from the day after its annual review date until it is done (decision
    or meeting, by policy), completed, or its case closes. A review counts as completed on
    `completed_on`, or on its decision date when no completion is recorded.
    """
    starts = tuple(week_start(today) - timedelta(weeks=weeks - 1 - i) for i in range(weeks))
    months = [date(starts[0].year, starts[0].month, 1)]
    while add_months(months[-1], 1) <= today:
        months.append(add_months(months[-1], 1))
    per_week, per_month = [0] * weeks, dict.fromkeys(months, 0)
    entered: list[date] = []
    left: list[date] = []
    for case in cases:
        for index, review in enumerate(case.reviews):
            completed = review.completed_on or review.decision_on
            if completed is not None and months[0] <= completed <= today:
                per_month[date(completed.year, completed.month, 1)] += 1
                if completed >= starts[0]:
                    per_week[(completed - starts[0]).days // 7] += 1
            due = annual_deadline(case.reviews, index, basis).due
            ends = [d for d in (met_on(review, basis), review.completed_on, case.closed_on)
                    if d is not None]
            start, end = due + timedelta(days=1), min(ends, default=date.max)
            if start < end:
                entered.append(start)
                left.append(end)
    entered.sort()
    left.sort()
    backlog = []
    for start in starts:
        end = min(start + timedelta(days=6), today)  # the week so far, for this week
        backlog.append(bisect.bisect_right(entered, end) - bisect.bisect_right(left, end))
    return Trend(starts, tuple(per_week), tuple(backlog), tuple(months),
                 tuple(per_month[m] for m in months))


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = True


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while a county's rows are built.

    Hundreds of thousands of new (acyclic) records trigger collection after collection,
    each walking everything already built: about a third of the time at 100,000 cases.
    Counted, so overlapping jobs on the reader threads resume collection only when the
    last one finishes.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        _gc_pausers += 1
        if _gc_pausers == 1:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


class WorkService:
    """Deadlines, forecast, backlog, trend and bulk allocation for the signed-in officer."""

    def __init__(self, database: Database, author_id: uuid.UUID | None = None) -> None:
        self._db = database
        self.author_id = author_id

    # ----- policy --------------------------------------------------------------------
    def review_basis(self) -> ReviewBasis:
        """What counts as an annual review being done in time: the decision (default) or
        the meeting, as local policy decides (send-domain.md §0)."""
        return review_basis(self._db)

    # ----- deadlines -----------------------------------------------------------------
    def work_items(self, officer_id: uuid.UUID | None, today: date) -> list[WorkItem]:
        """Every open statutory deadline on the open cases `officer_id` holds (all cases when
        None): their annual reviews, phase transfers and assessments in progress, most
        urgent first (`rules.deadlines.ranked`)."""
        basis = self.review_basis()
        with self._db.read() as session, _gc_paused():
            return _work_items(_read_open(session, officer_id),
                               _read_assessments(session, officer_id), basis, today)

    def forecast(self, today: date, weeks: int = 4) -> list[OfficerForecast]:
        """Per active officer (and the unallocated cases): deadlines overdue and falling due
        in each of the next `weeks` weeks, week 1 being the 7 days from today."""
        return list(self.my_work(None, today, weeks).forecast)

    def my_work(self, officer_id: uuid.UUID | None, today: date, weeks: int = 4) -> MyWork:
        """The work items of `officer_id` (everyone's when None) and the forecast of the
        same officer (of every active officer when None), read and worked out once."""
        items = self.work_items(officer_id, today)
        query = select(Officer.id, Officer.display_name)
        query = query.where(Officer.active.is_(True)) if officer_id is None \
            else query.where(Officer.id == officer_id)
        with self._db.read() as session:
            officers = {row[0]: row[1] for row in session.execute(query)}
        return MyWork(tuple(items), tuple(count_forecast(items, officers, today, weeks)))

    # ----- the backlog ---------------------------------------------------------------
    def backlog(self, today: date) -> list[BacklogRow]:
        """Every open review whose annual review date has passed without the event the
        policy requires (the decision, or the meeting), most overdue first."""
        basis = self.review_basis()
        with self._db.read() as session, _gc_paused():
            return _backlog_rows(_read_open(session), basis, today)

    def trend(self, today: date, weeks: int = 26) -> Trend:
        """Reviews completed each week and month, and the backlog at the end of each week
        (see `_trend`)."""
        basis = self.review_basis()
        with self._db.read() as session, _gc_paused():
            return _trend(_read(session, ""), basis, today, weeks)

    def backlog_overview(self, today: date, weeks: int = 26) -> BacklogOverview:
        """The backlog and the trend from one reading of the database (the Backlog screen)."""
        basis = self.review_basis()
        with self._db.read() as session, _gc_paused():
            cases = _read(session, "")
            return BacklogOverview(tuple(_backlog_rows(cases, basis, today)),
                                   _trend(cases, basis, today, weeks), basis)

    # ----- allocation ----------------------------------------------------------------
    def allocate(self, child_ids: Iterable[uuid.UUID], officer_id: uuid.UUID,
                 reason: str = "Allocated from the backlog") -> int:
        """Allocate many cases to one officer in one unit of work: all or nothing.

        Each case's current allocation ends and a new one opens, with a chronology entry,
        as a single transfer does. Cases the officer already holds are left as they are.
        Returns how many cases moved. An unknown or closed case, or an inactive officer,
        stops the whole allocation with nothing changed.
        """
        wanted = list(dict.fromkeys(child_ids))
        if not wanted:
            raise ValidationError({"child_ids": "Choose at least one case to allocate."})
        today = self._db.clock.today()
        moved = 0
        with self._db.write(self.author_id) as uow:
            officer = uow.session.get(Officer, officer_id)
            if officer is None or not officer.active:
                raise ValidationError({"officer_id": "Choose an active officer."})
            children = {c.id: c for c in uow.session.scalars(
                select(Child).where(Child.id.in_(wanted)))}
            missing = [c for c in wanted if c not in children]
            if missing:
                raise NotFoundError(f"No case with id {missing[0]}; nothing was allocated.")
            for child_id in wanted:
                try:
                    moved += reallocate(uow, children[child_id], officer, today, reason,
                                        self.author_id)
                except ValidationError as exc:
                    reference = children[child_id].case_reference
                    raise ValidationError({field: f"{reference}: {message} Nothing was "
                                                  "allocated." for field, message in
                                           exc.errors.items()}) from exc
        return moved
