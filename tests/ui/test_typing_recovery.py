"""Never lose typing: the app is killed mid-sentence, and the text is there on reopening."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from caseworker_app.app import recover_typing
from caseworker_app.codes import Need, PlanSection, Sex
from caseworker_app.entities import NewCase
from caseworker_app.services import Services
from caseworker_app.services.plans import PlanService
from caseworker_app.ui.main_window import MainWindow

PROGRAM = Path(__file__).parent / "programs" / "type_then_die.py"
ROOT = Path(__file__).parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_typing_survives_a_kill_mid_sentence(qtbot, services, officer, db_path, clock,
                                             tmp_path) -> None:
    case = services.cases.open_case(NewCase(
        legal_forename="Zoë", legal_surname="Ó Súilleabháin", date_of_birth=date(2015, 3, 4),
        sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer.id))
    doc = services.plans.start_draft(case.child_id)
    services.plans.save_section(doc.version_id,
                                replace(doc.section(PlanSection.A), body="Zoë loves horses."))

    typed = " She would like to work with anim"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(PROGRAM), str(db_path), str(case.child_id),
                          typed], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert "typed" in run.stdout

    # The autosave never had its pause: the database alone does not hold the words...
    fresh = PlanService(services.database, None)
    assert fresh.document(doc.version_id).section(PlanSection.A).body == "Zoë loves horses."

    # ...but reopening the database puts them back, says so, and shows them in the plan.
    reopened = Services.build(services.database, None)
    reopened.act_as(officer.id)
    window = MainWindow(reopened, QSettings(str(tmp_path / "layout.ini"),
                                            QSettings.Format.IniFormat),
                        clock=clock, recovery=recover_typing(reopened))
    qtbot.addWidget(window)
    window.show()
    window.start()
    box = window.findChild(QMessageBox, "recovery_message")
    assert box is not None and box.isVisible()
    assert "Zoë Ó Súilleabháin, draft plan: section A" in box.text()
    box.accept()

    with qtbot.waitSignal(window.case_view.case_loaded, timeout=10_000):
        window.open_case(case.child_id)
    tab = window.case_view.plan_tab
    window.case_view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.working is not None, timeout=10_000)
    body = tab.editor.binding(PlanSection.A, "body").widget
    assert body.toPlainText() == "Zoë loves horses. She would like to work with anim"
    assert not reopened.typing.path.exists()
    window.case_view.plan_tab.flush()
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=5000)
