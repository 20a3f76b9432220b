"""Coded values used across the app: SEN2 need types, roles, stages, kinds, with display labels.

Values are what the database stores (short, stable strings); labels are what people read.
SEN2 codes follow the DfE special educational needs survey guide (send-domain.md §5).
"""

from __future__ import annotations

from enum import StrEnum


class Coded(StrEnum):
    """A string enum whose members carry a plain-English label."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Coded:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member

    @classmethod
    def parse(cls, value: str) -> Coded:
        """Return the member whose value or label matches `value` (case-insensitive)."""
        wanted = value.strip().casefold()
        for member in cls:
            if wanted in (member.value.casefold(), member.label.casefold()):
                return member
        raise ValueError(f"{value!r} is not a known {cls.__name__} code")


class Need(Coded):
    """SEN2 type of need (SENtype), ranked on the child as primary and secondary."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Visual impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"


# Primary need of active EHC plans in England, January 2025 (send-domain.md §5, [S36]).
# Used to give demonstration caseloads a believable mix. "Unknown" (0.8%) is folded into OTH.
NATIONAL_NEED_SHARE: dict[Need, float] = {
    Need.ASD: 31.5, Need.SLCN: 21.3, Need.SEMH: 20.7, Need.MLD: 10.6, Need.SLD: 3.9,
    Need.PD: 3.9, Need.SPLD: 2.4, Need.HI: 1.4, Need.PMLD: 1.3, Need.OTH: 2.0,
    Need.VI: 0.8, Need.MSI: 0.3,
}


class Sex(Coded):
    """Sex as recorded for the SEN2 return."""

    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class Relationship(Coded):
    """How a contact relates to the child or young person."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer"
    GUARDIAN = "guardian", "Special guardian"
    SOCIAL_WORKER = "social_worker", "Social worker"
    YOUNG_PERSON = "young_person", "Young person (self)"
    OTHER = "other", "Other"


class LetterFormat(Coded):
    """How a contact wants letters printed."""

    STANDARD = "standard", "Standard print"
    LARGE_PRINT = "large_print", "Large print"


class SettingType(Coded):
    """Kind of education setting a child attends (broadly as SEN2 SENSetting)."""

    MAINSTREAM = "mainstream", "Mainstream school"
    ACADEMY = "academy", "Mainstream academy"
    RESOURCED = "resourced", "Mainstream with resourced provision"
    SPECIAL = "special", "Maintained special school"
    SPECIAL_ACADEMY = "special_academy", "Special academy or free school"
    INDEPENDENT_SPECIAL = "independent_special", "Independent special school"
    NON_MAINTAINED_SPECIAL = "nms", "Non-maintained special school"
    ALTERNATIVE = "alternative", "Alternative provision or pupil referral unit"
    EARLY_YEARS = "early_years", "Early years provider"
    FE_COLLEGE = "fe_college", "Further education college"
    SIXTH_FORM = "sixth_form", "Sixth form college"
    SPECIALIST_POST16 = "specialist_post16", "Specialist post-16 institution"
    TRAINING = "training", "Apprenticeship or training provider"
    EHE = "ehe", "Elective home education"
    NONE = "none", "Not in education, employment or training"


class Phase(Coded):
    """Phase of education a setting serves; decides which phase transfers apply."""

    EARLY_YEARS = "early_years", "Early years"
    INFANT = "infant", "Infant"
    JUNIOR = "junior", "Junior"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST16 = "post16", "Post-16"
    ALL_AGE = "all_age", "All age (special)"


class OfficerRole(Coded):
    """What a profile may do: officers hold cases, leads also allocate and audit."""

    CASE_OFFICER = "case_officer", "Case officer"
    LEAD = "lead", "Lead annual review officer"


class CaseStatus(Coded):
    """Whether the council still maintains a plan for the child."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CloseReason(Coded):
    """Why a case was closed (SEN2 CeaseReason codes 1-9, send-domain.md §1d)."""

    MAX_AGE = "1", "Reached maximum age"
    NEEDS_MET = "2", "Needs met without a plan"
    HIGHER_EDUCATION = "3", "Moved on to higher education"
    EMPLOYMENT = "4", "Paid employment or apprenticeship"
    TRANSFERRED = "5", "Transferred to another local authority"
    DISENGAGED = "6", "Young person no longer wishes to engage"
    LEFT_ENGLAND = "7", "Moved outside England"
    DECEASED = "8", "Deceased"
    OTHER = "9", "Other"


class PlanVersionKind(Coded):
    """The legal status of one version of an EHC plan."""

    DRAFT = "draft", "Draft plan"
    PROPOSED_AMENDMENTS = "proposed", "Proposed amendments"
    FINAL = "final", "Final plan"


class PlanSection(Coded):
    """The sections of an EHC plan (SEND Regulations 2014 reg 12)."""

    A = "A", "A: Views, interests and aspirations"
    B = "B", "B: Special educational needs"
    C = "C", "C: Health needs"
    D = "D", "D: Social care needs"
    E = "E", "E: Outcomes"
    F = "F", "F: Special educational provision"
    G = "G", "G: Health provision"
    H1 = "H1", "H1: Social care provision (CSDPA 1970 s.2)"
    H2 = "H2", "H2: Other social care provision"
    I = "I", "I: Placement"  # noqa: E741 - the section is called I in law
    J = "J", "J: Personal budget"
    K = "K", "K: Advice and information"


class ReviewStage(Coded):
    """Where an annual review has got to; later stages follow the decision taken."""

    DUE = "due", "Due – not yet arranged"
    MEETING_SCHEDULED = "scheduled", "Meeting scheduled"
    INVITATIONS_SENT = "invited", "Invitations sent"
    ADVICE_RECEIVED = "advice", "Advice received"
    MEETING_HELD = "held", "Meeting held"
    REPORT_RECEIVED = "report", "Report received"
    DECISION_MADE = "decided", "Decision made"
    DECISION_LETTER_SENT = "decision_sent", "Decision letter sent"
    AMENDMENTS_PROPOSED = "amendments", "Proposed amendments sent"
    REPRESENTATIONS_CLOSED = "representations", "Representations received or 15 days passed"
    FINAL_ISSUED = "final", "Final amended plan issued"
    CEASE_CONSULTATION = "cease_consult", "Consulting on ceasing"
    CEASE_NOTICE = "cease_notice", "Cease notice sent"
    COMPLETE = "complete", "Complete"


class LatenessReason(Coded):
    """Why a review step was recorded after its statutory deadline."""

    SCHOOL_REPORT_LATE = "school_report", "School report late"
    HEALTH_ADVICE_AWAITED = "health_advice", "Health advice awaited"
    FAMILY_REQUEST = "family", "Family request"
    OFFICER_CAPACITY = "capacity", "Officer capacity"
    OTHER = "other", "Other (explain in the note)"


class ReviewDecision(Coded):
    """The local authority's decision after an annual review (reg 20, CFA s.44)."""

    MAINTAIN = "maintain", "Maintain without changes"
    AMEND = "amend", "Amend"
    CEASE = "cease", "Cease to maintain"


class ChronologyKind(Coded):
    """What kind of event a chronology entry records."""

    CALL = "call", "Phone call"
    EMAIL = "email", "E-mail"
    MEETING = "meeting", "Meeting"
    NOTE = "note", "Note"
    LETTER = "letter", "Letter"
    SYSTEM = "system", "Case event"


class AssessmentKind(Coded):
    """A first EHC needs assessment, or a reassessment of a child who has a plan (reg 27)."""

    NEW = "new", "New assessment"
    REASSESSMENT = "reassessment", "Reassessment"


class AssessmentRequester(Coded):
    """Who asked the council for an EHC needs assessment (CFA 2014 s.36)."""

    PARENT = "parent", "Parent"
    YOUNG_PERSON = "young_person", "Young person"
    SCHOOL = "school", "School or college"
    OTHER = "other", "Someone else (such as health or social care)"


class AssessmentStage(Coded):
    """The steps of an EHC needs assessment, in order; the last recorded is its stage."""

    REQUESTED = "requested", "Request received"
    DECISION = "decision", "Decision whether to assess"
    ADVICE_REQUESTED = "advice_requested", "Advice requested"
    ADVICE_RECEIVED = "advice_received", "Advice received"
    NOT_TO_ISSUE = "not_to_issue", "Decision not to issue a plan"
    DRAFT_SENT = "draft_sent", "Draft plan sent"
    FINAL_ISSUED = "final_issued", "Final plan issued"


class AssessmentDecision(Coded):
    """The council's decision on a request for an assessment (reg 5) or reassessment."""

    ASSESS = "assess", "Assess"
    NOT_ASSESS = "not_assess", "Do not assess"


class AssessmentOutcome(Coded):
    """How a needs assessment ended; none while it is in progress."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    NO_PLAN = "no_plan", "No plan issued"
    PLAN_ISSUED = "plan_issued", "Final plan issued"


class AssessmentEventKind(Coded):
    """What one entry of an assessment's history records."""

    STEP = "step", "Step recorded"
    CORRECTION = "correction", "Date corrected"
    EXCEPTION = "exception", "Exception recorded"
    EXCEPTION_REMOVED = "exception_removed", "Exception removed"
