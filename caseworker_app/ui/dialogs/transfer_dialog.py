"""Transfer a case to another officer: who takes it on, and why."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.entities import OfficerRecord
from caseworker_app.ui.screens.child_form import add_field, error_label, set_error


class TransferDialog(QDialog):
    """Chooses the receiving officer and a reason; the caller transfers on `submitted`
    and then calls `accept()` or `show_errors()`."""

    submitted = Signal()  # Transfer pressed: read `officer_id()` and `reason()`

    def __init__(self, officers: list[OfficerRecord], current_officer_id: uuid.UUID | None,
                 case_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self.setWindowTitle("Transfer case")
        self.setMinimumWidth(440)
        intro = QLabel(f"Allocate {case_name} to another officer. The allocation history "
                       "and chronology will record the transfer.", wordWrap=True)
        self._officer = QComboBox()
        self._officer.addItem("Choose an officer…", None)
        for officer in officers:
            if officer.id != current_officer_id:
                self._officer.addItem(f"{officer.display_name} ({officer.role.label})",
                                      str(officer.id))
        self._reason = QPlainTextEdit(placeholderText="For example: rebalancing caseloads")
        self._reason.setTabChangesFocus(True)
        self._reason.setFixedHeight(80)
        form = QFormLayout()
        self._officer_error = add_field(form, "officer_id", "Transfer to", self._officer)
        self._reason_error = add_field(form, "reason", "Reason", self._reason)
        self._general = error_label()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                         | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Transfer")
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self._general)
        layout.addWidget(self._buttons)
        if self._officer.count() == 1:
            self.show_errors({"": "There is no other active officer to transfer to."})
            self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

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

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show messages beside their fields; the dialog stays open."""
        self.set_busy(False)
        set_error(self._officer_error, self._officer, errors.get("officer_id", ""))
        set_error(self._reason_error, self._reason, errors.get("reason", ""))
        others = [m for k, m in errors.items() if k not in ("officer_id", "reason")]
        self._general.setText(" ".join(others))
        self._general.setVisible(bool(others))

    def set_busy(self, busy: bool) -> None:
        """Stop a second submission, or closing, while the transfer runs."""
        self._busy = busy
        self._buttons.setEnabled(not busy)

    def reject(self) -> None:
        """Cancel, unless the transfer is under way."""
        if not self._busy:
            super().reject()

    @Slot()
    def _submit(self) -> None:
        if self.officer_id() is None:
            self.show_errors({"officer_id": "Choose who will hold the case."})
            return
        self.set_busy(True)
        self.submitted.emit()
