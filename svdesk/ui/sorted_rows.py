"""A rows model that sorts itself, for tables of thousands of rows that refresh often.

The shared SortFilterModel (svdesk.ui.table_model) sorts in the proxy: each of Qt's n·log n
comparisons calls Python, and each index it makes calls rowCount() and columnCount() too, so
refreshing 3,000 suppliers cost a quarter of a second of GUI-thread time (and more when a
background job competes for Python's lock). Here the model keeps its rows in the order shown
and sorts them with one Python sort (a few milliseconds); the proxy in front of it only
filters, passing header clicks on to the model.

Rows are read the usual way, model.row(proxy.mapToSource(index).row()), at the time of use:
the model's row numbers change whenever it sorts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from svdesk.ui.table_model import RowsModel, SortFilterModel


class SortedRowsModel(RowsModel):
    def __init__(self, columns, parent=None):
        super().__init__(columns, parent)
        self.sort_column, self.sort_order = -1, Qt.AscendingOrder

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = self._sorted(list(rows))
        self._haystacks = None
        self.endResetModel()

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()  # selections and the like follow their rows
        kept_rows = [self.rows[i.row()] for i in kept]
        self.rows = self._sorted(self.rows)
        self._haystacks = None
        where = {id(row): n for n, row in enumerate(self.rows)}
        self.changePersistentIndexList(
            kept, [self.index(where[id(row)], i.column()) for row, i in zip(kept_rows, kept)])
        self.layoutChanged.emit()

    def _sorted(self, rows: list) -> list:
        if not 0 <= self.sort_column < len(self.columns):
            return rows
        get = self.columns[self.sort_column].value

        def key(row):
            value = get(row)
            return (0, "") if value is None else (1, value)
        try:
            return sorted(rows, key=key, reverse=self.sort_order == Qt.DescendingOrder)
        except TypeError:  # mixed kinds in one column: compare as text
            return sorted(rows, key=lambda r: str(key(r)),
                          reverse=self.sort_order == Qt.DescendingOrder)


class FilterModel(SortFilterModel):
    """Filters like SortFilterModel; sorting is the SortedRowsModel's own."""

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, SortedRowsModel):
            source.sort(column, order)
        else:
            super().sort(column, order)
