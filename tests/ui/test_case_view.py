"""End-to-end tests of the case view: real widgets, real services, a real temporary database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from caseworker_app.clock import FixedClock
from caseworker_app.codes import (
    ChronologyKind,
    CloseReason,
    LetterFormat,
    Need,
    OfficerRole,
    Phase,
    Relationship,
    SettingType,
    Sex,
)
from caseworker_app.db.store import open_database
from caseworker_app.db.tables import Officer
from caseworker_app.entities import CaseRow, ContactRecord, NewCase, OfficerRecord
from caseworker_app.services import Services
from caseworker_app.services.cases import CaseService
from caseworker_app.ui.dialogs.close_case_dialog import CloseCaseDialog
from caseworker_app.ui.dialogs.contact_dialog import ContactDialog
from caseworker_app.ui.dialogs.transfer_dialog import TransferDialog
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.case_detail_models import ChronologyColumn
from caseworker_app.ui.screens.case_view import PLACEHOLDER, CaseView
from caseworker_app.ui.tasks import TaskRunner

LEFT = Qt.MouseButton.LeftButton
VALID_UPN = "B801200005001"


@pytest.fixture
def case(services: Services, officer: OfficerRecord) -> CaseRow:
    """An open case with an issued plan (so a review), allocated to the signed-in officer."""
    row = services.cases.open_case(NewCase(
        legal_forename="Oliver", legal_surname="Hartley", date_of_birth=date(2017, 3, 14),
        sex=Sex.MALE, primary_need=Need.ASD, officer_id=officer.id, preferred_name="Olly",
        upn=VALID_UPN, plan_issued_on=date(2025, 12, 1),
    ))
    services.cases.save_contact(row.child_id, ContactRecord(
        None, "Ms", "Jane", "Hartley", Relationship.MOTHER, True, "1 High Street", None,
        "Exeter", "EX2 4QD", "jane@example.org", "01392 123456", LetterFormat.STANDARD, True,
    ))
    return row


@pytest.fixture
def events() -> AppEvents:
    """App-wide signals, as the main window would share them."""
    return AppEvents()


@pytest.fixture
def view(qtbot, services: Services, events: AppEvents, clock: FixedClock) -> Iterator[CaseView]:
    """A shown, active CaseView on the test database."""
    tasks = TaskRunner()
    widget = CaseView(services, tasks, events, clock.today)
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    yield widget
    tasks.wait()  # no job may still be using the database when the fixture disposes it


def show(qtbot, view: CaseView, case: CaseRow) -> None:
    """Open `case` and wait until it is on screen."""
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        view.show_case(case.child_id)


def retype(qtbot, widget: QWidget, text: str) -> None:
    """Replace a line edit's text by typing, as a person would."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def click_save(qtbot, view: CaseView) -> None:
    """Press Save and wait for the saved record to be shown again."""
    with qtbot.waitSignals([view.case_saved, view.case_loaded], timeout=5000):
        qtbot.mouseClick(view.form.save_button, LEFT)


def add_officer(services: Services, name: str) -> OfficerRecord:
    """Another active officer in the team (not the profile of this installation)."""
    with services.database.write(None) as uow:
        uow.session.add(Officer(display_name=name, role=OfficerRole.CASE_OFFICER, active=True))
    return next(o for o in services.reference.officers() if o.display_name == name)


def test_placeholder_before_any_case(view: CaseView) -> None:
    assert view.current_child_id is None
    assert PLACEHOLDER in [label.text() for label in view.findChildren(type(view._placeholder))]
    assert view._placeholder.isVisible()
    assert not view.has_unsaved_changes()


def test_show_case_fills_header_and_form(qtbot, view: CaseView, case: CaseRow) -> None:
    show(qtbot, view, case)
    assert view.current_child_id == case.child_id
    header = " ".join(label.text() for label in (view._name, view._facts, view._status))
    for expected in ("Oliver Hartley", "known as Olly", case.case_reference, "Age 9",
                     "Year 5 (KS2)", "Autistic spectrum disorder", "Priya Shah", "Open"):
        assert expected in header
    assert view.form.field("legal_surname").text() == "Hartley"
    assert view.form.field("preferred_name").text() == "Olly"
    assert view.form.field("upn").text() == VALID_UPN
    assert view.form.field("date_of_birth").value() == date(2017, 3, 14)
    assert view.form.field("primary_need").currentText() == Need.ASD.label
    assert view.form.field("secondary_need").currentText() == "None"
    assert not view.form.save_button.isEnabled()
    assert not view.form.revert_button.isEnabled()
    assert view.contacts_model.rowCount() == 1
    assert view.reviews_model.rowCount() == 0  # no completed review yet
    qtbot.waitUntil(lambda: view.reviews_tab.detail is not None, timeout=5000)
    assert view.reviews_tab.detail.review.due_on == date(2026, 11, 30)
    assert view.allocations_model.rowCount() == 1
    plan = view.plan_tab
    qtbot.waitUntil(lambda: plan.working is not None, timeout=5000)
    assert plan.bar.combo.currentText() == "Version 1: Final plan, issued 01/12/2025"
    assert plan.editor.page.section.label == "A: Views, interests and aspirations"


def test_header_warns_of_phase_transfer_and_adulthood(
        qtbot, view: CaseView, case: CaseRow, services: Services, officer: OfficerRecord) -> None:
    show(qtbot, view, case)  # Year 5 in a primary school: nothing to warn about yet
    assert not view._notices.isVisible()
    year6 = services.cases.open_case(NewCase(
        legal_forename="Amira", legal_surname="Begum", date_of_birth=date(2016, 1, 9),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer.id))
    show(qtbot, view, year6)
    assert view._notices.isVisible()
    assert "primary to secondary school in September 2027" in view._notices.text()
    assert "amended by 15/02/2027" in view._notices.text()
    year10 = services.cases.open_case(NewCase(
        legal_forename="Kai", legal_surname="Lowe", date_of_birth=date(2012, 5, 2),
        sex=Sex.MALE, primary_need=Need.SEMH, officer_id=officer.id))
    show(qtbot, view, year10)
    assert "preparation for adulthood" in view._notices.text()
    assert "Phase transfer" not in view._notices.text()


def test_case_without_plan_says_so(qtbot, view: CaseView, services: Services) -> None:
    row = services.cases.open_case(NewCase(
        legal_forename="Amara", legal_surname="Okafor", date_of_birth=date(2020, 10, 2),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=None,
    ))
    show(qtbot, view, row)
    view.tabs.setCurrentIndex(2)
    start = view.plan_tab.bar.button("start_empty")
    qtbot.waitUntil(start.isVisible, timeout=5000)
    assert "No EHC plan is recorded for this child yet" in view.plan_tab.bar._message.text()
    assert not view.plan_tab.bar.combo.isVisible()
    assert "Officer: Unallocated" in view._status.text()
    assert "Age 6  ·  Year 1 (KS1)" in view._facts.text()


def test_alt_number_switches_tabs(qtbot, view: CaseView, case: CaseRow) -> None:
    show(qtbot, view, case)
    surname = view.form.field("legal_surname")
    surname.setFocus()
    qtbot.keyClick(surname, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentIndex() == 4
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentIndex() == 0


def test_new_surname_is_saved_and_survives_reopening(
    qtbot, view: CaseView, case: CaseRow, services: Services, events: AppEvents,
    db_path: Path, clock: FixedClock,
) -> None:
    show(qtbot, view, case)
    retype(qtbot, view.form.field("legal_surname"), "Hartley-Smith")
    assert view.has_unsaved_changes()
    assert view.form.changes() == {"legal_surname": "Hartley-Smith"}
    assert view.form.save_button.isEnabled()
    with qtbot.waitSignal(events.case_changed, timeout=5000) as changed:
        click_save(qtbot, view)
    assert changed.args[0].surname == "Hartley-Smith"
    assert not view.has_unsaved_changes()
    assert not view.form.save_button.isEnabled()
    assert "Hartley-Smith" in view._name.text()
    assert services.cases.case_detail(case.child_id).child.legal_surname == "Hartley-Smith"

    view._tasks.wait()
    services.database.dispose()
    reopened = open_database(db_path, clock).database
    try:
        child = CaseService(reopened, None).case_detail(case.child_id).child
    finally:
        reopened.dispose()
    assert child.legal_surname == "Hartley-Smith"
    assert child.upn == VALID_UPN  # untouched fields were not sent


def test_ctrl_s_saves(qtbot, view: CaseView, case: CaseRow, services: Services) -> None:
    show(qtbot, view, case)
    retype(qtbot, view.form.field("town"), "Exeter")
    with qtbot.waitSignals([view.case_saved, view.case_loaded], timeout=5000):
        qtbot.keyClick(view.form.field("town"), Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
    assert services.cases.case_detail(case.child_id).child.town == "Exeter"


def test_future_birth_date_and_bad_upn_show_inline_and_save_nothing(
    qtbot, view: CaseView, case: CaseRow, services: Services,
) -> None:
    show(qtbot, view, case)
    version = services.cases.case_detail(case.child_id).child.row_version
    dob = view.form.field("date_of_birth")
    view.form.field("upn").setFocus()
    dob.setFocus()  # entering the field selects the day, as a person tabbing in would find
    qtbot.keyClicks(dob, "01/01/2030")
    assert dob.value() == date(2030, 1, 1)  # not clamped by the widget
    retype(qtbot, view.form.field("upn"), "C801200005001")
    with qtbot.waitSignal(view.form.save_button.clicked):
        qtbot.mouseClick(view.form.save_button, LEFT)
    qtbot.waitUntil(lambda: view.form.error_text("upn") != "", timeout=5000)

    assert view.form.error_text("date_of_birth") == "The date of birth 01/01/2030 is in the future."
    assert "check letter is C but should be B" in view.form.error_text("upn")
    assert dob.accessibleDescription() == view.form.error_text("date_of_birth")
    assert view.form.field("upn").text() == "C801200005001"  # typed values are kept
    assert dob.value() == date(2030, 1, 1)
    assert view.form.save_button.isEnabled()
    assert services.cases.case_detail(case.child_id).child.row_version == version
    assert services.cases.case_detail(case.child_id).child.upn == VALID_UPN

    dob.set_value(date(2017, 3, 14))  # put the date back, correct the UPN, save again
    retype(qtbot, view.form.field("upn"), "b801200005001")
    click_save(qtbot, view)
    assert view.form.error_text("upn") == "" and view.form.error_text("date_of_birth") == ""
    assert view.form.field("upn").text() == VALID_UPN  # as the service stored it
    assert not view.has_unsaved_changes()


def test_taught_out_of_year_group(qtbot, view: CaseView, case: CaseRow,
                                  services: Services) -> None:
    show(qtbot, view, case)
    check = view.form.field("year_group_override")
    spin = view.form._override_spin
    assert not spin.isEnabled() and spin.text() == "Year 5"  # starts at the age-based year
    qtbot.mouseClick(check, LEFT)
    assert spin.isEnabled()
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Down)
    assert view.form.changes() == {"year_group_override": 4}
    click_save(qtbot, view)
    assert services.cases.case_detail(case.child_id).child.year_group_override == 4
    assert "Year 4 (KS2), out of year group" in view._facts.text()


def test_edits_never_carry_over_to_another_case(qtbot, view: CaseView, case: CaseRow,
                                                 services: Services) -> None:
    other = services.cases.open_case(NewCase(
        legal_forename="Amara", legal_surname="Okafor", date_of_birth=date(2020, 10, 2),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=None,
    ))
    show(qtbot, view, case)
    retype(qtbot, view.form.field("legal_surname"), "Typed but not saved")
    show(qtbot, view, other)
    assert view.form.field("legal_surname").text() == "Okafor"
    assert not view.has_unsaved_changes()


def test_revert_restores_loaded_values(qtbot, view: CaseView, case: CaseRow) -> None:
    show(qtbot, view, case)
    retype(qtbot, view.form.field("legal_forename"), "Ollie")
    view.form.field("sex").setCurrentIndex(view.form.field("sex").findText(Sex.FEMALE.label))
    looked_after = view.form.field("looked_after")
    qtbot.mouseClick(looked_after, LEFT, pos=QPoint(8, looked_after.height() // 2))  # the box
    assert set(view.form.changes()) == {"legal_forename", "sex", "looked_after"}
    qtbot.mouseClick(view.form.revert_button, LEFT)
    assert view.form.field("legal_forename").text() == "Oliver"
    assert view.form.field("sex").currentText() == Sex.MALE.label
    assert not view.form.field("looked_after").isChecked()
    assert view.form.changes() == {}
    assert not view.form.save_button.isEnabled()


def test_setting_chosen_through_search_is_saved(
    qtbot, view: CaseView, case: CaseRow, services: Services, officer: OfficerRecord,
) -> None:
    services.reference.add_setting("Ashgrove Academy", SettingType.ACADEMY, Phase.SECONDARY,
                                   officer.id)
    riverside = services.reference.add_setting("Riverside Primary School",
                                               SettingType.MAINSTREAM, Phase.PRIMARY, officer.id)
    show(qtbot, view, case)
    combo = view.form.field("setting_id")
    qtbot.waitUntil(lambda: combo.count() == 3, timeout=5000)
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "rivers")  # a word from the middle of the name
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert combo.currentText() == "Riverside Primary School"
    assert view.form.changes() == {"setting_id": riverside.id}
    click_save(qtbot, view)
    assert services.cases.case_detail(case.child_id).child.setting_id == riverside.id


def test_record_changed_elsewhere_offers_reload(
    qtbot, view: CaseView, case: CaseRow, services: Services,
) -> None:
    show(qtbot, view, case)
    services.cases.update_child(case.child_id, {"town": "Crediton"})  # another window saves
    retype(qtbot, view.form.field("legal_surname"), "Hart")
    qtbot.mouseClick(view.form.save_button, LEFT)
    qtbot.waitUntil(lambda: view.form._banner.isVisible(), timeout=5000)
    assert "changed elsewhere" in view.form._banner_text.text()
    assert services.cases.case_detail(case.child_id).child.legal_surname == "Hartley"
    reload_button = next(b for b in view.form._banner.findChildren(type(view.form.save_button)))
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        qtbot.mouseClick(reload_button, LEFT)
    assert view.form.field("town").text() == "Crediton"
    assert view.form.field("legal_surname").text() == "Hartley"
    assert not view.form._banner.isVisible()


def test_add_contact_through_dialog(qtbot, view: CaseView, case: CaseRow,
                                    services: Services) -> None:
    show(qtbot, view, case)
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.contacts_tab._add, LEFT)
    dialog = view.findChild(ContactDialog)
    assert dialog is not None and dialog.isVisible()
    save = dialog._buttons.button(QDialogButtonBox.StandardButton.Save)

    qtbot.keyClicks(dialog.field("forename"), "Tom")
    qtbot.mouseClick(save, LEFT)
    qtbot.waitUntil(lambda: dialog.error_text("surname") != "", timeout=5000)
    assert dialog.isVisible()  # the dialog stays open with what was typed
    assert dialog.error_text("surname") == "Surname is required."
    assert dialog.error_text("postcode") == "Letters need a postcode."
    assert dialog.field("forename").text() == "Tom"
    assert len(services.cases.case_detail(case.child_id).contacts) == 1

    qtbot.keyClicks(dialog.field("surname"), "Hartley")
    relationship = dialog.field("relationship")
    relationship.setCurrentIndex(relationship.findText(Relationship.FATHER.label))
    qtbot.keyClicks(dialog.field("address_line1"), "2 Low Road")
    qtbot.keyClicks(dialog.field("postcode"), "ex1 1aa")
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        qtbot.mouseClick(save, LEFT)
    qtbot.waitUntil(lambda: view.findChild(ContactDialog) is None)  # closed and deleted
    contacts = services.cases.case_detail(case.child_id).contacts
    assert [c.display_name for c in contacts] == ["Ms Jane Hartley", "Tom Hartley"]
    assert contacts[1].relationship == Relationship.FATHER
    assert contacts[1].postcode == "EX1 1AA"
    assert view.contacts_model.rowCount() == 2


def test_remove_contact_asks_first(qtbot, view: CaseView, case: CaseRow,
                                   services: Services) -> None:
    show(qtbot, view, case)
    view.tabs.setCurrentIndex(1)
    view.contacts_tab._view.selectRow(0)
    qtbot.mouseClick(view.contacts_tab._remove, LEFT)
    box = view.findChild(QMessageBox)
    assert box is not None and "Ms Jane Hartley" in box.text()
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    assert services.cases.case_detail(case.child_id).contacts == ()
    assert view.contacts_model.rowCount() == 0


def test_add_chronology_entry(qtbot, view: CaseView, case: CaseRow,
                              services: Services) -> None:
    show(qtbot, view, case)
    view.tabs.setCurrentIndex(5)
    chronology = view.chronology_tab
    qtbot.mouseClick(chronology._add_button, LEFT)  # no summary yet
    qtbot.waitUntil(lambda: chronology._summary_error.isVisible(), timeout=5000)
    assert chronology._summary_error.text() == "Give the entry a short summary."

    chronology._kind.setCurrentIndex(chronology._kind.findText(ChronologyKind.MEETING.label))
    qtbot.keyClicks(chronology._summary, "Met school SENCo")
    qtbot.keyClicks(chronology._body, "Agreed to bring the review forward.")
    assert view.has_unsaved_changes()
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        qtbot.mouseClick(chronology._add_button, LEFT)
    entries = services.cases.case_detail(case.child_id).chronology
    added = next(e for e in entries if e.summary == "Met school SENCo")
    assert added.kind == ChronologyKind.MEETING
    assert added.body == "Agreed to bring the review forward."
    assert added.author_name == "Priya Shah"
    summaries = [view.chronology_model.index(r, list(ChronologyColumn).index(
        ChronologyColumn.SUMMARY)).data() for r in range(view.chronology_model.rowCount())]
    assert "Met school SENCo" in summaries
    assert chronology._summary.text() == "" and not chronology._summary_error.isVisible()
    assert not view.has_unsaved_changes()
    chronology._view.selectRow(summaries.index("Met school SENCo"))
    assert "Agreed to bring the review forward." in chronology._details.toPlainText()


def test_transfer_to_another_officer(qtbot, view: CaseView, case: CaseRow,
                                     services: Services, events: AppEvents) -> None:
    colleague = add_officer(services, "Sam Jones")
    show(qtbot, view, case)
    qtbot.mouseClick(view._transfer, LEFT)
    qtbot.waitUntil(lambda: view.findChild(TransferDialog) is not None, timeout=5000)
    dialog = view.findChild(TransferDialog)
    combo = dialog.officer_combo
    assert all("Priya Shah" not in combo.itemText(i) for i in range(combo.count()))
    combo.setCurrentIndex(combo.findText("Sam Jones", Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(dialog.reason_edit, "Rebalancing caseloads")
    with qtbot.waitSignals([events.case_changed, view.case_loaded], timeout=5000):
        qtbot.mouseClick(dialog._buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
    qtbot.waitUntil(lambda: view.findChild(TransferDialog) is None)  # closed and deleted
    detail = services.cases.case_detail(case.child_id)
    assert detail.officer is not None and detail.officer.id == colleague.id
    assert "Officer: Sam Jones" in view._status.text()
    assert view.allocations_model.rowCount() == 2
    assert detail.allocations[0].reason == "Rebalancing caseloads"


def test_close_and_reopen_case(qtbot, view: CaseView, case: CaseRow,
                               services: Services) -> None:
    show(qtbot, view, case)
    qtbot.mouseClick(view._close, LEFT)
    dialog = view.findChild(CloseCaseDialog)
    assert dialog is not None and dialog.closed_on() == date(2026, 11, 23)
    ok = dialog._buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, LEFT)  # no reason chosen
    assert dialog.isVisible()
    assert dialog._fields["close_reason"][0].text() == "Choose why the case is closing."

    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findText(CloseReason.MAX_AGE.label))
    dialog.date_field.set_value(date(2026, 12, 1))  # the service refuses a future date
    qtbot.mouseClick(ok, LEFT)
    qtbot.waitUntil(lambda: dialog._fields["closed_on"][0].text() != "", timeout=5000)
    assert dialog.isVisible()
    assert services.cases.case_detail(case.child_id).child.status.value == "open"

    dialog.date_field.set_value(date(2026, 11, 20))
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        qtbot.mouseClick(ok, LEFT)
    child = services.cases.case_detail(case.child_id).child
    assert child.status.value == "closed" and child.closed_on == date(2026, 11, 20)
    assert "Closed 20/11/2026: Reached maximum age" in view._status.text()
    assert view._close.text() == "Reopen case"
    assert not view._transfer.isEnabled()

    qtbot.mouseClick(view._close, LEFT)
    box = view.findChild(QMessageBox)
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    assert services.cases.case_detail(case.child_id).child.status.value == "open"
    assert view._close.text() == "Close case…"


def test_models_pass_qt_model_tester(qtbot, qtmodeltester, view: CaseView, case: CaseRow,
                                     services: Services) -> None:
    services.cases.add_chronology(case.child_id, ChronologyKind.CALL,
                                  services.database.clock.now(), "Called mum", "About transport")
    add_officer(services, "Sam Jones")
    colleague = next(o for o in services.reference.officers() if o.display_name == "Sam Jones")
    services.cases.transfer_case(case.child_id, colleague.id, "Cover")
    show(qtbot, view, case)
    qtbot.waitUntil(lambda: view.reviews_tab.detail is not None, timeout=5000)
    for model in (view.contacts_model, view.reviews_tab.steps_model, view.chronology_model,
                  view.allocations_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
