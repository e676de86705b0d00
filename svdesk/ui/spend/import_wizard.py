"""Import wizard: choose a file, let svdesk detect its layout (or map the columns), preview
what will happen, then import it in one go; reading runs off the GUI thread with a Cancel.

Steps: 0 choose file, 1 map columns (only for an unknown layout), 2 preview, 3 done.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date, format_money
from svdesk.importers import LAYOUTS, UnknownLayout, UnreadableFile
from svdesk.services.bank_rules import add_rule
from svdesk.services.contracts import list_contracts
from svdesk.services.spend_batches import save_mapping
from svdesk.services.spend_import import ImportSummary, spend_import_steps
from svdesk.services.supplier_import import supplier_import_steps
from svdesk.ui import tasks
from svdesk.ui.spend.bank_lines_panel import BankLinesPanel
from svdesk.ui.spend.mapping_step import MappingStep
from svdesk.ui.state import import_folder, remember_import_folder
from svdesk.ui.unsaved import KEEP_AND_FINISH, GuardedDialog
from svdesk.ui.widgets import label, primary_button

CHOOSE, MAPPING, PREVIEW, DONE = range(4)


def summary_html(summary: ImportSummary) -> str:
    """The preview figures as a two-column table."""
    rows = [("Rows read", f"{summary.rows_read:,}")]
    if summary.kind == "spend":
        span = (
            f" · {format_date(summary.first_date)} to {format_date(summary.last_date)}"
            if summary.to_import
            else ""
        )
        rows += [
            (
                "Spend lines to import",
                f"<b>{summary.to_import:,}</b> ({format_money(summary.total_pence)}{span})",
            ),
            ("Already imported before", f"{summary.duplicates:,} (will not be added again)"),
            ("New suppliers", f"{summary.new_suppliers:,}"),
        ]
    else:
        rows += [
            ("New suppliers", f"<b>{summary.to_import:,}</b>"),
            ("Suppliers given a postcode or number", f"{summary.updated:,}"),
            ("Already up to date", f"{summary.duplicates:,}"),
        ]
    if summary.bank is not None:
        kept = "".join(
            f"<br>{n:,} {html.escape(label)} ({format_money(pence)})"
            for _c, label, n, pence in summary.bank.groups()
        )
        rows.append(
            (
                "Not supplier spend (kept out)",
                f"<b>{summary.bank.excluded:,}</b> "
                f"({format_money(summary.bank.excluded_pence)})"
                + (f"<span style='color:#52606d'>{kept}</span>" if kept else ""),
            )
        )
    reasons = ", ".join(f"{n:,} {why}" for why, n in summary.skipped_reasons.most_common(4))
    rows += [
        (
            "Not transactions (skipped)",
            f"{summary.skipped:,}"
            + (f" <span style='color:#52606d'>({html.escape(reasons)})</span>" if reasons else ""),
        ),
        ("Rows left out with a reason", f"{summary.rejected:,}"),
    ]
    cells = "".join(f"<tr><td style='padding:2px 16px 2px 0'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    notes = [
        summary.date_note,
        *summary.notes,
        summary.earlier_import,
        f"{summary.unaccounted:,} rows are not accounted for (a fault in svdesk's reader "
        "for this layout: please report it)"
        if summary.unaccounted
        else "",
    ]
    note = "".join(f"<p>{html.escape(n[:1].upper() + n[1:])}</p>" for n in notes if n)
    return f"<table>{cells}</table>{note}"


class ImportWizard(GuardedDialog):
    unsaved_what = "this import (the file and columns you chose)"
    unsaved_hint = KEEP_AND_FINISH

    def __init__(self, store, kind: str = "spend", parent=None):
        super().__init__(parent)
        self.store = store
        self.summary: ImportSummary | None = None
        self.mapping: dict | None = None
        self.busy = False
        self.setWindowTitle("Import spend or suppliers")
        self.setMinimumSize(760, 560)
        outer = QVBoxLayout(self)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.stack.addWidget(self._choose_page(kind))
        self.mapping_step = MappingStep(store)
        self.mapping_step.changed.connect(self._enable)
        self.stack.addWidget(self.mapping_step)
        self.stack.addWidget(self._preview_page())
        self.done_text = label("")
        done = QWidget()
        QVBoxLayout(done).addWidget(self.done_text)
        self.stack.addWidget(done)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.cancel_button = QPushButton("Cancel")
        self.next_button = primary_button("Preview…")
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)
        outer.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button.clicked.connect(self.next)
        self.next_button.setDefault(True)
        self._show(CHOOSE)

    # --- pages ---------------------------------------------------------------------------

    def _choose_page(self, kind: str) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(label("What are you importing?", "SectionTitle"))
        self.spend_radio = QRadioButton("Spend: bills, purchases or payments")
        self.supplier_radio = QRadioButton("A supplier or contact list")
        (self.spend_radio if kind == "spend" else self.supplier_radio).setChecked(True)
        for radio, help_text in (
            (
                self.spend_radio,
                "Xero bills export or Account Transactions report, "
                "QuickBooks supplier reports, a bank download (Barclays, Lloyds, NatWest, "
                "HSBC, first direct, Santander, Monzo, Starling, Tide, Revolut Business), "
                "or any CSV or Excel file.",
            ),
            (
                self.supplier_radio,
                "Xero contacts or the QuickBooks supplier list: gives "
                "svdesk your suppliers' postcodes, which decide what is local.",
            ),
        ):
            radio.toggled.connect(self._enable)
            box.addWidget(radio)
            hint = label(help_text, "HelpText")
            hint.setContentsMargins(24, 0, 0, 4)
            box.addWidget(hint)
        box.addSpacing(12)
        box.addWidget(label("File", wrap=False))
        row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("Choose the CSV or .xlsx file you exported")
        self.file_edit.setAccessibleName("File to import")
        self.file_edit.textChanged.connect(self._enable)
        browse = QPushButton("Choose file…")
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        box.addLayout(row)
        self.folder_hint = label("", "HelpText")  # where "Choose file…" opens, once known
        box.addWidget(self.folder_hint)
        self.file_help = label(
            "Export both bills and contacts from Xero: contacts bring the "
            "postcodes that decide which spend is local.",
            "HelpText",
        )
        box.addWidget(self.file_help)
        box.addSpacing(8)
        box.addWidget(label("Layout", wrap=False))
        self.layout_combo = QComboBox()
        self.layout_combo.setAccessibleName("Layout of the file")
        box.addWidget(self.layout_combo)
        box.addSpacing(12)
        self.contract_label = label("Contract this spend was for", wrap=False)
        box.addWidget(self.contract_label)
        self.contract = QComboBox()
        self.contract.setAccessibleName("Contract")
        self.contract.addItem("No particular contract (general spend)", None)
        for c in list_contracts(self.store):
            self.contract.addItem(f"{c.reference}: {c.title}", c.id)
        box.addWidget(self.contract)
        self.basis = QComboBox()
        self.basis.addItem("Files with one amount column (bank statements): amounts include VAT", "gross")
        self.basis.addItem("Files with one amount column: amounts are net of VAT", "net")
        self.basis.setAccessibleName("VAT in single amounts")
        box.addWidget(self.basis)
        box.addWidget(
            label(
                "Import either bills or the payments of them for a period, not "
                "both, or the same spend counts twice.",
                "HelpText",
            )
        )
        self.choose_error = label("", "FieldError")
        box.addWidget(self.choose_error)
        box.addStretch(1)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.preview_title = label("", "SectionTitle")
        box.addWidget(self.preview_title)
        self.preview_text = label("")
        self.preview_text.setTextFormat(Qt.RichText)
        box.addWidget(self.preview_text)
        self.bank_panel = BankLinesPanel(self.store)
        self.bank_panel.refresh.connect(lambda: self.run(dry_run=True))
        self.bank_panel.setVisible(False)
        box.addWidget(self.bank_panel, 2)
        self.rejects_title = label("Rows that will be left out, and why", "SectionTitle")
        box.addWidget(self.rejects_title)
        self.rejects = QTableWidget(0, 3)
        self.rejects.setHorizontalHeaderLabels(["Row", "Column", "Reason"])
        self.rejects.horizontalHeader().setStretchLastSection(True)
        self.rejects.verticalHeader().setVisible(False)
        self.rejects.setEditTriggers(QTableWidget.NoEditTriggers)
        self.rejects.setAccessibleName("Rejected rows")
        box.addWidget(self.rejects, 1)
        return page

    # --- navigation ----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return "spend" if self.spend_radio.isChecked() else "suppliers"

    def _show(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.back_button.setVisible(index in (MAPPING, PREVIEW))
        self.next_button.setText(
            {CHOOSE: "Preview…", MAPPING: "Preview…", PREVIEW: "Import", DONE: "Close"}[index]
        )
        self.cancel_button.setVisible(index != DONE)
        self._enable()

    def _fill_layouts(self) -> None:
        kind = self.kind
        if getattr(self, "_layouts_for", None) == kind:
            return
        self._layouts_for = kind
        self.layout_combo.clear()
        self.layout_combo.addItem("Work it out from the file (recommended)", None)
        for layout in LAYOUTS:
            if layout.kind == kind:
                self.layout_combo.addItem(layout.label, layout.name)
        if kind == "spend":
            self.layout_combo.addItem("Other: I will say which column holds what", "generic")

    def _enable(self, *_) -> None:
        self._fill_layouts()
        folder = self.start_folder()
        self.folder_hint.setText(
            f"“Choose file…” opens where you imported from last time: {folder}" if folder else ""
        )
        self.folder_hint.setVisible(bool(folder))
        is_spend = self.kind == "spend"
        for w in (self.contract_label, self.contract, self.basis):
            w.setVisible(is_spend)
        index = self.stack.currentIndex()
        ok = True
        if index == CHOOSE:
            ok = bool(self.file_edit.text().strip())
        elif index == MAPPING:
            ok = self.mapping_step.problem_text() is None
        elif index == PREVIEW:
            ok = bool(
                self.summary
                and (self.summary.to_import or self.summary.updated or self.summary.new_suppliers)
            )
        self.next_button.setEnabled(ok)

    def start_folder(self) -> str:
        """Where "Choose file…" opens: the folder this kind of file was last imported from."""
        return import_folder(self.kind)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the exported file",
            self.start_folder(),
            "Exports (*.csv *.txt *.xlsx);;All files (*)",
        )
        if path:
            self.file_edit.setText(path)
            remember_import_folder(self.kind, path)

    def back(self) -> None:
        index = self.stack.currentIndex()
        self._show(CHOOSE if index == MAPPING or self.mapping is None else MAPPING)

    def next(self) -> None:
        index = self.stack.currentIndex()
        if index == CHOOSE:
            self.mapping = None
            self.bank_panel.moves.clear()
            self.bank_panel.remember.setChecked(False)
            if self.layout_combo.currentData() == "generic":
                self._failed("Choose the column for each piece of information.")
                return
            self.run(dry_run=True)
        elif index == MAPPING:
            self.mapping = self.mapping_step.mapping()
            self.run(dry_run=True)
        elif index == PREVIEW:
            if self.mapping and self.mapping_step.save_check.isChecked():
                save_mapping(self.store, self.mapping_step.save_name.text(), self.mapping)
            self.run(dry_run=False)
        else:
            self.accept()

    # --- work ----------------------------------------------------------------------------

    def job(self, dry_run: bool):
        path = Path(self.file_edit.text().strip())
        chosen = self.layout_combo.currentData()
        if self.kind == "suppliers":
            return lambda _cancel: supplier_import_steps(self.store, path, format=chosen, dry_run=dry_run)
        return lambda _cancel: spend_import_steps(
            self.store,
            path,
            format="generic" if self.mapping else chosen,
            mapping=self.mapping,
            contract_id=self.contract.currentData(),
            basis=self.basis.currentData(),
            dry_run=dry_run,
            moves=dict(self.bank_panel.moves),
        )

    def run(self, dry_run: bool) -> None:
        self.choose_error.setText("")
        title = "Reading the file…" if dry_run else "Importing…"
        self.busy = True
        self.next_button.setEnabled(False)
        progress = QProgressDialog(title, "Cancel", 0, 1000, self)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        task = tasks.run(
            self.job(dry_run),
            kind=tasks.Kind.READ if dry_run else tasks.Kind.WRITE,
            owner=self,
            on_progress=lambda p: (progress.setValue(p.done), progress.setLabelText(p.message)),
            on_done=self._previewed if dry_run else self._imported,
            on_error=self._failed,
            on_cancelled=lambda: self.choose_error.setText("Cancelled: nothing was imported."),
            on_finished=lambda: self._finished(progress),
        )
        progress.canceled.connect(task.cancel)

    def _finished(self, progress) -> None:
        progress.close()
        progress.deleteLater()
        self.busy = False
        self._enable()

    def has_unsaved_changes(self) -> bool:
        if self.stack.currentIndex() == DONE:
            return False  # imported: nothing left to lose
        return super().has_unsaved_changes()  # a file chosen, a column or option changed

    def reject(self) -> None:
        if self.busy:  # the progress dialog's Cancel stops the work; wait for it
            return
        super().reject()

    def _failed(self, message: str) -> None:
        path = Path(self.file_edit.text().strip())
        unknown = "does not recognise the layout" in message or "Choose the column" in message
        if unknown and self.kind == "spend" and self.stack.currentIndex() == CHOOSE:
            try:
                self.mapping_step.load_file(path)
            except (UnreadableFile, UnknownLayout) as exc:
                self.choose_error.setText(str(exc))
                return
            self._show(MAPPING)
            return
        target = self.mapping_step.problem if self.stack.currentIndex() == MAPPING else self.choose_error
        target.setText(message)

    def _previewed(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.preview_title.setText(f"{summary.file_name}: {summary.format_label}")
        self.preview_text.setText(summary_html(summary))
        self.bank_panel.show_lines(summary.bank)
        self.rejects.setRowCount(0)
        for r in summary.rejects:
            i = self.rejects.rowCount()
            self.rejects.insertRow(i)
            for col, value in enumerate((str(r.row), r.column, r.reason)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.rejects.setItem(i, col, item)
        self.rejects.resizeColumnsToContents()
        # A bank file's lines need the room; its rejected rows, if any, still show.
        bank_only = summary.bank is not None and not summary.rejected
        self.rejects_title.setVisible(not bank_only)
        self.rejects.setVisible(not bank_only)
        self._show(PREVIEW)
        if not (summary.to_import or summary.updated or summary.new_suppliers):
            self.preview_text.setText(
                self.preview_text.text() + "<p><b>There is nothing new "
                "to import:</b> everything in this file is already in "
                "svdesk.</p>"
            )

    def _imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        remember_import_folder(self.kind, self.file_edit.text())
        if summary.bank is not None and self.bank_panel.remember.isChecked():
            # Saved after the import, which followed the preview exactly; later imports
            # treat every line of these payees the same way.
            for payee, spend in self.bank_panel.moved_payees():
                add_rule(self.store, payee, "spend" if spend else "other", "moved in the import preview")
        what = "spend lines" if summary.kind == "spend" else "new suppliers"
        self.done_text.setText(
            f"Imported {summary.to_import:,} {what} from {summary.file_name}."
            + (f" {summary.updated:,} suppliers were given a postcode or number." if summary.updated else "")
            + "\n\nIf something looks wrong, undo the whole import from the Imports tab."
        )
        self._show(DONE)
