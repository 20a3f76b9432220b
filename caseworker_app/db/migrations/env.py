"""Alembic environment: runs migrations on the engine the app hands over, in batch mode."""

from __future__ import annotations

from alembic import context

from caseworker_app.db import tables  # noqa: F401 - registers every table on the metadata
from caseworker_app.db.base import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
