"""Correct a recorded date, with the reason; shared by every dated workflow (reviews,
assessments). The old date is kept in the workflow's history by its service."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from caseworker_app.rules.calendar import long_date
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.widgets.date_field import DateField


def note_box(placeholder: str) -> QPlainTextEdit:
    """A short multi-line note where Tab moves on rather than typing a tab."""
    note = QPlainTextEdit(placeholderText=placeholder)
    note.setTabChangesFocus(True)
    note.setFixedHeight(70)
    return note


class CorrectDateDialog(ServiceDialog):
    """A corrected date and the reason for it.

    `step` names the step as the person knows it; `subject` says whose workflow it is
    ("Annual review of Zoë Ward"). The caller writes on `submitted`, reading `on()` and
    `reason()`, through `run_write()`.
    """

    def __init__(self, step: str, subject: str, recorded: date, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Correct the date: {step.lower()}", submit_text="Correct date",
                         parent=parent, minimum_width=460,
                         intro=f"{subject}. “{step}” is recorded on {long_date(recorded)}. "
                               "The old date is kept in the history.")
        self._date = DateField(minimum=date(today.year - 5, 1, 1))
        self._date.set_value(recorded)
        self._reason = note_box("Why the recorded date was wrong")
        self._add_field("on", "Correct date", self._date)
        self._add_field("reason", "Reason", self._reason)

    def on(self) -> date | None:
        """The corrected date."""
        return self._date.value()

    def reason(self) -> str:
        """Why the date is being corrected."""
        return self._reason.toPlainText().strip()

    @property
    def date_field(self) -> DateField:
        """The corrected date."""
        return self._date

    @property
    def reason_box(self) -> QPlainTextEdit:
        """The reason text."""
        return self._reason

    def _check(self) -> dict[str, str]:
        return {} if self.reason() else {"reason": "Say why the date is being corrected."}
