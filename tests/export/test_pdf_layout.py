"""The PDF layer's building blocks: the letter model, the bundled font, fitting text into a
box, and laying out several parts into one PDF with their own page numbers."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph

from caseworker_app.export import letter_document as ld
from caseworker_app.export.pdf_blocks import _hex, chunks_markup, column_widths
from caseworker_app.export.pdf_compose import Part, RenderCancelled, render_parts
from caseworker_app.export.pdf_fit import ELLIPSIS, Line, fit_lines, wrap
from caseworker_app.export.pdf_fonts import REGULAR, covers, register_fonts, text_width
from caseworker_app.export.pdf_style import DELETED, INSERTED, markup, styles
from caseworker_app.paths import resource
from caseworker_app.plan_diff import Chunk

NAMES = ["Zoë", "Siobhán", "Łukasz", "Ó Súilleabháin", "Nguyễn"]


# --- The letter model ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "spans"), [
    ("plain", [("plain", False)]),
    ("by **12 March 2026**.", [("by ", False), ("12 March 2026", True), (".", False)]),
    ("**a** and **b**", [("a", True), (" and ", False), ("b", True)]),
    ("2 ** 3 is eight", [("2 ** 3 is eight", False)]),  # an unpaired marker stays literal
    ("**a** then 2 ** 3", [("a", True), (" then 2 ** 3", False)]),
])
def test_bold_spans(text: str, spans: list[tuple[str, bool]]) -> None:
    assert ld.bold_spans(text) == spans


def test_markup_escapes_everything_but_bold() -> None:
    assert markup("<b>Tom & Jerry</b> **now**\nnext") == (
        "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; <b>now</b><br/>next")


def test_records_store_tuples_and_check_tables() -> None:
    org = ld.Organisation("Council", ["1 Road"], footer_lines=["Small print"])
    assert org.address_lines == ("1 Road",) and org.footer_lines == ("Small print",)
    assert ld.Bullets(["a", "b"]).items == ("a", "b")
    assert ld.Table(["A", "B"], [["1", "2"]]).rows == (("1", "2"),)
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        ld.Table(("A", "B"), (("1", "2"), ("3",)))
    hash(ld.LetterDocument(org, ld.Recipient("X", ["Y"]), date(2026, 1, 1), "T",
                           [ld.Paragraph("p")]))


def test_sign_off_is_completed_from_the_organisation() -> None:
    org = ld.Organisation("Council", signatory_name="Priya Shah", signatory_role="Officer")
    doc = ld.LetterDocument(org, ld.Recipient("X"), date(2026, 1, 1), "T")
    assert doc.sign_off() == ld.Signature("Yours sincerely", "Priya Shah", "Officer")
    own = ld.LetterDocument(org, ld.Recipient("X"), date(2026, 1, 1), "T",
                            signature=ld.Signature("Yours faithfully", role="Team manager"))
    assert own.sign_off() == ld.Signature("Yours faithfully", "Priya Shah", "Team manager")


def test_long_date() -> None:
    assert ld.long_date(date(2026, 9, 1)) == "1 September 2026"


def test_blocks_from_template_text() -> None:
    text = ("Dear Ms Nguyễn,\n\nWe met on **3 May**.\nSecond line.\n\n## What next\n"
            "- Reply by **1 June**\n  continued\n- Ask to meet\nAfter the list.\n")
    assert ld.blocks_from_text(text) == (
        ld.Paragraph("Dear Ms Nguyễn,"),
        ld.Paragraph("We met on **3 May**.\nSecond line."),
        ld.Heading("What next"),
        ld.Bullets(("Reply by **1 June**\ncontinued", "Ask to meet\nAfter the list.")),
    )


# --- The font ------------------------------------------------------------------------------

def test_font_and_licence_are_bundled() -> None:
    assert resource("fonts", "NotoSans-Regular.ttf").stat().st_size > 100_000
    assert resource("fonts", "NotoSans-Bold.ttf").stat().st_size > 100_000
    assert "SIL OPEN FONT LICENSE" in resource("fonts", "OFL.txt").read_text("utf-8")


def test_font_covers_the_names_families_have() -> None:
    assert all(covers(name) for name in NAMES)
    assert covers("Dvořák Ærøskøbing Đorđević Şükrü Ñúñez “quoted” – … •")
    assert not covers("名前")  # CJK is not in Noto Sans: the app can warn before printing


def test_fast_font_measures_and_encodes_as_reportlab_does() -> None:
    """The memoised widths and the one-pass encoder return exactly what TTFont returns."""
    register_fonts()
    fast = pdfmetrics.getFont(REGULAR)
    plain = TTFont("PlainNoto", str(resource("fonts", "NotoSans-Regular.ttf")))
    samples = [*NAMES, "Ms Zoë Ó Súilleabháin, 12 Nguyễn Road", "", "a\xa0b", "名", "x" * 300]
    for text in samples * 2:  # the second time from the cache
        assert fast.stringWidth(text, 11) == plain.stringWidth(text, 11)
    doc_fast, doc_plain = object(), object()

    class Doc:  # splitString keys its state on the document (weakly)
        pass

    doc_fast, doc_plain = Doc(), Doc()
    for text in samples * 2 + ["".join(chr(c) for c in range(0x100, 0x250))]:
        assert fast.splitString(text, doc_fast) == plain.splitString(text, doc_plain)


# --- Fitting text to a box -----------------------------------------------------------------

def test_wrap_breaks_between_words_then_characters() -> None:
    width = text_width("Market Street", 10)
    assert wrap("Market Street Northtown", 10, width) == ["Market Street", "Northtown"]
    long_word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    assert wrap(long_word, 10, width, break_words=False) is None
    pieces = wrap(long_word, 10, width)
    assert "".join(pieces) == long_word and len(pieces) > 2
    assert all(text_width(p, 10) <= width for p in pieces)


def test_fit_uses_the_largest_size_that_fits() -> None:
    lines = [Line("Ms Zoë Nguyễn"), Line("12 Road"), Line("NT1 2AB")]
    roomy = fit_lines(lines, 200, 200, 11, 8)
    assert roomy.size == 11 and not roomy.truncated
    tight = fit_lines(lines, 200, 30, 11, 6)
    assert 6 <= tight.size < 11 and tight.height <= 30
    assert [p.text for p in tight.lines] == ["Ms Zoë Nguyễn", "12 Road", "NT1 2AB"]


def test_fit_shrinks_before_wrapping_and_wraps_before_cutting() -> None:
    line = "Flat 12, The Old Rectory, Upper Long Lane"
    width = text_width(line, 9)
    fitted = fit_lines([Line(line)], width, 100, 11, 8)
    assert fitted.size == 9 and [p.text for p in fitted.lines] == [line]
    # too wide even at 8 pt: wrapped, back at the largest size the box's height allows
    wrapped = fit_lines([Line(line)], text_width(line, 8) * 0.7, 100, 11, 8)
    assert wrapped.size == 11 and len(wrapped.lines) > 1 and not wrapped.truncated
    assert " ".join(p.text for p in wrapped.lines) == line


def test_last_resort_joins_middle_lines_and_cuts_with_an_ellipsis() -> None:
    lines = [Line("Name"), *(Line(f"Line {i} " + "word " * 12) for i in range(12)),
             Line("NT1 2AB")]
    fitted = fit_lines(lines, 150, 60, 11, 8)
    assert fitted.truncated and fitted.size == 8 and fitted.height <= 60
    texts = [p.text for p in fitted.lines]
    assert texts[0] == "Name" and texts[-1] == "NT1 2AB"  # the name and postcode survive
    assert any(t.endswith(ELLIPSIS) for t in texts)
    assert all(text_width(t, 8) <= 150 for t in texts)


# --- Blocks --------------------------------------------------------------------------------

def test_redline_markup_strikes_deleted_and_underlines_inserted_words() -> None:
    chunks = [Chunk("delete", "Once"), Chunk("insert", "Twice"), Chunk("equal", " a week"),
              Chunk("insert", " <always>"), Chunk("delete", " ")]
    red, blue = (_hex(DELETED), _hex(INSERTED))
    assert chunks_markup(chunks) == (
        f'<strike><font color="{red}">Once</font></strike> '  # a space between the two
        f'<u><font color="{blue}">Twice</font></u> a week '  # the space is not underlined
        f'<u><font color="{blue}">&lt;always&gt;</font></u>')


def test_column_widths_fill_the_page_and_keep_words_whole() -> None:
    header = ("", "Provision", "How often")
    rows = [("F1", "Speech and language therapy " * 6, "Once a week")]
    widths = column_widths(header, rows, 9, 480)
    assert sum(widths) == pytest.approx(480)
    assert widths[1] > widths[2] > widths[0]
    assert widths[2] >= text_width("often", 9, True) + 8


# --- Parts and page numbers ----------------------------------------------------------------

class Sample(Part):
    """A part of `pages` pages, each saying which part and page it is."""

    def __init__(self, name: str, pages: int) -> None:
        self.name, self.pages = name, pages

    def story(self) -> list[Flowable]:
        style = styles().body
        out: list[Flowable] = []
        for page in range(1, self.pages + 1):
            out.append(RLParagraph(f"{self.name} body {page}", style))
            if page < self.pages:
                out.append(RLPageBreak())
        return out

    def paint_over(self, canvas, page: int, pages: int) -> None:
        canvas.setFont(REGULAR, 9)
        canvas.drawString(40, 20, f"{self.name} page {page} of {pages}")


def _texts(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def test_each_part_starts_a_new_page_and_counts_its_own_pages() -> None:
    seen: list[tuple[int, int]] = []
    pdf = render_parts([Sample("A", 2), Sample("B", 1), Sample("C", 3)],
                       progress=lambda done, total: seen.append((done, total)))
    texts = _texts(pdf)
    assert len(texts) == 6
    expected = [("A", 1, 2), ("A", 2, 2), ("B", 1, 1), ("C", 1, 3), ("C", 2, 3), ("C", 3, 3)]
    for text, (name, page, pages) in zip(texts, expected, strict=True):
        assert f"{name} body {page}" in text and f"{name} page {page} of {pages}" in text
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_part_ending_with_a_page_break_adds_no_blank_page() -> None:
    class Trailing(Sample):
        def story(self) -> list[Flowable]:
            return [*super().story(), RLPageBreak()]

    assert len(_texts(render_parts([Trailing("A", 1), Sample("B", 1)]))) == 2


def test_cancelling_stops_between_parts() -> None:
    seen: list[int] = []
    with pytest.raises(RenderCancelled):
        render_parts([Sample(str(i), 1) for i in range(5)],
                     progress=lambda done, total: seen.append(done),
                     cancelled=lambda: len(seen) >= 2)
    assert seen == [1, 2]


def test_cancelling_after_the_last_part_still_cancels() -> None:
    seen: list[int] = []
    with pytest.raises(RenderCancelled):
        render_parts([Sample("A", 1)], progress=lambda done, total: seen.append(done),
                     cancelled=lambda: bool(seen))


def test_no_parts_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one part"):
        render_parts([])


def test_metadata_is_fixed() -> None:
    info = PdfReader(io.BytesIO(render_parts([Sample("A", 1)], title="T", author="C"))).metadata
    assert info.title == "T" and info.author == "C" and info.creator == "Caseworker"
    assert info["/CreationDate"].startswith("D:2000")  # reportlab's invariant date
