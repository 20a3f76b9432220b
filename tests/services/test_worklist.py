"""The work service on a real database: deadlines ranked, policy, backlog, trend, allocation."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentKind,
    AssessmentRequester,
    AssessmentStage,
    CaseStatus,
    CloseReason,
    Need,
    OfficerRole,
    ReviewDecision,
    ReviewStage,
    Sex,
)
from caseworker_app.db.tables import Allocation, AnnualReview, Child, ChronologyEntry, Officer
from caseworker_app.entities import NewCase, OfficerRecord
from caseworker_app.entities_work import BacklogBand
from caseworker_app.errors import NotFoundError, ValidationError
from caseworker_app.rules.deadlines import AssessmentException, DeadlineKey, ReviewBasis
from caseworker_app.services import Services
from caseworker_app.services.worklist import backlog_band, week_start

TODAY = date(2026, 11, 23)  # the `clock` fixture's day
K = DeadlineKey


def open_case(services: Services, officer_id: uuid.UUID | None, surname: str,
              issued: date, born: date = date(2014, 5, 2)) -> uuid.UUID:
    """An open case whose plan was issued on `issued`; born 2 May 2014 is Year 8 now."""
    row = services.cases.open_case(NewCase(
        legal_forename="Sam", legal_surname=surname, date_of_birth=born, sex=Sex.MALE,
        primary_need=Need.ASD, officer_id=officer_id, plan_issued_on=issued))
    return row.child_id


def set_review(services: Services, child_id: uuid.UUID, **dates) -> None:
    """Write dates on the case's open review, as the review service would have."""
    with services.database.write(None) as uow:
        review = uow.session.scalars(select(AnnualReview).where(
            AnnualReview.child_id == child_id, AnnualReview.completed_on.is_(None))).one()
        for key, value in dates.items():
            setattr(review, key, value)


def set_child(services: Services, child_id: uuid.UUID, **fields) -> None:
    with services.database.write(None) as uow:
        child = uow.session.get(Child, child_id)
        for key, value in fields.items():
            setattr(child, key, value)


def add_officer(services: Services, name: str, role=OfficerRole.CASE_OFFICER,
                active: bool = True) -> uuid.UUID:
    with services.database.write(None) as uow:
        officer = Officer(display_name=name, role=role, active=active)
        uow.session.add(officer)
        uow.session.flush()
        return officer.id


def become_lead(services: Services) -> None:
    lead = services.reference.create_profile("Dana Whitfield", OfficerRole.LEAD)
    services.act_as(lead.id)


# ----- work items ----------------------------------------------------------------------------
def test_work_items_for_known_dates_are_the_expected_deadlines_in_order(
        services: Services, officer: OfficerRecord) -> None:
    # Case A: plan issued 1 Dec 2025, so the review is due 30 Nov 2026; the meeting was
    # held on 10 Nov with invitations and advice in time; the report and decision are open.
    a = open_case(services, officer.id, "Ashworth", date(2025, 12, 1))
    set_review(services, a, stage=ReviewStage.MEETING_HELD, meeting_on=date(2026, 11, 10),
               meeting_held_on=date(2026, 11, 10), invitations_sent_on=date(2026, 10, 20),
               advice_received_on=date(2026, 10, 25))
    # Case B: Year 6 (born March 2016, no setting), plan issued 1 Oct 2025: the review was
    # due 30 Sep 2026 and is overdue, and the primary-to-secondary transfer is due 15 Feb.
    b = open_case(services, officer.id, "Brennan", date(2025, 10, 1), born=date(2016, 3, 10))
    other = add_officer(services, "Kathryn Hall")
    open_case(services, other, "Cho", date(2025, 9, 1))  # someone else's case

    items = services.work.work_items(officer.id, TODAY)

    assert [(i.child_id, i.deadline.key, i.deadline.due) for i in items] == [
        (b, K.ANNUAL_REVIEW, date(2026, 9, 30)),  # overdue first
        (b, K.PHASE_TRANSFER, date(2027, 2, 15)),  # then the phase transfer
        (a, K.REVIEW_REPORT, date(2026, 11, 24)),  # then soonest due
        (a, K.ANNUAL_REVIEW, date(2026, 11, 30)),
        (a, K.REVIEW_DECISION, date(2026, 12, 8)),
    ]
    first = items[0]
    assert (first.case_reference, first.display_name, first.officer_name, first.stage) == (
        "EHC000002", "Brennan, Sam", "Priya Shah", ReviewStage.DUE)
    assert "s.44" in first.deadline.citation
    assert len(services.work.work_items(None, TODAY)) == len(items) + 1  # Cho's annual review


def test_cases_sharing_a_deadline_date_each_keep_their_own_item(
        services: Services, officer: OfficerRecord) -> None:
    ids = {open_case(services, officer.id, name, date(2025, 10, 1))
           for name in ("Ashworth", "Brennan", "Cho")}  # one (cached) rule result for all
    items = services.work.work_items(officer.id, TODAY)
    assert sorted(i.display_name for i in items) == ["Ashworth, Sam", "Brennan, Sam",
                                                     "Cho, Sam"]
    assert {i.child_id for i in items} == ids


def test_phase_transfer_is_done_once_this_years_review_has_decided_and_issued(
        services: Services, officer: OfficerRecord) -> None:
    child = open_case(services, officer.id, "Brennan", date(2025, 12, 20),
                      born=date(2016, 3, 10))
    keys = lambda: [i.deadline.key for i in services.work.work_items(officer.id, TODAY)]  # noqa: E731
    assert K.PHASE_TRANSFER in keys()
    set_review(services, child, meeting_on=date(2026, 10, 1), meeting_held_on=date(2026, 10, 1),
               decision=ReviewDecision.AMEND, decision_on=date(2026, 10, 20),
               amendments_sent_on=date(2026, 10, 20), stage=ReviewStage.AMENDMENTS_PROPOSED)
    assert K.PHASE_TRANSFER in keys()  # amending: not done until the final plan is issued
    set_review(services, child, final_issued_on=date(2026, 11, 20),
               stage=ReviewStage.FINAL_ISSUED)
    assert K.PHASE_TRANSFER not in keys()


def test_forecast_counts_overdue_and_each_coming_week_per_officer(
        services: Services, officer: OfficerRecord) -> None:
    open_case(services, officer.id, "Ashworth", date(2025, 10, 1))  # due 30 Sep: overdue
    open_case(services, officer.id, "Brennan", date(2025, 11, 24))  # due 23 Nov: week 1
    open_case(services, officer.id, "Cho", date(2025, 12, 1))  # due 30 Nov: week 2
    open_case(services, None, "Dunn", date(2026, 1, 1))  # due 31 Dec: beyond 4 weeks
    idle = add_officer(services, "Kathryn Hall")

    forecast = services.work.forecast(TODAY)

    by_name = {f.officer_name: f for f in forecast}
    assert [f.officer_name for f in forecast] == ["Kathryn Hall", "Priya Shah", "Unallocated"]
    assert (by_name["Priya Shah"].overdue, by_name["Priya Shah"].weeks) == (1, (1, 1, 0, 0))
    assert by_name["Kathryn Hall"].officer_id == idle and by_name["Kathryn Hall"].total == 0
    assert by_name["Unallocated"].weeks == (0, 0, 0, 0)


# ----- assessments in progress ----------------------------------------------------------------
S, D = AssessmentStage, AssessmentDecision


def assess(services: Services, child_id: uuid.UUID, received: date, *steps,
           kind: AssessmentKind = AssessmentKind.NEW) -> uuid.UUID:
    """Start an assessment through the service and record (step, date[, decision]) on time."""
    detail = services.assessments.start_assessment(child_id, kind, received,
                                                   AssessmentRequester.PARENT)
    for step, on, *decision in steps:
        detail = services.assessments.record_step(detail.assessment.id, step, on,
                                                  decision=decision[0] if decision else None)
    return detail.assessment.id


def assessment_items(services: Services, officer_id: uuid.UUID | None,
                     today: date = TODAY) -> list[tuple]:
    return [(i.child_id, i.deadline.key, i.deadline.due, i.stage, i.assessment)
            for i in services.work.work_items(officer_id, today) if i.assessment is not None]


def no_plan_case(services: Services, officer_id: uuid.UUID | None, surname: str) -> uuid.UUID:
    """An open case with no plan (so no annual review): only its assessment has deadlines."""
    return services.cases.open_case(NewCase(
        legal_forename="Sam", legal_surname=surname, date_of_birth=date(2014, 5, 2),
        sex=Sex.MALE, primary_need=Need.ASD, officer_id=officer_id)).child_id


def test_an_assessment_requested_lists_its_six_week_decision_among_the_case_deadlines(
        services: Services, officer: OfficerRecord) -> None:
    child = open_case(services, officer.id, "Ashworth", date(2025, 12, 1))  # review 30 Nov
    assess(services, child, date(2026, 11, 2))  # 6 weeks: 14 Dec; 16: 22 Feb; 20: 22 Mar

    items = services.work.work_items(officer.id, TODAY)

    new, requested = AssessmentKind.NEW, S.REQUESTED
    assert [(i.deadline.key, i.deadline.due, i.stage, i.assessment) for i in items] == [
        (K.ANNUAL_REVIEW, date(2026, 11, 30), ReviewStage.DUE, None),
        (K.ASSESSMENT_DECISION, date(2026, 12, 14), requested, new),
        (K.DECISION_NOT_TO_ISSUE, date(2027, 2, 22), requested, new),
        (K.FINAL_PLAN, date(2027, 3, 22), requested, new),
    ]
    decision = items[1]
    assert (decision.child_id, decision.case_reference, decision.officer_name) == (
        child, "EHC000001", "Priya Shah")
    assert "reg 5(1)" in decision.deadline.citation
    assert "2 November 2026" in decision.deadline.explanation


def test_an_overdue_assessment_decision_ranks_with_the_overdue(
        services: Services, officer: OfficerRecord) -> None:
    late = no_plan_case(services, officer.id, "Brennan")
    assess(services, late, date(2026, 10, 5))  # the decision was due 16 November
    soon = open_case(services, officer.id, "Ashworth", date(2025, 11, 24))  # review today
    items = services.work.work_items(officer.id, TODAY)
    assert [(i.child_id, i.deadline.key) for i in items][:2] == [
        (late, K.ASSESSMENT_DECISION), (soon, K.ANNUAL_REVIEW)]
    assert items[0].deadline.is_overdue(TODAY)


def test_after_the_advice_the_final_plan_is_due_and_a_passed_16_weeks_is_not_overdue(
        services: Services, officer: OfficerRecord) -> None:
    child = no_plan_case(services, officer.id, "Cho")
    # Received 20 July: decision due 31 Aug, no-plan decision 9 Nov, final plan 7 Dec 2026.
    assess(services, child, date(2026, 7, 20), (S.DECISION, date(2026, 8, 20), D.ASSESS),
           (S.ADVICE_REQUESTED, date(2026, 8, 25)), (S.ADVICE_RECEIVED, date(2026, 10, 1)))
    new, stage = AssessmentKind.NEW, S.ADVICE_RECEIVED

    # Before 9 November the 16 weeks are due like any deadline ...
    assert assessment_items(services, officer.id, date(2026, 11, 1)) == [
        (child, K.DECISION_NOT_TO_ISSUE, date(2026, 11, 9), stage, new),
        (child, K.FINAL_PLAN, date(2026, 12, 7), stage, new),
    ]
    # ... but once passed with the outcome still open they are not overdue (a plan may yet
    # be issued), so they leave the list and the forecast; the final plan stays.
    assert assessment_items(services, officer.id) == [
        (child, K.FINAL_PLAN, date(2026, 12, 7), stage, new)]
    mine = next(f for f in services.work.forecast(TODAY) if f.officer_id == officer.id)
    assert (mine.overdue, mine.weeks) == (0, (0, 0, 1, 0))  # 7 Dec: 14 days away, week 3


def test_a_draft_plan_sent_leaves_the_final_plan_and_the_familys_time_to_comment(
        services: Services, officer: OfficerRecord) -> None:
    child = no_plan_case(services, officer.id, "Dunn")
    assess(services, child, date(2026, 7, 20), (S.DECISION, date(2026, 8, 20), D.ASSESS),
           (S.ADVICE_REQUESTED, date(2026, 8, 25)), (S.ADVICE_RECEIVED, date(2026, 10, 1)),
           (S.DRAFT_SENT, date(2026, 11, 20)))  # the family may comment until 4 December
    assert [(key, due) for _c, key, due, *_ in assessment_items(services, officer.id)] == [
        (K.REPRESENTATIONS, date(2026, 12, 4)), (K.FINAL_PLAN, date(2026, 12, 7))]


def test_an_exception_takes_the_disapplied_limits_off_the_list_and_the_forecast(
        services: Services, officer: OfficerRecord) -> None:
    child = no_plan_case(services, officer.id, "Evans")
    assessment = assess(services, child, date(2026, 10, 5),  # decision due 16 Nov: overdue
                        (S.DECISION, date(2026, 11, 2), D.ASSESS),
                        (S.ADVICE_REQUESTED, date(2026, 11, 10)))
    keys = lambda: [key for _c, key, *_ in assessment_items(services, officer.id)]  # noqa: E731
    assert keys() == [K.ASSESSMENT_ADVICE, K.DECISION_NOT_TO_ISSUE, K.FINAL_PLAN]

    services.assessments.record_exception(
        assessment, AssessmentException.AWAY_FROM_AREA, "Family abroad until February")

    assert keys() == [K.ASSESSMENT_ADVICE]  # reg 8's 6 weeks have their own exceptions
    mine = next(f for f in services.work.forecast(TODAY) if f.officer_id == officer.id)
    assert mine.total == 0  # advice due 22 Dec: beyond the 4 weeks


def test_an_exception_disapplies_an_overdue_decision(
        services: Services, officer: OfficerRecord) -> None:
    child = no_plan_case(services, officer.id, "Evans")
    assessment = assess(services, child, date(2026, 10, 5))  # decision due 16 Nov
    mine = lambda: next(f for f in services.work.forecast(TODAY)  # noqa: E731
                        if f.officer_id == officer.id)
    assert mine().overdue == 1
    services.assessments.record_exception(
        assessment, AssessmentException.SCHOOL_CLOSED, "School closed for refurbishment")
    assert assessment_items(services, officer.id) == []
    assert mine().overdue == 0


def test_a_reassessment_lists_its_decision_with_its_kind(
        services: Services, officer: OfficerRecord) -> None:
    child = open_case(services, officer.id, "Fagan", date(2025, 12, 1))
    assess(services, child, date(2026, 11, 16), kind=AssessmentKind.REASSESSMENT)
    assert assessment_items(services, officer.id)[0] == (
        child, K.REASSESSMENT_REQUEST, date(2026, 12, 1), S.REQUESTED,
        AssessmentKind.REASSESSMENT)


def test_finished_assessments_and_other_officers_cases_are_left_out(
        services: Services, officer: OfficerRecord) -> None:
    mine = no_plan_case(services, officer.id, "Ashworth")
    assess(services, mine, date(2026, 11, 2))
    refused = no_plan_case(services, officer.id, "Brennan")
    assess(services, refused, date(2026, 11, 2), (S.DECISION, date(2026, 11, 9), D.NOT_ASSESS))
    kathryn = add_officer(services, "Kathryn Hall")
    theirs = no_plan_case(services, kathryn, "Cho")
    assess(services, theirs, date(2026, 11, 9))
    nobody = no_plan_case(services, None, "Dunn")
    assess(services, nobody, date(2026, 11, 16))

    assert {c for c, *_ in assessment_items(services, officer.id)} == {mine}
    assert {c for c, *_ in assessment_items(services, kathryn)} == {theirs}
    assert {c for c, *_ in assessment_items(services, None)} == {mine, theirs, nobody}
    forecast = {f.officer_name: f.weeks for f in services.work.forecast(TODAY)}
    assert forecast == {"Kathryn Hall": (0, 0, 0, 0), "Priya Shah": (0, 0, 0, 1),
                        "Unallocated": (0, 0, 0, 0)}


def test_an_assessment_on_a_closed_case_is_left_out(
        services: Services, officer: OfficerRecord) -> None:
    child = no_plan_case(services, officer.id, "Ashworth")
    assess(services, child, date(2026, 11, 2))
    assert assessment_items(services, None)
    services.cases.close_case(child, CloseReason.NEEDS_MET, date(2026, 11, 20))
    assert services.work.work_items(None, TODAY) == []


# ----- policy --------------------------------------------------------------------------------
def test_the_review_basis_decides_what_counts_as_overdue(
        services: Services, officer: OfficerRecord) -> None:
    child = open_case(services, officer.id, "Ashworth", date(2025, 11, 21))  # due 20 Nov 2026
    set_review(services, child, stage=ReviewStage.MEETING_HELD, meeting_on=date(2026, 11, 2),
               meeting_held_on=date(2026, 11, 2))
    assert services.work.review_basis() == ReviewBasis.DECISION
    assert [r.child_id for r in services.work.backlog(TODAY)] == [child]
    assert services.work.work_items(officer.id, TODAY)[0].deadline.is_overdue(TODAY)

    with pytest.raises(ValidationError):  # a case officer may not change the policy
        services.reviews.set_basis(ReviewBasis.MEETING)
    become_lead(services)
    services.reviews.set_basis(ReviewBasis.MEETING)

    assert services.work.review_basis() == ReviewBasis.MEETING
    assert services.work.backlog(TODAY) == []
    keys = [i.deadline.key for i in services.work.work_items(None, TODAY)]
    assert K.ANNUAL_REVIEW not in keys and K.REVIEW_DECISION in keys


def test_under_the_meeting_basis_the_year_counts_from_the_last_meeting(
        services: Services, officer: OfficerRecord) -> None:
    child = open_case(services, officer.id, "Ashworth", date(2024, 10, 1))
    set_review(services, child, meeting_held_on=date(2025, 9, 1), decision_on=date(2025, 9, 26),
               decision=ReviewDecision.MAINTAIN, completed_on=date(2025, 9, 26),
               stage=ReviewStage.COMPLETE)
    with services.database.write(None) as uow:
        uow.session.add(AnnualReview(child_id=child, due_on=date(2026, 9, 25),
                                     stage=ReviewStage.DUE))
    assert services.work.backlog(TODAY)[0].due_on == date(2026, 9, 25)
    become_lead(services)
    services.reviews.set_basis(ReviewBasis.MEETING)
    assert services.work.backlog(TODAY)[0].due_on == date(2026, 8, 31)


# ----- backlog -------------------------------------------------------------------------------
@pytest.mark.parametrize(("due", "band"), [
    (date(2026, 11, 22), BacklogBand.UP_TO_3),
    (date(2026, 8, 23), BacklogBand.UP_TO_3),  # exactly 3 months overdue
    (date(2026, 8, 22), BacklogBand.FROM_3_TO_6),
    (date(2026, 5, 23), BacklogBand.FROM_3_TO_6),  # exactly 6 months
    (date(2026, 5, 22), BacklogBand.FROM_6_TO_12),
    (date(2025, 11, 23), BacklogBand.FROM_6_TO_12),  # exactly 12 months
    (date(2025, 11, 22), BacklogBand.OVER_12),
])
def test_backlog_bands_at_their_boundaries(due: date, band: BacklogBand) -> None:
    assert backlog_band(due, TODAY) == band


def test_backlog_lists_overdue_reviews_with_bands_and_flags(
        services: Services, officer: OfficerRecord) -> None:
    # Plans issued a year and a day before each due date.
    three = open_case(services, officer.id, "Ashworth", date(2025, 8, 24))  # due 23 Aug 2026
    over3 = open_case(services, officer.id, "Brennan", date(2025, 8, 23),  # due 22 Aug 2026
                      born=date(2010, 1, 5))  # Year 12: post-16 and Year 9+
    year = open_case(services, None, "Cho", date(2024, 11, 24), born=date(2016, 3, 10))
    open_case(services, officer.id, "Dunn", date(2025, 11, 24))  # due today: not overdue
    decided = open_case(services, officer.id, "Evans", date(2025, 1, 1))
    set_review(services, decided, decision_on=date(2025, 12, 20))
    set_child(services, three, looked_after=True, complaint_or_tribunal=True)

    rows = services.work.backlog(TODAY)

    assert [(r.child_id, r.due_on, r.days_overdue, r.band) for r in rows] == [
        (year, date(2025, 11, 23), 365, BacklogBand.FROM_6_TO_12),
        (over3, date(2026, 8, 22), 93, BacklogBand.FROM_3_TO_6),
        (three, date(2026, 8, 23), 92, BacklogBand.UP_TO_3),
    ]
    flags = {r.child_id: (r.phase_transfer, r.year9_plus, r.post16, r.looked_after,
                          r.complaint_or_tribunal) for r in rows}
    assert flags == {year: (True, False, False, False, False),
                     over3: (False, True, True, False, False),
                     three: (False, False, False, True, True)}
    assert rows[0].officer_name is None and rows[1].officer_name == "Priya Shah"


def test_closed_cases_are_not_in_the_backlog(services: Services, officer: OfficerRecord) -> None:
    child = open_case(services, officer.id, "Ashworth", date(2025, 1, 1))
    services.cases.close_case(child, CloseReason.NEEDS_MET, date(2026, 11, 1))
    assert services.work.backlog(TODAY) == []
    assert services.work.work_items(None, TODAY) == []


# ----- trend ---------------------------------------------------------------------------------
def test_trend_counts_completions_per_week_and_month_and_the_backlog_each_week(
        services: Services, officer: OfficerRecord) -> None:
    done = open_case(services, officer.id, "Ashworth", date(2025, 11, 1))  # due 31 Oct 2026
    set_review(services, done, decision_on=date(2026, 11, 17), completed_on=date(2026, 11, 18),
               decision=ReviewDecision.MAINTAIN, stage=ReviewStage.COMPLETE)
    decided = open_case(services, officer.id, "Brennan", date(2025, 11, 6))  # due 5 Nov 2026
    set_review(services, decided, decision_on=date(2026, 10, 14),
               decision=ReviewDecision.MAINTAIN, stage=ReviewStage.DECISION_MADE)
    open_case(services, officer.id, "Cho", date(2025, 11, 10))  # due 9 Nov 2026, still open
    closed = open_case(services, officer.id, "Dunn", date(2025, 11, 3))  # due 2 Nov 2026
    services.cases.close_case(closed, CloseReason.NEEDS_MET, date(2026, 11, 12))

    trend = services.work.trend(TODAY, weeks=6)

    assert trend.week_starts == (date(2026, 10, 19), date(2026, 10, 26), date(2026, 11, 2),
                                 date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23))
    assert trend.completed_per_week == (0, 0, 0, 0, 1, 0)  # 14 Oct falls before the weeks
    assert trend.month_starts == (date(2026, 10, 1), date(2026, 11, 1))
    assert trend.completed_per_month == (1, 1)
    # Week ends: 25 Oct, 1 Nov (Ashworth overdue from 1 Nov), 8 Nov (+ Dunn from 3 Nov),
    # 15 Nov (+ Cho from 10 Nov, Dunn closed 12 Nov), 22 Nov (Ashworth decided 17 Nov).
    assert trend.backlog_at_week_end == (0, 1, 2, 2, 1, 1)
    assert trend.backlog_at_week_end[-1] == len(services.work.backlog(TODAY))
    assert week_start(TODAY) == TODAY  # 23 November 2026 is a Monday


def test_backlog_overview_gives_both_from_one_reading(
        services: Services, officer: OfficerRecord) -> None:
    open_case(services, officer.id, "Ashworth", date(2025, 1, 1))
    overview = services.work.backlog_overview(TODAY, weeks=4)
    assert [r.display_name for r in overview.rows] == ["Ashworth, Sam"]
    assert overview.trend == services.work.trend(TODAY, weeks=4)
    assert overview.basis == ReviewBasis.DECISION


# ----- allocation ----------------------------------------------------------------------------
def current_officer(services: Services, child_id: uuid.UUID) -> uuid.UUID | None:
    with services.database.read() as session:
        return session.scalars(select(Allocation.officer_id).where(
            Allocation.child_id == child_id, Allocation.end_on.is_(None))).first()


def test_allocate_moves_every_case_in_one_go_with_history(
        services: Services, officer: OfficerRecord) -> None:
    ids = [open_case(services, officer.id, name, date(2025, 12, 1))
           for name in ("Ashworth", "Brennan")]
    ids.append(open_case(services, None, "Cho", date(2025, 12, 1)))
    kathryn = add_officer(services, "Kathryn Hall")

    assert services.work.allocate(ids, kathryn) == 3

    assert [current_officer(services, c) for c in ids] == [kathryn] * 3
    detail = services.cases.case_detail(ids[0])
    assert [(a.officer_name, a.end_on) for a in detail.allocations] == [
        ("Kathryn Hall", None), ("Priya Shah", TODAY)]
    assert detail.chronology[0].summary == "Case transferred to Kathryn Hall"
    assert services.work.allocate(ids, kathryn) == 0  # already hers: nothing to move


@pytest.mark.parametrize("problem", ["unknown", "closed", "inactive"])
def test_allocate_is_all_or_nothing(services: Services, officer: OfficerRecord,
                                    problem: str) -> None:
    ids = [open_case(services, officer.id, name, date(2025, 12, 1))
           for name in ("Ashworth", "Brennan", "Cho")]
    kathryn = add_officer(services, "Kathryn Hall", active=problem != "inactive")
    if problem == "unknown":
        ids.insert(1, uuid.uuid4())
    if problem == "closed":
        services.cases.close_case(ids[2], CloseReason.NEEDS_MET, TODAY)
    with services.database.read() as session:
        entries_before = len(session.scalars(select(ChronologyEntry)).all())

    with pytest.raises(NotFoundError if problem == "unknown" else ValidationError) as caught:
        services.work.allocate(ids, kathryn)

    if problem == "closed":
        assert "EHC000003" in str(caught.value) and "Nothing was allocated" in str(caught.value)
    assert all(current_officer(services, c) in (officer.id, None) for c in ids)
    assert current_officer(services, ids[0]) == officer.id
    with services.database.read() as session:
        assert len(session.scalars(select(ChronologyEntry)).all()) == entries_before
        statuses = session.scalars(select(Child.status)).all()
    assert CaseStatus.OPEN in statuses


def test_transfer_still_refuses_what_it_refused(services: Services,
                                                 officer: OfficerRecord) -> None:
    child = open_case(services, officer.id, "Ashworth", date(2025, 12, 1))
    with pytest.raises(ValidationError, match="already holds it"):
        services.cases.transfer_case(child, officer.id, "")
    with pytest.raises(ValidationError, match="active officer"):
        services.cases.transfer_case(child, uuid.uuid4(), "")
