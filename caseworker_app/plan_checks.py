"""Live quality checks on an EHC plan version, each finding citing its source.

One module for the plan editor (inline, while the officer types) and for quality assurance
(the lead's audit of a whole plan). Pure functions over the frozen records of
`caseworker_app.entities_plan`; nothing here reads the database or imports Qt.

- `vague_phrases(text)`: where the text uses wording the reference lists as too vague for a
  legally enforceable plan (send-domain.md §2, "Vague-wording checker").
- `check_text(section, field, text)`: the wording findings for one field, as typed.
- `check_plan(doc, year_group)`: everything, over the whole version (wording, unquantified
  provision, SMART outcomes, blank sections, section A, preparation for adulthood, section I
  in a draft, and the golden thread need -> provision -> outcome).
- `summary(findings)`: findings per section, for the editor's tab badges.

"support", "input", "interventions" (and bare "opportunities"): the Upper Tribunal
(*Worcestershire CC v SE* [2020] UKUT 217 (AAC)) says these words are unlikely to be enough
*without detail*, so they are flagged only when unquantified:

- in a provision row (when the row is known), when the row lacks any of who, how often and
  how long; a row giving all three has quantified them, whatever its wording;
- in free text (a section's text, or a field checked without its row), when the sentence they
  are in contains no quantity: no number (digits or words such as "three", "twice", "half",
  but not a year group such as "Year 9") and no frequency such as "weekly" or "per term";
- never in "who" and "expertise", where they name a role ("learning support assistant"), and
  never in section E, where an outcome may properly speak of needing less support.

The same rule decides whether "monitoring" is quantified. "small group" counts as sized when
a quantity follows it in its sentence ("small group of 4") or the row gives a group size with
a number. "up to" is flagged only before a quantity ("up to 3 hours", not "up to date"), and
not in the group-size field, where a ceiling ("no more than 4") is what is wanted.

The practitioner phrases the reference marks UNCONFIRMED ("up to", "where possible", "as
appropriate", unsized "small group", unquantified "monitoring") are reported as
`CheckKind.ADVISORY_WORDING`, a softer kind (`CheckKind.advisory` is true), so the editor can
show them differently and QA can leave them out of a grade.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from caseworker_app.codes import Coded, PlanSection, PlanVersionKind
from caseworker_app.entities_plan import (
    MAY_BE_NONE,
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    ProvisionItem,
)
from caseworker_app.schoolyear import preparing_for_adulthood

S = PlanSection


class CheckKind(Coded):
    """What a finding is about. `advisory` kinds are softer: worth a look, not a failure."""

    VAGUE_WORDING = "vague_wording", "Vague wording"
    ADVISORY_WORDING = "advisory_wording", "Possibly vague wording (advisory)"
    UNQUANTIFIED_PROVISION = "unquantified_provision", "Provision not specified or quantified"
    PROVISION_DETAIL = "provision_detail", "Group size or expertise not stated (advisory)"
    OUTCOME_NO_TIMEFRAME = "outcome_no_timeframe", "Outcome without a timeframe"
    OUTCOME_NO_MEASURE = "outcome_no_measure", "Outcome without a measure"
    OUTCOME_NO_NEED = "outcome_no_need", "Outcome linked to no need"
    SECTION_EMPTY = "section_empty", "Section left blank"
    NONE_CONTRADICTED = "none_contradicted", "“None identified” but items listed"
    VIEWS_MISSING = "views_missing", "Views not recorded"
    VIEWS_METHOD_MISSING = "views_method_missing", "How the views were gathered not recorded"
    NO_PFA_OUTCOME = "no_pfa_outcome", "No preparing-for-adulthood outcome"
    SETTING_IN_DRAFT = "setting_in_draft", "Setting named in a draft plan"
    NEED_WITHOUT_PROVISION = "need_without_provision", "Need with no provision"
    NEED_WITHOUT_OUTCOME = "need_without_outcome", "Need with no outcome"
    PROVISION_WITHOUT_NEED = "provision_without_need", "Provision linked to no need"
    UNKNOWN_NEED_LINK = "unknown_need_link", "Linked to a need not in this plan"

    @property
    def advisory(self) -> bool:
        """True for the softer kinds: practitioner advice, not an authoritative requirement."""
        return self in ADVISORY_KINDS


ADVISORY_KINDS = frozenset({CheckKind.ADVISORY_WORDING, CheckKind.PROVISION_DETAIL})


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong (or, if `check.advisory`, worth a second look) in a plan version.

    `item_id` is the need, outcome or provision row concerned (None for the section itself);
    `field` the field of that item or section ("what", "how_often", "body", "by_when", or a
    link: "need_ids" on an item, "provision" / "outcome" on a need); `span` the characters of
    that field's text a wording finding concerns, for the editor to underline. `short` is
    the message without naming the item ("Does not say how often: ..."), for where the
    finding is shown beside the item's own field; it is empty when `message` reads well there.
    """

    check: CheckKind
    section: PlanSection
    item_id: uuid.UUID | None
    field: str
    message: str
    source: str
    span: tuple[int, int] | None = None
    short: str = ""


# --- Sources (tags [Sx] are listed with their addresses in send-domain.md §7) -------------

CODE_969 = "Code of Practice 9.69"
SRC_TRIBUNAL = ("Criticised by the SEND Tribunal: SEND Advocacy, “Why specify and quantify?” "
                f"[S56]; {CODE_969}")
SRC_WORCESTERSHIRE = f"Worcestershire CC v SE [2020] UKUT 217 (AAC) [S23]; {CODE_969}"
SRC_TRIBUNAL_AND_WORCS = ("Criticised by the SEND Tribunal [S56]; Worcestershire CC v SE "
                          f"[2020] UKUT 217 (AAC) [S23]; {CODE_969}")
SRC_RECOMMENDED = f"Sensational Families, “Section F” [S57]; {CODE_969}"
SRC_AS_REQUIRED = f"Aubis, “Respond to a draft EHCP” [S58]; {CODE_969}"
SRC_UNCONFIRMED = ("Widely cited by practitioners but UNCONFIRMED as authoritative "
                   "(send-domain.md §2): advisory")
SRC_QUANTIFIED = f"{CODE_969}; Worcestershire CC v SE [2020] UKUT 217 (AAC) [S23]; QA rubric 11"
SRC_SMART = "Code of Practice 9.61, 9.66 (SMART outcomes) [S24]; QA rubric 13"
SRC_GOLDEN_THREAD = ("Golden thread need → provision → outcome: DfE standardisation pilot [S33]; "
                     "QA rubric 9")
SRC_NEED_PROVISION = (f"Provision for every need in B: {CODE_969} [S23]; golden thread [S33]; "
                      "QA rubric 9")
SRC_NONE_STATED = "Say explicitly when there are none [S27]; QA rubric 10"
SRC_G_H_BLANK = "SEND Regulations 2014 reg 12 [S3]; Devon [S18b]; QA rubric 12"
SRC_B = "SEND Regulations 2014 reg 12(1) [S3]; [S27]; QA rubric 8"
SRC_E_F_BLANK = "SEND Regulations 2014 reg 12(1) [S3]; QA rubric 11, 13"
SRC_A = "SEND Regulations 2014 reg 12(1)(a) [S3]; [S27]; QA rubric 7"
SRC_PFA = ("Preparation for adulthood from Year 9: SEND Regulations 2014 reg 20(6), 21(6) [S52]; "
           "IPSEA [S26]; Code of Practice 9.61; QA rubric 13")
SRC_DRAFT_I = ("Children and Families Act 2014 s.38(2), (5) [S12]; SEND Regulations 2014 "
               "reg 13(1) [S4]; [S46]")


# --- Vague wording ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Phrase:
    """One kind of vague wording: its finding kind, what to say about it, and the source."""

    key: str  # the canonical phrase, as the reference lists it
    pattern: str
    check: CheckKind
    advice: str  # follows “<phrase as written>” in the message
    source: str
    conditional: str = ""  # "" always flagged; "quantity": unless quantified; "size": unless sized


_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
                 r"twenty|thirty|forty|fifty|sixty|ninety|hundred|half|once|twice|a\s+quarter")
_PERIODS = r"day|week|fortnight|month|term|half[\s-]term|year|session|lesson|hour"
QUANTITY_PATTERN = (
    r"(?<!year\s)(?<!years\s)(?<!ks)(?<!stage\s)(?<![\d.,])\d"  # not a year group or key stage
    rf"|\b(?:{_NUMBER_WORDS})\b"
    r"|\b(?:daily|weekly|fortnightly|monthly|termly|half-termly|annually|yearly|hourly)\b"
    rf"|\b(?:per|each|every)\s+(?:{_PERIODS})s?\b"
    r"|\ban\s+hour\b"
)

PHRASES: tuple[Phrase, ...] = (
    # Longer phrases first: at one position the first alternative that matches wins.
    Phrase("it is recommended that", r"it\s+is\s+recommended(?:\s+that)?",
           CheckKind.VAGUE_WORDING,
           "repeats advice without committing to it: say what will be provided.",
           SRC_RECOMMENDED),
    Phrase("would benefit from", r"would\s+benefit\s+from", CheckKind.VAGUE_WORDING,
           "describes a wish, not provision: say what the child will get, who gives it, how "
           "often and for how long.", SRC_TRIBUNAL),
    Phrase("would be helpful", r"would\s+be\s+helpful", CheckKind.VAGUE_WORDING,
           "does not commit anyone to anything: say what will be provided.", SRC_RECOMMENDED),
    Phrase("opportunities for/to", r"opportunit(?:y|ies)\s+(?:for|to)",
           CheckKind.VAGUE_WORDING,
           "does not say that anything will happen: say what will be provided, by whom, how "
           "often and for how long.", SRC_TRIBUNAL_AND_WORCS),
    Phrase("access to", r"access\s+to", CheckKind.VAGUE_WORDING,
           "does not say what the child will get: say what, who, how often and for how long.",
           SRC_TRIBUNAL),
    Phrase("as required", r"as\s+required", CheckKind.VAGUE_WORDING,
           "leaves someone else to decide whether it happens: say how often and for how long.",
           SRC_AS_REQUIRED),
    Phrase("regular", r"regular(?:ly)?", CheckKind.VAGUE_WORDING,
           "does not say how often: give a frequency, such as “3 times a week”.",
           SRC_TRIBUNAL),
    Phrase("support", r"support(?:s|ed|ing)?", CheckKind.VAGUE_WORDING,
           "on its own does not say what the child will get: say what it is, who gives it, "
           "how often and for how long.", SRC_WORCESTERSHIRE, "quantity"),
    Phrase("input", r"inputs?", CheckKind.VAGUE_WORDING,
           "on its own does not say what the child will get: say what it is, who gives it, "
           "how often and for how long.", SRC_WORCESTERSHIRE, "quantity"),
    Phrase("interventions", r"interventions?", CheckKind.VAGUE_WORDING,
           "does not say which intervention: name it and say who delivers it, how often and "
           "for how long.", SRC_WORCESTERSHIRE, "quantity"),
    Phrase("opportunities", r"opportunit(?:y|ies)", CheckKind.VAGUE_WORDING,
           "does not say that anything will happen: say what will be provided, by whom, how "
           "often and for how long.", SRC_WORCESTERSHIRE, "quantity"),
    # UNCONFIRMED practitioner phrases: advisory.
    Phrase("up to", rf"up\s+to(?=\s+(?:\d|(?:{_NUMBER_WORDS}|an?)\b))",
           CheckKind.ADVISORY_WORDING,
           "sets only a ceiling, so none at all would comply: state the minimum the child "
           "will get.", SRC_UNCONFIRMED),
    Phrase("where possible", r"where(?:ver)?\s+possible", CheckKind.ADVISORY_WORDING,
           "makes the provision optional: say what will be provided.", SRC_UNCONFIRMED),
    Phrase("as appropriate", r"as\s+appropriate", CheckKind.ADVISORY_WORDING,
           "leaves someone else to decide: say what, how often and for how long.",
           SRC_UNCONFIRMED),
    Phrase("small group", r"small[\s-]+groups?", CheckKind.ADVISORY_WORDING,
           "does not give the size: say how many children, such as “a group of no more "
           "than 4”.", SRC_UNCONFIRMED, "size"),
    Phrase("monitoring", r"monitor(?:ing|ed)", CheckKind.ADVISORY_WORDING,
           "does not say who checks what, or how often: say who, how often and how it is "
           "recorded.", SRC_UNCONFIRMED, "quantity"),
)
PHRASE_BY_KEY: dict[str, Phrase] = {p.key: p for p in PHRASES}

_VAGUE = re.compile(
    r"\b(?:" + "|".join(f"(?P<p{i}>{p.pattern})" for i, p in enumerate(PHRASES)) + r")\b",
    re.IGNORECASE,
)
_GROUP_PHRASE = {f"p{i}": p for i, p in enumerate(PHRASES)}
_QUANTITY = re.compile(QUANTITY_PATTERN, re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_SPACES = re.compile(r"\s+")
_SIZE_LOOKAHEAD = 40  # characters after "small group" in which a size may be given

# Sections whose wording is checked: F, G, H1, H2 (the reference) and E (the brief).
WORDING_SECTIONS = (S.E, *PROVISION_SECTIONS)
# Words about quantity of provision, not checked in outcomes or in role names.
_PROVISION_WORDS = frozenset({"support", "input", "interventions", "opportunities", "monitoring",
                              "small group"})
_ROLE_FIELDS = frozenset({"who", "expertise"})
PROVISION_FIELDS = ("what", "who", "how_often", "how_long", "group_size", "expertise")
OUTCOME_FIELDS = ("text", "by_when", "measure")


def has_quantity(text: str) -> bool:
    """Whether `text` states a number or frequency (not counting a year group or key stage)."""
    return _QUANTITY.search(text) is not None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or line) holding text[start:end]."""
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    m = _SENTENCE_END.search(text, end)
    return begin, (m.start() if m else len(text))


def vague_phrases(text: str, *, quantified: bool | None = None,
                  sized: bool = False) -> list[tuple[int, int, str]]:
    """Every vague phrase in `text`, as (start, end, canonical phrase) in reading order.

    The canonical phrase is a key of `PHRASE_BY_KEY` (e.g. "regular" for "Regularly").
    `quantified` says whether the provision the text describes is quantified elsewhere (its
    row gives who, how often and how long): True never flags "support", "input",
    "interventions", "opportunities" or "monitoring"; False always does; None (free text)
    flags them only in a sentence with no quantity. `sized` says a group size is given
    elsewhere, so "small group" is not flagged.
    """
    found: list[tuple[int, int, str]] = []
    for m in _VAGUE.finditer(text):
        phrase = _GROUP_PHRASE[m.lastgroup or ""]
        start, end = m.span()
        if phrase.conditional == "quantity":
            if quantified is None:
                s_begin, s_end = _sentence(text, start, end)
                if _QUANTITY.search(text, s_begin, s_end):
                    continue
            elif quantified:
                continue
        elif phrase.conditional == "size":
            if sized:
                continue
            _, s_end = _sentence(text, start, end)
            if _QUANTITY.search(text, end, min(s_end, end + _SIZE_LOOKAHEAD)):
                continue
        found.append((start, end, phrase.key))
    return found


def _present(value: str) -> bool:
    return bool(value and value.strip())


def check_text(section: PlanSection, field: str, text: str, item_id: uuid.UUID | None = None,
               *, row: ProvisionItem | None = None) -> list[Finding]:
    """The wording findings for one field of one section, as typed (fast: no plan needed).

    Only sections E, F, G, H1 and H2 are checked. Pass the provision `row` being edited (as
    last saved: `text` replaces its `field`) to judge "support" and the like by the row's
    who, how often and how long; without it they are judged by their sentence. `item_id`
    defaults to the row's id.
    """
    if section not in WORDING_SECTIONS or not text:
        return []
    quantified: bool | None = None
    sized = False
    if row is not None:
        item_id = item_id if item_id is not None else row.id

        def value(name: str) -> str:
            return text if name == field else getattr(row, name)
        quantified = _present(value("who")) and _present(value("how_often")) and _present(
            value("how_long"))
        sized = has_quantity(value("group_size"))
    skip_provision_words = section == S.E or field in _ROLE_FIELDS
    findings = []
    for start, end, key in vague_phrases(text, quantified=quantified, sized=sized):
        if key in _PROVISION_WORDS and skip_provision_words:
            continue
        if key == "up to" and field == "group_size":
            continue
        phrase = PHRASE_BY_KEY[key]
        written = _SPACES.sub(" ", text[start:end])
        findings.append(Finding(phrase.check, section, item_id, field,
                                f"“{written}” {phrase.advice}", phrase.source, (start, end)))
    return findings


# --- The whole plan -----------------------------------------------------------------------

_NONE_WHAT = {
    S.C: "health needs", S.D: "social care needs", S.G: "health provision",
    S.H1: "social care provision under section 2 of the Chronically Sick and Disabled "
          "Persons Act 1970",
    S.H2: "other social care provision",
}
_NEED_KIND = {S.B: "need", S.C: "health need", S.D: "social care need"}
_NEED_PROVISION_IN = {S.B: "F", S.C: "G (or F)", S.D: "H1 or H2"}
_FIELD_ADVICE = {
    "what": "does not say what will be provided: describe the provision itself.",
    "who": "does not say who will deliver it: name the role, such as “speech and language "
           "therapist”.",
    "how_often": "does not say how often: give a frequency, such as “3 sessions a week”.",
    "how_long": "does not say for how long: give the length of each session and the period, "
                "such as “30 minutes a session, for the school year”.",
    "group_size": "does not give the group size: say “1:1” or how many children, such as “a "
                  "group of no more than 4”.",
    "expertise": "does not say what expertise or training the person needs, such as “a "
                 "teaching assistant trained in the programme”.",
}
_QUOTE_MAX = 60


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quote(text: str) -> str:
    """Text for a message: one line, cut at about 60 characters."""
    flat = _SPACES.sub(" ", text).strip()
    if len(flat) > _QUOTE_MAX:
        flat = flat[:_QUOTE_MAX - 1].rstrip() + "…"
    return f"“{flat}”"


def _provision_name(row: ProvisionItem) -> str:
    return (f"The provision {_quote(row.what)} in {row.section.value}" if _present(row.what)
            else f"A provision row in {row.section.value}")


def _outcome_name(outcome: OutcomeItem) -> str:
    return f"The outcome {_quote(outcome.text)}" if _present(outcome.text) else "An outcome"


def _need_name(need: NeedItem) -> str:
    return f"The {_NEED_KIND.get(need.section, 'need')} {_quote(need.text)}"


def check_plan(doc: PlanDocument, year_group: int | None) -> list[Finding]:
    """Every finding on one plan version, in section order (A to K), then as the plan reads.

    `year_group` is the child's current year group (None if unknown: the Year 9 rule is
    skipped). Findings about a need's golden thread belong to the need's section (B, C or D).
    """
    out: dict[PlanSection, list[Finding]] = {s: [] for s in PlanSection}
    need_ids = {n.id for n in doc.needs if n.id is not None}

    # A: views, and how they were gathered.
    a = doc.section(S.A)
    if not _present(a.body):
        out[S.A].append(Finding(
            CheckKind.VIEWS_MISSING, S.A, None, "body",
            "Section A has no views: record the views, interests and aspirations of the child "
            "and parents (or of the young person), in their own words where possible.", SRC_A))
    if not _present(a.detail):
        out[S.A].append(Finding(
            CheckKind.VIEWS_METHOD_MISSING, S.A, None, "detail",
            "Section A does not say how the views were gathered: say who gave them, when and "
            "how (a meeting, a questionnaire, pictures, an advocate).", SRC_A))

    # B, C, D: the needs, or an explicit "none".
    if not doc.needs_in(S.B):
        out[S.B].append(Finding(
            CheckKind.SECTION_EMPTY, S.B, None, "needs",
            "Section B lists no special educational needs: describe every need, with the "
            "child's strengths and current attainment.", SRC_B))

    # E: outcomes.
    outcomes = sorted(doc.outcomes, key=lambda o: o.position)
    e = out[S.E]
    e += _text_findings(doc, S.E)
    if not outcomes:
        e.append(Finding(
            CheckKind.SECTION_EMPTY, S.E, None, "outcomes",
            "Section E has no outcomes: say what difference the provision should make, and "
            "by when.", SRC_E_F_BLANK))
    for o in outcomes:
        for name in OUTCOME_FIELDS:
            e += check_text(S.E, name, getattr(o, name), o.id)
        if not _present(o.by_when):
            e.append(Finding(
                CheckKind.OUTCOME_NO_TIMEFRAME, S.E, o.id, "by_when",
                f"{_outcome_name(o)} has no timeframe: say by when, such as “by the end of "
                "Year 8”.", SRC_SMART,
                short="No timeframe: say by when, such as “by the end of Year 8”."))
        if not _present(o.measure):
            e.append(Finding(
                CheckKind.OUTCOME_NO_MEASURE, S.E, o.id, "measure",
                f"{_outcome_name(o)} does not say how progress will be measured: say what "
                "will show it has been achieved.", SRC_SMART,
                short="Does not say how progress will be measured: say what will show it "
                      "has been achieved."))
        e += _link_findings(o.need_ids, need_ids, S.E, o.id, _outcome_name(o),
                            CheckKind.OUTCOME_NO_NEED)
    if (year_group is not None and preparing_for_adulthood(year_group)
            and not any(o.preparing_for_adulthood for o in outcomes)):
        e.append(Finding(
            CheckKind.NO_PFA_OUTCOME, S.E, None, "preparing_for_adulthood",
            f"The child or young person is in Year {year_group}, but no outcome is marked as "
            "preparing for adulthood: add outcomes towards employment, independent living, "
            "friends and community, and good health.", SRC_PFA))

    # F, G, H1, H2: provision rows.
    for section in PROVISION_SECTIONS:
        rows = sorted(doc.provisions_in(section), key=lambda p: p.position)
        found = out[section]
        found += _text_findings(doc, section)
        for row in rows:
            found += _row_findings(row, need_ids)
        if section == S.F and not rows:
            found.append(Finding(
                CheckKind.SECTION_EMPTY, S.F, None, "provisions",
                "Section F lists no provision: specify the provision for every need in B.",
                SRC_E_F_BLANK))

    # C, D, G, H1, H2: items, or an explicit statement that there are none.
    for section in MAY_BE_NONE:
        count = (len(doc.needs_in(section)) if section in NEED_SECTIONS
                 else len(doc.provisions_in(section)))
        stated = doc.section(section).none_identified
        source = SRC_NONE_STATED if section in NEED_SECTIONS else SRC_G_H_BLANK
        what = _NONE_WHAT[section]
        if not count and not stated:
            out[section].append(Finding(
                CheckKind.SECTION_EMPTY, section, None, "none_identified",
                f"Section {section.value} lists no {what}. Say explicitly that there are no "
                f"{what}, rather than leaving {section.value} blank.", source))
        elif count and stated:
            out[section].append(Finding(
                CheckKind.NONE_CONTRADICTED, section, None, "none_identified",
                f"Section {section.value} says there are no {what} but lists {count}: remove "
                "the statement or the items.", source))

    # I: a draft must not name a setting or its type.
    if doc.kind == PlanVersionKind.DRAFT:
        i = doc.section(S.I)
        for name, what in (("body", "a setting"), ("detail", "a type of setting")):
            if _present(getattr(i, name)):
                out[S.I].append(Finding(
                    CheckKind.SETTING_IN_DRAFT, S.I, None, name,
                    f"Section I names {what} in a draft plan: a draft must not name a setting "
                    "or type of setting, so leave I blank until the final plan.", SRC_DRAFT_I))

    # Golden thread: every need met by provision and answered by an outcome.
    with_provision = {i for p in doc.provisions for i in p.need_ids}
    with_outcome = {i for o in doc.outcomes for i in o.need_ids}
    for section in NEED_SECTIONS:
        for need in sorted(doc.needs_in(section), key=lambda n: n.position):
            if need.id not in with_provision:
                out[section].append(Finding(
                    CheckKind.NEED_WITHOUT_PROVISION, section, need.id, "provision",
                    f"{_need_name(need)} has no provision in {_NEED_PROVISION_IN[section]}.",
                    SRC_NEED_PROVISION if section == S.B else SRC_GOLDEN_THREAD))
            if need.id not in with_outcome:
                out[section].append(Finding(
                    CheckKind.NEED_WITHOUT_OUTCOME, section, need.id, "outcome",
                    f"{_need_name(need)} has no outcome in E.", SRC_GOLDEN_THREAD))

    return [f for section in PlanSection for f in out[section]]


def _text_findings(doc: PlanDocument, section: PlanSection) -> list[Finding]:
    text = doc.section(section)
    return check_text(section, "body", text.body) + check_text(section, "detail", text.detail)


def _row_findings(row: ProvisionItem, need_ids: set[uuid.UUID]) -> list[Finding]:
    section = row.section
    name = _provision_name(row)
    found: list[Finding] = []
    for field in PROVISION_FIELDS:
        found += check_text(section, field, getattr(row, field), row.id, row=row)
    for field in ("what", "who", "how_often", "how_long"):
        if not _present(getattr(row, field)):
            found.append(Finding(CheckKind.UNQUANTIFIED_PROVISION, section, row.id, field,
                                 f"{name} {_FIELD_ADVICE[field]}", SRC_QUANTIFIED,
                                 short=_capital(_FIELD_ADVICE[field])))
    if section == S.F:
        for field in ("group_size", "expertise"):
            if not _present(getattr(row, field)):
                found.append(Finding(CheckKind.PROVISION_DETAIL, section, row.id, field,
                                     f"{name} {_FIELD_ADVICE[field]}", SRC_QUANTIFIED,
                                     short=_capital(_FIELD_ADVICE[field])))
    found += _link_findings(row.need_ids, need_ids, section, row.id, name,
                            CheckKind.PROVISION_WITHOUT_NEED)
    return found


def _link_findings(linked: Iterable[uuid.UUID], need_ids: set[uuid.UUID], section: PlanSection,
                   item_id: uuid.UUID | None, name: str, none_kind: CheckKind) -> list[Finding]:
    linked = tuple(linked)
    if not linked:
        return [Finding(none_kind, section, item_id, "need_ids",
                        f"{name} is not linked to any need: link it to the need in B, C or D "
                        "it answers.", SRC_GOLDEN_THREAD,
                        short="Not linked to any need: tick the need in B, C or D it answers.")]
    missing = sum(1 for i in linked if i not in need_ids)
    if not missing:
        return []
    which = "a need that is" if missing == 1 else f"{missing} needs that are"
    return [Finding(CheckKind.UNKNOWN_NEED_LINK, section, item_id, "need_ids",
                    f"{name} is linked to {which} not in this plan: link it to needs listed in "
                    "B, C or D.", SRC_GOLDEN_THREAD)]


def summary(findings: Iterable[Finding], *, include_advisory: bool = True
            ) -> dict[PlanSection, int]:
    """How many findings each section has (every section present, 0 if none), for badges."""
    counts = dict.fromkeys(PlanSection, 0)
    for f in findings:
        if include_advisory or not f.check.advisory:
            counts[f.section] += 1
    return counts
