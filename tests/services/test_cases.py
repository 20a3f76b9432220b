"""Case services on a real database: open, edit, validate, close, transfer, journal."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from caseworker_app.codes import (
    CaseStatus,
    ChronologyKind,
    CloseReason,
    LetterFormat,
    Need,
    OfficerRole,
    Relationship,
    ReviewStage,
    Sex,
)
from caseworker_app.db.store import open_database
from caseworker_app.entities import ContactRecord, NewCase
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.services import Services
from caseworker_app.sync.history import row_history


def new_case(officer_id, **changes) -> NewCase:
    fields = dict(legal_forename="Zoë", legal_surname="Nowak", date_of_birth=date(2014, 5, 2),
                  sex=Sex.FEMALE, primary_need=Need.SLCN, officer_id=officer_id,
                  plan_issued_on=date(2025, 12, 1))
    fields.update(changes)
    return NewCase(**fields)


def test_open_case_creates_plan_review_allocation_and_chronology(services, officer) -> None:
    row = services.cases.open_case(new_case(officer.id))
    assert row.case_reference == "EHC000001"
    assert row.review_due_on == date(2026, 11, 30)  # day before the first anniversary
    assert row.review_stage == ReviewStage.DUE
    assert row.officer_name == "Priya Shah"
    detail = services.cases.case_detail(row.child_id)
    assert detail.plan_versions[0].issued_on == date(2025, 12, 1)
    assert [c.summary for c in detail.chronology] == ["Case opened"]


def test_open_case_refuses_bad_input_and_writes_nothing(services, officer) -> None:
    with pytest.raises(ValidationError) as caught:
        services.cases.open_case(new_case(officer.id, legal_surname=" ", upn="C801200005001",
                                          date_of_birth=date(2027, 1, 1)))
    assert set(caught.value.errors) == {"legal_surname", "upn", "date_of_birth"}
    assert services.cases.caseload() == []


def test_edit_is_saved_and_survives_reopening(services, officer, database, clock) -> None:
    row = services.cases.open_case(new_case(officer.id))
    services.cases.update_child(row.child_id, {"legal_surname": "Kowalska",
                                               "postcode": "ex2 4qd",
                                               "complaint_or_tribunal": True})
    database.dispose()
    reopened = Services.build(open_database(database.path, clock).database, officer.id)
    child = reopened.cases.case_detail(row.child_id).child
    assert (child.legal_surname, child.postcode, child.row_version) == ("Kowalska", "EX2 4QD", 2)
    assert child.complaint_or_tribunal


def test_invalid_edit_changes_nothing(services, officer) -> None:
    row = services.cases.open_case(new_case(officer.id))
    with pytest.raises(ValidationError):
        services.cases.update_child(row.child_id, {"legal_surname": "Valid",
                                                   "date_of_birth": date(2030, 1, 1)})
    child = services.cases.case_detail(row.child_id).child
    assert (child.legal_surname, child.row_version) == ("Nowak", 1)


def test_stale_edit_is_refused(services, officer) -> None:
    row = services.cases.open_case(new_case(officer.id))
    services.cases.update_child(row.child_id, {"preferred_name": "Zo"}, expected_version=1)
    with pytest.raises(StaleRecordError):
        services.cases.update_child(row.child_id, {"preferred_name": "Z"}, expected_version=1)


def test_every_field_change_is_recorded_with_what_it_replaced_and_author(
        services, officer, database) -> None:
    row = services.cases.open_case(new_case(officer.id))
    services.cases.update_child(row.child_id, {"primary_need": Need.ASD})
    with database.read() as session:
        first, second = row_history(session, "child", row.child_id, "primary_need")
    assert (first.kind, first.value, first.live) == ("created", "SLCN", False)
    assert (second.kind, second.value, second.live) == ("changed", "ASD", True)
    assert second.replaced == ((first.origin, first.batch_no),)
    assert second.author_id == officer.id and second.origin == database.replica_id.hex


def test_transfer_and_close(services, officer) -> None:
    other = services.reference.create_profile("Tom Reed", OfficerRole.CASE_OFFICER)
    services.reference.use_profile(officer.id)
    row = services.cases.open_case(new_case(officer.id))
    moved = services.cases.transfer_case(row.child_id, other.id, "Caseload balancing")
    assert moved.officer_name == "Tom Reed"
    with pytest.raises(ValidationError, match="already holds"):
        services.cases.transfer_case(row.child_id, other.id, "again")
    closed = services.cases.close_case(row.child_id, CloseReason.LEFT_ENGLAND, date(2026, 11, 1))
    assert closed.status == CaseStatus.CLOSED and closed.officer_id is None
    detail = services.cases.case_detail(row.child_id)
    assert [a.officer_name for a in detail.allocations] == ["Tom Reed", "Priya Shah"]
    with pytest.raises(ValidationError):
        services.cases.close_case(row.child_id, CloseReason.OTHER, date(2026, 11, 1))
    assert services.cases.reopen_case(row.child_id).status == CaseStatus.OPEN


def test_contacts_and_chronology(services, officer) -> None:
    row = services.cases.open_case(new_case(officer.id))
    contact = ContactRecord(
        None, "Ms", "Siobhán", "Nowak", Relationship.MOTHER, True, "1 High St", None,
        "Exeter", "ex1 1aa", None, "01392 000000", LetterFormat.LARGE_PRINT, True)
    saved = services.cases.save_contact(row.child_id, contact)
    assert saved.id is not None and saved.postcode == "EX1 1AA"
    with pytest.raises(ValidationError) as caught:
        services.cases.save_contact(row.child_id, replace(contact, postcode=None))
    assert "postcode" in caught.value.errors
    services.cases.remove_contact(row.child_id, saved.id)
    assert services.cases.case_detail(row.child_id).contacts == ()
    entry = services.cases.add_chronology(
        row.child_id, ChronologyKind.CALL, datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        "Called SENCo about the review date")
    assert entry.author_name == "Priya Shah"
    with pytest.raises(ValidationError, match="future"):
        services.cases.add_chronology(row.child_id, ChronologyKind.NOTE,
                                      datetime(2026, 12, 1, tzinfo=UTC), "Later")
