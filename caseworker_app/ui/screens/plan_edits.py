"""Editing one plan version: what is typed goes into the working plan, to the autosave,
through the checks and onto the undo stack.

`PlanEdits` sits between the editor (which shows and reports) and the autosave (which
saves). It turns each change into an undo command, checks a field as it is typed and the
whole plan at each pause, and keeps the working plan's row versions in step with what the
service returns. It is the target of the undo commands (`plan_undo.UndoTarget`).
"""

from __future__ import annotations

import uuid
from dataclasses import fields, replace
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QUndoStack

from caseworker_app import plan_checks
from caseworker_app.codes import PlanSection
from caseworker_app.entities_plan import NeedItem, PlanDocument, PlanItem, ProvisionItem
from caseworker_app.errors import ValidationError
from caseworker_app.ui.models.plan_autosave import PlanAutosave
from caseworker_app.ui.models.plan_models import ThreadGap
from caseworker_app.ui.models.plan_undo import AddItem, FieldChange, MoveItem, RemoveItem
from caseworker_app.ui.models.plan_working import Key, WorkingPlan, blank_item, home_section
from caseworker_app.ui.screens.plan_editor import PlanEditor

TEXT_CHECK_MS = 400  # a typing pause before the field's own checks run
PLAN_CHECK_MS = 600  # and before the whole plan is checked again
COMMIT_MS = 1000  # a typing pause that ends one undoable change
CK = plan_checks.CheckKind
GAP_WORDS = {  # the golden-thread checks, as the gaps list says them
    CK.NEED_WITHOUT_PROVISION: "has no provision", CK.NEED_WITHOUT_OUTCOME: "has no outcome",
    CK.PROVISION_WITHOUT_NEED: "meets no need", CK.OUTCOME_NO_NEED: "answers no need",
    CK.UNKNOWN_NEED_LINK: "is linked to a need not in this plan",
}
LINKING_SECTIONS = (PlanSection.E, PlanSection.F, PlanSection.G, PlanSection.H1,
                    PlanSection.H2)


# How undo names a field ("Undo change to F2 how often").
FIELD_WORDS = {"body": "text", "detail": "second field", "none_identified": "“none identified”",
               "text": "text", "what": "what is provided", "who": "who provides it",
               "how_often": "how often", "how_long": "how long", "group_size": "group size",
               "expertise": "expertise", "need_ids": "linked needs", "by_when": "by when",
               "measure": "how progress is measured",
               "preparing_for_adulthood": "preparing for adulthood", "author": "author",
               "role": "role", "dated": "date"}


class PlanEdits(QObject):
    """Carries the officer's changes of one version to the autosave, the checks and undo."""

    checked = Signal()  # the whole plan was checked again (after a pause or a save)

    def __init__(self, editor: PlanEditor, saver: PlanAutosave, undo_stack: QUndoStack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor, self._saver, self._undo = editor, saver, undo_stack
        self._working: WorkingPlan | None = None
        self._year_group = 0
        self._uncommitted: dict[tuple[Key, str], Any] = {}
        self._to_check: set[tuple[Key, str]] = set()
        self._relink: dict[uuid.UUID, tuple[uuid.UUID, ...]] = {}
        self._text_timer = self._timer(TEXT_CHECK_MS, self._check_text)
        self._plan_timer = self._timer(PLAN_CHECK_MS, self.check_plan)
        self._commit_timer = self._timer(COMMIT_MS, self.commit)
        editor.field_edited.connect(self._edited)
        editor.add_requested.connect(self._add)
        editor.remove_requested.connect(self._remove)
        editor.move_requested.connect(self._move)
        saver.saved.connect(self._saved)
        saver.failed.connect(self._failed)
        saver.removed.connect(self._removed)
        saver.refreshed.connect(self._refreshed)

    def set_working(self, working: WorkingPlan | None, year_group: int) -> None:
        """Edit this version now (None: nothing is being edited)."""
        if working is not self._working:  # new keys: earlier commands name the old ones
            self._undo.clear()
            self._uncommitted.clear()
            self._relink.clear()
        self._working, self._year_group = working, year_group

    def set_year_group(self, year_group: int) -> None:
        """The child's year group changed: check the plan again (the Year 9 rule)."""
        self._year_group = year_group
        self._plan_timer.start()

    @Slot()
    def undo(self) -> None:
        """Undo the last change (ending the one being typed first)."""
        self.commit()
        if self._working is not None and self._working.editable:
            self._undo.undo()

    @Slot()
    def redo(self) -> None:
        """Redo the change last undone."""
        self.commit()
        if self._working is not None and self._working.editable:
            self._undo.redo()

    @Slot(object, str, bool)
    def _edited(self, key: Key, field: str, at_once: bool) -> None:
        working = self._working
        if working is None or not working.editable or not working.has(key):
            return
        value = self._editor.value(key, field)
        old = working.value(key, field)
        if value == old:
            return
        self._uncommitted.setdefault((key, field), old)
        record = working.set_value(key, field, value)
        self._send(key, record, at_once)
        if at_once:
            self.commit()
        else:
            self._commit_timer.start()
        if isinstance(value, str):
            self._to_check.add((key, field))
            self._text_timer.start()
        self._plan_timer.start()

    def commit(self) -> None:
        """End the change being typed: one undo command per field changed."""
        self._commit_timer.stop()
        pending, self._uncommitted = self._uncommitted, {}
        working = self._working
        for (key, field), old in pending.items():
            if working is None or not working.has(key):
                continue
            new = working.value(key, field)
            if new != old:
                where = f"{working.label(key)} {FIELD_WORDS.get(field, field)}"
                if field == "need_ids":  # by key: a need put back by undo has a new id
                    old, new = self._need_keys(old), self._need_keys(new)
                self._undo.push(FieldChange(self, key, field, old, new, where))

    def _need_keys(self, need_ids: tuple[uuid.UUID, ...]) -> tuple[uuid.UUID, ...]:
        working = self._working
        assert working is not None
        return tuple(k for k in map(working.key_for, need_ids) if k is not None)

    def _need_ids(self, key: Key, need_keys: tuple[uuid.UUID, ...]) -> tuple[uuid.UUID, ...]:
        """The saved ids of these needs; one not saved yet is linked once it is."""
        working = self._working
        assert working is not None and isinstance(key, uuid.UUID)
        ids = []
        for need in need_keys:
            if not working.has(need):
                continue
            need_id = working.record(need).id
            if need_id is not None:
                ids.append(need_id)
            elif key not in self._relink.get(need, ()):
                self._relink[need] = (*self._relink.get(need, ()), key)
        return tuple(ids)

    def apply_value(self, key: Key, field: str, value: Any) -> None:
        """Undo or redo: show and save a field's earlier (or later) value."""
        working = self._working
        if working is None or not working.has(key):
            return
        if field == "need_ids":
            value = self._need_ids(key, value)
        record = working.set_value(key, field, value)
        self._editor.reveal(self._section_of(key), key, field)
        self._editor.put(key, field, value)
        self._send(key, record, True)
        if isinstance(value, str):
            self._to_check.add((key, field))
            self._text_timer.start()
        self._plan_timer.start()

    def _send(self, key: Key, record: Any, at_once: bool) -> None:
        """Pass a changed record to the autosave; an item emptied of all text leaves the
        database instead (a blank card is not an item, as one just added is not), and is
        created again once something is typed in it."""
        working = self._working
        assert working is not None
        if isinstance(key, uuid.UUID) and not _has_text(record):
            self._unsave(key, record)
        elif at_once:
            self._saver.save_now(working.version_id, key, record)
        else:
            self._saver.edit(working.version_id, key, record)

    def _unsave(self, key: uuid.UUID, record: Any) -> None:
        working = self._working
        assert working is not None
        if isinstance(record, NeedItem) and record.id is not None:
            # Its links go with it, and come back when it is written again.
            linked_from = tuple(k for s in LINKING_SECTIONS for k in working.keys_in(s)
                                if record.id in working.value(k, "need_ids"))
            for other in linked_from:
                links = tuple(i for i in working.value(other, "need_ids") if i != record.id)
                working.set_value(other, "need_ids", links)
            if linked_from:
                self._relink[key] = tuple(dict.fromkeys((*self._relink.get(key, ()),
                                                         *linked_from)))
        self._saver.remove(working.version_id, key, record)
        working.forget_id(key)

    def insert_item(self, key: uuid.UUID, item: PlanItem, position: int | None,
                    relink: tuple[uuid.UUID, ...] = ()) -> None:
        """Add an item (new, or put back by undo), saving it unless it is still blank.

        `relink` names the items that were linked to a need put back: once the need is
        created again (under a new id) they are linked to it again.
        """
        working = self._working
        assert working is not None
        fresh = replace(item, id=None, row_version=0)
        working.add(fresh, position, key)
        if relink:
            self._relink[key] = tuple(dict.fromkeys((*self._relink.get(key, ()), *relink)))
        if _has_text(fresh):
            self._saver.save_now(working.version_id, key, fresh)
        self._editor.rebuild()
        self._editor.reveal(home_section(fresh), key)
        self._plan_timer.start()

    def _created(self, key: uuid.UUID, saved: Any) -> None:
        """An item was created (at the end of its section): put it in its place, relink it."""
        working = self._working
        assert working is not None
        wanted = working.position(key)
        if saved.position != wanted:
            self._saver.move(working.version_id, key, working.record(key), wanted)
        for other in self._relink.pop(key, ()):
            if working.has(other) and saved.id not in working.value(other, "need_ids"):
                links = (*working.value(other, "need_ids"), saved.id)
                self._saver.save_now(working.version_id, other,
                                     working.set_value(other, "need_ids", links))
                self._editor.put(other, "need_ids", links)

    def delete_item(self, key: uuid.UUID) -> tuple[PlanItem, int, tuple[uuid.UUID, ...]]:
        """Remove an item; returns it, where it stood and the items that were linked to it."""
        working = self._working
        assert working is not None
        item, position = working.remove(key)
        linked_from: tuple[uuid.UUID, ...] = ()
        if isinstance(item, NeedItem) and item.id is not None:
            linked_from = tuple(k for s in LINKING_SECTIONS for k in working.keys_in(s)
                                if item.id in working.value(k, "need_ids"))
            for other in linked_from:
                links = tuple(i for i in working.value(other, "need_ids") if i != item.id)
                working.set_value(other, "need_ids", links)
        self._saver.remove(working.version_id, key, item)
        self._relink.pop(key, None)
        self._editor.reveal(home_section(item), None)  # undoing an addition turns there
        self._editor.rebuild()
        self._plan_timer.start()
        return item, position, linked_from

    def shift_item(self, key: uuid.UUID, position: int) -> None:
        """Move an item to `position` in its section."""
        working = self._working
        assert working is not None
        working.move(key, position)
        self._saver.move(working.version_id, key, working.record(key), position)
        self._editor.rebuild()
        self._editor.reveal(self._section_of(key), key)
        self._plan_timer.start()

    @Slot(PlanSection)
    def _add(self, section: PlanSection) -> None:
        if self._working is None or not self._working.editable:
            return
        self.commit()
        self._undo.push(AddItem(self, uuid.uuid4(), blank_item(section), section))

    @Slot(uuid.UUID)
    def _remove(self, key: uuid.UUID) -> None:
        working = self._working
        if working is None or not working.editable or not working.has(key):
            return
        self.commit()
        record = working.record(key)
        text = getattr(record, "text", "") or getattr(record, "what", "") or \
            getattr(record, "author", "")
        self._undo.push(RemoveItem(self, key, working.label(key), text))

    @Slot(uuid.UUID, int)
    def _move(self, key: uuid.UUID, step: int) -> None:
        working = self._working
        if working is None or not working.editable or not working.has(key):
            return
        self.commit()
        old = working.position(key)
        new = old + step
        if 0 <= new < len(working.keys_in(self._section_of(key))):
            self._undo.push(MoveItem(self, key, old, new))

    def _section_of(self, key: Key) -> PlanSection:
        if isinstance(key, PlanSection):
            return key
        assert self._working is not None
        return home_section(self._working.record(key))  # type: ignore[arg-type]

    # ----- saves coming back ------------------------------------------------------------
    def _saved(self, version_id: uuid.UUID, key: Key, record: Any) -> None:
        working = self._working
        if working is None or working.version_id != version_id or not working.has(key):
            return
        created = working.record(key).id is None
        working.adopt(key, record)
        self._editor.set_save_error(key, {})
        if created and isinstance(key, uuid.UUID):
            self._created(key, record)
        self._plan_timer.start()

    def _removed(self, version_id: uuid.UUID, key: Key) -> None:
        working = self._working
        if working is not None and working.version_id == version_id and \
                isinstance(key, uuid.UUID) and working.has(key):
            working.forget_id(key)  # emptied, not deleted: typing in it creates it afresh
        self._plan_timer.start()

    def _refreshed(self, version_id: uuid.UUID, doc: PlanDocument) -> None:
        """A move or removal moved row versions on: take them, keeping what was typed."""
        working = self._working
        if working is None or working.version_id != version_id:
            return
        for section, text in doc.sections.items():
            if text.row_version > working.record(section).row_version:
                working.adopt(section, text)
        for item in doc.items():
            key = working.key_for(item.id)
            if key is not None and working.has(key) and \
                    item.row_version > working.record(key).row_version:
                working.adopt(key, item)

    def _failed(self, version_id: uuid.UUID, key: Key, exc: Exception) -> None:
        working = self._working
        if working is None or working.version_id != version_id or not working.has(key):
            return
        if isinstance(exc, ValidationError):
            self._editor.set_save_error(key, exc.errors)

    # ----- checks ------------------------------------------------------------------------
    @Slot()
    def _check_text(self) -> None:
        working, wanted = self._working, self._to_check
        self._to_check = set()
        if working is None:
            return
        for key, field in wanted:
            if not working.has(key):
                continue
            item_id = key if isinstance(key, uuid.UUID) else None
            record = working.record(key)
            row = record if isinstance(record, ProvisionItem) else None
            found = plan_checks.check_text(self._section_of(key), field,
                                           working.value(key, field) or "", item_id, row=row)
            self._editor.set_live_findings(key, field, found)

    @Slot()
    def check_plan(self) -> None:
        """Check the whole plan as it now reads (a few milliseconds, at a typing pause)."""
        working = self._working
        if working is None:
            return
        findings = plan_checks.check_plan(working.as_document(), self._year_group)
        counts = plan_checks.summary(findings)
        self._editor.set_findings(findings, counts, self._gaps(findings))
        self.checked.emit()

    def _gaps(self, findings: list[Any]) -> list[ThreadGap]:
        working = self._working
        assert working is not None
        gaps = []
        for finding in findings:
            if finding.check not in GAP_WORDS or not working.has(finding.item_id):
                continue
            record = working.record(finding.item_id)
            text = getattr(record, "text", "") or getattr(record, "what", "")
            first = " ".join(text.split()) or "(no text yet)"
            first = first if len(first) <= 48 else first[:47] + "…"
            gaps.append(ThreadGap(
                f"{working.label(finding.item_id)} “{first}” {GAP_WORDS[finding.check]}",
                f"{finding.message} ({finding.source})", finding.section, finding.item_id))
        return gaps

    def _timer(self, ms: int, slot: Any) -> QTimer:
        made = QTimer(self, singleShot=True, interval=ms)
        made.timeout.connect(slot)
        return made


def _has_text(item: PlanItem) -> bool:
    """Whether an item has anything typed in it (a blank one is not saved until it has)."""
    values = (getattr(item, f.name) for f in fields(item))
    return any(isinstance(v, str) and not isinstance(v, Enum) and v.strip() for v in values)
