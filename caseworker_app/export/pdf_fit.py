"""Fit short lines of text into a fixed box: the envelope window, the letterhead column.

A window envelope shows only a fixed rectangle, so the recipient's address must fit it
whatever its length. The rule, in order of preference:

1. the largest size from `max_size` down to `min_size` (in half points) at which every
   line fits on one line (an address line kept whole is what postal sorting reads best);
2. failing that, the largest size at which the lines fit wrapped between words;
3. failing that, at `min_size`, with words too long for the box broken between characters;
4. only as a last resort, at `min_size`: each source line on one line of its own, adjacent
   middle lines joined with ", " while there are too many (never the first line, the name,
   or the last, the postcode), and any line still too wide cut short with "…".

Heights are measured from the top of the first line's tallest glyph (the font's ascent) to
the bottom of the last line's (its descent), so the printed ink, and the boxes a PDF text
extractor reports, stay inside the box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from caseworker_app.export.pdf_fonts import BOLD, REGULAR, register_fonts, text_width
from caseworker_app.export.pdf_style import clean

ELLIPSIS = "…"
LEADING = 1.22  # line spacing as a multiple of the size


@dataclass(frozen=True, slots=True)
class Line:
    """One line to fit: its text, weight, and size relative to the block ("" is a gap)."""

    text: str
    bold: bool = False
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class Placed:
    """A line as drawn: text, weight, size, and its baseline below the box's top."""

    text: str
    bold: bool
    size: float
    baseline: float


@dataclass(frozen=True, slots=True)
class Fitted:
    """Lines fitted to a box: the block's size, its lines, and whether anything was cut."""

    size: float
    lines: tuple[Placed, ...]
    height: float
    truncated: bool


def _metrics() -> tuple[float, float]:
    register_fonts()
    face = pdfmetrics.getFont(REGULAR).face
    return face.ascent / 1000.0, -face.descent / 1000.0


def _break_word(word: str, size: float, width: float, bold: bool) -> list[str]:
    pieces: list[str] = []
    while word and text_width(word, size, bold) > width:
        cut = len(word) - 1
        while cut > 1 and text_width(word[:cut], size, bold) > width:
            cut -= 1
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word] if word else pieces


def wrap(text: str, size: float, width: float, bold: bool = False,
         break_words: bool = True) -> list[str] | None:
    """`text` wrapped between words to `width`; None if a word is too wide and
    `break_words` is False (otherwise such a word is broken between characters)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if text_width(word, size, bold) <= width:
            current = word
            continue
        if not break_words:
            return None
        *whole, current = _break_word(word, size, width, bold)
        lines.extend(whole)
    if current or not lines:
        lines.append(current)
    return lines


def _place(rows: Sequence[tuple[str, Line]], size: float) -> tuple[tuple[Placed, ...], float]:
    """Baselines for rows at `size`, and the block's ink height."""
    ascent, descent = _metrics()
    placed: list[Placed] = []
    y = 0.0
    previous = 0.0
    for index, (text, line) in enumerate(rows):
        line_size = size * line.scale
        # baselines a line's leading apart (the larger of two neighbouring sizes)
        y += ascent * line_size if index == 0 else LEADING * max(previous, line_size)
        if index and not line.text:
            y -= LEADING * line_size * 0.5  # a gap line is half a line
        placed.append(Placed(text, line.bold, line_size, y))
        previous = line_size
    last = rows[-1][1].scale * size if rows else 0.0
    return tuple(placed), (y + descent * last) if rows else 0.0


def _wrapped(lines: Sequence[Line], size: float, width: float, mode: str
             ) -> list[tuple[str, Line]] | None:
    """Rows for `lines` at `size`: "whole" (None if any line is too wide), "words" (None if
    a word is too wide) or "characters"."""
    rows: list[tuple[str, Line]] = []
    for line in lines:
        if not line.text:
            rows.append(("", line))
            continue
        if mode == "whole":
            if text_width(line.text, size * line.scale, line.bold) > width:
                return None
            parts: list[str] | None = [line.text]
        else:
            parts = wrap(line.text, size * line.scale, width, line.bold, mode == "characters")
        if parts is None:
            return None
        rows.extend((part, line) for part in parts)
    return rows


def fit_lines(lines: Sequence[Line], width: float, height: float, max_size: float,
              min_size: float, whole_floor: float | None = None) -> Fitted:
    """Fit `lines` into a `width` x `height` box (points), as the module docstring says.

    `whole_floor` stops step 1 at that size instead of `min_size`, for text where wrapping a
    line reads better than shrinking it further (a large-print letterhead).
    """
    lines = [Line(" ".join(clean(line.text).split()), line.bold, line.scale) for line in lines]
    for mode in ("whole", "words", "characters"):
        size = max_size
        floor = whole_floor if mode == "whole" and whole_floor is not None else min_size
        while size >= floor - 1e-9:
            rows = _wrapped(lines, size, width, mode)
            if rows is not None:
                placed, used = _place(rows, size)
                if used <= height + 1e-6:
                    return Fitted(size, placed, used, False)
            size -= 0.5
    return _last_resort(lines, width, height, min_size)


def _last_resort(lines: list[Line], width: float, height: float, size: float) -> Fitted:
    rows = [line for line in lines if line.text]
    while len(rows) > 2 and _place([(r.text, r) for r in rows], size)[1] > height:
        middle = range(1, len(rows) - 2)  # pairs (i, i + 1) with neither the first nor last
        if not middle:
            break
        i = min(middle, key=lambda k: len(rows[k].text) + len(rows[k + 1].text))
        rows[i:i + 2] = [Line(f"{rows[i].text}, {rows[i + 1].text}", rows[i].bold,
                              rows[i].scale)]
    while len(rows) > 1 and _place([(r.text, r) for r in rows], size)[1] > height:
        rows.pop(-2)  # nothing left to join: drop middle lines, keep the postcode
    cut = [(_shorten(r.text, size * r.scale, width, r.bold), r) for r in rows]
    placed, used = _place(cut, size)
    return Fitted(size, placed, used, True)


def _shorten(text: str, size: float, width: float, bold: bool) -> str:
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text.rstrip(" ,") + ELLIPSIS, size, bold) > width:
        text = text[:-1]
    return text.rstrip(" ,") + ELLIPSIS


def draw_fitted(canvas: Canvas, fitted: Fitted, x: float, top: float,
                align_right: float | None = None) -> None:
    """Draw `fitted` with its box's top-left at (x, top); right-aligned to `align_right`
    (an x) if given."""
    for line in fitted.lines:
        if not line.text:
            continue
        canvas.setFont(BOLD if line.bold else REGULAR, line.size)
        if align_right is None:
            canvas.drawString(x, top - line.baseline, line.text)
        else:
            canvas.drawRightString(align_right, top - line.baseline, line.text)
