"""Caseload benchmark: open, search, sort and memory at 1k / 10k / 100k cases, with baselines.

    python benchmarks/caseload.py [--sizes 1000,10000,100000] [--dir DIR]

For each size it builds (once, then reuses) a demonstration database, then measures in a
fresh process, so memory figures are not polluted by earlier sizes:

- window shown: from nothing (opening and checking the database included) to the main
  window painted and usable, against a bare PySide6 window with an empty table;
- caseload listed: until the whole caseload, read on a worker while the event loop runs,
  is sorted and on screen, against that bare window plus raw sqlite3 reading the same
  columns;
- search: latency of one keystroke (filter every case, sort, hand the rows to the model),
  against raw sqlite3 running the same search as a LIKE query;
- sort: re-sorting the whole caseload by a column, against sqlite3 ORDER BY;
- peak memory (RSS) against the baseline process.

Each line prints the app figure, the baseline measured in the same run and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 23)
KEYSTROKES = ["s", "sm", "smi", "smit", "smith"]
SORT_COLUMNS = ["NAME", "SETTING", "REVIEW_DUE", "STATUS"]


def build_database(path: Path, cases: int) -> float:
    """Create the demo database for `cases` unless it exists; return seconds taken."""
    from caseworker_app.clock import FixedClock
    from caseworker_app.db.store import open_database
    from caseworker_app.demo import generate_demo

    if path.exists():
        return 0.0
    started = time.perf_counter()
    opened = open_database(path, FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)))
    generate_demo(opened.database, cases, seed=42)
    opened.database.dispose()
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def raw_sql(search: str | None = None, order: str | None = None) -> str:
    """The app's caseload query as plain SQL, optionally with a LIKE search and ORDER BY."""
    from caseworker_app.services.caseload_query import caseload_select

    sql = str(caseload_select().compile(compile_kwargs={"literal_binds": True}))
    if search is not None:
        sql = (f"SELECT * FROM ({sql}) WHERE (legal_surname || ' ' || legal_forename || ' ' "
               f"|| ifnull(upn, '') || ' ' || ifnull(name, '')) LIKE '%{search}%'")
    if order is not None:
        sql = f"SELECT * FROM ({sql}) ORDER BY {order}"
    return sql


def measure_baseline(db: Path) -> dict:
    """Raw sqlite3 reads and a bare PySide6 window with an empty table."""
    import sqlite3

    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication.instance() or QApplication([])
    everything = raw_sql()
    started = time.perf_counter()
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1360, 800)
    window.show()
    app.processEvents()
    window.grab()  # force a real paint
    shown_s = time.perf_counter() - started
    con = sqlite3.connect(db)
    rows = con.execute(everything).fetchall()
    open_s = time.perf_counter() - started
    search = [timed(lambda k=k: con.execute(raw_sql(search=k)).fetchall()) for k in KEYSTROKES]
    orders = ["legal_surname, legal_forename", "name", "due_on", "stage"]
    sort = [timed(lambda o=o: con.execute(raw_sql(order=o)).fetchall()) for o in orders]
    con.close()
    return {"rows": len(rows), "shown": shown_s, "open": open_s, "search": statistics.mean(search),
            "sort": statistics.mean(sort), "memory": peak_rss_mb()}


def measure_app(db: Path) -> dict:
    """The real caseload screen in the real main window, on the same database."""
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from caseworker_app.caseload import CaseFilter, Column
    from caseworker_app.clock import FixedClock
    from caseworker_app.db.store import open_database
    from caseworker_app.services import Services
    from caseworker_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    opened = open_database(db, FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC)))
    services = Services.build(opened.database, None)
    profile = services.reference.profile()
    services.act_as(profile.id)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, settings, clock=opened.database.clock)
    screen = window.caseload
    window.show()
    app.processEvents()
    window.grab()
    shown_s = time.perf_counter() - started
    waiting = QEventLoop()
    screen.view_updated.connect(waiting.quit)
    window.start()
    waiting.exec()  # the real event loop, as a person would be using it meanwhile
    window.grab()
    open_s = time.perf_counter() - started
    index = screen._index
    search = [timed(lambda k=k: screen.model.set_rows(index.query(
        CaseFilter(text=k), Column.REVIEW_DUE, False, TODAY).rows)) for k in KEYSTROKES]
    sort = [timed(lambda c=c: screen.model.set_rows(index.query(
        CaseFilter(), Column[c], False, TODAY).rows)) for c in SORT_COLUMNS]
    window.tasks.wait()
    return {"rows": len(index), "shown": shown_s, "open": open_s, "search": statistics.mean(search),
            "sort": statistics.mean(sort), "memory": peak_rss_mb()}


def timed(fn) -> float:
    """Seconds one call of `fn` takes."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run_child(kind: str, db: Path) -> dict:
    """Measure in a fresh interpreter so each figure starts from the same empty process."""
    out = subprocess.run([sys.executable, __file__, "--measure", kind, str(db)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(cases: int, build_s: float, app: dict, base: dict) -> None:
    """Print one size's figures beside their baselines."""
    print(f"\n{cases:,} cases" + (f" (demo data built in {build_s:.1f} s)" if build_s else ""))
    print(f"  {'measure':34}{'app':>12}{'baseline':>12}{'ratio':>9}")
    lines = [("window shown and painted (ms)", "shown", 1000),
             ("whole caseload listed (ms)", "open", 1000),
             ("search, one keystroke (ms)", "search", 1000),
             ("sort whole caseload (ms)", "sort", 1000),
             ("peak memory (MiB)", "memory", 1)]
    for label, key, scale in lines:
        a, b = app[key] * scale, base[key] * scale
        print(f"  {label:34}{a:12.1f}{b:12.1f}{a / b:8.1f}x")
    assert app["rows"] == base["rows"] == cases, (app["rows"], base["rows"], cases)


def main() -> int:
    """Build databases as needed and print the figures for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "cw-bench")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "DB"))
    args = parser.parse_args()
    if args.measure:
        kind, db = args.measure
        result = measure_app(Path(db)) if kind == "app" else measure_baseline(Path(db))
        print(json.dumps(result))
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"Caseload benchmark, {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}")
    for cases in (int(s) for s in args.sizes.split(",")):
        db = args.dir / f"demo-{cases}.db"
        build_s = build_database(db, cases)
        report(cases, build_s, run_child("app", db), run_child("baseline", db))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
