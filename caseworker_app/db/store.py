"""Open a database file for use: check it, back it up, migrate it, give it an identity.

The identity is the replica id every change batch made here is numbered under. Two
databases must never share one, or their batches would collide (automerge#675 in sync.md):
so a new id is minted for a new file, for a file that has been copied or moved (the host
and path it was last opened at are kept in it), and for a file restored from a backup (the
marker file beside it, `<name>.replica.json`, remembers the highest batch written here;
a database that is behind its marker has been put back in time).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from caseworker_app.clock import Clock
from caseworker_app.db.backup import integrity_ok
from caseworker_app.db.base import new_id
from caseworker_app.db.engine import make_engine
from caseworker_app.db.migrate import UpgradeResult, upgrade_database
from caseworker_app.db.uow import REPLICA_KEY, Database
from caseworker_app.errors import DatabaseError

HOME_KEY = "replica_home"
RETIRED_KEY = "retired_replica_ids"


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
    reason = _replica_check(database)
    if reason is not None:
        mint_replica_id(database, reason)
    database.on_batch = lambda batch_no: _write_marker(database, batch_no)
    return OpenedDatabase(database, upgrade, created)


def marker_path(path: Path) -> Path:
    """The file beside a database that remembers its replica id and highest batch."""
    return path.with_name(path.name + ".replica.json")


def _replica_check(database: Database) -> str | None:
    """Why this database needs a new replica id, or None if its own is still good."""
    replica = database.get_meta(REPLICA_KEY)
    if replica is None:
        return "new"
    home = f"{socket.gethostname()}|{os.path.normcase(str(database.path))}"
    if database.get_meta(HOME_KEY) not in (None, home):
        return "copied or moved"
    try:
        marker = json.loads(marker_path(database.path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if marker.get("replica_id") == replica and \
            int(marker.get("batch_no", 0)) > _own_high_water(database, uuid.UUID(replica)):
        return "restored from a backup"
    return None


def _own_high_water(database: Database, replica: uuid.UUID) -> int:
    from sqlalchemy import func, select

    from caseworker_app.db.tables import ChangeBatch

    with database.read() as session:
        return session.execute(select(func.max(ChangeBatch.batch_no)).where(
            ChangeBatch.origin == replica)).scalar() or 0


def mint_replica_id(database: Database, reason: str) -> uuid.UUID:
    """Give the database a new replica id (retiring the old one for good) and record why."""
    old = database.get_meta(REPLICA_KEY)
    if old is not None:
        retired = json.loads(database.get_meta(RETIRED_KEY) or "[]")
        retired.append({"replica_id": old, "reason": reason,
                        "at": database.clock.now().isoformat()})
        database.set_meta(RETIRED_KEY, json.dumps(retired))
    replica = new_id()
    database.set_meta(REPLICA_KEY, str(replica))
    database.set_meta(HOME_KEY, f"{socket.gethostname()}|{os.path.normcase(str(database.path))}")
    database.forget_replica_id()
    _write_marker(database, 0)
    return replica


def _write_marker(database: Database, batch_no: int) -> None:
    """Remember the highest batch written here, beside the database (best effort)."""
    marker = marker_path(database.path)
    replica = database.replica_id
    try:
        temp = marker.with_name(marker.name + ".tmp")
        temp.write_text(json.dumps({"replica_id": str(replica), "batch_no": batch_no}),
                        encoding="utf-8")
        os.replace(temp, marker)
    except OSError:  # a read-only folder: the check at open is skipped, nothing else
        pass
