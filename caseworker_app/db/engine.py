"""The SQLite engine: durable settings on every connection, and explicit transactions.

Every connection runs in WAL mode with synchronous=FULL (a committed transaction survives a
power cut) and foreign keys enforced. Python's sqlite3 module is told to leave transactions
alone so that SQLAlchemy's BEGIN is the one SQLite sees; writes begin IMMEDIATE so that two
writers queue at the start instead of failing half-way (sqlite.org/lang_transaction.html).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "caseworker_write"


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy, not sqlite3, opens transactions
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(path: Path) -> Engine:
    """Create the engine for the database file at `path` (the file need not exist yet)."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},  # used from worker threads, never shared
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at BEGIN."""
    return engine.execution_options(**{WRITE_OPTION: True})
