"""The New case dialog end to end: real widgets, real services, a real temporary database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt

from caseworker_app.clock import FixedClock
from caseworker_app.codes import Need
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.new_case import NewCaseDialog
from caseworker_app.ui.tasks import TaskRunner

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def dialog(qtbot, services: Services, clock: FixedClock) -> Iterator[NewCaseDialog]:
    """A shown, active New case dialog with its pick-lists loaded."""
    tasks = TaskRunner()
    widget = NewCaseDialog(services, tasks, clock.today)
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    qtbot.waitUntil(lambda: widget.officer.count() > 0, timeout=5000)
    yield widget
    tasks.wait()  # no job may still be using the database when the fixture disposes it


def type_date(qtbot, field, text: str) -> None:
    """Type a dd/MM/yyyy date into a date field, as a person tabbing in would."""
    field.setFocus()  # entering the field selects the day
    qtbot.keyClicks(field, text)


def fill_required(qtbot, dialog: NewCaseDialog, dob: str) -> None:
    """Type the legal names and date of birth, and choose a primary need."""
    qtbot.keyClicks(dialog.forename, "Amara")
    qtbot.keyClicks(dialog.surname, "Okafor")
    type_date(qtbot, dialog.dob, dob)
    dialog.need.setCurrentIndex(dialog.need.findData(Need.SLCN))


def test_new_case_is_opened(qtbot, dialog: NewCaseDialog, services: Services) -> None:
    fill_required(qtbot, dialog, "02/10/2020")
    # Typing into an empty optional date field is not yet possible (the "No date" text stays
    # in the way), so the date is set as the calendar popup would set it.
    dialog.plan_issued.set_value(date(2025, 12, 1))
    assert dialog.dob.value() == date(2020, 10, 2)
    assert dialog.plan_issued.value() == date(2025, 12, 1)

    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=5000)

    assert not dialog.isVisible()
    rows = services.cases.caseload()
    assert [(r.forename, r.surname) for r in rows] == [("Amara", "Okafor")]
    row = rows[0]
    assert row.child_id == dialog.created.child_id
    assert row.date_of_birth == date(2020, 10, 2)
    assert row.primary_need == Need.SLCN
    assert row.plan_issued_on == date(2025, 12, 1)
    assert row.review_due_on == date(2026, 11, 30)  # the day before the first anniversary


def test_future_birth_date_and_bad_upn_show_inline(qtbot, dialog: NewCaseDialog,
                                                   services: Services) -> None:
    fill_required(qtbot, dialog, "01/01/2030")
    assert dialog.dob.value() == date(2030, 1, 1)  # not clamped by the widget
    qtbot.keyClicks(dialog.upn, "C801200005001")

    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_text("upn") != "", timeout=5000)

    assert dialog.error_text("date_of_birth") == "The date of birth 01/01/2030 is in the future."
    assert "check letter is C but should be B" in dialog.error_text("upn")
    assert dialog.dob.accessibleDescription() == dialog.error_text("date_of_birth")
    assert dialog.error_text("legal_surname") == ""
    assert dialog.isVisible()  # the dialog stays open with what was typed
    assert dialog.upn.text() == "C801200005001"
    assert dialog.submit_button.isEnabled()
    assert dialog.created is None
    assert services.cases.caseload() == []
