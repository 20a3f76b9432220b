"""The merge rule: what a record and each of its fields hold, given every op written to it.

Each field is a multi-value register (Riak siblings, Sync Framework change units; sync.md
§5.3): the live writes are those no other write has superseded. One live write is the value
(the later writer saw the earlier one: causal last-writer-wins). Several live writes with the
same value merge quietly. Several with different values are a conflict for a person; until
then the one with the highest (clock, origin) is shown, the same on every replica, and every
value is kept. A record's creation and deletion are ops on the pseudo-field `_row`; a record
deleted on one machine while changed on another stays, marked, until a person decides.

Everything here is a pure function of the *set* of ops, so the order files arrive in, and
how often, cannot change the outcome.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from caseworker_app.sync.hlc import Hlc

ROW = "_row"
Dot = tuple[str, int]  # (origin replica id as hex, batch_no)


@dataclass(frozen=True)
class Op:
    """One write of one field (or `_row`) by one batch."""

    origin: str
    batch_no: int
    hlc: Hlc
    author: str | None
    field: str
    value: Any  # JSON data; for `_row`: {"state": "created", "values": {...}} or
    #             {"state": "deleted", "was": {...}}
    supersedes: frozenset[Dot]

    @property
    def dot(self) -> Dot:
        return (self.origin, self.batch_no)

    @property
    def order(self) -> tuple[Hlc, str]:
        """How the provisional value of a conflict is picked: highest clock, then origin."""
        return (self.hlc, self.origin)

    @property
    def is_delete(self) -> bool:
        return self.field == ROW and self.value.get("state") == "deleted"


def same_value(a: Any, b: Any) -> bool:
    """Whether two JSON values are equal as data (key order and float/int spelling aside)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@dataclass(frozen=True)
class FieldView:
    """A field's live writes, the value shown, and whether a person must choose."""

    live: tuple[Op, ...]  # oldest first by (clock, origin)
    value: Any
    conflict: bool

    @property
    def dots(self) -> list[Dot]:
        return sorted(op.dot for op in self.live)


def field_view(ops: Iterable[Op], also_superseded: frozenset[Dot] = frozenset()) -> FieldView:
    """The live writes of one field among `ops` (dots in `also_superseded` are not live)."""
    ops = list(ops)
    superseded = set(also_superseded)
    for op in ops:
        superseded |= op.supersedes
    live = tuple(sorted((op for op in ops if op.dot not in superseded), key=lambda o: o.order))
    if not live:
        return FieldView((), None, False)
    distinct = []
    for op in live:
        if not any(same_value(op.value, seen) for seen in distinct):
            distinct.append(op.value)
    return FieldView(live, live[-1].value, len(distinct) > 1)


@dataclass(frozen=True)
class RowView:
    """What one record holds according to its ops.

    `exists` is None for a record with no `_row` op here (one that came with the database,
    not through the change log): its fields are then only overridden where ops say so.
    `deleted_while_edited` marks a record one person deleted while another changed it: it is
    kept, with the concurrent changes, until someone restores it or confirms the delete.
    """

    exists: bool | None
    values: dict[str, Any]
    fields: dict[str, FieldView]
    deleted_while_edited: bool
    row: FieldView

    @property
    def conflicts(self) -> list[str]:
        return sorted(name for name, view in self.fields.items() if view.conflict)


def row_view(ops: Iterable[Op]) -> RowView:
    """Merge every op of one record (all its fields and `_row`)."""
    by_field: dict[str, list[Op]] = {}
    for op in ops:
        by_field.setdefault(op.field, []).append(op)
    row_ops = by_field.pop(ROW, [])
    row = field_view(row_ops)
    # A delete supersedes the field writes its author had seen, on every field of the record.
    deleted_dots = frozenset().union(*(op.supersedes for op in row_ops)) if row_ops \
        else frozenset()
    fields = {name: field_view(field_ops, deleted_dots) for name, field_ops in by_field.items()}
    live_states = {op.value.get("state") for op in row.live}
    edited = any(view.live for view in fields.values())
    if not row_ops:
        exists: bool | None = None
        deleted_while_edited = False
    elif "created" in live_states:
        exists, deleted_while_edited = True, False
    elif live_states:  # only deletes are live
        deleted_while_edited = edited
        exists = edited
    else:
        exists, deleted_while_edited = False, False
    base: dict[str, Any] = {}
    if row.live:  # the newest live creation (its values) or deletion (what it held)
        newest = row.live[-1].value
        base = dict(newest.get("values") or newest.get("was") or {})
    values = dict(base)
    for name, view in fields.items():
        if view.live:
            values[name] = view.value
        elif name not in base:
            # every write of this field was superseded by a delete: its last value stands
            # for a kept record, as the deleted record's `was` would say
            newest = max(by_field[name], key=lambda o: o.order)
            values[name] = newest.value
    return RowView(exists, values, fields, deleted_while_edited, row)
