"""Record "maintain without changes" for many reviews at once.

Lists every open review whose meeting is held and report received, ticked by the officer;
one decision date applies to all. The write is all or nothing: if any review is refused,
the message names each one and nothing is recorded. Once recorded, the dialog offers to print
the decision letters for those children (a print run dated the decision date).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHeaderView, QPushButton, QTableView, QWidget

from caseworker_app.codes import LatenessReason
from caseworker_app.letters.catalogue import LetterKind
from caseworker_app.rules.calendar import long_date
from caseworker_app.services import Services
from caseworker_app.services.reviews import AwaitingDecision
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.dialogs.messages import confirm, open_dialog
from caseworker_app.ui.dialogs.print_run import PrintRunDialog
from caseworker_app.ui.models.case_detail_models import (
    Index,
    RecordTableModel,
    format_date,
)
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.date_field import DateField

# Asks a yes/cancel question: (parent, title, text, on_yes), as `messages.confirm`.
Ask = Callable[[QWidget, str, str, Callable[[], None]], None]


class AwaitingColumn(Enum):
    """Columns of the reviews awaiting a decision."""

    NAME = "Child"
    REFERENCE = "Case"
    OFFICER = "Officer"
    HELD = "Meeting held"
    REPORT = "Report received"
    DUE = "Decision due by"


class AwaitingDecisionModel(RecordTableModel):
    """Reviews ready for a decision, each with a tick box (ticked = include)."""

    columns = AwaitingColumn
    centred = frozenset({AwaitingColumn.HELD, AwaitingColumn.REPORT, AwaitingColumn.DUE})
    ticks_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticked: set[uuid.UUID] = set()

    def set_records(self, records: Any) -> None:
        """Show the reviews, none ticked."""
        self._ticked = set()
        super().set_records(records)
        self.ticks_changed.emit()

    def ticked(self) -> list[AwaitingDecision]:
        """The reviews ticked, in list order."""
        return [r for r in self._records if r.review_id in self._ticked]

    def tick_all(self, on: bool) -> None:
        """Tick or untick every review."""
        self._ticked = {r.review_id for r in self._records} if on else set()
        if self._records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()

    def text(self, record: AwaitingDecision, column: AwaitingColumn) -> str:
        """What a cell shows."""
        match column:
            case AwaitingColumn.NAME:
                return record.name
            case AwaitingColumn.REFERENCE:
                return record.case_reference
            case AwaitingColumn.OFFICER:
                return record.officer_name or "Unallocated"
            case AwaitingColumn.HELD:
                return format_date(record.meeting_held_on)
            case AwaitingColumn.REPORT:
                return format_date(record.report_received_on)
            case AwaitingColumn.DUE:
                return format_date(record.decision_due)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0
                and 0 <= index.row() < self.rowCount()):
            ticked = self.record(index.row()).review_id in self._ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column():
            return False
        review_id = self.record(index.row()).review_id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._ticked.add(review_id)
        else:
            self._ticked.discard(review_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() and \
            index.column() == 0 else flags


class BulkDecisionDialog(ServiceDialog):
    """Tick reviews, give the decision date, record "maintain" for all of them at once."""

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None, *, ask: Ask = confirm) -> None:
        super().__init__(
            "Record decisions to maintain", submit_text="Record decisions", parent=parent,
            minimum_width=820,
            intro="Reviews whose meeting is held and report received. Tick those the council "
                  "has decided to maintain without changes; one decision date applies to all. "
                  "If any cannot be recorded, none is, and the message says why.")
        self._services, self._tasks, self._today = services, tasks, today
        self._ask = ask
        self.print_run: PrintRunDialog | None = None  # opened after recording, if asked
        self.model = AwaitingDecisionModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setMinimumHeight(280)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._layout.insertWidget(1, self.table, 1)
        self._all = QPushButton("Tick all", autoDefault=False)
        self._all.clicked.connect(self._toggle_all)
        self._buttons.addButton(self._all, self._buttons.ButtonRole.ActionRole)
        self.submit_button.setDefault(True)
        self._date = DateField(minimum=date(today().year - 2, 1, 1))
        self._date.set_value(today())
        self._date.dateChanged.connect(self._update)
        self._add_field("decided_on", "Decision date", self._date)
        self._reason = QComboBox()
        self._reason.addItem("Not late", None)
        for reason in LatenessReason:
            self._reason.addItem(reason.label, reason.value)
        self._add_field("lateness_reason", "If late, why", self._reason)
        self.model.ticks_changed.connect(self._update)
        self._update()
        self.submitted.connect(self._record)
        tasks.run(services.reviews.awaiting_decision, on_done=self._loaded)

    def decided_on(self) -> date | None:
        """The decision date for every ticked review."""
        return self._date.value()

    @property
    def date_field(self) -> DateField:
        """The decision date."""
        return self._date

    @property
    def reason_combo(self) -> QComboBox:
        """Why the decisions are late, for those that are."""
        return self._reason

    def late_count(self) -> int:
        """How many ticked reviews the decision date makes late."""
        on = self.decided_on()
        return sum(1 for r in self.model.ticked() if on is not None and on > r.decision_due)

    def _loaded(self, rows: list[AwaitingDecision]) -> None:
        self.model.set_records(rows)
        self.table.resizeColumnsToContents()
        if not rows:
            self.show_errors({"": "No reviews are waiting for a decision."})

    @Slot()
    def _toggle_all(self) -> None:
        every = len(self.model.ticked()) == self.model.rowCount()
        self.model.tick_all(not every)

    @Slot()
    def _update(self, *_args: Any) -> None:
        count = len(self.model.ticked())
        self.submit_button.setText(f"Record {count} decision{'s' if count != 1 else ''}")
        self.submit_button.setEnabled(count > 0)
        every = count == self.model.rowCount() and count > 0
        self._all.setText("Untick all" if every else "Tick all")
        late = self.late_count()
        self._reason.setEnabled(late > 0)
        self._reason.setToolTip(f"{late} of the ticked decisions are past their due date"
                                if late else "None of them is late")

    def _check(self) -> dict[str, str]:
        if not self.model.ticked():
            return {"": "Tick at least one review."}
        if self.late_count() and self._reason.currentData() is None:
            return {"lateness_reason": f"{self.late_count()} of these decisions are late: "
                                       "choose why."}
        return {}

    def _record(self) -> None:
        ticked = self.model.ticked()
        ids = [r.review_id for r in ticked]
        children = list(dict.fromkeys(r.child_id for r in ticked))
        data = self._reason.currentData()
        reason = LatenessReason(data) if data else None
        on = self.decided_on() or self._today()

        def job() -> int:
            return self._services.reviews.bulk_maintain(ids, on, lateness_reason=reason)

        self.run_write(self._tasks, job, lambda count: self._offer_letters(count, children, on))

    def _offer_letters(self, count: int, children: list[uuid.UUID], on: date) -> None:
        """Decisions recorded: offer the decision letters for those children now."""
        host = self.parentWidget() or self

        def print_now() -> None:
            self.print_run = PrintRunDialog(self._services, self._tasks, children, self._today,
                                            self.parentWidget(), kind=LetterKind.MAINTAIN,
                                            letter_date=on)
            open_dialog(self.print_run)

        decisions = f"{count} decision{'s' if count != 1 else ''}"
        self._ask(host, "Print the decision letters?",
                  f"{decisions} to keep the plan unchanged recorded.\n\nPrint the decision "
                  f"letters now? Each contact who receives letters gets one, dated "
                  f"{long_date(on)}.", print_now)

