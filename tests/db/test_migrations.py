"""Migrations: a fresh upgrade matches the models; upgrades back up; durability settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from caseworker_app.db.base import Base
from caseworker_app.db.engine import make_engine
from caseworker_app.db.migrate import alembic_config, current_revision, head_revision
from caseworker_app.db.store import open_database
from caseworker_app.errors import DatabaseError


def test_fresh_upgrade_matches_the_models(database) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


def test_database_is_at_head_with_durable_settings(database) -> None:
    assert current_revision(database.engine) == head_revision()
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_every_revision_applies_in_turn_and_downgrades(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "steps.db")
    cfg = alembic_config(engine)
    revisions = list(reversed(list(ScriptDirectory.from_config(cfg).walk_revisions())))
    for revision in revisions:
        command.upgrade(cfg, revision.revision)
        assert current_revision(engine) == revision.revision
    command.downgrade(cfg, "base")
    assert current_revision(engine) is None
    engine.dispose()


def test_upgrade_of_an_older_database_takes_a_backup_first(tmp_path: Path, clock) -> None:
    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    if len(revisions) < 2:
        pytest.skip("only one schema revision exists: there is no older schema to upgrade")
    path = tmp_path / "old.db"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), revisions[1].revision)  # one before head
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO app_meta (key, value) VALUES ('marker', 'kept')")
    engine.dispose()
    opened = open_database(path, clock)
    backup = opened.upgrade.backup
    assert backup is not None and backup.exists()
    con = sqlite3.connect(backup)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
        revisions[1].revision,)
    assert con.execute("SELECT value FROM app_meta WHERE key='marker'").fetchone() == ("kept",)
    con.close()
    opened.database.dispose()


def test_backup_copy_holds_committed_data(tmp_path: Path, database, clock) -> None:
    from caseworker_app.db.backup import backup_database, integrity_ok

    database.set_meta("marker", "kept")  # committed, possibly still only in the -wal file
    copy = backup_database(database.path, tmp_path / "backups", "manual", clock.now())
    assert integrity_ok(copy) == (True, "ok")
    con = sqlite3.connect(copy)
    assert con.execute("SELECT value FROM app_meta WHERE key='marker'").fetchone() == ("kept",)
    con.close()


def test_a_database_from_a_newer_version_is_refused_unchanged(tmp_path: Path, clock) -> None:
    path = tmp_path / "newer.db"
    open_database(path, clock).database.dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(path, clock)
    assert path.read_bytes() == before


def test_a_damaged_file_is_refused_with_a_clear_message(tmp_path: Path, clock) -> None:
    path = tmp_path / "not-a-database.db"
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(DatabaseError, match="integrity check"):
        open_database(path, clock)


def test_each_database_gets_its_own_replica_id(tmp_path: Path, clock) -> None:
    first = open_database(tmp_path / "a.db", clock).database
    second = open_database(tmp_path / "b.db", clock).database
    assert first.get_meta("replica_id") != second.get_meta("replica_id")
    first.dispose()
    second.dispose()


def _row_counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        return {n: conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar() for n in names}


def test_no_migration_loses_a_row_either_way(tmp_path: Path, clock) -> None:
    """Each revision down and up again on a populated caseload keeps every record.

    SQLite rebuilds a table to alter it; with foreign keys on, dropping the old `child`
    table would cascade-delete plans, reviews and contacts. This catches that.
    """
    from caseworker_app.demo import generate_demo

    path = tmp_path / "populated.db"
    opened = open_database(path, clock)
    generate_demo(opened.database, 40, seed=3)
    engine = opened.database.engine
    before = _row_counts(engine)
    assert before["annual_review"] > 0 and before["contact"] > 0
    cfg = alembic_config(engine)
    revisions = [r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()]
    for revision in revisions[:-1]:  # every step down to the initial schema, and back
        command.downgrade(cfg, f"{revision}-1")
        after_down = _row_counts(engine)
        for table, count in after_down.items():
            assert count == before[table], f"{table} lost rows going below {revision}"
        command.upgrade(cfg, "head")
        after_up = _row_counts(engine)
        # a table the revision creates is dropped going below it, its rows with it
        assert {t: after_up[t] for t in after_down} == {t: before[t] for t in after_down}
        assert set(after_up) == set(before)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    opened.database.dispose()
