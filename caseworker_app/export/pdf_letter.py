"""Letters to families as A4 PDFs: letterhead, window-envelope address, body, "Page N of M".

Page 1 carries the letterhead (logo top left; council name, return address and contact
details in a column on the right), "Private and confidential" and the recipient's address
placed in `ADDRESS_WINDOW`, the part of the page a standard UK DL window envelope shows.
The body (date and references, title, blocks, signature) flows below the window and onto
further pages, each headed with the recipient's name and the date so a loose page can be
put back. Every page ends with the council's footer lines and "Page N of M", numbered
within the letter, also in a print run of many letters.

Large print (`Recipient.large_print`) sets the body at 16 pt with 1.5 line spacing and
larger headings (RNIB clear print guidance, see `pdf_style`); the address still fits the
window, shrinking towards `ADDRESS_MIN_SIZE` if it must.

Public API: `render_letter(doc)`, `render_letters(docs, progress, cancelled)`, and for
composing a letter with other documents in one PDF (`pdf_pack`), `LetterPart(doc)` and
`letter_story(doc)` (the body's flowables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from caseworker_app.export.letter_document import LetterDocument
from caseworker_app.export.pdf_blocks import block_flowables, keep_with_start
from caseworker_app.export.pdf_compose import (
    Box,
    Cancelled,
    Part,
    Progress,
    RenderCancelled,
    render_parts,
)
from caseworker_app.export.pdf_fit import Fitted, Line, draw_fitted, fit_lines
from caseworker_app.export.pdf_fonts import BOLD, REGULAR, text_width
from caseworker_app.export.pdf_style import (
    CONTENT_WIDTH,
    INK,
    MARGIN_LEFT,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Styles,
    plain,
    styles,
)
from caseworker_app.rules.calendar import long_date

__all__ = ["ADDRESS_WINDOW", "LetterPart", "RenderCancelled", "letter_story",
           "render_letter", "render_letters"]


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle on the A4 page in millimetres from its top-left corner, as a ruler reads."""

    left: float
    top: float
    width: float
    height: float

    def points(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in points from the top-left, as `pdftotext -bbox` reports."""
        return (self.left * mm, self.top * mm, (self.left + self.width) * mm,
                (self.top + self.height) * mm)

    @property
    def x(self) -> float:
        """The left edge in PDF points."""
        return self.left * mm

    @property
    def y_top(self) -> float:
        """The top edge in PDF points from the bottom of the page."""
        return PAGE_HEIGHT - self.top * mm


# The part of page 1 that shows through a standard UK DL window envelope (220 x 110 mm,
# window 90 x 45 mm set 20 mm from the left edge and 15 mm from the bottom, the usual
# suppliers' specification) whichever way the letter settles. A4 folded in three gives a
# 99 mm top panel, which can ride 11 mm up or down and 10 mm sideways inside the envelope:
# with the page's top edge at the envelope's top the window shows 50-95 mm down the page,
# with the fold resting on the bottom 39-84 mm; sideways, 20-110 or 10-100 mm across. The
# area always shown is 20-100 mm across and 50-84 mm down; we keep 1 mm clear of the
# window's edges.
ADDRESS_WINDOW = Rect(left=21, top=51, width=78, height=32)
ADDRESS_MAX_SIZE = 11.0  # normal print
ADDRESS_MAX_SIZE_LARGE = 16.0  # large print: as the body, if the address allows
ADDRESS_MIN_SIZE = 8.0  # the floor before lines are cut short with "…"
LOGO_BOX = Rect(left=20, top=12, width=60, height=22)
# Council name, return address, contact details: beside the logo, right of the window.
LETTERHEAD_COLUMN = Rect(left=112, top=12, width=78, height=72)
CONFIDENTIAL = "Private and confidential"
# Page 1's body starts below the window. A window can show down to 95 mm when the letter
# rides up, so the body's first line is the date: nothing about the child shows through.
FIRST_BODY_TOP = 93 * mm
LATER_BODY_TOP = 24 * mm  # later pages: below the continuation line


def check_logo(path: Path) -> None:
    """Raise ValueError if `path` is not a PNG or JPEG reportlab can draw."""
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise ValueError(f"The logo must be a PNG or JPEG file: {path.name}")
    try:
        ImageReader(str(path)).getRGBData()  # decode it all: a broken stream fails here
    except Exception as exc:  # reportlab raises several kinds for a bad image
        raise ValueError(f"The logo could not be read: {path.name} ({exc})") from exc


# --- Page 1 --------------------------------------------------------------------------------

def _draw_logo(canvas: Canvas, path: Path) -> None:
    image = ImageReader(str(path))
    width, height = image.getSize()
    scale = min(LOGO_BOX.width * mm / width, LOGO_BOX.height * mm / height)
    canvas.drawImage(image, LOGO_BOX.x, LOGO_BOX.y_top - height * scale, width * scale,
                     height * scale, mask="auto")


def _letterhead_lines(doc: LetterDocument) -> list[Line]:
    org = doc.organisation
    lines = [Line(org.name, bold=True, scale=1.3), *(Line(a) for a in org.address_lines)]
    contact = [(label, value) for label, value in (
        ("Telephone", org.phone), ("Email", org.email), ("Website", org.website)) if value]
    if contact:
        lines.append(Line(""))
        lines += [Line(f"{label}: {value}") for label, value in contact]
    return lines


def _paint_first_page(canvas: Canvas, doc: LetterDocument, style: Styles) -> None:
    if doc.organisation.logo_path is not None:
        _draw_logo(canvas, doc.organisation.logo_path)
    canvas.setFillColor(INK)
    column = LETTERHEAD_COLUMN
    head = fit_lines(_letterhead_lines(doc), column.width * mm, column.height * mm,
                     13.0 if style.large else 9.0, 7.0, whole_floor=11.0 if style.large else None)
    draw_fitted(canvas, head, column.x, column.y_top)
    window = ADDRESS_WINDOW
    canvas.setFont(BOLD, 10.0 if style.large else 8.5)
    canvas.drawString(window.x, window.y_top + 2.5 * mm, CONFIDENTIAL)
    draw_fitted(canvas, address_fit(doc, style.large), window.x, window.y_top)


def address_fit(doc: LetterDocument, large: bool) -> Fitted:
    """The recipient's name and address fitted to `ADDRESS_WINDOW` (see `pdf_fit`)."""
    lines = [Line(doc.recipient.name), *(Line(a) for a in doc.recipient.address_lines)]
    lines = [line for line in lines if line.text.strip()]
    return fit_lines(lines, ADDRESS_WINDOW.width * mm, ADDRESS_WINDOW.height * mm,
                     ADDRESS_MAX_SIZE_LARGE if large else ADDRESS_MAX_SIZE, ADDRESS_MIN_SIZE)


# --- Later pages and footer ----------------------------------------------------------------

def _paint_continuation(canvas: Canvas, doc: LetterDocument, style: Styles) -> None:
    size = 12.0 if style.large else 8.5
    text = f"{doc.recipient.name}, {long_date(doc.letter_date)}"
    line = fit_lines([Line(text)], CONTENT_WIDTH, size * 1.6, size, 6.0)
    canvas.setFillColor(MUTED)
    draw_fitted(canvas, line, MARGIN_LEFT, PAGE_HEIGHT - 12 * mm)


def paint_footer(canvas: Canvas, lines: Sequence[str], page: int, pages: int,
                 style: Styles) -> None:
    """Footer lines (left) and "Page N of M" (right) in the footer band."""
    number = f"Page {page} of {pages}"
    size = 14.0 if style.large else 9.0
    right = PAGE_WIDTH - MARGIN_LEFT
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    canvas.drawRightString(right, 10 * mm, number)
    if lines:
        width = CONTENT_WIDTH - text_width(number, size, True) - 8 * mm
        fitted = fit_lines([Line(t) for t in lines], width, style.footer_height - 12 * mm,
                           12.0 if style.large else 7.5, 6.0,
                           whole_floor=11.0 if style.large else None)
        canvas.setFillColor(MUTED)
        draw_fitted(canvas, fitted, MARGIN_LEFT, style.footer_height - 6 * mm)


# --- Body ----------------------------------------------------------------------------------

def references_table(doc: LetterDocument, style: Styles) -> Flowable:
    """Date and references as a two-column list of labels and values."""
    rows = [("Date", long_date(doc.letter_date)), *doc.references]
    label_width = min(CONTENT_WIDTH * 0.4, max(text_width(label, float(style.label.fontSize),
                                                           True) for label, _ in rows)
                      + 5 * mm)
    table = RLTable([[RLParagraph(plain(label), style.label),
                      RLParagraph(plain(value), style.value)] for label, value in rows],
                    colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # tables set it even for paragraphs
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def signature_flowable(doc: LetterDocument, style: Styles) -> Flowable:
    """The closing, room to sign, name and role, kept together on one page."""
    sign = doc.sign_off()
    parts: list[Flowable] = [Spacer(1, style.size * 0.5),
                             RLParagraph(plain(sign.closing), style.body),
                             Spacer(1, style.size * 2.5)]
    if sign.name:
        parts.append(RLParagraph(plain(sign.name), style.label))
    if sign.role:
        parts.append(RLParagraph(plain(sign.role), style.body))
    return KeepTogether(parts)


def letter_story(doc: LetterDocument) -> list[Flowable]:
    """The flowables of the letter's body: references, title, blocks, signature."""
    style = styles(doc.recipient.large_print)
    story: list[Flowable] = [references_table(doc, style), Spacer(1, style.size)]
    body = [*block_flowables(doc.blocks, style), signature_flowable(doc, style)]
    if doc.title.strip():
        return story + keep_with_start([RLParagraph(plain(doc.title), style.title)], body,
                                       style)
    return story + body


class LetterPart(Part):
    """A letter as one part of a PDF (see `pdf_compose`)."""

    def __init__(self, doc: LetterDocument) -> None:
        self.doc = doc
        self.style = styles(doc.recipient.large_print)
        self.title = doc.title

    def story(self) -> list[Flowable]:
        """The letter's body."""
        return letter_story(self.doc)

    def frame(self, page: int) -> Box:
        """Below the window on page 1, below the continuation line after."""
        top = PAGE_HEIGHT - (FIRST_BODY_TOP if page == 1 else LATER_BODY_TOP)
        bottom = self.style.footer_height
        return (MARGIN_LEFT, bottom, CONTENT_WIDTH, top - bottom)

    def paint_under(self, canvas: Canvas, page: int) -> None:
        """Letterhead and address on page 1; the continuation line on later pages."""
        if page == 1:
            _paint_first_page(canvas, self.doc, self.style)
        else:
            _paint_continuation(canvas, self.doc, self.style)

    def paint_over(self, canvas: Canvas, page: int, pages: int) -> None:
        """The footer and "Page N of M"."""
        paint_footer(canvas, self.doc.organisation.footer_lines, page, pages, self.style)


def render_letter(doc: LetterDocument) -> bytes:
    """One letter as a PDF."""
    return render_parts([LetterPart(doc)], title=doc.title, author=doc.organisation.name)


def render_letters(docs: Sequence[LetterDocument], progress: Progress | None = None,
                   cancelled: Cancelled | None = None, title: str = "Letters") -> bytes:
    """Many letters (at least one) as one PDF, a print run: each starts on a new page and
    is numbered on its own. `progress(done, total)` follows each letter; `cancelled()`
    returning True stops the run with `RenderCancelled`."""
    author = docs[0].organisation.name if docs else ""
    return render_parts([LetterPart(d) for d in docs], title=title, author=author,
                        progress=progress, cancelled=cancelled)
