"""Open a database file for use: check it, back it up, migrate it, give it an identity."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caseworker_app.clock import Clock
from caseworker_app.db.backup import integrity_ok
from caseworker_app.db.base import new_id
from caseworker_app.db.engine import make_engine
from caseworker_app.db.migrate import UpgradeResult, upgrade_database
from caseworker_app.db.uow import Database
from caseworker_app.errors import DatabaseError

REPLICA_KEY = "replica_id"


@dataclass(frozen=True)
class OpenedDatabase:
    """An open, up-to-date database and what happened while opening it."""

    database: Database
    upgrade: UpgradeResult
    created: bool


def open_database(path: Path, clock: Clock) -> OpenedDatabase:
    """Open (creating if needed) the database at `path` and bring it to the newest schema.

    An existing file is integrity-checked first, so a damaged database is reported
    instead of being written to. The upgrade takes a backup before changing anything.
    """
    path = path.expanduser().resolve()
    created = not path.exists() or path.stat().st_size == 0
    if not created:
        ok, message = integrity_ok(path)
        if not ok:
            raise DatabaseError(
                f"{path} failed SQLite's integrity check ({message}). It has not been changed; "
                "restore a backup from the backups folder beside it."
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        upgrade = upgrade_database(path, engine, clock.now())
    except DatabaseError:
        engine.dispose()
        raise
    database = Database(path, engine, clock)
    if database.get_meta(REPLICA_KEY) is None:
        database.set_meta(REPLICA_KEY, str(new_id()))
    return OpenedDatabase(database, upgrade, created)
