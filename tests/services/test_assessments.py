"""The assessment service on a real database: every step recorded, refused, late, corrected,
and exceptions recorded and removed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentEventKind,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentRequester,
    AssessmentStage,
    CloseReason,
    LatenessReason,
    Need,
    Sex,
)
from caseworker_app.db.tables import AssessmentEvent, ChronologyEntry, NeedsAssessment
from caseworker_app.entities import NewCase, OfficerRecord
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.rules.deadlines import AssessmentException, DeadlineKey
from caseworker_app.services import Services
from caseworker_app.services.assessments import AssessmentDetail

S = AssessmentStage
D = AssessmentDecision
NEW, RE = AssessmentKind.NEW, AssessmentKind.REASSESSMENT
PARENT = AssessmentRequester.PARENT
RECEIVED = date(2026, 7, 1)  # 6 weeks: 12 Aug; 16 weeks: 21 Oct; 20 weeks: 18 Nov 2026
AWAY = AssessmentException.AWAY_FROM_AREA


def new_case(services: Services, officer: OfficerRecord, issued: date | None = None):
    """An open case, with a plan issued on `issued` if given."""
    return services.cases.open_case(NewCase(
        legal_forename="Maya", legal_surname="Osei", date_of_birth=date(2019, 4, 2),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer.id,
        plan_issued_on=issued))


@pytest.fixture
def case(services, officer):
    return new_case(services, officer)


def start(services: Services, child_id, kind=NEW, on=RECEIVED) -> AssessmentDetail:
    return services.assessments.start_assessment(child_id, kind, on, PARENT)


def walk(services: Services, detail: AssessmentDetail, steps) -> AssessmentDetail:
    """Record (step, date[, decision]) in order, on time."""
    for step, on, *rest in steps:
        detail = services.assessments.record_step(detail.assessment.id, step, on,
                                                  decision=rest[0] if rest else None)
    return detail


TO_ADVICE = [
    (S.DECISION, date(2026, 8, 5), D.ASSESS),
    (S.ADVICE_REQUESTED, date(2026, 8, 6)),
    (S.ADVICE_RECEIVED, date(2026, 9, 10)),
]


def chronology(services: Services, child_id) -> list[str]:
    with services.database.read() as session:
        return list(session.scalars(select(ChronologyEntry.summary)
                                    .where(ChronologyEntry.child_id == child_id)))


def test_starting_an_assessment_counts_its_deadlines_from_the_request(services, case) -> None:
    detail = start(services, case.child_id)
    record = detail.assessment
    assert (record.kind, record.requested_by, record.request_received_on, record.stage) == (
        NEW, PARENT, RECEIVED, S.REQUESTED)
    assert record.outcome is None
    assert detail.next_steps == (S.DECISION,)
    assert {d.key: d.due for d in detail.deadlines} == {
        DeadlineKey.ASSESSMENT_DECISION: date(2026, 8, 12),
        DeadlineKey.DECISION_NOT_TO_ISSUE: date(2026, 10, 21),
        DeadlineKey.FINAL_PLAN: date(2026, 11, 18)}
    [event] = detail.events
    assert (event.event, event.step, event.occurred_on, event.author_name) == (
        AssessmentEventKind.STEP, S.REQUESTED, RECEIVED, "Priya Shah")
    assert "Needs assessment requested by the parent: received 1 July 2026" in chronology(
        services, case.child_id)


def test_from_request_to_final_plan_with_a_late_step(services, case) -> None:
    detail = walk(services, start(services, case.child_id), TO_ADVICE)
    assert detail.next_steps == (S.DRAFT_SENT, S.NOT_TO_ISSUE)
    detail = services.assessments.record_step(detail.assessment.id, S.DRAFT_SENT,
                                              date(2026, 10, 20))
    with pytest.raises(ValidationError) as caught:
        services.assessments.record_step(detail.assessment.id, S.FINAL_ISSUED,
                                         date(2026, 11, 20))
    assert "due by 18 November 2026 (SEND Regulations 2014 reg 13(2))" in \
        caught.value.errors["lateness_reason"]
    with pytest.raises(ValidationError, match="other reason"):
        services.assessments.record_step(detail.assessment.id, S.FINAL_ISSUED,
                                         date(2026, 11, 20),
                                         lateness_reason=LatenessReason.OTHER)
    detail = services.assessments.record_step(
        detail.assessment.id, S.FINAL_ISSUED, date(2026, 11, 20),
        lateness_reason=LatenessReason.HEALTH_ADVICE_AWAITED, note="Paediatric advice late")
    assert detail.assessment.outcome == AssessmentOutcome.PLAN_ISSUED
    assert detail.assessment.stage == S.FINAL_ISSUED
    assert detail.next_steps == ()
    late = detail.events[-1]
    assert (late.lateness_reason, late.due_on, late.note) == (
        LatenessReason.HEALTH_ADVICE_AWAITED, date(2026, 11, 18), "Paediatric advice late")
    assert all(e.lateness_reason is None for e in detail.events[:-1])
    assert [e.step for e in detail.events] == [S.REQUESTED, S.DECISION, S.ADVICE_REQUESTED,
                                               S.ADVICE_RECEIVED, S.DRAFT_SENT, S.FINAL_ISSUED]
    assert detail.events[1].decision == D.ASSESS
    notes = chronology(services, case.child_id)
    assert "Needs assessment: decision whether to assess: assess on 5 August 2026" in notes
    assert ("Needs assessment: final plan issued on 20 November 2026 "
            "(late: Health advice awaited)") in notes


def test_decision_not_to_assess_ends_the_assessment(services, case) -> None:
    detail = walk(services, start(services, case.child_id),
                  [(S.DECISION, date(2026, 8, 1), D.NOT_ASSESS)])
    assert detail.assessment.outcome == AssessmentOutcome.NOT_ASSESSED
    assert [d.key for d in detail.deadlines] == [DeadlineKey.ASSESSMENT_DECISION]
    with pytest.raises(ValidationError, match="finished"):
        services.assessments.record_step(detail.assessment.id, S.ADVICE_REQUESTED,
                                         date(2026, 8, 2))
    # once finished, a new request can be recorded
    again = start(services, case.child_id, on=date(2026, 11, 2))
    listed = services.assessments.case_assessments(case.child_id)
    assert [a.id for a in listed.assessments] == [again.assessment.id, detail.assessment.id]
    assert listed.in_progress.id == again.assessment.id


def test_decision_not_to_issue_a_plan(services, case) -> None:
    detail = walk(services, start(services, case.child_id), TO_ADVICE)
    detail = services.assessments.record_step(detail.assessment.id, S.NOT_TO_ISSUE,
                                              date(2026, 10, 21))
    assert detail.assessment.outcome == AssessmentOutcome.NO_PLAN
    assert detail.events[-1].lateness_reason is None  # the last day of 16 weeks is on time
    assert DeadlineKey.FINAL_PLAN not in {d.key for d in detail.deadlines}


@pytest.mark.parametrize(("step", "on", "decision", "field", "message"), [
    (S.ADVICE_REQUESTED, date(2026, 8, 1), None, "step",
     "The next step is “Decision whether to assess”"),
    (S.DECISION, date(2026, 11, 24), D.ASSESS, "on", "in the future"),
    (S.DECISION, date(2026, 6, 30), D.ASSESS, "on", "before an earlier step"),
    (S.DECISION, date(2026, 8, 1), None, "decision", "Choose whether to assess"),
], ids=["out of order", "future", "before the request", "no decision"])
def test_invalid_moves_are_refused_and_change_nothing(services, case, step, on, decision,
                                                      field, message) -> None:
    detail = start(services, case.child_id)
    with pytest.raises(ValidationError) as caught:
        services.assessments.record_step(detail.assessment.id, step, on, decision=decision)
    assert message in caught.value.errors[field]
    after = services.assessments.assessment_detail(detail.assessment.id)
    assert after.assessment == detail.assessment and len(after.events) == 1


def test_a_closed_case_records_nothing(services, case) -> None:
    detail = start(services, case.child_id)
    services.cases.close_case(case.child_id, CloseReason.TRANSFERRED, date(2026, 11, 20), "")
    with pytest.raises(ValidationError, match="case is closed"):
        services.assessments.record_step(detail.assessment.id, S.DECISION, date(2026, 8, 1),
                                         decision=D.ASSESS)
    with pytest.raises(ValidationError, match="case is closed"):
        services.assessments.record_exception(detail.assessment.id, AWAY, "Abroad")
    assert not services.assessments.case_assessments(case.child_id).case_open


def test_one_assessment_at_a_time(services, case) -> None:
    start(services, case.child_id)
    with pytest.raises(ValidationError, match="already has a needs assessment in progress"):
        start(services, case.child_id, on=date(2026, 8, 1))
    with services.database.read() as session:
        assert session.scalar(select(func.count()).select_from(NeedsAssessment)) == 1


def test_the_database_itself_keeps_one_assessment_in_progress(services, case) -> None:
    start(services, case.child_id)
    with pytest.raises(IntegrityError), services.database.write(None) as uow:
        uow.session.add(NeedsAssessment(child_id=case.child_id, kind=NEW, requested_by=PARENT,
                                        request_received_on=RECEIVED))


def test_reassessment_needs_a_plan_and_counts_from_the_decision(services, officer) -> None:
    no_plan = new_case(services, officer)
    with pytest.raises(ValidationError, match="no plan issued"):
        start(services, no_plan.child_id, kind=RE)
    planned = new_case(services, officer, issued=date(2024, 3, 1))
    detail = start(services, planned.child_id, kind=RE, on=date(2026, 11, 2))
    assert [(d.key, d.due) for d in detail.deadlines] == [
        (DeadlineKey.REASSESSMENT_REQUEST, date(2026, 11, 17))]
    with pytest.raises(ValidationError, match="Choose whether to reassess"):
        services.assessments.record_step(detail.assessment.id, S.DECISION, date(2026, 11, 19))
    with pytest.raises(ValidationError, match="due by 17 November 2026"):
        services.assessments.record_step(detail.assessment.id, S.DECISION, date(2026, 11, 19),
                                         decision=D.ASSESS)
    detail = services.assessments.record_step(
        detail.assessment.id, S.DECISION, date(2026, 11, 19), decision=D.ASSESS,
        lateness_reason=LatenessReason.OFFICER_CAPACITY)
    plan = next(d for d in detail.deadlines if d.key == DeadlineKey.REASSESSMENT_PLAN)
    assert plan.due == date(2027, 2, 25) and "reg 27" in plan.citation  # 14 weeks on
    assert "Reassessment: decision whether to reassess: reassess on 19 November 2026 " \
           "(late: Officer capacity)" in chronology(services, planned.child_id)


def test_an_exception_needs_a_reason_and_disapplies_the_limits(services, case) -> None:
    detail = start(services, case.child_id)
    with pytest.raises(ValidationError) as caught:
        services.assessments.record_exception(detail.assessment.id, AWAY, "  ")
    assert "Give a reason" in caught.value.errors["reason"]
    assert services.assessments.assessment_detail(detail.assessment.id).assessment.exception \
        is None

    detail = services.assessments.record_exception(detail.assessment.id, AWAY,
                                                   "Family in Ghana 10 Jul - 30 Aug")
    today = services.database.clock.today()
    assert detail.assessment.exception == AWAY
    assert all(d.disapplied_reason.endswith("Family in Ghana 10 Jul - 30 Aug")
               and not d.is_overdue(today) for d in detail.deadlines)
    event = detail.events[-1]
    assert (event.event, event.exception, event.reason, event.occurred_on) == (
        AssessmentEventKind.EXCEPTION, AWAY, "Family in Ghana 10 Jul - 30 Aug", today)
    # a decision after 6 weeks is not late while the exception applies
    detail = services.assessments.record_step(detail.assessment.id, S.DECISION,
                                              date(2026, 9, 1), decision=D.ASSESS)
    assert detail.events[-1].lateness_reason is None

    with pytest.raises(ValidationError, match="no longer applies"):
        services.assessments.remove_exception(detail.assessment.id, "")
    detail = services.assessments.remove_exception(detail.assessment.id, "Dates were wrong")
    assert detail.assessment.exception is None and detail.assessment.exception_reason is None
    assert all(d.disapplied_reason is None for d in detail.deadlines)
    removed = detail.events[-1]
    assert (removed.event, removed.exception, removed.reason) == (
        AssessmentEventKind.EXCEPTION_REMOVED, AWAY, "Dates were wrong")
    notes = chronology(services, case.child_id)
    assert ("Needs assessment: exception recorded: The family was away from the area for at "
            "least 4 weeks") in notes
    assert any(n.startswith("Needs assessment: exception removed") for n in notes)
    with services.database.read() as session:
        kinds = session.scalars(select(AssessmentEvent.event).where(
            AssessmentEvent.assessment_id == detail.assessment.id)).all()
    assert kinds.count(AssessmentEventKind.EXCEPTION) == 1


def test_correcting_a_date_keeps_the_old_one(services, case) -> None:
    detail = walk(services, start(services, case.child_id), TO_ADVICE)
    with pytest.raises(ValidationError, match="Say why"):
        services.assessments.correct_step(detail.assessment.id, S.DECISION, date(2026, 8, 4),
                                          " ")
    with pytest.raises(ValidationError, match="correct that step first"):
        services.assessments.correct_step(detail.assessment.id, S.DECISION, date(2026, 8, 7),
                                          "typo")
    detail = services.assessments.correct_step(detail.assessment.id, S.REQUESTED,
                                               date(2026, 6, 24), "Date stamp misread")
    assert detail.assessment.request_received_on == date(2026, 6, 24)
    decision = next(d for d in detail.deadlines if d.key == DeadlineKey.ASSESSMENT_DECISION)
    assert decision.due == date(2026, 8, 5)  # the deadlines follow the corrected request
    correction = detail.events[-1]
    assert (correction.event, correction.step, correction.corrected_from,
            correction.occurred_on, correction.reason) == (
        AssessmentEventKind.CORRECTION, S.REQUESTED, RECEIVED, date(2026, 6, 24),
        "Date stamp misread")
    assert detail.events[0].occurred_on == RECEIVED  # the original step is kept
    assert ("Needs assessment: request received corrected from 1 July 2026 to 24 June 2026"
            in chronology(services, case.child_id))


def test_stale_assessment_is_refused(services, case) -> None:
    detail = start(services, case.child_id)
    services.assessments.record_exception(detail.assessment.id, AWAY, "Abroad")
    with pytest.raises(StaleRecordError):
        services.assessments.record_step(detail.assessment.id, S.DECISION, date(2026, 8, 1),
                                         decision=D.ASSESS,
                                         expected_version=detail.assessment.row_version)
