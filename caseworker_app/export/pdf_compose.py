"""Lay out one or more documents ("parts") into one PDF, each numbered from its own page 1.

A print run of 500 letters, or a proposed amendments pack (letter, redline, existing plan),
is one PDF made of parts. Each part is a `Part`: the flowables of its body (`story`), where
they flow on each of its pages (`frame`), and what it paints on its pages: under the body
as each page starts (`paint_under`: letterhead, window address, DRAFT watermark) and over
it once the whole PDF is laid out (`paint_over`, which is told the part's page count, for
"Page N of M"). A part starts on a new page.

How "of M" is known: pages are held back, not written, until the last part is laid out
(the canvas keeps each finished page's drawing operations), then each page is finished with
its part's `paint_over` and written. Parts are laid out one at a time, so `story()` is
called as its part begins: a print run never builds the flowables of 500 letters at once,
reports progress after each letter, and is cancelled between two letters.

Output is deterministic: reportlab's invariant mode (fixed dates and document id), fixed
metadata, font subsets named by their number, no clock anywhere. The same parts give the
same bytes. Renders take a module lock: reportlab keeps some state in module globals, so
two renders on two worker threads run one after the other.
"""

from __future__ import annotations

import io
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import PageBegin

from caseworker_app.export.pdf_fonts import REGULAR, register_fonts
from caseworker_app.export.pdf_style import (
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    MARGIN_LEFT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Box = tuple[float, float, float, float]  # x, y (from the bottom), width, height in points

_RENDER_LOCK = threading.Lock()


class RenderCancelled(Exception):  # noqa: N818 - it is an outcome, not an error
    """The render was cancelled (`cancelled()` returned True); no PDF was made."""


class Part:
    """One document inside a PDF. Subclasses give its flow and what is painted on its pages.

    `story()` is called once each time the part is laid out and must return new flowables
    (reportlab flowables keep layout state). Pages are numbered from 1 within the part.
    """

    title: str = ""

    def story(self) -> list[Flowable]:
        """The flowables of the body, in order."""
        raise NotImplementedError

    def frame(self, page: int) -> Box:
        """Where the body flows on `page`: by default the margins above the footer band."""
        top = PAGE_HEIGHT - 20 * mm
        return (MARGIN_LEFT, FOOTER_HEIGHT, CONTENT_WIDTH, top - FOOTER_HEIGHT)

    def paint_under(self, canvas: Canvas, page: int) -> None:
        """Draw on `page` before its body (letterhead, watermark); nothing by default."""

    def paint_over(self, canvas: Canvas, page: int, pages: int) -> None:
        """Draw on `page` of `pages` after everything is laid out (footer, page number)."""


class _EndOfPart(Flowable):
    """A marker at the end of each part's story; the compositor acts on it, never draws it."""

    locChanger = True  # noqa: N815 - reportlab: keeps it out of keepWithNext groups

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        raise AssertionError("the end-of-part marker is never drawn")


class _HoldingCanvas(Canvas):
    """A canvas that keeps finished pages until `save`, then lets each part paint over its
    own pages knowing how many it has."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[tuple[dict[str, Any], int, Part, int]] = []
        self.current: tuple[int, Part, int] | None = None  # (part index, part, page)

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        assert self.current is not None
        index, part, page = self.current
        self._held.append((dict(self.__dict__), index, part, page))
        self._startPage()

    def save(self) -> None:
        counts = Counter(index for _, index, _, _ in self._held)
        held, self._held = self._held, []
        for state, index, part, page in held:
            self.__dict__.update(state)
            self.saveState()
            part.paint_over(self, page, counts[index])
            self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)


class _Compositor(BaseDocTemplate):
    """A doc template that takes its parts one at a time and re-frames every page."""

    def __init__(self, buffer: io.BytesIO, parts: Sequence[Part], progress: Progress | None,
                 cancelled: Cancelled | None, title: str, author: str, subject: str) -> None:
        super().__init__(
            buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1,
            leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0, lang="en-GB",
            initialFontName=REGULAR,  # not Helvetica, which would be named but not embedded
            creator="Caseworker", producer="Caseworker (ReportLab)", title=title,
            author=author, subject=subject)
        self.addPageTemplates([PageTemplate(
            "part", frames=[Frame(0, 0, PAGE_WIDTH, PAGE_HEIGHT, id="flow")],
            onPage=self._paint_under)])
        self._parts = parts
        self._progress = progress
        self._cancelled = cancelled
        self._taken = 0
        self._index = -1
        self._part: Part | None = None
        self._pending: Part | None = None
        self._page = 0

    def first_story(self) -> list[Flowable]:
        """The story of the first part, which the build starts with."""
        first = self._take()
        if first is None:
            raise ValueError("a PDF needs at least one part")
        self._pending = first
        return self._story(first)

    def _take(self) -> Part | None:
        if self._cancelled is not None and self._cancelled():
            raise RenderCancelled("the render was cancelled")
        if self._taken >= len(self._parts):
            return None
        part = self._parts[self._taken]
        self._taken += 1
        return part

    @staticmethod
    def _story(part: Part) -> list[Flowable]:
        story = list(part.story())
        while story and isinstance(story[-1], PageBreak):  # the next part breaks anyway
            story.pop()
        return [*story, _EndOfPart()]

    def handle_pageBegin(self) -> None:  # noqa: N802 - reportlab's name
        if self._pending is not None:
            self._part, self._pending = self._pending, None
            self._index += 1
            self._page = 0
        assert self._part is not None
        self._page += 1
        x, y, width, height = self._part.frame(self._page)
        self.pageTemplate.frames = [Frame(x, y, width, height, leftPadding=0, rightPadding=0,
                                          topPadding=0, bottomPadding=0, id="flow")]
        canvas = self.canv
        assert isinstance(canvas, _HoldingCanvas)
        canvas.current = (self._index, self._part, self._page)
        super().handle_pageBegin()

    def _paint_under(self, canvas: Canvas, doc: Any) -> None:
        assert self._part is not None
        canvas.saveState()
        self._part.paint_under(canvas, self._page)
        canvas.restoreState()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if not isinstance(flowables[0], _EndOfPart):
            super().handle_flowable(flowables)
            return
        del flowables[0]
        if self._progress is not None:
            self._progress(self._index + 1, len(self._parts))
        following = self._take()
        if following is None:
            return
        self._pending = following
        if not (self._hanging and self._hanging[-1] is PageBegin):
            self.handle_pageBreak()
        flowables[0:0] = self._story(following)


def render_parts(parts: Sequence[Part], *, title: str = "", author: str = "",
                 subject: str = "", progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> bytes:
    """Lay out `parts` into one PDF, each part on new pages with its own numbering.

    `progress(done, total)` is called after each part is laid out; `cancelled()` is asked
    before each part starts and once more before the file is written (so after the last
    `progress`), and True raises `RenderCancelled`.
    """
    register_fonts()
    buffer = io.BytesIO()
    with _RENDER_LOCK:
        # Binary (zlib only) streams: ASCII85 on top makes files 25% larger and, in
        # reportlab's pure-Python encoder, took a fifth of a print run's time.
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            doc = _Compositor(buffer, parts, progress, cancelled, title, author, subject)
            doc.build(doc.first_story(), canvasmaker=_HoldingCanvas)
        finally:
            rl_config.useA85 = saved
    return buffer.getvalue()
