"""The "My work" screen and its tab in the main window, on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentKind,
    AssessmentRequester,
    AssessmentStage,
    Need,
    OfficerRole,
    Sex,
)
from caseworker_app.entities import NewCase
from caseworker_app.entities_work import WorkItem
from caseworker_app.rules.deadlines import DeadlineKey, reassessment_request_decision
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.main_window import MainWindow
from caseworker_app.ui.models.work_models import (
    ForecastModel,
    WorkColumn,
    WorkItemModel,
    stage_text,
)
from caseworker_app.ui.screens.my_work import ALL_OFFICERS, MyWorkScreen
from caseworker_app.ui.tasks import TaskRunner

TODAY = date(2026, 11, 23)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def cases(services, officer):
    """Two of Priya's cases (one overdue, one due in a week) and one of Tom's."""
    tom = services.reference.create_profile("Tom Reed", OfficerRole.CASE_OFFICER)
    services.reference.use_profile(officer.id)

    def open_case(surname, issued, holder):
        return services.cases.open_case(NewCase(
            "Sam", surname, date(2014, 5, 2), Sex.MALE, Need.ASD, holder,
            plan_issued_on=issued)).child_id

    return {"Ashworth": open_case("Ashworth", date(2025, 12, 1), officer.id),  # due 30/11/26
            "Brennan": open_case("Brennan", date(2025, 10, 1), officer.id),  # due 30/09/26
            "Cho": open_case("Cho", date(2025, 11, 1), tom.id), "tom": tom.id}


@pytest.fixture
def make_screen(qtbot, services):
    """Build, show and load screens; they live until the test's teardown (their task
    runner must outlive any job still finishing on its threads)."""
    made: list[MyWorkScreen] = []

    def make() -> MyWorkScreen:
        widget = MyWorkScreen(services, TaskRunner(), AppEvents(), lambda: TODAY)
        qtbot.addWidget(widget)
        made.append(widget)
        with qtbot.waitSignal(widget.work_loaded, timeout=10_000):
            widget.show()
        return widget

    yield make
    for widget in made:
        widget._tasks.wait()


@pytest.fixture
def screen(make_screen, cases):
    return make_screen()


def listed(screen: MyWorkScreen) -> list[tuple[str, str]]:
    model = screen.model
    return [(model.item_at(r).display_name, model.data(model.index(r, 1)))
            for r in range(model.rowCount())]


def cell(model, row: int, column: WorkColumn) -> str:
    return model.data(model.index(row, list(WorkColumn).index(column)))


def test_lists_the_signed_in_officers_deadlines_most_urgent_first(screen, officer) -> None:
    assert screen.officer.currentText() == "Priya Shah (you)"
    assert screen.officer.findText(ALL_OFFICERS) == -1  # a case officer sees no "All"
    assert listed(screen) == [("Brennan, Sam", "30/09/2026"), ("Ashworth, Sam", "30/11/2026")]
    model = screen.model
    assert cell(model, 0, WorkColumn.LEFT) == "54 days overdue"
    assert cell(model, 0, WorkColumn.STATUS) == "Overdue"
    assert cell(model, 1, WorkColumn.LEFT) == "7 days"
    assert cell(model, 1, WorkColumn.OFFICER) == "Priya Shah"
    assert screen.count.text() == "2 open deadlines for Priya Shah, 1 overdue"
    forecast = screen.forecast_model.forecast_at(0)
    assert (forecast.officer_name, forecast.overdue, forecast.weeks) == (
        "Priya Shah", 1, (0, 1, 0, 0))
    assert screen.forecast_model.rowCount() == 1


def test_selecting_a_deadline_shows_why_it_falls_then(qtbot, screen) -> None:
    assert "Select a deadline" in screen.why.text()
    screen.table.selectRow(1)
    assert screen.why_title.text() == "Annual review decision sent: 30/11/2026 (7 days)"
    assert "Children and Families Act 2014 s.44" in screen.why.text()
    assert "the plan issued on 1 December 2025" in screen.why.text()
    assert "EHC000001" in screen.why.text()


def test_double_click_and_enter_ask_for_the_case(qtbot, screen, cases) -> None:
    view = screen.table
    rect = view.visualRect(screen.model.index(1, 4))
    with qtbot.waitSignal(screen.case_requested, timeout=2000) as caught:
        QTest.mouseClick(view.viewport(), LEFT, pos=rect.center())
        QTest.mouseDClick(view.viewport(), LEFT, pos=rect.center())
    assert caught.args == [cases["Ashworth"]]
    view.setFocus()
    view.selectRow(0)
    with qtbot.waitSignal(screen.case_requested, timeout=2000) as caught:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert caught.args == [cases["Brennan"]]


def test_choosing_another_officer_lists_their_work(qtbot, screen) -> None:
    with qtbot.waitSignal(screen.work_loaded, timeout=10_000):
        screen.officer.setCurrentIndex(screen.officer.findText("Tom Reed"))
    assert listed(screen) == [("Cho, Sam", "31/10/2026")]
    assert screen.forecast_model.forecast_at(0).officer_name == "Tom Reed"


def test_a_lead_starts_on_everyones_work(make_screen, services, cases) -> None:
    lead = services.reference.create_profile("Dana Whitfield", OfficerRole.LEAD)
    services.act_as(lead.id)
    widget = make_screen()
    assert widget.officer.currentText() == ALL_OFFICERS
    assert [name for name, _due in listed(widget)] == ["Brennan, Sam", "Cho, Sam",
                                                       "Ashworth, Sam"]
    names = [widget.forecast_model.forecast_at(r).officer_name
             for r in range(widget.forecast_model.rowCount())]
    assert names == ["Dana Whitfield", "Priya Shah", "Tom Reed"]


def test_reloads_when_a_case_changes(qtbot, services, screen, cases) -> None:
    row = services.cases.transfer_case(cases["Brennan"], cases["tom"], "Rebalancing")
    with qtbot.waitSignal(screen.work_loaded, timeout=10_000):
        screen._events.case_changed.emit(row)
    assert listed(screen) == [("Ashworth, Sam", "30/11/2026")]
    assert screen.why_title.text() == ""  # the selected deadline went with the case


def test_an_assessment_in_progress_is_listed_with_its_stage(
        qtbot, make_screen, services, officer, cases) -> None:
    child = services.cases.open_case(NewCase(
        "Sam", "Dunn", date(2014, 5, 2), Sex.MALE, Need.ASD, officer.id)).child_id  # no plan
    detail = services.assessments.start_assessment(
        child, AssessmentKind.NEW, date(2026, 10, 12), AssessmentRequester.PARENT)
    for step, on, decision in ((AssessmentStage.DECISION, date(2026, 11, 2),
                                AssessmentDecision.ASSESS),
                               (AssessmentStage.ADVICE_REQUESTED, date(2026, 11, 5), None)):
        services.assessments.record_step(detail.assessment.id, step, on, decision=decision)

    screen = make_screen()

    assert listed(screen) == [("Brennan, Sam", "30/09/2026"), ("Ashworth, Sam", "30/11/2026"),
                              ("Dunn, Sam", "17/12/2026"), ("Dunn, Sam", "01/02/2027"),
                              ("Dunn, Sam", "01/03/2027")]
    model = screen.model
    assert [cell(model, r, WorkColumn.WHAT) for r in (2, 3, 4)] == [
        "Advice for the assessment returned", "Decision not to issue a plan",
        "Final plan issued"]
    assert {cell(model, r, WorkColumn.STAGE) for r in (2, 3, 4)} == {
        "Assessment: advice requested"}
    assert cell(model, 1, WorkColumn.STAGE) == "Due – not yet arranged"  # a review's stage
    assert screen.count.text() == "5 open deadlines for Priya Shah, 1 overdue"
    screen.table.selectRow(4)
    assert screen.why_title.text() == "Final plan issued: 01/03/2027 (98 days)"
    assert "reg 13(2)" in screen.why.text()
    assert "request for an assessment received on 12 October 2026" in screen.why.text()
    assert "Stage:</b> Assessment: advice requested" in screen.why.text()


def test_a_reassessments_stage_is_worded_for_a_reassessment(officer) -> None:
    item = WorkItem(officer.id, "EHC000009", "Dunn, Sam", officer.id, "Priya Shah",
                    reassessment_request_decision(TODAY), AssessmentStage.DECISION,
                    AssessmentKind.REASSESSMENT)
    assert stage_text(item) == "Reassessment: decision whether to reassess"


def test_models_pass_the_qt_model_tester(qtmodeltester, screen) -> None:
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.forecast_model)
    qtmodeltester.check(WorkItemModel(lambda: TODAY))
    qtmodeltester.check(ForecastModel(lambda: TODAY))


# ----- the main window's tabs -------------------------------------------------------------
@pytest.fixture
def window(qtbot, services, cases, clock, tmp_path):
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    main = MainWindow(services, settings, clock=clock)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.caseload.view_updated, timeout=10_000):
        main.start()
    return main


def test_shortcuts_switch_tabs(qtbot, window) -> None:
    with qtbot.waitSignal(window.my_work.work_loaded, timeout=10_000):
        QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.my_work
    with qtbot.waitSignal(window.backlog.backlog_loaded, timeout=10_000):
        QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.backlog
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.splitter
    assert window.caseload.table.hasFocus()
    window.tabs.setCurrentWidget(window.my_work)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.splitter


def test_a_requested_case_opens_even_when_filtered_out(qtbot, window, cases) -> None:
    with qtbot.waitSignal(window.caseload.view_updated, timeout=10_000):
        QTest.keyClicks(window.caseload.filters.search, "Ashworth")
    with qtbot.waitSignal(window.my_work.work_loaded, timeout=10_000):
        window.tabs.setCurrentWidget(window.my_work)
    brennan = next(r for r in range(window.my_work.model.rowCount())
                   if window.my_work.model.item_at(r).child_id == cases["Brennan"])
    assert window.my_work.model.item_at(brennan).deadline.key == DeadlineKey.ANNUAL_REVIEW
    with qtbot.waitSignal(window.case_view.case_loaded, timeout=10_000) as loaded:
        window.my_work.case_requested.emit(cases["Brennan"])
    assert loaded.args == [cases["Brennan"]]
    assert window.tabs.currentWidget() is window.splitter
    assert window.case_view.current_child_id == cases["Brennan"]
    with qtbot.waitSignal(window.case_view.case_loaded, timeout=10_000):
        window.my_work.case_requested.emit(cases["Ashworth"])
    assert window.caseload.current_child_id() == cases["Ashworth"]  # listed: highlighted
