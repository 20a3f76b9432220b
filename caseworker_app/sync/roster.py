"""The team roster: who may send sync files, with which keys, signed by a lead officer.

A device trusts a sync file only if its sender is on the roster and not revoked (sync.md
§5.1, §5.6 step 3), so the roster decides who is in the team. It is a small signed file the
lead officer sends round; each installation keeps the last one it accepted and takes a new
one only if it is a newer version of the same team's roster, signed by someone that
accepted roster lists as a lead with that same key. So an officer cannot promote
themselves, a leaver cannot un-revoke themselves, and an old roster cannot be replayed.

The first roster an installation accepts (`trusted=None`) is trusted on first use: the
person compares the issuing lead's fingerprint with the lead, by phone or in person, before
accepting it, just as the lead compares a join request's fingerprint before adding someone.

Files: b"SENDROST" | u16 format version | canonical JSON | 64-byte Ed25519 signature over
everything before it; join requests the same with b"SENDJOIN", signed by their own key.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from caseworker_app.errors import CaseworkerError
from caseworker_app.sync import canonical
from caseworker_app.sync.keys import SIGNATURE_BYTES, DeviceKeys, PublicIdentity, verify

ROSTER_MAGIC = b"SENDROST"
JOIN_MAGIC = b"SENDJOIN"
FORMAT_VERSION = 1
_PREFIX = struct.Struct(">8sH")
ROLES = ("lead", "officer")
MAX_NAME = 200
MAX_MEMBERS = 2000
MAX_JOIN_BYTES = 1 << 16
CHECKS = ("size", "format", "version", "signature", "issuer", "team", "older", "revoked")


class RosterError(CaseworkerError):
    """A roster or join request was refused (or cannot be signed); `check` names why."""

    def __init__(self, check: str, message: str) -> None:
        if check not in CHECKS:
            raise ValueError(f"unknown roster check {check!r}")
        self.check = check
        self.message = message
        super().__init__(message)


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return value.astimezone(UTC)


def _check_name(name: Any) -> None:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME \
            or not name.isprintable():
        raise ValueError(f"a name must be 1 to {MAX_NAME} printable characters")


@dataclass(frozen=True)
class Member:
    """One officer on the team and their device's public keys.

    Revoking sets `revoked_at`; a member is never un-revoked (`read_roster` enforces it).
    Times are normalised to UTC.
    """

    member_id: UUID
    name: str
    role: str  # "lead" | "officer"
    identity: PublicIdentity
    added_at: datetime
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.member_id, UUID):
            raise ValueError("member_id must be a UUID")
        _check_name(self.name)
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        if not isinstance(self.identity, PublicIdentity):
            raise ValueError("identity must be a PublicIdentity")
        object.__setattr__(self, "added_at", _utc(self.added_at, "added_at"))
        if self.revoked_at is not None:
            object.__setattr__(self, "revoked_at", _utc(self.revoked_at, "revoked_at"))
            if self.revoked_at < self.added_at:
                raise ValueError("revoked_at is before added_at")

    @property
    def revoked(self) -> bool:
        """Whether this member has been revoked (at any time: revocation is permanent)."""
        return self.revoked_at is not None

    @property
    def is_lead(self) -> bool:
        """Whether this member has the lead officer's role (revoked or not)."""
        return self.role == "lead"

    def active(self, at: datetime) -> bool:
        """Whether the member was on the team at `at`: added by then and not yet revoked.

        A revoked device's files made before its revocation stay valid in history.
        """
        at = _utc(at, "at")
        return self.added_at <= at and (self.revoked_at is None or at < self.revoked_at)


@dataclass(frozen=True)
class Roster:
    """One version of a team's roster; `issued_by` is the lead member who signed it."""

    team_id: UUID
    version: int
    issued_at: datetime
    issued_by: UUID
    members: tuple[Member, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.team_id, UUID) or not isinstance(self.issued_by, UUID):
            raise ValueError("team_id and issued_by must be UUIDs")
        if isinstance(self.version, bool) or not isinstance(self.version, int) \
                or self.version < 1:
            raise ValueError("version must be a whole number from 1")
        object.__setattr__(self, "issued_at", _utc(self.issued_at, "issued_at"))
        object.__setattr__(self, "members", tuple(self.members))
        if len(self.members) > MAX_MEMBERS:
            raise ValueError(f"a roster has at most {MAX_MEMBERS} members")
        if len({m.member_id for m in self.members}) != len(self.members):
            raise ValueError("a member is listed twice")
        if len({m.identity.sign_public for m in self.members}) != len(self.members):
            raise ValueError("two members share a signing key")

    def member(self, member_id: UUID) -> Member | None:
        """The member with this id, revoked or not."""
        return next((m for m in self.members if m.member_id == member_id), None)

    def member_by_sign_key(self, sign_public: bytes) -> Member | None:
        """The member whose device signs with this key (to find a sync file's sender)."""
        return next((m for m in self.members if m.identity.sign_public == sign_public), None)

    def leads(self) -> tuple[Member, ...]:
        """The lead officers who are not revoked: those who may issue the next roster."""
        return tuple(m for m in self.members if m.is_lead and not m.revoked)

    def active_members(self, at: datetime) -> tuple[Member, ...]:
        """Members on the team at `at`."""
        return tuple(m for m in self.members if m.active(at))


def _time_text(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _roster_json(roster: Roster) -> dict[str, Any]:
    return {
        "team_id": str(roster.team_id),
        "version": roster.version,
        "issued_at": _time_text(roster.issued_at),
        "issued_by": str(roster.issued_by),
        "members": [{
            "member_id": str(m.member_id),
            "name": m.name,
            "role": m.role,
            "identity": m.identity.to_json(),
            "added_at": _time_text(m.added_at),
            "revoked_at": None if m.revoked_at is None else _time_text(m.revoked_at),
        } for m in roster.members],
    }


def _roster_from_json(data: Any) -> Roster:
    """Build a Roster from parsed JSON; ValueError/KeyError/TypeError on any mismatch."""
    if not isinstance(data, dict) or not isinstance(data.get("members"), list):
        raise ValueError("not a roster")
    members = tuple(
        Member(UUID(m["member_id"]), m["name"], m["role"],
               PublicIdentity.from_json(m["identity"]), _parse_time(m["added_at"]),
               None if m["revoked_at"] is None else _parse_time(m["revoked_at"]))
        for m in data["members"])
    return Roster(UUID(data["team_id"]), data["version"], _parse_time(data["issued_at"]),
                  UUID(data["issued_by"]), members)


def _parse_time(text: Any) -> datetime:
    if not isinstance(text, str):
        raise ValueError("a time is not text")
    return datetime.fromisoformat(text)  # awareness is checked by Member/Roster


def _frame(magic: bytes, body: bytes, keys: DeviceKeys) -> bytes:
    signed = _PREFIX.pack(magic, FORMAT_VERSION) + body
    return signed + keys.sign(signed)


def _unframe(data: bytes, magic: bytes, max_bytes: int, what: str) -> tuple[bytes, bytes, bytes]:
    """Split a framed file into (signed part, JSON body, signature) after the frame checks."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("data must be bytes")
    data = bytes(data)
    if len(data) > max_bytes:
        raise RosterError("size", f"This {what} is larger than a {what} may be.")
    if len(data) < _PREFIX.size + SIGNATURE_BYTES + 2 or data[:len(magic)] != magic:
        raise RosterError("format", f"This is not a Caseworker {what}.")
    _, version = _PREFIX.unpack_from(data)
    if version != FORMAT_VERSION:
        raise RosterError("version", f"This {what} was made by a different version of "
                                     f"Caseworker (format {version}); update Caseworker.")
    signed = data[:-SIGNATURE_BYTES]
    return signed, signed[_PREFIX.size:], data[-SIGNATURE_BYTES:]


def sign_roster(roster: Roster, keys: DeviceKeys) -> bytes:
    """The roster as a signed file; RosterError unless `keys` are a current lead's on it.

    The signer must be the roster's `issued_by` member, a lead, not revoked, and these
    keys must be that member's: a roster vouches for itself only through one of its leads.
    """
    signer = roster.member(roster.issued_by)
    if signer is None or signer.identity.sign_public != keys.public().sign_public:
        raise RosterError("issuer", "Only the lead officer named as its issuer can sign this "
                                    "roster, on their own computer.")
    if not signer.is_lead or signer.revoked:
        raise RosterError("issuer", f"{signer.name} cannot sign the roster: only a lead "
                                    "officer who has not been removed can.")
    return _frame(ROSTER_MAGIC, canonical.dumps(_roster_json(roster)), keys)


def read_roster(data: bytes, *, trusted: Roster | None, max_bytes: int = 1 << 20) -> Roster:
    """Check and read a signed roster; RosterError (with its `check`) if it must be refused.

    `trusted` is the roster this installation accepted last (None the first time: then the
    person must have compared the issuing lead's fingerprint in person or by phone).
    """
    signed, body, signature = _unframe(data, ROSTER_MAGIC, max_bytes, "roster")
    roster = _parse_roster(body)
    issuer = roster.member(roster.issued_by)
    if issuer is None or not issuer.is_lead or issuer.revoked:
        raise RosterError("issuer", "This roster was not issued by one of its own lead "
                                    "officers.")
    if not verify(issuer.identity.sign_public, signature, signed):
        raise RosterError("signature", "This roster has been altered or damaged after it was "
                                       "signed (its signature does not match).")
    if trusted is not None:
        _check_succession(roster, trusted)
    return roster


def _parse_roster(body: bytes) -> Roster:
    try:
        roster = _roster_from_json(canonical.loads(body))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # incl. CanonicalError
        raise RosterError("format", "This roster is damaged or was not made by Caseworker "
                                    f"({exc}).") from exc
    if canonical.dumps(_roster_json(roster)) != body:  # unknown keys, odd times, spacing...
        raise RosterError("format", "This roster is damaged or was not made by Caseworker "
                                    "(it is not in the expected form).")
    return roster


def _check_succession(new: Roster, trusted: Roster) -> None:
    """The rules that let a newer roster replace the one already accepted."""
    if new.team_id != trusted.team_id:
        raise RosterError("team", "This roster is for a different team.")
    if new.version <= trusted.version:
        raise RosterError("older", f"This roster (version {new.version}) is not newer than "
                                   f"the one already in use (version {trusted.version}).")
    issuer = trusted.member(new.issued_by)
    if issuer is None or not issuer.is_lead or issuer.revoked:
        raise RosterError("issuer", "This roster was issued by someone who is not a lead "
                                    "officer on the current roster.")
    if issuer.identity.sign_public != new.member(new.issued_by).identity.sign_public:
        raise RosterError("issuer", f"This roster was signed with a key the team does not "
                                    f"know for {issuer.name}.")
    for old in trusted.members:
        if old.revoked_at is None:
            continue
        current = new.member(old.member_id)
        if current is None or current.revoked_at is None or current.revoked_at > old.revoked_at:
            raise RosterError("revoked", f"This roster restores {old.name}, who was removed "
                                         "from the team; a removal cannot be undone.")


def make_join_request(member_id: UUID, name: str, keys: DeviceKeys) -> bytes:
    """A request to join the team, signed with the new device's own key.

    The signature only shows the request was made by whoever holds these keys. Before
    adding the person, the lead reads the fingerprint shown with the request to them by
    phone or in person and checks they see the same digits on their own screen; that is
    what ties the keys to the person, so a request swapped in transit is caught.
    """
    _check_name(name)
    body = {"member_id": str(member_id), "name": name, "identity": keys.public().to_json()}
    return _frame(JOIN_MAGIC, canonical.dumps(body), keys)


def read_join_request(data: bytes, *,
                      max_bytes: int = MAX_JOIN_BYTES) -> tuple[UUID, str, PublicIdentity]:
    """Check a join request's form and self-signature; (member_id, name, identity).

    The caller shows `identity.fingerprint` for the lead to compare with the person.
    """
    signed, body, signature = _unframe(data, JOIN_MAGIC, max_bytes, "join request")
    try:
        fields = canonical.loads(body)
        if not isinstance(fields, dict) or set(fields) != {"member_id", "name", "identity"}:
            raise ValueError("it has the wrong fields")
        member_id = UUID(fields["member_id"])
        identity = PublicIdentity.from_json(fields["identity"])
        _check_name(fields["name"])
        if str(member_id) != fields["member_id"] or canonical.dumps(fields) != body:
            raise ValueError("it is not in canonical form")
    except (ValueError, TypeError, AttributeError) as exc:
        raise RosterError("format", "This join request is damaged or was not made by "
                                    f"Caseworker ({exc}).") from exc
    if not verify(identity.sign_public, signature, signed):
        raise RosterError("signature", "This join request has been altered or damaged "
                                       "(its signature does not match).")
    return member_id, fields["name"], identity
