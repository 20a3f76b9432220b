"""NewCaseDialog: open a case for a child, with every problem shown beside its field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from caseworker_app.codes import Need, Sex
from caseworker_app.entities import CaseRow, NewCase, OfficerRecord, SettingRecord
from caseworker_app.services import Services
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.date_field import DateField
from caseworker_app.ui.widgets.form import make_searchable

NOTE = ("* required. With an issue date, the first annual review is scheduled for the day "
        "before the plan's first anniversary.")


class NewCaseDialog(ServiceDialog):
    """Collects what a case needs and opens it through `CaseService.open_case`; the new
    case's row is then in `created`."""

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__("New case", submit_text="Open case", minimum_width=520, parent=parent)
        self._services, self._tasks = services, tasks
        self.created: CaseRow | None = None
        self.forename = QLineEdit()
        self.surname = QLineEdit()
        self.preferred = QLineEdit(placeholderText="If different from the legal first name")
        # Not clamped above: a future date reaches the service and comes back as a message.
        self.dob = DateField(minimum=date(today().year - 40, 1, 1))
        self.dob.set_value(date(today().year - 8, 1, 1))
        self.sex = QComboBox()
        for sex in Sex:
            self.sex.addItem(sex.label, sex)
        self.upn = QLineEdit(placeholderText="13 characters, e.g. B801200005001", maxLength=13)
        self.need = QComboBox()
        self.need.addItem("Choose…", None)
        for need in Need:
            self.need.addItem(f"{need.value} – {need.label}", need)
        self.setting = QComboBox(editable=True, insertPolicy=QComboBox.InsertPolicy.NoInsert)
        self.setting.addItem("No setting", None)
        make_searchable(self.setting)
        self.officer = QComboBox()
        self.plan_issued = DateField(optional=True)
        self._add_rows()
        self.submitted.connect(self._open_case)
        tasks.run(services.reference.settings, on_done=self._settings_read)
        tasks.run(services.reference.officers, on_done=self._officers_read)

    def new_case(self) -> NewCase:
        """The case as entered."""
        return NewCase(
            legal_forename=self.forename.text(), legal_surname=self.surname.text(),
            preferred_name=self.preferred.text() or None, date_of_birth=self.dob.value(),
            sex=self.sex.currentData(), upn=self.upn.text() or None,
            primary_need=self.need.currentData(), setting_id=self.setting.currentData(),
            officer_id=self.officer.currentData(), plan_issued_on=self.plan_issued.value(),
        )

    def _add_rows(self) -> None:
        rows = [("legal_forename", "Legal &first name *", self.forename),
                ("legal_surname", "Legal &surname *", self.surname),
                ("preferred_name", "&Preferred name", self.preferred),
                ("date_of_birth", "&Date of birth *", self.dob),
                ("sex", "Se&x", self.sex), ("upn", "&UPN", self.upn),
                ("primary_need", "Primary &need *", self.need),
                ("setting_id", "Se&tting", self.setting),
                ("officer_id", "&Officer", self.officer),
                ("plan_issued_on", "Plan &issued on", self.plan_issued)]
        for name, label, widget in rows:
            self._add_field(name, label, widget, colon=False)
        note = QLabel(NOTE, wordWrap=True)
        note.setProperty("role", "muted")
        self._add_note(note)

    def _settings_read(self, settings: list[SettingRecord]) -> None:
        for setting in settings:
            self.setting.addItem(setting.name, setting.id)

    def _officers_read(self, officers: list[OfficerRecord]) -> None:
        me = self._services.cases.author_id
        self.officer.addItem("Unallocated", None)
        for officer in officers:
            self.officer.addItem(officer.display_name, officer.id)
        self.officer.setCurrentIndex(max(self.officer.findData(me), 0) if me else 0)

    @Slot()
    def _open_case(self) -> None:
        job = partial(self._services.cases.open_case, self.new_case())
        self.run_write(self._tasks, job, self._opened)

    def _opened(self, row: CaseRow) -> None:
        self.created = row
