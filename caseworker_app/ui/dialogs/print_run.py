"""PrintRunDialog: one letter for many cases, prepared, checked, printed to one PDF and logged.

Four steps in one window. Choose the letter, its date and what is typed once for all of
them; prepare every letter on a worker (progress, Cancel); check the summary (how many
letters, which cases were left out and why, the first letter as it will print); then print
and record on the writer (progress, Cancel: a cancelled run saves and records nothing).
Composing and rendering are slow, so none of it runs on the UI thread.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum, IntEnum
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import OfficerRole
from caseworker_app.entities import OfficerRecord
from caseworker_app.entities_letters import IssuedLetter, PrintRun, Skipped, TemplateVersion
from caseworker_app.letters.catalogue import CATALOGUE, LetterKind, required_fields
from caseworker_app.letters.templates import fields_used
from caseworker_app.rules.calendar import long_date
from caseworker_app.services import Services
from caseworker_app.services.letters import LetterError, RenderCancelled
from caseworker_app.ui.models.case_detail_models import RecordTableModel
from caseworker_app.ui.tasks import Task, TaskContext, TaskRunner
from caseworker_app.ui.widgets.date_field import DateField
from caseworker_app.ui.widgets.form import add_field, error_label, set_error
from caseworker_app.ui.widgets.pdf_preview import PdfPreview
from caseworker_app.ui.widgets.record_table import record_table

# The fields typed when printing: their label, and what must be said when one is left empty.
TYPED_LABELS = {"reasons": "&Reasons", "cease_date": "Plan &stops on",
                "meeting_details": "Meeting &time and place"}
TYPED_NEEDED = {"reasons": "Type the reasons: the law requires the letter to give them.",
                "cease_date": "Choose the date the plan stops.",
                "meeting_details": "Type the time and place of the meeting."}
PROGRESS_STEPS = 200  # at most this many progress reports per job, however many letters
UNSAFE_IN_NAMES = str.maketrans({c: "-" for c in '/\\:*?"<>|'})


class Stage(IntEnum):
    """Where the dialog is (also the index of its page)."""

    SETTINGS = 0
    WORKING = 1  # preparing or printing: progress and Cancel
    SUMMARY = 2
    DONE = 3


class SkippedColumn(Enum):
    """Columns of the cases left out."""

    CHILD = "Child"
    REASON = "Why it was left out"


class SkippedModel(RecordTableModel):
    """The cases a print run left out, each with the reason."""

    columns = SkippedColumn

    def text(self, record: Skipped, column: SkippedColumn) -> str:
        """What a cell shows."""
        return record.child_name if column == SkippedColumn.CHILD else record.reason


def plural(count: int, word: str) -> str:
    """"1 case", "1,234 cases"."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def run_summary(run: PrintRun) -> str:
    """"812 letters for 498 cases (large print: 41). 2 cases left out:"."""
    cases = len({c.child_id for c in run.letters})
    large = sum(1 for c in run.letters if c.large_print)
    text = f"{plural(len(run.letters), 'letter')} for {plural(cases, 'case')}"
    text += f" (large print: {large:,})." if large else "."
    if run.skipped:
        text += f" {plural(len(run.skipped), 'case')} left out:"
    return text


def reasons_summary(skipped: Sequence[Skipped], shown: int = 4) -> str:
    """The reasons cases were left out, most common first, each with how many."""
    counts = Counter(s.reason for s in skipped).most_common()
    lines = [f"• {plural(n, 'case')}: {reason}" for reason, n in counts[:shown]]
    if len(counts) > shown:
        others = sum(n for _reason, n in counts[shown:])
        lines.append(f"• {others:,} for other reasons (listed below)")
    return "\n".join(lines)


def suggested_name(letter_date: date, kind: LetterKind, cases: int) -> str:
    """"2026-11-23 Decision to keep the plan unchanged - 498 cases.pdf"."""
    title = CATALOGUE[kind].title.translate(UNSAFE_IN_NAMES)
    return f"{letter_date:%Y-%m-%d} {title} - {plural(cases, 'case').replace(',', '')}.pdf"


def choose_pdf_path(parent: QWidget, suggested: Path) -> Path | None:
    """Ask where to save the letters (None if the person cancels)."""
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save the letters", str(suggested),
                                            "PDF files (*.pdf)")
    return Path(chosen) if chosen else None


class PrintRunDialog(QDialog):
    """Print one letter for every case in `child_ids` as one PDF, and log every letter."""

    printed = Signal(int)  # letters saved and recorded

    def __init__(self, services: Services, tasks: TaskRunner, child_ids: Sequence[uuid.UUID],
                 today: Callable[[], date], parent: QWidget | None = None,
                 kind: LetterKind | None = None, letter_date: date | None = None, *,
                 path_chooser: Callable[[Path], Path | None] | None = None,
                 open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._today = services, tasks, today
        self._child_ids = list(dict.fromkeys(child_ids))
        self._choose = path_chooser or (lambda suggested: choose_pdf_path(self, suggested))
        self._open_url = open_url
        self._wording: dict[str, TemplateVersion] = {}
        self._profile: OfficerRecord | None = None
        self._task: Task | None = None
        self._run: PrintRun | None = None
        self._printing = False
        self.saved_path: Path | None = None
        self.setWindowTitle("Print letters")
        self.setMinimumWidth(640)
        room = self.screen().availableGeometry()
        self.resize(min(1120, int(room.width() * 0.9)), min(700, int(room.height() * 0.9)))
        self._build(letter_date or today())
        if kind is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self._kind_changed()
        self._show_stage(Stage.SETTINGS)
        tasks.run(services.letters.templates, on_done=self._wording_read)
        tasks.run(services.reference.profile, on_done=self._profile_read)

    # ----- building ------------------------------------------------------------------------
    def _build(self, letter_date: date) -> None:
        self.heading = QLabel(f"Print letters for {plural(len(self._child_ids), 'case')}")
        self.heading.setProperty("role", "heading")
        self.pages = QStackedWidget()
        for page in (self._settings_page(letter_date), self._working_page(),
                     self._summary_page(), self._done_page()):
            self.pages.addWidget(page)
        self.prepare_button = self._button("&Prepare letters", self._prepare)
        self.cancel_button = self._button("Cancel", self._cancel)
        self.back_button = self._button("&Back", lambda: self._show_stage(Stage.SETTINGS))
        self.print_button = self._button("P&rint and record…", self._print)
        self.open_pdf_button = self._button("&Open PDF", lambda: self._open(self.saved_path))
        self.open_folder_button = self._button(
            "Open &folder", lambda: self._open(self.saved_path.parent if self.saved_path else None))
        self.close_button = self._button("Close", self._close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.prepare_button, self.print_button,
                       self.open_pdf_button, self.open_folder_button, self.cancel_button,
                       self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, autoDefault=False)
        button.clicked.connect(slot)
        return button

    def _settings_page(self, letter_date: date) -> QWidget:
        page = QWidget()
        self._form = QFormLayout()
        self.kind_combo = QComboBox()
        for kind, info in CATALOGUE.items():
            self.kind_combo.addItem(info.title, kind.value)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.about = QLabel(wordWrap=True)
        self.about.setProperty("role", "muted")
        letter = QWidget()
        column = QVBoxLayout(letter)
        column.setContentsMargins(0, 0, 0, 4)
        column.addWidget(self.kind_combo)
        column.addWidget(self.about)
        add_field(self._form, "kind", "&Letter", letter, focus=self.kind_combo)
        self.date_field = DateField(minimum=date(letter_date.year - 2, 1, 1))
        self.date_field.set_value(letter_date)
        add_field(self._form, "letter_date", "Letter &date", self.date_field)
        self.typed: dict[str, QWidget] = {}
        self._typed_errors: dict[str, QLabel] = {}
        for name in dict.fromkeys(f.name for i in CATALOGUE.values() for f in i.typed_fields()):
            widget = self._typed_widget(name)
            label = TYPED_LABELS.get(name, name.replace("_", " ").capitalize())
            self._typed_errors[name] = add_field(self._form, name, label, widget)
            self.typed[name] = widget
        self.typed_note = QLabel(wordWrap=True)
        self.typed_note.setProperty("role", "muted")
        self._form.addRow("", self.typed_note)
        self.message = error_label()
        self.council_button = self._button("&Council details…", self._council_details)
        self.council_button.hide()
        form = QWidget(maximumWidth=820)  # long lines are hard to read across a wide window
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(self._form)
        column.addWidget(self.message)
        column.addWidget(self.council_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form, 1)
        layout.addStretch(0)
        return page

    def _typed_widget(self, name: str) -> QWidget:
        if name == "reasons":
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setPlaceholderText("Why the council decided this, in words the family "
                                   "can follow")
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 5 + 12)
            return box
        if name == "cease_date":
            return DateField(optional=True, minimum=date(self._today().year - 1, 1, 1))
        box = QLineEdit()
        if name == "meeting_details":
            box.setPlaceholderText("For example: 10am at Riverside Academy, room 4")
        return box

    def _working_page(self) -> QWidget:
        page = QWidget()
        self.progress_text = QLabel()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress_text.setBuddy(self.progress)
        self.progress_note = QLabel(wordWrap=True)
        self.progress_note.setProperty("role", "muted")
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.progress_text)
        column.addWidget(self.progress)
        column.addWidget(self.progress_note)
        column.addStretch(2)
        layout = QHBoxLayout(page)
        layout.addStretch(1)
        layout.addLayout(column, 4)
        layout.addStretch(1)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel(wordWrap=True)
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.reasons = QLabel(wordWrap=True)
        self.note = error_label()
        self.skipped_model = SkippedModel(self)
        self.skipped_table = record_table(self.skipped_model)
        self.skipped_table.setAccessibleName("Cases left out")
        # Every row two lines high, reasons wrapped (the tooltip has any longer one): fitting
        # each row to its text took most of a second at 3,000 cases left out.
        self.skipped_table.setWordWrap(True)
        lines = self.skipped_table.fontMetrics().lineSpacing()
        self.skipped_table.verticalHeader().setDefaultSectionSize(2 * lines + 8)
        self.preview_caption = QLabel(wordWrap=True)
        self.preview_caption.setProperty("role", "muted")
        self.preview = PdfPreview()
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.preview_caption)
        column.addWidget(self.preview, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.skipped_table)
        self.splitter.addWidget(right)
        self.splitter.setSizes([560, 540])
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.reasons)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_text = QLabel(wordWrap=True)
        self.done_text.setProperty("role", "heading")
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.done_text)
        layout.addStretch(1)
        return page

    # ----- stages --------------------------------------------------------------------------
    @property
    def child_ids(self) -> tuple[uuid.UUID, ...]:
        """The cases to print for."""
        return tuple(self._child_ids)

    def stage(self) -> Stage:
        """The step the dialog is at."""
        return Stage(self.pages.currentIndex())

    def _show_stage(self, stage: Stage) -> None:
        self.pages.setCurrentIndex(stage)
        has_letters = self._run is not None and bool(self._run.letters)
        visible = {
            self.prepare_button: stage == Stage.SETTINGS,
            self.cancel_button: stage == Stage.WORKING,
            self.back_button: stage == Stage.SUMMARY,
            self.print_button: stage == Stage.SUMMARY,
            self.open_pdf_button: stage == Stage.DONE,
            self.open_folder_button: stage == Stage.DONE,
            self.close_button: stage != Stage.WORKING,
        }
        for button, shown in visible.items():
            button.setVisible(shown)
        self.prepare_button.setEnabled(bool(self._child_ids))
        self.print_button.setEnabled(has_letters)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        default = {Stage.SETTINGS: self.prepare_button, Stage.WORKING: self.cancel_button,
                   Stage.SUMMARY: self.print_button, Stage.DONE: self.close_button}[stage]
        if default.isEnabled():
            default.setDefault(True)
            if stage != Stage.SETTINGS:  # there, focus stays in the form
                default.setFocus()

    def kind(self) -> LetterKind:
        """The letter chosen."""
        return LetterKind(self.kind_combo.currentData())

    def typed_values(self) -> dict[str, str]:
        """What the officer typed for this letter, by field (one value for every case)."""
        values = {}
        for name in self._typed_needed():
            widget = self.typed[name]
            if isinstance(widget, DateField):
                day = widget.value()
                values[name] = long_date(day) if day else ""
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText().strip()
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
        return values

    def _typed_needed(self) -> list[str]:
        """The typed fields the chosen letter's wording uses (all of them until it is read)."""
        kind = self.kind()
        names = [f.name for f in CATALOGUE[kind].typed_fields()]
        wording = self._wording.get(kind.value)
        if wording is None:
            return names
        try:
            used = fields_used(wording.subject) | fields_used(wording.body)
        except Exception:  # saved wording is checked first; if it will not parse, ask for all
            return names
        return [n for n in names if n in used]

    @Slot()
    def _kind_changed(self, *_args: Any) -> None:
        kind = self.kind()
        info = CATALOGUE[kind]
        about = f"When: {info.when}. {info.citation}."
        if info.appealable:
            about += ("\nAdds the right to appeal, mediation, disagreement resolution and "
                      "information, advice and support, with their dates.")
        self.about.setText(about)
        needed = self._typed_needed()
        for name, widget in self.typed.items():
            self._form.setRowVisible(widget.parentWidget(), name in needed)
            set_error(self._typed_errors[name], widget, "")
        count = plural(len(self._child_ids), "case")
        self.typed_note.setText(f"What you type above goes into every letter of this run, "
                                f"the same for all {count}." if needed else "")
        self.typed_note.setVisible(bool(needed))
        self._set_message("")

    def _wording_read(self, wording: list[TemplateVersion]) -> None:
        self._wording = {t.key: t for t in wording}
        self._kind_changed()

    def _profile_read(self, profile: OfficerRecord | None) -> None:
        self._profile = profile

    def _set_message(self, text: str, council: bool = False) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        lead = self._profile is not None and self._profile.role == OfficerRole.LEAD
        self.council_button.setVisible(council and lead)

    # ----- preparing -----------------------------------------------------------------------
    def _check(self) -> bool:
        values, required, ok = self.typed_values(), required_fields(self.kind()), True
        for name in self._typed_needed():
            missing = name in required and not values.get(name)
            set_error(self._typed_errors[name], self.typed[name],
                      TYPED_NEEDED.get(name, "Fill this in.") if missing else "")
            if missing and ok:
                self.typed[name].setFocus()
                ok = False
        return ok

    @Slot()
    def _prepare(self) -> None:
        if not self._check():
            return
        self._set_message("")
        ids, kind, on = list(self._child_ids), self.kind(), self.date_field.value()
        typed, letters = self.typed_values(), self._services.letters

        def job(ctx: TaskContext) -> PrintRun:
            return letters.compose_run(ids, kind, on, typed, progress=_reporter(ctx),
                                       cancelled=lambda: ctx.cancelled)

        self._run = None
        self._printing = False
        self._start(job, self._prepared, self._prepare_failed, write=False,
                    text=f"Preparing letters: 0 of {len(ids):,}",
                    note="Nothing is saved or recorded yet: next you can check the letters.")

    def _prepared(self, run: PrintRun) -> None:
        self._run = run
        left_out = ("the case was left out:" if len(run.skipped) == 1
                    else f"all {plural(len(run.skipped), 'case')} were left out:")
        self.summary.setText(run_summary(run) if run.letters
                             else f"No letters can be printed: {left_out}")
        self.reasons.setText(reasons_summary(run.skipped))
        self.reasons.setVisible(len(run.skipped) > 1)
        self.skipped_model.set_records(run.skipped)
        self.skipped_table.setVisible(bool(run.skipped))
        self._set_note("")
        self._show_stage(Stage.SUMMARY)
        if not run.letters:
            self.preview_caption.setText("")
            self.preview.show_message("There is no letter to preview.")
            return
        first = run.letters[0]
        about = "" if first.child_name in first.recipient_name else f" about {first.child_name}"
        self.preview_caption.setText(f"The first letter, to {first.recipient_name}{about}:")
        self.preview.show_message("Making the preview…")
        # partial, not lambda: the runner drops the answer if this dialog has gone.
        self._tasks.run(partial(self._services.letters.render, [first.stored]),
                        on_done=partial(self._preview_ready, run),
                        on_error=partial(self._preview_failed, run))

    def _preview_ready(self, run: PrintRun, pdf: bytes) -> None:
        if run is self._run:  # not prepared again since
            self.preview.show_pdf(pdf)

    def _preview_failed(self, run: PrintRun, exc: Exception) -> None:
        if run is self._run:
            self.preview.show_message(f"The preview could not be made: {exc}")

    def _prepare_failed(self, exc: Exception) -> None:
        self._show_stage(Stage.SETTINGS)
        if isinstance(exc, RenderCancelled):
            self._set_message("Stopped: no letters were prepared.")
        elif isinstance(exc, LetterError):
            self._set_message(" ".join(exc.problems) + " " + self._council_hint(), council=True)
        else:
            self._set_message(str(exc) or type(exc).__name__)

    def _council_hint(self) -> str:
        if self._profile is not None and self._profile.role == OfficerRole.LEAD:
            return ("Fill them in with the Council details button below (also in the Letters "
                    "menu), then prepare the letters again.")
        return ("Only a lead annual review officer can fill them in (Letters > Council "
                "details…): ask yours.")

    # ----- printing ------------------------------------------------------------------------
    @Slot()
    def _print(self) -> None:
        run = self._run
        if run is None or not run.letters:
            return
        cases = len({c.child_id for c in run.letters})
        name = suggested_name(self.date_field.value(), self.kind(), cases)
        folder = Path.home() / "Documents"
        chosen = self._choose((folder if folder.is_dir() else Path.home()) / name)
        if chosen is None:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        letters, service = run.letters, self._services.letters

        def job(ctx: TaskContext) -> list[IssuedLetter]:
            return service.print_letters(letters, path, progress=_reporter(ctx),
                                         cancelled=lambda: ctx.cancelled)

        self._printing = True
        self.saved_path = path
        self._start(job, self._printed, self._print_failed, write=True,
                    text=f"Printing: 0 of {len(letters):,}",
                    note=f"Saving to {path}. The file is saved, and the letters recorded, only "
                         "once every letter is printed: Cancel leaves neither.")

    def _printed(self, issued: list[IssuedLetter]) -> None:
        self.done_text.setText(f"Saved {plural(len(issued), 'letter')} to {self.saved_path}; "
                               "each is recorded on the child's chronology.")
        self._show_stage(Stage.DONE)
        self.printed.emit(len(issued))

    def _print_failed(self, exc: Exception) -> None:
        self.saved_path = None
        self._show_stage(Stage.SUMMARY)
        if isinstance(exc, RenderCancelled):
            self._set_note("Printing cancelled: no file was saved and no letter was recorded.")
        else:
            self._set_note(f"Not printed: {exc or type(exc).__name__}. No file was saved "
                           "and no letter was recorded.")

    def _set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # ----- jobs ----------------------------------------------------------------------------
    def _start(self, job: Callable[[TaskContext], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None], *, write: bool, text: str,
               note: str) -> None:
        self.progress.setRange(0, 0)
        self.progress_text.setText(text)
        self.progress_note.setText(note)
        self._show_stage(Stage.WORKING)
        task = self._tasks.run_job(job, on_done=on_done, on_error=on_error, write=write)
        task.progressed.connect(self._progressed)
        task.finished.connect(self._finished)
        self._task = task

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, _message: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if not self._printing:
            self.progress_text.setText(f"Preparing letters: {done:,} of {total:,}")
            return
        letters = len(self._run.letters) if self._run else total
        if done >= total:
            self.progress_text.setText(f"Saving the file and recording "
                                       f"{plural(letters, 'letter')}…")
        elif total == letters:
            self.progress_text.setText(f"Printing: {done:,} of {total:,}")
        else:  # plans enclosed: each is a part of its own
            self.progress_text.setText(f"Printing: {done:,} of {total:,} (letters and the "
                                       "plans they enclose)")

    @Slot()
    def _finished(self) -> None:
        self._task = None
        if self.stage() == Stage.WORKING:  # ended with no answer (stopped): start again
            self._show_stage(Stage.SUMMARY if self._printing else Stage.SETTINGS)

    @Slot()
    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText("Cancelling…")

    def busy(self) -> bool:
        """Whether letters are being prepared or printed."""
        return self._task is not None

    def reject(self) -> None:
        """Esc or the close box: stop a job first (its answer needs somewhere to go)."""
        if self.busy():
            self._cancel()
            return
        super().reject()

    @Slot()
    def _close(self) -> None:
        if self.stage() == Stage.DONE:
            self.accept()
        else:
            self.reject()

    def _open(self, path: Path | None) -> None:
        if path is not None:
            self._open_url(QUrl.fromLocalFile(str(path)))

    @Slot()
    def _council_details(self) -> None:
        from caseworker_app.ui.dialogs.council_details import CouncilDetailsDialog
        from caseworker_app.ui.dialogs.messages import open_dialog

        open_dialog(CouncilDetailsDialog(self._services, self._tasks, self))


def _reporter(ctx: TaskContext) -> Callable[[int, int], None]:
    """Pass progress on to the UI, at most `PROGRESS_STEPS` times (a signal per letter at
    100,000 cases would flood the UI thread)."""

    def report(done: int, total: int) -> None:
        step = max(1, total // PROGRESS_STEPS)
        if done == total or done % step == 0 or done == 1:
            ctx.report(done, total)

    return report
