"""Type sizes, spacing, colours and page geometry for Caseworker PDFs, in normal and large print.

Everything is left-aligned and never justified: justified text opens uneven gaps between
words that make lines harder to track, for everyone and most of all for readers with low
vision or dyslexia (RNIB "See it Right" clear print guidance; British Dyslexia Association
Style Guide). Plain text becomes reportlab paragraph markup only here (`markup`), escaped,
so nothing a user typed is ever read as markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from caseworker_app.export.letter_document import bold_spans
from caseworker_app.export.pdf_fonts import BOLD, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FOOTER_HEIGHT = 22 * mm  # bottom band: footer lines and "Page N of M"
FOOTER_HEIGHT_LARGE = 32 * mm  # the same in large print

INK = colors.Color(0.1, 0.1, 0.12)
MUTED = colors.Color(0.35, 0.35, 0.38)
RULE = colors.Color(0.6, 0.6, 0.62)
SHADE = colors.Color(0.92, 0.93, 0.95)
# Redline colours: red for deleted, blue for inserted (not green: red/green is the pair
# colour-blind readers most often confuse). The strike-through and underline carry the
# meaning; colour only helps.
DELETED = colors.Color(0.70, 0.15, 0.12)
INSERTED = colors.Color(0.08, 0.30, 0.66)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """NFC-normalised text with tabs as spaces and control characters removed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text).replace("\t", " "))


def plain(text: str) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept."""
    return escape(clean(text)).replace("\n", "<br/>")


def markup(text: str) -> str:
    """Plain text with `**bold**` spans as paragraph markup, everything else escaped."""
    return "".join(f"<b>{plain(part)}</b>" if bold else plain(part)
                   for part, bold in bold_spans(clean(text)))


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles of one print size."""

    large: bool
    body: ParagraphStyle
    title: ParagraphStyle
    heading1: ParagraphStyle
    heading2: ParagraphStyle
    bullet: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle  # bold labels: references, card labels
    value: ParagraphStyle  # the value beside a label
    small: ParagraphStyle  # footers, notes
    muted: ParagraphStyle

    @property
    def size(self) -> float:
        """The body text size in points."""
        return float(self.body.fontSize)

    @property
    def footer_height(self) -> float:
        """The band at the foot of each page kept for the footer, in points."""
        return FOOTER_HEIGHT_LARGE if self.large else FOOTER_HEIGHT


def _style(name: str, size: float, leading: float, *, bold: bool = False, before: float = 0,
           after: float = 0, color: colors.Color = INK, keep: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=BOLD if bold else REGULAR, fontSize=size, leading=leading,
        spaceBefore=before, spaceAfter=after, textColor=color, alignment=TA_LEFT,
        keepWithNext=1 if keep else 0, allowWidows=0, allowOrphans=0, bulletFontName=REGULAR)


def _make(large: bool) -> Styles:
    register_fonts()
    if large:
        # RNIB "See it Right" clear print guidance: large print is 16 to 22 point; we use
        # 16 pt body text (never smaller), 1.5 line spacing and larger, bold headings.
        body, lead = 16.0, 24.0
        return Styles(
            large=True,
            body=_style("body-lp", body, lead, after=12),
            title=_style("title-lp", 20, 27, bold=True, before=6, after=14, keep=True),
            heading1=_style("h1-lp", 20, 27, bold=True, before=18, after=8, keep=True),
            heading2=_style("h2-lp", 18, 24, bold=True, before=14, after=6, keep=True),
            bullet=_style("bullet-lp", body, lead, after=8),
            cell=_style("cell-lp", body, 21),
            cell_head=_style("cellh-lp", body, 21, bold=True),
            label=_style("label-lp", body, 21, bold=True),
            value=_style("value-lp", body, 21),
            small=_style("small-lp", 12, 15, color=MUTED),
            muted=_style("muted-lp", body, lead, after=12, color=MUTED))
    body, lead = 11.0, 15.5
    return Styles(
        large=False,
        body=_style("body", body, lead, after=7),
        title=_style("title", 13, 17, bold=True, before=4, after=10, keep=True),
        heading1=_style("h1", 13, 17, bold=True, before=12, after=4, keep=True),
        heading2=_style("h2", 11.5, 15, bold=True, before=9, after=3, keep=True),
        bullet=_style("bullet", body, lead, after=3),
        cell=_style("cell", 9, 11.5),
        cell_head=_style("cellh", 9, 11.5, bold=True),
        label=_style("label", 10, 13, bold=True),
        value=_style("value", 10, 13),
        small=_style("small", 7.5, 9.5, color=MUTED),
        muted=_style("muted", body, lead, after=7, color=MUTED))


_CACHE: dict[bool, Styles] = {}


def styles(large: bool = False) -> Styles:
    """The styles for normal (11 pt body) or large print (16 pt body)."""
    found = _CACHE.get(large)
    if found is None:
        found = _CACHE[large] = _make(large)
    return found
