"""Contracts and bids: a searchable table, add/edit in a dialog, delete after confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date, format_money
from svdesk.services.conflicts import ConflictError, not_deleted
from svdesk.services.contracts import ContractData, delete_contract
from svdesk.ui import reads
from svdesk.ui.dialogs.contract_dialog import ContractDialog
from svdesk.ui.stacks import CurrentStack
from svdesk.ui.state import fit_columns
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import EmptyState, Page, PageHeader, confirm, label

COLUMNS = [
    Column("Reference", lambda c: c.reference),
    Column("Title", lambda c: c.title),
    Column("Buyer", lambda c: c.buyer),
    Column("Status", lambda c: c.status_label),
    Column("Value", lambda c: c.value_pence, lambda c: format_money(c.value_pence), numeric=True),
    Column("Start", lambda c: c.start_date, lambda c: format_date(c.start_date, short=True)),
    Column("End", lambda c: c.end_date, lambda c: format_date(c.end_date, short=True)),
    Column("Local means", lambda c: c.local_area.describe(), tooltip=lambda c: c.framework_label),
]


class ContractsPage(Page):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader(
            "Contracts",
            "The contracts and bids your social value relates to, each with the "
            "buyer's framework and its own definition of local.",
            "Add a contract…",
            self.add,
        )
        self.layout_.addWidget(self.header)

        self.stack = CurrentStack(self)  # tables made in place (see svdesk.ui.stacks)
        self.empty = EmptyState(
            "No contracts or bids yet",
            "Add each contract you hold or are bidding for. Buyers ask for social value figures "
            "per contract, and each contract decides what counts as local: a council area, a list "
            "of postcode districts or a distance from the site.",
            [("Add a contract…", self.add)],
        )
        self.stack.addWidget(self.empty)

        table_page = QWidget(self.stack)
        box = QVBoxLayout(table_page)
        box.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search contracts (reference, title, buyer…)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search contracts")
        tools.addWidget(self.search, 1)
        self.bid_button = QPushButton("Tender questions…")
        self.bid_button.setToolTip("The buyer's social value questions for this bid, and your answers")
        self.bid_button.clicked.connect(self.open_bid)
        tools.addWidget(self.bid_button)
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.notes_button = QPushButton("Return commentary…")
        self.notes_button.setToolTip(
            "Commentary, corrective action and the buyer's KPI names for this contract's quarterly return"
        )
        self.notes_button.clicked.connect(self.open_return_notes)
        tools.addWidget(self.notes_button)
        self.delete_button.clicked.connect(self.delete_selected)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.delete_button)
        box.addLayout(tools)

        self.model = RowsModel(COLUMNS, self)
        self.proxy = SortFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(table_page)
        setup_table(self.table, self.proxy)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.table.setAccessibleName("Contracts")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        box.addWidget(self.table, 1)
        self.footer = label("", "Muted")
        box.addWidget(self.footer)
        self.stack.addWidget(table_page)
        self.layout_.addWidget(self.stack, 1)

        QShortcut(QKeySequence.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.Delete, self.table, self.delete_selected)
        self._widths_restored = False
        self.refresh()

    def refresh(self) -> None:
        contracts = reads.contracts(self.store)
        self.model.set_rows(contracts)
        self.stack.setCurrentIndex(1 if contracts else 0)
        total = sum(c.value_pence or 0 for c in contracts)
        live = sum(1 for c in contracts if c.status in ("won", "active"))
        self.footer.setText(
            f"{len(contracts)} contracts and bids · {live} won or active · total value {format_money(total)}"
        )
        if contracts and not self._widths_restored:
            fit_columns(self.table, "contracts")
            self._widths_restored = True
        self._selection_changed()

    def _selection_changed(self, *_):
        has = self.selected() is not None
        self.bid_button.setEnabled(has)
        self.edit_button.setEnabled(has)
        self.notes_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def open_bid(self):
        """Bids, at this contract's questions."""
        contract = self.selected()
        window = self.window()
        if contract is None or not hasattr(window, "show_area"):
            return None
        page = window.show_area("bids")
        if page is not None:
            page.refresh()
            page.select_contract(contract.id)
        return page

    def selected(self) -> ContractData | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row(self.proxy.mapToSource(rows[0]).row())

    def open_return_notes(self) -> None:
        from svdesk.ui.dialogs.return_notes_dialog import ReturnNotesDialog

        contract = self.selected()
        if contract is not None:
            ReturnNotesDialog(self.store, contract, self).exec()

    def add(self) -> None:
        dialog = ContractDialog(self.store, None, self)
        if dialog.exec():
            self.refresh()
            self._select(dialog.saved.id)

    def edit_selected(self) -> None:
        contract = self.selected()
        if contract is None:
            return
        dialog = ContractDialog(self.store, contract, self)
        if dialog.exec():
            self.refresh()
            self._select(contract.id)

    def delete_selected(self) -> None:
        contract = self.selected()
        if contract is None:
            return
        if confirm(
            self,
            "Delete contract",
            f"Delete {contract.reference} “{contract.title}”?\n\nRecords linked to it "
            "stay, but are no longer tied to a contract. You can undo this from "
            "Edit > Undo (Ctrl+Z).",
            "Delete contract",
        ):
            try:
                delete_contract(self.store, contract.id, contract.row_version)
            except ConflictError as exc:  # changed or deleted by someone else since listed
                QMessageBox.information(self, "Delete contract", not_deleted(exc))
            self.refresh()

    def _select(self, contract_id: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            item = self.proxy.index(row, 0).data(Qt.UserRole + 1)
            if item is not None and item.id == contract_id:
                self.table.selectRow(row)
                return
