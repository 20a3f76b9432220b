"""The records the sync service returns: the team, the outbox, import reports, conflicts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class TeamMember:
    """A member of the team roster, as a screen shows them."""

    member_id: uuid.UUID
    name: str
    role: str  # "lead" | "officer"
    fingerprint: str
    added_at: datetime
    revoked_at: datetime | None
    is_me: bool


@dataclass(frozen=True)
class TeamStatus:
    """This installation's sync identity and the team it belongs to (if any)."""

    my_name: str | None
    my_member_id: uuid.UUID | None
    my_fingerprint: str
    key_file: Path
    team_id: uuid.UUID | None
    roster_version: int | None
    members: tuple[TeamMember, ...]
    i_am_lead: bool
    replica_id: uuid.UUID | None

    @property
    def joined(self) -> bool:
        return any(m.is_me and m.revoked_at is None for m in self.members)


@dataclass(frozen=True)
class JoinRequestPreview:
    """A join request read for the lead, to compare the fingerprint with the person."""

    member_id: uuid.UUID
    name: str
    fingerprint: str
    already_member: bool


@dataclass(frozen=True)
class RosterPreview:
    """A roster file read before it is accepted: who signed it and what changes."""

    team_id: uuid.UUID
    version: int
    issuer_name: str
    issuer_fingerprint: str
    first: bool  # no roster accepted here yet: compare the lead's fingerprint first
    member_names: tuple[str, ...]
    includes_me: bool


@dataclass(frozen=True)
class OutboxRow:
    """What one team member has not yet acknowledged."""

    member_id: uuid.UUID
    name: str
    role: str
    to_send: int  # change batches they have not said they hold
    last_sent: datetime | None
    last_received: datetime | None
    limited_to_their_cases: bool


@dataclass(frozen=True)
class ExportResult:
    """A change file written for one recipient."""

    path: Path
    recipient_name: str
    batches: int
    changes: int
    size_bytes: int
    unresolved_conflicts: int


@dataclass(frozen=True)
class ImportReport:
    """What importing one change file did (nothing, if `already_imported_on` is set)."""

    path: Path
    sender_name: str
    new_batches: int
    known_batches: int
    changes: int
    conflicts_opened: int
    waiting: int  # records with changes that wait for earlier ones
    already_imported_on: datetime | None
    backup: Path | None
    roster_updated: bool
    clock_warning: str | None


@dataclass(frozen=True)
class ConflictValue:
    """One of the values a conflict keeps: what, by whom, when."""

    value: Any  # JSON data as stored
    text: str  # as a person reads it
    author_name: str
    at: datetime
    provisional: bool  # the one shown until someone decides


@dataclass(frozen=True)
class ConflictRecord:
    """Something sync needs a person to decide."""

    table: str
    row_id: uuid.UUID
    field: str  # "_row": deleted on one machine while changed on another
    child_id: uuid.UUID | None
    case_label: str  # "EHC000123 Amy Nowak", or "Team settings"
    record_label: str  # "Child record", "Contact: Maria Nowak", ...
    field_label: str
    values: tuple[ConflictValue, ...]
    base: Any | None  # the value both sides started from (for a three-way merge of text)
    long_text: bool
    opened_at: datetime | None

    @property
    def key(self) -> tuple[str, uuid.UUID, str]:
        return (self.table, self.row_id, self.field)


@dataclass(frozen=True)
class HistoryRecord:
    """One value a field has had."""

    field: str
    field_label: str
    kind: str  # created / changed / deleted / restored
    text: str
    author_name: str
    at: datetime
    live: bool


@dataclass(frozen=True)
class WaitingRecord:
    """Changes held until what they build on arrives."""

    table: str
    row_id: uuid.UUID
    record_label: str
    since: datetime
    from_names: tuple[str, ...]
