"""“Where does this number come from?”: one figure's counting rule, proxy and every record
behind it, including the records listed but not claimed and why."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.evidence_tier import figure_tier
from svdesk.calc.framework_refs import measure_refs, refs_text
from svdesk.calc.frameworks import load_frameworks
from svdesk.calc.value_coverage import citation
from svdesk.formatting import format_money, format_quantity
from svdesk.services.measures import MeasureFigure
from svdesk.ui import record_openers  # noqa: F401  (registers how each record opens)
from svdesk.ui.record_links import open_record
from svdesk.ui.table_model import ROW_ROLE, Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import label


def _evidence(c) -> str:
    return {True: "Yes", False: "Missing", None: "—"}[c.evidenced]


def columns(unit: str) -> list[Column]:
    """The drill-down's columns; what each record counts is in the measure's unit (money as
    £1,234.56)."""
    return [
        Column("Record", lambda c: c.label or c.ref, tooltip=lambda c: c.ref),
        Column(
            "Counted",
            lambda c: c.quantity,
            lambda c: format_quantity(c.quantity, unit, with_unit=False),
            numeric=True,
        ),
        Column("Claimed", lambda c: c.claimed, lambda c: "Yes" if c.claimed else "No"),
        Column("How, or why not", lambda c: c.reason),
        Column("Group", lambda c: c.group or ""),
        Column("Evidence", _evidence),
    ]


def describe_mapping(ref: str) -> str:
    fw_key, _, outcome = ref.partition(":")
    fw = load_frameworks().get(fw_key)
    found = fw.outcome(outcome) if fw else None
    if found is None:
        return f"{fw_key}: {outcome}"
    flag = "" if found.verified else " (wording unverified)"
    return f"{fw.short_name} outcome {outcome}: {found.name}{flag}"


class FigureDetailDialog(QDialog):
    """scope: the contract and period the figure is for, in words, when the dialog is opened
    from somewhere that does not show them (a commitment's quarter)."""

    def __init__(self, figure: MeasureFigure, parent: QWidget | None = None, scope: str = ""):
        super().__init__(parent)
        self.figure = figure
        self.store = getattr(parent, "store", None)
        self.setWindowTitle(f"Where this comes from: {figure.name}")
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(label(figure.name, "SectionTitle"))
        self.scope = label(scope, "Muted")
        self.scope.setVisible(bool(scope))
        layout.addWidget(self.scope)
        value = (
            format_money(figure.value_pence)
            if figure.value_pence is not None
            else ("not valued in £" if not figure.valued else "no £ value (no proxy value)")
        )
        quantity = format_quantity(figure.quantity, figure.unit)
        tier = figure_tier(figure)
        layout.addWidget(
            label(f"{quantity} · {value} · {figure.records} records claimed · Evidence: {tier.label}")
        )
        if tier.missing:
            layout.addWidget(
                label(
                    f"{tier.missing} of the {tier.records} records behind this "
                    "figure have no evidence attached: attach it before sending "
                    "(the “Evidence” column below says which).",
                    "HelpText",
                )
            )
        layout.addWidget(label(f"How it is counted: {figure.counting_rule}", "HelpText"))
        if figure.proxy is not None:
            p = figure.proxy
            layout.addWidget(
                label(
                    f"Proxy value {format_money(p.pence_per_unit)} per unit ({figure.unit}): "
                    f"{citation(p)}. Checked: {p.checked_by or '—'}",
                    "HelpText",
                )
            )
        codes = [
            f"{col}: {refs_text(refs, buyer=False)}" for col, refs in measure_refs(figure).items() if refs
        ]
        if codes:  # unverified wording is marked here; documents leave it out
            layout.addWidget(label("Codes it answers: " + " · ".join(codes), "HelpText"))
        if figure.note:
            layout.addWidget(label(f"Note: {figure.note}", "HelpText"))
        self.model = RowsModel(columns(figure.unit), self)
        self.model.set_rows(figure.contributions)
        proxy = SortFilterModel(self)
        proxy.setSourceModel(self.model)
        self.table = QTableView()
        setup_table(self.table, proxy)
        proxy.sort(-1)  # the order the rule looked at them
        self.table.setAccessibleName("Records behind this figure")
        self.table.doubleClicked.connect(lambda index: open_record(self, index.data(ROW_ROLE).ref))
        layout.addWidget(self.table, 1)
        if not figure.contributions:
            layout.addWidget(
                label(
                    "No records are behind this figure yet: record the activity "
                    "in its area and it will appear here.",
                    "Muted",
                )
            )
        self._additionality(layout)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.resizeColumnsToContents()

    # --- records not yet confirmed as additional ---------------------------------------------

    def _additionality(self, layout) -> None:
        """Records left out only because nobody said whether they are additional: the user
        confirms or excludes them here (documents list them as "recorded, not claimed")."""
        from svdesk.services.additionality import unconfirmed

        self.changed = False  # an answer was saved: the page counts again on close
        waiting = unconfirmed([self.figure])
        self.unconfirmed_note = label("", "HelpText")
        row = QHBoxLayout()
        row.addWidget(self.unconfirmed_note, 1)
        self.confirm_button = QPushButton("Claim as additional")
        self.confirm_button.setToolTip(
            "This work is additional to the contract's core deliverables: count it in the figure"
        )
        self.exclude_button = QPushButton("Not additional")
        self.exclude_button.setToolTip("Part of the core deliverables: keep the record, never claim it")
        self.confirm_button.clicked.connect(lambda: self.answer(True))
        self.exclude_button.clicked.connect(lambda: self.answer(False))
        row.addWidget(self.confirm_button)
        row.addWidget(self.exclude_button)
        self.additionality_row = QWidget()
        self.additionality_row.setLayout(row)
        self.additionality_row.setVisible(bool(waiting))
        layout.addWidget(self.additionality_row)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def _selected(self) -> list:
        from svdesk.services.additionality import is_unconfirmed

        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        model = self.table.model()
        picked = [model.index(r, 0).data(ROW_ROLE) for r in sorted(rows)]
        return [c for c in picked if c is not None and is_unconfirmed(c)]

    def _selection_changed(self, *_) -> None:
        from svdesk.services.additionality import unconfirmed

        left = len(unconfirmed([self.figure]))
        chosen = self._selected()
        self.unconfirmed_note.setText(
            f"{left} record{'s are' if left != 1 else ' is'} not claimed until you say whether "
            "the work is additional to the contract's core deliverables. "
            + ("Choose one in the table." if not chosen else f"{len(chosen)} chosen.")
        )
        self.confirm_button.setEnabled(bool(chosen) and self.store is not None)
        self.exclude_button.setEnabled(bool(chosen) and self.store is not None)

    def answer(self, additional: bool) -> None:
        """Save the answer for the chosen records; the figure is counted again on close."""
        from svdesk.services.additionality import set_additional
        from svdesk.services.validation import ValidationError

        for c in self._selected():
            try:
                set_additional(self.store, c.ref, additional)
            except ValidationError as exc:
                QMessageBox.information(self, "Open the record", " ".join(exc.errors.values()))
                continue
            c.reason = (
                "Confirmed as additional: counted when the figures are next worked out."
                if additional
                else "Marked not additional: listed, not claimed."
            )
            self.changed = True
        self.model.set_rows(self.figure.contributions)
        self._selection_changed()
