"""A thin table model over a list of plain rows (service results), described by columns.

Built for tens of thousands of rows (bench/bench_scale.py): the proxy holds the sorted order
itself (one key per row, one Python sort), so Python runs per visible cell rather than per
comparison; it filters on one cached lower-case text per row rather than asking data() for
every cell; and column widths are fitted from a sample of rows (resize-contents precision).
The model's own row order stays the service's (pages read model.row(source_row)).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

ROW_ROLE = Qt.UserRole + 1
# Rows sampled when a table fits its columns to their contents: more than a full window shows
# (32 px rows). Each cell measured is ~8 calls into Python (one per role the delegate asks for):
# 200 rows of ten columns were ~16,000 calls, 50-100 ms on the GUI thread of a busy machine.
FIT_ROWS = 50


@dataclass
class Column:
    title: str
    value: Callable[[Any], Any]  # raw value, used for sorting
    text: Callable[[Any], str] | None = None  # display text; str(value) when None
    numeric: bool = False  # right-aligned
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
        return self.cell(index.row(), index.column(), role)

    def multiData(self, index, roles) -> None:  # noqa: N802 (Qt naming)
        # The item delegate asks for seven roles of each cell it paints or measures in one
        # call; Qt's default makes seven calls of data() into Python.
        if _plain(self) and index.isValid():
            self.answer(index.row(), index.column(), roles)
        else:
            answer_roles(self, index, roles)

    def answer(self, row_number: int, column_number: int, roles) -> None:
        """What cell() answers, for each role asked (multiData), the row and column looked up
        once and the roles compared as plain numbers."""
        row = self.rows[row_number]
        column = self.columns[column_number]
        for asked in roles:
            role = asked.role()
            if role == _DISPLAY:
                asked.setData(self._text(column, row))
            elif role == _ALIGN:
                asked.setData(_RIGHT if column.numeric else _LEFT)
            elif role == _TOOLTIP and column.tooltip:
                asked.setData(column.tooltip(row))
            elif role == _USER:
                value = column.value(row)
                asked.setData((0, "") if value is None else (1, value))
            elif role == _ROW:
                asked.setData(row)
            else:
                asked.clearData()

    def cell(self, row_number: int, column_number: int, role) -> Any:
        """data() without a QModelIndex: what the sort proxy calls for each cell it shows."""
        if role not in _ROLES:
            return None
        row = self.rows[row_number]
        column = self.columns[column_number]
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


_ROLES = frozenset({Qt.DisplayRole, Qt.UserRole, ROW_ROLE, Qt.TextAlignmentRole, Qt.ToolTipRole})
_DISPLAY, _ALIGN, _TOOLTIP = int(Qt.DisplayRole), int(Qt.TextAlignmentRole), int(Qt.ToolTipRole)
_USER, _ROW = int(Qt.UserRole), int(ROW_ROLE)
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)
_LEFT = int(Qt.AlignLeft | Qt.AlignVCenter)


def _plain(model) -> bool:
    """A RowsModel whose data() and cell() are its own (a subclass's colours go through data())."""
    kind = type(model)
    return isinstance(model, RowsModel) and kind.data is RowsModel.data and kind.cell is RowsModel.cell


class SortFilterModel(QAbstractProxyModel):
    """Sorts on raw values (not display text) and filters on any column's text.

    It holds the order itself: sorting works out one key per row and sorts the row numbers in
    one Python sort, so Qt never calls back into Python per comparison (Qt's own proxy called a
    Python lessThan n·log n times: 231,000 calls and 2.7 s for 20,000 evidence files). Python
    then runs only for the cells a view shows. The source model's rows keep their order.

    A change to the source's rows (a reset, rows added or removed) is shown as a reset, sorted
    and filtered as chosen; a change of order (sort) is a layout change, so the selection
    follows its rows; a new search is a reset.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._column = -1  # -1: the source's own order
        self._order = Qt.AscendingOrder
        self._needle = ""
        self._order_rows: list[int] = []  # every source row, in sorted order
        self._rows: list[int] = []  # proxy row -> source row (sorted, filtered)
        self._where: list[int] = []  # source row -> proxy row, or -1 if filtered out
        self._links: list = []
        self._cells = None  # RowsModel.cell, for a plain RowsModel source
        self._answer = None  # RowsModel.answer, the same

    # --- the source ----------------------------------------------------------------------------
    def setSourceModel(self, source) -> None:  # noqa: N802
        self.beginResetModel()
        old = self.sourceModel()
        if old is not None:
            for signal, slot in self._links:
                signal.disconnect(slot)
        self._links = []
        super().setSourceModel(source)
        # A subclass that overrides data() (colours, say) is asked through data() as usual.
        plain = isinstance(source, RowsModel) and type(source).data is RowsModel.data
        self._cells = source.cell if plain else None
        self._answer = source.answer if _plain(source) else None
        if source is not None:
            for signal, slot in (
                (source.modelAboutToBeReset, self.beginResetModel),
                (source.modelReset, self._source_reset),
                (source.layoutAboutToBeChanged, self.beginResetModel),
                (source.layoutChanged, self._source_reset),
                (source.rowsAboutToBeInserted, self.beginResetModel),
                (source.rowsInserted, self._source_reset),
                (source.rowsAboutToBeRemoved, self.beginResetModel),
                (source.rowsRemoved, self._source_reset),
                (source.rowsAboutToBeMoved, self.beginResetModel),
                (source.rowsMoved, self._source_reset),
                (source.columnsAboutToBeInserted, self.beginResetModel),
                (source.columnsInserted, self._source_reset),
                (source.columnsAboutToBeRemoved, self.beginResetModel),
                (source.columnsRemoved, self._source_reset),
                (source.dataChanged, self._source_data_changed),
                (source.headerDataChanged, self.headerDataChanged),
            ):
                signal.connect(slot)
                self._links.append((signal, slot))
        self._rebuild()
        self.endResetModel()

    def _source_reset(self, *_) -> None:
        self._rebuild()
        self.endResetModel()

    def _source_data_changed(self, top_left, bottom_right, roles=()) -> None:
        if self._column >= 0 or self._needle:
            self._relayout(self._rebuild)  # a changed value may move or hide its row
            return
        first, last = top_left.row(), bottom_right.row()
        self.dataChanged.emit(
            self.index(first, top_left.column()), self.index(last, bottom_right.column()), roles
        )

    # --- order and filter ----------------------------------------------------------------------
    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self._relayout(lambda: self._set_order(column, order))

    def sortColumn(self) -> int:  # noqa: N802
        return self._column

    def sortOrder(self):  # noqa: N802
        return self._order

    def setFilterFixedString(self, text: str) -> None:  # noqa: N802
        needle = (text or "").lower()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._apply_filter()
        self.endResetModel()

    def filter_text(self) -> str:
        return self._needle

    def _set_order(self, column: int, order) -> None:
        self._column, self._order = column, order
        self._rebuild()

    def _relayout(self, change) -> None:
        """Change the order while keeping the selection and current row on their rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [
            (self._rows[i.row()] if 0 <= i.row() < len(self._rows) else -1, i.column()) for i in persistent
        ]
        change()
        moved = []
        for row, column in sources:
            where = self._where[row] if 0 <= row < len(self._where) else -1
            moved.append(self.createIndex(where, column) if where >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _rebuild(self) -> None:
        source = self.sourceModel()
        count = source.rowCount() if source is not None else 0
        if self._column < 0 or source is None or self._column >= source.columnCount():
            self._order_rows = list(range(count))
        else:
            keys = self._sort_keys(source, self._column, count)
            reverse = self._order == Qt.DescendingOrder
            try:
                self._order_rows = sorted(range(count), key=keys.__getitem__, reverse=reverse)
            except TypeError:  # values of different types in one column: compare as text
                text = [(k[0], str(k[1])) for k in keys]
                self._order_rows = sorted(range(count), key=text.__getitem__, reverse=reverse)
        self._apply_filter()

    @staticmethod
    def _sort_keys(source, column: int, count: int) -> list:
        """One key per row; blanks (None) sort before every value."""
        if isinstance(source, RowsModel):
            get = source.columns[column].value
            values = (get(row) for row in source.rows)
        else:
            values = (source.index(r, column).data(Qt.UserRole) for r in range(count))
        return [(0, "") if v is None else (1, v) for v in values]

    def _apply_filter(self) -> None:
        source = self.sourceModel()
        rows = self._order_rows
        if self._needle and source is not None:
            needle = self._needle
            text = source.haystack if isinstance(source, RowsModel) else lambda r: _row_text(source, r)
            rows = [r for r in rows if needle in text(r)]
        self._rows = rows
        where = [-1] * len(self._order_rows)
        for i, r in enumerate(rows):
            where[r] = i
        self._where = where

    # --- the model interface -------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def index(self, row, column, parent=QModelIndex()):
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index=None):
        if index is None:
            return super().parent()  # QObject.parent()
        return QModelIndex()

    def hasChildren(self, parent=QModelIndex()):  # noqa: N802
        return not parent.isValid() and bool(self._rows)

    def mapToSource(self, proxy_index):  # noqa: N802
        if not proxy_index.isValid() or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index):  # noqa: N802
        if not source_index.isValid() or source_index.row() >= len(self._where):
            return QModelIndex()
        where = self._where[source_index.row()]
        return self.createIndex(where, source_index.column()) if where >= 0 else QModelIndex()

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        source = self.sourceModel()
        if self._cells is not None:  # a plain RowsModel: no QModelIndex to build per cell
            return self._cells(self._rows[index.row()], index.column(), role)
        return source.data(source.index(self._rows[index.row()], index.column()), role)

    def multiData(self, index, roles) -> None:  # noqa: N802 (Qt naming)
        answer = self._answer
        if answer is None or not index.isValid() or index.row() >= len(self._rows):
            answer_roles(self, index, roles)
        else:
            answer(self._rows[index.row()], index.column(), roles)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        source = self.sourceModel()
        if source is None:
            return None
        if orientation == Qt.Horizontal:
            return source.headerData(section, orientation, role)
        return section + 1 if role == Qt.DisplayRole else None


def answer_roles(model, index, roles) -> None:
    """QAbstractItemModel.multiData in one call into Python: each role asked for is answered by
    the model's data() (a subclass's too), called from here rather than by Qt once per role.
    Painting a table's visible cells went from ~9 calls into Python per cell to 2."""
    data = model.data
    for asked in roles:
        asked.setData(data(index, asked.role()))


def _row_text(model, row: int) -> str:
    """A plain Qt model's row as one lower-case text (what the search looks in)."""
    texts = (model.index(row, c).data(Qt.DisplayRole) for c in range(model.columnCount()))
    return "\t".join("" if t is None else str(t) for t in texts).lower()


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def setup_table(view, model, single: bool = False) -> None:
    """The table habits every page shares: whole-row selection (one row at a time when single),
    sorting, comfortable rows."""
    from PySide6.QtWidgets import QAbstractItemView

    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(32)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setWordWrap(False)
    # resizeColumnsToContents measures this many rows, not all of them (Qt's default is 1000).
    view.verticalHeader().setResizeContentsPrecision(FIT_ROWS)
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    from svdesk.ui.column_fit import fit_to_width

    fit_to_width(view)  # every column in sight at the width shown, not behind a scroll bar
