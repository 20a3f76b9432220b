"""Bring records and field states in line with the change log, for the rows ops touched.

`materialize(session, keys)` reads every op of those records, merges them (`sync.merge`)
and makes the domain tables say what the merge says: inserting records created elsewhere,
updating fields, deleting records deleted elsewhere, keeping (and marking) a record deleted
on one machine while changed, or while something was added to it, on another. It runs inside
the import's one transaction, and from scratch in the rebuild check, so the rows a replica
shows are always a function of the set of ops it holds.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, LargeBinary, Uuid, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from caseworker_app.db.changes import upsert_states
from caseworker_app.db.tables import (
    SYNCED_BY_NAME,
    Base,
    ChangeBatch,
    FieldOp,
    FieldState,
    SyncWaiting,
)
from caseworker_app.sync.hlc import Hlc
from caseworker_app.sync.merge import ROW, Op, RowView, row_view

Key = tuple[str, uuid.UUID]  # (table, row id)
CHUNK = 400
STAMPS = ("created_at", "created_by", "updated_at", "updated_by", "row_version")

# Parents before children: the order records are inserted in (deletes go the other way).
TABLE_ORDER = {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}


def from_json(column: Any, value: Any) -> Any:
    """A JSON field value as the Python value its column takes."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID(str(value))
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class(value)
    if isinstance(kind, Boolean):
        return bool(value)
    return value


def load_ops(session: Session, keys: Iterable[Key]) -> dict[Key, list[Op]]:
    """Every op of each record in `keys`, with its batch's clock and author."""
    by_table: dict[str, list[uuid.UUID]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    found: dict[Key, list[Op]] = {}
    for table, row_ids in by_table.items():
        for start in range(0, len(row_ids), CHUNK):
            chunk = row_ids[start:start + CHUNK]
            rows = session.execute(
                select(FieldOp.row_id, FieldOp.field, FieldOp.value, FieldOp.supersedes,
                       FieldOp.origin, FieldOp.batch_no, ChangeBatch.hlc, ChangeBatch.author_id)
                .join(ChangeBatch, (ChangeBatch.origin == FieldOp.origin)
                      & (ChangeBatch.batch_no == FieldOp.batch_no))
                .where(FieldOp.table_name == table, FieldOp.row_id.in_(chunk)))
            for row_id, name, value, supersedes, origin, batch_no, hlc, author in rows:
                found.setdefault((table, row_id), []).append(Op(
                    origin.hex, batch_no, Hlc.parse(hlc), author.hex if author else None, name,
                    None if value is None else json.loads(value),
                    frozenset((o, n) for o, n in json.loads(supersedes))))
    return found


@dataclass
class Materialized:
    """What bringing rows in line did: for the import report."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: set[tuple[str, uuid.UUID, str]] = field(default_factory=set)
    waiting: set[Key] = field(default_factory=set)  # ops for records not here yet
    clashes: dict[Key, str] = field(default_factory=dict)  # held: a one-only rule, and which


class _Rows:
    """Reads of the live domain tables, one query per table and chunk."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def present(self, keys: list[Key]) -> dict[Key, dict[str, Any]]:
        found: dict[Key, dict[str, Any]] = {}
        by_table: dict[str, list[uuid.UUID]] = {}
        for table, row_id in keys:
            by_table.setdefault(table, []).append(row_id)
        for table, row_ids in by_table.items():
            model = SYNCED_BY_NAME[table].__table__  # type: ignore[attr-defined]
            for start in range(0, len(row_ids), CHUNK):
                for row in self.session.execute(select(model).where(
                        model.c.id.in_(row_ids[start:start + CHUNK]))).mappings():
                    found[table, row["id"]] = dict(row)
        return found


def _parents(table: str, values: dict[str, Any]) -> list[Key]:
    """The records a record refers to by foreign key (and must not outlive)."""
    model = SYNCED_BY_NAME[table].__table__  # type: ignore[attr-defined]
    parents = []
    for column in model.columns:
        for key in column.foreign_keys:
            value = values.get(column.name)
            if value is not None:
                parents.append((key.column.table.name, uuid.UUID(str(value))))
    return parents


def _cascade_children(session: Session, table: str, row_id: uuid.UUID) -> list[Key]:
    """Records that refer to this one with ON DELETE CASCADE (a delete would take them)."""
    children = []
    for name, model in SYNCED_BY_NAME.items():
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            for key in column.foreign_keys:
                if key.column.table.name == table and key.ondelete == "CASCADE":
                    for (child_id,) in session.execute(text(
                            f"SELECT id FROM {name} WHERE {column.name} = :id"),
                            {"id": row_id.hex}):
                        children.append((name, uuid.UUID(str(child_id))))
    return children


def materialize(session: Session, keys: Iterable[Key], now: datetime) -> Materialized:
    """Make the records in `keys` (and the parents they need) what their ops say; then
    retry every record held back (waiting for what it builds on, or clashing with a record
    here) while anything moves. What is still held is kept in `sync_waiting`."""
    total = Materialized()
    held = {(t, r): reason for t, r, reason in session.execute(
        select(SyncWaiting.table_name, SyncWaiting.row_id, SyncWaiting.reason))}
    untried = set(held)
    todo: set[Key] = set(keys)
    waiting: set[Key] = set()
    clashes: dict[Key, str] = {}
    while todo:
        report = _materialize(session, todo)
        total.inserted += report.inserted
        total.updated += report.updated
        total.deleted += report.deleted
        total.conflicts |= report.conflicts
        untried -= todo
        waiting = (waiting - todo) | report.waiting
        clashes = {k: v for k, v in clashes.items() if k not in todo} | report.clashes
        if not (report.inserted or report.updated or report.deleted):
            break
        todo = untried | waiting | set(clashes)  # what moved may be what others waited for
    for key in untried:  # held before and not retried: still held as they were
        if held[key] == "clash":
            clashes.setdefault(key, "")
        else:
            waiting.add(key)
    total.waiting, total.clashes = waiting, clashes
    still = waiting | set(clashes)
    for table, row_id in set(held) - still:
        session.execute(SyncWaiting.__table__.delete().where(
            SyncWaiting.table_name == table, SyncWaiting.row_id == row_id))
    for key in still:
        reason = "clash" if key in clashes else "waiting"
        if held.get(key) == reason and not clashes.get(key):
            continue
        statement = sqlite_insert(SyncWaiting).values(
            table_name=key[0], row_id=key[1], since=now, reason=reason,
            detail=clashes.get(key, ""))
        session.execute(statement.on_conflict_do_update(
            index_elements=["table_name", "row_id"],
            set_={"reason": reason, "detail": clashes.get(key, "")}))
    return total


def _materialize(session: Session, keys: set[Key]) -> Materialized:
    report = Materialized()
    pending = set(keys)
    views: dict[Key, RowView] = {}
    kept: set[Key] = set()  # deleted, but something was added to them concurrently
    while pending:  # parents pulled in by their children are merged in a later round
        loaded = load_ops(session, pending - views.keys())
        for key in pending - views.keys():
            views[key] = row_view(loaded.get(key, []))
        pending = set()
        for key, view in views.items():
            if view.exists:
                for parent in _parents(key[0], view.values):
                    if parent not in views and parent[0] in SYNCED_BY_NAME:
                        pending.add(parent)
    # A record created elsewhere under a record deleted here keeps that record, marked.
    for key, view in views.items():
        if view.exists:
            for parent in _parents(key[0], view.values):
                parent_view = views.get(parent)
                if parent_view is not None and parent_view.exists is False \
                        and parent_view.row.live:
                    kept.add(parent)
    # ...and so does a record deleted elsewhere while something was added to it here.
    for key, view in list(views.items()):
        if view.exists is False and key not in kept:
            for child in _cascade_children(session, *key):
                child_view = views.get(child)
                if child_view is None:
                    child_view = views[child] = row_view(load_ops(session, [child]).get(child, []))
                if child_view.exists:
                    kept.add(key)
                    break
    present = _Rows(session).present(list(views))
    ordered = sorted(views, key=lambda k: TABLE_ORDER[k[0]])
    for key in ordered:  # inserts and updates, parents first
        view = views[key]
        if view.exists or key in kept or (view.exists is None and key in present):
            held = _upsert(session, key, view, present.get(key), report)
            if held == WAITING:
                report.waiting.add(key)
            elif held is not None:
                report.clashes[key] = held
        elif view.exists is None:
            report.waiting.add(key)  # changes to a record this replica has not received
    for key in reversed(ordered):  # deletes, children first
        view = views[key]
        if view.exists is False and key not in kept and key in present:
            model = SYNCED_BY_NAME[key[0]].__table__  # type: ignore[attr-defined]
            session.execute(model.delete().where(model.c.id == key[1]))
            report.deleted += 1
    states: list[dict[str, Any]] = []
    gone: list[tuple[str, uuid.UUID, str]] = []
    for key, view in views.items():
        table, row_id = key
        scope = None
        for name, field_view in view.fields.items():
            if not field_view.live:  # every write superseded (by a delete): no state
                gone.append((table, row_id, name))
                continue
            states.append({"table_name": table, "row_id": row_id, "field": name,
                           "siblings": json.dumps([list(d) for d in field_view.dots]),
                           "conflict": field_view.conflict, "scope": scope})
            if field_view.conflict:
                report.conflicts.add((table, row_id, name))
        if view.row.live or key in kept:
            marked = view.deleted_while_edited or key in kept
            states.append({"table_name": table, "row_id": row_id, "field": ROW,
                           "siblings": json.dumps([list(d) for d in view.row.dots]),
                           "conflict": marked, "scope": scope})
            if marked:
                report.conflicts.add((table, row_id, ROW))
    for table, row_id, name in gone:
        session.execute(FieldState.__table__.delete().where(
            FieldState.table_name == table, FieldState.row_id == row_id,
            FieldState.field == name))
    _fill_scopes(session, states)
    upsert_states(session, states)
    return report


def _fill_scopes(session: Session, states: list[dict[str, Any]]) -> None:
    """Copy each record's case (scope) from its ops onto its field states."""
    rows = {(s["table_name"], s["row_id"]) for s in states}
    scopes: dict[Key, uuid.UUID | None] = {}
    for table, row_id in rows:
        scopes[table, row_id] = session.execute(select(FieldOp.scope).where(
            FieldOp.table_name == table, FieldOp.row_id == row_id).limit(1)).scalar()
    for state in states:
        state["scope"] = scopes[state["table_name"], state["row_id"]]


WAITING = "waiting"

# The rules only one record may hold, as a person reads them (unique indexes and columns).
# SQLite names the columns of the index that failed (partial indexes included).
ONE_ONLY_RULES = {
    "annual_review.child_id": "A case can have only one annual review in progress.",
    "needs_assessment.child_id": "A case can have only one needs assessment in progress.",
    "allocation.child_id": "A case can have only one current officer.",
    "child.case_reference": "Two cases cannot share a case reference.",
    "plan_version.plan_id, plan_version.number": "Two versions of a plan cannot share a number.",
    "plan_section_text.version_id, plan_section_text.section":
        "A plan version has each section once.",
    "letter_asset.sha256": "The same logo is stored once.",
}


def _write(session: Session, statement: Any) -> str | None:
    """Run an insert or update; a broken one-only rule is held as a clash, not an error."""
    try:
        with session.begin_nested():
            session.execute(statement)
    except IntegrityError as exc:
        message = str(exc.orig)
        if "UNIQUE constraint failed" not in message:
            raise
        failed = message.split("UNIQUE constraint failed:", 1)[1].strip()
        failed = failed.removeprefix("index ").strip("'")
        return ONE_ONLY_RULES.get(failed, f"Only one record may have the same {failed}.")
    return None


def _upsert(session: Session, key: Key, view: RowView, current: dict[str, Any] | None,
            report: Materialized) -> str | None:
    """Insert or update one record from its merged values. None when done; WAITING if what
    it builds on has not arrived; otherwise the one-only rule it would break (a clash)."""
    table, row_id = key
    model = SYNCED_BY_NAME[table].__table__  # type: ignore[attr-defined]
    columns = {c.name: c for c in model.columns}
    values = {name: from_json(columns[name], value) for name, value in view.values.items()
              if name in columns and name not in STAMPS and name != "id"}
    newest = max((op for v in [view.row, *view.fields.values()] for op in v.live),
                 key=lambda o: o.order, default=None)
    when = newest.hlc.as_datetime() if newest else None
    author = uuid.UUID(newest.author) if newest and newest.author else None
    if current is None:
        if view.exists is None:
            return WAITING  # changes to a record this replica has not received yet
        for parent in _parents(table, view.values):
            parent_model = SYNCED_BY_NAME[parent[0]].__table__  # type: ignore[attr-defined]
            if session.execute(select(parent_model.c.id).where(
                    parent_model.c.id == parent[1])).first() is None:
                return WAITING  # the record it belongs to has not arrived
        created = next((op for op in view.row.live if op.value.get("state") == "created"),
                       None)
        for name, column in columns.items():
            if name not in values and name not in STAMPS and name != "id":
                default = column.default
                values[name] = default.arg if default is not None and default.is_scalar \
                    else None
        created_at = created.hlc.as_datetime() if created else when
        clash = _write(session, model.insert().values(
            id=row_id, created_at=created_at,
            created_by=uuid.UUID(created.author) if created and created.author else author,
            updated_at=when or created_at, updated_by=author, row_version=1, **values))
        if clash is None:
            report.inserted += 1
        return clash
    changed = {name: value for name, value in values.items() if current.get(name) != value}
    if changed:
        clash = _write(session, model.update().where(model.c.id == row_id).values(
            updated_at=when or current["updated_at"], updated_by=author,
            row_version=(current.get("row_version") or 0) + 1, **changed))
        if clash is not None:
            return clash
        report.updated += 1
    return None
