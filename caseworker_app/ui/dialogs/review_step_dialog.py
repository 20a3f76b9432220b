"""Record the next step of an annual review (dates are corrected with `correct_date`)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from caseworker_app.codes import LatenessReason, ReviewDecision, ReviewStage
from caseworker_app.review_workflow import ACTION, StepLine
from caseworker_app.rules.deadlines import Deadline
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.dialogs.correct_date import note_box
from caseworker_app.ui.widgets.date_field import DateField


def _d(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class RecordStepDialog(ServiceDialog):
    """Date of the step, the decision when there is one, and why it is late when it is.

    The caller records the step on `submitted` (read `on()`, `decision()`,
    `lateness_reason()` and `note()`) through `run_write()`.
    """

    def __init__(self, line: StepLine, today: date, case_name: str,
                 parent: QWidget | None = None) -> None:
        self._line, self._today = line, today
        step = line.step
        super().__init__(ACTION[step], submit_text="Record", parent=parent, minimum_width=480,
                         intro=f"Annual review of {case_name}: {step.label.lower()}.")
        self._date = DateField(minimum=date(today.year - 5, 1, 1))
        self._date.set_value(self._default_date())
        self._date.dateChanged.connect(self._update_lateness)
        label = "Meeting date" if step == ReviewStage.MEETING_SCHEDULED else "Date"
        self._add_field("on", label, self._date)
        self._decision = QComboBox()
        if step == ReviewStage.DECISION_MADE:
            self._decision.addItem("Choose the decision…", None)
            for decision in ReviewDecision:
                self._decision.addItem(decision.label, decision.value)
            self._add_field("decision", "Decision", self._decision)
        self._rule = QLabel(wordWrap=True)
        self._rule.setProperty("role", "muted")
        self._add_note(self._rule)
        self._reason = QComboBox()
        self._reason.addItem("Choose why it is late…", None)
        for reason in LatenessReason:
            self._reason.addItem(reason.label, reason.value)
        self._add_field("lateness_reason", "Why late", self._reason)
        self._note = note_box("Optional: anything the team should know")
        self._add_field("note", "Note", self._note)
        self._update_lateness()

    # ----- what was entered ------------------------------------------------------------
    def on(self) -> date | None:
        """The date of the step (or of the planned meeting)."""
        return self._date.value()

    def decision(self) -> ReviewDecision | None:
        """The decision chosen, for the decision step."""
        data = self._decision.currentData()
        return ReviewDecision(data) if data else None

    def lateness_reason(self) -> LatenessReason | None:
        """Why the step is late, when it is."""
        data = self._reason.currentData()
        return LatenessReason(data) if data and self.is_late() else None

    def note(self) -> str:
        """A note for the review history and the chronology."""
        return self._note.toPlainText().strip()

    @property
    def date_field(self) -> DateField:
        """The date of the step."""
        return self._date

    @property
    def decision_combo(self) -> QComboBox:
        """The decision pick-list (decision step only)."""
        return self._decision

    @property
    def reason_combo(self) -> QComboBox:
        """The lateness reason pick-list."""
        return self._reason

    def is_late(self) -> bool:
        """Whether the date entered is past the step's statutory deadline."""
        day, deadline = self.on(), self._line.deadline
        return day is not None and deadline is not None and day > deadline.due

    # ----- behaviour ---------------------------------------------------------------------
    def _default_date(self) -> date:
        if self._line.step == ReviewStage.MEETING_SCHEDULED:
            # far enough ahead to give 2 weeks' notice (reg 20(3)) with a week to spare
            return self._today + timedelta(days=21)
        return self._today

    @Slot()
    def _update_lateness(self) -> None:
        deadline: Deadline | None = self._line.deadline
        late = self.is_late()
        self._reason.setEnabled(late)
        if not late:
            self._reason.setCurrentIndex(0)
        if deadline is None:
            self._rule.setText("")
            self._rule.hide()
            return
        text = f"Due by {_d(deadline.due)}: {deadline.explanation} ({deadline.citation})"
        if late:
            days = (self.on() - deadline.due).days
            text += f"\n\nThis date is {days} day{'s' if days != 1 else ''} late: choose why."
        self._rule.setText(text)
        self._rule.show()

    def _check(self) -> dict[str, str]:
        errors = {}
        if self._line.step == ReviewStage.DECISION_MADE and self.decision() is None:
            errors["decision"] = "Choose maintain, amend or cease."
        if self.is_late() and self._reason.currentData() is None:
            errors["lateness_reason"] = "This step is late: choose why."
        if self.lateness_reason() == LatenessReason.OTHER and not self.note():
            errors["note"] = "Say what the other reason for lateness was."
        return errors
