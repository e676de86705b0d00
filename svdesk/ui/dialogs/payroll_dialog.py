"""Import people from a payroll export: choose the file, check or change the column mapping,
see what will be imported and what is rejected (row, column, reason), then import all at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from svdesk.formatting import format_date, format_money
from svdesk.importers import payroll
from svdesk.services.contracts import list_contracts
from svdesk.services.people_import import import_people, preview_people
from svdesk.ui.records.keyed_combo import combo
from svdesk.ui.widgets import label


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.NoEditTriggers)
    return table


class PayrollImportDialog(QDialog):
    def __init__(self, store, parent=None, path: Path | None = None):
        super().__init__(parent)
        self.store = store
        self.path: Path | None = None
        self.preview: payroll.Preview | None = None
        self.result = None
        self.setWindowTitle("Import people from payroll")
        self.resize(900, 700)
        outer = QVBoxLayout(self)
        outer.addWidget(label(
            "Export your employees from your payroll program (BrightPay, or any CSV or Excel "
            "file) and choose it here. Names, NI numbers, birth dates, addresses and bank "
            "details are dropped as the file is read: svdesk never stores them.", "Muted"))
        row = QHBoxLayout()
        self.file_label = QLabel("No file chosen")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self.choose)
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        outer.addLayout(row)
        self.mapping_box = QGroupBox("Columns: which column holds what")
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping: dict[str, object] = {}
        outer.addWidget(self.mapping_box)
        self.status = label("", "SectionTitle")
        outer.addWidget(self.status)
        self.dropped = label("", "HelpText")
        outer.addWidget(self.dropped)
        self.rows_table = _table(["Row", "Reference", "Postcode", "Start", "Leave",
                                  "Hours a week", "Pay", "New or update"])
        outer.addWidget(self.rows_table, 2)
        self.rejected_table = _table(["Row", "Column", "Why it was rejected"])
        outer.addWidget(self.rejected_table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Put everyone imported on"))
        options = {None: "No contract (choose later)"}
        options.update({c.id: f"{c.reference}: {c.title}" for c in list_contracts(store)})
        self.contract = combo(options)
        bottom.addWidget(self.contract, 1)
        outer.addLayout(bottom)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.Ok)
        self.import_button.setText("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.mapping_box.setVisible(False)
        if path:
            self.load(path)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a payroll export", "",
                                              "Payroll exports (*.csv *.xlsx);;All files (*)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(path.name)
        try:
            headers = payroll.read_headers(path)
        except payroll.PayrollFileError as exc:
            self.mapping_box.setVisible(False)
            self._fail(str(exc))
            return
        self._build_mapping(headers)
        self.reread()

    def _build_mapping(self, headers: list[str]) -> None:
        while self.mapping_grid.count():
            self.mapping_grid.takeAt(0).widget().deleteLater()
        auto = payroll.auto_mapping(headers)
        usable = [h for h in headers if not payroll.is_personal(h)]
        self.mapping = {}
        for i, (name, caption) in enumerate(payroll.FIELD_LABELS.items()):
            widget = combo({None: "Not in this file", **{h: h for h in usable}})
            index = widget.findData(auto.get(name))
            widget.setCurrentIndex(max(index, 0))
            widget.currentIndexChanged.connect(self.reread)
            self.mapping_grid.addWidget(QLabel(caption + (" *" if name in payroll.REQUIRED
                                                         else "")), i // 3, (i % 3) * 2)
            self.mapping_grid.addWidget(widget, i // 3, (i % 3) * 2 + 1)
            self.mapping[name] = widget
        self.mapping_box.setVisible(True)

    def reread(self) -> None:
        mapping = {n: w.currentData() for n, w in self.mapping.items() if w.currentData()}
        try:
            self.preview = preview_people(self.store, self.path, mapping)
        except payroll.PayrollFileError as exc:
            self._fail(str(exc))
            return
        p = self.preview
        rejected_rows = len({r.row for r in p.rejected})
        self.status.setText(f"{p.rows_read} rows read · {len(p.rows)} to import "
                            f"({p.new_count} new, {p.update_count} to update) · "
                            f"{rejected_rows} rejected")
        self.dropped.setText(("Dropped, never stored: " + ", ".join(p.dropped_columns))
                             if p.dropped_columns else "No personal columns found.")
        self.rows_table.setRowCount(len(p.rows))
        for i, r in enumerate(p.rows):
            values = [str(r.row), r.reference, r.postcode, format_date(r.start_date, short=True),
                      format_date(r.leave_date, short=True),
                      "" if r.weekly_hours is None else f"{r.weekly_hours:g}",
                      format_money(r.hourly_rate_pence) + " an hour" if r.hourly_rate_pence
                      else (format_money(r.annual_salary_pence) + " a year"
                            if r.annual_salary_pence else ""),
                      "Update" if r.update else "New"]
            for j, v in enumerate(values):
                self.rows_table.setItem(i, j, QTableWidgetItem(v))
        self.rejected_table.setRowCount(len(p.rejected))
        for i, problem in enumerate(p.rejected):
            for j, v in enumerate((str(problem.row), problem.column, problem.reason)):
                self.rejected_table.setItem(i, j, QTableWidgetItem(v))
        self.rows_table.resizeColumnsToContents()
        self.rejected_table.resizeColumnsToContents()
        self.import_button.setEnabled(bool(p.rows))
        self.import_button.setText(f"Import {len(p.rows)} people" if p.rows else "Import")

    def _fail(self, message: str) -> None:
        self.preview = None
        self.status.setText("This file cannot be imported")
        self.dropped.setText(message)
        self.rows_table.setRowCount(0)
        self.rejected_table.setRowCount(0)
        self.import_button.setEnabled(False)

    def accept(self) -> None:
        if not self.preview or not self.preview.rows:
            return
        self.result = import_people(self.store, self.preview, self.contract.currentData())
        super().accept()
