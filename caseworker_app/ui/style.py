"""The app's look: Fusion style, a readable default font and the bundled style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from caseworker_app.caseload import CaseStatusFlag
from caseworker_app.paths import resource

# Status colours chosen for contrast on white (WCAG AA for text) and told apart by label too.
STATUS_COLOURS = {
    CaseStatusFlag.OVERDUE: QColor("#b3261e"),
    CaseStatusFlag.DUE_SOON: QColor("#a15c00"),
    CaseStatusFlag.ON_TRACK: QColor("#1b6e3a"),
    CaseStatusFlag.NO_REVIEW: QColor("#5f6368"),
    CaseStatusFlag.CLOSED: QColor("#80868b"),
}


def apply_style(app: QApplication) -> None:
    """Apply the Fusion style and the bundled style sheet to the whole application."""
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(resource("styles", "app.qss").read_text(encoding="utf-8"))
