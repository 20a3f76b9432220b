"""Add or edit a contact: every contact field, staying open with inline messages until saved."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QWidget

from caseworker_app.codes import LetterFormat, Relationship
from caseworker_app.entities import ContactRecord
from caseworker_app.ui.dialogs.base import ServiceDialog

TEXT_FIELDS = (
    ("title", "Title", 20, "Mr, Ms, Dr…"), ("forename", "First name", 100, ""),
    ("surname", "Surname", 100, ""), ("address_line1", "Address line 1", 200, ""),
    ("address_line2", "Address line 2", 200, ""), ("town", "Town", 100, ""),
    ("postcode", "Postcode", 10, "e.g. EX2 4QD"), ("phone", "Phone", 30, ""),
    ("email", "E-mail", 254, ""),
)


class ContactDialog(ServiceDialog):
    """Collects a contact; the caller saves it on `submitted` (read `contact()`) and then
    calls `run_write()`, so a rejected contact keeps everything that was typed."""

    LONG_FORM = True

    def __init__(self, contact: ContactRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit contact" if contact else "Add contact", minimum_width=460,
                         parent=parent)
        self._original = contact
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._edits: dict[str, QLineEdit] = {}
        for name, label, length, hint in TEXT_FIELDS[:3]:
            self._text_row(name, label, length, hint)
        self._relationship = self._combo("relationship", "Relationship",
                                         [(r.label, r.value) for r in Relationship])
        self._responsibility = self._check_box("parental_responsibility",
                                               "Has parental responsibility")
        for name, label, length, hint in TEXT_FIELDS[3:]:
            self._text_row(name, label, length, hint)
        self._receives = self._check_box("receives_letters", "Sent letters about the case")
        self._format = self._combo("letter_format", "Letter format",
                                   [(f.label, f.value) for f in LetterFormat])
        self._receives.toggled.connect(self._format.setEnabled)
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

    def _text_row(self, name: str, label: str, length: int, hint: str) -> None:
        edit = QLineEdit(maxLength=length, placeholderText=hint)
        self._edits[name] = edit
        self._add_field(name, label, edit)

    def _combo(self, name: str, label: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for text, value in items:
            combo.addItem(text, value)
        self._add_field(name, label, combo)
        return combo

    def _check_box(self, name: str, text: str) -> QCheckBox:
        check = QCheckBox(text)
        check.setAccessibleName(text)
        self._add_field(name, "", check)
        return check

