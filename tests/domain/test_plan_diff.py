"""What changed between two plan versions: per section, per item (paired by source_id), and
word by word."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker_app.codes import PlanSection, PlanVersionKind
from caseworker_app.entities_plan import (
    AdviceItem,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    ProvisionItem,
    SectionText,
)
from caseworker_app.plan_diff import (
    Chunk,
    changed_sections,
    compare,
    new_text,
    old_text,
    redline,
    redline_text,
    tokens,
    word_diff,
)

S = PlanSection
NEED_1 = "Difficulty following spoken instructions"
NEED_2 = "Reads well below the level expected for his age"


def uid(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def final_plan() -> PlanDocument:
    """The last final plan."""
    return PlanDocument(
        version_id=uid(100), plan_id=uid(101), child_id=uid(102), number=1,
        kind=PlanVersionKind.FINAL, issued_on=date(2025, 3, 1), based_on_id=None,
        editable=False,
        sections={
            S.A: SectionText(uid(31), S.A, body="Sam likes trains.",
                             detail="Talked with Sam at school."),
            S.D: SectionText(uid(32), S.D, none_identified=True),
            S.I: SectionText(uid(33), S.I, body="Exeter Primary School",
                             detail="Mainstream primary"),
        },
        needs=(NeedItem(uid(1), S.B, NEED_1), NeedItem(uid(2), S.B, NEED_2, position=1)),
        outcomes=(OutcomeItem(uid(11), "Sam will follow a two-step instruction",
                              by_when="July 2026", measure="Teacher's record",
                              need_ids=(uid(1),)),),
        provisions=(
            ProvisionItem(uid(21), S.F, "Speech and language therapy",
                          who="Speech and language therapist", how_often="1 session a week",
                          how_long="45 minutes a session", group_size="1:1",
                          need_ids=(uid(1),)),
            ProvisionItem(uid(22), S.F, "Toe by Toe reading programme",
                          who="Teaching assistant", how_often="5 sessions a week",
                          how_long="20 minutes a session", need_ids=(uid(2),), position=1),
        ),
        advice=(AdviceItem(uid(41), "Dr A Patel", role="Educational psychologist",
                           dated=date(2025, 1, 14)),),
    )


def copied(doc: PlanDocument) -> PlanDocument:
    """Proposed amendments as the service makes them: every record copied with a new id,
    its source_id naming the original, links remapped to the copied needs."""
    new_id = {n.id: uid(n.id.int + 500) for n in doc.needs}

    def relink(ids: tuple[uuid.UUID, ...]) -> tuple[uuid.UUID, ...]:
        return tuple(new_id[i] for i in ids)

    return replace(
        doc, version_id=uid(200), number=2, kind=PlanVersionKind.PROPOSED_AMENDMENTS,
        issued_on=None, based_on_id=doc.version_id, editable=True,
        sections={s: replace(t, id=uid(t.id.int + 500), source_id=t.id)
                  for s, t in doc.sections.items()},
        needs=tuple(replace(n, id=new_id[n.id], source_id=n.id) for n in doc.needs),
        outcomes=tuple(replace(o, id=uid(o.id.int + 500), source_id=o.id,
                               need_ids=relink(o.need_ids)) for o in doc.outcomes),
        provisions=tuple(replace(p, id=uid(p.id.int + 500), source_id=p.id,
                                 need_ids=relink(p.need_ids)) for p in doc.provisions),
        advice=tuple(replace(a, id=uid(a.id.int + 500), source_id=a.id) for a in doc.advice),
    )


def change_row(doc: PlanDocument, index: int, **changes) -> PlanDocument:
    rows = list(doc.provisions)
    rows[index] = replace(rows[index], **changes)
    return replace(doc, provisions=tuple(rows))


def field(item, name: str):
    [found] = [f for f in item.fields if f.name == name]
    return found


def test_an_unchanged_plan_has_no_changes() -> None:
    old = final_plan()
    diff = compare(old, copied(old))
    assert changed_sections(diff) == []
    assert list(diff.sections) == list(PlanSection)
    assert all(i.status == "unchanged" for s in diff.sections.values() for i in s.items)
    assert redline_text(diff) == "No changes."
    assert (diff.old_version_id, diff.new_version_id) == (uid(100), uid(200))


def test_counts_of_items_per_section() -> None:
    diff = compare(final_plan(), copied(final_plan()))
    assert {s: len(d.items) for s, d in diff.sections.items() if d.items} == {
        S.B: 2, S.E: 1, S.F: 2, S.K: 1}


def test_one_word_changed_in_f() -> None:
    old = final_plan()
    new = change_row(copied(old), 0, how_long="60 minutes a session")
    diff = compare(old, new)
    assert changed_sections(diff) == [S.F]
    first, second = diff.sections[S.F].items
    assert (first.status, second.status) == ("changed", "unchanged")
    assert (first.old_id, first.new_id) == (uid(21), uid(521))
    how_long = field(first, "how_long")
    assert how_long.changed and how_long.label == "How long"
    assert how_long.chunks == [Chunk("delete", "45"), Chunk("insert", "60"),
                               Chunk("equal", " minutes a session")]
    assert [f.name for f in first.fields if f.changed] == ["how_long"]
    assert redline_text(diff) == (
        "F: Special educational provision\n"
        "  Changed provision: What: Speech and language therapy; Who: Speech and language "
        "therapist; How often: 1 session a week; How long: [-45-]{+60+} minutes a session; "
        "Group size: 1:1; Needs: “Difficulty following spoken instructions”")


def test_neighbouring_changed_words_read_as_one_change() -> None:
    assert word_diff("1 session a week", "2 sessions a week") == [
        Chunk("delete", "1 session"), Chunk("insert", "2 sessions"), Chunk("equal", " a week")]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("", "", []),
    ("same", "same", [Chunk("equal", "same")]),
    ("", "new words", [Chunk("insert", "new words")]),
    ("old words", "", [Chunk("delete", "old words")]),
    ("Sam likes trains.", "Sam likes buses.",
     [Chunk("equal", "Sam likes "), Chunk("delete", "trains"), Chunk("insert", "buses"),
      Chunk("equal", ".")]),
    ("twice a week", "twice a week, in class",
     [Chunk("equal", "twice a week"), Chunk("insert", ", in class")]),
], ids=["both-empty", "same", "added", "removed", "one-word", "appended"])
def test_word_diff(old: str, new: str, expected: list[Chunk]) -> None:
    assert word_diff(old, new) == expected


def test_an_item_added() -> None:
    old = final_plan()
    new = copied(old)
    row = ProvisionItem(uid(900), S.F, "Laptop with speech-to-text", who="SENCo",
                        need_ids=(uid(502),), position=2)
    diff = compare(old, replace(new, provisions=(*new.provisions, row)))
    assert changed_sections(diff) == [S.F]
    added = diff.sections[S.F].items[-1]
    assert (added.status, added.old_id, added.new_id) == ("added", None, uid(900))
    assert added.text == [Chunk("insert", "What: Laptop with speech-to-text; Who: SENCo; "
                                          f"Needs: “{NEED_2}”")]
    assert all(c.op == "insert" for f in added.fields for c in f.chunks)
    assert "  Added provision: {+What: Laptop with speech-to-text;" in redline_text(diff)


def test_an_item_removed_stays_where_it_was() -> None:
    old = final_plan()
    new = copied(old)
    diff = compare(old, replace(new, provisions=new.provisions[1:]))
    removed, kept = diff.sections[S.F].items
    assert (removed.status, removed.old_id, removed.new_id) == ("removed", uid(21), None)
    assert kept.status == "unchanged"
    assert removed.text[0] == Chunk("delete", "What: Speech and language therapy; Who: Speech "
                                              "and language therapist; How often: 1 session a "
                                              "week; How long: 45 minutes a session; Group "
                                              f"size: 1:1; Needs: “{NEED_1}”")
    assert changed_sections(diff) == [S.F]


def test_a_need_relinked_is_shown_by_need_text() -> None:
    old = final_plan()
    new = change_row(copied(old), 0, need_ids=(uid(502),))  # now meets NEED_2, not NEED_1
    diff = compare(old, new)
    item = diff.sections[S.F].items[0]
    needs = field(item, "need_ids")
    assert item.status == "changed" and needs.label == "Needs"
    assert (needs.old, needs.new) == (f"“{NEED_1}”", f"“{NEED_2}”")
    assert str(uid(502)) not in redline_text(diff)
    assert [f.name for f in item.fields if f.changed] == ["need_ids"]


def test_a_link_added_keeps_the_plans_need_order() -> None:
    old = final_plan()
    new = change_row(copied(old), 1, need_ids=(uid(502), uid(501)))
    needs = field(compare(old, new).sections[S.F].items[1], "need_ids")
    assert needs.new == f"“{NEED_1}”, “{NEED_2}”"
    assert needs.chunks[0] == Chunk("insert", f"“{NEED_1}”, ")


def test_a_reworded_need_does_not_make_its_provision_look_relinked() -> None:
    old = final_plan()
    new = copied(old)
    new = replace(new, needs=(replace(new.needs[0], text="Finds spoken instructions hard"),
                              new.needs[1]))
    diff = compare(old, new)
    assert changed_sections(diff) == [S.B]
    assert diff.sections[S.B].items[0].text == [
        Chunk("equal", "Need: "), Chunk("delete", "Difficulty following"),
        Chunk("insert", "Finds"), Chunk("equal", " spoken instructions"),
        Chunk("insert", " hard")]
    assert {i.status for i in diff.sections[S.F].items + diff.sections[S.E].items} == {
        "unchanged"}


def test_link_order_within_a_row_is_not_a_change() -> None:
    old = change_row(final_plan(), 0, need_ids=(uid(1), uid(2)))
    new = change_row(copied(old), 0, need_ids=(uid(502), uid(501)))
    assert changed_sections(compare(old, new)) == []


def test_items_are_paired_by_source_id_not_position() -> None:
    old = final_plan()
    new = copied(old)
    first, second = new.provisions
    new = replace(new, provisions=(replace(second, position=0), replace(first, position=1)))
    diff = compare(old, new)
    assert changed_sections(diff) == []
    assert [i.new_id for i in diff.sections[S.F].items] == [uid(522), uid(521)]


def test_an_item_with_no_source_is_added_even_if_identical() -> None:
    old = final_plan()
    new = copied(old)
    new = replace(new, advice=(replace(new.advice[0], source_id=None),))
    statuses = [i.status for i in compare(old, new).sections[S.K].items]
    assert statuses == ["added", "removed"]


def test_a_need_moved_to_another_section_is_removed_and_added() -> None:
    old = final_plan()
    new = copied(old)
    new = replace(new, needs=(new.needs[0], replace(new.needs[1], section=S.C)))
    diff = compare(old, new)
    assert changed_sections(diff) == [S.B, S.C]
    assert [i.status for i in diff.sections[S.B].items] == ["unchanged", "removed"]
    assert [i.status for i in diff.sections[S.C].items] == ["added"]


@pytest.mark.parametrize(("section", "changes", "expected"), [
    (S.A, {"body": "Sam likes buses."},
     "A: Views, interests and aspirations\n  Text: Sam likes [-trains-]{+buses+}.\n"
     "        How the views were gathered: Talked with Sam at school."),
    (S.D, {"none_identified": False},
     "D: Social care needs\n  Text: [-No social care needs identified.-]"),
    (S.I, {"detail": "Mainstream junior"},
     "I: Placement\n  Text: Name of setting: Exeter Primary School\n"
     "        Type of setting: Mainstream [-primary-]{+junior+}"),
], ids=["A-body", "D-none-withdrawn", "I-type"])
def test_section_text_changes(section, changes, expected) -> None:
    old = final_plan()
    new = copied(old)
    sections = dict(new.sections)
    sections[section] = replace(sections[section], **changes)
    diff = compare(old, replace(new, sections=sections))
    assert changed_sections(diff) == [section]
    assert redline_text(diff) == expected


@pytest.mark.parametrize(("name", "value", "label"), [
    ("by_when", "July 2027", "By when"),
    ("measure", "Reading test", "Measured by"),
    ("preparing_for_adulthood", True, "Preparing for adulthood"),
])
def test_outcome_fields_are_compared(name, value, label) -> None:
    old = final_plan()
    new = copied(old)
    new = replace(new, outcomes=(replace(new.outcomes[0], **{name: value}),))
    item = compare(old, new).sections[S.E].items[0]
    assert item.status == "changed"
    assert [(f.name, f.label) for f in item.fields if f.changed] == [(name, label)]


def test_advice_date_is_shown_as_a_date() -> None:
    old = final_plan()
    new = copied(old)
    new = replace(new, advice=(replace(new.advice[0], dated=date(2026, 2, 3)),))
    dated = field(compare(old, new).sections[S.K].items[0], "dated")
    assert (dated.old, dated.new) == ("14 January 2025", "3 February 2026")


def test_against_no_previous_plan_everything_is_added() -> None:
    new = final_plan()
    diff = compare(None, new)
    assert diff.old_version_id is None
    assert changed_sections(diff) == [S.A, S.B, S.D, S.E, S.F, S.I, S.K]
    assert {i.status for s in diff.sections.values() for i in s.items} == {"added"}
    assert all(c.op == "insert" for s in diff.sections.values() for c in s.text)


def test_the_same_input_gives_the_same_output() -> None:
    old = final_plan()
    new = change_row(copied(old), 0, what="Speech therapy", need_ids=(uid(502), uid(501)))
    assert compare(old, new) == compare(old, new)
    assert redline_text(compare(old, new)) == redline_text(compare(old, new))


def test_redline_marks() -> None:
    assert redline([Chunk("equal", "a "), Chunk("delete", "b"), Chunk("insert", "c")]) == (
        "a [-b-]{+c+}")


# --- Properties ---------------------------------------------------------------------------

words = st.text(alphabet=st.sampled_from("ab c,.\n’é1"), max_size=30)


@given(st.text(), st.text())
def test_chunks_rebuild_both_texts_exactly(old: str, new: str) -> None:
    chunks = word_diff(old, new)
    assert new_text(chunks) == new
    assert old_text(chunks) == old
    assert all(c.text for c in chunks)


@given(words, words)
def test_chunks_rebuild_both_texts_from_a_small_alphabet(old: str, new: str) -> None:
    chunks = word_diff(old, new)  # a small alphabet makes shared words, so real alignments
    assert (old_text(chunks), new_text(chunks)) == (old, new)
    # runs are merged: never two of a kind side by side, and a deletion comes first
    assert all(a.op != b.op and (a.op, b.op) != ("insert", "delete")
               for a, b in itertools.pairwise(chunks))


@given(st.text())
def test_tokens_keep_every_character(text: str) -> None:
    assert "".join(tokens(text)) == text


@given(words, words, words, words)
def test_an_items_chunks_rebuild_its_old_and_new_rendering(what_a, what_b, often_a,
                                                           often_b) -> None:
    old = change_row(final_plan(), 0, what=what_a, how_often=often_a)
    new = change_row(copied(final_plan()), 0, what=what_b, how_often=often_b)
    item = compare(old, new).sections[S.F].items[0]
    assert item.status == ("unchanged" if (what_a.strip(), often_a.strip()) ==
                           (what_b.strip(), often_b.strip()) else "changed")
    for f in item.fields:
        assert (old_text(f.chunks), new_text(f.chunks)) == (f.old, f.new)
    assert f"How often: {often_b.strip()}" in new_text(item.text) or not often_b.strip()
