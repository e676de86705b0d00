"""Forms that validate as the user types: a label above each field, help in plain words below,
and the reason in words under a field that is wrong. Dialogs disable Save until the form is valid.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from svdesk.formatting import MoneyError, format_pounds_plain, parse_money
from svdesk.help_glossary import explain
from svdesk.ui.widgets import label

_BLANK_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date picker that can also be left blank (shown empty; date() -> None)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(_BLANK_DATE)
        self.setSpecialValueText("Not set")
        self.setDate(_BLANK_DATE)

    def value(self) -> date | None:
        current = self.date()
        return None if current == _BLANK_DATE else current.toPython()

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value) if value else _BLANK_DATE)


class MoneyEdit(QLineEdit):
    """Pounds typed freely ("£1,250", "1250.00"); value() is pence or None, error() says why."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("£0.00")

    def value(self) -> int | None:
        try:
            return parse_money(self.text())
        except MoneyError:
            return None

    def error(self) -> str | None:
        try:
            parse_money(self.text())
        except MoneyError as exc:
            return str(exc)
        return None

    def set_value(self, pence: int | None) -> None:
        self.setText(format_pounds_plain(pence))


def combo(options: dict[str, str]) -> QComboBox:
    """A drop-down whose items carry their machine key as data."""
    widget = QComboBox()
    for key, text in options.items():
        widget.addItem(text, key)
    return widget


def narrowable(widget: QComboBox, characters: int = 12) -> QComboBox:
    """Let a drop-down with long entries be narrower than its longest one (shown cut short
    with "…"), so a row of them fits a small window (issue 20.4)."""
    widget.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    widget.setMinimumContentsLength(characters)
    return widget


def set_combo(widget: QComboBox, key) -> None:
    index = widget.findData(key)
    widget.setCurrentIndex(max(index, 0))


class Form(QWidget):
    """A grid of labelled fields with help and error text; emits changed on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 1):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(2)
        self.columns = columns
        self._next = 0
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()

    def add(
        self,
        name: str,
        caption: str,
        widget: QWidget,
        help_text: str = "",
        required: bool = False,
        span: int = 1,
    ) -> QWidget:
        row, col = divmod(self._next, self.columns)
        if span > 1 and col:
            row, col = row + 1, 0
            self._next = row * self.columns
        base = row * 4
        text = caption + (" *" if required else "")
        caption_label = label(text) if not isinstance(widget, QCheckBox) else QLabel("")
        caption_label.setBuddy(widget)
        self.grid.addWidget(caption_label, base, col, 1, span)
        self.grid.addWidget(widget, base + 1, col, 1, span)
        # each label into the grid (given its parent) before it is shown or hidden: one shown
        # without a parent flashes up as a window of its own and takes the focus (issue 20.11)
        helper = label(help_text, "HelpText")
        self.grid.addWidget(helper, base + 2, col, 1, span)
        helper.setVisible(bool(help_text))
        error = label("", "FieldError")
        self.grid.addWidget(error, base + 3, col, 1, span)
        error.setVisible(False)
        self.grid.setRowMinimumHeight(base + 3, 10)
        widget.setAccessibleName(caption)
        if help_text:
            widget.setAccessibleDescription(help_text)
        explained = explain(caption) or explain(widget.text() if isinstance(widget, QCheckBox) else "")
        if explained:  # FTE, VCSE, Real Living Wage…: the glossary on hover (help_glossary)
            for part in (caption_label, widget):
                part.setToolTip(f"{part.toolTip()}\n\n{explained}".strip())
        self.fields[name] = widget
        self.errors[name] = error
        self._connect(name, widget)
        self._next += span if span <= self.columns else self.columns
        return widget

    def _connect(self, name: str, widget: QWidget) -> None:
        def touched(*_):
            self.touched.add(name)
            self.changed.emit()

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(touched)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(touched)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(touched)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(touched)
        elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.valueChanged.connect(touched)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(touched)

    def show_errors(self, errors: dict[str, str], *, all_fields: bool = False) -> None:
        """Show each message under its field; only fields the user has touched, unless all_fields."""
        for name, error_label in self.errors.items():
            message = errors.get(name)
            visible = bool(message) and (all_fields or name in self.touched)
            error_label.setText(message or "")
            error_label.setVisible(visible)
            widget = self.fields[name]
            widget.setProperty("invalid", visible)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
