"""What changed between two versions of an EHC plan, per section and word by word.

`compare(old, new)` compares a version (usually proposed amendments) with the version it
was based on (usually the last final plan): each section's text, and each structured item
(needs in B, C, D; outcomes in E; provision in F, G, H1, H2; advice in K). Items are paired
by `source_id` (a new item's `source_id` is the id of the old item it was copied from), so
rewording, reordering or relinking an item is a change to that item, not a removal and an
addition. An item moved to another section shows as removed from one and added to the
other; a change of position alone is not a change.

A structured item is compared as labelled fields ("What: …; Who: …; How often: …"); the
needs it is linked to are shown by their text, not their ids, and a need reworded in the
new version does not make every item linked to it look relinked.

Word-level chunks come from `difflib.SequenceMatcher` over tokens that keep every character
(words, runs of whitespace, single punctuation marks), so the equal and inserted chunks
joined give the new text exactly and the equal and deleted chunks the old.

Pure and deterministic: the same two versions always give the same diff. Used by the plan
editor's "changes" view and by the amendment notice letter.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Literal

from caseworker_app.codes import PlanSection
from caseworker_app.entities_plan import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    NeedItem,
    PlanDocument,
    PlanItem,
    SectionText,
)

S = PlanSection
ChunkOp = Literal["equal", "insert", "delete"]
ItemStatus = Literal["added", "removed", "changed", "unchanged"]
ItemKind = Literal["need", "outcome", "provision", "advice"]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of text the two versions share ("equal"), or only the new ("insert") or only
    the old ("delete") has."""

    op: ChunkOp
    text: str


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One labelled field of a structured item, old and new, word by word."""

    name: str  # the record's attribute: "what", "how_often", "need_ids", "text"...
    label: str  # as shown: "What", "How often", "Needs"
    old: str
    new: str
    chunks: list[Chunk]

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True, slots=True)
class ItemDiff:
    """One need, outcome, provision row or piece of advice, old beside new.

    `fields` lists every field either version fills in; `text` is the whole item rendered as
    labelled fields ("What: …; Who: …"), word by word.
    """

    status: ItemStatus
    kind: ItemKind
    old_id: uuid.UUID | None
    new_id: uuid.UUID | None
    fields: list[FieldDiff]
    text: list[Chunk]


@dataclass(frozen=True, slots=True)
class SectionDiff:
    """One section: its text (body, detail, "none identified" statement) and its items."""

    section: PlanSection
    changed: bool
    text: list[Chunk]
    items: list[ItemDiff]


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Every section of the plan (A to K, all present), old version beside new."""

    old_version_id: uuid.UUID | None
    new_version_id: uuid.UUID
    sections: dict[PlanSection, SectionDiff]


# --- Word diff ----------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def tokens(text: str) -> list[str]:
    """Words, runs of whitespace and single punctuation marks; joined they give `text`."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Chunk]:
    """`old` to `new` as chunks, word by word. Whitespace alone between two changes is
    folded into them, so "a b" to "x y" reads as one change, not two."""
    if old == new:
        return [Chunk("equal", new)] if new else []
    a, b = tokens(old), tokens(new)
    segments: list[list[str]] = []  # ["equal", text, ""] or ["change", deleted, inserted]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(["equal", "".join(a[i1:i2]), ""])
            continue
        deleted, inserted = "".join(a[i1:i2]), "".join(b[j1:j2])
        if (len(segments) >= 2 and segments[-1][0] == "equal" and segments[-1][1].isspace()
                and segments[-2][0] == "change"):
            space = segments.pop()[1]
            segments[-1][1] += space + deleted
            segments[-1][2] += space + inserted
        elif segments and segments[-1][0] == "change":
            segments[-1][1] += deleted
            segments[-1][2] += inserted
        else:
            segments.append(["change", deleted, inserted])
    chunks: list[Chunk] = []
    for kind, first, second in segments:
        if kind == "equal":
            chunks.append(Chunk("equal", first))
            continue
        if first:
            chunks.append(Chunk("delete", first))
        if second:
            chunks.append(Chunk("insert", second))
    return chunks


def new_text(chunks: Sequence[Chunk]) -> str:
    """The new version's text: the equal and inserted chunks."""
    return "".join(c.text for c in chunks if c.op != "delete")


def old_text(chunks: Sequence[Chunk]) -> str:
    """The old version's text: the equal and deleted chunks."""
    return "".join(c.text for c in chunks if c.op != "insert")


# --- Rendering records as text ------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_NONE_STATEMENT = {
    S.C: "No health needs identified.",
    S.D: "No social care needs identified.",
    S.G: "No health provision identified.",
    S.H1: "No social care provision under section 2 of the Chronically Sick and Disabled "
          "Persons Act 1970 identified.",
    S.H2: "No other social care provision identified.",
}
_BODY_LABEL = {S.I: "Name of setting"}
_DETAIL_LABEL = {S.A: "How the views were gathered", S.I: "Type of setting"}
_UNKNOWN_NEED = "(a need not in this plan)"

# (attribute, label) of each kind of item, in the order they are shown.
FIELDS: dict[ItemKind, tuple[tuple[str, str], ...]] = {
    "need": (("text", "Need"),),
    "outcome": (("text", "Outcome"), ("by_when", "By when"), ("measure", "Measured by"),
                ("need_ids", "Needs"), ("preparing_for_adulthood", "Preparing for adulthood")),
    "provision": (("what", "What"), ("who", "Who"), ("how_often", "How often"),
                  ("how_long", "How long"), ("group_size", "Group size"),
                  ("expertise", "Expertise"), ("need_ids", "Needs")),
    "advice": (("author", "Author"), ("role", "Role"), ("dated", "Dated")),
}


def render_section_text(section: PlanSection, text: SectionText | None) -> str:
    """A section's text as one string: body, labelled detail, the "none" statement."""
    if text is None:
        return ""
    lines = []
    if text.body.strip():
        label = _BODY_LABEL.get(section)
        lines.append(f"{label}: {text.body}" if label else text.body)
    if text.detail.strip():
        lines.append(f"{_DETAIL_LABEL.get(section, 'Detail')}: {text.detail}")
    if text.none_identified:
        lines.append(_NONE_STATEMENT.get(section, "None identified."))
    return "\n".join(lines)


def _format_date(value: date | None) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}" if value else ""


NeedTexts = Callable[[tuple[uuid.UUID, ...]], str]


def _field_values(kind: ItemKind, item: PlanItem | None, needs: NeedTexts
                  ) -> dict[str, str]:
    if item is None:
        return {}
    values: dict[str, str] = {}
    for name, _label in FIELDS[kind]:
        raw = getattr(item, name)
        if name == "need_ids":
            values[name] = needs(raw)
        elif name == "preparing_for_adulthood":
            values[name] = "Yes" if raw else ""
        elif name == "dated":
            values[name] = _format_date(raw)
        else:
            values[name] = (raw or "").strip()
    return values


def _render(kind: ItemKind, values: dict[str, str]) -> str:
    return "; ".join(f"{label}: {values[name]}" for name, label in FIELDS[kind]
                     if values.get(name))


# --- Comparing ----------------------------------------------------------------------------

class _Needs:
    """Need texts for links, keyed so a need kept from the old version reads the same."""

    def __init__(self, old: PlanDocument | None, new: PlanDocument) -> None:
        self.new = {n.id: (i, n.text) for i, n in enumerate(_ordered_needs(new))}
        self.old = ({n.id: (i, n.text) for i, n in enumerate(_ordered_needs(old))}
                    if old is not None else {})
        self.kept: dict[uuid.UUID, uuid.UUID] = {}  # old need id -> new need id
        for need in _ordered_needs(new):
            if (need.id is not None and need.source_id is not None
                    and need.source_id in self.old and need.source_id not in self.kept):
                self.kept[need.source_id] = need.id

    def new_side(self, ids: tuple[uuid.UUID, ...]) -> str:
        return self._join(self._new_key(i) for i in ids)

    def old_side(self, ids: tuple[uuid.UUID, ...]) -> str:
        keys = []
        for i in ids:
            if i in self.kept:
                keys.append(self._new_key(self.kept[i]))
            elif i in self.old:
                position, text = self.old[i]
                keys.append((1, position, text))
            else:
                keys.append((2, 0, _UNKNOWN_NEED))
        return self._join(keys)

    def _new_key(self, need_id: uuid.UUID) -> tuple[int, int, str]:
        if need_id in self.new:
            position, text = self.new[need_id]
            return (0, position, text)
        return (2, 0, _UNKNOWN_NEED)

    @staticmethod
    def _join(keys: Iterable[tuple[int, int, str]]) -> str:
        texts = []
        for _, _, text in sorted(set(keys)):
            flat = " ".join(text.split())
            if flat not in texts:
                texts.append(flat)
        return ", ".join(f"“{t}”" for t in texts)


def _ordered_needs(doc: PlanDocument | None) -> list[NeedItem]:
    if doc is None:
        return []
    return [n for s in NEED_SECTIONS for n in sorted(doc.needs_in(s), key=lambda n: n.position)]


def _items(doc: PlanDocument | None, section: PlanSection) -> tuple[ItemKind | None,
                                                                     list[PlanItem]]:
    found: Sequence[PlanItem]
    kind: ItemKind | None
    if section in NEED_SECTIONS:
        kind, found = "need", (doc.needs_in(section) if doc else ())
    elif section == S.E:
        kind, found = "outcome", (doc.outcomes if doc else ())
    elif section in PROVISION_SECTIONS:
        kind, found = "provision", (doc.provisions_in(section) if doc else ())
    elif section == S.K:
        kind, found = "advice", (doc.advice if doc else ())
    else:
        kind, found = None, ()
    return kind, sorted(found, key=lambda item: item.position)


def _item_diff(kind: ItemKind, old: PlanItem | None, new: PlanItem | None,
               needs: _Needs) -> ItemDiff:
    before = _field_values(kind, old, needs.old_side)
    after = _field_values(kind, new, needs.new_side)
    fields = [
        FieldDiff(name, label, before.get(name, ""), after.get(name, ""),
                  word_diff(before.get(name, ""), after.get(name, "")))
        for name, label in FIELDS[kind] if before.get(name) or after.get(name)
    ]
    status: ItemStatus
    if old is None:
        status = "added"
    elif new is None:
        status = "removed"
    else:
        status = "changed" if any(f.changed for f in fields) else "unchanged"
    return ItemDiff(status, kind, old.id if old else None, new.id if new else None, fields,
                    word_diff(_render(kind, before), _render(kind, after)))


def _section_items(kind: ItemKind, old: list[PlanItem], new: list[PlanItem],
                   needs: _Needs) -> list[ItemDiff]:
    """Pair by source_id; list in the new order, each removed item after the item that came
    before it in the old version."""
    old_index = {item.id: i for i, item in enumerate(old) if item.id is not None}
    paired: dict[int, PlanItem] = {}  # old index -> new item
    partner: list[int | None] = []
    for item in new:
        i = old_index.get(item.source_id) if item.source_id is not None else None
        if i is not None and i not in paired:
            paired[i] = item
            partner.append(i)
        else:
            partner.append(None)
    diffs: list[ItemDiff] = []
    next_old = 0

    def removed_before(limit: int) -> None:
        nonlocal next_old
        while next_old < limit:
            if next_old not in paired:
                diffs.append(_item_diff(kind, old[next_old], None, needs))
            next_old += 1

    for item, i in zip(new, partner, strict=True):
        if i is None:
            diffs.append(_item_diff(kind, None, item, needs))
            continue
        removed_before(i)
        next_old = max(next_old, i + 1)
        diffs.append(_item_diff(kind, old[i], item, needs))
    removed_before(len(old))
    return diffs


def compare(old: PlanDocument | None, new: PlanDocument) -> PlanDiff:
    """What changed from `old` (None: nothing before, so everything is added) to `new`."""
    needs = _Needs(old, new)
    sections: dict[PlanSection, SectionDiff] = {}
    for section in PlanSection:
        text = word_diff(
            render_section_text(section, old.sections.get(section) if old else None),
            render_section_text(section, new.sections.get(section)))
        kind, new_items = _items(new, section)
        items = (_section_items(kind, _items(old, section)[1], new_items, needs)
                 if kind is not None else [])
        changed = (any(c.op != "equal" for c in text)
                   or any(i.status != "unchanged" for i in items))
        sections[section] = SectionDiff(section, changed, text, items)
    return PlanDiff(old.version_id if old else None, new.version_id, sections)


def changed_sections(diff: PlanDiff) -> list[PlanSection]:
    """The sections that changed, A to K."""
    return [s for s in PlanSection if diff.sections[s].changed]


def redline(chunks: Sequence[Chunk]) -> str:
    """Chunks as plain text: [-deleted-] and {+inserted+}."""
    marks = {"equal": ("", ""), "delete": ("[-", "-]"), "insert": ("{+", "+}")}
    return "".join(marks[c.op][0] + c.text + marks[c.op][1] for c in chunks)


def redline_text(diff: PlanDiff) -> str:
    """The changes as plain text, for tests and logs: each changed section, its text if that
    changed, then each added, removed or changed item. "No changes." if there are none."""
    lines: list[str] = []
    for section in changed_sections(diff):
        part = diff.sections[section]
        lines.append(section.label)
        if any(c.op != "equal" for c in part.text):
            lines.append("  Text: " + redline(part.text).replace("\n", "\n        "))
        for item in part.items:
            if item.status != "unchanged":
                lines.append(f"  {item.status.capitalize()} {item.kind}: {redline(item.text)}")
    return "\n".join(lines) if lines else "No changes."
