"""One case on screen: header, the child's record, contacts, plan, reviews, assessments,
chronology, letters, history."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseworker_app import schoolyear
from caseworker_app.codes import CaseStatus, Phase
from caseworker_app.entities import CaseDetail, CaseRow, OfficerRecord
from caseworker_app.errors import StaleRecordError, ValidationError
from caseworker_app.rules import deadlines
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.close_case_dialog import CloseCaseDialog
from caseworker_app.ui.dialogs.messages import confirm, open_dialog, report
from caseworker_app.ui.dialogs.transfer_dialog import TransferDialog
from caseworker_app.ui.events import AppEvents
from caseworker_app.ui.models.case_detail_models import (
    AllocationTableModel,
    ChronologyTableModel,
    ContactTableModel,
    ReviewTableModel,
    format_date,
)
from caseworker_app.ui.screens.assessment_tab import AssessmentTab
from caseworker_app.ui.screens.child_form import ChildForm
from caseworker_app.ui.screens.chronology_tab import ChronologyTab
from caseworker_app.ui.screens.contacts_tab import ContactsTab
from caseworker_app.ui.screens.letters_tab import LettersTab
from caseworker_app.ui.screens.plan_tab import PlanTab
from caseworker_app.ui.screens.reviews_tab import ReviewsTab
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.record_table import record_table

PLACEHOLDER = "Select a case from the list, or press Ctrl+N to add one."
TABS = ("Child", "Contacts", "Plan", "Reviews", "Assessment", "Chronology", "Letters",
        "Allocations")


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
        self._reviews = ReviewsTab(services, tasks, today)
        self._reviews.review_changed.connect(self._review_changed)
        self._assessment = AssessmentTab(services, tasks, today)
        self._assessment.assessment_changed.connect(self._reload_keeping_edits)
        self.allocations_model = AllocationTableModel(self)
        self._contacts = ContactsTab(services, tasks)
        self._contacts.contacts_changed.connect(self._reload_keeping_edits)
        self._chronology = ChronologyTab(services, tasks, today)
        self._chronology.entry_added.connect(self._reload_keeping_edits)
        self._letters = LettersTab(services, tasks, today)
        self._letters.letters_printed.connect(self._reload_keeping_edits)  # the chronology
        self._plan = PlanTab(services, tasks, today)
        self._plan.plan_changed.connect(self._plan_changed)
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

    @property
    def contacts_tab(self) -> ContactsTab:
        """The Contacts tab."""
        return self._contacts

    @property
    def chronology_tab(self) -> ChronologyTab:
        """The Chronology tab."""
        return self._chronology

    @property
    def letters_tab(self) -> LettersTab:
        """The Letters tab."""
        return self._letters

    @property
    def reviews_tab(self) -> ReviewsTab:
        """The Reviews tab."""
        return self._reviews

    @property
    def assessment_tab(self) -> AssessmentTab:
        """The Assessment tab."""
        return self._assessment

    @property
    def plan_tab(self) -> PlanTab:
        """The Plan tab."""
        return self._plan

    @property
    def reviews_model(self) -> ReviewTableModel:
        """The case's completed reviews, as listed."""
        return self._reviews.past_model

    @property
    def contacts_model(self) -> ContactTableModel:
        """The case's contacts, as listed."""
        return self._contacts.model

    @property
    def chronology_model(self) -> ChronologyTableModel:
        """The case's chronology, as listed."""
        return self._chronology.model

    def has_unsaved_changes(self) -> bool:
        """Whether the child's record, a new chronology entry or the plan holds unsaved typing.

        The plan saves itself: asked before the case is left, it sends what is waiting and
        waits (a few seconds at most) for it to be saved, so only typing that cannot be saved
        counts.
        """
        plan_saved = self._plan.flush()
        return bool(self._form.changes() or self._chronology.has_draft() or not plan_saved)

    def show_case(self, child_id: uuid.UUID) -> None:
        """Load and show a case; the caller asks about unsaved changes before switching."""
        if child_id != self._child_id:
            self._child_id = child_id
            self._placeholder.setText("Loading the case…")
            self._stack.setCurrentIndex(0)
            self._form.set_busy(False)  # a save of the previous case reports to nobody
            self._just_saved = None
            self._contacts.set_case(child_id)
            self._chronology.set_case(child_id)
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
        self._contacts.set_records(detail.contacts)
        self._reviews.set_case(detail.child.id, self._name.text(), detail.reviews)
        self._assessment.set_case(detail.child.id, self._name.text())
        self._chronology.set_records(detail.chronology)
        self._letters.set_case(detail.child.id, self._name.text())
        self.allocations_model.set_records(detail.allocations)
        child = detail.child
        self._plan.set_case(child.id, self._name.text(), schoolyear.year_group(
            child.date_of_birth, self._today(), child.year_group_override))
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
        self._notices.setText(self._notices_text(group, child.setting_phase, today, closed))
        self._notices.setVisible(bool(self._notices.text()))
        self._transfer.setEnabled(not closed)
        self._close.setText("Reopen case" if closed else "Close case…")

    @staticmethod
    def _notices_text(group: int, phase: Phase | None, today: date, closed: bool) -> str:
        """Statutory points an officer must not miss, derived from the year group."""
        if closed:
            return ""
        notes = []
        transfer = deadlines.phase_transfer(group, phase, today)
        if transfer is not None:
            latest = deadlines.latest_meeting_for(transfer)
            rule = transfer.citation.removeprefix(f"{deadlines.REGS} ")
            notes.append(f"{transfer.title} in September {transfer.trigger_date.year}: "
                         f"plan to be amended by {format_date(transfer.due)}, review meeting "
                         f"by {format_date(latest)} ({rule}).")
        if deadlines.preparing_for_adulthood(group):
            notes.append("Year 9 or above: reviews must cover preparation for adulthood "
                         "(reg 20(6)).")
        return "\n".join(notes)

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

    @Slot()
    def _reload_keeping_edits(self) -> None:
        self._load(keep_edits=True)

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
        open_dialog(dialog)

    def _transfer_submitted(self, dialog: TransferDialog) -> None:
        job = partial(self._services.cases.transfer_case, self._child_id, dialog.officer_id(),
                      dialog.reason())
        dialog.run_write(self._tasks, job, self._case_changed)

    @Slot()
    def _close_or_reopen(self) -> None:
        if self._detail is None:
            return
        if self._detail.child.status == CaseStatus.CLOSED:
            confirm(self, "Reopen case", f"Reopen the case of {self._name.text()}? It "
                    "will be unallocated until transferred to an officer.", self._reopen)
            return
        dialog = CloseCaseDialog(self._today(), self._name.text(), self)
        dialog.submitted.connect(partial(self._close_submitted, dialog))
        open_dialog(dialog)

    def _close_submitted(self, dialog: CloseCaseDialog) -> None:
        job = partial(self._services.cases.close_case, self._child_id, dialog.reason(),
                      dialog.closed_on(), dialog.note())
        dialog.run_write(self._tasks, job, self._case_changed)

    def _reopen(self) -> None:
        self._tasks.run(partial(self._services.cases.reopen_case, self._child_id),
                        on_done=self._case_changed, on_error=self._report, write=True)

    def _case_changed(self, row: CaseRow) -> None:
        self._events.case_changed.emit(row)
        if row.child_id == self._child_id:
            self._load(keep_edits=True)

    def _plan_changed(self) -> None:
        """A plan version was started, issued or discarded: the caseload shows the plan's
        issue date, and the case its chronology."""
        if self._child_id is not None:
            self._tasks.run(partial(self._services.cases.case_row, self._child_id),
                            on_done=self._case_changed, on_error=self._report)

    def _review_changed(self) -> None:
        """A review step moved the case on: tell the caseload, and reload the case."""
        if self._child_id is not None:
            self._tasks.run(partial(self._services.cases.case_row, self._child_id),
                            on_done=self._case_changed, on_error=self._report)

    @Slot()
    def _new_letter(self) -> None:
        """Ctrl+L: the Letters tab, and a new letter for the case shown."""
        if self._stack.currentIndex() == 1:
            self._tabs.setCurrentWidget(self._letters)
            self._letters.new_letter()

    def _report(self, exc: Exception) -> None:
        report(self, exc)

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
        pages = (self._form, self._contacts, self._plan,
                 self._reviews, self._assessment, self._chronology, self._letters,
                 record_table(self.allocations_model))
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
        letter = QShortcut(QKeySequence("Ctrl+L"), self)
        letter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        letter.activated.connect(self._new_letter)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.addWidget(self._stack)
        self.setFocusProxy(self._tabs)  # focusing the view lands in its tabs, so Alt+N works

    def _build_header(self) -> QVBoxLayout:
        self._name = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self._name.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self._name.setFont(font)
        self._facts = QLabel(wordWrap=True,
                             textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self._status = QLabel(wordWrap=True)
        self._notices = QLabel(wordWrap=True, objectName="caseNotices")
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
        outer = QVBoxLayout()
        outer.addLayout(header)
        outer.addWidget(self._notices)  # full width, under the buttons
        return outer
