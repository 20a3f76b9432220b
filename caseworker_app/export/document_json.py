"""Letters and plans as JSON, so an issued letter can be printed again exactly as it was sent.

The letter log keeps each composed `LetterDocument` (and the plans an amendment notice
enclosed) as JSON. `cattrs` turns the frozen dataclasses into plain data and back, with the
block union tagged by class name. The text is canonical (keys sorted, no spaces), so its
SHA-256 names the letter's content: the same letter gives the same hash on any machine.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cattrs.preconf.json import make_converter
from cattrs.strategies import configure_tagged_union

from caseworker_app.entities_plan import PlanDocument
from caseworker_app.export.letter_document import Block, LetterDocument, PlanCover

FORMAT = 1  # bump when the stored shape changes, and keep reading the old one

_converter = make_converter()
configure_tagged_union(Block, _converter)
_converter.register_unstructure_hook(uuid.UUID, str)
_converter.register_structure_hook(uuid.UUID, lambda value, _: uuid.UUID(value))
_converter.register_unstructure_hook(Path, str)
_converter.register_structure_hook(Path, lambda value, _: Path(value))


@dataclass(frozen=True)
class Enclosure:
    """A plan sent with a letter: `old` set makes it the redline from `old` to `plan`."""

    plan: PlanDocument
    cover: PlanCover
    old: PlanDocument | None = None


@dataclass(frozen=True)
class StoredLetter:
    """Everything needed to print one issued letter again (the logo by its hash)."""

    letter: LetterDocument
    enclosures: tuple[Enclosure, ...] = ()
    logo_sha256: str = ""
    format: int = FORMAT


def dumps(stored: StoredLetter) -> str:
    """Canonical JSON text of `stored`."""
    return json.dumps(_converter.unstructure(stored), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def loads(text: str) -> StoredLetter:
    """A stored letter back from its JSON text; ValueError if it is not one."""
    try:
        data: Any = json.loads(text)
        return _converter.structure(data, StoredLetter)
    except Exception as exc:  # cattrs raises ClassValidationError and friends
        raise ValueError(f"The stored letter could not be read: {exc}") from exc


def content_hash(text: str) -> str:
    """SHA-256 (hex) of a stored letter's JSON text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
