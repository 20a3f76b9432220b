"""Run by `test_typing_survives_a_kill`: open a case's plan, type, and be killed mid-sentence.

    python type_then_die.py DATABASE CHILD_ID TEXT

Opens the database as the app does, shows the case's Plan tab offscreen, types TEXT into
section A's views (after what is there) with real key events, prints "typed" and sends
itself SIGKILL at once: no flush, no close event, no autosave pause.
"""

from __future__ import annotations

import os
import signal
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QDeadlineTimer, QEventLoop
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from caseworker_app.clock import FixedClock
from caseworker_app.codes import PlanSection
from caseworker_app.db.store import open_database
from caseworker_app.services import Services
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.screens.case_view import CaseView
from caseworker_app.ui.tasks import TaskRunner


def wait_until(app: QApplication, ready, what: str) -> None:
    deadline = QDeadlineTimer(30_000)
    while not ready():
        if deadline.hasExpired():
            sys.exit(f"timed out waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def main(database: str, child_id: str, text: str) -> None:
    app = QApplication([])
    clock = FixedClock(datetime(2026, 11, 23, 10, 30, tzinfo=UTC))
    opened = open_database(Path(database), clock)
    services = Services.build(opened.database, None)
    profile = services.reference.profile()
    assert profile is not None
    services.act_as(profile.id)
    view = CaseView(services, TaskRunner(), AppEvents(), clock.today)
    view.resize(1100, 800)
    view.show()
    view.show_case(uuid.UUID(child_id))
    wait_until(app, lambda: view.current_child_id is not None, "the case")
    view.tabs.setCurrentWidget(view.plan_tab)
    tab = view.plan_tab
    wait_until(app, lambda: tab.working is not None, "the plan")
    box = tab.editor.binding(PlanSection.A, "body").widget
    box.setFocus()
    box.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(box, text)
    print("typed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main(*sys.argv[1:4])
