"""ServiceDialog: a form dialog whose write runs in the background and may come back refused.

The dialog stays open while the write runs (Cancel and Esc do nothing, so the result always
has somewhere to go). On success it closes; otherwise the service's messages appear beside
their fields and everything typed is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseworker_app.errors import ValidationError
from caseworker_app.ui.tasks import TaskRunner
from caseworker_app.ui.widgets.form import add_field, error_label, problems_summary, set_error


class ServiceDialog(QDialog):
    """Fields added with `_add_field`, one submit button, and the shared busy/error handling.

    Whoever runs the write connects to `submitted`, then calls `run_write()` (or `accept()`
    and `show_errors()` itself).
    """

    submitted = Signal()  # the submit button was pressed and `_check()` found nothing wrong
    # A long form heads its messages with a count and moves focus to the first problem.
    LONG_FORM: ClassVar[bool] = False

    def __init__(self, title: str, *, submit_text: str | None = None, intro: str = "",
                 minimum_width: int = 440, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._fields: dict[str, tuple[QLabel, QWidget]] = {}
        self.setWindowTitle(title)
        self.setMinimumWidth(minimum_width)
        self._form = QFormLayout()
        self._general = error_label()
        submit = (QDialogButtonBox.StandardButton.Save if submit_text is None
                  else QDialogButtonBox.StandardButton.Ok)
        self._buttons = QDialogButtonBox(submit | QDialogButtonBox.StandardButton.Cancel)
        self._submit_button = self._buttons.button(submit)
        if submit_text is not None:
            self._submit_button.setText(submit_text)
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        if intro:
            self._layout.addWidget(QLabel(intro, wordWrap=True))
        self._layout.addLayout(self._form)
        self._layout.addWidget(self._general)
        self._layout.addWidget(self._buttons)

    @property
    def submit_button(self) -> QPushButton:
        """The button that submits the form (Save, or the dialog's own wording)."""
        return self._submit_button

    def field(self, name: str) -> QWidget:
        """The input for a field (for focus, and for tests)."""
        return self._fields[name][1]

    def error_text(self, name: str) -> str:
        """The message under a field, or ''."""
        return self._fields[name][0].text()

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show messages beside their fields, the rest under the form; the dialog stays open."""
        self.set_busy(False)
        for name, (label, widget) in self._fields.items():
            set_error(label, widget, errors.get(name, ""))
        others = [message for name, message in errors.items() if name not in self._fields]
        if self.LONG_FORM:
            others.insert(0, problems_summary(len(errors)))
        self._general.setText(" ".join(others))
        self._general.setVisible(bool(others))
        first = next((w for n, (_l, w) in self._fields.items() if n in errors), None)
        if self.LONG_FORM and first is not None:
            first.setFocus()

    def set_busy(self, busy: bool) -> None:
        """Stop a second submission, or closing, while the write runs."""
        self._busy = busy
        self._buttons.setEnabled(not busy)

    def reject(self) -> None:
        """Cancel, unless the write is under way (its result must have somewhere to go)."""
        if not self._busy:
            super().reject()

    def run_write(self, tasks: TaskRunner, job: Callable[[], Any],
                  on_done: Callable[[Any], None]) -> None:
        """Run `job` as a write; close and call `on_done(result)`, or show why it failed."""

        def succeeded(result: Any) -> None:
            self.set_busy(False)
            self.accept()
            on_done(result)

        def failed(exc: Exception) -> None:
            self.show_errors(exc.errors if isinstance(exc, ValidationError) else {"": str(exc)})

        tasks.run(job, on_done=succeeded, on_error=failed, write=True)

    def _add_field(self, name: str, label: str, widget: QWidget, **options: Any) -> None:
        """Add a labelled row to the form whose messages `show_errors` puts under `widget`."""
        self._fields[name] = (add_field(self._form, name, label, widget, **options), widget)

    def _add_note(self, label: QLabel) -> None:
        """Put a paragraph between the form and the messages."""
        self._layout.insertWidget(self._layout.indexOf(self._general), label)

    def _check(self) -> dict[str, str]:
        """Problems to show before anything is sent; none by default."""
        return {}

    @Slot()
    def _submit(self) -> None:
        errors = self._check()
        if errors:
            self.show_errors(errors)
            return
        self.set_busy(True)
        self.submitted.emit()
