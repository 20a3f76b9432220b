"""The annual review workflow: which step comes next, and whether a step may be recorded.

due -> meeting scheduled -> invitations sent -> advice received -> meeting held -> report
received -> decision (maintain / amend / cease) -> decision letter sent ->
    amend:  proposed amendments sent -> representations received or 15 days passed ->
            final amended plan issued ->
    cease:  consultation on ceasing -> cease notice sent ->
complete.

Pure functions over a `ReviewRecord` with `today` passed in; the review service calls them
before writing and the review screen calls them to offer only moves that can succeed.
Deadlines come from `caseworker_app.rules.deadlines`, which cites each regulation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from caseworker_app.codes import ReviewDecision, ReviewStage
from caseworker_app.entities import ReviewEventRecord, ReviewRecord
from caseworker_app.errors import ValidationError
from caseworker_app.rules.deadlines import (
    Deadline,
    DeadlineKey,
    ReviewBasis,
    annual_review_due,
    review_cycle,
)

S = ReviewStage
COMMON = (S.MEETING_SCHEDULED, S.INVITATIONS_SENT, S.ADVICE_RECEIVED, S.MEETING_HELD,
          S.REPORT_RECEIVED, S.DECISION_MADE, S.DECISION_LETTER_SENT)
AFTER_DECISION = {
    ReviewDecision.MAINTAIN: (),
    ReviewDecision.AMEND: (S.AMENDMENTS_PROPOSED, S.REPRESENTATIONS_CLOSED, S.FINAL_ISSUED),
    ReviewDecision.CEASE: (S.CEASE_CONSULTATION, S.CEASE_NOTICE),
}

# The ReviewRecord / AnnualReview field holding each step's date.
DATE_FIELD: dict[ReviewStage, str] = {
    S.MEETING_SCHEDULED: "meeting_on",
    S.INVITATIONS_SENT: "invitations_sent_on",
    S.ADVICE_RECEIVED: "advice_received_on",
    S.MEETING_HELD: "meeting_held_on",
    S.REPORT_RECEIVED: "report_received_on",
    S.DECISION_MADE: "decision_on",
    S.DECISION_LETTER_SENT: "decision_letter_sent_on",
    S.AMENDMENTS_PROPOSED: "amendments_sent_on",
    S.REPRESENTATIONS_CLOSED: "representations_closed_on",
    S.FINAL_ISSUED: "final_issued_on",
    S.CEASE_CONSULTATION: "cease_consultation_on",
    S.CEASE_NOTICE: "cease_notice_on",
    S.COMPLETE: "completed_on",
}

# What the person is asked for when recording each step (a verb phrase for buttons).
ACTION: dict[ReviewStage, str] = {
    S.MEETING_SCHEDULED: "Schedule the meeting",
    S.INVITATIONS_SENT: "Record invitations sent",
    S.ADVICE_RECEIVED: "Record advice received",
    S.MEETING_HELD: "Record the meeting held",
    S.REPORT_RECEIVED: "Record the report received",
    S.DECISION_MADE: "Record the decision",
    S.DECISION_LETTER_SENT: "Record the decision letter sent",
    S.AMENDMENTS_PROPOSED: "Record proposed amendments sent",
    S.REPRESENTATIONS_CLOSED: "Record representations received or 15 days passed",
    S.FINAL_ISSUED: "Record the final amended plan issued",
    S.CEASE_CONSULTATION: "Record consultation on ceasing started",
    S.CEASE_NOTICE: "Record the cease notice sent",
    S.COMPLETE: "Complete the review",
}

# The deadline that decides whether each step was recorded late.
STEP_DEADLINE: dict[ReviewStage, DeadlineKey] = {
    S.INVITATIONS_SENT: DeadlineKey.INVITATIONS,
    S.ADVICE_RECEIVED: DeadlineKey.ADVICE,
    S.REPORT_RECEIVED: DeadlineKey.REVIEW_REPORT,
    S.DECISION_MADE: DeadlineKey.REVIEW_DECISION,
    S.DECISION_LETTER_SENT: DeadlineKey.REVIEW_DECISION,
    S.AMENDMENTS_PROPOSED: DeadlineKey.PROPOSED_AMENDMENTS,
    S.FINAL_ISSUED: DeadlineKey.FINAL_AMENDED_PLAN,
}


def path(decision: ReviewDecision | None) -> tuple[ReviewStage, ...]:
    """Every step of a review in order, as far as the decision (if any) decides it."""
    if decision is None:
        return (S.DUE, *COMMON)
    return (S.DUE, *COMMON, *AFTER_DECISION[decision], S.COMPLETE)


def next_step(review: ReviewRecord) -> ReviewStage | None:
    """The one step that may be recorded next, or None when the review is complete."""
    if review.stage == S.COMPLETE:
        return None
    steps = path(review.decision)
    return steps[steps.index(review.stage) + 1]


def step_date(review: ReviewRecord, step: ReviewStage) -> date | None:
    """The date recorded for `step`, if any."""
    return getattr(review, DATE_FIELD[step]) if step in DATE_FIELD else None


def deadlines(review: ReviewRecord, anchor_on: date, anchor_is_plan: bool,
              basis: ReviewBasis) -> list[Deadline]:
    """Every statutory deadline of this review so far, with what has been done."""
    due = annual_review_due(anchor_on, anchor_is_plan, basis)
    done = review.decision_on if basis == ReviewBasis.DECISION else review.meeting_held_on
    found = [due.with_done(done) if done else due]
    if review.meeting_on or review.meeting_held_on:
        found += review_cycle(
            meeting_on=review.meeting_on or review.meeting_held_on,
            meeting_held_on=review.meeting_held_on, decision_on=review.decision_on,
            decision=review.decision, amendments_sent_on=review.amendments_sent_on,
            invitations_sent_on=review.invitations_sent_on,
            advice_received_on=review.advice_received_on,
            report_received_on=review.report_received_on,
            final_issued_on=review.final_issued_on)
    return found


def deadline_for(review: ReviewRecord, step: ReviewStage, on: date, *,
                 decision: ReviewDecision | None = None) -> Deadline | None:
    """The statutory deadline `step` would be measured against if recorded on `on`."""
    key = STEP_DEADLINE.get(step)
    if key is None or not (review.meeting_on or review.meeting_held_on):
        return None
    held = on if step == S.MEETING_HELD else review.meeting_held_on
    cycle = review_cycle(
        meeting_on=review.meeting_on or held, meeting_held_on=held,
        decision_on=on if step == S.DECISION_MADE else review.decision_on,
        decision=decision or review.decision,
        amendments_sent_on=on if step == S.AMENDMENTS_PROPOSED else review.amendments_sent_on)
    return next((d for d in cycle if d.key == key), None)


@dataclass(frozen=True, slots=True)
class StepCheck:
    """The outcome of checking a step: its deadline and whether it is late."""

    deadline: Deadline | None
    late: bool


def check_step(review: ReviewRecord, step: ReviewStage, on: date | None, today: date, *,
               decision: ReviewDecision | None = None, case_open: bool = True) -> StepCheck:
    """Refuse a move that the workflow does not allow, with a reason a person can act on.

    Raises ValidationError keyed by "step", "on" or "decision"; returns the deadline the
    step is measured against so the caller can ask for a lateness reason when it is late.
    """
    if not case_open:
        raise ValidationError({"step": "The case is closed; reopen it to record review steps."})
    expected = next_step(review)
    if expected is None:
        raise ValidationError({"step": "This review is complete; nothing more can be recorded."})
    if step != expected:
        raise ValidationError({"step": (
            f"The next step is “{expected.label}”. {ACTION[expected]} before "
            f"“{step.label}”.")})
    if on is None:
        raise ValidationError({"on": "Give the date."})
    if step == S.DECISION_MADE and decision is None:
        raise ValidationError({"decision": "Choose maintain, amend or cease."})
    if step != S.MEETING_SCHEDULED and on > today:
        raise ValidationError({"on": f"{_d(on)} is in the future; record a step once it happens."})
    _check_order(review, step, on)
    found = deadline_for(review, step, on, decision=decision)
    return StepCheck(found, found is not None and on > found.due)


def check_correction(review: ReviewRecord, step: ReviewStage, new_on: date | None,
                     reason: str, today: date) -> None:
    """A recorded date may be corrected, with a reason, if the order still holds."""
    if step_date(review, step) is None:
        raise ValidationError({"step": f"“{step.label}” has not been recorded yet."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the date is being corrected."})
    if new_on is None:
        raise ValidationError({"on": "Give the corrected date."})
    if new_on == step_date(review, step):
        raise ValidationError({"on": "That is the date already recorded."})
    if step != S.MEETING_SCHEDULED and new_on > today:
        raise ValidationError({"on": f"{_d(new_on)} is in the future."})
    _check_order(review, step, new_on)
    later = _neighbour_dates(review, step, after=True)
    if later and new_on > min(later):
        raise ValidationError({"on": (
            f"{_d(new_on)} is after a later step recorded on {_d(min(later))}; "
            "correct that step first.")})


def _check_order(review: ReviewRecord, step: ReviewStage, on: date) -> None:
    """A step cannot come before the steps already recorded ahead of it."""
    if step == S.MEETING_SCHEDULED:
        return  # the planned meeting may be moved to any date
    if step in (S.INVITATIONS_SENT, S.ADVICE_RECEIVED) and review.meeting_on \
            and on > review.meeting_on and not review.meeting_held_on:
        raise ValidationError({"on": (
            f"The meeting is planned for {_d(review.meeting_on)}; "
            f"{step.label.lower()} on {_d(on)} would be after it. If the meeting moved, "
            "correct the meeting date first.")})
    earlier = _neighbour_dates(review, step, after=False)
    if earlier and on < max(earlier):
        raise ValidationError({"on": (
            f"{_d(on)} is before an earlier step recorded on {_d(max(earlier))}.")})


def _neighbour_dates(review: ReviewRecord, step: ReviewStage, *, after: bool) -> list[date]:
    """Recorded dates of the steps before (or after) `step`, leaving out the planned
    meeting date, which is a plan rather than an event."""
    steps = path(review.decision)
    if step not in steps:
        steps = path(ReviewDecision.AMEND) if step in AFTER_DECISION[ReviewDecision.AMEND] \
            else path(ReviewDecision.CEASE)
    index = steps.index(step)
    chosen = steps[index + 1:] if after else steps[:index]
    dates = [step_date(review, s) for s in chosen if s not in (S.DUE, S.MEETING_SCHEDULED)]
    return [d for d in dates if d is not None]


def _d(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True, slots=True)
class StepLine:
    """One line of a review's timeline: a step, its date if reached, and its deadline."""

    step: ReviewStage
    on: date | None
    deadline: Deadline | None
    lateness: str | None  # the reason given when the step was recorded late
    is_next: bool


def timeline(review: ReviewRecord, found: Sequence[Deadline],
             events: Sequence[ReviewEventRecord], basis: ReviewBasis) -> list[StepLine]:
    """Every step of the review's path with its date, deadline and any lateness reason."""
    by_key = {d.key: d for d in found}
    annual = by_key.get(DeadlineKey.ANNUAL_REVIEW)
    counted_to = S.DECISION_MADE if basis == ReviewBasis.DECISION else S.MEETING_HELD
    lateness = {}
    for event in events:
        if not event.is_correction and event.lateness_reason is not None:
            lateness[event.step] = event.lateness_reason.label + (
                f": {event.note}" if event.note else "")
    upcoming = next_step(review)
    lines = []
    for step in path(review.decision)[1:]:
        deadline = by_key.get(STEP_DEADLINE[step]) if step in STEP_DEADLINE else None
        if step == counted_to and annual is not None and (
                deadline is None or annual.due < deadline.due):
            deadline = annual
        lines.append(StepLine(step, step_date(review, step), deadline, lateness.get(step),
                              step == upcoming))
    return lines
