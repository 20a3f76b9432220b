"""The one write path: a unit of work that stamps, records and commits each change.

Services open `database.write(author)` for every change. Inside it, the session's flush
hook stamps synced records (created/updated time and author, row version) and hands each
created, changed and deleted record to the batch recorder (`db/changes.py`), which writes
the transaction as one numbered change batch of field ops just before it commits: what sync
exchanges and what the history view reads. Reads use `database.read()`, which refuses to
flush anything.
"""

from __future__ import annotations

import operator
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Engine, Uuid, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from caseworker_app.clock import Clock
from caseworker_app.db.base import SyncedMixin, new_id
from caseworker_app.db.changes import STAMP_FIELDS, BatchRecorder, encode_value, plain, row_values
from caseworker_app.db.engine import writer
from caseworker_app.db.tables import AppMeta

BULK_CHUNK = 5_000  # rows per executemany: bounds memory for large loads
REPLICA_KEY = "replica_id"

__all__ = ["REPLICA_KEY", "Database", "UnitOfWork", "encode_value"]


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
    """State for one write transaction: who is writing, when, and the batch it becomes."""

    def __init__(self, session: Session, author_id: uuid.UUID | None, now: datetime,
                 origin: uuid.UUID | None) -> None:
        self.session = session
        self.author_id = author_id
        self.now = now
        self._origin = origin
        self._recorder: BatchRecorder | None = None
        self._plans: dict[tuple, tuple[str, Callable[[Mapping], tuple]]] = {}

    @property
    def recorder(self) -> BatchRecorder:
        """The change batch this transaction is building (taken on first use)."""
        if self._recorder is None:
            if self._origin is None:
                raise RuntimeError("this database has no replica id yet: open it with "
                                   "db.store.open_database")
            self._recorder = BatchRecorder(self.session, self._origin, self.author_id, self.now)
        return self._recorder

    @property
    def batch_no(self) -> int | None:
        """The number of the batch written at commit (None before, or if nothing changed)."""
        return self._recorder.batch_no if self._recorder else None

    def finish(self) -> None:
        """Flush, then write the change batch: the last step before commit."""
        self.session.flush()
        if self._recorder is not None:
            self._recorder.write()

    def insert_rows(self, table: type[SyncedMixin], rows: Sequence[Mapping[str, Any]],
                    *, record: bool = True) -> None:
        """Insert many new records at once (demo data, imports), stamped like any other.

        Rows must all have the same keys; "id" may be given (a UUID or its 32-digit hex) or is
        minted. Values go through SQLAlchemy's own bind processors, once per column, then one
        DBAPI executemany: about five times faster than the ORM bulk path, which matters for a
        100,000-case load. Each row is recorded as one creation op carrying all its values
        (as a flushed record is). `record=False` is for the demonstration caseload only: a
        local seed that is not in the change log and so never syncs.
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
        if not record:
            return
        name = table.__tablename__
        recorder = self.recorder
        for row in rows:
            row_id = row["id"] if isinstance(row["id"], uuid.UUID) else uuid.UUID(hex=row["id"])
            values = {key: plain(value) for key, value in row.items() if key != "id"}
            for column in table.__table__.columns:  # type: ignore[attr-defined]
                if column.key not in values and column.key not in STAMP_FIELDS \
                        and column.key != "id":
                    default = column.default
                    values[column.key] = plain(default.arg) if default is not None else None
            recorder.created(name, row_id, values)

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
        """Stamp every synced object the flush is about to write, and record its change."""
        for obj in list(session.new):
            if isinstance(obj, SyncedMixin):
                self._stamp_new(obj)
        for obj in list(session.dirty):
            if isinstance(obj, SyncedMixin) and session.is_modified(obj):
                self._stamp_changed(obj)
        for obj in list(session.deleted):
            if isinstance(obj, SyncedMixin):
                self.recorder.deleted(obj.__tablename__, obj.id, row_values(obj))  # type: ignore[attr-defined]

    def _stamp_new(self, obj: SyncedMixin) -> None:
        if obj.id is None:
            obj.id = new_id()
        obj.created_at = obj.updated_at = self.now
        obj.created_by = obj.updated_by = self.author_id
        obj.row_version = 1
        for column in obj.__table__.columns:  # type: ignore[attr-defined]
            # the INSERT would fill these in after this hook: record what it will store
            default = column.default
            if default is not None and default.is_scalar and getattr(obj, column.key) is None:
                setattr(obj, column.key, default.arg)
        self.recorder.created(obj.__tablename__, obj.id, row_values(obj))  # type: ignore[attr-defined]

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
                self.recorder.changed(obj.__tablename__, obj.id, attr.key, plain(new))  # type: ignore[attr-defined]
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
        self._replica_id: uuid.UUID | None = None
        self.on_batch: Callable[[int], None] | None = None  # told of each committed batch

    @property
    def replica_id(self) -> uuid.UUID | None:
        """This database instance's id in the team's change log (None until set at open)."""
        if self._replica_id is None:
            value = self.get_meta(REPLICA_KEY)
            self._replica_id = uuid.UUID(value) if value else None
        return self._replica_id

    def forget_replica_id(self) -> None:
        """Read the replica id again next time (after `store` mints a new one)."""
        self._replica_id = None

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
        origin = self.replica_id
        session = self._write()
        uow = UnitOfWork(session, author_id, self.clock.now(), origin)
        event.listen(session, "before_flush", lambda s, _c, _i: uow.on_flush(s))
        try:
            with session.begin():
                yield uow
                uow.finish()
        finally:
            session.close()
        if uow.batch_no is not None and self.on_batch is not None:
            self.on_batch(uow.batch_no)

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
