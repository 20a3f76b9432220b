"""Sync through real files: a lead and two officers with their own databases and keys."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from caseworker_app.db.tables import Child, EducationSetting, Organisation
from caseworker_app.services.sync import SyncRefused
from tests.sync.team import make_team


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def team(tmp_path):
    lead, alice, bob = make_team(tmp_path)
    lead.sync.import_file(alice.export_to(lead))  # their profiles reach the lead
    lead.sync.import_file(bob.export_to(lead))
    yield lead, alice, bob
    for member in (lead, alice, bob):
        member.close()


def surname(member, child_id):
    with member.database.read() as session:
        child = session.get(Child, child_id)
        return None if child is None else child.legal_surname


def test_a_case_reaches_its_officer_and_only_its_officer(team) -> None:
    lead, alice, bob = team
    mine = lead.open_case(alice, "Nowak")
    theirs = lead.open_case(bob, "Okafor")
    report = alice.sync.import_file(lead.export_to(alice))
    assert report.sender_name == "Lead" and report.new_batches > 0 and report.backup.exists()
    assert surname(alice, mine) == "Nowak"
    assert surname(alice, theirs) is None  # limited to the cases allocated to her
    bob.sync.import_file(lead.export_to(bob))
    assert surname(bob, theirs) == "Okafor" and surname(bob, mine) is None


def test_concurrent_edits_come_back_as_one_conflict_on_both_sides(team) -> None:
    lead, alice, _bob = team
    child = lead.open_case(alice)
    alice.sync.import_file(lead.export_to(alice))
    alice.services.cases.update_child(child, {"town": "Exeter"})
    lead.tick()
    lead.services.cases.update_child(child, {"town": "Crediton"})
    lead.sync.import_file(alice.export_to(lead))
    alice.sync.import_file(lead.export_to(alice))
    for member in (lead, alice):
        [conflict] = member.sync.conflicts()
        assert conflict.field == "town" and conflict.case_label.endswith("Amy Nowak")
        assert sorted(v.text for v in conflict.values) == ["Crediton", "Exeter"]
        assert {v.author_name for v in conflict.values} == {"Lead", "Alice"}
    lead.sync.resolve("child", child, "town", "Exeter")
    alice.sync.import_file(lead.export_to(alice))
    assert alice.sync.conflicts() == [] and lead.sync.conflicts() == []
    history = alice.sync.history("child", child, "town")
    assert [h.text for h in history][-1] == "Exeter" and history[-1].author_name == "Lead"


def test_a_lost_file_is_covered_by_the_next(team) -> None:
    lead, alice, _bob = team
    child = lead.open_case(alice)
    lead.export_to(alice)  # lost on the way
    lead.services.cases.update_child(child, {"town": "Exeter"})
    alice.sync.import_file(lead.export_to(alice))
    with alice.database.read() as session:
        assert session.get(Child, child).town == "Exeter"


def test_the_same_file_twice_says_already_imported_and_changes_nothing(team) -> None:
    lead, alice, _bob = team
    lead.open_case(alice)
    path = lead.export_to(alice)
    alice.sync.import_file(path)
    before = digest(alice.database.path)
    again = alice.sync.import_file(path)
    assert again.already_imported_on is not None and again.new_batches == 0
    assert digest(alice.database.path) == before


@pytest.mark.parametrize("where", ["magic", "header", "signature", "wrapped", "chunk", "end"])
def test_an_altered_file_is_refused_and_the_database_is_unchanged(team, where) -> None:
    lead, alice, _bob = team
    lead.open_case(alice)
    path = lead.export_to(alice)
    data = bytearray(path.read_bytes())
    header_len = int.from_bytes(data[10:14], "big")
    position = {"magic": 0, "header": 20, "signature": 14 + header_len + 5,
                "wrapped": data.find(b"wrapped_key") + 20, "chunk": 14 + header_len + 64 + 40,
                "end": len(data) - 1}[where]
    data[position] ^= 0x01
    path.write_bytes(bytes(data))
    alice.database.dispose()
    before = digest(alice.database.path)
    with pytest.raises(SyncRefused) as refused:
        alice.sync.import_file(path)
    assert refused.value.check in {"format", "signature", "decrypt", "recipient", "version"}
    alice.database.dispose()
    assert digest(alice.database.path) == before


def test_a_truncated_file_is_refused(team) -> None:
    lead, alice, _bob = team
    lead.open_case(alice)
    path = lead.export_to(alice)
    data = path.read_bytes()
    for cut in (10, 200, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:cut])
        with pytest.raises(SyncRefused):
            alice.sync.import_file(path)
    assert alice.sync.conflicts() == []


def test_a_file_for_someone_else_is_refused_by_name(team) -> None:
    lead, alice, bob = team
    lead.open_case(bob)
    with pytest.raises(SyncRefused, match="addressed to Bob, not to you") as refused:
        alice.sync.import_file(lead.export_to(bob))
    assert refused.value.check == "recipient"


def test_a_revoked_member_s_new_files_are_refused(team) -> None:
    lead, alice, bob = team
    path = bob.export_to(lead)
    lead.tick()
    lead.sync.revoke_member(bob.id)
    with pytest.raises(SyncRefused) as refused:
        lead.sync.import_file(path)
    assert refused.value.check == "revoked"
    alice.sync.import_file(lead.export_to(alice))  # the new roster travels with the lead's file
    assert [m.revoked_at is not None for m in alice.sync.status().members
            if m.name == "Bob"] == [True]
    with pytest.raises(SyncRefused, match="removed from the team"):
        alice.sync.import_file(bob.export_to(alice))


def test_a_file_from_outside_the_team_is_refused(team, tmp_path) -> None:
    lead, alice, _bob = team
    from caseworker_app.codes import OfficerRole
    from tests.sync.team import Member

    stranger = Member(tmp_path / "elsewhere", "Mallory", OfficerRole.LEAD)
    stranger.sync.start_team()
    with pytest.raises(SyncRefused) as refused:
        alice.sync.accept_roster(stranger.sync.roster_file())
    assert refused.value.check in {"team", "issuer", "signature"}
    stranger.close()
    del lead


def test_only_a_lead_may_change_the_council_s_letter_settings(team) -> None:
    lead, alice, _bob = team
    with alice.database.write(alice.id) as uow:  # a tampered copy of the app could do this
        organisation = uow.session.get(Organisation, uow.session.scalars(
            select(Organisation.id)).first()) if uow.session.scalars(
            select(Organisation.id)).first() else None
        if organisation is None:
            from caseworker_app.db.tables import ORGANISATION_ID
            uow.session.add(Organisation(id=ORGANISATION_ID, council_name="Free Money Council"))
        else:
            organisation.council_name = "Free Money Council"
    with pytest.raises(SyncRefused) as refused:
        lead.sync.import_file(alice.export_to(lead))
    assert refused.value.check == "authority"


def test_a_change_relayed_by_the_lead_arrives_signed_by_its_author(team) -> None:
    lead, alice, bob = team
    from caseworker_app.codes import Phase, SettingType

    alice.services.reference.add_setting("Hillside Primary", SettingType.MAINSTREAM,
                                         Phase.PRIMARY, alice.id)
    lead.sync.import_file(alice.export_to(lead))
    bob.sync.import_file(lead.export_to(bob))
    with bob.database.read() as session:
        setting = session.scalars(select(EducationSetting).where(
            EducationSetting.name == "Hillside Primary")).one()
        assert setting.created_by == alice.id


def test_a_case_reallocated_on_two_computers_at_once_is_a_clash_a_person_settles(team) -> None:
    lead, alice, bob = team
    child = lead.open_case(alice)
    alice.sync.import_file(lead.export_to(alice))
    lead.tick()
    lead.services.cases.transfer_case(child, bob.id, "Bob knows the school")
    alice.services.cases.transfer_case(child, lead.id, "Back to the lead while I am away")
    lead.sync.import_file(alice.export_to(lead))  # would break "one current officer"
    alice.sync.import_file(lead.export_to(alice))
    for member in (lead, alice):
        clashes = [c for c in member.sync.conflicts() if c.field == "_clash"]
        assert len(clashes) == 1, member.name
        assert clashes[0].field_label == "A case can have only one current officer."
        assert len(clashes[0].values) == 2
    [clash] = [c for c in lead.sync.conflicts() if c.field == "_clash"]
    lead.sync.settle_clash(clash.table, clash.row_id, keep_incoming=True)  # Alice's stands
    alice.sync.import_file(lead.export_to(alice))
    for member in (lead, alice):
        assert not [c for c in member.sync.conflicts() if c.field == "_clash"]
        assert member.services.cases.case_row(child).officer_name == "Lead"
