"""BacklogScreen: the lead's view of overdue annual reviews, by age band and priority, with
bulk allocation, the counting policy, and how the backlog and completions have moved.

`WorkService.backlog_overview` works it all out on a worker thread; allocation runs on the
writer and every screen reloads after it (`AppEvents.caseload_replaced`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import OfficerRole
from caseworker_app.entities import OfficerRecord
from caseworker_app.entities_work import BacklogBand, BacklogOverview
from caseworker_app.rules.deadlines import ReviewBasis
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.messages import confirm, report
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.work_models import BacklogColumn, BacklogModel
from caseworker_app.ui.screens.my_work import RELOAD_DEBOUNCE_MS, table_view
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.charts import BacklogChart, CompletedChart

LEAD_ONLY = "Only a lead annual review officer can do this."
BAND_STYLE = """
QPushButton[role="band"] { padding: 4px 12px; text-align: left; border: 1px solid #d8dde3;
                           border-radius: 4px; background: #f6f8fa; }
QPushButton[role="band"]:checked { background: #1d4f91; color: white; border-color: #1d4f91; }
"""


class BacklogScreen(QWidget):
    """Overdue reviews: band counts that filter, a sortable flagged table, allocation,
    the review basis policy and two charts."""

    case_requested = Signal(uuid.UUID)  # Enter or double-click: open this case
    backlog_loaded = Signal(int)  # overdue reviews now known
    allocated = Signal(int)  # cases moved by "Allocate selected"
    review_basis_changed = Signal(ReviewBasis)

    def __init__(self, services: Services, tasks: TaskRunner, events: AppEvents,
                 today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._events, self._today = services, tasks, events, today
        self._generation = 0
        self._stale = True
        self._people: tuple[OfficerRecord | None, list[OfficerRecord]] | None = None
        self._overview: BacklogOverview | None = None
        self.setStyleSheet(BAND_STYLE)
        self.bands = QButtonGroup(self)
        self.band_buttons = {band: self._band_button(band) for band in (None, *BacklogBand)}
        self.basis = QComboBox(accessibleName="When an annual review counts as done")
        for basis in ReviewBasis:
            self.basis.addItem(basis.label, basis)
        self.model = BacklogModel(today, self)
        self.table = self._make_table()
        self.count = QLabel("Loading…")
        self.count.setProperty("role", "muted")
        self.busy = QProgressBar(maximum=0, maximumWidth=120, textVisible=False)
        self.selected = QLabel("No cases selected")
        self.officer = QComboBox(accessibleName="Officer to allocate to")
        self.officer.setMinimumContentsLength(18)
        self.allocate_button = QPushButton("&Allocate selected")
        self.completed_chart = CompletedChart()
        self.backlog_chart = BacklogChart()
        self.per_week = QPushButton("Per week", checkable=True, checked=True)
        self.per_month = QPushButton("Per month", checkable=True)
        for button in (self.per_week, self.per_month):
            button.setProperty("role", "filter")
        periods = QButtonGroup(self)
        periods.addButton(self.per_week)
        periods.addButton(self.per_month)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DEBOUNCE_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._layout()
        self._wire()
        self._set_lead(False)

    def _band_button(self, band: BacklogBand | None) -> QPushButton:
        button = QPushButton(checkable=True)
        button.setProperty("role", "band")
        button.setToolTip("Show every overdue review" if band is None else
                          f"Show reviews overdue by {band.label.lower()}")
        self.bands.addButton(button)
        if band is None:
            button.setChecked(True)
        return button

    def _make_table(self) -> QTableView:
        table = table_view(self.model, "Overdue annual reviews", self)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setSortingEnabled(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(list(BacklogColumn).index(BacklogColumn.OVERDUE),
                                Qt.SortOrder.DescendingOrder)
        metrics = header.fontMetrics()
        widths = {BacklogColumn.CHILD: 200, BacklogColumn.REFERENCE: 85,
                  BacklogColumn.OFFICER: 130, BacklogColumn.DUE: 85,
                  BacklogColumn.BAND: metrics.horizontalAdvance("Over 12 months") + 14}
        for i, column in enumerate(BacklogColumn):
            heading = metrics.horizontalAdvance(column.value) + 30  # bold, and the sort arrow
            table.setColumnWidth(i, max(widths.get(column, 0), heading))
        return table

    def _layout(self) -> None:
        bands = QHBoxLayout()
        for button in self.band_buttons.values():
            bands.addWidget(button)
        bands.addStretch(1)
        policy = QLabel("Review counts as done at:")
        policy.setBuddy(self.basis)
        bands.addWidget(policy)
        bands.addWidget(self.basis)

        actions = QHBoxLayout()
        actions.addWidget(self.selected)
        actions.addStretch(1)
        actions.addWidget(QLabel("Allocate to:"))
        actions.addWidget(self.officer)
        actions.addWidget(self.allocate_button)

        status = QHBoxLayout()
        status.addWidget(self.count, 1)
        status.addWidget(self.busy)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bands)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(actions)

        period = QHBoxLayout()
        period.addStretch(1)
        period.addWidget(self.per_week)
        period.addWidget(self.per_month)
        completed = QWidget()
        completed_layout = QVBoxLayout(completed)
        completed_layout.setContentsMargins(0, 0, 0, 0)
        completed_layout.setSpacing(2)
        completed_layout.addWidget(self.completed_chart, 1)
        completed_layout.addLayout(period)
        charts = QWidget()
        charts_layout = QHBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(completed, 1)
        charts_layout.addWidget(self.backlog_chart, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(charts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(status)

    def _wire(self) -> None:
        for band, button in self.band_buttons.items():
            button.clicked.connect(lambda _checked=False, band=band: self.show_band(band))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.allocate_button.clicked.connect(self.allocate_selected)
        self.basis.activated.connect(self._basis_chosen)
        self.per_week.toggled.connect(self._show_completed)
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
        """Work out the backlog and trend (and, once, who may allocate) on a worker."""
        self._stale = False
        self._generation += 1
        generation, today = self._generation, self._today()
        self.busy.show()
        self.count.setText("Working out the backlog…")
        if self._people is None:
            self._tasks.run(lambda: (self._services.reference.profile(),
                                     self._services.reference.officers()),
                            on_done=self._people_read)
        self._tasks.run(lambda: (generation, self._services.work.backlog_overview(today)),
                        on_done=self._overview_ready)

    def _people_read(self, people: tuple[OfficerRecord | None, list[OfficerRecord]]) -> None:
        self._people = people
        me, officers = people
        self.officer.clear()
        for officer in officers:
            self.officer.addItem(officer.display_name, officer.id)
        self._set_lead(me is not None and me.role == OfficerRole.LEAD)

    def _set_lead(self, lead: bool) -> None:
        """Allocation and the counting policy are the lead's; others see them greyed out."""
        for widget in (self.basis, self.officer, self.allocate_button):
            widget.setEnabled(lead)
            widget.setToolTip("" if lead else LEAD_ONLY)
        if lead:
            self.basis.setToolTip("Local policy: the law does not say whether a review is "
                                  "done at the meeting or at the council's decision; the "
                                  "decision is the safer reading.")
        self._selection_changed()

    def _overview_ready(self, answer: tuple[int, BacklogOverview]) -> None:
        generation, overview = answer
        if generation != self._generation:
            return
        self._overview = overview
        keep = set(self.selected_child_ids())
        self.model.set_backlog(overview.rows)
        self._update_bands()
        self.basis.setCurrentIndex(list(ReviewBasis).index(overview.basis))
        self._show_completed()
        trend = overview.trend
        self.backlog_chart.show_backlog(trend.week_starts, trend.backlog_at_week_end)
        self.busy.hide()
        self._reselect(keep)
        self._update_count()
        self.backlog_loaded.emit(len(overview.rows))

    def _update_bands(self) -> None:
        counts = self.model.band_counts()
        self.band_buttons[None].setText(f"All overdue\n{self.model.total():,}")
        for band in BacklogBand:
            self.band_buttons[band].setText(f"{band.label}\n{counts[band]:,}")

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        basis = self._overview.basis if self._overview else ReviewBasis.DECISION
        counted = "decision" if basis == ReviewBasis.DECISION else "meeting"
        self.count.setText(
            f"{shown:,} of {total:,} overdue reviews (counted to the {counted})"
            if shown != total else f"{total:,} overdue reviews (counted to the {counted})")

    @Slot()
    def _show_completed(self) -> None:
        if self._overview is None:
            return
        trend = self._overview.trend
        if self.per_week.isChecked():
            self.completed_chart.show_weeks(trend.week_starts, trend.completed_per_week)
        else:
            self.completed_chart.show_months(trend.month_starts, trend.completed_per_month)

    @Slot()
    def refresh_later(self, *_changed: object) -> None:
        """Reload soon if showing, else the next time the screen is shown."""
        self._stale = True
        if self.isVisible():
            self._reload_timer.start()

    @Slot()
    def _profile_changed(self) -> None:
        self._people = None
        self.refresh_later()

    # ----- filtering and selection ---------------------------------------------------
    def show_band(self, band: BacklogBand | None) -> None:
        """Show one age band (None: all), as clicking its count does."""
        self.band_buttons[band].setChecked(True)
        self.model.set_band(band)
        self._update_count()

    def selected_child_ids(self) -> list[uuid.UUID]:
        """The cases whose rows are selected, in row order."""
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        return self.model.child_ids(rows)

    def _reselect(self, child_ids: set[uuid.UUID]) -> None:
        if not child_ids:
            return
        for row in range(self.model.rowCount()):
            shown = self.model.row_at(row)
            if shown is not None and shown.child_id in child_ids:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    self.table.selectionModel().SelectionFlag.Select
                    | self.table.selectionModel().SelectionFlag.Rows)

    @Slot()
    def _selection_changed(self, *_args) -> None:
        chosen = len(self.table.selectionModel().selectedRows())
        self.selected.setText(f"{chosen:,} case{'s' if chosen != 1 else ''} selected"
                              if chosen else "No cases selected")
        lead = self._people is not None and self._people[0] is not None \
            and self._people[0].role == OfficerRole.LEAD
        self.allocate_button.setEnabled(lead and chosen > 0)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.case_requested.emit(row.child_id)

    # ----- actions -------------------------------------------------------------------
    @Slot()
    def allocate_selected(self) -> None:
        """Allocate the selected cases to the chosen officer, after asking."""
        child_ids, officer_id = self.selected_child_ids(), self.officer.currentData()
        if not child_ids or officer_id is None:
            return
        name = self.officer.currentText()
        cases = f"{len(child_ids):,} case{'s' if len(child_ids) != 1 else ''}"
        confirm(self, "Allocate cases",
                f"Allocate {cases} to {name}? Each case's current allocation ends today and "
                "a note goes on its chronology.",
                lambda: self._allocate(child_ids, officer_id, name))

    def _allocate(self, child_ids: Sequence[uuid.UUID], officer_id: uuid.UUID,
                  name: str) -> None:
        self.allocate_button.setEnabled(False)
        self.busy.show()

        def done(moved: int) -> None:
            self.busy.hide()
            self.table.clearSelection()
            self.count.setText(f"{moved:,} case{'s' if moved != 1 else ''} allocated to {name}.")
            self.allocated.emit(moved)
            self._events.caseload_replaced.emit()

        def failed(exc: Exception) -> None:
            self.busy.hide()
            self._selection_changed()
            report(self, exc)

        self._tasks.run(lambda: self._services.work.allocate(child_ids, officer_id),
                        on_done=done, on_error=failed, write=True)

    @Slot(int)
    def _basis_chosen(self, index: int) -> None:
        basis = ReviewBasis(self.basis.itemData(index))  # Qt hands a StrEnum back as str
        current = self._overview.basis if self._overview else ReviewBasis.DECISION
        if basis == current:
            return
        self.basis.setCurrentIndex(list(ReviewBasis).index(current))  # until confirmed
        confirm(self, "Change how reviews are counted",
                f"Count an annual review as done at {basis.label.lower()}? This changes which "
                "reviews are overdue for everyone who uses this database.",
                lambda: self._set_basis(basis))

    def _set_basis(self, basis: ReviewBasis) -> None:
        def done(_moved: int) -> None:
            self.review_basis_changed.emit(basis)
            self._events.caseload_replaced.emit()  # every status colour may change

        self._tasks.run(lambda: self._services.reviews.set_basis(basis), on_done=done,
                        on_error=lambda exc: report(self, exc), write=True)
