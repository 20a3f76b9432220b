"""A searchable pick-list of education settings whose value is a setting id, or none."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from caseworker_app.entities import SettingRecord
from caseworker_app.ui.widgets.form import make_searchable

NO_SETTING = "No setting recorded"


class SettingCombo(QComboBox):
    """Type part of a setting's name to find it; text that names none is never half-set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, editable=True, insertPolicy=QComboBox.InsertPolicy.NoInsert)
        self.addItem(NO_SETTING, None)
        self.setMinimumContentsLength(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lineEdit().setPlaceholderText("Type part of the name to search")
        make_searchable(self)
        self.lineEdit().editingFinished.connect(self._settle_text)

    def value(self) -> uuid.UUID | None:
        """The setting chosen, if any."""
        data = self.currentData()
        return uuid.UUID(data) if data else None

    def set_value(self, value: uuid.UUID | None) -> None:
        """Choose a setting by id (no setting if it is not in the list)."""
        found = self.findData(str(value) if value else None)
        self.setCurrentIndex(max(0, found))

    def set_settings(self, settings: list[SettingRecord]) -> None:
        """Replace the list; the caller chooses again (see `ensure_item` and `set_value`)."""
        self.clear()
        self.addItem(NO_SETTING, None)
        for s in settings:
            self.addItem(f"{s.name} – {s.town}" if s.town else s.name, str(s.id))

    def ensure_item(self, setting_id: uuid.UUID | None, name: str | None) -> None:
        """Make sure `setting_id` can be shown, even before (or without) the full list."""
        if setting_id is not None and self.findData(str(setting_id)) < 0:
            self.addItem(name or "Unknown setting", str(setting_id))

    @Slot()
    def _settle_text(self) -> None:
        """Typed text that names no setting goes back to the chosen one, never half-set."""
        found = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        if found >= 0:
            self.setCurrentIndex(found)
        self.setEditText(self.itemText(self.currentIndex()))
