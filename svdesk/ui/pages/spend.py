"""Spend & suppliers: where the money goes, and how much stays local, small and social.

Tabs: Analysis (shares and charts for a contract and period, drilling down to lines), Spend
lines (every imported line, lazily loaded, each openable in full), Suppliers (the register,
with merge suggestions) and Imports (undo a whole import). The main action is the import wizard.

At a million lines every tab's figures take a second or more, so each tab asks its question in
the background when it is shown (once per visit or change) and says it is working meanwhile.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_money
from svdesk.services.contracts import list_contracts
from svdesk.services.spend_analysis import SpendQuery
from svdesk.services.spend_lines import assign_contract, get_spend_line, has_spend_records
from svdesk.ui.spend.analysis_view import AnalysisView
from svdesk.ui.spend.imports_view import ImportsView
from svdesk.ui.spend.line_dialog import SpendLineDialog
from svdesk.ui.spend.lines_model import SpendLinesModel
from svdesk.ui.spend.suppliers_view import SuppliersView
from svdesk.ui.stacks import CurrentStack, CurrentTabs
from svdesk.ui.state import remember_columns
from svdesk.ui.widgets import EmptyState, Page, PageHeader, label

ANALYSIS, LINES, SUPPLIERS, IMPORTS, PAYMENT = range(5)


class SpendLinesView(QWidget):
    """Every spend line (or those behind a figure), newest first or as sorted, read page by
    page. Each question is answered in the background (see SpendLinesModel)."""

    changed = Signal()
    edit_supplier = Signal(int)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.base = SpendQuery()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.showing = label("All spend lines", "SectionTitle")
        tools.addWidget(self.showing, 1)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search supplier, description or reference")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search spend lines")
        self.clear_button = QPushButton("Show all lines")
        self.clear_button.setVisible(False)
        self.assign_button = QPushButton("Record against a contract…")
        self.assign_button.setToolTip("Say which contract the selected lines were bought for")
        self.assign_button.clicked.connect(self.assign_selected)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.clear_button)
        tools.addWidget(self.assign_button)
        box.addLayout(tools)
        self.model = SpendLinesModel(store, self)
        self.model.loaded.connect(self._show_totals)
        self.model.failed.connect(
            lambda message: self.footer.setText(f"The lines could not be read: {message}")
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setEditTriggers(QTableView.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Spend lines")
        self.table.horizontalHeader().setSortIndicator(0, Qt.DescendingOrder)  # newest first
        self.table.setSortingEnabled(True)  # sorting asks the model, which asks SQLite
        self.table.doubleClicked.connect(lambda index: self.open_line(index.row()))
        for column, width in enumerate((90, 210, 85, 200, 100, 90, 90, 90, 120)):
            self.table.setColumnWidth(column, width)
        remember_columns(self.table, "spend-lines")
        box.addWidget(self.table, 1)
        self.footer = label("", "Muted")
        box.addWidget(self.footer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._apply)
        self.search.textChanged.connect(lambda *_: self._timer.start())
        self.clear_button.clicked.connect(lambda: self.show_query(SpendQuery(), "All spend lines"))
        # Nothing is read until the page shows this tab (refresh) or a figure is followed here.

    @property
    def busy(self) -> bool:
        return self.model.busy

    def show_query(self, query: SpendQuery, title: str) -> None:
        self.base = query
        self.showing.setText(title or "Spend lines")
        self.clear_button.setVisible(query != SpendQuery())
        self._apply()

    def _apply(self) -> None:
        self._timer.stop()
        self.model.set_query(replace(self.base, search=self.search.text()))
        self.footer.setText("Finding the lines…")

    def _show_totals(self) -> None:
        self.footer.setText(
            f"{self.model.total_rows:,} lines · {format_money(self.model.total_pence)} "
            + (
                "(including VAT where known)"
                if self.base.basis == "gross"
                else "(net of VAT; the gross amount where only that is known)"
            )
            + " · double-click a line to see it in full"
        )

    def refresh(self) -> None:
        self._apply()

    def release(self) -> None:
        """The page is hidden: drop the lines (their ids, a million on the ten-year database,
        and the pages read); refresh() asks again."""
        self.model.release()
        self.footer.setText("")

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.line_id(r) for r in rows) if i is not None]

    def open_line(self, row: int) -> None:
        line_id = self.model.line_id(row)
        detail = get_spend_line(self.store, line_id) if line_id is not None else None
        if detail is None:
            QMessageBox.information(
                self, "Spend line", "This line is no longer there (its import may have been undone)."
            )
            return
        SpendLineDialog(detail, self.edit_supplier.emit, self).exec()

    def choose_contract(self) -> tuple[bool, int | None]:
        contracts = list_contracts(self.store)
        options = ["No particular contract (general spend)"] + [
            f"{c.reference}: {c.title}" for c in contracts
        ]
        choice, ok = QInputDialog.getItem(
            self, "Record against a contract", "Which contract were these bought for?", options, 0, False
        )
        if not ok:
            return False, None
        index = options.index(choice)
        return True, (contracts[index - 1].id if index else None)

    def assign_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(
                self,
                "Record against a contract",
                "Select the spend lines first (Shift or Ctrl to select several).",
            )
            return
        ok, contract_id = self.choose_contract()
        if ok:
            assign_contract(self.store, ids, contract_id)
            self.changed.emit()


class SpendPage(Page):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader(
            "Spend & suppliers",
            "What you spend, and how much goes to local suppliers, small "
            "firms (SMEs) and voluntary, community and social enterprises (VCSEs).",
            "Import spend…",
            self.import_spend,
        )
        supplier_button = QPushButton("Import supplier list…")
        supplier_button.clicked.connect(lambda: self.import_spend("suppliers"))
        self.header.add_button(supplier_button)
        self.layout_.addWidget(self.header)
        self.stack = CurrentStack(self)
        self.empty = EmptyState(
            "No spend imported yet",
            "Buyers ask what share of your spend stays local and goes to small firms and "
            "charities. Export your bills and your contact list from Xero (or a supplier report "
            "from QuickBooks, or a bank statement) and import them here: svdesk works out the "
            "shares for each contract from your suppliers' postcodes.",
            [
                ("Import spend…", self.import_spend),
                ("Import supplier list…", lambda: self.import_spend("suppliers")),
            ],
        )
        self.stack.addWidget(self.empty)
        self.tabs = CurrentTabs(self.stack)
        self._holders: list[QWidget] = []
        for title in ("Analysis", "Spend lines", "Suppliers", "Imports", "Payment test"):
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(12, 12, 12, 12)
            self._holders.append(holder)
            self.tabs.addTab(holder, title)
        self._views: dict[int, QWidget] = {}
        self._stale: set[int] = set()
        self._released = False
        self.stack.addWidget(self.tabs)
        self.layout_.addWidget(self.stack, 1)
        self.tabs.currentChanged.connect(lambda *_: self._load_shown())
        QShortcut(QKeySequence("Ctrl+I"), self, self.import_spend)
        QShortcut(QKeySequence.Find, self, self.find)
        self.refresh()

    # Each tab's view is built the first time it is needed: building all four up front was a
    # third of the page's opening time, for tabs the user may not visit.
    analysis = property(lambda self: self.view(ANALYSIS))
    lines = property(lambda self: self.view(LINES))
    suppliers = property(lambda self: self.view(SUPPLIERS))
    imports = property(lambda self: self.view(IMPORTS))
    payment = property(lambda self: self.view(PAYMENT))

    def view(self, index: int) -> QWidget:
        view = self._views.get(index)
        if view is None:
            holder = self._holders[index]  # made in it: moving a built view restyles it all
            if index == ANALYSIS:
                view = AnalysisView(self.store, holder)
                view.drill.connect(self.drill)
                view.fix_supplier.connect(self.fix_supplier)
            elif index == LINES:
                view = SpendLinesView(self.store, holder)
                view.edit_supplier.connect(self.fix_supplier)
            elif index == PAYMENT:
                from svdesk.ui.spend.payment_view import PaymentView

                view = PaymentView(self.store, holder)
                view.open_line.connect(self.open_line)
            else:
                view = (SuppliersView if index == SUPPLIERS else ImportsView)(self.store, holder)
            if index != ANALYSIS:
                view.changed.connect(self.refresh)
            self._views[index] = view
            holder.layout().addWidget(view)
        return view

    def refresh(self) -> None:
        """Called when the page is shown or its data changed: every tab is out of date, and
        the one showing asks again at once (in the background); the others when shown."""
        self._released = False
        has_data = has_spend_records(self.store)
        self.stack.setCurrentIndex(1 if has_data else 0)
        self._stale = {ANALYSIS, LINES, SUPPLIERS, IMPORTS, PAYMENT}
        if has_data:
            self._load_shown()

    # What the tabs read (the analysis's suppliers, the lines' ids and pages, the register) is
    # let go while another page shows: each visit reads it again anyway (refresh, newest answer
    # wins), and on the ten-year database it is the window's largest holding (issue #23 4a).
    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        if not event.spontaneous():  # another page, not the window minimised
            self.release()

    def release(self) -> None:
        for view in self._views.values():
            release = getattr(view, "release", None)  # the imports and payment test hold little
            if release is not None:
                release()
        self._stale = {ANALYSIS, LINES, SUPPLIERS, IMPORTS, PAYMENT}
        self._released = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        # The main window refreshes the page it shows; shown any other way, the page reads
        # again itself (after the caller's own refresh, if any, has had its turn).
        if self._released:
            QTimer.singleShot(0, self, self._reload_released)

    def _reload_released(self) -> None:
        if self._released and self.isVisible():
            self.refresh()

    def _load_shown(self) -> None:
        index = self.tabs.currentIndex()
        if index in self._stale:
            self._stale.discard(index)
            self.view(index).refresh()

    @property
    def busy(self) -> bool:
        return any(view.busy for view in self._views.values())

    def find(self) -> None:
        """Ctrl+F: search the lines, or the register when it is showing."""
        if self.tabs.currentIndex() != SUPPLIERS:
            self.tabs.setCurrentIndex(LINES)
        view = self.suppliers if self.tabs.currentIndex() == SUPPLIERS else self.lines
        view.search.setFocus()
        view.search.selectAll()

    def import_spend(self, kind: str = "spend", path: Path | None = None) -> None:
        """The import wizard; `path` pre-fills the file (a file dropped on the window)."""
        from svdesk.ui.spend.import_wizard import ImportWizard  # its importers load on use

        wizard = ImportWizard(self.store, kind if kind == "suppliers" else "spend", self)
        if path is not None:
            wizard.file_edit.setText(str(path))
        wizard.exec()
        if wizard.summary is not None and not wizard.summary.dry_run:
            self.refresh()

    def drill(self, query: SpendQuery, title: str) -> None:
        self.lines.search.blockSignals(True)  # no second question when the search empties
        self.lines.search.clear()
        self.lines.search.blockSignals(False)
        self._stale.discard(LINES)
        self.lines.show_query(query, title)
        self.tabs.setCurrentIndex(LINES)

    def open_line(self, line_id: int) -> None:
        """A line named by the payment test (it lacks a date): shown in full."""
        detail = get_spend_line(self.store, line_id)
        if detail is not None:
            SpendLineDialog(detail, self.fix_supplier, self).exec()

    def fix_supplier(self, supplier_id: int) -> None:
        self.suppliers.edit(supplier_id)
