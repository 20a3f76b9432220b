"""MyWorkScreen: an officer's statutory deadlines, most urgent first, with the rule behind
each date and the next four weeks for the team.

Everything is worked out by `WorkService.my_work` on a worker thread; the screen reloads when
cases change elsewhere (at once if it is showing, otherwise the next time it is shown).
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import OfficerRole
from caseworker_app.entities import OfficerRecord
from caseworker_app.entities_work import MyWork, WorkItem
from caseworker_app.services import Services
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.case_table import format_date
from caseworker_app.ui.models.work_models import (
    ForecastModel,
    WorkColumn,
    WorkItemModel,
    days_left_text,
    stage_text,
)
from caseworker_app.ui.tasks import TaskRunner

RELOAD_DEBOUNCE_MS = 400  # a burst of edits (or a bulk allocation) reloads once
ALL_OFFICERS = "All officers"
WHY_PLACEHOLDER = "Select a deadline to see how its date was worked out and the rule it comes from."


def table_view(model, name: str, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table in the caseload's style."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class MyWorkScreen(QWidget):
    """The ranked deadlines of one officer (or everyone), the rule on demand, the forecast."""

    case_requested = Signal(uuid.UUID)  # Enter or double-click: open this case
    work_loaded = Signal(int)  # deadlines now listed

    def __init__(self, services: Services, tasks: TaskRunner, events: AppEvents,
                 today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._events, self._today = services, tasks, events, today
        self._generation = 0
        self._stale = True
        self._me: OfficerRecord | None = None
        self._officers_known = False
        self.officer = QComboBox(accessibleName="Whose work")
        self.officer.setMinimumContentsLength(22)
        self.count = QLabel("Loading…")
        self.count.setProperty("role", "muted")
        self.busy = QProgressBar(maximum=0, maximumWidth=120, textVisible=False)
        self.model = WorkItemModel(today, self)
        self.table = self._make_table()
        self.why_title = QLabel(wordWrap=True)
        self.why_title.setStyleSheet("font-weight: 600;")
        self.why_title.hide()
        self.why = QLabel(WHY_PLACEHOLDER, wordWrap=True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.forecast_model = ForecastModel(today, self)
        self.forecast = table_view(self.forecast_model, "Forecast for the next 4 weeks", self)
        self.forecast.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DEBOUNCE_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._layout()
        self._wire()

    def _make_table(self) -> QTableView:
        table = table_view(self.model, "My work: deadlines, most urgent first", self)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        widths = {WorkColumn.STATUS: 95, WorkColumn.DUE: 90,
                  WorkColumn.LEFT: metrics.horizontalAdvance("9,999 days overdue") + 16,
                  WorkColumn.WHAT: 250, WorkColumn.CHILD: 210, WorkColumn.REFERENCE: 90,
                  WorkColumn.OFFICER: 140, WorkColumn.STAGE: 240}
        for i, column in enumerate(WorkColumn):
            table.setColumnWidth(i, max(widths[column],
                                        metrics.horizontalAdvance(column.value) + 24))
        return table

    def _layout(self) -> None:
        top = QHBoxLayout()
        label = QLabel("&Whose work:")
        label.setBuddy(self.officer)
        top.addWidget(label)
        top.addWidget(self.officer)
        top.addSpacing(12)
        top.addWidget(self.count, 1)
        top.addWidget(self.busy)

        why_box = QGroupBox("Why this date")
        why_layout = QVBoxLayout(why_box)
        why_layout.addWidget(self.why_title)
        why_layout.addWidget(self.why, 1)
        forecast_box = QGroupBox("Next 4 weeks")
        forecast_layout = QVBoxLayout(forecast_box)
        forecast_layout.addWidget(self.forecast)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(why_box)
        bottom.addWidget(forecast_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _wire(self) -> None:
        self.officer.currentIndexChanged.connect(self._officer_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._activated)
        self._events.case_changed.connect(self.refresh_later)
        self._events.caseload_replaced.connect(self.refresh_later)
        self._events.profile_changed.connect(self._profile_changed)

    # ----- loading -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the officers (once) and the chosen officer's work, on workers."""
        self._stale = False
        if not self._officers_known:
            self._tasks.run(self._read_people, on_done=self._people_read)
            return
        self._generation += 1
        generation, officer_id, today = self._generation, self.chosen_officer(), self._today()
        self.busy.show()
        self.count.setText("Working out deadlines…")
        self._tasks.run(lambda: (generation, self._services.work.my_work(officer_id, today)),
                        on_done=self._work_ready)

    def _read_people(self) -> tuple[OfficerRecord | None, list[OfficerRecord]]:
        return self._services.reference.profile(), self._services.reference.officers()

    def _people_read(self, people: tuple[OfficerRecord | None, list[OfficerRecord]]) -> None:
        me, officers = people
        self._me, self._officers_known = me, True
        self.set_officers(officers, me)
        self.reload()

    def set_officers(self, officers: Sequence[OfficerRecord], me: OfficerRecord | None) -> None:
        """Fill the chooser. A case officer starts on their own work; a lead (who holds few
        cases, if any) starts on "All officers" and can pick anyone, themself included."""
        lead = me is None or me.role == OfficerRole.LEAD
        self.officer.blockSignals(True)
        self.officer.clear()
        if lead:
            self.officer.addItem(ALL_OFFICERS, None)
        for officer in officers:
            suffix = " (you)" if me is not None and officer.id == me.id else ""
            self.officer.addItem(officer.display_name + suffix, officer.id)
        ids = [self.officer.itemData(i) for i in range(self.officer.count())]
        # Not findData: it compares a UUID by identity, and `me` was read separately.
        mine = ids.index(me.id) if me is not None and me.id in ids else 0
        self.officer.setCurrentIndex(0 if lead else mine)
        self.officer.blockSignals(False)

    def chosen_officer(self) -> uuid.UUID | None:
        """The officer whose work is listed; None for everyone."""
        return self.officer.currentData()

    def _work_ready(self, answer: tuple[int, MyWork]) -> None:
        generation, work = answer
        if generation != self._generation:
            return  # another officer was chosen meanwhile
        keep = self._current_key()
        self.model.set_items(work.items)
        self.forecast_model.set_forecast(work.forecast)
        self.forecast.resizeColumnsToContents()
        self.busy.hide()
        today = self._today()
        overdue = sum(1 for i in work.items if i.deadline.is_overdue(today))
        whose = "" if self.chosen_officer() is None else f" for {self._chosen_name()}"
        self.count.setText(f"{len(work.items):,} open deadlines{whose}, {overdue:,} overdue"
                           if work.items else f"Nothing due{whose}.")
        self._restore_current(keep)
        self.work_loaded.emit(len(work.items))

    def _chosen_name(self) -> str:
        return self.officer.currentText().removesuffix(" (you)")

    @Slot()
    def _officer_chosen(self) -> None:
        self.reload()

    @Slot()
    def refresh_later(self, *_changed: object) -> None:
        """Reload soon if showing, else the next time the screen is shown."""
        self._stale = True
        if self.isVisible():
            self._reload_timer.start()

    @Slot()
    def _profile_changed(self) -> None:
        self._officers_known = False
        self.refresh_later()

    # ----- selection -----------------------------------------------------------------
    def current_item(self) -> WorkItem | None:
        """The highlighted deadline."""
        return self.model.item_at(self.table.currentIndex().row())

    def _current_key(self) -> tuple | None:
        item = self.current_item()
        return (item.child_id, item.deadline.key) if item else None

    def _restore_current(self, key: tuple | None) -> None:
        row = self.model.row_of(*key) if key is not None else None
        if row is None:
            self._show_why(None)
            return
        self.table.selectRow(row)

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_why(self.model.item_at(current.row()) if current.isValid() else None)

    def _show_why(self, item: WorkItem | None) -> None:
        """The rule on demand: what is due, how the date was counted, and the law."""
        self.why_title.setVisible(item is not None)
        if item is None:
            self.why_title.setText("")
            self.why.setText(WHY_PLACEHOLDER)
            return
        deadline, today = item.deadline, self._today()
        self.why_title.setText(f"{deadline.title}: {format_date(deadline.due)} "
                               f"({days_left_text(deadline, today).lower()})")
        e = html.escape
        stage = stage_text(item)
        self.why.setText(
            f"<p>{e(deadline.explanation)}</p>"
            f"<p><b>Counted from:</b> {e(deadline.trigger)}"
            f"<br><b>Rule:</b> {e(deadline.citation)}"
            f"<br><b>Case:</b> {e(item.display_name)}, {e(item.case_reference)}"
            + (f"<br><b>Stage:</b> {e(stage)}" if stage else "") + "</p>")

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is not None:
            self.case_requested.emit(item.child_id)
