"""A dd/MM/yyyy date box with a calendar popup that can, when optional, hold "no date"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QLineEdit, QStyle, QWidget

DISPLAY_FORMAT = "dd/MM/yyyy"
DEFAULT_MINIMUM = date(1900, 1, 1)
NO_DATE_TEXT = "No date"


class DateField(QDateEdit):
    """A date edit that reads and writes Python dates; `None` means "no date" if optional.

    No maximum is set unless asked for: a date in the future should reach the service and
    come back as a message, not be silently clamped by the widget.
    """

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False,
                 minimum: date = DEFAULT_MINIMUM) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setCalendarPopup(True)
        self._optional = optional
        self._advanced = False  # the last digit typed completed a section
        self._floor = QDate(minimum)
        if optional:
            # The day before the floor stands for "no date" and shows the special text.
            self.setMinimumDate(self._floor.addDays(-1))
            self.setSpecialValueText(NO_DATE_TEXT)
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton)
            self._clear = self.lineEdit().addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
            self._clear.setToolTip("Clear the date")
            self._clear.triggered.connect(self.clear_date)
            self.dateChanged.connect(self._update_clear_action)
            self.set_value(None)
        else:
            self.setMinimumDate(self._floor)
        self.calendarWidget().installEventFilter(self)

    @property
    def optional(self) -> bool:
        """Whether "no date" is allowed."""
        return self._optional

    def value(self) -> date | None:
        """The date shown, or None when an optional field holds no date."""
        if self._optional and self.date() < self._floor:
            return None
        return self.date().toPython()

    def set_value(self, value: date | None) -> None:
        """Show `value`; None clears an optional field."""
        if value is None:
            if not self._optional:
                raise ValueError("This date field needs a date.")
            self.setDate(self.minimumDate())
        else:
            self.setDate(QDate(value))

    def set_maximum(self, value: date) -> None:
        """Refuse dates after `value` (only where the rule is absolute, such as a close date)."""
        self.setMaximumDate(QDate(value))

    @Slot()
    def clear_date(self) -> None:
        """Set an optional field to "no date"."""
        if self._optional:
            self.set_value(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete clears an optional date; "/" after a completed day or month is skipped.

        QDateEdit moves to the next section by itself once "01" is typed, so the "/" people
        type next would skip a whole section: "01/01/2030" would land in the wrong place.
        """
        if self._optional and event.key() == Qt.Key.Key_Delete:
            self.clear_date()
            return
        if event.text() == "/" and self._advanced:
            self._advanced = False
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        self._advanced = event.text().isdigit() and self.currentSection() != section

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Start typing at the day, whichever way the field was entered."""
        super().focusInEvent(event)
        if self.value() is not None:
            self.setSelectedSection(QDateEdit.Section.DaySection)
        self._advanced = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Open the calendar on the current month rather than the "no date" sentinel."""
        showing = watched is self.calendarWidget() and event.type() == QEvent.Type.Show
        if showing and self.value() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    @Slot(QDate)
    def _update_clear_action(self, _value: QDate) -> None:
        self._clear.setVisible(self.value() is not None)
