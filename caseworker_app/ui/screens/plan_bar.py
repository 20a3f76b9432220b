"""Everything around the plan editor: the version bar, a note on what the version is, the
editor or the redline, and the status line with undo and redo.

It shows state and reports presses; the plan tab decides what they do.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import PlanVersionKind
from caseworker_app.entities_plan import PlanDocument, PlanVersionSummary
from caseworker_app.ui.models.case_detail_models import format_date
from caseworker_app.ui.widgets.form import ERROR_STYLE

K = PlanVersionKind
STATUS_STYLES = {"error": f"{ERROR_STYLE} font-weight: bold;",
                 "stale": f"{ERROR_STYLE} font-weight: bold;", "saved": "color: #1b6e3a;",
                 "saving": "color: #5f6368;"}
NOTE_STYLE = ("QLabel#planNote { background: %s; border-left: 4px solid %s; "
              "padding: 4px 8px; }")
REDLINE_TEXT = "Changes since the final plan"
EMPTY_TEXT = ("No EHC plan is recorded for this child yet. Start a draft plan to write "
              "sections A to K; it is saved as you type.")


def version_label(version: PlanVersionSummary) -> str:
    """How a version is named in the list: "Version 2: Final plan, issued 01/12/2025"."""
    text = f"Version {version.number}: {version.kind.label}"
    if version.issued_on:
        text += f", issued {format_date(version.issued_on)}"
    return text


class PlanBar(QWidget):
    """The chrome of the Plan tab, around the editor it is given."""

    version_chosen = Signal(uuid.UUID)
    start_requested = Signal()
    propose_requested = Signal()
    issue_requested = Signal()
    discard_requested = Signal()
    redline_toggled = Signal(bool)
    undo_requested = Signal()
    redo_requested = Signal()
    reload_requested = Signal()

    def __init__(self, editor: QWidget, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor, self._undo_stack = editor, undo_stack
        self._versions: tuple[PlanVersionSummary, ...] = ()
        self._build()

    # ----- public ----------------------------------------------------------------------
    @property
    def combo(self) -> QComboBox:
        """The list of versions."""
        return self._combo

    @property
    def redline_view(self) -> QTextBrowser:
        """The redline."""
        return self._redline

    @property
    def status_label(self) -> QLabel:
        """Saving…, Saved 10:31, or why not."""
        return self._status

    @property
    def note_label(self) -> QLabel:
        """What the version shown is, and why it cannot change when so."""
        return self._note

    def button(self, name: str) -> QPushButton:
        """One of start, propose, issue, discard, undo, redo, redline, start_empty."""
        return self._buttons[name]

    def build(self, tab: QWidget) -> None:
        """Fill the tab with this bar."""
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self)

    def show_loading(self) -> None:
        """A case was chosen; its plan is on its way."""
        self._message.setText("Loading the plan…")
        self._buttons["start_empty"].hide()
        self._top.hide()
        self._stack.setCurrentIndex(0)

    def set_versions(self, versions: Sequence[PlanVersionSummary],
                     selected: uuid.UUID | None) -> None:
        """List the versions, the chosen one selected."""
        self._versions = tuple(versions)
        self._combo.blockSignals(True)
        self._combo.clear()
        for version in self._versions:  # the newest first, as the service lists them
            self._combo.addItem(version_label(version), version.id)
        index = self._combo.findData(selected)
        self._combo.setCurrentIndex(max(index, 0))
        self._combo.blockSignals(False)

    def show_empty(self) -> None:
        """The child has no plan: say so, and offer to start one."""
        self._message.setText(EMPTY_TEXT)
        self._buttons["start_empty"].show()
        self._top.hide()
        self._status.clear()
        self._stack.setCurrentIndex(0)

    def show_version(self, doc: PlanDocument, summary: PlanVersionSummary | None,
                     versions: Sequence[PlanVersionSummary]) -> None:
        """The chosen version is in the editor: set the buttons and the note to match."""
        has_editable = any(v.editable for v in versions)
        has_final = any(v.kind == K.FINAL for v in versions)
        shown = {
            "start": not has_editable and not has_final,
            "propose": not has_editable and has_final,
            "issue": doc.editable,
            "discard": doc.editable,
            "redline": doc.kind == K.PROPOSED_AMENDMENTS,
            "undo": doc.editable,
            "redo": doc.editable,
        }
        for name, visible in shown.items():
            self._buttons[name].setVisible(visible)
        self._buttons["discard"].setText("Discard draft…" if doc.kind == K.DRAFT
                                         else "Discard amendments…")
        if not shown["redline"]:
            self._buttons["redline"].setChecked(False)
        self._set_note(doc, versions)
        self._top.show()
        self._stack.setCurrentIndex(2 if self.redline_shown() else 1)

    def redline_shown(self) -> bool:
        """Whether the redline is asked for (and offered for the version shown)."""
        toggle = self._buttons["redline"]
        return toggle.isChecked() and not toggle.isHidden()

    @Slot(str)
    def show_redline(self, html: str) -> None:
        """Show the redline as rendered, keeping the place it was scrolled to."""
        bar = self._redline.verticalScrollBar()
        where = bar.value()
        self._redline.setHtml(html)
        bar.setValue(where)

    @Slot(str, str)
    def show_status(self, text: str, kind: str) -> None:
        """Saving…, Saved 10:31, or why something was not saved."""
        self._status.setText(text)
        self._status.setStyleSheet(STATUS_STYLES.get(kind, ""))
        self._buttons["reload"].setVisible(kind == "stale")
        self._status.setToolTip(text)

    # ----- internals ---------------------------------------------------------------------
    def _set_note(self, doc: PlanDocument, versions: Sequence[PlanVersionSummary]) -> None:
        latest_final = max((v.number for v in versions if v.kind == K.FINAL), default=None)
        if doc.kind == K.FINAL:
            text = (f"Final plan issued {format_date(doc.issued_on)}: read only. A final plan "
                    "is never changed; to change it, propose amendments.")
            if doc.number != latest_final:
                text = (f"An earlier final plan, issued {format_date(doc.issued_on)}, kept as "
                        "it was issued: read only.")
            editable = next((v for v in versions if v.editable), None)
            if editable is not None:
                text += f" Version {editable.number} ({editable.kind.label.lower()}) is " \
                        "being written."
            colours = ("#eef1f5", "#5f6368")
        elif doc.kind == K.DRAFT:
            text = "Draft plan: saved as you type. Issue it as final when it is agreed."
            colours = ("#eef4fb", "#1d4f91")
        else:
            text = ("Proposed amendments to the final plan: saved as you type. “Changes since "
                    "the final plan” shows what goes in the amendment notice.")
            colours = ("#eef4fb", "#1d4f91")
        self._note.setText(text)
        self._note.setStyleSheet(NOTE_STYLE % colours)

    @Slot(int)
    def _combo_changed(self, index: int) -> None:
        version_id = self._combo.itemData(index)
        if isinstance(version_id, uuid.UUID):
            self.version_chosen.emit(version_id)

    @Slot(bool)
    def _toggle_redline(self, shown: bool) -> None:
        self._stack.setCurrentIndex(2 if shown else 1)
        self._buttons["redline"].setText("Back to the editor" if shown else REDLINE_TEXT)
        self.redline_toggled.emit(shown)

    def _build(self) -> None:
        self._combo = QComboBox()
        self._combo.setAccessibleName("Plan version")
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._combo.setMinimumContentsLength(18)
        self._combo.currentIndexChanged.connect(self._combo_changed)
        b = self._buttons = {
            "start": QPushButton("Start a draft plan"),
            "start_empty": QPushButton("Start a draft plan"),
            "propose": QPushButton("Propose amendments"),
            "issue": QPushButton("Issue as final…"),
            "discard": QPushButton("Discard draft…"),
            "undo": QPushButton("Undo"),
            "redo": QPushButton("Redo"),
            "redline": QPushButton(REDLINE_TEXT),
            "reload": QPushButton("Reload the plan"),
        }
        b["reload"].setToolTip("Read the plan again as it is saved, with the other change; "
                               "what could not be saved here is dropped")
        b["reload"].hide()
        b["propose"].setToolTip("Copy the latest final plan into a new version to amend")
        b["issue"].setToolTip("Issue this version as the final EHC plan")
        b["undo"].setToolTip("Undo (Ctrl+Z)")
        b["redo"].setToolTip("Redo (Ctrl+Shift+Z)")
        b["redline"].setCheckable(True)
        b["redline"].setToolTip("Words deleted struck through in red, words added underlined "
                                "in green")
        for name, signal in (("start", self.start_requested),
                             ("start_empty", self.start_requested),
                             ("propose", self.propose_requested),
                             ("issue", self.issue_requested),
                             ("discard", self.discard_requested),
                             ("undo", self.undo_requested), ("redo", self.redo_requested),
                             ("reload", self.reload_requested)):
            b[name].clicked.connect(signal)
        b["redline"].toggled.connect(self._toggle_redline)
        self._undo_stack.canUndoChanged.connect(b["undo"].setEnabled)
        self._undo_stack.canRedoChanged.connect(b["redo"].setEnabled)
        self._undo_stack.undoTextChanged.connect(
            lambda text: b["undo"].setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Undo"))
        self._undo_stack.redoTextChanged.connect(
            lambda text: b["redo"].setToolTip(f"Redo {text} (Ctrl+Shift+Z)" if text else "Redo"))
        b["undo"].setEnabled(False)
        b["redo"].setEnabled(False)

        versions = QHBoxLayout()
        versions.setContentsMargins(0, 0, 0, 0)
        versions.addWidget(self._combo, 1)
        for name in ("start", "propose", "issue", "discard"):
            versions.addWidget(b[name])
        self._note = QLabel(wordWrap=True, objectName="planNote")
        self._top = QWidget()
        top = QVBoxLayout(self._top)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addLayout(versions)
        top.addWidget(self._note)

        self._message = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        empty = QWidget()
        column = QVBoxLayout(empty)
        column.addStretch(1)
        column.addWidget(self._message)
        column.addWidget(b["start_empty"], 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        self._redline = QTextBrowser()
        self._redline.setAccessibleName("Changes since the final plan")
        self._stack = QStackedWidget()
        for page in (empty, self._editor, self._redline):
            self._stack.addWidget(page)

        self._status = QLabel(wordWrap=True)
        self._status.setAccessibleName("Save status")
        status = QHBoxLayout()
        status.setContentsMargins(0, 0, 0, 0)
        status.addWidget(self._status, 1)
        for name in ("reload", "redline", "undo", "redo"):
            status.addWidget(b[name])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self._top)
        layout.addWidget(self._stack, 1)
        layout.addLayout(status)
        self.show_loading()
