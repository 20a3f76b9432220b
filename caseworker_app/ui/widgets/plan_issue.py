"""The dialog that issues a plan version as final: the issue date and the setting named in
section I, and why the plan service refused, if it did.

A draft plan must not name a setting (Children and Families Act 2014 s.38(2)(b)), so the
editor keeps section I shut in a draft; the setting is named here, as the plan is issued.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from caseworker_app.codes import PlanSection
from caseworker_app.entities_plan import PlanDocument, SectionText
from caseworker_app.errors import ValidationError
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.widgets.date_field import DateField


class IssueFinalDialog(ServiceDialog):
    """Asks for the issue date and the setting; the plan service checks the rest."""

    def __init__(self, case_name: str, what: str, placement: SectionText, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            f"Issue the final plan – {case_name}", submit_text="Issue as final",
            intro=(f"Issue the {what} as the final EHC plan. Once issued it cannot be "
                   "changed: later changes are made by proposing amendments."),
            minimum_width=480, parent=parent)
        self.date_field = DateField()
        self.date_field.set_value(today)
        self.setting_field = QLineEdit(placement.body)
        self.setting_field.setPlaceholderText("Riverside Primary School")
        self.type_field = QLineEdit(placement.detail)
        self.type_field.setPlaceholderText("Mainstream primary school")
        self._add_field("issued_on", "Issue &date", self.date_field)
        self._add_field("setting", "&Setting (section I)", self.setting_field)
        self._add_field("setting_type", "&Type of setting", self.type_field)
        note = QLabel("Name the school, college or other setting, or give its type only if "
                      "none is named. Send the final plan with the letter explaining the right "
                      "of appeal and mediation (SEND Regulations 2014 regs 14 and 32).",
                      wordWrap=True)
        note.setProperty("role", "muted")
        self._add_note(note)

    def issued_on(self) -> date:
        """The issue date chosen."""
        value = self.date_field.value()
        assert value is not None
        return value

    def setting(self) -> tuple[str, str]:
        """The setting's name and type, as typed."""
        return self.setting_field.text().strip(), self.type_field.text().strip()

    def _check(self) -> dict[str, str]:
        name, kind = self.setting()
        if not name and not kind:
            return {"setting": "Name the setting, or at least give its type."}
        return {}


def issue_with_setting(plans: Any, version_id: uuid.UUID, setting: tuple[str, str],
                       issued_on: date) -> PlanDocument:
    """On the writer: write section I, then issue; if the issue is refused, put I back.

    Section I is written first because the service checks it when issuing. A draft refused
    (a date in the future, say) must not be left naming a setting.
    """
    name, kind = setting
    placement = plans.document(version_id).section(PlanSection.I)
    changed = (name, kind) != (placement.body, placement.detail)
    saved = plans.save_section(version_id, replace(placement, section=PlanSection.I, body=name,
                                                   detail=kind)) if changed else placement
    try:
        return plans.issue_final(version_id, issued_on)
    except ValidationError as exc:
        if changed:
            plans.save_section(version_id, replace(saved, body=placement.body,
                                                   detail=placement.detail))
        errors = {("setting" if k == PlanSection.I.value else k): v
                  for k, v in exc.errors.items()}
        raise ValidationError(errors) from exc
