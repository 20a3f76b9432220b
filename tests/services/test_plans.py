"""The plan service on a real database: drafts, items and links, amendments, issue, discard."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker_app.codes import CloseReason, Need, PlanSection, PlanVersionKind, Sex
from caseworker_app.db.tables import (
    AnnualReview,
    ChangeBatch,
    EhcPlan,
    FieldOp,
    PlanNeed,
    PlanOutcomeNeed,
    PlanProvisionNeed,
    PlanSectionText,
    PlanVersion,
)
from caseworker_app.entities import NewCase
from caseworker_app.entities_plan import (
    AdviceItem,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    ProvisionItem,
    SectionText,
)
from caseworker_app.errors import NotFoundError, StaleRecordError, ValidationError
from caseworker_app.services import Services
from caseworker_app.services import plans as plans_module

S = PlanSection
TODAY = date(2026, 11, 23)


def open_case(services: Services, officer, issued: date | None = None) -> uuid.UUID:
    return services.cases.open_case(NewCase(
        legal_forename="Amara", legal_surname="Okafor", date_of_birth=date(2015, 6, 9),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer.id,
        plan_issued_on=issued)).child_id


def draft(services: Services, officer) -> PlanDocument:
    return services.plans.start_draft(open_case(services, officer))


def fill(services: Services, version_id: uuid.UUID) -> dict:
    """Sections, needs, outcomes, provision and advice, linked; what was saved, by name."""
    plans = services.plans
    doc = plans.document(version_id)
    saved = {
        "A": plans.save_section(version_id, replace(
            doc.section(S.A), body="Amara loves drawing.", detail="Met at home with Mum.")),
        "C": plans.save_section(version_id, replace(doc.section(S.C), none_identified=True)),
        "I": plans.save_section(version_id, replace(
            doc.section(S.I), body="Riverside Primary School", detail="Mainstream primary")),
        "talk": plans.save_need(version_id, NeedItem(None, S.B, "Understanding spoken words")),
        "read": plans.save_need(version_id, NeedItem(None, S.B, "Reading at Year 1 level")),
        "sleep": plans.save_need(version_id, NeedItem(None, S.D, "Respite for the family")),
    }
    saved["outcome"] = plans.save_outcome(version_id, OutcomeItem(
        None, "Amara will follow two-step instructions in class", by_when="July 2027",
        measure="Teacher observation each half term",
        need_ids=(saved["read"].id, saved["talk"].id)))
    saved["salt"] = plans.save_provision(version_id, ProvisionItem(
        None, S.F, "Speech and language therapy", who="Speech and language therapist",
        how_often="Once a week", how_long="30 minutes, for the school year", group_size="1:1",
        expertise="HCPC-registered therapist", need_ids=(saved["talk"].id,)))
    saved["advice"] = plans.save_advice(version_id, AdviceItem(
        None, "Dr R. Patel", role="Educational psychologist", dated=date(2026, 10, 2)))
    return saved


@dataclass(frozen=True)
class Entry:
    """A field written, as the change log says: creations spelled out field by field."""

    table_name: str
    row_id: uuid.UUID
    field: str
    old_value: str | None
    new_value: str | None
    author_id: uuid.UUID | None


def journal(services: Services, **where) -> list[Entry]:
    """Every field written through the change log, oldest first, with the value it replaced."""
    entries, values = [], {}
    with services.database.read() as session:
        rows = session.execute(
            select(FieldOp, ChangeBatch.author_id)
            .join(ChangeBatch, (ChangeBatch.origin == FieldOp.origin)
                  & (ChangeBatch.batch_no == FieldOp.batch_no))
            .order_by(FieldOp.batch_no, FieldOp.seq)).all()
        for op, author in rows:
            dot = (op.origin.hex, op.batch_no)
            base = (op.table_name, op.row_id)
            if op.field == "_row":
                data = json.loads(op.value)
                entries.append(Entry(*base, "_row", None, json.dumps(data["state"]), author))
                for name, value in sorted((data.get("values") or {}).items()):
                    if value is not None:
                        values[base, name, dot] = json.dumps(value)
                        entries.append(Entry(*base, name, None, json.dumps(value), author))
            else:
                old = [values.get((base, op.field, tuple(d)))
                       for d in json.loads(op.supersedes)]
                values[base, op.field, dot] = op.value
                entries.append(Entry(*base, op.field, old[0] if old else None, op.value,
                                     author))
    return [e for e in entries if all(getattr(e, k) == v for k, v in where.items())]


def count(services: Services, table) -> int:
    with services.database.read() as session:
        return session.execute(select(func.count()).select_from(table)).scalar_one()


def chronology(services: Services, child_id) -> list[str]:
    return [c.summary for c in services.cases.case_detail(child_id).chronology]


# ----- starting a draft ------------------------------------------------------------------
def test_a_first_draft_has_every_section_empty_and_is_the_current_draft(
        services, officer) -> None:
    child_id = open_case(services, officer)
    doc = services.plans.start_draft(child_id)
    assert (doc.number, doc.kind, doc.editable, doc.child_id) == (
        1, PlanVersionKind.DRAFT, True, child_id)
    assert set(doc.sections) == set(PlanSection)
    assert all(t.body == "" and t.row_version == 1 for t in doc.sections.values())
    assert services.plans.current_draft(child_id) == doc
    assert services.plans.latest_final(child_id) is None
    [summary] = services.plans.versions(child_id)
    assert (summary.id, summary.kind, summary.editable) == (doc.version_id, doc.kind, True)
    assert "Draft EHC plan started" in chronology(services, child_id)


def test_a_draft_is_refused_with_a_reason(services, officer) -> None:
    with_plan = open_case(services, officer, issued=date(2025, 12, 1))
    with pytest.raises(ValidationError, match="already has a plan; propose amendments"):
        services.plans.start_draft(with_plan)
    started = open_case(services, officer)
    services.plans.start_draft(started)
    with pytest.raises(ValidationError) as caught:
        services.plans.start_draft(started)
    assert caught.value.errors["plan"] == (
        "Finish or discard the draft plan started on 23 November 2026.")
    closed = open_case(services, officer)
    services.cases.close_case(closed, CloseReason.TRANSFERRED, TODAY)
    with pytest.raises(ValidationError, match="case is closed"):
        services.plans.start_draft(closed)
    assert services.plans.versions(closed) == []
    with pytest.raises(NotFoundError):
        services.plans.start_draft(uuid.uuid4())


# ----- writing and reading back ----------------------------------------------------------
def test_sections_and_items_are_saved_and_read_back_in_order(services, officer) -> None:
    doc = draft(services, officer)
    saved = fill(services, doc.version_id)
    again = services.plans.document(doc.version_id)
    assert again.section(S.A) == saved["A"]
    assert (saved["A"].body, saved["A"].detail, saved["A"].row_version) == (
        "Amara loves drawing.", "Met at home with Mum.", 2)
    assert again.section(S.C).none_identified is True
    assert again.needs == (saved["talk"], saved["read"], saved["sleep"])
    assert [n.position for n in again.needs] == [0, 1, 0]  # index within B, within D
    assert again.needs_in(S.B) == (saved["talk"], saved["read"])
    assert again.outcomes == (saved["outcome"],)
    assert again.provisions_in(S.F) == (saved["salt"],)
    assert again.advice == (saved["advice"],)
    assert saved["salt"].how_often == "Once a week" and saved["salt"].group_size == "1:1"
    assert saved["advice"].dated == date(2026, 10, 2)
    # need_ids come back in the plan's order of needs, whatever order they were given in
    assert saved["outcome"].need_ids == (saved["talk"].id, saved["read"].id)


def test_text_is_kept_exactly_as_typed(services, officer) -> None:
    doc = draft(services, officer)
    need = services.plans.save_need(doc.version_id, NeedItem(None, S.B, "Needs help with "))
    assert need.text == "Needs help with "  # autosave mid-word must not eat the space


def test_links_follow_the_item_and_go_when_a_need_is_removed(services, officer) -> None:
    doc = draft(services, officer)
    saved = fill(services, doc.version_id)
    plans = services.plans
    outcome = plans.save_outcome(doc.version_id, replace(
        saved["outcome"], need_ids=(saved["talk"].id, saved["sleep"].id, saved["talk"].id)))
    assert outcome.need_ids == (saved["talk"].id, saved["sleep"].id)
    assert count(services, PlanOutcomeNeed) == 2
    plans.remove_item(doc.version_id, saved["talk"].id)
    after = plans.document(doc.version_id)
    assert after.outcomes[0].need_ids == (saved["sleep"].id,)
    assert after.provisions[0].need_ids == ()
    assert count(services, PlanOutcomeNeed) == 1 and count(services, PlanProvisionNeed) == 0
    with pytest.raises(ValidationError) as caught:  # a copy still naming the need cannot
        plans.save_outcome(doc.version_id, replace(outcome, text="Changed"))  # bring it back
    assert "need_ids" in caught.value.errors
    # an editor that dropped the need from its copy goes on saving with the version it had
    changed = plans.save_outcome(doc.version_id, replace(
        outcome, text="Changed", need_ids=(saved["sleep"].id,)))
    assert changed.text == "Changed" and changed.row_version == outcome.row_version + 1
    assert plans.save_provision(doc.version_id, replace(
        saved["salt"], need_ids=(), how_often="Twice a week")).how_often == "Twice a week"


def test_a_link_change_alone_makes_other_copies_stale(services, officer) -> None:
    doc = draft(services, officer)
    saved = fill(services, doc.version_id)
    outcome = saved["outcome"]
    linked = services.plans.save_outcome(doc.version_id, replace(outcome, need_ids=()))
    assert linked.row_version == outcome.row_version + 1
    with pytest.raises(StaleRecordError):  # it would put the links back unseen
        services.plans.save_outcome(doc.version_id, replace(outcome, text="Changed"))
    assert services.plans.document(doc.version_id).outcomes == (linked,)


def test_a_link_to_a_need_of_another_version_is_refused(services, officer) -> None:
    first, second = draft(services, officer), draft(services, officer)
    elsewhere = services.plans.save_need(second.version_id, NeedItem(None, S.B, "Other"))
    with pytest.raises(ValidationError) as caught:
        services.plans.save_provision(first.version_id, ProvisionItem(
            None, S.F, "Phonics group", need_ids=(elsewhere.id,)))
    assert "need_ids" in caught.value.errors
    assert services.plans.document(first.version_id).provisions == ()


def test_an_update_read_at_an_older_version_is_refused(services, officer) -> None:
    doc = draft(services, officer)
    need = services.plans.save_need(doc.version_id, NeedItem(None, S.B, "Attention"))
    newer = services.plans.save_need(doc.version_id, replace(need, text="Attention and focus"))
    assert newer.row_version == need.row_version + 1
    with pytest.raises(StaleRecordError, match="changed elsewhere"):
        services.plans.save_need(doc.version_id, replace(need, text="Overwrites the other"))
    section = doc.section(S.A)
    services.plans.save_section(doc.version_id, replace(section, body="First"))
    with pytest.raises(StaleRecordError):
        services.plans.save_section(doc.version_id, replace(section, body="Second"))
    with pytest.raises(StaleRecordError):  # a second "new" text for a section that has one
        services.plans.save_section(doc.version_id, SectionText(None, S.A, "Third"))
    again = services.plans.document(doc.version_id)
    assert again.needs[0].text == "Attention and focus"
    assert again.section(S.A).body == "First"


@pytest.mark.parametrize(("save", "item", "field", "message"), [
    ("save_need", NeedItem(None, S.B, "   "), "text", "Describe the need"),
    ("save_need", NeedItem(None, S.F, "Reading"), "section", "B, C or D"),
    ("save_provision", ProvisionItem(None, S.B, "Phonics"), "section", "F, G, H1 or H2"),
    ("save_provision", ProvisionItem(None, S.F, ""), "what", "what the provision is"),
    ("save_provision", ProvisionItem(None, S.F, "Phonics", how_often="x" * 201),
     "how_often", "under 200"),
    ("save_outcome", OutcomeItem(None, ""), "text", "Write the outcome"),
    ("save_advice", AdviceItem(None, ""), "author", "whose advice"),
    ("save_advice", AdviceItem(None, "Dr Patel", dated=date(2026, 11, 24)), "dated", "future"),
    ("save_section", SectionText(None, S.B, none_identified=True), "none_identified",
     "C, D, G, H1, H2"),
    ("save_section", SectionText(None, S.F, detail="Type"), "detail", "no second field"),
])
def test_bad_items_are_refused_by_field_and_nothing_is_saved(
        services, officer, save, item, field, message) -> None:
    doc = draft(services, officer)
    before = len(journal(services))
    with pytest.raises(ValidationError) as caught:
        getattr(services.plans, save)(doc.version_id, item)
    assert message in caught.value.errors[field]
    assert len(journal(services)) == before


def test_an_update_of_an_item_of_another_version_is_refused(services, officer) -> None:
    first, second = draft(services, officer), draft(services, officer)
    need = services.plans.save_need(first.version_id, NeedItem(None, S.B, "Reading"))
    with pytest.raises(NotFoundError):
        services.plans.save_need(second.version_id, replace(need, text="Moved"))
    with pytest.raises(NotFoundError):
        services.plans.remove_item(second.version_id, need.id)


# ----- order -----------------------------------------------------------------------------
def test_items_move_within_their_section(services, officer) -> None:
    doc = draft(services, officer)
    plans = services.plans
    names = ["one", "two", "three", "four"]
    ids = {n: plans.save_need(doc.version_id, NeedItem(None, S.B, n)).id for n in names}
    plans.save_need(doc.version_id, NeedItem(None, S.C, "health"))
    expected = list(names)
    # enough moves into one gap to use up the spacing and make it space the section again
    for name, to in [("four", 0), ("one", 3), ("two", 1), ("three", 99), ("one", -5)] + [
            (n, 1) for n in ["two", "three", "four"] * 6]:
        plans.move_item(doc.version_id, ids[name], to)
        expected.remove(name)
        expected.insert(max(0, min(to, len(expected))), name)
        got = plans.document(doc.version_id)
        assert [n.text for n in got.needs_in(S.B)] == expected
        assert [n.position for n in got.needs_in(S.B)] == [0, 1, 2, 3]
        assert [n.text for n in got.needs_in(S.C)] == ["health"]


def test_a_move_rewrites_only_the_row_moved(services, officer) -> None:
    doc = draft(services, officer)
    ids = [services.plans.save_need(doc.version_id, NeedItem(None, S.B, f"need {i}")).id
           for i in range(5)]
    before = len(journal(services))
    services.plans.move_item(doc.version_id, ids[4], 0)
    moved = journal(services)[before:]
    assert {(e.row_id, e.field) for e in moved if e.table_name == "plan_need"} == {
        (ids[4], "position")}


def test_an_editor_goes_on_saving_an_item_it_moved(services, officer) -> None:
    doc = draft(services, officer)
    plans = services.plans
    items = [plans.save_need(doc.version_id, NeedItem(None, S.B, f"need {i}")) for i in range(3)]
    for _ in range(12):  # enough to space the section out again, rewriting every row
        plans.move_item(doc.version_id, items[2].id, 1)
        plans.move_item(doc.version_id, items[1].id, 1)
    for item in items:  # each with the row version its first save returned
        assert plans.save_need(doc.version_id, replace(item, text=item.text + "!")).text == (
            item.text + "!")


# ----- final plans -----------------------------------------------------------------------
def test_a_final_plan_cannot_change(services, officer) -> None:
    child_id = open_case(services, officer, issued=date(2025, 12, 1))
    final = services.plans.latest_final(child_id)
    assert final is not None and not final.editable and final.sections == {}
    plans, version = services.plans, final.version_id
    refusals = [
        lambda: plans.save_section(version, SectionText(None, S.A, "Views")),
        lambda: plans.save_need(version, NeedItem(None, S.B, "Reading")),
        lambda: plans.save_outcome(version, OutcomeItem(None, "Outcome")),
        lambda: plans.save_provision(version, ProvisionItem(None, S.F, "Phonics")),
        lambda: plans.save_advice(version, AdviceItem(None, "Dr Patel")),
        lambda: plans.remove_item(version, uuid.uuid4()),
        lambda: plans.move_item(version, uuid.uuid4(), 0),
    ]
    for refused in refusals:
        with pytest.raises(ValidationError) as caught:
            refused()
        assert caught.value.errors == {"version": plans_module.FINAL_REFUSAL}
    with pytest.raises(ValidationError, match="cannot be discarded"):
        plans.discard(version)
    with pytest.raises(ValidationError, match="already a final plan"):
        plans.issue_final(version, TODAY)
    assert plans.latest_final(child_id) == final


def test_issuing_a_first_draft_makes_the_plan_and_its_first_review(services, officer) -> None:
    doc = draft(services, officer)
    fill(services, doc.version_id)
    final = services.plans.issue_final(doc.version_id, date(2026, 11, 20))
    assert (final.kind, final.issued_on, final.editable) == (
        PlanVersionKind.FINAL, date(2026, 11, 20), False)
    assert services.plans.latest_final(doc.child_id) == final
    assert services.plans.current_draft(doc.child_id) is None
    with services.database.read() as session:
        assert session.get(EhcPlan, doc.plan_id).first_issued_on == date(2026, 11, 20)
        review = session.scalars(select(AnnualReview).where(
            AnnualReview.child_id == doc.child_id)).one()
        assert review.due_on == date(2027, 11, 19) and review.completed_on is None
    assert services.cases.case_row(doc.child_id).plan_issued_on == date(2026, 11, 20)
    assert "Final EHC plan issued on 20 November 2026 (plan version 1)" in chronology(
        services, doc.child_id)


def test_issue_is_refused_with_reasons(services, officer) -> None:
    doc = draft(services, officer)
    with pytest.raises(ValidationError) as caught:
        services.plans.issue_final(doc.version_id, date(2026, 11, 24))
    assert set(caught.value.errors) == {"issued_on", "I"}
    assert "future" in caught.value.errors["issued_on"]
    assert "section I" in caught.value.errors["I"]
    services.plans.save_section(doc.version_id, replace(doc.section(S.I),
                                                        detail="Special school"))
    services.plans.issue_final(doc.version_id, TODAY)  # the type of setting is enough

    amended = services.plans.propose_amendments(doc.child_id)
    with pytest.raises(ValidationError, match="amends was issued on 23 November 2026"):
        services.plans.issue_final(amended.version_id, date(2026, 11, 22))
    assert services.plans.current_draft(doc.child_id).kind == PlanVersionKind.PROPOSED_AMENDMENTS


def test_issue_is_all_or_nothing(services, officer, monkeypatch) -> None:
    doc = draft(services, officer)
    fill(services, doc.version_id)

    def power_cut(*_args, **_kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(plans_module, "log_case_event", power_cut)
    with pytest.raises(RuntimeError):
        services.plans.issue_final(doc.version_id, TODAY)
    again = services.plans.document(doc.version_id)
    assert again.kind == PlanVersionKind.DRAFT and again.issued_on is None
    assert count(services, AnnualReview) == 0
    with services.database.read() as session:
        assert session.get(EhcPlan, doc.plan_id).first_issued_on is None


# ----- proposed amendments ---------------------------------------------------------------
def issued_plan(services, officer) -> tuple[PlanDocument, dict]:
    doc = draft(services, officer)
    saved = fill(services, doc.version_id)
    return services.plans.issue_final(doc.version_id, date(2026, 11, 2)), saved


def bare(item):
    """An item without its identity or links, to compare a copy with its original."""
    item = replace(item, id=None, source_id=None)
    return replace(item, need_ids=()) if hasattr(item, "need_ids") else item


def test_amendments_copy_everything_with_sources_and_remapped_links(services, officer) -> None:
    final, _ = issued_plan(services, officer)
    amended = services.plans.propose_amendments(final.child_id)
    assert (amended.number, amended.kind, amended.based_on_id, amended.editable) == (
        2, PlanVersionKind.PROPOSED_AMENDMENTS, final.version_id, True)
    assert amended.issued_on is None
    for section in PlanSection:
        old, new = final.section(section), amended.section(section)
        assert (new.body, new.detail, new.none_identified) == (
            old.body, old.detail, old.none_identified)
        assert new.source_id == old.id and new.id != old.id
    for old_items, new_items in [(final.needs, amended.needs), (final.outcomes, amended.outcomes),
                                 (final.provisions, amended.provisions),
                                 (final.advice, amended.advice)]:
        assert len(old_items) == len(new_items) > 0
        for old, new in zip(old_items, new_items, strict=True):
            assert new.source_id == old.id and new.id != old.id
            assert bare(new) == bare(old)
    source_of = {n.id: n.source_id for n in amended.needs}
    new_need_ids = set(source_of)
    for old, new in [*zip(final.outcomes, amended.outcomes, strict=True),
                     *zip(final.provisions, amended.provisions, strict=True)]:
        assert set(new.need_ids) <= new_need_ids  # links point into the new version...
        assert tuple(source_of[n] for n in new.need_ids) == old.need_ids  # ...at the copies
    assert services.plans.versions(final.child_id)[0].id == amended.version_id


def test_amending_leaves_the_final_plan_untouched(services, officer) -> None:
    final, _ = issued_plan(services, officer)
    amended = services.plans.propose_amendments(final.child_id)
    plans, version = services.plans, amended.version_id
    plans.save_section(version, replace(amended.section(S.A), body="Amara now loves music."))
    plans.save_need(version, replace(amended.needs[0], text="Understanding longer sentences"))
    plans.remove_item(version, amended.needs[1].id)
    plans.save_provision(version, replace(amended.provisions[0], how_often="Twice a week"))
    plans.move_item(version, amended.needs[2].id, 0)
    assert plans.document(final.version_id) == final
    assert plans.latest_final(final.child_id) == final


def test_amendments_from_a_plan_with_no_text_yet_get_empty_sections(services, officer) -> None:
    child_id = open_case(services, officer, issued=date(2025, 12, 1))
    amended = services.plans.propose_amendments(child_id)
    assert set(amended.sections) == set(PlanSection)
    assert all(t.source_id is None and t.body == "" for t in amended.sections.values())


def test_amendments_are_refused_with_a_reason(services, officer) -> None:
    no_final = draft(services, officer)
    with pytest.raises(ValidationError, match="Finish or discard the draft plan"):
        services.plans.propose_amendments(no_final.child_id)
    with pytest.raises(ValidationError, match="no final plan to amend"):
        services.plans.propose_amendments(open_case(services, officer))
    child_id = open_case(services, officer, issued=date(2025, 12, 1))
    services.plans.propose_amendments(child_id)
    with pytest.raises(ValidationError) as caught:
        services.plans.propose_amendments(child_id)
    assert caught.value.errors == {"plan": "Finish or discard the proposed amendments started "
                                           "on 23 November 2026."}
    assert [v.number for v in services.plans.versions(child_id)] == [2, 1]


def test_amendments_are_issued_as_the_new_final_plan(services, officer) -> None:
    final, _ = issued_plan(services, officer)
    amended = services.plans.propose_amendments(final.child_id)
    services.plans.save_need(amended.version_id,
                             replace(amended.needs[0], text="Understanding longer sentences"))
    issued = services.plans.issue_final(amended.version_id, TODAY)
    assert (issued.kind, issued.issued_on, issued.number) == (PlanVersionKind.FINAL, TODAY, 2)
    assert services.plans.latest_final(final.child_id) == issued
    assert issued.needs[0].text == "Understanding longer sentences"
    assert [v.kind for v in services.plans.versions(final.child_id)] == [PlanVersionKind.FINAL] * 2
    with services.database.read() as session:
        assert session.get(EhcPlan, final.plan_id).first_issued_on == date(2026, 11, 2)
        assert session.scalar(select(func.count()).select_from(AnnualReview)) == 1
    assert "Amended final EHC plan issued on 23 November 2026 (plan version 2)" in chronology(
        services, final.child_id)
    again = services.plans.propose_amendments(final.child_id)  # and the cycle goes on
    assert (again.number, again.based_on_id) == (3, issued.version_id)


# ----- discarding ------------------------------------------------------------------------
def test_discarding_amendments_deletes_every_row_and_journals_it(services, officer) -> None:
    final, _ = issued_plan(services, officer)
    rows_of_final = {t: count(services, t) for t in (PlanNeed, PlanOutcomeNeed, PlanSectionText)}
    amended = services.plans.propose_amendments(final.child_id)
    before = len(journal(services))
    services.plans.discard(amended.version_id)
    assert {t: count(services, t) for t in rows_of_final} == rows_of_final
    deleted = {e.row_id for e in journal(services)[before:]
               if e.field == "_row" and e.new_value == json.dumps("deleted")}
    expected = {amended.version_id, *(t.id for t in amended.sections.values()),
                *(i.id for i in (*amended.needs, *amended.outcomes, *amended.provisions,
                                 *amended.advice))}
    assert expected <= deleted
    assert len(deleted - expected) == 3  # the three links of the copy
    with pytest.raises(NotFoundError):
        services.plans.document(amended.version_id)
    assert services.plans.latest_final(final.child_id) == final
    assert services.plans.current_draft(final.child_id) is None
    assert "Proposed amendments discarded (plan version 2)" in chronology(
        services, final.child_id)


def test_discarding_a_first_draft_leaves_the_child_without_a_plan(services, officer) -> None:
    doc = draft(services, officer)
    fill(services, doc.version_id)
    services.plans.discard(doc.version_id)
    assert services.plans.versions(doc.child_id) == []
    assert count(services, EhcPlan) == 0 and count(services, PlanVersion) == 0
    assert services.plans.start_draft(doc.child_id).number == 1


# ----- the journal -----------------------------------------------------------------------
def test_every_change_is_journalled_with_its_old_value(services, officer) -> None:
    doc = draft(services, officer)
    need = services.plans.save_need(doc.version_id, NeedItem(None, S.B, "Reading"))
    created = {e.field: json.loads(e.new_value) for e in journal(services, row_id=need.id)}
    assert created["_row"] == "created" and created["text"] == "Reading"
    assert created["section"] == "B" and created["version_id"] == str(doc.version_id)
    services.plans.save_need(doc.version_id, replace(need, text="Reading and spelling"))
    last = journal(services, row_id=need.id, field="text")[-1]
    assert (json.loads(last.old_value), json.loads(last.new_value)) == (
        "Reading", "Reading and spelling")
    assert last.author_id == officer.id
    outcome = services.plans.save_outcome(doc.version_id, OutcomeItem(
        None, "Reads a page aloud", need_ids=(need.id,)))
    [link] = journal(services, table_name="plan_outcome_need", field="need_id")
    assert json.loads(link.new_value) == str(need.id)
    services.plans.remove_item(doc.version_id, need.id)
    gone = [e.row_id for e in journal(services, field="_row")
            if e.new_value == json.dumps("deleted")]
    assert gone == [link.row_id, need.id]
    assert services.plans.document(doc.version_id).outcomes[0].id == outcome.id


def test_a_save_is_all_or_nothing(services, officer) -> None:
    doc = draft(services, officer)
    need = services.plans.save_need(doc.version_id, NeedItem(None, S.B, "Reading"))
    outcome = services.plans.save_outcome(doc.version_id, OutcomeItem(
        None, "Reads a page aloud", need_ids=(need.id,)))
    before = len(journal(services))
    with pytest.raises(ValidationError):  # the text would change; the link cannot be made
        services.plans.save_outcome(doc.version_id, replace(
            outcome, text="Reads a chapter", need_ids=(need.id, uuid.uuid4())))
    assert services.plans.document(doc.version_id).outcomes == (outcome,)
    assert len(journal(services)) == before


# ----- the rest of the app ---------------------------------------------------------------
def test_the_case_view_shows_the_section_text_of_every_version(services, officer) -> None:
    final, _ = issued_plan(services, officer)
    amended = services.plans.propose_amendments(final.child_id)
    services.plans.save_section(amended.version_id,
                                replace(amended.section(S.A), body="Amara now loves music."))
    shown = services.cases.case_detail(final.child_id).plan_versions
    assert [(v.number, v.sections[S.A]) for v in shown] == [
        (2, "Amara now loves music."), (1, "Amara loves drawing.")]


def test_the_plan_service_acts_for_the_signed_in_officer(services, officer) -> None:
    assert services.plans.author_id == officer.id
    doc = draft(services, officer)
    with services.database.read() as session:
        assert session.get(PlanVersion, doc.version_id).created_by == officer.id


def test_demo_plans_in_force_have_linked_items_and_proposals_copy_them(services) -> None:
    from caseworker_app.demo import generate_demo

    generate_demo(services.database, 150, seed=5)
    with services.database.read() as session:
        children = list(session.scalars(select(EhcPlan.child_id)))
    finals = [services.plans.latest_final(child_id) for child_id in children]
    assert all(f is not None and len(f.needs) == len(f.outcomes) == len(f.provisions) == 1
               for f in finals)
    for final in finals:
        need = final.needs[0]
        assert final.outcomes[0].need_ids == final.provisions[0].need_ids == (need.id,)
        assert need.section == S.B and final.provisions[0].section == S.F
        assert final.advice[0].dated < final.issued_on
    vague = [f for f in finals if not f.provisions[0].how_often]
    assert 0 < len(vague) < len(finals) / 3  # some, on purpose, for the checks to find
    assert all(not f.outcomes[0].measure for f in vague)
    proposals = [d for d in map(services.plans.current_draft, children) if d is not None]
    assert proposals
    for proposal in proposals:
        based_on = services.plans.document(proposal.based_on_id)
        assert [n.source_id for n in proposal.needs] == [n.id for n in based_on.needs]
        assert proposal.provisions[0].need_ids == (proposal.needs[0].id,)
        assert proposal.provisions[0].source_id == based_on.provisions[0].id
