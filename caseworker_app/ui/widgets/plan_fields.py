"""The plan editor's fields: a text box that grows with its text and underlines what the
checks flag, the findings shown under a field, and the framed card holding one item."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.ui.widgets.form import ERROR_STYLE

FLAG_COLOUR = QColor("#b3261e")
ADVISORY_COLOUR = QColor("#a15c00")
FINDING_STYLE = "color: #8c1d18;"
ADVISORY_STYLE = "color: #5f6368;"
CARD_STYLE = ("QFrame#planItem { border: 1px solid #cfd5dc; border-radius: 4px; "
              "background: #fbfcfd; }")
MAX_TEXT_HEIGHT = 260  # a long passage scrolls inside its box past this


class UndoKeysToEditor(QObject):
    """Lets Ctrl+Z and Ctrl+Shift+Z reach the editor's undo stack, not the focused box's own.

    Qt offers the keys to the focused widget first (a ShortcutOverride event); a text box
    would claim them for its private undo. Filtering the offer leaves them to the shortcut.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)):
            return True
        return super().eventFilter(watched, event)


class _Highlighter(QSyntaxHighlighter):
    """Underlines the spans the checks found, in red (or amber when only advisory)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: tuple[tuple[int, int, bool], ...] = ()

    def set_spans(self, spans: Iterable[tuple[int, int, bool]]) -> None:
        spans = tuple(spans)
        if spans != self._spans:
            self._spans = spans
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        start = self.currentBlock().position()
        end = start + len(text)
        for first, last, advisory in self._spans:
            if last <= start or first >= end:
                continue
            shape = QTextCharFormat()
            shape.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            shape.setUnderlineColor(ADVISORY_COLOUR if advisory else FLAG_COLOUR)
            begin = max(first, start) - start
            self.setFormat(begin, min(last, end) - start - begin, shape)


class PlanTextEdit(QTextEdit):
    """Plain text that grows with what is typed, and says when the person changed it."""

    edited = Signal()  # typed by the person (not set in code)

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self._setting = False
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # the editor's stack undoes, field by field
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._highlighter = _Highlighter(self.document())
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self.textChanged.connect(self._changed)
        self._fit()

    def text(self) -> str:
        """What the box holds."""
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        """Show `text` (from the database, or undo) without counting it as typing."""
        if text == self.toPlainText():
            return
        # Filling an empty box leaves the cursor at the end, to carry on writing.
        cursor = self.textCursor().position() if self.toPlainText() else len(text)
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False
        moved = self.textCursor()
        moved.setPosition(min(cursor, len(text)))
        self.setTextCursor(moved)

    def set_spans(self, spans: Iterable[tuple[int, int, bool]]) -> None:
        """Underline these (start, end, advisory) character ranges."""
        self._highlighter.set_spans(spans)

    def sizeHint(self) -> QSize:
        return QSize(200, self._wanted_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    @Slot()
    def _changed(self) -> None:
        if not self._setting:
            self.edited.emit()

    def _wanted_height(self) -> int:
        line = self.fontMetrics().lineSpacing()
        margins = int(self.document().documentMargin() * 2) + self.frameWidth() * 2 + 2
        content = int(self.document().size().height()) + self.frameWidth() * 2 + 2
        return max(line * self._lines + margins, min(content, MAX_TEXT_HEIGHT))

    @Slot()
    def _fit(self, *_args: Any) -> None:
        height = self._wanted_height()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)


def finding_is_advisory(finding: Any) -> bool:
    """Whether a check's finding is advice rather than a failing (it is shown softer)."""
    check = getattr(finding, "check", None)
    flag = getattr(check, "advisory", None)
    if isinstance(flag, bool):
        return flag
    return "ADVIS" in str(getattr(check, "name", check)).upper()


ADVISORY_MARK = "ℹ"  # in the common UI fonts; the circled ⓘ is missing from many
WARNING_MARK = "⚠"


def finding_html(finding: Any, *, beside_field: bool = False) -> str:
    """One finding as a paragraph: the reason, then its source. `beside_field`: shown under
    the item's own field, so the shorter wording without the item's name will do."""
    advisory = finding_is_advisory(finding)
    mark = ADVISORY_MARK if advisory else WARNING_MARK
    message = (beside_field and getattr(finding, "short", "")) or finding.message
    source = f" <i>({html.escape(finding.source)})</i>" if getattr(finding, "source", "") else ""
    style = ADVISORY_STYLE if advisory else FINDING_STYLE
    return f"<span style='{style}'>{mark} {html.escape(message)}{source}</span>"


class FindingsLabel(QLabel):
    """What the checks say about one field, and why a save of it was refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._findings: tuple[Any, ...] = ()
        self._error = ""
        self.field: QWidget | None = None  # told what the label says, for screen readers
        self.hide()

    @property
    def findings(self) -> tuple[Any, ...]:
        """The findings shown."""
        return self._findings

    def set_findings(self, findings: Sequence[Any]) -> None:
        """Show these findings (none hides the label unless a save error shows)."""
        self._findings = tuple(findings)
        self._render()

    def set_error(self, message: str) -> None:
        """Show (or clear) why the last save of this field was refused."""
        self._error = message
        self._render()

    def _render(self) -> None:
        parts = [finding_html(f, beside_field=self.field is not None) for f in self._findings]
        if self._error:
            parts.insert(0, f"<span style='{ERROR_STYLE} font-weight:600'>Not saved: "
                            f"{html.escape(self._error)}</span>")
        # Lines joined by <br>, not <div>s: QLabel measures block margins short and cut off
        # the last line of each finding.
        self.setText("<br>".join(parts))
        self.setVisible(bool(parts))
        described = "; ".join(f.message for f in self._findings)
        if self.field is not None:
            self.field.setAccessibleDescription(
                " ".join(filter(None, (self._error, described))))


class NeedLinkList(QListView):
    """The needs an outcome or provision row meets, each with a tick box.

    Each need's text wraps onto as many lines as it takes, and the list is as tall as its
    rows (up to `MAX_LINES` lines, then it scrolls), so no need is cut to one line behind a
    sideways scroll bar.
    """

    MAX_LINES = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._delegate = _WrappingDelegate(self)  # kept: PySide drops an unreferenced override
        self.setItemDelegate(self._delegate)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        model.modelReset.connect(self._fit)
        model.rowsInserted.connect(self._fit)
        model.rowsRemoved.connect(self._fit)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(200, self._wanted_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self._wanted_height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # narrower: the needs' text wraps onto more lines

    def _wanted_height(self) -> int:
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        line = self.fontMetrics().lineSpacing()
        content = sum(self.sizeHintForRow(r) for r in range(rows)) if rows else line + 6
        return min(content, line * self.MAX_LINES) + self.frameWidth() * 2 + 2

    @Slot()
    def _fit(self, *_args: Any) -> None:
        height = self._wanted_height()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped at the list's width (QListView asks the delegate
    for a size without telling it the width, so a long need would stay on one line)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        view = self.parent()
        assert isinstance(view, QListView)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = view.viewport().width()
        indicator = view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, opt, view)
        text_width = max(40, width - indicator - 16)
        bound = opt.fontMetrics.boundingRect(QRect(0, 0, text_width, 100_000),
                                             Qt.TextFlag.TextWordWrap, opt.text)
        return QSize(width, max(bound.height(), indicator) + 6)


def icon_button(text: str, tip: str) -> QToolButton:
    """A small button with a short label and a fuller tooltip and accessible name."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button


class ItemCard(QFrame):
    """A framed form for one item: a title with move and remove buttons, then its fields."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planItem")
        self.setStyleSheet(CARD_STYLE)
        self.title = QLabel(f"<b>{html.escape(title)}</b>")
        self.problems = FindingsLabel()  # about the item as a whole ("meets no need")
        self.up = icon_button("↑", "Move up")
        self.down = icon_button("↓", "Move down")
        self.remove = icon_button("Remove", "Remove this item (Ctrl+Z puts it back)")
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title, 1)
        for button in (self.up, self.down, self.remove):
            header.addWidget(button)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setVerticalSpacing(4)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 8)
        column.setSpacing(4)
        column.addLayout(header)
        column.addWidget(self.problems)
        column.addLayout(self.form)

    def add_row(self, label: str, widget: QWidget, findings: FindingsLabel | None = None) -> None:
        """A labelled field, its findings beneath it."""
        add_row(self.form, label, widget, findings)


def add_row(form: QFormLayout, label: str, widget: QWidget,
            findings: FindingsLabel | None = None) -> None:
    """Add `widget` to `form` under a caption, with `findings` (if any) beneath it."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    if findings is not None:
        findings.field = widget
        column.addWidget(findings)
    caption = QLabel(f"{label}:")
    caption.setBuddy(widget)
    widget.setAccessibleName(label.replace("&", ""))
    form.addRow(caption, holder)
