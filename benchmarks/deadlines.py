"""Deadline rules benchmark: every statutory deadline for every review row, with a baseline.

    python benchmarks/deadlines.py [--cases 100000] [--officer-cases 300] [--seed 42]
                                   [--repeat 3]

Builds in memory (no database) one synthetic annual review row per case: seeded random
plan-issue dates, last review decisions, planned and held meetings, year groups, setting
phases, and decisions with the dates recorded after them. It then times, on the same rows:

- annual_review_due for every row;
- review_cycle for every row with a meeting planned or held;
- phase_transfer for every row;
- each officer's to-do list: all of the above for their slice of cases, then ranked();

each beside a baseline measured in the same run: a bare Python loop over the same rows doing
one `timedelta` addition per row. Each figure is the best of --repeat runs. Prints the
milliseconds for each, the number of deadlines made and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caseworker_app.codes import Phase, ReviewDecision  # noqa: E402
from caseworker_app.rules.deadlines import (  # noqa: E402
    Deadline,
    annual_review_due,
    phase_transfer,
    ranked,
    review_cycle,
)

TODAY = date(2026, 11, 23)
FOUR_WEEKS = timedelta(days=28)
PHASES = [None, *Phase]
DECISIONS = [None, ReviewDecision.MAINTAIN, ReviewDecision.AMEND, ReviewDecision.CEASE]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """What the caseload knows about one case's current annual review."""

    officer: int
    anchor_on: date
    anchor_is_plan: bool
    group: int
    phase: Phase | None
    meeting_on: date | None
    meeting_held_on: date | None
    invitations_sent_on: date | None
    advice_received_on: date | None
    report_received_on: date | None
    decision: ReviewDecision | None
    decision_on: date | None
    amendments_sent_on: date | None
    final_issued_on: date | None


def _maybe(rng: random.Random, chance: float, day: date, spread: int) -> date | None:
    return day + timedelta(days=rng.randint(0, spread)) if rng.random() < chance else None


def build_rows(cases: int, officer_cases: int, seed: int) -> list[ReviewRow]:
    """`cases` seeded random review rows, `officer_cases` to each officer."""
    rng = random.Random(seed)
    first_plan = date(2015, 1, 1).toordinal()
    rows = []
    for i in range(cases):
        plan_on = date.fromordinal(rng.randint(first_plan, TODAY.toordinal() - 30))
        anchor_is_plan = (TODAY - plan_on).days < 365 or rng.random() < 0.1
        anchor = plan_on if anchor_is_plan else TODAY - timedelta(days=rng.randint(30, 400))
        meeting = (anchor + timedelta(days=rng.randint(270, 360))
                   if rng.random() < 0.7 else None)
        held = (meeting + timedelta(days=rng.randint(0, 7))
                if meeting and meeting < TODAY and rng.random() < 0.8 else None)
        decision = rng.choice(DECISIONS) if held else None
        decision_on = held + timedelta(days=rng.randint(5, 40)) if decision else None
        amend = decision is ReviewDecision.AMEND
        sent = _maybe(rng, 0.7, decision_on, 10) if amend and decision_on else None
        rows.append(ReviewRow(
            officer=i // officer_cases, anchor_on=anchor, anchor_is_plan=anchor_is_plan,
            group=rng.randint(-1, 14), phase=rng.choice(PHASES), meeting_on=meeting,
            meeting_held_on=held,
            invitations_sent_on=meeting - timedelta(days=rng.randint(10, 30)) if meeting else None,
            advice_received_on=meeting - timedelta(days=rng.randint(0, 20)) if held else None,
            report_received_on=_maybe(rng, 0.8, held, 25) if held else None,
            decision=decision, decision_on=decision_on, amendments_sent_on=sent,
            final_issued_on=_maybe(rng, 0.5, sent, 70) if sent else None))
    return rows


def baseline(rows: list[ReviewRow]) -> int:
    """A bare loop over the same rows: one date + timedelta per row."""
    out = []
    for row in rows:
        out.append(row.anchor_on + FOUR_WEEKS)
    return len(out)


def annual_only(rows: list[ReviewRow]) -> int:
    """annual_review_due for every row."""
    return sum(1 for row in rows if annual_review_due(row.anchor_on, row.anchor_is_plan))


def cycle_only(rows: list[ReviewRow]) -> int:
    """review_cycle for every row with a meeting."""
    return sum(len(_cycle(row)) for row in rows if row.meeting_on)


def phase_only(rows: list[ReviewRow]) -> int:
    """phase_transfer for every row."""
    return sum(1 for row in rows if phase_transfer(row.group, row.phase, TODAY))


def _cycle(row: ReviewRow) -> list[Deadline]:
    return review_cycle(
        meeting_on=row.meeting_on, meeting_held_on=row.meeting_held_on,
        decision_on=row.decision_on, decision=row.decision,
        amendments_sent_on=row.amendments_sent_on,
        invitations_sent_on=row.invitations_sent_on,
        advice_received_on=row.advice_received_on,
        report_received_on=row.report_received_on, final_issued_on=row.final_issued_on)


def todo_lists(rows: list[ReviewRow]) -> int:
    """Every deadline of every row, ranked per officer as each officer's to-do list."""
    made = 0
    slices: dict[int, list[Deadline]] = {}
    for row in rows:
        found = slices.setdefault(row.officer, [])
        found.append(annual_review_due(row.anchor_on, row.anchor_is_plan))
        if row.meeting_on:
            found += _cycle(row)
        transfer = phase_transfer(row.group, row.phase, TODAY)
        if transfer is not None:
            found.append(transfer)
    for found in slices.values():
        made += len(found)
        ranked(found, TODAY)
    return made


def best_of(repeat: int, fn: Callable[[list[ReviewRow]], int],
            rows: list[ReviewRow]) -> tuple[float, int]:
    """Fastest of `repeat` runs, in seconds, and what the function counted."""
    times, counted = [], 0
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        counted = fn(rows)
        times.append(time.perf_counter() - started)
    return min(times), counted


def main() -> int:
    """Build the rows, time each rule against the baseline and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--officer-cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"Deadlines benchmark, {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}")
    started = time.perf_counter()
    rows = build_rows(args.cases, args.officer_cases, args.seed)
    officers = rows[-1].officer + 1 if rows else 0
    print(f"{len(rows):,} review rows, {officers:,} officers of up to {args.officer_cases} "
          f"cases (built in {time.perf_counter() - started:.1f} s, seed {args.seed}); "
          f"best of {args.repeat}")

    base_s, base_n = best_of(args.repeat, baseline, rows)
    assert base_n == len(rows)
    measures = [
        ("annual_review_due, every row", annual_only),
        ("review_cycle, rows with a meeting", cycle_only),
        ("phase_transfer, every row", phase_only),
        ("to-do lists: all + ranked per officer", todo_lists),
    ]
    print(f"\n  {'measure (ms)':40}{'rules':>10}{'baseline':>10}{'ratio':>9}{'deadlines':>11}")
    for label, fn in measures:
        rules_s, made = best_of(args.repeat, fn, rows)
        print(f"  {label:40}{rules_s * 1000:10.1f}{base_s * 1000:10.1f}"
              f"{rules_s / base_s:8.0f}x{made:11,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
