"""Dialogs of the Assessment tab: start an assessment, record its next step, correct a date,
and record or remove an exception to its time limits.

Each checks what it can before sending (a lateness reason when the date is late, a reason for
an exception) and shows the assessment service's refusals beside the fields.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from caseworker_app import assessment_workflow as wf
from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentKind,
    AssessmentRequester,
    AssessmentStage,
    LatenessReason,
)
from caseworker_app.entities import NeedsAssessmentRecord
from caseworker_app.rules.calendar import long_date
from caseworker_app.rules.deadlines import (
    AssessmentException,
    Deadline,
    DeadlineKey,
    needs_assessment,
    reassessment_request_decision,
)
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.dialogs.correct_date import note_box
from caseworker_app.ui.widgets.date_field import DateField

S = AssessmentStage
REMOVE = "remove"  # the exception pick-list's "no exception" entry


def _muted() -> QLabel:
    label = QLabel(wordWrap=True)
    label.setProperty("role", "muted")
    return label


class StartAssessmentDialog(ServiceDialog):
    """A request for an assessment or reassessment: what kind, when it came, who asked.

    The caller starts it on `submitted` (read `kind()`, `on()`, `requested_by()`, `note()`)
    through `run_write()`.
    """

    def __init__(self, today: date, case_name: str, plan_issued_on: date | None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Start an assessment", submit_text="Start", parent=parent,
                         minimum_width=500,
                         intro=f"Record a request for an EHC needs assessment of {case_name}. "
                               "The statutory time limits count from the day it was received.")
        self._kind = QComboBox()
        for kind in AssessmentKind:
            self._kind.addItem(kind.label, kind.value)
        default = AssessmentKind.REASSESSMENT if plan_issued_on else AssessmentKind.NEW
        self._kind.setCurrentIndex(self._kind.findData(default.value))
        self._kind.currentIndexChanged.connect(self._update_preview)
        self._add_field("kind", "Kind", self._kind)
        self._date = DateField(minimum=date(today.year - 5, 1, 1))
        self._date.set_value(today)
        self._date.dateChanged.connect(self._update_preview)
        self._add_field("on", "Request received", self._date)
        self._by = QComboBox()
        self._by.addItem("Choose who asked…", None)
        for requester in AssessmentRequester:
            self._by.addItem(requester.label, requester.value)
        self._add_field("requested_by", "Asked by", self._by)
        self._note = note_box("Optional: how the request came, anything the team should know")
        self._add_field("note", "Note", self._note)
        self._preview = _muted()
        self._add_note(self._preview)
        self._update_preview()

    def kind(self) -> AssessmentKind:
        """A new assessment or a reassessment."""
        return AssessmentKind(self._kind.currentData())

    def on(self) -> date | None:
        """The day the request was received."""
        return self._date.value()

    def requested_by(self) -> AssessmentRequester | None:
        """Who asked."""
        data = self._by.currentData()
        return AssessmentRequester(data) if data else None

    def note(self) -> str:
        """A note for the history and the chronology."""
        return self._note.toPlainText().strip()

    @property
    def kind_combo(self) -> QComboBox:
        """The kind pick-list."""
        return self._kind

    @property
    def date_field(self) -> DateField:
        """The day the request was received."""
        return self._date

    @property
    def requester_combo(self) -> QComboBox:
        """Who asked."""
        return self._by

    @property
    def preview(self) -> QLabel:
        """What the first deadlines will be."""
        return self._preview

    @Slot()
    def _update_preview(self) -> None:
        on = self.on()
        if on is None:
            self._preview.setText("")
            return
        if self.kind() == AssessmentKind.REASSESSMENT:
            decision = reassessment_request_decision(on)
            self._preview.setText(
                f"The council must decide whether to reassess by {long_date(decision.due)} "
                f"(15 days; {decision.citation}). If it reassesses, the final plan is due "
                f"within 14 weeks of that decision (reg 27).")
            return
        limits = {d.key: d.due for d in needs_assessment(on)}
        self._preview.setText(
            f"The decision whether to assess will be due by "
            f"{long_date(limits[DeadlineKey.ASSESSMENT_DECISION])} (6 weeks, reg 5) and the "
            f"final plan by {long_date(limits[DeadlineKey.FINAL_PLAN])} (20 weeks, reg 13(2)).")

    def _check(self) -> dict[str, str]:
        return {} if self.requested_by() else {"requested_by": "Say who asked for the "
                                                               "assessment."}


class RecordAssessmentStepDialog(ServiceDialog):
    """The next step's date (or which outcome, after the advice), the decision whether to
    assess, and why it is late when it is.

    The caller records it on `submitted` (read `step()`, `on()`, `decision()`,
    `lateness_reason()` and `note()`) through `run_write()`.
    """

    def __init__(self, record: NeedsAssessmentRecord, steps: tuple[AssessmentStage, ...],
                 today: date, case_name: str, parent: QWidget | None = None) -> None:
        self._record, self._today = record, today
        kind = record.kind
        title = wf.action(kind, steps[0]) if len(steps) == 1 else "Record the outcome"
        super().__init__(title, submit_text="Record", parent=parent, minimum_width=500,
                         intro=f"{wf.kind_title(kind)} of {case_name}, requested on "
                               f"{long_date(record.request_received_on)}.")
        self._step = QComboBox()
        for step in steps:
            self._step.addItem(wf.step_label(kind, step), step.value)
        self._step.currentIndexChanged.connect(self._update_rule)
        if len(steps) > 1:
            self._add_field("step", "What happened", self._step)
        self._date = DateField(minimum=date(today.year - 5, 1, 1))
        self._date.set_value(today)
        self._date.dateChanged.connect(self._update_rule)
        self._add_field("on", "Date", self._date)
        self._decision = QComboBox()
        if steps == (S.DECISION,):
            self._decision.addItem("Choose the decision…", None)
            for decision in AssessmentDecision:
                self._decision.addItem(wf.decision_label(kind, decision), decision.value)
            self._add_field("decision", "Decision", self._decision)
        self._rule = _muted()
        self._add_note(self._rule)
        self._reason = QComboBox()
        self._reason.addItem("Choose why it is late…", None)
        for reason in LatenessReason:
            self._reason.addItem(reason.label, reason.value)
        self._add_field("lateness_reason", "Why late", self._reason)
        self._note = note_box("Optional: anything the team should know")
        self._add_field("note", "Note", self._note)
        self._update_rule()

    # ----- what was entered ------------------------------------------------------------
    def step(self) -> AssessmentStage:
        """The step being recorded."""
        return AssessmentStage(self._step.currentData())

    def on(self) -> date | None:
        """The date of the step."""
        return self._date.value()

    def decision(self) -> AssessmentDecision | None:
        """Assess or not, for the decision step."""
        data = self._decision.currentData()
        return AssessmentDecision(data) if data else None

    def lateness_reason(self) -> LatenessReason | None:
        """Why the step is late, when it is."""
        data = self._reason.currentData()
        return LatenessReason(data) if data and self.is_late() else None

    def note(self) -> str:
        """A note for the history and the chronology."""
        return self._note.toPlainText().strip()

    def deadline(self) -> Deadline | None:
        """The statutory deadline the chosen step is measured against."""
        return wf.deadline_for(self._record, self.step())

    def is_late(self) -> bool:
        """Whether the date entered is past a deadline that applies."""
        return wf.is_late(self.deadline(), self.on())

    @property
    def step_combo(self) -> QComboBox:
        """Which outcome (after the advice only)."""
        return self._step

    @property
    def date_field(self) -> DateField:
        """The date of the step."""
        return self._date

    @property
    def decision_combo(self) -> QComboBox:
        """Assess or not (decision step only)."""
        return self._decision

    @property
    def reason_combo(self) -> QComboBox:
        """The lateness reason pick-list."""
        return self._reason

    @property
    def rule_label(self) -> QLabel:
        """The rule the step is measured against, and how late it is."""
        return self._rule

    # ----- behaviour ---------------------------------------------------------------------
    @Slot()
    def _update_rule(self) -> None:
        late = self.is_late()
        self._reason.setEnabled(late)
        if not late:
            self._reason.setCurrentIndex(0)
        parts = []
        deadline = self.deadline()
        if deadline is not None:
            parts.append(f"Due by {long_date(deadline.due)}: {deadline.explanation} "
                         f"({deadline.citation})")
            if deadline.disapplied_reason:
                parts.append(f"Exception: {deadline.disapplied_reason}. This step cannot be "
                             "late.")
        if late:
            days = (self.on() - deadline.due).days
            parts.append(f"This date is {days} day{'s' if days != 1 else ''} late: choose why.")
        sent, on = self._record.draft_sent_on, self.on()
        window = wf.comment_window(sent) if sent is not None else None
        if self.step() == S.FINAL_ISSUED and window and on is not None and on <= window.due:
            parts.append(f"The family's 15 days to comment on the draft run until "
                         f"{long_date(window.due)}: issue the final plan before then only if "
                         "they have already replied.")
        self._rule.setText("\n\n".join(parts))
        self._rule.setVisible(bool(parts))

    def _check(self) -> dict[str, str]:
        errors = {}
        if self.step() == S.DECISION and self.decision() is None:
            verb = "reassess" if self._record.is_reassessment else "assess"
            errors["decision"] = f"Choose whether to {verb}."
        if self.is_late() and self._reason.currentData() is None:
            errors["lateness_reason"] = "This step is late: choose why."
        if self.lateness_reason() == LatenessReason.OTHER and not self.note():
            errors["note"] = "Say what the other reason for lateness was."
        return errors


class ExceptionDialog(ServiceDialog):
    """Which of the four exceptions applies and why, or that none does any more.

    The caller records it on `submitted`: `removing()` says whether to remove the exception,
    otherwise read `exception()`; `reason()` either way.
    """

    def __init__(self, record: NeedsAssessmentRecord, case_name: str,
                 parent: QWidget | None = None) -> None:
        limits = ("the 14-week limit for the final plan" if record.is_reassessment
                  else "the 6-, 16- and 20-week time limits")
        super().__init__("Record an exception", submit_text="Record", parent=parent,
                         minimum_width=560,
                         intro=f"{wf.kind_title(record.kind)} of {case_name}. An exception "
                               f"disapplies {limits} when meeting them is impractical for one "
                               "of the reasons below (reg 5(4), 10(4), 13(3)). The family "
                               "should be told. School holidays alone are not an exception.")
        self._record = record
        self._exception = QComboBox()
        self._exception.addItem("Choose which exception applies…", None)
        for exception in AssessmentException:
            self._exception.addItem(exception.label, exception.value)
        if record.exception is not None:
            self._exception.addItem("None: the time limits apply again", REMOVE)
            self._exception.setCurrentIndex(self._exception.findData(record.exception.value))
        self._exception.currentIndexChanged.connect(self._update_placeholder)
        self._add_field("exception", "Exception", self._exception)
        self._reason = note_box("")
        self._add_field("reason", "Reason", self._reason)
        self._current = _muted()
        if record.exception is not None:
            self._current.setText(f"Recorded now: {wf.exception_text(record)}")
            self._add_note(self._current)
        self._update_placeholder()

    def removing(self) -> bool:
        """True when the officer chose that no exception applies any more."""
        return self._exception.currentData() == REMOVE

    def exception(self) -> AssessmentException | None:
        """The exception chosen (None when removing, or none chosen)."""
        data = self._exception.currentData()
        return AssessmentException(data) if data and data != REMOVE else None

    def reason(self) -> str:
        """Why the exception applies, or why it no longer does."""
        return self._reason.toPlainText().strip()

    @property
    def exception_combo(self) -> QComboBox:
        """The exception pick-list."""
        return self._exception

    @property
    def reason_box(self) -> QPlainTextEdit:
        """The reason text."""
        return self._reason

    @Slot()
    def _update_placeholder(self) -> None:
        removing = self.removing()
        self._reason.setPlaceholderText(
            "Why the exception no longer applies" if removing else
            "Why it made the time limit impractical for this child, with dates")
        self.submit_button.setText("Remove" if removing else "Record")

    def _check(self) -> dict[str, str]:
        errors = {}
        if not self.removing() and self.exception() is None:
            errors["exception"] = "Choose which exception applies."
        if not self.reason():
            errors["reason"] = ("Say why the exception no longer applies." if self.removing()
                                else "Give a reason: say why the exception made the time "
                                     "limit impractical for this child.")
        return errors
