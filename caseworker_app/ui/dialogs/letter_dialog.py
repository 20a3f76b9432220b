"""Print a letter for one case: which letter, its date, to whom and what to type, seen as it
will print, then printed to a PDF and recorded on the letter log and the chronology.

The preview is composed and rendered on a reader worker about 600 ms after the last change;
an answer overtaken by a later change is dropped, and at most one preview is worked on at a
time (a newer change cancels it). Printing composes the letters again on the writer, so the
file holds what the case says at that moment, and records them in the same step.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.entities_letters import (
    ComposedLetter,
    IssuedLetter,
    LetterRecipient,
    LetterRequest,
    TemplateVersion,
)
from caseworker_app.errors import ValidationError
from caseworker_app.export.pdf_compose import RenderCancelled
from caseworker_app.letters.catalogue import CATALOGUE, LetterKind, required_fields
from caseworker_app.services import Services
from caseworker_app.services.letters import LetterError
from caseworker_app.ui.models.letter_models import letter_file_name
from caseworker_app.ui.tasks import Cancelled, Task, TaskContext, TaskRunner
from caseworker_app.ui.widgets.date_field import DateField
from caseworker_app.ui.widgets.form import ERROR_STYLE, error_label, set_error
from caseworker_app.ui.widgets.pdf_preview import PdfPreview

PREVIEW_DELAY_MS = 600
APPEAL_NOTE = "Includes appeal rights, mediation, disagreement resolution and SENDIASS."
# What the officer types, by field: the label (its meaning, with a mnemonic) and an example.
TYPED_LABELS = {
    "reasons": ("&Why the council decided this (the reasons)",
                "Written to the family: they read this in the letter."),
    "cease_date": ("The date the plan will &stop", "For example: 31 July 2027"),
    "meeting_details": ("&Time and place of the meeting",
                        "For example: 10am at Riverside Academy, Room 4"),
}
PathChooser = Callable[[Path], Path | None]


@dataclass(frozen=True)
class _Preview:
    """A preview's answer: the letters composed and the PDF they make."""

    letters: tuple[ComposedLetter, ...]
    pdf: bytes


def plural(count: int, word: str) -> str:
    """"1 letter", "2 letters"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def default_folder() -> Path:
    """Where letters are saved until the officer chooses somewhere: Documents, or home."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def ask_pdf_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """Ask where to save a PDF (the system's own dialog); None if the officer cancels."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), "PDF files (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def problems_html(heading: str, problems: tuple[str, ...] | list[str]) -> str:
    """A heading and a bulleted list of what to put right, for a label."""
    items = "".join(f"<li style='margin-bottom: 6px'>{escape(p)}</li>" for p in problems)
    return f"<p><b>{escape(heading)}</b></p><ul>{items}</ul>"


class LetterDialog(QDialog):
    """Choose, preview, print and record a letter to the contacts of one case.

    `path_chooser(suggested) -> Path | None` asks where to save the PDF; tests replace it.
    """

    printed = Signal(list, str, str)  # the IssuedLetters recorded, the file, what to tell

    def __init__(self, services: Services, tasks: TaskRunner, child_id: uuid.UUID,
                 case_name: str, today: Callable[[], date], *, folder: Path | None = None,
                 kind: LetterKind | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._child_id = services, tasks, child_id
        self._case_name, self._folder = case_name, folder or default_folder()
        self._recipients: list[LetterRecipient] | None = None
        # The typed fields each letter's wording in use prints (None until read: all shown).
        self._uses: dict[LetterKind, frozenset[str]] | None = None
        self._boxes: list[QCheckBox] = []
        self._serial = 0  # bumped by every change; a preview answers for the serial it read
        self._answered = -1  # the serial the preview (or message) on screen answers
        self._shown: _Preview | None = None  # the preview on screen, if it composed
        self._preview_task: Task | None = None
        self._preview_again = False
        self._print_task: Task | None = None
        self.path_chooser: PathChooser = partial(ask_pdf_path, self, "Save the letters as")
        self.setWindowTitle(f"New letter about {case_name}")
        self._build(today(), kind)
        self._fit_to_screen()
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._refresh_preview)
        self._kind_changed()
        tasks.run(partial(services.letters.recipients, child_id), on_done=self._set_recipients,
                  on_error=self._recipients_failed)
        tasks.run(services.letters.templates, on_done=self._set_wording)

    # ----- what was chosen ---------------------------------------------------------------
    def kind(self) -> LetterKind:
        """The letter chosen."""
        return LetterKind(self._kind.currentData())

    def set_kind(self, kind: LetterKind) -> None:
        """Choose a letter (as picking it from the list does)."""
        self._kind.setCurrentIndex(self._kind.findData(kind.value))

    def letter_date(self) -> date:
        """The date printed on the letter."""
        value = self._date.value()
        assert value is not None  # the field is not optional
        return value

    def typed(self) -> dict[str, str]:
        """What the officer typed for the chosen letter's own fields."""
        values = {}
        for name in self._typed_names(self.kind()):
            widget = self._typed[name]
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            values[name] = text.strip()
        return values

    def ticked(self) -> tuple[uuid.UUID, ...]:
        """The contacts ticked to receive the letter."""
        recipients = self._recipients or []
        return tuple(r.contact_id for r, box in zip(recipients, self._boxes, strict=True)
                     if box.isChecked())

    def request(self) -> LetterRequest:
        """The letters to compose, as the form stands."""
        return LetterRequest(self._child_id, self.kind(), self.letter_date(), self.typed(),
                             self.ticked())

    # ----- widgets, for keyboard wiring and tests ----------------------------------------
    @property
    def kind_combo(self) -> QComboBox:
        """The letter pick-list."""
        return self._kind

    @property
    def date_field(self) -> DateField:
        """The date on the letter."""
        return self._date

    @property
    def recipient_boxes(self) -> list[QCheckBox]:
        """One tick box per contact who receives letters, in the service's order."""
        return list(self._boxes)

    def typed_field(self, name: str) -> QWidget:
        """The box for a typed field: "reasons", "cease_date" or "meeting_details"."""
        return self._typed[name]

    @property
    def preview(self) -> PdfPreview:
        """The letters as they will print, or what stops them."""
        return self._preview

    @property
    def about(self) -> str:
        """When the chosen letter goes, its law, and whether it carries appeal rights."""
        return self._about.text()

    @property
    def up_to_date(self) -> bool:
        """Whether the preview (or its message) answers the form as it stands."""
        return self._answered == self._serial

    def typed_note(self, name: str) -> str:
        """The message under a typed field's box, or ""."""
        return self._typed_notes[name].text()

    @property
    def summary(self) -> str:
        """"2 letters, 4 pages", or what the preview is doing."""
        return self._summary.text()

    @property
    def message(self) -> str:
        """Why the last print was refused, or ""."""
        return self._message.text()

    @property
    def print_button(self) -> QPushButton:
        """Print and record…"""
        return self._print

    # ----- preview -----------------------------------------------------------------------
    @Slot()
    def _changed(self, *_args: Any) -> None:
        """Something on the form changed: preview it once the officer pauses."""
        self._serial += 1
        count = len(self.ticked())
        if self._recipients is None:
            return
        if not count:
            self._timer.stop()
            self._shown, self._answered = None, self._serial
            self._preview.show_message(problems_html(
                "Nobody is ticked.", ["Tick at least one person to send the letter to."])
                if self._recipients else self._no_recipients())
            self._update()
            return
        self._summary.setText(f"{plural(count, 'letter')}; updating the preview…")
        if self._preview_task is not None:
            self._preview_task.cancel()  # its answer is out of date already
        self._timer.start()
        self._update()

    @Slot()
    def _refresh_preview(self) -> None:
        if self._preview_task is not None:  # still stopping the last one: go when it has
            self._preview_again = True
            return
        if self._shown is None and not self._preview.page_count:
            self._preview.show_message("Preparing the preview…")
        letters, request, serial = self._services.letters, self.request(), self._serial

        def job(ctx: TaskContext) -> _Preview:
            composed = letters.compose(request)
            ctx.check()
            try:
                pdf = letters.render([c.stored for c in composed],
                                     cancelled=lambda: ctx.cancelled)
            except RenderCancelled:
                raise Cancelled() from None
            return _Preview(tuple(composed), pdf)

        task = self._tasks.run_job(job, on_done=partial(self._previewed, serial),
                                   on_error=partial(self._preview_failed, serial))
        task.finished.connect(self._preview_finished)
        self._preview_task = task

    def _previewed(self, serial: int, answer: _Preview) -> None:
        if serial != self._serial:
            return  # the form changed while it was made
        self._shown, self._answered = answer, serial
        self._mark_missing(False)
        self._preview.show_pdf(answer.pdf)
        self._update()

    def _preview_failed(self, serial: int, exc: Exception) -> None:
        if serial != self._serial:
            return
        self._shown, self._answered = None, serial
        if isinstance(exc, LetterError):
            self._preview.show_message(problems_html(
                "This letter cannot be printed yet:", exc.problems))
            self._mark_missing(True)
        else:
            self._preview.show_message(problems_html(
                "The preview could not be made:", [_plain(exc)]))
        self._update()

    @Slot()
    def _preview_finished(self) -> None:
        self._preview_task = None
        if self._preview_again:
            self._preview_again = False
            self._refresh_preview()

    def _update(self) -> None:
        """The counts, and whether Print is offered."""
        count = len(self.ticked())
        waiting = self._answered != self._serial
        if self._shown is not None and not waiting:
            pages = self._preview.page_count
            self._summary.setText(f"{plural(len(self._shown.letters), 'letter')}, "
                                  f"{plural(pages, 'page')}")
        elif not waiting:
            self._summary.setText(f"{plural(count, 'letter')}: not ready to print"
                                  if self._recipients else "")
        busy = self._print_task is not None
        self._print.setEnabled(self._shown is not None and count > 0 and not busy)

    # ----- recipients --------------------------------------------------------------------
    def _set_recipients(self, recipients: list[LetterRecipient]) -> None:
        self._recipients = recipients
        self._loading.hide()
        previous: QWidget = self._date
        for r in recipients:
            text = f"{r.name} ({r.relationship})"
            if r.large_print:
                text += " - large print"
            if not r.address_lines:
                text += " - no address"
            box = QCheckBox(text, checked=True)
            box.setToolTip("\n".join(r.address_lines) or "No address recorded (Contacts tab)")
            box.toggled.connect(self._changed)
            self._recipient_column.addWidget(box)
            self._boxes.append(box)
            QWidget.setTabOrder(previous, box)
            previous = box
        QWidget.setTabOrder(previous, self._typed["reasons"])
        if not recipients:
            self._loading.setText("Nobody on this case receives letters.")
            self._loading.show()
        self._changed()

    def _no_recipients(self) -> str:
        return problems_html("Nobody on this case receives letters.", [
            "Add a contact with an address, or tick \"Receives letters\" for one "
            "(Contacts tab)."])

    def _recipients_failed(self, exc: Exception) -> None:
        self._recipients = []
        self._loading.setText(f"Who receives letters could not be read: {_plain(exc)}")
        self._update()

    # ----- printing ----------------------------------------------------------------------
    @Slot()
    def _print_clicked(self) -> None:
        if not self._print.isEnabled():
            return
        path = self.path_chooser(self._suggested_path())
        if path is None:
            return
        letters, request = self._services.letters, self.request()

        def job(ctx: TaskContext) -> tuple[list[IssuedLetter], str]:
            composed = letters.compose(request)
            ctx.check()

            def progress(done: int, total: int) -> None:
                ctx.report(done, total, f"Printing… {done} of {total}")

            try:
                issued = letters.print_letters(composed, path, progress,
                                               lambda: ctx.cancelled)
            except RenderCancelled:
                raise Cancelled() from None
            return issued, composed[0].child_name

        self._message.hide()
        task = self._tasks.run_job(job, on_done=partial(self._printed, path),
                                   on_error=self._print_failed, write=True)
        task.progressed.connect(self._print_progressed)
        task.finished.connect(self._print_finished)
        self._print_task = task
        self._set_busy(True)
        self._progress.setRange(0, 0)  # until the first part is laid out

    @Slot(int, int, str)
    def _print_progressed(self, done: int, total: int, text: str) -> None:
        self._progress.setRange(0, total)
        self._progress.setValue(done)
        self._progress_text.setText(text)

    def _printed(self, path: Path, answer: tuple[list[IssuedLetter], str]) -> None:
        issued, child_name = answer
        self._print_task = None
        self._set_busy(False)
        message = (f"Saved {plural(len(issued), 'letter')} to {path}; recorded on "
                   f"{child_name}'s chronology.")
        self.printed.emit(issued, str(path), message)
        self.accept()

    def _print_failed(self, exc: Exception) -> None:
        self._print_task = None
        self._set_busy(False)
        if isinstance(exc, LetterError):
            text = "Not printed: " + " ".join(exc.problems)
        elif isinstance(exc, OSError):
            text = f"The file could not be saved ({exc.strerror or exc}). Nothing was recorded."
        else:
            text = f"Not printed: {_plain(exc)}"
        self._show_message(text)

    @Slot()
    def _print_finished(self) -> None:
        if self._print_task is not None:  # neither printed nor refused: cancelled
            self._print_task = None
            self._set_busy(False)
            self._show_message("Printing cancelled: no file was saved and nothing recorded.")

    def _set_busy(self, busy: bool) -> None:
        self._form_widget.setEnabled(not busy)
        self._progress.setVisible(busy)
        self._progress_text.setVisible(busy)
        self._progress_text.setText("Printing…")
        self._cancel.setText("Cancel printing" if busy else "Close")
        self._update()

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._message.show()

    def reject(self) -> None:
        """Close, or while printing stop the print (the dialog stays until it has)."""
        if self._print_task is not None:
            self._print_task.cancel()
            self._progress_text.setText("Stopping…")
            return
        super().reject()

    def _suggested_path(self) -> Path:
        chosen = [r for r in self._recipients or [] if r.contact_id in self.ticked()]
        if len(chosen) == 1:
            who = chosen[0].name
        elif self._shown is not None and self._shown.letters:
            who = self._shown.letters[0].child_name
        else:
            who = self._case_name
        return self._folder / letter_file_name(self.letter_date(),
                                               CATALOGUE[self.kind()].title, who)

    # ----- the chosen letter's own fields ------------------------------------------------
    def _set_wording(self, wording: list[TemplateVersion]) -> None:
        by_key = {t.key: t for t in wording}
        self._uses = {}
        for kind, info in CATALOGUE.items():
            text = by_key[kind.value].subject + by_key[kind.value].body if kind.value in by_key \
                else ""
            self._uses[kind] = frozenset(f.name for f in info.typed_fields()
                                         if re.search(rf"\b{f.name}\b", text))
        self._show_typed_fields()

    def _typed_names(self, kind: LetterKind) -> list[str]:
        """The fields to type for `kind`: those its wording prints (all, until it is read)."""
        names = [f.name for f in CATALOGUE[kind].typed_fields()]
        return [n for n in names if self._uses is None or n in self._uses[kind]]

    def _mark_missing(self, refused: bool) -> None:
        """After a refusal, say under each empty box the letter needs that it needs it."""
        kind = self.kind()
        needed, typed = required_fields(kind), self.typed()
        for name, note in self._typed_notes.items():
            missing = refused and name in needed and name in typed and not typed[name]
            set_error(note, self._typed[name], "This letter needs this: type it here."
                      if missing else "")

    def _show_typed_fields(self) -> None:
        kind = self.kind()
        wanted, required = self._typed_names(kind), required_fields(kind)
        for name, widget in self._typed.items():
            self._form.setRowVisible(widget, name in wanted)
            self._form.setRowVisible(self._typed_notes[name], name in wanted)
            label = TYPED_LABELS[name][0] + ("" if name in required else " (optional)")
            caption = self._form.labelForField(widget)
            if isinstance(caption, QLabel):
                caption.setText(label)
            widget.setAccessibleName(label.replace("&", ""))

    # ----- building ----------------------------------------------------------------------
    @Slot()
    def _kind_changed(self, *_args: Any) -> None:
        info = CATALOGUE[self.kind()]
        lines = [f"When: {info.when}.", f"Law: {info.citation}."]
        if info.appealable:
            lines.append(APPEAL_NOTE)
        self._about.setText("\n".join(lines))
        self._show_typed_fields()
        self._changed()

    def _build(self, today: date, kind: LetterKind | None) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_form(today, kind))
        self._preview = PdfPreview()
        self._preview.setMinimumWidth(420)
        # A list of problems reads from the top left, not centred in a page-sized space.
        message = self._preview.findChild(QLabel, "pdf_preview_message")
        if message is not None:
            message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            message.setMargin(24)
        splitter.addWidget(self._preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 780])
        self._summary = QLabel(objectName="letterSummary")
        self._summary.setAccessibleName("Letters and pages")
        self._progress = QProgressBar(maximumWidth=220, visible=False)
        self._progress.setAccessibleName("Printing progress")
        self._progress_text = QLabel(visible=False)
        self._print = QPushButton("&Print and record…", default=True, enabled=False)
        self._print.setToolTip("Save the letters as one PDF to print, and record each one on "
                               "the letter log and the child's chronology")
        self._print.clicked.connect(self._print_clicked)
        self._cancel = QPushButton("Close", autoDefault=False)
        self._cancel.clicked.connect(self.reject)
        self._message = QLabel(wordWrap=True, visible=False)
        self._message.setStyleSheet(ERROR_STYLE)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        for widget in (self._summary, self._progress, self._progress_text):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self._print)
        bar.addWidget(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self._message)
        layout.addLayout(bar)
        QWidget.setTabOrder(self._typed["meeting_details"], self._print)
        QWidget.setTabOrder(self._print, self._cancel)

    def _build_form(self, today: date, kind: LetterKind | None) -> QScrollArea:
        self._kind = QComboBox()
        for info in CATALOGUE.values():
            self._kind.addItem(info.title, info.kind.value)
        if kind is not None:
            self._kind.setCurrentIndex(self._kind.findData(kind.value))
        self._kind.currentIndexChanged.connect(self._kind_changed)
        self._about = QLabel(wordWrap=True)
        self._about.setProperty("role", "muted")
        self._date = DateField(minimum=today - timedelta(days=366))
        self._date.set_value(today)
        self._date.dateChanged.connect(self._changed)
        people = QGroupBox("Se&nd to")
        self._recipient_column = QVBoxLayout(people)
        self._loading = QLabel("Finding who receives letters…", wordWrap=True)
        self._loading.setProperty("role", "muted")
        self._recipient_column.addWidget(self._loading)
        self._form = QFormLayout()
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row("&Letter", self._kind)
        self._form.addRow(self._about)
        self._add_row("&Date on the letter", self._date)
        self._form.addRow(people)
        self._typed: dict[str, QWidget] = {}
        self._typed_notes: dict[str, QLabel] = {}
        for name, (label, example) in TYPED_LABELS.items():
            if name == "reasons":
                box: QWidget = QPlainTextEdit(placeholderText=example, tabChangesFocus=True)
                box.setMinimumHeight(120)
                box.textChanged.connect(self._changed)
            else:
                box = QLineEdit(placeholderText=example, maxLength=200)
                box.textChanged.connect(self._changed)
            box.setObjectName(name)
            self._typed[name] = box
            self._add_row(label, box)
            self._typed_notes[name] = note = error_label()
            self._form.addRow(note)
        self._form_widget = QWidget()
        self._form_widget.setLayout(self._form)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self._form_widget)
        scroll.setMinimumWidth(360)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside it
        return scroll

    def _add_row(self, label: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        self._form.addRow(caption, widget)

    def _fit_to_screen(self) -> None:
        """About 1200 x 700, less on a smaller screen."""
        width, height = 1200, 700
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)


def _plain(exc: Exception) -> str:
    """An exception in words for the officer (a ValidationError's own messages)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.errors.values())
    return str(exc) or type(exc).__name__
