"""Close a case: the reason the plan ceased (SEN2 codes), the date, and a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from caseworker_app.codes import CloseReason
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.widgets.date_field import DateField


class CloseCaseDialog(ServiceDialog):
    """Collects why and when a case closes; the caller closes it on `submitted`
    (read `reason()`, `closed_on()` and `note()`) and then calls `run_write()`."""

    def __init__(self, today: date, case_name: str, parent: QWidget | None = None) -> None:
        super().__init__("Close case", submit_text="Close case", parent=parent,
                         intro=f"Close the case of {case_name}. The record, contacts and "
                               "chronology are kept, and the case can be reopened later.")
        self._reason = QComboBox()
        self._reason.addItem("Choose a reason…", None)
        for reason in CloseReason:
            self._reason.addItem(reason.label, reason.value)
        self._date = DateField(minimum=date(today.year - 30, 1, 1))
        self._date.set_value(today)
        self._note = QPlainTextEdit(placeholderText="Optional: anything the team should know")
        self._note.setTabChangesFocus(True)
        self._note.setFixedHeight(80)
        self._add_field("close_reason", "Reason", self._reason)
        self._add_field("closed_on", "Closed on", self._date)
        self._add_field("note", "Note", self._note)

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

    def _check(self) -> dict[str, str]:
        if self.reason() is None:
            return {"close_reason": "Choose why the case is closing."}
        return {}
