"""The letter wording window: the lead officer edits a letter's or block's wording, sees its
problems as they type and a live preview of a fictional letter, and saves a new version.

Open it from the main window with (non-modal; it deletes itself when closed):

    window = LetterWordingWindow(self.services, self.tasks, self)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()

Left: the twelve letters, then the blocks the law adds to letters, each with the version in
use. Middle: the history, the subject line (letters only), the wording with line numbers, and
the problems `check_wording` finds (checked on the UI thread after a pause in typing: it is
pure and takes milliseconds); clicking one goes to its line. Right: the preview, made on a
worker after a longer pause (answers to older text are dropped), and the guidance: when the
letter is sent, what the law requires it to say, and the fields it may use (double-click or
Enter inserts one). A case officer sees all of it read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import OfficerRole
from caseworker_app.entities_letters import TemplateKey, TemplateVersion
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.letters.catalogue import BLOCK_TITLES, CATALOGUE, LetterKind
from caseworker_app.letters.templates import TemplateError, TemplateProblem
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.messages import open_dialog, report
from caseworker_app.ui.models.wording_models import (
    ProblemListModel,
    WordingListModel,
    version_text,
)
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.wording_editor import WordingEditor
from caseworker_app.ui.widgets.wording_panes import (
    GuidancePane,
    PreviewPane,
    WordingDelegate,
)

CHECK_PAUSE_MS = 300
READ_ONLY_NOTICE = "Only a lead annual review officer can change letter wording."
SYNTAX_HELP = ("## heading · - bullet · **bold** · {{ field }} · "
               "{% if reasons %}…{% endif %} keeps a passage only when the field has a value")
READ_ONLY_BACKGROUND = "#f1f3f5"
NOTICE_STYLE = "background: #fff4d6; border-left: 4px solid #b26a00; padding: 4px 8px;"
OK_COLOUR, PROBLEM_COLOUR = "#1b6e3a", "#a4000f"


class LetterWordingWindow(QDialog):
    """Edit, check, preview and save the wording of letters and statutory blocks."""

    wording_saved = Signal(TemplateVersion)  # a new version is in use

    def __init__(self, services: Services, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks = services, tasks
        self._key: TemplateKey | None = None
        self._current: TemplateVersion | None = None  # the version in use: based_on, baseline
        self._history: list[TemplateVersion] = []
        self._problems: list[TemplateProblem] = []
        self._can_edit = False
        self._saving = False
        self._closing = False
        self._after_save: Callable[[], None] | None = None
        self._reverting = False
        self.setWindowTitle("Letter wording")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._build()
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_PAUSE_MS)
        self._check_timer.timeout.connect(self._check)
        self._shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self._shortcut.activated.connect(self.save)
        self._fit_to_screen()
        self._set_loaded(False)
        self._tasks.run(self._read_start, on_done=self._started, on_error=self._failed_to_load)

    # ----- building -------------------------------------------------------------------
    def _build(self) -> None:
        self.list_model = WordingListModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self._delegate = WordingDelegate(self.list_view)  # kept: PySide drops it otherwise
        self.list_view.setItemDelegate(self._delegate)
        self.list_view.setAccessibleName("Letters and blocks")
        self.list_view.setMinimumWidth(200)
        self.list_view.selectionModel().currentChanged.connect(self._current_changed)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_view)
        splitter.addWidget(self._build_editor())
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([270, 550, 530])
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    def _build_editor(self) -> QWidget:
        pane = QWidget()
        column = QVBoxLayout(pane)
        column.setContentsMargins(4, 0, 4, 0)
        self.title_label = QLabel()
        self.title_label.setProperty("role", "heading")
        self.version_label = QLabel()
        self.version_label.setProperty("role", "muted")
        self.version_label.setWordWrap(True)
        self.read_only_label = QLabel(READ_ONLY_NOTICE)
        self.read_only_label.setStyleSheet(NOTICE_STYLE)
        self.read_only_label.hide()
        column.addWidget(self.title_label)
        column.addWidget(self.version_label)
        column.addWidget(self.read_only_label)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.history_combo = QComboBox()
        self.history_combo.setAccessibleName("History")
        self.load_button = QPushButton("&Load into editor", autoDefault=False)
        self.load_button.setToolTip("Put this version's wording in the editor. Nothing changes "
                                    "until you save; Ctrl+Z undoes it.")
        self.load_button.clicked.connect(self.load_selected_version)
        history_label = QLabel("&History:")
        history_label.setBuddy(self.history_combo)
        grid.addWidget(history_label, 0, 0)
        grid.addWidget(self.history_combo, 0, 1)
        grid.addWidget(self.load_button, 0, 2)
        self.subject_edit = QLineEdit()
        self.subject_edit.setAccessibleName("Subject line")
        self.subject_edit.textEdited.connect(self._text_changed)
        self.subject_label = QLabel("S&ubject:")
        self.subject_label.setBuddy(self.subject_edit)
        grid.addWidget(self.subject_label, 1, 0)
        grid.addWidget(self.subject_edit, 1, 1, 1, 2)
        column.addLayout(grid)
        self.editor = WordingEditor()
        self.editor.setAccessibleName("Wording")
        self.editor.textChanged.connect(self._text_changed)
        self.editor.cursorPositionChanged.connect(self._show_position)
        wording_label = QLabel("&Wording:")
        wording_label.setBuddy(self.editor)
        self.position_label = QLabel()
        self.position_label.setProperty("role", "muted")
        row = QHBoxLayout()
        row.addWidget(wording_label)
        row.addStretch(1)
        row.addWidget(self.position_label)
        column.addLayout(row)
        column.addWidget(self.editor, 1)
        help_label = QLabel(SYNTAX_HELP)
        help_label.setProperty("role", "muted")
        help_label.setWordWrap(True)
        help_label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(help_label)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_model = ProblemListModel(self)
        self.problem_view = QListView()
        self.problem_view.setModel(self.problem_model)
        self.problem_view.setWordWrap(True)
        self.problem_view.setSpacing(1)
        self.problem_view.setAccessibleName("Problems")
        self.problem_view.setMaximumHeight(96)
        self.problem_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_view.clicked.connect(self._go_to_problem)
        self.problem_view.activated.connect(self._go_to_problem)
        self.problems_label.setBuddy(self.problem_view)
        column.addWidget(self.problems_label)
        column.addWidget(self.problem_view)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("For example: clearer wording about the meeting")
        self.note_edit.setAccessibleName("What changed")
        self.note_edit.setMaxLength(300)
        self.note_label = QLabel("What &changed (optional):")
        self.note_label.setBuddy(self.note_edit)
        self.save_button = QPushButton("&Save", autoDefault=False)
        self.save_button.setToolTip("Save as a new version (Ctrl+S). Letters printed from now "
                                    "on use it; letters already sent keep their wording.")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.note_label)
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.save_button)
        column.addLayout(row)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        column.addWidget(self.status_label)
        return pane

    def _build_right(self) -> QWidget:
        self.tabs = QTabWidget()
        self.preview_pane = PreviewPane(self._services, self._tasks, self._wording_to_preview)
        self.preview = self.preview_pane.preview
        self.large_print = self.preview_pane.large_print
        self.guidance = GuidancePane()
        self.guidance.field_chosen.connect(self.editor.insert_field)
        self.tabs.addTab(self.preview_pane, "&Preview")
        self.tabs.addTab(self.guidance, "Guidance and &fields")
        return self.tabs

    def _fit_to_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1340, 720
        if screen is not None:
            width, height = min(width, screen.width() - 20), min(height, screen.height() - 40)
        self.resize(width, height)

    # ----- loading --------------------------------------------------------------------
    def _read_start(self) -> tuple[bool, list[TemplateVersion]]:
        """On a worker: may this officer edit, and the wording in use for everything."""
        profile = self._services.reference.profile()
        lead = profile is not None and profile.role == OfficerRole.LEAD
        return lead, self._services.letters.templates()

    def _started(self, result: tuple[bool, list[TemplateVersion]]) -> None:
        self._can_edit, templates = result
        self.read_only_label.setVisible(not self._can_edit)
        for widget in (self.note_label, self.note_edit, self.save_button):
            widget.setVisible(self._can_edit)
        for edit in (self.editor, self.subject_edit):
            edit.setReadOnly(not self._can_edit)
            if not self._can_edit:  # grey, so nobody tries to type in it
                edit.setStyleSheet(f"background: {READ_ONLY_BACKGROUND};")
        self.guidance.set_insertable(self._can_edit)
        self.list_model.set_templates(templates)
        self.select(LetterKind.REVIEW_INVITATION)

    def _failed_to_load(self, exc: Exception) -> None:
        self.status_label.setText(f"The wording could not be read: {exc}")

    def select(self, key: TemplateKey) -> None:
        """Show `key`'s wording (asking first about unsaved changes, as a click would)."""
        row = self.list_model.row_of(key)
        if row >= 0:
            self.list_view.setCurrentIndex(self.list_model.index(row, 0))

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._reverting:
            return
        key = self.list_model.key(current.row()) if current.isValid() else None
        if key is None or key == self._key:
            return
        if self.has_unsaved_changes():
            self._reverting = True  # stay on this letter until the question is answered
            self.list_view.setCurrentIndex(previous)
            self._reverting = False
            self._ask_unsaved(partial(self.select, key), partial(self._open, key))
            return
        self._open(key)

    def _open(self, key: TemplateKey) -> None:
        """Read `key`'s history and put the version in use in the editor."""
        self._key, self._current = key, None
        self._reverting = True
        self.select(key)
        self._reverting = False
        self._set_loaded(False)
        self.title_label.setText(CATALOGUE[key].title if isinstance(key, LetterKind)
                                 else BLOCK_TITLES[key])
        self._tasks.run(partial(self._services.letters.template_history, key),
                        on_done=partial(self._opened, key), on_error=self._failed_to_load)

    def _opened(self, key: TemplateKey, history: list[TemplateVersion]) -> None:
        if key != self._key:
            return  # another letter was chosen meanwhile
        self._history, self._current = history, history[0]
        is_letter = isinstance(key, LetterKind)
        self.subject_label.setVisible(is_letter)
        self.subject_edit.setVisible(is_letter)
        self.subject_edit.setText(self._current.subject if is_letter else "")
        self.editor.setPlainText(self._current.body)  # a new letter: a fresh undo history
        self.note_edit.clear()
        self.guidance.show_key(key)
        self.preview_pane.show_key(key)
        self._fill_history()
        self._show_version()
        self.status_label.clear()
        self._set_loaded(True)
        self._check()
        self.preview_pane.refresh_now()

    def _fill_history(self) -> None:
        self.history_combo.clear()
        for version in self._history:
            described = version_text(version)
            text = "Built-in wording" if version.builtin else \
                described[0].upper() + described[1:]
            if version.note:
                text += f": {version.note}"
            if version is self._current:
                text += " (in use)"
            self.history_combo.addItem(text)
            self.history_combo.setItemData(self.history_combo.count() - 1, text,
                                           Qt.ItemDataRole.ToolTipRole)

    def _show_version(self, loaded: TemplateVersion | None = None) -> None:
        assert self._current is not None
        in_use = f"In use: {version_text(self._current)}."
        if loaded is not None and loaded.version != self._current.version:
            what = "the built-in wording" if loaded.builtin else f"version {loaded.version}"
            action = "Save to use it again." if self._can_edit else "It is not in use."
            in_use += f" The editor shows {what}. {action}"
        self.version_label.setText(in_use)

    def _set_loaded(self, loaded: bool) -> None:
        for widget in (self.editor, self.subject_edit, self.history_combo, self.load_button,
                       self.guidance.field_table):
            widget.setEnabled(loaded)
        if not loaded:
            self.preview_pane.show_key(None)
        self._update_save()

    @Slot()
    def load_selected_version(self) -> None:
        """Put the version chosen in History into the editor (saved only by Save)."""
        row = self.history_combo.currentIndex()
        if not 0 <= row < len(self._history) or self._key is None:
            return
        version = self._history[row]
        if isinstance(self._key, LetterKind):
            self.subject_edit.setText(version.subject)
        self.editor.replace_text(version.body)
        self._show_version(version)
        self._text_changed()

    # ----- checking and previewing ------------------------------------------------------
    @property
    def last_preview(self) -> bytes:
        """The PDF the preview shows (for tests)."""
        return self.preview_pane.last_preview

    @Slot()
    def _text_changed(self) -> None:
        if not self._saving:
            self._say("", "")  # "Saved as version 3" no longer describes the editor
        self._check_timer.start(CHECK_PAUSE_MS)
        self.preview_pane.changed()
        self._update_save()

    @Slot()
    def _check(self) -> None:
        """List what is wrong with the wording now (pure and fast: on the UI thread)."""
        self._check_timer.stop()
        if self._key is None or self._current is None:
            return
        self._problems = self._services.letters.check_wording(
            self._key, self.subject_edit.text(), self.editor.toPlainText())
        self.problem_model.set_problems(self._problems)
        self.editor.set_problem_lines(p.line for p in self._problems)
        count = len(self._problems)
        if count:
            self.problems_label.setText(f"Pro&blems ({count}): click one to go to its line. "
                                        "The wording cannot be saved until they are fixed.")
            self.problems_label.setStyleSheet(f"color: {PROBLEM_COLOUR}; font-weight: 600;")
            self.preview_pane.show_problems()
        else:
            self.problems_label.setText("Pro&blems: none found.")
            self.problems_label.setStyleSheet(f"color: {OK_COLOUR};")
        self._update_save()

    def _wording_to_preview(self) -> tuple[TemplateKey, str, str] | None:
        """What the preview should show now (None while loading or while it has problems)."""
        self._check()
        if self._key is None or self._current is None or self._problems:
            return None
        return self._key, self.subject_edit.text(), self.editor.toPlainText()

    # ----- saving -----------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        """True when the editor's wording differs from the version in use (lead only)."""
        if not self._can_edit or self._current is None:
            return False
        subject = self.subject_edit.text().strip() if isinstance(self._key, LetterKind) else ""
        return (subject, self.editor.toPlainText().rstrip()) != \
            (self._current.subject.strip(), self._current.body.rstrip())

    def _update_save(self) -> None:
        self.save_button.setEnabled(self._can_edit and not self._saving and not self._problems
                                    and self.has_unsaved_changes())

    @Slot()
    def save(self) -> None:
        """Save the wording as a new version, if it has changed and has no problems."""
        if not self._can_edit or self._saving or self._key is None or self._current is None:
            return
        self._check()
        if self._problems:
            self._after_save = None
            self._say("Not saved: fix the problems listed first.", PROBLEM_COLOUR)
            return
        if not self.has_unsaved_changes():
            self._say("Nothing to save: the wording is as saved.", OK_COLOUR)
            return
        key, based_on = self._key, self._current.version
        job = partial(self._services.letters.save_template, key, self.subject_edit.text(),
                      self.editor.toPlainText(), based_on, self.note_edit.text())
        self._saving = True
        self._update_save()
        self._say("Saving…", "")
        self._tasks.run(job, write=True, on_done=partial(self._saved, key),
                        on_error=self._save_failed)

    def _saved(self, key: TemplateKey, version: TemplateVersion) -> None:
        self._saving = False
        self.list_model.update(version)
        self.wording_saved.emit(version)
        if key == self._key:
            self._current = version
            self._history.insert(0, version)
            self._fill_history()
            self._show_version()
            self.note_edit.clear()
        self._say(f"Saved as version {version.version}. Letters printed from now on use it; "
                  "letters already sent keep their wording.", OK_COLOUR)
        self._update_save()
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _save_failed(self, exc: Exception) -> None:
        self._saving = False
        self._after_save = None
        self._update_save()
        if isinstance(exc, StaleRecordError):
            self._say(f"Not saved. {exc}", PROBLEM_COLOUR)
            self._offer_reload(str(exc))
        elif isinstance(exc, TemplateError):
            self.problem_model.set_problems(exc.problems)
            self._say("Not saved: fix the problems listed first.", PROBLEM_COLOUR)
        elif isinstance(exc, ValidationError):
            self._say("Not saved. " + " ".join(exc.errors.values()), PROBLEM_COLOUR)
        else:
            self._say("Not saved.", PROBLEM_COLOUR)
            report(self, exc)

    def _offer_reload(self, why: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Letter wording",
                          f"{why}\n\nReload to see their version: the editor then shows it, "
                          "and your changes are lost (copy anything you want to keep first).",
                          QMessageBox.StandardButton.Cancel, self)
        reload = box.addButton("&Reload", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        key = self._key
        box.buttonClicked.connect(
            lambda button: self._open(key) if button is reload and key is not None else None)
        self.reload_box = box  # for tests
        open_dialog(box)

    def _ask_unsaved(self, then: Callable[[], None], discard: Callable[[], None]) -> None:
        """Ask Save / Discard / Cancel about unsaved wording; `then` runs after a save,
        `discard` instead of one."""
        box = QMessageBox(QMessageBox.Icon.Question, "Letter wording",
                          "The wording has changes that are not saved. Save them?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Save)

        def answered(button: QPushButton) -> None:
            match box.standardButton(button):
                case QMessageBox.StandardButton.Save:
                    self._after_save = then
                    self.save()
                case QMessageBox.StandardButton.Discard:
                    self._discard()
                    discard()

        box.buttonClicked.connect(answered)
        self.unsaved_box = box  # for tests
        open_dialog(box)

    def _discard(self) -> None:
        assert self._current is not None
        self.subject_edit.setText(self._current.subject)
        self.editor.setPlainText(self._current.body)
        self._check()

    def reject(self) -> None:
        """Close (Esc, the window's close button), asking first about unsaved changes."""
        if self._saving and not self._closing:
            return  # the save's answer must have somewhere to go
        if self.has_unsaved_changes() and not self._closing:
            self._ask_unsaved(self._close_now, self._close_now)
            return
        super().reject()

    def _close_now(self) -> None:
        self._closing = True
        self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)  # calls reject(), which may ask first and keep it open
        if event.isAccepted():
            self._check_timer.stop()
            self.preview_pane.stop()

    # ----- small helpers --------------------------------------------------------------------
    @Slot(QModelIndex)
    def _go_to_problem(self, index: QModelIndex) -> None:
        problem = self.problem_model.problem(index.row())
        if problem.line > 0:
            self.editor.go_to_line(problem.line)
        elif problem.message.startswith("Subject") or "subject line" in problem.message:
            self.subject_edit.setFocus()
        else:
            self.editor.setFocus()

    @Slot()
    def _show_position(self) -> None:
        cursor = self.editor.textCursor()
        self.position_label.setText(f"Line {cursor.blockNumber() + 1}, "
                                    f"column {cursor.positionInBlock() + 1}")

    def _say(self, text: str, colour: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {colour};" if colour else "")

