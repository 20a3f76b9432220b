"""The letter wording window on a real database: a lead officer edits, checks, previews and
saves wording; a case officer only reads it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from caseworker_app.letters import defaults
from caseworker_app.letters.catalogue import Block, LetterKind
from caseworker_app.ui.models.wording_models import VERSION_ROLE, FieldColumn
from caseworker_app.ui.screens.letter_wording import READ_ONLY_NOTICE, LetterWordingWindow
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.wording_panes import FIX_FIRST

MAINTAIN = "Decision to keep the plan unchanged"
WAIT = 10_000


@pytest.fixture
def open_window(qtbot, services):
    """Opens the window, waits until it has read the wording; closed before the database."""
    tasks = TaskRunner()
    opened = []

    def make() -> LetterWordingWindow:
        window = LetterWordingWindow(services, tasks)
        window.show()
        opened.append(window)
        qtbot.waitUntil(lambda: window.list_model.rowCount() == 19
                        and window.editor.isEnabled(), timeout=WAIT)
        return window

    yield make
    tasks.wait()
    for window in opened:
        window._closing = True
        window.close()
        window.deleteLater()


def choose(qtbot, window: LetterWordingWindow, title: str) -> None:
    """Click a letter or block in the list, as the officer would."""
    model = window.list_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == title)
    rect = window.list_view.visualRect(model.index(row, 0))
    qtbot.mouseClick(window.list_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())


def wait_opened(qtbot, window: LetterWordingWindow, title: str) -> None:
    qtbot.waitUntil(lambda: window.title_label.text() == title and window.editor.isEnabled(),
                    timeout=WAIT)


def type_at_end(qtbot, window: LetterWordingWindow, text: str) -> None:
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(window.editor, text)


def pdf_text(data: bytes) -> str:
    if not data:
        return ""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_lead_fixes_a_field_sees_the_preview_and_saves(qtbot, services, lead,
                                                       open_window) -> None:
    window = open_window()
    choose(qtbot, window, MAINTAIN)
    wait_opened(qtbot, window, MAINTAIN)
    assert window.editor.toPlainText() == defaults.LETTERS[LetterKind.MAINTAIN]
    type_at_end(qtbot, window, "Ask us about {{ meeting_dat }}.")
    line = window.editor.blockCount()
    qtbot.waitUntil(lambda: window.problem_model.rowCount() == 1, timeout=WAIT)
    assert window.problem_model.index(0, 0).data() == (
        f"Line {line}: {{{{ meeting_dat }}}} is not a field this letter has. "
        "Did you mean {{ meeting_date }}?")
    assert window.editor.problem_lines == {line}
    assert not window.save_button.isEnabled()
    assert window.preview.message == FIX_FIRST
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "fix the problems" in window.status_label.text()
    assert services.letters.template(LetterKind.MAINTAIN).version == 0

    window.editor.moveCursor(QTextCursor.MoveOperation.Start)  # clicking the problem goes there
    rect = window.problem_view.visualRect(window.problem_model.index(0, 0))
    qtbot.mouseClick(window.problem_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert window.editor.current_line() == line

    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    for _ in range(4):  # " }}." off, then the missing "e" and the braces back
        qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(window.editor, "e }}.")
    qtbot.waitUntil(lambda: window.problem_model.rowCount() == 0
                    and window.save_button.isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: "Ask us about" in pdf_text(window.last_preview), timeout=WAIT)
    assert window.preview.page_count > 0
    assert "Ask us about 14 December 2026." in " ".join(pdf_text(window.last_preview).split())

    qtbot.keyClicks(window.note_edit, "Asks about the meeting")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved as version 1" in window.status_label.text(), timeout=WAIT)
    saved = services.letters.template(LetterKind.MAINTAIN)
    assert saved.version == 1 and saved.note == "Asks about the meeting"
    assert saved.body.rstrip().endswith("Ask us about {{ meeting_date }}.")
    assert saved.author_name == "Grace Lead"
    assert not window.save_button.isEnabled() and not window.has_unsaved_changes()
    row = window.list_model.row_of(LetterKind.MAINTAIN)
    assert window.list_model.index(row, 0).data(VERSION_ROLE).startswith(
        "version 1, Grace Lead, 23 Nov 2026")

    history = [window.history_combo.itemText(i) for i in range(window.history_combo.count())]
    assert history[0].startswith("Version 1, Grace Lead") and "(in use)" in history[0]
    assert history[1:] == ["Built-in wording"]
    window.history_combo.setCurrentIndex(1)
    qtbot.mouseClick(window.load_button, Qt.MouseButton.LeftButton)
    assert window.editor.toPlainText() == defaults.LETTERS[LetterKind.MAINTAIN]
    assert "built-in wording" in window.version_label.text()
    assert window.has_unsaved_changes()
    assert services.letters.template(LetterKind.MAINTAIN).version == 1  # not until Save
    window.editor.undo()  # loading is one edit
    assert "Ask us about {{ meeting_date }}." in window.editor.toPlainText()


def test_switching_letter_with_unsaved_changes_asks(qtbot, services, lead,
                                                    open_window) -> None:
    window = open_window()
    choose(qtbot, window, MAINTAIN)
    wait_opened(qtbot, window, MAINTAIN)
    type_at_end(qtbot, window, "An extra line.")
    choose(qtbot, window, "Decision to assess")
    box = window.unsaved_box
    assert box.isVisible()
    assert window.list_view.currentIndex().data() == MAINTAIN  # still here until answered
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert window.title_label.text() == MAINTAIN
    assert window.editor.toPlainText().endswith("An extra line.")

    choose(qtbot, window, "Decision to assess")
    qtbot.mouseClick(window.unsaved_box.button(QMessageBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    wait_opened(qtbot, window, "Decision to assess")
    assert window.list_view.currentIndex().data() == "Decision to assess"
    assert services.letters.template(LetterKind.MAINTAIN).body.rstrip().endswith(
        "An extra line.")

    type_at_end(qtbot, window, "Not kept.")
    choose(qtbot, window, MAINTAIN)
    qtbot.mouseClick(window.unsaved_box.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    wait_opened(qtbot, window, MAINTAIN)
    assert services.letters.template(LetterKind.ASSESS).version == 0

    type_at_end(qtbot, window, "Not kept either.")  # closing asks too
    window.close()
    assert window.isVisible() and window.unsaved_box.isVisible()
    qtbot.mouseClick(window.unsaved_box.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert services.letters.template(LetterKind.MAINTAIN).version == 1


def test_a_save_after_someone_elses_is_refused_and_offers_reload(qtbot, services, lead,
                                                                 open_window) -> None:
    window = open_window()
    choose(qtbot, window, MAINTAIN)
    wait_opened(qtbot, window, MAINTAIN)
    other = defaults.LETTERS[LetterKind.MAINTAIN] + "\nSaved on another laptop.\n"
    services.letters.save_template(LetterKind.MAINTAIN, window.subject_edit.text(), other, 0)
    type_at_end(qtbot, window, "Mine.")
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: hasattr(window, "reload_box") and window.reload_box.isVisible(),
                    timeout=WAIT)
    assert "Someone saved version 1" in window.status_label.text()
    reload = next(b for b in window.reload_box.buttons() if b.text() == "&Reload")
    qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved on another laptop." in window.editor.toPlainText()
                    and "Mine." not in window.editor.toPlainText(), timeout=WAIT)
    assert window.version_label.text().startswith("In use: version 1, Grace Lead")


def test_block_guidance_lists_fields_and_inserts_one(qtbot, lead, open_window) -> None:
    window = open_window()
    choose(qtbot, window, "Mediation")
    wait_opened(qtbot, window, "Mediation")
    assert not window.subject_edit.isVisible()
    assert "Decision to keep the plan unchanged" in window.guidance.text.text()
    window.tabs.setCurrentIndex(1)
    model = window.guidance.field_model
    keep = [model.record(r).name for r in range(model.rowCount()) if model.record(r).required]
    assert keep == ["mediation_deadline", "mediation_service", "mediation_contact",
                    "la_contact"]
    assert model.index(0, list(FieldColumn).index(FieldColumn.KEEP)).data() == "Must keep"
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    row = next(r for r in range(model.rowCount()) if model.record(r).name == "council_phone")
    rect = window.guidance.field_table.visualRect(model.index(row, 0))
    for click in (qtbot.mouseClick, qtbot.mouseDClick):  # a double-click starts with a click
        click(window.guidance.field_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.toPlainText().startswith("{{ council_phone }}- You have")
    window.guidance.field_table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(window.guidance.field_table, Qt.Key.Key_Return)
    assert window.editor.toPlainText().startswith("{{ council_phone }}{{ mediation_deadline }}")


def test_case_officer_reads_but_cannot_save(qtbot, services, open_window) -> None:
    window = open_window()
    wait_opened(qtbot, window, "Annual review invitation")
    assert window.read_only_label.isVisible()
    assert window.read_only_label.text() == READ_ONLY_NOTICE
    assert not window.save_button.isVisible() and not window.save_button.isEnabled()
    assert window.editor.isReadOnly() and window.subject_edit.isReadOnly()
    before = window.editor.toPlainText()
    qtbot.keyClicks(window.editor, "typed")
    assert window.editor.toPlainText() == before
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.letters.template(LetterKind.REVIEW_INVITATION).version == 0
    qtbot.waitUntil(lambda: window.preview.page_count > 0, timeout=WAIT)
    standard = window.last_preview
    qtbot.mouseClick(window.large_print, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_preview != standard, timeout=WAIT)
    assert len(PdfReader(io.BytesIO(window.last_preview)).pages) > \
        len(PdfReader(io.BytesIO(standard)).pages)  # the same letter, larger type
    choose(qtbot, window, "Your right to appeal")  # no question: nothing of theirs to save
    wait_opened(qtbot, window, "Your right to appeal")
    assert window.list_view.currentIndex().data(Qt.ItemDataRole.DisplayRole) == \
        "Your right to appeal"
    assert window.list_model.key(window.list_view.currentIndex().row()) == Block.APPEAL
