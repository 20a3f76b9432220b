"""The team roster and join requests: who may issue a roster, and what a new one may change."""

from __future__ import annotations

import dataclasses
import struct
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest

from caseworker_app.sync import canonical, roster
from caseworker_app.sync.keys import DeviceKeys
from caseworker_app.sync.roster import (
    Member,
    Roster,
    RosterError,
    make_join_request,
    read_join_request,
    read_roster,
    sign_roster,
)

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
LEAD_KEYS, LEAD2_KEYS, OFFICER_KEYS = (DeviceKeys.generate() for _ in range(3))
TEAM = UUID("01920000-0000-7000-8000-00000000aaaa")
LEAD = Member(UUID(int=1), "Grace Okafor", "lead", LEAD_KEYS.public(), T0)
LEAD2 = Member(UUID(int=2), "Tomás Ní Bhriain", "lead", LEAD2_KEYS.public(), T0)
OFFICER = Member(UUID(int=3), "Priya Shah", "officer", OFFICER_KEYS.public(),
                 T0 + timedelta(days=1))
V1 = Roster(TEAM, 1, T0 + timedelta(days=1), LEAD.member_id, (LEAD, LEAD2, OFFICER))


def revoke(member: Member, days: int = 10) -> Member:
    return dataclasses.replace(member, revoked_at=T0 + timedelta(days=days))


def next_version(base: Roster, *members: Member, issuer: Member = LEAD, **changes) -> Roster:
    return dataclasses.replace(base, version=base.version + 1, issued_by=issuer.member_id,
                               members=members or base.members, **changes)


def forged(body: Roster, keys: DeviceKeys) -> bytes:
    """A roster file framed and signed by hand, skipping `sign_roster`'s own checks."""
    signed = b"SENDROST" + struct.pack(">H", 1) + canonical.dumps(roster._roster_json(body))
    return signed + keys.sign(signed)


def refused(data: bytes, trusted: Roster | None = V1) -> RosterError:
    with pytest.raises(RosterError) as caught:
        read_roster(data, trusted=trusted)
    return caught.value


# --- the records ------------------------------------------------------------------------

def test_members_and_roster_helpers() -> None:
    gone = revoke(OFFICER, days=30)
    current = next_version(V1, LEAD, LEAD2, gone)
    assert current.member(OFFICER.member_id) == gone
    assert current.member(UUID(int=99)) is None
    assert current.member_by_sign_key(OFFICER_KEYS.public().sign_public) == gone
    assert current.member_by_sign_key(bytes(32)) is None
    assert current.leads() == (LEAD, LEAD2)
    assert next_version(V1, LEAD, revoke(LEAD2), OFFICER).leads() == (LEAD,)
    assert not gone.active(T0)  # before being added
    assert gone.active(T0 + timedelta(days=29))
    assert not gone.active(T0 + timedelta(days=30))
    assert current.active_members(T0 + timedelta(days=31)) == (LEAD, LEAD2)


def test_times_are_aware_and_kept_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    member = Member(UUID(int=5), "A Person", "officer", OFFICER_KEYS.public(),
                    datetime(2026, 9, 1, 10, 0, tzinfo=paris))
    assert member.added_at == T0 and member.added_at.tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        Member(UUID(int=5), "A Person", "officer", OFFICER_KEYS.public(), datetime(2026, 9, 1))


@pytest.mark.parametrize("changes", [
    {"role": "admin"}, {"name": ""}, {"name": "Tab\there"}, {"name": "x" * 201},
    {"revoked_at": T0 - timedelta(days=1)}, {"member_id": "not-a-uuid"},
])
def test_bad_members_are_refused(changes: dict) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(LEAD, **changes)


def test_a_roster_lists_each_member_and_key_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        dataclasses.replace(V1, members=(LEAD, LEAD))
    copy = dataclasses.replace(OFFICER, member_id=UUID(int=9))
    with pytest.raises(ValueError, match="signing key"):
        dataclasses.replace(V1, members=(LEAD, OFFICER, copy))
    with pytest.raises(ValueError, match="version"):
        dataclasses.replace(V1, version=0)


# --- signing and reading ------------------------------------------------------------------

def test_sign_and_read_round_trip() -> None:
    data = sign_roster(V1, LEAD_KEYS)
    assert data.startswith(b"SENDROST\x00\x01")
    assert read_roster(data, trusted=None) == V1
    v2 = next_version(V1, LEAD, LEAD2, revoke(OFFICER), issuer=LEAD2)
    assert read_roster(sign_roster(v2, LEAD2_KEYS), trusted=V1) == v2


def test_tampering_with_any_byte_is_refused() -> None:
    data = sign_roster(V1, LEAD_KEYS)
    for position in range(len(data)):
        damaged = data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1:]
        with pytest.raises(RosterError):
            read_roster(damaged, trusted=None)
    for length in range(len(data)):
        with pytest.raises(RosterError):
            read_roster(data[:length], trusted=None)


def test_only_the_named_current_lead_can_sign() -> None:
    with pytest.raises(RosterError, match="Only the lead officer named") as caught:
        sign_roster(V1, OFFICER_KEYS)
    assert caught.value.check == "issuer"
    as_officer = dataclasses.replace(V1, issued_by=OFFICER.member_id)
    with pytest.raises(RosterError, match="only a lead officer"):
        sign_roster(as_officer, OFFICER_KEYS)
    revoked_lead = next_version(V1, revoke(LEAD), LEAD2, OFFICER)
    with pytest.raises(RosterError, match="only a lead officer"):
        sign_roster(revoked_lead, LEAD_KEYS)


def test_an_officer_signed_roster_is_refused() -> None:
    as_officer = dataclasses.replace(V1, issued_by=OFFICER.member_id)
    assert refused(forged(as_officer, OFFICER_KEYS), trusted=None).check == "issuer"


def test_an_officer_cannot_promote_themselves() -> None:
    promoted = dataclasses.replace(OFFICER, role="lead")
    v2 = next_version(V1, LEAD, LEAD2, promoted, issuer=promoted)
    error = refused(forged(v2, OFFICER_KEYS))
    assert error.check == "issuer"
    assert "not a lead officer on the current roster" in error.message


def test_an_officer_cannot_swap_in_their_own_key_for_a_lead() -> None:
    attacker = DeviceKeys.generate()
    fake_lead = dataclasses.replace(LEAD, identity=attacker.public())
    v2 = next_version(V1, fake_lead, LEAD2, OFFICER)
    data = sign_roster(v2, attacker)  # the carried roster vouches for itself...
    assert read_roster(data, trusted=None) == v2
    error = refused(data)  # ...but not for the roster this installation trusts
    assert error.check == "issuer"
    assert "key the team does not know for Grace Okafor" in error.message


def test_an_older_or_equal_version_is_refused() -> None:
    assert refused(sign_roster(V1, LEAD_KEYS)).check == "older"
    v3 = next_version(next_version(V1), issuer=LEAD)
    assert refused(sign_roster(V1, LEAD_KEYS), trusted=v3).check == "older"


def test_a_roster_for_another_team_is_refused() -> None:
    other = next_version(V1, team_id=UUID(int=77))
    assert refused(sign_roster(other, LEAD_KEYS)).check == "team"


def test_a_revoked_lead_cannot_issue() -> None:
    v2 = next_version(V1, LEAD, revoke(LEAD2), OFFICER)
    by_revoked = next_version(v2, LEAD, revoke(LEAD2), OFFICER, issuer=LEAD2)
    assert refused(forged(by_revoked, LEAD2_KEYS), trusted=None).check == "issuer"
    restored = next_version(v2, LEAD, LEAD2, OFFICER, issuer=LEAD2)  # un-revokes itself
    assert refused(forged(restored, LEAD2_KEYS), trusted=v2).check == "issuer"


@pytest.mark.parametrize("officer_in_v3", [
    OFFICER,  # revocation dropped
    None,  # member removed altogether
    revoke(OFFICER, days=20),  # revoked later, so more of their files would count
])
def test_a_revocation_cannot_be_undone(officer_in_v3: Member | None) -> None:
    v2 = next_version(V1, LEAD, LEAD2, revoke(OFFICER, days=10))
    members = (LEAD, LEAD2) + ((officer_in_v3,) if officer_in_v3 else ())
    error = refused(sign_roster(next_version(v2, *members), LEAD_KEYS), trusted=v2)
    assert error.check == "revoked"
    assert "Priya Shah" in error.message


def test_a_revocation_may_be_moved_earlier() -> None:
    v2 = next_version(V1, LEAD, LEAD2, revoke(OFFICER, days=10))
    v3 = next_version(v2, LEAD, LEAD2, revoke(OFFICER, days=5))
    assert read_roster(sign_roster(v3, LEAD_KEYS), trusted=v2) == v3


@pytest.mark.parametrize(("data", "check"), [
    (b"SENDROST\x00\x02" + b"{}" + bytes(64), "version"),
    (b"SENDJOIN\x00\x01" + b"{}" + bytes(64), "format"),
    (b"SENDROST\x00\x01" + b'{"a":1,"a":1}' + bytes(64), "format"),
    (b"SENDROST\x00\x01" + b"[" * 100 + bytes(64), "format"),
    (b"SENDROST\x00\x01" + bytes(2 << 20), "size"),
])
def test_malformed_roster_files_are_refused(data: bytes, check: str) -> None:
    assert refused(data, trusted=None).check == check


def test_a_roster_with_unknown_or_non_canonical_fields_is_refused() -> None:
    body = roster._roster_json(V1)
    for changed in ({**body, "extra": 1}, {**body, "issued_at": "2026-09-02T09:00:00+00:00"},
                    {**body, "version": True}, {**body, "team_id": TEAM.hex}):
        signed = b"SENDROST\x00\x01" + canonical.dumps(changed)
        assert refused(signed + LEAD_KEYS.sign(signed), trusted=None).check == "format"


# --- join requests --------------------------------------------------------------------------

def test_join_request_round_trip() -> None:
    data = make_join_request(OFFICER.member_id, "Priya Shah", OFFICER_KEYS)
    member_id, name, identity = read_join_request(data)
    assert (member_id, name, identity) == (OFFICER.member_id, "Priya Shah",
                                           OFFICER_KEYS.public())
    assert identity.fingerprint == OFFICER_KEYS.public().fingerprint


def test_a_tampered_join_request_is_refused() -> None:
    data = make_join_request(OFFICER.member_id, "Priya Shah", OFFICER_KEYS)
    for position in range(len(data)):
        damaged = data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1:]
        with pytest.raises(RosterError):
            read_join_request(damaged)
    other = DeviceKeys.generate()
    swapped = data[:-64] + other.sign(data[:-64])
    with pytest.raises(RosterError) as caught:
        read_join_request(swapped)
    assert caught.value.check == "signature"


def test_join_request_refuses_bad_names_and_other_files() -> None:
    with pytest.raises(ValueError):
        make_join_request(OFFICER.member_id, "\x00", OFFICER_KEYS)
    with pytest.raises(RosterError) as caught:
        read_join_request(sign_roster(V1, LEAD_KEYS))
    assert caught.value.check == "format"
