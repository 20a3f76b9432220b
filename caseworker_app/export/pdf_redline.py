"""The proposed amendments to an EHC plan as a PDF: what would change, word by word.

Compares the plan in force (usually the last final version) with the proposed amendments
(`plan_diff.compare`) and prints, for each changed section, the change to its text and each
added, removed or changed item under its label ("Provision F2: changed", "Need B3 (was
B2): changed"), field by field. Words taken out are struck through, words put in are
underlined; red and blue help on screen and in colour, and the marks alone carry the meaning
when printed in black and white. Unchanged sections are named in one line at the top.

Public API: `render_redline(old, new, cover)`, and for packs (`pdf_pack`)
`RedlinePart(old, new, cover)` and `redline_story(old, new, cover)` (the flowables).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as RLParagraph

from caseworker_app.entities_plan import PlanDocument
from caseworker_app.export.letter_document import PlanCover
from caseworker_app.export.pdf_blocks import block_flowables
from caseworker_app.export.pdf_compose import Box, Part, render_parts
from caseworker_app.export.pdf_plan import paint_plan_footer
from caseworker_app.export.pdf_plan_model import redline_blocks
from caseworker_app.export.pdf_style import (
    CONTENT_WIDTH,
    MARGIN_LEFT,
    PAGE_HEIGHT,
    plain,
    styles,
)
from caseworker_app.rules.calendar import long_date

TITLE = "Proposed amendments to the EHC plan"


def _introduction(old: PlanDocument | None, new: PlanDocument, cover: PlanCover) -> str:
    who = cover.child_name
    if cover.date_of_birth is not None:
        who += f" (born {long_date(cover.date_of_birth)})"
    if old is None:
        return f"The plan for {who}, version {new.number}. There is no earlier plan, so all " \
               "of it is shown as new."
    issued = f", issued on {long_date(old.issued_on)}" if old.issued_on else ""
    return (f"The changes we propose to the EHC plan for {who}: version {old.number}"
            f"{issued}, the plan in force now, compared with the proposed version "
            f"{new.number}.")


def redline_story(old: PlanDocument | None, new: PlanDocument, cover: PlanCover,
                  large_print: bool = False) -> list[Flowable]:
    """The flowables of the redline: title, introduction, then each changed section."""
    style = styles(large_print)
    story: list[Flowable] = [RLParagraph(plain(TITLE), style.title),
                             RLParagraph(plain(_introduction(old, new, cover)), style.body)]
    return story + block_flowables(redline_blocks(old, new), style)


class RedlinePart(Part):
    """The proposed amendments as one part of a PDF (see `pdf_compose`)."""

    def __init__(self, old: PlanDocument | None, new: PlanDocument, cover: PlanCover,
                 large_print: bool = False) -> None:
        self.old = old
        self.new = new
        self.cover = cover
        self.large_print = large_print
        self.style = styles(large_print)
        self.title = f"{TITLE}: {cover.child_name}"

    def story(self) -> list[Flowable]:
        """Title, introduction and the changes."""
        return redline_story(self.old, self.new, self.cover, self.large_print)

    def frame(self, page: int) -> Box:
        """The margins above the footer band."""
        bottom = self.style.footer_height
        return (MARGIN_LEFT, bottom, CONTENT_WIDTH, PAGE_HEIGHT - 20 * mm - bottom)

    def paint_over(self, canvas: Canvas, page: int, pages: int) -> None:
        """Footer: the child, what this is, "Page N of M"."""
        text = f"{self.cover.child_name}: proposed amendments (version {self.new.number})"
        paint_plan_footer(canvas, text, page, pages, self.style)


def render_redline(old: PlanDocument | None, new: PlanDocument, cover: PlanCover,
                   large_print: bool = False) -> bytes:
    """The proposed amendments, `old` to `new`, as a PDF."""
    author = cover.organisation.name if cover.organisation else ""
    return render_parts([RedlinePart(old, new, cover, large_print)],
                        title=f"{TITLE}: {cover.child_name}", author=author)
