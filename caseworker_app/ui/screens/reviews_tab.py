"""A case's Reviews tab: the review in progress step by step, its history, and past reviews.

The timeline lists every step of the review's path with its date, the statutory deadline
it is measured against and whether it was late; the rule behind a deadline shows beneath
when a step is selected. The next step is recorded, and a wrong date corrected, through
dialogs; every move is checked by the review service, which says why when it refuses.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import ReviewStage
from caseworker_app.entities import ReviewRecord
from caseworker_app.review_workflow import ACTION, StepLine, timeline
from caseworker_app.services import Services
from caseworker_app.services.reviews import ReviewDetail
from caseworker_app.ui.dialogs.correct_date import CorrectDateDialog
from caseworker_app.ui.dialogs.messages import open_dialog, report
from caseworker_app.ui.dialogs.review_step_dialog import RecordStepDialog
from caseworker_app.ui.models.case_detail_models import ReviewTableModel, format_date
from caseworker_app.ui.models.review_models import ReviewHistoryModel, StepTableModel
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.record_table import record_table


class ReviewsTab(QWidget):
    """The review in progress and the reviews before it, for one case."""

    review_changed = Signal()  # a step was recorded or corrected: the case should reload

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._today = services, tasks, today
        self._child_id: uuid.UUID | None = None
        self._case_name = ""
        self._detail: ReviewDetail | None = None
        self._serial = 0
        self.steps_model = StepTableModel(today, self)
        self.history_model = ReviewHistoryModel(self)
        self.past_model = ReviewTableModel(self)
        self._build()

    # ----- public ----------------------------------------------------------------------
    @property
    def detail(self) -> ReviewDetail | None:
        """The review in progress as last loaded, if the case has one."""
        return self._detail

    @property
    def record_button(self) -> QPushButton:
        """The button recording the next step."""
        return self._record

    @property
    def correct_button(self) -> QPushButton:
        """The button correcting the selected step's date."""
        return self._correct

    @property
    def steps_view(self):
        """The timeline table."""
        return self._steps

    def set_case(self, child_id: uuid.UUID, case_name: str,
                 reviews: tuple[ReviewRecord, ...]) -> None:
        """Show this case's reviews and load the one in progress with its deadlines."""
        if child_id != self._child_id:
            self._detail = None
            self.steps_model.set_records(())
            self.history_model.set_records(())
        self._child_id, self._case_name = child_id, case_name
        self.past_model.set_records(r for r in reviews if r.completed_on is not None)
        self.reload()

    def reload(self) -> None:
        """Read the review in progress again."""
        if self._child_id is None:
            return
        self._serial += 1
        self._tasks.run(partial(self._services.reviews.open_review, self._child_id),
                        on_done=partial(self._loaded, self._serial, self._child_id),
                        on_error=partial(report, self))

    # ----- loading ---------------------------------------------------------------------
    def _loaded(self, serial: int, child_id: uuid.UUID, detail: ReviewDetail | None) -> None:
        if serial != self._serial or child_id != self._child_id:
            return
        self._detail = detail
        if detail is None:
            self._summary.setText("No review in progress: the case has no plan to review, "
                                  "or its plan is ceasing.")
            self.steps_model.set_records(())
            self.history_model.set_records(())
        else:
            self._summary.setText(self._summary_text(detail))
            self.steps_model.set_records(timeline(detail.review, detail.deadlines,
                                                  detail.events, detail.basis))
            self.history_model.set_records(detail.events)
            self._steps.resizeColumnsToContents()
            upcoming = [row for row in range(self.steps_model.rowCount())
                        if self.steps_model.record(row).is_next]
            if upcoming:  # keep the step to do next in view on a small screen
                self._steps.scrollTo(self.steps_model.index(upcoming[0], 0))
        self._update_buttons()
        self._show_rule()

    def _summary_text(self, detail: ReviewDetail) -> str:
        review, today = detail.review, self._today()
        counted = "the council's decision" if detail.basis.value == "decision" \
            else "the review meeting"
        annual = next((d for d in detail.deadlines if d.key.value == "annual_review"), None)
        due = annual.due if annual else review.due_on
        text = f"Due by {format_date(due)} (counted to {counted})"
        if annual and not annual.done_on and due < today:
            text += f": {(today - due).days} days overdue"
        text += f". Stage: {review.stage.label}."
        if review.decision:
            text += f" Decision: {review.decision.label}."
        if not detail.case_open:
            text += " The case is closed."
        return text

    # ----- actions ---------------------------------------------------------------------
    def _next_line(self) -> StepLine | None:
        for row in range(self.steps_model.rowCount()):
            line: StepLine = self.steps_model.record(row)
            if line.is_next:
                return line
        if self._detail is not None and self._detail.next_step == ReviewStage.COMPLETE:
            return StepLine(ReviewStage.COMPLETE, None, None, None, True)
        return None

    def _selected(self) -> StepLine | None:
        rows = self._steps.selectionModel().selectedRows()
        return self.steps_model.record(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        detail = self._detail
        step = detail.next_step if detail else None
        can_record = detail is not None and detail.case_open and step is not None
        self._record.setEnabled(can_record)
        self._record.setText(f"{ACTION[step]}…" if can_record else "Record next step…")
        chosen = self._selected()
        self._correct.setEnabled(bool(detail and detail.case_open and chosen and chosen.on))

    @Slot()
    def _selection_changed(self, *_args: QItemSelection) -> None:
        self._update_buttons()
        self._show_rule()

    def _show_rule(self) -> None:
        line = self._selected() or self._next_line()
        deadline = line.deadline if line else None
        if deadline is None:
            self._rule.setText("Select a step to see the rule that sets its date.")
            return
        self._rule.setText(
            f"<b>{deadline.title}: by {format_date(deadline.due)}</b><br>"
            f"{deadline.explanation}<br>Counted from {deadline.trigger}.<br>"
            f"<i>{deadline.citation}</i>")

    @Slot()
    def _record_clicked(self) -> None:
        line = self._next_line()
        if line is None or self._detail is None:
            return
        dialog = RecordStepDialog(line, self._today(), self._case_name, self)
        dialog.submitted.connect(partial(self._record_submitted, dialog, line.step))
        open_dialog(dialog)

    def _record_submitted(self, dialog: RecordStepDialog, step: ReviewStage) -> None:
        assert self._detail is not None
        job = partial(self._services.reviews.record_step, self._detail.review.id, step,
                      dialog.on(), decision=dialog.decision(),
                      lateness_reason=dialog.lateness_reason(), note=dialog.note(),
                      expected_version=self._detail.review.row_version)
        dialog.run_write(self._tasks, job, self._written)

    @Slot()
    def _correct_clicked(self) -> None:
        line = self._selected()
        if line is None or line.on is None or self._detail is None:
            return
        dialog = CorrectDateDialog(line.step.label, f"Annual review of {self._case_name}",
                                   line.on, self._today(), self)
        dialog.submitted.connect(partial(self._correct_submitted, dialog, line.step))
        open_dialog(dialog)

    def _correct_submitted(self, dialog: CorrectDateDialog, step: ReviewStage) -> None:
        assert self._detail is not None
        job = partial(self._services.reviews.correct_step, self._detail.review.id, step,
                      dialog.on(), dialog.reason())
        dialog.run_write(self._tasks, job, self._written)

    def _written(self, _detail: ReviewDetail) -> None:
        self.review_changed.emit()

    # ----- building --------------------------------------------------------------------
    def _build(self) -> None:
        self._summary = QLabel(wordWrap=True)
        self._steps = record_table(self.steps_model)
        self._steps.selectionModel().selectionChanged.connect(self._selection_changed)
        self._steps.doubleClicked.connect(self._correct_clicked)
        self._rule = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self._rule.setProperty("role", "muted")
        self._record = QPushButton("Record next step…")
        self._record.setDefault(False)
        self._record.clicked.connect(self._record_clicked)
        self._correct = QPushButton("Correct date…")
        self._correct.setToolTip("Put right the selected step's date; the old one is kept")
        self._correct.clicked.connect(self._correct_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self._record)
        buttons.addWidget(self._correct)
        buttons.addStretch(1)
        current = QGroupBox("Review in progress")
        column = QVBoxLayout(current)
        column.addWidget(self._summary)
        column.addWidget(self._steps, 1)
        column.addWidget(self._rule)
        column.addLayout(buttons)
        # History and earlier reviews share one compact pane, so the timeline keeps the room.
        self._lower = QTabWidget()
        self._lower.addTab(record_table(self.history_model), "History of this review")
        self._lower.addTab(record_table(self.past_model), "Earlier reviews")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(current)
        split.addWidget(self._lower)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
