"""Add or edit any activity record; the form is built from the kind's field list and checks
every field as the user types (Save stays disabled until the record is valid)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_pounds_plain
from svdesk.services import activities
from svdesk.services.activities import RecordData
from svdesk.services.activity_kinds import KINDS, FieldSpec, default_values, factor_choices
from svdesk.services.contracts import list_contracts
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.conflict_dialog import save_asking
from svdesk.ui.forms import Form, OptionalDateEdit
from svdesk.ui.records.keyed_combo import combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label

TRISTATE = {
    None: "Not answered yet",
    True: "Yes: extra to the contract",
    False: "No: part of the contract's core work",
}
UNIT_WORDS = {"kWh": "kWh", "litre": "litres", "mile": "miles", "m3": "cubic metres", "tonne": "tonnes"}


def _number_text(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


class RecordDialog(GuardedDialog):
    unsaved_what = "this record"

    def __init__(
        self, store, kind: str, record: RecordData | None = None, parent=None, preset: dict | None = None
    ):
        super().__init__(parent)
        self.store = store
        self.spec = KINDS[kind]
        self.record = record
        self.saved: RecordData | None = None
        self.setWindowTitle(("Edit " if record else "Add ") + self.spec.noun)
        self.resize(720, 640)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.NoFocus)  # no unnamed tab stop: its fields take the focus
        scroll.setFrameShape(QScrollArea.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        box = QVBoxLayout(body)
        self.form = Form(columns=2)
        self.widgets: dict[str, QWidget] = {}
        contracts = {None: "Organisation-wide (no one contract)"}
        contracts.update({c.id: f"{c.reference}: {c.title}" for c in list_contracts(store)})
        self._contracts = contracts  # named in the conflict view too
        for f in self.spec.all_fields:
            widget = self._widget(f, contracts)
            span = 2 if f.type in ("longtext",) or f.name in ("contract_id", "factor_key") else 1
            self.form.add(f.name, f.label, widget, f.help, required=f.required, span=span)
            self.widgets[f.name] = widget
        box.addWidget(self.form)
        box.addStretch(1)
        # Outside the scroll area so the worked-out figure is always in view.
        self.summary = label("", "SectionTitle")
        outer.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        values = dict(record.values) if record else default_values(kind)
        values.update(preset or {})
        self.load(values)
        self.form.changed.connect(self.revalidate)
        self.revalidate()
        first = self.widgets[self.spec.all_fields[0].name]
        first.setFocus()

    def _widget(self, f: FieldSpec, contracts: dict) -> QWidget:
        if f.type == "date":
            return OptionalDateEdit()
        if f.type == "longtext":
            widget = QPlainTextEdit()
            widget.setMaximumHeight(72)
            widget.setTabChangesFocus(True)
            return widget
        if f.type == "bool":
            return QCheckBox(f.label)
        if f.type == "choice":
            return combo(f.choices if f.required else {None: "Not set", **f.choices})
        if f.type == "contract":
            return combo(contracts)
        if f.type == "person":
            from svdesk.services.people import person_choices

            return combo({None: "Not chosen", **person_choices(self.store)})
        if f.type == "tristate":
            return combo(TRISTATE)
        if f.type == "factor":
            widget = combo(factor_choices())
            widget.currentIndexChanged.connect(self._factor_changed)
            return widget
        widget = QLineEdit()
        if f.type == "share":
            widget.setPlaceholderText("100%")
        elif f.type == "money":
            widget.setPlaceholderText("£0.00")
        elif f.unit:
            widget.setPlaceholderText(f.unit)
        return widget

    def _factor_changed(self) -> None:
        key = self.widgets["factor_key"].currentData()
        unit = activities.input_unit(key) if key else ""
        quantity = self.widgets.get("quantity")
        if quantity is not None:
            quantity.setPlaceholderText(UNIT_WORDS.get(unit, unit))
        self.revalidate()

    def load(self, values: dict) -> None:
        for f in self.spec.all_fields:
            widget = self.widgets[f.name]
            value = values.get(f.name)
            if isinstance(widget, OptionalDateEdit):
                widget.set_value(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                set_combo(widget, value)
            elif f.type == "money":
                widget.setText(format_pounds_plain(value))
            elif f.type == "share":
                widget.setText("" if value is None else f"{value * 100:g}%")
            else:
                widget.setText(_number_text(value) if f.type in ("int", "float") else (value or ""))
        if "factor_key" in self.widgets:
            self._factor_changed()

    def values(self) -> tuple[dict, dict[str, str]]:
        """The typed values, and a message for each field that could not be read."""
        values, errors = {}, {}
        for f in self.spec.all_fields:
            widget = self.widgets[f.name]
            if isinstance(widget, OptionalDateEdit):
                values[f.name] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                values[f.name] = widget.toPlainText().strip()
            elif isinstance(widget, QCheckBox):
                values[f.name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                values[f.name] = widget.currentData()
            else:
                try:
                    values[f.name] = activities.coerce(f, widget.text())
                except ValueError as exc:
                    values[f.name] = None
                    errors[f.name] = str(exc)
        return values, errors

    def errors(self) -> dict[str, str]:
        values, errors = self.values()
        for name, message in activities.validate_record(self.spec.key, values).items():
            errors.setdefault(name, message)
        return errors

    def revalidate(self) -> dict[str, str]:
        errors = self.errors()
        self.form.show_errors(errors)
        self.save_button.setEnabled(not errors)
        self.save_button.setToolTip("" if not errors else "Fix the fields marked in red first.")
        values, _ = self.values()
        derived = activities.derive(self.spec.key, values, today=date.today()) if not errors else {}
        self.summary.setText(_describe(self.spec.key, derived))
        return errors

    def accept(self) -> None:
        errors = self.revalidate()
        if errors:
            self.form.show_errors(errors, all_fields=True)
            return
        values, _ = self.values()
        key, record = self.spec.key, self.record
        try:
            saved = save_asking(
                self,
                lambda over: activities.save_record(
                    self.store,
                    key,
                    values,
                    record.id if record else None,
                    row_version=record.row_version if record else None,
                    over=over,
                ),
                captions={f.name: f.label for f in self.spec.all_fields},
                choices=self._conflict_choices(),
                take_theirs=self._take_theirs,
                save_as_new=lambda: activities.save_record(self.store, key, values),
            )
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        if saved is None:  # took theirs, or back to editing
            return
        self.saved = saved
        super().accept()

    def _conflict_choices(self) -> dict[str, dict]:
        """What the conflict view shows for coded values: as the form's lists word them."""
        out: dict[str, dict] = {}
        for f in self.spec.all_fields:
            if f.choices:
                out[f.name] = f.choices
            elif f.type == "contract":
                out[f.name] = self._contracts
            elif f.type == "tristate":
                out[f.name] = TRISTATE
        return out

    def _take_theirs(self, _conflict) -> None:
        """Their version replaces what was typed (or, if they deleted the record, the dialog closes)."""
        fresh = activities.get_record(self.store, self.spec.key, self.record.id) if self.record else None
        if fresh is None:
            self.mark_clean()
            QDialog.reject(self)
            return
        self.record = fresh
        self.load(fresh.values)
        self.mark_clean()


def _describe(kind: str, derived: dict) -> str:
    if "learner_hours" in derived:
        return f"Counts as {derived['learner_hours']:g} learner hours (hours × attendees)."
    if "total_hours" in derived:
        return f"Counts as {derived['total_hours']:g} volunteering hours (hours × volunteers)."
    if derived.get("tonnes_co2e") is not None:
        f = derived["factor"]
        note = f" {derived['factor_note']}" if derived.get("factor_note") else ""
        return (
            f"{derived['tonnes_co2e']:.3f} tCO2e, using {f.kg_co2e_per_unit:g} kg CO2e per "
            f"{f.unit} (DESNZ {f.edition} edition, row {f.row_id}).{note}"
        )
    return ""
