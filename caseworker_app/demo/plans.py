"""A case's EHC plan: its versions, its review history, the open review, or its closure."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from caseworker_app.codes import PlanSection, PlanVersionKind, ReviewDecision, ReviewStage
from caseworker_app.db.tables import AnnualReview, EhcPlan, PlanSectionText, PlanVersion
from caseworker_app.demo.batch import Batch
from caseworker_app.demo.chance import Dice
from caseworker_app.demo.people import ChildFacts
from caseworker_app.demo.places import World
from caseworker_app.demo.plan_items import add_plan_items, copy_plan_items
from caseworker_app.demo.plan_text import section_texts
from caseworker_app.demo.shares import (
    CEASED_AT_REVIEW,
    CLOSE_REASONS,
    OPEN_SCENARIOS,
    OVERDUE_BANDS,
    STAGE_MIX,
)
from caseworker_app.schoolyear import age_on
from caseworker_app.services.cases import first_review_due

PLANS_BEGAN = date(2014, 9, 1)  # EHC plans replaced statements from September 2014
DAY = timedelta(days=1)
REVIEW_DATES = (
    "meeting_on", "invitations_sent_on", "advice_received_on", "meeting_held_on",
    "report_received_on", "decision_on", "decision_letter_sent_on", "amendments_sent_on",
    "representations_closed_on", "final_issued_on", "completed_on",
)
REVIEW_BLANK: dict[str, Any] = {key: None for key in (*REVIEW_DATES, "decision")}

# The app's own annual review rule, remembered: a few thousand dates recur a million times.
_review_due = functools.cache(first_review_due)


@functools.cache
def _year_before(due: date) -> date:
    """The plan or decision date whose review falls due on `due` (inverse of the rule)."""
    return due + DAY - relativedelta(years=1)


class PlanMaker(Dice):
    """Adds each case's plan and reviews, counting the overdue ones for the load's summary."""

    def __init__(self, world: World, today: date) -> None:
        super().__init__(world.rng)
        self.today, self.new_id = today, world.new_id
        self.overdue = 0

    def _earliest_issue(self, child: ChildFacts) -> date:
        """The first date a plan could plausibly have been issued for this child."""
        start = max(child.dob + timedelta(days=913), PLANS_BEGAN)  # about two and a half
        if start > self.today - timedelta(days=21):  # a very young child: issued recently
            start = max(child.dob + timedelta(days=200), self.today - timedelta(days=200))
        return min(start, self.today - timedelta(days=21))

    def maybe_close(self, child: ChildFacts) -> tuple[date, str] | None:
        """Close ~3% of cases: the last review date, and "ceased" if that review ended it."""
        if self.random() >= 0.03:
            return None
        closed_on = self.today - self.days(7, 540)
        lower = self._earliest_issue(child)
        if closed_on - timedelta(days=60) < lower:
            return None  # too young to have had a plan that long: keep the case open
        age = age_on(child.dob, closed_on)
        band = "adult" if age >= 24 else "young_adult" if age >= 18 else "child"
        child.close_reason = CLOSE_REASONS[band].pick(self.rng)
        child.closed_on = closed_on
        ceased = child.close_reason in CEASED_AT_REVIEW
        anchor = closed_on - (self.days(21, 60) if ceased else self.days(21, 300))
        if anchor < lower:
            anchor = lower + self.days(0, (closed_on - DAY * 21 - lower).days)
        return anchor, "ceased" if ceased else "closed"

    def _open_anchor(self, child: ChildFacts) -> tuple[date, str]:
        """The date the open review counts from, and its scenario (overdue, due soon...)."""
        today = self.today
        scenario = OPEN_SCENARIOS.pick(self.rng)
        if scenario == "overdue":
            low, high = OVERDUE_BANDS.pick(self.rng)
            due = today - self.days(low, high)
        elif scenario == "soon":
            due = today + self.days(0, 28)
        elif scenario == "decided":
            due = today + self.days(-30, 30)
        else:
            due = today + self.days(29, 364)
        anchor = _year_before(due)
        lower = self._earliest_issue(child)
        if anchor < lower:  # a young child's plan is newer than the scenario needs
            anchor = lower + self.days(0, (today - DAY * 21 - lower).days)
        return anchor, scenario

    def add(self, batch: Batch, child: ChildFacts, closing: tuple[date, str] | None) -> date:
        """Plan, versions, section text, last completed review and the open review.

        `closing` is what `maybe_close` gave. Returns the date the plan was first issued.
        """
        anchor, scenario = closing or self._open_anchor(child)
        ceased = scenario == "ceased"
        decisions = self._decision_dates(anchor, self._earliest_issue(child), int(ceased))
        cycles = self._cycles(decisions, ceased, child.closed_on or self.today)
        plan_id = self.new_id()
        batch.add(EhcPlan, {"id": plan_id, "child_id": child.id,
                            "first_issued_on": decisions[0]})
        if len(decisions) > 1:
            batch.add(AnnualReview, self._completed_review(
                child.id, plan_id, decisions[-2], cycles[-1]))
        open_review = None
        if child.closed_on is None:  # the review after the last one (or after issue)
            open_review = self._add_open_review(batch, child.id, plan_id, anchor, scenario)
        self._versions(batch, child, plan_id, decisions[0], cycles, open_review)
        return decisions[0]

    def _add_open_review(self, batch: Batch, child_id: str, plan_id: str, anchor: date,
                         scenario: str) -> dict[str, Any]:
        """Queue the open review a year after `anchor`, counting it if it is overdue."""
        open_review = self._open_review(_review_due(anchor), scenario)
        open_review.update(id=self.new_id(), child_id=child_id, plan_id=plan_id)
        batch.add(AnnualReview, open_review)
        if open_review["due_on"] < self.today and open_review["decision_on"] is None:
            self.overdue += 1
        return open_review

    def _decision_dates(self, anchor: date, lower: date, fewest: int) -> list[date]:
        """First issue, then each review decision up to `anchor` (300-480 days apart)."""
        most = (anchor - lower).days // 480
        count = self.number(min(fewest, most), most) if most > 0 else 0
        dates = [anchor]
        for _ in range(count):
            dates.append(dates[-1] - self.days(300, 480))
        dates.reverse()
        return dates

    def _cycles(self, decisions: list[date], ceased: bool, limit: date) -> list[dict[str, Any]]:
        """For each completed review: decision, letter date and any amended final plan.

        Nothing is dated after `limit` (today, or the day a closed case was closed).
        """
        cycles = []
        for index, decided in enumerate(decisions[1:], start=1):
            letter = min(decided + self.days(0, 5), self.today)
            cycle = {"decided": decided, "letter": letter, "amended": None,
                     "decision": ReviewDecision.MAINTAIN}
            if ceased and index == len(decisions) - 1:
                cycle["decision"] = ReviewDecision.CEASE
            elif self.random() < 0.45:
                amended = letter + self.days(15, 56)  # final plan within 8 weeks of the notice
                if amended <= limit:
                    cycle.update(decision=ReviewDecision.AMEND, amended=amended)
            cycles.append(cycle)
        return cycles

    def _completed_review(self, child_id: str, plan_id: str, previous: date,
                          cycle: dict[str, Any]) -> dict[str, Any]:
        """The last review carried through to the end, every stage dated in order."""
        decided = cycle["decided"]
        held = decided - (self.days(29, 42) if self.random() < 0.15 else self.days(7, 28))
        row = dict(REVIEW_BLANK, id=self.new_id(), child_id=child_id, plan_id=plan_id,
                   due_on=_review_due(previous), stage=ReviewStage.COMPLETE)
        row.update(self._held(held, advice=True))
        row.update(report_received_on=min(held + self.days(3, 14), decided),
                   decision=cycle["decision"], decision_on=decided,
                   decision_letter_sent_on=cycle["letter"], completed_on=cycle["letter"])
        if cycle["amended"] is not None:
            row.update(amendments_sent_on=cycle["letter"],
                       representations_closed_on=cycle["letter"] + timedelta(days=14),
                       final_issued_on=cycle["amended"], completed_on=cycle["amended"])
        return row

    def _open_review(self, due: date, scenario: str) -> dict[str, Any]:
        """The one open review, at a stage its dates bear out; only meetings lie ahead."""
        to_due = (due - self.today).days
        if scenario == "decided" and abs(to_due) > 30:
            scenario = "later"  # the anchor moved (a very young child): re-classify
        if scenario != "decided":
            scenario = ("overdue" if to_due < 0 else "soon" if to_due <= 28
                        else "near" if to_due <= 70 else "later")
        stage = STAGE_MIX[scenario].pick(self.rng)
        row = dict(REVIEW_BLANK, due_on=due, stage=stage)
        row.update(self._stage_dates(stage, due, scenario == "overdue"))
        return row

    def _stage_dates(self, stage: ReviewStage, due: date, overdue: bool) -> dict[str, Any]:
        """The dates an open review at `stage` has reached; meetings ahead, never others."""
        today, d = self.today, self.days
        if stage == ReviewStage.DUE:
            return {}
        if stage == ReviewStage.MEETING_SCHEDULED:
            return {"meeting_on": max(today + d(7, 21), due - d(14, 56))}
        if stage == ReviewStage.INVITATIONS_SENT:
            meeting = today + d(1, 21)
            return {"meeting_on": meeting, "invitations_sent_on": min(meeting - d(14, 28), today)}
        if stage == ReviewStage.ADVICE_RECEIVED:
            meeting = today + d(1, 14)
            return {"meeting_on": meeting, "invitations_sent_on": meeting - d(21, 35),
                    "advice_received_on": min(meeting - d(14, 14), today)}
        if stage == ReviewStage.MEETING_HELD:
            return self._held(today - (d(0, 56) if overdue else d(0, 20)))
        held = today - (d(5, 40) if stage == ReviewStage.REPORT_RECEIVED else d(8, 45))
        dates = self._held(held)
        dates["report_received_on"] = min(held + d(3, 14), today)
        if stage == ReviewStage.REPORT_RECEIVED:
            return dates
        return dates | self._decided(held, dates["report_received_on"], stage)

    def _held(self, held: date, advice: bool = False) -> dict[str, Any]:
        # Invitations give at least 2 weeks' notice; advice circulates 2 weeks before (reg 20).
        advice = advice or self.random() < 0.7
        return {"meeting_on": held, "meeting_held_on": held,
                "advice_received_on": held - self.days(14, 20) if advice else None,
                "invitations_sent_on": held - self.days(28, 42)}

    def _decided(self, held: date, report: date, stage: ReviewStage) -> dict[str, Any]:
        """Decision within 4 weeks of the meeting mostly; amendments go with the decision."""
        gap = self.days(7, 28) if self.random() < 0.85 else self.days(29, 42)
        decided = min(max(held + gap, report), self.today)
        if stage == ReviewStage.DECISION_MADE:
            keep = self.random() < 0.55
            return {"decision": ReviewDecision.MAINTAIN if keep else ReviewDecision.AMEND,
                    "decision_on": decided}
        sent = min(decided + self.days(0, 3), self.today)
        return {"decision": ReviewDecision.AMEND, "decision_on": decided,
                "decision_letter_sent_on": decided, "amendments_sent_on": sent}

    def _versions(self, batch: Batch, child: ChildFacts, plan_id: str, first: date,
                  cycles: list[dict[str, Any]], open_review: dict[str, Any] | None) -> None:
        """v1 final at first issue, an amended final after each amending review, then any
        proposed amendments. The plan in force and the proposal carry section text; the
        plan in force its structured items too, and the proposal copies of them."""
        issued = [(PlanVersionKind.FINAL, first)]
        issued += [(PlanVersionKind.FINAL, c["amended"]) for c in cycles if c["amended"]]
        if open_review and open_review["stage"] == ReviewStage.AMENDMENTS_PROPOSED:
            issued.append((PlanVersionKind.PROPOSED_AMENDMENTS, open_review["amendments_sent_on"]))
        previous, items = None, None
        for number, (kind, on) in enumerate(issued, start=1):
            version_id = self.new_id()
            batch.add(PlanVersion, {"id": version_id, "plan_id": plan_id, "number": number,
                                    "kind": kind, "issued_on": on, "based_on_id": previous})
            in_force = kind == PlanVersionKind.FINAL and (
                number == len(issued) or issued[number][0] != PlanVersionKind.FINAL)
            if in_force or kind == PlanVersionKind.PROPOSED_AMENDMENTS:
                texts = section_texts(self, child, on)
                for section, body in texts.items():
                    batch.add(PlanSectionText, {"id": self.new_id(), "version_id": version_id,
                                                "section": section, "body": body})
                if in_force:  # the plan in force as structured rows too
                    items = add_plan_items(batch, self.new_id, version_id, child,
                                           texts[PlanSection.F], on)
                elif items is not None:  # its proposed amendments start as copies of them
                    copy_plan_items(batch, self.new_id, version_id, items)
            previous = version_id
