"""The Reviews tab driven as an officer would: record steps through dialogs, see lateness,
correct a date, all on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from caseworker_app.codes import LatenessReason, Need, ReviewDecision, ReviewStage, Sex
from caseworker_app.entities import NewCase
from caseworker_app.ui.dialogs.correct_date import CorrectDateDialog
from caseworker_app.ui.dialogs.review_step_dialog import RecordStepDialog
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.review_models import StepColumn
from caseworker_app.ui.screens.case_view import CaseView
from caseworker_app.ui.tasks import TaskRunner

S = ReviewStage


@pytest.fixture
def view(qtbot, services, clock):
    tasks = TaskRunner()
    widget = CaseView(services, tasks, AppEvents(), clock.today)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    yield widget
    tasks.wait()


@pytest.fixture
def case(services, officer):
    return services.cases.open_case(NewCase(
        legal_forename="Zoë", legal_surname="Łukasz", date_of_birth=date(2016, 2, 3),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer.id,
        plan_issued_on=date(2025, 12, 1)))


def open_reviews(qtbot, view: CaseView, case) -> None:
    tab = view.reviews_tab
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        view.show_case(case.child_id)
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.detail is not None, timeout=5000)


def dialog_of(kind):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def record(qtbot, view: CaseView, on: date, *, decision=None, late_reason=None) -> None:
    """Press the record button, fill the dialog and wait for the tab to move on."""
    tab = view.reviews_tab
    before = tab.detail
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog_of(RecordStepDialog) is not None, timeout=3000)
    dialog = dialog_of(RecordStepDialog)
    dialog.date_field.set_value(on)
    if decision is not None:
        dialog.decision_combo.setCurrentIndex(dialog.decision_combo.findData(decision.value))
    if late_reason is not None:
        dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData(late_reason.value))
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.detail is not before and dialog_of(RecordStepDialog) is None,
                    timeout=5000)


def status_of(view: CaseView, step: ReviewStage) -> str:
    model = view.reviews_tab.steps_model
    for row in range(model.rowCount()):
        if model.record(row).step == step:
            return model.index(row, list(StepColumn).index(StepColumn.STATUS)).data()
    raise AssertionError(f"{step} not on the timeline")


def test_timeline_shows_the_next_step_and_the_annual_deadline(qtbot, view, case) -> None:
    open_reviews(qtbot, view, case)
    tab = view.reviews_tab
    assert "Due by 30/11/2026" in tab._summary.text()
    assert tab.record_button.text() == "Schedule the meeting…"
    assert tab.record_button.isEnabled()
    assert status_of(view, S.DECISION_MADE) == "Due in 7 days"
    tab.steps_view.selectRow(list(S).index(S.DECISION_MADE) - 1)
    assert "s.44" in tab._rule.text()


def test_walk_a_review_through_the_dialogs_with_a_late_step(qtbot, view, case,
                                                           services) -> None:
    open_reviews(qtbot, view, case)
    record(qtbot, view, date(2026, 11, 12))  # schedule the meeting
    tab = view.reviews_tab
    assert tab.record_button.text() == "Record invitations sent…"

    # a week's notice is late: the dialog asks why before anything is sent
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog_of(RecordStepDialog) is not None, timeout=3000)
    dialog = dialog_of(RecordStepDialog)
    dialog.date_field.set_value(date(2026, 11, 5))
    assert dialog.is_late()
    assert dialog.reason_combo.isEnabled()
    assert "7 days late" in dialog._rule.text()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert "choose why" in dialog.error_text("lateness_reason")
    assert dialog.isVisible()
    dialog.reject()
    qtbot.waitUntil(lambda: dialog_of(RecordStepDialog) is None)

    record(qtbot, view, date(2026, 11, 5), late_reason=LatenessReason.HEALTH_ADVICE_AWAITED)
    assert status_of(view, S.INVITATIONS_SENT) == "Late: Health advice awaited"
    record(qtbot, view, date(2026, 11, 6), late_reason=LatenessReason.HEALTH_ADVICE_AWAITED)
    record(qtbot, view, date(2026, 11, 12))  # meeting held
    record(qtbot, view, date(2026, 11, 19))  # report
    record(qtbot, view, date(2026, 11, 20), decision=ReviewDecision.MAINTAIN)
    assert status_of(view, S.DECISION_MADE) == "Done"
    record(qtbot, view, date(2026, 11, 23))  # letter
    assert tab.record_button.text() == "Complete the review…"
    history = tab.history_model
    assert history.rowCount() == 7
    assert history.index(1, 4).data() == "Late (due 29/10/2026): Health advice awaited"
    detail = services.reviews.open_review(case.child_id)
    assert detail.review.stage == S.DECISION_LETTER_SENT


def test_correct_a_date_from_the_timeline(qtbot, view, case, services) -> None:
    review = services.reviews.open_review(case.child_id).review
    services.reviews.record_step(review.id, S.MEETING_SCHEDULED, date(2026, 12, 3))
    open_reviews(qtbot, view, case)
    tab = view.reviews_tab
    assert not tab.correct_button.isEnabled()
    tab.steps_view.selectRow(0)
    assert tab.correct_button.isEnabled()
    before = tab.detail
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog_of(CorrectDateDialog) is not None, timeout=3000)
    dialog = dialog_of(CorrectDateDialog)
    dialog.date_field.set_value(date(2026, 12, 10))
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert "Say why" in dialog.error_text("reason")
    qtbot.keyClicks(dialog.reason_box, "School asked to move the meeting")
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.detail is not before and dialog_of(CorrectDateDialog) is None,
                    timeout=5000)
    assert tab.detail.review.meeting_on == date(2026, 12, 10)
    last = tab.history_model.rowCount() - 1
    assert tab.history_model.index(last, 3).data() == "03/12/2026 → 10/12/2026"
    assert tab.history_model.index(last, 4).data() == "School asked to move the meeting"


def test_models_pass_the_model_tester(qtbot, qtmodeltester, view, case) -> None:
    open_reviews(qtbot, view, case)
    qtmodeltester.check(view.reviews_tab.steps_model)
    qtmodeltester.check(view.reviews_tab.history_model)
