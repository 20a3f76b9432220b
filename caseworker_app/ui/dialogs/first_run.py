"""FirstRunDialog: welcome on an empty database; set up a profile or try demonstration data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.codes import OfficerRole

DEFAULT_DEMO_CASES = 500


class FirstRunDialog(QDialog):
    """Asks who is using Caseworker, or offers a fictional caseload to try it with."""

    def __init__(self, parent: QWidget | None = None, demo_only: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Demonstration data" if demo_only else "Welcome to Caseworker")
        self.name = QLineEdit(placeholderText="Your name as it should appear on records")
        self.role = QComboBox()
        for role in OfficerRole:
            self.role.addItem(role.label, role)
        self.cases = QSpinBox(minimum=10, maximum=100_000, singleStep=100,
                              value=DEFAULT_DEMO_CASES, suffix=" cases")
        self.cases.setGroupSeparatorShown(True)
        self.real = QRadioButton("Set up Caseworker for my own caseload")
        self.demo = QRadioButton("Try Caseworker with demonstration cases (wholly fictional)")
        group = QButtonGroup(self)
        group.addButton(self.real)
        group.addButton(self.demo)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if demo_only:
            layout.addWidget(QLabel("Add fictional cases, officers and schools to this database. "
                                    "Nothing in them describes a real person."))
            self.demo.setChecked(True)
        else:
            intro = QLabel("<h3>Welcome to Caseworker</h3><p>This database is new. Tell us who "
                           "you are, or explore the app with a fictional caseload first.</p>")
            intro.setWordWrap(True)
            layout.addWidget(intro)
            layout.addWidget(self.real)
            profile = QFormLayout()
            profile.addRow("Your &name", self.name)
            profile.addRow("Your &role", self.role)
            layout.addLayout(profile)
            layout.addWidget(self.demo)
            self.real.setChecked(True)
        demo_form = QFormLayout()
        demo_form.addRow("&How many", self.cases)
        layout.addLayout(demo_form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.real.toggled.connect(self._sync)
        self._demo_only = demo_only
        self._sync()

    def _sync(self) -> None:
        real = self.real.isChecked() and not self._demo_only
        self.name.setEnabled(real)
        self.role.setEnabled(real)
        self.cases.setEnabled(not real)

    def accept(self) -> None:
        if not self.wants_demo() and not self.name.text().strip():
            self.error.setText("Enter your name, or choose the demonstration cases.")
            self.error.show()
            self.name.setFocus()
            return
        super().accept()

    def wants_demo(self) -> bool:
        """True when the person chose demonstration data."""
        return self._demo_only or self.demo.isChecked()

    def demo_cases(self) -> int:
        """How many demonstration cases to create."""
        return self.cases.value()

    def profile(self) -> tuple[str, OfficerRole]:
        """The name and role the person entered."""
        return self.name.text().strip(), self.role.currentData()
