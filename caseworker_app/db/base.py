"""Declarative base, naming convention and the columns every synced record carries."""

from __future__ import annotations

import uuid
from datetime import datetime

import uuid_utils.compat as uuid_compat
from sqlalchemy import DateTime, Integer, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names let Alembic's batch mode on SQLite find and alter constraints.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> uuid.UUID:
    """A time-ordered UUIDv7: unique across replicas, and kind to B-tree indexes."""
    return uuid_compat.uuid7()


class Base(DeclarativeBase):
    """Base class of every ORM table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncedMixin:
    """Columns shared by every record that will travel between replicas.

    The key is a UUID minted where the record is created, never an autoincrement, so two
    laptops cannot hand out the same id. The stamps are written only by the unit of work.
    """

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
