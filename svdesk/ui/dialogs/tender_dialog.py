"""Tender response builder: the buyer's question and limit, the commitments to offer, a drafted
answer to edit with live word and character counts, saved for export (PDF, Word, schedule, text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svdesk.exports import sources
from svdesk.exports.build_common import ExportRequest, resolve
from svdesk.exports.tender_response import draft_text
from svdesk.exports.tender_spec import (
    TIMINGS,
    TenderCommitment,
    TenderSpec,
    load_spec,
    save_spec,
    spec_from_commitments,
)
from svdesk.exports.textcount import count
from svdesk.ui import style
from svdesk.ui.forms import Form, combo, set_combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import confirm, label, primary_button

COLUMNS = ["Measure", "Target", "Unit", "Timing", "Lead (role)", "Partners", "How measured", "Evidence"]


def _measures(store) -> list:
    lib = sources._module("svdesk.services.measure_library")
    return lib.list_measures(store) if lib is not None else []


class TenderDialog(GuardedDialog):
    unsaved_what = "this tender"

    def __init__(self, store, contract, parent=None):
        super().__init__(parent)
        self.store, self.contract = store, contract
        self.setWindowTitle(f"Tender response · {contract.reference}")
        self.resize(1100, 780)
        self.ctx = resolve(store, ExportRequest("tender", contract_id=contract.id))
        spec = load_spec(store, contract.reference) or spec_from_commitments(self.ctx)
        self.measures = {m.key: m for m in _measures(store)}

        layout = QVBoxLayout(self)
        layout.addWidget(
            label(f"{contract.reference} · {contract.title} for {contract.buyer}", "SectionTitle")
        )
        self.form = Form(columns=3)
        self.question = self.form.add(
            "question",
            "The buyer's question",
            QLineEdit(),
            "Paste the question; it is not counted in the answer.",
            span=3,
        )
        self.framework = self.form.add("framework", "Framework", QLineEdit())
        self.outcomes = self.form.add(
            "outcomes",
            "Outcomes or MACs targeted",
            QLineEdit(),
            "e.g. MAC 2.2; MAC 4.1 (PPN 06/20) or Outcome 6 (PPN 002)",
        )
        # The name and role, and under them whether the person agreed to be named: unticked,
        # documents print the role (what follows the comma) instead of the name.
        champion_box = QWidget()
        champion_rows = QVBoxLayout(champion_box)
        champion_rows.setContentsMargins(0, 0, 0, 0)
        champion_rows.setSpacing(2)
        self.champion = QLineEdit()
        self.champion.setAccessibleName("Social value champion")
        self.champion_named = QCheckBox("Agreed to be named (else the role is shown)")
        champion_rows.addWidget(self.champion)
        champion_rows.addWidget(self.champion_named)
        self.form.add(
            "champion",
            "Social value champion",
            champion_box,
            "The named person and role who leads delivery, e.g. “Dawn Okafor, operations manager”.",
        )
        limit_row = QWidget()
        row = QHBoxLayout(limit_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.limit = QSpinBox()
        self.limit.setRange(0, 100_000)
        self.limit.setSpecialValueText("No limit")
        self.limit.setAccessibleName("Limit")
        self.limit_unit = combo({"words": "words", "characters": "characters"})
        self.limit_unit.setAccessibleName("Limit counts")
        row.addWidget(self.limit)
        row.addWidget(self.limit_unit)
        self.form.add(
            "limit",
            "Limit",
            limit_row,
            "PPN 002 questions limit words; PPN 06/20 questions limit characters.",
        )
        layout.addWidget(self.form)

        split = QSplitter(Qt.Vertical)
        top = QWidget()
        tbox = QVBoxLayout(top)
        tbox.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(label("Commitments to offer", "SectionTitle"), 1)
        self.add_button = QPushButton("Add a commitment")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(lambda: self.add_row(TenderCommitment()))
        self.remove_button.clicked.connect(self.remove_row)
        tools.addWidget(self.add_button)
        tools.addWidget(self.remove_button)
        tbox.addLayout(tools)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Commitments")
        for col, width in enumerate((250, 70, 80, 190, 140, 140, 160)):
            self.table.setColumnWidth(col, width)
        tbox.addWidget(self.table)
        split.addWidget(top)

        bottom = QWidget()
        bbox = QVBoxLayout(bottom)
        bbox.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(label("Your answer", "SectionTitle"), 1)
        self.draft_button = QPushButton("Draft the answer from the commitments")
        self.draft_button.clicked.connect(self.draft)
        head.addWidget(self.draft_button)
        bbox.addLayout(head)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Answer")
        self.editor.setPlaceholderText(
            "Press “Draft the answer” to start from your commitments and records, then edit the words freely."
        )
        bbox.addWidget(self.editor, 1)
        self.counter = label("", "HelpText")
        bbox.addWidget(self.counter)
        split.addWidget(bottom)
        split.setSizes([260, 420])
        layout.addWidget(split, 1)

        buttons = QDialogButtonBox()
        self.save_button = primary_button("Save the response")
        buttons.addButton(self.save_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(QDialogButtonBox.Cancel)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.editor.textChanged.connect(self.update_count)
        self.limit.valueChanged.connect(self.update_count)
        self.limit_unit.currentIndexChanged.connect(self.update_count)
        self.load(spec)

    # --- spec <-> widgets -------------------------------------------------------------------

    def load(self, spec: TenderSpec) -> None:
        self.question.setText(spec.question)
        self.framework.setText(spec.framework or self.contract.framework_label)
        self.outcomes.setText(spec.outcomes)
        self.champion.setText(spec.champion)
        self.champion_named.setChecked(spec.champion_named)
        self._champion_role = spec.champion_role
        self.limit.setValue(spec.limit or 0)
        set_combo(self.limit_unit, spec.limit_unit)
        self.table.setRowCount(0)
        for item in spec.commitments:
            self.add_row(item)
        self.editor.setPlainText(spec.draft)
        self.update_count()

    def add_row(self, item: TenderCommitment) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        measure = QComboBox()
        measure.setEditable(not self.measures)
        for key, m in self.measures.items():
            measure.addItem(m.name, key)
        key = item.measure_key or next(
            (k for k, m in self.measures.items() if m.name == item.measure_name), ""
        )
        if key and measure.findData(key) < 0:
            measure.addItem(item.measure_name or key, key)
        elif not key and item.measure_name and self.measures:
            measure.addItem(item.measure_name, "")  # a buyer's own wording, kept
            key = ""
            measure.setCurrentIndex(measure.count() - 1)
        if key:
            set_combo(measure, key)
        elif not self.measures and item.measure_name:
            measure.setEditText(item.measure_name)
        measure.currentIndexChanged.connect(lambda *_, w=measure: self._measure_changed(w))
        self.table.setCellWidget(r, 0, measure)
        timing = combo(TIMINGS)
        set_combo(timing, item.timing)
        self.table.setCellWidget(r, 3, timing)
        values = {
            1: f"{item.target:g}" if item.target else "",
            2: item.unit,
            4: item.owner,
            5: item.partners,
            6: item.how_measured,
            7: item.evidence,
        }
        for col, text in values.items():
            self.table.setItem(r, col, QTableWidgetItem(text))
        if not item.unit:
            self._measure_changed(measure)

    def _measure_changed(self, widget: QComboBox) -> None:
        for r in range(self.table.rowCount()):
            if self.table.cellWidget(r, 0) is widget:
                m = self.measures.get(widget.currentData())
                if m is not None:
                    self.table.setItem(r, 2, QTableWidgetItem(m.unit))

    def remove_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)

    def _text(self, r: int, c: int) -> str:
        item = self.table.item(r, c)
        return item.text().strip() if item else ""

    def spec(self) -> TenderSpec:
        items = []
        for r in range(self.table.rowCount()):
            measure = self.table.cellWidget(r, 0)
            key = measure.currentData() or ""
            name = measure.currentText().strip()
            try:
                target = float(self._text(r, 1).replace(",", "") or 0)
            except ValueError:
                target = 0.0
            items.append(
                TenderCommitment(
                    key,
                    name,
                    self._text(r, 2),
                    target,
                    self.table.cellWidget(r, 3).currentData(),
                    self._text(r, 4),
                    self._text(r, 5),
                    self._text(r, 6),
                    self._text(r, 7),
                )
            )
        return TenderSpec(
            self.contract.reference,
            self.question.text().strip(),
            self.framework.text().strip(),
            self.outcomes.text().strip(),
            self.limit.value() or None,
            self.limit_unit.currentData(),
            self.champion.text().strip(),
            items,
            self.editor.toPlainText(),
            champion_role=getattr(self, "_champion_role", ""),
            champion_named=self.champion_named.isChecked(),
        )

    # --- actions ------------------------------------------------------------------------------

    def draft(self) -> None:
        if self.editor.toPlainText().strip() and not confirm(
            self,
            "Replace the answer",
            "Replace your edited answer with a new draft from the commitments? Your edits will be lost.",
            "Replace the answer",
        ):
            return
        spec = self.spec()
        spec.draft = ""
        self.editor.setPlainText(draft_text(self.ctx, spec))

    def update_count(self, *_) -> None:
        c = count(self.editor.toPlainText(), self.limit.value() or None, self.limit_unit.currentData())
        self.counter.setText(c.describe())
        colour = style.ERROR if c.over else style.TEXT_MUTED
        self.counter.setStyleSheet(f"color: {colour}; font-weight: {600 if c.over else 400};")

    def save(self) -> None:
        self.saved_path = save_spec(self.store, self.spec())
        self.accept()
