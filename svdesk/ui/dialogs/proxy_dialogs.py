"""Proxy values: the list (organisation defaults and a contract's own), an editor, and the
import of a buyer's proxy sheet with a mapping step (columns, then measures, then a preview
with the errors per row; nothing is saved until every row is right)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.value_coverage import citation
from svdesk.formatting import format_money
from svdesk.services.contracts import get_contract
from svdesk.services.measure_library import list_measures
from svdesk.services.proxies import ProxyData, delete_proxy, list_proxies, save_proxy, validate_proxy
from svdesk.services.proxy_import import (
    FIELDS,
    REQUIRED,
    ImportMapping,
    Preview,
    SheetError,
    apply_import,
    preview_import,
    read_sheet,
    sheet_measures,
    suggest_mapping,
)
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError
from svdesk.ui.forms import Form, MoneyEdit, combo, set_combo
from svdesk.ui.state import import_folder, remember_import_folder
from svdesk.ui.table_model import Column, RowsModel, setup_table
from svdesk.ui.unsaved import KEEP_AND_FINISH, GuardedDialog
from svdesk.ui.widgets import confirm, label, primary_button


def _scope_options(store: Store, contract_id: int | None) -> dict:
    options = {None: "All contracts (your default)"}
    contract = get_contract(store, contract_id) if contract_id is not None else None
    if contract:
        options[contract.id] = f"Only {contract.reference} (the buyer's own value)"
    return options


class ProxyEditDialog(GuardedDialog):
    unsaved_what = "this proxy value"

    def __init__(
        self, store: Store, proxy: ProxyData | None, contract_id: int | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.store = store
        self.original = proxy or ProxyData(contract_id=contract_id)
        self.setWindowTitle("Edit proxy value" if proxy else "Add a proxy value")
        self.resize(560, 680)
        self.valued = {m.key: m for m in list_measures(store) if m.valued}
        layout = QVBoxLayout(self)
        form = self.form = Form()
        self.measure = form.add(
            "measure_key",
            "Measure",
            combo({k: f"{m.name} ({m.unit})" for k, m in self.valued.items()}),
            required=True,
        )
        self.scope = form.add("contract_id", "Applies to", combo(_scope_options(store, contract_id)))
        self.value = form.add(
            "pence_per_unit",
            "£ per unit",
            MoneyEdit(),
            "The value of one unit, as the buyer's sheet gives it.",
            required=True,
        )
        self.source = form.add(
            "source",
            "Source",
            QLineEdit(),
            "Where it comes from, e.g. “Salford tender pack, proxy sheet”.",
            required=True,
        )
        self.edition = form.add("edition", "Edition", QLineEdit(), "e.g. 2024, or “edition not stated”.")
        self.published = form.add(
            "published", "Published", QLineEdit(), "When the source was published, e.g. “29 Oct 2024”."
        )
        self.licence = form.add(
            "licence",
            "Licence",
            QLineEdit(),
            "The terms the value may be used under, e.g. “Open Government "
            "Licence v3.0”, or “buyer's tender pack”.",
        )
        self.year = form.add(
            "currency_year",
            "Currency year",
            QSpinBox(),
            "The year whose prices the value is in (leave at “Not stated”).",
        )
        self.year.setRange(1989, 2100)
        self.year.setSpecialValueText("Not stated")
        self.checked = form.add(
            "checked_by", "Checked by", QLineEdit(), "Who checked it against the source, and when."
        )
        layout.addWidget(form, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        p = self.original
        set_combo(self.measure, p.measure_key)
        set_combo(self.scope, p.contract_id)
        self.value.set_value(p.pence_per_unit or None)
        self.source.setText(p.source)
        self.edition.setText(p.edition)
        self.published.setText(p.published)
        self.licence.setText(p.licence)
        self.year.setValue(p.currency_year or 1989)
        self.checked.setText(p.checked_by)
        form.changed.connect(self._revalidate)
        self._revalidate()

    def data(self) -> ProxyData:
        year = self.year.value()
        return replace(
            self.original,
            measure_key=self.measure.currentData(),
            contract_id=self.scope.currentData(),
            pence_per_unit=self.value.value() or 0,
            source=self.source.text(),
            edition=self.edition.text(),
            currency_year=None if year == 1989 else year,
            checked_by=self.checked.text(),
            published=self.published.text(),
            licence=self.licence.text(),
        )

    def _revalidate(self) -> dict:
        errors = validate_proxy(self.data(), set(self.valued))
        if self.value.error():
            errors["pence_per_unit"] = self.value.error()
        self.form.show_errors(errors)
        self.save_button.setEnabled(not errors)
        return errors

    def accept(self) -> None:
        if self._revalidate():
            return
        try:
            save_proxy(self.store, self.data())
        except ValidationError as exc:
            self.form.show_errors(exc.errors, all_fields=True)
            return
        super().accept()


class ProxyImportDialog(GuardedDialog):
    """Choose the file; say which column is which; match the buyer's measures to svdesk's;
    check the preview; import all rows or none."""

    unsaved_what = "this proxy sheet import (the file, columns and matches you chose)"
    unsaved_hint = KEEP_AND_FINISH

    SKIP = "__skip__"

    def __init__(self, store: Store, contract_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.contract_id = contract_id
        self.sheet = None
        self.mapping: ImportMapping | None = None
        self.preview: Preview | None = None
        self.imported = 0
        self.setWindowTitle("Import a buyer's proxy sheet")
        self.resize(980, 760)
        self.measures = {m.key: m.name for m in list_measures(store) if m.valued}
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "Buyers often put a sheet of proxy values (£ per unit) in the "
                "tender pack. Import it here: choose the file, say which column "
                "holds what, match the buyer's measures to svdesk's, then check "
                "the preview. Nothing is saved until every row is right.",
                "Muted",
            )
        )
        row = QHBoxLayout()
        self.file_label = label("No file chosen", "Muted")
        row.addWidget(primary_button("Choose file…", self.choose_file))
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        self.columns_form = Form(columns=3)
        self.column_boxes: dict[str, QComboBox] = {}
        for field, caption in FIELDS.items():
            box = self.columns_form.add(field, caption, QComboBox(), required=field in REQUIRED)
            self.column_boxes[field] = box
            box.currentIndexChanged.connect(lambda *_: self._columns_changed())
        self.scope = self.columns_form.add(
            "scope", "These values apply to", combo(_scope_options(store, contract_id))
        )
        set_combo(self.scope, contract_id)
        self.default_source = self.columns_form.add(
            "source_default", "Source (if no column)", QLineEdit(), "e.g. “Salford tender pack proxy sheet”"
        )
        self.default_source.textEdited.connect(lambda *_: self._refresh_preview())
        self.scope.currentIndexChanged.connect(lambda *_: self._refresh_preview())
        layout.addWidget(self.columns_form)
        layout.addWidget(label("Match the sheet's measures", "SectionTitle"))
        self.match = QTableWidget(0, 3)
        self.match.setHorizontalHeaderLabels(["In the sheet", "The rest of its row", "svdesk measure"])
        self.match.horizontalHeader().setStretchLastSection(True)
        self.match.verticalHeader().setVisible(False)
        self.match.setAccessibleName("Match the sheet's measures")
        layout.addWidget(self.match, 1)
        layout.addWidget(label("Preview", "SectionTitle"))
        self.preview_model = RowsModel(
            [
                Column("Line", lambda r: r.line, numeric=True),
                Column("In the sheet", lambda r: r.sheet_measure),
                Column("Measure", lambda r: self.measures.get(r.proxy.measure_key, "") if r.proxy else ""),
                Column(
                    "£ per unit",
                    lambda r: r.proxy.pence_per_unit if r.proxy else None,
                    lambda r: (
                        format_money(r.proxy.pence_per_unit) if r.proxy and r.proxy.pence_per_unit else ""
                    ),
                    numeric=True,
                ),
                Column("Problems", lambda r: "skipped" if r.skipped else "; ".join(r.errors) or "ready"),
            ],
            self,
        )
        self.preview_table = QTableView()
        setup_table(self.preview_table, self.preview_model)
        self.preview_table.setAccessibleName("Preview")
        layout.addWidget(self.preview_table, 1)
        self.summary = label("", "Muted")
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.import_button = QPushButton("Import")
        self.import_button.setProperty("primary", True)
        self.import_button.setEnabled(False)
        buttons.addButton(self.import_button, QDialogButtonBox.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def has_unsaved_changes(self) -> bool:
        return not self.imported and (self.sheet is not None or super().has_unsaved_changes())

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose the buyer's proxy sheet",
            import_folder("proxy"),
            "Spreadsheets (*.xlsx *.csv);;All files (*)",
        )
        if path:
            self.load(path)

    def load(self, path) -> None:
        try:
            self.sheet = read_sheet(path)
            remember_import_folder("proxy", path)
        except (SheetError, OSError) as exc:
            self.file_label.setText(str(exc))
            return
        self.file_label.setText(
            f"{self.sheet.name}: {len(self.sheet.rows)} rows under the "
            f"header on line {self.sheet.first_line - 1}"
        )
        self.mapping = suggest_mapping(self.store, self.sheet, self.contract_id)
        for field, box in self.column_boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem("— not in the sheet —", None)
            for i, header in enumerate(self.sheet.headers):
                box.addItem(header or f"Column {i + 1}", i)
            set_combo(box, self.mapping.columns.get(field))
            box.blockSignals(False)
        self._fill_matches()
        self._refresh_preview()

    def _columns_changed(self) -> None:
        if self.sheet is None:
            return
        columns = {f: b.currentData() for f, b in self.column_boxes.items() if b.currentData() is not None}
        if columns.get("measure") != self.mapping.columns.get("measure"):
            self.mapping.measures, self.mapping.skip = {}, set()
            self.mapping.columns = columns
            self._fill_matches()
        self.mapping.columns = columns
        self._refresh_preview()

    def _fill_matches(self) -> None:
        self.match.setRowCount(0)
        column = self.mapping.columns.get("measure")
        for text in sheet_measures(self.sheet, column) if column is not None else []:
            row = self.match.rowCount()
            self.match.insertRow(row)
            self.match.setItem(row, 0, QTableWidgetItem(text))
            self.match.setItem(row, 1, QTableWidgetItem(self._context(column, text)))
            box = QComboBox()
            box.setAccessibleName(f"svdesk measure for {text}")
            box.addItem("Choose a measure…", None)
            box.addItem("Skip this row", self.SKIP)
            for k, name in self.measures.items():
                box.addItem(name, k)
            set_combo(box, self.SKIP if text in self.mapping.skip else self.mapping.measures.get(text))
            box.currentIndexChanged.connect(lambda _i, t=text, b=box: self.set_match(t, b.currentData()))
            self.match.setCellWidget(row, 2, box)
        self.match.resizeColumnToContents(0)
        self.match.resizeColumnToContents(1)

    def _context(self, column: int, text: str) -> str:
        """The other words on the first row holding text, to help the user recognise it."""
        skip = {column, self.mapping.columns.get("value")}
        for row in self.sheet.rows:
            if row[column] == text:
                return " · ".join(c for i, c in enumerate(row) if c and i not in skip)[:80]
        return ""

    def set_match(self, text: str, key: str | None) -> None:
        """key: an svdesk measure key, SKIP, or None (not matched: the preview says so)."""
        self.mapping.measures.pop(text, None)
        self.mapping.skip.discard(text)
        if key == self.SKIP:
            self.mapping.skip.add(text)
        elif key:
            self.mapping.measures[text] = key
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        if self.mapping is None:
            return
        self.mapping.contract_id = self.scope.currentData()
        self.mapping.source = self.default_source.text()
        try:
            self.preview = preview_import(self.store, self.sheet, self.mapping)
        except ValidationError as exc:
            self.preview = None
            self.preview_model.set_rows([])
            self.summary.setText(" ".join(exc.errors.values()))
            self.import_button.setEnabled(False)
            return
        self.preview_model.set_rows(self.preview.rows)
        self.preview_table.resizeColumnsToContents()
        bad = self.preview.error_count
        ready = sum(1 for r in self.preview.rows if not r.errors and not r.skipped)
        self.summary.setText(
            f"{ready} values ready"
            + (
                f", {bad} rows with problems: fix or skip them; nothing is imported until every row is right."
                if bad
                else "."
            )
        )
        self.import_button.setEnabled(self.preview.ok)

    def accept(self) -> None:
        if self.preview is None or not self.preview.ok:
            return
        self.imported = apply_import(self.store, self.preview)
        super().accept()


class ProxyListDialog(QDialog):
    def __init__(self, store: Store, contract_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.contract_id = contract_id
        self.setWindowTitle("Proxy values (£ per unit)")
        self.resize(980, 520)
        names = {m.key: m.name for m in list_measures(store)}
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "A proxy value turns a quantity into £ (for example £18.64 per volunteering hour, "
                "the ONS median hourly pay). svdesk ships only values with a verified public source "
                "under the Open Government Licence, never TOMs or HACT values; enter your buyer's "
                "values or import their sheet. A value for one contract overrides your default for "
                "that contract only.",
                "Muted",
            )
        )
        self.model = RowsModel(
            [
                Column("Measure", lambda p: names.get(p.measure_key, p.measure_key)),
                Column(
                    "£ per unit",
                    lambda p: p.pence_per_unit,
                    lambda p: format_money(p.pence_per_unit),
                    numeric=True,
                ),
                Column("Applies to", lambda p: "All contracts" if p.contract_id is None else "This contract"),
                Column("Source", lambda p: p.source, tooltip=citation),
                Column("Licence", lambda p: p.licence),
                Column("Published", lambda p: p.published),
                Column("Edition", lambda p: p.edition),
                Column("Currency year", lambda p: p.currency_year or ""),
                Column("Checked by", lambda p: p.checked_by, tooltip=lambda p: p.checked_by),
            ],
            self,
        )
        self.table = QTableView()
        setup_table(self.table, self.model)
        self.table.setAccessibleName("Proxy values")
        self.table.doubleClicked.connect(lambda *_: self.edit())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for caption, slot in (
            ("Add…", self.add),
            ("Edit…", self.edit),
            ("Delete…", self.delete),
            ("Import buyer's sheet…", self.import_sheet),
        ):
            button = QPushButton(caption)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(list_proxies(self.store, self.contract_id))
        self.table.resizeColumnsToContents()
        for i, column in enumerate(self.model.columns):  # long text: narrow, full in a tooltip
            if column.title in ("Source", "Checked by", "Edition"):
                self.table.setColumnWidth(i, min(self.table.columnWidth(i), 260))

    def selected(self) -> ProxyData | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def add(self) -> None:
        if ProxyEditDialog(self.store, None, self.contract_id, self).exec():
            self.refresh()

    def edit(self) -> None:
        proxy = self.selected()
        if proxy and ProxyEditDialog(self.store, proxy, self.contract_id, self).exec():
            self.refresh()

    def delete(self) -> None:
        proxy = self.selected()
        if proxy and confirm(
            self,
            "Delete proxy value",
            "Delete this proxy value? Figures for its measure will be shown as quantities only.",
            "Delete value",
        ):
            delete_proxy(self.store, proxy.id)
            self.refresh()

    def import_sheet(self) -> None:
        if ProxyImportDialog(self.store, self.contract_id, self).exec():
            self.refresh()
