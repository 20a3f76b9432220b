"""The unit of work: stamps, journal, bulk inserts identical to flushed rows, all or nothing."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker_app.codes import CaseStatus, Need, Sex
from caseworker_app.db.tables import ChangeJournal, Child
from caseworker_app.db.uow import ReadOnlySessionError

CHILD = dict(case_reference="EHC900001", legal_forename="Siobhán", legal_surname="Ó Súilleabháin",
             preferred_name=None, date_of_birth=date(2012, 2, 29), sex=Sex.FEMALE,
             upn="B801200005001", primary_need=Need.SLCN, secondary_need=None,
             looked_after=True, home_language="Irish", interpreter_needed=False,
             status=CaseStatus.OPEN)


def stored(path, child_id: uuid.UUID) -> dict:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    row = dict(con.execute("SELECT * FROM child WHERE id = ?", (child_id.hex,)).fetchone())
    con.close()
    row.pop("id")
    return row


def test_bulk_insert_stores_exactly_what_a_flush_stores(database) -> None:
    author = uuid.uuid4()
    flushed_id, bulk_id = uuid.uuid4(), uuid.uuid4()
    with database.write(author) as uow:
        uow.session.add(Child(id=flushed_id, **CHILD))
    with database.write(author) as uow:
        uow.insert_rows(Child, [{"id": bulk_id, **{**CHILD, "case_reference": "EHC900002"}}])
    one, two = stored(database.path, flushed_id), stored(database.path, bulk_id)
    assert two.pop("case_reference") == "EHC900002"
    one.pop("case_reference")
    assert one == two
    assert one["date_of_birth"] == "2012-02-29" and one["looked_after"] == 1
    assert one["created_by"] == author.hex and one["row_version"] == 1


def test_bulk_insert_mints_ids_and_journals_one_entry(database) -> None:
    rows = [{**CHILD, "case_reference": f"EHC{i:06d}"} for i in range(7_000)]
    with database.write(None) as uow:
        uow.insert_rows(Child, rows)
    with database.read() as session:
        assert session.execute(select(func.count()).select_from(Child)).scalar_one() == 7_000
        entries = session.scalars(select(ChangeJournal).where(
            ChangeJournal.field == "_bulk_insert")).all()
        assert [(e.table_name, e.new_value) for e in entries] == [("child", "7000")]


def test_bulk_insert_accepts_ids_as_hex_text(database) -> None:
    child_id = uuid.uuid4()
    with database.write(None) as uow:
        uow.insert_rows(Child, [{"id": child_id.hex, **CHILD}])
    with database.read() as session:
        assert session.get(Child, child_id).legal_forename == "Siobhán"


def test_bulk_rows_must_share_their_fields(database) -> None:
    with pytest.raises(ValueError, match="same fields"), database.write(None) as uow:
        uow.insert_rows(Child, [CHILD, {**CHILD, "uln": "1234567899"}])


def test_an_error_rolls_back_the_whole_unit(database) -> None:
    with pytest.raises(RuntimeError), database.write(None) as uow:
        uow.session.add(Child(**CHILD))
        uow.session.flush()
        raise RuntimeError("power cut")
    with database.read() as session:
        assert session.execute(select(func.count()).select_from(Child)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(ChangeJournal)).scalar_one() == 0


def test_read_sessions_refuse_to_write(database) -> None:
    with pytest.raises(ReadOnlySessionError), database.read() as session:
        session.add(Child(**CHILD))
        session.flush()


def test_one_batch_number_per_transaction(database) -> None:
    with database.write(None) as uow:
        uow.session.add(Child(**CHILD))
    with database.write(None) as uow:
        child = uow.session.scalars(select(Child)).one()
        child.legal_surname = "Sullivan"
        child.town = "Exeter"
    with database.read() as session:
        batches = session.execute(select(ChangeJournal.batch_no, ChangeJournal.field)
                                  .order_by(ChangeJournal.id)).all()
    first = {b for b, _ in batches if b == batches[0][0]}
    assert len(first) == 1
    last = [f for b, f in batches if b == batches[-1][0]]
    assert sorted(last) == ["legal_surname", "town"]
