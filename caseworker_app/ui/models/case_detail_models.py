"""Table models for the case view: contacts, reviews, chronology and allocation history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from caseworker_app.codes import LetterFormat
from caseworker_app.entities import (
    AllocationRecord,
    ChronologyRecord,
    ContactRecord,
    ReviewRecord,
)

Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter


def format_date(value: date | None, blank: str = "") -> str:
    """A date as people in English councils write it: 23/11/2026."""
    return value.strftime("%d/%m/%Y") if value is not None else blank


def local_time(value: datetime) -> datetime:
    """A stored timestamp (UTC, naive when read back from SQLite) in local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone()


def format_datetime(value: datetime) -> str:
    """A timestamp in local time, as 23/11/2026 10:30."""
    return local_time(value).strftime("%d/%m/%Y %H:%M")


def yes_no(value: bool) -> str:
    """Yes or No."""
    return "Yes" if value else "No"


class RecordTableModel(QAbstractTableModel):
    """A read-only table over a tuple of frozen records; subclasses name the columns."""

    columns: ClassVar[type[Enum]]
    centred: ClassVar[frozenset[Enum]] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: tuple[Any, ...] = ()
        self._columns = tuple(self.columns)

    def set_records(self, records: Iterable[Any]) -> None:
        """Replace every row (a new case, or the same case reloaded)."""
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        """The record shown on `row`."""
        return self._records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns)
                and role == Qt.ItemDataRole.DisplayRole):
            return self._columns[section].value
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._records)
                                       and 0 <= index.column() < len(self._columns)):
            return None
        record, column = self._records[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((CENTRE if column in self.centred else LEFT).value)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def text(self, record: Any, column: Any) -> str:
        """What a cell shows."""
        raise NotImplementedError

    def tooltip(self, record: Any, column: Any) -> str:
        """A cell's tooltip: by default its full text, for columns too narrow to show it."""
        return self.text(record, column)


class ContactColumn(Enum):
    """Columns of the contacts table."""

    NAME = "Name"
    RELATIONSHIP = "Relationship"
    PARENTAL_RESPONSIBILITY = "Parental responsibility"
    LETTERS = "Letters"
    PHONE = "Phone"
    EMAIL = "E-mail"


class ContactTableModel(RecordTableModel):
    """The people connected with a case."""

    columns = ContactColumn
    centred = frozenset({ContactColumn.PARENTAL_RESPONSIBILITY})

    def text(self, record: ContactRecord, column: ContactColumn) -> str:
        """What a cell shows."""
        match column:
            case ContactColumn.NAME:
                return record.display_name
            case ContactColumn.RELATIONSHIP:
                return record.relationship.label
            case ContactColumn.PARENTAL_RESPONSIBILITY:
                return yes_no(record.parental_responsibility)
            case ContactColumn.LETTERS:
                if not record.receives_letters:
                    return "No"
                large = record.letter_format == LetterFormat.LARGE_PRINT
                return "Yes, large print" if large else "Yes"
            case ContactColumn.PHONE:
                return record.phone or ""
            case ContactColumn.EMAIL:
                return record.email or ""

    def tooltip(self, record: ContactRecord, column: ContactColumn) -> str:
        """The name cell shows the postal address."""
        if column == ContactColumn.NAME:
            parts = (record.address_line1, record.address_line2, record.town, record.postcode)
            address = ", ".join(p for p in parts if p)
            return f"{record.display_name}\n{address or 'No address recorded'}"
        return self.text(record, column)


class ReviewColumn(Enum):
    """Columns of the reviews table."""

    DUE = "Due"
    STAGE = "Stage"
    MEETING = "Meeting"
    DECISION = "Decision"
    DECISION_DATE = "Decision date"
    COMPLETED = "Completed"


class ReviewTableModel(RecordTableModel):
    """The annual reviews of a case, newest first."""

    columns = ReviewColumn
    centred = frozenset({ReviewColumn.DUE, ReviewColumn.MEETING, ReviewColumn.DECISION_DATE,
                         ReviewColumn.COMPLETED})

    def set_records(self, records: Iterable[ReviewRecord]) -> None:
        """Show `records`, the review due latest first."""
        super().set_records(sorted(records, key=lambda r: r.due_on, reverse=True))

    def text(self, record: ReviewRecord, column: ReviewColumn) -> str:
        """What a cell shows."""
        match column:
            case ReviewColumn.DUE:
                return format_date(record.due_on)
            case ReviewColumn.STAGE:
                return record.stage.label
            case ReviewColumn.MEETING:
                return format_date(record.meeting_held_on or record.meeting_on)
            case ReviewColumn.DECISION:
                return record.decision.label if record.decision else ""
            case ReviewColumn.DECISION_DATE:
                return format_date(record.decision_on)
            case ReviewColumn.COMPLETED:
                return format_date(record.completed_on)

    def tooltip(self, record: ReviewRecord, column: ReviewColumn) -> str:
        """Every stage date of the review, so the whole history is a hover away."""
        steps = (
            ("Due", record.due_on), ("Meeting arranged for", record.meeting_on),
            ("Invitations sent", record.invitations_sent_on),
            ("Advice received", record.advice_received_on),
            ("Meeting held", record.meeting_held_on),
            ("Report received", record.report_received_on),
            ("Decision", record.decision_on),
            ("Decision letter sent", record.decision_letter_sent_on),
            ("Amendments sent", record.amendments_sent_on),
            ("Final plan issued", record.final_issued_on),
            ("Completed", record.completed_on),
        )
        return "\n".join(f"{name}: {format_date(when)}" for name, when in steps if when)


class ChronologyColumn(Enum):
    """Columns of the chronology table."""

    WHEN = "Date and time"
    KIND = "Kind"
    SUMMARY = "Summary"
    AUTHOR = "Author"


class ChronologyTableModel(RecordTableModel):
    """Dated events on a case, newest first."""

    columns = ChronologyColumn

    def set_records(self, records: Iterable[ChronologyRecord]) -> None:
        """Show `records`, the latest event first."""
        super().set_records(sorted(records, key=lambda r: local_time(r.occurred_at),
                                   reverse=True))

    def text(self, record: ChronologyRecord, column: ChronologyColumn) -> str:
        """What a cell shows."""
        match column:
            case ChronologyColumn.WHEN:
                return format_datetime(record.occurred_at)
            case ChronologyColumn.KIND:
                return record.kind.label
            case ChronologyColumn.SUMMARY:
                return record.summary
            case ChronologyColumn.AUTHOR:
                return record.author_name

    def tooltip(self, record: ChronologyRecord, column: ChronologyColumn) -> str:
        """The summary cell previews the entry's details."""
        if column == ChronologyColumn.SUMMARY and record.body:
            body = record.body if len(record.body) <= 300 else record.body[:300] + "…"
            return f"{record.summary}\n\n{body}"
        return self.text(record, column)


class AllocationColumn(Enum):
    """Columns of the allocation history table."""

    OFFICER = "Officer"
    FROM = "From"
    TO = "To"
    REASON = "Reason"


class AllocationTableModel(RecordTableModel):
    """Who has held a case, and when."""

    columns = AllocationColumn
    centred = frozenset({AllocationColumn.FROM, AllocationColumn.TO})

    def text(self, record: AllocationRecord, column: AllocationColumn) -> str:
        """What a cell shows."""
        match column:
            case AllocationColumn.OFFICER:
                return record.officer_name
            case AllocationColumn.FROM:
                return format_date(record.start_on)
            case AllocationColumn.TO:
                return format_date(record.end_on, blank="Current")
            case AllocationColumn.REASON:
                return record.reason or ""
