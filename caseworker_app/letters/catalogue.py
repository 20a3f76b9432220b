"""Every letter Caseworker prints, what each must contain in law, and the fields it may use.

One `LetterKind` per letter of send-domain.md §4. Each says whether it tells the family of
an appealable decision (then the appeal, mediation, disagreement-resolution and information
and advice blocks are added to it, always, whatever its template says), which fields its
template may use, and which of them the officer types when printing (the reasons for a
refusal, say). Pure data; no Qt, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LetterKind(StrEnum):
    """A letter of the EHC process. Values are stored: never change one."""

    REVIEW_INVITATION = "review_invitation"
    MAINTAIN = "maintain"
    AMENDMENT_NOTICE = "amendment_notice"
    FINAL_AMENDED_COVER = "final_amended_cover"
    NOT_AMENDING = "not_amending"
    CONSIDERING_CEASING = "considering_ceasing"
    CEASE = "cease"
    ASSESS = "assess"
    NOT_ASSESS = "not_assess"
    NOT_ISSUING = "not_issuing"
    DRAFT_PLAN_COVER = "draft_plan_cover"
    FINAL_PLAN_COVER = "final_plan_cover"


class Block(StrEnum):
    """Wording added to letters by rule, each kept as its own editable template."""

    APPEAL = "block_appeal"
    MEDIATION = "block_mediation"
    DISAGREEMENT = "block_disagreement"
    IAS = "block_ias"
    SETTING_REQUEST = "block_setting_request"


@dataclass(frozen=True)
class FieldInfo:
    """A named field a template may use, with what it holds."""

    name: str
    meaning: str
    typed: bool = False  # the officer types it when printing (else it comes from the case)


COMMON = (
    FieldInfo("child_name", "the child or young person's name as used (preferred name)"),
    FieldInfo("child_full_name", "legal forename and surname"),
    FieldInfo("child_first_name", "the name the child is known by, alone"),
    FieldInfo("child_date_of_birth", "date of birth, as “3 March 2014”"),
    FieldInfo("recipient_name", "the addressee, as on the envelope"),
    FieldInfo("salutation", "“Dear Ms Shah”, or “Dear Amir” for a young person"),
    FieldInfo("letter_date", "the date the letter is issued"),
    FieldInfo("case_reference", "the case reference"),
    FieldInfo("setting_name", "the school, college or other setting now attended"),
    FieldInfo("officer_name", "the case officer"),
    FieldInfo("council_name", "the council's name, from Organisation settings"),
    FieldInfo("council_phone", "the SEND team's telephone number"),
    FieldInfo("council_email", "the SEND team's e-mail address"),
    FieldInfo("local_offer", "where the Local Offer (school and college information) is"),
)

REVIEW = (
    FieldInfo("meeting_date", "the date of the annual review meeting"),
    FieldInfo("meeting_details", "time and place of the meeting", typed=True),
    FieldInfo("advice_due", "when advice must be sent (2 weeks before the meeting)"),
)
APPEAL = (
    FieldInfo("decision_date", "the date of the decision (the letter date)"),
    FieldInfo("appeal_deadline", "the last day to appeal: 2 months after this letter"),
    FieldInfo("mediation_deadline", "the last day to contact the mediation adviser"),
    FieldInfo("mediation_service", "the mediation adviser's name"),
    FieldInfo("mediation_contact", "the mediation adviser's telephone and e-mail"),
    FieldInfo("ias_service", "the information, advice and support service's name"),
    FieldInfo("ias_contact", "the information, advice and support service's contact details"),
    FieldInfo("disagreement_service", "the disagreement resolution service's name"),
    FieldInfo("disagreement_contact", "the disagreement resolution service's contact details"),
    FieldInfo("la_contact", "who to contact at the council about mediation"),
)
REASONS = (FieldInfo("reasons", "why the council decided this", typed=True),)
RESPONSE = (
    FieldInfo("response_deadline", "the last day to comment: 15 days after this letter"),
)
ASSESSMENT = (
    FieldInfo("request_date", "when the request for an assessment was received"),
    FieldInfo("plan_due", "when a final plan is due: 20 weeks after the request"),
)
PLAN = (FieldInfo("plan_issued", "the date the final plan is issued"),)
CEASE = (FieldInfo("cease_date", "the date the plan will stop", typed=True),)


@dataclass(frozen=True)
class LetterInfo:
    """What one kind of letter is, when it goes, and what it must say."""

    kind: LetterKind
    title: str  # as listed in the app
    subject: str  # the letter's subject line; may use fields
    when: str
    must_contain: str  # from send-domain.md §4, for the template editor's guidance
    citation: str
    appealable: bool
    fields: tuple[FieldInfo, ...]
    blocks: tuple[Block, ...] = ()  # added after the template's text, in this order

    def field_names(self) -> frozenset[str]:
        """Every field this letter's template (and its blocks) may use."""
        return frozenset(f.name for f in self.fields)

    def typed_fields(self) -> tuple[FieldInfo, ...]:
        """The fields the officer fills in when printing."""
        return tuple(f for f in self.fields if f.typed)


APPEAL_BLOCKS = (Block.APPEAL, Block.MEDIATION, Block.DISAGREEMENT, Block.IAS)


def _info(kind: LetterKind, title: str, subject: str, when: str, must: str, citation: str,
          fields: tuple[FieldInfo, ...], *, appealable: bool = False,
          blocks: tuple[Block, ...] = ()) -> LetterInfo:
    extra = APPEAL if appealable else ()
    return LetterInfo(kind, title, subject, when, must, citation, appealable,
                      COMMON + fields + extra, (*blocks, *(APPEAL_BLOCKS if appealable else ())))


CATALOGUE: dict[LetterKind, LetterInfo] = {i.kind: i for i in (
    _info(LetterKind.REVIEW_INVITATION, "Annual review invitation",
          "Annual review of {{ child_name }}'s EHC plan",
          "At least 2 weeks before the meeting",
          "The date of the meeting, who is invited, a request for views and advice; advice is "
          "circulated at least 2 weeks before the meeting.", "SEND Regulations 2014 reg 20",
          REVIEW),
    _info(LetterKind.MAINTAIN, "Decision to keep the plan unchanged",
          "{{ child_name }}'s EHC plan: no changes after the annual review",
          "Within 4 weeks of the review meeting",
          "The decision, and the right to appeal against not amending the plan, with "
          "mediation, disagreement resolution and information, advice and support.",
          "SEND Regulations 2014 reg 20(10); Code of Practice 9.176", REVIEW, appealable=True),
    _info(LetterKind.AMENDMENT_NOTICE, "Proposed amendments (amendment notice)",
          "Proposed changes to {{ child_name }}'s EHC plan",
          "Within 4 weeks of the review meeting",
          "The existing plan; notice of the specific amendments and the evidence for them; "
          "the right to request a particular school or college; at least 15 days to comment; "
          "the offer of a meeting; where to find information about schools and colleges.",
          "SEND Regulations 2014 reg 22(2)", REVIEW + RESPONSE,
          blocks=(Block.SETTING_REQUEST,)),
    _info(LetterKind.FINAL_AMENDED_COVER, "Final amended plan",
          "{{ child_name }}'s amended EHC plan", "Within 8 weeks of the amendment notice",
          "The final plan sent to the family, the setting and the commissioner, with appeal "
          "and mediation rights.", "SEND Regulations 2014 reg 22(3)", PLAN, appealable=True),
    _info(LetterKind.NOT_AMENDING, "Not amending after consultation",
          "{{ child_name }}'s EHC plan will not be amended",
          "Within 8 weeks of the amendment notice", "The decision and the reasons for it.",
          "SEND Regulations 2014 reg 22(4)", REASONS, appealable=True),
    _info(LetterKind.CONSIDERING_CEASING, "Considering ceasing the plan (consultation)",
          "We are considering ending {{ child_name }}'s EHC plan",
          "Before any decision to cease",
          "That the council is considering ceasing the plan, why, and how to give views "
          "before it decides.", "SEND Regulations 2014 reg 31(1)", REASONS + RESPONSE),
    _info(LetterKind.CEASE, "Decision to cease the plan",
          "Decision to end {{ child_name }}'s EHC plan", "After consultation",
          "The decision, appeal rights, time limits, mediation, disagreement resolution and "
          "information, advice and support.", "SEND Regulations 2014 reg 31(2)-(3)",
          REASONS + CEASE, appealable=True),
    _info(LetterKind.ASSESS, "Decision to assess",
          "We will carry out an EHC needs assessment for {{ child_name }}",
          "Within 6 weeks of the request",
          "The decision, also sent to those told of the request.",
          "SEND Regulations 2014 reg 5(1)-(2)", ASSESSMENT),
    _info(LetterKind.NOT_ASSESS, "Decision not to assess",
          "Decision on the request for an EHC needs assessment for {{ child_name }}",
          "Within 6 weeks of the request",
          "The decision and reasons; the right to appeal and its time limits; mediation "
          "information; disagreement resolution; information, advice and support.",
          "SEND Regulations 2014 reg 5(3)", ASSESSMENT + REASONS, appealable=True),
    _info(LetterKind.NOT_ISSUING, "Not issuing a plan after assessment",
          "Decision not to issue an EHC plan for {{ child_name }}",
          "Within 16 weeks of the request",
          "The same elements as a refusal to assess: decision, reasons, appeal right, time "
          "limits, mediation, disagreement resolution, information, advice and support.",
          "SEND Regulations 2014 reg 10(3)", ASSESSMENT + REASONS, appealable=True),
    _info(LetterKind.DRAFT_PLAN_COVER, "Draft plan",
          "{{ child_name }}'s draft EHC plan", "Usually by week 16",
          "The right to comment and to request a particular school or college (the types "
          "that can be requested); at least 15 days; the right to a meeting; where to find "
          "school information; section I left blank; the advice appended.",
          "Children and Families Act 2014 s.38; SEND Regulations 2014 reg 13(1); Code 9.77",
          RESPONSE + ASSESSMENT, blocks=(Block.SETTING_REQUEST,)),
    _info(LetterKind.FINAL_PLAN_COVER, "Final plan",
          "{{ child_name }}'s final EHC plan", "Within 20 weeks of the request",
          "The plan is sent to the family, the setting and the commissioner; appeal rights; "
          "time limits; mediation; disagreement resolution; information, advice and support.",
          "SEND Regulations 2014 regs 13(2), 14", ASSESSMENT + PLAN, appealable=True),
)}

BLOCK_TITLES = {
    Block.APPEAL: "Your right to appeal",
    Block.MEDIATION: "Mediation",
    Block.DISAGREEMENT: "Disagreement resolution",
    Block.IAS: "Free, impartial information, advice and support",
    Block.SETTING_REQUEST: "Asking for a particular school or college",
}

# What a block's wording must keep, whatever the lead officer edits: the fields that carry
# the law's content (reg 32(a)-(f) for mediation), checked when a block template is saved.
BLOCK_REQUIRED_FIELDS = {
    Block.APPEAL: ("appeal_deadline",),
    Block.MEDIATION: ("mediation_deadline", "mediation_service", "mediation_contact",
                      "la_contact"),
    Block.DISAGREEMENT: ("disagreement_service", "disagreement_contact"),
    Block.IAS: ("ias_service", "ias_contact"),
    Block.SETTING_REQUEST: ("local_offer",),
}


def block_fields(block: Block) -> frozenset[str]:
    """The fields a block's template may use."""
    fields = COMMON + (APPEAL if block != Block.SETTING_REQUEST else RESPONSE)
    return frozenset(f.name for f in fields)


# What a letter's edited wording must keep: the fields that carry what the law requires it
# to say (the reasons for a refusal, the date to comment by, the meeting date), checked when
# a letter template is saved. The appeal and mediation wording is in the blocks, above.
LETTER_REQUIRED_FIELDS = {
    LetterKind.REVIEW_INVITATION: ("meeting_date", "advice_due"),
    LetterKind.MAINTAIN: (),
    LetterKind.AMENDMENT_NOTICE: ("response_deadline",),
    LetterKind.FINAL_AMENDED_COVER: ("plan_issued",),
    LetterKind.NOT_AMENDING: ("reasons",),
    LetterKind.CONSIDERING_CEASING: ("reasons", "response_deadline"),
    LetterKind.CEASE: ("reasons", "cease_date"),
    LetterKind.ASSESS: ("plan_due",),
    LetterKind.NOT_ASSESS: ("reasons",),
    LetterKind.NOT_ISSUING: ("reasons",),
    LetterKind.DRAFT_PLAN_COVER: ("response_deadline",),
    LetterKind.FINAL_PLAN_COVER: ("plan_issued",),
}


def template_keys() -> tuple[LetterKind | Block, ...]:
    """Every editable piece of wording: the twelve letters, then the blocks."""
    return (*LetterKind, *Block)


def key_of(value: str) -> LetterKind | Block:
    """The letter or block a stored key names; ValueError if none."""
    if value.startswith("block_"):
        return Block(value)
    return LetterKind(value)


def title_of(key: LetterKind | Block) -> str:
    """How a letter or block is listed."""
    return BLOCK_TITLES[key] if isinstance(key, Block) else CATALOGUE[key].title


def allowed_fields(key: LetterKind | Block) -> frozenset[str]:
    """The fields a piece of wording may use."""
    return block_fields(key) if isinstance(key, Block) else CATALOGUE[key].field_names()


def required_fields(key: LetterKind | Block) -> tuple[str, ...]:
    """The fields a piece of wording must keep."""
    if isinstance(key, Block):
        return BLOCK_REQUIRED_FIELDS[key]
    return LETTER_REQUIRED_FIELDS[key]
