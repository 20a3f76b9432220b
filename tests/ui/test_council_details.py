"""The council details dialog on a real database: a lead officer saves the details and a
logo; a refused save shows its message beside the field; a case officer only reads them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from caseworker_app.codes import OfficerRole
from caseworker_app.letters.context import Organisation
from caseworker_app.ui.dialogs.council_details import READ_ONLY_NOTICE, CouncilDetailsDialog
from caseworker_app.ui.tasks import TaskRunner

WAIT = 10_000
TYPED = {
    "council_name": "Marlshire County Council",
    "phone": "01632 960000",
    "email": "send@marlshire.example",
    "website": "marlshire.example",
    "local_offer": "marlshire.example/localoffer",
    "signatory_name": "Dr Helen Okafor",
    "signatory_role": "Head of SEND",
    "mediation_service": "Marlshire Mediation",
    "mediation_contact": "0808 157 0123",
    "disagreement_service": "Marlshire DRS",
    "disagreement_contact": "0808 157 0456",
    "ias_service": "Marlshire SENDIASS",
    "ias_contact": "0808 157 0789",
    "la_contact": "the SEND Team on 01632 960000",
}


@pytest.fixture
def open_dialog(qtbot, services):
    """Opens the dialog and waits until it has read the details; closed before the database."""
    tasks = TaskRunner()
    opened = []

    def make() -> CouncilDetailsDialog:
        dialog = CouncilDetailsDialog(services, tasks)
        dialog.show()
        opened.append(dialog)
        qtbot.waitUntil(lambda: dialog.field("council_name").isEnabled(), timeout=WAIT)
        return dialog

    yield make
    tasks.wait()
    for dialog in opened:
        dialog.close()
        dialog.deleteLater()


def type_lines(qtbot, edit: QPlainTextEdit, lines: list[str]) -> None:
    for n, line in enumerate(lines):
        if n:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)


def logo_file(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    Image.new("RGB", (240, 80), (29, 79, 145)).save(path)
    return path


def test_lead_saves_every_detail_and_a_logo(qtbot, services, lead, open_dialog,
                                            tmp_path) -> None:
    dialog = open_dialog()
    assert not dialog.read_only_label.isVisible()
    assert "the council's name" in dialog.gaps_label.text()  # nothing filled in yet
    for name, text in TYPED.items():
        qtbot.keyClicks(dialog.field(name), text)
    type_lines(qtbot, dialog.field("address_lines"), ["County Hall", "Stockbridge", "MA1 2ZZ"])
    type_lines(qtbot, dialog.field("footer_lines"), ["Privacy: marlshire.example/privacy"])
    dialog.set_logo_file(logo_file(tmp_path))
    assert not dialog.logo_preview.pixmap().isNull()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    saved = services.letters.organisation()
    for name, text in TYPED.items():
        assert getattr(saved, name) == text
    assert saved.address_lines == ("County Hall", "Stockbridge", "MA1 2ZZ")
    assert saved.footer_lines == ("Privacy: marlshire.example/privacy",)
    assert services.letters.logo(saved.logo_sha256) == logo_file(tmp_path).read_bytes()
    assert saved.gaps(appealable=True) == []

    again = open_dialog()  # shows what was saved; Remove takes the logo off
    assert again.field("la_contact").text() == TYPED["la_contact"]
    assert again.field("address_lines").toPlainText() == "County Hall\nStockbridge\nMA1 2ZZ"
    assert not again.logo_preview.pixmap().isNull()
    qtbot.mouseClick(again.remove_logo_button, Qt.MouseButton.LeftButton)
    assert again.logo_preview.pixmap().isNull()
    with qtbot.waitSignal(again.accepted, timeout=WAIT):
        qtbot.mouseClick(again.submit_button, Qt.MouseButton.LeftButton)
    assert services.letters.organisation().logo_sha256 == ""


def test_an_invalid_email_is_shown_beside_it_and_nothing_saved(qtbot, services, lead,
                                                               open_dialog) -> None:
    dialog = open_dialog()
    qtbot.keyClicks(dialog.field("council_name"), "Marlshire County Council")
    qtbot.keyClicks(dialog.field("email"), "send at marlshire")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text("email") != "", timeout=WAIT)
    assert dialog.error_text("email") == "That is not an e-mail address."
    assert dialog.error_text("council_name") == ""
    assert dialog.isVisible()
    assert dialog.field("email").accessibleDescription() == "That is not an e-mail address."
    assert services.letters.organisation().council_name == ""


def test_a_file_that_is_not_an_image_is_refused_beside_the_logo(qtbot, lead, open_dialog,
                                                                tmp_path) -> None:
    dialog = open_dialog()
    bad = tmp_path / "logo.png"
    bad.write_text("not a picture")
    dialog.set_logo_file(bad)
    assert dialog.error_text("logo") == "This file is not a PNG or JPEG image."
    assert dialog.logo_preview.pixmap().isNull()


def test_case_officer_sees_the_details_read_only(qtbot, services, lead, open_dialog) -> None:
    services.letters.save_organisation(Organisation("Marlshire County Council",
                                                    ("County Hall",)))
    officer = services.reference.create_profile("Priya Case", OfficerRole.CASE_OFFICER)
    services.act_as(officer.id)
    dialog = open_dialog()
    assert dialog.read_only_label.isVisible()
    assert dialog.read_only_label.text() == READ_ONLY_NOTICE
    assert not dialog.submit_button.isVisible()
    assert not dialog.choose_logo_button.isVisible()
    assert dialog.field("council_name").text() == "Marlshire County Council"
    for edit in dialog.edits.values():
        assert isinstance(edit, QLineEdit | QPlainTextEdit) and edit.isReadOnly()
    qtbot.keyClicks(dialog.field("phone"), "0123")
    assert dialog.field("phone").text() == ""
