"""Autosave for the plan editor: nothing typed is lost, and no record is saved twice at once.

Each section text or item edited is a slot holding the latest text wanted. A slot is sent
to the plan service (on the single writer thread) once typing pauses for `PAUSE` seconds,
and at least every `MAX_WAIT` seconds while typing goes on. A slot never has two saves in
flight: text typed while one is on its way waits, and goes with the row version the first
one returns. Removing or moving an item queues behind its save the same way. A save that
is refused keeps its text and says why; a save that failed for any other reason (a locked
file, say) is tried again after `RETRY` seconds.

Until a slot's text is in the database it is also in the typing journal (a file beside the
database, written on every edit), so a crash or a killed process loses nothing: the next
start puts it back (`caseworker_app.typing_journal`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal, Slot

from caseworker_app.entities_plan import (
    PlanDocument,
)
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.typing_journal import TypingJournal
from caseworker_app.ui.models.plan_working import Key, Record
from caseworker_app.ui.tasks import TaskRunner

PAUSE = 0.8  # seconds of no typing before a save
MAX_WAIT = 1.8  # seconds of continuous typing before a save anyway
RETRY = 5.0  # seconds before an unexpected failure is tried again
TICK_MS = 150


@dataclass
class _Slot:
    version_id: uuid.UUID
    key: Key
    base: Record | None  # as last saved (id, row version); None until first created
    want: Record | None = None  # content still to save
    busy: bool = False  # a call is on its way
    sent: Record | None = None  # what that call carries
    remove: bool = False
    move_to: int | None = None
    first_dirty: float = 0.0
    last_edit: float = 0.0
    blocked: bool = False  # refused: wait for the next edit
    stale: bool = False  # refused because changed elsewhere: only a reload will do
    retry_at: float | None = None
    error: str = ""

    @property
    def pending(self) -> bool:
        return self.want is not None or self.remove or self.move_to is not None


class PlanAutosave(QObject):
    """Saves plan sections and items in the background, one call per record at a time."""

    saved = Signal(uuid.UUID, object, object)  # version id, key, the record as saved
    removed = Signal(uuid.UUID, object)  # version id, key
    moved = Signal(uuid.UUID, object)  # version id, key
    refreshed = Signal(uuid.UUID, object)  # version id, the document read after a move
    failed = Signal(uuid.UUID, object, Exception)  # version id, key, why
    status_changed = Signal(str, str)  # text, kind ("saving", "saved", "error", "")
    settled = Signal()  # nothing on its way and nothing left that could be sent

    def __init__(self, plans: Any, tasks: TaskRunner, journal: TypingJournal | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plans, self._tasks, self._journal = plans, tasks, journal
        self._slots: dict[tuple[uuid.UUID, Key], _Slot] = {}
        self._saved_at: datetime | None = None
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._waiters: list[Callable[[], None]] = []

    # ----- asking for saves -------------------------------------------------------------
    def edit(self, version_id: uuid.UUID, key: Key, record: Record) -> None:
        """`record` (with its saved id and row version) is how `key` should now read."""
        slot = self._slot(version_id, key, record)
        now = time.monotonic()
        if slot.want is None:
            slot.first_dirty = now
        slot.want, slot.last_edit, slot.blocked, slot.retry_at = record, now, False, None
        if self._journal is not None:
            self._journal.put(version_id, key, record)
        self._wake()

    def save_now(self, version_id: uuid.UUID, key: Key, record: Record) -> None:
        """Like `edit`, sent without waiting for a pause (a tick, an undo)."""
        self.edit(version_id, key, record)
        self._send(self._slots[(version_id, key)])

    def remove(self, version_id: uuid.UUID, key: Key, record: Record) -> None:
        """Remove the item under `key` (after any save of it on its way)."""
        slot = self._slot(version_id, key, record)
        slot.want, slot.move_to, slot.remove, slot.blocked = None, None, True, False
        if self._journal is not None:
            self._journal.drop(version_id, key)
        self._send(slot)

    def move(self, version_id: uuid.UUID, key: Key, record: Record, position: int) -> None:
        """Move the item under `key` to `position` in its section."""
        slot = self._slot(version_id, key, record)
        slot.move_to, slot.blocked = position, False
        self._send(slot)

    def flush(self) -> None:
        """Send everything waiting now (before issuing, switching case or closing)."""
        for slot in list(self._slots.values()):
            self._send(slot)

    def forget(self, version_id: uuid.UUID, *, refused_only: bool = False) -> None:
        """Drop what is waiting for a version that was discarded; or, `refused_only`, what
        was refused (before the version is read again after a change made elsewhere)."""
        for key, slot in list(self._slots.items()):
            if slot.version_id != version_id or (refused_only and not slot.blocked):
                continue
            slot.want, slot.remove, slot.move_to, slot.error = None, False, None, ""
            if self._journal is not None:
                self._journal.drop(version_id, slot.key)
            if not slot.busy:
                del self._slots[key]
        if self._journal is not None and not refused_only:
            self._journal.drop_version(version_id)
        self._update_status()

    # ----- state -------------------------------------------------------------------------
    def has_unsaved(self, version_id: uuid.UUID | None = None) -> bool:
        """Whether anything typed is not yet in the database."""
        return any((s.pending or s.busy) for s in self._slots.values()
                   if version_id is None or s.version_id == version_id)

    def is_settled(self) -> bool:
        """Nothing on its way, and nothing waiting that could be sent."""
        return not any(s.busy or (s.pending and not s.blocked) for s in self._slots.values())

    def base(self, version_id: uuid.UUID, key: Key) -> Record | None:
        """The record as last saved here, if this session saved it."""
        slot = self._slots.get((version_id, key))
        return slot.base if slot else None

    def errors(self, version_id: uuid.UUID) -> dict[Key, str]:
        """Why each refused record of a version was not saved."""
        return {s.key: s.error for s in self._slots.values()
                if s.version_id == version_id and s.error}

    def when_settled(self, fn: Callable[[], None]) -> None:
        """Call `fn` once nothing more can be sent (at once if so already)."""
        self.flush()
        if self.is_settled():
            fn()
        else:
            self._waiters.append(fn)

    def wait_until_settled(self, timeout_ms: int) -> bool:
        """Send everything and wait (events still flowing, input held) for the answers.

        Used only when the case is about to be left, where a few milliseconds' wait for the
        last saves is better than asking whether to throw typing away. True when all saved.
        """
        self.flush()
        if not self.is_settled():
            loop = QEventLoop()
            self.settled.connect(loop.quit)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            self.settled.disconnect(loop.quit)
        return not self.has_unsaved()

    # ----- sending -----------------------------------------------------------------------
    def _slot(self, version_id: uuid.UUID, key: Key, record: Record) -> _Slot:
        slot = self._slots.get((version_id, key))
        if slot is None:
            base = record if record.id is not None else None
            slot = self._slots[(version_id, key)] = _Slot(version_id, key, base)
        return slot

    def _wake(self) -> None:
        if not self._timer.isActive():
            self._timer.start()
        self._update_status()

    @Slot()
    def _tick(self) -> None:
        now = time.monotonic()
        waiting = False
        for slot in list(self._slots.values()):
            if slot.busy or slot.blocked or not slot.pending:
                continue
            if slot.retry_at is not None:
                due = now >= slot.retry_at
            else:
                due = (now - slot.last_edit >= PAUSE or now - slot.first_dirty >= MAX_WAIT
                       or slot.want is None)
            if due:
                self._send(slot)
            else:
                waiting = True
        if not waiting:
            self._timer.stop()

    def _send(self, slot: _Slot) -> None:
        if slot.busy or not slot.pending:
            return
        plans, vid = self._plans, slot.version_id
        if slot.remove:
            if slot.base is None or slot.base.id is None:  # never saved: nothing to remove
                self._finish_remove(slot, None)
                return
            job: Callable[[], Any] = partial(_then_read, plans, vid, plans.remove_item,
                                             vid, slot.base.id)
            done: Callable[[Any], None] = partial(self._finish_remove, slot)
        elif slot.want is not None:
            record = slot.want
            if slot.base is not None:
                record = replace(record, id=slot.base.id, row_version=slot.base.row_version)
            else:
                record = replace(record, id=None, row_version=0)
            slot.sent = slot.want
            job = partial(plans.save, vid, record)
            done = partial(self._finish_save, slot)
        else:
            if slot.base is None or slot.base.id is None:
                slot.move_to = None  # not saved yet: it is created in the right place later
                self._after(slot)
                return
            job = partial(_then_read, plans, vid, plans.move_item, vid, slot.base.id,
                          slot.move_to)
            done = partial(self._finish_move, slot, slot.move_to)
        slot.busy, slot.error, slot.stale = True, "", False
        self._tasks.run(job, on_done=done, on_error=partial(self._failed, slot), write=True)
        self._update_status()

    def _finish_save(self, slot: _Slot, saved: Record) -> None:
        slot.busy, slot.base, slot.retry_at = False, saved, None
        if slot.want is slot.sent:
            slot.want = None
        slot.sent = None
        if self._journal is not None:
            if slot.want is None:
                self._journal.drop(slot.version_id, slot.key)
            else:  # typed since: if that is lost, it goes back into the record just made
                self._journal.saved_as(slot.version_id, slot.key, saved)
        self._saved_at = datetime.now()
        self.saved.emit(slot.version_id, slot.key, saved)
        self._after(slot)

    def _finish_remove(self, slot: _Slot, doc: PlanDocument | None) -> None:
        slot.busy, slot.remove, slot.base = False, False, None
        if slot.want is None:
            self._slots.pop((slot.version_id, slot.key), None)
        # else: typed again (or put back by undo) meanwhile: it is created afresh
        self._saved_at = datetime.now()
        self.removed.emit(slot.version_id, slot.key)
        if doc is not None:
            self._rebase(doc)
        self._after(slot)

    def _finish_move(self, slot: _Slot, position: int, doc: PlanDocument) -> None:
        slot.busy = False
        if slot.move_to == position:
            slot.move_to = None
        self._saved_at = datetime.now()
        self._rebase(doc)
        self.moved.emit(slot.version_id, slot.key)
        self._after(slot)

    def _rebase(self, doc: PlanDocument) -> None:
        """Take the row versions a move or removal moved on (the item moved; the outcomes
        and provision a removed need was linked from), then tell the tab."""
        latest = {r.id: r for r in _records(doc)}
        for slot in self._slots.values():
            if slot.version_id != doc.version_id or slot.busy or slot.base is None:
                continue
            fresh = latest.get(slot.base.id)
            if fresh is not None and fresh.row_version > slot.base.row_version:
                slot.base = replace(slot.base, row_version=fresh.row_version)
        self.refreshed.emit(doc.version_id, doc)

    def _failed(self, slot: _Slot, exc: Exception) -> None:
        newer = slot.want is not None and slot.want is not slot.sent
        slot.busy, slot.sent = False, None
        if newer and isinstance(exc, ValidationError):
            # Text typed since that save went may well be fine: send it, not the complaint.
            self._after(slot)
            return
        if isinstance(exc, ValidationError):
            slot.blocked = True
            slot.error = " ".join(exc.errors.values()) or str(exc)
        elif isinstance(exc, StaleRecordError):
            slot.blocked = slot.stale = True
            slot.error = ("someone else changed this part of the plan since it was opened. "
                          "Your text is kept here: copy it, then reload the plan.")
        else:
            slot.retry_at = time.monotonic() + RETRY
            slot.error = f"{exc} (trying again shortly)"
        self.failed.emit(slot.version_id, slot.key, exc)
        self._after(slot)

    def _after(self, slot: _Slot) -> None:
        """A call came back: send what was typed meanwhile if it is due, then report."""
        if not slot.pending and not slot.busy and not slot.error:
            self._slots.pop((slot.version_id, slot.key), None)
        elif slot.pending and not slot.blocked:
            if slot.remove or (slot.move_to is not None and slot.want is None):
                self._send(slot)
            else:
                self._wake()
        self._update_status()
        if self.is_settled():
            waiters, self._waiters = self._waiters, []
            self.settled.emit()
            for fn in waiters:
                fn()

    def _update_status(self) -> None:
        errors = [s.error for s in self._slots.values() if s.error]
        if any(s.busy or (s.pending and not s.blocked) for s in self._slots.values()):
            self.status_changed.emit("Saving…", "saving")
        elif errors:
            stale = any(s.stale for s in self._slots.values())
            self.status_changed.emit(f"Not saved: {errors[0]}", "stale" if stale else "error")
        elif self._saved_at is not None:
            self.status_changed.emit(f"Saved {self._saved_at:%H:%M}", "saved")
        else:
            self.status_changed.emit("", "")


def _then_read(plans: Any, version_id: uuid.UUID, call: Callable[..., Any],
               *args: Any) -> PlanDocument:
    """On the writer: remove or move an item, then read the version back.

    Both move row versions on (the moved row; the rows linked to a removed need), and the
    editor must save its next change of those rows at their new versions. Reading in the
    same job means no save queued after it can slip in between.
    """
    call(*args)
    return plans.document(version_id)


def _records(doc: PlanDocument) -> list[Record]:
    return [*doc.sections.values(), *doc.items()]
