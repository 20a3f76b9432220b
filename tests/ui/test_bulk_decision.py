"""Bulk "maintain" decisions through the dialog, on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from caseworker_app.codes import LatenessReason, Need, ReviewDecision, ReviewStage, Sex
from caseworker_app.entities import NewCase
from caseworker_app.ui.dialogs.bulk_decision import BulkDecisionDialog
from caseworker_app.ui.tasks import TaskRunner

S = ReviewStage


@pytest.fixture
def open_dialog(qtbot, services, clock):
    """Opens the dialog once the test's cases exist; closed before the database goes."""
    tasks = TaskRunner()
    opened = []

    def make() -> BulkDecisionDialog:
        dialog = BulkDecisionDialog(services, tasks, clock.today)
        dialog.show()
        opened.append(dialog)
        return dialog

    yield make
    tasks.wait()
    for dialog in opened:
        dialog.close()
        dialog.deleteLater()


def ready_case(services, officer, surname: str, held: date, issued=date(2025, 12, 1)):
    """A case whose review has its meeting held and report received."""
    case = services.cases.open_case(NewCase(
        legal_forename="Sam", legal_surname=surname, date_of_birth=date(2014, 5, 6),
        sex=Sex.MALE, primary_need=Need.MLD, officer_id=officer.id, plan_issued_on=issued))
    review = services.reviews.open_review(case.child_id).review
    late = {"lateness_reason": LatenessReason.OTHER, "note": "test"}
    for step, on in ((S.MEETING_SCHEDULED, held), (S.INVITATIONS_SENT, date(2026, 9, 1)),
                     (S.ADVICE_RECEIVED, date(2026, 9, 2)), (S.MEETING_HELD, held),
                     (S.REPORT_RECEIVED, held)):
        services.reviews.record_step(review.id, step, on, **late)
    return case


def test_tick_and_record_maintain_for_several(qtbot, services, officer, open_dialog) -> None:
    on_time = ready_case(services, officer, "Able", date(2026, 11, 10))
    late = ready_case(services, officer, "Baker", date(2026, 10, 1))  # 4 weeks ran out 29 Oct
    dialog = open_dialog()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    assert not dialog.submit_button.isEnabled()
    assert dialog.model.index(0, 0).data() == "Baker, Sam"  # oldest meeting first
    dialog.model.tick_all(True)
    assert dialog.submit_button.text() == "Record 2 decisions"
    assert dialog.late_count() == 1 and dialog.reason_combo.isEnabled()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert "late: choose why" in dialog.error_text("lateness_reason")
    dialog.reason_combo.setCurrentIndex(
        dialog.reason_combo.findData(LatenessReason.SCHOOL_REPORT_LATE.value))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    for case in (on_time, late):
        detail = services.reviews.open_review(case.child_id)
        assert detail.review.decision == ReviewDecision.MAINTAIN
        assert detail.review.decision_on == date(2026, 11, 23)
    late_event = services.reviews.open_review(late.child_id).events[-1]
    assert late_event.lateness_reason == LatenessReason.SCHOOL_REPORT_LATE
    assert services.reviews.open_review(on_time.child_id).events[-1].lateness_reason is None


def test_untick_one_with_the_check_box(qtbot, qtmodeltester, services, officer,
                                       open_dialog) -> None:
    ready_case(services, officer, "Able", date(2026, 11, 10))
    ready_case(services, officer, "Cole", date(2026, 11, 12))
    dialog = open_dialog()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    qtmodeltester.check(dialog.model)
    dialog.model.setData(dialog.model.index(1, 0), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert [r.name for r in dialog.model.ticked()] == ["Cole, Sam"]
    assert dialog.submit_button.text() == "Record 1 decision"
