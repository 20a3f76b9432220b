"""An EHC plan version (`entities_plan.PlanDocument`) as an A4 PDF a family can read.

A cover (council, "Education, Health and Care Plan", the child's name and date of birth,
version, status, issue date or "Draft", and the list of sections), then sections A to K,
each with its title and what the law says it holds (SEND Regulations 2014 reg 12):
section A's text and how the views were gathered; the needs of B, C and D numbered B1,
C1... (or the "no needs identified" statement); E's outcomes as a table naming the needs
each meets by label; F, G, H1 and H2 as provision tables (need met, what, who, how often,
how long, group size, expertise); I's setting name and type; J's personal budget; K's advice
(author, role, date). Every page of a version that is not an issued final plan carries a
diagonal "DRAFT" watermark; every page's footer names the child and the version and gives
"Page N of M".

Public API: `render_plan(doc, cover)`, and for packs (`pdf_pack`) `PlanPart(doc, cover)`
and `plan_story(doc, cover)` (the flowables).
"""

from __future__ import annotations

import uuid

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph

from caseworker_app.codes import PlanSection
from caseworker_app.entities_plan import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    PlanDocument,
)
from caseworker_app.export import letter_document as ld
from caseworker_app.export.letter_document import PlanCover
from caseworker_app.export.pdf_blocks import (
    derived_style,
    keep_with_start,
    table_flowables,
)
from caseworker_app.export.pdf_compose import Box, Part, render_parts
from caseworker_app.export.pdf_fit import Line, draw_fitted, fit_lines
from caseworker_app.export.pdf_fonts import BOLD, text_width
from caseworker_app.export.pdf_plan_model import (
    DRAFT_SETTING,
    NOTHING_RECORDED,
    SECTION_DESCRIPTIONS,
    is_final,
    issue_text,
    item_labels,
    need_refs,
    none_statement,
    section_heading,
    status_line,
)
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

S = PlanSection
Labels = dict[uuid.UUID, str]
WATERMARK = "DRAFT"
WATERMARK_GREY = Color(0.86, 0.86, 0.88)


def _paragraphs(text: str, style: Styles) -> list[Flowable]:
    """Plain text as paragraphs, one per blank-line-separated block."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [RLParagraph(plain(b), style.body) for b in blocks]


def _labelled(label: str, value: str, style: ParagraphStyle) -> RLParagraph:
    """"Label: value" with the label in bold; both plain text."""
    return RLParagraph(f"<b>{plain(label)}:</b> {plain(value)}", style)


def _label_of(item_id: uuid.UUID | None, labels: Labels) -> str:
    return labels.get(item_id, "") if item_id is not None else ""


def _nothing(style: Styles) -> list[Flowable]:
    return [RLParagraph(plain(NOTHING_RECORDED), style.muted)]


def _section_a(doc: PlanDocument, style: Styles) -> list[Flowable]:
    text = doc.section(S.A)
    out = _paragraphs(text.body, style) or _nothing(style)
    heading = RLParagraph("How the views were gathered", style.heading2)
    return out + keep_with_start([heading], _paragraphs(text.detail, style) or _nothing(style),
                                 style)


def _needs(doc: PlanDocument, section: PlanSection, labels: Labels, style: Styles
           ) -> list[Flowable]:
    text = doc.section(section)
    out = _paragraphs(text.body, style)
    if text.none_identified:
        return [*out, RLParagraph(plain(none_statement(section)), style.label)]
    needs = sorted(doc.needs_in(section), key=lambda n: n.position)
    item = derived_style(style.body, "need", leftIndent=style.size * 3.2, bulletIndent=0,
                         bulletFontName=BOLD, bulletFontSize=style.size)
    for need in needs:
        out.append(RLParagraph(plain(need.text), item, bulletText=_label_of(need.id, labels)))
    return out or _nothing(style)


def _outcomes(doc: PlanDocument, labels: Labels, style: Styles) -> list[Flowable]:
    out = _paragraphs(doc.section(S.E).body, style)
    outcomes = sorted(doc.outcomes, key=lambda o: o.position)
    if not outcomes:
        return out or _nothing(style)
    rows = []
    for outcome in outcomes:
        text = outcome.text + ("\n(Preparing for adulthood)" if outcome.preparing_for_adulthood
                               else "")
        rows.append((_label_of(outcome.id, labels), text, outcome.by_when,
                     outcome.measure, need_refs(outcome.need_ids, labels)))
    table = ld.Table(("", "Outcome", "By when", "How progress will be measured",
                      "Needs it meets"), tuple(rows))
    return out + table_flowables(table, style)


def _provision(doc: PlanDocument, section: PlanSection, labels: Labels, style: Styles
               ) -> list[Flowable]:
    text = doc.section(section)
    out = _paragraphs(text.body, style)
    if text.none_identified:
        return [*out, RLParagraph(plain(none_statement(section)), style.label)]
    rows = tuple((_label_of(p.id, labels), need_refs(p.need_ids, labels), p.what, p.who,
                  p.how_often, p.how_long, p.group_size, p.expertise)
                 for p in sorted(doc.provisions_in(section), key=lambda p: p.position))
    if not rows:
        return out or _nothing(style)
    table = ld.Table(("", "Need met", "Provision", "Who", "How often", "How long",
                      "Group size", "Expertise"), rows)
    return out + table_flowables(table, style)


def _setting(doc: PlanDocument, style: Styles) -> list[Flowable]:
    text = doc.section(S.I)
    if not text.body.strip() and not text.detail.strip():
        return [RLParagraph(plain(NOTHING_RECORDED if is_final(doc) else DRAFT_SETTING),
                            style.muted)]
    return [_labelled("Name of setting", text.body.strip() or "Not named", style.body),
            _labelled("Type of setting", text.detail.strip() or "Not recorded", style.body)]


def _advice(doc: PlanDocument, labels: Labels, style: Styles) -> list[Flowable]:
    out = _paragraphs(doc.section(S.K).body, style)
    advice = sorted(doc.advice, key=lambda a: a.position)
    if not advice:
        return out or _nothing(style)
    rows = tuple((_label_of(a.id, labels), a.author, a.role,
                  long_date(a.dated) if a.dated else "") for a in advice)
    return out + table_flowables(ld.Table(("", "Advice or information from", "Role",
                                            "Date"), rows), style)


def _content(doc: PlanDocument, section: PlanSection, style: Styles) -> list[Flowable]:
    labels = item_labels(doc)
    if section == S.A:
        return _section_a(doc, style)
    if section in NEED_SECTIONS:
        return _needs(doc, section, labels, style)
    if section == S.E:
        return _outcomes(doc, labels, style)
    if section in PROVISION_SECTIONS:
        return _provision(doc, section, labels, style)
    if section == S.I:
        return _setting(doc, style)
    if section == S.K:
        return _advice(doc, labels, style)
    return _paragraphs(doc.section(section).body, style) or _nothing(style)


def section_flowables(doc: PlanDocument, section: PlanSection, style: Styles) -> list[Flowable]:
    """One section: heading, what it holds, then its content; the heading is kept on a page
    with the start of the content."""
    head = [RLParagraph(plain(section_heading(section)), style.heading1),
            RLParagraph(plain(SECTION_DESCRIPTIONS[section]), style.muted)]
    return keep_with_start(head, _content(doc, section, style), style)


def cover_flowables(doc: PlanDocument, cover: PlanCover, style: Styles) -> list[Flowable]:
    """The cover page: who the plan is for, which version, and its sections."""
    council = derived_style(style.heading2, "council", textColor=MUTED)
    title = derived_style(style.title, "cover", fontSize=26, leading=32, spaceAfter=10)
    name = derived_style(style.title, "child", fontSize=22, leading=28, spaceAfter=4)
    detail = derived_style(style.body, "cover", spaceAfter=0 if style.large else 4)
    out: list[Flowable] = []
    if cover.organisation is not None:
        out.append(RLParagraph(plain(cover.organisation.name), council))
    out += [Spacer(1, (12 if style.large else 30) * mm),
            RLParagraph("Education, Health and Care Plan", title),
            RLParagraph(plain(cover.child_name), name), Spacer(1, 6 * mm)]
    rows = [("Date of birth", long_date(cover.date_of_birth) if cover.date_of_birth else
             "Not recorded"), ("Plan version", str(doc.number)), ("Status", doc.kind.label),
            ("Issued", issue_text(doc))]
    if cover.reference:
        rows.append(("Reference", cover.reference))
    out += [_labelled(label, value, detail) for label, value in rows]
    contents = derived_style(style.body, "contents", spaceAfter=0 if style.large else 3,
                        leading=style.size * 1.3)
    out += [Spacer(1, 10 * mm), RLParagraph("Sections of this plan", style.heading2)]
    out += [RLParagraph(plain(section_heading(s)), contents) for s in PlanSection]
    return out


def plan_story(doc: PlanDocument, cover: PlanCover, large_print: bool = False
               ) -> list[Flowable]:
    """The flowables of the whole plan: cover, then sections A to K."""
    style = styles(large_print)
    story = cover_flowables(doc, cover, style)
    story.append(RLPageBreak())
    for section in PlanSection:
        story += section_flowables(doc, section, style)
    return story


class PlanPart(Part):
    """A plan version as one part of a PDF (see `pdf_compose`)."""

    def __init__(self, doc: PlanDocument, cover: PlanCover, large_print: bool = False
                 ) -> None:
        self.doc = doc
        self.cover = cover
        self.large_print = large_print
        self.style = styles(large_print)
        self.title = f"EHC plan: {cover.child_name}"

    def story(self) -> list[Flowable]:
        """Cover and sections."""
        return plan_story(self.doc, self.cover, self.large_print)

    def frame(self, page: int) -> Box:
        """The margins above the footer band."""
        bottom = self.style.footer_height
        return (MARGIN_LEFT, bottom, CONTENT_WIDTH, PAGE_HEIGHT - 20 * mm - bottom)

    def paint_under(self, canvas: Canvas, page: int) -> None:
        """The DRAFT watermark on every page of a version that is not final."""
        if not is_final(self.doc):
            paint_watermark(canvas, WATERMARK)

    def paint_over(self, canvas: Canvas, page: int, pages: int) -> None:
        """Footer: the child, the version, "Page N of M"."""
        text = f"{self.cover.child_name}: EHC plan version {self.doc.number}, " \
               f"{status_line(self.doc)}"
        paint_plan_footer(canvas, text, page, pages, self.style)


def paint_watermark(canvas: Canvas, text: str) -> None:
    """`text` large, pale and diagonal across the page."""
    canvas.saveState()
    canvas.setFillColor(WATERMARK_GREY)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(50)
    size = 150.0
    while text_width(text, size, True) > PAGE_HEIGHT * 0.75:
        size -= 5
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(0, -size * 0.35, text)
    canvas.restoreState()


def paint_plan_footer(canvas: Canvas, text: str, page: int, pages: int, style: Styles
                      ) -> None:
    """A rule, `text` on the left and "Page N of M" on the right."""
    number = f"Page {page} of {pages}"
    size = 14.0 if style.large else 9.0
    right = PAGE_WIDTH - MARGIN_LEFT
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_LEFT, style.footer_height - 6 * mm, right, style.footer_height - 6 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, size)
    canvas.drawRightString(right, 10 * mm, number)
    width = CONTENT_WIDTH - text_width(number, size, True) - 8 * mm
    fitted = fit_lines([Line(text)], width, style.footer_height - 15 * mm,
                       12.0 if style.large else 8.5, 6.0,
                       whole_floor=11.0 if style.large else None)
    canvas.setFillColor(MUTED)
    draw_fitted(canvas, fitted, MARGIN_LEFT, style.footer_height - 8 * mm)


def render_plan(doc: PlanDocument, cover: PlanCover, large_print: bool = False) -> bytes:
    """One plan version as a PDF."""
    author = cover.organisation.name if cover.organisation else ""
    return render_parts([PlanPart(doc, cover, large_print)],
                        title=f"EHC plan: {cover.child_name}", author=author)
