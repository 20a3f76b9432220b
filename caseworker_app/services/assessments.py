"""EHC needs assessment use cases: start one, record each step, correct a date, exceptions.

Every move is checked by `caseworker_app.assessment_workflow` before anything is written,
and each step, correction and exception is kept as an `AssessmentEvent` (who, when, how late
and why), so the history of every date survives corrections and travels with sync. Each
change is also noted on the case's chronology.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker_app import assessment_workflow as workflow
from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentEventKind,
    AssessmentKind,
    AssessmentRequester,
    AssessmentStage,
    CaseStatus,
    LatenessReason,
)
from caseworker_app.db.tables import AssessmentEvent, Child, EhcPlan, NeedsAssessment
from caseworker_app.db.uow import Database, UnitOfWork
from caseworker_app.entities import AssessmentEventRecord, NeedsAssessmentRecord
from caseworker_app.errors import NotFoundError, StaleRecordError, ValidationError
from caseworker_app.rules.calendar import long_date
from caseworker_app.rules.deadlines import AssessmentException, Deadline
from caseworker_app.services.records import author_name, log_case_event


@dataclass(frozen=True, slots=True)
class AssessmentDetail:
    """One assessment as the Assessment tab shows it: dates, history, deadlines, next moves."""

    assessment: NeedsAssessmentRecord
    events: tuple[AssessmentEventRecord, ...]
    deadlines: tuple[Deadline, ...]
    next_steps: tuple[AssessmentStage, ...]
    case_open: bool


@dataclass(frozen=True, slots=True)
class CaseAssessments:
    """A case's assessments, newest request first, and what decides which may be started."""

    child_id: uuid.UUID
    assessments: tuple[NeedsAssessmentRecord, ...]
    case_open: bool
    plan_issued_on: date | None  # the case's first plan, if it has one: it may be reassessed

    @property
    def in_progress(self) -> NeedsAssessmentRecord | None:
        """The assessment without an outcome yet, if any (there is at most one)."""
        return next((a for a in self.assessments if a.outcome is None), None)


def assessment_record(row: NeedsAssessment) -> NeedsAssessmentRecord:
    """An assessment and the dates of its steps."""
    return NeedsAssessmentRecord(
        row.id, row.child_id, row.kind, row.requested_by, row.request_received_on, row.stage,
        row.decision, row.decision_on, row.advice_requested_on, row.advice_received_on,
        row.not_to_issue_on, row.draft_sent_on, row.final_issued_on, row.exception,
        row.exception_reason, row.outcome, row.row_version)


def assessment_event_record(e: AssessmentEvent) -> AssessmentEventRecord:
    """One entry of an assessment's history."""
    return AssessmentEventRecord(
        e.id, e.event, e.step, e.occurred_on, e.author_name, e.created_at, e.decision,
        e.due_on, e.lateness_reason, e.note, e.corrected_from, e.reason, e.exception)


class AssessmentService:
    """Reads and moves EHC needs assessments on behalf of the signed-in officer."""

    def __init__(self, database: Database, author_id: uuid.UUID | None) -> None:
        self._db = database
        self.author_id = author_id

    # ----- reading -------------------------------------------------------------------
    def case_assessments(self, child_id: uuid.UUID) -> CaseAssessments:
        """Every assessment of a case, the newest request first."""
        with self._db.read() as session:
            child = self._child(session, child_id)
            rows = session.scalars(
                select(NeedsAssessment).where(NeedsAssessment.child_id == child_id)
                .order_by(NeedsAssessment.request_received_on.desc(),
                          NeedsAssessment.created_at.desc()))
            return CaseAssessments(child_id, tuple(assessment_record(r) for r in rows),
                                   child.status == CaseStatus.OPEN,
                                   self._plan_issued_on(session, child_id))

    def assessment_detail(self, assessment_id: uuid.UUID) -> AssessmentDetail:
        """An assessment with its history, deadlines and the moves that may come next."""
        with self._db.read() as session:
            return self._detail(session, self._get(session, assessment_id))

    # ----- writing -------------------------------------------------------------------
    def start_assessment(self, child_id: uuid.UUID, kind: AssessmentKind | None,
                         received_on: date | None,
                         requested_by: AssessmentRequester | None, *,
                         note: str = "") -> AssessmentDetail:
        """Record a request for an assessment or reassessment; its deadlines start from it."""
        with self._db.write(self.author_id) as uow:
            session = uow.session
            child = self._child(session, child_id)
            in_progress = session.scalars(select(NeedsAssessment).where(
                NeedsAssessment.child_id == child_id, NeedsAssessment.outcome.is_(None))).first()
            workflow.check_start(
                kind, received_on, requested_by, self._db.clock.today(),
                case_open=child.status == CaseStatus.OPEN,
                in_progress=assessment_record(in_progress) if in_progress else None,
                plan_issued_on=self._plan_issued_on(session, child_id))
            row = NeedsAssessment(child_id=child_id, kind=kind, requested_by=requested_by,
                                  request_received_on=received_on,
                                  stage=AssessmentStage.REQUESTED)
            session.add(row)
            session.flush()
            session.add(AssessmentEvent(
                assessment_id=row.id, event=AssessmentEventKind.STEP,
                step=AssessmentStage.REQUESTED, occurred_on=received_on,
                author_name=author_name(session, self.author_id), note=note.strip()))
            log_case_event(uow, child_id, self.author_id,
                           f"{workflow.kind_title(kind)} requested by "
                           f"{workflow.requester_phrase(requested_by)}: received "
                           f"{long_date(received_on)}", note)
            session.flush()
            return self._detail(session, row)

    def record_step(self, assessment_id: uuid.UUID, step: AssessmentStage, on: date | None, *,
                    decision: AssessmentDecision | None = None,
                    lateness_reason: LatenessReason | None = None, note: str = "",
                    expected_version: int | None = None) -> AssessmentDetail:
        """Record the next step of an assessment; refused with a reason if it may not be."""
        with self._db.write(self.author_id) as uow:
            row = self._get(uow.session, assessment_id)
            if expected_version is not None and row.row_version != expected_version:
                raise StaleRecordError("This assessment was changed elsewhere; reload it first.")
            child = self._child(uow.session, row.child_id)
            record = assessment_record(row)
            check = workflow.check_step(record, step, on, self._db.clock.today(),
                                        decision=decision,
                                        case_open=child.status == CaseStatus.OPEN)
            if check.late and lateness_reason is None:
                raise ValidationError({"lateness_reason": (
                    f"This is late: it was due by {long_date(check.deadline.due)} "
                    f"({check.deadline.citation}). Choose why.")})
            if check.late and lateness_reason == LatenessReason.OTHER and not note.strip():
                raise ValidationError({"note": "Say what the other reason for lateness was."})
            setattr(row, workflow.DATE_FIELD[step], on)
            row.stage = step
            if step == AssessmentStage.DECISION:
                row.decision = decision
            row.outcome = workflow.outcome_of(assessment_record(row))
            uow.session.add(AssessmentEvent(
                assessment_id=row.id, event=AssessmentEventKind.STEP, step=step, occurred_on=on,
                author_name=author_name(uow.session, self.author_id),
                decision=decision if step == AssessmentStage.DECISION else None,
                due_on=check.deadline.due if check.deadline else None,
                lateness_reason=lateness_reason if check.late else None, note=note.strip()))
            label = workflow.step_label(row.kind, step)
            if step == AssessmentStage.DECISION:
                label += f": {workflow.decision_label(row.kind, decision)}"
            late = f" (late: {lateness_reason.label})" if check.late else ""
            log_case_event(uow, row.child_id, self.author_id,
                           f"{workflow.kind_title(row.kind)}: {label.lower()} on "
                           f"{long_date(on)}{late}", note)
            uow.session.flush()
            return self._detail(uow.session, row)

    def correct_step(self, assessment_id: uuid.UUID, step: AssessmentStage,
                     new_on: date | None, reason: str) -> AssessmentDetail:
        """Put right a wrongly recorded date; the old date stays in the history."""
        with self._db.write(self.author_id) as uow:
            row = self._get(uow.session, assessment_id)
            child = self._child(uow.session, row.child_id)
            record = assessment_record(row)
            workflow.check_correction(record, step, new_on, reason, self._db.clock.today(),
                                      case_open=child.status == CaseStatus.OPEN)
            old = workflow.step_date(record, step)
            setattr(row, workflow.DATE_FIELD[step], new_on)
            uow.session.add(AssessmentEvent(
                assessment_id=row.id, event=AssessmentEventKind.CORRECTION, step=step,
                occurred_on=new_on, author_name=author_name(uow.session, self.author_id),
                corrected_from=old, reason=reason.strip()))
            log_case_event(uow, row.child_id, self.author_id,
                           f"{workflow.kind_title(row.kind)}: "
                           f"{workflow.step_label(row.kind, step).lower()} corrected from "
                           f"{long_date(old)} to {long_date(new_on)}", reason)
            uow.session.flush()
            return self._detail(uow.session, row)

    def record_exception(self, assessment_id: uuid.UUID, exception: AssessmentException | None,
                         reason: str) -> AssessmentDetail:
        """Record that an exception makes the time limits impractical (reg 5(4), 10(4),
        13(3)); they are then shown as disapplied, never overdue. A reason is required."""
        with self._db.write(self.author_id) as uow:
            row = self._get(uow.session, assessment_id)
            child = self._child(uow.session, row.child_id)
            workflow.check_exception(assessment_record(row), exception, reason,
                                     case_open=child.status == CaseStatus.OPEN)
            row.exception, row.exception_reason = exception, reason.strip()
            self._exception_event(uow, row, AssessmentEventKind.EXCEPTION, exception, reason,
                                  f"exception recorded: {exception.label}")
            return self._detail(uow.session, row)

    def remove_exception(self, assessment_id: uuid.UUID, reason: str) -> AssessmentDetail:
        """The exception no longer applies: the time limits count again. A reason is required."""
        with self._db.write(self.author_id) as uow:
            row = self._get(uow.session, assessment_id)
            child = self._child(uow.session, row.child_id)
            workflow.check_exception_removal(assessment_record(row), reason,
                                             case_open=child.status == CaseStatus.OPEN)
            removed = row.exception
            row.exception, row.exception_reason = None, None
            self._exception_event(uow, row, AssessmentEventKind.EXCEPTION_REMOVED, removed,
                                  reason, f"exception removed: {removed.label}")
            return self._detail(uow.session, row)

    # ----- helpers -------------------------------------------------------------------
    def _exception_event(self, uow: UnitOfWork, row: NeedsAssessment,
                         event: AssessmentEventKind, exception: AssessmentException,
                         reason: str, summary: str) -> None:
        uow.session.add(AssessmentEvent(
            assessment_id=row.id, event=event, occurred_on=self._db.clock.today(),
            author_name=author_name(uow.session, self.author_id), exception=exception,
            reason=reason.strip()))
        log_case_event(uow, row.child_id, self.author_id,
                       f"{workflow.kind_title(row.kind)}: {summary}", reason)
        uow.session.flush()

    def _detail(self, session: Session, row: NeedsAssessment) -> AssessmentDetail:
        record = assessment_record(row)
        events = session.scalars(
            select(AssessmentEvent).where(AssessmentEvent.assessment_id == row.id)
            .order_by(AssessmentEvent.created_at, AssessmentEvent.id))
        child = session.get(Child, row.child_id)
        return AssessmentDetail(
            assessment=record, events=tuple(assessment_event_record(e) for e in events),
            deadlines=tuple(workflow.deadlines(record)),
            next_steps=workflow.next_steps(record),
            case_open=child.status == CaseStatus.OPEN)

    @staticmethod
    def _plan_issued_on(session: Session, child_id: uuid.UUID) -> date | None:
        return session.execute(select(func.min(EhcPlan.first_issued_on))
                               .where(EhcPlan.child_id == child_id)).scalar()

    @staticmethod
    def _child(session: Session, child_id: uuid.UUID) -> Child:
        child = session.get(Child, child_id)
        if child is None:
            raise NotFoundError("That case no longer exists.")
        return child

    @staticmethod
    def _get(session: Session, assessment_id: uuid.UUID) -> NeedsAssessment:
        row = session.get(NeedsAssessment, assessment_id)
        if row is None:
            raise NotFoundError("That assessment no longer exists.")
        return row
