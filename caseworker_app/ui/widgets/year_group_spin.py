"""A spin box of school year groups, shown by name ("Reception", "Year 5")."""

from __future__ import annotations

from PySide6.QtWidgets import QSpinBox, QWidget

from caseworker_app import schoolyear
from caseworker_app.case_validation import YEAR_GROUP_RANGE


class YearGroupSpin(QSpinBox):
    """A year group in the range the service accepts, shown by its school name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(YEAR_GROUP_RANGE.start, YEAR_GROUP_RANGE.stop - 1)

    def textFromValue(self, value: int) -> str:
        return schoolyear.year_group_label(value)

    def valueFromText(self, text: str) -> int:
        for value in range(self.minimum(), self.maximum() + 1):
            if schoolyear.year_group_label(value).casefold() == text.strip().casefold():
                return value
        return self.value()
