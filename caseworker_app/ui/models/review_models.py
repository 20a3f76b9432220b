"""Table models of the review in progress: its timeline of steps, and its history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from caseworker_app.entities import ReviewEventRecord
from caseworker_app.review_workflow import StepLine
from caseworker_app.ui.models.case_detail_models import (
    Index,
    RecordTableModel,
    format_date,
    format_datetime,
)

LATE = QColor("#a4000f")
DONE = QColor("#1e6b32")


def days_phrase(days: int) -> str:
    """'today', 'in 3 days', '5 days overdue'."""
    if days == 0:
        return "due today"
    if days > 0:
        return f"due in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} overdue"


class StepColumn(Enum):
    """Columns of the review timeline."""

    STEP = "Step"
    DATE = "Date"
    DUE = "Due by"
    STATUS = "Status"


class StepTableModel(RecordTableModel):
    """Each step of the review in progress: when it happened, when it was due, whether late."""

    columns = StepColumn
    centred = frozenset({StepColumn.DATE, StepColumn.DUE})

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = today

    def status(self, line: StepLine) -> str:
        """Done on time, done late (and why), overdue, due soon, or waiting."""
        deadline = line.deadline
        if line.on is not None:
            if deadline is not None and line.on > deadline.due:
                return f"Late: {line.lateness}" if line.lateness else "Late"
            return "Done"
        if deadline is None:
            return "Next" if line.is_next else ""
        return days_phrase(deadline.days_left(self._today())).capitalize()

    def text(self, record: StepLine, column: StepColumn) -> str:
        """What a cell shows."""
        match column:
            case StepColumn.STEP:
                return ("▶ " if record.is_next else "") + record.step.label
            case StepColumn.DATE:
                return format_date(record.on)
            case StepColumn.DUE:
                return format_date(record.deadline.due) if record.deadline else ""
            case StepColumn.STATUS:
                return self.status(record)

    def tooltip(self, record: StepLine, column: StepColumn) -> str:
        """The rule behind the step's deadline."""
        if record.deadline is None:
            return self.text(record, column)
        d = record.deadline
        return f"{d.title}\n{d.explanation}\nCounted from {d.trigger}.\n{d.citation}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            line: StepLine = self.record(index.row())
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
                status = self.status(line)
                if status.startswith("Late") or status.endswith("overdue"):
                    return QBrush(LATE)
                if status == "Done":
                    return QBrush(DONE)
            if role == Qt.ItemDataRole.FontRole and line.is_next:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class HistoryColumn(Enum):
    """Columns of the review history."""

    RECORDED = "Recorded"
    BY = "By"
    WHAT = "What"
    DATE = "Date"
    DETAIL = "Lateness or reason"


class ReviewHistoryModel(RecordTableModel):
    """Every step recorded and every date corrected, oldest first."""

    columns = HistoryColumn
    centred = frozenset({HistoryColumn.DATE})

    def text(self, record: ReviewEventRecord, column: HistoryColumn) -> str:
        """What a cell shows."""
        match column:
            case HistoryColumn.RECORDED:
                return format_datetime(record.recorded_at)
            case HistoryColumn.BY:
                return record.author_name
            case HistoryColumn.WHAT:
                if record.is_correction:
                    return f"Corrected: {record.step.label}"
                if record.decision is not None:
                    return f"{record.step.label}: {record.decision.label}"
                return record.step.label
            case HistoryColumn.DATE:
                if record.is_correction:
                    old, new = format_date(record.corrected_from), format_date(record.occurred_on)
                    return f"{old} → {new}"
                return format_date(record.occurred_on)
            case HistoryColumn.DETAIL:
                if record.is_correction:
                    return record.correction_reason or ""
                if record.lateness_reason is not None:
                    due = f" (due {format_date(record.due_on)})" if record.due_on else ""
                    note = f": {record.note}" if record.note else ""
                    return f"Late{due}: {record.lateness_reason.label}{note}"
                return record.note
