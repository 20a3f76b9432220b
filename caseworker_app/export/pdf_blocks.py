"""Body blocks (`letter_document` headings, paragraphs, bullets, tables, redlines) as
reportlab flowables, shared by letters, plans and the redline of proposed amendments.

Tables get column widths from their content (no column narrower than its longest word when
the page allows), a shaded header row repeated on every page, and rows that may split
across pages. In large print a table of more than three columns becomes one card per row
(label beside value), because seven columns of 16 pt text do not fit across A4.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from caseworker_app.export import letter_document as ld
from caseworker_app.export.pdf_fonts import REGULAR, text_width
from caseworker_app.export.pdf_style import (
    CONTENT_WIDTH,
    DELETED,
    INSERTED,
    RULE,
    SHADE,
    Styles,
    clean,
    markup,
    plain,
)
from caseworker_app.plan_diff import Chunk

CELL_PAD = 4.0
CARD_COLUMNS = 3  # in large print, wider tables become cards


def _hex(color: Color) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in (color.red, color.green, color.blue))


def chunks_markup(chunks: Iterable[Chunk]) -> str:
    """Redline runs as markup: deleted struck through in red, inserted underlined in blue.

    Only the words are marked, not the spaces around them; a word put in straight after a
    word taken out ("Once" -> "Twice") gets a plain space between them, so they read as two
    words, on paper and when the text is copied.
    """
    parts = []
    previous: Chunk | None = None
    for chunk in chunks:
        if (previous is not None and previous.op == "delete" and chunk.op == "insert"
                and not previous.text[-1:].isspace() and not chunk.text[:1].isspace()):
            parts.append(" ")
        previous = chunk
        if chunk.op == "equal" or not chunk.text.strip():
            parts.append("" if chunk.op == "delete" else plain(chunk.text))
            continue
        core = chunk.text.strip()
        start = chunk.text.index(core)
        before, after = chunk.text[:start], chunk.text[start + len(core):]
        if chunk.op == "delete":
            marked = f'<strike><font color="{_hex(DELETED)}">{plain(core)}</font></strike>'
        else:
            marked = f'<u><font color="{_hex(INSERTED)}">{plain(core)}</font></u>'
        parts.append(plain(before) + marked + plain(after))
    return "".join(parts)


def redline_key(style: Styles) -> RLParagraph:
    """The line saying what strike-through and underline mean."""
    sample = chunks_markup([Chunk("equal", "Words taken out are "),
                            Chunk("delete", "struck through"),
                            Chunk("equal", " and words put in are "),
                            Chunk("insert", "underlined"), Chunk("equal", ".")])
    return RLParagraph(sample, style.body)


def redline_flowables(redline: ld.Redline, style: Styles) -> list[Flowable]:
    """A change list: each item's title, then its labelled fields word by word; an item is
    kept on one page when it fits on one."""
    out: list[Flowable] = [redline_key(style)] if redline.show_key else []
    field_style = derived_style(style.body, "field", leftIndent=style.size * 1.2,
                           spaceAfter=style.size * 0.3)
    for item in redline.items:
        parts: list[Flowable] = [RLParagraph(plain(item.title), style.label)]
        for field in item.fields:
            label = f"<b>{plain(field.label)}:</b> " if field.label else ""
            parts.append(RLParagraph(label + chunks_markup(field.chunks), field_style))
        parts.append(Spacer(1, style.size * 0.6))
        out.append(KeepTogether(parts))
    return out


_DERIVED: dict[tuple[str, str], ParagraphStyle] = {}


def derived_style(parent: ParagraphStyle, suffix: str, **changes: Any) -> ParagraphStyle:
    """A style derived from `parent` with `changes`, made once per (parent, suffix)."""
    key = (parent.name, suffix)
    found = _DERIVED.get(key)
    if found is None:
        found = _DERIVED[key] = ParagraphStyle(f"{parent.name}-{suffix}", parent=parent,
                                               **changes)
    return found


# --- Tables --------------------------------------------------------------------------------

def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], size: float,
                  available: float) -> list[float]:
    """Widths from content filling `available`: each column at least as wide as its longest
    word (when the page allows), the rest shared by how much longer its text runs."""
    least, natural = [], []
    for index, title in enumerate(header):
        cells = [clean(row[index]) for row in rows]
        head = clean(title)
        words = [text_width(w, size) for cell in cells for w in cell.split()]
        words += [text_width(w, size, True) for w in head.split()]
        least.append(2 * CELL_PAD + max(words, default=0.0))
        natural.append(2 * CELL_PAD + max([text_width(c, size) for c in cells]
                                          + [text_width(head, size, True)]))
    return _share(least, natural, available)


def _share(least: list[float], natural: list[float], available: float) -> list[float]:
    """Columns whose whole text fits in a little over a fair share get its width (so "Once
    a week" stays on one line); the others share what is left, each at least its longest
    word, the rest by how much longer their text runs."""
    fair = 1.25 * available / len(natural)
    short = [i for i, n in enumerate(natural) if n <= fair]
    rest = available - sum(natural[i] for i in short)
    long = [i for i in range(len(natural)) if i not in short]
    if not long:
        return [available * n / sum(natural) for n in natural]
    if sum(least[i] for i in long) > rest:  # no room to keep words whole: share it all
        return [available * w / sum(least) for w in least] if sum(least) > available \
            else _spread(least, natural, available)
    widths = list(natural)
    for i, width in zip(long, _spread([least[i] for i in long], [natural[i] for i in long],
                                      rest), strict=True):
        widths[i] = width
    return widths


def _spread(least: list[float], natural: list[float], available: float) -> list[float]:
    if sum(natural) <= available:
        return [available * n / sum(natural) for n in natural]
    spare = available - sum(least)
    extra = [n - m for n, m in zip(natural, least, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def table_style(header_rows: int = 1) -> TableStyle:
    """Hairline grid, shaded header, top-aligned cells."""
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # tables set it even for paragraphs
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD - 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD + 1),
    ])


def table_flowables(table: ld.Table, style: Styles, available: float = CONTENT_WIDTH
                    ) -> list[Flowable]:
    """A table, or in large print a card per row when it has more than three columns."""
    if style.large and len(table.header) > CARD_COLUMNS:
        return _cards(table, style, available)
    size = float(style.cell.fontSize)
    widths = column_widths(table.header, table.rows, size, available)
    data = [[RLParagraph(plain(h), style.cell_head) for h in table.header]]
    data += [[RLParagraph(plain(c), style.cell) for c in row] for row in table.rows]
    grid = RLTable(data, colWidths=widths, repeatRows=1, splitByRow=1, splitInRow=1,
                   hAlign="LEFT")
    grid.setStyle(table_style())
    return [grid, Spacer(1, style.size * 0.8)]


def _cards(table: ld.Table, style: Styles, available: float) -> list[Flowable]:
    """One boxed card per row, label beside value. A first column with an empty header
    holds each row's own label ("F1"), printed as the card's title."""
    titled = table.header[0].strip() == ""
    header = table.header[1:] if titled else table.header
    pad = CELL_PAD + 2
    label_width = min(available * 0.4, max(text_width(h, style.size, True) for h in header)
                      + 2 * pad + 1)
    out: list[Flowable] = []
    for row in table.rows:
        cells = row[1:] if titled else row
        data: list[list[Any]] = [
            [RLParagraph(plain(h), style.label), RLParagraph(plain(c), style.cell)]
            for h, c in zip(header, cells, strict=True) if c.strip()]
        commands: list[Any] = [
            ("BOX", (0, 0), (-1, -1), 0.8, RULE),
            ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD + 2),
        ]
        if titled and row[0].strip():
            data.insert(0, [RLParagraph(plain(row[0]), style.label), ""])
            commands += [("SPAN", (0, 0), (1, 0)), ("BACKGROUND", (0, 0), (1, 0), SHADE)]
        if not data:
            continue
        card = RLTable(data, colWidths=[label_width, available - label_width],
                       splitByRow=1, splitInRow=1, repeatRows=1 if titled else 0,
                       hAlign="LEFT")
        card.setStyle(TableStyle(commands))
        out += [card, Spacer(1, style.size * 0.8)]
    return out


# --- Keeping a heading with what follows -------------------------------------------------

class RoomFor(CondPageBreak):
    """A page break unless the page has room for `head` and the start of `body`: the first
    body flowable, or `lines` lines of it if it is taller (a long table then starts under
    its heading and runs on, rather than leaving the page part empty as KeepTogether
    would)."""

    def __init__(self, head: Sequence[Flowable], body: Flowable | None, least: float) -> None:
        super().__init__(0)
        self._head = list(head)
        self._body = body
        self._least = least

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        canvas = self.canv  # set by wrapOn, which the frame calls
        needed = sum(f.wrapOn(canvas, available_width, available_height)[1]
                     + f.getSpaceBefore() + f.getSpaceAfter() for f in self._head)
        if self._body is not None:
            if available_height >= needed + self._least:
                needed += self._least  # room enough whatever the body's height
            else:
                body = self._body.wrapOn(canvas, available_width, available_height)[1]
                needed += min(body, self._least)
        self.height = needed
        return super().wrap(available_width, available_height)


def keep_with_start(head: Sequence[Flowable], body: Sequence[Flowable], style: Styles
                    ) -> list[Flowable]:
    """`head` (a heading, a title) then `body`, the head moved to a new page with the body
    unless the head and the body's first few lines fit where it is."""
    for flowable in head:  # RoomFor does the keeping; keepWithNext would group them
        flowable.keepWithNext = 0
    least = 3 * float(style.body.leading)
    return [RoomFor(head, body[0] if body else None, least), *head, *body]


# --- Blocks --------------------------------------------------------------------------------

def block_flowables(blocks: Iterable[ld.Block], style: Styles) -> list[Flowable]:
    """The flowables of body blocks, in order; a heading stays with what follows it."""
    out: list[Flowable] = []
    heads: list[Flowable] = []
    for block in blocks:
        flowables = _block(block, style)
        if isinstance(block, ld.Heading):
            heads += flowables
            continue
        if heads:
            out += keep_with_start(heads, flowables, style)
            heads = []
        else:
            out += flowables
    if heads:
        out += keep_with_start(heads, [], style)
    return out


def _block(block: ld.Block, style: Styles) -> list[Flowable]:
    if isinstance(block, ld.Paragraph):
        return [RLParagraph(markup(block.text), style.body)]
    if isinstance(block, ld.Heading):
        heading = style.heading1 if block.level <= 1 else style.heading2
        return [RLParagraph(plain(block.text), heading)]
    if isinstance(block, ld.Bullets):
        return bullet_flowables(block.items, style)
    if isinstance(block, ld.Table):
        return table_flowables(block, style)
    if isinstance(block, ld.Redline):
        return redline_flowables(block, style)
    if isinstance(block, ld.PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"not a letter block: {block!r}")


def bullet_flowables(items: Iterable[str], style: Styles) -> list[Flowable]:
    """A bulleted list; items may carry `**bold**`."""
    bullet = derived_style(style.bullet, "item", leftIndent=style.size * 1.6,
                      bulletIndent=style.size * 0.4, bulletFontName=style.bullet.fontName)
    out: list[Flowable] = [RLParagraph(markup(item), bullet, bulletText="•")
                           for item in items]
    if out:
        out.append(Spacer(1, style.size * 0.4))
    return out
