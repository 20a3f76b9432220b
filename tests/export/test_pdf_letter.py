"""Letters rendered to PDF and read back with pypdf and poppler's pdftotext: names come back
exactly, the address sits in the envelope window, large print is large, pages are numbered
per letter, print runs report progress and can be cancelled, and output is byte-stable.

Golden files: `golden/*.txt` hold `pdftotext -layout` of sample letters. After a deliberate
layout change, regenerate them with

    CASEWORKER_UPDATE_GOLDEN=1 python -m pytest tests/export/test_pdf_letter.py

and look at the diff (and at the PDFs) before committing them.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from caseworker_app.export import letter_document as ld
from caseworker_app.export.pdf_fit import ELLIPSIS
from caseworker_app.export.pdf_letter import (
    ADDRESS_WINDOW,
    CONFIDENTIAL,
    FIRST_BODY_TOP,
    RenderCancelled,
    check_logo,
    render_letter,
    render_letters,
)
from caseworker_app.export.pdf_style import FOOTER_HEIGHT_LARGE, MARGIN_LEFT, PAGE_HEIGHT
from caseworker_app.plan_diff import Chunk

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CASEWORKER_UPDATE_GOLDEN") == "1"
NAMES = ["Zoë", "Siobhán", "Łukasz", "Ó Súilleabháin", "Nguyễn"]
TOLERANCE = 0.01  # points: pdftotext prints six decimals

ORG = ld.Organisation(
    "Northshire County Council",
    ("SEND Casework Team", "County Hall", "Market Street", "Northtown", "NT1 2AB"),
    phone="01234 567890", email="send@northshire.gov.uk", website="www.northshire.gov.uk",
    signatory_name="Priya Shah", signatory_role="SEND Case Officer",
    footer_lines=("We use your information to support your child; see "
                  "www.northshire.gov.uk/privacy.",
                  "This letter is available in large print and other formats on request."))
RECIPIENT = ld.Recipient("Ms Zoë Ó Súilleabháin",
                         ("Flat 3, Łukasz House", "12 Nguyễn Road", "Northtown", "NT4 7XY"))
LONG_RECIPIENT = ld.Recipient(
    "Mr and Mrs Siobhán and Łukasz Ó Súilleabháin-Nguyễn-Wojciechowski",
    ("Flat 14b, The Old Rectory Apartments, Upper Long Lane North",
     "Little Snoring-on-the-Marsh", "Near Much Wenlock", "Northshire", "NT14 9ZZ"))
BODY = "Following the annual review meeting for Siobhán on **12 March 2026**, we propose " \
       "changes to her EHC plan. Things like <b> & </b> print as typed."


def letter(recipient: ld.Recipient = RECIPIENT, blocks: tuple[ld.Block, ...] | None = None,
           org: ld.Organisation = ORG) -> ld.LetterDocument:
    if blocks is None:
        blocks = (
            ld.Paragraph("Dear Ms Ó Súilleabháin,"),
            ld.Paragraph(BODY),
            ld.Heading("What happens next"),
            ld.Bullets(("Reply by **7 April 2026**.", "Ask to meet your case officer.")),
            ld.Table(("Section", "What changes"), (("F", "Therapy twice a week"),
                                                   ("I", "Riverside Academy"))),
            ld.Redline((ld.RedlineItem("Provision F1: changed", (ld.RedlineField(
                "How often", (Chunk("delete", "Once"), Chunk("insert", "Twice"),
                              Chunk("equal", " a week"))),)),)),
        )
    return ld.LetterDocument(
        org, recipient, date(2026, 3, 20), "Proposed amendments to Siobhán's EHC plan",
        blocks, references=(("Our ref", "CW-1042"), ("Child", "Siobhán Nguyễn"),
                            ("Date of birth", "3 May 2015")))


def long_letter(recipient: ld.Recipient = RECIPIENT, paragraphs: int = 7) -> ld.LetterDocument:
    """Two pages in normal print (7 paragraphs; 15 make three)."""
    text = ("We will write to you again once we have considered your comments. If you do "
            "not agree, you can ask for mediation or appeal to the SEND Tribunal. ") * 3
    return letter(recipient, tuple(ld.Paragraph(f"{i}. {text}") for i in range(paragraphs)))


# --- Reading PDFs back ---------------------------------------------------------------------

def poppler(tool: str, pdf: bytes, *args: str) -> str:
    """Run a poppler tool (pdftotext, pdffonts, pdfimages) on `pdf`; return its output."""
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (dev.py test does)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "in.pdf")
        path.write_bytes(pdf)
        out = ["-"] if tool == "pdftotext" else []
        done = subprocess.run([tool, *args, str(path), *out], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float  # points from the page's top-left, as pdftotext -bbox gives them


def words(pdf: bytes, page: int = 1) -> list[Word]:
    """Every word on `page` with its box."""
    xml = poppler("pdftotext", pdf, "-bbox", "-f", str(page), "-l", str(page))
    root = ElementTree.fromstring(xml)
    return [Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in root.iter("{http://www.w3.org/1999/xhtml}word")]


def pages(pdf: bytes) -> list[str]:
    """pypdf's text of each page."""
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def sizes_of(pdf: bytes, page: int, needle: str) -> set[float]:
    """The font sizes (points, after the text and page matrices) of text runs containing
    `needle` on `page` (1-based), as pypdf's text visitor sees them."""
    found: set[float] = set()

    def visit(text, cm, tm, font, size):
        if needle in text:
            found.add(round(size * abs(tm[3]) * abs(cm[3]), 2))

    PdfReader(io.BytesIO(pdf)).pages[page - 1].extract_text(visitor_text=visit)
    return found


def window_words(pdf: bytes) -> list[Word]:
    """Page 1's words left of the letterhead column and above the body: the address and
    "Private and confidential"."""
    return [w for w in words(pdf) if w.x1 < 300 and w.y1 < FIRST_BODY_TOP]


def inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return (word.x0 >= x0 - TOLERANCE and word.y0 >= y0 - TOLERANCE
            and word.x1 <= x1 + TOLERANCE and word.y1 <= y1 + TOLERANCE)


# --- Text comes back exactly ---------------------------------------------------------------

def test_accented_names_come_back_exactly() -> None:
    pdf = render_letter(letter())
    text_pypdf = "\n".join(pages(pdf))
    text_poppler = poppler("pdftotext", pdf)
    for name in NAMES:
        assert name in text_pypdf and name in text_poppler
    lines = poppler("pdftotext", pdf, "-layout").splitlines()
    for line in ("Ms Zoë Ó Súilleabháin", "Flat 3, Łukasz House", "12 Nguyễn Road"):
        assert line in [x.strip() for x in lines]


def test_fonts_are_embedded_subsets() -> None:
    fonts = poppler("pdffonts", render_letter(letter())).splitlines()[2:]
    assert fonts and all(" yes yes yes " in f for f in fonts)  # embedded, subset, ToUnicode
    assert all("NotoSans" in f for f in fonts)


def test_text_is_plain_and_bold_marks_are_the_only_markup() -> None:
    pdf = render_letter(letter())
    text = poppler("pdftotext", pdf)
    assert "Things like <b> & </b> print as typed." in text
    assert "**" not in text
    bold: set[str] = set()

    def visit(chunk, cm, tm, font, size):
        if font and "Bold" in str(font.get("/BaseFont", "")):
            bold.add(chunk)

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert any("12 March 2026" in chunk for chunk in bold)
    assert not any("Following the annual review" in chunk for chunk in bold)


# --- The envelope window -------------------------------------------------------------------

@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("recipient", [RECIPIENT, LONG_RECIPIENT], ids=["short", "long"])
def test_address_lies_inside_the_window(recipient: ld.Recipient, large: bool) -> None:
    pdf = render_letter(letter(replace(recipient, large_print=large)))
    found = window_words(pdf)
    address = [w for w in found if w.y0 > ADDRESS_WINDOW.points()[1] - 2]
    assert address, "no address found"
    for word in address:
        assert inside(word, ADDRESS_WINDOW.points()), word
    # every word of the address is there, in order, and nothing else
    expected = " ".join([recipient.name, *recipient.address_lines]).split()
    assert [w.text for w in address] == expected
    confidential = [w.text for w in found if w not in address]
    assert " ".join(confidential) == CONFIDENTIAL


def test_an_impossible_address_is_cut_short_inside_the_window() -> None:
    lines = [f"Line {i} of an address that goes on and on" for i in range(14)]
    recipient = ld.Recipient("The Occupier of a Very Long Named House " * 3,
                             (*lines, "NT1 2AB"), large_print=True)
    pdf = render_letter(letter(recipient))
    address = [w for w in window_words(pdf) if w.y0 > ADDRESS_WINDOW.points()[1] - 2]
    assert all(inside(w, ADDRESS_WINDOW.points()) for w in address)
    assert any(w.text.endswith(ELLIPSIS) for w in address)
    assert [w.text for w in address[-2:]] == ["NT1", "2AB"]  # the postcode survives


def test_the_window_is_where_a_dl_envelope_shows_it() -> None:
    """20-100 mm across, 50-84 mm down: what a DL window shows wherever the letter sits."""
    assert ADDRESS_WINDOW.left >= 20 and ADDRESS_WINDOW.left + ADDRESS_WINDOW.width <= 100
    assert ADDRESS_WINDOW.top >= 50 and ADDRESS_WINDOW.top + ADDRESS_WINDOW.height <= 84


# --- Large print ---------------------------------------------------------------------------

def test_large_print_body_is_at_least_16_point() -> None:
    needle = "Following the annual review"
    normal = render_letter(letter())
    large = render_letter(letter(replace(RECIPIENT, large_print=True)))
    assert sizes_of(normal, 1, needle) == {11.0}
    assert sizes_of(large, 1, needle) == {16.0}
    assert min(sizes_of(large, 1, "What happens next")) > 16  # headings larger
    assert len(pages(large)) > len(pages(normal))


def test_large_print_is_left_aligned_not_justified() -> None:
    """Every line of a long paragraph starts at the left margin, and its words are spaced
    evenly (a justified line would stretch its spaces)."""
    pdf = render_letter(long_letter(replace(RECIPIENT, large_print=True), paragraphs=2))
    page = words(pdf, 1)
    first = next(w.y0 for w in page if w.text == "0.")  # the first paragraph's first word
    footer_top = PAGE_HEIGHT - FOOTER_HEIGHT_LARGE
    body = [w for w in page if first <= w.y0 and w.y1 < footer_top]
    lines: dict[float, list[Word]] = {}
    for word in body:
        lines.setdefault(round(word.y0, 1), []).append(word)
    starts = {round(ws[0].x0, 1) for ws in lines.values()}
    assert len(lines) > 5 and starts == {round(MARGIN_LEFT, 1)}
    gaps = [round(b.x0 - a.x1, 1) for ws in lines.values() for a, b in pairwise(ws)]
    assert max(gaps) - min(gaps) < 1.0


# --- Pages ---------------------------------------------------------------------------------

def test_pages_are_numbered_n_of_m() -> None:
    texts = pages(render_letter(long_letter()))
    assert len(texts) == 2
    assert "Page 1 of 2" in texts[0] and "Page 2 of 2" in texts[1]
    assert "Ms Zoë Ó Súilleabháin, 20 March 2026" in texts[1]  # the continuation line
    assert "Yours sincerely" in texts[1] and "Priya Shah" in texts[1]


def test_a_print_run_numbers_each_letter_and_reports_every_one() -> None:
    docs = [letter(), long_letter(), long_letter(paragraphs=15)]
    seen: list[tuple[int, int]] = []
    texts = pages(render_letters(docs, progress=lambda d, t: seen.append((d, t))))
    counts = [len(pages(render_letter(d))) for d in docs]
    assert counts == [1, 2, 3] and len(texts) == 6
    numbers = [f"Page {p} of {n}" for n in counts for p in range(1, n + 1)]
    for text, number in zip(texts, numbers, strict=True):
        assert number in text
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert sum("Private and confidential" in t for t in texts) == 3  # a first page each


def test_a_cancelled_print_run_raises() -> None:
    seen: list[int] = []
    with pytest.raises(RenderCancelled):
        render_letters([letter()] * 10, progress=lambda d, t: seen.append(d),
                       cancelled=lambda: len(seen) == 4)
    assert seen == [1, 2, 3, 4]


# --- Same input, same bytes ----------------------------------------------------------------

def test_rendering_is_deterministic() -> None:
    doc = letter()
    assert render_letter(doc) == render_letter(doc)
    assert render_letters([doc, long_letter()]) == render_letters([doc, long_letter()])


def test_rendering_is_deterministic_across_processes() -> None:
    """A fresh interpreter (fonts registered anew, nothing cached) gives the same bytes."""
    script = ("import sys, hashlib; from tests.export.test_pdf_letter import letter;"
              "from caseworker_app.export.pdf_letter import render_letter;"
              "print(hashlib.sha256(render_letter(letter())).hexdigest())")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPATH": str(root)})
    import hashlib
    assert done.stdout.strip() == hashlib.sha256(render_letter(letter())).hexdigest()


# --- Logo ----------------------------------------------------------------------------------

def _png(path: Path, width: int = 120, height: int = 40) -> Path:
    """A small solid-colour PNG written by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x1f\x4e\x9c" * width for _ in range(height))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(
        ">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b""))
    return path


def test_logo_is_drawn_top_left(tmp_path: Path) -> None:
    logo = _png(tmp_path / "logo.png")
    check_logo(logo)
    pdf = render_letter(letter(org=replace(ORG, logo_path=logo)))
    listing = poppler("pdfimages", pdf, "-list").splitlines()[2:]
    assert len(listing) == 1 and listing[0].split()[3:5] == ["120", "40"]
    assert render_letter(letter(org=replace(ORG, logo_path=logo))) == pdf


def test_a_bad_logo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    with pytest.raises(ValueError, match="PNG or JPEG"):
        check_logo(tmp_path / "logo.gif")
    (tmp_path / "logo.png").write_bytes(b"not a picture")
    with pytest.raises(ValueError, match="could not be read"):
        check_logo(tmp_path / "logo.png")


# --- Looks -----------------------------------------------------------------------------------

def test_poppler_renders_the_pages_without_complaint() -> None:
    pdf = render_letter(long_letter(replace(RECIPIENT, large_print=True)))
    done = subprocess.run(["pdftoppm", "-r", "20", "-png", "-", "/dev/null"], input=pdf,
                          capture_output=True, check=True)
    assert done.stderr == b""


@pytest.mark.parametrize(("name", "doc"), [
    ("letter_sample", letter()),
    ("letter_sample_large", letter(replace(RECIPIENT, large_print=True))),
])
def test_layout_matches_the_golden_file(name: str, doc: ld.LetterDocument) -> None:
    text = poppler("pdftotext", render_letter(doc), "-layout")
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file: run with CASEWORKER_UPDATE_GOLDEN=1 ({golden})"
    assert text == golden.read_text(encoding="utf-8")
