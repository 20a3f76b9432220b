"""The Assessment tab driven as an officer would: start a request, record steps through the
dialogs, see lateness and exceptions, correct a date, all on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from caseworker_app.codes import (
    AssessmentDecision,
    AssessmentKind,
    AssessmentRequester,
    AssessmentStage,
    CloseReason,
    LatenessReason,
    Need,
    Sex,
)
from caseworker_app.entities import NewCase
from caseworker_app.rules.deadlines import AssessmentException
from caseworker_app.ui.dialogs.assessment_dialogs import (
    ExceptionDialog,
    RecordAssessmentStepDialog,
    StartAssessmentDialog,
)
from caseworker_app.ui.dialogs.correct_date import CorrectDateDialog
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.assessment_models import (
    DISAPPLIED,
    PASSED,
    AssessmentColumn,
    HistoryColumn,
    TimelineColumn,
)
from caseworker_app.ui.screens.assessment_tab import NONE_YET, AssessmentTab
from caseworker_app.ui.screens.case_view import TABS, CaseView
from caseworker_app.ui.tasks import TaskRunner

S = AssessmentStage
D = AssessmentDecision
LEFT = Qt.MouseButton.LeftButton
RECEIVED = date(2026, 7, 1)  # 6 weeks: 12 Aug; 16 weeks: 21 Oct; 20 weeks: 18 Nov 2026
AWAY = AssessmentException.AWAY_FROM_AREA


@pytest.fixture
def view(qtbot, services, clock):
    """A shown case view; its jobs finish and its dialogs close before the database goes."""
    tasks = TaskRunner()
    widget = CaseView(services, tasks, AppEvents(), clock.today)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    yield widget
    tasks.wait()
    for dialog in widget.findChildren(QDialog):
        dialog.close()
    widget.close()


def open_case(services, officer, issued: date | None = None):
    return services.cases.open_case(NewCase(
        legal_forename="Maya", legal_surname="Osei", date_of_birth=date(2019, 4, 2),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer.id, plan_issued_on=issued))


@pytest.fixture
def case(services, officer):
    return open_case(services, officer)


def settle(qtbot, view: CaseView) -> None:
    """Wait until every load and write the view started has reported back."""
    qtbot.waitUntil(lambda: view._tasks.pending == 0, timeout=5000)


def open_tab(qtbot, view: CaseView, case) -> AssessmentTab:
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        view.show_case(case.child_id)
    tab = view.assessment_tab
    view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.listing is not None, timeout=5000)
    settle(qtbot, view)
    return tab


def dialog_of(kind):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    return found[0] if found else None


def press(qtbot, button, kind):
    """Press a button that opens a dialog of `kind`, and return the dialog."""
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: dialog_of(kind) is not None, timeout=3000)
    return dialog_of(kind)


def submit(qtbot, view: CaseView, dialog) -> None:
    """Press the dialog's submit button and wait for it to close and the tab to reload."""
    kind = type(dialog)
    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(lambda: dialog_of(kind) is None, timeout=5000)
    settle(qtbot, view)


def record(qtbot, view: CaseView, on: date, *, decision=None, late_reason=None,
           step=None) -> None:
    tab = view.assessment_tab
    dialog = press(qtbot, tab.record_button, RecordAssessmentStepDialog)
    if step is not None:
        dialog.step_combo.setCurrentIndex(dialog.step_combo.findData(step.value))
    dialog.date_field.set_value(on)
    if decision is not None:
        dialog.decision_combo.setCurrentIndex(dialog.decision_combo.findData(decision.value))
    if late_reason is not None:
        dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData(late_reason.value))
    submit(qtbot, view, dialog)


def status_of(tab: AssessmentTab, title: str) -> str:
    model = tab.timeline_model
    for row in range(model.rowCount()):
        if model.record(row).title.startswith(title):
            return model.index(row, list(TimelineColumn).index(TimelineColumn.STATUS)).data()
    raise AssertionError(f"{title} not on the timeline")


def cell(model, row: int, column) -> str:
    return model.index(row, list(type(column)).index(column)).data()


def test_the_tab_sits_after_reviews(qtbot, view, case) -> None:
    assert TABS.index("Assessment") == TABS.index("Reviews") + 1
    assert view.tabs.tabText(TABS.index("Assessment")) == "Assessment"
    assert view.tabs.widget(TABS.index("Assessment")) is view.assessment_tab


def test_start_an_assessment_through_the_dialog(qtbot, view, case, services) -> None:
    tab = open_tab(qtbot, view, case)
    assert tab.summary_label.text() == NONE_YET
    assert not tab.record_button.isEnabled() and not tab.exception_button.isEnabled()
    dialog = press(qtbot, tab.start_button, StartAssessmentDialog)
    assert dialog.kind() == AssessmentKind.NEW  # no plan: a first assessment
    dialog.date_field.set_value(RECEIVED)
    assert "by 12 August 2026" in dialog.preview.text()
    assert "by 18 November 2026" in dialog.preview.text()
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert "Say who asked" in dialog.error_text("requested_by")
    assert dialog.isVisible()
    dialog.requester_combo.setCurrentIndex(
        dialog.requester_combo.findData(AssessmentRequester.SCHOOL.value))
    submit(qtbot, view, dialog)

    assert tab.list_model.rowCount() == 1
    assert cell(tab.list_model, 0, AssessmentColumn.BY) == "School or college"
    assert cell(tab.list_model, 0, AssessmentColumn.STAGE) == "In progress: Request received"
    assert tab.detail.assessment.request_received_on == RECEIVED
    assert tab.record_button.text() == "Record the decision whether to assess…"
    assert not tab.start_button.isEnabled()  # one at a time
    assert status_of(tab, "Decision whether to assess") == "103 days overdue"
    assert "Overdue: decision whether to assess, due 12/08/2026 (103 days overdue)." in \
        tab.summary_label.text()
    summaries = [view.chronology_model.index(r, 2).data()
                 for r in range(view.chronology_model.rowCount())]
    assert any("requested by the school or college" in s for s in summaries)


def test_walk_with_a_late_step_then_an_exception(qtbot, view, case, services) -> None:
    services.assessments.start_assessment(case.child_id, AssessmentKind.NEW, RECEIVED,
                                          AssessmentRequester.PARENT)
    tab = open_tab(qtbot, view, case)
    record(qtbot, view, date(2026, 8, 10), decision=D.ASSESS)
    assert status_of(tab, "Decision whether to assess: Assess") == "Done"
    record(qtbot, view, date(2026, 8, 11))  # advice requested: due back 22 September

    # advice back a week late: the dialog asks why before anything is sent
    dialog = press(qtbot, tab.record_button, RecordAssessmentStepDialog)
    dialog.date_field.set_value(date(2026, 9, 29))
    assert dialog.is_late() and dialog.reason_combo.isEnabled()
    assert "7 days late" in dialog.rule_label.text()
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert "choose why" in dialog.error_text("lateness_reason")
    dialog.reason_combo.setCurrentIndex(
        dialog.reason_combo.findData(LatenessReason.HEALTH_ADVICE_AWAITED.value))
    submit(qtbot, view, dialog)
    assert status_of(tab, "Advice received") == "Late: Health advice awaited"
    assert tab.record_button.text() == "Record the outcome…"
    assert status_of(tab, "Decision not to issue a plan") == PASSED
    assert status_of(tab, "Final plan issued") == "5 days overdue"

    # an exception with no reason is refused; with one, the limits are disapplied
    dialog = press(qtbot, tab.exception_button, ExceptionDialog)
    dialog.exception_combo.setCurrentIndex(dialog.exception_combo.findData(AWAY.value))
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert "Give a reason" in dialog.error_text("reason")
    assert dialog.isVisible() and services.assessments.assessment_detail(
        tab.detail.assessment.id).assessment.exception is None
    qtbot.keyClicks(dialog.reason_box, "Family in Ghana 10 July to 30 August")
    submit(qtbot, view, dialog)
    assert tab.detail.assessment.exception == AWAY
    assert status_of(tab, "Decision not to issue a plan") == DISAPPLIED
    assert status_of(tab, "Final plan issued") == DISAPPLIED
    assert status_of(tab, "Advice received") == "Late: Health advice awaited"  # reg 8 stays
    assert "Overdue" not in tab.summary_label.text()
    assert tab._exception_note.isVisible()
    assert "Family in Ghana" in tab._exception_note.text()
    last = tab.history_model.rowCount() - 1
    assert cell(tab.history_model, last, HistoryColumn.WHAT) == \
        "Exception recorded: family away from the area"
    assert tab.pages.tabText(1) == "History (5)"
    tab.timeline_view.selectRow(6)  # the final plan
    assert "Disapplied:" in tab.rule_label.text() and "reg 13(3)" in tab.rule_label.text()

    # the final plan, issued after 20 weeks, is not late while the exception applies
    record(qtbot, view, date(2026, 10, 20), step=S.DRAFT_SENT)
    assert status_of(tab, "Family's time to comment") == "Ended"
    record(qtbot, view, date(2026, 11, 20))
    assert status_of(tab, "Final plan issued") == "Done (time limit disapplied)"
    assert tab.detail.next_steps == ()
    assert not tab.record_button.isEnabled()
    assert cell(tab.list_model, 0, AssessmentColumn.STAGE) == "Finished: Final plan issued"
    assert tab.start_button.isEnabled()


def test_remove_an_exception(qtbot, view, case, services) -> None:
    detail = services.assessments.start_assessment(case.child_id, AssessmentKind.NEW,
                                                   RECEIVED, AssessmentRequester.PARENT)
    services.assessments.record_exception(detail.assessment.id, AWAY, "Abroad")
    tab = open_tab(qtbot, view, case)
    assert status_of(tab, "Decision whether to assess") == DISAPPLIED
    dialog = press(qtbot, tab.exception_button, ExceptionDialog)
    assert dialog.exception() == AWAY  # what is recorded now
    dialog.exception_combo.setCurrentIndex(dialog.exception_combo.findData("remove"))
    assert dialog.removing() and dialog.submit_button.text() == "Remove"
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert "no longer applies" in dialog.error_text("reason")
    qtbot.keyClicks(dialog.reason_box, "They were only away 2 weeks")
    submit(qtbot, view, dialog)
    assert tab.detail.assessment.exception is None
    assert not tab._exception_note.isVisible()
    assert status_of(tab, "Decision whether to assess") == "103 days overdue"
    last = tab.history_model.rowCount() - 1
    assert cell(tab.history_model, last, HistoryColumn.DETAIL) == "They were only away 2 weeks"


def test_correct_a_date_from_the_timeline(qtbot, view, case, services) -> None:
    detail = services.assessments.start_assessment(case.child_id, AssessmentKind.NEW,
                                                   RECEIVED, AssessmentRequester.PARENT)
    services.assessments.record_step(detail.assessment.id, S.DECISION, date(2026, 8, 5),
                                     decision=D.ASSESS)
    tab = open_tab(qtbot, view, case)
    assert not tab.correct_button.isEnabled()
    tab.timeline_view.selectRow(2)  # advice requested: nothing recorded to correct
    assert not tab.correct_button.isEnabled()
    tab.timeline_view.selectRow(1)
    assert "reg 5(1)" in tab.rule_label.text()
    dialog = press(qtbot, tab.correct_button, CorrectDateDialog)
    dialog.date_field.set_value(date(2026, 8, 6))
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert "Say why" in dialog.error_text("reason")
    qtbot.keyClicks(dialog.reason_box, "Letter was dated the 6th")
    submit(qtbot, view, dialog)
    assert tab.detail.assessment.decision_on == date(2026, 8, 6)
    last = tab.history_model.rowCount() - 1
    assert cell(tab.history_model, last, HistoryColumn.WHAT) == \
        "Corrected: Decision whether to assess"
    assert cell(tab.history_model, last, HistoryColumn.DATE) == "05/08/2026 → 06/08/2026"
    assert cell(tab.history_model, last, HistoryColumn.DETAIL) == "Letter was dated the 6th"


def test_a_refused_correction_keeps_the_dialog_open(qtbot, view, case, services) -> None:
    detail = services.assessments.start_assessment(case.child_id, AssessmentKind.NEW,
                                                   RECEIVED, AssessmentRequester.PARENT)
    services.assessments.record_step(detail.assessment.id, S.DECISION, date(2026, 8, 5),
                                     decision=D.ASSESS)
    tab = open_tab(qtbot, view, case)
    tab.timeline_view.selectRow(1)
    dialog = press(qtbot, tab.correct_button, CorrectDateDialog)
    dialog.date_field.set_value(date(2026, 6, 30))  # before the request
    qtbot.keyClicks(dialog.reason_box, "typo")
    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_text("on") != "", timeout=5000)
    assert "before an earlier step recorded on 1 July 2026" in dialog.error_text("on")
    assert dialog.isVisible()
    dialog.reject()
    assert services.assessments.assessment_detail(
        detail.assessment.id).assessment.decision_on == date(2026, 8, 5)


def test_a_case_with_a_plan_is_reassessed(qtbot, view, services, officer) -> None:
    planned = open_case(services, officer, issued=date(2024, 3, 1))
    tab = open_tab(qtbot, view, planned)
    dialog = press(qtbot, tab.start_button, StartAssessmentDialog)
    assert dialog.kind() == AssessmentKind.REASSESSMENT
    dialog.date_field.set_value(date(2026, 11, 16))
    assert "by 1 December 2026" in dialog.preview.text()
    dialog.requester_combo.setCurrentIndex(
        dialog.requester_combo.findData(AssessmentRequester.PARENT.value))
    submit(qtbot, view, dialog)
    assert cell(tab.list_model, 0, AssessmentColumn.KIND) == "Reassessment"
    assert tab.record_button.text() == "Record the decision whether to reassess…"
    assert status_of(tab, "Decision whether to reassess") == "Due in 8 days"
    record(qtbot, view, date(2026, 11, 20), decision=D.ASSESS)
    assert status_of(tab, "Decision whether to reassess: Reassess") == "Done"
    final = [tab.timeline_model.record(r) for r in range(tab.timeline_model.rowCount())][-1]
    assert final.deadline.due == date(2027, 2, 26)  # 14 weeks from the decision (reg 27)


def test_newest_first_and_an_older_one_can_be_opened(qtbot, view, case, services) -> None:
    first = services.assessments.start_assessment(case.child_id, AssessmentKind.NEW,
                                                  date(2026, 3, 2), AssessmentRequester.PARENT)
    services.assessments.record_step(first.assessment.id, S.DECISION, date(2026, 4, 1),
                                     decision=D.NOT_ASSESS)
    second = services.assessments.start_assessment(case.child_id, AssessmentKind.NEW,
                                                   RECEIVED, AssessmentRequester.YOUNG_PERSON)
    tab = open_tab(qtbot, view, case)
    assert tab.detail.assessment.id == second.assessment.id
    assert cell(tab.list_model, 1, AssessmentColumn.STAGE) == "Finished: Not assessed"
    tab.list_view.selectRow(1)
    qtbot.waitUntil(lambda: tab.detail.assessment.id == first.assessment.id, timeout=5000)
    assert tab.timeline_model.rowCount() == 2
    assert not tab.record_button.isEnabled()
    assert "Outcome: Not assessed" in tab.summary_label.text()


def test_a_closed_case_offers_no_moves(qtbot, view, case, services) -> None:
    services.assessments.start_assessment(case.child_id, AssessmentKind.NEW, RECEIVED,
                                          AssessmentRequester.PARENT)
    services.cases.close_case(case.child_id, CloseReason.NEEDS_MET, date(2026, 11, 20), "")
    tab = open_tab(qtbot, view, case)
    assert "The case is closed" in tab.summary_label.text()
    for button in (tab.start_button, tab.record_button, tab.exception_button,
                   tab.correct_button):
        assert not button.isEnabled()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, view, case, services) -> None:
    detail = services.assessments.start_assessment(case.child_id, AssessmentKind.NEW,
                                                   RECEIVED, AssessmentRequester.PARENT)
    services.assessments.record_exception(detail.assessment.id, AWAY, "Abroad")
    tab = open_tab(qtbot, view, case)
    for model in (tab.list_model, tab.timeline_model, tab.history_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
