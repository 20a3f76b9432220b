"""The Backlog screen on a real database: bands, flags, sorting, allocation, policy, charts."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from caseworker_app.codes import Need, OfficerRole, ReviewStage, Sex
from caseworker_app.db.tables import AnnualReview
from caseworker_app.entities import NewCase
from caseworker_app.entities_work import BacklogBand
from caseworker_app.rules.deadlines import ReviewBasis
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.work_models import BacklogColumn, BacklogModel
from caseworker_app.ui.screens.backlog import BacklogScreen
from caseworker_app.ui.tasks import TaskRunner

TODAY = date(2026, 11, 23)
LEFT = Qt.MouseButton.LeftButton
COLUMNS = list(BacklogColumn)


@pytest.fixture
def cases(services, officer):
    """Overdue reviews in three bands (plans issued a year and a day before each due date),
    one not yet due, and a lead, Dana, signed in."""
    def open_case(surname, issued, born=date(2014, 5, 2)):
        return services.cases.open_case(NewCase(
            "Sam", surname, born, Sex.MALE, Need.ASD, officer.id,
            plan_issued_on=issued)).child_id

    made = {
        "Ashworth": open_case("Ashworth", date(2025, 10, 1)),  # due 30/09/26: 54 days
        "Brennan": open_case("Brennan", date(2025, 6, 1), born=date(2010, 1, 5)),  # 175
        "Cho": open_case("Cho", date(2025, 2, 1)),  # due 31/01/26: 296 days
        "Dunn": open_case("Dunn", date(2025, 1, 1)),  # due 31/12/25: 327 days
        "Evans": open_case("Evans", date(2026, 1, 1)),  # due 31/12/26: not overdue
    }
    with services.database.write(None) as uow:  # Brennan's meeting is held, no decision yet
        review = uow.session.query(AnnualReview).filter_by(child_id=made["Brennan"]).one()
        review.meeting_on = review.meeting_held_on = date(2026, 11, 2)
        review.stage = ReviewStage.MEETING_HELD
    made["kathryn"] = services.reference.create_profile("Kathryn Hall",
                                                        OfficerRole.CASE_OFFICER).id
    lead = services.reference.create_profile("Dana Whitfield", OfficerRole.LEAD)
    services.act_as(lead.id)
    return made


@pytest.fixture
def make_screen(qtbot, services):
    made: list[BacklogScreen] = []

    def make() -> BacklogScreen:
        widget = BacklogScreen(services, TaskRunner(), AppEvents(), lambda: TODAY)
        qtbot.addWidget(widget)
        made.append(widget)
        widget.resize(1300, 700)
        with qtbot.waitSignal(widget.backlog_loaded, timeout=10_000):
            widget.show()
        qtbot.waitUntil(lambda: widget.officer.count() > 0, timeout=5000)
        return widget

    yield make
    for widget in made:
        widget._tasks.wait()


@pytest.fixture
def screen(make_screen, cases):
    return make_screen()


def names(screen: BacklogScreen) -> list[str]:
    model = screen.model
    return [model.row_at(r).display_name.split(",")[0] for r in range(model.rowCount())]


def text(screen: BacklogScreen, row: int, column: BacklogColumn) -> str:
    return screen.model.data(screen.model.index(row, COLUMNS.index(column)))


def answer_yes(qtbot, widget) -> None:
    box = widget.findChild(QMessageBox)
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)


def test_lists_overdue_reviews_most_overdue_first_with_flags(screen) -> None:
    assert names(screen) == ["Dunn", "Cho", "Brennan", "Ashworth"]
    assert text(screen, 0, BacklogColumn.OVERDUE) == "327"
    assert text(screen, 0, BacklogColumn.BAND) == "6-12 months"
    assert text(screen, 2, BacklogColumn.STAGE) == "Meeting held"
    assert [text(screen, 2, c) for c in (BacklogColumn.YEAR9, BacklogColumn.POST16,
                                         BacklogColumn.LOOKED_AFTER)] == ["✓", "✓", ""]
    assert screen.count.text() == "4 overdue reviews (counted to the decision)"


def test_band_counts_filter_when_clicked(qtbot, screen) -> None:
    buttons = screen.band_buttons
    assert buttons[None].text() == "All overdue\n4"
    assert buttons[BacklogBand.UP_TO_3].text() == "Up to 3 months\n1"
    assert buttons[BacklogBand.FROM_6_TO_12].text() == "6-12 months\n2"
    assert buttons[BacklogBand.OVER_12].text() == "Over 12 months\n0"
    qtbot.mouseClick(buttons[BacklogBand.FROM_6_TO_12], LEFT)
    assert names(screen) == ["Dunn", "Cho"]
    assert screen.count.text() == "2 of 4 overdue reviews (counted to the decision)"
    qtbot.mouseClick(buttons[BacklogBand.OVER_12], LEFT)
    assert names(screen) == []
    qtbot.mouseClick(buttons[None], LEFT)
    assert len(names(screen)) == 4


def test_header_click_sorts_by_days_overdue(qtbot, screen) -> None:
    header = screen.table.horizontalHeader()
    column = COLUMNS.index(BacklogColumn.OVERDUE)
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), LEFT, pos=QPoint(x, 5))
    assert names(screen) == ["Ashworth", "Brennan", "Cho", "Dunn"]
    screen.table.sortByColumn(COLUMNS.index(BacklogColumn.YEAR9), Qt.SortOrder.AscendingOrder)
    assert names(screen)[0] == "Brennan"  # flagged rows first


def test_allocating_selected_cases_moves_them_in_the_database(
        qtbot, screen, services, cases) -> None:
    selection = screen.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.select(screen.model.index(0, 0), flags)  # Dunn
    selection.select(screen.model.index(3, 0), flags)  # Ashworth
    assert screen.selected.text() == "2 cases selected"
    assert screen.allocate_button.isEnabled()
    screen.officer.setCurrentIndex(screen.officer.findText("Kathryn Hall"))
    qtbot.mouseClick(screen.allocate_button, LEFT)
    with qtbot.waitSignal(screen.allocated, timeout=10_000) as moved:
        answer_yes(qtbot, screen)
    assert moved.args == [2]
    assert services.cases.case_row(cases["Dunn"]).officer_name == "Kathryn Hall"
    assert services.cases.case_row(cases["Ashworth"]).officer_name == "Kathryn Hall"
    assert services.cases.case_row(cases["Cho"]).officer_name == "Priya Shah"
    assert screen.count.text() == "2 cases allocated to Kathryn Hall."
    qtbot.waitUntil(lambda: text(screen, 0, BacklogColumn.OFFICER) == "Kathryn Hall",
                    timeout=10_000)  # reloaded after the change


def test_a_case_officer_cannot_allocate_or_change_the_policy(
        qtbot, make_screen, services, officer, cases) -> None:
    services.reference.use_profile(officer.id)
    services.act_as(officer.id)
    screen = make_screen()
    screen.table.selectRow(0)
    assert not screen.allocate_button.isEnabled()
    assert not screen.basis.isEnabled()
    assert "lead" in screen.allocate_button.toolTip()


def test_the_lead_changes_what_counts_as_done(qtbot, screen, services) -> None:
    assert screen.basis.currentData() == ReviewBasis.DECISION
    screen.basis.setCurrentIndex(1)
    screen.basis.activated.emit(1)
    assert screen.basis.currentData() == ReviewBasis.DECISION  # not until confirmed
    with qtbot.waitSignals([screen.review_basis_changed, screen.backlog_loaded],
                           timeout=10_000):
        answer_yes(qtbot, screen)
    assert services.work.review_basis() == ReviewBasis.MEETING
    assert "Brennan" not in names(screen)  # the meeting was held
    assert screen.basis.currentData() == ReviewBasis.MEETING
    assert screen.count.text() == "3 overdue reviews (counted to the meeting)"


def test_double_click_asks_for_the_case(qtbot, screen, cases) -> None:
    rect = screen.table.visualRect(screen.model.index(1, 0))
    with qtbot.waitSignal(screen.case_requested, timeout=2000) as caught:
        QTest.mouseClick(screen.table.viewport(), LEFT, pos=rect.center())
        QTest.mouseDClick(screen.table.viewport(), LEFT, pos=rect.center())
    assert caught.args == [cases["Cho"]]


def test_charts_show_a_point_per_week_or_month(qtbot, screen, services) -> None:
    trend = services.work.trend(TODAY)
    assert screen.completed_chart.bars.count() == 26
    assert screen.backlog_chart.line.count() == 26
    last = screen.backlog_chart.line.at(25)
    assert (last.x(), last.y()) == (25.0, 4.0)  # the four overdue reviews today
    assert [screen.completed_chart.bars.at(i) for i in range(26)] == [
        float(c) for c in trend.completed_per_week]
    qtbot.mouseClick(screen.per_month, LEFT)
    assert screen.completed_chart.bars.count() == len(trend.month_starts) == 6
    assert screen.completed_chart.chart().title() == "Reviews completed each month"
    labels = screen.completed_chart.chart().axes(Qt.Orientation.Horizontal)[0].categories()
    assert labels == ["Jun 26", "Jul 26", "Aug 26", "Sep 26", "Oct 26", "Nov 26"]


def test_backlog_model_passes_the_qt_model_tester(qtmodeltester, screen) -> None:
    qtmodeltester.check(screen.model)
    screen.model.set_band(BacklogBand.UP_TO_3)
    qtmodeltester.check(screen.model)
    qtmodeltester.check(BacklogModel(lambda: TODAY))
