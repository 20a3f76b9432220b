"""One case on screen: header, the child's record, contacts, plan, reviews, chronology, history."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QItemSelection, Qt, QTime, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from caseworker_app import schoolyear
from caseworker_app.codes import CaseStatus, ChronologyKind, PlanSection
from caseworker_app.entities import CaseDetail, CaseRow, OfficerRecord, PlanVersionRecord
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.close_case_dialog import CloseCaseDialog
from caseworker_app.ui.dialogs.contact_dialog import ContactDialog
from caseworker_app.ui.dialogs.transfer_dialog import TransferDialog
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.case_detail_models import (
    AllocationTableModel,
    ChronologyTableModel,
    ContactTableModel,
    RecordTableModel,
    ReviewTableModel,
    format_date,
    format_datetime,
)
from caseworker_app.ui.screens.child_form import ChildForm, add_field, set_error
from caseworker_app.ui.tasks import TaskRunner

PLACEHOLDER = "Select a case from the list, or press Ctrl+N to add one."
TABS = ("Child", "Contacts", "Plan", "Reviews", "Chronology", "Allocation history")


class CaseView(QWidget):
    """Shows and edits one case; every service call runs off the UI thread."""

    case_loaded = Signal(uuid.UUID)  # a case's details arrived and are on screen
    case_saved = Signal(uuid.UUID)  # the child's record was saved

    def __init__(self, services: Services, tasks: TaskRunner, events: AppEvents,
                 today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._tasks, self._events, self._today = services, tasks, events, today
        self._child_id: uuid.UUID | None = None
        self._detail: CaseDetail | None = None
        self._serial = 0
        self._settings_requested = False
        # What the last save sent, until the saved record is back on screen (Save stays off).
        self._just_saved: dict[str, Any] | None = None
        self._sending: dict[str, Any] = {}
        self.contacts_model = ContactTableModel(self)
        self.reviews_model = ReviewTableModel(self)
        self.chronology_model = ChronologyTableModel(self)
        self.allocations_model = AllocationTableModel(self)
        self._build()

    # ----- public ----------------------------------------------------------------------
    @property
    def current_child_id(self) -> uuid.UUID | None:
        """The case shown (or being loaded), if any."""
        return self._child_id

    @property
    def form(self) -> ChildForm:
        """The child's record form."""
        return self._form

    @property
    def tabs(self) -> QTabWidget:
        """The tabs under the header."""
        return self._tabs

    def has_unsaved_changes(self) -> bool:
        """Whether the child's record or a new chronology entry holds unsaved typing."""
        draft = self._summary.text().strip() or self._body.toPlainText().strip()
        return bool(self._form.changes() or draft)

    def show_case(self, child_id: uuid.UUID) -> None:
        """Load and show a case; the caller asks about unsaved changes before switching."""
        if child_id != self._child_id:
            self._child_id = child_id
            self._placeholder.setText("Loading the case…")
            self._stack.setCurrentIndex(0)
            self._form.set_busy(False)  # a save of the previous case reports to nobody
            self._just_saved = None
            self._reset_entry_form()
        self._load(keep_edits=True)
        if not self._settings_requested:
            self._settings_requested = True
            self._tasks.run(self._services.reference.settings, on_done=self._form.set_settings,
                            on_error=self._report)

    # ----- loading ---------------------------------------------------------------------
    def _load(self, *, keep_edits: bool) -> None:
        self._serial += 1
        assert self._child_id is not None
        self._tasks.run(partial(self._services.cases.case_detail, self._child_id),
                        on_done=partial(self._loaded, self._serial, keep_edits),
                        on_error=partial(self._load_failed, self._serial))

    def _loaded(self, serial: int, keep_edits: bool, detail: CaseDetail) -> None:
        if serial != self._serial or detail.child.id != self._child_id:
            return  # a later request superseded this one
        # Typed values carry over a reload of the same child, never onto another child.
        same_child = self._detail is not None and self._detail.child.id == detail.child.id
        self._detail = detail
        self._fill_header(detail)
        self._form.load(detail.child, keep_edits=keep_edits and same_child,
                        saved=self._just_saved)
        if self._just_saved is not None:
            self._just_saved = None
            self._form.set_busy(False)
            self._form.show_saved()
        self.contacts_model.set_records(detail.contacts)
        self.reviews_model.set_records(detail.reviews)
        self.chronology_model.set_records(detail.chronology)
        self.allocations_model.set_records(detail.allocations)
        self._fill_plans(detail.plan_versions)
        self._contact_selection_changed()
        self._stack.setCurrentIndex(1)
        self.case_loaded.emit(detail.child.id)

    def _load_failed(self, serial: int, exc: Exception) -> None:
        if serial == self._serial:
            self._placeholder.setText(f"This case could not be opened.\n\n{exc}")
            self._stack.setCurrentIndex(0)

    def _fill_header(self, detail: CaseDetail) -> None:
        child, today = detail.child, self._today()
        name = f"{child.legal_forename} {child.legal_surname}"
        if child.preferred_name and child.preferred_name != child.legal_forename:
            name += f" (known as {child.preferred_name})"
        self._name.setText(name)
        group = schoolyear.year_group(child.date_of_birth, today, child.year_group_override)
        year = f"{schoolyear.year_group_label(group)} ({schoolyear.key_stage(group)})"
        if child.year_group_override is not None:
            year += ", out of year group"
        age = schoolyear.age_on(child.date_of_birth, today)
        self._facts.setText("  ·  ".join([
            child.case_reference, f"Age {age}", year, f"Primary need: {child.primary_need.label}",
        ]))
        officer = detail.officer.display_name if detail.officer else "Unallocated"
        closed = child.status == CaseStatus.CLOSED
        status = "Open"
        if closed:
            reason = f": {child.close_reason.label}" if child.close_reason else ""
            status = f"Closed {format_date(child.closed_on)}{reason}"
        self._status.setText(f"Officer: {officer}  ·  {status}")
        self._transfer.setEnabled(not closed)
        self._close.setText("Reopen case" if closed else "Close case…")

    def _fill_plans(self, versions: tuple[PlanVersionRecord, ...]) -> None:
        self._plan_versions = versions
        self._plan_combo.blockSignals(True)
        self._plan_combo.clear()
        for v in versions:
            issued = f", issued {format_date(v.issued_on)}" if v.issued_on else ", not issued"
            self._plan_combo.addItem(f"Version {v.number}: {v.kind.label}{issued}")
        self._plan_combo.blockSignals(False)
        self._no_plan.setVisible(not versions)
        self._plan_picker.setVisible(bool(versions))
        self._plan_text.setVisible(bool(versions))
        self._show_plan_version(0)

    @Slot(int)
    def _show_plan_version(self, index: int) -> None:
        if not 0 <= index < len(self._plan_versions):
            self._plan_text.clear()
            return
        parts = []
        for section in PlanSection:
            body = self._plan_versions[index].sections.get(section, "").strip()
            text = (html.escape(body).replace("\n", "<br>") if body
                    else "<i style='color:#666'>Nothing recorded in this section.</i>")
            parts.append(f"<h3>{html.escape(section.label)}</h3><p>{text}</p>")
        self._plan_text.setHtml("".join(parts))

    # ----- child record ----------------------------------------------------------------
    @Slot()
    def _save(self) -> None:
        changes = self._form.changes()
        if self._detail is None or not changes or not self._form.save_button.isEnabled():
            return
        child = self._detail.child
        self._form.set_busy(True)
        self._sending = changes
        self._tasks.run(partial(self._services.cases.update_child, child.id, changes,
                                expected_version=child.row_version),
                        on_done=self._saved, on_error=partial(self._save_failed, child.id),
                        write=True)

    def _saved(self, row: CaseRow) -> None:
        self._events.case_changed.emit(row)
        self.case_saved.emit(row.child_id)
        if row.child_id == self._child_id:
            self._just_saved = self._sending
            self._load(keep_edits=True)

    def _save_failed(self, child_id: uuid.UUID, exc: Exception) -> None:
        if child_id != self._child_id:
            self._report(exc)  # the officer has moved on; still say the save failed
            return
        self._form.set_busy(False)
        if isinstance(exc, ValidationError | StaleRecordError):
            self._tabs.setCurrentWidget(self._form)  # Ctrl+S may have come from another tab
        if isinstance(exc, ValidationError):
            self._form.show_errors(exc.errors)
        elif isinstance(exc, StaleRecordError):
            self._form.show_stale(str(exc))
        else:
            self._report(exc)

    @Slot()
    def _reload_discarding(self) -> None:
        if self._child_id is not None:
            self._load(keep_edits=False)

    # ----- header actions --------------------------------------------------------------
    @Slot()
    def _start_transfer(self) -> None:
        self._tasks.run(self._services.reference.officers, on_done=self._open_transfer,
                        on_error=self._report)

    def _open_transfer(self, officers: list[OfficerRecord]) -> None:
        if self._detail is None:
            return
        current = self._detail.officer.id if self._detail.officer else None
        dialog = TransferDialog(officers, current, self._name.text(), self)
        dialog.submitted.connect(partial(self._transfer_submitted, dialog))
        self._open(dialog)

    def _transfer_submitted(self, dialog: TransferDialog) -> None:
        job = partial(self._services.cases.transfer_case, self._child_id, dialog.officer_id(),
                      dialog.reason())
        self._write(job, dialog, self._case_changed)

    @Slot()
    def _close_or_reopen(self) -> None:
        if self._detail is None:
            return
        if self._detail.child.status == CaseStatus.CLOSED:
            self._confirm("Reopen case", f"Reopen the case of {self._name.text()}? It will "
                          "be unallocated until transferred to an officer.", self._reopen)
            return
        dialog = CloseCaseDialog(self._today(), self._name.text(), self)
        dialog.submitted.connect(partial(self._close_submitted, dialog))
        self._open(dialog)

    def _close_submitted(self, dialog: CloseCaseDialog) -> None:
        job = partial(self._services.cases.close_case, self._child_id, dialog.reason(),
                      dialog.closed_on(), dialog.note())
        self._write(job, dialog, self._case_changed)

    def _reopen(self) -> None:
        self._tasks.run(partial(self._services.cases.reopen_case, self._child_id),
                        on_done=self._case_changed, on_error=self._report, write=True)

    def _case_changed(self, row: CaseRow) -> None:
        self._events.case_changed.emit(row)
        if row.child_id == self._child_id:
            self._load(keep_edits=True)

    # ----- contacts --------------------------------------------------------------------
    def _selected_contact(self) -> Any:
        rows = self._contacts_view.selectionModel().selectedRows()
        return self.contacts_model.record(rows[0].row()) if rows else None

    @Slot()
    def _contact_selection_changed(self, *_args: QItemSelection) -> None:
        chosen = self._selected_contact() is not None
        self._edit_contact.setEnabled(chosen)
        self._remove_contact.setEnabled(chosen)

    @Slot()
    def _add_contact_clicked(self) -> None:
        self._open_contact(None)

    @Slot()
    def _edit_contact_clicked(self) -> None:
        if self._selected_contact() is not None:
            self._open_contact(self._selected_contact())

    def _open_contact(self, contact: Any) -> None:
        dialog = ContactDialog(contact, self)
        dialog.submitted.connect(partial(self._contact_submitted, dialog))
        self._open(dialog)

    def _contact_submitted(self, dialog: ContactDialog) -> None:
        job = partial(self._services.cases.save_contact, self._child_id, dialog.contact())
        self._write(job, dialog, lambda _record: self._load(keep_edits=True))

    @Slot()
    def _remove_contact_clicked(self) -> None:
        contact = self._selected_contact()
        if contact is not None:
            self._confirm("Remove contact", f"Remove {contact.display_name} from this case? "
                          "They will no longer be sent letters.",
                          partial(self._remove_contact_confirmed, contact.id))

    def _remove_contact_confirmed(self, contact_id: uuid.UUID) -> None:
        self._tasks.run(partial(self._services.cases.remove_contact, self._child_id, contact_id),
                        on_done=lambda _none: self._load(keep_edits=True),
                        on_error=self._report, write=True)

    # ----- chronology ------------------------------------------------------------------
    @Slot()
    def _chronology_selection_changed(self, *_args: QItemSelection) -> None:
        rows = self._chronology_view.selectionModel().selectedRows()
        if not rows:
            self._entry_details.setPlainText("Select an entry to read it in full.")
            return
        entry = self.chronology_model.record(rows[0].row())
        self._entry_details.setPlainText(
            f"{entry.summary}\n{entry.kind.label}, {format_datetime(entry.occurred_at)}, "
            f"by {entry.author_name}\n\n{entry.body or '(No further details.)'}")

    @Slot()
    def _add_entry(self) -> None:
        if self._child_id is None:
            return
        # The box shows local time; records are stored in UTC like the app's own events.
        when = self._when.dateTime().toPython().astimezone().astimezone(UTC)
        job = partial(self._services.cases.add_chronology, self._child_id,
                      ChronologyKind(self._kind.currentData()), when, self._summary.text(),
                      self._body.toPlainText())
        self._add_button.setEnabled(False)
        self._tasks.run(job, on_done=self._entry_added, on_error=self._entry_failed, write=True)

    def _entry_added(self, _record: Any) -> None:
        self._reset_entry_form()
        self._load(keep_edits=True)

    def _entry_failed(self, exc: Exception) -> None:
        self._add_button.setEnabled(True)
        if not isinstance(exc, ValidationError):
            self._report(exc)
            return
        set_error(self._when_error, self._when, exc.errors.get("occurred_at", ""))
        set_error(self._summary_error, self._summary, exc.errors.get("summary", ""))

    def _reset_entry_form(self) -> None:
        now = datetime.combine(self._today(), datetime.now().time())
        self._when.setDateTime(QDateTime(QDate(now.date()), QTime(now.hour, now.minute)))
        self._summary.clear()
        self._body.clear()
        self._add_button.setEnabled(True)
        set_error(self._when_error, self._when, "")
        set_error(self._summary_error, self._summary, "")

    # ----- shared helpers --------------------------------------------------------------
    def _write(self, job: Callable[[], Any], dialog: Any, done: Callable[[Any], None]) -> None:
        """Run a dialog's write; close it on success, or show the messages in it."""

        def succeeded(result: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            done(result)

        def failed(exc: Exception) -> None:
            errors = exc.errors if isinstance(exc, ValidationError) else {"": str(exc)}
            dialog.show_errors(errors)

        self._tasks.run(job, on_done=succeeded, on_error=failed, write=True)

    def _open(self, dialog: Any) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _confirm(self, title: str, text: str, on_yes: Callable[[], None]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
        self._open(box)

    def _report(self, exc: Exception) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Caseworker", str(exc),
                          QMessageBox.StandardButton.Ok, self)
        self._open(box)

    # ----- building --------------------------------------------------------------------
    def _build(self) -> None:
        self._placeholder = QLabel(PLACEHOLDER, alignment=Qt.AlignmentFlag.AlignCenter,
                                   wordWrap=True)
        self._placeholder.setStyleSheet("color: #505050; font-size: 13pt; padding: 24px;")
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._build_header())
        self._tabs = QTabWidget()
        self._form = ChildForm(self._today)
        self._form.save_requested.connect(self._save)
        self._form.reload_requested.connect(self._reload_discarding)
        pages = (self._form, self._build_contacts(), self._build_plan(),
                 self._table(self.reviews_model), self._build_chronology(),
                 self._table(self.allocations_model))
        for number, (title, widget) in enumerate(zip(TABS, pages, strict=True), start=1):
            self._tabs.addTab(widget, title)
            self._tabs.setTabToolTip(number - 1, f"{title} (Alt+{number})")
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(partial(self._tabs.setCurrentIndex, number - 1))
        column.addWidget(self._tabs, 1)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self._save)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack)
        self.setFocusProxy(self._tabs)  # focusing the view lands in its tabs, so Alt+N works

    def _build_header(self) -> QHBoxLayout:
        self._name = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self._name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self._name.setFont(font)
        self._facts = QLabel(wordWrap=True,
                             textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self._status = QLabel(wordWrap=True)
        self._transfer = QPushButton("Transfer…")
        self._transfer.setToolTip("Allocate this case to another officer")
        self._transfer.clicked.connect(self._start_transfer)
        self._close = QPushButton("Close case…")
        self._close.clicked.connect(self._close_or_reopen)
        text = QVBoxLayout()
        for label in (self._name, self._facts, self._status):
            text.addWidget(label)
        header = QHBoxLayout()
        header.addLayout(text, 1)
        header.addWidget(self._transfer, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        return header

    def _table(self, model: RecordTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(80)
        return view

    def _build_contacts(self) -> QWidget:
        self._contacts_view = self._table(self.contacts_model)
        self._contacts_view.doubleClicked.connect(self._edit_contact_clicked)
        self._contacts_view.selectionModel().selectionChanged.connect(
            self._contact_selection_changed)
        self._add_contact = QPushButton("Add contact…")
        self._add_contact.clicked.connect(self._add_contact_clicked)
        self._edit_contact = QPushButton("Edit…")
        self._edit_contact.clicked.connect(self._edit_contact_clicked)
        self._remove_contact = QPushButton("Remove…")
        self._remove_contact.clicked.connect(self._remove_contact_clicked)
        buttons = QHBoxLayout()
        for button in (self._add_contact, self._edit_contact, self._remove_contact):
            buttons.addWidget(button)
        buttons.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self._contacts_view, 1)
        layout.addLayout(buttons)
        return page

    def _build_plan(self) -> QWidget:
        self._plan_versions: tuple[PlanVersionRecord, ...] = ()
        self._plan_combo = QComboBox()
        self._plan_combo.setAccessibleName("Plan version")
        self._plan_combo.currentIndexChanged.connect(self._show_plan_version)
        self._no_plan = QLabel("No plan recorded.", alignment=Qt.AlignmentFlag.AlignCenter)
        self._plan_text = QTextBrowser()
        self._plan_text.setAccessibleName("Plan sections")
        page = QWidget()
        layout = QVBoxLayout(page)
        self._plan_picker = QWidget()
        picker = QFormLayout(self._plan_picker)
        picker.setContentsMargins(0, 0, 0, 0)
        picker.addRow("Plan version:", self._plan_combo)
        layout.addWidget(self._plan_picker)
        layout.addWidget(self._no_plan, 1)
        layout.addWidget(self._plan_text, 1)
        return page

    def _build_chronology(self) -> QWidget:
        self._chronology_view = self._table(self.chronology_model)
        self._chronology_view.selectionModel().selectionChanged.connect(
            self._chronology_selection_changed)
        self._entry_details = QPlainTextEdit(readOnly=True)
        self._entry_details.setAccessibleName("Entry details")
        self._entry_details.setPlainText("Select an entry to read it in full.")
        reading = QSplitter(Qt.Orientation.Vertical)
        reading.addWidget(self._chronology_view)
        reading.addWidget(self._entry_details)
        reading.setSizes([300, 150])

        self._kind = QComboBox()
        for kind in ChronologyKind:
            if kind != ChronologyKind.SYSTEM:
                self._kind.addItem(kind.label, kind.value)
        self._when = QDateTimeEdit(displayFormat="dd/MM/yyyy HH:mm", calendarPopup=True)
        self._summary = QLineEdit(maxLength=200, placeholderText="For example: Called mum")
        self._body = QPlainTextEdit(placeholderText="Details (optional)")
        self._body.setTabChangesFocus(True)
        self._add_button = QPushButton("Add entry")
        self._add_button.clicked.connect(self._add_entry)
        entry = QGroupBox("Add entry")
        form = QFormLayout(entry)
        add_field(form, "kind", "Kind", self._kind)
        self._when_error = add_field(form, "occurred_at", "When", self._when)
        self._summary_error = add_field(form, "summary", "Summary", self._summary)
        add_field(form, "body", "Details", self._body)
        form.addRow("", self._add_button)
        entry.setMinimumWidth(320)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(reading)
        splitter.addWidget(entry)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        self._reset_entry_form()
        return splitter
