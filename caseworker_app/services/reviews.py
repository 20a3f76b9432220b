"""Annual review use cases: record each step, correct a date, decide many at once.

Every move is checked by `caseworker_app.review_workflow` before anything is written, and
each step or correction is kept as a `ReviewEvent` (who, when, how late and why), so the
history of every date survives corrections and travels with sync.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker_app import review_workflow as workflow
from caseworker_app.codes import (
    CaseStatus,
    LatenessReason,
    OfficerRole,
    ReviewDecision,
    ReviewStage,
)
from caseworker_app.db.tables import (
    Allocation,
    AnnualReview,
    AppMeta,
    Child,
    EhcPlan,
    Officer,
    ReviewEvent,
)
from caseworker_app.db.uow import Database, UnitOfWork
from caseworker_app.entities import ReviewEventRecord, ReviewRecord
from caseworker_app.errors import NotFoundError, StaleRecordError, ValidationError
from caseworker_app.rules.deadlines import Deadline, ReviewBasis, annual_review_due
from caseworker_app.services.records import (
    REVIEW_BASIS_KEY,
    author_name,
    log_case_event,
    review_basis,
    review_event_record,
    review_record,
)


@dataclass(frozen=True, slots=True)
class ReviewDetail:
    """One review as the review screen shows it: dates, history, deadlines, next move."""

    child_id: uuid.UUID
    review: ReviewRecord
    events: tuple[ReviewEventRecord, ...]
    deadlines: tuple[Deadline, ...]
    next_step: ReviewStage | None
    basis: ReviewBasis
    case_open: bool


@dataclass(frozen=True, slots=True)
class AwaitingDecision:
    """A review whose meeting is held and report received: ready for a decision."""

    review_id: uuid.UUID
    child_id: uuid.UUID
    case_reference: str
    name: str
    officer_name: str | None
    meeting_held_on: date
    report_received_on: date
    decision_due: date  # the earlier of 4 weeks from the meeting and, under the decision
    # basis, the annual review's own due date


def _d(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class ReviewService:
    """Reads and moves annual reviews on behalf of the signed-in officer."""

    def __init__(self, database: Database, author_id: uuid.UUID | None) -> None:
        self._db = database
        self.author_id = author_id

    # ----- policy --------------------------------------------------------------------
    def basis(self) -> ReviewBasis:
        """What "reviewed within 12 months" is counted to: the decision unless set otherwise."""
        return review_basis(self._db)

    def set_basis(self, basis: ReviewBasis) -> int:
        """Local policy: count the annual review to the decision or to the meeting.

        Only a lead annual review officer may change it. Every open review's due date is
        worked out again from its anchor under the new basis (12 months from the last
        review's decision or meeting, else from the plan), in the same transaction, so the
        caseload, My work and the backlog agree. Returns how many due dates moved.
        """
        basis = ReviewBasis(basis)
        with self._db.write(self.author_id) as uow:
            session = uow.session
            author = session.get(Officer, self.author_id) if self.author_id else None
            if author is None or author.role != OfficerRole.LEAD:
                raise ValidationError({"basis": "Only a lead annual review officer can change "
                                                "when a review counts as done."})
            meta = session.get(AppMeta, REVIEW_BASIS_KEY)
            if meta is None:
                session.add(AppMeta(key=REVIEW_BASIS_KEY, value=basis.value))
            else:
                meta.value = basis.value
            last: dict[uuid.UUID, date] = {}
            for child_id, decided, held, completed in session.execute(
                    select(AnnualReview.child_id, AnnualReview.decision_on,
                           AnnualReview.meeting_held_on, AnnualReview.completed_on)
                    .where(AnnualReview.completed_on.is_not(None))
                    .order_by(AnnualReview.completed_on)):
                chosen = decided if basis == ReviewBasis.DECISION else held
                last[child_id] = chosen or completed
            issued = dict(session.execute(select(EhcPlan.id, EhcPlan.first_issued_on)).all())
            moved = 0
            for row in session.scalars(select(AnnualReview)
                                       .where(AnnualReview.completed_on.is_(None))):
                if row.child_id in last:
                    due = annual_review_due(last[row.child_id], False, basis).due
                elif issued.get(row.plan_id) is not None:
                    due = annual_review_due(issued[row.plan_id], True, basis).due
                else:
                    continue
                if due != row.due_on:
                    row.due_on = due
                    moved += 1
        return moved

    # ----- reading -------------------------------------------------------------------
    def review_detail(self, review_id: uuid.UUID) -> ReviewDetail:
        """A review with its history, deadlines and the move that may come next."""
        basis = self.basis()
        with self._db.read() as session:
            row = self._get(session, review_id)
            return self._detail(session, row, basis)

    def open_review(self, child_id: uuid.UUID) -> ReviewDetail | None:
        """The case's review in progress, if it has one."""
        basis = self.basis()
        with self._db.read() as session:
            row = session.scalars(select(AnnualReview).where(
                AnnualReview.child_id == child_id, AnnualReview.completed_on.is_(None))).first()
            return self._detail(session, row, basis) if row else None

    def awaiting_decision(self) -> list[AwaitingDecision]:
        """Open reviews with the meeting held and report received, oldest meeting first."""
        with self._db.read() as session:
            rows = session.execute(
                select(AnnualReview, Child.case_reference, Child.legal_surname,
                       Child.legal_forename, Officer.display_name)
                .join(Child, Child.id == AnnualReview.child_id)
                .outerjoin(Allocation, (Allocation.child_id == Child.id)
                           & Allocation.end_on.is_(None))
                .outerjoin(Officer, Officer.id == Allocation.officer_id)
                .where(AnnualReview.stage == ReviewStage.REPORT_RECEIVED,
                       AnnualReview.completed_on.is_(None), Child.status == CaseStatus.OPEN)
                .order_by(AnnualReview.meeting_held_on, Child.legal_surname)).all()
            records = [(review_record(r), r.child_id, *rest) for r, *rest in rows]
        counted_to_decision = self.basis() == ReviewBasis.DECISION
        found = []
        for record, child_id, ref, surname, forename, officer in records:
            deadline = workflow.deadline_for(record, ReviewStage.DECISION_MADE,
                                             record.meeting_held_on)
            due = deadline.due if deadline else record.due_on
            if counted_to_decision:  # an overdue annual review makes the decision late too
                due = min(due, record.due_on)
            found.append(AwaitingDecision(
                record.id, child_id, ref, f"{surname}, {forename}", officer,
                record.meeting_held_on, record.report_received_on, due))
        return found

    # ----- writing -------------------------------------------------------------------
    def record_step(self, review_id: uuid.UUID, step: ReviewStage, on: date | None, *,
                    decision: ReviewDecision | None = None,
                    lateness_reason: LatenessReason | None = None, note: str = "",
                    expected_version: int | None = None) -> ReviewDetail:
        """Record the next step of a review; refused with a reason if it may not be."""
        basis = self.basis()
        today = self._db.clock.today()
        with self._db.write(self.author_id) as uow:
            row = self._get(uow.session, review_id)
            if expected_version is not None and row.row_version != expected_version:
                raise StaleRecordError("This review was changed elsewhere; reload it first.")
            self._apply_step(uow, row, step, on, today, basis, decision=decision,
                             lateness_reason=lateness_reason, note=note)
            uow.session.flush()
            return self._detail(uow.session, row, basis)

    def correct_step(self, review_id: uuid.UUID, step: ReviewStage, new_on: date | None,
                     reason: str) -> ReviewDetail:
        """Put right a wrongly recorded date; the old date stays in the history."""
        basis = self.basis()
        with self._db.write(self.author_id) as uow:
            row = self._get(uow.session, review_id)
            record = review_record(row)
            workflow.check_correction(record, step, new_on, reason, self._db.clock.today())
            old = workflow.step_date(record, step)
            setattr(row, workflow.DATE_FIELD[step], new_on)
            uow.session.add(ReviewEvent(
                review_id=row.id, step=step, occurred_on=new_on,
                author_name=author_name(uow.session, self.author_id), note="",
                corrected_from=old, correction_reason=reason.strip()))
            log_case_event(uow, row.child_id, self.author_id,
                           f"Annual review: {step.label.lower()} corrected from {_d(old)} "
                           f"to {_d(new_on)}", reason)
            uow.session.flush()
            return self._detail(uow.session, row, basis)

    def bulk_maintain(self, review_ids: Sequence[uuid.UUID], decided_on: date | None, *,
                      lateness_reason: LatenessReason | None = None, note: str = "") -> int:
        """Record "maintain without changes" on many reviews in one go, or on none.

        Each review must have its meeting held and report received. If any is refused,
        nothing is saved and the message names every case and why.
        """
        if not review_ids:
            raise ValidationError({"reviews": "Select at least one review."})
        basis = self.basis()
        today = self._db.clock.today()
        refused: list[str] = []
        with self._db.write(self.author_id) as uow:
            for review_id in review_ids:
                row = self._get(uow.session, review_id)
                try:
                    self._apply_step(uow, row, ReviewStage.DECISION_MADE, decided_on, today,
                                     basis, decision=ReviewDecision.MAINTAIN,
                                     lateness_reason=lateness_reason, note=note)
                except ValidationError as exc:
                    child = uow.session.get(Child, row.child_id)
                    reasons = " ".join(exc.errors.values())
                    refused.append(f"{child.case_reference} {child.legal_forename} "
                                   f"{child.legal_surname}: {reasons}")
            if refused:
                raise ValidationError({"reviews": (
                    f"Nothing was recorded: {len(refused)} of {len(review_ids)} could not be "
                    "decided.\n" + "\n".join(refused))})
        return len(review_ids)

    # ----- helpers -------------------------------------------------------------------
    def _apply_step(self, uow: UnitOfWork, row: AnnualReview, step: ReviewStage,
                    on: date | None, today: date, basis: ReviewBasis, *,
                    decision: ReviewDecision | None, lateness_reason: LatenessReason | None,
                    note: str) -> None:
        child = uow.session.get(Child, row.child_id)
        record = review_record(row)
        check = workflow.check_step(record, step, on, today, decision=decision,
                                    case_open=child.status == CaseStatus.OPEN)
        counted_to = (ReviewStage.DECISION_MADE if basis == ReviewBasis.DECISION
                      else ReviewStage.MEETING_HELD)
        if step == counted_to and not check.late:
            # the step the 12 months count to is late if the annual review is overdue
            annual = self._annual_deadline(uow.session, row, basis)
            if on > annual.due:
                check = workflow.StepCheck(annual, True)
        if check.late and lateness_reason is None:
            raise ValidationError({"lateness_reason": (
                f"This is late: it was due by {_d(check.deadline.due)} "
                f"({check.deadline.citation}). Choose why.")})
        if check.late and lateness_reason == LatenessReason.OTHER and not note.strip():
            raise ValidationError({"note": "Say what the other reason for lateness was."})
        setattr(row, workflow.DATE_FIELD[step], on)
        row.stage = step
        if step == ReviewStage.DECISION_MADE:
            row.decision = decision
        uow.session.add(ReviewEvent(
            review_id=row.id, step=step, occurred_on=on,
            author_name=author_name(uow.session, self.author_id),
            decision=decision if step == ReviewStage.DECISION_MADE else None,
            due_on=check.deadline.due if check.deadline else None,
            lateness_reason=lateness_reason if check.late else None, note=note.strip()))
        label = f"{step.label}: {decision.label}" if decision and \
            step == ReviewStage.DECISION_MADE else step.label
        late = f" (late: {lateness_reason.label})" if check.late and lateness_reason else ""
        log_case_event(uow, row.child_id, self.author_id,
                       f"Annual review: {label.lower()} on {_d(on)}{late}", note)
        if step == ReviewStage.COMPLETE and row.decision != ReviewDecision.CEASE:
            self._open_next(uow, row, basis)

    def _open_next(self, uow: UnitOfWork, row: AnnualReview, basis: ReviewBasis) -> None:
        """The next review is due within 12 months of this one (CFA 2014 s.44(1))."""
        anchor = row.decision_on if basis == ReviewBasis.DECISION else row.meeting_held_on
        due = annual_review_due(anchor or row.completed_on, False, basis)
        uow.session.flush()  # the completed review leaves the "one open review" index first
        uow.session.add(AnnualReview(child_id=row.child_id, plan_id=row.plan_id,
                                     due_on=due.due, stage=ReviewStage.DUE))

    def _annual_deadline(self, session: Session, row: AnnualReview,
                         basis: ReviewBasis) -> Deadline:
        anchor_on, is_plan = self._anchor(session, row, basis)
        return annual_review_due(anchor_on, is_plan, basis)

    @staticmethod
    def _anchor(session: Session, row: AnnualReview, basis: ReviewBasis) -> tuple[date, bool]:
        """What this review's 12 months count from: the last review, else the plan."""
        previous = session.scalars(select(AnnualReview).where(
            AnnualReview.child_id == row.child_id, AnnualReview.completed_on.is_not(None),
            AnnualReview.id != row.id).order_by(AnnualReview.completed_on.desc())).first()
        if previous is not None:
            anchor = previous.decision_on if basis == ReviewBasis.DECISION \
                else previous.meeting_held_on
            return anchor or previous.completed_on, False
        plan = session.get(EhcPlan, row.plan_id) if row.plan_id else None
        if plan is not None and plan.first_issued_on is not None:
            return plan.first_issued_on, True
        # no history and no plan date: the anchor that gives the stored due date
        return row.due_on + timedelta(days=1) - relativedelta(years=1), True

    def _detail(self, session: Session, row: AnnualReview, basis: ReviewBasis) -> ReviewDetail:
        record = review_record(row)
        events = session.scalars(select(ReviewEvent).where(ReviewEvent.review_id == row.id)
                                 .order_by(ReviewEvent.created_at, ReviewEvent.id))
        anchor_on, is_plan = self._anchor(session, row, basis)
        child = session.get(Child, row.child_id)
        return ReviewDetail(
            child_id=row.child_id, review=record,
            events=tuple(review_event_record(e) for e in events),
            deadlines=tuple(workflow.deadlines(record, anchor_on, is_plan, basis)),
            next_step=workflow.next_step(record), basis=basis,
            case_open=child.status == CaseStatus.OPEN)

    @staticmethod
    def _get(session: Session, review_id: uuid.UUID) -> AnnualReview:
        row = session.get(AnnualReview, review_id)
        if row is None:
            raise NotFoundError("That review no longer exists.")
        return row
