"""The child's record as a form: every editable field, inline errors, changed-fields tracking."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caseworker_app import schoolyear
from caseworker_app.case_validation import YEAR_GROUP_RANGE
from caseworker_app.codes import Need, Sex
from caseworker_app.entities import ChildRecord, SettingRecord
from caseworker_app.ui.widgets.date_field import DateField
from caseworker_app.ui.widgets.form import (
    ERROR_STYLE,
    add_field,
    form_group,
    problems_summary,
    set_error,
)
from caseworker_app.ui.widgets.setting_combo import SettingCombo
from caseworker_app.ui.widgets.year_group_spin import YearGroupSpin

OK_STYLE = "color: #1b5e20;"
STATUS_STYLES = {"error": f"{ERROR_STYLE} font-weight: bold;", "saved": OK_STYLE}
BANNER_STYLE = "QFrame#staleBanner { background: #fff4ce; border: 1px solid #c8a600; }"
TWO_COLUMN_WIDTH = 900


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


@dataclass
class _Field:
    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    error: QLabel


class ChildForm(QWidget):
    """Edits one child; reports only the fields that differ from what was loaded."""

    dirty_changed = Signal(bool)  # the form started or stopped differing from the record
    save_requested = Signal()  # the officer pressed Save
    reload_requested = Signal()  # the officer chose to reload a record changed elsewhere

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._record: ChildRecord | None = None
        self._fields: dict[str, _Field] = {}
        self._loading = False
        self._build()

    # ----- public ----------------------------------------------------------------------
    def load(self, child: ChildRecord, *, keep_edits: bool = False,
             saved: Mapping[str, Any] | None = None) -> None:
        """Show `child`; with `keep_edits`, values the officer has typed stay on top,
        except those just `saved` (the record now holds them, as the service cleaned them)."""
        edits = self.changes() if keep_edits else {}
        for name, value in (saved or {}).items():
            if name in edits and _norm(edits[name]) == _norm(value):
                del edits[name]
        self._loading = True
        try:
            self._record = child
            self._setting.ensure_item(child.setting_id, child.setting_name)
            for name, field in self._fields.items():
                field.set(edits.get(name, getattr(child, name)))
        finally:
            self._loading = False
        self._update_year_hint()
        if not keep_edits:
            self.clear_errors()
            self._banner.hide()
        self._refresh_state()

    def set_settings(self, settings: list[SettingRecord]) -> None:
        """Fill the setting list (loaded off the UI thread), keeping the current choice."""
        chosen = self._setting.value()
        self._loading = True
        try:
            self._setting.set_settings(settings)
            if self._record is not None:
                self._setting.ensure_item(chosen, self._record.setting_name)
            self._setting.set_value(chosen)
        finally:
            self._loading = False

    def changes(self) -> dict[str, Any]:
        """The fields whose values differ from the loaded record, with their new values."""
        if self._record is None:
            return {}
        return {name: field.get() for name, field in self._fields.items()
                if _norm(field.get()) != _norm(getattr(self._record, name))}

    def revert(self) -> None:
        """Put every field back to the loaded record."""
        if self._record is not None:
            self.load(self._record)

    def field(self, name: str) -> QWidget:
        """The input widget for a field (for focus, and for tests)."""
        return self._fields[name].widget

    def error_text(self, name: str) -> str:
        """The message shown under a field, or ''."""
        return self._fields[name].error.text()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; anything else goes in the status line."""
        self.clear_errors()
        others = [msg for name, msg in errors.items() if name not in self._fields]
        for name, message in errors.items():
            if name in self._fields:
                set_error(self._fields[name].error, self._fields[name].widget, message)
        self._set_status(" ".join([problems_summary(len(errors)), *others]), "error")
        first = next((self._fields[n].widget for n in self._fields if n in errors), None)
        if first is not None:
            self._scroll.ensureWidgetVisible(first)
            first.setFocus()

    def clear_errors(self) -> None:
        """Hide every message."""
        for field in self._fields.values():
            set_error(field.error, field.widget, "")
        self._set_status("", "")

    def show_stale(self, message: str) -> None:
        """Say the record changed elsewhere and offer to reload it."""
        self._banner_text.setText(message)
        self._banner.show()
        self._set_status("Not saved: the record was changed elsewhere.", "error")

    def show_saved(self) -> None:
        """Clear old messages and confirm the save in the status line."""
        self.clear_errors()
        self._banner.hide()
        self._set_status("Changes saved.", "saved")

    def set_busy(self, busy: bool) -> None:
        """Block Save and Revert while a save is under way."""
        self._busy = busy
        if busy:
            self._set_status("Saving…", "busy")
        elif self._status_kind == "busy":
            self._set_status("", "")
        self._refresh_state()

    @property
    def save_button(self) -> QPushButton:
        """The Save button."""
        return self._save

    @property
    def revert_button(self) -> QPushButton:
        """The Revert button."""
        return self._revert

    # ----- building --------------------------------------------------------------------
    def _build(self) -> None:
        self._busy = False
        self._dirty = False
        self._status_kind = ""
        banner = self._build_banner()
        content = QWidget()
        self._grid = QGridLayout(content)
        self._groups = (self._identity_group(), self._address_group(),
                        self._education_group(), self._care_group())
        self._columns = 0
        self._arrange(2)
        self._scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self._scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(banner)
        layout.addWidget(self._scroll, 1)
        layout.addLayout(self._build_bar())
        self._refresh_state()

    def _build_banner(self) -> QFrame:
        self._banner = QFrame(objectName="staleBanner")
        self._banner.setStyleSheet(BANNER_STYLE)
        self._banner_text = QLabel(wordWrap=True)
        reload_button = QPushButton("Reload, discarding my changes")
        reload_button.clicked.connect(self.reload_requested)
        banner = QHBoxLayout(self._banner)
        banner.addWidget(self._banner_text, 1)
        banner.addWidget(reload_button)
        self._banner.hide()
        return self._banner

    def _build_bar(self) -> QHBoxLayout:
        self._status = QLabel(wordWrap=True)
        self._revert = QPushButton("Revert")
        self._revert.setToolTip("Put back the values last saved")
        self._revert.clicked.connect(self.revert)
        self._save = QPushButton("Save")
        self._save.setToolTip("Save the changes (Ctrl+S)")
        self._save.setDefault(True)
        self._save.clicked.connect(self.save_requested)
        bar = QHBoxLayout()
        bar.setContentsMargins(9, 6, 9, 9)
        bar.addWidget(self._status, 1)
        bar.addWidget(self._revert)
        bar.addWidget(self._save)
        return bar

    def _identity_group(self) -> QGroupBox:
        box, form = form_group("Name and identity")
        self._line(form, "legal_forename", "Legal first name", 100)
        self._line(form, "legal_surname", "Legal surname", 100)
        self._line(form, "preferred_name", "Preferred name", 100, "If different")
        # Old enough to reach the service's "too old for a plan" message, never clamped above.
        dob = DateField(minimum=date(self._today().year - 40, 1, 1))
        dob.dateChanged.connect(self._on_edited)
        dob.dateChanged.connect(self._update_year_hint)
        self._add(form, "date_of_birth", "Date of birth", dob, dob.value, dob.set_value)
        self._combo(form, "sex", "Sex", [(s.label, s) for s in Sex], Sex)
        self._line(form, "upn", "UPN", 13, "13 characters, e.g. A123456789012")
        self._line(form, "uln", "ULN", 10, "10 digits")
        self._line(form, "nhs_number", "NHS number", 12, "10 digits")
        return box

    def _address_group(self) -> QGroupBox:
        box, form = form_group("Home address")
        self._line(form, "address_line1", "Address line 1", 200)
        self._line(form, "address_line2", "Address line 2", 200)
        self._line(form, "town", "Town", 100)
        self._line(form, "postcode", "Postcode", 10, "e.g. EX2 4QD")
        return box

    def _education_group(self) -> QGroupBox:
        box, form = form_group("Needs and education")
        needs = [(n.label, n) for n in Need]
        self._combo(form, "primary_need", "Primary need", needs, Need)
        self._combo(form, "secondary_need", "Secondary need", [("None", None), *needs], Need)
        self._setting = SettingCombo()
        self._setting.currentIndexChanged.connect(self._on_edited)
        self._add(form, "setting_id", "Setting", self._setting, self._setting.value,
                  self._setting.set_value)

        check = QCheckBox("Taught out of year group")
        spin = YearGroupSpin()
        self._year_hint = QLabel(wordWrap=True)
        self._year_hint.setStyleSheet("color: #505050;")
        check.toggled.connect(spin.setEnabled)
        check.toggled.connect(self._on_edited)
        spin.valueChanged.connect(self._on_edited)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(check)
        row.addWidget(spin)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self._year_hint)
        self._override_check, self._override_spin = check, spin
        self._add(form, "year_group_override", "Year group", holder, self._get_override,
                  self._set_override, focus=check)
        return box

    def _care_group(self) -> QGroupBox:
        box, form = form_group("Care and language")
        self._check(form, "looked_after", "Looked after by a local authority")
        self._check(form, "complaint_or_tribunal", "Complaint or tribunal appeal open")
        self._line(form, "home_language", "Home language", 60)
        self._check(form, "interpreter_needed", "Needs an interpreter")
        return box

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget,
             get: Callable[[], Any], set_: Callable[[Any], None], *,
             focus: QWidget | None = None) -> None:
        error = add_field(form, name, label, widget, focus=focus)
        self._fields[name] = _Field(focus or widget, get, set_, error)

    def _line(self, form: QFormLayout, name: str, label: str, length: int,
              placeholder: str = "") -> None:
        edit = QLineEdit(maxLength=length, placeholderText=placeholder)
        edit.textEdited.connect(self._on_edited)
        self._add(form, name, label, edit, edit.text, lambda v: edit.setText(v or ""))

    def _combo(self, form: QFormLayout, name: str, label: str,
               items: list[tuple[str, Any]], kind: type) -> None:
        combo = QComboBox(minimumContentsLength=16)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._on_edited)

        def get() -> Any:
            value = combo.currentData()
            return None if value is None else kind(value)

        self._add(form, name, label, combo, get,
                  lambda v: combo.setCurrentIndex(max(0, combo.findData(v))))

    def _check(self, form: QFormLayout, name: str, text: str) -> None:
        check = QCheckBox(text)
        check.toggled.connect(self._on_edited)
        self._add(form, name, "", check, check.isChecked, lambda v: check.setChecked(bool(v)))
        check.setAccessibleName(text)

    # ----- behaviour -------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Two columns of groups when there is room, one beside a caseload list."""
        super().resizeEvent(event)
        self._arrange(2 if event.size().width() >= TWO_COLUMN_WIDTH else 1)

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for index, group in enumerate(self._groups):
            self._grid.addWidget(group, index // columns, index % columns)
        for column in range(2):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(5):
            self._grid.setRowStretch(row, 1 if row == len(self._groups) // columns else 0)

    def _get_override(self) -> int | None:
        return self._override_spin.value() if self._override_check.isChecked() else None

    def _set_override(self, value: int | None) -> None:
        self._override_check.setChecked(value is not None)
        self._override_spin.setEnabled(value is not None)
        self._override_spin.setValue(value if value is not None else self._chronological())

    def _chronological(self) -> int:
        born = self._fields["date_of_birth"].get() if "date_of_birth" in self._fields else None
        if born is None:
            return 0
        group = schoolyear.year_group(born, self._today())
        return min(max(group, YEAR_GROUP_RANGE.start), YEAR_GROUP_RANGE.stop - 1)

    @Slot()
    def _update_year_hint(self) -> None:
        if "date_of_birth" in self._fields:
            label = schoolyear.year_group_label(self._chronological())
            self._year_hint.setText(f"(by age: {label})")

    @Slot()
    def _on_edited(self) -> None:
        if not self._loading:
            self._refresh_state()

    def _refresh_state(self) -> None:
        dirty = bool(self.changes())
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self._save.setEnabled(dirty and not self._busy)
        self._revert.setEnabled(dirty and not self._busy)
        if self._status_kind in ("", "dirty", "saved") and not self._busy:
            if dirty:
                self._set_status("You have unsaved changes.", "dirty")
            elif self._status_kind == "dirty":
                self._set_status("", "")

    def _set_status(self, text: str, kind: str) -> None:
        self._status_kind = kind
        self._status.setText(text)
        self._status.setStyleSheet(STATUS_STYLES.get(kind, ""))
