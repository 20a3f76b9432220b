"""Command line: parse arguments, and run the commands that need no window (`demo`, `sync`)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from caseworker_app import __version__
from caseworker_app.clock import SystemClock
from caseworker_app.db.store import open_database
from caseworker_app.errors import CaseworkerError
from caseworker_app.paths import default_database_path, user_data_dir

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """Arguments of `python main.py` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="caseworker",
        description="Caseworker: EHC plan casework for SEND teams.",
    )
    parser.add_argument("--version", action="version", version=f"Caseworker {__version__}")
    parser.add_argument("--db", type=Path, default=None,
                        help=f"database file to open (default: {default_database_path()})")
    parser.add_argument("--identity", type=Path, default=None,
                        help="folder of this installation's sync keys (default: "
                             f"{user_data_dir() / 'identity'}); lets one computer act as "
                             "several team members for training")
    commands = parser.add_subparsers(dest="command")
    demo = commands.add_parser("demo", help="fill a database with fictional demonstration cases")
    demo.add_argument("--cases", type=int, default=500, help="how many cases (default 500)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    demo.add_argument("--db", type=Path, default=None, dest="demo_db",
                      help="database file to fill (default: the app's own database)")
    from caseworker_app.cli_sync import add_parser

    add_parser(commands)
    return parser


def database_path(args: argparse.Namespace) -> Path:
    """The database the command acts on: --db, or the embedded default."""
    chosen = getattr(args, "demo_db", None) or getattr(args, "sync_db", None) or args.db
    return (chosen or default_database_path()).expanduser()


def setup_logging() -> None:
    """Log to a rotating file in the user's data folder, and warnings to stderr."""
    from logging.handlers import RotatingFileHandler

    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(folder / "caseworker.log", maxBytes=2_000_000, backupCount=3,
                                  encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    logging.basicConfig(level=logging.INFO, handlers=[handler, stderr])


def run_demo(args: argparse.Namespace) -> int:
    """`demo`: add N fictional cases to a database, printing progress."""
    from caseworker_app.demo import generate_demo

    if args.cases < 1 or args.cases > 1_000_000:
        print("caseworker demo: --cases must be between 1 and 1,000,000", file=sys.stderr)
        return 2
    path = database_path(args)
    try:
        opened = open_database(path, SystemClock())
    except CaseworkerError as exc:
        print(f"caseworker demo: {exc}", file=sys.stderr)
        return 1
    started = time.perf_counter()

    def progress(done: int, total: int, message: str) -> None:
        print(f"\r{message} {done:,}/{total:,}", end="", flush=True)

    summary = generate_demo(opened.database, args.cases, args.seed, progress=progress)
    opened.database.dispose()
    print(f"\nCreated {summary.cases:,} cases ({summary.overdue_reviews:,} reviews overdue), "
          f"{summary.officers} officers and {summary.settings} settings in {path} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def run_sync_command(args: argparse.Namespace) -> int:
    """`sync ...`: open the database as this installation's profile and run the subcommand."""
    from caseworker_app.cli_sync import run_sync
    from caseworker_app.services import Services

    try:
        opened = open_database(database_path(args), SystemClock())
    except CaseworkerError as exc:
        print(f"caseworker sync: {exc}", file=sys.stderr)
        return 1
    try:
        services = Services.build(opened.database, None, identity=args.identity)
        profile = services.reference.profile()
        if profile is None:
            print("caseworker sync: this database has no profile yet: start the app once and "
                  "say who you are.", file=sys.stderr)
            return 1
        services.act_as(profile.id)
        return run_sync(args, services)
    finally:
        opened.database.dispose()
