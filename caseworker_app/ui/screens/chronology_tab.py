"""A case's Chronology tab: every entry to read in full, and a form to add one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QItemSelection, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import ChronologyKind
from caseworker_app.entities import ChronologyRecord
from caseworker_app.errors import ValidationError
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.messages import report
from caseworker_app.ui.models.case_detail_models import ChronologyTableModel, format_datetime
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.form import add_field, set_error
from caseworker_app.ui.widgets.record_table import record_table

NO_ENTRY_CHOSEN = "Select an entry to read it in full."


class ChronologyTab(QWidget):
    """Lists one case's chronology and adds entries to it through the case service."""

    entry_added = Signal()  # an entry was saved: the case should reload

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._today = services, tasks, today
        self._child_id: uuid.UUID | None = None
        self.model = ChronologyTableModel(self)
        self._build()

    def set_case(self, child_id: uuid.UUID) -> None:
        """Add later entries to this child's case, starting from an empty entry form."""
        self._child_id = child_id
        self._reset_entry_form()

    def set_records(self, entries: tuple[ChronologyRecord, ...]) -> None:
        """Show the case's entries."""
        self.model.set_records(entries)

    def has_draft(self) -> bool:
        """Whether a new entry holds unsaved typing."""
        return bool(self._summary.text().strip() or self._body.toPlainText().strip())

    @Slot()
    def _selection_changed(self, *_args: QItemSelection) -> None:
        rows = self._view.selectionModel().selectedRows()
        if not rows:
            self._details.setPlainText(NO_ENTRY_CHOSEN)
            return
        entry = self.model.record(rows[0].row())
        self._details.setPlainText(
            f"{entry.summary}\n{entry.kind.label}, {format_datetime(entry.occurred_at)}, "
            f"by {entry.author_name}\n\n{entry.body or '(No further details.)'}")

    @Slot()
    def _add_entry(self) -> None:
        if self._child_id is None:
            return
        # The box shows local time; records are stored in UTC like the app's own events.
        when = self._when.dateTime().toPython().astimezone().astimezone(UTC)
        job = partial(self._services.cases.add_chronology, self._child_id,
                      ChronologyKind(self._kind.currentData()), when, self._summary.text(),
                      self._body.toPlainText())
        self._add_button.setEnabled(False)
        self._tasks.run(job, on_done=self._entry_added, on_error=self._entry_failed, write=True)

    def _entry_added(self, _record: Any) -> None:
        self._reset_entry_form()
        self.entry_added.emit()

    def _entry_failed(self, exc: Exception) -> None:
        self._add_button.setEnabled(True)
        if not isinstance(exc, ValidationError):
            report(self, exc)
            return
        set_error(self._when_error, self._when, exc.errors.get("occurred_at", ""))
        set_error(self._summary_error, self._summary, exc.errors.get("summary", ""))

    def _reset_entry_form(self) -> None:
        now = datetime.combine(self._today(), datetime.now().time())
        self._when.setDateTime(QDateTime(QDate(now.date()), QTime(now.hour, now.minute)))
        self._summary.clear()
        self._body.clear()
        self._add_button.setEnabled(True)
        set_error(self._when_error, self._when, "")
        set_error(self._summary_error, self._summary, "")

    def _build(self) -> None:
        self._view = record_table(self.model)
        self._view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._details = QPlainTextEdit(readOnly=True)
        self._details.setAccessibleName("Entry details")
        self._details.setPlainText(NO_ENTRY_CHOSEN)
        reading = QSplitter(Qt.Orientation.Vertical)
        reading.addWidget(self._view)
        reading.addWidget(self._details)
        reading.setSizes([300, 150])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(reading)
        splitter.addWidget(self._build_entry_form())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._reset_entry_form()

    def _build_entry_form(self) -> QGroupBox:
        self._kind = QComboBox()
        for kind in ChronologyKind:
            if kind != ChronologyKind.SYSTEM:
                self._kind.addItem(kind.label, kind.value)
        self._when = QDateTimeEdit(displayFormat="dd/MM/yyyy HH:mm", calendarPopup=True)
        self._summary = QLineEdit(maxLength=200, placeholderText="For example: Called mum")
        self._body = QPlainTextEdit(placeholderText="Details (optional)")
        self._body.setTabChangesFocus(True)
        self._add_button = QPushButton("Add entry")
        self._add_button.clicked.connect(self._add_entry)
        entry = QGroupBox("Add entry")
        form = QFormLayout(entry)
        add_field(form, "kind", "Kind", self._kind)
        self._when_error = add_field(form, "occurred_at", "When", self._when)
        self._summary_error = add_field(form, "summary", "Summary", self._summary)
        add_field(form, "body", "Details", self._body)
        form.addRow("", self._add_button)
        entry.setMinimumWidth(320)
        return entry
