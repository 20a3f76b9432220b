"""Transfer a case to another officer: who takes it on, and why."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from caseworker_app.entities import OfficerRecord
from caseworker_app.ui.dialogs.base import ServiceDialog


class TransferDialog(ServiceDialog):
    """Chooses the receiving officer and a reason; the caller transfers on `submitted`
    (read `officer_id()` and `reason()`) and then calls `run_write()`."""

    def __init__(self, officers: list[OfficerRecord], current_officer_id: uuid.UUID | None,
                 case_name: str, parent: QWidget | None = None) -> None:
        super().__init__("Transfer case", submit_text="Transfer", parent=parent,
                         intro=f"Allocate {case_name} to another officer. The allocation "
                               "history and chronology will record the transfer.")
        self._officer = QComboBox()
        self._officer.addItem("Choose an officer…", None)
        for officer in officers:
            if officer.id != current_officer_id:
                self._officer.addItem(f"{officer.display_name} ({officer.role.label})",
                                      str(officer.id))
        self._reason = QPlainTextEdit(placeholderText="For example: rebalancing caseloads")
        self._reason.setTabChangesFocus(True)
        self._reason.setFixedHeight(80)
        self._add_field("officer_id", "Transfer to", self._officer)
        self._add_field("reason", "Reason", self._reason)
        if self._officer.count() == 1:
            self.show_errors({"": "There is no other active officer to transfer to."})
            self.submit_button.setEnabled(False)

    def officer_id(self) -> uuid.UUID | None:
        """The officer chosen, if any."""
        data = self._officer.currentData()
        return uuid.UUID(data) if data else None

    def reason(self) -> str:
        """Why the case is moving."""
        return self._reason.toPlainText().strip()

    @property
    def officer_combo(self) -> QComboBox:
        """The officer pick-list."""
        return self._officer

    @property
    def reason_edit(self) -> QPlainTextEdit:
        """The reason box."""
        return self._reason

    def _check(self) -> dict[str, str]:
        if self.officer_id() is None:
            return {"officer_id": "Choose who will hold the case."}
        return {}
