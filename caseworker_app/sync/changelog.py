"""The change log as batches that travel: what to send a peer, and taking batches in.

`outgoing` lists every batch a peer does not hold (optionally only those touching given
cases), signing this replica's own batches the first time they leave. `incoming` stores new
batches and their ops, refuses a batch whose number is already taken by different content
(equivocation), brings the touched records in line (`sync.apply`), and moves the clock on.
Both run inside a transaction the caller owns: the importer's one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from caseworker_app.db.changes import HLC_KEY, SEEN_KEY, STAMP_FIELDS, write_ops
from caseworker_app.db.tables import SYNCED_BY_NAME, AppMeta, ChangeBatch, FieldOp
from caseworker_app.sync.apply import Key, Materialized, materialize
from caseworker_app.sync.batches import batch_body, batch_digest, validate_body
from caseworker_app.sync.hlc import Hlc, receive
from caseworker_app.sync.knowledge import Knowledge, holds, ranges

Signer = Callable[[bytes], tuple[bytes, bytes]]  # digest -> (public key, signature)

FIELDS_OF: dict[str, frozenset[str]] = {
    name: frozenset(c.name for c in model.__table__.columns  # type: ignore[attr-defined]
                    if c.name not in STAMP_FIELDS and c.name != "id")
    for name, model in SYNCED_BY_NAME.items()
}


class EquivocationError(RuntimeError):
    """The same (origin, batch number) arrived with different content."""


@dataclass(frozen=True)
class WireBatch:
    """A batch as it travels: its body, and its origin's public key and signature."""

    body: dict[str, Any]
    signer: bytes
    signature: bytes

    @property
    def origin(self) -> str:
        return self.body["origin"]

    @property
    def batch_no(self) -> int:
        return self.body["batch_no"]

    @property
    def digest(self) -> str:
        return batch_digest(self.body)

    def tables(self) -> set[str]:
        return {op[1] for op in self.body["ops"]}


def local_knowledge(session: Session) -> Knowledge:
    """Every batch this replica holds, as ranges per origin."""
    numbers: dict[str, list[int]] = {}
    for origin, batch_no in session.execute(select(ChangeBatch.origin, ChangeBatch.batch_no)):
        numbers.setdefault(origin.hex, []).append(batch_no)
    return {origin: ranges(found) for origin, found in numbers.items()}


def _ops_of(session: Session, origin: uuid.UUID, batch_no: int) -> list[list[Any]]:
    return [[seq, table, row.hex, name, value, json.loads(supersedes),
             scope.hex if scope else None]
            for seq, table, row, name, value, supersedes, scope in session.execute(
                select(FieldOp.seq, FieldOp.table_name, FieldOp.row_id, FieldOp.field,
                       FieldOp.value, FieldOp.supersedes, FieldOp.scope)
                .where(FieldOp.origin == origin, FieldOp.batch_no == batch_no)
                .order_by(FieldOp.seq))]


def outgoing(session: Session, since: Knowledge, sign: Signer,
             scopes: set[uuid.UUID] | None = None,
             cancelled: Callable[[], bool] = lambda: False) -> list[WireBatch]:
    """Every batch outside `since`, oldest first; with `scopes`, only those touching those
    cases or team-wide records. Unsigned batches (made here) are signed and the signature
    kept, so a batch is signed once and relayed unchanged."""
    wanted = []
    everything = select(ChangeBatch).order_by(ChangeBatch.origin, ChangeBatch.batch_no)
    for row in session.execute(everything).scalars():
        if not holds(since, row.origin.hex, row.batch_no):
            wanted.append(row)
    if scopes is not None and wanted:
        touching = _batches_in_scope(session, scopes)
        wanted = [row for row in wanted if (row.origin, row.batch_no) in touching]
    result = []
    for row in wanted:
        if cancelled():
            break
        body = batch_body(row.origin.hex, row.batch_no, row.hlc,
                          row.author_id.hex if row.author_id else None, json.loads(row.seen),
                          _ops_of(session, row.origin, row.batch_no))
        digest = batch_digest(body)
        if digest != row.digest:
            raise RuntimeError(f"batch {row.origin.hex[:8]}/{row.batch_no} no longer matches "
                               "its digest: the change log has been altered")
        if row.signature is None:
            row.signer, row.signature = sign(bytes.fromhex(digest))
        result.append(WireBatch(body, row.signer, row.signature))
    return result


def _batches_in_scope(session: Session, scopes: set[uuid.UUID]) -> set[tuple[uuid.UUID, int]]:
    """The batches with an op on a team-wide record or on one of `scopes` (cases)."""
    found = set(session.execute(select(FieldOp.origin, FieldOp.batch_no)
                                .where(FieldOp.scope.is_(None)).distinct()))
    scope_list = list(scopes)
    for start in range(0, len(scope_list), 400):
        found |= set(session.execute(
            select(FieldOp.origin, FieldOp.batch_no)
            .where(FieldOp.scope.in_(scope_list[start:start + 400])).distinct()))
    return found


@dataclass
class Applied:
    """What taking a set of batches in did."""

    new: int = 0
    known: int = 0
    ops: int = 0
    materialized: Materialized = field(default_factory=Materialized)
    latest: Hlc | None = None

    @property
    def conflicts(self) -> set:
        return self.materialized.conflicts

    @property
    def waiting(self) -> set[Key]:
        return self.materialized.waiting

    @property
    def clashes(self) -> dict[Key, str]:
        return self.materialized.clashes


def incoming(session: Session, batches: Iterable[WireBatch], now: datetime) -> Applied:
    """Store the batches not held yet and bring their records in line (caller commits)."""
    applied = Applied()
    touched: set[Key] = set()
    seen_meta = session.get(AppMeta, SEEN_KEY)
    seen: dict[str, int] = json.loads(seen_meta.value) if seen_meta else {}
    for batch in batches:
        validate_body(batch.body, FIELDS_OF)
        origin = uuid.UUID(hex=batch.origin)
        existing = session.get(ChangeBatch, (origin, batch.batch_no))
        digest = batch.digest
        if existing is not None:
            if existing.digest != digest:
                raise EquivocationError(
                    f"Change batch {batch.batch_no} from replica {batch.origin[:8]} arrived with "
                    "different content from the one already here. Someone's database has been "
                    "copied or restored and edited twice, or the file was forged.")
            applied.known += 1
            continue
        body = batch.body
        stamp = Hlc.parse(body["hlc"])
        session.execute(insert(ChangeBatch).values(
            origin=origin, batch_no=batch.batch_no, hlc=body["hlc"],
            author_id=uuid.UUID(hex=body["author"]) if body["author"] else None,
            seen=json.dumps(body["seen"], sort_keys=True), op_count=len(body["ops"]),
            digest=digest, signer=batch.signer, signature=batch.signature, received_at=now))
        write_ops(session, origin, batch.batch_no, [tuple(op) for op in body["ops"]])
        for op in body["ops"]:
            touched.add((op[1], uuid.UUID(hex=op[2])))
        seen[batch.origin] = max(seen.get(batch.origin, 0), batch.batch_no)
        applied.new += 1
        applied.ops += len(body["ops"])
        applied.latest = max(applied.latest or stamp, stamp)
    if applied.new:
        if seen_meta is None:
            session.add(AppMeta(key=SEEN_KEY, value=json.dumps(seen, sort_keys=True)))
        else:
            seen_meta.value = json.dumps(seen, sort_keys=True)
    if touched:
        applied.materialized = materialize(session, touched, now)
    if applied.latest is not None:
        meta = session.get(AppMeta, HLC_KEY)
        last = Hlc.parse(meta.value) if meta else Hlc(0, 0)
        value = str(receive(last, applied.latest, now))
        if meta is None:
            session.add(AppMeta(key=HLC_KEY, value=value))
        else:
            meta.value = value
    return applied


def knowledge_holds(knowledge: Knowledge, batch: WireBatch) -> bool:
    """Whether `knowledge` already includes `batch`."""
    return holds(knowledge, batch.origin, batch.batch_no)
