"""Window-modal message boxes that never block: a yes/cancel question and an error report."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


def open_dialog(dialog: QDialog) -> None:
    """Show `dialog` window-modally; it deletes itself once closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def confirm(parent: QWidget, title: str, text: str, on_yes: Callable[[], None]) -> None:
    """Ask a yes/cancel question (Cancel is the default) and call `on_yes` on Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                      parent)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    yes = box.button(QMessageBox.StandardButton.Yes)
    box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    open_dialog(box)


def report(parent: QWidget, exc: Exception) -> None:
    """Say that something failed, in the exception's own words."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Caseworker", str(exc),
                      QMessageBox.StandardButton.Ok, parent)
    open_dialog(box)
