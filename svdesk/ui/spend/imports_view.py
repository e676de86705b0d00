"""Past imports, newest first, each of which can be undone as a whole."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_money
from svdesk.importers import UnknownLayout, layout_by_name
from svdesk.services.spend_batches import UndoPlan, list_batches, undo_batch, undo_plan
from svdesk.ui import tasks
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
    Column(
        "Lines",
        lambda b: b.lines_now,
        lambda b: f"{b.lines_now:,}",
        numeric=True,
        tooltip=lambda b: (
            f"{b.rows_read:,} rows read, {b.rows_imported:,} imported, "
            f"{b.rows_duplicate:,} already there, {b.rows_rejected:,} rejected"
        ),
    ),
    Column("Rejected", lambda b: b.rows_rejected, lambda b: f"{b.rows_rejected:,}", numeric=True),
    Column("Spend now", lambda b: b.total_pence, lambda b: format_money(b.total_pence), numeric=True),
]


class ImportsView(QWidget):
    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(
            label(
                "Each import can be undone as a whole: its spend lines go, so do "
                "suppliers it added that nothing else uses, and postcodes it filled "
                "in are blank again.",
                "Muted",
            )
        )
        self.model = RowsModel(COLUMNS, self)
        proxy = SortFilterModel(self)
        proxy.setSourceModel(self.model)
        self.proxy = proxy
        self.table = QTableView()
        setup_table(self.table, proxy)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAccessibleName("Imports")
        self.table.verticalHeader().setResizeContentsPrecision(50)  # widths from 50 rows
        self._fitted = False
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # Fitted once per load (_show), not ResizeToContents: that mode measures every cell
        # again on each layout pass, tens of thousands of calls into Python.
        header.setSectionResizeMode(1, QHeaderView.Stretch)  # the file name takes what is left
        box.addWidget(self.table, 1)
        self.status = label("", "Muted")
        box.addWidget(self.status)
        row = QHBoxLayout()
        self.undo_button = QPushButton("Undo this import…")
        self.undo_button.clicked.connect(self.undo_selected)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        box.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.undo_button.setEnabled(self.selected() is not None)
        )
        self.undo_button.setEnabled(False)
        # The page calls refresh() when this tab is shown.

    def refresh(self) -> None:
        self.status.setText("Reading the imports…")
        tasks.newest(self, "shown", partial(list_batches, self.store), self._show, self.status.setText)

    @property
    def busy(self) -> bool:
        return tasks.busy(self, "shown")

    def _show(self, batches) -> None:
        self.status.setText("" if batches else "Nothing imported yet.")
        self.model.set_rows(batches)
        self.table.sortByColumn(0, Qt.DescendingOrder)
        if batches and not self._fitted:  # once: the user may widen columns after
            self._fitted = True
            for column in range(self.model.columnCount()):
                if column != 1:
                    self.table.resizeColumnToContents(column)
        self.undo_button.setEnabled(self.selected() is not None)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def undo_selected(self) -> None:
        """Work out what undoing will do (and not do), ask, then undo; both steps in the
        background, since a big import has hundreds of thousands of lines."""
        batch = self.selected()
        if batch is not None:
            tasks.run_with_progress(
                self,
                "Undo import",
                tasks.call(undo_plan, self.store, batch.id),
                self._confirm,
                kind=tasks.Kind.READ,
            )

    def _confirm(self, plan: UndoPlan) -> None:
        if confirm(self, "Undo import", plan.text(), "Undo import"):
            tasks.run_with_progress(
                self,
                "Undo import",
                tasks.call(undo_batch, self.store, plan.batch_id),
                lambda _done: self.changed.emit(),
                kind=tasks.Kind.WRITE,
            )
