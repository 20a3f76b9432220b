"""The caseload screen on a real database: search, filters, sorting, live updates."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from caseworker_app.caseload import Column
from caseworker_app.codes import Need, OfficerRole, Sex
from caseworker_app.entities import NewCase
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.case_table import CaseTableModel
from caseworker_app.ui.screens.caseload import CaseloadScreen
from caseworker_app.ui.tasks import TaskRunner

TODAY = date(2026, 11, 23)


@pytest.fixture
def cases(services, officer):
    other = services.reference.create_profile("Tom Reed", OfficerRole.CASE_OFFICER)
    services.reference.use_profile(officer.id)
    people = [  # (forename, surname, dob, need, issued, officer)
        ("Zoë", "Ashworth", date(2015, 10, 3), Need.ASD, date(2025, 6, 1), officer.id),
        ("Łukasz", "Nowak", date(2011, 4, 9), Need.SEMH, date(2025, 12, 20), officer.id),
        ("Siobhán", "Kelly", date(2019, 1, 15), Need.SLCN, date(2024, 9, 1), other.id),
        ("Amir", "Patel", date(2008, 7, 30), Need.HI, None, None),
    ]
    rows = [services.cases.open_case(NewCase(f, s, d, Sex.UNKNOWN, n, o, plan_issued_on=i))
            for f, s, d, n, i, o in people]
    return {r.surname: r for r in rows}


@pytest.fixture
def screen(qtbot, services, cases):
    widget = CaseloadScreen(services, TaskRunner(), AppEvents(), lambda: TODAY)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.view_updated, timeout=5000):
        widget.reload()
    qtbot.waitUntil(lambda: widget.filters.officer.findText("My cases") >= 0, timeout=5000)
    return widget


def shown(screen: CaseloadScreen) -> list[str]:
    model = screen.model
    return [model.case_at(i).surname for i in range(model.rowCount())]


def test_loads_every_open_case_sorted_by_review_due(screen) -> None:
    assert shown(screen) == ["Kelly", "Ashworth", "Nowak", "Patel"]
    assert screen.count.text() == "4 cases"


def test_search_as_you_type(qtbot, screen) -> None:
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        qtbot.keyClicks(screen.filters.search, "nowa")
    assert shown(screen) == ["Nowak"]
    assert screen.count.text() == "1 of 4 cases"
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        screen.filters.search.clear()
    assert len(shown(screen)) == 4


def test_clicking_filters(qtbot, screen, officer) -> None:
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        qtbot.mouseClick(screen.filters.overdue, Qt.MouseButton.LeftButton)
    assert shown(screen) == ["Kelly", "Ashworth"]  # due 31/08/2025 and 31/05/2026
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        screen.filters.officer.setCurrentIndex(screen.filters.officer.findText("My cases"))
    assert shown(screen) == ["Ashworth"]
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        screen.filters.reset()
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        qtbot.mouseClick(screen.filters.year9, Qt.MouseButton.LeftButton)
    assert shown(screen) == ["Nowak", "Patel"]
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        screen.filters.need.setCurrentIndex(screen.filters.need.findData(Need.HI))
    assert shown(screen) == ["Patel"]


def test_header_click_sorts_by_name_both_ways(qtbot, screen) -> None:
    header = screen.table.horizontalHeader()
    name_column = list(Column).index(Column.NAME)
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        header.sectionClicked.emit(name_column)
        screen.table.sortByColumn(name_column, Qt.SortOrder.AscendingOrder)
    assert shown(screen) == ["Ashworth", "Kelly", "Nowak", "Patel"]
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        screen.table.sortByColumn(name_column, Qt.SortOrder.DescendingOrder)
    assert shown(screen) == ["Patel", "Nowak", "Kelly", "Ashworth"]


def test_selecting_a_row_announces_the_case(qtbot, screen, cases) -> None:
    with qtbot.waitSignal(screen.case_selected, timeout=5000) as blocker:
        screen.table.selectRow(2)
    assert blocker.args == [cases["Nowak"].child_id]


def test_an_edit_elsewhere_updates_the_row(qtbot, screen, services, cases) -> None:
    row = services.cases.update_child(cases["Nowak"].child_id, {"legal_surname": "Abbott"})
    with qtbot.waitSignal(screen.view_updated, timeout=5000):
        screen._events.case_changed.emit(row)
    assert "Abbott" in shown(screen) and "Nowak" not in shown(screen)


def test_display_and_colours(screen) -> None:
    model = screen.model
    row = shown(screen).index("Kelly")
    cells = [model.index(row, c).data() for c in range(model.columnCount())]
    assert cells[:3] == ["Kelly, Siobhán", 7, "Year 3"]
    assert cells[6] == "31/08/2025" and cells[-1] == "Review overdue"
    tip = model.index(row, list(Column).index(Column.REVIEW_DUE)).data(Qt.ItemDataRole.ToolTipRole)
    assert "overdue by 449 days" in tip and "s.44" in tip


def test_case_table_model_passes_qt_model_tester(qtmodeltester, screen) -> None:
    qtmodeltester.check(screen.model)
    empty = CaseTableModel(lambda: TODAY)
    qtmodeltester.check(empty)
