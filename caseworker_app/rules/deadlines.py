"""Statutory deadlines: needs assessments, annual reviews, phase transfers, mediation, appeals.

Every function is pure: it takes the dates recorded on a case and returns `Deadline` values,
each saying what must happen, by whom, by when, how the date was counted and which rule sets
it. Nothing reads the clock; "today" is passed in where it matters. The counting conventions
(weeks, months, "at least 15 days beginning with", working days) are in `rules.calendar`;
the rules and their sources are in send-domain.md §0-§1.

`RULE_SET` names the law these rules follow. When the law changes (see §1f) a new rule set is
added beside this one rather than these rules being edited in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeVar, cast

from caseworker_app.codes import Coded, Phase, ReviewDecision
from caseworker_app.rules.calendar import (
    add_months,
    add_weeks,
    add_working_days,
    last_day_of_period,
    long_date,
    skipped_bank_holidays,
)
from caseworker_app.schoolyear import academic_year_start


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A named body of law the deadline rules follow, and the date it was checked against."""

    name: str
    correct_at: date
    note: str = ""


RULE_SET = RuleSet(
    name="SEND Regulations 2014 and Children and Families Act 2014, as in force at June 2026",
    correct_at=date(2026, 6, 30),
    note="The Schools White Paper of 23 February 2026 proposes changes from about "
         "September 2030; they are not law yet and are not applied here.",
)

REGS = "SEND Regulations 2014"
DEVON_CASE = "R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)"
C = TypeVar("C", bound=Coded)
AMEND_WINDOW_DAYS = 84  # 4 weeks to decide and propose amendments + 8 weeks to finalise (§1b)


class DeadlineKey(Coded):
    """Which statutory deadline a `Deadline` is."""

    ASSESSMENT_DECISION = "assessment_decision", "Decision whether to assess"
    ASSESSMENT_ADVICE = "assessment_advice", "Advice for the assessment returned"
    DECISION_NOT_TO_ISSUE = "not_to_issue", "Decision not to issue a plan"
    FINAL_PLAN = "final_plan", "Final plan issued"
    REASSESSMENT_REQUEST = "reassessment_request", "Decision on a request to reassess"
    REASSESSMENT_PLAN = "reassessment_plan", "Final plan after reassessment"
    ANNUAL_REVIEW = "annual_review", "Annual review"
    INVITATIONS = "invitations", "Invitations sent"
    ADVICE = "advice", "Advice sent round"
    REVIEW_REPORT = "review_report", "Review report sent"
    REVIEW_DECISION = "review_decision", "Review decision sent"
    PROPOSED_AMENDMENTS = "proposed_amendments", "Proposed amendments sent"
    REPRESENTATIONS = "representations", "Family's time to comment ends"
    FINAL_AMENDED_PLAN = "final_amended_plan", "Final amended plan issued"
    PHASE_TRANSFER = "phase_transfer", "Phase transfer plan amended"
    POST16_TRANSFER = "post16_transfer", "Post-16 transfer plan amended"
    MEDIATION_CERTIFICATE = "mediation_certificate", "Mediation certificate issued"
    APPEAL = "appeal", "Last day to appeal"


# Time limits that belong to the family, not the council: they end by themselves and are
# never overdue; once past they drop off the to-do list.
FAMILY_WINDOWS = frozenset({DeadlineKey.REPRESENTATIONS, DeadlineKey.APPEAL})
PHASE_TRANSFERS = frozenset({DeadlineKey.PHASE_TRANSFER, DeadlineKey.POST16_TRANSFER})


@dataclass(frozen=True, slots=True)
class Deadline:
    """One statutory deadline: what must happen by `due`, counted from `trigger_date`."""

    key: DeadlineKey
    title: str
    due: date
    trigger: str
    trigger_date: date
    explanation: str
    citation: str
    done_on: date | None = None
    disapplied_reason: str | None = None

    @property
    def is_met(self) -> bool:
        """True when it was done, on or before the due date."""
        return self.done_on is not None and self.done_on <= self.due

    @property
    def is_window(self) -> bool:
        """True for the family's own time limits (to comment, to appeal): never overdue."""
        return self.key in FAMILY_WINDOWS

    def is_overdue(self, today: date) -> bool:
        """True when not done, not disapplied, not the family's window, and `due` has passed."""
        return (self.done_on is None and self.disapplied_reason is None
                and not self.is_window and self.due < today)

    def days_left(self, today: date) -> int:
        """Days from `today` to the due date: 0 on the day, negative once it has passed."""
        return (self.due - today).days

    def with_done(self, done_on: date | None) -> Deadline:
        """A copy recorded as done on `done_on` (None clears it)."""
        return replace(self, done_on=done_on)


def _as(cls: type[C], value: C | str) -> C:
    """`value` as a member of `cls`, accepting the member, its stored value or its label."""
    return value if isinstance(value, cls) else cast(C, cls.parse(value))


def _weeks(n: int) -> str:
    return "1 week" if n == 1 else f"{n} weeks"


# --- Annual review ------------------------------------------------------------------------


class ReviewBasis(Coded):
    """What counts as the review having been done by the annual review date (§0)."""

    DECISION = "decision", "The council's decision"
    MEETING = "meeting", "The review meeting"


def annual_review_due(anchor_on: date, anchor_is_plan: bool,
                      basis: ReviewBasis | str = ReviewBasis.DECISION) -> Deadline:
    """The date the next annual review must be done by (Children and Families Act 2014 s.44).

    The plan must be reviewed within 12 months of being issued, then within 12 months of the
    last review: the anniversary of `anchor_on` less one day (plan issued 1 January 2019,
    review due by 31 December 2019). An anniversary that does not exist (29 February in a
    common year) is taken as 28 February, so a plan issued on 29 February 2024 is due for
    review by 27 February 2025, the earlier and safer of the two readings.

    `basis` says what must have happened by then. The law does not say whether "reviewed"
    means the meeting or the council's decision; the default, DECISION, is the safer rule.
    With `basis` MEETING, `anchor_on` (when not the plan) is the last review meeting.
    """
    basis = _as(ReviewBasis, basis)
    due = add_months(anchor_on, 12) - timedelta(days=1)
    if anchor_is_plan:
        trigger = f"the plan issued on {long_date(anchor_on)}"
    elif basis is ReviewBasis.DECISION:
        trigger = f"the last review decision on {long_date(anchor_on)}"
    else:
        trigger = f"the last review meeting on {long_date(anchor_on)}"
    counted = f"the day before the first anniversary of {trigger}"
    if basis is ReviewBasis.DECISION:
        title = "Annual review decision sent"
        explanation = (
            f"The council must finish the review and send the family its decision letter "
            f"(keep, amend or end the plan) by {long_date(due)}, {counted}. The review is "
            f"counted as done when the decision is sent, the safer reading of the law."
        )
    else:
        title = "Annual review meeting held"
        explanation = (
            f"The review meeting must be held by {long_date(due)}, {counted}. Some councils "
            f"count the review as done only when the decision letter is sent, which is safer: "
            f"a meeting on this date leaves no time for the decision."
        )
    return Deadline(DeadlineKey.ANNUAL_REVIEW, title, due, trigger, anchor_on, explanation,
                    "Children and Families Act 2014 s.44")


def review_cycle(*, meeting_on: date, meeting_held_on: date | None = None,
                 decision_on: date | None = None,
                 decision: ReviewDecision | str | None = None,
                 amendments_sent_on: date | None = None,
                 invitations_sent_on: date | None = None,
                 advice_received_on: date | None = None,
                 report_received_on: date | None = None,
                 final_issued_on: date | None = None) -> list[Deadline]:
    """The deadlines of one annual review that follow from what is recorded so far.

    Always: invitations and advice (2 weeks before the meeting, reg 20(3), 20(4)), the
    meeting report (2 weeks after, reg 20(7)/21(7)) and the council's decision (4 weeks
    after). When the decision is to amend (or amendments were sent before a decision was
    recorded): the proposed amendments (in the same 4 weeks, reg 22(2) and the Devon case),
    the family's 15 days to comment (once the amendments are sent, reg 22(2)(c)) and the
    final amended plan (8 weeks from the amendments, reg 22(3), but never more than 12 weeks
    from the meeting). Deadlines around the meeting count from `meeting_held_on` once known,
    otherwise from the planned `meeting_on`. Each deadline's `done_on` is the matching date.

    Raises ValueError when the decision was to maintain or cease the plan but amendment
    dates are recorded.
    """
    held = meeting_held_on is not None
    meeting = meeting_held_on if meeting_held_on is not None else meeting_on
    meeting_words = (f"the review meeting on {long_date(meeting)}" if held
                     else f"the review meeting planned for {long_date(meeting)}")
    decided = _as(ReviewDecision, decision) if decision is not None else None
    if decided in (ReviewDecision.MAINTAIN, ReviewDecision.CEASE) and (
            amendments_sent_on is not None or final_issued_on is not None):
        raise ValueError(f"The decision was to {decided.value} the plan, but amendment dates "
                         f"are recorded; correct the decision or the dates.")
    amending = decided is ReviewDecision.AMEND or (
        decided is None and (amendments_sent_on is not None or final_issued_on is not None))

    before, after_report, after_decision = (add_weeks(meeting, -2), add_weeks(meeting, 2),
                                            add_weeks(meeting, 4))
    deadlines = [
        Deadline(
            DeadlineKey.INVITATIONS, "Invitations sent", before, meeting_words, meeting,
            f"The school or college (the council if the child or young person is not at one) "
            f"must invite the family, the school or college, a council SEN officer, health "
            f"and social care, giving at least 2 weeks' notice: by {long_date(before)}, "
            f"2 weeks before {meeting_words}.",
            f"{REGS} reg 20(3)", done_on=invitations_sent_on),
        Deadline(
            DeadlineKey.ADVICE, "Advice sent round", before, meeting_words, meeting,
            f"Whoever runs the meeting must gather advice and information from everyone "
            f"invited, the family included, and send it to them all at least 2 weeks before "
            f"the meeting: by {long_date(before)}, 2 weeks before {meeting_words}.",
            f"{REGS} reg 20(4)", done_on=advice_received_on),
        Deadline(
            DeadlineKey.REVIEW_REPORT, "Review report sent", after_report, meeting_words,
            meeting,
            f"The school or college (the council if the child or young person is not at one) "
            f"must send the report of the meeting, with its recommendations and any "
            f"disagreements, to the council and everyone invited within 2 weeks: by "
            f"{long_date(after_report)}, 2 weeks after {meeting_words}.",
            f"{REGS} reg 20(7); reg 21(7) when the child or young person is not at school",
            done_on=report_received_on),
        Deadline(
            DeadlineKey.REVIEW_DECISION, "Review decision sent", after_decision, meeting_words,
            meeting,
            f"The council must decide whether to keep the plan as it is, amend it or end it, "
            f"and tell the family and the school or college, within 4 weeks: by "
            f"{long_date(after_decision)}, 4 weeks after {meeting_words}. A decision to keep "
            f"or end the plan must come with appeal and mediation information.",
            f"{REGS} reg 20(10) (paragraph UNCONFIRMED; 4 weeks per council guidance)",
            done_on=decision_on),
    ]
    if not amending:
        return deadlines

    deadlines.append(Deadline(
        DeadlineKey.PROPOSED_AMENDMENTS, "Proposed amendments sent", after_decision,
        meeting_words, meeting,
        f"When the decision is to amend, the council must send the proposed amendments with "
        f"the decision, within the same 4 weeks: by {long_date(after_decision)}, 4 weeks "
        f"after {meeting_words}. They go with a copy of the plan, the evidence, and the "
        f"family's right to comment, ask for a meeting and ask for a school or college.",
        f"{REGS} reg 22(2); {DEVON_CASE}", done_on=amendments_sent_on))
    if amendments_sent_on is not None:
        window_ends = last_day_of_period(amendments_sent_on, 15)
        deadlines.append(Deadline(
            DeadlineKey.REPRESENTATIONS, "Family's time to comment ends", window_ends,
            f"the proposed amendments sent on {long_date(amendments_sent_on)}",
            amendments_sent_on,
            f"The family has at least 15 days, counting the day the proposed amendments were "
            f"sent ({long_date(amendments_sent_on)}) as the first, to comment, ask for a "
            f"meeting or ask for a school or college to be named: until "
            f"{long_date(window_ends)}. Their comments must be considered before the final "
            f"plan is issued.",
            f"{REGS} reg 22(2)(c)"))
    deadlines.append(_final_amended_plan(meeting, meeting_words, amendments_sent_on,
                                         final_issued_on))
    return deadlines


def _final_amended_plan(meeting: date, meeting_words: str, amendments_sent_on: date | None,
                        final_issued_on: date | None) -> Deadline:
    """The final amended plan: the earlier of 8 weeks from the amendments, 12 from the meeting."""
    twelve = add_weeks(meeting, 12)
    devon = "the longest the Devon case allows from meeting to final plan"
    if amendments_sent_on is None:
        due, trigger, trigger_date = twelve, meeting_words, meeting
        how = (f"12 weeks after {meeting_words}, {devon}. Once the proposed amendments are "
               f"sent, 8 weeks from them applies instead if that is earlier.")
    else:
        eight = add_weeks(amendments_sent_on, 8)
        sent_words = f"the proposed amendments sent on {long_date(amendments_sent_on)}"
        if eight < twelve:
            due, trigger, trigger_date = eight, sent_words, amendments_sent_on
            how = (f"8 weeks after {sent_words}, which is earlier than 12 weeks after "
                   f"{meeting_words} ({long_date(twelve)}).")
        elif twelve < eight:
            due, trigger, trigger_date = twelve, meeting_words, meeting
            how = (f"12 weeks after {meeting_words}, {devon}, which is earlier than 8 weeks "
                   f"after {sent_words} ({long_date(eight)}).")
        else:
            due, trigger, trigger_date = eight, sent_words, amendments_sent_on
            how = f"8 weeks after {sent_words}, which is also 12 weeks after {meeting_words}."
    return Deadline(
        DeadlineKey.FINAL_AMENDED_PLAN, "Final amended plan issued", due, trigger, trigger_date,
        f"The council must send the final amended plan to the family, the school or college "
        f"and the health commissioner, or tell the family with reasons that it will not amend "
        f"the plan, by {long_date(due)}: {how}",
        f"{REGS} reg 22(3)-(4); {DEVON_CASE} (12 weeks from the meeting)",
        done_on=final_issued_on)


# --- Phase transfer -----------------------------------------------------------------------

# year group -> (the move, what the amended plan must name)
_SCHOOL_MOVES = {
    -1: ("early years to school", "the school"),
    2: ("infant to junior school", "the junior school"),
    6: ("primary to secondary school", "the secondary school"),
    8: ("middle to secondary school", "the secondary school"),
}


def phase_transfer(group: int, phase: Phase | str | None, today: date) -> Deadline | None:
    """The phase transfer deadline for a child moving phase next September, if any (reg 18).

    The plan must be reviewed and amended, naming the new setting or type of setting,
    before 15 February of the calendar year of a school phase move, and before 31 March for
    a move from secondary school to post-16. The due date is taken as 15 February or
    31 March itself, as councils and advice services read it. The phase of the current
    setting decides whether a move happens (an infant school pupil moves after Year 2, a
    middle school pupil after Year 8); with no setting recorded the usual primary and
    secondary ages apply. `today` fixes the academic year.
    """
    year = academic_year_start(today) + 1
    moves_phase = {
        -1: phase in (None, Phase.EARLY_YEARS, Phase.INFANT, Phase.PRIMARY),
        2: phase == Phase.INFANT,
        6: phase in (None, Phase.PRIMARY, Phase.JUNIOR),
        8: phase == Phase.MIDDLE,
    }
    if moves_phase.get(group, False):
        move, setting = _SCHOOL_MOVES[group]
        due, rule_day = date(year, 2, 15), "15 February"
    elif group == 11 and phase != Phase.POST16:
        move, setting = "secondary school to post-16", "the college, sixth form or other place"
        due, rule_day = date(year, 3, 31), "31 March"
    else:
        return None
    latest = due - timedelta(days=AMEND_WINDOW_DAYS)
    return Deadline(
        DeadlineKey.PHASE_TRANSFER, f"Phase transfer: {move}", due,
        f"the move from {move} in September {year}", date(year, 9, 1),
        f"The plan must be reviewed and the final amended plan issued, naming {setting} (or "
        f"the type of school or college) for September {year}, by {long_date(due)} (the law "
        f"says before {rule_day} in the year of the move). Allowing 4 weeks to decide and 8 "
        f"to finalise, the review meeting should be held by {long_date(latest)}.",
        f"{REGS} reg 18")


def latest_meeting_for(deadline: Deadline, buffer_days: int = 0) -> date:
    """The latest review meeting date that still meets `deadline` (§1c, an app rule).

    A review meeting leads to the decision and proposed amendments within 4 weeks and the
    final amended plan within 8 weeks after that: 12 weeks (84 days) in all. So the meeting
    must be held by the due date less 84 days, less any local `buffer_days` of safety margin
    (15 February 2027 gives 23 November 2026).
    """
    if buffer_days < 0:
        raise ValueError(f"the buffer must be 0 days or more, not {buffer_days}")
    return deadline.due - timedelta(days=AMEND_WINDOW_DAYS + buffer_days)


def post16_transfer(transfer_on: date) -> Deadline:
    """A move between post-16 institutions at another time of year (reg 18).

    The plan must be reviewed and amended at least 5 calendar months before the move: the
    due date is the move date less 5 months (a day the month lacks falls back to its last
    day, so a move on 31 July is due by 28 February, or 29 February in a leap year).
    """
    due = add_months(transfer_on, -5)
    return Deadline(
        DeadlineKey.POST16_TRANSFER, "Post-16 transfer: plan amended", due,
        f"the move to a new post-16 place on {long_date(transfer_on)}", transfer_on,
        f"The plan must be reviewed and amended, naming the new college or other post-16 "
        f"place, at least 5 months before the move on {long_date(transfer_on)}: by "
        f"{long_date(due)}.",
        f"{REGS} reg 18")


def preparing_for_adulthood(group: int) -> bool:
    """Year 9 and above: reviews must consider preparing for adulthood (reg 20(6), 21(6))."""
    return group >= 9


# --- EHC needs assessment ------------------------------------------------------------------


class AssessmentException(Coded):
    """Why the 6-, 16- and 20-week assessment limits do not apply (reg 5(4), 10(4), 13(3))."""

    SCHOOL_CLOSED = ("school_closed",
                     "The school or college was closed for at least 4 weeks")
    EARLY_YEARS_CLOSED = ("early_years_closed",
                          "The early years setting was closed for at least 4 weeks")
    PERSONAL_CIRCUMSTANCES = ("personal_circumstances",
                              "Exceptional personal circumstances of the child or family")
    AWAY_FROM_AREA = ("away_from_area",
                      "The family was away from the area for at least 4 weeks")


def needs_assessment(request_received_on: date, *,
                     exception: AssessmentException | str | None = None,
                     exception_reason: str = "",
                     decision_to_assess_on: date | None = None,
                     decision_not_to_issue_on: date | None = None,
                     final_plan_on: date | None = None) -> list[Deadline]:
    """The deadlines of an EHC needs assessment, counted from the request.

    Decide whether to assess within 6 weeks (reg 5(1)); if, after assessing, no plan is to be
    issued, say so within 16 weeks (reg 10(1)); otherwise issue the final plan within 20
    weeks (reg 13(2)). Once one outcome is recorded the other's deadline is left out.

    When an `exception` applies (reg 5(4), 10(4), 13(3)) all three are returned with
    `disapplied_reason` set to "<exception>: <reason>" and are never overdue. A reason is
    required; ValueError if it is missing, or if both outcomes are recorded.
    """
    if decision_not_to_issue_on is not None and final_plan_on is not None:
        raise ValueError("Both a decision not to issue a plan and a final plan are recorded; "
                         "only one can be right.")
    disapplied = None
    if exception is not None:
        exception = _as(AssessmentException, exception)
        if not exception_reason.strip():
            raise ValueError(f"Give a reason for using the exception \"{exception.label}\": "
                             f"say why it made the time limit impractical for this child.")
        disapplied = f"{exception.label}: {exception_reason.strip()}"
    received = long_date(request_received_on)
    trigger = f"the request for an assessment received on {received}"

    def build(key: DeadlineKey, title: str, weeks: int, what: str, citation: str,
              exception_rule: str, done_on: date | None) -> Deadline:
        due = add_weeks(request_received_on, weeks)
        explanation = f"{what} by {long_date(due)}, {_weeks(weeks)} after {trigger}."
        if disapplied is not None:
            explanation += (f" This time limit does not apply because of an exception "
                            f"({exception_rule}); the family should be told.")
        return Deadline(key, title, due, trigger, request_received_on, explanation, citation,
                        done_on=done_on, disapplied_reason=disapplied)

    deadlines = [build(
        DeadlineKey.ASSESSMENT_DECISION, "Decision whether to assess", 6,
        "The council must tell the family (and anyone told of the request, such as the "
        "school) whether it will carry out an assessment, with appeal rights if it will not,",
        f"{REGS} reg 5(1)", "reg 5(4)", decision_to_assess_on)]
    if final_plan_on is None:
        deadlines.append(build(
            DeadlineKey.DECISION_NOT_TO_ISSUE, "Decision not to issue a plan", 16,
            "If, after assessing, the council decides not to issue a plan, it must tell the "
            "family, the school and the health commissioner, with appeal rights,",
            f"{REGS} reg 10(1)", "reg 10(4)", decision_not_to_issue_on))
    if decision_not_to_issue_on is None:
        deadlines.append(build(
            DeadlineKey.FINAL_PLAN, "Final plan issued", 20,
            "The council must send the final plan to the family, the named school or college "
            "and the health commissioner, with appeal and mediation information,",
            f"{REGS} reg 13(2)", "reg 13(3)", final_plan_on))
    return deadlines


def advice_due(advice_requested_on: date) -> Deadline:
    """Advice asked for in an assessment is due within 6 weeks of the request (reg 8)."""
    due = add_weeks(advice_requested_on, 6)
    trigger = f"the request for advice on {long_date(advice_requested_on)}"
    return Deadline(
        DeadlineKey.ASSESSMENT_ADVICE, "Advice for the assessment returned", due, trigger,
        advice_requested_on,
        f"Health, the educational psychologist, social care or the school must send the "
        f"advice asked for by {long_date(due)}, 6 weeks after {trigger}. This does not "
        f"apply if the family missed an appointment in those 6 weeks.",
        f"{REGS} reg 8")


def reassessment(decided_on: date) -> Deadline:
    """After deciding to reassess, the final plan is due within 14 weeks (reg 27)."""
    due = add_weeks(decided_on, 14)
    trigger = f"the decision to reassess on {long_date(decided_on)}"
    return Deadline(
        DeadlineKey.REASSESSMENT_PLAN, "Final plan after reassessment", due, trigger,
        decided_on,
        f"The council must issue the final plan by {long_date(due)}, 14 weeks after "
        f"{trigger}. The same exceptions apply as for a first assessment.",
        f"{REGS} reg 27")


def reassessment_request_decision(request_on: date) -> Deadline:
    """A request to reassess must be decided within 15 calendar days (regulation unconfirmed)."""
    due = request_on + timedelta(days=15)
    trigger = f"the request to reassess received on {long_date(request_on)}"
    return Deadline(
        DeadlineKey.REASSESSMENT_REQUEST, "Decision on a request to reassess", due, trigger,
        request_on,
        f"The council must decide whether to reassess and tell the family by "
        f"{long_date(due)}, 15 days after {trigger}. It may refuse if the last assessment "
        f"was less than 6 months ago.",
        "15 days per council and IAS guidance; regulation UNCONFIRMED")


# --- Mediation and appeal -----------------------------------------------------------------


def mediation_certificate_due(trigger_on: date) -> Deadline:
    """The mediation certificate is due within 3 working days (regs 32-34, as §1e cites them).

    `trigger_on` is the day the family said they do not want mediation, or the day mediation
    ended. Weekends and England and Wales bank holidays are not counted.
    """
    due = add_working_days(trigger_on, 3)
    # Bank holidays that fall on a weekend were skipped as weekend days anyway.
    skipped = [(day, name) for day, name in skipped_bank_holidays(trigger_on, due)
               if day.weekday() < 5]
    counted = "Weekends are not counted"
    if skipped:
        days = [f"{name.replace('(observed)', '(substitute day)')} on {long_date(day)}"
                for day, name in skipped]
        listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " and " + days[-1]
        counted += f", nor bank holidays: {listed}"
    trigger = f"the family declining mediation, or mediation ending, on {long_date(trigger_on)}"
    return Deadline(
        DeadlineKey.MEDIATION_CERTIFICATE, "Mediation certificate issued", due, trigger,
        trigger_on,
        f"The mediation adviser (if the family does not want mediation) or the mediator (once "
        f"mediation has ended) must issue the certificate by {long_date(due)}, 3 working days "
        f"after {long_date(trigger_on)}. {counted}.",
        f"{REGS} regs 32-34 (paragraph UNCONFIRMED; 3 working days per IPSEA)")


def appeal_deadline(decision_letter_on: date, certificate_on: date | None = None) -> Deadline:
    """The last day to appeal to the SEND Tribunal: the later of two limits (§1e).

    2 calendar months from the decision letter, or 1 calendar month from the mediation
    certificate if that is later.
    """
    letter_limit = add_months(decision_letter_on, 2)
    letter_words = f"the decision letter of {long_date(decision_letter_on)}"
    due, trigger, trigger_date = letter_limit, letter_words, decision_letter_on
    if certificate_on is None:
        how = (f"2 months after {letter_words}. If the family gets a mediation certificate, "
               f"they have until 1 month after it instead, if that is later.")
    else:
        cert_limit = add_months(certificate_on, 1)
        cert_words = f"the mediation certificate of {long_date(certificate_on)}"
        if cert_limit > letter_limit:
            due, trigger, trigger_date = cert_limit, cert_words, certificate_on
            how = (f"1 month after {cert_words}, which is later than 2 months after "
                   f"{letter_words} ({long_date(letter_limit)}).")
        elif cert_limit < letter_limit:
            how = (f"2 months after {letter_words}, which is later than 1 month after "
                   f"{cert_words} ({long_date(cert_limit)}).")
        else:
            how = (f"2 months after {letter_words} and 1 month after {cert_words}: both limits "
                   f"fall on the same day.")
    return Deadline(
        DeadlineKey.APPEAL, "Last day to appeal", due, trigger, trigger_date,
        f"The family can appeal to the SEND Tribunal until {long_date(due)}: {how} An appeal "
        f"only about the school or college named (section I) needs no certificate.",
        "SEND Tribunal time limit per IPSEA guidance (rule number UNCONFIRMED)")


# --- To-do order ----------------------------------------------------------------------------


def _still_to_do(deadline: Deadline, today: date) -> bool:
    if deadline.done_on is not None or deadline.disapplied_reason is not None:
        return False
    return not (deadline.is_window and deadline.due < today)


def ranked(deadlines: Iterable[Deadline], today: date) -> list[Deadline]:
    """Deadlines in order of statutory risk, for a to-do list.

    Overdue first (the most overdue first), then phase transfers (reg 18, a fixed date a
    whole school year hangs on), then the rest by soonest due. Done and disapplied deadlines
    are left out, as are the family's own time limits once they have ended. Ties keep their
    given order.
    """
    def risk(deadline: Deadline) -> tuple[int, date]:
        if deadline.is_overdue(today):
            return 0, deadline.due
        return (1 if deadline.key in PHASE_TRANSFERS else 2), deadline.due

    return sorted((d for d in deadlines if _still_to_do(d, today)), key=risk)
