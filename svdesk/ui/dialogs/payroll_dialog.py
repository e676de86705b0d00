"""Import people from a payroll export: choose the file, check or change the column mapping,
see what will be imported and what is rejected (row, column, reason), then import all at once.

Reading and checking the file, and the write, run as background tasks behind a progress dialog with
Cancel (svdesk.ui.tasks.run_with_progress), so a payroll of thousands never freezes the window.
A check overtaken by a newer one (another column chosen) is ignored; a cancelled import has
written nothing (the write is one transaction).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from svdesk.formatting import format_date, format_money
from svdesk.importers import payroll, payroll_columns
from svdesk.progress import Progress
from svdesk.services.contracts import list_contracts
from svdesk.services.people_import import import_people_steps, preview_people_steps
from svdesk.ui import tasks
from svdesk.ui.records.keyed_combo import combo
from svdesk.ui.state import import_folder, remember_import_folder
from svdesk.ui.table_model import Column, RowsModel, setup_table
from svdesk.ui.unsaved import KEEP_AND_FINISH, GuardedDialog
from svdesk.ui.widgets import label


def _pay(r) -> str:
    if r.hourly_rate_pence:
        return format_money(r.hourly_rate_pence) + " an hour"
    return format_money(r.annual_salary_pence) + " a year" if r.annual_salary_pence else ""


# Models rather than a QTableWidget of items: a payroll of 5,000 rows made 40,000 items and
# fitted the columns to all of them on the GUI thread (0.7 s); a model is read as it is shown.
ROW_COLUMNS = [
    Column("Row", lambda r: r.row, numeric=True),
    Column("Reference", lambda r: r.reference),
    Column("Postcode", lambda r: r.postcode),
    Column("Start", lambda r: r.start_date, lambda r: format_date(r.start_date, short=True)),
    Column("Leave", lambda r: r.leave_date, lambda r: format_date(r.leave_date, short=True)),
    Column(
        "Hours a week",
        lambda r: r.weekly_hours,
        lambda r: "" if r.weekly_hours is None else f"{r.weekly_hours:g}",
        numeric=True,
    ),
    Column("Pay", lambda r: r.hourly_rate_pence or r.annual_salary_pence, _pay, numeric=True),
    Column("New or update", lambda r: r.update, lambda r: "Update" if r.update else "New"),
]
REJECTED_COLUMNS = [
    Column("Row", lambda p: p.row, numeric=True),
    Column("Column", lambda p: p.column),
    Column("Why it was rejected", lambda p: p.reason),
]


def _table(columns: list[Column]) -> QTableView:
    view = QTableView()
    setup_table(view, RowsModel(columns, view))
    view.setSortingEnabled(False)  # rows stay in the file's order
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setResizeContentsPrecision(50)
    return view


class PayrollImportDialog(GuardedDialog):
    unsaved_what = "this import (the file and columns you chose)"
    unsaved_hint = KEEP_AND_FINISH

    def __init__(self, store, parent=None, path: Path | None = None):
        super().__init__(parent)
        self.store = store
        self.path: Path | None = None
        self._opened_with = path  # a file dropped on the window: choosing another is a change
        self.preview: payroll.Preview | None = None
        self.result = None
        self.task = None  # the check or import running now, if any (to cancel it)
        self.setWindowTitle("Import people from payroll")
        self.resize(900, 700)
        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "Export your employees from your payroll program (BrightPay, or any CSV or Excel "
                "file) and choose it here. Names, NI numbers, birth dates, addresses and bank "
                "details are dropped as the file is read: svdesk never stores them.",
                "Muted",
            )
        )
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
        self.rows_table = _table(ROW_COLUMNS)
        self.rows_table.setAccessibleName("People to import")
        outer.addWidget(self.rows_table, 2)
        self.rejected_table = _table(REJECTED_COLUMNS)
        self.rejected_table.setAccessibleName("Rows that cannot be imported")
        outer.addWidget(self.rejected_table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Put everyone imported on"))
        options = {None: "No contract (choose later)"}
        options.update({c.id: f"{c.reference}: {c.title}" for c in list_contracts(store)})
        self.contract = combo(options)
        self.contract.setAccessibleName("Put everyone imported on")
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

    def has_unsaved_changes(self) -> bool:
        chosen = self.path is not None and self.path != self._opened_with
        return (chosen or super().has_unsaved_changes()) and self.result is None

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a payroll export",
            import_folder("people"),
            "Payroll exports (*.csv *.xlsx);;All files (*)",
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read the header and check the file with the columns svdesk recognises."""
        self.path = path
        self.file_label.setText(path.name)
        remember_import_folder("people", path)  # the next payroll export opens here
        self.mapping_box.setVisible(False)

        def job(_cancel):
            yield Progress(0, None, f"Reading {path.name}…")
            headers = payroll.read_headers(path)  # a file that cannot be read at all fails here
            try:
                return headers, (yield from preview_people_steps(self.store, path))
            except payroll.PayrollFileError as exc:  # the columns can still be chosen by hand
                return headers, str(exc)

        def show(found) -> None:
            headers, checked = found
            self._build_mapping(headers)
            if isinstance(checked, str):
                self._fail(checked)
            else:
                self._show(checked)

        self._check(job, show)

    def _build_mapping(self, headers: list[str]) -> None:
        while self.mapping_grid.count():
            self.mapping_grid.takeAt(0).widget().deleteLater()
        auto = payroll_columns.auto_mapping(headers)
        usable = [h for h in headers if not payroll_columns.is_personal(h)]
        self.mapping = {}
        for i, (name, caption) in enumerate(payroll_columns.FIELD_LABELS.items()):
            widget = combo({None: "Not in this file", **{h: h for h in usable}})
            index = widget.findData(auto.get(name))
            widget.setCurrentIndex(max(index, 0))
            widget.currentIndexChanged.connect(lambda *_: self.reread())
            widget.setAccessibleName(f"Column for {caption}")
            self.mapping_grid.addWidget(
                QLabel(caption + (" *" if name in payroll_columns.REQUIRED else "")), i // 3, (i % 3) * 2
            )
            self.mapping_grid.addWidget(widget, i // 3, (i % 3) * 2 + 1)
            self.mapping[name] = widget
        self.mapping_box.setVisible(True)

    def reread(self) -> None:
        """Check the file again with the columns as now chosen."""
        mapping = {n: w.currentData() for n, w in self.mapping.items() if w.currentData()}
        store, path = self.store, self.path
        self._check(lambda _cancel: preview_people_steps(store, path, mapping), self._show)

    def _check(self, job, show) -> None:
        """Check the file; a newer check (another file or column) drops this one's answer."""
        self.import_button.setEnabled(False)
        self.status.setText("Checking the file…")

        def stopped() -> None:
            self._fail("Choose the file again, or change a column, to check it.", "Checking was stopped")

        self.task = tasks.run_with_progress(
            self,
            "Checking the payroll file",
            job,
            show,
            self._fail,
            kind=tasks.Kind.READ,
            on_cancelled=stopped,
            key="check",
        )

    def _show(self, p: payroll.Preview) -> None:
        self.preview = p
        rejected_rows = len({r.row for r in p.rejected})
        self.status.setText(
            f"{p.rows_read:,} rows read · {len(p.rows):,} to import "
            f"({p.new_count:,} new, {p.update_count:,} to update) · "
            f"{rejected_rows:,} rejected"
        )
        self.dropped.setText(
            ("Dropped, never stored: " + ", ".join(p.dropped_columns))
            if p.dropped_columns
            else "No personal columns found."
        )
        self.rows_table.model().set_rows(p.rows)
        self.rejected_table.model().set_rows(p.rejected)
        self.rows_table.resizeColumnsToContents()
        self.rejected_table.resizeColumnsToContents()
        self.import_button.setEnabled(bool(p.rows))
        self.import_button.setText(f"Import {len(p.rows):,} people" if p.rows else "Import")

    def _fail(self, message: str, status: str = "This file cannot be imported") -> None:
        self.preview = None
        self.status.setText(status)
        self.dropped.setText(message)
        self.rows_table.model().set_rows([])
        self.rejected_table.model().set_rows([])
        self.import_button.setEnabled(False)

    def accept(self) -> None:
        if not self.preview or not self.preview.rows or self.result is not None:
            return
        preview, store, contract_id = self.preview, self.store, self.contract.currentData()
        self.import_button.setEnabled(False)
        tasks.forget(self, "check")  # a check still running must not re-enable Import

        def failed(message: str) -> None:
            self.import_button.setEnabled(True)
            self.status.setText(f"Nothing was imported: {message}")

        def cancelled() -> None:
            self.import_button.setEnabled(True)
            self.status.setText("Import cancelled: nothing was imported.")

        self.task = tasks.run_with_progress(
            self,
            "Importing people",
            lambda _cancel: import_people_steps(store, preview, contract_id),
            self._imported,
            failed,
            kind=tasks.Kind.WRITE,
            on_cancelled=cancelled,
        )

    def _imported(self, result) -> None:
        self.result = result
        super().accept()
