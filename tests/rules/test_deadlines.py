"""Statutory deadlines (send-domain.md §0-§1): assessment, review, phase transfer, appeal.

Expected dates are worked out by hand from the rules, not by calling the code under test.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker_app.codes import Phase, ReviewDecision
from caseworker_app.rules.calendar import long_date
from caseworker_app.rules.deadlines import (
    RULE_SET,
    AssessmentException,
    Deadline,
    DeadlineKey,
    ReviewBasis,
    advice_due,
    annual_review_due,
    appeal_deadline,
    latest_meeting_for,
    mediation_certificate_due,
    needs_assessment,
    phase_transfer,
    post16_transfer,
    preparing_for_adulthood,
    ranked,
    reassessment,
    reassessment_request_decision,
    review_cycle,
)

K = DeadlineKey
TODAY = date(2026, 11, 23)
DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 12, 31))


def by_key(deadlines: list[Deadline]) -> dict[DeadlineKey, Deadline]:
    return {d.key: d for d in deadlines}


def test_the_rule_set_names_the_law_and_when_it_was_checked() -> None:
    assert RULE_SET.name == ("SEND Regulations 2014 and Children and Families Act 2014, "
                             "as in force at June 2026")
    assert (RULE_SET.correct_at.year, RULE_SET.correct_at.month) == (2026, 6)
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULE_SET.name = "something else"  # type: ignore[misc]


# --- Annual review ------------------------------------------------------------------------

@pytest.mark.parametrize(("anchor", "due"), [
    (date(2019, 1, 1), date(2019, 12, 31)),     # the s.44 example in §0
    (date(2024, 2, 29), date(2025, 2, 27)),     # leap-day plan: anniversary taken as 28 Feb
    (date(2024, 2, 28), date(2025, 2, 27)),
    (date(2023, 2, 28), date(2024, 2, 27)),
    (date(2023, 3, 1), date(2024, 2, 29)),      # due on a leap day
    (date(2024, 3, 1), date(2025, 2, 28)),
    (date(2025, 12, 31), date(2026, 12, 30)),   # year end
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 1, 31), date(2027, 1, 30)),     # month end
    (date(2026, 4, 30), date(2027, 4, 29)),
], ids=lambda v: v.isoformat())
def test_annual_review_is_due_the_day_before_the_anniversary(anchor, due) -> None:
    assert annual_review_due(anchor, True).due == due
    assert annual_review_due(anchor, False, ReviewBasis.MEETING).due == due


@pytest.mark.parametrize(("is_plan", "basis", "trigger", "title", "must"), [
    (True, ReviewBasis.DECISION, "the plan issued on 1 January 2019",
     "Annual review decision sent", "decision letter"),
    (False, ReviewBasis.DECISION, "the last review decision on 1 January 2019",
     "Annual review decision sent", "decision letter"),
    (True, ReviewBasis.MEETING, "the plan issued on 1 January 2019",
     "Annual review meeting held", "meeting must be held"),
    (False, "meeting", "the last review meeting on 1 January 2019",
     "Annual review meeting held", "meeting must be held"),
], ids=["plan, decision", "review, decision", "plan, meeting", "review, meeting (string)"])
def test_annual_review_wording_follows_the_basis(is_plan, basis, trigger, title, must) -> None:
    deadline = annual_review_due(date(2019, 1, 1), is_plan, basis)
    assert deadline.key is K.ANNUAL_REVIEW
    assert deadline.trigger == trigger
    assert deadline.title == title
    assert must in deadline.explanation
    assert "31 December 2019" in deadline.explanation
    assert deadline.trigger_date == date(2019, 1, 1)
    assert deadline.citation == "Children and Families Act 2014 s.44"


def test_the_decision_is_the_default_basis() -> None:
    assert annual_review_due(date(2019, 1, 1), True).title == "Annual review decision sent"


@given(anchor=DATES)
def test_annual_review_is_364_or_365_days_after_the_anchor(anchor) -> None:
    assert (annual_review_due(anchor, True).due - anchor).days in (364, 365)


# --- Review cycle -------------------------------------------------------------------------

@pytest.mark.parametrize(("planned", "held", "expected"), [
    (date(2026, 3, 3), None,
     {K.INVITATIONS: date(2026, 2, 17), K.ADVICE: date(2026, 2, 17),
      K.REVIEW_REPORT: date(2026, 3, 17), K.REVIEW_DECISION: date(2026, 3, 31)}),
    (date(2026, 3, 3), date(2026, 3, 5),        # held two days late: counts from the held date
     {K.INVITATIONS: date(2026, 2, 19), K.ADVICE: date(2026, 2, 19),
      K.REVIEW_REPORT: date(2026, 3, 19), K.REVIEW_DECISION: date(2026, 4, 2)}),
    (date(2024, 3, 14), None,                   # notice due on a leap day
     {K.INVITATIONS: date(2024, 2, 29), K.ADVICE: date(2024, 2, 29),
      K.REVIEW_REPORT: date(2024, 3, 28), K.REVIEW_DECISION: date(2024, 4, 11)}),
    (date(2026, 12, 17), None,                  # report and decision in the new year
     {K.INVITATIONS: date(2026, 12, 3), K.ADVICE: date(2026, 12, 3),
      K.REVIEW_REPORT: date(2026, 12, 31), K.REVIEW_DECISION: date(2027, 1, 14)}),
    (date(2027, 1, 10), None,                   # notice due in the old year
     {K.INVITATIONS: date(2026, 12, 27), K.ADVICE: date(2026, 12, 27),
      K.REVIEW_REPORT: date(2027, 1, 24), K.REVIEW_DECISION: date(2027, 2, 7)}),
], ids=["planned", "held later", "leap day", "December meeting", "January meeting"])
def test_review_deadlines_around_the_meeting(planned, held, expected) -> None:
    found = review_cycle(meeting_on=planned, meeting_held_on=held)
    assert {d.key: d.due for d in found} == expected


def test_meeting_wording_says_whether_it_was_held() -> None:
    planned = by_key(review_cycle(meeting_on=date(2026, 3, 3)))[K.REVIEW_DECISION]
    held = by_key(review_cycle(meeting_on=date(2026, 3, 3),
                               meeting_held_on=date(2026, 3, 5)))[K.REVIEW_DECISION]
    assert planned.trigger == "the review meeting planned for 3 March 2026"
    assert held.trigger == "the review meeting on 5 March 2026"
    assert held.trigger_date == date(2026, 3, 5)


@pytest.mark.parametrize(("field", "key"), [
    ("invitations_sent_on", K.INVITATIONS),
    ("advice_received_on", K.ADVICE),
    ("report_received_on", K.REVIEW_REPORT),
    ("decision_on", K.REVIEW_DECISION),
    ("amendments_sent_on", K.PROPOSED_AMENDMENTS),
    ("final_issued_on", K.FINAL_AMENDED_PLAN),
], ids=lambda v: v if isinstance(v, str) else v.value)
def test_each_recorded_date_marks_its_deadline_done(field, key) -> None:
    on = date(2026, 3, 20)
    found = by_key(review_cycle(meeting_on=date(2026, 3, 3), decision=ReviewDecision.AMEND,
                                **{field: on}))
    assert found[key].done_on == on
    assert [d.key for d in found.values() if d.done_on is not None] == [key]


@pytest.mark.parametrize("decision", [
    ReviewDecision.AMEND, "amend", "Amend", " AMEND ",
], ids=["member", "value", "label", "spaced capitals"])
def test_a_decision_to_amend_adds_the_amendment_deadlines(decision) -> None:
    found = by_key(review_cycle(meeting_on=date(2026, 3, 3), decision=decision))
    assert found[K.PROPOSED_AMENDMENTS].due == date(2026, 3, 31)    # the same 4 weeks
    assert found[K.FINAL_AMENDED_PLAN].due == date(2026, 5, 26)     # 12 weeks: none sent yet
    assert K.REPRESENTATIONS not in found                           # nothing sent yet
    assert "Devon" in found[K.PROPOSED_AMENDMENTS].citation


@pytest.mark.parametrize("decision", [None, ReviewDecision.MAINTAIN, "cease"],
                         ids=["undecided", "maintain", "cease"])
def test_no_amendment_deadlines_unless_amending(decision) -> None:
    keys = [d.key for d in review_cycle(meeting_on=date(2026, 3, 3), decision=decision)]
    assert keys == [K.INVITATIONS, K.ADVICE, K.REVIEW_REPORT, K.REVIEW_DECISION]


def test_amendments_sent_before_a_decision_is_recorded_count_as_amending() -> None:
    found = by_key(review_cycle(meeting_on=date(2026, 3, 3), amendments_sent_on=date(2026, 3, 20)))
    assert {K.PROPOSED_AMENDMENTS, K.REPRESENTATIONS, K.FINAL_AMENDED_PLAN} <= set(found)


@pytest.mark.parametrize(("decision", "dates"), [
    (ReviewDecision.MAINTAIN, {"amendments_sent_on": date(2026, 3, 20)}),
    (ReviewDecision.CEASE, {"final_issued_on": date(2026, 5, 1)}),
], ids=["maintain with amendments", "cease with a final plan"])
def test_amendment_dates_contradicting_the_decision_are_refused(decision, dates) -> None:
    with pytest.raises(ValueError, match=f"decision was to {decision.value}"):
        review_cycle(meeting_on=date(2026, 3, 3), decision=decision, **dates)


@pytest.mark.parametrize(("sent", "last_day"), [
    (date(2026, 3, 1), date(2026, 3, 15)),      # served 1 March: last day 15 March
    (date(2024, 2, 15), date(2024, 2, 29)),     # ends on a leap day
    (date(2026, 2, 15), date(2026, 3, 1)),      # a common February
    (date(2026, 12, 20), date(2027, 1, 3)),     # over the year end
], ids=["1 March", "to 29 Feb", "common Feb", "year end"])
def test_the_family_has_15_days_counting_the_day_sent(sent, last_day) -> None:
    found = by_key(review_cycle(meeting_on=sent - timedelta(days=20), decision="amend",
                                amendments_sent_on=sent))
    window = found[K.REPRESENTATIONS]
    assert window.due == last_day
    assert window.trigger_date == sent
    assert window.citation.endswith("reg 22(2)(c)")
    assert window.is_window
    assert not window.is_overdue(last_day + timedelta(days=30))


@pytest.mark.parametrize(("held", "sent", "due", "bound", "trigger_date"), [
    # sent within the 4 weeks: 8 weeks from the notice is earlier
    (date(2026, 3, 3), date(2026, 3, 20), date(2026, 5, 15), "8 weeks after",
     date(2026, 3, 20)),
    # sent on the last day of the 4 weeks: the two limits meet
    (date(2026, 3, 3), date(2026, 3, 31), date(2026, 5, 26), "also 12 weeks after",
     date(2026, 3, 31)),
    # sent late: 8 weeks from the notice would pass the 12-week limit
    (date(2026, 3, 3), date(2026, 4, 10), date(2026, 5, 26), "12 weeks after",
     date(2026, 3, 3)),
    # not sent yet: only the 12-week limit is known
    (date(2026, 3, 3), None, date(2026, 5, 26), "12 weeks after", date(2026, 3, 3)),
    # over the year end
    (date(2026, 12, 17), date(2026, 12, 23), date(2027, 2, 17), "8 weeks after",
     date(2026, 12, 23)),
    (date(2026, 12, 17), date(2027, 1, 29), date(2027, 3, 11), "12 weeks after",
     date(2026, 12, 17)),
], ids=["8-week bound", "both equal", "12-week bound", "not sent", "8 weeks, new year",
        "12 weeks, new year"])
def test_final_amended_plan_takes_the_earlier_limit(held, sent, due, bound, trigger_date) -> None:
    final = by_key(review_cycle(meeting_on=held, meeting_held_on=held, decision="amend",
                                amendments_sent_on=sent))[K.FINAL_AMENDED_PLAN]
    assert final.due == due
    assert final.explanation.startswith("The council must send the final amended plan")
    assert f"{long_date(due)}: {bound}" in final.explanation or (
        bound.startswith("also") and f"{long_date(due)}: 8 weeks after" in final.explanation)
    assert bound in final.explanation
    assert final.trigger_date == trigger_date


@given(meeting=DATES, held_after=st.integers(0, 30), sent_after=st.none() | st.integers(0, 90))
def test_final_amended_plan_is_never_later_than_12_weeks_after_the_meeting(
        meeting, held_after, sent_after) -> None:
    held = meeting + timedelta(days=held_after)
    sent = None if sent_after is None else held + timedelta(days=sent_after)
    final = by_key(review_cycle(meeting_on=meeting, meeting_held_on=held, decision="amend",
                                amendments_sent_on=sent))[K.FINAL_AMENDED_PLAN]
    assert final.due <= held + timedelta(days=84)
    if sent is not None:
        assert final.due <= sent + timedelta(days=56)


# --- Phase transfer -----------------------------------------------------------------------

@pytest.mark.parametrize(("group", "phase", "today", "due", "move"), [
    (-1, None, TODAY, date(2027, 2, 15), "early years to school"),
    (-1, Phase.EARLY_YEARS, TODAY, date(2027, 2, 15), "early years to school"),
    (-1, Phase.PRIMARY, TODAY, date(2027, 2, 15), "early years to school"),
    (0, None, TODAY, None, None),
    (2, Phase.INFANT, TODAY, date(2027, 2, 15), "infant to junior school"),
    (2, Phase.PRIMARY, TODAY, None, None),
    (6, None, TODAY, date(2027, 2, 15), "primary to secondary school"),
    (6, Phase.JUNIOR, TODAY, date(2027, 2, 15), "primary to secondary school"),
    (6, Phase.MIDDLE, TODAY, None, None),
    (8, Phase.MIDDLE, TODAY, date(2027, 2, 15), "middle to secondary school"),
    (8, Phase.SECONDARY, TODAY, None, None),
    (11, None, TODAY, date(2027, 3, 31), "secondary school to post-16"),
    (11, Phase.ALL_THROUGH, TODAY, date(2027, 3, 31), "secondary school to post-16"),
    (11, Phase.POST16, TODAY, None, None),
    (12, Phase.POST16, TODAY, None, None),
    # the academic year turns on 1 September
    (6, None, date(2027, 8, 31), date(2027, 2, 15), "primary to secondary school"),
    (6, None, date(2027, 9, 1), date(2028, 2, 15), "primary to secondary school"),
    (11, "secondary", date(2028, 1, 10), date(2028, 3, 31), "secondary school to post-16"),
], ids=["nursery", "nursery, early years", "nursery, primary", "reception", "Y2 infant",
        "Y2 primary", "Y6", "Y6 junior", "Y6 middle", "Y8 middle", "Y8 secondary", "Y11",
        "Y11 all-through", "Y11 post-16", "Y12", "31 August", "1 September", "Y11, 2028"])
def test_phase_transfer_deadline(group, phase, today, due, move) -> None:
    found = phase_transfer(group, phase, today)
    if due is None:
        assert found is None
        return
    assert found.key is K.PHASE_TRANSFER
    assert found.due == due
    assert found.title == f"Phase transfer: {move}"
    assert found.trigger_date == date(due.year, 9, 1)
    assert move in found.trigger
    assert long_date(due) in found.explanation
    assert found.citation == "SEND Regulations 2014 reg 18"


@pytest.mark.parametrize(("due", "buffer", "latest"), [
    (date(2027, 2, 15), 0, date(2026, 11, 23)),
    (date(2027, 3, 31), 0, date(2027, 1, 6)),
    (date(2028, 2, 15), 0, date(2027, 11, 23)),
    (date(2028, 3, 31), 0, date(2028, 1, 7)),     # 29 February 2028 in between
    (date(2027, 2, 15), 14, date(2026, 11, 9)),   # two weeks' local margin
], ids=["15 Feb", "31 Mar", "15 Feb 2028", "31 Mar 2028 (leap)", "with buffer"])
def test_latest_meeting_is_84_days_before_less_any_buffer(due, buffer, latest) -> None:
    deadline = dataclasses.replace(phase_transfer(6, None, TODAY), due=due)
    assert latest_meeting_for(deadline, buffer) == latest


def test_phase_transfer_explanation_gives_the_latest_meeting() -> None:
    assert "held by 23 November 2026" in phase_transfer(6, None, TODAY).explanation


def test_a_negative_buffer_is_refused() -> None:
    with pytest.raises(ValueError, match="0 days or more"):
        latest_meeting_for(phase_transfer(6, None, TODAY), -1)


@pytest.mark.parametrize(("move_on", "due"), [
    (date(2027, 9, 1), date(2027, 4, 1)),
    (date(2027, 7, 31), date(2027, 2, 28)),      # no 31 February: the month's last day
    (date(2028, 7, 31), date(2028, 2, 29)),      # leap year
    (date(2027, 1, 15), date(2026, 8, 15)),      # back across the year end
], ids=["1 September", "31 July", "31 July leap", "January"])
def test_post16_move_at_another_time_needs_5_months(move_on, due) -> None:
    found = post16_transfer(move_on)
    assert found.key is K.POST16_TRANSFER
    assert found.due == due
    assert found.trigger_date == move_on
    assert "5 months" in found.explanation


@pytest.mark.parametrize(("group", "expected"), [(8, False), (9, True), (13, True), (14, True)],
                         ids=["Y8", "Y9", "Y13", "post-18"])
def test_preparing_for_adulthood_from_year_9(group, expected) -> None:
    assert preparing_for_adulthood(group) is expected


# --- Needs assessment ---------------------------------------------------------------------

@pytest.mark.parametrize(("received", "decide", "not_issue", "final"), [
    (date(2026, 9, 1), date(2026, 10, 13), date(2026, 12, 22), date(2027, 1, 19)),
    (date(2024, 2, 29), date(2024, 4, 11), date(2024, 6, 20), date(2024, 7, 18)),
    (date(2026, 11, 20), date(2027, 1, 1), date(2027, 3, 12), date(2027, 4, 9)),
], ids=["September", "leap day", "November"])
def test_assessment_takes_6_16_and_20_weeks(received, decide, not_issue, final) -> None:
    found = needs_assessment(received)
    assert [(d.key, d.due) for d in found] == [
        (K.ASSESSMENT_DECISION, decide), (K.DECISION_NOT_TO_ISSUE, not_issue),
        (K.FINAL_PLAN, final)]
    assert [d.citation for d in found] == [
        "SEND Regulations 2014 reg 5(1)", "SEND Regulations 2014 reg 10(1)",
        "SEND Regulations 2014 reg 13(2)"]
    assert all(d.disapplied_reason is None for d in found)


def test_recording_one_outcome_drops_the_other_deadline() -> None:
    received = date(2026, 9, 1)
    refused = needs_assessment(received, decision_not_to_issue_on=date(2026, 12, 1))
    issued = needs_assessment(received, final_plan_on=date(2027, 1, 5),
                              decision_to_assess_on=date(2026, 10, 1))
    assert [d.key for d in refused] == [K.ASSESSMENT_DECISION, K.DECISION_NOT_TO_ISSUE]
    assert refused[1].done_on == date(2026, 12, 1)
    assert [(d.key, d.done_on) for d in issued] == [
        (K.ASSESSMENT_DECISION, date(2026, 10, 1)), (K.FINAL_PLAN, date(2027, 1, 5))]
    with pytest.raises(ValueError, match="only one can be right"):
        needs_assessment(received, decision_not_to_issue_on=date(2026, 12, 1),
                         final_plan_on=date(2027, 1, 5))


@pytest.mark.parametrize("exception", list(AssessmentException), ids=lambda e: e.value)
@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "spaces"])
def test_an_exception_needs_a_reason(exception, reason) -> None:
    with pytest.raises(ValueError, match="Give a reason") as raised:
        needs_assessment(date(2026, 6, 1), exception=exception, exception_reason=reason)
    assert exception.label in str(raised.value)


@pytest.mark.parametrize("exception", [
    AssessmentException.AWAY_FROM_AREA, "away_from_area",
    "The family was away from the area for at least 4 weeks",
], ids=["member", "value", "label"])
def test_an_exception_disapplies_all_three_and_is_never_overdue(exception) -> None:
    found = needs_assessment(date(2026, 6, 1), exception=exception,
                             exception_reason=" Abroad from 20 July to 31 August ")
    assert len(found) == 3
    expected = ("The family was away from the area for at least 4 weeks: "
                "Abroad from 20 July to 31 August")
    assert all(d.disapplied_reason == expected for d in found)
    assert not any(d.is_overdue(date(2030, 1, 1)) for d in found)
    assert ranked(found, date(2030, 1, 1)) == []
    assert all("does not apply" in d.explanation for d in found)


def test_the_four_exceptions_have_plain_labels() -> None:
    assert [e.label for e in AssessmentException] == [
        "The school or college was closed for at least 4 weeks",
        "The early years setting was closed for at least 4 weeks",
        "Exceptional personal circumstances of the child or family",
        "The family was away from the area for at least 4 weeks",
    ]


@pytest.mark.parametrize(("build", "start", "key", "due", "citation"), [
    (advice_due, date(2026, 1, 5), K.ASSESSMENT_ADVICE, date(2026, 2, 16), "reg 8"),
    (advice_due, date(2026, 12, 1), K.ASSESSMENT_ADVICE, date(2027, 1, 12), "reg 8"),
    (reassessment, date(2026, 3, 1), K.REASSESSMENT_PLAN, date(2026, 6, 7), "reg 27"),
    (reassessment, date(2023, 12, 15), K.REASSESSMENT_PLAN, date(2024, 3, 22), "reg 27"),
    (reassessment_request_decision, date(2026, 3, 1), K.REASSESSMENT_REQUEST,
     date(2026, 3, 16), "UNCONFIRMED"),
    (reassessment_request_decision, date(2024, 2, 20), K.REASSESSMENT_REQUEST,
     date(2024, 3, 6), "UNCONFIRMED"),
], ids=["advice", "advice over new year", "reassessment", "reassessment leap",
        "reassess request", "reassess request leap"])
def test_other_assessment_deadlines(build, start, key, due, citation) -> None:
    found = build(start)
    assert (found.key, found.due, found.trigger_date) == (key, due, start)
    assert citation in found.citation


# --- Mediation and appeal -----------------------------------------------------------------

@pytest.mark.parametrize(("trigger", "due", "skipped"), [
    (date(2026, 12, 24), date(2026, 12, 31), ["Christmas Day", "Boxing Day (substitute day)"]),
    (date(2026, 5, 22), date(2026, 5, 28), ["Spring Bank Holiday"]),
    (date(2026, 8, 28), date(2026, 9, 3), ["Late Summer Bank Holiday"]),
    (date(2027, 3, 25), date(2027, 4, 1), ["Good Friday", "Easter Monday"]),
    (date(2026, 12, 30), date(2027, 1, 5), ["New Year's Day"]),
    (date(2026, 3, 3), date(2026, 3, 6), []),
], ids=["Christmas Eve 2026", "before spring holiday", "before summer holiday",
        "Easter 2027", "New Year", "ordinary week"])
def test_mediation_certificate_takes_3_working_days(trigger, due, skipped) -> None:
    found = mediation_certificate_due(trigger)
    assert found.key is K.MEDIATION_CERTIFICATE
    assert found.due == due
    for name in skipped:
        assert name in found.explanation
    assert ("bank holidays" in found.explanation) is bool(skipped)
    assert "Boxing Day on 26" not in found.explanation    # a Saturday: a weekend anyway


@pytest.mark.parametrize(("letter", "certificate", "due", "applied"), [
    (date(2026, 12, 31), None, date(2027, 2, 28), "2 months after the decision letter"),
    (date(2027, 12, 31), None, date(2028, 2, 29), "2 months after the decision letter"),
    (date(2027, 1, 10), date(2027, 3, 1), date(2027, 4, 1),
     "1 month after the mediation certificate"),
    (date(2027, 1, 10), date(2027, 1, 15), date(2027, 3, 10),
     "2 months after the decision letter"),
    (date(2027, 1, 10), date(2027, 2, 10), date(2027, 3, 10), "both limits"),
    (date(2026, 12, 20), date(2027, 1, 31), date(2027, 2, 28),
     "1 month after the mediation certificate"),
], ids=["no certificate", "no certificate, leap", "certificate later", "letter later",
        "same day", "certificate 31 Jan"])
def test_appeal_deadline_is_the_later_limit(letter, certificate, due, applied) -> None:
    found = appeal_deadline(letter, certificate)
    assert found.due == due
    assert f"until {long_date(due)}: {applied}" in found.explanation or (
        applied == "both limits" and "both limits fall on the same day" in found.explanation)
    assert found.is_window and not found.is_overdue(due + timedelta(days=1))


# --- Deadline values ----------------------------------------------------------------------

def make(key: DeadlineKey, due: date, trigger: str = "a test", **extra) -> Deadline:
    return Deadline(key, key.label, due, trigger, due - timedelta(days=28), "Test.", "test",
                    **extra)


@pytest.mark.parametrize(("done_on", "met"), [
    (None, False), (date(2026, 3, 30), True), (date(2026, 3, 31), True),
    (date(2026, 4, 1), False)], ids=["not done", "early", "on the day", "late"])
def test_is_met(done_on, met) -> None:
    assert make(K.REVIEW_DECISION, date(2026, 3, 31), done_on=done_on).is_met is met


@pytest.mark.parametrize(("extra", "today", "overdue"), [
    ({}, date(2026, 3, 31), False),                               # due today
    ({}, date(2026, 4, 1), True),                                 # a day late
    ({"done_on": date(2026, 4, 5)}, date(2026, 5, 1), False),     # done, though late
    ({"disapplied_reason": "x: y"}, date(2026, 5, 1), False),     # exception applies
], ids=["due today", "day late", "done late", "disapplied"])
def test_is_overdue(extra, today, overdue) -> None:
    assert make(K.REVIEW_DECISION, date(2026, 3, 31), **extra).is_overdue(today) is overdue


@pytest.mark.parametrize(("today", "left"), [
    (date(2026, 3, 1), 30), (date(2026, 3, 31), 0), (date(2026, 4, 3), -3),
    (date(2025, 12, 31), 90)], ids=["a month", "today", "overdue", "last year"])
def test_days_left(today, left) -> None:
    assert make(K.REVIEW_DECISION, date(2026, 3, 31)).days_left(today) == left


def test_with_done_returns_a_copy() -> None:
    deadline = make(K.REVIEW_DECISION, date(2026, 3, 31))
    done = deadline.with_done(date(2026, 3, 20))
    assert done.done_on == date(2026, 3, 20) and deadline.done_on is None
    assert done.with_done(None).done_on is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.done_on = date(2026, 3, 20)  # type: ignore[misc]


def test_ranked_puts_statutory_risk_first() -> None:
    today = date(2026, 3, 1)
    deadlines = [
        make(K.FINAL_PLAN, date(2026, 3, 5), trigger="later"),
        make(K.REPRESENTATIONS, date(2026, 2, 28), trigger="window closed"),
        make(K.REVIEW_DECISION, date(2026, 2, 25), trigger="overdue 4"),
        make(K.PHASE_TRANSFER, date(2026, 3, 31), trigger="phase transfer"),
        make(K.REVIEW_REPORT, date(2026, 3, 2), trigger="tomorrow"),
        make(K.INVITATIONS, date(2026, 2, 1), trigger="done",
             done_on=date(2026, 1, 30)),
        make(K.FINAL_PLAN, date(2026, 1, 1), trigger="disapplied",
             disapplied_reason="x: y"),
        make(K.PHASE_TRANSFER, date(2026, 2, 15), trigger="phase transfer overdue 14"),
        make(K.REPRESENTATIONS, date(2026, 3, 1), trigger="window last day"),
        make(K.APPEAL, date(2026, 3, 20), trigger="appeal open"),
        make(K.REVIEW_REPORT, date(2026, 3, 1), trigger="due today"),
        make(K.ADVICE, date(2026, 2, 10), trigger="overdue 19"),
        make(K.POST16_TRANSFER, date(2026, 4, 30), trigger="post-16"),
    ]
    assert [d.trigger for d in ranked(deadlines, today)] == [
        "overdue 19", "phase transfer overdue 14", "overdue 4",
        "phase transfer", "post-16",
        "window last day", "due today", "tomorrow", "later", "appeal open",
    ]


# --- Every deadline ------------------------------------------------------------------------

def every_kind() -> list[Deadline]:
    return [
        annual_review_due(date(2026, 1, 5), True),
        *review_cycle(meeting_on=date(2026, 3, 3), decision="amend",
                      amendments_sent_on=date(2026, 3, 20)),
        phase_transfer(6, None, TODAY), post16_transfer(date(2027, 1, 15)),
        *needs_assessment(date(2026, 9, 1)), advice_due(date(2026, 1, 5)),
        reassessment(date(2026, 3, 1)), reassessment_request_decision(date(2026, 3, 1)),
        mediation_certificate_due(date(2026, 12, 24)), appeal_deadline(date(2027, 1, 10)),
    ]


def test_every_deadline_key_is_produced() -> None:
    assert {d.key for d in every_kind()} == set(DeadlineKey)


@pytest.mark.parametrize("deadline", every_kind(), ids=lambda d: d.key.value)
def test_every_deadline_reads_well_and_cites_its_rule(deadline) -> None:
    assert deadline.title and deadline.trigger and deadline.citation
    assert long_date(deadline.due) in deadline.explanation
    assert deadline.explanation.endswith(".")
    text = " ".join((deadline.title, deadline.trigger, deadline.explanation))
    assert not re.search(r"\b0\d \w", text), text      # no "03 March"
    assert not re.search(r"\d{4}-\d\d-\d\d", text), text   # no ISO dates for people
    assert re.search(r"SEND Regulations|Children and Families Act|UNCONFIRMED",
                     deadline.citation)
