"""A case's Assessment tab: its EHC needs assessments and reassessments, each step by step.

The list shows every request, the newest first. The selected assessment's timeline lists
every step of its path with its date, the statutory deadline it is measured against and
whether it was late or the limit disapplied by an exception; the rule behind a deadline shows
beneath when a step is selected; its history (every step, corrected date and exception) is
on a page beside it. Requests are started, steps recorded, dates corrected and
exceptions recorded through dialogs; the assessment service checks every move and says why
when it refuses.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker_app import assessment_workflow as wf
from caseworker_app.codes import AssessmentStage
from caseworker_app.services import Services
from caseworker_app.services.assessments import AssessmentDetail, CaseAssessments
from caseworker_app.ui.dialogs.assessment_dialogs import (
    ExceptionDialog,
    RecordAssessmentStepDialog,
    StartAssessmentDialog,
)
from caseworker_app.ui.dialogs.correct_date import CorrectDateDialog
from caseworker_app.ui.dialogs.messages import open_dialog, report
from caseworker_app.ui.models.assessment_models import (
    AssessmentHistoryModel,
    AssessmentListModel,
    TimelineModel,
)
from caseworker_app.ui.models.case_detail_models import format_date
from caseworker_app.ui.models.review_models import days_phrase
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.record_table import record_table

LIST_ROWS = 2  # a case has one or two; more scroll
NONE_YET = ("No needs assessment or reassessment is recorded for this case. Press “Start an "
            "assessment…” when a request arrives.")


class AssessmentTab(QWidget):
    """The needs assessments of one case, and the selected one's timeline and history."""

    assessment_changed = Signal()  # something was recorded: the case (chronology) should reload

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._today = services, tasks, today
        self._child_id: uuid.UUID | None = None
        self._case_name = ""
        self._listing: CaseAssessments | None = None
        self._detail: AssessmentDetail | None = None
        self._selected_id: uuid.UUID | None = None
        self._serial = 0
        self._restoring = False  # selecting a row in code, not by the officer
        self.list_model = AssessmentListModel(self)
        self.timeline_model = TimelineModel(today, self)
        self.history_model = AssessmentHistoryModel(self)
        self._build()

    # ----- public ----------------------------------------------------------------------
    @property
    def listing(self) -> CaseAssessments | None:
        """The case's assessments as last loaded."""
        return self._listing

    @property
    def detail(self) -> AssessmentDetail | None:
        """The selected assessment as last loaded, if any."""
        return self._detail

    @property
    def start_button(self) -> QPushButton:
        """The button recording a new request."""
        return self._start

    @property
    def record_button(self) -> QPushButton:
        """The button recording the next step."""
        return self._record

    @property
    def correct_button(self) -> QPushButton:
        """The button correcting the selected step's date."""
        return self._correct

    @property
    def exception_button(self) -> QPushButton:
        """The button recording or removing an exception."""
        return self._exception

    @property
    def list_view(self) -> QTableView:
        """The list of assessments."""
        return self._list

    @property
    def timeline_view(self) -> QTableView:
        """The selected assessment's timeline."""
        return self._timeline

    @property
    def pages(self) -> QTabWidget:
        """The selected assessment's timeline and history, one page each."""
        return self._pages

    @property
    def summary_label(self) -> QLabel:
        """What the selected assessment is and where it has got to."""
        return self._summary

    @property
    def rule_label(self) -> QLabel:
        """The rule behind the selected (or next) step's deadline."""
        return self._rule

    def set_case(self, child_id: uuid.UUID, case_name: str) -> None:
        """Show this case's assessments, keeping the selected one when it is the same case."""
        if child_id != self._child_id:
            self._listing, self._detail, self._selected_id = None, None, None
            self.list_model.set_records(())
            self._show_detail(None)
        self._child_id, self._case_name = child_id, case_name
        self.reload()

    def reload(self) -> None:
        """Read the case's assessments again, then the selected one."""
        if self._child_id is None:
            return
        self._serial += 1
        self._tasks.run(partial(self._services.assessments.case_assessments, self._child_id),
                        on_done=partial(self._listed, self._serial, self._child_id),
                        on_error=partial(report, self))

    def showEvent(self, event: QShowEvent) -> None:
        """Rows wrap to the width the tab gets: fit the timeline once it is laid out."""
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_timeline)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width wraps the rows again: fit the timeline to them."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_timeline)

    # ----- loading ---------------------------------------------------------------------
    def _listed(self, serial: int, child_id: uuid.UUID, listing: CaseAssessments) -> None:
        if serial != self._serial or child_id != self._child_id:
            return
        self._listing = listing
        self._restoring = True
        self.list_model.set_records(listing.assessments)
        row = self.list_model.row_of(self._selected_id)
        if row is None and self.list_model.rowCount():
            row = 0  # the newest request
        if row is not None:
            self._list.selectionModel().select(
                self.list_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._restoring = False
        self._selected_id = self.list_model.record(row).id if row is not None else None
        if self._selected_id is None:
            self._show_detail(None)
        else:
            self._load_detail(self._selected_id)
        self._update_buttons()

    def _load_detail(self, assessment_id: uuid.UUID) -> None:
        self._serial += 1
        self._tasks.run(partial(self._services.assessments.assessment_detail, assessment_id),
                        on_done=partial(self._detail_loaded, self._serial, self._child_id),
                        on_error=partial(report, self))

    def _detail_loaded(self, serial: int, child_id: uuid.UUID,
                       detail: AssessmentDetail) -> None:
        if serial == self._serial and child_id == self._child_id:
            self._show_detail(detail)

    def _show_detail(self, detail: AssessmentDetail | None) -> None:
        self._detail = detail
        if detail is None:
            self._current.setTitle("Assessment")
            self._summary.setText(NONE_YET if self._listing is not None else "")
            self._exception_note.hide()
            self.timeline_model.set_records(())
            self.history_model.set_records(())
            self._pages.setTabText(1, "History")
        else:
            record = detail.assessment
            self._current.setTitle(f"{record.kind.label} requested "
                                   f"{format_date(record.request_received_on)}")
            self._summary.setText(self._summary_text(detail))
            self._exception_note.setText(self._exception_text(detail))
            self._exception_note.setVisible(record.exception is not None)
            self.timeline_model.set_records(wf.timeline(record, detail.deadlines,
                                                        detail.events))
            self.history_model.set_history(record.kind, detail.events)
            self._pages.setTabText(1, f"History ({len(detail.events)})")
            self._timeline.resizeColumnsToContents()
            self._fit_timeline()
        self._update_buttons()
        self._show_rule()

    @Slot()
    def _fit_timeline(self) -> None:
        """Let the timeline grow to its rows and no further: the rule beneath gets the rest."""
        view = self._timeline
        view.resizeRowsToContents()
        scroll = view.horizontalScrollBar()
        view.setMaximumHeight(
            view.horizontalHeader().sizeHint().height() + view.verticalHeader().length()
            + 2 * view.frameWidth() + (scroll.sizeHint().height() if scroll.isVisible() else 0))
        upcoming = [row for row in range(self.timeline_model.rowCount())
                    if self.timeline_model.record(row).is_next]
        if upcoming:  # keep the step to do next in view on a small screen
            view.scrollTo(self.timeline_model.index(upcoming[0], 0))

    def _summary_text(self, detail: AssessmentDetail) -> str:
        record, today = detail.assessment, self._today()
        text = (f"Asked by {wf.requester_phrase(record.requested_by)}; received "
                f"{format_date(record.request_received_on)}. "
                f"Stage: {wf.step_label(record.kind, record.stage)}.")
        outcome = wf.outcome_label(record)
        if outcome:
            text += f" Outcome: {outcome}."
        overdue = wf.overdue(record, detail.deadlines, today)
        if overdue:
            worst = overdue[0]
            text += (f" Overdue: {worst.title.lower()}, due {format_date(worst.due)} "
                     f"({days_phrase(worst.days_left(today))}).")
        if not detail.case_open:
            text += " The case is closed."
        return text

    @staticmethod
    def _exception_text(detail: AssessmentDetail) -> str:
        record = detail.assessment
        if record.exception is None:
            return ""
        limits = ("The 14-week limit does not apply" if record.is_reassessment
                  else "The 6-, 16- and 20-week limits do not apply")
        return (f"<b>Exception:</b> {html.escape(record.exception.label)}. "
                f"{html.escape(record.exception_reason or '')}<br>{limits}.")

    # ----- selection -------------------------------------------------------------------
    @Slot()
    def _assessment_selected(self, *_args: QItemSelection) -> None:
        if self._restoring:
            return
        rows = self._list.selectionModel().selectedRows()
        if not rows:
            return
        chosen = self.list_model.record(rows[0].row()).id
        if chosen != self._selected_id or self._detail is None:
            self._selected_id = chosen
            self._load_detail(chosen)

    def _selected_line(self) -> wf.TimelineLine | None:
        rows = self._timeline.selectionModel().selectedRows()
        return self.timeline_model.record(rows[0].row()) if rows else None

    def _next_line(self) -> wf.TimelineLine | None:
        for row in range(self.timeline_model.rowCount()):
            line: wf.TimelineLine = self.timeline_model.record(row)
            if line.is_next and line.deadline is not None:
                return line
        return None

    @Slot()
    def _line_selected(self, *_args: QItemSelection) -> None:
        self._update_buttons()
        self._show_rule()

    def _update_buttons(self) -> None:
        listing, detail = self._listing, self._detail
        case_open = listing is not None and listing.case_open
        busy = listing.in_progress if listing is not None else None
        self._start.setEnabled(case_open and busy is None)
        self._start.setToolTip(
            "Record a new request for an assessment or reassessment" if busy is None else
            "Record the outcome of the assessment in progress before starting another")
        steps = detail.next_steps if detail else ()
        can_record = bool(detail and detail.case_open and steps)
        self._record.setEnabled(can_record)
        if can_record and len(steps) == 1:
            self._record.setText(f"{wf.action(detail.assessment.kind, steps[0])}…")
        elif can_record:
            self._record.setText("Record the outcome…")
        else:
            self._record.setText("Record next step…")
        line = self._selected_line()
        self._correct.setEnabled(bool(detail and detail.case_open and line and line.on
                                      and line.step is not None))
        self._exception.setEnabled(bool(detail and detail.case_open))

    def _show_rule(self) -> None:
        line = self._selected_line() or self._next_line()
        deadline = line.deadline if line else None
        if deadline is None:
            self._rule.setText("Select a step to see the rule that sets its date."
                               if self._detail else "")
            return
        text = (f"<b>{html.escape(deadline.title)}: by {format_date(deadline.due)}</b><br>"
                f"{html.escape(deadline.explanation)}<br>Counted from "
                f"{html.escape(deadline.trigger)}.<br><i>{html.escape(deadline.citation)}</i>")
        if deadline.disapplied_reason:
            text += f"<br><b>Disapplied:</b> {html.escape(deadline.disapplied_reason)}"
        self._rule.setText(text)

    # ----- actions ---------------------------------------------------------------------
    @Slot()
    def _start_clicked(self) -> None:
        if self._listing is None:
            return
        dialog = StartAssessmentDialog(self._today(), self._case_name,
                                       self._listing.plan_issued_on, self)
        dialog.submitted.connect(partial(self._start_submitted, dialog))
        open_dialog(dialog)

    def _start_submitted(self, dialog: StartAssessmentDialog) -> None:
        job = partial(self._services.assessments.start_assessment, self._child_id,
                      dialog.kind(), dialog.on(), dialog.requested_by(), note=dialog.note())
        dialog.run_write(self._tasks, job, self._written)

    @Slot()
    def _record_clicked(self) -> None:
        detail = self._detail
        if detail is None or not detail.next_steps:
            return
        dialog = RecordAssessmentStepDialog(detail.assessment, detail.next_steps, self._today(),
                                            self._case_name, self)
        dialog.submitted.connect(partial(self._record_submitted, dialog, detail))
        open_dialog(dialog)

    def _record_submitted(self, dialog: RecordAssessmentStepDialog,
                          detail: AssessmentDetail) -> None:
        job = partial(self._services.assessments.record_step, detail.assessment.id,
                      dialog.step(), dialog.on(), decision=dialog.decision(),
                      lateness_reason=dialog.lateness_reason(), note=dialog.note(),
                      expected_version=detail.assessment.row_version)
        dialog.run_write(self._tasks, job, self._written)

    @Slot()
    def _correct_clicked(self) -> None:
        line, detail = self._selected_line(), self._detail
        if detail is None or line is None or line.on is None or line.step is None \
                or not self._correct.isEnabled():
            return
        record = detail.assessment
        dialog = CorrectDateDialog(
            wf.step_label(record.kind, line.step),
            f"{wf.kind_title(record.kind)} of {self._case_name}", line.on, self._today(), self)
        dialog.submitted.connect(partial(self._correct_submitted, dialog, detail, line.step))
        open_dialog(dialog)

    def _correct_submitted(self, dialog: CorrectDateDialog, detail: AssessmentDetail,
                           step: AssessmentStage) -> None:
        job = partial(self._services.assessments.correct_step, detail.assessment.id, step,
                      dialog.on(), dialog.reason())
        dialog.run_write(self._tasks, job, self._written)

    @Slot()
    def _exception_clicked(self) -> None:
        detail = self._detail
        if detail is None:
            return
        dialog = ExceptionDialog(detail.assessment, self._case_name, self)
        dialog.submitted.connect(partial(self._exception_submitted, dialog, detail))
        open_dialog(dialog)

    def _exception_submitted(self, dialog: ExceptionDialog, detail: AssessmentDetail) -> None:
        service = self._services.assessments
        if dialog.removing():
            job = partial(service.remove_exception, detail.assessment.id, dialog.reason())
        else:
            job = partial(service.record_exception, detail.assessment.id, dialog.exception(),
                          dialog.reason())
        dialog.run_write(self._tasks, job, self._written)

    def _written(self, detail: AssessmentDetail) -> None:
        """Show the assessment as written at once; the case then reloads around it."""
        self._selected_id = detail.assessment.id
        self._serial += 1  # anything still loading is older than this
        self._show_detail(detail)
        self.assessment_changed.emit()

    # ----- building --------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_list())
        layout.addWidget(self._build_current(), 1)

    def _build_list(self) -> QGroupBox:
        self._list = record_table(self.list_model)
        rows = self._list.verticalHeader().defaultSectionSize()
        self._list.setFixedHeight(
            self._list.horizontalHeader().sizeHint().height() + LIST_ROWS * rows + 4)
        # In a narrow pane the exception column is cut short (its tooltip has it in full)
        # rather than a scroll bar hiding the second row.
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.selectionModel().selectionChanged.connect(self._assessment_selected)
        self._start = QPushButton("Start an assessment…")
        self._start.clicked.connect(self._start_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self._start)
        buttons.addStretch(1)
        listed = QGroupBox("Assessments and reassessments")
        column = QVBoxLayout(listed)
        column.addWidget(self._list)
        column.addLayout(buttons)
        return listed

    def _build_current(self) -> QGroupBox:
        self._summary = QLabel(wordWrap=True)
        self._exception_note = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText,
                                      objectName="assessmentException")
        self._exception_note.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c050; padding: 4px;")
        self._exception_note.hide()
        self._timeline = record_table(self.timeline_model)
        self._timeline.selectionModel().selectionChanged.connect(self._line_selected)
        self._timeline.doubleClicked.connect(self._correct_clicked)
        self._timeline.setMinimumHeight(  # never squeezed below three steps
            self._timeline.horizontalHeader().sizeHint().height()
            + 3 * self._timeline.verticalHeader().defaultSectionSize())
        self._rule = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText,
                            alignment=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._rule.setProperty("role", "muted")
        rule = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        rule.setWidget(self._rule)  # a long rule scrolls on a small screen rather than clipping
        rule.setMinimumHeight(3 * self._rule.fontMetrics().lineSpacing())
        timeline = QWidget()
        column = QVBoxLayout(timeline)
        column.addWidget(self._timeline, 3)  # up to its maximum, then the rule takes the rest
        column.addWidget(rule, 1)
        # The history shares the room with the timeline: at 800 pixels high both cannot fit.
        self._pages = QTabWidget(documentMode=True)
        self._pages.addTab(timeline, "Timeline")
        history = record_table(self.history_model)
        for view in (self._timeline, history):  # reasons and notes wrap rather than being cut
            view.setWordWrap(True)
            view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._pages.addTab(history, "History")
        self._pages.setTabToolTip(1, "Every step, corrected date and exception, oldest first")
        self._record = QPushButton("Record next step…")
        self._record.clicked.connect(self._record_clicked)
        self._correct = QPushButton("Correct date…")
        self._correct.setToolTip("Put right the selected step's date; the old one is kept")
        self._correct.clicked.connect(self._correct_clicked)
        self._exception = QPushButton("Record an exception…")
        self._exception.setToolTip("Record, change or remove an exception to the time limits "
                                   "(reg 5(4), 10(4), 13(3))")
        self._exception.clicked.connect(self._exception_clicked)
        buttons = QHBoxLayout()
        for button in (self._record, self._correct, self._exception):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self._current = QGroupBox("Assessment")
        column = QVBoxLayout(self._current)
        column.addWidget(self._summary)
        column.addWidget(self._exception_note)
        column.addWidget(self._pages, 1)
        column.addLayout(buttons)
        return self._current
