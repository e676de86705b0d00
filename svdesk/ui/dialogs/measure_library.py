"""The measure library: svdesk's measures and a buyer's own, the framework outcomes each serves,
and quantities entered by hand for a buyer's own measures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.frameworks import KINDS, load_frameworks
from svdesk.services.contracts import list_contracts
from svdesk.services.measure_entries import EntryData, save_entry, validate_entry
from svdesk.services.measure_library import (
    CustomMeasureData,
    add_mapping,
    list_mappings,
    list_measures,
    remove_mapping,
    save_custom_measure,
    validate_custom_measure,
)
from svdesk.services.measure_sources import source_for
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.figure_detail import describe_mapping
from svdesk.ui.forms import Form, OptionalDateEdit, combo, set_combo
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label, primary_button

OWN_FRAMEWORK = "__own__"


class _FormDialog(GuardedDialog):
    """A form dialog whose Save waits until validate() returns no errors."""

    unsaved_what = "this measure"

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = Form()
        self.layout_.addWidget(self.form, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.layout_.addWidget(self.buttons)
        self.form.changed.connect(self.revalidate)
        self.revalidate()

    def validate(self) -> dict[str, str]:
        return {}

    def revalidate(self) -> dict[str, str]:
        errors = self.validate()
        self.form.show_errors(errors)
        self.save_button.setEnabled(not errors)
        return errors

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        if self.revalidate():
            return
        try:
            self.save()
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        super().accept()


class CustomMeasureDialog(_FormDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__("Add a buyer's own measure", parent)
        self.store = store
        self.resize(600, 720)
        self.layout_.insertWidget(
            0,
            label(
                "Councils often add measures of their own. Add one here in the buyer's words; "
                "record its quantities by hand.",
                "Muted",
            ),
        )
        f = self.form
        self.name = f.add("name", "Name", QLineEdit(), "As the buyer writes it.", required=True)
        self.key = f.add(
            "key",
            "Key",
            QLineEdit(),
            "A short code for exports, e.g. salford_school_visits. It cannot change later.",
            required=True,
        )
        self.unit = f.add("unit", "Unit", QLineEdit(), "hours, people, visits, £ …", required=True)
        self.kind = f.add(
            "kind",
            "Counts towards",
            combo(KINDS),
            "Local economic value: local jobs and local spend. Social value: "
            "the rest (skills, community, environment).",
        )
        set_combo(self.kind, "social")
        self.buyer = f.add("buyer", "Buyer", QLineEdit(), "Whose measure it is.")
        self.rule = f.add(
            "counting_rule",
            "How it is counted",
            QPlainTextEdit(),
            "The buyer's counting rule, so anyone can check the figure.",
        )
        self.rule.setMaximumHeight(80)
        self.valued = f.add(
            "valued", "Can be valued in £ with a proxy", QCheckBox("Can be valued in £ with a proxy")
        )
        self.valued.setChecked(True)
        self.name.textEdited.connect(self._suggest_key)
        self.finish()

    def _suggest_key(self, text: str) -> None:
        if "key" not in self.form.touched:
            slug = "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")
            self.key.setText("_".join(p for p in slug.split("_") if p)[:60])

    def data(self) -> CustomMeasureData:
        return CustomMeasureData(
            key=self.key.text().strip(),
            name=self.name.text(),
            unit=self.unit.text(),
            kind=self.kind.currentData(),
            counting_rule=self.rule.toPlainText(),
            valued=self.valued.isChecked(),
            buyer=self.buyer.text(),
        )

    def validate(self) -> dict[str, str]:
        return validate_custom_measure(self.store, self.data())

    def save(self) -> None:
        self.saved = save_custom_measure(self.store, self.data())


class MappingDialog(_FormDialog):
    def __init__(self, store: Store, measure_key: str, parent: QWidget | None = None):
        super().__init__("Map to a framework outcome", parent)
        self.store, self.measure_key = store, measure_key
        self.resize(560, 420)
        self.frameworks = load_frameworks()
        options = {k: fw.name for k, fw in self.frameworks.items()}
        options[OWN_FRAMEWORK] = "The buyer's own framework"
        f = self.form
        self.framework = f.add("framework", "Framework", combo(options))
        self.outcome = f.add(
            "outcome",
            "Outcome",
            QComboBox(),
            "Outcomes marked (unverified) use recalled wording: check it against the buyer's documents.",
        )
        self.own_name = f.add(
            "own_framework", "Framework name", QLineEdit(), "e.g. Salford social value commitments"
        )
        self.own_outcome = f.add("own_outcome", "Outcome", QLineEdit(), "e.g. Putting Salford first")
        self.framework.currentIndexChanged.connect(self._framework_changed)
        self._framework_changed()
        self.finish()

    def _framework_changed(self, *_) -> None:
        key = self.framework.currentData()
        own = key == OWN_FRAMEWORK
        self.outcome.clear()
        if not own:
            for o in self.frameworks[key].outcomes:
                flag = "" if o.verified else " (unverified)"
                self.outcome.addItem(f"{o.key}. {o.name}{flag}", o.key)
        self.outcome.setEnabled(not own)
        self.own_name.setEnabled(own)
        self.own_outcome.setEnabled(own)

    def choice(self) -> tuple[str, str]:
        if self.framework.currentData() == OWN_FRAMEWORK:
            return self.own_name.text().strip(), self.own_outcome.text().strip()
        return self.framework.currentData(), self.outcome.currentData() or ""

    def validate(self) -> dict[str, str]:
        framework, outcome = self.choice()
        errors = {}
        if self.framework.currentData() == OWN_FRAMEWORK:
            if not framework:
                errors["own_framework"] = "Name the buyer's framework."
            if not outcome:
                errors["own_outcome"] = "Type the outcome as the buyer words it."
        if not errors and any(
            m.framework == framework and m.outcome == outcome
            for m in list_mappings(self.store, self.measure_key)
        ):
            errors["outcome" if self.outcome.isEnabled() else "own_outcome"] = (
                "This measure is already mapped to that outcome."
            )
        return errors

    def save(self) -> None:
        add_mapping(self.store, self.measure_key, *self.choice())


class EntryDialog(_FormDialog):
    def __init__(self, store: Store, measure, parent: QWidget | None = None):
        super().__init__(f"Record: {measure.name}", parent)
        self.store, self.measure = store, measure
        self.resize(560, 640)
        f = self.form
        contracts = {None: "Not tied to a contract"} | {
            c.id: f"{c.reference}: {c.title}" for c in list_contracts(store)
        }
        self.contract = f.add("contract_id", "Contract", combo(contracts))
        self.day = f.add("day", "Date", OptionalDateEdit(), required=True)
        self.quantity = f.add("quantity", f"Quantity ({measure.unit})", QDoubleSpinBox(), required=True)
        self.quantity.setRange(0, 1e9)
        self.quantity.setDecimals(2)
        self.share = f.add(
            "attribution",
            "Share for this contract",
            QDoubleSpinBox(),
            "100% unless the activity also served other contracts.",
        )
        self.share.setRange(0, 100)
        self.share.setSuffix(" %")
        self.share.setValue(100)
        self.additional = f.add(
            "additional",
            "Additional",
            QCheckBox("Extra to the contract's core work (only additional activity is claimed)"),
        )
        self.additional.setChecked(True)
        self.description = f.add("description", "What happened", QLineEdit())
        self.evidence = f.add(
            "evidence_ref", "Evidence", QLineEdit(), "Where the proof is: a file name, an invoice number …"
        )
        self.finish()

    def data(self) -> EntryData:
        return EntryData(
            self.measure.key,
            self.day.value(),
            self.quantity.value(),
            self.contract.currentData(),
            self.additional.isChecked(),
            self.share.value() / 100,
            self.description.text(),
            self.evidence.text(),
        )

    def validate(self) -> dict[str, str]:
        errors = validate_entry(self.store, self.data())
        if self.quantity.value() == 0:
            errors.setdefault("quantity", "Enter the quantity delivered.")
        return errors

    def save(self) -> None:
        save_entry(self.store, self.data())


class MeasureLibraryDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Measures and the outcomes they serve")
        self.resize(1000, 640)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(
            label(
                "svdesk's measures, in the style councils use, and any a buyer "
                "adds. Each serves outcomes of the buyer's framework.",
                "Muted",
            ),
            1,
        )
        top.addWidget(primary_button("Add a buyer's measure…", self.add_measure))
        layout.addLayout(top)
        self.model = RowsModel(
            [
                Column("Measure", lambda m: m.name),
                Column("Unit", lambda m: m.unit),
                Column("Counts towards", lambda m: KINDS[m.kind]),
                Column("Outcomes", lambda m: len(m.maps_to), numeric=True),
                Column("From", lambda m: "svdesk" if m.builtin else "Buyer's own"),
            ],
            self,
        )
        self.proxy = SortFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        setup_table(self.table, self.proxy)
        self.proxy.sort(-1)
        self.table.setAccessibleName("Measures")
        split = QSplitter(Qt.Horizontal)
        split.addWidget(self.table)
        side = QWidget()
        box = QVBoxLayout(side)
        self.rule = label("Select a measure.", "HelpText")
        box.addWidget(self.rule)
        box.addWidget(label("Serves these outcomes", "SectionTitle"))
        self.mappings = QListWidget()
        self.mappings.setAccessibleName("Outcomes this measure serves")
        box.addWidget(self.mappings, 1)
        row = QHBoxLayout()
        self.map_button = QPushButton("Map to an outcome…")
        self.unmap_button = QPushButton("Remove mapping")
        self.entry_button = QPushButton("Record a quantity…")
        for b, slot in (
            (self.map_button, self.add_mapping),
            (self.unmap_button, self.remove),
            (self.entry_button, self.add_entry),
        ):
            b.clicked.connect(slot)
            row.addWidget(b)
        box.addLayout(row)
        split.addWidget(side)
        split.setSizes([560, 420])
        layout.addWidget(split, 1)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_selected())
        self.refresh()

    def refresh(self, key: str | None = None) -> None:
        self.model.set_rows(list_measures(self.store))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 280))
        for row in range(self.proxy.rowCount()):
            if self.model.row(self.proxy.mapToSource(self.proxy.index(row, 0)).row()).key == key:
                self.table.selectRow(row)
        self.show_selected()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def show_selected(self) -> None:
        m = self.selected()
        self.mappings.clear()
        for b in (self.map_button, self.unmap_button, self.entry_button):
            b.setEnabled(m is not None)
        if m is None:
            self.rule.setText("Select a measure to see how it is counted and what it serves.")
            return
        self.rule.setText(f"{m.name} ({m.unit}). How it is counted: {m.counting_rule or '—'}")
        for mapping in list_mappings(self.store, m.key):
            text = describe_mapping(f"{mapping.framework}:{mapping.outcome}")
            item = QListWidgetItem(text + ("" if mapping.builtin else "  · added by you"))
            item.setData(Qt.UserRole, mapping.id)
            self.mappings.addItem(item)
        # hand entries only where no records area counts the measure (never twice)
        self.entry_button.setEnabled(source_for(m.key) is None and not m.builtin)

    def add_measure(self) -> None:
        dialog = CustomMeasureDialog(self.store, self)
        if dialog.exec():
            self.refresh(dialog.saved.key)

    def add_mapping(self) -> None:
        m = self.selected()
        if m and MappingDialog(self.store, m.key, self).exec():
            self.refresh(m.key)

    def remove(self) -> None:
        m, item = self.selected(), self.mappings.currentItem()
        if m and item is not None and item.data(Qt.UserRole) is not None:
            remove_mapping(self.store, item.data(Qt.UserRole))
            self.refresh(m.key)

    def add_entry(self) -> None:
        m = self.selected()
        if m:
            EntryDialog(self.store, m, self).exec()
