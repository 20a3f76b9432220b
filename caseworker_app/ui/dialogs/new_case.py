"""NewCaseDialog: open a case for a child, with every problem shown beside its field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import Need, Sex
from caseworker_app.entities import CaseRow, NewCase
from caseworker_app.errors import ValidationError
from caseworker_app.services import Services
from caseworker_app.ui.tasks import TaskRunner

NOT_SET = QDate(1900, 1, 1)  # shown as "Not set": QDateEdit has no empty state


def _date_edit() -> QDateEdit:
    edit = QDateEdit(calendarPopup=True, displayFormat="dd/MM/yyyy")
    edit.setMinimumDate(NOT_SET)
    edit.setSpecialValueText("Not set")
    edit.setDate(NOT_SET)
    return edit


def _value(edit: QDateEdit) -> date | None:
    return None if edit.date() == NOT_SET else edit.date().toPython()


class NewCaseDialog(QDialog):
    """Collects what a case needs and opens it through `CaseService.open_case`."""

    def __init__(self, services: Services, tasks: TaskRunner, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case")
        self.setMinimumWidth(520)
        self._services, self._tasks = services, tasks
        self.created: CaseRow | None = None
        self.forename = QLineEdit()
        self.surname = QLineEdit()
        self.preferred = QLineEdit(placeholderText="If different from the legal first name")
        self.dob = _date_edit()
        self.dob.calendarWidget().setSelectedDate(QDate(today().year - 8, 1, 1))
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
        self.officer = QComboBox()
        self.plan_issued = _date_edit()
        self.errors: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open case")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        tasks.run(services.reference.settings, on_done=self._settings_read)
        tasks.run(services.reference.officers, on_done=self._officers_read)

    def _layout(self) -> None:
        form = QFormLayout()
        rows = [("legal_forename", "Legal &first name *", self.forename),
                ("legal_surname", "Legal &surname *", self.surname),
                ("preferred_name", "&Preferred name", self.preferred),
                ("date_of_birth", "&Date of birth *", self.dob),
                ("sex", "Se&x", self.sex), ("upn", "&UPN", self.upn),
                ("primary_need", "Primary &need *", self.need),
                ("setting_id", "Se&tting", self.setting),
                ("officer_id", "&Officer", self.officer),
                ("plan_issued_on", "Plan &issued on", self.plan_issued)]
        for key, label, widget in rows:
            error = QLabel()
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(widget)
            holder.addWidget(error)
            form.addRow(label, holder)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel("* required. With an issue date, the first annual review is scheduled "
                      "for the day before the plan's first anniversary.")
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def _settings_read(self, settings) -> None:
        for setting in settings:
            self.setting.addItem(setting.name, setting.id)
        completer = QCompleter(self.setting.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setting.setCompleter(completer)

    def _officers_read(self, officers) -> None:
        me = self._services.cases.author_id
        self.officer.addItem("Unallocated", None)
        for officer in officers:
            self.officer.addItem(officer.display_name, officer.id)
        self.officer.setCurrentIndex(max(self.officer.findData(me), 0) if me else 0)

    def new_case(self) -> NewCase:
        """The case as entered."""
        return NewCase(
            legal_forename=self.forename.text(), legal_surname=self.surname.text(),
            preferred_name=self.preferred.text() or None, date_of_birth=_value(self.dob),
            sex=self.sex.currentData(), upn=self.upn.text() or None,
            primary_need=self.need.currentData(), setting_id=self.setting.currentData(),
            officer_id=self.officer.currentData(), plan_issued_on=_value(self.plan_issued),
        )

    def _submit(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.buttons.setEnabled(False)
        new = self.new_case()
        self._tasks.run(lambda: self._services.cases.open_case(new), write=True,
                        on_done=self._opened, on_error=self._failed)

    def _opened(self, row: CaseRow) -> None:
        self.created = row
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ValidationError):
            self.errors["legal_forename"].setText(str(exc))
            self.errors["legal_forename"].show()
            return
        for field, message in exc.errors.items():
            label = self.errors.get(field, self.errors["legal_forename"])
            label.setText(message)
            label.show()
