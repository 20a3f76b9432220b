"""ORM rows to plain records, shared by the services that read the same tables."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from caseworker_app.codes import ChronologyKind
from caseworker_app.db.tables import AnnualReview, ChronologyEntry, Officer, ReviewEvent
from caseworker_app.db.uow import Database, UnitOfWork
from caseworker_app.entities import ReviewEventRecord, ReviewRecord
from caseworker_app.rules.deadlines import ReviewBasis

REVIEW_BASIS_KEY = "policy.review_basis"


def review_basis(database: Database) -> ReviewBasis:
    """Local policy: what "reviewed within 12 months" counts to; the decision by default."""
    stored = database.get_meta(REVIEW_BASIS_KEY)
    return ReviewBasis(stored) if stored in {b.value for b in ReviewBasis} \
        else ReviewBasis.DECISION


def author_name(session: Session, author_id: uuid.UUID | None) -> str:
    """The display name stamped on chronology and review entries."""
    officer = session.get(Officer, author_id) if author_id else None
    return officer.display_name if officer else "Caseworker"


def log_case_event(uow: UnitOfWork, child_id: uuid.UUID, author_id: uuid.UUID | None,
                   summary: str, body: str = "") -> None:
    """Note something the app did to a case on its chronology."""
    uow.session.add(ChronologyEntry(
        child_id=child_id, kind=ChronologyKind.SYSTEM, occurred_at=uow.now,
        author_name=author_name(uow.session, author_id), summary=summary, body=body.strip()))


def review_record(r: AnnualReview) -> ReviewRecord:
    """An annual review and the dates of its steps."""
    return ReviewRecord(
        r.id, r.due_on, r.stage, r.meeting_on, r.invitations_sent_on, r.advice_received_on,
        r.meeting_held_on, r.report_received_on, r.decision, r.decision_on,
        r.decision_letter_sent_on, r.amendments_sent_on, r.final_issued_on, r.completed_on,
        r.representations_closed_on, r.cease_consultation_on, r.cease_notice_on, r.row_version,
    )


def review_event_record(e: ReviewEvent) -> ReviewEventRecord:
    """One recorded step or correction."""
    return ReviewEventRecord(
        e.id, e.step, e.occurred_on, e.author_name, e.created_at, e.decision, e.due_on,
        e.lateness_reason, e.note, e.corrected_from, e.correction_reason,
    )
