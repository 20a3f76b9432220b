"""Resolving what sync put in front of a person: each answer is an ordinary change.

Every function here writes through the unit of work it is given, so the answer is recorded
as a batch by the person resolving, superseding every value they were shown, and travels to
the rest of the team like any edit (sync.md §5.7). Two people answering the same conflict
at once make a new conflict, with nothing lost.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from caseworker_app.db.changes import ROW, plain, row_values
from caseworker_app.db.tables import SYNCED_BY_NAME
from caseworker_app.db.uow import UnitOfWork
from caseworker_app.errors import NotFoundError


def _record(uow: UnitOfWork, table: str, row_id: uuid.UUID) -> Any:
    model = SYNCED_BY_NAME.get(table)
    record = uow.session.get(model, row_id) if model is not None else None
    if record is None:
        raise NotFoundError("That record is no longer here.")
    return record


def choose_value(uow: UnitOfWork, table: str, row_id: uuid.UUID, field: str,
                 value: Any) -> None:
    """Settle a field's conflict on `value` (one of the values shown, or a merged text)."""
    record = _record(uow, table, row_id)
    uow.recorder.changed(table, row_id, field, plain(value))
    if getattr(record, field) != value:
        setattr(record, field, value)  # recorded again by the flush: the same op, updated
    else:
        record.row_version = (record.row_version or 0) + 1  # the same value, now settled


def restore_row(uow: UnitOfWork, table: str, row_id: uuid.UUID) -> None:
    """Keep a record that was deleted on one machine while changed on another."""
    record = _record(uow, table, row_id)
    uow.recorder.restored(table, row_id, row_values(record))
    record.row_version = (record.row_version or 0) + 1


def confirm_delete(uow: UnitOfWork, table: str, row_id: uuid.UUID) -> None:
    """Delete a record after all, with whatever was added to it elsewhere."""
    record = _record(uow, table, row_id)
    for child_table, child_id in _dependants(uow, table, row_id):
        confirm_delete(uow, child_table, child_id)
    uow.session.delete(record)
    uow.session.flush()


def _dependants(uow: UnitOfWork, table: str, row_id: uuid.UUID) -> list[tuple[str, uuid.UUID]]:
    """Records that belong to this one (ON DELETE CASCADE): deleted with it, and recorded."""
    found = []
    for name, model in SYNCED_BY_NAME.items():
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            for key in column.foreign_keys:
                if key.column.table.name == table and key.ondelete == "CASCADE":
                    for (child_id,) in uow.session.execute(text(
                            f"SELECT id FROM {name} WHERE {column.name} = :id"),
                            {"id": row_id.hex}):
                        found.append((name, uuid.UUID(str(child_id))))
    return found




def clashing_rows(session: Session, table: str, row_id: uuid.UUID,
                  values: dict[str, Any]) -> list[uuid.UUID]:
    """The records here that a held record clashes with (same one-only rule)."""
    from sqlalchemy import UniqueConstraint, select

    from caseworker_app.sync.apply import from_json

    model = SYNCED_BY_NAME[table].__table__  # type: ignore[attr-defined]
    rules = [(list(index.columns), index.dialect_options["sqlite"]["where"])
             for index in model.indexes if index.unique]
    rules += [(list(c.columns), None) for c in model.constraints
              if isinstance(c, UniqueConstraint)]
    rules += [([column], None) for column in model.columns if column.unique]
    found: list[uuid.UUID] = []
    for columns, where in rules:
        query = select(model.c.id).where(
            *(column == from_json(column, values.get(column.name)) for column in columns),
            model.c.id != row_id)
        if where is not None:
            query = query.where(where)
        found += [rid for (rid,) in session.execute(query) if rid not in found]
    return found


def settle_clash(uow: UnitOfWork, table: str, row_id: uuid.UUID, keep_incoming: bool) -> None:
    """Settle a record held because it clashed with one here: keep one, delete the other.

    Keeping the one here deletes the held record (recorded, so it goes everywhere); keeping
    the incoming one deletes the record(s) here it clashes with, then shows it.
    """
    from sqlalchemy import delete

    from caseworker_app.db.tables import SyncWaiting
    from caseworker_app.sync.apply import load_ops, materialize
    from caseworker_app.sync.merge import row_view

    key = (table, row_id)
    view = row_view(load_ops(uow.session, [key]).get(key, []))
    if not view.exists:
        raise NotFoundError("That record is no longer waiting.")
    if keep_incoming:
        for other in clashing_rows(uow.session, table, row_id, view.values):
            confirm_delete(uow, table, other)
        uow.session.flush()
        materialize(uow.session, [key], uow.now)
    else:
        uow.recorder.deleted(table, row_id, view.values)
        uow.session.execute(delete(SyncWaiting).where(SyncWaiting.table_name == table,
                                                      SyncWaiting.row_id == row_id))


__all__ = ["ROW", "choose_value", "clashing_rows", "confirm_delete", "restore_row",
           "settle_clash"]
