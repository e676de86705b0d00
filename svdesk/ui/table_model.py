"""A thin table model over a list of plain rows (service results), described by columns.

Built for tens of thousands of rows (bench/bench_scale.py): the proxy works out one sort key
per row when it sorts, so each of Qt's n·log n lessThan calls is a list look-up rather than two
data() calls; it filters on one cached lower-case text per row rather than asking data() for
every cell; and column widths are fitted from a sample of rows (resize-contents precision).
The model's own row order stays the service's (pages read model.row(source_row)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

ROW_ROLE = Qt.UserRole + 1
FIT_ROWS = 200  # rows sampled when a table fits its columns to their contents


@dataclass
class Column:
    title: str
    value: Callable[[Any], Any]                 # raw value, used for sorting
    text: Callable[[Any], str] | None = None    # display text; str(value) when None
    numeric: bool = False                       # right-aligned
    tooltip: Callable[[Any], str] | None = None


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._haystacks: list[str] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._haystacks = None
        self.endResetModel()

    def haystack(self, index: int) -> str:
        """All the row's display texts, lower-cased: what a search looks in."""
        if self._haystacks is None:
            self._haystacks = [None] * len(self.rows)
        text = self._haystacks[index]
        if text is None:
            row = self.rows[index]
            text = "\t".join(self._text(c, row) for c in self.columns).lower()
            self._haystacks[index] = text
        return text

    @staticmethod
    def _text(column: Column, row) -> str:
        if column.text:
            return column.text(row)
        value = column.value(row)
        return "" if value is None else str(value)

    def row(self, index: int) -> Any:
        return self.rows[index]

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal:
            column = self.columns[section]
            if role == Qt.DisplayRole:
                return column.title
            if role == Qt.TextAlignmentRole:
                return int((Qt.AlignRight if column.numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        return None

    def data(self, index, role=Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.DisplayRole:
            return self._text(column, row)
        if role == Qt.UserRole:
            value = column.value(row)
            return (0, "") if value is None else (1, value)
        if role == ROW_ROLE:
            return row
        if role == Qt.TextAlignmentRole:
            return int((Qt.AlignRight if column.numeric else Qt.AlignLeft) | Qt.AlignVCenter)
        if role == Qt.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        return None


_ROLES = frozenset({Qt.DisplayRole, Qt.UserRole, ROW_ROLE, Qt.TextAlignmentRole,
                    Qt.ToolTipRole})


class SortFilterModel(QSortFilterProxyModel):
    """Sorts on raw values (not display text) and filters on any column's text.

    Over a RowsModel, sorting compares keys worked out once per sort (see the module docstring)
    and the filter is a case-insensitive substring of the row's cached text.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(Qt.UserRole)
        self.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._needle = ""
        self._keys: list | None = None
        self._keys_for: tuple | None = None

    def _rows_model(self) -> RowsModel | None:
        source = self.sourceModel()
        return source if isinstance(source, RowsModel) else None

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self._keys = None
        super().sort(column, order)

    def _sort_keys(self, source: RowsModel, column: int) -> list:
        rows_then, column_then = self._keys_for or (None, None)
        if self._keys is None or rows_then is not source.rows or column_then != column:
            get = source.columns[column].value
            keys = []
            for row in source.rows:
                value = get(row)
                keys.append((0, "") if value is None else (1, value))
            self._keys, self._keys_for = keys, (source.rows, column)
        return self._keys

    def setFilterFixedString(self, text: str) -> None:  # noqa: N802
        self._needle = (text or "").lower()
        super().setFilterFixedString(text)

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802
        source = self._rows_model()
        if source is None:
            return super().filterAcceptsRow(source_row, source_parent)
        return not self._needle or self._needle in source.haystack(source_row)

    def lessThan(self, left, right):  # noqa: N802
        source = self._rows_model()
        if source is not None and 0 <= left.column() < len(source.columns):
            keys = self._sort_keys(source, left.column())
            a, b = keys[left.row()], keys[right.row()]
        else:
            a, b = left.data(Qt.UserRole), right.data(Qt.UserRole)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def setup_table(view, model) -> None:
    """The table habits every page shares: whole-row selection, sorting, comfortable rows."""
    from PySide6.QtWidgets import QAbstractItemView

    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(32)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setWordWrap(False)
    # resizeColumnsToContents measures this many rows, not all of them (Qt's default is 1000).
    view.verticalHeader().setResizeContentsPrecision(FIT_ROWS)
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
