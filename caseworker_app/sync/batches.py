"""The canonical form of a change batch and its digest: what an origin signs.

A batch travels as a plain dict (JSON): `origin` and `author` as 32-digit hex, `hlc` as
`wall.logical`, and its ops in `seq` order, each `[seq, table, row, field, value, supersedes,
scope]` with `value` the op's JSON text (or None) and `supersedes` a list of `[origin, batch_no]`.
The digest is the SHA-256 of the canonical JSON of everything but the signature, so a batch
relayed by anyone is checked against its origin's signature, and the same `(origin, batch_no)`
arriving with a different digest is caught as equivocation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

BatchOp = tuple[int, str, str, str, str | None, list[list[Any]], str | None]


def canonical(obj: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def batch_body(origin: str, batch_no: int, hlc: str, author: str | None,
               seen: dict[str, int], ops: Sequence[BatchOp]) -> dict[str, Any]:
    """The signed part of a batch, as a dict ready for `canonical`."""
    return {"v": 1, "origin": origin, "batch_no": batch_no, "hlc": hlc, "author": author,
            "seen": seen, "ops": [list(op) for op in ops]}


def batch_digest(body: dict[str, Any]) -> str:
    """SHA-256 (hex) of a batch body's canonical JSON."""
    return hashlib.sha256(canonical(body)).hexdigest()


class BatchError(ValueError):
    """A batch in a file is not well formed: says which and what."""


MAX_OPS_PER_BATCH = 1_000_000
MAX_VALUE_CHARS = 5_000_000


def _hex32(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) != 32 or any(
            c not in "0123456789abcdef" for c in value):
        raise BatchError(f"{what} is not a 32-digit id: {str(value)[:40]!r}")
    return value


def validate_body(body: Any, fields_of: dict[str, frozenset[str]]) -> dict[str, Any]:
    """Check a batch body's shape, tables and fields (`fields_of`: table -> writable fields).

    Raises BatchError naming the batch and the op that is wrong. Nothing about the database
    is consulted: this runs before anything is written.
    """
    if not isinstance(body, dict) or set(body) != {"v", "origin", "batch_no", "hlc", "author",
                                                   "seen", "ops"}:
        raise BatchError("a batch has missing or unknown parts")
    if body["v"] != 1:
        raise BatchError(f"batch format {body['v']!r} is not one this version reads")
    origin = _hex32(body["origin"], "a batch's origin")
    batch_no = body["batch_no"]
    if not isinstance(batch_no, int) or isinstance(batch_no, bool) or batch_no < 1:
        raise BatchError(f"batch {origin}/{batch_no!r}: its number is not a positive integer")
    name = f"batch {origin[:8]}/{batch_no}"
    if body["author"] is not None:
        _hex32(body["author"], f"{name}: the author")
    seen = body["seen"]
    if not isinstance(seen, dict) or len(seen) > 100_000:
        raise BatchError(f"{name}: what it had seen is not readable")
    for other, highest in seen.items():
        _hex32(other, f"{name}: a replica it had seen")
        if not isinstance(highest, int) or isinstance(highest, bool) or highest < 1:
            raise BatchError(f"{name}: what it had seen is not readable")
    from caseworker_app.sync.hlc import Hlc

    try:
        Hlc.parse(body["hlc"])
    except (ValueError, AttributeError, TypeError):
        raise BatchError(f"{name}: its clock stamp is not readable") from None
    ops = body["ops"]
    if not isinstance(ops, list) or not ops or len(ops) > MAX_OPS_PER_BATCH:
        raise BatchError(f"{name}: it has no changes, or too many")
    seen = set()
    for index, op in enumerate(ops, start=1):
        where = f"{name}, change {index}"
        if not isinstance(op, list) or len(op) != 7:
            raise BatchError(f"{where}: not a change")
        seq, table, row, field, value, supersedes, scope = op
        if seq != index:
            raise BatchError(f"{where}: out of sequence")
        if table not in fields_of:
            raise BatchError(f"{where}: unknown table {str(table)[:40]!r}")
        _hex32(row, f"{where}: the record id")
        if field != "_row" and field not in fields_of[table]:
            raise BatchError(f"{where}: unknown field {table}.{str(field)[:40]}")
        if (table, row, field) in seen:
            raise BatchError(f"{where}: the same field twice")
        seen.add((table, row, field))
        if value is not None and (not isinstance(value, str) or len(value) > MAX_VALUE_CHARS):
            raise BatchError(f"{where}: the value is not text, or too long")
        if field == "_row":
            try:
                decoded = json.loads(value) if value is not None else None
            except ValueError:
                raise BatchError(f"{where}: the record's values are not readable") from None
            if not isinstance(decoded, dict) or decoded.get("state") not in ("created",
                                                                              "deleted"):
                raise BatchError(f"{where}: not a creation or deletion")
            values = decoded.get("values" if decoded["state"] == "created" else "was") or {}
            if not isinstance(values, dict) or not set(values) <= fields_of[table]:
                raise BatchError(f"{where}: the record has unknown fields")
        elif value is not None:
            try:
                json.loads(value)
            except ValueError:
                raise BatchError(f"{where}: the value is not readable") from None
        if not isinstance(supersedes, list) or len(supersedes) > 10_000:
            raise BatchError(f"{where}: the earlier values it replaced are not a list")
        for dot in supersedes:
            if not isinstance(dot, list) or len(dot) != 2 or not isinstance(dot[1], int) \
                    or isinstance(dot[1], bool):
                raise BatchError(f"{where}: an earlier value is named badly")
            _hex32(dot[0], f"{where}: an earlier value's origin")
        if scope is not None:
            _hex32(scope, f"{where}: the case")
    return body
