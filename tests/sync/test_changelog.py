"""The change log between replicas: sync.md §6 scenarios 4-14 and 20, on real SQLite files."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseworker_app.codes import OfficerRole
from caseworker_app.db.store import marker_path, open_database
from caseworker_app.db.tables import ChangeBatch, Contact
from caseworker_app.sync import changelog
from caseworker_app.sync.history import row_history
from tests.sync.replicas import Replica


@pytest.fixture
def team(tmp_path):
    """A lead and two officers, all holding one case the lead opened."""
    lead, alice, bob = (Replica(tmp_path, name) for name in ("lead", "alice", "bob"))
    lead_id = lead.become(role=OfficerRole.LEAD)
    child = lead.open_case()
    for officer in (alice, bob):
        officer.take(lead.send())
        officer.become()
    yield lead, alice, bob, child
    for replica in (lead, alice, bob):
        replica.close()
    del lead_id


def exchange_all(*replicas: Replica) -> None:
    """Everyone sends everyone everything they lack, until nothing moves."""
    for _ in range(3):
        for source in replicas:
            for target in replicas:
                if source is not target:
                    target.take(source.send(target.knowledge()))


def test_a_new_case_arrives_whole(team) -> None:
    lead, alice, _bob, child = team
    assert alice.value(child, "legal_surname") == "Nowak"
    assert alice.state()["tables"]["annual_review"] == lead.state()["tables"]["annual_review"]


def test_same_file_twice_is_a_no_op(team) -> None:  # scenario 5
    lead, alice, _bob, child = team
    lead.set_field(child, "town", "Exeter")
    batches = lead.send(alice.knowledge())
    first = alice.take(batches)
    before = alice.state()
    again = alice.take(batches)
    assert (first.new, again.new, again.known) == (1, 0, 1)
    assert alice.state() == before


def test_a_later_file_first_waits_visibly_then_both_apply(team) -> None:  # scenario 6
    lead, alice, _bob, child = team
    contact = lead.add_contact(child, "Maria")
    one = lead.send(alice.knowledge())
    lead.set_contact(contact, "Marie")
    two = [b for b in lead.send(alice.knowledge()) if b not in one]
    early = alice.take(two)
    assert early.waiting == {("contact", contact)}  # a change to a record not received yet
    late = alice.take(one)
    assert late.waiting == set()
    with alice.database.read() as session:
        assert session.get(Contact, contact).forename == "Marie"


def test_an_edit_by_someone_who_saw_the_value_wins_quietly(team) -> None:  # scenario 7
    lead, alice, bob, child = team
    alice.set_field(child, "town", "Exeter")
    bob.take(alice.send(bob.knowledge()))
    bob.set_field(child, "town", "Crediton")
    exchange_all(lead, alice, bob)
    assert {r.value(child, "town") for r in (lead, alice, bob)} == {"Crediton"}
    assert not alice.conflicts() and not bob.conflicts()


def test_concurrent_different_values_keep_both_and_open_a_conflict(team) -> None:  # 8
    lead, alice, bob, child = team
    alice.set_field(child, "town", "Exeter")
    bob.tick()
    bob.set_field(child, "town", "Crediton")
    exchange_all(lead, alice, bob)
    for replica in (lead, alice, bob):
        assert replica.conflicts() == {("child", child, "town")}
        assert replica.value(child, "town") == "Crediton"  # the same provisional value
        with replica.database.read() as session:
            live = [e.value for e in row_history(session, "child", child, "town") if e.live]
        assert sorted(live) == ["Crediton", "Exeter"]
    assert lead.state() == alice.state() == bob.state()


def test_resolving_is_an_ordinary_change_that_closes_the_conflict_everywhere(team) -> None:
    lead, alice, bob, child = team
    alice.set_field(child, "town", "Exeter")
    bob.set_field(child, "town", "Crediton")
    exchange_all(lead, alice, bob)
    lead.set_field(child, "town", "Exeter")  # the lead saw both, and chose
    exchange_all(lead, alice, bob)
    for replica in (lead, alice, bob):
        assert replica.conflicts() == set() and replica.value(child, "town") == "Exeter"


def test_two_concurrent_resolutions_are_a_new_conflict(team) -> None:  # scenario 12
    lead, alice, bob, child = team
    alice.set_field(child, "town", "Exeter")
    bob.set_field(child, "town", "Crediton")
    exchange_all(lead, alice, bob)
    alice.set_field(child, "town", "Exeter")
    bob.set_field(child, "town", "Tiverton")
    exchange_all(lead, alice, bob)
    assert lead.conflicts() == {("child", child, "town")}
    assert lead.state() == alice.state() == bob.state()


def test_concurrent_equal_values_merge_quietly(team) -> None:  # scenario 10
    lead, alice, bob, child = team
    alice.set_field(child, "town", "Exeter")
    bob.set_field(child, "town", "Exeter")
    exchange_all(lead, alice, bob)
    assert not lead.conflicts() and lead.value(child, "town") == "Exeter"


@pytest.mark.parametrize("choice", ["restore", "confirm"])
def test_edit_against_delete_is_a_conflict_and_both_answers_converge(team, choice) -> None:
    lead, alice, bob, child = team  # scenario 11
    contact = lead.add_contact(child, "Maria")
    exchange_all(lead, alice, bob)
    alice.set_contact(contact, "Marie")
    bob.delete_contact(contact)
    exchange_all(lead, alice, bob)
    for replica in (lead, alice, bob):
        assert ("contact", contact, "_row") in replica.conflicts()
        with replica.database.read() as session:
            assert session.get(Contact, contact).forename == "Marie"  # kept, with the edit
    if choice == "restore":
        from caseworker_app.sync.resolve import restore_row
        with lead.database.write(lead.officer_id) as uow:
            restore_row(uow, "contact", contact)
    else:
        lead.delete_contact(contact)
    exchange_all(lead, alice, bob)
    for replica in (lead, alice, bob):
        assert not replica.conflicts()
        with replica.database.read() as session:
            present = session.get(Contact, contact) is not None
        assert present is (choice == "restore")
    assert lead.state() == alice.state() == bob.state()


def test_a_record_added_under_one_deleted_elsewhere_keeps_it(team) -> None:
    lead, alice, bob, _child = team
    with lead.database.write(lead.officer_id) as uow:
        from caseworker_app.db.tables import PlanNeed, PlanVersion
        version = uow.session.scalars(select(PlanVersion)).first()
        need = PlanNeed(version_id=version.id, section="B", position=9, text="Reading")
        uow.session.add(need)
        uow.session.flush()
        need_id = need.id
    exchange_all(lead, alice, bob)
    with alice.database.write(alice.officer_id) as uow:
        uow.session.delete(uow.session.get(PlanNeed, need_id))
    with bob.database.write(bob.officer_id) as uow:
        from caseworker_app.db.tables import PlanOutcome, PlanOutcomeNeed
        outcome = PlanOutcome(version_id=version.id, position=1, text="Reads aloud")
        uow.session.add(outcome)
        uow.session.flush()
        uow.session.add(PlanOutcomeNeed(version_id=version.id, outcome_id=outcome.id,
                                        need_id=need_id))
    exchange_all(lead, alice, bob)
    for replica in (alice, bob, lead):
        assert ("plan_need", need_id, "_row") in replica.conflicts()
        with replica.database.read() as session:
            assert session.get(PlanNeed, need_id) is not None
    assert lead.state() == alice.state() == bob.state()


def test_any_order_of_the_same_files_gives_the_same_state(tmp_path) -> None:  # scenario 3
    lead = Replica(tmp_path, "lead")
    lead.become(role=OfficerRole.LEAD)
    child = lead.open_case()
    files, before = [], {}
    for index in range(6):
        contact = lead.add_contact(child, f"Parent{index}")
        lead.set_field(child, "town", f"Town{index}")
        if index % 2:
            lead.delete_contact(contact)
        files.append([b for b in lead.send() if not changelog.knowledge_holds(before, b)])
        before = lead.knowledge()
    states = []
    for attempt in range(4):
        replica = Replica(tmp_path, f"copy{attempt}")
        order = files[:]
        random.Random(attempt).shuffle(order)
        for batch_file in order + order[:2]:
            replica.take(batch_file)
        states.append(replica.state())
        replica.close()
    assert all(state == lead.state() for state in states)
    lead.close()


def test_clock_skew_changes_nothing_but_stamps(tmp_path) -> None:  # scenario 13
    outcomes = []
    for skew in (timedelta(0), timedelta(days=365), -timedelta(days=365)):
        folder = tmp_path / str(skew.days)
        folder.mkdir()
        lead = Replica(folder, "lead")
        lead.become(role=OfficerRole.LEAD)
        child = lead.open_case()
        late = Replica(folder, "late", skew=skew)
        late.take(lead.send())
        late.become()
        late.set_field(child, "town", "Exeter")
        lead.take(late.send(lead.knowledge()))
        lead.set_field(child, "town", "Crediton")  # saw Exeter: wins whatever the clocks say
        late.take(lead.send(late.knowledge()))
        outcomes.append((late.value(child, "town"), bool(late.conflicts())))
        with late.database.read() as session:
            stamps = [changelog.Hlc.parse(h) for h in session.scalars(
                select(ChangeBatch.hlc).where(ChangeBatch.origin == late.database.replica_id)
                .order_by(ChangeBatch.batch_no))]
        assert stamps == sorted(stamps)
        lead.close()
        late.close()
    assert outcomes == [("Crediton", False)] * 3


def test_restoring_a_backup_gets_a_new_replica_id_and_no_dot_collides(tmp_path) -> None:
    import shutil  # scenario 14

    alice = Replica(tmp_path, "alice")
    alice.become()
    child = alice.open_case()
    alice.database.dispose()
    shutil.copy(tmp_path / "alice.db", tmp_path / "backup.db")
    alice.set_field(child, "town", "Exeter")
    old_id = alice.database.replica_id
    alice.close()
    shutil.copy(tmp_path / "backup.db", tmp_path / "alice.db")  # put back by hand
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"alice.db{suffix}").unlink(missing_ok=True)
    reopened = open_database(tmp_path / "alice.db", alice.clock).database
    assert reopened.replica_id != old_id
    assert marker_path(tmp_path / "alice.db").exists()
    reopened.dispose()


def test_a_copied_database_gets_its_own_replica_id(tmp_path) -> None:
    import shutil

    alice = Replica(tmp_path, "alice")
    alice.become()
    alice.database.dispose()
    shutil.copy(tmp_path / "alice.db", tmp_path / "bob.db")
    bob = open_database(tmp_path / "bob.db", alice.clock).database
    assert bob.replica_id != alice.database.replica_id
    bob.dispose()
    again = open_database(tmp_path / "alice.db", alice.clock).database
    assert again.replica_id == alice.database.replica_id  # the original keeps its own
    again.dispose()
    alice.close()


def test_an_equivocating_batch_aborts_the_import(team) -> None:  # scenario 20
    lead, alice, _bob, child = team
    lead.set_field(child, "town", "Exeter")
    [batch] = lead.send(alice.knowledge())
    body = {**batch.body, "ops": [[*batch.body["ops"][0][:4], '"Tiverton"',
                                   *batch.body["ops"][0][5:]]]}
    forged = changelog.WireBatch(body, batch.signer, batch.signature)
    alice.take([batch])
    before = alice.state()
    with pytest.raises(changelog.EquivocationError):
        alice.take([forged])
    assert alice.state() == before


def test_rebuilding_from_the_change_log_equals_the_live_state(team, tmp_path) -> None:
    lead, alice, bob, child = team  # scenario 4
    contact = alice.add_contact(child, "Maria")
    alice.set_field(child, "town", "Exeter")
    bob.set_field(child, "town", "Crediton")
    exchange_all(lead, alice, bob)
    alice.delete_contact(contact)
    alice.note(child, "Phoned the school")
    exchange_all(lead, alice, bob)
    fresh = Replica(tmp_path, "fresh")
    fresh.take(lead.send())
    assert fresh.state() == lead.state()
    fresh.close()


def test_each_batch_says_what_it_had_seen_of_the_others(team) -> None:
    lead, alice, _bob, child = team
    lead_origin = lead.database.replica_id.hex
    lead_high = max(n for _first, n in lead.knowledge()[lead_origin])
    alice.set_field(child, "town", "Exeter")
    [batch] = [b for b in alice.send() if b.origin == alice.database.replica_id.hex
               and b.body["ops"][0][3] == "town"]
    assert batch.body["seen"] == {lead_origin: lead_high}
    assert batch.body["author"] == alice.officer_id.hex
