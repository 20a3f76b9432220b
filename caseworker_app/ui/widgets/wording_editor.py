"""The plain-text editor for letter wording: line numbers in a gutter, fields coloured, and
the lines with problems marked (the checks cite lines, so the lead officer can find them).

`WordingEditor.go_to_line(n)` puts the cursor on a line; `insert_field(name)` types
"{{ name }}" at the cursor; `replace_text(text)` swaps the whole wording as one step that
Ctrl+Z undoes (loading an old version from the history is an edit, not a save).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QRect, QSize, Qt, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

GUTTER_BACKGROUND = QColor("#eef1f5")
GUTTER_TEXT = QColor("#5f6368")
PROBLEM_LINE = QColor("#fde7e9")
PROBLEM_NUMBER = QColor("#a4000f")
FIELD_COLOUR = QColor("#1d4f91")
TAG_COLOUR = QColor("#7a3e9d")
GUTTER_PADDING = 6


class WordingHighlighter(QSyntaxHighlighter):
    """Colours {{ fields }} and {% if %} tags, and sets "## " headings in bold."""

    _FIELD = re.compile(r"\{\{.*?\}\}")
    _TAG = re.compile(r"\{%.*?%\}")

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._field = QTextCharFormat()
        self._field.setForeground(FIELD_COLOUR)
        self._tag = QTextCharFormat()
        self._tag.setForeground(TAG_COLOUR)
        self._heading = QTextCharFormat()
        self._heading.setFontWeight(QFont.Weight.Bold)

    def highlightBlock(self, text: str) -> None:
        if text.lstrip().startswith("## "):
            self.setFormat(0, len(text), self._heading)
        for pattern, style in ((self._FIELD, self._field), (self._TAG, self._tag)):
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), style)


class _Gutter(QWidget):
    """The strip left of the text that shows each line's number."""

    def __init__(self, editor: WordingEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_gutter(self, event)


class WordingEditor(QPlainTextEdit):
    """A QPlainTextEdit for wording: a line-number gutter, highlighting and problem marks.

    Lines wrap (wording is prose); a line's number stands beside its first row, so "Line 3"
    in a problem is the third line as typed, however it wraps.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(self.font().pointSizeF(), 10.0))
        self.setFont(font)
        self.setTabChangesFocus(True)  # Tab moves on (keyboard use); wording needs no tabs
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._highlighter = WordingHighlighter(self.document())  # kept: PySide drops it
        self._gutter = _Gutter(self)
        self._problem_lines: frozenset[int] = frozenset()
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self._update_gutter_width()

    # ----- what screens call ---------------------------------------------------------
    def current_line(self) -> int:
        """The cursor's line, from 1."""
        return self.textCursor().blockNumber() + 1

    def go_to_line(self, line: int) -> None:
        """Put the cursor at the start of `line` (from 1), show it and take focus."""
        block = self.document().findBlockByNumber(max(line, 1) - 1)
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def insert_field(self, name: str) -> None:
        """Type "{{ name }}" at the cursor (replacing any selection)."""
        if self.isReadOnly():
            return
        self.textCursor().insertText(f"{{{{ {name} }}}}")
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def replace_text(self, text: str) -> None:
        """Replace all the wording as one undoable edit."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)

    def set_problem_lines(self, lines: Iterable[int]) -> None:
        """Mark these lines (from 1) as having problems: tinted, their numbers in red."""
        found = frozenset(n for n in lines if n > 0)
        if found != self._problem_lines:
            self._problem_lines = found
            self._mark_lines()
            self._gutter.update()

    @property
    def problem_lines(self) -> frozenset[int]:
        """The lines marked as having problems."""
        return self._problem_lines

    # ----- the gutter -----------------------------------------------------------------
    def gutter_width(self) -> int:
        """Wide enough for the largest line number (at least two digits)."""
        digits = max(2, len(str(self.blockCount())))
        return GUTTER_PADDING * 2 + self.fontMetrics().horizontalAdvance("9") * digits

    def paint_gutter(self, gutter: QWidget, event: QPaintEvent) -> None:
        """Paint the line numbers of the rows in view."""
        painter = QPainter(gutter)
        painter.fillRect(event.rect(), GUTTER_BACKGROUND)
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = gutter.width() - GUTTER_PADDING
        bold = QFont(self.font())
        bold.setBold(True)
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = block.blockNumber() + 1
                problem = number in self._problem_lines
                painter.setPen(PROBLEM_NUMBER if problem else GUTTER_TEXT)
                painter.setFont(bold if problem else self.font())
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight,
                                 str(number))
            block = block.next()
            top = bottom
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(),
                                       rect.height()))

    @Slot()
    def _update_gutter_width(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    @Slot(QRect, int)
    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_gutter_width()

    @Slot()
    def _mark_lines(self) -> None:
        """Tint the lines with problems."""
        selections = []
        for number in sorted(self._problem_lines):
            block = self.document().findBlockByNumber(number - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(PROBLEM_LINE)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.setExtraSelections(selections)
