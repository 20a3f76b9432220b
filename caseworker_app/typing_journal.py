"""The typing journal: plan text typed but not yet saved, kept on disk keystroke by keystroke.

The plan editor saves to the database within two seconds of a pause (`ui/models/
plan_autosave`). Between a keystroke and that save the words live only in memory, so a crash
or a killed process would lose them. The editor therefore also writes every unsaved section
or item here, on each change, and takes it out again once the database holds it. When
Caseworker next opens the database, `TypingJournal.recover` puts anything still listed back
into the plan it was typed in (through the plan service, as an ordinary journalled change)
and says so. This is what word processors call auto-recovery.

The journal is a small JSON file beside the database (`<database>.typing.json`), replaced
atomically on every change so it is never half-written. It is not flushed to the disk on
each keystroke: the operating system keeps it through a crash of Caseworker itself, and
the database's own save (with synchronous=FULL) bounds what a power cut can take to the
last two seconds. No Qt here.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from caseworker_app.codes import PlanSection
from caseworker_app.entities_plan import (
    AdviceItem,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    PlanItem,
    ProvisionItem,
    SectionText,
)
from caseworker_app.errors import CaseworkerError, NotFoundError

log = logging.getLogger(__name__)

FORMAT = 1
SUFFIX = ".typing.json"

Key = PlanSection | uuid.UUID
Record = SectionText | PlanItem

_TYPES: dict[str, type] = {cls.__name__: cls for cls in
                           (SectionText, NeedItem, OutcomeItem, ProvisionItem, AdviceItem)}
_META = {"id", "row_version", "position", "source_id"}  # not what the officer typed


def journal_path(database_path: Path) -> Path:
    """Where the journal of the database at `database_path` lives."""
    return database_path.with_name(database_path.name + SUFFIX)


@dataclass(frozen=True)
class JournalEntry:
    """One section or item of a plan version as last typed, not yet in the database."""

    version_id: uuid.UUID
    key: Key  # the section, or the editor's key of the item
    record: Record  # what was typed; `id` is the saved item's id, None if never saved
    typed_at: datetime


@dataclass(frozen=True)
class RestoredPart:
    """A part of a plan put back from the journal (or that could not be)."""

    child_name: str
    version_label: str  # "draft plan", "proposed amendments"
    part: str  # "section A", "a need in section B", "provision in section F"
    text: str  # the end of what was typed, for the message


@dataclass
class Recovery:
    """What `TypingJournal.recover` did."""

    restored: list[RestoredPart] = field(default_factory=list)
    not_restored: list[RestoredPart] = field(default_factory=list)
    kept_at: Path | None = None  # where the entries that could not go back were kept

    def __bool__(self) -> bool:
        return bool(self.restored or self.not_restored)

    def message(self) -> str:
        """Plain-English account for the officer."""
        lines = []
        if self.restored:
            lines.append("Caseworker closed before it had saved your latest typing in "
                         "these plans. It has been put back and saved:")
            lines += [f"• {p.child_name}, {p.version_label}: {p.part} (“{p.text}”)"
                      for p in self.restored]
        if self.not_restored:
            lines.append("Some typing could not go back into its plan (the version was "
                         f"issued or removed since). It is kept in {self.kept_at}:")
            lines += [f"• {p.child_name}, {p.version_label}: {p.part} (“{p.text}”)"
                      for p in self.not_restored]
        return "\n".join(lines)


class PlanWriter(Protocol):
    """The parts of the plan service recovery uses."""

    def document(self, version_id: uuid.UUID) -> PlanDocument: ...
    def save(self, version_id: uuid.UUID, record: Record) -> Any: ...
    def child_name(self, version_id: uuid.UUID) -> str: ...


class TypingJournal:
    """The unsaved typing of one database's plans, mirrored to a file on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[tuple[uuid.UUID, Key], JournalEntry] = {}

    # ----- what the editor calls -------------------------------------------------------
    def put(self, version_id: uuid.UUID, key: Key, record: Record) -> None:
        """`record` is how `key` now reads, and is not yet saved."""
        self._entries[(version_id, key)] = JournalEntry(version_id, key, record,
                                                        datetime.now())
        self._write()

    def saved_as(self, version_id: uuid.UUID, key: Key, saved: Record) -> None:
        """A save of `key` came back: later typing, still listed, belongs to `saved.id`."""
        entry = self._entries.get((version_id, key))
        if entry is not None and entry.record.id != saved.id:
            self._entries[(version_id, key)] = replace(
                entry, record=replace(entry.record, id=saved.id))
            self._write()

    def drop(self, version_id: uuid.UUID, key: Key) -> None:
        """`key` is saved (or removed): nothing of it is left to recover."""
        if self._entries.pop((version_id, key), None) is not None:
            self._write()

    def drop_version(self, version_id: uuid.UUID) -> None:
        """The version was discarded: so is its typing."""
        before = len(self._entries)
        self._entries = {k: e for k, e in self._entries.items() if k[0] != version_id}
        if len(self._entries) != before:
            self._write()

    def entries(self) -> list[JournalEntry]:
        """What is listed now, oldest first."""
        return sorted(self._entries.values(), key=lambda e: e.typed_at)

    # ----- at start ---------------------------------------------------------------------
    def recover(self, plans: PlanWriter) -> Recovery:
        """Put what the file lists back into the plans, then empty it.

        Each part goes back in its own save, on top of whatever the database now holds (the
        change journal keeps the value it replaces). Parts whose version can no longer
        change are written to a dated file beside the journal and named in the result.
        """
        recovery = Recovery()
        try:
            entries = self._read()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            kept = self._set_aside("unreadable")
            log.warning("typing journal %s unreadable (%s); kept at %s", self.path, exc, kept)
            return recovery
        if not entries:
            self._remove_file()
            return recovery
        left: list[JournalEntry] = []
        for entry in entries:
            part = _describe(entry.record)
            try:
                doc = plans.document(entry.version_id)
                name = plans.child_name(entry.version_id)
            except NotFoundError:
                left.append(entry)
                recovery.not_restored.append(RestoredPart("A removed plan", "", part,
                                                          _end(entry.record)))
                continue
            label = doc.kind.label.lower()
            if not doc.editable:
                left.append(entry)
                recovery.not_restored.append(RestoredPart(name, label, part,
                                                          _end(entry.record)))
                continue
            try:
                if _restore(plans, doc, entry.record):
                    recovery.restored.append(RestoredPart(name, label, part,
                                                          _end(entry.record)))
            except CaseworkerError as exc:
                log.warning("typing for %s not restored: %s", part, exc)
                left.append(entry)
                recovery.not_restored.append(RestoredPart(name, label, part,
                                                          _end(entry.record)))
        self._entries = {}
        if left:
            self._entries = {(e.version_id, e.key): e for e in left}
            self._write()
            recovery.kept_at = self._set_aside("not-restored")
            self._entries = {}
        self._remove_file()
        return recovery

    # ----- the file ----------------------------------------------------------------------
    def _write(self) -> None:
        if not self._entries:
            self._remove_file()
            return
        payload = {"format": FORMAT,
                   "entries": [_encode_entry(e) for e in self._entries.values()]}
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _read(self) -> list[JournalEntry]:
        if not self.path.exists():
            return []
        payload = json.loads(self.path.read_text(encoding="utf-8"))
        if payload.get("format") != FORMAT:
            raise ValueError(f"format {payload.get('format')!r} is not {FORMAT}")
        return [_decode_entry(raw) for raw in payload["entries"]]

    def _set_aside(self, why: str) -> Path | None:
        if not self.path.exists():
            return None
        target = self.path.with_name(
            f"{self.path.name}.{why}-{datetime.now():%Y%m%d-%H%M%S}.json")
        os.replace(self.path, target)
        return target

    def _remove_file(self) -> None:
        self.path.unlink(missing_ok=True)


def _restore(plans: PlanWriter, doc: PlanDocument, record: Record) -> bool:
    """Save `record` over what `doc` holds; False when the database already says the same."""
    if isinstance(record, SectionText):
        current: Record | None = doc.section(record.section)
    else:
        current = next((i for i in doc.items() if record.id is not None and i.id == record.id),
                       None)
    if current is not None and _typed(current) == _typed(record):
        return False
    if current is None:  # never saved, or removed since: created again at the end
        record = replace(record, id=None, row_version=0)
    else:
        record = replace(record, id=current.id, row_version=current.row_version)
    if isinstance(record, OutcomeItem | ProvisionItem):
        alive = {n.id for n in doc.needs}
        record = replace(record, need_ids=tuple(i for i in record.need_ids if i in alive))
    plans.save(doc.version_id, record)
    return True


def _typed(record: Record) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in fields(record) if f.name not in _META}


def _describe(record: Record) -> str:
    match record:
        case SectionText():
            return f"section {record.section.value}"
        case NeedItem():
            return f"a need in section {record.section.value}"
        case OutcomeItem():
            return "an outcome in section E"
        case ProvisionItem():
            return f"provision in section {record.section.value}"
        case AdviceItem():
            return "advice listed in section K"
    return "part of the plan"


def _end(record: Record, length: int = 70) -> str:
    """The last words typed (where the officer stopped), for the message."""
    texts = (getattr(record, f.name) for f in fields(record) if f.name not in _META)
    text = " ".join(t for t in texts if type(t) is str and t.strip())  # not enum values
    text = " ".join(text.split())
    return text if len(text) <= length else "…" + text[-(length - 1):].lstrip()


# ----- JSON ---------------------------------------------------------------------------------
def _encode_entry(entry: JournalEntry) -> dict[str, Any]:
    key = entry.key
    return {"version_id": str(entry.version_id),
            "key": key.value if isinstance(key, PlanSection) else str(key),
            "key_is_section": isinstance(key, PlanSection),
            "typed_at": entry.typed_at.isoformat(),
            "type": type(entry.record).__name__,
            "record": {f.name: _encode(getattr(entry.record, f.name))
                       for f in fields(entry.record)}}


def _encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, PlanSection):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def _decode_entry(raw: dict[str, Any]) -> JournalEntry:
    cls = _TYPES[raw["type"]]
    values = {name: _decode(name, value) for name, value in raw["record"].items()}
    record = cls(**values)
    key: Key = PlanSection(raw["key"]) if raw["key_is_section"] else uuid.UUID(raw["key"])
    return JournalEntry(uuid.UUID(raw["version_id"]), key, record,
                        datetime.fromisoformat(raw["typed_at"]))


def _decode(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in ("id", "source_id"):
        return uuid.UUID(value)
    if name == "section":
        return PlanSection(value)
    if name == "need_ids":
        return tuple(uuid.UUID(v) for v in value)
    if name == "dated":
        return date.fromisoformat(value)
    return value
