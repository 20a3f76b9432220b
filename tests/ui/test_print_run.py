"""Print runs on a real database: choose, prepare, check, print and record; cancel; the
caseload's multi-selection and the offer after a bulk "maintain" decision."""

from __future__ import annotations

import io
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QApplication

from caseworker_app.codes import Need, OfficerRole, Sex
from caseworker_app.entities import NewCase
from caseworker_app.letters.catalogue import LetterKind
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.bulk_decision import BulkDecisionDialog
from caseworker_app.ui.dialogs.print_run import PrintRunDialog, Stage
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.main_window import MainWindow
from caseworker_app.ui.screens.caseload import CaseloadScreen
from caseworker_app.ui.tasks import TaskRunner
from tests.letter_cases import case_with_parents

WAIT = 30_000  # ms: composing and rendering on a shared 2-core machine


@pytest.fixture
def five_cases(lead: Services, council) -> tuple[list[uuid.UUID], uuid.UUID]:
    """Four cases whose review meeting was held, and one whose meeting is not yet held."""
    ready = [case_with_parents(lead) for _ in range(4)]
    return ready, case_with_parents(lead, meeting_held=None)


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait()


@pytest.fixture
def open_print_run(qtbot, tasks, clock):
    """Opens the dialog; closed (its jobs finished) before the database goes."""
    opened: list[PrintRunDialog] = []

    def make(services: Services, ids, **options) -> PrintRunDialog:
        options.setdefault("kind", LetterKind.MAINTAIN)
        dialog = PrintRunDialog(services, tasks, ids, clock.today, **options)
        dialog.show()
        opened.append(dialog)
        return dialog

    yield make
    tasks.wait()
    for dialog in opened:
        dialog.hide()
        dialog.deleteLater()


def prepare(qtbot, dialog: PrintRunDialog) -> None:
    qtbot.mouseClick(dialog.prepare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stage() != Stage.WORKING and not dialog.busy(), timeout=WAIT)


def logged(services: Services, ids) -> list:
    return [i for child_id in ids for i in services.letters.issued(child_id)]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


# ----- the print run ------------------------------------------------------------------------
def test_prepare_check_print_and_record(qtbot, lead, five_cases, open_print_run,
                                        tmp_path: Path) -> None:
    ready, no_meeting = five_cases
    asked: list[Path] = []
    opened: list[QUrl] = []
    out = tmp_path / "run.pdf"
    dialog = open_print_run(lead, [*ready, no_meeting],
                            path_chooser=lambda suggested: asked.append(suggested) or out,
                            open_url=opened.append)
    assert dialog.heading.text() == "Print letters for 5 cases"
    assert dialog.kind_combo.currentText() == "Decision to keep the plan unchanged"
    assert "Within 4 weeks of the review meeting" in dialog.about.text()
    assert "reg 20(10)" in dialog.about.text()
    assert dialog.date_field.value() == date(2026, 11, 23)
    prepare(qtbot, dialog)

    assert dialog.stage() == Stage.SUMMARY
    assert dialog.summary.text() == "8 letters for 4 cases (large print: 4). 1 case left out:"
    assert dialog.skipped_model.rowCount() == 1
    assert dialog.skipped_model.index(0, 0).data() == "Zoë Łukasz"
    reason = dialog.skipped_model.index(0, 1).data()
    assert "review meeting" in reason and "Reviews tab" in reason
    qtbot.waitUntil(lambda: dialog.preview.page_count > 0, timeout=WAIT)
    assert "Ms Siobhán Łukasz" in dialog.preview_caption.text()

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stage() == Stage.DONE, timeout=WAIT)
    assert asked[0].name == "2026-11-23 Decision to keep the plan unchanged - 4 cases.pdf"
    assert dialog.done_text.text() == (f"Saved 8 letters to {out}; each is recorded on the "
                                       "child's chronology.")
    pdf = out.read_bytes()
    letters = dialog._run.letters
    assert page_count(pdf) == sum(page_count(lead.letters.render([c.stored]))
                                  for c in letters) >= 16
    text = text_of(pdf)
    assert "Ms Siobhán Łukasz" in text and "Mr Tomasz Łukasz" in text
    assert "23 January 2027" in text  # the appeal deadline: 2 months after the letter
    issued = logged(lead, [*ready, no_meeting])
    assert len(issued) == 8 and {i.kind for i in issued} == {LetterKind.MAINTAIN}
    assert len({i.print_run_id for i in issued}) == 1 and issued[0].print_run_id is not None
    assert logged(lead, [no_meeting]) == []
    qtbot.mouseClick(dialog.open_pdf_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(out)), QUrl.fromLocalFile(str(tmp_path))]


def hold_after_first_report(monkeypatch, service, name: str) -> threading.Event:
    """Make the service's `name` wait after its first progress report until the returned
    event is set (by the test's Cancel), so the cancel lands mid-run every time."""
    pressed = threading.Event()
    real = getattr(service, name)

    def held(*args, progress=None, **kwargs):
        def report(done: int, total: int) -> None:
            progress(done, total)
            if done == 1:
                pressed.wait(WAIT / 1000)

        return real(*args, progress=report, **kwargs)

    monkeypatch.setattr(service, name, held)
    return pressed


def cancel_on_first_progress(qtbot, dialog: PrintRunDialog, pressed: threading.Event,
                             escape: bool = False) -> None:
    def on_progress(value: int) -> None:
        if value >= 1 and dialog.cancel_button.isEnabled():
            if escape:  # Esc cancels the job and keeps the dialog open for its answer
                qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            else:
                qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            pressed.set()

    dialog.progress.valueChanged.connect(on_progress)


def test_cancel_while_printing_saves_and_records_nothing(qtbot, monkeypatch, lead, five_cases,
                                                         open_print_run, tmp_path) -> None:
    ready, _ = five_cases
    out = tmp_path / "letters"
    out.mkdir()
    dialog = open_print_run(lead, ready, path_chooser=lambda _suggested: out / "run.pdf")
    prepare(qtbot, dialog)
    assert dialog.summary.text() == "8 letters for 4 cases (large print: 4)."
    assert not dialog.skipped_table.isVisibleTo(dialog)
    pressed = hold_after_first_report(monkeypatch, lead.letters, "print_letters")
    cancel_on_first_progress(qtbot, dialog, pressed)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.stage() == Stage.SUMMARY and not dialog.busy(), timeout=WAIT)
    assert pressed.is_set()
    assert dialog.note.text() == ("Printing cancelled: no file was saved and no letter was "
                                  "recorded.")
    assert list(out.iterdir()) == []
    assert logged(lead, ready) == []
    assert dialog.print_button.isEnabled()  # and it can be printed after all


def test_cancel_while_preparing_goes_back_to_the_choices(qtbot, monkeypatch, lead, five_cases,
                                                         open_print_run) -> None:
    ready, _ = five_cases
    dialog = open_print_run(lead, ready)
    pressed = hold_after_first_report(monkeypatch, lead.letters, "compose_run")
    cancel_on_first_progress(qtbot, dialog, pressed, escape=True)
    prepare(qtbot, dialog)
    assert dialog.isVisible() and dialog.stage() == Stage.SETTINGS
    assert dialog.message.text() == "Stopped: no letters were prepared."


def test_typed_fields_are_asked_for_once_and_checked(qtbot, lead, five_cases,
                                                     open_print_run) -> None:
    ready, _ = five_cases
    dialog = open_print_run(lead, ready, kind=LetterKind.NOT_AMENDING)
    reasons = dialog.typed["reasons"]
    qtbot.waitUntil(lambda: bool(dialog._wording), timeout=WAIT)
    assert reasons.isVisibleTo(dialog) and not dialog.typed["cease_date"].isVisibleTo(dialog)
    assert "the same for all 4 cases" in dialog.typed_note.text()
    qtbot.mouseClick(dialog.prepare_button, Qt.MouseButton.LeftButton)
    assert dialog.stage() == Stage.SETTINGS
    assert reasons.accessibleDescription().startswith("Type the reasons")
    qtbot.keyClicks(reasons, "The plan still meets needs.")
    prepare(qtbot, dialog)
    assert dialog.summary.text().startswith("8 letters for 4 cases")
    assert "The plan still meets needs." in text_of(
        lead.letters.render([dialog._run.letters[0].stored]))
    dialog.back_button.click()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(LetterKind.MAINTAIN.value))
    assert not reasons.isVisibleTo(dialog) and not dialog.typed_note.isVisibleTo(dialog)


def test_incomplete_council_details_say_who_fills_them_in(qtbot, services, open_print_run
                                                          ) -> None:
    child_id = case_with_parents(services)
    dialog = open_print_run(services, [child_id])
    qtbot.waitUntil(lambda: dialog._profile is not None, timeout=WAIT)
    prepare(qtbot, dialog)
    assert dialog.stage() == Stage.SETTINGS
    assert "council's details are not complete" in dialog.message.text()
    assert "Only a lead annual review officer can fill them in" in dialog.message.text()
    assert not dialog.council_button.isVisibleTo(dialog)
    lead = services.reference.create_profile("Grace Lead", OfficerRole.LEAD)
    services.act_as(lead.id)
    as_lead = open_print_run(services, [child_id])
    qtbot.waitUntil(lambda: as_lead._profile is not None, timeout=WAIT)
    prepare(qtbot, as_lead)
    assert "Council details button below" in as_lead.message.text()
    assert as_lead.council_button.isVisibleTo(as_lead)
    from caseworker_app.ui.dialogs.council_details import CouncilDetailsDialog

    qtbot.mouseClick(as_lead.council_button, Qt.MouseButton.LeftButton)
    council = as_lead.findChild(CouncilDetailsDialog)
    assert council is not None and council.isVisible()
    council.close()


# ----- the caseload's selection and the main window -----------------------------------------
@pytest.fixture
def caseload(qtbot, services, officer, clock):
    for surname in ("Able", "Baker", "Cole", "Dunn", "Evans"):
        services.cases.open_case(NewCase("Sam", surname, date(2014, 5, 6), Sex.MALE, Need.MLD,
                                         officer.id, plan_issued_on=date(2025, 12, 1)))
    screen = CaseloadScreen(services, TaskRunner(), AppEvents(), clock.today)
    qtbot.addWidget(screen)
    screen.resize(1000, 400)
    screen.show()
    with qtbot.waitSignal(screen.view_updated, timeout=WAIT):
        screen.reload()
    return screen


def click_row(qtbot, screen: CaseloadScreen, row: int,
              modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = screen.table.visualRect(screen.model.index(row, 0))
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_caseload_selects_several_cases_and_follows_the_current_one(qtbot, caseload) -> None:
    ids = [caseload.model.case_at(r).child_id for r in range(5)]
    click_row(qtbot, caseload, 0)
    click_row(qtbot, caseload, 1, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(caseload.case_selected, timeout=WAIT) as announced:
        click_row(qtbot, caseload, 3, Qt.KeyboardModifier.ControlModifier)
    assert caseload.selected_child_ids() == [ids[0], ids[1], ids[3]]
    assert announced.args == [ids[3]]  # the case view follows the row last clicked
    assert caseload.count.text() == "5 cases · 3 selected"
    click_row(qtbot, caseload, 0, Qt.KeyboardModifier.ControlModifier)  # unselect one
    assert caseload.selected_child_ids() == [ids[1], ids[3]]
    caseload.table.setFocus()
    qtbot.keyClick(caseload.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert caseload.selected_child_ids() == ids
    click_row(qtbot, caseload, 2)
    assert caseload.selected_child_ids() == [ids[2]]
    assert caseload.count.text() == "5 cases"


def test_letters_menu_prints_for_the_selected_cases(qtbot, services, officer, clock,
                                                    tmp_path) -> None:
    for surname in ("Able", "Baker", "Cole"):
        services.cases.open_case(NewCase("Sam", surname, date(2014, 5, 6), Sex.MALE, Need.MLD,
                                         officer.id, plan_issued_on=date(2025, 12, 1)))
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, settings, clock=clock)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.caseload.view_updated, timeout=WAIT):
        window.start()
    menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "&Letters")
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert list(actions) == ["&Print letters for selected cases…", "Letter &wording…",
                             "&Council details…"]
    assert actions["&Print letters for selected cases…"].shortcut().toString() == "Ctrl+Shift+P"
    window.caseload.table.selectAll()
    actions["&Print letters for selected cases…"].trigger()
    dialog = window.findChild(PrintRunDialog)
    assert dialog is not None and len(dialog.child_ids) == 3
    dialog.close()
    from caseworker_app.ui.dialogs.council_details import CouncilDetailsDialog
    from caseworker_app.ui.screens.letter_wording import LetterWordingWindow

    actions["Letter &wording…"].trigger()
    actions["Letter &wording…"].trigger()  # the one window, brought forward
    wording = window.findChildren(LetterWordingWindow)
    assert len(wording) == 1 and wording[0].isVisible()
    wording[0].close()
    actions["&Council details…"].trigger()
    council = window.findChild(CouncilDetailsDialog)
    assert council is not None and council.isVisible()
    council.close()
    window.tasks.wait()


# ----- after a bulk "maintain" decision -----------------------------------------------------
def test_bulk_maintain_offers_the_decision_letters(qtbot, services, officer, clock) -> None:
    from tests.ui.test_bulk_decision import ready_case

    cases = [ready_case(services, officer, surname, date(2026, 11, 10))
             for surname in ("Able", "Cole")]
    questions: list[tuple[str, str]] = []

    def ask(_parent, title, text, on_yes) -> None:
        questions.append((title, text))
        on_yes()

    tasks = TaskRunner()
    dialog = BulkDecisionDialog(services, tasks, clock.today, ask=ask)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=WAIT)
    dialog.model.tick_all(True)
    dialog.date_field.set_value(date(2026, 11, 20))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert questions[0][0] == "Print the decision letters?"
    assert "2 decisions to keep the plan unchanged recorded" in questions[0][1]
    assert "dated 20 November 2026" in questions[0][1]
    offered = dialog.print_run
    assert offered is not None and offered.isVisible()
    assert offered.kind() == LetterKind.MAINTAIN
    assert offered.date_field.value() == date(2026, 11, 20)
    assert set(offered.child_ids) == {c.child_id for c in cases}
    offered.close()
    tasks.wait()
    QApplication.processEvents()
