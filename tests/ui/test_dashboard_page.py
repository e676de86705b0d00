"""The Dashboard counts in the background, shows each figure with its period and comparison,
and every card and attention item opens what is behind it."""

from datetime import date

from PySide6.QtCore import QPoint, Qt

from svdesk.services.contracts import find_contract
from svdesk.ui import tasks
from svdesk.ui.main_window import MainWindow

TODAY = date(2026, 2, 10)


def _window(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    page = window.show_area("dashboard")
    page.today = TODAY
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.period.end == TODAY, timeout=30_000)
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


def test_every_card_and_bar_opens_the_records_of_the_same_figure(qtbot, demo_store):
    window, page = _window(qtbot, demo_store)
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    page.data = None
    page.contract.setCurrentIndex(page.contract.findData(scc.id))
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    figures = {f.key: f for f in page.data.current.figures}
    # a figure card opens its records directly, the very figure on the card
    qtbot.mouseClick(page.cards["jobs"], Qt.LeftButton)
    qtbot.addWidget(page.detail)
    assert page.detail.figure is figures["local_jobs_fte_years"]
    assert page.detail.model.rowCount() == len(figures["local_jobs_fte_years"].contributions) > 0
    assert page.data.period.label in page.detail.scope.text()
    qtbot.mouseClick(page.cards["spend"], Qt.LeftButton)
    assert page.detail.figure is figures["local_spend_gbp"]
    # the share-of-spend bars open the suppliers behind them (SME: the second bar)
    qtbot.mouseClick(page.spend_chart, Qt.LeftButton, pos=QPoint(200, page.spend_chart._top() + 1 * 32 + 12))
    assert page.detail.figure is figures["sme_spend_gbp"]
    # value and evidence cards open Figures & commitments at the same contract and period,
    # where each figure's records (and their evidence) are a double-click away
    qtbot.mouseClick(page.cards["evidence"], Qt.LeftButton)
    measures = window.show_area("figures")
    assert measures.tabs.tabText(measures.tabs.currentIndex()) == "Measures"
    assert measures.contract.currentData() == scc.id
    assert measures.period.currentData() == (page.data.period.start, page.data.period.end)
    qtbot.waitUntil(
        lambda: (
            measures.overview is not None
            and measures.overview.period.start == page.data.period.start
            and not tasks.busy(measures, "counts")
        ),
        timeout=30_000,
    )
    assert measures.overview.totals == page.data.current.totals
    assert measures.overview.evidence_coverage == page.data.current.evidence_coverage
    # a commitment's bar opens its quarters
    window.show_area("dashboard")
    reports = page.data.current.commitments
    qtbot.mouseClick(
        page.commit_chart, Qt.LeftButton, pos=QPoint(200, page.commit_chart._top() + 2 * 32 + 12)
    )
    measures = window.show_area("figures")
    qtbot.waitUntil(lambda: measures.selected_commitment() is not None, timeout=30_000)
    assert measures.selected_commitment().commitment.id == reports[2].commitment.id
    assert measures.quarter_model.rowCount() > 0
