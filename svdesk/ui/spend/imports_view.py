"""Past imports, newest first, each of which can be undone as a whole."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from svdesk.formatting import format_money
from svdesk.importers import UnknownLayout, layout_by_name
from svdesk.services.spend_batches import list_batches, undo_batch
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import confirm, label

def _layout_label(name: str) -> str:
    try:
        return layout_by_name(name).label.split(" (")[0]
    except UnknownLayout:
        return name


COLUMNS = [
    Column("Imported", lambda b: b.imported_at, lambda b: b.imported_at.strftime("%d/%m/%Y %H:%M")),
    Column("File", lambda b: b.file_name, tooltip=lambda b: b.file_name),
    Column("What", lambda b: b.kind, lambda b: "Spend" if b.kind == "spend" else "Suppliers"),
    Column("Layout", lambda b: b.format, lambda b: _layout_label(b.format)),
    Column("Contract", lambda b: b.contract_reference),
    Column("Lines", lambda b: b.lines_now, lambda b: f"{b.lines_now:,}", numeric=True,
           tooltip=lambda b: f"{b.rows_read:,} rows read, {b.rows_imported:,} imported, "
                             f"{b.rows_duplicate:,} already there, {b.rows_rejected:,} rejected"),
    Column("Rejected", lambda b: b.rows_rejected, lambda b: f"{b.rows_rejected:,}", numeric=True),
    Column("Spend now", lambda b: b.total_pence, lambda b: format_money(b.total_pence),
           numeric=True),
]


class ImportsView(QWidget):
    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label("Each import can be undone as a whole: its spend lines go, and so "
                            "do suppliers it added that nothing else uses.", "Muted"))
        self.model = RowsModel(COLUMNS, self)
        proxy = SortFilterModel(self)
        proxy.setSourceModel(self.model)
        self.proxy = proxy
        self.table = QTableView()
        setup_table(self.table, proxy)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAccessibleName("Imports")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)  # the file name takes what is left
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.undo_button = QPushButton("Undo this import…")
        self.undo_button.clicked.connect(self.undo_selected)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        box.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.undo_button.setEnabled(self.selected() is not None))
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(list_batches(self.store))
        self.table.sortByColumn(0, Qt.DescendingOrder)
        self.undo_button.setEnabled(self.selected() is not None)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None:
            return
        if confirm(self, "Undo import",
                   f"Undo the import of {batch.file_name}?\n\n{batch.lines_now:,} spend lines "
                   "will be removed, with any supplier it added that nothing else uses.",
                   "Undo import"):
            undo_batch(self.store, batch.id)
            self.refresh()
            self.changed.emit()
