"""What a letter to a family (and the cover of an EHC plan) says, as plain frozen records.

This is the contract between whoever writes letters (templates, the letter service, a print
run) and the PDF layer (`pdf_letter`, `pdf_plan`, `pdf_redline`, `pdf_pack`), which lays them
out. It imports no reportlab, so templates and services can build, compare and test letters
without rendering them, and so the layout can change without touching them.

Text is plain text everywhere: the PDF layer escapes it, so "<", "&" or "<b>" in a name or
an address print as typed and can never inject layout. The one piece of markup is
`**bold**` inside `Paragraph` text and `Bullets` items (so a template can bold a date or a
deadline); an unpaired `**` prints as it is. Line breaks ("\\n") in a paragraph are kept.
Text is normalised to Unicode NFC before it is drawn, so a name typed with combining
accents (e + U+0301) prints with the font's composed glyph.

Sequences may be given as lists; they are stored as tuples so every record stays immutable
and hashable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from caseworker_app.plan_diff import Chunk
from caseworker_app.rules.calendar import long_date as long_date  # letters write dates one way


def bold_spans(text: str) -> list[tuple[str, bool]]:
    """Split `text` on `**` pairs into (text, bold) runs; an unpaired `**` stays literal."""
    parts = text.split("**")
    if len(parts) % 2 == 0:  # an odd number of markers: the last one has no partner
        parts[-2:] = [parts[-2] + "**" + parts[-1]]
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def _strings(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


# --- Who sends and who receives ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Organisation:
    """The council sending the letter: its letterhead, its signatory and its footer."""

    name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    logo_path: Path | None = None  # PNG or JPEG; drawn top left, at most 60 x 22 mm
    signatory_name: str = ""
    signatory_role: str = ""
    footer_lines: tuple[str, ...] = ()  # small print on every page (data protection, formats)

    def __post_init__(self) -> None:
        object.__setattr__(self, "address_lines", _strings(self.address_lines))
        object.__setattr__(self, "footer_lines", _strings(self.footer_lines))


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who the letter goes to, as printed in the envelope window.

    Any number of address lines of any length: the layout wraps and shrinks them to fit the
    window (see `pdf_letter.ADDRESS_WINDOW`). `large_print` sets the whole letter in large
    print for a reader who asked for it.
    """

    name: str
    address_lines: tuple[str, ...] = ()
    large_print: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "address_lines", _strings(self.address_lines))


@dataclass(frozen=True, slots=True)
class Signature:
    """The sign-off; an empty name or role is taken from the organisation's signatory."""

    closing: str = "Yours sincerely"
    name: str = ""
    role: str = ""


# --- Body blocks ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Heading:
    """A heading in the body; level 1 or 2."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of plain text; `**bold**` spans and line breaks are the only markup."""

    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted list; each item is plain text with optional `**bold**` spans."""

    items: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", _strings(self.items))


@dataclass(frozen=True, slots=True)
class Table:
    """A table of plain-text cells with a header row repeated on each page.

    Every row has as many cells as the header. In large print a table of more than three
    columns is printed as one labelled card per row, because seven columns of 16 pt text do
    not fit across A4.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        header = _strings(self.header)
        rows = tuple(_strings(row) for row in self.rows)
        for number, row in enumerate(rows, 1):
            if len(row) != len(header):
                raise ValueError(f"table row {number} has {len(row)} cells; the header has "
                                 f"{len(header)}")
        object.__setattr__(self, "header", header)
        object.__setattr__(self, "rows", rows)


@dataclass(frozen=True, slots=True)
class RedlineField:
    """One labelled field of a changed item, word by word (`plan_diff.Chunk` runs)."""

    label: str  # "What", "How often"; "" for a section's own text
    chunks: tuple[Chunk, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "chunks", tuple(self.chunks))


@dataclass(frozen=True, slots=True)
class RedlineItem:
    """One changed thing ("Provision F2: changed") and its fields, deleted words struck
    through, inserted words underlined."""

    title: str
    fields: tuple[RedlineField, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(self.fields))


@dataclass(frozen=True, slots=True)
class Redline:
    """A word-by-word change list. `pdf_plan_model.redline_blocks` builds these from two
    plan versions; `show_key` prints what the strike-through and underline mean first."""

    items: tuple[RedlineItem, ...]
    show_key: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page."""


Block = Heading | Paragraph | Bullets | Table | Redline | PageBreak


def blocks_from_text(text: str) -> tuple[Block, ...]:
    """Blocks from letter-template text (the conventions of `caseworker_app.letters.
    templates`): a line starting "## " is a heading, lines starting "- " are bullet items,
    a blank line ends a paragraph, and other lines join the paragraph or item above them
    with a line break. `**bold**` is left in the text for the renderer."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph("\n".join(paragraph)))
            paragraph.clear()
        if items:
            blocks.append(Bullets(tuple(items)))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("## "):
            flush()
            blocks.append(Heading(line[3:].strip()))
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif items:
            items[-1] += "\n" + line
        else:
            paragraph.append(line)
    flush()
    return tuple(blocks)


# --- Documents -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LetterDocument:
    """One letter: letterhead, address, date, references, title, body and signature.

    `references` are (label, value) pairs printed under the date, e.g. ("Our ref",
    "CW-1042"), ("Child", "Zoë Łukasz"), ("Date of birth", "3 May 2015"). `signature`
    None means "Yours sincerely" and the organisation's signatory.
    """

    organisation: Organisation
    recipient: Recipient
    letter_date: date
    title: str
    blocks: tuple[Block, ...] = ()
    references: tuple[tuple[str, str], ...] = ()
    signature: Signature | None = field(default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", tuple(self.blocks))
        object.__setattr__(self, "references",
                           tuple((str(k), str(v)) for k, v in self.references))

    def sign_off(self) -> Signature:
        """The signature as printed: the letter's own, completed from the organisation."""
        own = self.signature or Signature()
        return Signature(own.closing, own.name or self.organisation.signatory_name,
                         own.role or self.organisation.signatory_role)


@dataclass(frozen=True, slots=True)
class PlanCover:
    """What an EHC plan PDF prints about the child; `entities_plan.PlanDocument` does not
    carry it. `organisation` None prints no council name on the cover."""

    child_name: str
    date_of_birth: date | None = None
    organisation: Organisation | None = None
    reference: str = ""  # the case reference, printed on the cover
