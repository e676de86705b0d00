"""A windowed table model over spend lines: stays responsive at a million rows.

rowCount() is the true number of lines (one COUNT query); data() reads the page of 200 rows
that holds the asked-for row on first need and keeps the 40 most recently used pages. The view
only asks for the rows on screen, so scrolling anywhere in a million lines reads a few hundred
rows, never the whole table.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from svdesk.formatting import format_date, format_money
from svdesk.services.spend_analysis import SpendLineRow, SpendQuery, count_lines, spend_lines

PAGE = 200
KEEP_PAGES = 40
HEADERS = ["Date", "Supplier", "Postcode", "Description", "Reference", "Net", "Gross",
           "Paid", "Contract"]
NUMERIC = {5, 6}


class SpendLinesModel(QAbstractTableModel):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.query = SpendQuery()
        self.total_rows = 0
        self.total_pence = 0
        self._pages: OrderedDict[int, list[SpendLineRow]] = OrderedDict()
        self.pages_read = 0  # for tests: how much was actually fetched

    def set_query(self, query: SpendQuery) -> None:
        self.beginResetModel()
        self.query = query
        self._pages.clear()
        self.total_rows, self.total_pence = count_lines(self.store, query)
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self.query)

    def line(self, row: int) -> SpendLineRow | None:
        if not 0 <= row < self.total_rows:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = spend_lines(self.store, self.query, offset=number * PAGE, limit=PAGE)
            self.pages_read += 1
            self._pages[number] = page
            while len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        i = row - number * PAGE
        return page[i] if i < len(page) else None

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else self.total_rows

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

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if index.column() in NUMERIC else Qt.AlignLeft)
                       | Qt.AlignVCenter)
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
