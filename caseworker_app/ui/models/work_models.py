"""Table models for "My work" and the Backlog: deadlines, the forecast, the overdue reviews.

Each holds plain records from `WorkService` (never ORM objects or services) and formats
them; `today` comes in as a callable, as in the caseload model.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from enum import Enum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from caseworker_app.assessment_workflow import step_label
from caseworker_app.caseload import DUE_SOON_DAYS, STAGE_ORDER, CaseStatusFlag
from caseworker_app.codes import AssessmentKind
from caseworker_app.entities_work import BacklogBand, BacklogRow, OfficerForecast, WorkItem
from caseworker_app.rules.deadlines import Deadline, DeadlineKey
from caseworker_app.ui.models.case_table import format_date, status_dot
from caseworker_app.ui.style import STATUS_COLOURS

Index = QModelIndex | QPersistentModelIndex
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
DISPLAY = Qt.ItemDataRole.DisplayRole
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
TICK = "✓"


def deadline_flag(deadline: Deadline, today: date) -> CaseStatusFlag:
    """The status colour of a deadline: overdue, due within 4 weeks, or further off."""
    if deadline.is_overdue(today):
        return CaseStatusFlag.OVERDUE
    if deadline.days_left(today) <= DUE_SOON_DAYS:
        return CaseStatusFlag.DUE_SOON
    return CaseStatusFlag.ON_TRACK


def days_left_text(deadline: Deadline, today: date) -> str:
    """"12 days overdue", "Due today", "1 day", "30 days"."""
    days = deadline.days_left(today)
    if days < 0:
        return f"{-days:,} day{'s' if days != -1 else ''} overdue"
    if days == 0:
        return "Due today"
    return f"{days:,} day{'s' if days != 1 else ''}"


def stage_text(item: WorkItem) -> str:
    """The stage the deadline belongs to: the open review's ("Meeting held"), or the
    assessment's ("Assessment: advice requested", "Reassessment: request to reassess
    received")."""
    if item.stage is None:
        return ""
    if item.assessment is None:
        return item.stage.label
    kind = "Reassessment" if item.assessment == AssessmentKind.REASSESSMENT else "Assessment"
    return f"{kind}: {step_label(item.assessment, item.stage).lower()}"


FLAG_TEXT = {
    CaseStatusFlag.OVERDUE: "Overdue",
    CaseStatusFlag.DUE_SOON: "Due soon",
    CaseStatusFlag.ON_TRACK: "On track",
}


class _Table(QAbstractTableModel):
    """Read-only rows of records under an Enum of columns (whose values are the headings)."""

    columns: ClassVar[type[Enum]]
    tooltips: ClassVar[dict[Any, str]] = {}

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._rows: list[Any] = []
        self._columns = list(self.columns)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == DISPLAY:
            return self._heading(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltips.get(column)
        return None

    def _heading(self, column: Any) -> str:
        return column.value

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _row(self, index: Index) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self._columns):
            return None
        return self._rows[index.row()]


# ----- My work -----------------------------------------------------------------------------
class WorkColumn(Enum):
    """Columns of the "My work" list, in display order."""

    STATUS = "Status"
    DUE = "Due"
    LEFT = "Days left"
    WHAT = "What is due"
    CHILD = "Child"
    REFERENCE = "Case ref"
    OFFICER = "Officer"
    STAGE = "Stage"  # of the open review, or of the assessment the deadline belongs to


class WorkItemModel(_Table):
    """The ranked deadlines; the order is the service's (most urgent first)."""

    columns = WorkColumn

    def set_items(self, items: Sequence[WorkItem]) -> None:
        """Show a new list (a reload, or another officer chosen)."""
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> WorkItem | None:
        """The work item on `row`."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, child_id: uuid.UUID, key: DeadlineKey) -> int | None:
        """Where a case's deadline is listed, if it still is."""
        return next((r for r, item in enumerate(self._rows)
                     if item.child_id == child_id and item.deadline.key == key), None)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        item: WorkItem | None = self._row(index)
        if item is None:
            return None
        column, today = self._columns[index.column()], self._today()
        if role == DISPLAY:
            return self._display(item, column, today)
        if role == Qt.ItemDataRole.DecorationRole and column == WorkColumn.STATUS:
            return status_dot(deadline_flag(item.deadline, today))
        if role == Qt.ItemDataRole.ForegroundRole and column in (WorkColumn.STATUS,
                                                                 WorkColumn.LEFT):
            return STATUS_COLOURS[deadline_flag(item.deadline, today)]
        if role == Qt.ItemDataRole.ToolTipRole and column == WorkColumn.WHAT:
            return item.deadline.citation
        if role == Qt.ItemDataRole.TextAlignmentRole and column == WorkColumn.LEFT:
            return RIGHT
        if role == CHILD_ID_ROLE:
            return str(item.child_id)
        return None

    @staticmethod
    def _display(item: WorkItem, column: WorkColumn, today: date) -> str:
        match column:
            case WorkColumn.STATUS:
                return FLAG_TEXT[deadline_flag(item.deadline, today)]
            case WorkColumn.DUE:
                return format_date(item.deadline.due)
            case WorkColumn.LEFT:
                return days_left_text(item.deadline, today)
            case WorkColumn.WHAT:
                return item.deadline.title
            case WorkColumn.CHILD:
                return item.display_name
            case WorkColumn.REFERENCE:
                return item.case_reference
            case WorkColumn.OFFICER:
                return item.officer_name or "Unallocated"
            case WorkColumn.STAGE:
                return stage_text(item)
        return ""


class ForecastModel(_Table):
    """Per officer: deadlines overdue, and due in each of the coming weeks."""

    class Column(Enum):
        OFFICER = "Officer"
        OVERDUE = "Overdue"
        WEEK1 = "Week 1"
        WEEK2 = "Week 2"
        WEEK3 = "Week 3"
        WEEK4 = "Week 4"

    columns = Column
    WEEKS = (Column.WEEK1, Column.WEEK2, Column.WEEK3, Column.WEEK4)

    def set_forecast(self, rows: Sequence[OfficerForecast]) -> None:
        """Show a new forecast."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def forecast_at(self, row: int) -> OfficerForecast | None:
        """The officer's forecast on `row`."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _week(self, column: Any) -> tuple[date, date] | None:
        if column not in self.WEEKS:
            return None
        first = self._today() + timedelta(weeks=self.WEEKS.index(column))
        return first, first + timedelta(days=6)

    def _heading(self, column: Any) -> str:
        week = self._week(column)
        if week is None:
            return column.value
        first, last = week
        return f"{first.day}–{last.day} {last:%b}" if first.month == last.month \
            else f"{first.day} {first:%b}–{last.day} {last:%b}"

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = DISPLAY) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._columns):
            week = self._week(self._columns[section])
            if week is not None:
                return (f"{self._columns[section].value}: deadlines due from "
                        f"{format_date(week[0])} to {format_date(week[1])}")
            if self._columns[section] == self.Column.OVERDUE:
                return "Deadlines already passed and not yet done"
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row: OfficerForecast | None = self._row(index)
        if row is None:
            return None
        column = self._columns[index.column()]
        if role == DISPLAY:
            if column == self.Column.OFFICER:
                return row.officer_name
            if column == self.Column.OVERDUE:
                return f"{row.overdue:,}"
            return f"{row.weeks[self.WEEKS.index(column)]:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.Column.OFFICER:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == self.Column.OVERDUE \
                and row.overdue:
            return STATUS_COLOURS[CaseStatusFlag.OVERDUE]
        return None


# ----- Backlog -----------------------------------------------------------------------------
class BacklogColumn(Enum):
    """Columns of the backlog table, in display order."""

    CHILD = "Child"
    REFERENCE = "Case ref"
    OFFICER = "Officer"
    DUE = "Review due"
    OVERDUE = "Days overdue"
    BAND = "Overdue by"
    TRANSFER = "Transfer"
    YEAR9 = "Year 9+"
    POST16 = "Post-16"
    LOOKED_AFTER = "Looked after"
    COMPLAINT = "Complaint"
    STAGE = "Review stage"


FLAG_COLUMNS = {
    BacklogColumn.TRANSFER: "phase_transfer",
    BacklogColumn.YEAR9: "year9_plus",
    BacklogColumn.POST16: "post16",
    BacklogColumn.LOOKED_AFTER: "looked_after",
    BacklogColumn.COMPLAINT: "complaint_or_tribunal",
}
BAND_ORDER = {band: i for i, band in enumerate(BacklogBand)}


def _backlog_key(column: BacklogColumn) -> Callable[[BacklogRow], Any]:
    """Sort key for a column; ties go by most overdue, then name."""
    def tie(r: BacklogRow) -> tuple[int, str]:
        return -r.days_overdue, r.display_name.casefold()

    if column in FLAG_COLUMNS:
        name = FLAG_COLUMNS[column]
        return lambda r: (not getattr(r, name), tie(r))
    keys: dict[BacklogColumn, Callable[[BacklogRow], Any]] = {
        BacklogColumn.CHILD: lambda r: r.display_name.casefold(),
        BacklogColumn.REFERENCE: lambda r: r.case_reference,
        BacklogColumn.OFFICER: lambda r: (r.officer_name is None,
                                          (r.officer_name or "").casefold(), tie(r)),
        BacklogColumn.DUE: lambda r: (r.due_on, r.display_name.casefold()),
        BacklogColumn.OVERDUE: lambda r: (r.days_overdue, r.display_name.casefold()),
        BacklogColumn.BAND: lambda r: (BAND_ORDER[r.band], tie(r)),
        BacklogColumn.STAGE: lambda r: (STAGE_ORDER.get(r.stage, 99) if r.stage else 99,
                                        tie(r)),
    }
    return keys[column]


class BacklogModel(_Table):
    """Overdue reviews, filtered by age band and sorted in Python (fast at 30,000 rows)."""

    columns = BacklogColumn
    tooltips: ClassVar[dict[Any, str]] = {
        BacklogColumn.TRANSFER: "Moves phase next September: the plan must be amended by "
                                "15 February (31 March for post-16), reg 18",
        BacklogColumn.YEAR9: "Year 9 and above: the review must cover preparing for "
                             "adulthood, reg 20(6)",
        BacklogColumn.POST16: "Year 12 and above",
        BacklogColumn.LOOKED_AFTER: "A looked-after child",
        BacklogColumn.COMPLAINT: "A complaint or a Tribunal appeal is open on this case",
        BacklogColumn.BAND: "How long the annual review has been overdue, in calendar months",
    }

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        super().__init__(today, parent)
        self._all: list[BacklogRow] = []
        self._band: BacklogBand | None = None
        self._sort = (BacklogColumn.OVERDUE, Qt.SortOrder.DescendingOrder)

    def set_backlog(self, rows: Sequence[BacklogRow]) -> None:
        """Show a new backlog, keeping the band filter and sort order."""
        self._all = list(rows)
        self._refill()

    def set_band(self, band: BacklogBand | None) -> None:
        """Show only reviews overdue by `band` (None: every overdue review)."""
        self._band = band
        self._refill()

    @property
    def band(self) -> BacklogBand | None:
        """The band shown, or None for all."""
        return self._band

    def band_counts(self) -> dict[BacklogBand, int]:
        """How many overdue reviews fall in each band (whatever the filter)."""
        counts = dict.fromkeys(BacklogBand, 0)
        for row in self._all:
            counts[row.band] += 1
        return counts

    def total(self) -> int:
        """Every overdue review, whatever the filter."""
        return len(self._all)

    def row_at(self, row: int) -> BacklogRow | None:
        """The review shown on `row`."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self._sort = (self._columns[column], order)
        self.layoutAboutToBeChanged.emit()
        self._order()
        self.layoutChanged.emit()

    def _refill(self) -> None:
        self.beginResetModel()
        self._rows = [r for r in self._all if self._band is None or r.band == self._band]
        self._order()
        self.endResetModel()

    def _order(self) -> None:
        column, order = self._sort
        self._rows.sort(key=_backlog_key(column),
                        reverse=order == Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row: BacklogRow | None = self._row(index)
        if row is None:
            return None
        column = self._columns[index.column()]
        if role == DISPLAY:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in FLAG_COLUMNS:
                return CENTRE
            if column == BacklogColumn.OVERDUE:
                return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == BacklogColumn.OVERDUE:
            return STATUS_COLOURS[CaseStatusFlag.OVERDUE]
        if role == Qt.ItemDataRole.AccessibleTextRole and column in FLAG_COLUMNS:
            return "Yes" if getattr(row, FLAG_COLUMNS[column]) else "No"
        if role == CHILD_ID_ROLE:
            return str(row.child_id)
        return None

    @staticmethod
    def _display(row: BacklogRow, column: BacklogColumn) -> str:
        if column in FLAG_COLUMNS:
            return TICK if getattr(row, FLAG_COLUMNS[column]) else ""
        match column:
            case BacklogColumn.CHILD:
                return row.display_name
            case BacklogColumn.REFERENCE:
                return row.case_reference
            case BacklogColumn.OFFICER:
                return row.officer_name or "Unallocated"
            case BacklogColumn.DUE:
                return format_date(row.due_on)
            case BacklogColumn.OVERDUE:
                return f"{row.days_overdue:,}"
            case BacklogColumn.BAND:
                return row.band.label
            case BacklogColumn.STAGE:
                return row.stage.label if row.stage else ""
        return ""

    def child_ids(self, rows: Sequence[int]) -> list[uuid.UUID]:
        """The cases on the given rows, in row order."""
        return [self._rows[r].child_id for r in sorted(set(rows)) if 0 <= r < len(self._rows)]
