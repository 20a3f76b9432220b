"""ORM tables: children and young people, contacts, settings, plans, reviews, chronology.

Every synced table uses `SyncedMixin` (UUID key, stamps, author, row version). The change
log (`change_batch`, `field_op`, `field_state`) is what sync exchanges; the other sync tables
and `app_meta` are local and never leave this database.
Coded columns store the short value of a `caseworker_app.codes` enum.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentEventKind,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentRequester,
    AssessmentStage,
    CaseStatus,
    ChronologyKind,
    CloseReason,
    Coded,
    LatenessReason,
    LetterFormat,
    Need,
    OfficerRole,
    Phase,
    PlanSection,
    PlanVersionKind,
    Relationship,
    ReviewDecision,
    ReviewStage,
    SettingType,
    Sex,
)
from caseworker_app.db.base import Base, SyncedMixin
from caseworker_app.rules.deadlines import AssessmentException


def coded(enum_cls: type[Coded]) -> Enum:
    """Store a coded enum by its short value, as plain text (no native enum in SQLite)."""
    return Enum(
        enum_cls,
        native_enum=False,
        values_callable=lambda members: [m.value for m in members],
        length=24,
        validate_strings=True,
    )


class Officer(SyncedMixin, Base):
    """A member of the SEND team who holds cases or leads quality assurance."""

    __tablename__ = "officer"

    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[OfficerRole] = mapped_column(coded(OfficerRole))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class EducationSetting(SyncedMixin, Base):
    """A school, college or early years provider a child attends."""

    __tablename__ = "education_setting"

    name: Mapped[str] = mapped_column(String(200))
    urn: Mapped[str | None] = mapped_column(String(8))
    setting_type: Mapped[SettingType] = mapped_column(coded(SettingType))
    phase: Mapped[Phase] = mapped_column(coded(Phase))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (Index("ix_education_setting_name", "name"),)


class Child(SyncedMixin, Base):
    """A child or young person (0-25) whose EHC plan the council maintains: one case."""

    __tablename__ = "child"

    case_reference: Mapped[str] = mapped_column(String(20), unique=True)
    legal_forename: Mapped[str] = mapped_column(String(100))
    legal_surname: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[Sex] = mapped_column(coded(Sex))
    upn: Mapped[str | None] = mapped_column(String(13))
    uln: Mapped[str | None] = mapped_column(String(10))
    nhs_number: Mapped[str | None] = mapped_column(String(12))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(10))
    primary_need: Mapped[Need] = mapped_column(coded(Need))
    secondary_need: Mapped[Need | None] = mapped_column(coded(Need))
    looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    complaint_or_tribunal: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("0"))
    home_language: Mapped[str] = mapped_column(String(60), default="English")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    year_group_override: Mapped[int | None] = mapped_column(Integer)
    setting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("education_setting.id", ondelete="SET NULL")
    )
    status: Mapped[CaseStatus] = mapped_column(coded(CaseStatus), default=CaseStatus.OPEN)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[CloseReason | None] = mapped_column(coded(CloseReason))

    setting: Mapped[EducationSetting | None] = relationship()
    contacts: Mapped[list[Contact]] = relationship(back_populates="child")

    __table_args__ = (
        Index("ix_child_surname_forename", "legal_surname", "legal_forename"),
        Index("ix_child_upn", "upn"),
        Index("ix_child_setting_id", "setting_id"),
    )


class Contact(SyncedMixin, Base):
    """A parent, carer, the young person themself, or another person who gets letters."""

    __tablename__ = "contact"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    title: Mapped[str | None] = mapped_column(String(20))
    forename: Mapped[str] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    relationship_to_child: Mapped[Relationship] = mapped_column(coded(Relationship))
    parental_responsibility: Mapped[bool] = mapped_column(Boolean, default=False)
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    letter_format: Mapped[LetterFormat] = mapped_column(
        coded(LetterFormat), default=LetterFormat.STANDARD
    )
    receives_letters: Mapped[bool] = mapped_column(Boolean, default=True)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)

    child: Mapped[Child] = relationship(back_populates="contacts")

    __table_args__ = (Index("ix_contact_child_id", "child_id"),)


class Allocation(SyncedMixin, Base):
    """Which officer holds a case, from when to when; the open row is the current one."""

    __tablename__ = "allocation"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officer.id"))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        # At most one current allocation per case.
        Index(
            "uq_allocation_current", "child_id", unique=True, sqlite_where=text("end_on IS NULL")
        ),
        Index("ix_allocation_officer_id", "officer_id"),
    )


class EhcPlan(SyncedMixin, Base):
    """The EHC plan maintained for a child; its content lives in versions."""

    __tablename__ = "ehc_plan"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    first_issued_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_ehc_plan_child_id", "child_id"),)


class PlanVersion(SyncedMixin, Base):
    """One version of a plan: a draft, proposed amendments, or an issued final plan."""

    __tablename__ = "plan_version"

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ehc_plan.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[PlanVersionKind] = mapped_column(coded(PlanVersionKind))
    issued_on: Mapped[date | None] = mapped_column(Date)
    based_on_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    __table_args__ = (
        UniqueConstraint("plan_id", "number", name="uq_plan_version_plan_number"),
        # The caseload reads each plan's latest final issue date through this index.
        Index("ix_plan_version_plan_kind_issued", "plan_id", "kind", "issued_on"),
    )


class PlanSectionText(SyncedMixin, Base):
    """The text of one section (A-K) of one plan version, a record of its own for sync."""

    __tablename__ = "plan_section_text"

    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_version.id", ondelete="CASCADE")
    )
    section: Mapped[PlanSection] = mapped_column(coded(PlanSection))
    body: Mapped[str] = mapped_column(Text, default="")
    # A: how the views were gathered; I: the type of setting.
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The explicit "none identified" statement of C, D, G, H1 and H2.
    none_identified: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The section text of the version this one was copied from (for the redline).
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    __table_args__ = (
        UniqueConstraint("version_id", "section", name="uq_plan_section_text_version_section"),
    )


def _version_fk() -> Mapped[uuid.UUID]:
    """The plan version a structured row belongs to; it goes when the version goes."""
    return mapped_column(ForeignKey("plan_version.id", ondelete="CASCADE"), index=True)


class PlanNeed(SyncedMixin, Base):
    """One need listed in section B, C or D of a plan version."""

    __tablename__ = "plan_need"

    version_id: Mapped[uuid.UUID] = _version_fk()
    section: Mapped[PlanSection] = mapped_column(coded(PlanSection))
    text: Mapped[str] = mapped_column(Text, default="")
    # Order within the section: spaced out, so a move rewrites only the row moved.
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class PlanOutcome(SyncedMixin, Base):
    """One outcome in section E of a plan version."""

    __tablename__ = "plan_outcome"

    version_id: Mapped[uuid.UUID] = _version_fk()
    text: Mapped[str] = mapped_column(Text, default="")
    by_when: Mapped[str] = mapped_column(String(200), default="")
    measure: Mapped[str] = mapped_column(Text, default="")
    preparing_for_adulthood: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class PlanProvision(SyncedMixin, Base):
    """One row of provision in section F, G, H1 or H2 of a plan version."""

    __tablename__ = "plan_provision"

    version_id: Mapped[uuid.UUID] = _version_fk()
    section: Mapped[PlanSection] = mapped_column(coded(PlanSection))
    what: Mapped[str] = mapped_column(Text, default="")
    who: Mapped[str] = mapped_column(String(200), default="")
    how_often: Mapped[str] = mapped_column(String(200), default="")
    how_long: Mapped[str] = mapped_column(String(200), default="")
    group_size: Mapped[str] = mapped_column(String(200), default="")
    expertise: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class PlanAdvice(SyncedMixin, Base):
    """One piece of advice or information listed in section K of a plan version."""

    __tablename__ = "plan_advice"

    version_id: Mapped[uuid.UUID] = _version_fk()
    author: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    dated: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class PlanOutcomeNeed(SyncedMixin, Base):
    """That an outcome answers a need: each link its own row.

    Two officers linking different needs to one outcome add two rows, so sync merges them
    without a conflict, and unlinking deletes just that row. Both ends are real foreign
    keys, so no link can outlive its outcome or need.
    """

    __tablename__ = "plan_outcome_need"

    version_id: Mapped[uuid.UUID] = _version_fk()
    outcome_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_outcome.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_need.id", ondelete="CASCADE"), index=True)


class PlanProvisionNeed(SyncedMixin, Base):
    """That a row of provision meets a need: each link its own row (see `PlanOutcomeNeed`)."""

    __tablename__ = "plan_provision_need"

    version_id: Mapped[uuid.UUID] = _version_fk()
    provision_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_provision.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_need.id", ondelete="CASCADE"), index=True)


class AnnualReview(SyncedMixin, Base):
    """One annual review of a plan, with the date of each stage as it is reached."""

    __tablename__ = "annual_review"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    plan_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ehc_plan.id"))
    due_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[ReviewStage] = mapped_column(coded(ReviewStage), default=ReviewStage.DUE)
    meeting_on: Mapped[date | None] = mapped_column(Date)
    invitations_sent_on: Mapped[date | None] = mapped_column(Date)
    advice_received_on: Mapped[date | None] = mapped_column(Date)
    meeting_held_on: Mapped[date | None] = mapped_column(Date)
    report_received_on: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[ReviewDecision | None] = mapped_column(coded(ReviewDecision))
    decision_on: Mapped[date | None] = mapped_column(Date)
    decision_letter_sent_on: Mapped[date | None] = mapped_column(Date)
    amendments_sent_on: Mapped[date | None] = mapped_column(Date)
    representations_closed_on: Mapped[date | None] = mapped_column(Date)
    final_issued_on: Mapped[date | None] = mapped_column(Date)
    cease_consultation_on: Mapped[date | None] = mapped_column(Date)
    cease_notice_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        # At most one open review per case.
        Index(
            "uq_annual_review_open", "child_id", unique=True,
            sqlite_where=text("completed_on IS NULL"),
        ),
        Index("ix_annual_review_child_id", "child_id"),
    )


class ReviewEvent(SyncedMixin, Base):
    """One step of an annual review as recorded, or a correction of a step's date.

    Append-only: a correction adds a row naming the step, its old and new date and the
    reason, so the history of every date survives (and syncs as plain inserts).
    """

    __tablename__ = "review_event"

    review_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("annual_review.id", ondelete="CASCADE"), index=True)
    step: Mapped[ReviewStage] = mapped_column(coded(ReviewStage))
    occurred_on: Mapped[date] = mapped_column(Date)
    author_name: Mapped[str] = mapped_column(String(120))
    decision: Mapped[ReviewDecision | None] = mapped_column(coded(ReviewDecision))
    due_on: Mapped[date | None] = mapped_column(Date)
    lateness_reason: Mapped[LatenessReason | None] = mapped_column(coded(LatenessReason))
    note: Mapped[str] = mapped_column(Text, default="")
    corrected_from: Mapped[date | None] = mapped_column(Date)
    correction_reason: Mapped[str | None] = mapped_column(Text)


class NeedsAssessment(SyncedMixin, Base):
    """One EHC needs assessment or reassessment, from the request to its outcome.

    Each step's date is kept as it is reached; `outcome` is empty while it is in progress.
    An exception (reg 5(4), 10(4), 13(3)) is kept with the reason given for it.
    """

    __tablename__ = "needs_assessment"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    kind: Mapped[AssessmentKind] = mapped_column(coded(AssessmentKind))
    requested_by: Mapped[AssessmentRequester] = mapped_column(coded(AssessmentRequester))
    request_received_on: Mapped[date] = mapped_column(Date)
    stage: Mapped[AssessmentStage] = mapped_column(
        coded(AssessmentStage), default=AssessmentStage.REQUESTED)
    decision: Mapped[AssessmentDecision | None] = mapped_column(coded(AssessmentDecision))
    decision_on: Mapped[date | None] = mapped_column(Date)
    advice_requested_on: Mapped[date | None] = mapped_column(Date)
    advice_received_on: Mapped[date | None] = mapped_column(Date)
    not_to_issue_on: Mapped[date | None] = mapped_column(Date)
    draft_sent_on: Mapped[date | None] = mapped_column(Date)
    final_issued_on: Mapped[date | None] = mapped_column(Date)
    exception: Mapped[AssessmentException | None] = mapped_column(coded(AssessmentException))
    exception_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[AssessmentOutcome | None] = mapped_column(coded(AssessmentOutcome))

    __table_args__ = (
        # At most one assessment in progress per case.
        Index(
            "uq_needs_assessment_open", "child_id", unique=True,
            sqlite_where=text("outcome IS NULL"),
        ),
        Index("ix_needs_assessment_child_id", "child_id"),
    )


class AssessmentEvent(SyncedMixin, Base):
    """One step of a needs assessment as recorded, a corrected date, or an exception.

    Append-only, like `ReviewEvent`: a correction adds a row with the old and new date and
    the reason; recording or removing an exception adds a row with its reason.
    """

    __tablename__ = "assessment_event"

    assessment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("needs_assessment.id", ondelete="CASCADE"), index=True)
    event: Mapped[AssessmentEventKind] = mapped_column(coded(AssessmentEventKind))
    step: Mapped[AssessmentStage | None] = mapped_column(coded(AssessmentStage))
    occurred_on: Mapped[date] = mapped_column(Date)
    author_name: Mapped[str] = mapped_column(String(120))
    decision: Mapped[AssessmentDecision | None] = mapped_column(coded(AssessmentDecision))
    due_on: Mapped[date | None] = mapped_column(Date)
    lateness_reason: Mapped[LatenessReason | None] = mapped_column(coded(LatenessReason))
    note: Mapped[str] = mapped_column(Text, default="")
    corrected_from: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    exception: Mapped[AssessmentException | None] = mapped_column(coded(AssessmentException))


class ChronologyEntry(SyncedMixin, Base):
    """A dated event on a case: a call, e-mail, meeting, note, letter or case change."""

    __tablename__ = "chronology_entry"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    kind: Mapped[ChronologyKind] = mapped_column(coded(ChronologyKind))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author_name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_chronology_entry_child_when", "child_id", "occurred_at"),)


class Organisation(SyncedMixin, Base):
    """The council's letterhead, signatory and the services its letters name.

    One row, under the fixed id `ORGANISATION_ID`, so every replica edits the same record
    and sync merges it field by field. Lines of the address and footer are kept as one text
    with line breaks. The logo is a `LetterAsset`, named by its SHA-256.
    """

    __tablename__ = "organisation"

    council_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(254), default="")
    local_offer: Mapped[str] = mapped_column(String(254), default="")
    signatory_name: Mapped[str] = mapped_column(String(120), default="")
    signatory_role: Mapped[str] = mapped_column(String(120), default="")
    mediation_service: Mapped[str] = mapped_column(String(200), default="")
    mediation_contact: Mapped[str] = mapped_column(String(300), default="")
    disagreement_service: Mapped[str] = mapped_column(String(200), default="")
    disagreement_contact: Mapped[str] = mapped_column(String(300), default="")
    ias_service: Mapped[str] = mapped_column(String(200), default="")
    ias_contact: Mapped[str] = mapped_column(String(300), default="")
    la_contact: Mapped[str] = mapped_column(String(300), default="")
    footer: Mapped[str] = mapped_column(Text, default="")
    logo_sha256: Mapped[str | None] = mapped_column(String(64))


ORGANISATION_ID = uuid.UUID("00000000-0000-7000-8000-00000000c0de")


class LetterAsset(SyncedMixin, Base):
    """A file a letter prints (a logo), kept for good under its SHA-256 so any letter can
    be reproduced exactly as it was sent, whatever the settings say today."""

    __tablename__ = "letter_asset"

    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class LetterTemplate(SyncedMixin, Base):
    """One saved version of a letter's or a statutory block's wording.

    Append-only: each save adds a row with the next `version` for its `key` (a
    `letters.catalogue.LetterKind` or `Block` value); the highest is in use. With no row the
    built-in wording (`letters.defaults`) is used, as version 0. Issued letters name the
    rows they were printed from.
    """

    __tablename__ = "letter_template"

    key: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_letter_template_key_version", "key", "version"),)


class LetterIssued(SyncedMixin, Base):
    """A letter as sent to one person: enough to print it again, byte for byte.

    `document` is the composed letter as JSON (and, for an amendment notice, the plans it
    enclosed), `content_sha256` its SHA-256: what the chronology entry quotes. The renderer
    is deterministic, so the same document gives the same PDF.
    """

    __tablename__ = "letter_issued"

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    recipient_name: Mapped[str] = mapped_column(String(200))
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    templates: Mapped[str] = mapped_column(Text)  # JSON: key -> template version used
    document: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    print_run_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    author_name: Mapped[str] = mapped_column(String(120))

    __table_args__ = (Index("ix_letter_issued_child_id", "child_id"),)


class AppMeta(Base):
    """Local facts about this database (replica id, whose profile it is). Never synced."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ChangeJournal(Base):
    """The field journal of versions before sync (up to 23 November 2026), kept read-only.

    Each row: a field written, with the value it replaced, under a per-database batch
    number. No longer written: `change_batch` and `field_op` replaced it. Kept so the
    history of records edited before the upgrade is not lost.
    """

    __tablename__ = "change_journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_no: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_change_journal_row", "table_name", "row_id"),
        Index("ix_change_journal_batch_no", "batch_no"),
    )


class ChangeBatch(Base):
    """One committed transaction of one replica: the unit that syncs, all or nothing.

    `(origin, batch_no)` names it everywhere: `origin` is the replica (database instance)
    that made it and `batch_no` counts that replica's transactions from 1 without gaps.
    `hlc` is its hybrid logical clock stamp (`sync.hlc`), `author_id` the officer, `seen`
    the highest batch of every other replica it had taken in when it was made. `digest`
    is the SHA-256 of its canonical content (`sync.batches`); `signer` and `signature` are
    the origin's Ed25519 public key and signature over the digest, added when it first
    leaves this machine and carried unchanged by every relay. `received_at` is set on
    batches that came from elsewhere.
    """

    __tablename__ = "change_batch"

    origin: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    batch_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    hlc: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    seen: Mapped[str] = mapped_column(Text, default="{}")  # {origin: highest batch} it had
    op_count: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    signer: Mapped[bytes | None] = mapped_column(LargeBinary)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FieldOp(Base):
    """One field written by a batch, and which earlier writes of it the writer had seen.

    `field` is a column name, or `_row` for a record's creation (value: its first values)
    and deletion (value: what it held). `value` is JSON text. `supersedes` is a JSON list
    of the `[origin, batch_no]` dots of that field (for `_row` deletes: of the whole row)
    that were live when this was written: the merge rule (`sync.merge`) keeps every write
    nobody has seen and superseded. `scope` is the case (child id) the row belongs to, or
    NULL for team-wide records, so the lead can send an officer only their cases.
    """

    __tablename__ = "field_op"

    origin: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    batch_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    field: Mapped[str] = mapped_column(String(60))
    value: Mapped[str | None] = mapped_column(Text)
    supersedes: Mapped[str] = mapped_column(Text, default="[]")
    scope: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    __table_args__ = (
        Index("ix_field_op_row", "table_name", "row_id", "field"),
        Index("ix_field_op_scope", "scope"),
    )


class FieldState(Base):
    """The live writes ("siblings") of one field: a cache of `sync.merge` over `field_op`.

    One dot is the ordinary case; several with different values is a conflict a person
    must resolve (`conflict` = 1). For `_row`, `conflict` marks a record deleted on one
    machine while it was changed on another. Rebuilt from `field_op` at any time.
    """

    __tablename__ = "field_state"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    siblings: Mapped[str] = mapped_column(Text)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    scope: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    __table_args__ = (
        Index("ix_field_state_conflict", "conflict", sqlite_where=text("conflict = 1")),
    )


class SyncWaiting(Base):
    """Records with changes here that cannot be shown yet. `reason` "waiting": their
    creation, or the record they belong to, has not arrived. "clash": they would break a
    rule only one record may hold (one open review per case, one case per reference...)
    because another computer made the same kind of record at the same time: a person
    chooses (`detail` names the rule). Retried after every import; shown on the Sync tab."""

    __tablename__ = "sync_waiting"

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    since: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(12), default="waiting")
    detail: Mapped[str] = mapped_column(Text, default="")


class PeerKnowledge(Base):
    """What a team member's replica has said it holds: the batches not to send them again.

    `knowledge` is JSON `{origin: [[first, last], ...]}`, taken from the newest file that
    member sent (`export_seq`). Exports hold everything outside it, so a lost file is
    covered by the next one.
    """

    __tablename__ = "peer_knowledge"

    member_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    knowledge: Mapped[str] = mapped_column(Text, default="{}")
    export_seq: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SyncFile(Base):
    """A change file this replica made or took in: replay protection and the sync log."""

    __tablename__ = "sync_file"

    file_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # "export" | "import"
    member_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # the recipient or the sender
    export_seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    batches: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_sync_file_member", "member_id", "direction"),)


class TeamRoster(Base):
    """Signed team rosters accepted here (newest wins): who may send files, with their keys."""

    __tablename__ = "team_roster"

    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    signed: Mapped[bytes] = mapped_column(LargeBinary)
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


SYNCED_TABLES = [
    Officer, EducationSetting, Child, Contact, Allocation, EhcPlan, PlanVersion,
    PlanSectionText, AnnualReview, ReviewEvent, ChronologyEntry, NeedsAssessment,
    AssessmentEvent, PlanNeed, PlanOutcome, PlanProvision, PlanAdvice, PlanOutcomeNeed,
    PlanProvisionNeed, Organisation, LetterAsset, LetterTemplate, LetterIssued,
]
SYNCED_BY_NAME = {table.__tablename__: table for table in SYNCED_TABLES}
