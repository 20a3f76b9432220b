"""One page of the plan editor per section: its guidance, then its fields and items.

A page is built from the plan as it now reads (`WorkingPlan`) and rebuilt when items are
added, removed or moved. Each field is bound to one (key, field) of the plan through a
`Binding`, which the editor uses to read what was typed, to put back an undone value, to
show the checks' findings beneath it and to jump to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import PlanSection, PlanVersionKind
from caseworker_app.entities_plan import MAY_BE_NONE, NEED_SECTIONS, PROVISION_SECTIONS
from caseworker_app.ui.models.plan_models import NeedLinkModel
from caseworker_app.ui.models.plan_working import Key, WorkingPlan
from caseworker_app.ui.plan_guidance import good_html, must_html
from caseworker_app.ui.widgets.date_field import DateField
from caseworker_app.ui.widgets.plan_fields import (
    FindingsLabel,
    ItemCard,
    NeedLinkList,
    PlanTextEdit,
    add_row,
)

S = PlanSection
DRAFT_SETTING = ("A draft must not name a setting (CFA 2014 s.38(2)(b)): the family may ask "
                 "for one first. The setting is named when you press “Issue as final…”.")
READ_ONLY_STYLE = "PlanTextEdit { background: #f1f3f5; }"
NONE_LABELS = {
    S.C: "No health needs identified", S.D: "No social care needs identified",
    S.G: "No health provision identified", S.H1: "No CSDPA 1970 s.2 social care provision",
    S.H2: "No other social care provision identified",
}
INTRO_LABELS = {
    S.B: "Strengths, current functioning and attainment", S.E: "Introduction (optional)",
    S.K: "Introduction (optional)",
}
ITEM_NAMES = {S.B: "Need", S.C: "Health need", S.D: "Social care need", S.E: "Outcome",
              S.K: "Advice"}
ADD_TEXT = {S.B: "Add a need", S.C: "Add a health need", S.D: "Add a social care need",
            S.E: "Add an outcome", S.K: "Add advice"}


@dataclass
class Binding:
    """One field on screen, tied to one field of a section or item."""

    key: Key
    field: str
    widget: QWidget
    findings: FindingsLabel | None
    get: Callable[[], Any]
    put: Callable[[Any], None]


class PageHost(Protocol):
    """What a page needs from the editor it sits in."""

    working: WorkingPlan
    guidance_open: bool  # "what good looks like" shown (kept from section to section)

    def bind(self, binding: Binding) -> None: ...

    def add_item(self, section: PlanSection) -> None: ...

    def remove_item(self, key: uuid.UUID) -> None: ...

    def move_item(self, key: uuid.UUID, step: int) -> None: ...


class SectionPage(QWidget):
    """The guidance, fields and items of one section."""

    def __init__(self, section: PlanSection, host: PageHost, editable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section, self._host, self._editable = section, host, editable
        self.cards: dict[uuid.UUID, ItemCard] = {}
        self.problems = FindingsLabel()  # findings about the section as a whole
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(4, 4, 8, 8)
        heading = QLabel(f"<b>{section.label}</b>", wordWrap=True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        heading.setFont(font)
        self._column.addWidget(heading)
        self._column.addWidget(self._guidance(section))
        self._column.addWidget(self.problems)
        self._build()
        self._column.addStretch(1)

    # ----- building --------------------------------------------------------------------
    def _guidance(self, section: PlanSection) -> QFrame:
        """What the section must contain; what good looks like one click away."""
        box = QFrame(objectName="planGuidance")
        box.setStyleSheet("QFrame#planGuidance { background: #eef4fb; border-left: 4px solid "
                          "#1d4f91; }")
        must = QLabel(must_html(section), wordWrap=True, textFormat=Qt.TextFormat.RichText)
        good = QLabel(good_html(section), wordWrap=True, textFormat=Qt.TextFormat.RichText)
        toggle = QToolButton(text="What good looks like", checkable=True, autoRaise=True)
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setAccessibleName("Show what good looks like in this section")

        def show(opened: bool) -> None:
            good.setVisible(opened)
            toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
            self._host.guidance_open = opened

        toggle.toggled.connect(show)
        toggle.setChecked(self._host.guidance_open)
        show(self._host.guidance_open)
        column = QVBoxLayout(box)
        column.setContentsMargins(8, 4, 8, 4)
        column.setSpacing(0)
        column.addWidget(must)
        column.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(good)
        self.guidance_toggle = toggle
        return box

    def _build(self) -> None:
        s = self.section
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        self._column.addLayout(form)
        if s == S.A:
            self._text(form, s, "body", "Views, interests and aspirations", 8)
            self._text(form, s, "detail", "How the views were gathered", 2)
        elif s == S.I:
            self._placement(form)
        elif s == S.J:
            self._text(form, s, "body", "Personal budget: the provision it pays for, and "
                       "the needs and outcomes it covers", 5)
        else:
            if s in MAY_BE_NONE:
                self._none_box(form, s)
            label = INTRO_LABELS.get(s, "Introduction (optional)")
            self._text(form, s, "body", label, 3 if s == S.B else 1)
            self._items()

    def _placement(self, form: QFormLayout) -> None:
        draft = self._host.working.doc.kind == PlanVersionKind.DRAFT
        if draft:
            note = QLabel(DRAFT_SETTING, wordWrap=True, objectName="draftSetting")
            note.setStyleSheet("QLabel#draftSetting { background: #fff4d6; border-left: 4px "
                               "solid #b26a00; padding: 4px 8px; }")
            self._column.insertWidget(self._column.count() - 1, note)
        name = self._text(form, S.I, "body", "Name of the school or other setting", 1)
        kind = self._text(form, S.I, "detail", "Type of setting", 1)
        for box in (name, kind):
            box.setEnabled(self._editable and not draft)

    def _none_box(self, form: QFormLayout, section: PlanSection) -> None:
        box = QCheckBox(NONE_LABELS[section])
        box.setToolTip("Say so explicitly when there is nothing to record: a blank section is "
                       "a common failure.")
        box.setChecked(bool(self._host.working.value(section, "none_identified")))
        box.setEnabled(self._editable)
        form.addRow(box)
        self._host.bind(Binding(section, "none_identified", box, None, box.isChecked,
                                box.setChecked))

    def _text(self, form: QFormLayout | ItemCard, key: Key, field: str, label: str,
              lines: int) -> PlanTextEdit:
        box = PlanTextEdit(lines)
        box.set_text(self._host.working.value(key, field) or "")
        box.setReadOnly(not self._editable)
        if not self._editable:
            box.setStyleSheet(READ_ONLY_STYLE)
        findings = FindingsLabel()
        if isinstance(form, ItemCard):
            form.add_row(label, box, findings)
        else:
            add_row(form, label, box, findings)
        self._host.bind(Binding(key, field, box, findings, box.text, box.set_text))
        return box

    def _items(self) -> None:
        s = self.section
        keys = self._host.working.keys_in(s)
        for number, key in enumerate(keys):
            card = self._card(key, number, len(keys))
            self.cards[key] = card
            self._column.addWidget(card)
        if not keys:
            empty = QLabel("Nothing listed yet.", wordWrap=True)
            empty.setProperty("role", "muted")
            self._column.addWidget(empty)
        if self._editable:
            add = QPushButton(ADD_TEXT.get(s, "Add provision"), objectName=f"add{s.value}")
            add.clicked.connect(lambda: self._host.add_item(s))
            self._column.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)

    def _card(self, key: uuid.UUID, number: int, count: int) -> ItemCard:
        s, working = self.section, self._host.working
        card = ItemCard(f"{ITEM_NAMES.get(s, 'Provision')} {working.label(key)}")
        for button, shown in ((card.up, number > 0), (card.down, number < count - 1),
                              (card.remove, True)):
            button.setVisible(self._editable and shown)
        card.up.clicked.connect(lambda: self._host.move_item(key, -1))
        card.down.clicked.connect(lambda: self._host.move_item(key, 1))
        card.remove.clicked.connect(lambda: self._host.remove_item(key))
        if s in NEED_SECTIONS:
            self._text(card, key, "text", "Need", 2)
        elif s == S.E:
            self._text(card, key, "text", "Outcome", 2)
            self._text(card, key, "by_when", "By when", 1)
            self._text(card, key, "measure", "How measured", 1)
            self._links(card, key, "Meets needs")
            pfa = QCheckBox("Prepares for adulthood")
            pfa.setToolTip("Employment, independent living, community and health (from Year 9)")
            pfa.setChecked(bool(working.value(key, "preparing_for_adulthood")))
            pfa.setEnabled(self._editable)
            card.form.addRow(pfa)
            self._host.bind(Binding(key, "preparing_for_adulthood", pfa, None, pfa.isChecked,
                                    pfa.setChecked))
        elif s in PROVISION_SECTIONS:
            self._links(card, key, "For needs")
            self._text(card, key, "what", "What", 2)
            self._text(card, key, "who", "Who", 1)
            self._text(card, key, "how_often", "How often", 1)
            self._text(card, key, "how_long", "For how long", 1)
            self._text(card, key, "group_size", "Group size/ratio", 1)
            self._text(card, key, "expertise", "Expertise", 1)
        else:
            self._text(card, key, "author", "From", 1)
            self._text(card, key, "role", "Role", 1)
            dated = DateField(optional=True)
            dated.set_value(working.value(key, "dated"))
            dated.setEnabled(self._editable)
            card.add_row("Dated", dated)
            self._host.bind(Binding(key, "dated", dated, None, dated.value, dated.set_value))
        return card

    def _links(self, card: ItemCard, key: uuid.UUID, label: str) -> None:
        working = self._host.working
        needs = [(working.label(k), n.text, n.id) for k, n in working.needs()]
        model = NeedLinkModel(needs, working.value(key, "need_ids"), card)
        model.set_editable(self._editable)
        view = NeedLinkList()
        view.setModel(model)
        if not needs:
            view.setToolTip("Add needs in sections B, C and D first.")
        findings = FindingsLabel()
        card.add_row(label, view, findings)
        self._host.bind(Binding(key, "need_ids", view, findings, model.linked, model.set_linked))
