"""A table model that fetches service results a page at a time (canFetchMore/fetchMore).

Sorting and filtering happen in the service (SQL), so a table of tens of thousands of records
opens at once: only the first page is read, and more arrive as the user scrolls. Every read runs
off the GUI thread: the table reads the first page (with its count and totals) and hands it to
show_page; the next pages are read in the background as the view asks for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from svdesk.ui import style, tasks
from svdesk.ui.table_model import answer_roles

ROW_ROLE = Qt.UserRole + 1
PAGE_SIZE = 200


@dataclass
class PagedColumn:
    title: str
    text: Callable[[Any], str]
    sort_key: str | None = None  # the service's order_by name; None = not sortable
    numeric: bool = False
    tooltip: Callable[[Any], str] | None = None
    colour: Callable[[Any], str | None] | None = None


class PagedModel(QAbstractTableModel):
    """fetch(offset, limit, order_by, descending) -> rows, called on a worker thread."""

    sort_changed = Signal()  # the user chose another order: the table reads the first page again

    def __init__(
        self, columns: list[PagedColumn], fetch: Callable[..., list], parent=None, page_size: int = PAGE_SIZE
    ):
        super().__init__(parent)
        self.columns = columns
        self.fetch = fetch
        self.page_size = page_size
        self.rows: list[Any] = []
        self.total = 0
        self.order_by: str | None = None
        self.descending = False

    def show_page(self, total: int, rows: list) -> None:
        """The first page of a fresh read; a next page still being read is dropped."""
        tasks.forget(self, "more")
        self.beginResetModel()
        self.total = total
        self.rows = list(rows)
        self.endResetModel()

    @property
    def fetching(self) -> bool:
        return tasks.busy(self, "more")

    def row(self, index: int) -> Any:
        return self.rows[index]

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < self.total and not self.fetching

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or self.fetching:
            return
        fetch, offset, size = self.fetch, len(self.rows), self.page_size
        order_by, descending = self.order_by, self.descending
        tasks.newest(self, "more", lambda: fetch(offset, size, order_by, descending), self._append)

    def _append(self, more: list) -> None:
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        key = self.columns[column].sort_key
        if key is None:
            return
        self.order_by = key
        self.descending = order == Qt.DescendingOrder
        self.sort_changed.emit()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation != Qt.Horizontal or role not in (Qt.DisplayRole, Qt.TextAlignmentRole):
            return None
        column = self.columns[section]
        if role == Qt.DisplayRole:
            return column.title
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column.numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        return None

    def multiData(self, index, roles) -> None:  # noqa: N802 (Qt naming)
        # The delegate's seven roles of a cell in one call into Python, answered as data()
        # answers them, with the row and column looked up once (a subclass's data() is asked).
        if type(self).data is not PagedModel.data or not index.isValid():
            answer_roles(self, index, roles)
            return
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        for asked in roles:
            role = asked.role()
            if role == _DISPLAY:
                asked.setData(column.text(row))
            elif role == _ALIGN:
                asked.setData(_RIGHT if column.numeric else _LEFT)
            elif role == _FOREGROUND and column.colour:
                colour = column.colour(row)
                asked.setData(QBrush(QColor(colour)) if colour else None)
            elif role == _TOOLTIP and column.tooltip:
                asked.setData(column.tooltip(row))
            elif role == _ROW:
                asked.setData(row)
            else:
                asked.clearData()

    def data(self, index, role=Qt.DisplayRole):
        # Views ask for a dozen roles per cell; most are answered at once (fitting the columns
        # of a page of people asks ~20,000 times).
        if role not in _ROLES or not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column.numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == Qt.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == Qt.ForegroundRole and column.colour:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        return None


_ROLES = frozenset({Qt.DisplayRole, ROW_ROLE, Qt.TextAlignmentRole, Qt.ToolTipRole, Qt.ForegroundRole})
# the same as plain numbers, for multiData's loop (comparing Qt's enum members costs more)
_DISPLAY, _ALIGN, _TOOLTIP = int(Qt.DisplayRole), int(Qt.TextAlignmentRole), int(Qt.ToolTipRole)
_FOREGROUND, _ROW = int(Qt.ForegroundRole), int(ROW_ROLE)
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
_LEFT = int(Qt.AlignLeft | Qt.AlignVCenter)


def evidence_text(count: int) -> str:
    """The at-a-glance marker: a word as well as a colour."""
    return f"{count} file{'s' if count != 1 else ''}" if count else "⚠ No evidence"


def evidence_colour(count: int) -> str | None:
    return None if count else style.STATUS["at_risk"]
