"""The main window end to end on a real database: first run, demo data, selection, layout."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from caseworker_app.codes import Need, OfficerRole, Sex
from caseworker_app.entities import NewCase
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.first_run import FirstRunDialog
from caseworker_app.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, services, settings, clock) -> MainWindow:
    window = MainWindow(services, settings, clock=clock)
    qtbot.addWidget(window)
    window.show()
    return window


def answer_first_run(action) -> None:
    """Act on the first-run dialog once it is showing (it runs modally)."""
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FirstRunDialog):
            action(dialog)
        else:
            QTimer.singleShot(20, act)
    QTimer.singleShot(0, act)


def test_first_run_sets_up_a_profile(qtbot, database, settings, clock) -> None:
    services = Services.build(database, None)
    window = make_window(qtbot, services, settings, clock)

    def fill(dialog: FirstRunDialog) -> None:
        dialog.name.setText("Dana Whitfield")
        dialog.role.setCurrentIndex(dialog.role.findData(OfficerRole.LEAD))
        dialog.accept()

    answer_first_run(fill)
    with qtbot.waitSignal(window.caseload.caseload_loaded, timeout=10_000):
        window.start()
    profile = services.reference.profile()
    assert (profile.display_name, profile.role) == ("Dana Whitfield", OfficerRole.LEAD)
    assert "Dana Whitfield" in window.profile_label.text()


def test_first_run_demo_data_fills_the_caseload(qtbot, database, settings, clock) -> None:
    services = Services.build(database, None)
    window = make_window(qtbot, services, settings, clock)

    def demo(dialog: FirstRunDialog) -> None:
        dialog.demo.setChecked(True)
        dialog.cases.setValue(60)
        dialog.accept()

    answer_first_run(demo)
    window.start()
    qtbot.waitUntil(lambda: window.caseload.model.rowCount() > 0, timeout=60_000)
    assert len(window.caseload._index) == 60
    assert services.reference.profile() is not None
    assert services.cases.author_id == services.reference.profile().id


def test_selecting_a_case_opens_it_and_layout_is_remembered(
        qtbot, services, officer, settings, clock, tmp_path) -> None:
    for surname in ("Ashworth", "Brennan", "Cho"):
        services.cases.open_case(NewCase("Sam", surname, date(2014, 2, 2), Sex.MALE, Need.ASD,
                                         officer.id, plan_issued_on=date(2025, 3, 1)))
    window = make_window(qtbot, services, settings, clock)
    with qtbot.waitSignal(window.caseload.view_updated, timeout=10_000):
        window.start()
    with qtbot.waitSignal(window.case_view.case_loaded, timeout=10_000):
        window.caseload.table.selectRow(1)
    assert window.case_view.current_child_id == window.caseload.current_child_id()
    window.caseload.table.setColumnWidth(0, 333)
    out = tmp_path / "view.csv"
    window.export_csv(out)
    qtbot.waitUntil(lambda: out.exists(), timeout=10_000)
    with out.open(encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle))) == 4
    window.close()
    services.database.engine.dispose()
    again = make_window(qtbot, services, settings, clock)
    assert again.caseload.table.columnWidth(0) == 333


def test_reviews_menu_records_maintain_decisions(qtbot, services, officer, settings,
                                                 clock) -> None:
    from caseworker_app.codes import ReviewDecision
    from caseworker_app.ui.dialogs.bulk_decision import BulkDecisionDialog
    from tests.ui.test_bulk_decision import ready_case

    case = ready_case(services, officer, "Menu", date(2026, 11, 10))
    window = make_window(qtbot, services, settings, clock)
    action = next(a for m in window.menuBar().actions() if m.text() == "&Reviews"
                  for a in m.menu().actions())
    assert action.shortcut().toString() == "Ctrl+Shift+D"

    def decide() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, BulkDecisionDialog) and dialog.model.rowCount() == 1:
            dialog.model.tick_all(True)
            dialog.submit_button.click()
        else:
            QTimer.singleShot(20, decide)

    QTimer.singleShot(0, decide)
    with qtbot.waitSignal(window.caseload.caseload_loaded, timeout=10_000):
        action.trigger()
    window.tasks.wait()
    detail = services.reviews.open_review(case.child_id)
    assert detail.review.decision == ReviewDecision.MAINTAIN
    assert "Decisions recorded" in window.statusBar().currentMessage()
