"""Add or edit a contact: every contact field, staying open with inline messages until saved."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import LetterFormat, Relationship
from caseworker_app.entities import ContactRecord
from caseworker_app.ui.screens.child_form import add_field, error_label, set_error

TEXT_FIELDS = (
    ("title", "Title", 20, "Mr, Ms, Dr…"), ("forename", "First name", 100, ""),
    ("surname", "Surname", 100, ""), ("address_line1", "Address line 1", 200, ""),
    ("address_line2", "Address line 2", 200, ""), ("town", "Town", 100, ""),
    ("postcode", "Postcode", 10, "e.g. EX2 4QD"), ("phone", "Phone", 30, ""),
    ("email", "E-mail", 254, ""),
)


class ContactDialog(QDialog):
    """Collects a contact; the caller saves it on `submitted` and calls `accept()` or
    `show_errors()`, so a rejected contact keeps everything that was typed."""

    submitted = Signal()  # Save pressed: read `contact()` and save it

    def __init__(self, contact: ContactRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = contact
        self._busy = False
        self.setWindowTitle("Edit contact" if contact else "Add contact")
        self.setMinimumWidth(460)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._edits: dict[str, QLineEdit] = {}
        self._errors: dict[str, tuple[QLabel, QWidget]] = {}
        for name, label, length, hint in TEXT_FIELDS[:3]:
            self._text_row(form, name, label, length, hint)
        self._relationship = self._combo(form, "relationship", "Relationship",
                                         [(r.label, r.value) for r in Relationship])
        self._responsibility = self._check(form, "parental_responsibility",
                                           "Has parental responsibility")
        for name, label, length, hint in TEXT_FIELDS[3:]:
            self._text_row(form, name, label, length, hint)
        self._receives = self._check(form, "receives_letters", "Sent letters about the case")
        self._format = self._combo(form, "letter_format", "Letter format",
                                   [(f.label, f.value) for f in LetterFormat])
        self._receives.toggled.connect(self._format.setEnabled)

        self._general = error_label()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                         | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._general)
        layout.addWidget(self._buttons)
        self._fill(contact)

    def contact(self) -> ContactRecord:
        """The contact as typed (same id as the one edited; None for a new contact)."""
        text = {name: edit.text().strip() or None for name, edit in self._edits.items()}
        return ContactRecord(
            id=self._original.id if self._original else None,
            title=text["title"], forename=text["forename"] or "",
            surname=text["surname"] or "",
            relationship=Relationship(self._relationship.currentData()),
            parental_responsibility=self._responsibility.isChecked(),
            address_line1=text["address_line1"], address_line2=text["address_line2"],
            town=text["town"], postcode=text["postcode"], email=text["email"],
            phone=text["phone"], letter_format=LetterFormat(self._format.currentData()),
            receives_letters=self._receives.isChecked(),
        )

    def field(self, name: str) -> QWidget:
        """The input for a ContactRecord field (for focus, and for tests)."""
        return self._errors[name][1]

    def error_text(self, name: str) -> str:
        """The message under a field, or ''."""
        return self._errors[name][0].text()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show the service's messages under their fields; the dialog stays open."""
        self.set_busy(False)
        for name, (label, widget) in self._errors.items():
            set_error(label, widget, errors.get(name, ""))
        others = [msg for name, msg in errors.items() if name not in self._errors]
        count = len(errors)
        summary = f"Not saved: {count} problem{'s' if count != 1 else ''} to fix, shown in red."
        self._general.setText(" ".join([summary, *others]))
        self._general.show()
        first = next((w for n, (_l, w) in self._errors.items() if n in errors), None)
        if first is not None:
            first.setFocus()

    def set_busy(self, busy: bool) -> None:
        """Stop the dialog being saved twice or closed while a save is running."""
        self._busy = busy
        self._buttons.setEnabled(not busy)

    def reject(self) -> None:
        """Cancel, unless a save is under way (its result must have somewhere to go)."""
        if not self._busy:
            super().reject()

    @Slot()
    def _submit(self) -> None:
        self.set_busy(True)
        self.submitted.emit()

    def _fill(self, contact: ContactRecord | None) -> None:
        if contact is None:
            self._receives.setChecked(True)
            return
        for name, edit in self._edits.items():
            edit.setText(getattr(contact, name) or "")
        self._relationship.setCurrentIndex(self._relationship.findData(contact.relationship))
        self._responsibility.setChecked(contact.parental_responsibility)
        self._format.setCurrentIndex(self._format.findData(contact.letter_format))
        self._receives.setChecked(contact.receives_letters)
        self._format.setEnabled(contact.receives_letters)

    def _text_row(self, form: QFormLayout, name: str, label: str, length: int,
                  hint: str) -> None:
        edit = QLineEdit(maxLength=length, placeholderText=hint)
        self._edits[name] = edit
        self._errors[name] = (add_field(form, name, label, edit), edit)

    def _combo(self, form: QFormLayout, name: str, label: str,
               items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for text, value in items:
            combo.addItem(text, value)
        self._errors[name] = (add_field(form, name, label, combo), combo)
        return combo

    def _check(self, form: QFormLayout, name: str, text: str) -> QCheckBox:
        check = QCheckBox(text)
        check.setAccessibleName(text)
        self._errors[name] = (add_field(form, name, "", check), check)
        return check
