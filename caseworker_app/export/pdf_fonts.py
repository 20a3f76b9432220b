"""The one typeface every Caseworker PDF uses: Noto Sans, bundled in resources/fonts.

reportlab's built-in Helvetica has no glyphs beyond Latin-1, so "Łukasz" or "Nguyễn" would
print as boxes; Noto Sans covers Latin (with Vietnamese), Greek and Cyrillic. It is embedded
as a subset (only the glyphs used) with a ToUnicode map, so text copied or extracted from
the PDF is the text that was drawn. Licence: SIL Open Font License 1.1 (resources/fonts/
OFL.txt).

The registered fonts are a subclass of reportlab's TTFont that memoises word widths and
encodes already-seen characters in one pass: a print run lays out the same template words
thousands of times, and reportlab's per-character Python loops were most of the render time.
Both shortcuts return exactly what TTFont would.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from caseworker_app.paths import resource

FAMILY = "NotoSans"
REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"
_FILES = {REGULAR: "NotoSans-Regular.ttf", BOLD: "NotoSans-Bold.ttf"}
_WIDTH_CACHE_LIMIT = 200_000  # words per font; a print run of 500 letters uses ~10,000
_lock = threading.Lock()
_registered = False


class _FastTTFont(TTFont):
    """TTFont with memoised string widths and a fast path for encoding seen characters."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._widths: dict[str, float] = {}

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8"  # noqa: N802
                    ) -> float:
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        total = self._widths.get(text)
        if total is None:
            # the glyph-width sum TTFont computes (0.001 * 1000.0 is exactly 1)
            total = float(super().stringWidth(text, 1000.0))
            if len(self._widths) >= _WIDTH_CACHE_LIMIT:
                self._widths.clear()
            self._widths[text] = total
        return 0.001 * size * total  # the order TTFont multiplies in, for identical results

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8"  # noqa: N802
                    ) -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        if state is not None and isinstance(text, str):
            assignments = state.assignments
            try:
                codes = [assignments[c] for c in map(ord, text)]
            except KeyError:  # a character not placed in a subset yet: TTFont places it
                codes = None
            if codes is not None:
                return _runs(codes)
        return list(super().splitString(text, doc, encoding))


def _runs(codes: list[int]) -> list[tuple[int, bytes]]:
    """(subset, bytes) runs, as TTFont.splitString returns them."""
    if not codes:
        return []
    if max(codes) < 256:
        return [(0, bytes(codes))]
    runs: list[tuple[int, bytes]] = []
    current, run = codes[0] >> 8, bytearray()
    for code in codes:
        if code >> 8 != current:
            runs.append((current, bytes(run)))
            current, run = code >> 8, bytearray()
        run.append(code & 0xFF)
    runs.append((current, bytes(run)))
    return runs


def register_fonts() -> str:
    """Register Noto Sans regular and bold with reportlab (once) and return the family name.

    After this, reportlab paragraph markup `<b>` picks the bold face. Safe to call from any
    thread, any number of times.
    """
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        registered = pdfmetrics.getRegisteredFontNames()
        for name, filename in _FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(_FastTTFont(name, str(resource("fonts", filename))))
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        _registered = True
        return FAMILY


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in points at `size` in the bundled font."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size))


def covers(text: str) -> bool:
    """Whether the bundled font has a glyph for every character of `text`."""
    register_fonts()
    glyphs = pdfmetrics.getFont(REGULAR).face.charToGlyph
    return all(ord(c) in glyphs or c in "\n\t" for c in text)
