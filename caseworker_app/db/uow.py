"""The one write path: a unit of work that stamps, journals and commits each change.

Services open `database.write(author)` for every change. Inside it, the session's flush
hook stamps synced records (created/updated time and author, row version) and writes one
`change_journal` row per field changed, with the value it replaced, under one batch number
per transaction. That journal is where the sync work records change batches, and what the
history view reads. Reads use `database.read()`, which refuses to flush anything.
"""

from __future__ import annotations

import base64
import json
import operator
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Engine, Uuid, event, func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from caseworker_app.clock import Clock
from caseworker_app.db.base import SyncedMixin, new_id
from caseworker_app.db.engine import writer
from caseworker_app.db.tables import AppMeta, ChangeJournal

BULK_CHUNK = 5_000  # rows per executemany: bounds memory for large loads
STAMP_FIELDS = {"created_at", "created_by", "updated_at", "updated_by", "row_version"}


def encode_value(value: Any) -> str | None:
    """Serialise a field value for the journal as JSON text (None stays None)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    elif isinstance(value, uuid.UUID):
        value = str(value)
    elif isinstance(value, bytes):  # a letter asset (logo): base64, so sync can carry it
        value = base64.b64encode(value).decode("ascii")
    return json.dumps(value, ensure_ascii=False)


def _compile_bulk(table: type[SyncedMixin], keys: tuple[str, ...], dialect: Any,
                  stamps: dict[str, Any]) -> tuple[str, Callable[[Mapping], tuple]]:
    """Build an INSERT for `keys` plus the stamps, and a converter applying bind processors."""
    columns = table.__table__.columns  # type: ignore[attr-defined]
    assert set(stamps) == STAMP_FIELDS, "bulk rows must be stamped like flushed ones"
    fixed = dict(stamps)
    for column in columns:  # a column left out gets its scalar default, as the ORM would give
        if column.key not in keys and column.key not in fixed and column.default is not None:
            if not column.default.is_scalar:
                raise ValueError(f"{table.__tablename__}.{column.key} needs a value")
            fixed[column.key] = column.default.arg

    def processor(column: Any) -> Callable[[Any], Any] | None:
        if isinstance(column.type, Uuid):  # accept UUIDs or their hex text
            return lambda v: v.hex if isinstance(v, uuid.UUID) else v
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if isinstance(column.type, Date) and process is not None:
            return date.isoformat  # what the processor does, at C speed
        return process

    def bind(column: Any, value: Any) -> Any:
        process = processor(column)
        return process(value) if process and value is not None else value

    fixed_values = tuple(bind(columns[k], v) for k, v in fixed.items())
    processors = [(i, p) for i, p in ((i, processor(columns[k])) for i, k in enumerate(keys))
                  if p is not None]
    getter = operator.itemgetter(*keys)

    def convert(row: Mapping) -> tuple:
        values = list(getter(row)) if len(keys) > 1 else [getter(row)]
        for index, process in processors:
            if values[index] is not None:
                values[index] = process(values[index])
        return fixed_values + tuple(values)

    names = (*fixed, *keys)
    sql = (f"INSERT INTO {table.__tablename__} ({', '.join(names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    return sql, convert


class ReadOnlySessionError(RuntimeError):
    """Raised when code tries to write through a read session."""


class UnitOfWork:
    """State for one write transaction: who is writing, when, and its journal batch."""

    def __init__(self, session: Session, author_id: uuid.UUID | None, now: datetime) -> None:
        self.session = session
        self.author_id = author_id
        self.now = now
        self._batch_no: int | None = None
        self._plans: dict[tuple, tuple[str, Callable[[Mapping], tuple]]] = {}

    @property
    def batch_no(self) -> int:
        """The journal batch of this transaction, taken on first use (inside BEGIN IMMEDIATE)."""
        if self._batch_no is None:
            last = self.session.execute(select(func.max(ChangeJournal.batch_no))).scalar()
            self._batch_no = (last or 0) + 1
        return self._batch_no

    def journal(self, table: str, row_id: uuid.UUID, field: str, old: Any, new: Any) -> None:
        """Record that `field` of a row went from `old` to `new` in this transaction."""
        self.session.add(
            ChangeJournal(
                batch_no=self.batch_no, at=self.now, author_id=self.author_id,
                table_name=table, row_id=row_id, field=field,
                old_value=encode_value(old), new_value=encode_value(new),
            )
        )

    def insert_rows(self, table: type[SyncedMixin], rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert many new records at once (demo data, imports), stamped like any other.

        Rows must all have the same keys; "id" may be given (a UUID or its 32-digit hex) or is
        minted. Values go through SQLAlchemy's own bind processors, once per column, then one
        DBAPI executemany: about five times faster than the ORM bulk path, which matters for a
        100,000-case load. Rows are journalled as one `_bulk_insert` entry per call with the
        count, not field by field: bulk loads are seeds, shared as snapshots, not field edits.
        """
        if not rows:
            return
        if "id" not in rows[0]:
            rows = [{"id": new_id().hex, **row} for row in rows]
        keys = tuple(rows[0])
        if any(len(row) != len(keys) for row in rows):
            raise ValueError(f"rows for {table.__tablename__} must all have the same fields")
        sql, convert = self._bulk_plan(table, keys)
        connection = self.session.connection()
        for start in range(0, len(rows), BULK_CHUNK):
            chunk = rows[start:start + BULK_CHUNK]
            connection.exec_driver_sql(sql, [convert(row) for row in chunk])
        first = rows[0]["id"]
        self.journal(table.__tablename__, first if isinstance(first, uuid.UUID)
                     else uuid.UUID(hex=first), "_bulk_insert", None, len(rows))

    def _bulk_plan(self, table: type[SyncedMixin],
                   keys: tuple[str, ...]) -> tuple[str, Callable[[Mapping], tuple]]:
        """The INSERT statement and row converter for `table` with columns `keys`."""
        plan = self._plans.get((table, keys))
        if plan is None:
            plan = self._plans[table, keys] = _compile_bulk(
                table, keys, self.session.connection().dialect,
                {"created_at": self.now, "created_by": self.author_id, "updated_at": self.now,
                 "updated_by": self.author_id, "row_version": 1})
        return plan

    def on_flush(self, session: Session) -> None:
        """Stamp and journal every synced object the flush is about to write."""
        for obj in list(session.new):
            if isinstance(obj, SyncedMixin):
                self._stamp_new(obj)
        for obj in list(session.dirty):
            if isinstance(obj, SyncedMixin) and session.is_modified(obj):
                self._stamp_changed(obj)
        for obj in list(session.deleted):
            if isinstance(obj, SyncedMixin):
                self.journal(obj.__tablename__, obj.id, "_row", "present", "deleted")

    def _stamp_new(self, obj: SyncedMixin) -> None:
        if obj.id is None:
            obj.id = new_id()
        obj.created_at = obj.updated_at = self.now
        obj.created_by = obj.updated_by = self.author_id
        obj.row_version = 1
        table = obj.__tablename__  # type: ignore[attr-defined]
        self.journal(table, obj.id, "_row", None, "created")
        for attr in inspect(obj).mapper.column_attrs:
            if attr.key not in STAMP_FIELDS and attr.key != "id":
                value = getattr(obj, attr.key)
                if value is not None:
                    self.journal(table, obj.id, attr.key, None, value)

    def _stamp_changed(self, obj: SyncedMixin) -> None:
        state = inspect(obj)
        changed = False
        for attr in state.mapper.column_attrs:
            if attr.key in STAMP_FIELDS:
                continue
            history = state.attrs[attr.key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                self.journal(obj.__tablename__, obj.id, attr.key, old, new)  # type: ignore[attr-defined]
                changed = True
        if changed:
            obj.updated_at = self.now
            obj.updated_by = self.author_id
            obj.row_version = (obj.row_version or 0) + 1


class Database:
    """An open database file: where services get read sessions and units of work."""

    def __init__(self, path: Path, engine: Engine, clock: Clock) -> None:
        self.path = path
        self.engine = engine
        self.clock = clock
        self._read = sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self._write = sessionmaker(writer(engine), expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries only; any attempt to flush changes is an error."""
        session = self._read()

        def refuse(_session: Session, _ctx: Any, _instances: Any) -> None:
            if _session.new or _session.dirty or _session.deleted:
                raise ReadOnlySessionError("writes must go through Database.write()")

        event.listen(session, "before_flush", refuse)
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def write(self, author_id: uuid.UUID | None) -> Iterator[UnitOfWork]:
        """A unit of work: commits when the block ends, rolls back entirely on any error."""
        session = self._write()
        uow = UnitOfWork(session, author_id, self.clock.now())
        event.listen(session, "before_flush", lambda s, _c, _i: uow.on_flush(s))
        try:
            with session.begin():
                yield uow
        finally:
            session.close()

    def get_meta(self, key: str) -> str | None:
        """Read a local fact about this database (see `AppMeta`)."""
        with self.read() as session:
            row = session.get(AppMeta, key)
            return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a local fact about this database; not journalled, never synced."""
        with self.write(None) as uow:
            row = uow.session.get(AppMeta, key)
            if row is None:
                uow.session.add(AppMeta(key=key, value=value))
            else:
                row.value = value

    def dispose(self) -> None:
        """Close every pooled connection (before a backup or when the app closes)."""
        self.engine.dispose()
