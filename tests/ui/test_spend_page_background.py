"""The Spend & suppliers page at scale: it appears at once saying it is working, asks each
question once in the background, drops answers that come too late, and leads from a figure
to the lines behind it and from a line to its details."""

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import svdesk.ui.spend.analysis_view as analysis_module
from svdesk.services.spend_analysis import SpendQuery, analyse_spend
from svdesk.services.spend_import import import_spend
from svdesk.services.spend_lines import count_lines, line_set, lines_by_id
from svdesk.services.supplier_import import import_suppliers
from svdesk.ui import tasks
from svdesk.ui.pages.spend import IMPORTS, LINES, SUPPLIERS, SpendPage
from svdesk.ui.spend.analysis_view import AnalysisView

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def _settled(qtbot, page):
    # every task too (tasks.idle): an undo's plan and its write are no view's `busy`, and
    # waiting for the page alone let the check run before the write on a busy machine
    for _ in range(2):  # an answer may ask another question (an undo refreshes the page)
        qtbot.waitUntil(
            lambda: tasks.idle() and not page.busy,
            timeout=15000,
        )
        qtbot.wait(20)


@pytest.fixture
def big(monkeypatch):
    """Treat the spend as a big file: the figures are worked out in the background."""
    monkeypatch.setattr(AnalysisView, "SYNC_LIMIT", 0)


@pytest.fixture
def held(monkeypatch):
    """analyse_spend waits until the test lets it finish, to see the page while it works."""
    gates: list[threading.Event] = []

    def slow(store, query):
        gate = threading.Event()
        gates.append(gate)
        assert gate.wait(10)
        return analyse_spend(store, query)

    monkeypatch.setattr(analysis_module, "analyse_spend", slow)
    return gates


def test_the_page_shows_it_is_working_then_the_figures(qtbot, demo_store, big, held):
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    view = page.analysis
    assert page.stack.currentIndex() == 1 and page.busy
    assert view.area_label.text() == "Working out the figures…"
    assert view.cards["all"].value_label.text() == "…"
    qtbot.waitUntil(lambda: len(held) == 1)
    held[0].set()
    _settled(qtbot, page)
    result = analyse_spend(demo_store, view.query())
    assert view.cards["all"].value_label.text() == f"£{result.total_pence / 100:,.2f}"
    assert view.area_label.text().startswith("Local means:")
    assert len(held) == 1  # asked once, not once per tab or twice on opening


def test_an_answer_after_the_page_has_gone_touches_nothing(qtbot, demo_store, big, held, monkeypatch):
    shown = []
    monkeypatch.setattr(AnalysisView, "show_result", lambda self, r: shown.append(r))
    page = SpendPage(demo_store)
    qtbot.waitUntil(lambda: len(held) == 1)
    page.close()
    page.deleteLater()
    qtbot.wait(50)  # the page is deleted while its question is still being answered
    held[0].set()
    qtbot.waitUntil(tasks.idle)
    qtbot.wait(50)
    assert shown == []


def test_a_newer_question_wins_over_an_older_slower_answer(qtbot, demo_store, big, held):
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    view = page.analysis
    qtbot.waitUntil(lambda: len(held) == 1)  # "All spend" is being worked out
    view.contract.setCurrentIndex(view.contract.findData(1))  # then the Salford contract
    qtbot.waitUntil(lambda: len(held) == 2)
    held[1].set()
    qtbot.waitUntil(lambda: not view.busy)
    salford = analyse_spend(demo_store, view.query())
    held[0].set()  # the old answer (all spend) arrives last
    _settled(qtbot, page)
    assert view.result.query.contract_id == 1
    assert view.cards["all"].value_label.text() == f"£{salford.total_pence / 100:,.2f}"


def test_each_tab_reads_its_data_once_when_first_shown(qtbot, demo_store, monkeypatch):
    import svdesk.ui.spend.suppliers_view as suppliers_module

    asked = []
    real = suppliers_module.merge_suggestions
    monkeypatch.setattr(suppliers_module, "merge_suggestions", lambda store: asked.append(1) or real(store))
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    _settled(qtbot, page)
    assert asked == [] and page.suppliers.model.rowCount() == 0  # not shown yet: not read
    page.tabs.setCurrentIndex(SUPPLIERS)
    _settled(qtbot, page)
    assert asked == [1] and page.suppliers.model.rowCount() > 10
    texts = [page.suppliers.suggestions.item(i).text() for i in range(page.suppliers.suggestions.count())]
    assert texts and not any("Looking" in t for t in texts)
    page.tabs.setCurrentIndex(LINES)
    page.tabs.setCurrentIndex(SUPPLIERS)  # back again, nothing changed: not asked again
    _settled(qtbot, page)
    assert asked == [1]
    page.refresh()  # the page shown again (or its data changed): the tab showing asks again
    _settled(qtbot, page)
    assert asked == [1, 1]


def test_searching_the_lines_finds_the_right_lines_and_clearing_shows_all(qtbot, demo_store):
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(LINES)
    _settled(qtbot, page)
    lines = page.lines
    everything = count_lines(demo_store, SpendQuery())
    assert (lines.model.total_rows, lines.model.total_pence) == everything
    qtbot.keyClicks(lines.search, "timber")
    assert lines.footer.text() == "Finding the lines…" or lines.busy or lines._timer.isActive()
    qtbot.waitUntil(lambda: not lines._timer.isActive())
    _settled(qtbot, page)
    found = count_lines(demo_store, SpendQuery(search="timber"))
    assert 0 < found[0] < everything[0]
    assert (lines.model.total_rows, lines.model.total_pence) == found
    for row in range(lines.model.rowCount()):
        line = lines.model.line(row)
        assert "timber" in f"{line.supplier} {line.description} {line.reference}".lower()
    assert f"{found[0]:,} lines" in lines.footer.text()
    lines.search.clear()
    qtbot.waitUntil(lambda: not lines._timer.isActive())
    _settled(qtbot, page)
    assert (lines.model.total_rows, lines.model.total_pence) == everything


def test_the_lines_sort_by_a_column_in_the_background(qtbot, demo_store):
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(LINES)
    _settled(qtbot, page)
    table, model = page.lines.table, page.lines.model
    newest = [model.line(r).spend_date for r in range(model.rowCount())]
    assert newest == sorted(newest, reverse=True)
    table.sortByColumn(5, Qt.DescendingOrder)  # Net, biggest first
    _settled(qtbot, page)
    nets = [model.line(r).net_pence for r in range(model.rowCount())]
    known = [n for n in nets if n is not None]  # bank lines have only a gross amount
    assert nets == sorted(known, reverse=True) + [None] * (len(nets) - len(known))
    assert model.total_rows == len(newest) and len(known) > 10
    table.sortByColumn(1, Qt.AscendingOrder)  # Supplier, A to Z
    _settled(qtbot, page)
    names = [model.line(r).supplier.lower() for r in range(model.rowCount())]
    assert names == sorted(names)


def test_a_figure_leads_to_its_lines_and_a_line_opens_in_full(qtbot, demo_store, big, monkeypatch):
    from svdesk.ui.spend.line_dialog import SpendLineDialog

    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    _settled(qtbot, page)
    view = page.analysis
    row = view.proxy.index(0, 0)  # the biggest supplier in the view
    supplier = view.model.row(view.proxy.mapToSource(row).row())
    view.suppliers.doubleClicked.emit(row)
    assert page.tabs.currentIndex() == LINES and page.lines.showing.text() == supplier.name
    _settled(qtbot, page)
    lines = page.lines
    assert lines.model.total_rows == supplier.lines
    assert lines.model.total_pence == supplier.total_pence
    assert {lines.model.line(r).supplier_id for r in range(lines.model.rowCount())} == {supplier.supplier_id}
    opened = []
    monkeypatch.setattr(SpendLineDialog, "exec", lambda self: opened.append(self) or 0)
    index = lines.model.index(0, 0)
    lines.table.doubleClicked.emit(index)
    dialog = opened[0]
    qtbot.addWidget(dialog)
    line = lines.model.line(0)
    assert dialog.detail.line.id == line.id
    texts = [w.text() for w in dialog.findChildren(type(page.lines.footer))]
    assert supplier.name in texts
    assert any(t.startswith("demo-") or ".csv" in t or ".xlsx" in t for t in texts)  # its file
    assert any("row" in t for t in texts)
    edited = []
    monkeypatch.setattr(page.suppliers, "edit", edited.append)
    button = next(
        b for b in dialog.findChildren(type(page.lines.clear_button)) if b.text() == "Edit the supplier…"
    )
    button.click()
    assert edited == [supplier.supplier_id]


def test_undo_says_what_it_will_put_back_and_then_puts_it_back(qtbot, store, monkeypatch):
    import svdesk.ui.spend.imports_view as view_module
    from svdesk.services.suppliers import find_supplier

    import_spend(store, FIXTURES / "xero_bank_statement.csv")  # payees without postcodes
    import_suppliers(store, FIXTURES / "xero_contacts.csv")  # fills them in
    assert find_supplier(store, "Northwest Van Hire").postcode == "M50 2EQ"
    page = SpendPage(store)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(IMPORTS)
    _settled(qtbot, page)
    page.imports.table.selectRow(0)  # newest first: the supplier list
    assert page.imports.selected().kind == "suppliers"
    said = []
    monkeypatch.setattr(view_module, "confirm", lambda _w, _t, text, _a: said.append(text) or True)
    page.imports.undo_selected()
    _settled(qtbot, page)
    assert said and "will be blank again" in said[0]
    assert find_supplier(store, "Northwest Van Hire").postcode == ""
    assert page.imports.model.rowCount() == 1  # the list has gone from the imports tab


def test_line_sets_and_pages_agree_with_the_lines_model(qtbot, demo_store):
    """The model's rows are exactly line_set's ids, read a page at a time by id."""
    from svdesk.ui.spend.lines_model import SpendLinesModel

    model = SpendLinesModel(demo_store)
    model.set_query(SpendQuery(category="local", contract_id=1))
    qtbot.waitUntil(lambda: not model.busy, timeout=15000)
    ids = line_set(demo_store, SpendQuery(category="local", contract_id=1)).ids
    assert [model.line_id(r) for r in range(model.rowCount())] == list(ids)
    assert [model.line(r).id for r in range(model.rowCount())] == [r.id for r in lines_by_id(demo_store, ids)]
