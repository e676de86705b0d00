"""The supplier register: search, edit, and near-identical names offered for merging.

svdesk never merges suppliers on its own: names that look alike are listed with the reason,
and the user merges a pair after confirming which name to keep.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_money
from svdesk.services.suppliers import (
    SIZE_BANDS,
    get_supplier,
    list_suppliers,
    merge_suggestions,
    merge_suppliers,
)
from svdesk.ui import tasks
from svdesk.ui.spend.supplier_dialog import SupplierDialog
from svdesk.ui.state import fit_columns
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import confirm, label

COLUMNS = [
    Column("Supplier", lambda s: s.name),
    Column("Postcode", lambda s: s.postcode, lambda s: s.postcode or "not known"),
    Column("Size", lambda s: s.size_band, lambda s: SIZE_BANDS[s.size_band].split(" (")[0]),
    Column("VCSE", lambda s: s.is_vcse, lambda s: "VCSE" if s.is_vcse else ""),
    Column("Lines", lambda s: s.lines, lambda s: f"{s.lines:,}", numeric=True),
    Column("Spend", lambda s: s.spend_pence, lambda s: format_money(s.spend_pence), numeric=True),
]


class SuppliersView(QWidget):
    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search suppliers")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search suppliers")
        self.only_unknown = QCheckBox("Only those without a postcode")
        self.edit_button = QPushButton("Edit…")
        self.add_button = QPushButton("Add a supplier…")
        tools.addWidget(self.search, 1)
        tools.addWidget(self.only_unknown)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.add_button)
        outer.addLayout(tools)

        split = QSplitter(Qt.Horizontal)
        self.model = RowsModel(COLUMNS, self)
        self.proxy = SortFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        setup_table(self.table, self.proxy)
        self.table.sortByColumn(5, Qt.DescendingOrder)  # biggest spend first
        self.table.verticalHeader().setResizeContentsPrecision(50)  # widths from the top 50
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAccessibleName("Suppliers")
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        split.addWidget(self.table)

        side = QWidget()
        box = QVBoxLayout(side)
        box.setContentsMargins(12, 0, 0, 0)
        box.addWidget(label("Possibly the same supplier", "SectionTitle"))
        box.addWidget(
            label(
                "Names that look alike across your files. Merge a pair to add their "
                "spend together; svdesk never merges on a guess.",
                "HelpText",
            )
        )
        self.suggestions = QListWidget()
        self.suggestions.setAccessibleName("Possible duplicate suppliers")
        self.suggestions.setWordWrap(True)
        box.addWidget(self.suggestions, 1)
        self.merge_button = QPushButton("Merge this pair…")
        self.merge_button.clicked.connect(self.merge_selected)
        box.addWidget(self.merge_button, 0, Qt.AlignLeft)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        outer.addWidget(split, 1)
        self.footer = label("", "Muted")
        outer.addWidget(self.footer)

        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.only_unknown.toggled.connect(lambda *_: self._load_rows())
        self.edit_button.clicked.connect(self.edit_selected)
        self.add_button.clicked.connect(self.add)
        self.suggestions.currentRowChanged.connect(lambda *_: self._enable())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._widths = False
        self._alike_wanted = False
        self._alike_timer = QTimer(self)
        self._alike_timer.setSingleShot(True)
        self._alike_timer.setInterval(50)
        self._alike_timer.timeout.connect(self._load_suggestions)
        # The page calls refresh() when this tab is shown.

    def refresh(self) -> None:
        """Ask for the register, then for the look-alike names, both in the background.

        The look-alikes (a second or so of pure Python for thousands of suppliers) start
        only once the table is on screen: while Python code runs in a background thread,
        every call the window makes into Python waits its turn for the interpreter, and
        filling a table makes thousands of them."""
        self._alike_wanted = True
        self.suggestions.clear()
        self.suggestions.addItem("Looking for names that look alike…")
        self._enable()
        self._load_rows()

    def _load_suggestions(self) -> None:
        tasks.newest(
            self, "alike", partial(merge_suggestions, self.store), self._show_suggestions, self._failed
        )

    def _load_rows(self) -> None:
        self.footer.setText("Reading the register…")
        tasks.newest(
            self,
            "rows",
            partial(list_suppliers, self.store, only_unknown_postcode=self.only_unknown.isChecked()),
            self._show_rows,
            self._failed,
        )

    def release(self) -> None:
        """The page is hidden: drop the register and the look-alikes; refresh() reads them."""
        tasks.forget(self, "rows")
        tasks.forget(self, "alike")
        self._alike_timer.stop()
        self.model.set_rows([])
        self.suggestions.clear()

    @property
    def busy(self) -> bool:
        return tasks.busy(self, "rows") or tasks.busy(self, "alike") or self._alike_timer.isActive()

    def _failed(self, message: str) -> None:
        self.footer.setText(f"The register could not be read: {message}")

    def _show_rows(self, rows) -> None:
        self.model.set_rows(rows)
        if rows and not self._widths:
            fit_columns(
                self.table,
                "spend-suppliers",
                lambda view: (
                    view.setColumnWidth(0, min(view.columnWidth(0), 250)),
                    view.setColumnWidth(3, 64),
                ),
            )
            self._widths = True
        unknown = sum(1 for r in rows if not r.postcode)
        self.footer.setText(f"{len(rows):,} suppliers · {unknown:,} without a postcode")
        self._enable()
        if self._alike_wanted:
            self._alike_wanted = False
            self._alike_timer.start()  # after the table has painted

    def _show_suggestions(self, matches) -> None:
        self.suggestions.clear()
        for match in matches:
            item = QListWidgetItem(
                f"{match.a_name}  ·  {match.b_name}\n{match.why} ({match.score:.0%} alike)"
            )
            item.setData(Qt.UserRole, match)
            self.suggestions.addItem(item)
        if not self.suggestions.count():
            self.suggestions.addItem("No look-alike names.")
        self._enable()

    def _enable(self) -> None:
        self.edit_button.setEnabled(self.selected_id() is not None)
        item = self.suggestions.currentItem()
        self.merge_button.setEnabled(bool(item and item.data(Qt.UserRole)))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row(self.proxy.mapToSource(rows[0]).row()).id

    def add(self) -> None:
        if SupplierDialog(self.store, None, self).exec():
            self.changed.emit()  # the page asks again (this tab too, if showing)

    def edit(self, supplier_id: int) -> None:
        supplier = get_supplier(self.store, supplier_id)
        if supplier and SupplierDialog(self.store, supplier, self).exec():
            self.changed.emit()  # the page asks again (this tab too, if showing)

    def edit_selected(self) -> None:
        sid = self.selected_id()
        if sid is not None:
            self.edit(sid)

    def merge_selected(self) -> None:
        item = self.suggestions.currentItem()
        match = item.data(Qt.UserRole) if item else None
        if not match:
            return
        # Keep the one with the fuller name (usually the registered one with "Ltd").
        keep, gone = ((match.a_id, match.a_name), (match.b_id, match.b_name))
        if len(gone[1]) > len(keep[1]):
            keep, gone = gone, keep
        if confirm(
            self,
            "Merge suppliers",
            f"Merge “{gone[1]}” into “{keep[1]}”?\n\nIts spend lines move to “{keep[1]}” "
            f"and files that spell it “{gone[1]}” will match “{keep[1]}” from now on.",
            "Merge suppliers",
        ):
            merge_suppliers(self.store, keep[0], gone[0])
            self.changed.emit()  # the page asks again (this tab too, if showing)
