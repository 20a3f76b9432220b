"""Alembic environment: runs migrations on the engine the app hands over, in batch mode.

SQLite alters most tables by copying them to a new table and dropping the old one. With
foreign keys on, dropping a parent table such as `child` would cascade-delete every plan,
review and contact, so migrations run with foreign keys off, and the result is checked with
`PRAGMA foreign_key_check` before commit: a migration that leaves a dangling reference is
rolled back whole (SQLite DDL is transactional) and the database stays as it was.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from caseworker_app.db import tables  # noqa: F401 - registers every table on the metadata
from caseworker_app.db.base import Base
from caseworker_app.errors import DatabaseError

config = context.config
engine = config.attributes["engine"]


def _set_foreign_keys(connection: Connection, on: bool) -> None:
    # Outside any transaction (the PRAGMA is a no-op inside one), on the raw connection.
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys = {int(on)}")


with engine.connect() as connection:
    _set_foreign_keys(connection, False)
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite can only ALTER by copying tables
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                tables_hit = sorted({row[0] for row in broken})
                raise DatabaseError(
                    "The schema upgrade would leave records pointing at missing ones "
                    f"(in {', '.join(tables_hit)}); it was undone and nothing has changed.")
        connection.commit()
    finally:
        _set_foreign_keys(connection, True)
