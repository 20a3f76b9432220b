"""Change recording: every write becomes one numbered, clock-stamped batch of field ops.

The unit of work (`db/uow.py`) hands each created, changed and deleted record to a
`BatchRecorder`; when the transaction is about to commit the recorder writes one
`change_batch` row for it, one `field_op` per field written (or per record created or
deleted), and brings `field_state` (the live writes of each field) up to date, all inside
the same transaction. Each op names the earlier writes of its field it replaced
(`supersedes`): the current siblings in `field_state`. That is the whole of the causal
record sync needs (sync.md §5.2): the merge is a pure function of the set of ops.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from caseworker_app.db.tables import (
    SYNCED_BY_NAME,
    AppMeta,
    ChangeBatch,
    FieldOp,
    FieldState,
)
from caseworker_app.sync.batches import batch_body, batch_digest
from caseworker_app.sync.hlc import Hlc, tick

ROW = "_row"  # the pseudo-field of a record's creation and deletion
HLC_KEY = "hlc"
SEEN_KEY = "seen_vector"  # {origin: highest batch} of other replicas taken in
STAMP_FIELDS = frozenset({"created_at", "created_by", "updated_at", "updated_by", "row_version"})


def plain(value: Any) -> Any:
    """A field value as JSON data: enums by code, dates ISO, UUIDs as text, bytes base64."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):  # a letter asset (logo)
        return base64.b64encode(value).decode("ascii")
    return value


def encode_value(value: Any) -> str | None:
    """A field value as the JSON text an op stores (None stays None)."""
    if value is None:
        return None
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True)


def decode_value(text_value: str | None) -> Any:
    """The JSON data of an op's value text."""
    return None if text_value is None else json.loads(text_value)


def row_values(obj: Any) -> dict[str, Any]:
    """Every field of an ORM record but its key and stamps, as JSON data."""
    from sqlalchemy import inspect

    return {attr.key: plain(getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs
            if attr.key not in STAMP_FIELDS and attr.key != "id"}


def scope_column(table: str) -> tuple[str, str | None] | None:
    """How a table's rows belong to a case: (column, parent table or None), or None (team-wide).

    A child is its own case; a table with `child_id` names it; others follow their first
    foreign key to a table that belongs to a case (a plan item to its plan version, ...).
    """
    if table == "child":
        return ("id", None)
    columns = SYNCED_BY_NAME[table].__table__.columns  # type: ignore[attr-defined]
    if "child_id" in columns:
        return ("child_id", None)
    for column in columns:
        for key in column.foreign_keys:
            parent = key.column.table.name
            if scope_column(parent) is not None:
                return (column.name, parent)
    return None


class ScopeResolver:
    """Finds the case each written row belongs to, remembering what it has looked up."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._known: dict[tuple[str, str], str | None] = {}

    def remember(self, table: str, row_id: str, scope: str | None) -> None:
        self._known[table, row_id] = scope

    def scope(self, table: str, row_id: str, values: dict[str, Any]) -> str | None:
        """The case (child id as text) of a row with these values, or None if team-wide."""
        path = scope_column(table)
        if path is None:
            return None
        column, parent = path
        value = row_id if column == "id" else values.get(column)
        if value is None or parent is None:
            return None if value is None else str(uuid.UUID(str(value)))
        return self.scope_of_row(parent, str(uuid.UUID(str(value))))

    def scope_of_row(self, table: str, row_id: str) -> str | None:
        """The case of an existing row, read from the database (or from this transaction)."""
        key = (table, row_id)
        if key not in self._known:
            path = scope_column(table)
            scope = None
            if path is not None:
                column, parent = path
                if column == "id":
                    scope = row_id
                else:
                    found = self._session.execute(
                        text(f"SELECT {column} FROM {table} WHERE id = :id"),
                        {"id": uuid.UUID(row_id).hex}).scalar()
                    if found is None:  # gone already: the state cache remembers
                        found_scope = self._session.execute(
                            select(FieldState.scope).where(
                                FieldState.table_name == table,
                                FieldState.row_id == uuid.UUID(row_id))).scalars().first()
                        scope = str(found_scope) if found_scope else None
                    elif parent is None:
                        scope = str(uuid.UUID(str(found)))
                    else:
                        scope = self.scope_of_row(parent, str(uuid.UUID(str(found))))
            self._known[key] = scope
        return self._known[key]


@dataclass
class PendingOp:
    """One op of the batch being built."""

    table: str
    row_id: str
    field: str
    value: Any
    supersedes: list[list[Any]] = field(default_factory=list)
    scope: str | None = None


def parse_dots(text_value: str | None) -> list[list[Any]]:
    """The `[origin, batch_no]` dots of a `siblings` or `supersedes` JSON text."""
    return json.loads(text_value) if text_value else []


class BatchRecorder:
    """Collects the ops of one transaction and writes them as one batch before commit."""

    def __init__(self, session: Session, origin: uuid.UUID, author: uuid.UUID | None,
                 now: datetime) -> None:
        self.session = session
        self.origin = origin
        self.author = author
        self.now = now
        self.scopes = ScopeResolver(session)
        self._ops: dict[tuple[str, str, str], PendingOp] = {}
        self._created: set[tuple[str, str]] = set()
        self.batch_no: int | None = None

    def _siblings(self, table: str, row_id: str, field_name: str) -> list[list[Any]]:
        found = self.session.execute(
            select(FieldState.siblings).where(
                FieldState.table_name == table, FieldState.row_id == uuid.UUID(row_id),
                FieldState.field == field_name)).scalar()
        return parse_dots(found)

    def created(self, table: str, row_id: uuid.UUID, values: dict[str, Any],
                scope: str | None = None, *, resolved: bool = False) -> None:
        """A new record with its first values (JSON data)."""
        rid = str(row_id)
        if not resolved:
            scope = self.scopes.scope(table, rid, values)
        self.scopes.remember(table, rid, scope)
        self._created.add((table, rid))
        self._ops[table, rid, ROW] = PendingOp(table, rid, ROW,
                                               {"state": "created", "values": values}, [],
                                               scope)

    def changed(self, table: str, row_id: uuid.UUID, field_name: str, value: Any) -> None:
        """A field of an existing record set to `value` (JSON data)."""
        rid = str(row_id)
        if (table, rid) in self._created:  # still being created: fold into its first values
            self._ops[table, rid, ROW].value["values"][field_name] = value
            return
        pending = self._ops.get((table, rid, field_name))
        if pending is not None:
            pending.value = value
            return
        scope = self.scopes.scope_of_row(table, rid)
        # Never written since the record was made: it replaces the creation's value.
        seen = self._siblings(table, rid, field_name) or self._siblings(table, rid, ROW)
        self._ops[table, rid, field_name] = PendingOp(table, rid, field_name, value, seen, scope)

    def deleted(self, table: str, row_id: uuid.UUID, was: dict[str, Any]) -> None:
        """A record deleted; `was` is what it held, so a restore can bring it back."""
        rid = str(row_id)
        for key in [k for k in self._ops if k[0] == table and k[1] == rid]:
            del self._ops[key]
        if (table, rid) in self._created:  # created and deleted in one go: never existed
            self._created.discard((table, rid))
            return
        scope = self.scopes.scope_of_row(table, rid)
        rows = self.session.execute(
            select(FieldState.siblings).where(
                FieldState.table_name == table, FieldState.row_id == uuid.UUID(rid))).scalars()
        seen = sorted({tuple(dot) for siblings in rows for dot in parse_dots(siblings)})
        self._ops[table, rid, ROW] = PendingOp(table, rid, ROW, {"state": "deleted", "was": was},
                                               [list(dot) for dot in seen], scope)

    def restored(self, table: str, row_id: uuid.UUID, values: dict[str, Any]) -> None:
        """A record deleted elsewhere kept here on purpose: a creation that saw the delete."""
        rid = str(row_id)
        scope = self.scopes.scope_of_row(table, rid)
        self._ops[table, rid, ROW] = PendingOp(
            table, rid, ROW, {"state": "created", "values": values},
            self._siblings(table, rid, ROW), scope)

    def write(self) -> int | None:
        """Write the batch, its ops and the new field states; return its number (None: empty)."""
        if not self._ops:
            return None
        session = self.session
        last = session.execute(select(ChangeBatch.batch_no).where(
            ChangeBatch.origin == self.origin).order_by(ChangeBatch.batch_no.desc())
            .limit(1)).scalar()
        batch_no = (last or 0) + 1
        meta = session.get(AppMeta, HLC_KEY)
        stamp = tick(Hlc.parse(meta.value) if meta else Hlc(0, 0), self.now)
        if meta is None:
            session.add(AppMeta(key=HLC_KEY, value=str(stamp)))
        else:
            meta.value = str(stamp)
        origin = self.origin.hex
        author = self.author.hex if self.author else None
        ops = []
        for seq, op in enumerate(self._ops.values(), start=1):
            ops.append((seq, op.table, uuid.UUID(op.row_id).hex, op.field,
                        None if op.value is None else json.dumps(op.value, ensure_ascii=False,
                                                                  sort_keys=True),
                        sorted(op.supersedes), op.scope and uuid.UUID(op.scope).hex))
        seen_meta = session.get(AppMeta, SEEN_KEY)
        seen = json.loads(seen_meta.value) if seen_meta else {}
        seen.pop(origin, None)
        digest = batch_digest(batch_body(origin, batch_no, str(stamp), author, seen, ops))
        session.execute(insert(ChangeBatch).values(
            origin=self.origin, batch_no=batch_no, hlc=str(stamp), author_id=self.author,
            seen=json.dumps(seen, sort_keys=True), op_count=len(ops), digest=digest))
        write_ops(session, self.origin, batch_no, ops)
        dot = [origin, batch_no]
        states = []
        for seq, table, row_hex, field_name, value, _sup, scope in ops:
            row = uuid.UUID(hex=row_hex)
            if field_name == ROW and json.loads(value)["state"] == "deleted":
                session.execute(delete(FieldState).where(
                    FieldState.table_name == table, FieldState.row_id == row,
                    FieldState.field != ROW))
            states.append({"table_name": table, "row_id": row, "field": field_name,
                           "siblings": json.dumps([dot]), "conflict": False,
                           "scope": uuid.UUID(hex=scope) if scope else None})
            del seq
        upsert_states(session, states)
        self.batch_no = batch_no
        return batch_no


def write_ops(session: Session, origin: uuid.UUID, batch_no: int, ops: list) -> None:
    """Insert a batch's ops (in the `batches` tuple form) with one executemany."""
    session.execute(insert(FieldOp), [
        {"origin": origin, "batch_no": batch_no, "seq": seq, "table_name": table,
         "row_id": uuid.UUID(hex=row_hex), "field": field_name, "value": value,
         "supersedes": json.dumps(supersedes), "scope": uuid.UUID(hex=scope) if scope else None}
        for seq, table, row_hex, field_name, value, supersedes, scope in ops])


def upsert_states(session: Session, states: list[dict[str, Any]]) -> None:
    """Insert or replace field states."""
    if not states:
        return
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    statement = sqlite_insert(FieldState)
    statement = statement.on_conflict_do_update(
        index_elements=["table_name", "row_id", "field"],
        set_={"siblings": statement.excluded.siblings, "conflict": statement.excluded.conflict,
              "scope": statement.excluded.scope})
    session.execute(statement, states)
