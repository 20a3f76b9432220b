"""CaseloadScreen: every case in one searchable, filterable, sortable list.

The whole caseload is read once, on a worker thread, into a `CaseIndex`; every keystroke or
filter click then runs `CaseIndex.query` on a worker and the newest answer replaces the
view. An answer that arrives after a newer request is dropped, and the older query is told
to stop, so typing quickly never queues up work.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.caseload import CaseIndex, CaseloadView, Column
from caseworker_app.entities import CaseRow
from caseworker_app.services import Services
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.case_table import CaseTableModel
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.filter_bar import FilterBar

SELECT_DEBOUNCE_MS = 120  # holding an arrow key should not load every case passed over


class CaseloadScreen(QWidget):
    """The caseload list with its filter bar."""

    case_selected = Signal(uuid.UUID)  # the highlighted case changed
    case_activated = Signal(uuid.UUID)  # Enter or double-click: work on this case
    caseload_loaded = Signal(int)  # cases read from the database
    view_updated = Signal(int, int)  # cases shown, cases in all

    def __init__(self, services: Services, tasks: TaskRunner, events: AppEvents,
                 today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._events, self._today = services, tasks, events, today
        self._index: CaseIndex | None = None
        self._generation = 0
        self._sort = (Column.REVIEW_DUE, False)
        self._pending_selection: uuid.UUID | None = None
        self._shown = (0, 0)  # cases listed, cases in all
        self.filters = FilterBar(self)
        self.model = CaseTableModel(today, self)
        self.table = self._make_table()
        self.count = QLabel("Loading caseload…")
        self.count.setProperty("role", "muted")
        self.busy = QProgressBar(maximum=0, maximumWidth=120, textVisible=False)
        self._select_timer = QTimer(self, singleShot=True, interval=SELECT_DEBOUNCE_MS)
        self._select_timer.timeout.connect(self._emit_selected)
        self._wire()
        self._layout()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several cases may be selected (Shift/Ctrl-click, Ctrl+A) for a print run; the
        # case view follows the current row, as before.
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setSortingEnabled(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.setAccessibleName("Caseload")
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(list(Column).index(self._sort[0]), Qt.SortOrder.AscendingOrder)
        metrics = header.fontMetrics()
        widths = {Column.NAME: 220, Column.AGE: 40, Column.YEAR: 80, Column.SETTING: 220,
                  Column.NEED: 50, Column.PLAN_ISSUED: 85, Column.REVIEW_DUE: 85,
                  Column.STAGE: 170, Column.OFFICER: 140, Column.STATUS: 170}
        for i, column in enumerate(Column):
            # Never narrower than the heading itself (bold, plus the sort arrow).
            heading = metrics.horizontalAdvance(column.value) + 36
            table.setColumnWidth(i, max(widths[column], heading))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._choose_columns)
        return table

    def _wire(self) -> None:
        self.filters.filter_changed.connect(self.refresh_view)
        self.model.sort_requested.connect(self._sort_requested)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(self._show_count)
        self.table.activated.connect(self._activated)
        self._events.case_changed.connect(self._case_changed)
        self._events.caseload_replaced.connect(self.reload)

    def _layout(self) -> None:
        status = QHBoxLayout()
        status.addWidget(self.count, 1)
        status.addWidget(self.busy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(status)

    # ----- loading and querying ------------------------------------------------------
    def reload(self) -> None:
        """Read the whole caseload again (start-up, new database, demo data added)."""
        self.busy.show()
        self.count.setText("Loading caseload…")
        self._tasks.run(self._read_caseload, on_done=self._caseload_read)
        self._tasks.run(self._services.reference.officers, on_done=self._officers_read)

    def _read_caseload(self) -> CaseIndex:
        return CaseIndex(self._services.cases.caseload())

    def _caseload_read(self, index: CaseIndex) -> None:
        self._index = index
        self.caseload_loaded.emit(len(index))
        self.refresh_view()

    def _officers_read(self, officers) -> None:
        self.filters.set_officers(officers, self._services.cases.author_id)

    @Slot()
    def refresh_view(self) -> None:
        """Run the current search, filters and sort on a worker; newest answer wins."""
        if self._index is None:
            return
        self._generation += 1
        generation, index = self._generation, self._index
        wanted, (column, descending) = self.filters.current_filter(), self._sort
        today = self._today()
        self.busy.show()
        self._tasks.run(
            lambda: (generation, index.query(wanted, column, descending, today,
                                             lambda: generation != self._generation)),
            on_done=self._view_ready,
        )

    def _view_ready(self, answer: tuple[int, CaseloadView]) -> None:
        generation, view = answer
        if generation != self._generation or view.stopped:
            return  # a newer search is on its way
        keep = self._pending_selection or self.current_child_id()
        self.model.set_rows(view.rows)
        self.busy.hide()
        self._shown = (len(view.rows), view.total)
        self._show_count()
        if keep is not None:
            self.select_case(keep, emit=False)
        self.view_updated.emit(*self._shown)

    @Slot(int, Qt.SortOrder)
    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        self._sort = (list(Column)[column], order == Qt.SortOrder.DescendingOrder)
        self.refresh_view()

    # ----- selection -----------------------------------------------------------------
    def current_child_id(self) -> uuid.UUID | None:
        """The highlighted case, if any."""
        case = self.model.case_at(self.table.currentIndex().row())
        return case.child_id if case else None

    def select_case(self, child_id: uuid.UUID, emit: bool = True) -> bool:
        """Highlight a case if it is in the current view; False if filtered out."""
        row = self.model.row_of(child_id)
        if row is None:
            self._pending_selection = None
            return False
        self._pending_selection = None
        index = self.model.index(row, 0)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        selection = self.table.selectionModel()
        if not emit:
            selection.blockSignals(True)
        selection.setCurrentIndex(index, flags)
        selection.blockSignals(False)
        self.table.scrollTo(index)
        return True

    def selected_rows(self) -> list[int]:
        """The rows selected, in view order (read from the selection's ranges, so that
        Ctrl+A over 100,000 cases is one range, not 100,000 indexes)."""
        rows: set[int] = set()
        for span in self.table.selectionModel().selection():
            rows.update(range(span.top(), span.bottom() + 1))
        return sorted(rows)

    def selected_child_ids(self) -> list[uuid.UUID]:
        """The cases selected, in view order."""
        cases = (self.model.case_at(row) for row in self.selected_rows())
        return [case.child_id for case in cases if case is not None]

    @Slot()
    def _show_count(self, *_args: object) -> None:
        shown, total = self._shown
        text = f"{shown:,} of {total:,} cases" if shown != total else f"{total:,} cases"
        selected = len(self.selected_rows()) if self.table.selectionModel().hasSelection() \
            else 0
        self.count.setText(f"{text} · {selected:,} selected" if selected > 1 else text)

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._select_timer.start()

    def _emit_selected(self) -> None:
        child_id = self.current_child_id()
        if child_id is not None:
            self.case_selected.emit(child_id)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        case = self.model.case_at(index.row())
        if case is not None:
            self.case_activated.emit(case.child_id)

    @Slot(CaseRow)
    def _case_changed(self, row: CaseRow) -> None:
        if self._index is None:
            return
        self._index.upsert(row)
        if not self.model.update_row(row):
            self._pending_selection = row.child_id  # a new case: show it once the view reloads
        self.refresh_view()

    def _choose_columns(self, position) -> None:
        """Right-click on the header: show or hide columns (remembered with the layout)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for i, column in enumerate(Column):
            action = menu.addAction(column.value)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.setEnabled(column != Column.NAME)
            action.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
        menu.exec(header.mapToGlobal(position))

    def visible_rows(self) -> tuple[CaseRow, ...]:
        """The cases listed now, in the order shown."""
        return self.model.rows()

    def adopt_header_sort(self) -> None:
        """Sort as the header shows (after its saved state is restored)."""
        header = self.table.horizontalHeader()
        column = header.sortIndicatorSection()
        if 0 <= column < len(Column):
            descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            self._sort = (list(Column)[column], descending)

    def focus_search(self) -> None:
        """Put the cursor in the search box, selecting what is there."""
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()
