"""CaseTableModel: the caseload list over `CaseRow` records, formatted for display.

The model holds only the rows of the current view, already filtered and sorted on a worker
thread by `caseload.CaseIndex`. Sorting by a header click is passed on as a request
(`sort_requested`) rather than done here, because Python-side sorting inside Qt's proxy
would call `data()` millions of times at 100,000 cases.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPainter, QPixmap

from caseworker_app import caseload
from caseworker_app.caseload import STATUS_LABELS, CaseStatusFlag, Column, status_flag
from caseworker_app.codes import CaseStatus
from caseworker_app.entities import CaseRow
from caseworker_app.schoolyear import year_group_label
from caseworker_app.ui.style import STATUS_COLOURS

COLUMNS = list(Column)
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 1

ModelIndex = QModelIndex | QPersistentModelIndex


@cache
def status_dot(flag: CaseStatusFlag) -> QPixmap:
    """A small filled circle in the status colour, shown before a case's name."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(STATUS_COLOURS[flag])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return pixmap


def format_date(value: date | None) -> str:
    """UK short date (23/11/2026), or blank."""
    return value.strftime("%d/%m/%Y") if value else ""


class CaseTableModel(QAbstractTableModel):
    """Read-only table of cases; one row per `CaseRow`."""

    sort_requested = Signal(int, Qt.SortOrder)

    def __init__(self, today: Callable[[], date], parent=None) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[CaseRow] = []
        self._positions: dict[uuid.UUID, int] = {}

    # ----- content -------------------------------------------------------------------
    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        """Show a new result (after a search, filter or sort)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._positions = {r.child_id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def update_row(self, row: CaseRow) -> bool:
        """Refresh one case in place after an edit; False if it is not in this view."""
        position = self._positions.get(row.child_id)
        if position is None:
            return False
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0),
                              self.index(position, len(COLUMNS) - 1))
        return True

    def rows(self) -> tuple[CaseRow, ...]:
        """Every case in the view, in order."""
        return tuple(self._rows)

    def row_of(self, child_id: uuid.UUID) -> int | None:
        """Position of a case in the current view."""
        return self._positions.get(child_id)

    def case_at(self, row: int) -> CaseRow | None:
        """The case shown at a position."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # ----- Qt model API --------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section].value
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.sort_requested.emit(column, order)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (Column.STATUS, Column.REVIEW_DUE):
            return STATUS_COLOURS[status_flag(row, self._today())]
        if role == Qt.ItemDataRole.DecorationRole and column in (Column.NAME, Column.STATUS):
            return status_dot(status_flag(row, self._today()))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CHILD_ID_ROLE:
            return str(row.child_id)
        return None

    def _display(self, row: CaseRow, column: Column) -> str | int:
        today = self._today()
        match column:
            case Column.NAME:
                return row.display_name
            case Column.AGE:
                return caseload.age_of(row, today)
            case Column.YEAR:
                return year_group_label(caseload.row_year_group(row, today))
            case Column.SETTING:
                return row.setting_name or "No setting"
            case Column.NEED:
                return row.primary_need.value
            case Column.PLAN_ISSUED:
                return format_date(row.plan_issued_on)
            case Column.REVIEW_DUE:
                return format_date(row.review_due_on)
            case Column.STAGE:
                return row.review_stage.label if row.review_stage else ""
            case Column.OFFICER:
                return row.officer_name or "Unallocated"
            case Column.STATUS:
                return STATUS_LABELS[status_flag(row, today)]
        return ""

    def _tooltip(self, row: CaseRow, column: Column) -> str | None:
        today = self._today()
        if column == Column.NEED:
            return row.primary_need.label
        if column == Column.NAME:
            return f"{row.case_reference} · UPN {row.upn or 'not recorded'}"
        if column in (Column.REVIEW_DUE, Column.STATUS) and row.review_due_on:
            days = (row.review_due_on - today).days
            if row.review_done_on is None and days < 0 and row.status == CaseStatus.OPEN:
                return (f"Annual review overdue by {-days} days: due by "
                        f"{format_date(row.review_due_on)}, within 12 months of the plan or "
                        "last review (Children and Families Act 2014 s.44).")
            if caseload.review_overdue(row, today):
                return (f"Decision overdue: the meeting was held on "
                        f"{format_date(row.meeting_held_on)} and the council must decide "
                        "within 4 weeks (SEND Regulations 2014 reg 20(10)).")
            if row.review_done_on is not None:
                return f"Annual review counted as done on {format_date(row.review_done_on)}."
            return f"Annual review due in {days} days ({format_date(row.review_due_on)})."
        return None
