"""Undo commands of the plan editor: a field changed, an item added, removed or moved.

Each command names what it changed by key (see `plan_working`), so it still applies after
the page was rebuilt or the item was saved under a new id. Undoing saves the old value
again through the autosave, as any other change.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand

from caseworker_app.codes import PlanSection
from caseworker_app.entities_plan import PlanItem
from caseworker_app.ui.models.plan_working import Key


class UndoTarget(Protocol):
    """What the commands change: the plan tab."""

    def apply_value(self, key: Key, field: str, value: Any) -> None: ...

    def insert_item(self, key: uuid.UUID, item: PlanItem, position: int | None,
                    relink: tuple[uuid.UUID, ...] = ()) -> None: ...

    def delete_item(self, key: uuid.UUID) -> tuple[PlanItem, int, tuple[uuid.UUID, ...]]: ...

    def shift_item(self, key: uuid.UUID, position: int) -> None: ...


def _short(value: Any) -> str:
    text = str(value or "").strip().replace("\n", " ")
    return text if len(text) <= 30 else text[:29] + "…"


class FieldChange(QUndoCommand):
    """A field's value changed (already shown and saved when pushed)."""

    def __init__(self, target: UndoTarget, key: Key, field: str, old: Any, new: Any,
                 where: str) -> None:
        super().__init__(f"change to {where}")
        self._target, self._key, self._field = target, key, field
        self._old, self._new = old, new
        self._done = True  # pushed after the change happened: the first redo does nothing

    @property
    def key(self) -> Key:
        """What was changed."""
        return self._key

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._target.apply_value(self._key, self._field, self._new)

    def undo(self) -> None:
        self._target.apply_value(self._key, self._field, self._old)


class AddItem(QUndoCommand):
    """A new, empty item was added at the end of a section."""

    def __init__(self, target: UndoTarget, key: uuid.UUID, item: PlanItem,
                 section: PlanSection) -> None:
        super().__init__(f"add an item to section {section.value}")
        self._target, self._key, self._item = target, key, item

    def redo(self) -> None:
        self._target.insert_item(self._key, self._item, None)

    def undo(self) -> None:
        self._item, _position, _links = self._target.delete_item(self._key)


class RemoveItem(QUndoCommand):
    """An item was removed; undo puts it back where it was, with its links."""

    def __init__(self, target: UndoTarget, key: uuid.UUID, label: str, text: str) -> None:
        super().__init__(f"remove {label} “{_short(text)}”")
        self._target, self._key = target, key
        self._item: PlanItem | None = None
        self._position = 0
        self._linked_from: tuple[uuid.UUID, ...] = ()

    def redo(self) -> None:
        self._item, self._position, self._linked_from = self._target.delete_item(self._key)

    def undo(self) -> None:
        assert self._item is not None
        self._target.insert_item(self._key, self._item, self._position, self._linked_from)


class MoveItem(QUndoCommand):
    """An item moved within its section."""

    def __init__(self, target: UndoTarget, key: uuid.UUID, old: int, new: int) -> None:
        super().__init__("move an item")
        self._target, self._key, self._old, self._new = target, key, old, new

    def redo(self) -> None:
        self._target.shift_item(self._key, self._new)

    def undo(self) -> None:
        self._target.shift_item(self._key, self._old)
