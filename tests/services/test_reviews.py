"""The review service on a real database: every step recorded, refused, late or corrected."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseworker_app.codes import (
    CloseReason,
    LatenessReason,
    Need,
    OfficerRole,
    ReviewDecision,
    ReviewStage,
    Sex,
)
from caseworker_app.db.tables import AnnualReview, ChronologyEntry, ReviewEvent
from caseworker_app.entities import NewCase, OfficerRecord
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.rules.deadlines import ReviewBasis
from caseworker_app.services import Services
from caseworker_app.services.reviews import ReviewDetail

S = ReviewStage


def new_case(services: Services, officer: OfficerRecord, surname: str = "Hartley",
             issued: date = date(2025, 12, 1)):
    """An open case whose plan was issued on `issued` (review due the day before a year on)."""
    return services.cases.open_case(NewCase(
        legal_forename="Oliver", legal_surname=surname, date_of_birth=date(2017, 3, 14),
        sex=Sex.MALE, primary_need=Need.ASD, officer_id=officer.id, plan_issued_on=issued))


def review_of(services: Services, child_id) -> ReviewDetail:
    detail = services.reviews.open_review(child_id)
    assert detail is not None
    return detail


def walk(services: Services, child_id, steps) -> ReviewDetail:
    """Record (step, date[, decision]) in order, on time."""
    detail = review_of(services, child_id)
    for step, on, *rest in steps:
        detail = services.reviews.record_step(detail.review.id, step, on,
                                              decision=rest[0] if rest else None)
    return detail


TO_REPORT = [
    (S.MEETING_SCHEDULED, date(2026, 11, 12)),
    (S.INVITATIONS_SENT, date(2026, 10, 20)),
    (S.ADVICE_RECEIVED, date(2026, 10, 27)),
    (S.MEETING_HELD, date(2026, 11, 12)),
    (S.REPORT_RECEIVED, date(2026, 11, 19)),
]


def test_a_new_plan_has_one_review_due_within_twelve_months(services, officer) -> None:
    case = new_case(services, officer)
    detail = review_of(services, case.child_id)
    assert detail.review.due_on == date(2026, 11, 30)
    assert detail.next_step == S.MEETING_SCHEDULED
    assert detail.basis == ReviewBasis.DECISION
    annual = [d for d in detail.deadlines if d.due == date(2026, 11, 30)]
    assert annual and "s.44" in annual[0].citation


def test_maintain_path_from_due_to_complete_opens_the_next_review(services, officer) -> None:
    case = new_case(services, officer)
    detail = walk(services, case.child_id, [*TO_REPORT,
                                            (S.DECISION_MADE, date(2026, 11, 20),
                                             ReviewDecision.MAINTAIN),
                                            (S.DECISION_LETTER_SENT, date(2026, 11, 23)),
                                            (S.COMPLETE, date(2026, 11, 23))])
    assert detail.review.stage == S.COMPLETE
    assert detail.review.completed_on == date(2026, 11, 23)
    assert [e.step for e in detail.events] == [s[0] for s in TO_REPORT] + [
        S.DECISION_MADE, S.DECISION_LETTER_SENT, S.COMPLETE]
    assert all(e.author_name == "Priya Shah" for e in detail.events)
    following = review_of(services, case.child_id)
    assert following.review.id != detail.review.id
    # within 12 months of the decision (20 Nov 2026): the day before the anniversary
    assert following.review.due_on == date(2027, 11, 19)
    with services.database.read() as session:
        notes = session.scalars(select(ChronologyEntry.summary)
                                .where(ChronologyEntry.child_id == case.child_id)).all()
    assert any("meeting held on 12 November 2026" in n for n in notes)


def test_amend_path_needs_amendments_representations_and_final_plan(services, officer) -> None:
    case = new_case(services, officer)
    detail = walk(services, case.child_id, [*TO_REPORT,
                                            (S.DECISION_MADE, date(2026, 11, 20),
                                             ReviewDecision.AMEND),
                                            (S.DECISION_LETTER_SENT, date(2026, 11, 20))])
    assert detail.next_step == S.AMENDMENTS_PROPOSED
    with pytest.raises(ValidationError, match="Record proposed amendments sent"):
        services.reviews.record_step(detail.review.id, S.COMPLETE, date(2026, 11, 23))
    detail = services.reviews.record_step(detail.review.id, S.AMENDMENTS_PROPOSED,
                                          date(2026, 11, 20))
    detail = services.reviews.record_step(detail.review.id, S.REPRESENTATIONS_CLOSED,
                                          date(2026, 11, 23))
    detail = services.reviews.record_step(detail.review.id, S.FINAL_ISSUED, date(2026, 11, 23))
    detail = services.reviews.record_step(detail.review.id, S.COMPLETE, date(2026, 11, 23))
    assert detail.review.stage == S.COMPLETE
    assert detail.review.final_issued_on == date(2026, 11, 23)


def test_cease_path_consults_then_gives_notice_and_opens_no_new_review(services,
                                                                       officer) -> None:
    case = new_case(services, officer)
    detail = walk(services, case.child_id, [*TO_REPORT,
                                            (S.DECISION_MADE, date(2026, 11, 20),
                                             ReviewDecision.CEASE),
                                            (S.DECISION_LETTER_SENT, date(2026, 11, 20))])
    assert detail.next_step == S.CEASE_CONSULTATION
    detail = walk(services, case.child_id, [(S.CEASE_CONSULTATION, date(2026, 11, 21)),
                                            (S.CEASE_NOTICE, date(2026, 11, 23)),
                                            (S.COMPLETE, date(2026, 11, 23))])
    assert detail.review.cease_notice_on == date(2026, 11, 23)
    assert services.reviews.open_review(case.child_id) is None


@pytest.mark.parametrize(("step", "on", "field", "message"), [
    (S.MEETING_HELD, date(2026, 11, 1), "step", "The next step is “Meeting scheduled”"),
    (S.MEETING_SCHEDULED, None, "on", "Give the date"),
], ids=["skipping ahead", "no date"])
def test_invalid_first_moves_are_refused_with_a_reason(services, officer, step, on, field,
                                                       message) -> None:
    case = new_case(services, officer)
    review = review_of(services, case.child_id).review
    with pytest.raises(ValidationError) as caught:
        services.reviews.record_step(review.id, step, on)
    assert message in caught.value.errors[field]
    assert review_of(services, case.child_id).review.stage == S.DUE


def test_future_and_out_of_order_dates_are_refused(services, officer) -> None:
    case = new_case(services, officer)
    detail = walk(services, case.child_id, TO_REPORT[:3])
    with pytest.raises(ValidationError, match="in the future"):
        services.reviews.record_step(detail.review.id, S.MEETING_HELD, date(2026, 11, 24))
    with pytest.raises(ValidationError, match="before an earlier step recorded on 27 October"):
        services.reviews.record_step(detail.review.id, S.MEETING_HELD, date(2026, 10, 26))
    with pytest.raises(ValidationError, match="Choose maintain, amend or cease"):
        walk(services, case.child_id, [*TO_REPORT[3:], (S.DECISION_MADE, date(2026, 11, 20))])


def test_invitations_after_the_planned_meeting_are_refused(services, officer) -> None:
    case = new_case(services, officer)
    detail = walk(services, case.child_id, [(S.MEETING_SCHEDULED, date(2026, 11, 12))])
    with pytest.raises(ValidationError, match="correct the meeting date first"):
        services.reviews.record_step(detail.review.id, S.INVITATIONS_SENT, date(2026, 11, 13))


def test_a_late_step_needs_a_reason_which_is_kept(services, officer) -> None:
    case = new_case(services, officer)
    detail = walk(services, case.child_id, [(S.MEETING_SCHEDULED, date(2026, 11, 12))])
    late = date(2026, 11, 5)  # a week's notice, not two (reg 20(3))
    with pytest.raises(ValidationError) as caught:
        services.reviews.record_step(detail.review.id, S.INVITATIONS_SENT, late)
    assert "late" in caught.value.errors["lateness_reason"]
    assert "29 October 2026" in caught.value.errors["lateness_reason"]
    with pytest.raises(ValidationError, match="other reason"):
        services.reviews.record_step(detail.review.id, S.INVITATIONS_SENT, late,
                                     lateness_reason=LatenessReason.OTHER)
    detail = services.reviews.record_step(detail.review.id, S.INVITATIONS_SENT, late,
                                          lateness_reason=LatenessReason.FAMILY_REQUEST,
                                          note="Parents asked to move it")
    event = detail.events[-1]
    assert event.lateness_reason == LatenessReason.FAMILY_REQUEST
    assert event.due_on == date(2026, 10, 29)
    assert event.note == "Parents asked to move it"


def test_an_overdue_annual_review_makes_the_decision_late(services, officer) -> None:
    case = new_case(services, officer, issued=date(2025, 9, 1))  # due 31 August 2026
    detail = walk(services, case.child_id, TO_REPORT)
    with pytest.raises(ValidationError, match="due by 31 August 2026"):
        services.reviews.record_step(detail.review.id, S.DECISION_MADE, date(2026, 11, 20),
                                     decision=ReviewDecision.MAINTAIN)
    detail = services.reviews.record_step(
        detail.review.id, S.DECISION_MADE, date(2026, 11, 20), decision=ReviewDecision.MAINTAIN,
        lateness_reason=LatenessReason.OFFICER_CAPACITY)
    assert detail.events[-1].lateness_reason == LatenessReason.OFFICER_CAPACITY


def test_meeting_basis_counts_the_annual_review_to_the_meeting(services, officer) -> None:
    with pytest.raises(ValidationError, match="Only a lead"):
        services.reviews.set_basis(ReviewBasis.MEETING)
    lead = services.reference.create_profile("Lee Lead", OfficerRole.LEAD)
    services.act_as(lead.id)
    assert services.reviews.set_basis(ReviewBasis.MEETING) == 0  # no open reviews yet
    case = new_case(services, officer, issued=date(2025, 11, 15))  # due 14 November 2026
    detail = walk(services, case.child_id, TO_REPORT[:3])  # meeting 12 November: on time
    detail = services.reviews.record_step(detail.review.id, S.MEETING_HELD, date(2026, 11, 12))
    assert detail.events[-1].lateness_reason is None
    assert services.reviews.basis() == ReviewBasis.MEETING


def test_correcting_a_date_keeps_the_old_one(services, officer) -> None:
    case = new_case(services, officer)
    detail = walk(services, case.child_id, TO_REPORT)
    with pytest.raises(ValidationError, match="Say why"):
        services.reviews.correct_step(detail.review.id, S.INVITATIONS_SENT,
                                      date(2026, 10, 21), "  ")
    with pytest.raises(ValidationError, match="correct that step first"):
        services.reviews.correct_step(detail.review.id, S.INVITATIONS_SENT,
                                      date(2026, 10, 28), "typo")
    with pytest.raises(ValidationError, match="not been recorded"):
        services.reviews.correct_step(detail.review.id, S.DECISION_MADE, date(2026, 11, 20),
                                      "typo")
    detail = services.reviews.correct_step(detail.review.id, S.INVITATIONS_SENT,
                                           date(2026, 10, 21), "Typed the wrong day")
    assert detail.review.invitations_sent_on == date(2026, 10, 21)
    correction = detail.events[-1]
    assert correction.is_correction
    assert correction.corrected_from == date(2026, 10, 20)
    assert correction.correction_reason == "Typed the wrong day"
    assert detail.events[1].occurred_on == date(2026, 10, 20)  # the original step is kept


def test_a_closed_case_records_no_review_steps(services, officer) -> None:
    case = new_case(services, officer)
    review = review_of(services, case.child_id).review
    services.cases.close_case(case.child_id, CloseReason.TRANSFERRED, date(2026, 11, 20), "")
    with pytest.raises(ValidationError, match="case is closed"):
        services.reviews.record_step(review.id, S.MEETING_SCHEDULED, date(2026, 12, 1))


def test_stale_review_is_refused(services, officer) -> None:
    case = new_case(services, officer)
    review = review_of(services, case.child_id).review
    services.reviews.record_step(review.id, S.MEETING_SCHEDULED, date(2026, 12, 1))
    with pytest.raises(StaleRecordError):
        services.reviews.record_step(review.id, S.INVITATIONS_SENT, date(2026, 11, 10),
                                     expected_version=review.row_version)


def test_bulk_maintain_is_all_or_nothing(services, officer) -> None:
    ready = [new_case(services, officer, f"Ready{n}") for n in range(3)]
    for case in ready:
        walk(services, case.child_id, TO_REPORT)
    not_ready = new_case(services, officer, "Early")
    awaiting = services.reviews.awaiting_decision()
    assert {a.child_id for a in awaiting} == {c.child_id for c in ready}
    # 4 weeks from the meeting is 10 December, but the annual review is due by 30 November
    assert all(a.decision_due == date(2026, 11, 30) for a in awaiting)
    ids = [a.review_id for a in awaiting]
    early = review_of(services, not_ready.child_id).review.id
    with pytest.raises(ValidationError) as caught:
        services.reviews.bulk_maintain([*ids, early], date(2026, 11, 23))
    assert "Nothing was recorded: 1 of 4" in caught.value.errors["reviews"]
    assert "Early" in caught.value.errors["reviews"]
    with services.database.read() as session:
        assert session.scalars(select(ReviewEvent).where(
            ReviewEvent.step == S.DECISION_MADE)).first() is None
    assert services.reviews.bulk_maintain(ids, date(2026, 11, 23)) == 3
    with services.database.read() as session:
        decided = session.execute(select(AnnualReview.decision_on, AnnualReview.stage).where(
            AnnualReview.decision == ReviewDecision.MAINTAIN)).all()
    assert sorted(decided) == [(date(2026, 11, 23), S.DECISION_MADE)] * 3
    assert services.reviews.awaiting_decision() == []


def test_changing_the_basis_moves_open_due_dates(services, officer) -> None:
    case = new_case(services, officer)
    walk(services, case.child_id, [*TO_REPORT,
                                   (S.DECISION_MADE, date(2026, 11, 20), ReviewDecision.MAINTAIN),
                                   (S.DECISION_LETTER_SENT, date(2026, 11, 23)),
                                   (S.COMPLETE, date(2026, 11, 23))])
    assert review_of(services, case.child_id).review.due_on == date(2027, 11, 19)
    lead = services.reference.create_profile("Lee Lead", OfficerRole.LEAD)
    services.act_as(lead.id)
    assert services.reviews.set_basis(ReviewBasis.MEETING) == 1
    # now 12 months from the meeting held on 12 November 2026
    assert review_of(services, case.child_id).review.due_on == date(2027, 11, 11)
    assert services.cases.case_row(case.child_id).review_due_on == date(2027, 11, 11)
    assert services.reviews.set_basis(ReviewBasis.DECISION) == 1
    assert review_of(services, case.child_id).review.due_on == date(2027, 11, 19)
