"""The frozen records of letters: templates, recipients, composed and issued letters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from caseworker_app.export.document_json import StoredLetter
from caseworker_app.letters.catalogue import Block, LetterKind


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    """One version of a letter's or block's wording; version 0 is the built-in wording."""

    key: str  # a LetterKind or Block value
    title: str
    version: int
    subject: str  # empty for a block
    body: str
    author_name: str = "Built in"
    saved_at: datetime | None = None
    note: str = ""

    @property
    def builtin(self) -> bool:
        """The wording Caseworker comes with, never edited here."""
        return self.version == 0

    @property
    def is_block(self) -> bool:
        """A statutory block (appeal, mediation, ...), added to letters by rule."""
        return self.key.startswith("block_")


@dataclass(frozen=True, slots=True)
class LetterRecipient:
    """A contact who receives letters, as the letter will address them."""

    contact_id: uuid.UUID
    name: str
    relationship: str
    address_lines: tuple[str, ...]
    large_print: bool
    is_young_person: bool


@dataclass(frozen=True, slots=True)
class LetterRequest:
    """What to print for one child: the letter, its date, what the officer typed, and to
    whom (None: every contact who receives letters)."""

    child_id: uuid.UUID
    kind: LetterKind
    letter_date: date
    typed: dict[str, str] = field(default_factory=dict)
    contact_ids: tuple[uuid.UUID, ...] | None = None


@dataclass(frozen=True, slots=True)
class ComposedLetter:
    """One letter to one person, ready to preview, print and log."""

    child_id: uuid.UUID
    child_name: str
    contact_id: uuid.UUID | None
    kind: LetterKind
    stored: StoredLetter
    templates: dict[str, int]  # key -> version used (0 built in)
    json: str  # `stored` as canonical JSON
    content_sha256: str

    @property
    def recipient_name(self) -> str:
        """Who it is addressed to."""
        return self.stored.letter.recipient.name

    @property
    def large_print(self) -> bool:
        """Set in large print."""
        return self.stored.letter.recipient.large_print


@dataclass(frozen=True, slots=True)
class IssuedLetter:
    """A letter recorded as sent, from the letter log."""

    id: uuid.UUID
    child_id: uuid.UUID
    kind: LetterKind
    title: str
    issued_on: date
    recipient_name: str
    large_print: bool
    content_sha256: str
    author_name: str
    recorded_at: datetime
    print_run_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A case left out of a print run, and why."""

    child_id: uuid.UUID
    child_name: str
    reason: str


@dataclass(frozen=True, slots=True)
class PrintRun:
    """The letters of a print run, composed (not yet printed), and the cases left out."""

    letters: tuple[ComposedLetter, ...]
    skipped: tuple[Skipped, ...]


TemplateKey = LetterKind | Block
