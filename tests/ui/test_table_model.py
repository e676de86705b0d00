"""RowsModel and SortFilterModel: the proxy holds the sorted order, filters on cached text."""

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from svdesk.formatting import format_date, format_money
from svdesk.ui.table_model import FIT_ROWS, ROW_ROLE, Column, RowsModel, SortFilterModel, setup_table


@dataclass
class Spend:
    supplier: str
    day: date | None
    pence: int


COLUMNS = [
    Column("Supplier", lambda r: r.supplier),
    Column("Date", lambda r: r.day, lambda r: format_date(r.day)),
    Column("Amount", lambda r: r.pence, lambda r: format_money(r.pence), numeric=True),
]
ROWS = [
    Spend("Salford Timber Ltd", date(2025, 6, 3), 1_250_00),
    Spend("Hulme Hygiene CIC", None, 99_00),
    Spend("Eccles Fixings Ltd", date(2024, 1, 9), 12_000_00),
    Spend("Ordsall Print Ltd", date(2025, 6, 2), 2_00),
]


def _table(qtbot, rows=ROWS):
    model = RowsModel(COLUMNS)
    proxy = SortFilterModel()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    setup_table(view, proxy)
    model.set_rows(rows)
    return view, model, proxy


def _suppliers(proxy):
    return [proxy.index(i, 0).data(ROW_ROLE).supplier for i in range(proxy.rowCount())]


def test_sorting_by_raw_values_with_blanks_first(qtbot):
    view, model, proxy = _table(qtbot)
    view.sortByColumn(1, Qt.AscendingOrder)
    assert _suppliers(proxy) == [
        "Hulme Hygiene CIC",
        "Eccles Fixings Ltd",
        "Ordsall Print Ltd",
        "Salford Timber Ltd",
    ]
    view.sortByColumn(2, Qt.DescendingOrder)  # pence, not the "£12,000.00" text
    assert _suppliers(proxy)[0] == "Eccles Fixings Ltd"
    assert _suppliers(proxy)[-1] == "Ordsall Print Ltd"


def test_new_rows_keep_the_chosen_order(qtbot):
    view, model, proxy = _table(qtbot)
    view.sortByColumn(2, Qt.AscendingOrder)
    model.set_rows(ROWS + [Spend("Bury Waste Ltd", date(2025, 1, 1), 1_00)])
    assert _suppliers(proxy)[:2] == ["Bury Waste Ltd", "Ordsall Print Ltd"]


def test_the_selection_follows_its_row_when_sorted(qtbot):
    view, model, proxy = _table(qtbot)
    view.sortByColumn(0, Qt.AscendingOrder)
    row = _suppliers(proxy).index("Salford Timber Ltd")
    view.selectionModel().select(
        proxy.index(row, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
    )
    view.sortByColumn(2, Qt.DescendingOrder)
    selected = view.selectionModel().selectedRows()
    assert [i.data(ROW_ROLE).supplier for i in selected] == ["Salford Timber Ltd"]


def test_search_matches_display_text_in_any_column_ignoring_case(qtbot):
    view, model, proxy = _table(qtbot)
    proxy.setFilterFixedString("LTD")
    assert len(_suppliers(proxy)) == 3
    proxy.setFilterFixedString("jun 2025")  # the formatted date, "3 Jun 2025"
    assert sorted(_suppliers(proxy)) == ["Ordsall Print Ltd", "Salford Timber Ltd"]
    proxy.setFilterFixedString("£12,000")
    assert _suppliers(proxy) == ["Eccles Fixings Ltd"]
    proxy.setFilterFixedString("")
    assert len(_suppliers(proxy)) == 4


def test_twenty_thousand_rows_sort_and_filter_with_one_call_per_row(qtbot):
    rows = [
        Spend(f"Supplier {i % 997} Ltd", date(2016 + i % 10, 1 + i % 12, 1 + i % 28), (i * 7919) % 100_000)
        for i in range(20_000)
    ]
    calls = {"value": 0}

    def counted(r):
        calls["value"] += 1
        return r.pence

    columns = COLUMNS[:2] + [Column("Amount", counted, lambda r: format_money(r.pence))]
    model = RowsModel(columns)
    proxy = SortFilterModel()
    proxy.setSourceModel(model)
    model.set_rows(rows)
    proxy.sort(2, Qt.AscendingOrder)
    assert calls["value"] == len(rows)  # a key per row, not one per comparison
    amounts = [proxy.index(i, 0).data(ROW_ROLE).pence for i in range(proxy.rowCount())]
    assert amounts == sorted(amounts)
    proxy.setFilterFixedString("supplier 12 ltd")
    assert {proxy.index(i, 0).data(ROW_ROLE).supplier for i in range(proxy.rowCount())} == {"Supplier 12 Ltd"}


def test_column_fitting_samples_rows(qtbot):
    view, _model, _proxy = _table(qtbot)
    assert view.verticalHeader().resizeContentsPrecision() == FIT_ROWS


def _fruit_proxy():
    """A plain Qt model of three fruit behind a SortFilterModel."""
    source = QStandardItemModel()
    for text in ("pear", "apple", "fig"):
        item = QStandardItem(text)
        item.setData(text, Qt.UserRole)
        source.appendRow(item)
    proxy = SortFilterModel()
    proxy.setSourceModel(source)
    return source, proxy


def test_a_plain_qt_model_is_still_sorted_by_the_proxy(qtbot):
    source, proxy = _fruit_proxy()
    proxy.sort(0, Qt.AscendingOrder)
    assert [proxy.index(i, 0).data() for i in range(3)] == ["apple", "fig", "pear"]


class CountingModel(RowsModel):
    """Counts data() calls: the proxy's sort and filter must not go through them."""

    calls = 0

    def data(self, index, role=Qt.DisplayRole):
        CountingModel.calls += 1
        return super().data(index, role)


def test_sorting_twenty_thousand_rows_asks_no_cell_and_ties_keep_the_service_order(qtbot):
    rows = [Spend(f"Supplier {i:05d} Ltd", date(2025, 1 + i % 12, 1), (i * 7919) % 50) for i in range(20_000)]
    model = CountingModel(COLUMNS)
    proxy = SortFilterModel()
    proxy.setSourceModel(model)
    model.set_rows(rows)
    CountingModel.calls = 0
    proxy.sort(2, Qt.DescendingOrder)
    proxy.setFilterFixedString("supplier 1")
    assert CountingModel.calls == 0
    shown = [proxy.index(i, 0).data(ROW_ROLE) for i in range(proxy.rowCount())]
    assert len(shown) == 10_000 and all(r.supplier.startswith("Supplier 1") for r in shown)
    assert [r.pence for r in shown] == sorted((r.pence for r in shown), reverse=True)
    for a, b in pairwise(shown):  # equal amounts: the service's order, as Qt's sort
        if a.pence == b.pence:
            assert a.supplier < b.supplier
    proxy.sort(-1)  # back to the service's order
    assert proxy.index(0, 0).data(ROW_ROLE).supplier == "Supplier 10000 Ltd"


def test_source_and_proxy_rows_map_both_ways_when_sorted_and_filtered(qtbot):
    view, model, proxy = _table(qtbot)
    view.sortByColumn(2, Qt.AscendingOrder)
    proxy.setFilterFixedString("ltd")  # Hulme Hygiene CIC is filtered out
    assert _suppliers(proxy) == ["Ordsall Print Ltd", "Salford Timber Ltd", "Eccles Fixings Ltd"]
    for i in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(i, 1))
        assert source.column() == 1 and proxy.mapFromSource(source).row() == i
        assert model.row(source.row()).supplier == _suppliers(proxy)[i]
    assert not proxy.mapFromSource(model.index(1, 0)).isValid()
    assert proxy.index(0, 2).data() == "£2.00" and proxy.index(0, 2).data(Qt.TextAlignmentRole) == int(
        Qt.AlignRight | Qt.AlignVCenter
    )
    assert proxy.headerData(2, Qt.Horizontal) == "Amount"
    model.set_rows(ROWS[:2])  # a new load keeps the search and the order
    assert _suppliers(proxy) == ["Salford Timber Ltd"]


def test_a_changed_value_moves_its_row_and_the_selection_goes_with_it(qtbot):
    source, proxy = _fruit_proxy()
    view = QTableView()
    qtbot.addWidget(view)
    setup_table(view, proxy)
    view.sortByColumn(0, Qt.AscendingOrder)
    view.selectRow(0)  # apple
    source.item(1).setData("quince", Qt.UserRole)
    source.item(1).setText("quince")
    assert [proxy.index(i, 0).data() for i in range(3)] == ["fig", "pear", "quince"]
    assert [i.data() for i in view.selectionModel().selectedRows()] == ["quince"]
    proxy.setFilterFixedString("PE")
    assert [proxy.index(i, 0).data() for i in range(proxy.rowCount())] == ["pear"]


def test_a_model_that_colours_its_cells_is_still_asked_through_the_proxy(qtbot):
    from PySide6.QtGui import QColor

    class Coloured(RowsModel):
        def data(self, index, role=Qt.DisplayRole):
            if role == Qt.ForegroundRole and self.rows[index.row()].pence > 1_000_000:
                return QColor("#b3261e")
            return super().data(index, role)

    model = Coloured(COLUMNS)
    proxy = SortFilterModel()
    proxy.setSourceModel(model)
    model.set_rows(ROWS)
    proxy.sort(2, Qt.DescendingOrder)
    assert proxy.index(0, 0).data(Qt.ForegroundRole) == QColor("#b3261e")  # Eccles, £12,000
    assert proxy.index(1, 0).data(Qt.ForegroundRole) is None
    assert proxy.index(0, 2).data() == "£12,000.00"
