"""The council's details for letters: letterhead, signatory, the services appeal letters name,
the footer and the logo. A lead officer saves them; a case officer sees them read-only.

Open it from the main window with:

    dialog = CouncilDetailsDialog(self.services, self.tasks, self)
    open_dialog(dialog)  # ui.dialogs.messages: window-modal, deleted once closed

The details are read on a worker when the dialog opens, and saved on the writer with
`LetterService.save_organisation`; a refused save shows each message beside its field and
keeps everything typed.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import OfficerRole
from caseworker_app.letters.context import Organisation
from caseworker_app.services import Services
from caseworker_app.services.letters import LOGO_LIMIT
from caseworker_app.ui.dialogs.base import ServiceDialog
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.form import add_field, form_group

READ_ONLY_NOTICE = "Only a lead annual review officer can change the council's details."
NOTICE_STYLE = "background: #fff4d6; border-left: 4px solid #b26a00; padding: 4px 8px;"
READ_ONLY_STYLE = "QLineEdit:read-only, QPlainTextEdit:read-only { background: #f1f3f5; }"
THUMBNAIL = (220, 80)
APPEAL = "every letter about a decision the family can appeal"

# name, label, where it appears (tooltip), placeholder: in the order shown, by group.
COUNCIL = (
    ("council_name", "Council &name *", "Printed at the top of every letter, and wherever "
     "wording uses {{ council_name }}.", "Marlshire County Council"),
    ("phone", "&Telephone", "Printed at the top of every letter, and wherever wording uses "
     "{{ council_phone }}.", "01632 960000"),
    ("email", "&E-mail", "Printed at the top of every letter, and wherever wording uses "
     "{{ council_email }}.", "send@council.example"),
    ("website", "&Website", "Printed at the top of every letter.", "www.council.example"),
    ("local_offer", "&Local Offer", "Where families find information about schools and "
     "colleges; named in draft plan and amendment letters ({{ local_offer }}).",
     "www.council.example/localoffer"),
)
SIGNATORY = (
    ("signatory_name", "Na&me", "Printed under the signature at the end of every letter.",
     "Dr Helen Okafor"),
    ("signatory_role", "&Role", "Printed under the signatory's name at the end of every letter.",
     "Head of SEND Assessment and Review"),
)
# Each service beside its contact details (the contact's label is short; its accessible
# name says whose it is).
SERVICES = (
    (("mediation_service", "Mediation ser&vice", "Printed in the mediation section of "
      f"{APPEAL}.", "Marlshire Mediation Service"),
     ("mediation_contact", "Mediation contact details", "The mediation service's telephone "
      f"and e-mail, printed in the mediation section of {APPEAL}.",
      "0808 157 0123, mediation@example.org")),
    (("disagreement_service", "&Disagreement resolution", "The disagreement resolution "
      f"service, printed in that section of {APPEAL}.",
      "Marlshire Disagreement Resolution Service"),
     ("disagreement_contact", "Disagreement resolution contact details", "The disagreement "
      f"resolution service's telephone and e-mail, printed in that section of {APPEAL}.",
      "0808 157 0456, drs@example.org")),
    (("ias_service", "SENDIA&SS", "The information, advice and support service, printed in "
      f"that section of {APPEAL}.", "Marlshire SENDIASS"),
     ("ias_contact", "SENDIASS contact details", "The information, advice and support "
      f"service's telephone and e-mail, printed in that section of {APPEAL}.",
      "0808 157 0789, sendiass@example.org")),
)
LA_CONTACT = ("la_contact", "&Council contact for mediation", "Who to contact at the council "
              f"about mediation, printed in the mediation section of {APPEAL} (“At the "
              "council, please contact …”).",
              "the SEND Team on 01632 960000 or send@council.example")


class CouncilDetailsDialog(ServiceDialog):
    """Every council detail letters print, in groups; Save runs on the writer."""

    LONG_FORM = True
    organisation_saved = Signal(Organisation)

    def __init__(self, services: Services, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__("Council details", parent=parent, minimum_width=760,
                         intro="What every letter prints at its head and foot, and the "
                               "services that letters about decisions a family can appeal "
                               "must name. Hover over a box to see where it appears.")
        self._services, self._tasks = services, tasks
        self._organisation = Organisation("")
        self._can_edit = False
        self._logo: bytes | None = None  # a new logo chosen, to save
        self._remove_logo = False
        self._file_dialog: QFileDialog | None = None
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.read_only_label = QLabel(READ_ONLY_NOTICE)
        self.read_only_label.setStyleSheet(NOTICE_STYLE)
        self.read_only_label.hide()
        self.gaps_label = QLabel()
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setProperty("role", "muted")
        self.gaps_label.hide()
        self._layout.insertWidget(1, self.read_only_label)
        self._layout.insertWidget(2, self.gaps_label)
        self._layout.insertWidget(self._layout.indexOf(self._general), self._build_groups(), 1)
        self.submitted.connect(self._save)
        self.setStyleSheet(READ_ONLY_STYLE)
        self._set_enabled(False)
        self._fit_to_screen()
        tasks.run(self._read, on_done=self._loaded, on_error=self._load_failed)

    # ----- building -------------------------------------------------------------------
    def _build_groups(self) -> QScrollArea:
        council, form = form_group("Council")
        self._line(form, *COUNCIL[0])
        self._text(form, "address_lines", "&Address", "The council's address, one line per "
                   "line, printed under its name at the top of every letter.",
                   "SEND Team\nCounty Hall\nMarket Street\nStockbridge\nMA1 2ZZ", 6)
        for spec in COUNCIL[1:]:
            self._line(form, *spec)
        signed, form = form_group("Letters are signed by")
        for spec in SIGNATORY:
            self._line(form, *spec)
        named = self._build_services()
        footer, form = form_group("Footer")
        self._text(form, "footer_lines", "&Footer lines", "Small print at the foot of every "
                   "page of every letter (privacy notice, other formats), one line per line.",
                   "This letter is available in large print, Braille and other languages "
                   "on request.", 5)
        logo, form = form_group("Logo")
        self._build_logo(form)
        content = QWidget()
        grid = QGridLayout(content)
        right = QVBoxLayout()
        for box in (signed, footer, logo):
            right.addWidget(box)
        right.addStretch(1)
        grid.addWidget(council, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(right, 0, 1)
        grid.addWidget(named, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    def _build_services(self) -> QGroupBox:
        box = QGroupBox("Services named in appeal letters")
        grid = QGridLayout(box)
        names, contacts, council = QFormLayout(), QFormLayout(), QFormLayout()
        for (service, contact) in SERVICES:
            self._line(names, *service)
            self._line(contacts, contact[0], "Contact details",
                       *contact[2:])
            self.edits[contact[0]].setAccessibleName(contact[1])
        self._line(council, *LA_CONTACT)
        grid.addLayout(names, 0, 0)
        grid.addLayout(contacts, 0, 1)
        grid.addLayout(council, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for form in (names, contacts, council):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box

    def _line(self, form: QFormLayout, name: str, label: str, where: str,
              example: str) -> None:
        edit = QLineEdit()
        edit.setMaxLength(300)
        edit.setToolTip(where)
        edit.setPlaceholderText(f"For example: {example}")
        self._register(form, name, label, edit)

    def _text(self, form: QFormLayout, name: str, label: str, where: str, example: str,
              rows: int) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setToolTip(where)
        edit.setPlaceholderText(example)
        margins = edit.contentsMargins()
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * rows + margins.top()
                            + margins.bottom() + 2 * int(edit.document().documentMargin()) + 8)
        self._register(form, name, label, edit)

    def _register(self, form: QFormLayout, name: str, label: str,
                  edit: QLineEdit | QPlainTextEdit) -> None:
        self.edits[name] = edit
        self._fields[name] = (add_field(form, name, label, edit), edit)
        edit.setAccessibleDescription(edit.toolTip())

    def _build_logo(self, form: QFormLayout) -> None:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel("No logo")
        self.logo_preview.setFixedSize(*THUMBNAIL)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #d8dde3; background: white;")
        self.logo_preview.setAccessibleName("Logo thumbnail")
        self.choose_logo_button = QPushButton("C&hoose image…", autoDefault=False)
        self.choose_logo_button.setToolTip("A PNG or JPEG, up to 1 MB, printed at the top left "
                                           "of the first page of every letter.")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Rem&ove", autoDefault=False)
        self.remove_logo_button.setToolTip("Print letters without a logo.")
        self.remove_logo_button.clicked.connect(self.remove_logo)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        row.addWidget(self.logo_preview)
        row.addLayout(buttons)
        row.addStretch(1)
        self._fields["logo"] = (add_field(form, "logo", "&Image", holder,
                                          focus=self.choose_logo_button), holder)

    def _fit_to_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1040, 700
        if screen is not None:
            width, height = min(width, screen.width() - 20), min(height, screen.height() - 40)
        self.resize(width, height)

    # ----- loading ----------------------------------------------------------------------
    def _read(self) -> tuple[bool, Organisation, bytes | None]:
        """On a worker: may this officer edit, the details, and the logo's bytes."""
        profile = self._services.reference.profile()
        organisation = self._services.letters.organisation()
        logo = self._services.letters.logo(organisation.logo_sha256) \
            if organisation.logo_sha256 else None
        return (profile is not None and profile.role == OfficerRole.LEAD, organisation, logo)

    def _loaded(self, result: tuple[bool, Organisation, bytes | None]) -> None:
        self._can_edit, organisation, logo = result
        self._organisation = organisation
        for name, edit in self.edits.items():
            value = getattr(organisation, name)
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText("\n".join(value))
            else:
                edit.setText(value)
        self._show_logo(logo)
        self._show_gaps(organisation)
        self.read_only_label.setVisible(not self._can_edit)
        self.submit_button.setVisible(self._can_edit)
        if not self._can_edit:
            self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
            self.choose_logo_button.hide()
            self.remove_logo_button.hide()
        self._set_enabled(True)

    def _load_failed(self, exc: Exception) -> None:
        self.show_errors({"": f"The council's details could not be read: {exc}"})

    def _show_gaps(self, organisation: Organisation) -> None:
        gaps = organisation.gaps(appealable=True)
        self.gaps_label.setText("Letters cannot be printed until these are filled in: "
                                + ", ".join(gaps) + "." if gaps else "")
        self.gaps_label.setVisible(bool(gaps))

    def _set_enabled(self, loaded: bool) -> None:
        """Before the details arrive nothing can be typed; a case officer reads only."""
        for edit in self.edits.values():
            edit.setEnabled(loaded)
            edit.setReadOnly(not self._can_edit)
        self.choose_logo_button.setEnabled(loaded and self._can_edit)
        self.remove_logo_button.setEnabled(loaded and self._can_edit and self._has_logo())
        self.submit_button.setEnabled(loaded and self._can_edit)

    # ----- the logo ---------------------------------------------------------------------
    @Slot()
    def choose_logo(self) -> None:
        """Ask for a PNG or JPEG file (the dialog does not block the window)."""
        dialog = QFileDialog(self, "Choose the council's logo", str(Path.home()),
                             "Images (*.png *.jpg *.jpeg)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.set_logo_file(Path(path)))
        self._file_dialog = dialog
        dialog.open()

    def set_logo_file(self, path: Path) -> None:
        """Use the image in `path` as the logo (saved with the rest)."""
        try:
            if path.stat().st_size > LOGO_LIMIT:
                self._logo_error("The logo is larger than 1 MB; use a smaller image.")
                return
            content = path.read_bytes()
        except OSError as exc:
            self._logo_error(f"The file could not be read: {exc.strerror or exc}.")
            return
        if not self._show_logo(content):
            self._logo_error("This file is not a PNG or JPEG image.")
            return
        self._logo, self._remove_logo = content, False
        self._logo_error("")
        self.remove_logo_button.setEnabled(self._can_edit)

    @Slot()
    def remove_logo(self) -> None:
        """Print letters without a logo (once saved)."""
        self._logo, self._remove_logo = None, True
        self._show_logo(None)
        self.remove_logo_button.setEnabled(False)

    def _has_logo(self) -> bool:
        return self._logo is not None or (bool(self._organisation.logo_sha256)
                                          and not self._remove_logo)

    def _show_logo(self, content: bytes | None) -> bool:
        """Show a thumbnail of `content` (None: no logo); False if it is not an image."""
        if content is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            return True
        pixmap = QPixmap()
        if not pixmap.loadFromData(content):
            return False
        self.logo_preview.setPixmap(pixmap.scaled(
            THUMBNAIL[0] - 8, THUMBNAIL[1] - 8, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        return True

    def _logo_error(self, message: str) -> None:
        label, widget = self._fields["logo"]
        label.setText(message)
        label.setVisible(bool(message))
        widget.setAccessibleDescription(message)

    # ----- saving -----------------------------------------------------------------------
    def organisation_typed(self) -> Organisation:
        """The details as typed, on the version read (for the save)."""
        values: dict[str, object] = {}
        for name, edit in self.edits.items():
            if isinstance(edit, QPlainTextEdit):
                values[name] = tuple(line.strip() for line in edit.toPlainText().splitlines()
                                     if line.strip())
            else:
                values[name] = edit.text().strip()
        return replace(self._organisation, **values)

    @Slot()
    def _save(self) -> None:
        organisation, logo, remove = self.organisation_typed(), self._logo, self._remove_logo
        self.run_write(self._tasks, lambda: self._services.letters.save_organisation(
            organisation, logo=logo, remove_logo=remove), self.organisation_saved.emit)
