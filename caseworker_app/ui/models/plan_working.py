"""The plan version being edited, as the editor holds it: saved records plus unsaved typing.

Every section and item has a stable key for as long as the version is open: a section's key
is its `PlanSection`; an item's key is its id when loaded, or a fresh UUID when added here.
The key never changes, even when the item is created by the service (and given its id) or
removed and put back by undo (and given a new one), so field edits, checks and undo commands
can all name an item by its key. No Qt here: the tab and the editor read and write this.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from caseworker_app.codes import PlanSection
from caseworker_app.entities_plan import (
    NEED_SECTIONS,
    AdviceItem,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    PlanItem,
    ProvisionItem,
    SectionText,
)

Key = PlanSection | uuid.UUID  # a section's text, or one item
Record = SectionText | PlanItem


def home_section(item: PlanItem) -> PlanSection:
    """The section an item is listed in."""
    if isinstance(item, OutcomeItem):
        return PlanSection.E
    if isinstance(item, AdviceItem):
        return PlanSection.K
    return item.section


def blank_item(section: PlanSection) -> PlanItem:
    """A new, empty item for `section` (not yet saved)."""
    if section in NEED_SECTIONS:
        return NeedItem(None, section, "")
    if section == PlanSection.E:
        return OutcomeItem(None, "")
    if section == PlanSection.K:
        return AdviceItem(None, "")
    return ProvisionItem(None, section, "")


class WorkingPlan:
    """One version's sections and items, in order, with what has been typed since loading."""

    def __init__(self, doc: PlanDocument) -> None:
        self.doc = doc
        self._sections = {s: doc.section(s) for s in PlanSection}
        self._items: dict[uuid.UUID, PlanItem] = {}
        self._order: dict[PlanSection, list[uuid.UUID]] = {s: [] for s in PlanSection}
        self._key_of: dict[uuid.UUID, uuid.UUID] = {}  # saved id -> key
        for item in doc.items():
            assert item.id is not None
            self._items[item.id] = item
            self._key_of[item.id] = item.id
            self._order[home_section(item)].append(item.id)

    @property
    def version_id(self) -> uuid.UUID:
        """The version being edited."""
        return self.doc.version_id

    @property
    def editable(self) -> bool:
        """Whether the version may change (a final plan never does)."""
        return self.doc.editable

    # ----- reading ---------------------------------------------------------------------
    def record(self, key: Key) -> Record:
        """The section text or item under `key`, with any unsaved typing."""
        if isinstance(key, PlanSection):
            return self._sections[key]
        return self._items[key]

    def has(self, key: Key) -> bool:
        """Whether `key` names a section, or an item still in the plan."""
        return isinstance(key, PlanSection) or key in self._items

    def value(self, key: Key, field: str) -> Any:
        """One field of a section or item."""
        return getattr(self.record(key), field)

    def keys_in(self, section: PlanSection) -> list[uuid.UUID]:
        """The items listed in `section`, in order."""
        return list(self._order[section])

    def position(self, key: uuid.UUID) -> int:
        """Where an item stands in its section (0 first)."""
        return self._order[home_section(self._items[key])].index(key)

    def label(self, key: Key) -> str:
        """How the editor names an item: "B2", "F3"; a section by its letter."""
        if isinstance(key, PlanSection):
            return key.value
        item = self._items[key]
        return f"{home_section(item).value}{self.position(key) + 1}"

    def key_for(self, saved_id: uuid.UUID | None) -> uuid.UUID | None:
        """The key of the item saved under `saved_id` (checks and links name saved ids)."""
        return self._key_of.get(saved_id) if saved_id is not None else None

    def needs(self) -> list[tuple[uuid.UUID, NeedItem]]:
        """Every need in B, C and D, in order, with its key."""
        found = []
        for section in NEED_SECTIONS:
            for key in self._order[section]:
                item = self._items[key]
                assert isinstance(item, NeedItem)
                found.append((key, item))
        return found

    # ----- changing --------------------------------------------------------------------
    def set_value(self, key: Key, field: str, value: Any) -> Record:
        """Put typed text (or a tick) into one field; returns the changed record."""
        if isinstance(key, PlanSection):
            self._sections[key] = replace(self._sections[key], **{field: value})
            return self._sections[key]
        self._items[key] = replace(self._items[key], **{field: value})
        return self._items[key]

    def add(self, item: PlanItem, position: int | None = None,
            key: uuid.UUID | None = None) -> uuid.UUID:
        """List a new (or restored) item; returns its key."""
        key = key or uuid.uuid4()
        self._items[key] = item
        order = self._order[home_section(item)]
        order.insert(len(order) if position is None else min(position, len(order)), key)
        if item.id is not None:
            self._key_of[item.id] = key
        return key

    def remove(self, key: uuid.UUID) -> tuple[PlanItem, int]:
        """Take an item out; returns it and where it stood."""
        position = self.position(key)
        item = self._items.pop(key)
        self._order[home_section(item)].remove(key)
        return item, position

    def move(self, key: uuid.UUID, position: int) -> None:
        """Move an item within its section."""
        order = self._order[home_section(self._items[key])]
        order.remove(key)
        order.insert(max(0, min(position, len(order))), key)

    def adopt(self, key: Key, saved: Record) -> None:
        """Take the id and row version of a saved record, keeping anything typed since."""
        if not self.has(key):
            return
        current = self.record(key)
        merged = replace(current, id=saved.id, row_version=saved.row_version,
                         source_id=saved.source_id)
        if isinstance(key, PlanSection):
            assert isinstance(merged, SectionText)
            self._sections[key] = merged
        else:
            self._items[key] = merged  # type: ignore[assignment]
            if saved.id is not None:
                self._key_of[saved.id] = key

    def forget_id(self, key: uuid.UUID) -> None:
        """An item was removed from the database: a later save creates it afresh."""
        if key in self._items:
            self._items[key] = replace(self._items[key], id=None, row_version=0)

    # ----- for checks and the redline ---------------------------------------------------
    def as_document(self) -> PlanDocument:
        """The version as it now reads, every item's id replaced by its key.

        Checks and the redline work on this, so what they report names keys, and an item
        typed but not yet saved is checked too.
        """
        def keyed(key: uuid.UUID, position: int) -> Any:
            item = self._items[key]
            changes: dict[str, Any] = {"id": key, "position": position}
            if isinstance(item, OutcomeItem | ProvisionItem):
                changes["need_ids"] = tuple(k for k in map(self.key_for, item.need_ids) if k)
            return replace(item, **changes)

        groups: dict[type, list[Any]] = {NeedItem: [], OutcomeItem: [], ProvisionItem: [],
                                         AdviceItem: []}
        for keys in self._order.values():
            for position, key in enumerate(keys):
                groups[type(self._items[key])].append(keyed(key, position))
        return replace(self.doc, sections=dict(self._sections),
                       needs=tuple(groups[NeedItem]), outcomes=tuple(groups[OutcomeItem]),
                       provisions=tuple(groups[ProvisionItem]),
                       advice=tuple(groups[AdviceItem]))
