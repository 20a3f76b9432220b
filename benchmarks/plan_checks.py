"""Plan quality checks and redline benchmark, with a baseline measured in the same run.

    python benchmarks/plan_checks.py [--repeat 20]

On a large plan (40 needs, 40 outcomes, 80 provision rows) it times:

- check_text on one 600-character provision field (what the editor runs at each typing
  pause), beside a baseline of one plain `re.search` for a single phrase over the same text;
- check_plan on the whole plan (after each save), beside a baseline loop that reads every
  field of every item once;
- compare (the redline) of that plan against a copy with one word changed in every row,
  beside a baseline `difflib.SequenceMatcher` over the plan's text joined into one string.

Each figure is the best of --repeat runs, in milliseconds, with the ratio to its baseline.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caseworker_app.codes import PlanSection as S  # noqa: E402
from caseworker_app.codes import PlanVersionKind  # noqa: E402
from caseworker_app.entities_plan import (  # noqa: E402
    NeedItem,
    OutcomeItem,
    PlanDocument,
    ProvisionItem,
    SectionText,
)
from caseworker_app.plan_checks import check_plan, check_text  # noqa: E402
from caseworker_app.plan_diff import compare  # noqa: E402

TEXT = ("Speech and language therapy from a therapist, with support from a teaching "
        "assistant as required and regular opportunities to practise in a small group. ") * 4


def uid(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def big_plan() -> PlanDocument:
    """40 needs, 40 outcomes, 80 provision rows, some vaguely worded."""
    needs = tuple(NeedItem(uid(1000 + i), S.B, f"Need {i}: difficulty with reading and writing",
                           position=i) for i in range(40))
    outcomes = tuple(OutcomeItem(uid(2000 + i), f"Sam will manage task {i} on his own",
                                 by_when="July 2027", measure="Teacher's record each half term",
                                 need_ids=(needs[i].id,), position=i) for i in range(40))
    rows = tuple(ProvisionItem(uid(3000 + i), S.F, f"Adult support and access to room {i}",
                               who="Teaching assistant", how_often="3 times a week",
                               how_long="30 minutes", group_size="1:1",
                               need_ids=(needs[i % 40].id,), position=i) for i in range(80))
    sections = {S.A: SectionText(uid(1), S.A, "Sam likes trains.", "Talked with Sam at home")}
    return PlanDocument(uid(9), uid(8), uid(7), 2, PlanVersionKind.PROPOSED_AMENDMENTS, None,
                        None, True, sections, needs, outcomes, rows)


def best(repeat: int, call: Callable[[], object]) -> float:
    """Milliseconds of the fastest of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    doc = big_plan()
    edited = replace(doc, provisions=tuple(
        replace(p, id=uid(5000 + i), source_id=p.id, what=p.what.replace("Adult", "Staff"))
        for i, p in enumerate(doc.provisions)))
    phrase = re.compile(r"\baccess to\b", re.IGNORECASE)
    everything = [getattr(i, f) for i in (*doc.needs, *doc.outcomes, *doc.provisions)
                  for f in i.__slots__ if isinstance(getattr(i, f), str)]
    joined_old = "\n".join(p.what for p in doc.provisions)
    joined_new = "\n".join(p.what for p in edited.provisions)
    rows = [
        ("check_text, one 600-character field", best(args.repeat, lambda: check_text(
            S.F, "what", TEXT)), best(args.repeat, lambda: phrase.search(TEXT))),
        ("check_plan, 40 needs / 40 outcomes / 80 rows", best(args.repeat, lambda: check_plan(
            doc, 10)), best(args.repeat, lambda: [len(t) for t in everything])),
        ("compare (redline), every row changed", best(args.repeat, lambda: compare(
            doc, edited)), best(args.repeat, lambda: difflib.SequenceMatcher(
                None, joined_old.split(), joined_new.split()).get_opcodes())),
    ]
    print(f"Plan checks benchmark, best of {args.repeat} runs")
    print(f"  {'measure (ms)':46}{'app':>9}{'baseline':>10}{'ratio':>8}")
    for label, app, base in rows:
        print(f"  {label:46}{app:9.2f}{base:10.3f}{app / base:7.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
