"""The needs assessment workflow: paths, deadlines, exceptions and every refusal, as tables."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from caseworker_app import assessment_workflow as wf
from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentEventKind,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentRequester,
    AssessmentStage,
    LatenessReason,
)
from caseworker_app.entities import AssessmentEventRecord, NeedsAssessmentRecord
from caseworker_app.errors import ValidationError
from caseworker_app.rules.deadlines import AssessmentException, DeadlineKey

S = AssessmentStage
D = AssessmentDecision
K = DeadlineKey
NEW, RE = AssessmentKind.NEW, AssessmentKind.REASSESSMENT
TODAY = date(2026, 11, 23)
RECEIVED = date(2026, 7, 1)  # 6 weeks: 12 Aug; 16 weeks: 21 Oct; 20 weeks: 18 Nov 2026
AWAY = AssessmentException.AWAY_FROM_AREA


def rec(kind: AssessmentKind = NEW, **fields) -> NeedsAssessmentRecord:
    """An assessment received on 1 July 2026, at the stage its latest date says."""
    record = NeedsAssessmentRecord(uuid.uuid4(), uuid.uuid4(), kind,
                                   AssessmentRequester.PARENT, RECEIVED, S.REQUESTED)
    record = replace(record, **fields)
    reached = [s for s in S if wf.step_date(record, s) is not None]
    return replace(record, stage=reached[-1], outcome=wf.outcome_of(record))


ASSESSING = {"decision": D.ASSESS, "decision_on": date(2026, 8, 5)}
ADVISED = {**ASSESSING, "advice_requested_on": date(2026, 8, 6),
           "advice_received_on": date(2026, 9, 10)}
DRAFTED = {**ADVISED, "draft_sent_on": date(2026, 10, 20)}


@pytest.mark.parametrize(("fields", "nexts", "steps", "outcome"), [
    ({}, (S.DECISION,),
     (S.REQUESTED, S.DECISION, S.ADVICE_REQUESTED, S.ADVICE_RECEIVED, S.NOT_TO_ISSUE,
      S.DRAFT_SENT, S.FINAL_ISSUED), None),
    ({"decision": D.NOT_ASSESS, "decision_on": date(2026, 8, 5)}, (),
     (S.REQUESTED, S.DECISION), AssessmentOutcome.NOT_ASSESSED),
    (ASSESSING, (S.ADVICE_REQUESTED,), None, None),
    ({**ASSESSING, "advice_requested_on": date(2026, 8, 6)}, (S.ADVICE_RECEIVED,), None, None),
    (ADVISED, (S.DRAFT_SENT, S.NOT_TO_ISSUE), None, None),
    ({**ADVISED, "not_to_issue_on": date(2026, 10, 1)}, (),
     (S.REQUESTED, S.DECISION, S.ADVICE_REQUESTED, S.ADVICE_RECEIVED, S.NOT_TO_ISSUE),
     AssessmentOutcome.NO_PLAN),
    (DRAFTED, (S.FINAL_ISSUED,),
     (S.REQUESTED, S.DECISION, S.ADVICE_REQUESTED, S.ADVICE_RECEIVED, S.DRAFT_SENT,
      S.FINAL_ISSUED), None),
    ({**DRAFTED, "final_issued_on": date(2026, 11, 10)}, (), None, AssessmentOutcome.PLAN_ISSUED),
], ids=["requested", "not assessed", "assessing", "advice asked", "advice in", "no plan",
        "draft out", "plan issued"])
def test_path_next_steps_and_outcome(fields, nexts, steps, outcome) -> None:
    record = rec(**fields)
    assert wf.next_steps(record) == nexts
    if steps is not None:
        assert wf.path(record) == steps
    assert wf.outcome_of(record) == outcome
    assert wf.is_finished(record) == (outcome is not None)


@pytest.mark.parametrize(("fields", "expected"), [
    ({}, {K.ASSESSMENT_DECISION: date(2026, 8, 12), K.DECISION_NOT_TO_ISSUE: date(2026, 10, 21),
          K.FINAL_PLAN: date(2026, 11, 18)}),
    ({"decision": D.NOT_ASSESS, "decision_on": date(2026, 8, 5)},
     {K.ASSESSMENT_DECISION: date(2026, 8, 12)}),
    (ADVISED, {K.ASSESSMENT_DECISION: date(2026, 8, 12),
               K.DECISION_NOT_TO_ISSUE: date(2026, 10, 21), K.FINAL_PLAN: date(2026, 11, 18),
               K.ASSESSMENT_ADVICE: date(2026, 9, 17)}),
    (DRAFTED, {K.ASSESSMENT_DECISION: date(2026, 8, 12), K.FINAL_PLAN: date(2026, 11, 18),
               K.ASSESSMENT_ADVICE: date(2026, 9, 17),
               K.REPRESENTATIONS: date(2026, 11, 3)}),  # 15 days counting 20 October
    ({**ADVISED, "not_to_issue_on": date(2026, 10, 1)},
     {K.ASSESSMENT_DECISION: date(2026, 8, 12), K.DECISION_NOT_TO_ISSUE: date(2026, 10, 21),
      K.ASSESSMENT_ADVICE: date(2026, 9, 17)}),
], ids=["requested", "not assessed", "advice in", "draft out", "no plan"])
def test_new_assessment_deadlines(fields, expected) -> None:
    found = wf.deadlines(rec(**fields))
    assert {d.key: d.due for d in found} == expected
    assert all(d.disapplied_reason is None for d in found)


def test_done_dates_are_carried_onto_the_deadlines() -> None:
    found = {d.key: d for d in wf.deadlines(rec(**{**DRAFTED, "final_issued_on": TODAY}))}
    assert found[K.ASSESSMENT_DECISION].done_on == date(2026, 8, 5)
    assert found[K.ASSESSMENT_ADVICE].done_on == date(2026, 9, 10)
    assert found[K.FINAL_PLAN].done_on == TODAY
    assert not found[K.FINAL_PLAN].is_met  # 20 weeks ran out on 18 November


def test_an_exception_disapplies_the_6_16_and_20_week_limits() -> None:
    record = rec(exception=AWAY, exception_reason="Family abroad for 6 weeks")
    found = wf.deadlines(record)
    assert {d.key for d in found} == {K.ASSESSMENT_DECISION, K.DECISION_NOT_TO_ISSUE,
                                      K.FINAL_PLAN}
    for deadline in found:
        assert deadline.disapplied_reason == (
            "The family was away from the area for at least 4 weeks: Family abroad for 6 weeks")
        assert not deadline.is_overdue(TODAY)  # all three have passed by 23 November
    # and the advice limit (reg 8) is not one the exception covers
    advised = rec(**ADVISED, exception=AWAY, exception_reason="Abroad")
    advice = wf.deadline_for(advised, S.ADVICE_RECEIVED)
    assert advice is not None and advice.disapplied_reason is None


@pytest.mark.parametrize(("fields", "expected"), [
    ({"request_received_on": date(2026, 11, 2)}, {K.REASSESSMENT_REQUEST: date(2026, 11, 17)}),
    ({"request_received_on": date(2026, 11, 2), "decision": D.ASSESS,
      "decision_on": date(2026, 11, 10)},
     {K.REASSESSMENT_REQUEST: date(2026, 11, 17), K.REASSESSMENT_PLAN: date(2027, 2, 16)}),
    ({"request_received_on": date(2026, 11, 2), "decision": D.NOT_ASSESS,
      "decision_on": date(2026, 11, 10)}, {K.REASSESSMENT_REQUEST: date(2026, 11, 17)}),
], ids=["requested", "reassessing", "refused"])
def test_reassessment_deadlines(fields, expected) -> None:
    found = wf.deadlines(rec(RE, **fields))
    assert {d.key: d.due for d in found} == expected
    request = next(d for d in found if d.key == K.REASSESSMENT_REQUEST)
    assert "UNCONFIRMED" in request.citation


def test_an_exception_disapplies_the_14_weeks_of_a_reassessment_only() -> None:
    record = rec(RE, request_received_on=date(2026, 7, 1), decision=D.ASSESS,
                 decision_on=date(2026, 7, 30), exception=AWAY, exception_reason="Abroad")
    found = {d.key: d for d in wf.deadlines(record)}
    assert found[K.REASSESSMENT_PLAN].disapplied_reason.endswith(": Abroad")
    assert "does not apply because of an exception" in found[K.REASSESSMENT_PLAN].explanation
    assert not found[K.REASSESSMENT_PLAN].is_overdue(date(2027, 3, 1))
    assert found[K.REASSESSMENT_REQUEST].disapplied_reason is None


def test_reassessment_wording() -> None:
    assert wf.step_label(RE, S.DECISION) == "Decision whether to reassess"
    assert wf.step_label(NEW, S.DECISION) == "Decision whether to assess"
    assert wf.action(RE, S.DECISION) == "Record the decision whether to reassess"
    assert wf.decision_label(RE, D.NOT_ASSESS) == "Do not reassess"
    assert wf.outcome_label(rec(RE, decision=D.NOT_ASSESS, decision_on=date(2026, 7, 8))) \
        == "Not reassessed"


CLOSED = {"case_open": False}


@pytest.mark.parametrize(("fields", "step", "on", "options", "field", "message"), [
    ({}, S.DECISION, date(2026, 8, 1), CLOSED, "step", "case is closed"),
    ({}, S.ADVICE_REQUESTED, date(2026, 8, 1), {}, "step",
     "The next step is “Decision whether to assess”, not “Advice requested”"),
    ({}, S.DECISION, None, {}, "on", "Give the date"),
    ({}, S.DECISION, date(2026, 8, 1), {}, "decision", "Choose whether to assess"),
    ({}, S.DECISION, date(2026, 11, 24), {"decision": D.ASSESS}, "on", "in the future"),
    ({}, S.DECISION, date(2026, 6, 30), {"decision": D.ASSESS}, "on",
     "before an earlier step recorded on 1 July 2026"),
    (ADVISED, S.FINAL_ISSUED, date(2026, 11, 1), {}, "step",
     "“Draft plan sent” or “Decision not to issue a plan”"),
    (ADVISED, S.DRAFT_SENT, date(2026, 9, 9), {}, "on", "recorded on 10 September 2026"),
    ({"decision": D.NOT_ASSESS, "decision_on": date(2026, 8, 5)}, S.ADVICE_REQUESTED,
     date(2026, 8, 6), {}, "step", "is finished (Not assessed)"),
    ({**DRAFTED, "final_issued_on": date(2026, 11, 10)}, S.FINAL_ISSUED, date(2026, 11, 11),
     {}, "step", "nothing more can be recorded"),
], ids=["closed case", "out of order", "no date", "no decision", "future",
        "before the request", "final before draft", "before the advice", "not assessed",
        "plan issued"])
def test_check_step_refusals(fields, step, on, options, field, message) -> None:
    with pytest.raises(ValidationError) as caught:
        wf.check_step(rec(**fields), step, on, TODAY, **options)
    assert message in caught.value.errors[field]


@pytest.mark.parametrize(("fields", "step", "on", "late", "due"), [
    ({}, S.DECISION, date(2026, 8, 12), False, date(2026, 8, 12)),  # on the day: on time
    ({}, S.DECISION, date(2026, 8, 13), True, date(2026, 8, 12)),
    ({"exception": AWAY, "exception_reason": "Abroad"}, S.DECISION, date(2026, 9, 1), False,
     date(2026, 8, 12)),
    ({**ASSESSING, "advice_requested_on": date(2026, 8, 6)}, S.ADVICE_RECEIVED,
     date(2026, 9, 18), True, date(2026, 9, 17)),
    (ADVISED, S.DRAFT_SENT, date(2026, 11, 20), False, None),  # no limit of its own
    (ADVISED, S.NOT_TO_ISSUE, date(2026, 10, 22), True, date(2026, 10, 21)),
    (DRAFTED, S.FINAL_ISSUED, date(2026, 11, 18), False, date(2026, 11, 18)),
    (DRAFTED, S.FINAL_ISSUED, date(2026, 11, 19), True, date(2026, 11, 18)),
    ({**DRAFTED, "exception": AWAY, "exception_reason": "Abroad"}, S.FINAL_ISSUED,
     date(2026, 11, 23), False, date(2026, 11, 18)),
], ids=["decision on the day", "decision a day late", "decision late with exception",
        "advice late", "draft", "no plan late", "final on the day", "final late",
        "final late with exception"])
def test_check_step_measures_lateness(fields, step, on, late, due) -> None:
    check = wf.check_step(rec(**fields), step, on, TODAY, decision=D.ASSESS)
    assert check.late == late
    assert (check.deadline.due if check.deadline else None) == due


def test_reassessment_plan_is_measured_from_the_decision_to_reassess() -> None:
    record = rec(RE, request_received_on=date(2026, 7, 1), decision=D.ASSESS,
                 decision_on=date(2026, 7, 20), advice_requested_on=date(2026, 7, 21),
                 advice_received_on=date(2026, 8, 20), draft_sent_on=date(2026, 10, 1))
    check = wf.check_step(record, S.FINAL_ISSUED, date(2026, 10, 27), TODAY)
    assert check.deadline.due == date(2026, 10, 26) and check.late  # 14 weeks from 20 July
    assert wf.deadline_for(record, S.NOT_TO_ISSUE) is None  # no limit for a reassessment


@pytest.mark.parametrize(("step", "new_on", "reason", "field", "message"), [
    (S.FINAL_ISSUED, date(2026, 11, 1), "typo", "step", "has not been recorded"),
    (S.DECISION, date(2026, 8, 4), "  ", "reason", "Say why"),
    (S.DECISION, None, "typo", "on", "Give the corrected date"),
    (S.DECISION, date(2026, 8, 5), "typo", "on", "already recorded"),
    (S.DRAFT_SENT, date(2026, 11, 24), "typo", "on", "in the future"),
    (S.DECISION, date(2026, 8, 7), "typo", "on", "after a later step recorded on 6 August"),
    (S.ADVICE_RECEIVED, date(2026, 8, 1), "typo", "on", "before an earlier step"),
    (S.REQUESTED, date(2026, 8, 6), "typo", "on", "after a later step recorded on 5 August"),
], ids=["not recorded", "no reason", "no date", "same date", "future", "past a later step",
        "before an earlier step", "request after the decision"])
def test_check_correction_refusals(step, new_on, reason, field, message) -> None:
    with pytest.raises(ValidationError) as caught:
        wf.check_correction(rec(**DRAFTED), step, new_on, reason, TODAY)
    assert message in caught.value.errors[field]


def test_a_correction_within_its_neighbours_is_allowed() -> None:
    wf.check_correction(rec(**DRAFTED), S.DECISION, date(2026, 8, 6), "Typed 5 for 6", TODAY)
    with pytest.raises(ValidationError, match="case is closed"):
        wf.check_correction(rec(**DRAFTED), S.DECISION, date(2026, 8, 6), "x", TODAY,
                            case_open=False)


PLAN = date(2024, 3, 1)


@pytest.mark.parametrize(("kind", "on", "by", "options", "errors"), [
    (NEW, RECEIVED, AssessmentRequester.PARENT, CLOSED, {"case": "case is closed"}),
    (NEW, RECEIVED, AssessmentRequester.PARENT, {"in_progress": rec()},
     {"case": "already has a needs assessment in progress, requested on 1 July 2026"}),
    (None, None, None, {}, {"kind": "Choose a new assessment or a reassessment",
                            "on": "Give the date", "requested_by": "Say who asked"}),
    (NEW, date(2026, 11, 24), AssessmentRequester.SCHOOL, {}, {"on": "in the future"}),
    (RE, RECEIVED, AssessmentRequester.PARENT, {}, {"kind": "has no plan issued"}),
    (RE, date(2024, 2, 1), AssessmentRequester.PARENT, {"plan_issued_on": PLAN},
     {"on": "before the plan was issued on 1 March 2024"}),
], ids=["closed case", "one in progress", "nothing given", "future", "reassess without a plan",
        "reassess before the plan"])
def test_check_start_refusals(kind, on, by, options, errors) -> None:
    with pytest.raises(ValidationError) as caught:
        wf.check_start(kind, on, by, TODAY, **options)
    assert set(caught.value.errors) == set(errors)
    for field, message in errors.items():
        assert message in caught.value.errors[field]


def test_check_start_allows_a_reassessment_of_a_planned_case() -> None:
    wf.check_start(RE, RECEIVED, AssessmentRequester.YOUNG_PERSON, TODAY, plan_issued_on=PLAN)
    wf.check_start(NEW, TODAY, AssessmentRequester.OTHER, TODAY, plan_issued_on=PLAN)


@pytest.mark.parametrize(("record", "exception", "reason", "field", "message"), [
    (rec(), None, "Abroad", "exception", "Choose which exception"),
    (rec(), AWAY, "   ", "reason", "Give a reason"),
    (rec(exception=AWAY, exception_reason="Abroad"), AWAY, "Abroad", "exception",
     "already recorded"),
], ids=["no exception", "empty reason", "the same again"])
def test_check_exception_refusals(record, exception, reason, field, message) -> None:
    with pytest.raises(ValidationError) as caught:
        wf.check_exception(record, exception, reason)
    assert message in caught.value.errors[field]


def test_exceptions_can_be_changed_and_removed_with_a_reason() -> None:
    recorded = rec(exception=AWAY, exception_reason="Abroad")
    wf.check_exception(recorded, AWAY, "Abroad for 7 weeks, not 6")
    wf.check_exception(recorded, AssessmentException.PERSONAL_CIRCUMSTANCES, "Bereavement")
    wf.check_exception_removal(recorded, "Came back early")
    with pytest.raises(ValidationError, match="no longer applies"):
        wf.check_exception_removal(recorded, "")
    with pytest.raises(ValidationError, match="No exception is recorded"):
        wf.check_exception_removal(rec(), "Wrong case")
    with pytest.raises(ValidationError, match="case is closed"):
        wf.check_exception(rec(), AWAY, "Abroad", case_open=False)


def test_comment_window_counts_the_day_the_draft_was_sent() -> None:
    window = wf.comment_window(date(2026, 3, 1))
    assert window.due == date(2026, 3, 15)
    assert window.is_window and not window.is_overdue(date(2026, 4, 1))
    assert "reg 13(1)" in window.citation


def event(step, reason=None, note="", kind=AssessmentEventKind.STEP) -> AssessmentEventRecord:
    return AssessmentEventRecord(uuid.uuid4(), kind, step, TODAY, "Priya Shah",
                                 datetime(2026, 11, 23, tzinfo=UTC), lateness_reason=reason,
                                 note=note)


def test_timeline_lines() -> None:
    record = rec(**{**DRAFTED, "decision_on": date(2026, 8, 20)})
    events = [event(S.REQUESTED), event(S.DECISION, LatenessReason.OFFICER_CAPACITY, "Cover"),
              event(S.DECISION, kind=AssessmentEventKind.CORRECTION)]
    lines = wf.timeline(record, wf.deadlines(record), events)
    assert [line.title for line in lines] == [
        "Request received", "Decision whether to assess: Assess", "Advice requested",
        "Advice received",
        "Draft plan sent", "Family's time to comment", "Final plan issued"]
    decision = lines[1]
    assert decision.is_late and decision.lateness == "Officer capacity: Cover"
    assert decision.deadline.due == date(2026, 8, 12)
    window = lines[5]
    assert window.step is None and window.deadline.due == date(2026, 11, 3)
    assert [line.is_next for line in lines] == [False] * 6 + [True]


def test_timeline_marks_both_outcomes_next_after_the_advice() -> None:
    record = rec(**ADVISED)
    lines = wf.timeline(record, wf.deadlines(record), [])
    assert [line.title for line in lines if line.is_next] == [
        "Decision not to issue a plan", "Draft plan sent"]
    assert lines[-1].deadline.due == date(2026, 11, 18)


@pytest.mark.parametrize(("fields", "keys"), [
    ({}, [K.ASSESSMENT_DECISION, K.FINAL_PLAN]),  # 16 weeks passed, but a plan may follow
    (ASSESSING, [K.FINAL_PLAN]),
    ({**ADVISED, "not_to_issue_on": date(2026, 11, 2)}, []),
    (DRAFTED, [K.FINAL_PLAN]),
    ({"exception": AWAY, "exception_reason": "Abroad"}, []),
], ids=["nothing done", "assessing", "no plan, late", "draft out", "exception"])
def test_overdue_leaves_out_the_16_weeks_while_a_plan_may_follow(fields, keys) -> None:
    record = rec(**fields)
    assert [d.key for d in wf.overdue(record, wf.deadlines(record), TODAY)] == keys
