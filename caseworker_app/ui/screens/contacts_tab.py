"""A case's Contacts tab: the people sent letters, added, edited and removed through dialogs."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelection, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from caseworker_app.entities import ContactRecord
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.contact_dialog import ContactDialog
from caseworker_app.ui.dialogs.messages import confirm, open_dialog, report
from caseworker_app.ui.models.case_detail_models import ContactTableModel
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.record_table import record_table


class ContactsTab(QWidget):
    """Lists one case's contacts; every change is a write through the case service."""

    contacts_changed = Signal()  # a contact was saved or removed: the case should reload

    def __init__(self, services: Services, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks = services, tasks
        self._child_id: uuid.UUID | None = None
        self.model = ContactTableModel(self)
        self._build()

    def set_case(self, child_id: uuid.UUID) -> None:
        """Direct later changes to this child's case."""
        self._child_id = child_id

    def set_records(self, contacts: tuple[ContactRecord, ...]) -> None:
        """Show the case's contacts (no row selected)."""
        self.model.set_records(contacts)
        self._selection_changed()

    def _build(self) -> None:
        self._view = record_table(self.model)
        self._view.doubleClicked.connect(self._edit_clicked)
        self._view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._add = QPushButton("Add contact…")
        self._add.clicked.connect(self._add_clicked)
        self._edit = QPushButton("Edit…")
        self._edit.clicked.connect(self._edit_clicked)
        self._remove = QPushButton("Remove…")
        self._remove.clicked.connect(self._remove_clicked)
        buttons = QHBoxLayout()
        for button in (self._add, self._edit, self._remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._view, 1)
        layout.addLayout(buttons)

    def _selected(self) -> Any:
        rows = self._view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    @Slot()
    def _selection_changed(self, *_args: QItemSelection) -> None:
        chosen = self._selected() is not None
        self._edit.setEnabled(chosen)
        self._remove.setEnabled(chosen)

    @Slot()
    def _add_clicked(self) -> None:
        self._open(None)

    @Slot()
    def _edit_clicked(self) -> None:
        if self._selected() is not None:
            self._open(self._selected())

    def _open(self, contact: ContactRecord | None) -> None:
        dialog = ContactDialog(contact, self)
        dialog.submitted.connect(partial(self._submitted, dialog))
        open_dialog(dialog)

    def _submitted(self, dialog: ContactDialog) -> None:
        job = partial(self._services.cases.save_contact, self._child_id, dialog.contact())
        dialog.run_write(self._tasks, job, lambda _record: self.contacts_changed.emit())

    @Slot()
    def _remove_clicked(self) -> None:
        contact = self._selected()
        if contact is not None:
            confirm(self, "Remove contact", f"Remove {contact.display_name} from this case? "
                    "They will no longer be sent letters.",
                    partial(self._remove_confirmed, contact.id))

    def _remove_confirmed(self, contact_id: uuid.UUID) -> None:
        self._tasks.run(partial(self._services.cases.remove_contact, self._child_id, contact_id),
                        on_done=lambda _none: self.contacts_changed.emit(),
                        on_error=partial(report, self), write=True)
