"""A table model over spend lines that stays responsive at a million rows.

Asking a question (set_query, or sorting by a column) is answered in the background: the ids
of every matching line, in order, and their total (svdesk.services.spend_lines.line_set).
Until then the table is empty and `busy` is true; a newer question makes an older answer be
ignored. data() then reads the page of 200 rows holding the asked-for row by id on first need
(about a millisecond, anywhere in the list) and keeps the 40 most recently used pages, so
scrolling reads a few hundred rows, never the whole table.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from functools import partial

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from svdesk.formatting import format_date, format_money
from svdesk.services.spend_analysis import SpendQuery
from svdesk.services.spend_lines import LineSet, SpendLineRow, line_set, lines_by_id
from svdesk.ui import tasks
from svdesk.ui.table_model import answer_roles

PAGE = 200
KEEP_PAGES = 40
HEADERS = ["Date", "Supplier", "Postcode", "Description", "Reference", "Net", "Gross", "Paid", "Contract"]
SORT_KEYS = ["date", "supplier", "postcode", "description", "reference", "net", "gross", "paid", "contract"]
NUMERIC = {5, 6}


class SpendLinesModel(QAbstractTableModel):
    loaded = Signal()  # the answer to the latest question is in
    failed = Signal(str)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.query = SpendQuery()
        self.sort_key, self.descending = "date", True
        self.ids = array("q")
        self.total_pence = 0
        self._pages: OrderedDict[int, list[SpendLineRow]] = OrderedDict()
        self.pages_read = 0  # for tests: how much was actually fetched

    @property
    def total_rows(self) -> int:
        return len(self.ids)

    @property
    def busy(self) -> bool:
        return tasks.busy(self, "shown")

    def set_query(self, query: SpendQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Ask again (the lines may have changed); the table empties until the answer."""
        self._show(LineSet(self.query, self.sort_key, self.descending, array("q"), 0))
        tasks.newest(
            self,
            "shown",
            partial(line_set, self.store, self.query, self.sort_key, self.descending),
            self._show_loaded,
            self.failed.emit,
        )

    def release(self) -> None:
        """Hold no lines (the page is hidden): nothing asked is shown; reload() asks again."""
        tasks.forget(self, "shown")
        self._show(LineSet(self.query, self.sort_key, self.descending, array("q"), 0))

    def _show_loaded(self, lines: LineSet) -> None:
        self._show(lines)
        self.loaded.emit()

    def _show(self, lines: LineSet) -> None:
        self.beginResetModel()
        self.ids, self.total_pence = lines.ids, lines.total_pence
        self._pages.clear()
        self.endResetModel()

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:  # the header was clicked
        key, descending = SORT_KEYS[column], order == Qt.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.reload()

    def line_id(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def line(self, row: int) -> SpendLineRow | None:
        if not 0 <= row < len(self.ids):
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            wanted = self.ids[number * PAGE : (number + 1) * PAGE]
            found = {r.id: r for r in lines_by_id(self.store, wanted)}
            page = [found.get(i) for i in wanted]  # None where a line was deleted since
            self.pages_read += 1
            self._pages[number] = page
            while len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[row - number * PAGE]

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal:
            return None
        if role == Qt.DisplayRole:
            return HEADERS[section]
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if section in NUMERIC else Qt.AlignLeft) | Qt.AlignVCenter)
        return None

    def multiData(self, index, roles) -> None:  # noqa: N802 (Qt naming)
        answer_roles(self, index, roles)  # seven roles of a cell in one call into Python

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if index.column() in NUMERIC else Qt.AlignLeft) | Qt.AlignVCenter)
        if role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        line = self.line(index.row())
        if line is None:
            return None
        column = index.column()
        if role == Qt.ToolTipRole:
            return line.description if column == 3 else None
        return (
            format_date(line.spend_date, short=True),
            line.supplier,
            line.postcode or "not known",
            line.description,
            line.reference,
            format_money(line.net_pence),
            format_money(line.gross_pence),
            format_date(line.paid_date, short=True),
            line.contract,
        )[column]
