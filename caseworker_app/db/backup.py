"""Consistent copies of the live database through SQLite's online backup API.

A plain file copy of a database in WAL mode can miss committed pages still in the -wal
file (sqlite.org/howtocorrupt.html), so backups always go through `Connection.backup`.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path


def backup_database(source: Path, folder: Path, reason: str, now: datetime) -> Path:
    """Copy `source` into `folder` as `<stem>-<reason>-<timestamp>.db` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}-{reason}-{now:%Y%m%d-%H%M%S-%f}.db"
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def integrity_ok(path: Path) -> tuple[bool, str]:
    """Run `PRAGMA quick_check` on the file; return (ok, SQLite's message)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return False, str(exc)
    message = "; ".join(str(r[0]) for r in rows)
    return message == "ok", message
