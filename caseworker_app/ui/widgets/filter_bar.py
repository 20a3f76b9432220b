"""FilterBar: search box and caseload filters, turned into a `CaseFilter`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.caseload import UNALLOCATED, CaseFilter
from caseworker_app.codes import Need, ReviewStage
from caseworker_app.entities import OfficerRecord

SEARCH_DEBOUNCE_MS = 150  # wait for a pause in typing before searching 100,000 cases


class FilterBar(QWidget):
    """Search-as-you-type and filters; emits `filter_changed` when the officer changes any."""

    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._me: uuid.UUID | None = None
        self.search = QLineEdit(placeholderText="Search name, case reference, UPN or setting")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.officer = QComboBox(accessibleName="Officer filter")
        self.need = QComboBox(accessibleName="Primary need filter")
        self.stage = QComboBox(accessibleName="Review stage filter")
        self._fill_codes()
        self.overdue = self._toggle("&Overdue", "Reviews past their due date with no decision")
        self.due_soon = self._toggle("&Due in 4 weeks", "Reviews due within the next 28 days")
        self.transfer = self._toggle("&Phase transfer", "Children moving phase next September "
                                     "(amend by 15 February, or 31 March for post-16)")
        self.year9 = self._toggle("&Year 9+", "Preparing for adulthood: Year 9 and above")
        self.closed = self._toggle("Show c&losed", "Include closed cases")
        self.clear = QPushButton("Clear filters")
        self.clear.clicked.connect(self.reset)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.filter_changed)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.officer, self.need, self.stage):
            combo.currentIndexChanged.connect(self.filter_changed)
        self._layout()

    def _toggle(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, checkable=True, toolTip=tip)
        button.setProperty("role", "filter")
        button.toggled.connect(self.filter_changed)
        return button

    def _fill_codes(self) -> None:
        self.need.addItem("All needs", None)
        for need in Need:
            self.need.addItem(f"{need.value} – {need.label}", need)
        self.stage.addItem("All stages", None)
        for stage in ReviewStage:
            self.stage.addItem(stage.label, stage)
        self.officer.addItem("All officers", None)

    def _layout(self) -> None:
        top = QHBoxLayout()
        self.search.setMinimumWidth(180)
        for combo in (self.officer, self.need, self.stage):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        top.addWidget(self.search, 3)
        for label, combo in (("Officer", self.officer), ("Need", self.need),
                             ("Stage", self.stage)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            top.addWidget(caption)
            top.addWidget(combo, 1)
        bottom = QHBoxLayout()
        for button in (self.overdue, self.due_soon, self.transfer, self.year9, self.closed):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.clear)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top)
        outer.addLayout(bottom)

    def set_officers(self, officers: Sequence[OfficerRecord], me: uuid.UUID | None) -> None:
        """Offer "My cases", "Unallocated" and each officer in the officer filter."""
        self._me = me
        chosen = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem("All officers", None)
        if me is not None:
            self.officer.addItem("My cases", me)
        self.officer.addItem("Unallocated", UNALLOCATED)
        for officer in officers:
            self.officer.addItem(officer.display_name, officer.id)
        index = self.officer.findData(chosen) if chosen is not None else 0
        self.officer.setCurrentIndex(max(index, 0))
        self.officer.blockSignals(False)

    def current_filter(self) -> CaseFilter:
        """The filter the widgets describe now."""
        return CaseFilter(
            text=self.search.text(), officer_id=self.officer.currentData(),
            overdue=self.overdue.isChecked(), due_soon=self.due_soon.isChecked(),
            phase_transfer=self.transfer.isChecked(), year9_plus=self.year9.isChecked(),
            need=self.need.currentData(), stage=self.stage.currentData(),
            include_closed=self.closed.isChecked(),
        )

    def reset(self) -> None:
        """Clear the search and every filter, then search once."""
        widgets = (self.search, self.officer, self.need, self.stage, self.overdue,
                   self.due_soon, self.transfer, self.year9, self.closed)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.officer, self.need, self.stage):
            combo.setCurrentIndex(0)
        for button in (self.overdue, self.due_soon, self.transfer, self.year9, self.closed):
            button.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.filter_changed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.search.hasFocus() and self.search.text():
            self.search.clear()
            return
        super().keyPressEvent(event)
