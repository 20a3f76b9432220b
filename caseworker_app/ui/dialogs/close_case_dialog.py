"""Close a case: the reason the plan ceased (SEN2 codes), the date, and a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import CloseReason
from caseworker_app.ui.screens.child_form import add_field, error_label, set_error
from caseworker_app.ui.widgets.date_field import DateField


class CloseCaseDialog(QDialog):
    """Collects why and when a case closes; the caller closes it on `submitted` and then
    calls `accept()` or `show_errors()`."""

    submitted = Signal()  # Close case pressed: read `reason()`, `closed_on()` and `note()`

    def __init__(self, today: date, case_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.setWindowTitle("Close case")
        self.setMinimumWidth(440)
        intro = QLabel(f"Close the case of {case_name}. The record, contacts and chronology "
                       "are kept, and the case can be reopened later.", wordWrap=True)
        self._reason = QComboBox()
        self._reason.addItem("Choose a reason…", None)
        for reason in CloseReason:
            self._reason.addItem(reason.label, reason.value)
        self._date = DateField(minimum=date(today.year - 30, 1, 1))
        self._date.set_value(today)
        self._note = QPlainTextEdit(placeholderText="Optional: anything the team should know")
        self._note.setTabChangesFocus(True)
        self._note.setFixedHeight(80)
        form = QFormLayout()
        self._fields = {
            "close_reason": (add_field(form, "close_reason", "Reason", self._reason),
                             self._reason),
            "closed_on": (add_field(form, "closed_on", "Closed on", self._date), self._date),
            "note": (add_field(form, "note", "Note", self._note), self._note),
        }
        self._general = error_label()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                         | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Close case")
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self._general)
        layout.addWidget(self._buttons)

    def reason(self) -> CloseReason | None:
        """The reason chosen, if any."""
        data = self._reason.currentData()
        return CloseReason(data) if data else None

    def closed_on(self) -> date:
        """The date the case closes."""
        value = self._date.value()
        assert value is not None  # the field is not optional
        return value

    def note(self) -> str:
        """A note for the chronology."""
        return self._note.toPlainText().strip()

    @property
    def reason_combo(self) -> QComboBox:
        """The reason pick-list."""
        return self._reason

    @property
    def date_field(self) -> DateField:
        """The closing date."""
        return self._date

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show messages beside their fields; the dialog stays open."""
        self.set_busy(False)
        for name, (label, widget) in self._fields.items():
            set_error(label, widget, errors.get(name, ""))
        others = [m for k, m in errors.items() if k not in self._fields]
        self._general.setText(" ".join(others))
        self._general.setVisible(bool(others))

    def set_busy(self, busy: bool) -> None:
        """Stop a second submission, or closing, while the case is being closed."""
        self._busy = busy
        self._buttons.setEnabled(not busy)

    def reject(self) -> None:
        """Cancel, unless closing is under way."""
        if not self._busy:
            super().reject()

    @Slot()
    def _submit(self) -> None:
        if self.reason() is None:
            self.show_errors({"close_reason": "Choose why the case is closing."})
            return
        self.set_busy(True)
        self.submitted.emit()
