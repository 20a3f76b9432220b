"""The Plan tab driven as an officer would, on a real database: start a draft, type, see the
checks and the golden thread, undo, issue, propose amendments and read the redline."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMessageBox, QPushButton

from caseworker_app.codes import Need, PlanSection, PlanVersionKind, Sex
from caseworker_app.entities import NewCase
from caseworker_app.entities_plan import NeedItem, ProvisionItem, SectionText
from caseworker_app.services.plans import PlanService
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.plan_autosave import PlanAutosave
from caseworker_app.ui.models.plan_models import (
    GoldenThreadModel,
    NeedLinkModel,
    SectionListModel,
    ThreadGap,
)
from caseworker_app.ui.screens.case_view import CaseView
from caseworker_app.ui.screens.plan_tab import PlanTab
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.plan_fields import PlanTextEdit
from caseworker_app.ui.widgets.plan_issue import IssueFinalDialog

S = PlanSection
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def tasks():
    runner = TaskRunner()
    yield runner
    runner.wait()  # no job may still be using the database when the fixture disposes it


@pytest.fixture
def view(qtbot, services, clock, tasks):
    widget = CaseView(services, tasks, AppEvents(), clock.today)
    widget.resize(1100, 800)
    widget.show()
    yield widget
    for dialog in QApplication.topLevelWidgets():
        if isinstance(dialog, IssueFinalDialog):
            dialog.close()
    # Every save and check reports back before the widgets, then the database, go (closed
    # here rather than by qtbot, which would delete them before this could wait).
    widget.plan_tab.flush()
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    widget.close()
    widget.deleteLater()


def new_case(services, officer, born=date(2016, 2, 3)):
    return services.cases.open_case(NewCase(
        legal_forename="Zoë", legal_surname="Łukasz", date_of_birth=born, sex=Sex.FEMALE,
        primary_need=Need.SLCN, officer_id=officer.id))


def final_plan(services, officer) -> tuple:
    """A case with an issued plan: A written, one need met by one provision row."""
    case = new_case(services, officer)
    plans = services.plans
    doc = plans.start_draft(case.child_id)
    v = doc.version_id
    plans.save_section(v, replace(doc.section(S.A), body="Zoë loves horses and singing.",
                                  detail="Met at home."))
    need = plans.save_need(v, NeedItem(None, S.B, "Understanding spoken words"))
    plans.save_provision(v, ProvisionItem(
        None, S.F, "Speech and language therapy", who="Speech and language therapist",
        how_often="Once a week", how_long="30 minutes, for the school year",
        group_size="1:1", expertise="HCPC registered", need_ids=(need.id,)))
    plans.save_section(v, replace(plans.document(v).section(S.I), body="Riverside Primary",
                                  detail="Mainstream primary"))
    plans.issue_final(v, date(2026, 9, 1))
    return case, v


def open_plan(qtbot, view: CaseView, case) -> PlanTab:
    with qtbot.waitSignal(view.case_loaded, timeout=5000):
        view.show_case(case.child_id)
    view.tabs.setCurrentWidget(view.plan_tab)
    tab = view.plan_tab
    qtbot.waitUntil(lambda: tab.working is not None or tab.bar.button("start_empty")
                    .isVisible(), timeout=5000)
    return tab


def start_draft(qtbot, view: CaseView, case) -> PlanTab:
    tab = open_plan(qtbot, view, case)
    qtbot.mouseClick(tab.bar.button("start_empty"), LEFT)
    qtbot.waitUntil(lambda: tab.working is not None, timeout=5000)
    return tab


def field(tab: PlanTab, key, name: str):
    bound = tab.editor.binding(key, name)
    assert bound is not None, f"{key} {name} is not on screen"
    return bound.widget


def type_into(qtbot, widget: PlanTextEdit, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def wait_saved(qtbot, tab: PlanTab) -> None:
    qtbot.waitUntil(lambda: not tab.saver.has_unsaved()
                    and tab.bar.status_label.text().startswith("Saved"), timeout=5000)


def add_item(qtbot, tab: PlanTab, section: PlanSection) -> uuid.UUID:
    tab.editor.show_section(section)
    before = set(tab.working.keys_in(section))
    add = tab.editor.page.findChild(QPushButton, f"add{section.value}")
    qtbot.mouseClick(add, LEFT)
    (key,) = set(tab.working.keys_in(section)) - before
    return key


def reread(services, version_id):
    """The version as a new service reads it from the file."""
    return PlanService(services.database, None).document(version_id)


def test_a_draft_is_started_and_what_is_typed_is_saved_without_pressing_anything(
        qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = open_plan(qtbot, view, case)
    assert "No EHC plan" in tab.bar._message.text()
    tab = start_draft(qtbot, view, case)
    assert tab.working.doc.kind == PlanVersionKind.DRAFT
    assert tab.bar.combo.currentText() == "Version 1: Draft plan"
    assert tab.bar.button("issue").isVisible() and tab.bar.button("discard").isVisible()
    assert tab.editor.current_section() == S.A
    guidance = tab.editor.page.findChild(QFrame, "planGuidance")
    assert "Must contain:" in " ".join(label.text() for label in guidance.findChildren(QLabel))
    views = field(tab, S.A, "body")
    type_into(qtbot, views, "Zoe wants to be a vet.")
    assert tab.has_unsaved_changes()
    assert "Zoe wants to be a vet." in services.typing.path.read_text(encoding="utf-8")
    wait_saved(qtbot, tab)
    assert reread(services, tab.working.version_id).section(S.A).body == \
        "Zoe wants to be a vet."
    assert not services.typing.path.exists()  # saved: nothing left to recover

    # typing on: saved again, at the row version the first save returned
    type_into(qtbot, views, " She likes dogs.")
    wait_saved(qtbot, tab)
    assert reread(services, tab.working.version_id).section(S.A).body == \
        "Zoe wants to be a vet. She likes dogs."


def test_leaving_the_case_saves_what_was_typed_first(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    type_into(qtbot, field(tab, S.A, "detail"), "Asked at school")
    assert tab.saver.has_unsaved()
    assert not view.has_unsaved_changes()  # the save was sent and waited for
    assert reread(services, tab.working.version_id).section(S.A).detail == "Asked at school"


def test_vague_wording_in_provision_is_flagged_under_the_field(
        qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    key = add_item(qtbot, tab, S.F)
    what = field(tab, key, "what")
    type_into(qtbot, what, "Access to regular support")
    findings = tab.editor.binding(key, "what").findings
    qtbot.waitUntil(lambda: findings.isVisible(), timeout=3000)
    assert "“Access to” does not say what the child will get" in findings.text()
    assert "SEND Tribunal" in findings.text()  # the source, beside the reason
    assert "“regular”" in findings.text()
    assert what._highlighter._spans[0][:2] == (0, 9)  # "Access to" underlined
    wait_saved(qtbot, tab)
    # a finer kind of finding is softer: advisory wording is not shown as a failing
    type_into(qtbot, field(tab, key, "how_often"), "up to 3 times a week")
    often = tab.editor.binding(key, "how_often").findings
    qtbot.waitUntil(lambda: "“up to”" in often.text() and "⚠" not in often.text(),
                    timeout=3000)  # the whole-plan check catches up: how often is given now
    assert "ℹ" in often.text()


def test_golden_thread_follows_needs_and_provision(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    need = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, need, "text"), "Understanding spoken words")
    wait_saved(qtbot, tab)
    gaps = tab.editor.thread_model
    qtbot.waitUntil(lambda: any("has no provision" in gaps.gap(r).text
                                for r in range(gaps.rowCount())), timeout=3000)

    row = add_item(qtbot, tab, S.F)
    type_into(qtbot, field(tab, row, "what"), "Speech and language therapy")
    wait_saved(qtbot, tab)
    qtbot.waitUntil(lambda: any("meets no need" in gaps.gap(r).text
                                for r in range(gaps.rowCount())), timeout=3000)
    links = field(tab, row, "need_ids").model()
    assert links.rowCount() == 1 and "Understanding spoken words" in links.index(0, 0).data()
    links.setData(links.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: [gaps.gap(r).text for r in range(gaps.rowCount())] == [
        "B1 “Understanding spoken words” has no outcome"], timeout=3000)
    wait_saved(qtbot, tab)
    saved = reread(services, tab.working.version_id)
    assert saved.provisions[0].need_ids == (saved.needs[0].id,)

    # a gap leads to its item
    tab.editor.show_section(S.K)
    tab.editor.thread_view.activated.emit(gaps.index(0, 0))
    assert tab.editor.current_section() == S.B
    assert tab.editor.sections_model.index(1, 0).data(Qt.ItemDataRole.UserRole + 1) >= 1


def test_section_i_is_shut_in_a_draft(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    tab.editor.show_section(S.I)
    assert not field(tab, S.I, "body").isEnabled()
    assert not field(tab, S.I, "detail").isEnabled()
    assert "A draft must not name a setting (CFA 2014 s.38(2)(b))" in \
        tab.editor.page.findChild(type(tab.bar.note_label), "draftSetting").text()


def test_issue_as_final_then_the_plan_is_read_only(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    type_into(qtbot, field(tab, S.A, "body"), "Zoe wants to be a vet.")
    qtbot.mouseClick(tab.bar.button("issue"), LEFT)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, IssueFinalDialog) and w.isVisible())
    dialog.date_field.set_value(date(2026, 12, 1))  # in the future: refused, shown inline
    dialog.setting_field.setText("Riverside Primary")
    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(lambda: dialog.error_text("issued_on") != "", timeout=5000)
    assert "future" in dialog.error_text("issued_on")
    assert reread(services, tab.working.version_id).section(S.I).body == ""  # put back
    dialog.date_field.set_value(date(2026, 11, 20))
    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(lambda: tab.working is not None
                    and tab.working.doc.kind == PlanVersionKind.FINAL, timeout=5000)
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, IssueFinalDialog) and w.isVisible()]
    doc = tab.working.doc
    assert doc.section(S.A).body == "Zoe wants to be a vet."  # the typing went in first
    assert doc.section(S.I).body == "Riverside Primary"
    assert "read only" in tab.bar.note_label.text()
    assert tab.bar.combo.currentText() == "Version 1: Final plan, issued 20/11/2026"
    assert not tab.bar.button("issue").isVisible()
    assert tab.bar.button("propose").isVisible()
    for section in S:
        tab.editor.show_section(section)
        boxes = tab.editor.page.findChildren(PlanTextEdit)
        assert all(b.isReadOnly() or not b.isEnabled() for b in boxes)
        assert not [b for b in tab.editor.page.findChildren(QPushButton) if b.isVisible()]
    tab.editor.show_section(S.A)
    type_into(qtbot, field(tab, S.A, "body"), "X")
    assert field(tab, S.A, "body").text() == "Zoe wants to be a vet."
    assert not tab.saver.has_unsaved()


def test_amendments_show_the_changed_words_against_the_final_plan(
        qtbot, view, services, officer) -> None:
    case, _final = final_plan(services, officer)
    tab = open_plan(qtbot, view, case)
    assert tab.working.doc.kind == PlanVersionKind.FINAL
    qtbot.mouseClick(tab.bar.button("propose"), LEFT)
    qtbot.waitUntil(lambda: tab.working is not None
                    and tab.working.doc.kind == PlanVersionKind.PROPOSED_AMENDMENTS,
                    timeout=5000)
    body = field(tab, S.A, "body")
    assert body.text() == "Zoë loves horses and singing."
    cursor = body.textCursor()
    cursor.setPosition(len("Zoë loves "))
    cursor.setPosition(len("Zoë loves horses"), cursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    body.setFocus()
    qtbot.keyClicks(body, "ponies")
    wait_saved(qtbot, tab)
    toggle = tab.bar.button("redline")
    assert toggle.isVisible()
    qtbot.mouseClick(toggle, LEFT)
    html = tab.bar.redline_view
    qtbot.waitUntil(lambda: "ponies" in html.toHtml(), timeout=5000)
    text = html.toHtml()
    assert "line-through" in text and "horses" in text
    assert "underline" in text
    assert "B: Special educational needs: unchanged" in html.toPlainText()
    assert "A: Views, interests and aspirations" in html.toPlainText()


def test_undo_puts_the_old_value_back_in_the_database(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    body = field(tab, S.A, "body")
    type_into(qtbot, body, "First words.")
    wait_saved(qtbot, tab)
    tab.edits.commit()  # the typing pause, without waiting a second for it
    type_into(qtbot, body, " More.")
    wait_saved(qtbot, tab)
    qtbot.keyClick(body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert body.text() == "First words."
    wait_saved(qtbot, tab)
    version = tab.working.version_id
    assert reread(services, version).section(S.A).body == "First words."
    qtbot.mouseClick(tab.bar.button("redo"), LEFT)
    wait_saved(qtbot, tab)
    assert reread(services, version).section(S.A).body == "First words. More."

    # an item removed comes back, in its place
    first = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, first, "text"), "Reading")
    second = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, second, "text"), "Writing")
    wait_saved(qtbot, tab)
    qtbot.mouseClick(tab.editor.page.cards[first].remove, LEFT)
    wait_saved(qtbot, tab)
    assert [n.text for n in reread(services, version).needs] == ["Writing"]
    qtbot.mouseClick(tab.bar.button("undo"), LEFT)
    wait_saved(qtbot, tab)
    assert [n.text for n in reread(services, version).needs] == ["Reading", "Writing"]


def test_items_move_and_the_next_save_goes_through(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    first = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, first, "text"), "Reading")
    second = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, second, "text"), "Writing")
    wait_saved(qtbot, tab)
    qtbot.mouseClick(tab.editor.page.cards[second].up, LEFT)
    wait_saved(qtbot, tab)
    version = tab.working.version_id
    assert [n.text for n in reread(services, version).needs] == ["Writing", "Reading"]
    type_into(qtbot, field(tab, second, "text"), " and spelling")  # its row version moved on
    wait_saved(qtbot, tab)
    assert [n.text for n in reread(services, version).needs] == ["Writing and spelling",
                                                                 "Reading"]
    assert "Not saved" not in tab.bar.status_label.text()


def test_a_refused_save_keeps_the_text_and_says_why(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    row = add_item(qtbot, tab, S.F)
    type_into(qtbot, field(tab, row, "who"), "Teaching assistant")  # no "what" yet
    findings = tab.editor.binding(row, "what").findings
    qtbot.waitUntil(lambda: "Say what the provision is" in findings.text(), timeout=5000)
    assert "Not saved" in tab.bar.status_label.text()
    assert tab.has_unsaved_changes()
    type_into(qtbot, field(tab, row, "what"), "Phonics")
    wait_saved(qtbot, tab)
    assert reread(services, tab.working.version_id).provisions[0].who == "Teaching assistant"
    assert "Not saved" not in findings.text()


def test_the_tab_fits_the_case_pane_of_a_small_laptop(qtbot, view, services, officer) -> None:
    case, _final = final_plan(services, officer)
    view.resize(560, 700)
    tab = open_plan(qtbot, view, case)
    qtbot.mouseClick(tab.bar.button("propose"), LEFT)
    qtbot.waitUntil(lambda: tab.working is not None and tab.working.editable, timeout=5000)
    tab.editor.show_section(S.F)
    qtbot.waitUntil(lambda: tab.editor.sections_model.index(0, 0).data() == "A")  # letters
    page = tab.editor.page
    assert page.width() >= 380  # room to write
    assert tab.width() <= 560
    for name in ("issue", "discard", "redline", "undo", "redo"):
        button = tab.bar.button(name)
        assert button.isVisible() and button.width() >= button.minimumSizeHint().width()
    card = next(iter(page.cards.values()))
    assert field(tab, next(iter(page.cards)), "what").width() >= 240
    assert card.remove.isVisible()


def test_saves_of_one_record_never_overlap(qtbot, services, officer, tasks) -> None:
    """A second save of the same record waits for the first, then goes at its row version."""
    release = threading.Event()
    calls: list[SectionText] = []

    class SlowPlans:
        def save(self, version_id, text):
            calls.append(text)
            release.wait(5)
            return replace(text, id=text.id or uuid.uuid4(), row_version=text.row_version + 1)

    saver = PlanAutosave(SlowPlans(), tasks)
    version = uuid.uuid4()
    start = SectionText(uuid.uuid4(), S.A, "one", row_version=3)
    saver.save_now(version, S.A, start)
    qtbot.waitUntil(lambda: len(calls) == 1)
    saver.save_now(version, S.A, replace(start, body="one two"))
    saver.save_now(version, S.A, replace(start, body="one two three"))
    assert len(calls) == 1 and saver.has_unsaved()
    release.set()
    qtbot.waitUntil(lambda: saver.is_settled() and not saver.has_unsaved(), timeout=5000)
    assert [(c.body, c.row_version) for c in calls] == [("one", 3), ("one two three", 4)]


def test_models_pass_the_qt_model_tester(qtmodeltester) -> None:
    sections = SectionListModel()
    sections.set_counts({S.B: 2, S.F: 5})
    qtmodeltester.check(sections)
    sections.set_compact(True)
    qtmodeltester.check(sections)
    gaps = GoldenThreadModel()
    qtmodeltester.check(gaps)
    gaps.set_gaps([ThreadGap("B1 has no provision", "why", S.B, uuid.uuid4())])
    qtmodeltester.check(gaps)
    need = uuid.uuid4()
    links = NeedLinkModel([("B1", "Reading", need), ("B2", "Being typed", None)], [need])
    qtmodeltester.check(links)
    assert links.linked() == (need,)
    assert not links.flags(links.index(1, 0)) & Qt.ItemFlag.ItemIsUserCheckable


def test_a_need_removed_takes_its_links_and_undo_brings_both_back(
        qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    need = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, need, "text"), "Understanding spoken words")
    wait_saved(qtbot, tab)
    row = add_item(qtbot, tab, S.F)
    type_into(qtbot, field(tab, row, "what"), "Speech therapy")
    links = field(tab, row, "need_ids").model()
    links.setData(links.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    wait_saved(qtbot, tab)
    version = tab.working.version_id

    tab.editor.show_section(S.B)
    qtbot.mouseClick(tab.editor.page.cards[need].remove, LEFT)
    wait_saved(qtbot, tab)
    assert reread(services, version).provisions[0].need_ids == ()
    # the removal moved the provision's row version on; its next save still goes through
    tab.editor.show_section(S.F)
    type_into(qtbot, field(tab, row, "what"), " weekly")
    wait_saved(qtbot, tab)
    assert reread(services, version).provisions[0].what == "Speech therapy weekly"

    tab.edits.commit()
    qtbot.mouseClick(tab.bar.button("undo"), LEFT)  # the typing
    qtbot.mouseClick(tab.bar.button("undo"), LEFT)  # the removal
    qtbot.waitUntil(lambda: len(reread(services, version).needs) == 1, timeout=5000)
    wait_saved(qtbot, tab)
    saved = reread(services, version)
    assert saved.needs[0].text == "Understanding spoken words"
    assert saved.provisions[0].need_ids == (saved.needs[0].id,)
    assert saved.provisions[0].what == "Speech therapy"


def test_discarding_a_draft_asks_first_and_leaves_no_plan(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    type_into(qtbot, field(tab, S.A, "body"), "Words")
    qtbot.mouseClick(tab.bar.button("discard"), LEFT)
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.isVisible())
    assert "cannot be undone" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)
    qtbot.waitUntil(lambda: tab.bar.button("start_empty").isVisible(), timeout=5000)
    assert services.plans.versions(case.child_id) == []
    assert not tab.has_unsaved_changes()


def test_a_change_made_elsewhere_is_not_overwritten(qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    version = tab.working.version_id
    elsewhere = PlanService(services.database, officer.id)
    elsewhere.save_section(version, replace(elsewhere.document(version).section(S.A),
                                            body="Typed on another laptop"))
    body = field(tab, S.A, "body")
    type_into(qtbot, body, "Mine")
    status = tab.bar.status_label
    qtbot.waitUntil(lambda: "someone else changed" in status.text(), timeout=5000)
    assert body.text() == "Mine"  # kept on screen to copy
    assert reread(services, version).section(S.A).body == "Typed on another laptop"
    reload = tab.bar.button("reload")
    assert reload.isVisible()
    qtbot.mouseClick(reload, LEFT)
    qtbot.waitUntil(lambda: field(tab, S.A, "body").text() == "Typed on another laptop",
                    timeout=5000)
    assert not reload.isVisible() and not tab.has_unsaved_changes()


def test_undo_and_redo_walk_back_through_the_whole_editor(
        qtbot, view, services, officer) -> None:
    """Typing in two sections, a tick, a link, an item added and a move: each undone in turn
    (the editor turning to the section it happened in), then all redone, and the database
    following every step."""
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    version = tab.working.version_id
    type_into(qtbot, field(tab, S.A, "body"), "Zoe likes horses.")
    tab.edits.commit()
    need = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, need, "text"), "Reading")
    tab.edits.commit()
    wait_saved(qtbot, tab)  # a need can be linked once it is saved
    tab.editor.show_section(S.D)
    field(tab, S.D, "none_identified").click()  # a tick is one change, saved at once
    row = add_item(qtbot, tab, S.F)
    type_into(qtbot, field(tab, row, "what"), "Daily reading")
    tab.edits.commit()
    links = field(tab, row, "need_ids").model()
    links.setData(links.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    other = add_item(qtbot, tab, S.F)
    type_into(qtbot, field(tab, other, "what"), "Phonics group")
    tab.edits.commit()
    qtbot.mouseClick(tab.editor.page.cards[other].up, LEFT)
    wait_saved(qtbot, tab)

    def saved():
        doc = reread(services, version)
        return (doc.section(S.A).body, [n.text for n in doc.needs],
                doc.section(S.D).none_identified, [p.what for p in doc.provisions],
                [len(p.need_ids) for p in doc.provisions])

    everything = ("Zoe likes horses.", ["Reading"], True, ["Phonics group", "Daily reading"],
                  [0, 1])
    assert saved() == everything
    steps = [  # what the database holds after each undo, and where the editor turns
        (S.F, ("Zoe likes horses.", ["Reading"], True, ["Daily reading", "Phonics group"],
               [1, 0])),
        (S.F, ("Zoe likes horses.", ["Reading"], True, ["Daily reading", ""], [1, 0])),
        (S.F, ("Zoe likes horses.", ["Reading"], True, ["Daily reading"], [1])),
        (S.F, ("Zoe likes horses.", ["Reading"], True, ["Daily reading"], [0])),
        (S.F, ("Zoe likes horses.", ["Reading"], True, [""], [0])),
        (S.F, ("Zoe likes horses.", ["Reading"], True, [], [])),
        (S.D, ("Zoe likes horses.", ["Reading"], False, [], [])),
    ]
    for section, expected in steps:
        tab.editor.show_section(S.K)
        qtbot.mouseClick(tab.bar.button("undo"), LEFT)
        wait_saved(qtbot, tab)
        assert tab.editor.current_section() == section
        assert saved() == _blank_to_missing(expected)
    qtbot.mouseClick(tab.bar.button("undo"), LEFT)  # the need's text
    qtbot.mouseClick(tab.bar.button("undo"), LEFT)  # the need
    qtbot.mouseClick(tab.bar.button("undo"), LEFT)  # section A
    wait_saved(qtbot, tab)
    assert tab.editor.current_section() == S.A
    assert saved() == ("", [], False, [], [])
    assert not tab.undo_stack.canUndo()

    while tab.undo_stack.canRedo():
        qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
    wait_saved(qtbot, tab)
    assert saved() == everything
    assert [tab.working.value(k, "what") for k in tab.working.keys_in(S.F)] == \
        ["Phonics group", "Daily reading"]


def _blank_to_missing(expected):
    """An item emptied by undo is not kept in the database as a blank row."""
    a, needs, none, provision, links = expected
    kept = [(p, n) for p, n in zip(provision, links, strict=True) if p]
    return (a, needs, none, [p for p, _ in kept], [n for _, n in kept])


def test_a_need_emptied_leaves_the_plan_and_comes_back_linked_when_retyped(
        qtbot, view, services, officer) -> None:
    case = new_case(services, officer)
    tab = start_draft(qtbot, view, case)
    version = tab.working.version_id
    need = add_item(qtbot, tab, S.B)
    type_into(qtbot, field(tab, need, "text"), "Reading")
    wait_saved(qtbot, tab)
    row = add_item(qtbot, tab, S.F)
    type_into(qtbot, field(tab, row, "what"), "Daily reading")
    links = field(tab, row, "need_ids").model()
    links.setData(links.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    wait_saved(qtbot, tab)

    tab.editor.show_section(S.B)
    box = field(tab, need, "text")
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    wait_saved(qtbot, tab)  # no "Describe the need" complaint: a blank card is no need
    assert "Not saved" not in tab.bar.status_label.text()
    saved = reread(services, version)
    assert saved.needs == () and saved.provisions[0].need_ids == ()

    type_into(qtbot, box, "Reading and spelling")
    wait_saved(qtbot, tab)
    qtbot.waitUntil(lambda: reread(services, version).provisions[0].need_ids != (),
                    timeout=5000)
    saved = reread(services, version)
    assert [n.text for n in saved.needs] == ["Reading and spelling"]
    assert saved.provisions[0].need_ids == (saved.needs[0].id,)
