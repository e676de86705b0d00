"""Issue #23.5: the tables' models answer the item delegate's seven roles of a cell in one call
into Python (multiData), with the same answers data() gives, a subclass's colours included."""

from __future__ import annotations

from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from svdesk.ui import style
from svdesk.ui.pages.measures_columns import StatusModel
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel

ROLES = (Qt.DisplayRole, Qt.TextAlignmentRole, Qt.ToolTipRole, Qt.ForegroundRole, Qt.UserRole, Qt.FontRole)
COLUMNS = [
    Column("Supplier", lambda r: r[0], tooltip=lambda r: f"{r[0]} (tip)"),
    Column("Amount", lambda r: r[1], text=lambda r: f"£{r[1]:,}", numeric=True),
    Column("Status", lambda r: r[2]),
]
ROWS = [("Acme Ltd", 1200, "behind"), ("Brook CIC", 15, "on_track")]


def _asked(model, row: int, column: int) -> list:
    answers = []
    for role in ROLES:  # PySide makes a span of one role from Python (Qt's delegate asks seven)
        asked = QModelRoleData(role)
        model.multiData(model.index(row, column), QModelRoleDataSpan(asked))
        answers.append(asked.data())
    return answers


def _one_by_one(model, row: int, column: int) -> list:
    return [model.data(model.index(row, column), role) for role in ROLES]


def test_multidata_answers_what_data_answers_role_by_role(qtbot):
    source = RowsModel(COLUMNS)
    source.set_rows(ROWS)
    proxy = SortFilterModel()
    proxy.setSourceModel(source)
    proxy.sort(1, Qt.DescendingOrder)
    for model in (source, proxy):
        for row in range(2):
            for column in range(3):
                assert _asked(model, row, column) == _one_by_one(model, row, column)
    assert _asked(proxy, 0, 1)[0] == "£1,200"  # the proxy's order, not the source's


def test_the_delegate_shows_a_subclass_colour_and_the_cell_text(qtbot):
    source = StatusModel(COLUMNS, lambda r: r[2])
    source.set_rows(ROWS)
    proxy = SortFilterModel()
    proxy.setSourceModel(source)
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, proxy.index(0, 2))  # asks through multiData
    assert option.text == "behind"
    assert option.palette.color(QPalette.Text) == QColor(style.STATUS["behind"])
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, proxy.index(1, 1))
    assert option.text == "£15"
    assert option.displayAlignment & Qt.AlignRight


def test_a_painted_cell_of_a_sorted_table_is_one_call_into_python_not_one_per_role(qtbot):
    class Counting(SortFilterModel):
        calls = 0

        def data(self, index, role=Qt.DisplayRole):
            Counting.calls += 1
            return super().data(index, role)

    source = RowsModel(COLUMNS)
    source.set_rows(ROWS)
    proxy = Counting()
    proxy.setSourceModel(source)
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, proxy.index(0, 0))
    assert option.text == "Acme Ltd"
    assert Counting.calls == 0  # Qt's own multiData asked data() once for each of seven roles


def test_the_records_paged_model_answers_every_role_as_its_data_does(qtbot):
    from PySide6.QtGui import QBrush

    from svdesk.ui.records.paged_model import ROW_ROLE, PagedColumn, PagedModel

    columns = [
        PagedColumn("Name", lambda r: r["name"], tooltip=lambda r: f"about {r['name']}"),
        PagedColumn("Hours", lambda r: f"{r['hours']:,}", numeric=True),
        PagedColumn("Status", lambda r: r["status"], colour=lambda r: "#b00020" if r["late"] else None),
    ]
    model = PagedModel(columns, lambda *a: [])
    rows = [
        {"name": "Asha", "hours": 1200, "status": "late", "late": True},
        {"name": "Ben", "hours": 3, "status": "ok", "late": False},
    ]
    model.show_page(2, rows)
    roles = (*ROLES, ROW_ROLE, Qt.BackgroundRole, Qt.DecorationRole, Qt.CheckStateRole)
    for r in range(2):
        for c in range(3):
            for role in roles:
                asked = QModelRoleData(role)
                model.multiData(model.index(r, c), QModelRoleDataSpan(asked))
                one = model.data(model.index(r, c), role)
                got = asked.data()
                if isinstance(one, QBrush):
                    assert got.color() == one.color()
                else:
                    assert got == one, (r, c, role)
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, model.index(0, 2))
    assert option.text == "late"
    assert option.palette.color(QPalette.Text) == QColor("#b00020")
