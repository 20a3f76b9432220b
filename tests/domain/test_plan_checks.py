"""Live quality checks on a plan version: vague wording, quantified provision, SMART outcomes,
blank sections, section A, preparation for adulthood, section I in a draft, golden thread."""

from __future__ import annotations

import uuid
from dataclasses import FrozenInstanceError, replace

import pytest

from caseworker_app.codes import PlanSection, PlanVersionKind
from caseworker_app.entities_plan import (
    NeedItem,
    OutcomeItem,
    PlanDocument,
    ProvisionItem,
    SectionText,
)
from caseworker_app.plan_checks import (
    PHRASE_BY_KEY,
    CheckKind,
    Finding,
    check_plan,
    check_text,
    has_quantity,
    summary,
    vague_phrases,
)

S = PlanSection
K = CheckKind


def uid(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


N1, N2, N3 = uid(1), uid(2), uid(3)  # B, B, C
O1, O2, O3 = uid(11), uid(12), uid(13)
P1, P2, P3 = uid(21), uid(22), uid(23)  # F, F, G


def good_row(**changes) -> ProvisionItem:
    row = ProvisionItem(
        P1, S.F, "Speech and language therapy to build understanding of spoken instructions",
        who="Speech and language therapist", how_often="1 session a week",
        how_long="45 minutes a session, for the school year", group_size="1:1",
        expertise="HCPC-registered speech and language therapist", need_ids=(N1,))
    return replace(row, **changes)


def good_plan(**changes) -> PlanDocument:
    """A plan with nothing to find, for a Year 9 child; each test spoils one thing."""
    sections = {
        S.A: SectionText(uid(31), S.A, body="Sam says: “I like trains and I want to work at "
                         "the station.” His parents want him to travel on his own.",
                         detail="Talked with Sam at school using pictures on 3 March 2026; "
                         "parents by phone."),
        S.D: SectionText(uid(32), S.D, none_identified=True),
        S.H1: SectionText(uid(33), S.H1, none_identified=True),
        S.H2: SectionText(uid(34), S.H2, none_identified=True),
        S.I: SectionText(uid(35), S.I, body="Exeter Community College",
                         detail="Mainstream secondary academy"),
    }
    doc = PlanDocument(
        version_id=uid(100), plan_id=uid(101), child_id=uid(102), number=2,
        kind=PlanVersionKind.FINAL, issued_on=None, based_on_id=None, editable=False,
        sections=sections,
        needs=(
            NeedItem(N1, S.B, "Difficulty following spoken instructions", position=0),
            NeedItem(N2, S.B, "Reads well below the level expected for his age", position=1),
            NeedItem(N3, S.C, "Epilepsy, with absence seizures during the school day"),
        ),
        outcomes=(
            OutcomeItem(O1, "Sam will follow a two-step instruction in class without a "
                        "reminder", by_when="by the end of Year 9",
                        measure="Class teacher's observation record, checked each half term",
                        need_ids=(N1,)),
            OutcomeItem(O2, "Sam will read a bus timetable on his own", by_when="July 2027",
                        measure="Reading age on the school's termly test", need_ids=(N2,),
                        preparing_for_adulthood=True, position=1),
            OutcomeItem(O3, "Sam will tell an adult when he feels a seizure coming",
                        by_when="July 2027", measure="Seizure log kept by the school nurse",
                        need_ids=(N3,), position=2),
        ),
        provisions=(
            good_row(),
            ProvisionItem(P2, S.F, "Toe by Toe reading programme",
                          who="Teaching assistant trained in Toe by Toe",
                          how_often="5 sessions a week", how_long="20 minutes a session",
                          group_size="1:1", expertise="Trained by the SENCo", need_ids=(N2,),
                          position=1),
            ProvisionItem(P3, S.G, "Individual healthcare plan for epilepsy, kept by the "
                          "school", who="Epilepsy specialist nurse",
                          how_often="Reviewed once a term", how_long="For the life of the plan",
                          need_ids=(N3,)),
        ),
    )
    return replace(doc, **changes)


def with_section(doc: PlanDocument, section: PlanSection, **fields) -> PlanDocument:
    sections = dict(doc.sections)
    sections[section] = replace(doc.section(section), **fields)
    return replace(doc, sections=sections)


def with_row(doc: PlanDocument, row_id: uuid.UUID, **changes) -> PlanDocument:
    return replace(doc, provisions=tuple(replace(p, **changes) if p.id == row_id else p
                                         for p in doc.provisions))


def with_outcome(doc: PlanDocument, outcome_id: uuid.UUID, **changes) -> PlanDocument:
    return replace(doc, outcomes=tuple(replace(o, **changes) if o.id == outcome_id else o
                                       for o in doc.outcomes))


def kinds(findings: list[Finding]) -> list[tuple[CheckKind, PlanSection, str]]:
    return [(f.check, f.section, f.field) for f in findings]


def test_a_good_plan_has_no_findings() -> None:
    assert check_plan(good_plan(), year_group=9) == []


# --- Vague wording ------------------------------------------------------------------------

SPAN_CASES = [
    ("Sam will have access to a laptop.", "access to", "access to"),
    ("ACCESS TO a quiet room", "ACCESS TO", "access to"),
    ("Access\nto speech therapy", "Access\nto", "access to"),
    ("Opportunities for social play with peers", "Opportunities for", "opportunities for/to"),
    ("She will have opportunities to practise.", "opportunities to", "opportunities for/to"),
    ("an opportunity to talk to an adult", "opportunity to", "opportunities for/to"),
    ("Regular speech therapy", "Regular", "regular"),
    ("Seen regularly by the therapist.", "regularly", "regular"),
    ("Sam would benefit from a quiet space.", "would benefit from", "would benefit from"),
    ("It is recommended that Sam has a laptop.", "It is recommended that",
     "it is recommended that"),
    ("A visual timetable would be helpful.", "would be helpful", "would be helpful"),
    ("Movement breaks as required.", "as required", "as required"),
    ("Adult support in lessons.", "support", "support"),
    ("Sam will be supported in class.", "supported", "support"),
    ("Speech and language input.", "input", "input"),
    ("Literacy interventions.", "interventions", "interventions"),
    ("Opportunities abound.", "Opportunities", "opportunities"),
    ("support in Year 10", "support", "support"),  # a year group is not a quantity
    ("Up to 3 hours of teaching assistant time.", "Up to", "up to"),
    ("up to an hour a day", "up to", "up to"),
    ("Breaks where possible.", "where possible", "where possible"),
    ("Breaks wherever possible.", "wherever possible", "where possible"),
    ("Adjustments as appropriate.", "as appropriate", "as appropriate"),
    ("Small group work on phonics.", "Small group", "small group"),
    ("Taught in small-groups.", "small-groups", "small group"),
    ("Monitoring of progress.", "Monitoring", "monitoring"),
]


@pytest.mark.parametrize(("text", "written", "key"), SPAN_CASES,
                         ids=[text.replace("\n", " ") for text, _, _ in SPAN_CASES])
def test_each_vague_phrase_is_found_at_its_span(text: str, written: str, key: str) -> None:
    start = text.index(written)
    assert vague_phrases(text) == [(start, start + len(written), key)]


@pytest.mark.parametrize("text", [
    "Speech and language therapy, 45 minutes a week, from a therapist.",
    "Support from a teaching assistant for 30 minutes daily.",
    "Literacy intervention (Toe by Toe) five times a week.",
    "Input from the educational psychologist once a term.",
    "Monitoring by the SENCo each half-term.",
    "Taught in a small group of no more than 4.",
    "A small group (six children).",
    "Irregular attendance is a concern.",  # not "regular"
    "A supportive, calm classroom.",  # not "support"
    "He is accessible to peers.",  # not "access to"
    "Reports are kept up to date.",  # "up to" only before a quantity
    "It was required as a matter of course.",
    "",
], ids=["therapy", "support-quantified", "intervention-quantified", "input-quantified",
        "monitoring-quantified", "small-group-sized", "small-group-sized-words", "irregular",
        "supportive", "accessible", "up-to-date", "required-alone", "empty"])
def test_clear_wording_is_not_flagged(text: str) -> None:
    assert vague_phrases(text) == []


def test_each_sentence_is_judged_on_its_own() -> None:
    text = "Speech therapy 3 times a week. Adult support at lunch."
    start = text.index("support")
    assert vague_phrases(text) == [(start, start + len("support"), "support")]


CONFIRMED_CASES = [
    ("Access to a laptop", "access to", "[S56]"),
    ("Opportunities to play", "opportunities for/to", "Worcestershire CC v SE"),
    ("Regular sessions", "regular", "[S56]"),
    ("He would benefit from therapy", "would benefit from", "SEND Tribunal"),
    ("It is recommended that he has therapy", "it is recommended that", "[S57]"),
    ("A laptop would be helpful", "would be helpful", "[S57]"),
    ("Breaks as required", "as required", "[S58]"),
    ("Adult support", "support", "Worcestershire CC v SE [2020] UKUT 217 (AAC)"),
    ("Therapy input", "input", "Worcestershire CC v SE [2020] UKUT 217 (AAC)"),
    ("Reading interventions", "interventions", "Worcestershire CC v SE [2020] UKUT 217 (AAC)"),
]


@pytest.mark.parametrize(("text", "key", "cited"), CONFIRMED_CASES,
                         ids=[key for _, key, _ in CONFIRMED_CASES])
def test_confirmed_wording_is_a_vague_wording_finding_with_its_source(text, key, cited) -> None:
    [finding] = check_text(S.F, "what", text, P1)
    assert finding.check == K.VAGUE_WORDING and not finding.check.advisory
    assert (finding.section, finding.item_id, finding.field) == (S.F, P1, "what")
    assert cited in finding.source and "Code of Practice 9.69" in finding.source
    assert finding.message.startswith("“") and finding.span is not None
    assert text[finding.span[0]:finding.span[1]].lower() in finding.message.lower()
    assert PHRASE_BY_KEY[key].source == finding.source


@pytest.mark.parametrize("text", ["Up to 3 hours a week", "Breaks where possible",
                                  "Adjustments as appropriate", "Small group work",
                                  "Monitoring of behaviour"],
                         ids=["up-to", "where-possible", "as-appropriate", "small-group",
                              "monitoring"])
def test_unconfirmed_wording_is_advisory(text: str) -> None:
    [finding] = check_text(S.F, "what", text)
    assert finding.check == K.ADVISORY_WORDING and finding.check.advisory
    assert "UNCONFIRMED" in finding.source and "widely cited" in finding.source.lower()


def test_the_message_says_what_is_wrong_and_what_good_looks_like() -> None:
    [finding] = check_text(S.F, "what", "Access to a laptop")
    assert finding.message == ("“Access to” does not say what the child will get: say what, "
                               "who, how often and for how long.")
    assert finding.span == (0, 9)


@pytest.mark.parametrize(("section", "field", "text", "expected"), [
    (S.B, "body", "Sam regularly loses his place.", []),  # needs are not provision
    (S.A, "body", "He would benefit from friends.", []),
    (S.E, "text", "Sam will regularly read aloud.", ["regularly"]),
    (S.E, "text", "With less adult support, Sam will dress himself.", []),  # outcomes may
    (S.G, "what", "Access to a nurse", ["access to"]),
    (S.H1, "how_often", "As required", ["as required"]),
    (S.H2, "body", "Short breaks would be helpful.", ["would be helpful"]),
    (S.F, "who", "Learning support assistant", []),  # a role, not a quantity
    (S.F, "expertise", "Specialist teacher for sensory support", []),
    (S.F, "group_size", "Group of up to 4", []),  # a ceiling is what a group size wants
    (S.F, "how_long", "Up to 3 hours a week", ["up to"]),
    (S.F, "group_size", "Small group", ["small group"]),
], ids=["B-not-checked", "A-not-checked", "E-regular", "E-support-allowed", "G", "H1", "H2",
        "who-role", "expertise-role", "group-size-up-to", "how-long-up-to", "group-size-unsized"])
def test_which_sections_and_fields_are_checked(section, field, text, expected) -> None:
    found = check_text(section, field, text, P1)
    assert [text[f.span[0]:f.span[1]].lower() for f in found if f.span] == expected
    assert all((f.section, f.field, f.item_id) == (section, field, P1) for f in found)


@pytest.mark.parametrize(("row_changes", "flagged"), [
    ({}, False),  # who, how often and how long given: "support" is quantified by the row
    ({"who": ""}, True),
    ({"how_often": "  "}, True),
    ({"how_long": ""}, True),
], ids=["row-quantified", "no-who", "no-how-often", "no-how-long"])
def test_support_in_a_row_is_judged_by_the_row(row_changes, flagged) -> None:
    row = good_row(**row_changes)
    found = check_text(S.F, "what", "Adult support in lessons", row=row)
    assert [(f.check, f.item_id) for f in found] == ([(K.VAGUE_WORDING, P1)] if flagged else [])


def test_the_typed_text_replaces_the_rows_saved_field() -> None:
    row = good_row(how_often="")
    # typing a frequency into how_often quantifies the row, even before it is saved
    assert check_text(S.F, "how_often", "Support 3 times a week", P1, row=row) == []
    assert check_text(S.F, "what", "Adult support", P1, row=good_row(group_size="")) == []
    found = check_text(S.F, "who", "", P1, row=row)
    assert found == []  # an empty field has no wording to check


def test_small_group_is_sized_by_the_rows_group_size() -> None:
    assert check_text(S.F, "what", "Small group phonics", P1, row=good_row(group_size="4")) == []
    [finding] = check_text(S.F, "what", "Small group phonics", P1,
                           row=good_row(group_size="small"))
    assert finding.check == K.ADVISORY_WORDING


@pytest.mark.parametrize(("text", "expected"), [
    ("3 times a week", True), ("twice a day", True), ("weekly", True), ("per term", True),
    ("each session", True), ("an hour", True), ("half an hour", True),
    ("Year 9", False), ("year 10", False), ("Key Stage 3", False), ("KS4", False),
    ("often", False), ("", False),
])
def test_what_counts_as_a_quantity(text: str, expected: bool) -> None:
    assert has_quantity(text) is expected


# --- The whole plan -----------------------------------------------------------------------

def test_vague_wording_in_a_row_is_found_with_the_row_and_field() -> None:
    doc = with_row(good_plan(), P1, what="Access to a speech and language therapist")
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.item_id, finding.field, finding.span) == (
        K.VAGUE_WORDING, S.F, P1, "what", (0, 9))


@pytest.mark.parametrize(("section", "field"), [
    (S.E, "body"), (S.F, "body"), (S.G, "detail"), (S.H1, "body"), (S.H2, "body")])
def test_vague_wording_in_a_sections_text_is_found(section, field) -> None:
    doc = with_section(good_plan(), section, **{field: "Therapy would be helpful."})
    assert kinds(check_plan(doc, 9)) == [(K.VAGUE_WORDING, section, field)]


@pytest.mark.parametrize("field", ["text", "by_when", "measure"])
def test_vague_wording_in_an_outcome_is_found(field) -> None:
    doc = with_outcome(good_plan(), O1, **{field: "Checked regularly"})
    assert [(f.check, f.item_id, f.field) for f in check_plan(doc, 9)] == [
        (K.VAGUE_WORDING, O1, field)]


def test_vague_wording_outside_e_to_h_is_not_a_finding() -> None:
    doc = with_section(good_plan(), S.B, body="He would benefit from regular breaks.")
    assert check_plan(doc, 9) == []


@pytest.mark.parametrize("field", ["what", "who", "how_often", "how_long"])
def test_each_missing_field_of_a_provision_row_is_one_finding(field: str) -> None:
    doc = with_row(good_plan(), P1, **{field: ""})
    [finding] = [f for f in check_plan(doc, 9) if f.check == K.UNQUANTIFIED_PROVISION]
    assert (finding.section, finding.item_id, finding.field) == (S.F, P1, field)
    assert "Code of Practice 9.69" in finding.source


def test_a_row_missing_all_three_has_three_findings_and_its_vague_words_flagged() -> None:
    doc = with_row(good_plan(), P1, what="Adult support", who="", how_often="", how_long="")
    found = [(f.check, f.field) for f in check_plan(doc, 9) if f.item_id == P1]
    assert found == [(K.VAGUE_WORDING, "what"), (K.UNQUANTIFIED_PROVISION, "who"),
                     (K.UNQUANTIFIED_PROVISION, "how_often"),
                     (K.UNQUANTIFIED_PROVISION, "how_long")]


def test_the_missing_field_message_names_the_provision() -> None:
    doc = with_row(good_plan(), P2, how_often="")
    [finding] = check_plan(doc, 9)
    assert finding.message.startswith("The provision “Toe by Toe reading programme” in F "
                                      "does not say how often")


@pytest.mark.parametrize(("section", "field", "expected"), [
    (S.F, "group_size", [(K.PROVISION_DETAIL, "group_size")]),
    (S.F, "expertise", [(K.PROVISION_DETAIL, "expertise")]),
    (S.G, "group_size", []),  # group size and expertise are asked of F only
], ids=["F-group-size", "F-expertise", "G-group-size"])
def test_group_size_and_expertise_are_advisory_in_f(section, field, expected) -> None:
    row_id = P1 if section == S.F else P3
    doc = with_row(good_plan(), row_id, **{field: ""})
    found = check_plan(doc, 9)
    assert [(f.check, f.field) for f in found] == expected
    assert all(f.check.advisory for f in found)


@pytest.mark.parametrize(("changes", "kind", "field"), [
    ({"by_when": ""}, K.OUTCOME_NO_TIMEFRAME, "by_when"),
    ({"measure": " "}, K.OUTCOME_NO_MEASURE, "measure"),
    ({"need_ids": ()}, K.OUTCOME_NO_NEED, "need_ids"),
], ids=["no-timeframe", "no-measure", "no-need"])
def test_outcome_checks(changes, kind, field) -> None:
    doc = with_outcome(good_plan(), O2, **changes)
    if kind == K.OUTCOME_NO_NEED:  # N2 then has no outcome either
        doc = replace(doc, outcomes=(*doc.outcomes, OutcomeItem(
            uid(14), "Sam will read a menu", by_when="July 2027", measure="Reading test",
            need_ids=(N2,))))
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.item_id, finding.field) == (
        kind, S.E, O2, field)
    assert finding.message.startswith("The outcome “Sam will read a bus timetable on his own”")


@pytest.mark.parametrize("section", [S.C, S.D, S.G, S.H1, S.H2])
def test_a_blank_section_must_say_there_is_nothing(section: PlanSection) -> None:
    doc = good_plan()
    doc = replace(doc, needs=tuple(n for n in doc.needs if n.section != section),
                  provisions=tuple(p for p in doc.provisions if p.section != section),
                  outcomes=tuple(o for o in doc.outcomes if section != S.C or N3 not in o.need_ids))
    doc = with_section(doc, section, none_identified=False)
    if section in (S.C, S.G):  # the health need and its provision go together
        doc = replace(doc, needs=tuple(n for n in doc.needs if n.section != S.C),
                      provisions=tuple(p for p in doc.provisions if p.section != S.G),
                      outcomes=tuple(o for o in doc.outcomes if N3 not in o.need_ids))
        doc = with_section(doc, S.C if section == S.G else S.G, none_identified=True)
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.field) == (
        K.SECTION_EMPTY, section, "none_identified")
    assert f"rather than leaving {section.value} blank" in finding.message
    # saying so explicitly clears it
    assert check_plan(with_section(doc, section, none_identified=True), 9) == []


def test_the_health_message_is_the_one_the_reference_asks_for() -> None:
    doc = replace(good_plan(), needs=good_plan().needs[:2], provisions=good_plan().provisions[:2],
                  outcomes=good_plan().outcomes[:2])
    doc = with_section(doc, S.G, none_identified=True)
    [finding] = check_plan(doc, 9)
    assert finding.message.endswith(
        "Say explicitly that there are no health needs, rather than leaving C blank.")


def test_none_identified_with_items_listed_is_a_contradiction() -> None:
    doc = with_section(good_plan(), S.C, none_identified=True)
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section) == (K.NONE_CONTRADICTED, S.C)
    assert "lists 1" in finding.message


@pytest.mark.parametrize(("section", "kind", "field"), [
    (S.B, K.SECTION_EMPTY, "needs"),
    (S.E, K.SECTION_EMPTY, "outcomes"),
    (S.F, K.SECTION_EMPTY, "provisions"),
])
def test_b_e_and_f_must_not_be_empty(section, kind, field) -> None:
    doc = good_plan()
    if section == S.B:
        doc = replace(doc, needs=tuple(n for n in doc.needs if n.section != S.B))
    elif section == S.E:
        doc = replace(doc, outcomes=())
    else:
        doc = replace(doc, provisions=tuple(p for p in doc.provisions if p.section != S.F))
    found = check_plan(doc, None)
    assert (kind, section, field) in kinds(found)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"body": ""}, [(K.VIEWS_MISSING, S.A, "body")]),
    ({"detail": "  "}, [(K.VIEWS_METHOD_MISSING, S.A, "detail")]),
    ({"body": "", "detail": ""}, [(K.VIEWS_MISSING, S.A, "body"),
                                  (K.VIEWS_METHOD_MISSING, S.A, "detail")]),
], ids=["no-views", "no-how-gathered", "neither"])
def test_section_a_needs_views_and_how_they_were_gathered(changes, expected) -> None:
    assert kinds(check_plan(with_section(good_plan(), S.A, **changes), 9)) == expected


def test_a_plan_with_no_section_a_record_is_found() -> None:
    doc = good_plan()
    doc = replace(doc, sections={s: t for s, t in doc.sections.items() if s != S.A})
    assert [f.check for f in check_plan(doc, 9)] == [K.VIEWS_MISSING, K.VIEWS_METHOD_MISSING]


@pytest.mark.parametrize(("year_group", "pfa", "flagged"), [
    (8, False, False),
    (9, False, True),
    (9, True, False),
    (14, False, True),
    (None, False, False),  # year group not known: not judged
], ids=["year-8", "year-9", "year-9-with-pfa", "year-14", "unknown"])
def test_preparing_for_adulthood_from_year_9(year_group, pfa, flagged) -> None:
    doc = with_outcome(good_plan(), O2, preparing_for_adulthood=pfa)
    found = check_plan(doc, year_group)
    assert kinds(found) == ([(K.NO_PFA_OUTCOME, S.E, "preparing_for_adulthood")] if flagged
                            else [])
    if flagged:
        assert "reg 20(6)" in found[0].source and f"Year {year_group}" in found[0].message


@pytest.mark.parametrize(("kind", "body", "detail", "expected"), [
    (PlanVersionKind.DRAFT, "Exeter Community College", "Mainstream secondary academy",
     [(K.SETTING_IN_DRAFT, S.I, "body"), (K.SETTING_IN_DRAFT, S.I, "detail")]),
    (PlanVersionKind.DRAFT, "", "Mainstream secondary academy",
     [(K.SETTING_IN_DRAFT, S.I, "detail")]),
    (PlanVersionKind.DRAFT, "", " ", []),
    (PlanVersionKind.FINAL, "Exeter Community College", "Mainstream secondary academy", []),
    (PlanVersionKind.PROPOSED_AMENDMENTS, "Exeter Community College", "Mainstream", []),
], ids=["draft-named", "draft-type-only", "draft-blank", "final", "proposed"])
def test_section_i_must_be_blank_in_a_draft(kind, body, detail, expected) -> None:
    doc = with_section(replace(good_plan(), kind=kind), S.I, body=body, detail=detail)
    found = check_plan(doc, 9)
    assert kinds(found) == expected
    assert all("s.38" in f.source and "reg 13" in f.source for f in found)


# --- Golden thread ------------------------------------------------------------------------

def test_a_need_with_no_provision_is_named() -> None:
    doc = replace(good_plan(), provisions=good_plan().provisions[1:])  # P1 met N1
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.item_id) == (
        K.NEED_WITHOUT_PROVISION, S.B, N1)
    assert finding.message == ("The need “Difficulty following spoken instructions” has no "
                               "provision in F.")


@pytest.mark.parametrize(("need_section", "where"), [(S.C, "G (or F)"), (S.D, "H1 or H2")])
def test_health_and_social_care_needs_need_provision_too(need_section, where) -> None:
    need = NeedItem(uid(5), need_section, "Needs help to eat")
    doc = replace(good_plan(), needs=(*good_plan().needs, need))
    if need_section == S.D:
        doc = with_section(doc, S.D, none_identified=False)
    doc = with_outcome(doc, O3, need_ids=(N3, need.id))
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.item_id) == (
        K.NEED_WITHOUT_PROVISION, need_section, need.id)
    assert finding.message.endswith(f"“Needs help to eat” has no provision in {where}.")


def test_provision_in_any_provision_section_meets_a_need() -> None:
    doc = with_row(good_plan(), P3, section=S.F, group_size="1:1",
                   expertise="Trained by the nurse")  # the health need met in F
    doc = with_section(doc, S.G, none_identified=True)
    assert check_plan(doc, 9) == []


def test_a_need_with_no_outcome_is_named() -> None:
    doc = with_outcome(good_plan(), O1, need_ids=(N2,))
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.item_id, finding.field) == (
        K.NEED_WITHOUT_OUTCOME, S.B, N1, "outcome")
    assert finding.message == ("The need “Difficulty following spoken instructions” has no "
                               "outcome in E.")


def test_a_provision_row_linked_to_no_need() -> None:
    extra = good_row(id=uid(24), what="Laptop with speech-to-text", need_ids=())
    doc = replace(good_plan(), provisions=(*good_plan().provisions, extra))
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.item_id, finding.field) == (
        K.PROVISION_WITHOUT_NEED, S.F, extra.id, "need_ids")
    assert "“Laptop with speech-to-text” in F is not linked to any need" in finding.message


@pytest.mark.parametrize("target", ["provision", "outcome"])
def test_a_link_to_a_need_not_in_the_plan(target: str) -> None:
    doc = good_plan()
    if target == "provision":
        doc, item, section = with_row(doc, P1, need_ids=(N1, uid(99))), P1, S.F
    else:
        doc, item, section = with_outcome(doc, O1, need_ids=(N1, uid(99))), O1, S.E
    [finding] = check_plan(doc, 9)
    assert (finding.check, finding.section, finding.item_id) == (
        K.UNKNOWN_NEED_LINK, section, item)
    assert "a need that is not in this plan" in finding.message


def test_long_need_text_is_shortened_in_the_message() -> None:
    long_text = "Difficulty " + "with a great many things " * 10
    doc = replace(good_plan(), needs=(replace(good_plan().needs[0], text=long_text),
                                      *good_plan().needs[1:]))
    doc = replace(doc, provisions=good_plan().provisions[1:])
    [finding] = check_plan(doc, 9)
    assert "…”" in finding.message and len(finding.message) < 110


# --- Order, summary, records, speed -------------------------------------------------------

def test_findings_come_in_section_order() -> None:
    doc = with_section(good_plan(), S.A, detail="")
    doc = with_row(doc, P2, how_long="")
    doc = replace(doc, kind=PlanVersionKind.DRAFT)
    doc = with_outcome(doc, O1, measure="")
    assert [f.section for f in check_plan(doc, 9)] == [S.A, S.E, S.F, S.I, S.I]


def test_summary_counts_each_section_for_the_badges() -> None:
    doc = with_row(good_plan(), P1, who="", group_size="")
    doc = with_section(doc, S.A, body="")
    found = check_plan(doc, 9)
    counts = summary(found)
    assert set(counts) == set(PlanSection)
    assert (counts[S.A], counts[S.F], counts[S.B]) == (1, 2, 0)
    assert summary(found, include_advisory=False)[S.F] == 1


def test_a_finding_is_frozen() -> None:
    finding = check_text(S.F, "what", "Access to a laptop")[0]
    with pytest.raises(FrozenInstanceError):
        finding.message = "changed"  # type: ignore[misc]


def test_every_kind_has_a_label_and_only_two_are_advisory() -> None:
    assert all(k.label != k.value for k in CheckKind)
    assert {k for k in CheckKind if k.advisory} == {K.ADVISORY_WORDING, K.PROVISION_DETAIL}


def big_plan() -> PlanDocument:
    """40 needs, 40 outcomes, 80 provision rows, with some vague wording to find."""
    needs = tuple(NeedItem(uid(1000 + i), S.B, f"Need number {i} with reading and writing",
                           position=i) for i in range(40))
    outcomes = tuple(OutcomeItem(uid(2000 + i), f"Sam will regularly manage task {i} alone",
                                 by_when="July 2027", measure="Teacher's record each half term",
                                 need_ids=(needs[i].id,), position=i) for i in range(40))
    rows = tuple(good_row(id=uid(3000 + i), what=f"Adult support and access to room {i}",
                          how_often="" if i % 3 else "as required", position=i,
                          need_ids=(needs[i % 40].id,)) for i in range(80))
    return replace(good_plan(), needs=needs, outcomes=outcomes, provisions=rows)


def test_check_plan_checks_every_item_of_a_large_plan() -> None:
    # Speed is measured in benchmarks/plan_checks.py, not here.
    found = check_plan(big_plan(), 10)
    assert len(found) > 200
    flagged = {f.item_id for f in found if f.section == S.F}
    assert flagged >= {uid(3000 + i) for i in range(1, 80, 3)}
