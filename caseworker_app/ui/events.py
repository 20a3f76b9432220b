"""App-wide typed signals, so screens can react to each other without knowing each other."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Signal

from caseworker_app.entities import CaseRow


class AppEvents(QObject):
    """One instance per window; screens emit after a change and listen for others' changes."""

    case_changed = Signal(CaseRow)  # one case's caseload line changed (edit, transfer, close)
    case_opened = Signal(uuid.UUID)  # the officer asked to see this case
    caseload_replaced = Signal()  # many cases changed at once (demo data, a new database)
    profile_changed = Signal()  # the signed-in officer changed
