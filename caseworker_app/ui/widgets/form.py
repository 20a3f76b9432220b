"""Form-building helpers shared by screens and dialogs: labelled rows with inline errors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #a4000f;"


def error_label() -> QLabel:
    """A red, word-wrapped message label that stays hidden until it has text."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def set_error(label: QLabel, widget: QWidget, message: str) -> None:
    """Show `message` under `widget` (or hide the label) and tell assistive technology."""
    label.setText(message)
    label.setVisible(bool(message))
    widget.setAccessibleDescription(message)


def add_field(form: QFormLayout, name: str, label: str, widget: QWidget, *,
              focus: QWidget | None = None, colon: bool = True) -> QLabel:
    """Add a labelled row with an error label beneath the widget; returns the error label.

    `label` may mark a mnemonic with "&" and end in " *" for a required field; neither
    reaches the accessible name.
    """
    focus = focus or widget
    error = error_label()
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(error)
    caption = QLabel(f"{label}:" if label and colon else label)
    caption.setBuddy(focus)
    if label:
        focus.setAccessibleName(label.replace("&", "").removesuffix(" *"))
    focus.setObjectName(name)
    form.addRow(caption, holder)
    return error


def form_group(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A titled box holding a form whose fields grow and whose labels sit top-left."""
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return box, form


def make_searchable(combo: QComboBox) -> None:
    """Let an editable combo box be searched by any part of an item's text."""
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)


def problems_summary(count: int) -> str:
    """The status line that heads a list of problems shown beside their fields."""
    return f"Not saved: {count} problem{'s' if count != 1 else ''} to fix, shown in red."
