"""The unit of work: stamps, journal, bulk inserts identical to flushed rows, all or nothing."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from caseworker_app.codes import CaseStatus, Need, Sex
from caseworker_app.db.tables import ChangeBatch, Child, FieldOp
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


def test_bulk_insert_mints_ids_and_records_one_creation_per_row(database) -> None:
    rows = [{**CHILD, "case_reference": f"EHC{i:06d}"} for i in range(7_000)]
    with database.write(None) as uow:
        uow.insert_rows(Child, rows)
    with database.read() as session:
        assert session.execute(select(func.count()).select_from(Child)).scalar_one() == 7_000
        ops = session.scalars(select(FieldOp).order_by(FieldOp.seq)).all()
        assert len(ops) == 7_000 and {op.field for op in ops} == {"_row"}
        assert {op.row_id for op in ops} == set(session.scalars(select(Child.id)))
        first = json.loads(ops[0].value)
        assert first["state"] == "created" and first["values"]["case_reference"] == "EHC000000"
        assert first["values"]["looked_after"] is True  # defaults recorded as stored
        assert session.execute(select(func.count()).select_from(ChangeBatch)).scalar_one() == 1


def test_a_seed_load_is_not_recorded(database) -> None:
    with database.write(None) as uow:
        uow.insert_rows(Child, [CHILD], record=False)
    with database.read() as session:
        assert session.execute(select(func.count()).select_from(Child)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(FieldOp)).scalar_one() == 0


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
        assert session.execute(select(func.count()).select_from(ChangeBatch)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(FieldOp)).scalar_one() == 0


def test_read_sessions_refuse_to_write(database) -> None:
    with pytest.raises(ReadOnlySessionError), database.read() as session:
        session.add(Child(**CHILD))
        session.flush()


def test_one_batch_per_transaction_numbered_without_gaps(database) -> None:
    with database.write(None) as uow:
        uow.session.add(Child(**CHILD))
    with database.write(None):
        pass  # nothing written: no batch
    with database.write(None) as uow:
        child = uow.session.scalars(select(Child)).one()
        child.legal_surname = "Sullivan"
        child.town = "Exeter"
    with database.read() as session:
        batches = session.execute(select(ChangeBatch.origin, ChangeBatch.batch_no)
                                  .order_by(ChangeBatch.batch_no)).all()
        ops = session.execute(select(FieldOp.batch_no, FieldOp.field)
                              .order_by(FieldOp.batch_no, FieldOp.seq)).all()
    assert batches == [(database.replica_id, 1), (database.replica_id, 2)]
    assert ops == [(1, "_row"), (2, "legal_surname"), (2, "town")]
