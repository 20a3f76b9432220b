"""The plan editor: sections A to K on the left, each with a count of points to check, the
chosen section's page on the right, and the golden-thread gaps beneath.

The editor shows and reports; it decides nothing. Typing, ticks and the add, remove and
move buttons come out as signals, and the plan tab saves them, checks them and keeps the
undo stack. What the checks find comes back in through `set_findings` and
`set_live_findings`, and is shown under the field it is about.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import PlanSection
from caseworker_app.plan_checks import CheckKind
from caseworker_app.ui.models.plan_models import (
    COUNT_ROLE,
    GoldenThreadModel,
    SectionListModel,
    ThreadGap,
)
from caseworker_app.ui.models.plan_working import Key, WorkingPlan
from caseworker_app.ui.widgets.date_field import DateField
from caseworker_app.ui.widgets.plan_fields import (
    PlanTextEdit,
    UndoKeysToEditor,
    finding_is_advisory,
)
from caseworker_app.ui.widgets.plan_pages import Binding, SectionPage

BADGE = QColor("#b3261e")
NAV_WIDTH_CHARS = 19
COMPACT_BELOW = 760  # editor width under which the section list shows letters only
THREAD_ROWS = 3
TEXT_KINDS = frozenset({CheckKind.VAGUE_WORDING, CheckKind.ADVISORY_WORDING})  # check_text's


class _BadgeDelegate(QStyledItemDelegate):
    """Draws a section's count of points to check as a small red pill at the right."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        count = index.data(COUNT_ROLE) or 0
        if not count:
            super().paint(painter, option, index)
            return
        text = str(count)
        width = option.fontMetrics.horizontalAdvance(text) + 10
        height = option.fontMetrics.height()
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = option.rect.adjusted(0, 0, -(width + 4), 0)
        super().paint(painter, narrowed, index)
        pill = QRect(option.rect.right() - width - 2,
                     option.rect.center().y() - height // 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor("white"))
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class PlanEditor(QWidget):
    """Shows one plan version section by section and reports what the person does."""

    field_edited = Signal(object, str, bool)  # key, field, at once (a tick) or after a pause
    add_requested = Signal(PlanSection)
    remove_requested = Signal(uuid.UUID)
    move_requested = Signal(uuid.UUID, int)  # key, -1 up or +1 down
    section_shown = Signal(PlanSection)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.working: WorkingPlan | None = None  # type: ignore[assignment]
        self._editable = False
        self._page: SectionPage | None = None
        self._bindings: dict[tuple[Key, str], Binding] = {}
        self._putting = False
        self.guidance_open = False
        self._plan_findings: dict[tuple[Key | None, str | None], list[Any]] = {}
        self._live: dict[tuple[Key, str], list[Any]] = {}
        self._keys_filter = UndoKeysToEditor(self)
        self.sections_model = SectionListModel(self)
        self.thread_model = GoldenThreadModel(self)
        self._build()

    # ----- public ----------------------------------------------------------------------
    @property
    def page(self) -> SectionPage | None:
        """The section page on screen."""
        return self._page

    @property
    def navigator(self) -> QListView:
        """The list of sections."""
        return self._nav

    @property
    def thread_view(self) -> QListView:
        """The golden-thread gaps."""
        return self._thread

    def current_section(self) -> PlanSection:
        """The section shown."""
        return self._page.section if self._page else PlanSection.A

    def set_plan(self, working: WorkingPlan, editable: bool) -> None:
        """Show a version (a new one, or the same one reloaded), staying on the section."""
        self.working, self._editable = working, editable
        self._plan_findings, self._live = {}, {}
        self.show_section(self.current_section())

    def binding(self, key: Key, field: str) -> Binding | None:
        """The field on screen for (key, field), if its section is shown."""
        return self._bindings.get((key, field))

    def value(self, key: Key, field: str) -> Any:
        """What the field shows now."""
        return self._bindings[(key, field)].get()

    def put(self, key: Key, field: str, value: Any) -> None:
        """Show a value set in code (undo, a reload) without counting it as typing."""
        bound = self._bindings.get((key, field))
        if bound is not None:
            self._putting = True
            try:
                bound.put(value)
            finally:
                self._putting = False

    @Slot(PlanSection)
    def show_section(self, section: PlanSection) -> None:
        """Build and show the page of `section`."""
        if self.working is None:
            return
        old_scroll = self._scroll.verticalScrollBar().value() if self._page and \
            self._page.section == section else 0
        self._bindings = {}
        old = self._scroll.takeWidget()
        if old is not None:  # maybe inside a click on one of its own buttons: delete later
            old.hide()
            old.setParent(self)  # Qt owns it again, so Python never deletes it too
            old.deleteLater()
        self._page = SectionPage(section, self, self._editable)
        self._scroll.setWidget(self._page)
        self._apply_findings()
        row = self.sections_model.row_of(section)
        self._nav.setCurrentIndex(self.sections_model.index(row, 0))
        QTimer.singleShot(0, self, lambda: self._scroll.verticalScrollBar().setValue(old_scroll))
        self.section_shown.emit(section)

    def rebuild(self) -> None:
        """Rebuild the page shown (items were added, removed or moved)."""
        self.show_section(self.current_section())

    def reveal(self, section: PlanSection, key: Key | None, field: str | None = None) -> None:
        """Go to a section, scroll to an item or field and put the cursor there."""
        if self._page is None or self._page.section != section:
            self.show_section(section)
        if key is None:
            return
        if field is None:
            field = next((f for (k, f) in self._bindings if k == key), None)
        bound = self._bindings.get((key, field)) if field else None
        if bound is not None:
            bound.widget.setFocus()
        # After the new page is laid out, so the scroll lands on the item's final place.
        QTimer.singleShot(0, self, lambda: self._scroll_to(section, key, field))

    def set_findings(self, findings: Sequence[Any], counts: dict[PlanSection, int],
                     gaps: Sequence[ThreadGap]) -> None:
        """Show the whole-plan checks: under each field, as counts, as golden-thread gaps."""
        grouped: dict[tuple[Key | None, str | None], list[Any]] = {}
        for finding in findings:
            key = finding.item_id if finding.item_id is not None else finding.section
            grouped.setdefault((key, finding.field), []).append(finding)
        self._plan_findings = grouped
        self.sections_model.set_counts(counts)
        self.thread_model.set_gaps(gaps)
        self._thread_title.setText(
            f"<b>Golden thread:</b> {len(gaps)} gap{'s' if len(gaps) != 1 else ''}" if gaps
            else "<b>Golden thread:</b> every need has provision and an outcome, and every "
                 "provision and outcome a need.")
        self._show_thread.setVisible(bool(gaps))
        self._thread.setVisible(bool(gaps) and self._show_thread.isChecked())
        self._apply_findings()

    def set_live_findings(self, key: Key, field: str, findings: Sequence[Any]) -> None:
        """Show what `check_text` found in one field just typed in."""
        self._live[(key, field)] = list(findings)
        self._show_field_findings(key, field)

    def set_save_error(self, key: Key, errors: dict[str, str]) -> None:
        """Show why a save was refused under the fields named (the rest on the item)."""
        for (k, field), bound in self._bindings.items():
            if k == key and bound.findings is not None:
                bound.findings.set_error(errors.get(field, ""))
        rest = " ".join(m for f, m in errors.items() if (key, f) not in self._bindings)
        holder = self._page.cards.get(key) if self._page and isinstance(key, uuid.UUID) else None
        label = holder.problems if holder else (self._page.problems if self._page else None)
        if label is not None:
            label.set_error(rest)

    # ----- host of the pages -------------------------------------------------------------
    def bind(self, binding: Binding) -> None:
        """Called by a page for each field it builds."""
        self._bindings[(binding.key, binding.field)] = binding
        key, field, widget = binding.key, binding.field, binding.widget
        widget.installEventFilter(self._keys_filter)
        if isinstance(widget, PlanTextEdit):
            widget.edited.connect(lambda: self._edited(key, field, False))
        elif isinstance(widget, QCheckBox):
            widget.clicked.connect(lambda: self._edited(key, field, True))
        elif isinstance(widget, DateField):
            widget.dateChanged.connect(lambda: self._edited(key, field, True))
        elif isinstance(widget, QListView):
            widget.model().links_changed.connect(lambda: self._edited(key, field, True))

    def add_item(self, section: PlanSection) -> None:
        """A page's add button was pressed."""
        self.add_requested.emit(section)

    def remove_item(self, key: uuid.UUID) -> None:
        """A card's remove button was pressed."""
        self.remove_requested.emit(key)

    def move_item(self, key: uuid.UUID, step: int) -> None:
        """A card's up or down button was pressed."""
        self.move_requested.emit(key, step)

    # ----- internals ---------------------------------------------------------------------
    def _edited(self, key: Key, field: str, at_once: bool) -> None:
        if not self._putting:
            self.field_edited.emit(key, field, at_once)

    def _apply_findings(self) -> None:
        if self._page is None:
            return
        for key, field in self._bindings:
            self._show_field_findings(key, field)
        # What no field shows (a need with no provision, a blank section) goes on the card
        # of its item, or at the top of the section.
        shown = {k for k, b in self._bindings.items() if b.findings is not None}
        elsewhere: dict[Key | None, list[Any]] = {}
        for (key, field), found in self._plan_findings.items():
            if (key, field) not in shown:
                elsewhere.setdefault(key, []).extend(found)
        self._page.problems.set_findings(elsewhere.get(self._page.section, []))
        for key, card in self._page.cards.items():
            card.problems.set_findings(elsewhere.get(key, []))

    def _show_field_findings(self, key: Key, field: str) -> None:
        bound = self._bindings.get((key, field))
        if bound is None or bound.findings is None:
            return
        planned = self._plan_findings.get((key, field), [])
        live = self._live.get((key, field))
        if live is None:
            shown = list(planned)
        else:  # the plan check's copy of a text finding may be older than the live one
            shown = live + [f for f in planned if f.check not in TEXT_KINDS]
        bound.findings.set_findings(shown)
        if isinstance(bound.widget, PlanTextEdit):
            bound.widget.set_spans(_spans(shown))

    def _scroll_to(self, section: PlanSection, key: Key, field: str | None) -> None:
        """Bring an item (or one of its fields) into view, if it is still on screen."""
        if self._page is None or self._page.section != section:
            return
        bound = self._bindings.get((key, field)) if field else None
        card = self._page.cards.get(key) if isinstance(key, uuid.UUID) else None
        if card is not None:
            self._scroll.ensureWidgetVisible(card, 0, 20)
        if bound is not None:
            self._scroll.ensureWidgetVisible(bound.widget, 0, 40)

    @Slot(QModelIndex)
    def _nav_clicked(self, index: QModelIndex) -> None:
        section = self.sections_model.section(index.row())
        if self._page is None or section != self._page.section:
            self.show_section(section)

    @Slot(QModelIndex)
    def _gap_activated(self, index: QModelIndex) -> None:
        gap = self.thread_model.gap(index.row())
        self.reveal(gap.section, gap.key)

    @Slot(bool)
    def _toggle_thread(self, shown: bool) -> None:
        self._thread.setVisible(shown and self.thread_model.rowCount() > 0)
        self._show_thread.setText("Hide" if shown else "Show")

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow pane the section list shows only the letters, leaving room to write."""
        super().resizeEvent(event)
        compact = event.size().width() < COMPACT_BELOW
        self.sections_model.set_compact(compact)
        chars = 2 if compact else NAV_WIDTH_CHARS
        badge = self.fontMetrics().horizontalAdvance("88") + 14
        self._nav.setFixedWidth(self.fontMetrics().averageCharWidth() * chars + badge + 16)

    def _build(self) -> None:
        self._nav = QListView()
        self._nav.setModel(self.sections_model)
        self._nav.setItemDelegate(_BadgeDelegate(self._nav))
        self._nav.setAccessibleName("Plan sections")
        self._nav.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._nav.setSpacing(1)
        self._nav.clicked.connect(self._nav_clicked)
        self._nav.activated.connect(self._nav_clicked)
        self._nav.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._nav_clicked(current) if current.isValid() else None)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self._nav)
        top.addWidget(self._scroll, 1)
        self._thread = QListView()
        self._thread.setModel(self.thread_model)
        self._thread.setAccessibleName("Golden thread gaps")
        self._thread.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._thread.setUniformItemSizes(True)
        self._thread.setFixedHeight((self.fontMetrics().height() + 4) * THREAD_ROWS + 6)
        self._thread.activated.connect(self._gap_activated)
        self._thread.clicked.connect(self._gap_activated)
        self._thread_title = QLabel(wordWrap=True)
        self._thread_title.setToolTip("Each need should have provision that meets it and an "
                                      "outcome it works towards; each provision and outcome a "
                                      "need. Click a gap to go to it.")
        self._show_thread = QToolButton(text="Hide", autoRaise=True)
        self._show_thread.setCheckable(True)
        self._show_thread.setChecked(True)
        self._show_thread.setAccessibleName("Show the golden thread gaps")
        self._show_thread.toggled.connect(self._toggle_thread)
        self._thread_box = QFrame(objectName="goldenThread")
        self._thread_box.setStyleSheet("QFrame#goldenThread { border-top: 1px solid #cfd5dc; }")
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self._thread_title, 1)
        heading.addWidget(self._show_thread)
        thread = QVBoxLayout(self._thread_box)
        thread.setContentsMargins(0, 2, 0, 0)
        thread.setSpacing(2)
        thread.addLayout(heading)
        thread.addWidget(self._thread)
        self._thread.hide()
        self._thread_title.setText("Golden thread")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top, 1)
        layout.addWidget(self._thread_box)


def _spans(findings: Sequence[Any]) -> list[tuple[int, int, bool]]:
    spans = []
    for finding in findings:
        span = getattr(finding, "span", None)
        if span is not None:
            spans.append((span[0], span[1], finding_is_advisory(finding)))
    return spans
