"""A case's Plan tab: the plan's versions, the editor of the one chosen, and the redline.

The version bar picks a version and starts, issues or discards one. An editable version
opens in the editor; every change is saved in the background within two seconds (see
`plan_autosave`), checked as it is typed (`plan_checks`), and can be undone. A final plan
is shown read-only. For proposed amendments, "Changes since the final plan" shows the
redline against the latest final plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from caseworker_app import plan_diff
from caseworker_app.codes import PlanSection, PlanVersionKind
from caseworker_app.entities_plan import PlanDocument, PlanVersionSummary, SectionText
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.messages import confirm, open_dialog, report
from caseworker_app.ui.models.case_detail_models import format_date
from caseworker_app.ui.models.plan_autosave import PlanAutosave
from caseworker_app.ui.models.plan_working import WorkingPlan
from caseworker_app.ui.screens.plan_bar import PlanBar
from caseworker_app.ui.screens.plan_editor import PlanEditor
from caseworker_app.ui.screens.plan_edits import PlanEdits
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.plan_issue import IssueFinalDialog, issue_with_setting
from caseworker_app.ui.widgets.plan_redline import redline_html

LEAVE_WAIT_MS = 4000  # the longest a case switch waits for the last saves


class PlanTab(QWidget):
    """The EHC plan of one case: its versions, and the chosen one in the editor."""

    plan_changed = Signal()  # a version was started, issued or discarded

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._today = services, tasks, today
        self._plans = services.plans
        self._child_id: uuid.UUID | None = None
        self._case_name = ""
        self._year_group = 0
        self._versions: tuple[PlanVersionSummary, ...] = ()
        self._working: WorkingPlan | None = None
        self._select: uuid.UUID | None = None  # the version to show once listed
        self._serial = 0
        self.saver = PlanAutosave(self._plans, tasks, services.typing, self)
        self.undo_stack = QUndoStack(self)
        self.editor = PlanEditor()
        self.edits = PlanEdits(self.editor, self.saver, self.undo_stack, self)
        self.bar = PlanBar(self.editor, self.undo_stack)
        self._connect()
        self._actions()

    # ----- public ----------------------------------------------------------------------
    @property
    def document(self) -> PlanDocument | None:
        """The version shown as last loaded (without typing since)."""
        return self._working.doc if self._working else None

    @property
    def working(self) -> WorkingPlan | None:
        """The version shown, with everything typed."""
        return self._working

    @property
    def versions(self) -> tuple[PlanVersionSummary, ...]:
        """The plan's versions as last listed."""
        return self._versions

    def set_case(self, child_id: uuid.UUID, case_name: str, year_group: int) -> None:
        """Show this case's plan. The same case again (reloaded for another reason) keeps
        the version on screen as it is: the plan reloads itself when it changes."""
        same = child_id == self._child_id
        if not same:
            self.edits.commit()
            self.saver.flush()  # what was typed in the last case is still saved
            self._working, self._select, self._versions = None, None, ()
            self.edits.set_working(None, year_group)
            self.bar.show_loading()
        regrouped = year_group != self._year_group
        self._child_id, self._case_name, self._year_group = child_id, case_name, year_group
        if not same:
            self.reload()
        elif regrouped:
            self.edits.set_year_group(year_group)

    def reload(self) -> None:
        """List the versions again, then load the chosen one."""
        if self._child_id is None:
            return
        self._serial += 1
        self._tasks.run(partial(self._plans.versions, self._child_id),
                        on_done=partial(self._listed, self._serial, self._child_id),
                        on_error=self._report)

    def has_unsaved_changes(self) -> bool:
        """Whether anything typed is not yet saved (saves waiting, on their way or refused)."""
        return self.saver.has_unsaved()

    def flush(self, timeout_ms: int = LEAVE_WAIT_MS) -> bool:
        """Save everything typed now and wait for it; True when nothing is left unsaved."""
        self.edits.commit()
        return self.saver.wait_until_settled(timeout_ms)

    # ----- loading ---------------------------------------------------------------------
    def _listed(self, serial: int, child_id: uuid.UUID,
                versions: list[PlanVersionSummary]) -> None:
        if serial != self._serial or child_id != self._child_id:
            return
        self._versions = tuple(versions)  # the newest first
        wanted = self._select or (self._working.version_id if self._working else None)
        ids = [v.id for v in self._versions]
        if wanted not in ids:
            editable = [v for v in self._versions if v.editable]
            wanted = editable[0].id if editable else (ids[0] if ids else None)
        self._select = None
        self.bar.set_versions(self._versions, wanted)
        if wanted is None:
            self._working = None
            self.bar.show_empty()
            return
        self._load_version(wanted)

    @Slot(uuid.UUID)
    def _load_version(self, version_id: uuid.UUID) -> None:
        self.edits.commit()
        self._serial += 1
        job = partial(self._plans.document, version_id)
        done = partial(self._document_loaded, self._serial)
        # Saves on their way land first, so the document read back includes them.
        self.saver.when_settled(lambda: self._tasks.run(job, on_done=done,
                                                        on_error=self._report))

    def _document_loaded(self, serial: int, doc: PlanDocument) -> None:
        if serial != self._serial or doc.child_id != self._child_id:
            return
        self._working = WorkingPlan(doc)
        self.edits.set_working(self._working, self._year_group)
        self.editor.set_plan(self._working, doc.editable)
        summary = next((v for v in self._versions if v.id == doc.version_id), None)
        self.bar.show_version(doc, summary, self._versions)
        self.edits.check_plan()  # and the redline, if shown

    # ----- version actions --------------------------------------------------------------
    @Slot()
    def _start_draft(self) -> None:
        assert self._child_id is not None
        self._tasks.run(partial(self._plans.start_draft, self._child_id),
                        on_done=self._version_created, on_error=self._report, write=True)

    @Slot()
    def _propose(self) -> None:
        assert self._child_id is not None
        self._tasks.run(partial(self._plans.propose_amendments, self._child_id),
                        on_done=self._version_created, on_error=self._report, write=True)

    def _version_created(self, result: Any) -> None:
        self._select = getattr(result, "version_id", None) or getattr(result, "id", None)
        self.plan_changed.emit()
        self.reload()

    @Slot()
    def _issue(self) -> None:
        if self._working is None or not self._working.editable:
            return
        self.edits.commit()
        self.saver.flush()
        working = self._working
        placement = working.record(PlanSection.I)
        assert isinstance(placement, SectionText)
        dialog = IssueFinalDialog(self._case_name, working.doc.kind.label.lower(), placement,
                                  self._today(), self)
        dialog.submitted.connect(partial(self._issue_submitted, dialog, working))
        # Refused and put back, section I moved on a row version: read the version again.
        dialog.rejected.connect(partial(self._reload_if_shown, working.version_id))
        open_dialog(dialog)

    @Slot()
    def _reload_version(self) -> None:
        """After a change made elsewhere: drop what was refused, read the version again."""
        if self._working is not None:
            self.saver.forget(self._working.version_id, refused_only=True)
            self._load_version(self._working.version_id)

    def _reload_if_shown(self, version_id: uuid.UUID) -> None:
        if self._working is not None and self._working.version_id == version_id:
            self._load_version(version_id)

    def _issue_submitted(self, dialog: IssueFinalDialog, working: WorkingPlan) -> None:
        def send() -> None:
            if self.saver.has_unsaved(working.version_id):
                dialog.show_errors({"": "Some changes to the plan are not saved (see the "
                                        "message under the plan). Put them right first."})
                return
            job = partial(issue_with_setting, self._plans, working.version_id,
                          dialog.setting(), dialog.issued_on())
            dialog.run_write(self._tasks, job, self._issued)

        self.saver.when_settled(send)

    def _issued(self, doc: PlanDocument) -> None:
        self._select = doc.version_id
        self.plan_changed.emit()
        self.reload()

    @Slot()
    def _discard(self) -> None:
        if self._working is None or not self._working.editable:
            return
        version_id, kind = self._working.version_id, self._working.doc.kind
        what = "draft plan" if kind == PlanVersionKind.DRAFT else "proposed amendments"
        confirm(self, f"Discard the {what}",
                f"Discard the {what} for {self._case_name}? Everything typed in this "
                "version is deleted, and cannot be undone.",
                partial(self._discard_confirmed, version_id))

    def _discard_confirmed(self, version_id: uuid.UUID) -> None:
        def send() -> None:
            self.saver.forget(version_id)
            self._tasks.run(partial(self._plans.discard, version_id),
                            on_done=self._discarded, on_error=self._report, write=True)

        self.edits.commit()
        self.saver.when_settled(send)

    def _discarded(self, _result: Any) -> None:
        self._working = None
        self.edits.set_working(None, self._year_group)
        self.plan_changed.emit()
        self.reload()

    # ----- redline -----------------------------------------------------------------------
    @Slot(bool)
    def _redline_toggled(self, shown: bool) -> None:
        if shown:
            self.edits.commit()
            self._refresh_redline()

    def _refresh_redline(self) -> None:
        if self._working is None or self._child_id is None or not self.bar.redline_shown():
            return
        doc = self._working.as_document()
        self._tasks.run(partial(_redline, self._plans, self._child_id, doc, self._case_name),
                        on_done=self.bar.show_redline, on_error=self._report)

    # ----- wiring ------------------------------------------------------------------------
    def _connect(self) -> None:
        self.bar.version_chosen.connect(self._load_version)
        self.bar.start_requested.connect(self._start_draft)
        self.bar.propose_requested.connect(self._propose)
        self.bar.issue_requested.connect(self._issue)
        self.bar.discard_requested.connect(self._discard)
        self.bar.redline_toggled.connect(self._redline_toggled)
        self.bar.reload_requested.connect(self._reload_version)
        self.bar.undo_requested.connect(self.edits.undo)
        self.bar.redo_requested.connect(self.edits.redo)
        self.edits.checked.connect(self._refresh_redline)
        self.saver.status_changed.connect(self.bar.show_status)
        self.bar.build(self)

    def _actions(self) -> None:
        for name, keys, slot in (
                ("Undo", [QKeySequence(QKeySequence.StandardKey.Undo)], self.edits.undo),
                ("Redo", [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
                          QKeySequence("Ctrl+Shift+Z")], self.edits.redo)):
            action = QAction(name, self)
            action.setShortcuts(list(dict.fromkeys(keys)))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _report(self, exc: Exception) -> None:
        report(self, exc)


def _redline(plans: Any, child_id: uuid.UUID, doc: PlanDocument, name: str) -> str:
    """On a worker: compare with the latest final plan and render the redline."""
    final = plans.latest_final(child_id)
    diff = plan_diff.compare(final, doc)
    issued = f" issued {format_date(final.issued_on)}" if final and final.issued_on else ""
    return redline_html(diff, f"Changes to {name}'s plan since the final plan{issued}")
