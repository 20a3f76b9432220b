"""Letters benchmark: a 500-letter print run beside LibreOffice converting the same letters.

    python benchmarks/letters.py [--letters 500] [--repeat 3] [--lo-runs 2] [--keep DIR]

Caseworker (the app): `compose_letters` builds --letters fictional letters the way the app
does (default wording for each letter kind, the statutory appeal, mediation, disagreement
resolution and advice blocks, field values from `letters.context`, rendered by
`letters.templates`, laid out with `blocks_from_text`); most are appealable decisions, names
carry accents (Zoë, Siobhán, Łukasz, Nguyễn), some addresses are long and about 1 in 10 is
in large print. `pdf_letter.render_letters` then prints them as one PDF. Compose and render
are timed separately in this process, best of --repeat; the first run is reported too.

Baseline (LibreOffice): the same letters (the same text, recipients and blocks, read from
the composed `LetterDocument`s) written as one mail-merged flat ODF text document (.fodt):
one letter per page run, letterhead and address window in frames on page 1, headings,
bullet lists, bold, the same Noto Sans typeface (copied into a throwaway profile), page
numbers restarting at each letter. Timed is `soffice --headless --convert-to pdf`, a new
process each time, as a print script would run it: the first run creates its profile (cold),
later runs reuse it (warm); --lo-runs runs in all. Not timed: writing the .fodt (the merge).

The baseline is a little simpler than the app's letter: no continuation line on later
pages, "Page N" rather than "Page N of M", and a long address is not shrunk to fit the
window. Page counts are printed as a check that both produced about the same document.
The table is Markdown, for the README's Speed section. Needs `soffice` for the baseline
(Debian/Ubuntu: `apt-get install libreoffice-writer-nogui`); without it the app half runs.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from caseworker_app.export import letter_document as ld  # noqa: E402
from caseworker_app.export.letter_document import LetterDocument  # noqa: E402
from caseworker_app.letters import context  # noqa: E402
from caseworker_app.letters.catalogue import (  # noqa: E402
    BLOCK_TITLES,
    Block,
    LetterKind,
)
from caseworker_app.rules.calendar import long_date  # noqa: E402
from caseworker_app.services.letters import compose_document  # noqa: E402

LETTER_DATE = date(2026, 11, 23)


# ----- The letters -----------------------------------------------------------------------

def compose_letters(n: int, seed: int = 42) -> list[LetterDocument]:
    """`n` fictional letters composed by the app's own composer, the same for the same seed.

    For each letter: a letter kind (mostly appealable decisions such as MAINTAIN), a case and
    an addressee (`_fictional_case`), then `services.letters.compose_document` with the
    built-in wording: field values by rule, subject and wording rendered, the statutory
    appeal, mediation, disagreement resolution and advice blocks added. (In the app the facts
    come from the database; reading them is measured by the caseload benchmark.)
    """
    rng = random.Random(seed)
    kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
    letters = []
    for number in range(n):
        kind = rng.choices(kinds, weights)[0]
        case, to = _fictional_case(rng, number, kind)
        letter, _ = compose_document(kind, case, to, COUNCIL, LETTER_DATE)
        letters.append(letter)
    return letters


K = LetterKind
# Mostly decisions a family can appeal, as in a real month's post.
KIND_WEIGHTS = {K.MAINTAIN: 30, K.REVIEW_INVITATION: 12, K.AMENDMENT_NOTICE: 12,
                K.FINAL_AMENDED_COVER: 8, K.NOT_ASSESS: 8, K.ASSESS: 6, K.NOT_AMENDING: 4,
                K.CONSIDERING_CEASING: 4, K.CEASE: 4, K.NOT_ISSUING: 4, K.DRAFT_PLAN_COVER: 4,
                K.FINAL_PLAN_COVER: 4}

ADDRESS = ("SEND Casework Team", "County Hall", "Market Street", "Northtown", "NT1 2AB")
COUNCIL = context.Organisation(
    "Northshire County Council", ADDRESS, phone="01234 567890", email="send@northshire.example",
    website="www.northshire.example", local_offer="www.northshire.example/localoffer",
    signatory_name="Priya Shah", signatory_role="SEND Case Officer",
    mediation_service="Northshire Mediation Service",
    mediation_contact="01234 567111, mediation@northshire-mediation.example",
    disagreement_service="Northshire Disagreement Resolution",
    disagreement_contact="01234 567222, drs@northshire-drs.example",
    ias_service="Northshire SENDIASS", ias_contact="01234 567333, www.northshire-sendiass.example",
    la_contact="the SEND team on 01234 567890 or send@northshire.example",
    footer_lines=("We use your information to support your child; see "
                  "www.northshire.example/privacy.",
                  "This letter is available in large print and other formats on request."))
FORENAMES = ["Zoë", "Siobhán", "Łukasz", "Amir", "Aisha", "Oluwaseun", "Niamh", "Mateusz",
             "Chloé", "Bartłomiej", "Ngozi", "Dafydd", "Eilídh", "José", "Thảo", "Renée",
             "Priya", "Tomás", "Ioana", "Kacper", "Aoife", "Søren", "Mohammed", "Olivia",
             "Harry", "Noah", "Amelia", "Ffion", "Zsófia", "Jakub", "Fatima", "Leo"]
KNOWN_AS = {"Siobhán": "Shiv", "Łukasz": "Luke", "Oluwaseun": "Seun", "Mohammed": "Mo",
            "Bartłomiej": "Bartek", "Zsófia": "Zsófi", "Olivia": "Liv"}
SURNAMES = ["Ó Súilleabháin", "Kowalczyk", "Nguyễn", "Smith", "Brontë", "Müller", "Okonkwo",
            "Ní Bhriain", "Dąbrowski", "Fernández", "Khan", "Jones", "Williams", "Patel",
            "Łukaszewicz", "Öztürk", "Mac Giolla Phádraig", "Thompson-Richards", "Novák",
            "Ahmed", "Evans", "Ionescu", "Søndergaard", "Wiśniewska"]
TITLES = ["Ms", "Mr", "Mrs", "Mx", "Dr", ""]
STREETS = ["Riverside Road", "Church Lane", "Brontë Close", "Kowalczyk Way", "Station Road",
           "Ó Súilleabháin Court", "The Crescent", "Mill Lane", "Łąkowa Gardens", "High Street"]
TOWNS = ["Northtown", "Marlton", "Eastbrook", "Saint Bride's Major", "Ashby-de-la-Fen"]
SETTINGS = ["Riverside Academy", "St Brigid's Catholic Primary School", "Northtown College",
            "Oakfield Special School", "Ysgol Glan Morfa", "Marlton Free School",
            "The Willows Pupil Referral Unit", "Eastbrook Church of England Junior School"]
OFFICERS = ["Priya Shah", "Tomasz Wiśniewski", "Gráinne Ní Mhaoláin", "David Okafor",
            "Zoë Brontë-Hughes"]
REASONS = [
    "The advice we received shows that {name}'s needs can be met from the resources "
    "normally available to the school, with the support it already gives.",
    "{name} is making good progress towards every outcome in the plan. The school, the "
    "speech and language therapist and the educational psychologist all advised that the "
    "special educational provision is no longer needed, and we agree.",
    "The assessment found that {name} has special educational needs, but that the support "
    "the setting is giving, with advice from our specialist teaching service, meets them. "
    "An EHC plan is not necessary.\nWe have set out the support we expect the school to "
    "give in the enclosed note, and we will ask how it is going in the summer term.",
    "{name} has left education and is now in paid employment that is not an apprenticeship.",
]


def _postcode(rng: random.Random) -> str:
    return (f"{rng.choice(['NT', 'MA', 'EB'])}{rng.randint(1, 19)} "
            f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}")


def _address(rng: random.Random) -> tuple[str, ...]:
    if rng.random() < 0.12:  # long: care-of line, flat in a named building, long village
        return (f"Care of {rng.choice(['Mrs', 'Mr', 'Ms'])} {rng.choice(FORENAMES)} "
                f"{rng.choice(SURNAMES)}-{rng.choice(SURNAMES)}",
                f"Flat {rng.randint(1, 40)}{rng.choice('ab')}, The Old Mill Buildings, "
                f"{rng.choice(STREETS)}",
                f"{rng.randint(100, 999)} Long Meadow Lane, off the Great North Road",
                "Little Wickham-on-the-Marsh", "Lower Northshire", _postcode(rng))
    return (f"{rng.randint(1, 240)} {rng.choice(STREETS)}", rng.choice(TOWNS), _postcode(rng))


def _fictional_case(rng: random.Random, number: int, kind: LetterKind
                    ) -> tuple[context.CaseFacts, context.Addressee]:
    """A made-up case and the person the letter goes to, with the facts `kind` needs."""
    forename, surname = rng.choice(FORENAMES), rng.choice(SURNAMES)
    known_as = KNOWN_AS.get(forename, "") if rng.random() < 0.5 else ""
    young_person = rng.random() < 0.1
    born = LETTER_DATE - timedelta(days=365 * (rng.randint(16, 22) if young_person
                                               else rng.randint(3, 15)) + rng.randint(0, 364))
    extra = {"reasons": rng.choice(REASONS).format(name=known_as or forename)}
    if kind == K.CEASE:
        extra["cease_date"] = long_date(LETTER_DATE + timedelta(weeks=rng.randint(8, 16)))
    if kind == K.REVIEW_INVITATION and rng.random() < 0.7:
        extra["meeting_details"] = f"{rng.choice(['9.30 am', '10 am', '1.30 pm'])} at the school"
    review_on = (LETTER_DATE + timedelta(days=rng.randint(14, 42)) if kind == K.REVIEW_INVITATION
                 else LETTER_DATE - timedelta(days=rng.randint(7, 27)))
    weeks_ago = {K.ASSESS: 5, K.NOT_ASSESS: 5, K.NOT_ISSUING: 15, K.DRAFT_PLAN_COVER: 14,
                 K.FINAL_PLAN_COVER: 19}.get(kind, 10)
    case = context.CaseFacts(
        forename, surname, born, f"EHC{100000 + number:06d}", preferred_name=known_as,
        setting_name=rng.choice(SETTINGS), officer_name=rng.choice(OFFICERS),
        meeting_date=review_on, request_date=LETTER_DATE - timedelta(weeks=weeks_ago,
                                                                     days=rng.randint(0, 6)),
        plan_issued=LETTER_DATE, extra=extra)
    large = rng.random() < 0.1
    if young_person:
        to = context.Addressee(forename, surname, address_lines=_address(rng),
                               is_young_person=True, large_print=large)
    else:
        to = context.Addressee(rng.choice(FORENAMES),
                               surname if rng.random() < 0.7 else rng.choice(SURNAMES),
                               rng.choice(TITLES), _address(rng), large_print=large)
    return case, to


# ----- The same letters as one mail-merged ODF document -----------------------------------

NS = " ".join(f'xmlns:{p}="urn:oasis:names:tc:opendocument:xmlns:{u}"' for p, u in (
    ("office", "office:1.0"), ("style", "style:1.0"), ("text", "text:1.0"),
    ("table", "table:1.0"), ("draw", "drawing:1.0"), ("fo", "xsl-fo-compatible:1.0"),
    ("svg", "svg-compatible:1.0")))


def _para_style(name: str, size: float, leading: float, *, bold: bool = False,
                before: float = 0, after: float = 0, keep: bool = False, tab: str = "",
                align: str = "", text_extra: str = "") -> str:
    weight = ' fo:font-weight="bold"' if bold else ""
    keep_next = ' fo:keep-with-next="always"' if keep else ""
    tabs = (f"<style:tab-stops><style:tab-stop {tab}/></style:tab-stops>" if tab else "")
    return (f'<style:style style:name="{name}" style:family="paragraph">'
            f'<style:paragraph-properties fo:line-height="{leading}pt" '
            f'fo:margin-top="{before}pt" fo:margin-bottom="{after}pt" fo:widows="2" '
            f'fo:orphans="2"{keep_next}{align}>{tabs}</style:paragraph-properties>'
            f'<style:text-properties style:font-name="Noto Sans" fo:font-size="{size}pt"'
            f'{weight}{text_extra}/></style:style>')


# Normal and large print (suffix "-lp"), as `pdf_style`: body, leading, title and heading,
# labels (references, signature), address, letterhead, "Private and confidential", footer,
# the references' label column (mm) and the footer band (mm).
PRINT = (("", 11, 15.5, 13, 10, 11, 9, 8.5, 7.5, 27, 22),
         ("-lp", 16, 24, 20, 16, 16, 13, 10, 12, 40, 32))


def _styles() -> str:
    """Paragraph styles like `pdf_style`'s: 11 pt body, 16 pt in large print."""
    out = []
    for s, body, lead, title, label, address, head, confidential, footer, tab, _ in PRINT:
        out += [
            _para_style(f"Body{s}", body, lead, after=body * 0.64),
            _para_style(f"Bullet{s}", body, lead, after=3),
            _para_style(f"Title{s}", title, title * 1.3, bold=True, before=body + 4,
                        after=10, keep=True),
            _para_style(f"H1{s}", title, title * 1.3, bold=True, before=12, after=4,
                        keep=True),
            _para_style(f"Ref{s}", label, label * 1.3, after=2, tab=f'style:position="{tab}mm"'),
            _para_style(f"Close{s}", body, lead, before=body * 0.5, after=body * 2.5,
                        keep=True),
            _para_style(f"Sign{s}", label, label * 1.3, bold=True, keep=True),
            _para_style(f"Address{s}", address, address * 1.2),
            _para_style(f"Org{s}", head * 1.2, head * 1.5, bold=True),
            _para_style(f"Head{s}", head, head * 1.25),
            _para_style(f"Confidential{s}", confidential, confidential * 1.3, bold=True,
                        after=3),
            _para_style(f"Footer{s}", footer, footer * 1.27, text_extra=' fo:color="#59595f"'),
            _para_style(f"Page{s}", footer * 1.2, footer * 1.5, bold=True,
                        align=' fo:text-align="end"'),
        ]
    out += [
        '<style:style style:name="B" style:family="text"><style:text-properties '
        'fo:font-weight="bold"/></style:style>',
        '<text:list-style style:name="L"><text:list-level-style-bullet text:level="1" '
        'text:bullet-char="•"><style:list-level-properties '
        'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-'
        'alignment text:label-followed-by="listtab" text:list-tab-stop-position="6mm" '
        'fo:text-indent="-6mm" fo:margin-left="6mm"/></style:list-level-properties>'
        '</text:list-level-style-bullet></text:list-style>',
    ]
    return "".join(out)


def _automatic_styles() -> str:
    """Page 1 starts its body below the address window (93 mm), later pages at 24 mm; the
    letterhead and address frames sit where `pdf_letter` draws them."""
    layouts = "".join(
        f'<style:page-layout style:name="{name}{s}"><style:page-layout-properties '
        f'fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="{top}mm" '
        f'fo:margin-bottom="6mm" fo:margin-left="20mm" fo:margin-right="20mm"/>'
        f'<style:footer-style><style:header-footer-properties fo:min-height="{band - 8}mm" '
        f'fo:margin-top="2mm"/></style:footer-style></style:page-layout>'
        for name, top in (("first", 93), ("later", 24)) for s, *_, band in PRINT)
    # A text frame must derive from "Frame", or LibreOffice reads it as a drawing shape and
    # drops its paragraph styles.
    frame = ('<style:style style:name="{}" style:family="graphic" '
             'style:parent-style-name="Frame"><style:graphic-properties '
             'style:wrap="run-through" style:run-through="foreground" '
             'style:vertical-pos="from-top" style:vertical-rel="page" '
             'style:horizontal-pos="from-left" style:horizontal-rel="page" fo:padding="0mm" '
             'fo:border="none" draw:fill="none"/></style:style>')
    starts = "".join(  # a letter's first paragraph: a new page 1, the letter's own footer
        f'<style:style style:name="Start{s}" style:family="paragraph" '
        f'style:parent-style-name="Ref{s}" style:master-page-name="First{s}">'
        f'<style:paragraph-properties style:page-number="1"/></style:style>'
        for s, *_ in PRINT)
    footer = ('<style:style style:name="FT" style:family="table"><style:table-properties '
              'style:width="170mm" table:align="left"/></style:style>'
              + "".join(f'<style:style style:name="FT.{c}" style:family="table-column">'
                        f'<style:table-column-properties style:column-width="{w}mm"/>'
                        f'</style:style>' for c, w in (("A", 140), ("B", 30)))
              + '<style:style style:name="FT.C" style:family="table-cell"><style:table-cell-'
              'properties style:vertical-align="bottom" fo:padding="0mm" fo:border="none"/>'
              '</style:style>')
    return (layouts + frame.format("FrameHead") + frame.format("FrameAddress") + starts
            + footer)


def _master_pages(org: ld.Organisation) -> str:
    lines = [escape(t) for t in org.footer_lines] or [""]
    out = []
    for s, *_ in PRINT:
        # Footer lines on the left, "Page N" on the right, as a borderless table.
        page = _p(f"Page{s}", 'Page <text:page-number text:select-page="current">1'
                              '</text:page-number>')
        footer = (f'<style:footer><table:table table:name="Footer{s}" table:style-name="FT">'
                  '<table:table-column table:style-name="FT.A"/><table:table-column '
                  'table:style-name="FT.B"/><table:table-row><table:table-cell '
                  f'table:style-name="FT.C">{"".join(_p(f"Footer{s}", t) for t in lines)}'
                  f'</table:table-cell><table:table-cell table:style-name="FT.C">{page}'
                  '</table:table-cell></table:table-row></table:table></style:footer>')
        out.append(f'<style:master-page style:name="First{s}" style:page-layout-name='
                   f'"first{s}" style:next-style-name="Later{s}">{footer}</style:master-page>'
                   f'<style:master-page style:name="Later{s}" style:page-layout-name='
                   f'"later{s}">{footer}</style:master-page>')
    return "".join(out)


def _inline(text: str) -> str:
    """Plain text with **bold** spans and line breaks as ODF inline markup."""
    return "".join(
        f'<text:span text:style-name="B">{_breaks(part)}</text:span>' if bold else _breaks(part)
        for part, bold in ld.bold_spans(text))


def _breaks(text: str) -> str:
    return "<text:line-break/>".join(escape(t) for t in text.split("\n"))


def _p(style: str, content: str) -> str:
    return f'<text:p text:style-name="{style}">{content}</text:p>'


def _letter_xml(doc: LetterDocument, number: int) -> str:
    s = "-lp" if doc.recipient.large_print else ""
    org = doc.organisation
    head = [_p(f"Org{s}", escape(org.name)),
            *(_p(f"Head{s}", escape(a)) for a in org.address_lines), _p(f"Head{s}", "")]
    head += [_p(f"Head{s}", f"{label}: {escape(value)}") for label, value in (
        ("Telephone", org.phone), ("Email", org.email), ("Website", org.website)) if value]
    address = [_p(f"Confidential{s}", "Private and confidential"),
               *(_p(f"Address{s}", escape(t)) for t in (doc.recipient.name,
                                                         *doc.recipient.address_lines))]
    frames = (
        f'<draw:frame draw:style-name="FrameHead" draw:name="head{number}" '
        f'text:anchor-type="paragraph" svg:x="112mm" svg:y="12mm" svg:width="78mm" '
        f'draw:z-index="0"><draw:text-box fo:min-height="72mm">{"".join(head)}'
        f'</draw:text-box></draw:frame>'
        f'<draw:frame draw:style-name="FrameAddress" draw:name="address{number}" '
        f'text:anchor-type="paragraph" svg:x="21mm" svg:y="47mm" svg:width="78mm" '
        f'draw:z-index="1"><draw:text-box fo:min-height="36mm">{"".join(address)}'
        f'</draw:text-box></draw:frame>')
    rows = [("Date", long_date(doc.letter_date)), *doc.references]
    out = [_p(f"Start{s}", frames + f'<text:span text:style-name="B">{escape(rows[0][0])}'
              f'</text:span><text:tab/>{escape(rows[0][1])}')]
    out += [_p(f"Ref{s}", f'<text:span text:style-name="B">{escape(k)}</text:span>'
               f'<text:tab/>{escape(v)}') for k, v in rows[1:]]
    out.append(_p(f"Title{s}", escape(doc.title)))
    for block in doc.blocks:
        if isinstance(block, ld.Heading):
            out.append(f'<text:h text:style-name="H1{s}" text:outline-level="{block.level}">'
                       f'{escape(block.text)}</text:h>')
        elif isinstance(block, ld.Paragraph):
            out.append(_p(f"Body{s}", _inline(block.text)))
        elif isinstance(block, ld.Bullets):
            out.append('<text:list text:style-name="L">' + "".join(
                f"<text:list-item>{_p(f'Bullet{s}', _inline(i))}</text:list-item>"
                for i in block.items) + "</text:list>")
        elif isinstance(block, ld.Table):
            cells = [block.header, *block.rows]
            out.append(f'<table:table table:name="t{number}_{len(out)}"><table:table-column '
                       f'table:number-columns-repeated="{len(block.header)}"/>' + "".join(
                           "<table:table-row>" + "".join(
                               f"<table:table-cell>{_p(f'Body{s}', _inline(c))}"
                               "</table:table-cell>" for c in row) + "</table:table-row>"
                           for row in cells) + "</table:table>")
        elif isinstance(block, ld.PageBreak):
            out.append(_p("Break", ""))
        else:  # a redline: not in letters; print its titles so the text is not lost
            out += [_p(f"Body{s}", escape(i.title)) for i in getattr(block, "items", ())]
    sign = doc.sign_off()
    out.append(_p(f"Close{s}", escape(sign.closing)))
    if sign.name:
        out.append(_p(f"Sign{s}", escape(sign.name)))
    if sign.role:
        out.append(_p(f"Body{s}", escape(sign.role)))
    return "".join(out)


def write_fodt(docs: list[LetterDocument], path: Path) -> None:
    """The letters as one flat ODF text document, each starting on a new page numbered 1."""
    break_style = ('<style:style style:name="Break" style:family="paragraph">'
                   '<style:paragraph-properties fo:break-before="page"/></style:style>')
    font = ('<style:font-face style:name="Noto Sans" svg:font-family="&apos;Noto Sans&apos;" '
            'style:font-family-generic="swiss" style:font-pitch="variable"/>')
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  f'<office:document {NS} office:version="1.3" '
                  'office:mimetype="application/vnd.oasis.opendocument.text">'
                  f"<office:font-face-decls>{font}</office:font-face-decls>"
                  f"<office:styles>{_styles()}{break_style}</office:styles>"
                  f"<office:automatic-styles>{_automatic_styles()}</office:automatic-styles>"
                  f"<office:master-styles>{_master_pages(docs[0].organisation)}"
                  "</office:master-styles><office:body><office:text>")
        for number, doc in enumerate(docs):
            out.write(_letter_xml(doc, number))
        out.write("</office:text></office:body></office:document>\n")


# ----- Measuring -------------------------------------------------------------------------

@dataclass
class AppRun:
    compose: list[float]
    render: list[float]
    pdf: bytes


def measure_app(n: int, seed: int, repeat: int) -> tuple[AppRun, list[LetterDocument]]:
    """Compose and render `n` letters `repeat` times, timing each half."""
    from caseworker_app.export.pdf_letter import render_letters

    run = AppRun([], [], b"")
    docs: list[LetterDocument] = []
    for _ in range(repeat):
        started = time.perf_counter()
        docs = compose_letters(n, seed)
        composed = time.perf_counter()
        run.pdf = render_letters(docs)
        run.compose.append(composed - started)
        run.render.append(time.perf_counter() - composed)
    return run, docs


def find_soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_version(soffice: str) -> str:
    try:
        out = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                             timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    return " ".join(out.split()[:2]) or "?"


def measure_libreoffice(soffice: str, fodt: Path, work: Path, runs: int
                        ) -> tuple[list[float], bytes]:
    """Seconds of each `soffice --convert-to pdf` run (the first creates its profile), and
    the PDF. The bundled Noto Sans is put in the profile so both documents use one face."""
    profile = work / "lo-profile"
    fonts = profile / "user" / "fonts"
    out = work / "lo-out"
    fonts.mkdir(parents=True, exist_ok=True)  # the rest of the profile is made by run 1
    for face in (ROOT / "resources" / "fonts").glob("*.ttf"):
        shutil.copy(face, fonts)
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", str(out),
                   str(fodt)]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        times.append(time.perf_counter() - started)
        pdf = out / (fodt.stem + ".pdf")
        if not pdf.exists():
            raise RuntimeError(f"soffice made no PDF (exit {done.returncode}):\n"
                               f"{done.stdout}{done.stderr}")
    return times, pdf.read_bytes()


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def keep(directory: Path, app_pdf: bytes, lo_pdf: bytes | None, fodt: Path) -> None:
    """Both PDFs, the .fodt and page 1 of each as PNG, for a person to compare."""
    directory.mkdir(parents=True, exist_ok=True)
    pdfs = {"caseworker": app_pdf, "libreoffice": lo_pdf}
    shutil.copy(fodt, directory / fodt.name)
    for name, pdf in pdfs.items():
        if pdf is None:
            continue
        target = directory / f"letters-{name}.pdf"
        target.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1",
                            "-singlefile", str(target), str(directory / f"{name}-page1")],
                           check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="app runs (best is reported)")
    parser.add_argument("--lo-runs", type=int, default=2,
                        help="LibreOffice runs: the first cold (new profile), the rest warm")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, help="keep both PDFs here (and page 1 as PNG)")
    args = parser.parse_args()
    n = args.letters
    soffice = find_soffice()
    print(f"Letters benchmark, {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, "
          f"{soffice_version(soffice) if soffice else 'LibreOffice not installed'}")

    app, docs = measure_app(n, args.seed, max(1, args.repeat))
    totals = [c + r for c, r in zip(app.compose, app.render, strict=True)]
    best = min(range(len(totals)), key=totals.__getitem__)
    appealable = sum(any(isinstance(b, ld.Heading) and b.text == BLOCK_TITLES[Block.APPEAL]
                         for b in d.blocks) for d in docs)
    large = sum(d.recipient.large_print for d in docs)
    print(f"{n} letters: {appealable} with appeal rights, {large} in large print; "
          f"app best of {len(totals)}, LibreOffice {max(1, args.lo_runs)} run(s)\n")

    lo_times: list[float] = []
    lo_pdf: bytes | None = None
    with tempfile.TemporaryDirectory(prefix="cw-letters-") as tmp:
        work = Path(tmp)
        fodt = work / "letters.fodt"
        write_fodt(docs, fodt)
        if soffice:
            lo_times, lo_pdf = measure_libreoffice(soffice, fodt, work, max(1, args.lo_runs))
        if args.keep:
            keep(args.keep, app.pdf, lo_pdf, fodt)

    app_pages = page_count(app.pdf)
    lo_pages = page_count(lo_pdf) if lo_pdf else None
    lo_best = min(lo_times[1:] or lo_times) if lo_times else None

    def row(label: str, a: float, b: float | None, fmt: str = ".2f", ratio: bool = True) -> None:
        base = "—" if b is None else format(b, fmt)
        times = f"{a / b:.2f}x" if ratio and b else ""
        print(f"| {label:44} | {format(a, fmt):>8} | {base:>11} | {times:>6} |")

    print(f"| {'measure':44} | {'app':>8} | {'LibreOffice':>11} | {'ratio':>6} |")
    print(f"|{'-' * 46}|{'-' * 9}:|{'-' * 12}:|{'-' * 7}:|")
    row(f"{n} letters to one PDF, best (s)", totals[best], lo_best)
    row(f"{n} letters to one PDF, first run (s)", totals[0], lo_times[0] if lo_times else None)
    row("  of which composing the letters (s)", app.compose[best], None, ratio=False)
    row("  of which rendering the PDF (s)", app.render[best], None, ratio=False)
    row("letters per second, best", n / totals[best], n / lo_best if lo_best else None, ".0f",
        ratio=False)
    row("pages", app_pages, lo_pages, "d", ratio=False)
    row("PDF size (MB)", len(app.pdf) / 1e6, len(lo_pdf) / 1e6 if lo_pdf else None,
        ratio=False)
    print("\nratio: app time / LibreOffice time (below 1x, the app is faster). Each "
          "LibreOffice time is a whole `soffice --headless --convert-to pdf` process; its "
          "first run creates the profile, " + ("best is the best later (warm) run."
                                               if len(lo_times) > 1 else "the only run."))
    if args.keep:
        made = "letters-caseworker.pdf" + (", letters-libreoffice.pdf" if lo_pdf else "")
        print(f"\nKept in {args.keep}: {made}, letters.fodt and page 1 of each PDF as PNG.")
    if not soffice:
        print("\nLibreOffice baseline skipped: soffice not found. Install it to measure it "
              "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui).")
    elif lo_pages and abs(lo_pages - app_pages) > 0.15 * app_pages:
        print(f"\nWarning: page counts differ by more than 15% ({app_pages} against "
              f"{lo_pages}); the documents may not be like for like.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
