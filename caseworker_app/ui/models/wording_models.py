"""Models of the letter wording window: the letters and blocks with the version in use, the
problems the checks find, and the fields a piece of wording may use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from caseworker_app.entities_letters import TemplateKey, TemplateVersion
from caseworker_app.letters import catalogue
from caseworker_app.letters.catalogue import (
    CATALOGUE,
    Block,
    FieldInfo,
    LetterKind,
    allowed_fields,
    key_of,
    required_fields,
)
from caseworker_app.letters.templates import TemplateProblem
from caseworker_app.ui.models.case_detail_models import RecordTableModel, local_time

Index = QModelIndex | QPersistentModelIndex
VERSION_ROLE = Qt.ItemDataRole.UserRole + 1  # "built in" or "version 3, Grace Lead, ..."
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # the LetterKind or Block of a row (None: a heading)
HEADING_ROLE = Qt.ItemDataRole.UserRole + 3  # True for a group heading
LETTERS_HEADING = "Letters"
BLOCKS_HEADING = "Added to letters by law"


def version_text(version: TemplateVersion) -> str:
    """How a version is described: "built in", or "version 3, Grace Lead, 23 Nov 2026"."""
    if version.builtin:
        return "built in"
    parts = [f"version {version.version}"]
    if version.author_name:
        parts.append(version.author_name)
    if version.saved_at is not None:
        when = local_time(version.saved_at)
        parts.append(f"{when.day} {when:%b %Y}")
    return ", ".join(parts)


class WordingListModel(QAbstractListModel):
    """The twelve letters, then the statutory blocks, each under a heading (not selectable)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[str | TemplateVersion] = []

    def set_templates(self, templates: Iterable[TemplateVersion]) -> None:
        """Show the wording in use for every letter and block (letters first)."""
        found = list(templates)
        self.beginResetModel()
        self._rows = [LETTERS_HEADING, *(t for t in found if not t.is_block),
                      BLOCKS_HEADING, *(t for t in found if t.is_block)]
        self.endResetModel()

    def update(self, version: TemplateVersion) -> None:
        """A new version of one letter or block is in use."""
        row = self.row_of(key_of(version.key))
        if row >= 0:
            self._rows[row] = version
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def row_of(self, key: TemplateKey) -> int:
        """The row showing `key` (-1 if none)."""
        return next((n for n, r in enumerate(self._rows)
                     if isinstance(r, TemplateVersion) and r.key == key.value), -1)

    def key(self, row: int) -> TemplateKey | None:
        """The letter or block on `row` (None for a heading)."""
        found = self._rows[row] if 0 <= row < len(self._rows) else None
        return key_of(found.key) if isinstance(found, TemplateVersion) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if isinstance(row, str):
            return _heading_data(row, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}: {version_text(row)}"
        if role in (Qt.ItemDataRole.AccessibleDescriptionRole, VERSION_ROLE):
            return version_text(row)
        if role == KEY_ROLE:
            return key_of(row.key)
        if role == HEADING_ROLE:
            return False
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or isinstance(self._rows[index.row()], str):
            return Qt.ItemFlag.NoItemFlags  # a heading: the arrow keys pass over it
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _heading_data(text: str, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return text
    if role == HEADING_ROLE:
        return True
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return None


class ProblemListModel(QAbstractListModel):
    """What the checks found wrong with the wording, "Line 3: ..." first by line."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: tuple[TemplateProblem, ...] = ()

    def set_problems(self, problems: Iterable[TemplateProblem]) -> None:
        """Show these problems (none: an empty list)."""
        found = tuple(problems)
        if found != self._problems:
            self.beginResetModel()
            self._problems = found
            self.endResetModel()

    def problem(self, row: int) -> TemplateProblem:
        """The problem on `row`."""
        return self._problems[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(self._problems[index.row()])
        return None


@dataclass(frozen=True, slots=True)
class FieldRow:
    """A field the wording may use, what it holds, and whether the wording must keep it."""

    name: str
    meaning: str
    typed: bool
    required: bool


class FieldColumn(Enum):
    """Columns of the fields table."""

    FIELD = "Field"
    KEEP = "Must keep"
    MEANING = "What it holds"


class FieldTableModel(RecordTableModel):
    """The fields of one letter or block; activating a row inserts the field."""

    columns = FieldColumn

    def text(self, record: FieldRow, column: FieldColumn) -> str:
        """What a cell shows."""
        match column:
            case FieldColumn.FIELD:
                return f"{{{{ {record.name} }}}}"
            case FieldColumn.KEEP:
                return "Must keep" if record.required else ""
            case FieldColumn.MEANING:
                return record.meaning + (" (typed by the officer when printing)"
                                         if record.typed else "")


def field_rows(key: TemplateKey) -> list[FieldRow]:
    """The fields `key`'s wording may use, with their meanings: those it must keep first,
    then the rest in the catalogue's order."""
    allowed, required = allowed_fields(key), set(required_fields(key))
    if isinstance(key, LetterKind):
        infos: tuple[FieldInfo, ...] = CATALOGUE[key].fields
    else:
        infos = catalogue.COMMON + catalogue.APPEAL + catalogue.RESPONSE
    seen: dict[str, FieldInfo] = {}
    for info in infos:
        if info.name in allowed:
            seen.setdefault(info.name, info)
    rows = [FieldRow(i.name, i.meaning, i.typed, i.name in required) for i in seen.values()]
    return sorted(rows, key=lambda r: not r.required)  # those to keep first, else in order


def letters_with(block: Block) -> list[str]:
    """The titles of the letters a block is added to."""
    return [info.title for info in CATALOGUE.values() if block in info.blocks]
