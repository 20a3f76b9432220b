"""Case use cases: read the caseload and a case, edit a child, contacts, chronology,
open, close and transfer cases. Every write goes through `Database.write`."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker_app.case_validation import clean_child_fields, clean_contact
from caseworker_app.codes import (
    CaseStatus,
    ChronologyKind,
    CloseReason,
    PlanVersionKind,
    ReviewStage,
)
from caseworker_app.db.tables import (
    Allocation,
    AnnualReview,
    Child,
    ChronologyEntry,
    Contact,
    EhcPlan,
    Officer,
    PlanSectionText,
    PlanVersion,
)
from caseworker_app.db.uow import Database, UnitOfWork
from caseworker_app.entities import (
    AllocationRecord,
    CaseDetail,
    CaseRow,
    ChildRecord,
    ChronologyRecord,
    ContactRecord,
    NewCase,
    OfficerRecord,
    PlanVersionRecord,
    ReviewRecord,
)
from caseworker_app.errors import NotFoundError, StaleRecordError, ValidationError
from caseworker_app.rules.deadlines import annual_review_due
from caseworker_app.services.caseload_query import load_case_row, load_caseload
from caseworker_app.services.records import (
    author_name,
    log_case_event,
    review_basis,
    review_record,
)

CHILD_EDITABLE = {
    "legal_forename", "legal_surname", "preferred_name", "date_of_birth", "sex", "upn", "uln",
    "nhs_number", "address_line1", "address_line2", "town", "postcode", "primary_need",
    "secondary_need", "looked_after", "complaint_or_tribunal", "home_language",
    "interpreter_needed",
    "year_group_override", "setting_id",
}
CONTACT_FIELDS = {
    "title", "forename", "surname", "parental_responsibility", "address_line1",
    "address_line2", "town", "postcode", "email", "phone", "letter_format", "receives_letters",
}


def reallocate(uow: UnitOfWork, child: Child, officer: Officer | None, on: date, reason: str,
               author_id: uuid.UUID | None) -> bool:
    """End a case's current allocation and open one to `officer`, noting it on the chronology.

    Shared by a single transfer and bulk allocation. Returns False, changing nothing, when
    `officer` already holds the case; raises ValidationError for a closed case or an
    officer who is not active.
    """
    if child.status == CaseStatus.CLOSED:
        raise ValidationError({"officer_id": "A closed case cannot be transferred."})
    if officer is None or not officer.active:
        raise ValidationError({"officer_id": "Choose an active officer."})
    current = uow.session.scalars(select(Allocation).where(
        Allocation.child_id == child.id, Allocation.end_on.is_(None))).first()
    if current is not None and current.officer_id == officer.id:
        return False
    if current is not None:
        current.end_on = on
        uow.session.flush()  # end the old allocation before the unique index sees a new one
    uow.session.add(Allocation(child_id=child.id, officer_id=officer.id, start_on=on,
                               reason=reason.strip() or None))
    log_case_event(uow, child.id, author_id, f"Case transferred to {officer.display_name}",
                   reason)
    return True


def first_review_due(issued_on: date) -> date:
    """A new plan is reviewed within 12 months of being made (CFA 2014 s.44(1))."""
    return annual_review_due(issued_on, anchor_is_plan=True).due


class CaseService:
    """Reads and changes cases on behalf of the signed-in officer."""

    def __init__(self, database: Database, author_id: uuid.UUID | None) -> None:
        self._db = database
        self.author_id = author_id

    # ----- reading -------------------------------------------------------------------
    def caseload(self) -> list[CaseRow]:
        """Every case (open and closed), for the caseload list."""
        basis = review_basis(self._db)
        with self._db.read() as session:
            return load_caseload(session, basis)

    def case_row(self, child_id: uuid.UUID) -> CaseRow:
        """The caseload line of one case."""
        basis = review_basis(self._db)
        with self._db.read() as session:
            row = load_case_row(session, child_id, basis)
        if row is None:
            raise NotFoundError(f"No case with id {child_id}.")
        return row

    def case_detail(self, child_id: uuid.UUID) -> CaseDetail:
        """Everything the case view shows about one child."""
        with self._db.read() as session:
            child = session.get(Child, child_id)
            if child is None:
                raise NotFoundError(f"No case with id {child_id}.")
            return CaseDetail(
                child=_child_record(child),
                contacts=tuple(_contact_record(c) for c in self._contacts(session, child_id)),
                plan_versions=self._plan_versions(session, child_id),
                reviews=self._reviews(session, child_id),
                chronology=self._chronology(session, child_id),
                allocations=self._allocations(session, child_id),
                officer=self._current_officer(session, child_id),
            )

    # ----- child record --------------------------------------------------------------
    def update_child(self, child_id: uuid.UUID, changes: dict[str, Any],
                     expected_version: int | None = None) -> CaseRow:
        """Validate and save changed fields of a child; all or nothing."""
        unknown = set(changes) - CHILD_EDITABLE
        if unknown:
            raise ValidationError({k: "This field cannot be edited here." for k in unknown})
        with self._db.write(self.author_id) as uow:
            child = self._get_child(uow.session, child_id)
            if expected_version is not None and child.row_version != expected_version:
                raise StaleRecordError(
                    "This record was changed elsewhere since you opened it. "
                    "Reload the case to see the latest version, then make your change again."
                )
            current = {k: getattr(child, k) for k in CHILD_EDITABLE}
            cleaned = clean_child_fields(changes, self._db.clock.today(), current)
            for key, value in cleaned.items():
                setattr(child, key, value)
        return self.case_row(child_id)

    def open_case(self, new: NewCase) -> CaseRow:
        """Open a case for a child: record, allocation, plan and first review if issued."""
        today = self._db.clock.today()
        required = {
            "legal_forename": new.legal_forename, "legal_surname": new.legal_surname,
            "date_of_birth": new.date_of_birth, "primary_need": new.primary_need,
            "upn": new.upn, "preferred_name": new.preferred_name,
        }
        cleaned = clean_child_fields(required, today)
        if new.plan_issued_on is not None and new.plan_issued_on > today:
            raise ValidationError({"plan_issued_on": "The plan issue date is in the future."})
        with self._db.write(self.author_id) as uow:
            child = Child(
                case_reference=self._next_reference(uow.session), sex=new.sex,
                setting_id=new.setting_id, status=CaseStatus.OPEN, looked_after=False,
                interpreter_needed=False, home_language="English", **cleaned,
            )
            uow.session.add(child)
            uow.session.flush()
            if new.officer_id is not None:
                uow.session.add(Allocation(child_id=child.id, officer_id=new.officer_id,
                                           start_on=today, reason="Case opened"))
            if new.plan_issued_on is not None:
                self._add_issued_plan(uow, child.id, new.plan_issued_on)
            self._log(uow, child.id, "Case opened", "")
            child_id = child.id
        return self.case_row(child_id)

    def close_case(self, child_id: uuid.UUID, reason: CloseReason, on: date,
                   note: str = "") -> CaseRow:
        """Close a case (the plan ceases), ending its allocation; the record is kept."""
        if on > self._db.clock.today():
            raise ValidationError({"closed_on": "A case cannot be closed on a future date."})
        with self._db.write(self.author_id) as uow:
            child = self._get_child(uow.session, child_id)
            if child.status == CaseStatus.CLOSED:
                raise ValidationError({"status": "This case is already closed."})
            child.status, child.closed_on, child.close_reason = CaseStatus.CLOSED, on, reason
            for alloc in uow.session.scalars(select(Allocation).where(
                    Allocation.child_id == child_id, Allocation.end_on.is_(None))):
                alloc.end_on = max(on, alloc.start_on)
            self._log(uow, child_id, f"Case closed: {reason.label}", note)
        return self.case_row(child_id)

    def reopen_case(self, child_id: uuid.UUID, note: str = "") -> CaseRow:
        """Reopen a closed case (for example, closed in error); it stays unallocated."""
        with self._db.write(self.author_id) as uow:
            child = self._get_child(uow.session, child_id)
            if child.status == CaseStatus.OPEN:
                raise ValidationError({"status": "This case is already open."})
            child.status, child.closed_on, child.close_reason = CaseStatus.OPEN, None, None
            self._log(uow, child_id, "Case reopened", note)
        return self.case_row(child_id)

    def transfer_case(self, child_id: uuid.UUID, officer_id: uuid.UUID, reason: str,
                      on: date | None = None) -> CaseRow:
        """Allocate a case to another officer, keeping the allocation history."""
        on = on or self._db.clock.today()
        with self._db.write(self.author_id) as uow:
            child = self._get_child(uow.session, child_id)
            officer = uow.session.get(Officer, officer_id)
            if not reallocate(uow, child, officer, on, reason, self.author_id):
                raise ValidationError({"officer_id": f"{officer.display_name} already holds it."})
        return self.case_row(child_id)

    # ----- contacts ------------------------------------------------------------------
    def save_contact(self, child_id: uuid.UUID, contact: ContactRecord) -> ContactRecord:
        """Add a contact (id None) or update one; validated as a whole."""
        fields = {k: v for k, v in asdict(contact).items() if k in CONTACT_FIELDS}
        fields = clean_contact(fields)
        with self._db.write(self.author_id) as uow:
            self._get_child(uow.session, child_id)
            if contact.id is None:
                row = Contact(child_id=child_id, relationship_to_child=contact.relationship,
                              **fields)
                uow.session.add(row)
                self._log(uow, child_id, f"Contact added: {contact.display_name}", "")
            else:
                row = uow.session.get(Contact, contact.id)
                if row is None or row.child_id != child_id or row.removed:
                    raise NotFoundError("That contact no longer exists.")
                row.relationship_to_child = contact.relationship
                for key, value in fields.items():
                    setattr(row, key, value)
            uow.session.flush()
            return _contact_record(row)

    def remove_contact(self, child_id: uuid.UUID, contact_id: uuid.UUID) -> None:
        """Remove a contact from the case (kept in history, no longer shown or written to)."""
        with self._db.write(self.author_id) as uow:
            row = uow.session.get(Contact, contact_id)
            if row is None or row.child_id != child_id:
                raise NotFoundError("That contact no longer exists.")
            row.removed = True
            name = " ".join(p for p in (row.forename, row.surname) if p)
            self._log(uow, child_id, f"Contact removed: {name}", "")

    # ----- chronology ----------------------------------------------------------------
    def add_chronology(self, child_id: uuid.UUID, kind: ChronologyKind, occurred_at: datetime,
                       summary: str, body: str = "") -> ChronologyRecord:
        """Record a call, e-mail, meeting, note or letter on the case."""
        errors = {}
        if not summary.strip():
            errors["summary"] = "Give the entry a short summary."
        if occurred_at.date() > self._db.clock.today():
            errors["occurred_at"] = "A chronology entry cannot be in the future."
        if errors:
            raise ValidationError(errors)
        with self._db.write(self.author_id) as uow:
            self._get_child(uow.session, child_id)
            entry = ChronologyEntry(child_id=child_id, kind=kind, occurred_at=occurred_at,
                                    author_name=self._author_name(uow.session),
                                    summary=summary.strip()[:200], body=body.strip())
            uow.session.add(entry)
            uow.session.flush()
            return _chronology_record(entry)

    # ----- helpers -------------------------------------------------------------------
    def _get_child(self, session: Session, child_id: uuid.UUID) -> Child:
        child = session.get(Child, child_id)
        if child is None:
            raise NotFoundError(f"No case with id {child_id}.")
        return child

    def _author_name(self, session: Session) -> str:
        return author_name(session, self.author_id)

    def _log(self, uow: UnitOfWork, child_id: uuid.UUID, summary: str, body: str) -> None:
        log_case_event(uow, child_id, self.author_id, summary, body)

    def _next_reference(self, session: Session) -> str:
        count = session.execute(select(func.count()).select_from(Child)).scalar_one()
        candidate = count + 1
        while session.execute(select(Child.id).where(
                Child.case_reference == f"EHC{candidate:06d}")).first():
            candidate += 1
        return f"EHC{candidate:06d}"

    def _add_issued_plan(self, uow: UnitOfWork, child_id: uuid.UUID, issued_on: date) -> None:
        plan = EhcPlan(child_id=child_id, first_issued_on=issued_on)
        uow.session.add(plan)
        uow.session.flush()
        uow.session.add(PlanVersion(plan_id=plan.id, number=1, kind=PlanVersionKind.FINAL,
                                    issued_on=issued_on))
        uow.session.add(AnnualReview(child_id=child_id, plan_id=plan.id,
                                     due_on=first_review_due(issued_on), stage=ReviewStage.DUE))

    @staticmethod
    def _contacts(session: Session, child_id: uuid.UUID) -> list[Contact]:
        return list(session.scalars(select(Contact).where(
            Contact.child_id == child_id, Contact.removed.is_(False)).order_by(Contact.created_at)))

    @staticmethod
    def _plan_versions(session: Session, child_id: uuid.UUID) -> tuple[PlanVersionRecord, ...]:
        versions = session.execute(
            select(PlanVersion).join(EhcPlan, EhcPlan.id == PlanVersion.plan_id)
            .where(EhcPlan.child_id == child_id).order_by(PlanVersion.number.desc())
        ).scalars().all()
        texts: dict[uuid.UUID, dict] = {v.id: {} for v in versions}
        if versions:
            for sec in session.scalars(select(PlanSectionText).where(
                    PlanSectionText.version_id.in_(list(texts)))):
                texts[sec.version_id][sec.section] = sec.body
        return tuple(PlanVersionRecord(v.id, v.number, v.kind, v.issued_on, texts[v.id])
                     for v in versions)

    @staticmethod
    def _reviews(session: Session, child_id: uuid.UUID) -> tuple[ReviewRecord, ...]:
        rows = session.scalars(select(AnnualReview).where(AnnualReview.child_id == child_id)
                               .order_by(AnnualReview.due_on.desc()))
        return tuple(review_record(r) for r in rows)

    @staticmethod
    def _chronology(session: Session, child_id: uuid.UUID) -> tuple[ChronologyRecord, ...]:
        rows = session.scalars(select(ChronologyEntry).where(ChronologyEntry.child_id == child_id)
                               .order_by(ChronologyEntry.occurred_at.desc()))
        return tuple(_chronology_record(e) for e in rows)

    @staticmethod
    def _allocations(session: Session, child_id: uuid.UUID) -> tuple[AllocationRecord, ...]:
        rows = session.execute(
            select(Officer.display_name, Allocation.start_on, Allocation.end_on, Allocation.reason)
            .join(Officer, Officer.id == Allocation.officer_id)
            .where(Allocation.child_id == child_id)
            .order_by(Allocation.end_on.is_(None).desc(), Allocation.start_on.desc(),
                      Allocation.id.desc())
        )
        return tuple(AllocationRecord(*r) for r in rows)

    @staticmethod
    def _current_officer(session: Session, child_id: uuid.UUID) -> OfficerRecord | None:
        officer = session.scalars(
            select(Officer).join(Allocation, Allocation.officer_id == Officer.id)
            .where(Allocation.child_id == child_id, Allocation.end_on.is_(None))).first()
        if officer is None:
            return None
        return OfficerRecord(officer.id, officer.display_name, officer.role, officer.email,
                             officer.active)


def _child_record(c: Child) -> ChildRecord:
    setting = c.setting
    return ChildRecord(
        c.id, c.case_reference, c.legal_forename, c.legal_surname, c.preferred_name,
        c.date_of_birth, c.sex, c.upn, c.uln, c.nhs_number, c.address_line1, c.address_line2,
        c.town, c.postcode, c.primary_need, c.secondary_need, c.looked_after, c.home_language,
        c.interpreter_needed, c.year_group_override, c.setting_id,
        setting.name if setting else None, setting.phase if setting else None,
        c.status, c.closed_on, c.close_reason, c.row_version, c.complaint_or_tribunal,
    )


def _contact_record(c: Contact) -> ContactRecord:
    return ContactRecord(
        c.id, c.title, c.forename, c.surname, c.relationship_to_child,
        c.parental_responsibility, c.address_line1, c.address_line2, c.town, c.postcode,
        c.email, c.phone, c.letter_format, c.receives_letters,
    )


def _chronology_record(e: ChronologyEntry) -> ChronologyRecord:
    return ChronologyRecord(e.id, e.kind, e.occurred_at, e.author_name, e.summary, e.body)
