"""A case's Letters tab: the letters printed for the child, a new one, and any printed again.

Printing again reproduces the logged letter exactly as sent (the service checks it against
the hash recorded when it was sent) and saves it where the officer chooses.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.entities_letters import IssuedLetter
from caseworker_app.errors import ValidationError
from caseworker_app.rules.calendar import long_date
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.letter_dialog import (
    LetterDialog,
    PathChooser,
    ask_pdf_path,
    default_folder,
)
from caseworker_app.ui.dialogs.messages import open_dialog, report
from caseworker_app.ui.models.case_detail_models import format_datetime
from caseworker_app.ui.models.letter_models import IssuedLetterTableModel, letter_file_name
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.record_table import record_table

EMPTY = "No letters have been printed for this child yet."
NO_LETTER_CHOSEN = "Select a letter to see its details, or to print it again."


class LettersTab(QWidget):
    """Lists one child's letter log; prints new letters and copies of logged ones.

    `path_chooser(suggested) -> Path | None` asks where to save a copy; tests replace it.
    """

    letters_printed = Signal()  # letters were printed and recorded: the chronology changed

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._today = services, tasks, today
        self._child_id: uuid.UUID | None = None
        self._case_name = ""
        self._serial = 0
        self._dialog: LetterDialog | None = None
        self.folder = default_folder()  # where the last letter was saved
        self.model = IssuedLetterTableModel(self)
        self.path_chooser: PathChooser = partial(ask_pdf_path, self,
                                                 "Save a copy of the letter as")
        self._build()

    # ----- public ------------------------------------------------------------------------
    def set_case(self, child_id: uuid.UUID, case_name: str) -> None:
        """Show this child's letters (read again, whether or not the child changed)."""
        if child_id != self._child_id:
            self._notice.hide()
            self.model.set_records(())
        self._child_id, self._case_name = child_id, case_name
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Read the letter log again."""
        if self._child_id is None:
            return
        self._serial += 1
        self._tasks.run(partial(self._services.letters.issued, self._child_id),
                        on_done=partial(self._loaded, self._serial, self._child_id),
                        on_error=partial(report, self))

    @property
    def letter_dialog(self) -> LetterDialog | None:
        """The New letter dialog while it is open."""
        return self._dialog

    @property
    def new_button(self) -> QPushButton:
        """New letter…"""
        return self._new

    @property
    def again_button(self) -> QPushButton:
        """Print again…"""
        return self._again

    @property
    def notice(self) -> str:
        """What the last print or copy did (plain text), or ""."""
        return "" if self._notice.isHidden() else self._notice.property("plain") or ""

    @property
    def details(self) -> str:
        """The line about the selected letter."""
        return self._details.text()

    def select_row(self, row: int) -> None:
        """Select a letter, as clicking it does."""
        self._view.selectRow(row)

    @Slot()
    def new_letter(self) -> None:
        """Open the New letter dialog for the case (or bring back the one open)."""
        if self._child_id is None:
            return
        if self._dialog is not None:
            self._dialog.raise_()
            self._dialog.activateWindow()
            return
        dialog = LetterDialog(self._services, self._tasks, self._child_id, self._case_name,
                              self._today, folder=self.folder, parent=self)
        dialog.printed.connect(self._printed)
        dialog.finished.connect(self._dialog_closed)
        self._dialog = dialog
        open_dialog(dialog)

    # ----- behaviour ---------------------------------------------------------------------
    def _loaded(self, serial: int, child_id: uuid.UUID, letters: list[IssuedLetter]) -> None:
        if serial != self._serial or child_id != self._child_id:
            return
        chosen = self._selected()
        self.model.set_records(letters)
        self._stack.setCurrentWidget(self._view if letters else self._empty)
        self._details.setVisible(bool(letters))
        if chosen is not None:  # keep the selection over a reload
            row = next((i for i in range(self.model.rowCount())
                        if self.model.record(i).id == chosen.id), None)
            if row is not None:
                self._view.selectRow(row)
        self._selection_changed()

    @Slot()
    def _dialog_closed(self) -> None:
        self._dialog = None

    def _printed(self, _issued: list[IssuedLetter], path: str, message: str) -> None:
        self.folder = Path(path).parent
        self._show_notice(message, Path(path))
        self.reload()
        self.letters_printed.emit()

    def _selected(self) -> IssuedLetter | None:
        rows = self._view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    @Slot()
    def _selection_changed(self, *_args: QItemSelection) -> None:
        letter = self._selected()
        self._again.setEnabled(letter is not None)
        if letter is None:
            self._details.setText(NO_LETTER_CHOSEN)
            return
        self._details.setText(
            f"{letter.title} to {letter.recipient_name}, dated {long_date(letter.issued_on)}; "
            f"recorded {format_datetime(letter.recorded_at)} by {letter.author_name}.\n"
            f"Content SHA-256: {letter.content_sha256}")

    @Slot()
    def _print_again(self) -> None:
        letter = self._selected()
        if letter is None:
            return
        self._again.setEnabled(False)
        self._again.setText("Preparing the copy…")
        self._tasks.run(partial(self._services.letters.reproduce, letter.id),
                        on_done=partial(self._reproduced, letter),
                        on_error=self._reproduce_failed)

    def _reproduced(self, letter: IssuedLetter, pdf: bytes) -> None:
        self._again_ready()
        suggested = self.folder / letter_file_name(letter.issued_on, letter.title,
                                                   letter.recipient_name)
        path = self.path_chooser(suggested)
        if path is None:
            return
        self._tasks.run(partial(path.write_bytes, pdf),
                        on_done=partial(self._copy_saved, path),
                        on_error=partial(report, self))

    def _copy_saved(self, path: Path, _size: int) -> None:
        self.folder = path.parent
        self._show_notice(f"Saved a copy of the letter, exactly as sent, to {path}.", path)

    def _reproduce_failed(self, exc: Exception) -> None:
        self._again_ready()
        text = " ".join(exc.errors.values()) if isinstance(exc, ValidationError) else str(exc)
        box = QMessageBox(QMessageBox.Icon.Warning, "Letter not printed again", text,
                          QMessageBox.StandardButton.Ok, self)
        open_dialog(box)

    def _again_ready(self) -> None:
        self._again.setText("&Print again…")
        self._selection_changed()

    def _show_notice(self, text: str, path: Path) -> None:
        link = QUrl.fromLocalFile(str(path)).toString()
        self._notice.setText(f"{escape(text)} <a href=\"{escape(link)}\">Open it</a>")
        self._notice.setProperty("plain", text)
        self._notice.show()

    # ----- building ----------------------------------------------------------------------
    def _build(self) -> None:
        self._view = record_table(self.model)
        self._view.setAccessibleName("Letters printed")
        self._view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._empty = QLabel(f"{EMPTY}\n\nTo print one, press New letter… (Ctrl+L).",
                             alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self._empty.setProperty("role", "muted")
        self._stack = QStackedWidget()
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._view)
        self._details = QLabel(NO_LETTER_CHOSEN, wordWrap=True,
                               textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse
                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self._details.setAccessibleName("Letter details")
        self._details.hide()  # until there are letters to select
        self._notice = QLabel(wordWrap=True, objectName="caseNotices", visible=False,
                              textFormat=Qt.TextFormat.RichText, openExternalLinks=True)
        self._notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self._new = QPushButton("&New letter…")
        self._new.setToolTip("Choose a letter, see it as it will print, print it and record "
                             "it (Ctrl+L)")
        self._new.clicked.connect(self.new_letter)
        self._again = QPushButton("&Print again…", enabled=False)
        self._again.setToolTip("Save the selected letter again, exactly as it was sent")
        self._again.clicked.connect(self._print_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self._new)
        buttons.addWidget(self._again)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._notice)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._details)
        layout.addLayout(buttons)
