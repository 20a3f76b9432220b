"""Composition root: parse the command line, open the database, build services and windows.

The only module outside `caseworker_app/ui/` that may import Qt. It makes no globals: the
database, services and main window are built here and passed down.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from caseworker_app.cli import (
    build_parser,
    database_path,
    run_demo,
    run_sync_command,
    setup_logging,
)
from caseworker_app.clock import SystemClock
from caseworker_app.db.store import OpenedDatabase, open_database
from caseworker_app.errors import CaseworkerError
from caseworker_app.paths import APP_AUTHOR, APP_NAME
from caseworker_app.services import Services
from caseworker_app.typing_journal import Recovery

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python main.py` and the `caseworker` launcher."""
    args = build_parser().parse_args(argv)
    setup_logging()
    if args.command == "demo":
        return run_demo(args)
    if args.command == "sync":
        return run_sync_command(args)
    return run_gui(database_path(args), args.identity)


def run_gui(path: Path, identity: Path | None = None) -> int:
    """Open `path` and run the main window until it is closed."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    from caseworker_app.ui.style import apply_style

    apply_style(app)
    windows: list = []

    def open_window(db_path: Path) -> bool:
        opened = _open_or_explain(db_path)
        if opened is None:
            return False
        window = build_window(opened, open_window, identity)
        windows.append(window)
        window.show()
        window.start()
        return True

    if not open_window(path):
        QMessageBox.critical(None, APP_NAME,
                             "Caseworker could not open its database and will close.")
        return 1
    return app.exec()


def _open_or_explain(path: Path) -> OpenedDatabase | None:
    """Open the database, or tell the person exactly what is wrong and return None."""
    from PySide6.QtWidgets import QMessageBox

    try:
        opened = open_database(path, SystemClock())
    except CaseworkerError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None
    except Exception as exc:  # a file that is not a database, a folder without permission...
        log.exception("opening %s failed", path)
        QMessageBox.critical(None, APP_NAME, f"Caseworker could not open {path}:\n\n{exc}")
        return None
    if opened.upgrade.backup is not None:
        log.info("upgraded %s; backup at %s", path, opened.upgrade.backup)
    return opened


def build_window(opened: OpenedDatabase, open_other, identity: Path | None = None):
    """Build services and the main window for an open database."""
    from PySide6.QtCore import QSettings

    from caseworker_app.ui.main_window import MainWindow

    database = opened.database
    services = Services.build(database, None, identity=identity)
    profile = services.reference.profile()
    if profile is not None:
        services.act_as(profile.id)
    recovery = recover_typing(services)
    settings = QSettings(APP_AUTHOR, APP_NAME)
    return MainWindow(services, settings, clock=database.clock, open_database=open_other,
                      recovery=recovery)


def recover_typing(services: Services) -> Recovery | None:
    """Put back plan text typed before a crash and not saved (see `typing_journal`)."""
    try:
        recovery = services.typing.recover(services.plans)
    except Exception:  # the journal must never stop the database opening
        log.exception("recovering unsaved typing from %s failed", services.typing.path)
        return None
    return recovery or None
