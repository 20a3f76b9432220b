"""The Letters tab and the New letter dialog: real widgets, real services, a real database.

The case is built as tests/services/test_letters.py builds it: a plan issued in 2025, two
parents (the father wants large print), the review meeting held on 2 November 2026 and the
council's details saved by a lead officer. Letters are dated 23 November 2026 (the clock).
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from caseworker_app.clock import FixedClock
from caseworker_app.codes import (
    ChronologyKind,
    LetterFormat,
    Need,
    Relationship,
    Sex,
)
from caseworker_app.db.tables import AnnualReview, LetterIssued
from caseworker_app.entities import NewCase
from caseworker_app.entities_letters import LetterRequest
from caseworker_app.letters.catalogue import LetterKind
from caseworker_app.letters.context import Organisation
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.letter_dialog import APPEAL_NOTE, LetterDialog
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.letter_models import letter_file_name, safe_file_name
from caseworker_app.ui.screens.case_view import TABS, CaseView
from caseworker_app.ui.screens.letters_tab import EMPTY, LettersTab
from caseworker_app.ui.tasks import TaskRunner
from tests.letter_cases import contact

LEFT = Qt.MouseButton.LeftButton
LETTER_DAY = date(2026, 11, 23)
@pytest.fixture
def child_id(lead: Services, council: Organisation) -> uuid.UUID:
    """Zoë, with separated parents (the father in large print), her review meeting held."""
    officer = lead.reference.profile()
    child = lead.cases.open_case(NewCase(
        legal_forename="Zoë", legal_surname="Łukasz", date_of_birth=date(2014, 3, 3),
        sex=Sex.FEMALE, primary_need=Need.ASD, officer_id=officer.id,
        plan_issued_on=date(2025, 12, 1))).child_id
    lead.cases.save_contact(child, contact("Siobhán", "Łukasz"))
    lead.cases.save_contact(child, contact(
        "Tomasz", "Łukasz", Relationship.FATHER, title="Mr", address_line1="Flat 9",
        letter_format=LetterFormat.LARGE_PRINT))
    with lead.database.write(None) as uow:
        review = uow.session.scalars(select(AnnualReview)
                                     .where(AnnualReview.child_id == child)).one()
        review.meeting_on = date(2026, 11, 2)
        review.meeting_held_on = date(2026, 11, 2)
    return child


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.wait()  # no job may still be using the database when the fixture disposes it


@pytest.fixture
def dialog(qtbot, lead: Services, tasks: TaskRunner, child_id: uuid.UUID,
           clock: FixedClock) -> LetterDialog:
    """The New letter dialog for Zoë, its recipients read."""
    shown = LetterDialog(lead, tasks, child_id, "Zoë Łukasz", clock.today)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: len(shown.recipient_boxes) == 2, timeout=5000)
    return shown


@pytest.fixture
def view(qtbot, lead: Services, tasks: TaskRunner, clock: FixedClock,
         child_id: uuid.UUID) -> CaseView:
    """A shown, active case view with Zoë's case open."""
    widget = CaseView(lead, tasks, AppEvents(), clock.today)
    qtbot.addWidget(widget)
    widget.resize(1200, 750)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    with qtbot.waitSignal(widget.case_loaded, timeout=5000):
        widget.show_case(child_id)
    return widget


def choose(qtbot, dialog: LetterDialog, kind: LetterKind) -> None:
    """Pick a letter from the list and wait for its preview (or what stops it)."""
    dialog.kind_combo.setFocus()
    dialog.set_kind(kind)
    settle(qtbot, dialog)


def settle(qtbot, dialog: LetterDialog) -> None:
    qtbot.waitUntil(lambda: dialog.up_to_date, timeout=15000)


def words(pdf: bytes) -> str:
    """A PDF's text with its line breaks and spacing made single spaces."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_the_dialog_previews_a_letter_to_each_parent(qtbot, dialog: LetterDialog) -> None:
    assert [box.text() for box in dialog.recipient_boxes] == [
        "Ms Siobhán Łukasz (Mother)", "Mr Tomasz Łukasz (Father) - large print"]
    assert all(box.isChecked() for box in dialog.recipient_boxes)
    assert dialog.date_field.value() == LETTER_DAY
    choose(qtbot, dialog, LetterKind.MAINTAIN)
    assert dialog.preview.page_count > 0
    assert dialog.summary == f"2 letters, {dialog.preview.page_count} pages"
    assert dialog.print_button.isEnabled()
    assert "Within 4 weeks of the review meeting" in dialog.about
    assert "SEND Regulations 2014 reg 20(10)" in dialog.about
    assert APPEAL_NOTE in dialog.about
    assert not dialog.typed_field("reasons").isVisibleTo(dialog)  # nothing to type
    choose(qtbot, dialog, LetterKind.ASSESS)  # not appealable: no rights to mention
    assert APPEAL_NOTE not in dialog.about


def test_unticking_a_parent_leaves_one_letter(qtbot, dialog: LetterDialog) -> None:
    choose(qtbot, dialog, LetterKind.MAINTAIN)
    both = dialog.preview.page_count
    qtbot.mouseClick(dialog.recipient_boxes[1], LEFT)
    settle(qtbot, dialog)
    assert dialog.summary.startswith("1 letter, ")
    assert 0 < dialog.preview.page_count < both
    assert dialog.request().contact_ids is not None and len(dialog.request().contact_ids) == 1
    qtbot.mouseClick(dialog.recipient_boxes[0], LEFT)  # nobody left
    settle(qtbot, dialog)
    assert "Tick at least one person" in dialog.preview.message
    assert not dialog.print_button.isEnabled()


def test_missing_reasons_are_shown_and_stop_printing_until_typed(qtbot,
                                                                 dialog: LetterDialog) -> None:
    choose(qtbot, dialog, LetterKind.NOT_AMENDING)
    reasons = dialog.typed_field("reasons")
    assert reasons.isVisibleTo(dialog)
    assert not dialog.typed_field("cease_date").isVisibleTo(dialog)
    assert "cannot be printed yet" in dialog.preview.message
    assert "reasons" in dialog.preview.message
    assert dialog.preview.page_count == 0
    assert not dialog.print_button.isEnabled()
    assert "needs this" in dialog.typed_note("reasons")
    reasons.setFocus()
    qtbot.keyClicks(reasons, "Her needs are met at Riverside Academy.")
    settle(qtbot, dialog)
    assert dialog.preview.page_count > 0 and dialog.print_button.isEnabled()
    assert dialog.typed_note("reasons") == ""
    assert dialog.typed() == {"reasons": "Her needs are met at Riverside Academy."}


def test_printing_saves_the_pdf_lists_the_letters_and_records_them(
        qtbot, view: CaseView, tmp_path: Path) -> None:
    tab = view.letters_tab
    assert TABS.index("Letters") == TABS.index("Chronology") + 1
    assert view.tabs.widget(TABS.index("Letters")) is tab
    assert tab.model.rowCount() == 0
    assert EMPTY in tab._empty.text()
    surname = view.form.field("legal_surname")  # typing in the Child tab, Ctrl+L
    surname.setFocus()
    qtbot.keyClick(surname, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentWidget() is tab
    dialog = tab.letter_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.recipient_boxes) == 2, timeout=5000)
    choose(qtbot, dialog, LetterKind.MAINTAIN)
    suggested: list[Path] = []

    def save_as(path: Path) -> Path:
        suggested.append(path)
        return tmp_path / path.name

    dialog.path_chooser = save_as
    with qtbot.waitSignal(tab.letters_printed, timeout=20000):
        qtbot.mouseClick(dialog.print_button, LEFT)
    assert suggested[0].name == ("2026-11-23 Decision to keep the plan unchanged - "
                                 "Zoë Łukasz.pdf")
    saved = tmp_path / suggested[0].name
    text = words(saved.read_bytes())
    for needed in ("Ms Siobhán Łukasz", "Mr Tomasz Łukasz", "23 January 2027",
                   "23 November 2026", "Marlshire Mediation"):
        assert needed in text, needed
    assert f"Saved 2 letters to {saved}" in tab.notice
    assert "recorded on Zoë Łukasz's chronology" in tab.notice
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    assert {tab.model.record(row).recipient_name for row in range(2)} == {
        "Ms Siobhán Łukasz", "Mr Tomasz Łukasz"}
    assert tab.model.data(tab.model.index(0, 1)) == "Decision to keep the plan unchanged"
    assert tab.model.data(tab.model.index(0, 0)) == "23/11/2026"
    assert tab.model.data(tab.model.index(0, 4)) == "Grace Lead"
    qtbot.waitUntil(lambda: sum(
        view.chronology_model.record(row).kind == ChronologyKind.LETTER
        for row in range(view.chronology_model.rowCount())) == 2, timeout=5000)
    qtbot.waitUntil(lambda: tab.letter_dialog is None, timeout=5000)  # closed


def test_print_again_saves_the_letter_exactly_as_sent(qtbot, lead: Services, view: CaseView,
                                                      child_id: uuid.UUID,
                                                      tmp_path: Path) -> None:
    letters = lead.letters.compose(LetterRequest(child_id, LetterKind.MAINTAIN, LETTER_DAY))
    lead.letters.print_letters(letters, tmp_path / "run.pdf")
    tab = view.letters_tab
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    assert not tab.again_button.isEnabled()
    tab.select_row(0)
    chosen = tab.model.record(0)
    assert f"Content SHA-256: {chosen.content_sha256}" in tab.details
    tab.path_chooser = lambda path: tmp_path / path.name
    out = tmp_path / letter_file_name(chosen.issued_on, chosen.title, chosen.recipient_name)
    qtbot.mouseClick(tab.again_button, LEFT)
    qtbot.waitUntil(lambda: "Saved a copy" in tab.notice, timeout=10000)
    assert out.read_bytes() == lead.letters.reproduce(chosen.id)
    assert chosen.recipient_name in words(out.read_bytes())

    with lead.database.write(None) as uow:  # someone alters the stored copy
        row = uow.session.get(LetterIssued, chosen.id)
        stored = json.loads(row.document)
        stored["letter"]["recipient"]["name"] = "Someone Else"
        row.document = json.dumps(stored)
    qtbot.mouseClick(tab.again_button, LEFT)
    qtbot.waitUntil(lambda: any(box.isVisible() for box in tab.findChildren(QMessageBox)),
                    timeout=5000)
    box = next(b for b in tab.findChildren(QMessageBox) if b.isVisible())
    assert "altered" in box.text() and "Not saved" not in box.text()
    box.close()


def test_the_tab_says_when_nothing_has_been_printed(qtbot, lead: Services, tasks: TaskRunner,
                                                    child_id: uuid.UUID, clock: FixedClock
                                                    ) -> None:
    tab = LettersTab(lead, tasks, clock.today)
    qtbot.addWidget(tab)
    tab.show()
    tab.set_case(child_id, "Zoë Łukasz")
    qtbot.waitUntil(lambda: not tasks.pending, timeout=5000)
    assert tab._stack.currentWidget() is tab._empty and tab._empty.isVisible()
    assert tab._empty.text().startswith(EMPTY)
    assert not tab.again_button.isEnabled()


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-23 Decision - Ms Siobhán Łukasz", "2026-11-23 Decision - Ms Siobhán Łukasz.pdf"),
    ('a/b\\c: "d" <e>|f?*', "a b c d e f.pdf"),
    ("  trailing dots... ", "trailing dots.pdf"),
    ("///", "Letter.pdf"),
])
def test_file_names_are_safe_on_every_system(text: str, expected: str) -> None:
    assert safe_file_name(text) == expected
    assert len(safe_file_name("x" * 400)) == 154
