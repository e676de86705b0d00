"""While another page shows, the Spend & suppliers page holds none of the rows it read (on
the ten-year database its largest holding, issue #23 4a); shown again, it reads them again,
once, and shows the same as before."""

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget

import svdesk.ui.spend.analysis_view as analysis_module
import svdesk.ui.spend.lines_model as lines_module
from svdesk.ui import tasks
from svdesk.ui.main_window import MainWindow
from svdesk.ui.pages.spend import ANALYSIS, LINES, SUPPLIERS, SpendPage
from svdesk.ui.spend.analysis_view import AnalysisView


def _idle(qtbot):
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    qtbot.wait(20)
    qtbot.waitUntil(tasks.idle, timeout=30_000)


def _counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.fixture
def big(monkeypatch):
    """Treat the spend as a big file: the figures are worked out in the background."""
    monkeypatch.setattr(AnalysisView, "SYNC_LIMIT", 0)


def _held(page) -> dict[str, int]:
    """How many rows each tab holds."""
    return {
        "analysis suppliers": page.analysis.model.rowCount(),
        "postcodes to fix": page.analysis.unknown.count(),
        "line ids": page.lines.model.total_rows,
        "register": page.suppliers.model.rowCount(),
    }


def _visit_every_tab(qtbot, page) -> None:
    for tab in (LINES, SUPPLIERS, ANALYSIS):
        page.tabs.setCurrentIndex(tab)
        _idle(qtbot)


def test_hiding_the_page_drops_its_rows_and_showing_it_reads_them_again(qtbot, demo_store, big):
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    page, other = SpendPage(demo_store), QWidget()
    stack.addWidget(page)
    stack.addWidget(other)
    stack.show()
    _idle(qtbot)
    _visit_every_tab(qtbot, page)
    before = _held(page)
    assert all(n > 0 for n in before.values()), before
    figures = page.analysis.cards["all"].value_label.text()

    stack.setCurrentWidget(other)  # another page shows
    assert _held(page) == {k: 0 for k in before}
    assert page.analysis.cards["all"].value_label.text() == figures  # the figures stay meanwhile

    stack.setCurrentWidget(page)  # shown again (no main window here to refresh it)
    _idle(qtbot)
    _visit_every_tab(qtbot, page)
    assert _held(page) == before
    assert page.analysis.cards["all"].value_label.text() == figures
    assert page.lines.footer.text().startswith(f"{before['line ids']:,} lines")


def test_each_visit_from_the_window_reads_once(qtbot, demo_store, big, monkeypatch):
    analyses = _counting(monkeypatch, analysis_module, "analyse_spend")
    line_sets = _counting(monkeypatch, lines_module, "line_set")
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    _idle(qtbot)
    page = window.show_area("spend")
    _idle(qtbot)
    page.tabs.setCurrentIndex(LINES)
    _idle(qtbot)
    page.tabs.setCurrentIndex(ANALYSIS)
    _idle(qtbot)
    assert (len(analyses), len(line_sets)) == (1, 1)
    lines = page.lines.model.total_rows
    suppliers = page.analysis.model.rowCount()

    window.show_area("people")
    _idle(qtbot)
    assert page.lines.model.total_rows == 0 and page.analysis.model.rowCount() == 0

    window.show_area("spend")  # the window refreshes it; the page's own reload then has nothing to do
    _idle(qtbot)
    assert len(analyses) == 2  # once for this visit, not twice
    assert page.analysis.model.rowCount() == suppliers
    page.tabs.setCurrentIndex(LINES)
    _idle(qtbot)
    assert len(line_sets) == 2 and page.lines.model.total_rows == lines
