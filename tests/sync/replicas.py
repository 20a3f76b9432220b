"""A test harness of replicas on real SQLite files, exchanging change batches directly.

Each `Replica` is a database opened by the app's own start-up path, with its own clock and a
case officer acting on it. `send(to)` is what an export file carries (every batch the
recipient has not acknowledged); `take(batches)` is an import's one transaction. The file
envelope (encryption, signatures) is tested on its own; here batches are signed with a dummy
key so the change log's logic can be driven thousands of times quickly.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from caseworker_app.clock import FixedClock
from caseworker_app.codes import ChronologyKind, Need, OfficerRole, Relationship, Sex
from caseworker_app.db.store import open_database
from caseworker_app.db.tables import SYNCED_TABLES, ChangeBatch, Child, Contact, FieldOp, FieldState
from caseworker_app.entities import NewCase
from caseworker_app.services import Services
from caseworker_app.sync import changelog
from caseworker_app.sync.knowledge import Knowledge

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STAMPS = {"created_at", "created_by", "updated_at", "updated_by", "row_version"}


def dummy_sign(digest: bytes) -> tuple[bytes, bytes]:
    return b"\x01" * 32, b"\x02" * 64


class Replica:
    """One officer's database."""

    def __init__(self, folder: Path, name: str, skew: timedelta = timedelta(0)) -> None:
        self.name = name
        self.clock = FixedClock(START + skew)
        self.database = open_database(folder / f"{name}.db", self.clock).database
        self.services = Services.build(self.database, None)
        self.officer_id: uuid.UUID | None = None

    def become(self, officer_id: uuid.UUID | None = None, role=OfficerRole.CASE_OFFICER):
        if officer_id is None:
            officer_id = self.services.reference.create_profile(self.name.title(), role).id
        self.officer_id = officer_id
        self.services.act_as(officer_id)
        return officer_id

    def tick(self, seconds: int = 1) -> None:
        self.clock.at += timedelta(seconds=seconds)

    # ----- exchange -------------------------------------------------------------------
    def knowledge(self) -> Knowledge:
        with self.database.read() as session:
            return changelog.local_knowledge(session)

    def send(self, since: Knowledge | None = None) -> list[changelog.WireBatch]:
        with self.database.write(None) as uow:
            return changelog.outgoing(uow.session, since or {}, dummy_sign)

    def take(self, batches: list[changelog.WireBatch]) -> changelog.Applied:
        with self.database.write(None) as uow:
            return changelog.incoming(uow.session, batches, self.clock.now())

    # ----- edits ----------------------------------------------------------------------
    def open_case(self, surname: str = "Nowak") -> uuid.UUID:
        row = self.services.cases.open_case(NewCase(
            legal_forename="Amy", legal_surname=surname, date_of_birth=date(2014, 5, 2),
            sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=self.officer_id,
            plan_issued_on=date(2025, 12, 1)))
        return row.child_id

    def set_field(self, child_id: uuid.UUID, field: str, value: Any) -> None:
        """An ordinary edit (through the one write path, as any service makes)."""
        with self.database.write(self.officer_id) as uow:
            setattr(uow.session.get(Child, child_id), field, value)

    def add_contact(self, child_id: uuid.UUID, forename: str) -> uuid.UUID:
        with self.database.write(self.officer_id) as uow:
            contact = Contact(child_id=child_id, forename=forename, surname="Nowak",
                              relationship_to_child=Relationship.MOTHER)
            uow.session.add(contact)
            uow.session.flush()
            return contact.id

    def set_contact(self, contact_id: uuid.UUID, forename: str) -> bool:
        with self.database.write(self.officer_id) as uow:
            contact = uow.session.get(Contact, contact_id)
            if contact is None:
                return False
            contact.forename = forename
            return True

    def delete_contact(self, contact_id: uuid.UUID) -> bool:
        with self.database.write(self.officer_id) as uow:
            contact = uow.session.get(Contact, contact_id)
            if contact is None:
                return False
            uow.session.delete(contact)
            return True

    def note(self, child_id: uuid.UUID, summary: str) -> None:
        self.services.cases.add_chronology(child_id, ChronologyKind.NOTE, self.clock.now(),
                                           summary, "")

    # ----- what it holds --------------------------------------------------------------
    def value(self, child_id: uuid.UUID, field: str) -> Any:
        with self.database.read() as session:
            return getattr(session.get(Child, child_id), field)

    def conflicts(self) -> set[tuple[str, uuid.UUID, str]]:
        with self.database.read() as session:
            return set(session.execute(select(
                FieldState.table_name, FieldState.row_id, FieldState.field)
                .where(FieldState.conflict.is_(True))))

    def state(self) -> dict[str, Any]:
        """Everything that must be identical on every replica: records (without the local
        stamps), field states, and the change log itself."""
        with self.database.read() as session:
            tables = {}
            for table in SYNCED_TABLES:
                rows = session.execute(select(table.__table__)).mappings()  # type: ignore[attr-defined]
                tables[table.__tablename__] = sorted(
                    tuple(sorted((k, str(v)) for k, v in row.items() if k not in STAMPS))
                    for row in rows)
            states = sorted(session.execute(select(
                FieldState.table_name, FieldState.row_id, FieldState.field,
                FieldState.siblings, FieldState.conflict)))
            return {"tables": tables, "states": states, "ops": self.ops(session)}

    def ops(self, session=None) -> set[tuple]:
        def read(s):
            return set(s.execute(select(FieldOp.origin, FieldOp.batch_no, FieldOp.seq,
                                        FieldOp.value)))
        if session is not None:
            return read(session)
        with self.database.read() as session:
            return read(session)

    def batches(self) -> int:
        with self.database.read() as session:
            return session.execute(text("SELECT count(*) FROM change_batch")).scalar_one()

    def digests(self) -> set[tuple]:
        with self.database.read() as session:
            return set(session.execute(select(ChangeBatch.origin, ChangeBatch.batch_no,
                                              ChangeBatch.digest)))

    def close(self) -> None:
        self.database.dispose()
