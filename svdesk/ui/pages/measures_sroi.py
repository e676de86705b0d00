"""The optional SROI view on the Figures page: per-measure deadweight, displacement,
attribution and drop-off, the discount rate (a setting), present value and the ratio."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_money
from svdesk.services.measure_library import discount_rate, set_discount_rate
from svdesk.services.sroi import AssumptionData, list_assumptions, save_assumption, sroi_view
from svdesk.ui.forms import Form, MoneyEdit
from svdesk.ui.table_model import Column, RowsModel, setup_table
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label

_SHARES = (
    ("deadweight", "Deadweight", "What would have happened anyway."),
    ("displacement", "Displacement", "Benefit merely moved from somewhere else."),
    ("attribution", "Attribution to others", "The part owed to partners or others."),
    ("drop_off", "Drop-off each later year", "How much of the effect fades each year."),
)


class AssumptionDialog(GuardedDialog):
    unsaved_what = "this assumption"

    def __init__(self, store, data: AssumptionData, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.data = store, data
        self.setWindowTitle(f"SROI assumptions: {name}")
        layout = QVBoxLayout(self)
        form = Form()
        self.spins: dict[str, QDoubleSpinBox] = {}
        for field, caption, help_text in _SHARES:
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(getattr(data, field) * 100)
            self.spins[field] = form.add(field, caption, spin, help_text)
        self.years = form.add("years", "Years the effect lasts", QSpinBox())
        self.years.setRange(1, 30)
        self.years.setValue(data.years)
        layout.addWidget(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = {f: self.spins[f].value() / 100 for f, _c, _h in _SHARES}
        self.data = save_assumption(
            self.store,
            AssumptionData(self.data.measure_key, self.data.contract_id, years=self.years.value(), **values),
        )
        super().accept()


class SroiPanel(QWidget):
    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.scope: tuple = (None, None, None)
        self.figures = None
        self.names: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "Social return on investment (Cabinet Office guide): each valued figure, less what "
                "would have happened anyway (deadweight), what moved from elsewhere (displacement) "
                "and what is owed to others (attribution), fading by the drop-off each later year, "
                "discounted to today. Optional: most buyers ask for the figures, not the ratio.",
                "HelpText",
            )
        )
        row = QHBoxLayout()
        self.inputs = MoneyEdit()
        self.inputs.setAccessibleName("Value of inputs")
        self.inputs.setToolTip(
            "What delivering the social value cost you (staff time, materials, donations)."
        )
        self.rate = QDoubleSpinBox()
        self.rate.setRange(0, 20)
        self.rate.setDecimals(2)
        self.rate.setSuffix(" %")
        self.rate.setAccessibleName("Discount rate")
        self.rate.setToolTip(
            "HM Treasury Green Book: 3.5% for years 0–30 (3.0% to 75, 2.5% "
            "after). Under review since Dec 2025, so it is a setting."
        )
        row.addWidget(label("Value of inputs", wrap=False))
        row.addWidget(self.inputs)
        row.addWidget(label("Discount rate (years 0–30)", wrap=False))
        row.addWidget(self.rate)
        self.edit_button = QPushButton("Assumptions…")
        self.edit_button.clicked.connect(self.edit_selected)
        row.addStretch(1)
        row.addWidget(self.edit_button)
        layout.addLayout(row)
        self.model = RowsModel(
            [
                Column("Measure", lambda r: self.names.get(r.measure_key, r.measure_key)),
                Column(
                    "Gross value",
                    lambda r: r.gross_pence,
                    lambda r: format_money(round(r.gross_pence)),
                    numeric=True,
                ),
                Column(
                    "Net, year 1",
                    lambda r: r.first_year_pence,
                    lambda r: format_money(round(r.first_year_pence)),
                    numeric=True,
                ),
                Column("Years", lambda r: len(r.yearly_pence), numeric=True),
                Column(
                    "Present value",
                    lambda r: r.present_value_pence,
                    lambda r: format_money(round(r.present_value_pence)),
                    numeric=True,
                ),
                Column("Assumptions", lambda r: self._assumption_text(r.measure_key)),
            ],
            self,
        )
        self.table = QTableView()
        setup_table(self.table, self.model)
        self.table.setAccessibleName("SROI by measure")
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        layout.addWidget(self.table, 1)
        self.result = label("", "SectionTitle")
        layout.addWidget(self.result)
        self.note = label("", "HelpText")
        layout.addWidget(self.note)
        self.rate.setValue(discount_rate(store) * 100)
        self.rate.valueChanged.connect(self._rate_changed)
        self.inputs.textEdited.connect(lambda *_: self.recompute())

    def _assumption_text(self, key: str) -> str:
        a = self.assumptions.get(key)
        if a is None:
            return "none set (all 0%, 1 year)"
        return (
            f"deadweight {a.deadweight:.0%}, displacement {a.displacement:.0%}, "
            f"attribution {a.attribution:.0%}, drop-off {a.drop_off:.0%}"
        )

    def _rate_changed(self, value: float) -> None:
        set_discount_rate(self.store, value / 100)
        self.recompute()

    def set_scope(self, contract_id, start: date | None, end: date | None, figures) -> None:
        """Show the SROI of figures already computed for this contract and period."""
        self.scope, self.figures = (contract_id, start, end), figures
        self.names = {f.key: f.name for f in figures}
        self.recompute()

    def recompute(self) -> None:
        contract_id, start, end = self.scope
        self.assumptions = list_assumptions(self.store, contract_id)
        view = sroi_view(self.store, self.inputs.value() or 0, contract_id, start, end, self.figures)
        self.view = view
        self.model.set_rows(list(view.result.lines))
        self.table.resizeColumnsToContents()
        pv = format_money(round(view.result.present_value_pence))
        if view.result.ratio is None:
            self.result.setText(f"Present value {pv} · enter the value of inputs for a ratio")
        else:
            self.result.setText(
                f"Present value {pv} · £{view.result.ratio:,.2f} of value for every £1 of inputs"
            )
        left = [self.names.get(k, k) for k in view.left_out]
        self.note.setText(
            ("Left out (no proxy value): " + ", ".join(left) + ".")
            if left
            else ("No valued figures yet: add proxy values or records." if not view.result.lines else "")
        )

    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        line = self.model.row(rows[0].row())
        current = self.assumptions.get(line.measure_key) or AssumptionData(line.measure_key)
        data = AssumptionData(**{**current.__dict__, "contract_id": self.scope[0], "id": None})
        if AssumptionDialog(self.store, data, self.names.get(line.measure_key, ""), self).exec():
            self.recompute()
