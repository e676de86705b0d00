"""The Dashboard counts in the background, shows each figure with its period and comparison,
and every card and attention item opens what is behind it."""

from datetime import date

from PySide6.QtCore import Qt

from svdesk.services.contracts import find_contract
from svdesk.ui.main_window import MainWindow

TODAY = date(2026, 2, 10)


def _window(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    page = window.show_area("dashboard")
    page.today = TODAY
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.period.end == TODAY,
                    timeout=30_000)
    return window, page


def test_cards_show_the_period_and_open_their_records(qtbot, demo_store):
    window, page = _window(qtbot, demo_store)
    assert page.cards["social"].value_label.text().startswith("£")
    assert "FY 2025/26 so far" in page.cards["social"].detail_label.text()
    assert page.cards["commitments"].value_label.text().endswith("of 5")
    qtbot.mouseClick(page.cards["commitments"], Qt.LeftButton)
    assert window.current_area() == "figures"
    figures = window.show_area("figures")
    assert figures.tabs.tabText(figures.tabs.currentIndex()) == "Commitments"


def test_per_contract_and_attention_items_click_through(qtbot, demo_store):
    window, page = _window(qtbot, demo_store)
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    page.data = None
    page.contract.setCurrentIndex(page.contract.findData(scc.id))
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    assert page.data.current.contract.id == scc.id
    assert "of contract value" in page.cards["social"].detail_label.text()
    texts = [page.attention.item(i).text() for i in range(page.attention.count())]
    assert not any("GBP" in t for t in texts)
    row = next(i for i, t in enumerate(texts) if "no evidence attached" in t)
    page._open_item(page.attention.item(row))
    assert window.current_area() == "evidence"
    evidence = window.show_area("evidence")
    assert evidence.tabs.tabText(evidence.tabs.currentIndex()).startswith("Without evidence")
