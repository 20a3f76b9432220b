"""Sync through exported files: the team roster, exports per recipient, checked imports.

The use cases behind the sync screen and `python main.py sync ...` (sync.md §5):

- **Team**: this installation's keys (`sync.keys.KeyStore`), a join request to send the lead,
  the lead's signed roster (start a team, add a member after comparing fingerprints, revoke).
- **Export** for one member: every batch they have not acknowledged (so a lost file is covered
  by the next), only their own cases when the lead sends to an officer, encrypted to their key
  and signed with ours; this replica's own batches are signed the first time they leave.
- **Import**: every check before anything is written, in the order of sync.md §5.6 (size,
  format, recipient, sender in the roster and not revoked, signature, schema, already imported,
  decryption, every batch's form, origin signature and authority); then a backup, then one
  transaction (`sync.changelog.incoming`), then SQLite's quick check. A refusal names the check
  that failed (`SyncRefused.check`) and leaves the database exactly as it was.
- **Attention**: conflicts side by side, with a proposed three-way merge for long text;
  resolving is an ordinary change; the history of any field; what is waiting and for whom.
"""

from __future__ import annotations

import difflib
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from caseworker_app.db.backup import backup_database, integrity_ok
from caseworker_app.db.base import new_id
from caseworker_app.db.changes import ROW, row_values
from caseworker_app.db.migrate import head_revision, known_revision
from caseworker_app.db.tables import (
    SYNCED_BY_NAME,
    Allocation,
    ChangeBatch,
    Child,
    FieldOp,
    FieldState,
    Officer,
    PeerKnowledge,
    SyncFile,
    SyncWaiting,
    TeamRoster,
)
from caseworker_app.db.uow import Database
from caseworker_app.entities_sync import (
    ConflictRecord,
    ConflictValue,
    ExportResult,
    HistoryRecord,
    ImportReport,
    JoinRequestPreview,
    OutboxRow,
    RosterPreview,
    TeamMember,
    TeamStatus,
    WaitingRecord,
)
from caseworker_app.errors import CaseworkerError, NotFoundError, ValidationError
from caseworker_app.paths import backup_dir
from caseworker_app.sync import canonical, changelog, envelope, resolve
from caseworker_app.sync.apply import load_ops
from caseworker_app.sync.batches import BatchError
from caseworker_app.sync.history import row_history
from caseworker_app.sync.hlc import SKEW_WARNING_MS, Hlc, wall_ms
from caseworker_app.sync.keys import DeviceKeys, KeyStore, verify
from caseworker_app.sync.knowledge import Knowledge, count, holds
from caseworker_app.sync.knowledge import validate as validate_knowledge
from caseworker_app.sync.merge import row_view
from caseworker_app.sync.roster import (
    Member,
    Roster,
    RosterError,
    make_join_request,
    read_join_request,
    read_roster,
    sign_roster,
)

FILE_SUFFIX = ".cwsync"
ROSTER_SUFFIX = ".cwroster"
JOIN_SUFFIX = ".cwjoin"
MAX_FILE_BYTES = 1 << 30  # 1 GiB: some 1.5 million changes; anything larger is refused
MAX_PLAINTEXT_BYTES = 1 << 31
PAYLOAD_FORMAT = 1
# Records only a lead officer may change: the council's letter settings and wording, and
# who is a lead. The QA issue's audit records join this list (sync.md; issue 7).
LEAD_ONLY_TABLES = frozenset({"organisation", "letter_template", "letter_asset"})
LEAD_ONLY_FIELDS = frozenset({("officer", "role")})
CLASH = "_clash"  # the field of a ConflictRecord for a record held back by a one-only rule
LONG_TEXT_FIELDS = frozenset({("plan_section_text", "body"), ("chronology_entry", "body"),
                              ("letter_template", "body")})

Progress = Callable[[int, int, str], None]


class SyncRefused(CaseworkerError):  # noqa: N818 - a refusal, not a failure of the app
    """A file was not imported (or exported): `check` names the check, the message says why."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check


def _no_progress(_done: int, _total: int, _message: str) -> None:
    return None


class SyncService:
    """The team, exports and imports of change files, conflicts and history."""

    def __init__(self, database: Database, author_id: uuid.UUID | None,
                 keystore: KeyStore) -> None:
        self._db = database
        self.author_id = author_id
        self.keystore = keystore
        self._keys: DeviceKeys | None = None

    # ----- identity and team ----------------------------------------------------------
    def keys(self) -> DeviceKeys:
        """This installation's keys, made the first time sync is used."""
        if self._keys is None:
            self._keys = self.keystore.load_or_create()
        return self._keys

    def roster(self) -> Roster | None:
        """The newest roster accepted here."""
        with self._db.read() as session:
            row = session.scalars(select(TeamRoster).order_by(TeamRoster.version.desc())
                                  .limit(1)).first()
            return read_roster(row.signed, trusted=None) if row is not None else None

    def status(self) -> TeamStatus:
        """Who this installation is, and its team."""
        keys = self.keys()
        roster = self.roster()
        me = self._me()
        members = ()
        if roster is not None:
            members = tuple(TeamMember(m.member_id, m.name, m.role, m.identity.fingerprint,
                                       m.added_at, m.revoked_at, m.member_id == self.author_id)
                            for m in roster.members)
        mine = roster.member(self.author_id) if roster and self.author_id else None
        return TeamStatus(me.display_name if me else None, self.author_id,
                          keys.public().fingerprint, self.keystore.path,
                          roster.team_id if roster else None, roster.version if roster else None,
                          members, bool(mine and mine.is_lead and not mine.revoked),
                          self._db.replica_id)

    def _me(self) -> Officer | None:
        if self.author_id is None:
            return None
        with self._db.read() as session:
            officer = session.get(Officer, self.author_id)
            if officer is not None:
                session.expunge(officer)
            return officer

    def _require_profile(self) -> Officer:
        me = self._me()
        if me is None:
            raise ValidationError({"profile": "Choose who you are (your profile) before "
                                              "using sync."})
        return me

    def join_request(self) -> bytes:
        """A file to send the lead officer asking to join their team."""
        me = self._require_profile()
        return make_join_request(me.id, me.display_name, self.keys())

    def start_team(self) -> Roster:
        """Make a new team with this lead officer as its first member (lead only)."""
        me = self._require_profile()
        if me.role.value != "lead":
            raise ValidationError({"role": "Only a lead officer can start a team."})
        if self.roster() is not None:
            raise ValidationError({"team": "This database already belongs to a team."})
        now = self._db.clock.now()
        roster = Roster(new_id(), 1, now, me.id, (Member(
            me.id, me.display_name, "lead", self.keys().public(), now),))
        self._store_roster(sign_roster(roster, self.keys()), roster)
        return roster

    def read_join_request(self, data: bytes) -> JoinRequestPreview:
        """Check a join request's form and signature, for the lead to compare fingerprints."""
        try:
            member_id, name, identity = read_join_request(data)
        except RosterError as exc:
            raise SyncRefused(exc.check, str(exc)) from exc
        roster = self.roster()
        return JoinRequestPreview(member_id, name, identity.fingerprint,
                                  bool(roster and roster.member(member_id)))

    def add_member(self, data: bytes, role: str = "officer") -> Roster:
        """Add the person who made a join request (after comparing their fingerprint)."""
        roster, me = self._lead_roster()
        try:
            member_id, name, identity = read_join_request(data)
        except RosterError as exc:
            raise SyncRefused(exc.check, str(exc)) from exc
        if roster.member(member_id) is not None:
            raise ValidationError({"member": f"{name} is already on the team."})
        now = self._db.clock.now()
        new = replace(roster, version=roster.version + 1, issued_at=now, issued_by=me.id,
                      members=(*roster.members, Member(member_id, name, role, identity, now)))
        self._store_roster(sign_roster(new, self.keys()), new)
        return new

    def revoke_member(self, member_id: uuid.UUID) -> Roster:
        """Take someone off the team for good: their files are refused from now on."""
        roster, me = self._lead_roster()
        target = roster.member(member_id)
        if target is None:
            raise NotFoundError("That person is not on the team.")
        if member_id == me.id:
            raise ValidationError({"member": "A lead officer cannot remove themselves."})
        now = self._db.clock.now()
        members = tuple(replace(m, revoked_at=now) if m.member_id == member_id else m
                        for m in roster.members)
        new = replace(roster, version=roster.version + 1, issued_at=now, issued_by=me.id,
                      members=members)
        self._store_roster(sign_roster(new, self.keys()), new)
        return new

    def _lead_roster(self) -> tuple[Roster, Officer]:
        me = self._require_profile()
        roster = self.roster()
        if roster is None:
            raise ValidationError({"team": "Start a team first."})
        mine = roster.member(me.id)
        if mine is None or not mine.is_lead or mine.revoked:
            raise ValidationError({"role": "Only the team's lead officer can change the team."})
        if mine.identity != self.keys().public():
            raise ValidationError({"keys": "This computer's keys are not the ones on the team "
                                           "roster for you."})
        return roster, me

    def roster_file(self) -> bytes:
        """The signed roster as a file, for members to import."""
        with self._db.read() as session:
            row = session.scalars(select(TeamRoster).order_by(TeamRoster.version.desc())
                                  .limit(1)).first()
            if row is None:
                raise ValidationError({"team": "There is no team roster yet."})
            return row.signed

    def preview_roster(self, data: bytes) -> RosterPreview:
        """Read a roster file before accepting it (compare the lead's fingerprint first)."""
        current = self.roster()
        try:
            roster = read_roster(data, trusted=current)
        except RosterError as exc:
            raise SyncRefused(exc.check, str(exc)) from exc
        issuer = roster.member(roster.issued_by)
        assert issuer is not None  # read_roster checks the issuer is a member
        return RosterPreview(roster.team_id, roster.version, issuer.name,
                             issuer.identity.fingerprint, current is None,
                             tuple(m.name for m in roster.members),
                             any(m.member_id == self.author_id and
                                 m.identity == self.keys().public() for m in roster.members))

    def accept_roster(self, data: bytes) -> Roster:
        """Accept a roster file (the first one only after comparing the lead's fingerprint)."""
        try:
            roster = read_roster(data, trusted=self.roster())
        except RosterError as exc:
            raise SyncRefused(exc.check, str(exc)) from exc
        self._store_roster(data, roster)
        return roster

    def _store_roster(self, signed: bytes, roster: Roster) -> None:
        with self._db.write(self.author_id) as uow:
            uow.session.add(TeamRoster(version=roster.version, team_id=roster.team_id,
                                       signed=signed, accepted_at=self._db.clock.now()))

    # ----- outbox and export ----------------------------------------------------------
    def _team(self) -> tuple[Roster, Member]:
        roster = self.roster()
        if roster is None:
            raise SyncRefused("team", "This database is not on a team yet: join one (or, as "
                                      "a lead officer, start one) on the Sync screen.")
        me = roster.member(self.author_id) if self.author_id else None
        if me is None or me.identity != self.keys().public():
            raise SyncRefused("team", "You are not on this team's roster with this computer's "
                                      "keys. Send the lead officer a join request.")
        if me.revoked:
            raise SyncRefused("revoked", "You have been removed from the team.")
        return roster, me

    def outbox(self) -> list[OutboxRow]:
        """Every other active member and how many batches they have not acknowledged."""
        roster, me = self._team()
        rows = []
        with self._db.read() as session:
            batches = list(session.execute(select(ChangeBatch.origin, ChangeBatch.batch_no)))
            for member in roster.members:
                if member.member_id == me.member_id or member.revoked:
                    continue
                known = self._peer_knowledge(session, member.member_id)
                limited = me.is_lead and not member.is_lead
                if limited:
                    wanted = self._scoped_batches(session, member.member_id)
                    pending = sum(1 for o, n in batches if (o, n) in wanted
                                  and not holds(known, o.hex, n))
                else:
                    pending = sum(1 for o, n in batches if not holds(known, o.hex, n))
                sent = session.execute(select(func.max(SyncFile.at)).where(
                    SyncFile.member_id == member.member_id,
                    SyncFile.direction == "export")).scalar()
                received = session.execute(select(func.max(SyncFile.at)).where(
                    SyncFile.member_id == member.member_id,
                    SyncFile.direction == "import")).scalar()
                rows.append(OutboxRow(member.member_id, member.name, member.role, pending,
                                      sent, received, limited))
        return rows

    @staticmethod
    def _peer_knowledge(session: Any, member_id: uuid.UUID) -> Knowledge:
        row = session.get(PeerKnowledge, member_id)
        return json.loads(row.knowledge) if row is not None else {}

    @staticmethod
    def _allocated(session: Any, member_id: uuid.UUID) -> set[uuid.UUID]:
        """The cases a lead's file to this officer carries: those allocated to them now, and
        those they held before (so the change that moved a case away reaches them too)."""
        return set(session.scalars(select(Allocation.child_id).where(
            Allocation.officer_id == member_id).distinct()))

    def _scoped_batches(self, session: Any, member_id: uuid.UUID) -> set[tuple[uuid.UUID, int]]:
        return changelog._batches_in_scope(session, self._allocated(session, member_id))

    def export_for(self, member_id: uuid.UUID, folder: Path, progress: Progress = _no_progress,
                   cancelled: Callable[[], bool] = lambda: False) -> ExportResult:
        """Write a change file for one member into `folder`; the file name says for whom."""
        roster, me = self._team()
        recipient = roster.member(member_id)
        if recipient is None or recipient.revoked or member_id == me.member_id:
            raise SyncRefused("recipient", "Choose someone on the team (not yourself).")
        keys = self.keys()
        now = self._db.clock.now()
        progress(0, 3, "Collecting changes")

        def sign(digest: bytes) -> tuple[bytes, bytes]:
            return keys.public().sign_public, keys.sign(digest)

        with self._db.write(self.author_id) as uow:
            session = uow.session
            since = self._peer_knowledge(session, member_id)
            scopes = self._allocated(session, member_id) \
                if me.is_lead and not recipient.is_lead else None
            batches = changelog.outgoing(session, since, sign, scopes, cancelled)
            if cancelled():
                raise SyncRefused("cancelled", "Export cancelled: nothing was written.")
            sequence = (session.execute(select(func.max(SyncFile.export_seq)).where(
                SyncFile.member_id == member_id, SyncFile.direction == "export")).scalar()
                or 0) + 1
            file_id = new_id()
            progress(1, 3, f"Encrypting {len(batches):,} batches")
            payload = canonical.dumps({
                "format": PAYLOAD_FORMAT, "file_id": str(file_id),
                "sender": {"member_id": str(me.member_id),
                           "replica_id": self._db.replica_id.hex},
                "knowledge": changelog.local_knowledge(session),
                "batches": [[b.body, canonical.b64(b.signer), canonical.b64(b.signature)]
                            for b in batches],
                "roster": canonical.b64(self.roster_file()) if me.is_lead else None,
            })
            data = envelope.seal(payload, header_fields={
                "app": "Caseworker", "file_id": str(file_id), "team_id": str(roster.team_id),
                "schema_version": head_revision(), "export_seq": sequence,
                "sender": {"member_id": str(me.member_id)}, "created_at": now.isoformat(),
            }, sender=keys, recipients=[envelope.Recipient(str(member_id),
                                                           recipient.identity.enc_public)])
            if cancelled():
                raise SyncRefused("cancelled", "Export cancelled: nothing was written.")
            progress(2, 3, "Writing the file")
            conflicts = session.execute(select(func.count()).select_from(FieldState).where(
                FieldState.conflict.is_(True))).scalar_one()
            changes = sum(len(b.body["ops"]) for b in batches)
            session.add(SyncFile(file_id=file_id, direction="export", member_id=member_id,
                                 export_seq=sequence, at=now, batches=len(batches),
                                 summary=json.dumps({"changes": changes})))
            folder.mkdir(parents=True, exist_ok=True)
            name = "".join(c if c.isalnum() else "-" for c in recipient.name).strip("-")
            path = folder / f"Caseworker-to-{name}-{now:%Y-%m-%d}-{sequence:03d}{FILE_SUFFIX}"
            temp = path.with_name(path.name + ".part")
            with open(temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            session.flush()
        os.replace(temp, path)  # only once the signatures and the export are recorded
        progress(3, 3, "Done")
        return ExportResult(path, recipient.name, len(batches), changes, len(data), conflicts)

    # ----- import ---------------------------------------------------------------------
    def import_file(self, path: Path, progress: Progress = _no_progress,
                    cancelled: Callable[[], bool] = lambda: False) -> ImportReport:
        """Check a change file completely, back up, and apply it in one transaction."""
        progress(0, 5, "Checking the file")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise SyncRefused("file", f"{path} cannot be read: {exc.strerror}.") from exc
        if size > MAX_FILE_BYTES:
            raise SyncRefused("size", f"{path.name} is {size / 2**20:,.0f} MB, more than the "
                                      f"{MAX_FILE_BYTES / 2**20:,.0f} MB a change file may be.")
        data = path.read_bytes()
        try:
            sealed = envelope.read_header(data, max_file_bytes=MAX_FILE_BYTES)
        except envelope.EnvelopeError as exc:
            raise SyncRefused(exc.check, f"{path.name}: {exc}") from exc
        roster, me = self._team()
        header = sealed.header
        names = {str(m.member_id): m.name for m in roster.members}
        if str(me.member_id) not in sealed.recipient_ids:
            to = ", ".join(names.get(r, "someone not on your team") for r in sealed.recipient_ids)
            raise SyncRefused("recipient", f"{path.name} is addressed to {to}, not to you.")
        sender = self._sender(header, roster)
        try:
            envelope.verify_sender(sealed, sender.identity.sign_public)
        except envelope.EnvelopeError as exc:
            raise SyncRefused(exc.check, f"{path.name}: {exc}") from exc
        if header.get("team_id") != str(roster.team_id):
            raise SyncRefused("team", f"{path.name} was made for another team.")
        schema = header.get("schema_version")
        if not isinstance(schema, str) or not known_revision(schema):
            raise SyncRefused("schema", f"{path.name} was made by a newer version of Caseworker "
                                        f"than this one: update Caseworker, then import it.")
        file_id = self._uuid(header.get("file_id"), "file id")
        export_seq = header.get("export_seq")
        if not isinstance(export_seq, int) or isinstance(export_seq, bool) or export_seq < 1:
            raise SyncRefused("format", f"{path.name}: its sequence number is not readable.")
        with self._db.read() as session:
            done = session.get(SyncFile, file_id)
            if done is not None:
                return ImportReport(path, sender.name, 0, 0, 0, 0, 0, done.at, None, False,
                                    None)
        if cancelled():
            raise SyncRefused("cancelled", "Import cancelled: nothing was changed.")
        progress(1, 5, "Decrypting")
        try:
            plain = envelope.open_payload(sealed, str(me.member_id), self.keys(),
                                          max_plaintext_bytes=MAX_PLAINTEXT_BYTES)
        except envelope.EnvelopeError as exc:
            raise SyncRefused(exc.check, f"{path.name}: {exc}") from exc
        progress(2, 5, "Checking every change")
        batches, knowledge, roster_data = self._read_payload(plain, header, sender, roster,
                                                             path.name)
        if cancelled():
            raise SyncRefused("cancelled", "Import cancelled: nothing was changed.")
        progress(3, 5, "Backing up your database")
        now = self._db.clock.now()
        backup = backup_database(self._db.path, backup_dir(self._db.path), "before-sync", now)
        progress(4, 5, f"Applying {len(batches):,} batches")
        roster_updated = False
        with self._db.write(self.author_id) as uow:
            session = uow.session
            try:
                applied = changelog.incoming(session, batches, now)
            except changelog.EquivocationError as exc:
                raise SyncRefused("equivocation", f"{path.name}: {exc}") from exc
            except (BatchError, ValueError, TypeError, KeyError) as exc:
                raise SyncRefused("content", f"{path.name}: a change could not be applied "
                                             f"({exc}). Nothing was changed.") from exc
            peer = session.get(PeerKnowledge, sender.member_id)
            if peer is None:
                session.add(PeerKnowledge(member_id=sender.member_id,
                                          knowledge=json.dumps(knowledge),
                                          export_seq=export_seq, updated_at=now))
            elif export_seq > peer.export_seq:
                peer.knowledge, peer.export_seq, peer.updated_at = (
                    json.dumps(knowledge), export_seq, now)
            opened = len(applied.conflicts) + len(applied.clashes)
            summary = {"new": applied.new, "known": applied.known, "changes": applied.ops,
                       "conflicts": opened, "waiting": len(applied.waiting)}
            session.add(SyncFile(file_id=file_id, direction="import",
                                 member_id=sender.member_id, export_seq=export_seq, at=now,
                                 batches=applied.new, summary=json.dumps(summary)))
            if roster_data is not None:
                newer = self._newer_roster(roster_data, roster)
                if newer is not None:
                    session.add(TeamRoster(version=newer.version, team_id=newer.team_id,
                                           signed=roster_data, accepted_at=now))
                    roster_updated = True
        ok, message = integrity_ok(self._db.path)
        if not ok:  # never expected: the import committed, so report loudly
            raise CaseworkerError(f"After the import SQLite reports a problem ({message}). "
                                  f"Your database before the import is at {backup}.")
        progress(5, 5, "Done")
        warning = None
        if applied.latest is not None and \
                applied.latest.wall_ms - wall_ms(now) > SKEW_WARNING_MS:
            warning = (f"{sender.name}'s computer clock looks wrong (their changes are dated "
                       f"{applied.latest.as_datetime():%d %B %Y}). Nothing was lost; ask them "
                       "to set the right date.")
        return ImportReport(path, sender.name, applied.new, applied.known, applied.ops,
                            opened, len(applied.waiting), None, backup, roster_updated, warning)

    @staticmethod
    def _uuid(value: Any, what: str) -> uuid.UUID:
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise SyncRefused("format", f"The file's {what} is not readable.") from None

    def _sender(self, header: dict[str, Any], roster: Roster) -> Member:
        sender_field = header.get("sender")
        member_id = sender_field.get("member_id") if isinstance(sender_field, dict) else None
        sender = roster.member(self._uuid(member_id, "sender"))
        if sender is None:
            raise SyncRefused("sender", "This file was made by someone who is not on your "
                                        "team's roster. It has not been imported.")
        if sender.revoked:
            raise SyncRefused("revoked", f"This file was made by {sender.name}, who has been "
                                         "removed from the team. It has not been imported.")
        return sender

    def _read_payload(self, plain: bytes, header: dict[str, Any], sender: Member,
                      roster: Roster, name: str
                      ) -> tuple[list[changelog.WireBatch], Knowledge, bytes | None]:
        try:
            payload = canonical.loads(plain)
            if not isinstance(payload, dict) or set(payload) != {
                    "format", "file_id", "sender", "knowledge", "batches", "roster"}:
                raise ValueError("it has missing or unknown parts")
            if payload["format"] != PAYLOAD_FORMAT:
                raise ValueError(f"format {payload['format']!r} is not one this version reads")
            inner = payload["sender"]
            if payload["file_id"] != header["file_id"] or not isinstance(inner, dict) \
                    or inner.get("member_id") != str(sender.member_id):
                raise ValueError("its inside does not match its outside (sender or file id)")
            knowledge = validate_knowledge(payload["knowledge"])
            if not isinstance(payload["batches"], list):
                raise ValueError("its batches are not a list")
            batches = []
            for entry in payload["batches"]:
                if not isinstance(entry, list) or len(entry) != 3:
                    raise ValueError("a batch is not [body, signer, signature]")
                body, signer_text, signature_text = entry
                batches.append(changelog.WireBatch(
                    changelog.validate_body(body, changelog.FIELDS_OF),
                    canonical.unb64(signer_text, max_len=32, what="a batch's signer"),
                    canonical.unb64(signature_text, max_len=64, what="a batch's signature")))
            roster_data = None
            if payload["roster"] is not None:
                roster_data = canonical.unb64(payload["roster"], max_len=1 << 20,
                                              what="the roster")
        except (ValueError, TypeError, KeyError) as exc:
            raise SyncRefused("content", f"{name}: {exc}. Nothing was changed.") from exc
        for batch in batches:
            self._check_batch(batch, roster, name)
        return batches, knowledge, roster_data

    @staticmethod
    def _check_batch(batch: changelog.WireBatch, roster: Roster, name: str) -> None:
        """The origin's signature, and that its author may make these changes."""
        where = f"{name}, batch {batch.batch_no} from replica {batch.origin[:8]}"
        signer = roster.member_by_sign_key(batch.signer)
        if signer is None:
            raise SyncRefused("batch-signer", f"{where}: signed by a key that is not on your "
                                              "team's roster. Nothing was changed.")
        if not verify(batch.signer, batch.signature, bytes.fromhex(batch.digest)):
            raise SyncRefused("batch-signature", f"{where}: altered after it was made (its "
                                                 "signature does not match). Nothing was "
                                                 "changed.")
        stamp = Hlc.parse(batch.body["hlc"])
        if signer.revoked_at is not None and stamp.as_datetime() >= signer.revoked_at:
            raise SyncRefused("revoked", f"{where}: made by {signer.name} after they were "
                                         "removed from the team. Nothing was changed.")
        author = batch.body["author"]
        if author is not None and author != signer.member_id.hex:
            raise SyncRefused("batch-author", f"{where}: says it was written by someone other "
                                              "than the person who signed it. Nothing was "
                                              "changed.")
        if not signer.is_lead:
            for op in batch.body["ops"]:
                if op[1] in LEAD_ONLY_TABLES or (op[1], op[3]) in LEAD_ONLY_FIELDS:
                    raise SyncRefused("authority", f"{where}: changes {op[1]}, which only a "
                                                   f"lead officer may change, but was made by "
                                                   f"{signer.name}. Nothing was changed.")

    def _newer_roster(self, data: bytes, current: Roster) -> Roster | None:
        try:
            newer = read_roster(data, trusted=current)
        except RosterError as exc:
            if exc.check == "older":
                return None
            raise SyncRefused(exc.check, f"The roster inside this file was refused: {exc}") \
                from exc
        return newer

    # ----- attention: conflicts, waiting, history -------------------------------------
    def conflicts(self) -> list[ConflictRecord]:
        """Everything sync needs a person to decide, case by case."""
        with self._db.read() as session:
            rows = list(session.execute(select(
                FieldState.table_name, FieldState.row_id, FieldState.field, FieldState.scope)
                .where(FieldState.conflict.is_(True))))
            names = self._author_names(session)
            found = []
            for table, row_id, field, scope in rows:
                ops = load_ops(session, [(table, row_id)]).get((table, row_id), [])
                view = row_view(ops)
                found.append(self._conflict(session, table, row_id, field, scope, view, ops,
                                            names))
            for table, row_id, detail, since in session.execute(select(
                    SyncWaiting.table_name, SyncWaiting.row_id, SyncWaiting.detail,
                    SyncWaiting.since).where(SyncWaiting.reason == "clash")):
                found.append(self._clash(session, table, row_id, detail, since, names))
            found.sort(key=lambda c: (c.case_label, c.record_label, c.field_label))
            return found

    def _clash(self, session: Any, table: str, row_id: uuid.UUID, detail: str,
               since: datetime, names: dict) -> ConflictRecord:
        """A record held back because one like it was made here at the same time."""
        ops = load_ops(session, [(table, row_id)]).get((table, row_id), [])
        view = row_view(ops)
        created = next((op for op in view.row.live), None)
        model = SYNCED_BY_NAME[table]
        values = [ConflictValue(view.values, "The one from " + (
            names.get(created.author, "someone") if created else "someone") + ": "
            + _summary(view.values), names.get(created.author, "Someone") if created
            else "Someone", created.hlc.as_datetime() if created else since, False)]
        for other in resolve.clashing_rows(session, table, row_id, view.values):
            record = session.get(model, other)
            if record is not None:
                here = row_values(record)
                values.append(ConflictValue(here, "The one here: " + _summary(here),
                                            names.get(record.updated_by.hex, "Someone")
                                            if record.updated_by else "Someone",
                                            record.updated_at, True))
        scope = session.execute(select(FieldOp.scope).where(
            FieldOp.table_name == table, FieldOp.row_id == row_id).limit(1)).scalar()
        child_id, case_label = self._case(session, scope)
        return ConflictRecord(table, row_id, CLASH, child_id, case_label,
                              table.replace("_", " ").capitalize(),
                              detail or "Made on two computers at once", tuple(values), None,
                              False, since)

    def _conflict(self, session: Any, table: str, row_id: uuid.UUID, field: str,
                  scope: uuid.UUID | None, view: Any, ops: list, names: dict) -> ConflictRecord:
        if field == ROW:
            edits = [op for fv in view.fields.values() for op in fv.live]
            values = [ConflictValue(None, "Deleted", names.get(op.author, "Someone"),
                                    op.hlc.as_datetime(), False) for op in view.row.live]
            values += [ConflictValue(op.value, f"Changed {_label(op.field)} to "
                                     f"{_text(op.value)}", names.get(op.author, "Someone"),
                                     op.hlc.as_datetime(), False) for op in edits]
            base = None
            opened = max((v.at for v in values), default=None)
        else:
            live = view.fields[field].live
            values = [ConflictValue(op.value, _text(op.value), names.get(op.author, "Someone"),
                                    op.hlc.as_datetime(), op is live[-1]) for op in live]
            seen = set().union(*(op.supersedes for op in live))
            earlier = [op for op in ops if op.dot in seen and op.field in (field, ROW)]
            base = None
            if earlier:
                newest = max(earlier, key=lambda o: o.order)
                base = newest.value if newest.field == field else \
                    (newest.value.get("values") or {}).get(field)
            opened = max(v.at for v in values)
        child_id, case_label = self._case(session, scope)
        return ConflictRecord(table, row_id, field, child_id, case_label,
                              self._record_label(session, table, row_id), _label(field),
                              tuple(values), base, (table, field) in LONG_TEXT_FIELDS, opened)

    @staticmethod
    def _author_names(session: Any) -> dict[str, str]:
        return {o.hex: n for o, n in session.execute(select(Officer.id, Officer.display_name))}

    @staticmethod
    def _case(session: Any, scope: uuid.UUID | None) -> tuple[uuid.UUID | None, str]:
        if scope is None:
            return None, "Team settings"
        child = session.get(Child, scope)
        if child is None:
            return scope, "A case not on this computer"
        return scope, f"{child.case_reference} {child.legal_forename} {child.legal_surname}"

    @staticmethod
    def _record_label(session: Any, table: str, row_id: uuid.UUID) -> str:
        model = SYNCED_BY_NAME.get(table)
        record = session.get(model, row_id) if model is not None else None
        kind = table.replace("_", " ").capitalize()
        if record is None:
            return kind
        for attrs in (("forename", "surname"), ("display_name",), ("summary",), ("section",),
                      ("text",), ("name",)):
            if all(hasattr(record, a) for a in attrs):
                words = [str(getattr(record, a).value if hasattr(getattr(record, a), "value")
                             else getattr(record, a)) for a in attrs if getattr(record, a)]
                if words:
                    return f"{kind}: {' '.join(words)[:60]}"
        return kind

    def merge_proposal(self, conflict: ConflictRecord) -> tuple[str, bool]:
        """A three-way merge of two text values against their base: (text, clean).

        Changes to different paragraphs combine; where both changed the same lines the
        proposal shows both versions between markers for the person to edit. Never applied
        without a person confirming it.
        """
        texts = [v.value if isinstance(v.value, str) else _text(v.value)
                 for v in conflict.values]
        base = conflict.base if isinstance(conflict.base, str) else ""
        if len(texts) != 2:
            return "\n\n".join(texts), False
        return merge3(base, texts[0], texts[1], conflict.values[0].author_name,
                      conflict.values[1].author_name)

    def resolve(self, table: str, row_id: uuid.UUID, field: str, value: Any) -> None:
        """Settle a field's conflict on `value` (JSON data as stored, or a merged text)."""
        model = SYNCED_BY_NAME.get(table)
        if model is None or field not in changelog.FIELDS_OF[table]:
            raise NotFoundError("That conflict is no longer open.")
        column = model.__table__.columns[field]  # type: ignore[attr-defined]
        from caseworker_app.sync.apply import from_json

        with self._db.write(self.author_id) as uow:
            resolve.choose_value(uow, table, row_id, field, from_json(column, value))

    def settle_clash(self, table: str, row_id: uuid.UUID, keep_incoming: bool) -> None:
        """Keep the record from elsewhere (deleting the one here) or the one here."""
        with self._db.write(self.author_id) as uow:
            resolve.settle_clash(uow, table, row_id, keep_incoming)

    def restore(self, table: str, row_id: uuid.UUID) -> None:
        """Keep a record deleted elsewhere while it was changed here (or the other way)."""
        with self._db.write(self.author_id) as uow:
            resolve.restore_row(uow, table, row_id)

    def confirm_delete(self, table: str, row_id: uuid.UUID) -> None:
        """Delete the record after all."""
        with self._db.write(self.author_id) as uow:
            resolve.confirm_delete(uow, table, row_id)

    def history(self, table: str, row_id: uuid.UUID,
                field: str | None = None) -> list[HistoryRecord]:
        """Every value a record's fields have had, oldest first."""
        with self._db.read() as session:
            names = self._author_names(session)
            return [HistoryRecord(e.field, _label(e.field), e.kind,
                                  "Deleted" if e.kind == "deleted" else _text(e.value),
                                  names.get(e.author_id.hex, "Someone") if e.author_id
                                  else "Caseworker", e.at, e.live)
                    for e in row_history(session, table, row_id, field)]

    def waiting(self) -> list[WaitingRecord]:
        """Records with changes that wait for earlier ones, and whose changes they wait on."""
        with self._db.read() as session:
            names = self._author_names(session)
            found = []
            for table, row_id, since in session.execute(select(
                    SyncWaiting.table_name, SyncWaiting.row_id, SyncWaiting.since)
                    .where(SyncWaiting.reason == "waiting")):
                authors = {names.get(a.hex, "someone") if a else "someone" for (a,) in
                           session.execute(select(ChangeBatch.author_id).join(
                               FieldOp, (FieldOp.origin == ChangeBatch.origin)
                               & (FieldOp.batch_no == ChangeBatch.batch_no))
                               .where(FieldOp.table_name == table, FieldOp.row_id == row_id))}
                found.append(WaitingRecord(table, row_id, table.replace("_", " ").capitalize(),
                                           since, tuple(sorted(authors))))
            return found

    def counts(self) -> tuple[int, int]:
        """(open conflicts, records waiting): for the status bar and the Sync tab's title."""
        with self._db.read() as session:
            conflicts = session.execute(select(func.count()).select_from(FieldState).where(
                FieldState.conflict.is_(True))).scalar_one()
            clashes = session.execute(select(func.count()).select_from(SyncWaiting).where(
                SyncWaiting.reason == "clash")).scalar_one()
            waiting = session.execute(select(func.count()).select_from(SyncWaiting).where(
                SyncWaiting.reason == "waiting")).scalar_one()
            return conflicts + clashes, waiting

    def imported_files(self) -> list[tuple[datetime, str, str, dict]]:
        """The sync log: (when, direction, member name, summary), newest first."""
        roster = self.roster()
        names = {m.member_id: m.name for m in roster.members} if roster else {}
        with self._db.read() as session:
            return [(at, direction, names.get(member, "someone"), json.loads(summary))
                    for at, direction, member, summary in session.execute(
                        select(SyncFile.at, SyncFile.direction, SyncFile.member_id,
                               SyncFile.summary).order_by(SyncFile.at.desc()).limit(200))]

    def pending_count(self) -> int:
        """How many batches nobody on the team has acknowledged (for the close warning)."""
        with self._db.read() as session:
            known = [json.loads(k) for (k,) in session.execute(select(PeerKnowledge.knowledge))]
            return sum(1 for o, n in session.execute(
                select(ChangeBatch.origin, ChangeBatch.batch_no).where(
                    ChangeBatch.origin == self._db.replica_id))
                if not any(holds(k, o.hex, n) for k in known))


def _summary(values: dict[str, Any]) -> str:
    """A record's main facts in one line, for choosing between two."""
    shown = [f"{_label(k)}: {_text(v)}" for k, v in values.items()
             if v not in (None, "", False) and not k.endswith("_id")]
    return "; ".join(shown[:6])


def _label(field: str) -> str:
    """A field's name as a person reads it."""
    if field == ROW:
        return "Whole record"
    return field.replace("_id", "").replace("_", " ").capitalize()


def _text(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)}: {_text(v)}" for k, v in sorted(value.items())
                         if v is not None)
    return str(value)


def merge3(base: str, mine: str, theirs: str, mine_name: str = "A",
           theirs_name: str = "B") -> tuple[str, bool]:
    """diff3-style merge by lines: (merged text, True if no overlapping changes)."""
    base_lines = base.splitlines(keepends=True)
    a_lines = mine.splitlines(keepends=True)
    b_lines = theirs.splitlines(keepends=True)

    def changes(other: list[str]) -> list[tuple[int, int, list[str]]]:
        matcher = difflib.SequenceMatcher(None, base_lines, other, autojunk=False)
        return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                if tag != "equal"]

    edits = sorted([(i1, i2, lines, "a") for i1, i2, lines in changes(a_lines)]
                   + [(i1, i2, lines, "b") for i1, i2, lines in changes(b_lines)])
    result: list[str] = []
    clean = True
    position = 0
    index = 0
    while index < len(edits):
        start, end, lines, side = edits[index]
        group = [(start, end, lines, side)]
        group_end = end
        index += 1
        while index < len(edits) and (edits[index][0] < group_end or (
                edits[index][0] == group_end == edits[index][1] == start)):
            group.append(edits[index])
            group_end = max(group_end, edits[index][1])
            index += 1
        result.extend(base_lines[position:start])
        sides = {s for *_rest, s in group}
        if len(sides) == 1:
            cursor = start
            for s_start, s_end, s_lines, _side in group:
                result.extend(base_lines[cursor:s_start])
                result.extend(s_lines)
                cursor = s_end
            result.extend(base_lines[cursor:group_end])
        else:
            a_text = _apply(base_lines, start, group_end, [g for g in group if g[3] == "a"])
            b_text = _apply(base_lines, start, group_end, [g for g in group if g[3] == "b"])
            if a_text == b_text:
                result.extend(a_text)
            else:
                clean = False
                result.append(f"<<<<<<< {mine_name}\n")
                result.extend(_ended(a_text))
                result.append("=======\n")
                result.extend(_ended(b_text))
                result.append(f">>>>>>> {theirs_name}\n")
        position = group_end
    result.extend(base_lines[position:])
    return "".join(result), clean


def _apply(base: list[str], start: int, end: int, edits: list) -> list[str]:
    out, cursor = [], start
    for e_start, e_end, lines, _side in edits:
        out.extend(base[cursor:e_start])
        out.extend(lines)
        cursor = e_end
    out.extend(base[cursor:end])
    return out


def _ended(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


__all__ = ["CLASH", "FILE_SUFFIX", "JOIN_SUFFIX", "ROSTER_SUFFIX", "SyncRefused", "SyncService",
           "count", "merge3"]
