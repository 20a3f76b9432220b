"""The panes around the letter wording editor: the list's look, the live preview and the
guidance (when a letter is sent, what the law requires, the fields it may use)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.entities_letters import TemplateKey
from caseworker_app.letters.catalogue import BLOCK_TITLES, CATALOGUE, Block
from caseworker_app.letters.templates import TemplateError
from caseworker_app.services import Services
from caseworker_app.ui.models.wording_models import (
    HEADING_ROLE,
    VERSION_ROLE,
    FieldColumn,
    FieldTableModel,
    field_rows,
    letters_with,
)
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.pdf_preview import PdfPreview

PREVIEW_PAUSE_MS = 700
FIX_FIRST = "Fix the problems listed to see the preview."
MUTED = QColor("#5f6368")

Index = QModelIndex | QPersistentModelIndex
# What to preview now: the key, subject and body; None while the wording has problems.
Wording = tuple[TemplateKey, str, str]


class WordingDelegate(QStyledItemDelegate):
    """A letter's title with its version beneath in grey; group headings in bold."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        rows = 1 if index.data(HEADING_ROLE) else 2
        return QSize(200, rows * option.fontMetrics.height() + (12 if rows == 1 else 6))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(HEADING_ROLE):
            painter.save()
            font = option.font
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(MUTED)
            painter.drawText(option.rect.adjusted(6, 6, -4, 0),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             str(index.data()))
            painter.restore()
            return
        self.initStyleOption(option, index)
        option.text = ""  # the background, selection and focus from the style; text below
        if option.widget is not None:
            option.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option,
                                              painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = option.palette.highlightedText() if selected else option.palette.text()
        metrics, height = option.fontMetrics, option.fontMetrics.height()
        rect = option.rect.adjusted(14, 3, -4, 0)
        painter.save()
        for line, (value, colour) in enumerate(((index.data(), text.color()),
                                                (index.data(VERSION_ROLE),
                                                 text.color() if selected else MUTED))):
            painter.setPen(colour)
            painter.drawText(rect.x(), rect.y() + line * height, rect.width(), height,
                             Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(str(value), Qt.TextElideMode.ElideRight,
                                                rect.width()))
        painter.restore()


class PreviewPane(QWidget):
    """A fictional letter printed with the wording, made on a reader after a pause in typing.

    One preview is made at a time: asked for while one is being made, the next waits for it;
    an answer for text since changed is dropped. `wording()` says what to preview when the
    time comes (None while the wording has problems).
    """

    def __init__(self, services: Services, tasks: TaskRunner,
                 wording: Callable[[], Wording | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._wording = services, tasks, wording
        self._generation = 0  # bumped whenever what the preview should show changes
        self._running = False  # a preview is being made
        self._wanted = False  # another is wanted once it is back
        self.last_preview = b""  # the PDF shown (kept for tests)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_PAUSE_MS)
        self._timer.timeout.connect(self._request)
        self.large_print = QCheckBox("Lar&ge print")
        self.large_print.setToolTip("Preview the letter as sent to someone who asked for "
                                    "large print.")
        self.large_print.toggled.connect(self.refresh_now)
        self.state = QLabel()
        self.state.setProperty("role", "muted")
        self.preview = PdfPreview()
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.large_print)
        row.addStretch(1)
        row.addWidget(self.state)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(row)
        column.addWidget(self.preview, 1)
        column.addWidget(self.note)

    def show_key(self, key: TemplateKey | None) -> None:
        """Another letter or block (None: while it loads); a preview on its way is dropped."""
        self._generation += 1
        self._timer.stop()
        if key is None:
            self.preview.show_message("Loading…")
            return
        self.note.setText(_preview_note(key))

    def changed(self) -> None:
        """The wording changed: preview it after a pause in typing."""
        self._generation += 1
        self._timer.start(PREVIEW_PAUSE_MS)

    @Slot()
    def refresh_now(self) -> None:
        """Preview the wording as it is, without waiting."""
        self._generation += 1
        self._timer.start(0)

    def show_problems(self) -> None:
        """The wording has problems: say so instead of previewing it."""
        self._generation += 1
        self.preview.show_message(FIX_FIRST)
        self.state.clear()

    def stop(self) -> None:
        """The window is closing: no more previews."""
        self._timer.stop()
        self._generation += 1

    @Slot()
    def _request(self) -> None:
        wording = self._wording()
        if wording is None:
            return
        if self._running:
            self._wanted = True
            return
        job = partial(self._services.letters.preview_wording, *wording,
                      self.large_print.isChecked())
        self._running, self._wanted = True, False
        self.state.setText("Updating the preview…")
        self._tasks.run(job, on_done=partial(self._made, self._generation),
                        on_error=partial(self._failed, self._generation))

    def _made(self, generation: int, data: bytes) -> None:
        if self._answered(generation):
            self.last_preview = data
            self.preview.show_pdf(data)
            self.state.setText("Up to date")

    def _failed(self, generation: int, exc: Exception) -> None:
        if not self._answered(generation):
            return
        self.state.clear()
        if isinstance(exc, TemplateError):
            self.preview.show_message(FIX_FIRST + "\n\n" + "\n".join(map(str, exc.problems)))
        else:
            self.preview.show_message(f"The preview could not be made: {exc}")

    def _answered(self, generation: int) -> bool:
        """A preview came back: ask for the next if one waits; True if it is still wanted."""
        self._running = False
        if self._wanted:
            self._wanted = False
            self._timer.start(0)
        return generation == self._generation


class GuidancePane(QWidget):
    """When the letter is sent, what the law requires it to say, and the fields it may use;
    activating a field (double-click, or Enter) asks for it to be inserted."""

    field_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields_label = QLabel()
        self.fields_label.setWordWrap(True)
        self.field_model = FieldTableModel(self)
        self.field_table = QTableView()
        self.field_table.setModel(self.field_model)
        self.field_table.setAccessibleName("Fields")
        self.field_table.verticalHeader().hide()
        self.field_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)  # meanings wrap onto a second line
        self.field_table.setWordWrap(True)
        self.field_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.field_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.field_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.field_table.activated.connect(self._activated)
        self.fields_label.setBuddy(self.field_table)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.text)
        column.addWidget(self.fields_label)
        column.addWidget(self.field_table, 1)
        self.set_insertable(True)

    def show_key(self, key: TemplateKey) -> None:
        """Show the guidance and fields of a letter or block."""
        self.text.setText(_guidance(key))
        rows = field_rows(key)
        self.field_model.set_records(rows)
        self.field_table.setColumnHidden(  # an empty column says nothing
            list(FieldColumn).index(FieldColumn.KEEP), not any(r.required for r in rows))

    def set_insertable(self, insertable: bool) -> None:
        """Whether activating a field inserts it (not for someone who cannot edit)."""
        self._insertable = insertable
        self.fields_label.setText(
            "Fields this wording may use (double-click one, or select it and press Enter, "
            "to insert it at the cursor):" if insertable else "Fields this wording may use:")

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if self._insertable and index.isValid():
            self.field_chosen.emit(self.field_model.record(index.row()).name)


def _guidance(key: TemplateKey) -> str:
    """The guidance for a letter or block (rich text)."""
    if isinstance(key, Block):
        letters = letters_with(key)
        return (f"<p><b>Added by law</b> after the wording of {len(letters)} letters, under the "
                f"heading “{BLOCK_TITLES[key]}”: {', '.join(letters)}.</p>"
                "<p>The wording must keep the fields marked <i>Must keep</i> below: they "
                "carry what the law requires the letter to say.</p>")
    info = CATALOGUE[key]
    added = ""
    if info.blocks:
        added = ("<p><b>Added after this wording, by law:</b> "
                 + ", ".join(BLOCK_TITLES[b] for b in info.blocks)
                 + " (each edited on its own, under “Added to letters by law”).</p>")
    return (f"<p><b>When it is sent:</b> {info.when}.</p>"
            f"<p><b>What the law requires it to say:</b> {info.must_contain}</p>"
            f"<p><b>Law:</b> {info.citation}</p>{added}")


def _preview_note(key: TemplateKey) -> str:
    """What the preview shows, said under it."""
    note = "A made-up letter to a made-up family, with this wording and the council's details."
    if isinstance(key, Block):
        note += (f" This wording is the section headed “{BLOCK_TITLES[key]}”, after the "
                 "letter's own wording: scroll down to it.")
    return note
