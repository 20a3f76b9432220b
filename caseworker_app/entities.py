"""Plain, frozen records that services return and screens display (never ORM objects)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

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
from caseworker_app.rules.deadlines import AssessmentException


@dataclass(frozen=True, slots=True)
class OfficerRecord:
    """A member of the team, as a pick-list entry."""

    id: uuid.UUID
    display_name: str
    role: OfficerRole
    email: str | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class SettingRecord:
    """A school, college or early years provider."""

    id: uuid.UUID
    name: str
    setting_type: SettingType
    phase: Phase
    urn: str | None = None
    town: str | None = None
    postcode: str | None = None


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the caseload: what the list shows, filters and sorts on."""

    child_id: uuid.UUID
    case_reference: str
    surname: str
    forename: str
    preferred_name: str | None
    upn: str | None
    date_of_birth: date
    year_group_override: int | None
    setting_name: str | None
    setting_phase: Phase | None
    primary_need: Need
    plan_issued_on: date | None
    review_due_on: date | None
    review_stage: ReviewStage | None
    decision_on: date | None
    officer_id: uuid.UUID | None
    officer_name: str | None
    status: CaseStatus
    meeting_held_on: date | None = None
    # When the open review counts as done under local policy: the decision (default) or
    # the meeting (see rules.deadlines.ReviewBasis). None until then.
    review_done_on: date | None = None

    @property
    def display_name(self) -> str:
        """Surname first, as case lists are read; a preferred name follows in brackets."""
        name = f"{self.surname}, {self.forename}"
        if self.preferred_name and self.preferred_name != self.forename:
            name += f" ({self.preferred_name})"
        return name


@dataclass(frozen=True, slots=True)
class ChildRecord:
    """Everything editable about a child or young person, with the version read."""

    id: uuid.UUID
    case_reference: str
    legal_forename: str
    legal_surname: str
    preferred_name: str | None
    date_of_birth: date
    sex: Sex
    upn: str | None
    uln: str | None
    nhs_number: str | None
    address_line1: str | None
    address_line2: str | None
    town: str | None
    postcode: str | None
    primary_need: Need
    secondary_need: Need | None
    looked_after: bool
    home_language: str
    interpreter_needed: bool
    year_group_override: int | None
    setting_id: uuid.UUID | None
    setting_name: str | None
    setting_phase: Phase | None
    status: CaseStatus
    closed_on: date | None
    close_reason: CloseReason | None
    row_version: int
    complaint_or_tribunal: bool = False  # a complaint or SEND Tribunal appeal is open


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """A parent, carer or other person connected with the case."""

    id: uuid.UUID | None
    title: str | None
    forename: str
    surname: str
    relationship: Relationship
    parental_responsibility: bool
    address_line1: str | None
    address_line2: str | None
    town: str | None
    postcode: str | None
    email: str | None
    phone: str | None
    letter_format: LetterFormat
    receives_letters: bool

    @property
    def display_name(self) -> str:
        """Name as it would head a letter."""
        return " ".join(p for p in (self.title, self.forename, self.surname) if p)


@dataclass(frozen=True, slots=True)
class PlanVersionRecord:
    """One version of the EHC plan with its section texts."""

    id: uuid.UUID
    number: int
    kind: PlanVersionKind
    issued_on: date | None
    sections: dict[PlanSection, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One annual review and the dates of its stages."""

    id: uuid.UUID
    due_on: date
    stage: ReviewStage
    meeting_on: date | None
    invitations_sent_on: date | None
    advice_received_on: date | None
    meeting_held_on: date | None
    report_received_on: date | None
    decision: ReviewDecision | None
    decision_on: date | None
    decision_letter_sent_on: date | None
    amendments_sent_on: date | None
    final_issued_on: date | None
    completed_on: date | None
    representations_closed_on: date | None = None
    cease_consultation_on: date | None = None
    cease_notice_on: date | None = None
    row_version: int = 1


@dataclass(frozen=True, slots=True)
class ChronologyRecord:
    """One dated event on the case."""

    id: uuid.UUID
    kind: ChronologyKind
    occurred_at: datetime
    author_name: str
    summary: str
    body: str


@dataclass(frozen=True, slots=True)
class AllocationRecord:
    """A period during which an officer held the case."""

    officer_name: str
    start_on: date
    end_on: date | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything the case view shows about one child."""

    child: ChildRecord
    contacts: tuple[ContactRecord, ...]
    plan_versions: tuple[PlanVersionRecord, ...]
    reviews: tuple[ReviewRecord, ...]
    chronology: tuple[ChronologyRecord, ...]
    allocations: tuple[AllocationRecord, ...]
    officer: OfficerRecord | None


@dataclass(frozen=True, slots=True)
class NewCase:
    """What is needed to open a case."""

    legal_forename: str
    legal_surname: str
    date_of_birth: date | None
    sex: Sex
    primary_need: Need | None
    officer_id: uuid.UUID | None
    preferred_name: str | None = None
    upn: str | None = None
    setting_id: uuid.UUID | None = None
    plan_issued_on: date | None = None


@dataclass(frozen=True, slots=True)
class ReviewEventRecord:
    """One recorded step of a review, or a correction of a step's date."""

    id: uuid.UUID
    step: ReviewStage
    occurred_on: date
    author_name: str
    recorded_at: datetime
    decision: ReviewDecision | None
    due_on: date | None
    lateness_reason: LatenessReason | None
    note: str
    corrected_from: date | None
    correction_reason: str | None

    @property
    def is_correction(self) -> bool:
        """True for a corrected date rather than a step taken."""
        return self.correction_reason is not None


@dataclass(frozen=True, slots=True)
class NeedsAssessmentRecord:
    """One EHC needs assessment or reassessment and the dates of its steps."""

    id: uuid.UUID
    child_id: uuid.UUID
    kind: AssessmentKind
    requested_by: AssessmentRequester
    request_received_on: date
    stage: AssessmentStage
    decision: AssessmentDecision | None = None
    decision_on: date | None = None
    advice_requested_on: date | None = None
    advice_received_on: date | None = None
    not_to_issue_on: date | None = None
    draft_sent_on: date | None = None
    final_issued_on: date | None = None
    exception: AssessmentException | None = None
    exception_reason: str | None = None
    outcome: AssessmentOutcome | None = None
    row_version: int = 1

    @property
    def is_reassessment(self) -> bool:
        """True for a reassessment of a child who already has a plan."""
        return self.kind == AssessmentKind.REASSESSMENT


@dataclass(frozen=True, slots=True)
class AssessmentEventRecord:
    """One entry of an assessment's history: a step, a corrected date, or an exception."""

    id: uuid.UUID
    event: AssessmentEventKind
    step: AssessmentStage | None
    occurred_on: date
    author_name: str
    recorded_at: datetime
    decision: AssessmentDecision | None = None
    due_on: date | None = None
    lateness_reason: LatenessReason | None = None
    note: str = ""
    corrected_from: date | None = None
    reason: str | None = None
    exception: AssessmentException | None = None
