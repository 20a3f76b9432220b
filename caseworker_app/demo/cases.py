"""One fictional case at a time: the child, plan and reviews, allocations, contacts, notes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from caseworker_app.codes import ChronologyKind
from caseworker_app.db.tables import Allocation, Child, ChronologyEntry
from caseworker_app.demo.batch import Batch
from caseworker_app.demo.chance import Dice
from caseworker_app.demo.contacts import ContactMaker
from caseworker_app.demo.people import ChildFacts, ChildMaker
from caseworker_app.demo.places import Setting, TeamMember, World
from caseworker_app.demo.plans import DAY, PlanMaker
from caseworker_app.demo.shares import CHRONOLOGY_KINDS
from caseworker_app.demo.vocabulary import CHRONOLOGY, TRANSFER_REASONS


class CaseMaker(Dice):
    """Builds the rows of one case at a time: child, contacts, plan, reviews, allocation.

    The parts share one generator, so the order of the calls in `case` fixes the caseload
    a seed gives: change it and every seed gives other data.
    """

    def __init__(self, world: World, settings: list[Setting], officers: list[TeamMember],
                 today: date, first_reference: int) -> None:
        super().__init__(world.rng)
        self.today, self.new_id, self.officers = today, world.new_id, officers
        self.children = ChildMaker(world, settings, today, first_reference)
        self.plans = PlanMaker(world, today)
        self.contacts = ContactMaker(world)

    def case(self, batch: Batch) -> None:
        """Add every row of one fictional case to `batch`."""
        child = self.children.child()
        closing = self.plans.maybe_close(child)
        batch.add(Child, self.children.row(child))
        first_issued = self.plans.add(batch, child, closing)
        officer, start, end = self._allocations(batch, child, first_issued)
        self.contacts.add(batch, child)
        self._chronology(batch, child, officer, start, end)

    def _allocations(self, batch: Batch, child: ChildFacts,
                     first_issued: date) -> tuple[TeamMember, date, date | None]:
        """The current allocation (for ~3%, none: the officer left) and maybe an earlier one.

        Returns the officer who last held the case, and from when to when.
        """
        today = self.today
        end = child.closed_on
        earliest = first_issued - timedelta(days=140)  # allocated during the assessment
        start = max(earliest, (end or today) - self.days(14, 1100))
        if end is None and self.random() < 0.03:
            end = today - self.days(1, 120)  # waiting to be reallocated
            start = min(start, end - self.days(30, 400))
        officer = self.choice(self.officers)
        reason = "Allocated at assessment" if start <= earliest else self.choice(TRANSFER_REASONS)
        self._allocation(batch, child.id, officer, start, end, reason)
        if (start - earliest).days > 200 and self.random() < 0.4:
            began = max(earliest, start - self.days(200, 900))
            self._allocation(batch, child.id, self.choice(self.officers), began, start,
                             "Allocated at assessment")
        return officer, start, end

    def _allocation(self, batch: Batch, child_id: str, officer: TeamMember, start: date,
                    end: date | None, reason: str) -> None:
        """Queue one allocation of the case to `officer`."""
        batch.add(Allocation, {"id": self.new_id(), "child_id": child_id,
                               "officer_id": officer.id, "start_on": start, "end_on": end,
                               "reason": reason})

    def _chronology(self, batch: Batch, child: ChildFacts, officer: TeamMember, held_from: date,
                    held_to: date | None) -> None:
        """1-3 calls, e-mails, meetings or notes by the officer, on past working days."""
        end = min(held_to or self.today, self.today - DAY)
        start = max(held_from, end - timedelta(days=540))
        setting = child.setting.name if child.setting else "the family"
        entries = [(ChronologyKind.NOTE, f"Case closed: {child.close_reason.label}",
                    "Allocation ended; the plan has ceased.", end)] if child.close_reason else []
        for _ in range(self.number(1, 3) - len(entries)):
            kind = CHRONOLOGY_KINDS.pick(self.rng)
            summary, body = self.choice(CHRONOLOGY[kind])
            on = start + self.days(0, (end - start).days)
            entries.append((kind, summary.format(setting=setting), body, on))
        for kind, summary, body, on in entries:
            if on.weekday() >= 5:  # office work happens on weekdays
                on = max(start, on - timedelta(days=on.weekday() - 4))
            at = datetime.combine(on, time(self.number(8, 17), self.number(0, 59)), tzinfo=UTC)
            batch.add(ChronologyEntry, {"id": self.new_id(), "child_id": child.id,
                                        "kind": kind, "occurred_at": at,
                                        "author_name": officer.name, "summary": summary[:200],
                                        "body": body})

