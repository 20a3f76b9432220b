"""Demonstration caseloads: believable, valid, deterministic, and written all or nothing."""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import astuple
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseworker_app import demo as demo_package
from caseworker_app import validation
from caseworker_app.caseload import CaseStatusFlag, review_overdue, status_flag
from caseworker_app.clock import FixedClock
from caseworker_app.codes import (
    NATIONAL_NEED_SHARE,
    CaseStatus,
    OfficerRole,
    PlanSection,
    PlanVersionKind,
    Relationship,
    ReviewStage,
    Sex,
)
from caseworker_app.db.store import open_database
from caseworker_app.db.tables import (
    Allocation,
    AnnualReview,
    AssessmentEvent,
    ChangeBatch,
    Child,
    ChronologyEntry,
    Contact,
    EducationSetting,
    EhcPlan,
    FieldOp,
    NeedsAssessment,
    Officer,
    PlanSectionText,
    PlanVersion,
)
from caseworker_app.db.uow import Database
from caseworker_app.demo import DemoCancelled, DemoSummary, generate_demo
from caseworker_app.demo.chance import id_maker
from caseworker_app.entities import CaseRow
from caseworker_app.schoolyear import age_on, key_stage, year_group
from caseworker_app.services.cases import CaseService, first_review_due
from caseworker_app.services.reference import PROFILE_KEY

AT = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # the same instant as conftest's `clock`
TODAY = AT.date()
CASES = 3000
# Devon's EHC plans by key stage (send-domain.md §5), which the ages follow, keyed by the
# app's name for the key stage of a year group in it.
DEVON_KEY_STAGES = {key_stage(0): 298, key_stage(1): 613, key_stage(3): 2036,
                    key_stage(7): 2312, key_stage(10): 1508, key_stage(12): 1203,
                    key_stage(14): 1024}
DONE_DATES = ("invitations_sent_on", "advice_received_on", "meeting_held_on",
              "report_received_on", "decision_on", "decision_letter_sent_on",
              "amendments_sent_on", "representations_closed_on", "final_issued_on",
              "completed_on")


# ----- one 3,000-case load shared by the read-only checks ----------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """A database holding a 3,000-case demonstration caseload (seed 7)."""
    opened = open_database(tmp_path_factory.mktemp("demo") / "demo.db", FixedClock(AT))
    summary = generate_demo(opened.database, CASES, seed=7)
    yield opened.database, summary
    opened.database.dispose()


@pytest.fixture(scope="module")
def db(demo: tuple[Database, DemoSummary]) -> Database:
    """The demonstration database."""
    return demo[0]


@pytest.fixture(scope="module")
def rows(db: Database) -> list[CaseRow]:
    """The caseload list of the demonstration database."""
    return CaseService(db, None).caseload()


def load_all(database: Database, table: type) -> list:
    """Every record of `table`, detached with its columns loaded (read sessions roll back)."""
    with database.read() as session:
        records = list(session.scalars(select(table)))
        session.expunge_all()
    return records


@pytest.fixture(scope="module")
def children(db: Database) -> list[Child]:
    """Every child record."""
    return load_all(db, Child)


@pytest.fixture(scope="module")
def reviews(db: Database) -> list[AnnualReview]:
    """Every annual review."""
    return load_all(db, AnnualReview)


def count(db: Database, table: type) -> int:
    """How many rows `table` holds."""
    with db.read() as session:
        return session.execute(select(func.count()).select_from(table)).scalar_one()


def test_summary_matches_what_was_written(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    assert summary.cases == count(db, Child) == CASES
    assert summary.officers == count(db, Officer) == 12 + 1  # one per 250 cases, one lead
    assert summary.settings == count(db, EducationSetting) == CASES // 25
    assert summary.contacts == count(db, Contact)
    with db.read() as session:
        roles = Counter(session.scalars(select(Officer.role)))
    assert roles == {OfficerRole.CASE_OFFICER: 12, OfficerRole.LEAD: 1}


def test_primary_needs_follow_the_national_mix(children: list[Child]) -> None:
    total = sum(NATIONAL_NEED_SHARE.values())
    observed = Counter(c.primary_need for c in children)
    for need, share in NATIONAL_NEED_SHARE.items():
        assert abs(100 * observed[need] / CASES - 100 * share / total) < 2.5, need
    with_secondary = [c for c in children if c.secondary_need is not None]
    assert 0.35 < len(with_secondary) / CASES < 0.45
    assert all(c.secondary_need != c.primary_need for c in with_secondary)


def test_ages_run_from_0_to_25_in_devons_key_stage_mix(children: list[Child]) -> None:
    ages = [age_on(c.date_of_birth, TODAY) for c in children]
    assert min(ages) >= 0 and max(ages) <= 25
    stages = Counter(key_stage(year_group(c.date_of_birth, TODAY)) for c in children)
    total = sum(DEVON_KEY_STAGES.values())
    for stage, plans in DEVON_KEY_STAGES.items():
        assert abs(100 * stages[stage] / CASES - 100 * plans / total) < 3, stage


def test_children_are_mostly_boys_with_a_mix_of_names_and_languages(
        children: list[Child]) -> None:
    assert 0.67 < sum(c.sex == Sex.MALE for c in children) / CASES < 0.77
    names = [c.legal_forename + c.legal_surname for c in children]
    assert any(not name.isascii() for name in names)  # diacritics exercise the fonts
    assert 0.05 < sum(c.preferred_name is not None for c in children) / CASES < 0.11
    assert all(c.preferred_name != c.legal_forename for c in children)
    english = sum(c.home_language == "English" for c in children) / CASES
    assert 0.84 < english < 0.92
    others = [c for c in children if c.home_language != "English"]
    assert 0.3 < sum(c.interpreter_needed for c in others) / len(others) < 0.5
    assert not any(c.interpreter_needed for c in children if c.home_language == "English")
    assert 0.05 < sum(c.looked_after for c in children) / CASES < 0.09


def test_every_identifier_and_postcode_is_valid(children: list[Child]) -> None:
    for child in children:
        group = year_group(child.date_of_birth, TODAY)
        assert (child.upn is not None) == (0 <= group <= 13), child.case_reference
        if child.upn:
            assert validation.check_upn(child.upn) == child.upn
            assert child.upn[1:4] == "878"
        assert (child.uln is not None) == (age_on(child.date_of_birth, TODAY) >= 14)
        if child.uln:
            assert validation.check_uln(child.uln) == child.uln
        if child.nhs_number:
            assert validation.check_nhs_number(child.nhs_number) == child.nhs_number
        assert validation.check_postcode(child.postcode) == child.postcode
        assert child.address_line1 and child.town
    for field in ("upn", "uln", "nhs_number", "case_reference"):
        values = [getattr(c, field) for c in children if getattr(c, field)]
        assert len(values) == len(set(values)), f"duplicate {field}"
    assert 0.5 < sum(c.nhs_number is not None for c in children) / CASES < 0.7
    assert sorted(c.case_reference for c in children)[:2] == ["EHC000001", "EHC000002"]


def test_settings_have_believable_names_urns_and_addresses(db: Database) -> None:
    settings = load_all(db, EducationSetting)
    assert all(re.fullmatch(r"1\d{5}", s.urn) for s in settings)
    assert len({s.urn for s in settings}) == len(settings)
    assert all(validation.check_postcode(s.postcode) == s.postcode for s in settings)
    names = " | ".join(s.name for s in settings)
    for form in ("Primary School", "Academy", "Community College", "College", "School"):
        assert form in names


def test_each_child_has_one_or_two_contacts_who_can_be_written_to(
        db: Database, children: list[Child]) -> None:
    contacts = load_all(db, Contact)
    by_child = defaultdict(list)
    for contact in contacts:
        by_child[contact.child_id].append(contact)
    assert {len(by_child[c.id]) for c in children} == {1, 2}
    for child in children:
        people = by_child[child.id]
        assert any(p.receives_letters for p in people), child.case_reference
        kinds = {p.relationship_to_child for p in people}
        if child.looked_after:
            assert kinds == {Relationship.FOSTER_CARER, Relationship.SOCIAL_WORKER}
        elif age_on(child.date_of_birth, TODAY) >= 18:
            assert Relationship.YOUNG_PERSON in kinds
    for contact in contacts:
        if contact.receives_letters:
            assert contact.address_line1
            assert validation.check_postcode(contact.postcode) == contact.postcode
        if contact.email:
            assert validation.check_email(contact.email).split("@")[1].startswith(
                ("example.", "council.example."))
        if contact.phone:
            validation.check_phone(contact.phone)
        parent = contact.relationship_to_child in (
            Relationship.MOTHER, Relationship.FATHER, Relationship.PARENT)
        assert contact.parental_responsibility or not parent


def test_no_completed_stage_is_dated_after_today(db: Database,
                                                 reviews: list[AnnualReview]) -> None:
    for review in reviews:
        done = [getattr(review, name) for name in DONE_DATES]
        assert all(d is None or d <= TODAY for d in done), review.id
        order = [review.invitations_sent_on, review.meeting_held_on, review.decision_on,
                 review.completed_on]
        present = [d for d in order if d is not None]
        assert present == sorted(present), review.id
        if review.advice_received_on and review.meeting_held_on:
            assert review.invitations_sent_on <= review.advice_received_on
            assert review.advice_received_on <= review.meeting_held_on
    with db.read() as session:
        assert session.scalar(select(func.max(PlanVersion.issued_on))) <= TODAY
        assert session.scalar(select(func.max(EhcPlan.first_issued_on))) <= TODAY
        assert session.scalar(select(func.max(Allocation.start_on))) <= TODAY
        assert session.scalar(select(func.max(Allocation.end_on))) <= TODAY
        assert session.scalar(select(func.max(Child.closed_on))) <= TODAY
        latest = session.scalar(select(func.max(ChronologyEntry.occurred_at)))
    assert latest.replace(tzinfo=UTC) < AT


def test_exactly_one_open_review_per_open_case_and_none_for_closed(
        children: list[Child], reviews: list[AnnualReview]) -> None:
    open_reviews = Counter(r.child_id for r in reviews if r.completed_on is None)
    for child in children:
        expected = 1 if child.status == CaseStatus.OPEN else 0
        assert open_reviews[child.id] == expected, child.case_reference
    assert all(r.stage == ReviewStage.COMPLETE for r in reviews if r.completed_on)


def test_open_review_falls_due_a_year_after_the_last_decision_or_the_plan(
        db: Database, children: list[Child], reviews: list[AnnualReview]) -> None:
    with db.read() as session:
        issued = dict(session.execute(select(EhcPlan.child_id, EhcPlan.first_issued_on)).all())
    last_decision: dict[uuid.UUID, date] = {}
    for review in reviews:
        if review.completed_on is not None:
            last_decision[review.child_id] = max(review.decision_on,
                                                 last_decision.get(review.child_id, date.min))
    for review in reviews:
        if review.completed_on is None:
            anchor = last_decision.get(review.child_id, issued[review.child_id])
            assert review.due_on == first_review_due(anchor)


def test_open_review_stage_is_borne_out_by_its_dates(reviews: list[AnnualReview]) -> None:
    stages = Counter()
    for review in (r for r in reviews if r.completed_on is None):
        stages[review.stage] += 1
        held = review.meeting_held_on is not None
        decided = review.decision_on is not None
        if review.stage in (ReviewStage.DUE, ReviewStage.MEETING_SCHEDULED):
            assert not held and review.invitations_sent_on is None
        if review.stage in (ReviewStage.MEETING_SCHEDULED, ReviewStage.INVITATIONS_SENT):
            assert review.meeting_on is not None and review.meeting_on > TODAY
        if review.stage in (ReviewStage.MEETING_HELD, ReviewStage.REPORT_RECEIVED):
            assert held and not decided
        if review.stage in (ReviewStage.DECISION_MADE, ReviewStage.AMENDMENTS_PROPOSED):
            assert held and decided and review.decision is not None
            assert review.decision_on <= TODAY
        if review.stage == ReviewStage.AMENDMENTS_PROPOSED:
            assert review.amendments_sent_on is not None
    wanted = {ReviewStage.DUE, ReviewStage.MEETING_SCHEDULED, ReviewStage.INVITATIONS_SENT,
              ReviewStage.MEETING_HELD, ReviewStage.REPORT_RECEIVED, ReviewStage.DECISION_MADE,
              ReviewStage.AMENDMENTS_PROPOSED}
    assert wanted <= set(stages)


def test_there_is_an_overdue_backlog_in_every_age_band(
        demo: tuple[Database, DemoSummary], rows: list[CaseRow]) -> None:
    open_rows = [r for r in rows if r.status == CaseStatus.OPEN]
    overdue = [r for r in open_rows if r.review_done_on is None
               and r.review_due_on is not None and r.review_due_on < TODAY]
    assert demo[1].overdue_reviews == len(overdue)
    # a late decision after a held meeting is overdue too, so the flag catches at least these
    assert {r.child_id for r in overdue} <= {
        r.child_id for r in open_rows if review_overdue(r, TODAY)}
    assert 0.22 < len(overdue) / len(open_rows) < 0.38
    bands = Counter()
    for row in overdue:
        days = (TODAY - row.review_due_on).days
        bands["0-3" if days <= 91 else "3-6" if days <= 182 else
              "6-12" if days <= 365 else "12+"] += 1
    assert all(bands[band] >= 30 for band in ("0-3", "3-6", "6-12", "12+")), bands
    soon = [r for r in open_rows if status_flag(r, TODAY) == CaseStatusFlag.DUE_SOON]
    assert 0.06 < len(soon) / len(open_rows) < 0.16


def test_a_few_cases_are_closed_properly(db: Database, children: list[Child]) -> None:
    closed = [c for c in children if c.status == CaseStatus.CLOSED]
    assert 0.01 < len(closed) / CASES < 0.05
    assert all(c.closed_on and c.close_reason for c in closed)
    assert not any(c.closed_on or c.close_reason for c in children
                   if c.status == CaseStatus.OPEN)
    with db.read() as session:
        current = set(session.scalars(select(Allocation.child_id)
                                      .where(Allocation.end_on.is_(None))))
    assert not current & {c.id for c in closed}


def test_open_cases_are_allocated_to_case_officers_except_a_small_backlog(
        db: Database, rows: list[CaseRow]) -> None:
    open_rows = [r for r in rows if r.status == CaseStatus.OPEN]
    unallocated = [r for r in open_rows if r.officer_id is None]
    assert 0.01 < len(unallocated) / len(open_rows) < 0.06
    with db.read() as session:
        leads = set(session.scalars(select(Officer.id).where(Officer.role == OfficerRole.LEAD)))
    assert not leads & {r.officer_id for r in open_rows}


def test_the_profile_is_a_case_officer_holding_a_few_hundred_cases(
        db: Database, rows: list[CaseRow]) -> None:
    profile = uuid.UUID(db.get_meta(PROFILE_KEY))
    held = [r for r in rows if r.officer_id == profile]
    assert 180 <= len(held) <= 320
    with db.read() as session:
        assert session.get(Officer, profile).role == OfficerRole.CASE_OFFICER


def test_plans_have_versions_and_full_section_text(db: Database) -> None:
    with db.read() as session:
        plans = session.execute(select(EhcPlan.id, EhcPlan.first_issued_on)).all()
        versions = session.execute(select(PlanVersion.plan_id, PlanVersion.id,
                                          PlanVersion.number, PlanVersion.kind,
                                          PlanVersion.issued_on)).all()
        sections = Counter(session.scalars(select(PlanSectionText.version_id)))
        provision = list(session.scalars(select(PlanSectionText.body)
                                         .where(PlanSectionText.section == PlanSection.F)))
    assert len(plans) == CASES
    by_plan = defaultdict(list)
    for version in versions:
        by_plan[version.plan_id].append(version)
    issued = dict(plans)
    for plan_id, plan_versions in by_plan.items():
        plan_versions.sort(key=lambda v: v.number)
        first, latest = plan_versions[0], plan_versions[-1]
        assert first.kind == PlanVersionKind.FINAL and first.issued_on == issued[plan_id]
        assert sections[latest.id] == len(PlanSection)
        assert [v.number for v in plan_versions] == list(range(1, len(plan_versions) + 1))
    proposed = sum(v.kind == PlanVersionKind.PROPOSED_AMENDMENTS for v in versions)
    assert 0.02 < proposed / CASES < 0.09
    assert sum(len(v) > 1 for v in by_plan.values()) > CASES / 4  # amended plans
    vague = [body for body in provision if re.search(
        r"access to|as required|would benefit|where possible|as appropriate", body)]
    assert 0.08 < len(vague) / len(provision) < 0.3
    assert all(body.strip() for body in provision)


def test_chronology_has_one_to_three_entries_by_team_members(db: Database) -> None:
    with db.read() as session:
        entries = session.execute(select(ChronologyEntry.child_id, ChronologyEntry.author_name)
                                  .where(ChronologyEntry.summary.not_like("Reassessment %"))
                                  ).all()
        names = set(session.scalars(select(Officer.display_name)))
    per_child = Counter(child_id for child_id, _ in entries)
    assert len(per_child) == CASES and set(per_child.values()) == {1, 2, 3}
    assert {author for _, author in entries} <= names


def test_a_few_open_cases_are_being_reassessed_some_with_a_draft_plan(db: Database) -> None:
    with db.read() as session:
        found = session.execute(
            select(NeedsAssessment.request_received_on, NeedsAssessment.stage, Child.status,
                   NeedsAssessment.child_id)
            .join(Child, Child.id == NeedsAssessment.child_id)).all()
        events = session.scalar(select(func.count()).select_from(AssessmentEvent))
        drafts = session.execute(select(EhcPlan.child_id, PlanVersion.based_on_id)
                                 .join(PlanVersion, PlanVersion.plan_id == EhcPlan.id)
                                 .where(PlanVersion.kind == PlanVersionKind.DRAFT)).all()
        draft_text = session.scalar(select(func.count()).select_from(PlanSectionText).join(
            PlanVersion, PlanVersion.id == PlanSectionText.version_id).where(
            PlanVersion.kind == PlanVersionKind.DRAFT, PlanSectionText.body != ""))
    assert 0.01 * CASES <= len(found) <= 60
    assert {status for _, _, status, _ in found} == {CaseStatus.OPEN}
    waiting = [received for received, stage, _, _ in found if stage == ReviewStage.DUE.value
               or stage.value == "requested"]
    assert waiting and all(7 <= (TODAY - r).days <= 37 for r in waiting)
    drafting = {child for _, stage, _, child in found if stage.value == "advice_received"}
    assert drafting and {child for child, _ in drafts} == drafting
    assert all(based_on is not None for _, based_on in drafts) and draft_text > 0
    assert events == len(waiting) + 4 * len(drafting)


# ----- behaviour of a load ----------------------------------------------------------------
def caseload_tuples(database: Database) -> list[tuple]:
    """The caseload as sorted plain tuples, to compare two databases."""
    return sorted(astuple(row) for row in CaseService(database, None).caseload())


def test_the_same_seed_gives_the_same_caseload(database: Database, tmp_path: Path,
                                               clock: FixedClock) -> None:
    other = open_database(tmp_path / "other.db", clock).database
    third = open_database(tmp_path / "third.db", clock).database
    try:
        generate_demo(database, 300, seed=3)
        generate_demo(other, 300, seed=3)
        generate_demo(third, 300, seed=4)
        assert caseload_tuples(database) == caseload_tuples(other)
        assert caseload_tuples(database) != caseload_tuples(third)
    finally:
        other.dispose()
        third.dispose()


def test_a_second_load_adds_new_cases_after_the_first(database: Database) -> None:
    generate_demo(database, 40, seed=1)
    profile = database.get_meta(PROFILE_KEY)
    generate_demo(database, 40, seed=1)
    references = sorted(row.case_reference for row in CaseService(database, None).caseload())
    assert references == [f"EHC{n:06d}" for n in range(1, 81)]
    assert database.get_meta(PROFILE_KEY) == profile  # an existing profile is kept


@pytest.mark.parametrize(("stop_after_calls", "reported"), [(1, [0]), (2, [0, 2500])])
def test_cancelling_writes_nothing(database: Database, stop_after_calls: int,
                                   reported: list[int]) -> None:
    calls: list[int] = []

    def progress(done: int, total: int, message: str) -> None:
        calls.append(done)

    with pytest.raises(DemoCancelled):
        # 2,600 cases take two chunks: by the second call 2,500 cases have been inserted.
        generate_demo(database, 2600, progress=progress,
                      should_stop=lambda: len(calls) >= stop_after_calls)
    assert calls == reported
    assert count(database, Child) == 0
    assert count(database, Officer) == 0
    assert database.get_meta(PROFILE_KEY) is None


def test_the_seed_is_not_in_the_change_log_but_drafts_written_after_it_are(
        db: Database) -> None:
    with db.read() as session:
        tables = dict(session.execute(
            select(FieldOp.table_name, func.count(FieldOp.row_id.distinct()))
            .group_by(FieldOp.table_name)).all())
        batches = session.execute(select(func.count()).select_from(ChangeBatch)).scalar_one()
    # the bulk seed (children, contacts, plans, reviews, ...) is local: never synced
    for table in (Officer, EducationSetting, Child, Contact, Allocation, EhcPlan,
                  AnnualReview, NeedsAssessment, AssessmentEvent):
        assert table.__tablename__ not in tables, table.__tablename__
    # the few draft amended plans are copied through the ORM, like an officer's draft
    assert 0 < tables["plan_version"] < count(db, PlanVersion) - count(db, EhcPlan)
    assert {name for name in tables if not name.startswith("plan_")} <= {"organisation"}
    assert batches == 1  # one transaction


# ----- the package ------------------------------------------------------------------------
def test_the_package_exposes_only_the_generator_its_summary_and_cancel() -> None:
    assert sorted(demo_package.__all__) == ["DemoCancelled", "DemoSummary", "generate_demo"]


def test_keys_are_seeded_version_4_uuids_in_rising_order() -> None:
    """The hex keys handed to `insert_rows`: valid, reproducible, and appended to indexes."""
    keys = _keys("7:1", 1000)
    assert keys == _keys("7:1", 1000) != _keys("7:2", 1000)
    assert all(uuid.UUID(hex=key).version == 4 and uuid.UUID(hex=key).hex == key
               for key in keys)
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def _keys(seed: str, n: int) -> list[str]:
    new_id = id_maker(seed)
    return [new_id() for _ in range(n)]
