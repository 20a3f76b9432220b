"""The EHC needs assessment workflow: which step comes next, its deadline, and refusals.

request received -> decision whether to assess (6 weeks, reg 5) ->
    do not assess: ends.
    assess: advice requested -> advice received (6 weeks from asking, reg 8) ->
        decision not to issue a plan (16 weeks, reg 10): ends, or
        draft plan sent (the family has 15 days to comment, reg 13(1)) ->
        final plan issued (20 weeks, reg 13(2)): ends.

A reassessment takes the same steps: the decision on the request is due within 15 days
(regulation UNCONFIRMED, as the rules say) and the final plan within 14 weeks of the decision
to reassess (reg 27). An exception (reg 5(4), 10(4), 13(3)) disapplies the 6-, 16- and
20-week limits, and the 14-week limit of a reassessment, which has the same exceptions.

Pure functions over a `NeedsAssessmentRecord` with `today` passed in; the assessment service
calls them before writing and the Assessment tab calls them to offer only moves that can
succeed. Deadlines come from `caseworker_app.rules.deadlines`, which cites each regulation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentEventKind,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentRequester,
    AssessmentStage,
)
from caseworker_app.entities import AssessmentEventRecord, NeedsAssessmentRecord
from caseworker_app.errors import ValidationError
from caseworker_app.rules.calendar import last_day_of_period, long_date
from caseworker_app.rules.deadlines import (
    REGS,
    AssessmentException,
    Deadline,
    DeadlineKey,
    advice_due,
    needs_assessment,
    reassessment,
    reassessment_request_decision,
)

S = AssessmentStage
D = AssessmentDecision
COMMENT_DAYS = 15  # "at least 15 days, beginning with the day on which the draft was served"

# The NeedsAssessmentRecord / NeedsAssessment field holding each step's date.
DATE_FIELD: dict[AssessmentStage, str] = {
    S.REQUESTED: "request_received_on",
    S.DECISION: "decision_on",
    S.ADVICE_REQUESTED: "advice_requested_on",
    S.ADVICE_RECEIVED: "advice_received_on",
    S.NOT_TO_ISSUE: "not_to_issue_on",
    S.DRAFT_SENT: "draft_sent_on",
    S.FINAL_ISSUED: "final_issued_on",
}

# Which steps may follow the last one recorded (the outcome after the advice is a choice).
FOLLOWS: dict[AssessmentStage, tuple[AssessmentStage, ...]] = {
    S.REQUESTED: (S.DECISION,),
    S.DECISION: (S.ADVICE_REQUESTED,),
    S.ADVICE_REQUESTED: (S.ADVICE_RECEIVED,),
    S.ADVICE_RECEIVED: (S.DRAFT_SENT, S.NOT_TO_ISSUE),
    S.DRAFT_SENT: (S.FINAL_ISSUED,),
    S.NOT_TO_ISSUE: (),
    S.FINAL_ISSUED: (),
}

# What the person is asked for when recording each step (a verb phrase for buttons).
ACTION: dict[AssessmentStage, str] = {
    S.REQUESTED: "Record the request received",
    S.DECISION: "Record the decision whether to assess",
    S.ADVICE_REQUESTED: "Record advice requested",
    S.ADVICE_RECEIVED: "Record advice received",
    S.NOT_TO_ISSUE: "Record a decision not to issue a plan",
    S.DRAFT_SENT: "Record the draft plan sent",
    S.FINAL_ISSUED: "Record the final plan issued",
}

# Wording that differs for a reassessment of a child who already has a plan.
_REASSESSMENT_WORDS: dict[AssessmentStage, tuple[str, str]] = {  # step -> (label, action)
    S.REQUESTED: ("Request to reassess received", "Record the request received"),
    S.DECISION: ("Decision whether to reassess", "Record the decision whether to reassess"),
    S.NOT_TO_ISSUE: ("Decision not to issue a new plan",
                     "Record a decision not to issue a new plan"),
}


# Each exception in a few words, for lists and history lines (the full label elsewhere).
EXCEPTION_SHORT: dict[AssessmentException, str] = {
    AssessmentException.SCHOOL_CLOSED: "school or college closed",
    AssessmentException.EARLY_YEARS_CLOSED: "early years setting closed",
    AssessmentException.PERSONAL_CIRCUMSTANCES: "personal circumstances",
    AssessmentException.AWAY_FROM_AREA: "family away from the area",
}


def step_label(kind: AssessmentKind, step: AssessmentStage) -> str:
    """The name of a step as this kind of assessment calls it."""
    if kind == AssessmentKind.REASSESSMENT and step in _REASSESSMENT_WORDS:
        return _REASSESSMENT_WORDS[step][0]
    return step.label


def action(kind: AssessmentKind, step: AssessmentStage) -> str:
    """The button wording for recording `step`."""
    if kind == AssessmentKind.REASSESSMENT and step in _REASSESSMENT_WORDS:
        return _REASSESSMENT_WORDS[step][1]
    return ACTION[step]


def decision_label(kind: AssessmentKind, decision: AssessmentDecision) -> str:
    """'Assess' or 'Do not assess' ('Reassess' or 'Do not reassess' for a reassessment)."""
    if kind == AssessmentKind.REASSESSMENT:
        return "Reassess" if decision == D.ASSESS else "Do not reassess"
    return decision.label


def kind_title(kind: AssessmentKind) -> str:
    """'Needs assessment' or 'Reassessment', as a heading for history and chronology."""
    return "Reassessment" if kind == AssessmentKind.REASSESSMENT else "Needs assessment"


def requester_phrase(requested_by: AssessmentRequester) -> str:
    """Who asked, as it reads in a sentence: 'the parent', 'the school or college'."""
    if requested_by == AssessmentRequester.OTHER:
        return "someone else"
    return f"the {requested_by.label.lower()}"


# ----- where the assessment is ------------------------------------------------------------


def step_date(record: NeedsAssessmentRecord, step: AssessmentStage) -> date | None:
    """The date recorded for `step`, if any."""
    return getattr(record, DATE_FIELD[step])


def outcome_of(record: NeedsAssessmentRecord) -> AssessmentOutcome | None:
    """How the assessment ended, or None while it is in progress."""
    if record.decision == D.NOT_ASSESS and record.decision_on is not None:
        return AssessmentOutcome.NOT_ASSESSED
    if record.not_to_issue_on is not None:
        return AssessmentOutcome.NO_PLAN
    if record.final_issued_on is not None:
        return AssessmentOutcome.PLAN_ISSUED
    return None


def outcome_label(record: NeedsAssessmentRecord) -> str:
    """The outcome as people read it ('Not reassessed', 'No plan issued'), or ''."""
    outcome = outcome_of(record)
    if outcome is None:
        return ""
    if record.is_reassessment:
        return {AssessmentOutcome.NOT_ASSESSED: "Not reassessed",
                AssessmentOutcome.NO_PLAN: "No new plan issued"}.get(outcome, outcome.label)
    return outcome.label


def is_finished(record: NeedsAssessmentRecord) -> bool:
    """True once the assessment has an outcome: nothing more can be recorded."""
    return outcome_of(record) is not None


def path(record: NeedsAssessmentRecord) -> tuple[AssessmentStage, ...]:
    """Every step of the assessment in order, as far as what is recorded decides it.

    Until an outcome follows the advice, both the decision not to issue a plan and the
    draft and final plan are on the path.
    """
    steps = (S.REQUESTED, S.DECISION)
    if record.decision == D.NOT_ASSESS:
        return steps
    steps += (S.ADVICE_REQUESTED, S.ADVICE_RECEIVED)
    if record.not_to_issue_on is not None:
        return (*steps, S.NOT_TO_ISSUE)
    if record.draft_sent_on is not None:
        return (*steps, S.DRAFT_SENT, S.FINAL_ISSUED)
    return (*steps, S.NOT_TO_ISSUE, S.DRAFT_SENT, S.FINAL_ISSUED)


def next_steps(record: NeedsAssessmentRecord) -> tuple[AssessmentStage, ...]:
    """The steps that may be recorded next: none once finished, two after the advice."""
    if is_finished(record):
        return ()
    return FOLLOWS[record.stage]


# ----- deadlines ----------------------------------------------------------------------------


def exception_text(record: NeedsAssessmentRecord) -> str | None:
    """'<exception>: <reason>' when an exception is recorded, as the rules word it."""
    if record.exception is None:
        return None
    return f"{record.exception.label}: {(record.exception_reason or '').strip()}"


def comment_window(draft_sent_on: date) -> Deadline:
    """The family's time to comment on a draft plan: at least 15 days (reg 13(1))."""
    ends = last_day_of_period(draft_sent_on, COMMENT_DAYS)
    sent = long_date(draft_sent_on)
    return Deadline(
        DeadlineKey.REPRESENTATIONS, "Family's time to comment on the draft plan", ends,
        f"the draft plan sent on {sent}", draft_sent_on,
        f"The family has at least 15 days, counting the day the draft plan was sent ({sent}) "
        f"as the first, to comment on it, ask for a meeting with an officer and ask for a "
        f"school or college to be named: until {long_date(ends)}. The final plan should not "
        f"be issued before then unless they have already replied. The draft must not name a "
        f"school or college (section I is left blank).",
        f"{REGS} reg 13(1); Children and Families Act 2014 s.38")


def _reassessment_plan(record: NeedsAssessmentRecord, decided_on: date) -> Deadline:
    found = reassessment(decided_on).with_done(record.final_issued_on)
    disapplied = exception_text(record)
    if disapplied is None:
        return found
    return replace(found, disapplied_reason=disapplied, explanation=(
        f"{found.explanation} This time limit does not apply because of an exception (the "
        f"same exceptions as for a first assessment, reg 27); the family should be told."))


def deadlines(record: NeedsAssessmentRecord) -> list[Deadline]:
    """Every statutory deadline of the assessment so far, with what has been done."""
    found: list[Deadline] = []
    if record.kind == AssessmentKind.NEW:
        rules = needs_assessment(
            record.request_received_on, exception=record.exception,
            exception_reason=record.exception_reason or "",
            decision_to_assess_on=record.decision_on,
            decision_not_to_issue_on=record.not_to_issue_on,
            final_plan_on=record.final_issued_on)
        for deadline in rules:
            if deadline.key != DeadlineKey.ASSESSMENT_DECISION and record.decision == D.NOT_ASSESS:
                continue  # no assessment, so no outcome is due
            if deadline.key == DeadlineKey.DECISION_NOT_TO_ISSUE and record.draft_sent_on:
                continue  # a draft plan is out: the plan is being issued
            found.append(deadline)
    else:
        found.append(reassessment_request_decision(record.request_received_on)
                     .with_done(record.decision_on))
        if record.decision == D.ASSESS and record.decision_on is not None \
                and record.not_to_issue_on is None:
            found.append(_reassessment_plan(record, record.decision_on))
    if record.advice_requested_on is not None:
        found.append(advice_due(record.advice_requested_on).with_done(record.advice_received_on))
    if record.draft_sent_on is not None:
        found.append(comment_window(record.draft_sent_on))
    return found


def deadline_key(kind: AssessmentKind, step: AssessmentStage) -> DeadlineKey | None:
    """The statutory deadline that decides whether `step` was recorded late, if any."""
    new = kind == AssessmentKind.NEW
    keys = {
        S.DECISION: DeadlineKey.ASSESSMENT_DECISION if new else DeadlineKey.REASSESSMENT_REQUEST,
        S.ADVICE_RECEIVED: DeadlineKey.ASSESSMENT_ADVICE,
        S.NOT_TO_ISSUE: DeadlineKey.DECISION_NOT_TO_ISSUE if new else None,
        S.FINAL_ISSUED: DeadlineKey.FINAL_PLAN if new else DeadlineKey.REASSESSMENT_PLAN,
    }
    return keys.get(step)


def deadline_for(record: NeedsAssessmentRecord, step: AssessmentStage) -> Deadline | None:
    """The statutory deadline `step` is measured against, as the record now stands."""
    key = deadline_key(record.kind, step)
    return next((d for d in deadlines(record) if d.key == key), None) if key else None


def outcome_open(record: NeedsAssessmentRecord) -> bool:
    """True while the council may still either issue a plan or decide not to."""
    return (record.decision != D.NOT_ASSESS and record.not_to_issue_on is None
            and record.draft_sent_on is None)


def overdue(record: NeedsAssessmentRecord, found: Sequence[Deadline],
            today: date) -> list[Deadline]:
    """The deadlines that have passed undone, the earliest first.

    The 16 weeks for a decision not to issue a plan (reg 10) only bind if no plan is issued:
    while that is still open, its passing is not counted as overdue.
    """
    return sorted((d for d in found if d.is_overdue(today) and not (
        d.key == DeadlineKey.DECISION_NOT_TO_ISSUE and outcome_open(record))),
        key=lambda d: d.due)


def is_late(deadline: Deadline | None, on: date | None) -> bool:
    """True when `on` is past a deadline that applies (a disapplied one is never late)."""
    return (deadline is not None and on is not None and deadline.disapplied_reason is None
            and on > deadline.due)


# ----- refusals -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepCheck:
    """The outcome of checking a step: its deadline and whether it is late."""

    deadline: Deadline | None
    late: bool


def check_start(kind: AssessmentKind | None, received_on: date | None,
                requested_by: AssessmentRequester | None, today: date, *,
                case_open: bool = True, in_progress: NeedsAssessmentRecord | None = None,
                plan_issued_on: date | None = None) -> None:
    """Refuse a request that cannot be recorded; every problem is named at once.

    Raises ValidationError keyed by "case", "kind", "on" or "requested_by".
    """
    if not case_open:
        raise ValidationError({"case": "The case is closed; reopen it to start an assessment."})
    if in_progress is not None:
        raise ValidationError({"case": (
            f"This case already has a {kind_title(in_progress.kind).lower()} in progress, "
            f"requested on {_d(in_progress.request_received_on)}. Record its outcome before "
            "starting another.")})
    errors = {}
    if kind is None:
        errors["kind"] = "Choose a new assessment or a reassessment."
    elif kind == AssessmentKind.REASSESSMENT and plan_issued_on is None:
        errors["kind"] = ("A reassessment is of an existing plan, and this case has no plan "
                          "issued. Choose a new assessment.")
    if requested_by is None:
        errors["requested_by"] = "Say who asked for the assessment."
    if received_on is None:
        errors["on"] = "Give the date the request was received."
    elif received_on > today:
        errors["on"] = f"{_d(received_on)} is in the future; record a request once it arrives."
    elif kind == AssessmentKind.REASSESSMENT and plan_issued_on is not None \
            and received_on < plan_issued_on:
        errors["on"] = (f"{_d(received_on)} is before the plan was issued on "
                        f"{_d(plan_issued_on)}; a reassessment follows a plan.")
    if errors:
        raise ValidationError(errors)


def check_step(record: NeedsAssessmentRecord, step: AssessmentStage, on: date | None,
               today: date, *, decision: AssessmentDecision | None = None,
               case_open: bool = True) -> StepCheck:
    """Refuse a move that the workflow does not allow, with a reason a person can act on.

    Raises ValidationError keyed by "step", "on" or "decision"; returns the deadline the
    step is measured against so the caller can ask for a lateness reason when it is late.
    """
    if not case_open:
        raise ValidationError({"step": "The case is closed; reopen it to record assessment "
                                       "steps."})
    if is_finished(record):
        raise ValidationError({"step": (
            f"This {kind_title(record.kind).lower()} is finished ({outcome_label(record)}); "
            "nothing more can be recorded.")})
    allowed = next_steps(record)
    if step not in allowed:
        names = " or ".join(f"“{step_label(record.kind, s)}”" for s in allowed)
        raise ValidationError({"step": (
            f"The next step is {names}, not “{step_label(record.kind, step)}”.")})
    if on is None:
        raise ValidationError({"on": "Give the date."})
    if step == S.DECISION and decision is None:
        verb = "reassess" if record.is_reassessment else "assess"
        raise ValidationError({"decision": f"Choose whether to {verb}."})
    if on > today:
        raise ValidationError({"on": f"{_d(on)} is in the future; record a step once it "
                                     "happens."})
    _check_after_earlier(record, step, on)
    found = deadline_for(record, step)
    return StepCheck(found, is_late(found, on))


def check_correction(record: NeedsAssessmentRecord, step: AssessmentStage,
                     new_on: date | None, reason: str, today: date, *,
                     case_open: bool = True) -> None:
    """A recorded date may be corrected, with a reason, if the order still holds."""
    if not case_open:
        raise ValidationError({"step": "The case is closed; reopen it to correct a date."})
    old = step_date(record, step)
    if old is None:
        raise ValidationError({"step": (
            f"“{step_label(record.kind, step)}” has not been recorded yet.")})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the date is being corrected."})
    if new_on is None:
        raise ValidationError({"on": "Give the corrected date."})
    if new_on == old:
        raise ValidationError({"on": "That is the date already recorded."})
    if new_on > today:
        raise ValidationError({"on": f"{_d(new_on)} is in the future."})
    _check_after_earlier(record, step, new_on)
    later = _recorded(record, step, after=True)
    if later and new_on > min(later):
        raise ValidationError({"on": (
            f"{_d(new_on)} is after a later step recorded on {_d(min(later))}; "
            "correct that step first.")})


def check_exception(record: NeedsAssessmentRecord, exception: AssessmentException | None,
                    reason: str, *, case_open: bool = True) -> None:
    """An exception needs to be one of the four in the regulations, and a reason."""
    if not case_open:
        raise ValidationError({"exception": "The case is closed; reopen it to record an "
                                            "exception."})
    errors = {}
    if exception is None:
        errors["exception"] = "Choose which exception applies."
    if not reason.strip():
        errors["reason"] = ("Give a reason: say why the exception made the time limit "
                            "impractical for this child.")
    if errors:
        raise ValidationError(errors)
    if exception == record.exception and reason.strip() == (record.exception_reason or ""):
        raise ValidationError({"exception": "This exception is already recorded, with that "
                                            "reason."})


def check_exception_removal(record: NeedsAssessmentRecord, reason: str, *,
                            case_open: bool = True) -> None:
    """Removing an exception needs one to be recorded, and a reason."""
    if not case_open:
        raise ValidationError({"exception": "The case is closed; reopen it to change the "
                                            "exception."})
    if record.exception is None:
        raise ValidationError({"exception": "No exception is recorded on this assessment."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the exception no longer applies."})


def _check_after_earlier(record: NeedsAssessmentRecord, step: AssessmentStage,
                         on: date) -> None:
    """A step cannot come before the steps already recorded ahead of it."""
    earlier = _recorded(record, step, after=False)
    if earlier and on < max(earlier):
        raise ValidationError({"on": (
            f"{_d(on)} is before an earlier step recorded on {_d(max(earlier))}.")})


def _recorded(record: NeedsAssessmentRecord, step: AssessmentStage, *,
              after: bool) -> list[date]:
    """Recorded dates of the steps before (or after) `step` on the assessment's path."""
    steps = path(record)
    index = steps.index(step)
    chosen = steps[index + 1:] if after else steps[:index]
    return [d for d in (step_date(record, s) for s in chosen) if d is not None]


def _d(day: date) -> str:
    return long_date(day)


# ----- the timeline -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One line of an assessment's timeline: a step (or the family's time to comment),
    its date if reached, and the deadline it is measured against."""

    title: str
    step: AssessmentStage | None  # None for a time limit that is not a step of the council's
    on: date | None
    deadline: Deadline | None
    lateness: str | None  # the reason given when the step was recorded late
    is_next: bool

    @property
    def is_late(self) -> bool:
        """Done after a deadline that applies."""
        return is_late(self.deadline, self.on)


def timeline(record: NeedsAssessmentRecord, found: Sequence[Deadline],
             events: Sequence[AssessmentEventRecord]) -> list[TimelineLine]:
    """Every step of the assessment's path with its date, deadline and any lateness reason."""
    by_key = {d.key: d for d in found}
    lateness = {}
    for event in events:
        if event.event == AssessmentEventKind.STEP and event.step is not None \
                and event.lateness_reason is not None:
            lateness[event.step] = event.lateness_reason.label + (
                f": {event.note}" if event.note else "")
    upcoming = next_steps(record)
    lines = []
    for step in path(record):
        key = deadline_key(record.kind, step)
        title = step_label(record.kind, step)
        if step == S.DECISION and record.decision is not None:
            title += f": {decision_label(record.kind, record.decision)}"
        lines.append(TimelineLine(title, step, step_date(record, step),
                                  by_key.get(key) if key else None, lateness.get(step),
                                  step in upcoming))
        window = by_key.get(DeadlineKey.REPRESENTATIONS)
        if step == S.DRAFT_SENT and window is not None:
            lines.append(TimelineLine("Family's time to comment", None, None, window, None,
                                      False))
    return lines
