"""Table models of a case's needs assessments: the list, one assessment's timeline, its history."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from caseworker_app import assessment_workflow as wf
from caseworker_app.codes import AssessmentEventKind, AssessmentKind, AssessmentStage
from caseworker_app.entities import AssessmentEventRecord, NeedsAssessmentRecord
from caseworker_app.ui.models.case_detail_models import (
    Index,
    RecordTableModel,
    format_date,
    format_datetime,
)
from caseworker_app.ui.models.review_models import DONE, LATE, days_phrase

MUTED = QColor("#505050")
DISAPPLIED = "Disapplied by the exception"
PASSED = "Passed: late if no plan is issued"


class AssessmentColumn(Enum):
    """Columns of the list of a case's assessments."""

    KIND = "Kind"
    RECEIVED = "Received"
    BY = "Asked by"
    STAGE = "Stage"
    EXCEPTION = "Exception"


class AssessmentListModel(RecordTableModel):
    """A case's needs assessments and reassessments, the newest request first."""

    columns = AssessmentColumn
    centred = frozenset({AssessmentColumn.RECEIVED})

    def set_records(self, records: Iterable[NeedsAssessmentRecord]) -> None:
        """Show `records`, the latest request first."""
        super().set_records(sorted(records, key=lambda r: r.request_received_on, reverse=True))

    def row_of(self, assessment_id: uuid.UUID | None) -> int | None:
        """The row showing the assessment with this id, if listed."""
        for row in range(self.rowCount()):
            if self.record(row).id == assessment_id:
                return row
        return None

    def text(self, record: NeedsAssessmentRecord, column: AssessmentColumn) -> str:
        """What a cell shows."""
        match column:
            case AssessmentColumn.KIND:
                return record.kind.label
            case AssessmentColumn.RECEIVED:
                return format_date(record.request_received_on)
            case AssessmentColumn.BY:
                return record.requested_by.label
            case AssessmentColumn.STAGE:
                outcome = wf.outcome_label(record)
                return f"Finished: {outcome}" if outcome else \
                    f"In progress: {wf.step_label(record.kind, record.stage)}"
            case AssessmentColumn.EXCEPTION:
                return wf.EXCEPTION_SHORT[record.exception].capitalize() \
                    if record.exception is not None else ""

    def tooltip(self, record: NeedsAssessmentRecord, column: AssessmentColumn) -> str:
        """The exception cell names the exception and its reason."""
        if column == AssessmentColumn.EXCEPTION and record.exception is not None:
            return wf.exception_text(record) or ""
        return self.text(record, column)


class TimelineColumn(Enum):
    """Columns of an assessment's timeline."""

    STEP = "Step"
    DATE = "Date"
    DUE = "Due by"
    STATUS = "Status"


class TimelineModel(RecordTableModel):
    """Each step of one assessment: when it happened, when it was due, whether late."""

    columns = TimelineColumn
    centred = frozenset({TimelineColumn.DATE, TimelineColumn.DUE})

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = today

    def status(self, line: wf.TimelineLine) -> str:
        """Done on time, done late (and why), disapplied, overdue, due soon, or waiting."""
        deadline = line.deadline
        if line.step is None:  # the family's time to comment: theirs, never overdue
            if deadline is None:
                return ""
            left = deadline.days_left(self._today())
            return f"Open: {left} day{'s' if left != 1 else ''} left" if left >= 0 else "Ended"
        if line.on is not None:
            if deadline is not None and deadline.disapplied_reason and line.on > deadline.due:
                return "Done (time limit disapplied)"
            if line.is_late:
                return f"Late: {line.lateness}" if line.lateness else "Late"
            return "Done"
        if deadline is None:
            return "Next" if line.is_next else ""
        if deadline.disapplied_reason:
            return DISAPPLIED
        left = deadline.days_left(self._today())
        if line.step == AssessmentStage.NOT_TO_ISSUE and left < 0:
            return PASSED  # only binding if no plan is issued (see wf.overdue)
        return days_phrase(left).capitalize()

    def text(self, record: wf.TimelineLine, column: TimelineColumn) -> str:
        """What a cell shows."""
        match column:
            case TimelineColumn.STEP:
                return ("▶ " if record.is_next else "") + record.title
            case TimelineColumn.DATE:
                return format_date(record.on)
            case TimelineColumn.DUE:
                return format_date(record.deadline.due) if record.deadline else ""
            case TimelineColumn.STATUS:
                return self.status(record)

    def tooltip(self, record: wf.TimelineLine, column: TimelineColumn) -> str:
        """The rule behind the step's deadline."""
        if record.deadline is None:
            return self.text(record, column)
        d = record.deadline
        text = f"{d.title}\n{d.explanation}\nCounted from {d.trigger}.\n{d.citation}"
        if d.disapplied_reason:
            text += f"\nException: {d.disapplied_reason}"
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount() \
                and 0 <= index.column() < self.columnCount():
            line: wf.TimelineLine = self.record(index.row())
            status_column = index.column() == list(TimelineColumn).index(TimelineColumn.STATUS)
            if role == Qt.ItemDataRole.ForegroundRole and status_column:
                return self._status_brush(self.status(line))
            if role == Qt.ItemDataRole.FontRole and line.is_next:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

    @staticmethod
    def _status_brush(status: str) -> QBrush | None:
        if status.startswith("Late") or status.endswith("overdue"):
            return QBrush(LATE)
        if status.startswith("Done"):
            return QBrush(DONE)
        if status in (DISAPPLIED, PASSED, "Ended"):
            return QBrush(MUTED)
        return None


class HistoryColumn(Enum):
    """Columns of an assessment's history."""

    RECORDED = "Recorded"
    BY = "By"
    WHAT = "What"
    DATE = "Date"
    DETAIL = "Lateness or reason"


class AssessmentHistoryModel(RecordTableModel):
    """Every step recorded, date corrected and exception recorded or removed, oldest first."""

    columns = HistoryColumn
    centred = frozenset({HistoryColumn.DATE})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind = AssessmentKind.NEW

    def set_history(self, kind: AssessmentKind,
                    events: Iterable[AssessmentEventRecord]) -> None:
        """Show the history of an assessment of this kind (it decides the wording)."""
        self._kind = kind
        self.set_records(events)

    def text(self, record: AssessmentEventRecord, column: HistoryColumn) -> str:
        """What a cell shows."""
        kind, event = self._kind, record.event
        match column:
            case HistoryColumn.RECORDED:
                return format_datetime(record.recorded_at)
            case HistoryColumn.BY:
                return record.author_name
            case HistoryColumn.WHAT:
                if event in (AssessmentEventKind.EXCEPTION, AssessmentEventKind.EXCEPTION_REMOVED):
                    name = wf.EXCEPTION_SHORT[record.exception] if record.exception else ""
                    return f"{event.label}: {name}"
                step = wf.step_label(kind, record.step) if record.step else ""
                if event == AssessmentEventKind.CORRECTION:
                    return f"Corrected: {step}"
                if record.decision is not None:
                    return f"{step}: {wf.decision_label(kind, record.decision)}"
                return step
            case HistoryColumn.DATE:
                if event == AssessmentEventKind.CORRECTION:
                    old, new = format_date(record.corrected_from), format_date(record.occurred_on)
                    return f"{old} → {new}"
                return format_date(record.occurred_on)
            case HistoryColumn.DETAIL:
                if event != AssessmentEventKind.STEP:
                    return record.reason or ""
                if record.lateness_reason is not None:
                    due = f" (due {format_date(record.due_on)})" if record.due_on else ""
                    note = f": {record.note}" if record.note else ""
                    return f"Late{due}: {record.lateness_reason.label}{note}"
                return record.note

    def tooltip(self, record: AssessmentEventRecord, column: HistoryColumn) -> str:
        """An exception's line names it in full."""
        if column == HistoryColumn.WHAT and record.exception is not None:
            return f"{record.event.label}: {record.exception.label}"
        return self.text(record, column)
