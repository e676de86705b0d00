"""Fill a buyer's own return template or calculator (svdesk.exports.buyer_template): choose the
workbook and the quarter, check how svdesk matched the template's rows to measures (correct any,
choose one for each row it could not match, or leave a row blank), then fill. The matches are
saved as the buyer's mapping file, so next quarter needs no checking; the file can be shared
with other suppliers of the same buyer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.commitments import contract_quarters
from svdesk.calc.time_spans import Window
from svdesk.exports import buyer_template as bt
from svdesk.formatting import format_date
from svdesk.services.measure_library import list_measures
from svdesk.services.organisation import get_organisation
from svdesk.ui import tasks
from svdesk.ui.forms import Form
from svdesk.ui.unsaved import KEEP_AND_FINISH, GuardedDialog
from svdesk.ui.widgets import label

UNCHOSEN = "?"


def _file_row(edit: QLineEdit, pick) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    button = QPushButton("Choose…")
    button.clicked.connect(pick)
    layout.addWidget(button)
    return row


class BuyerWorkbookDialog(GuardedDialog):
    unsaved_what = "the files and quarter you chose"
    unsaved_hint = KEEP_AND_FINISH

    def __init__(self, store, contract, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.store, self.contract = store, contract
        self.today = today or date.today()
        org = get_organisation(store)
        self.fy_start = org.year_start_month if org else 4
        self.preview: bt.Preview | None = None
        self.result: bt.FillResult | None = None
        self.setWindowTitle(f"Fill the buyer's workbook: {contract.reference}")
        self.resize(820, 640)
        self.measures = {m.key: m.name for m in list_measures(store)}

        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "svdesk fills only the cells for this quarter's figures (and any “to date”, "
                "commentary and corrective action columns); every formula, format and other cell "
                "of the buyer's workbook stays as it was.",
                "Muted",
            )
        )
        form = Form()
        self.template = QLineEdit()
        self.template.setAccessibleName("Buyer's workbook")
        form.add(
            "template",
            "The buyer's workbook (.xlsx)",
            _file_row(self.template, self.pick_template),
            required=True,
        )
        self.quarter = form.add("quarter", "Quarter", QComboBox())
        quarters = (
            contract_quarters(Window(contract.start_date, contract.end_date))
            if contract.start_date and contract.end_date
            else []
        )
        for q in quarters:
            if q.start <= self.today:
                self.quarter.addItem(
                    f"Q{q.number}: {format_date(q.start)} – {format_date(q.end)}",
                    (q.start, min(q.end, self.today)),
                )
        done = [i for i, q in enumerate(quarters) if q.end < self.today]
        if done:
            self.quarter.setCurrentIndex(done[-1])
        self.mapping = QLineEdit(str(bt.default_mapping_path(contract.buyer)))
        self.mapping.setAccessibleName("Mapping file")
        form.add(
            "mapping",
            "The buyer's mapping file",
            _file_row(self.mapping, self.pick_mapping),
            "Read if it exists, saved after the fill; share it with other suppliers of this buyer.",
        )
        self.out = QLineEdit()
        self.out.setAccessibleName("Save the filled workbook as")
        form.add("out", "Save the filled workbook as", _file_row(self.out, self.pick_out), required=True)
        outer.addWidget(form)
        self.check_button = QPushButton("Find the rows")
        self.check_button.clicked.connect(self.find_rows)
        outer.addWidget(self.check_button)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Row in the buyer's workbook", "svdesk measure"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("Matched rows")
        outer.addWidget(self.table, 1)
        self.columns = label("", "HelpText")
        outer.addWidget(self.columns)
        self.message = label("", "FieldError")
        outer.addWidget(self.message)
        self.status = label("", "Muted")
        outer.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.fill_button = QPushButton("Fill and save")
        self.fill_button.setDefault(True)
        self.fill_button.clicked.connect(self.fill)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.fill_button)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        self.fill_button.setEnabled(False)

    # --- choosing files -------------------------------------------------------------------

    def pick_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "The buyer's workbook", self.template.text(), "Excel workbook (*.xlsx)"
        )
        if path:
            self.template.setText(path)
            if not self.out.text().strip():
                p = Path(path)
                self.out.setText(str(p.with_name(f"{p.stem} {self.contract.reference} filled.xlsx")))

    def pick_mapping(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "The buyer's mapping file", self.mapping.text(), "Mapping (*.json)"
        )
        if path:
            self.mapping.setText(path)

    def pick_out(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the filled workbook as", self.out.text(), "Excel workbook (*.xlsx)"
        )
        if path:
            self.out.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    # --- matching -------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _loaded_mapping(self) -> bt.Mapping | None:
        path = Path(self.mapping.text().strip()) if self.mapping.text().strip() else None
        return bt.load_mapping(path) if path and path.is_file() else None

    def find_rows(self) -> None:
        template = Path(self.template.text().strip())
        if not template.is_file():
            self._say("Choose the buyer's workbook (.xlsx).")
            return
        if self.quarter.currentData() is None:
            self._say("No quarter of this contract has started yet.")
            return
        self._say("")
        try:
            mapping = self._loaded_mapping()
        except bt.TemplateError as exc:
            self._say(" ".join(exc.errors.values()))
            return
        start, end = self.quarter.currentData()
        job = tasks.call(bt.preview, self.store, self.contract, start, end, template, mapping, self.fy_start)
        tasks.run_with_progress(self, "Reading the buyer's workbook", job, self.show_preview, self._failed)

    def _failed(self, message: str) -> None:
        self._say(message)

    def show_preview(self, preview: bt.Preview) -> None:
        self.preview = preview
        self.table.setRowCount(len(preview.rows))
        for i, (row_label, key, matched) in enumerate(preview.rows):
            item = QTableWidgetItem(row_label)
            item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(i, 0, item)
            choice = QComboBox()
            choice.setAccessibleName(f"Measure for {row_label}")
            if not matched and key is None:
                choice.addItem("Choose the measure…", UNCHOSEN)
            choice.addItem("Leave this row blank", None)
            for k, name in self.measures.items():
                choice.addItem(name, k)
            choice.setCurrentIndex(max(choice.findData(key) if matched else 0, 0))
            choice.currentIndexChanged.connect(lambda *_: self._say(""))
            self.table.setCellWidget(i, 1, choice)
        self.columns.setText("Columns to fill: " + ("; ".join(preview.columns) or "none found yet"))
        unmatched = sum(1 for _, _, m in preview.rows if not m)
        self._say(
            f"{unmatched} rows match no measure: choose one for each, or leave it blank." if unmatched else ""
        )
        self.fill_button.setEnabled(bool(preview.rows))

    def chosen_mapping(self) -> bt.Mapping | None:
        if self.preview is None:
            return None
        rows = dict(self.preview.mapping.rows)
        for i, (row_label, _, _) in enumerate(self.preview.rows):
            key = self.table.cellWidget(i, 1).currentData()
            if key == UNCHOSEN:
                self._say(f"Choose a measure for “{row_label}”, or leave it blank.")
                return None
            rows[row_label] = key
        return bt.Mapping(self.preview.mapping.buyer, rows, dict(self.preview.mapping.columns))

    # --- filling --------------------------------------------------------------------------

    def fill(self) -> None:
        mapping = self.chosen_mapping()
        out = Path(self.out.text().strip()) if self.out.text().strip() else None
        if mapping is None:
            return
        if out is None or out.suffix.lower() != ".xlsx" or not out.parent.is_dir():
            self._say("Choose where to save the filled workbook (.xlsx, in a folder that exists).")
            return
        if out.resolve() == Path(self.template.text().strip()).resolve():
            self._say("Save the filled workbook under another name: the buyer's blank stays as it was.")
            return
        start, end = self.quarter.currentData()
        mapping_path = Path(self.mapping.text().strip() or bt.default_mapping_path(self.contract.buyer))

        def run():
            result = bt.fill_template(
                self.store,
                self.contract,
                start,
                end,
                Path(self.template.text().strip()),
                out,
                mapping,
                self.today,
                self.fy_start,
            )
            bt.save_mapping(mapping, mapping_path)
            return result

        tasks.run_with_progress(
            self, "Filling the buyer's workbook", tasks.call(run), self._filled, self._failed
        )

    def has_unsaved_changes(self) -> bool:
        return self.result is None and super().has_unsaved_changes()  # filled: nothing to lose

    def _filled(self, result: bt.FillResult) -> None:
        self.result = result
        filled = sum(1 for t in result.targets if t.value is not None)
        self._say("")
        self.status.setText(
            f"Filled {filled} cells and saved {result.path.name}; the matches are kept "
            f"in {Path(self.mapping.text()).name} for next quarter."
        )
