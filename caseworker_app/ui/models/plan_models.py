"""List models of the plan editor: the sections with their count of points to check, the
golden-thread gaps, and the needs an outcome or provision row is linked to."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from caseworker_app.codes import PlanSection

Index = QModelIndex | QPersistentModelIndex
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1  # a section's count of points to check
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # what a row stands for (section, item key)

SHORT_NAMES = {
    PlanSection.A: "Views",
    PlanSection.B: "SEN needs",
    PlanSection.C: "Health needs",
    PlanSection.D: "Social care needs",
    PlanSection.E: "Outcomes",
    PlanSection.F: "SEN provision",
    PlanSection.G: "Health provision",
    PlanSection.H1: "Social care s.2",
    PlanSection.H2: "Other social care",
    PlanSection.I: "Placement",
    PlanSection.J: "Personal budget",
    PlanSection.K: "Advice",
}


class SectionListModel(QAbstractListModel):
    """Sections A to K, each with how many points the checks raise in it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections = tuple(PlanSection)
        self._counts: dict[PlanSection, int] = {}
        self._compact = False

    def set_compact(self, compact: bool) -> None:
        """Show only the letters (a narrow pane), or the letters and short names."""
        if compact != self._compact:
            self._compact = compact
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._sections) - 1, 0),
                                  [Qt.ItemDataRole.DisplayRole])

    def section(self, row: int) -> PlanSection:
        """The section on `row`."""
        return self._sections[row]

    def row_of(self, section: PlanSection) -> int:
        """The row showing `section`."""
        return self._sections.index(section)

    def set_counts(self, counts: dict[PlanSection, int]) -> None:
        """Show new counts (only the rows whose count changed are repainted)."""
        for row, section in enumerate(self._sections):
            if counts.get(section, 0) != self._counts.get(section, 0):
                self._counts[section] = counts.get(section, 0)
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [COUNT_ROLE, Qt.ItemDataRole.ToolTipRole])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._sections)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sections):
            return None
        section = self._sections[index.row()]
        count = self._counts.get(section, 0)
        if role == Qt.ItemDataRole.DisplayRole:
            return section.value if self._compact else f"{section.value}  {SHORT_NAMES[section]}"
        if role == COUNT_ROLE:
            return count
        if role == KEY_ROLE:
            return section
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            points = f"{count} point{'s' if count != 1 else ''} to check" if count else \
                "nothing to check"
            return f"{section.label}: {points}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True, slots=True)
class ThreadGap:
    """One break in the golden thread, and where to go to mend it."""

    text: str  # "B2 (Difficulty with...) has no provision"
    detail: str  # the check's message and source
    section: PlanSection
    key: uuid.UUID | None  # the item to jump to


class GoldenThreadModel(QAbstractListModel):
    """Needs with no provision or no outcome, and provision with no need."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._gaps: tuple[ThreadGap, ...] = ()

    def set_gaps(self, gaps: Iterable[ThreadGap]) -> None:
        """Show these gaps (all rows replaced: the list is short)."""
        gaps = tuple(gaps)
        if gaps == self._gaps:
            return
        self.beginResetModel()
        self._gaps = gaps
        self.endResetModel()

    def gap(self, row: int) -> ThreadGap:
        """The gap on `row`."""
        return self._gaps[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._gaps)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._gaps):
            return None
        gap = self._gaps[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return gap.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{gap.detail}\nDouble-click or press Enter to go there."
        if role == KEY_ROLE:
            return gap.key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class NeedLinkModel(QAbstractListModel):
    """The plan's needs, each ticked if an outcome or provision row is linked to it.

    Rows are (label, text, saved id); a need not yet saved has no id and cannot be linked
    until it is (a second or so after its text is typed).
    """

    links_changed = Signal()  # a tick was set or cleared by the person

    def __init__(self, needs: Sequence[tuple[str, str, uuid.UUID | None]],
                 linked: Iterable[uuid.UUID], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needs = tuple(needs)
        self._linked = set(linked)
        self._editable = True

    def linked(self) -> tuple[uuid.UUID, ...]:
        """The saved ids of the ticked needs, in the plan's order."""
        return tuple(i for _l, _t, i in self._needs if i is not None and i in self._linked)

    def set_linked(self, linked: Iterable[uuid.UUID]) -> None:
        """Tick exactly these needs (undo, reload)."""
        self._linked = set(linked)
        if self._needs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._needs) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def set_editable(self, editable: bool) -> None:
        """Refuse ticks on a final plan."""
        self.beginResetModel()
        self._editable = editable
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._needs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._needs):
            return None
        label, text, need_id = self._needs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = text.strip().splitlines()[0] if text.strip() else "(no text yet)"
            return f"{label}  {shown}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if need_id is not None else f"{text}\n(Saving: it can be linked in " \
                "a moment.)"
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = need_id is not None and need_id in self._linked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == KEY_ROLE:
            return need_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or not self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        need_id = self._needs[index.row()][2]
        assert need_id is not None
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._linked.add(need_id)
        else:
            self._linked.discard(need_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.links_changed.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._needs):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self._needs[index.row()][2] is not None:
            flags |= Qt.ItemFlag.ItemIsEnabled
            if self._editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags
