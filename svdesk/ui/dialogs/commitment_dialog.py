"""Add or edit a commitment: the measure, the number, per year or over the term, the quarterly
milestones, the named owner and the method. Validates as the user types; Save waits until valid."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.commitments import BASES, DIRECTIONS
from svdesk.services.commitments import (
    CommitmentData,
    format_milestones,
    list_commitments,
    parse_milestones,
    save_commitment,
    validate_commitment,
)
from svdesk.services.contracts import list_contracts
from svdesk.services.measure_library import list_measures
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError
from svdesk.ui.dialogs.conflict_dialog import save_asking, show_theirs
from svdesk.ui.forms import Form, combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label


class CommitmentDialog(GuardedDialog):
    unsaved_what = "this commitment"

    def __init__(
        self,
        store: Store,
        commitment: CommitmentData | None = None,
        parent: QWidget | None = None,
        contract_id: int | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.original = commitment or CommitmentData(contract_id=contract_id)
        self.saved: CommitmentData | None = None
        self.setWindowTitle("Edit commitment" if self.original.id else "Add a commitment")
        self.resize(680, 780)
        self.measures = {m.key: m for m in list_measures(store)}

        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "Buyers score commitments that are specific, measurable and "
                "timed: a number, a unit, a date and a named owner.",
                "Muted",
            )
        )
        form = self.form = Form()
        contracts = {c.id: f"{c.reference}: {c.title}" for c in list_contracts(store)}
        self.contract = form.add("contract_id", "Contract", combo(contracts), required=True)
        self.measure = form.add(
            "measure_key", "Measure", combo({k: m.name for k, m in self.measures.items()}), required=True
        )
        self.target = form.add(
            "target",
            "Target",
            QDoubleSpinBox(),
            "The number you promise, in the measure's unit.",
            required=True,
        )
        self.target.setRange(0, 1e9)
        self.target.setDecimals(2)
        self.basis = form.add("basis", "The target is", combo(BASES))
        self.direction = form.add(
            "direction", "Deliver", combo(DIRECTIONS), "“At most” for limits such as emissions."
        )
        self.milestones = form.add(
            "milestones",
            "Quarterly milestones",
            QLineEdit(),
            "Optional: the total due by the end of a contract quarter, e.g. “Q2: 40, Q4: 120”. "
            "Quarters without one expect the target spread evenly over the term.",
        )
        self.owner = form.add(
            "owner",
            "Owner",
            QLineEdit(),
            "The named person responsible (your social value champion).",
            required=True,
        )
        self.owner_role = form.add(
            "owner_role",
            "Owner's role",
            QLineEdit(),
            "What documents print instead of the name, e.g. “Operations manager”.",
        )
        self.owner_named = form.add(
            "owner_named",
            "Naming",
            QCheckBox("This person agreed to be named in documents sent to buyers"),
            "Unticked, documents show the role only.",
        )
        self.method = form.add(
            "method",
            "Method",
            QPlainTextEdit(),
            "How you will deliver and evidence it, in a sentence or two.",
        )
        self.method.setMinimumHeight(70)
        self.method.setMaximumHeight(100)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.addWidget(form)
        inner.addStretch(1)
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)
        self.rule = label("", "HelpText")  # the measure's counting rule, in words
        outer.addWidget(self.rule)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self._load(self.original)
        form.changed.connect(self._revalidate)
        self._revalidate()

    def _load(self, c: CommitmentData) -> None:
        set_combo(self.contract, c.contract_id)
        set_combo(self.measure, c.measure_key or next(iter(self.measures)))
        self.target.setValue(c.target or 0)
        set_combo(self.basis, c.basis)
        set_combo(self.direction, c.direction)
        self.milestones.setText(format_milestones(c.milestones))
        self.owner.setText(c.owner)
        self.owner_role.setText(c.owner_role)
        self.owner_named.setChecked(c.owner_named)
        self.method.setPlainText(c.method)

    def data(self) -> CommitmentData:
        try:
            milestones = parse_milestones(self.milestones.text())
        except ValueError:
            milestones = dict(self.original.milestones)
        return replace(
            self.original,
            contract_id=self.contract.currentData(),
            measure_key=self.measure.currentData(),
            target=self.target.value(),
            basis=self.basis.currentData(),
            direction=self.direction.currentData(),
            milestones=milestones,
            owner=self.owner.text(),
            owner_role=self.owner_role.text(),
            owner_named=self.owner_named.isChecked(),
            method=self.method.toPlainText(),
        )

    def errors(self) -> dict[str, str]:
        errors = validate_commitment(self.store, self.data())
        try:
            parse_milestones(self.milestones.text())
        except ValueError as exc:
            errors["milestones"] = str(exc)
        return errors

    def _revalidate(self) -> dict[str, str]:
        measure = self.measures.get(self.measure.currentData())
        if measure is not None:
            self.target.setSuffix(f" {measure.unit}")
            self.rule.setText(f"How {measure.name.lower()} is counted: {measure.counting_rule}")
        errors = self.errors()
        self.form.show_errors(errors)
        self.save_button.setEnabled(not errors)
        self.save_button.setToolTip("" if not errors else "Fix the fields marked in red first.")
        return errors

    def accept(self) -> None:
        errors = self._revalidate()
        if errors:
            self.form.show_errors(errors, all_fields=True)
            return
        data = self.data()
        try:
            saved = save_asking(
                self,
                lambda over: save_commitment(self.store, data, over=over),
                captions={"measure_key": "measure", "contract_id": "contract", "owner_named": "owner named"},
                choices={"basis": BASES, "direction": DIRECTIONS},
                take_theirs=self._take_theirs,
                save_as_new=lambda: save_commitment(self.store, replace(data, id=None, row_version=None)),
            )
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        if saved is None:  # took theirs, or back to editing
            return
        self.saved = saved
        super().accept()

    def _take_theirs(self, _conflict) -> None:
        """Their version replaces what was typed (or, if they deleted it, the form closes)."""
        fresh = None
        if self.original.id is not None:
            fresh = next((c for c in list_commitments(self.store) if c.id == self.original.id), None)
        show_theirs(self, fresh)
