"""Every value a record's fields have had: who wrote it, when, what it replaced, if it stands.

Read from the change log (and from the journal kept from before sync), oldest first. The
creation of a record gives each field its first value; a deletion shows as one entry.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker_app.db.tables import ChangeJournal
from caseworker_app.sync.apply import load_ops
from caseworker_app.sync.merge import ROW, row_view


@dataclass(frozen=True)
class HistoryEntry:
    """One value a field was given."""

    field: str  # a column, or "_row" for the record's deletion or restoration
    kind: str  # "created", "changed", "deleted", "restored"
    value: Any  # JSON data (for a deletion: None)
    at: datetime
    author_id: uuid.UUID | None
    origin: str | None  # the replica that wrote it (None: journal from before sync)
    batch_no: int | None
    replaced: tuple[tuple[str, int], ...]  # the earlier writes its author had seen
    live: bool  # still the value (or one of a conflict's values)


def row_history(session: Session, table: str, row_id: uuid.UUID,
                field: str | None = None) -> list[HistoryEntry]:
    """The history of one record (or one of its fields), oldest first."""
    entries: list[HistoryEntry] = []
    legacy = select(ChangeJournal).where(ChangeJournal.table_name == table,
                                         ChangeJournal.row_id == row_id)
    if field is not None:
        legacy = legacy.where(ChangeJournal.field == field)
    for old in session.scalars(legacy.order_by(ChangeJournal.id)):
        if old.field.startswith("_"):
            continue
        entries.append(HistoryEntry(
            old.field, "changed" if old.old_value is not None else "created",
            None if old.new_value is None else json.loads(old.new_value), old.at, old.author_id,
            None, None, (), False))
    ops = load_ops(session, [(table, row_id)]).get((table, row_id), [])
    view = row_view(ops)
    live = {(name, op.dot) for name, fv in view.fields.items() for op in fv.live}
    live |= {(ROW, op.dot) for op in view.row.live}
    for op in sorted(ops, key=lambda o: o.order):
        author = uuid.UUID(op.author) if op.author else None
        when = op.hlc.as_datetime()
        if op.field == ROW:
            state = op.value.get("state")
            if state == "created":
                kind = "restored" if op.supersedes else "created"
                for name, value in sorted((op.value.get("values") or {}).items()):
                    if field in (None, name) and value is not None:
                        entries.append(HistoryEntry(
                            name, kind, value, when, author, op.origin, op.batch_no,
                            tuple(sorted(op.supersedes)),
                            (ROW, op.dot) in live and name not in view.fields))
            elif field is None:
                entries.append(HistoryEntry(ROW, "deleted", None, when, author, op.origin,
                                            op.batch_no, tuple(sorted(op.supersedes)),
                                            (ROW, op.dot) in live))
        elif field in (None, op.field):
            entries.append(HistoryEntry(op.field, "changed", op.value, when, author, op.origin,
                                        op.batch_no, tuple(sorted(op.supersedes)),
                                        (op.field, op.dot) in live))
    return entries
