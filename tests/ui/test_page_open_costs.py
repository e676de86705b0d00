"""Issue #23.5: a page's first open does less on the GUI thread. Figures' Commitments tab is built
when first shown; the application-wide glossary filter is left out of a page's build (and is
back, explaining words, as soon as the page shows); the window title's demo check is read once."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QToolTip

from svdesk.ui import glossary_tips, tasks
from svdesk.ui import main_window as main_window_module
from svdesk.ui.main_window import MainWindow
from svdesk.ui.pages.measures import MeasuresPage

TODAY = date(2026, 2, 10)  # the demo firm's commitments are under way


def test_figures_builds_its_commitments_tab_when_first_shown(qtbot, demo_store):
    page = MeasuresPage(demo_store, today=TODAY, synchronous=True)
    qtbot.addWidget(page)
    page.show()
    holder = page.tabs.widget(1)
    assert page.tabs.tabText(1) == "Commitments"
    assert holder.findChildren(QTableView) == []  # nothing built behind the tab yet
    assert page.overview is not None and page.overview.commitments  # the demo firm has some

    page.tabs.setCurrentIndex(1)

    tables = {t.accessibleName() for t in holder.findChildren(QTableView)}
    assert {"Commitments", "Delivery by quarter"} <= tables
    # given the commitments already counted, as when it was built with the page
    assert page.commit_model.rowCount() == len(page.overview.commitments)
    assert page.card_commit.value_label.text().endswith(f"of {len(page.overview.commitments)}")


def test_commitments_asked_for_before_their_tab_shows_are_built_and_filled(qtbot, demo_store):
    page = MeasuresPage(demo_store, today=TODAY, synchronous=True)
    qtbot.addWidget(page)
    # the Dashboard's chart selects a commitment on a page whose tab was never opened
    assert page.commit_model.rowCount() == len(page.overview.commitments) > 0
    page.select_commitment(page.overview.commitments[0].commitment.id)
    assert page.selected_commitment() is page.overview.commitments[0]
    assert page.edit_button.isEnabled()


def test_the_glossary_filter_is_out_of_a_page_build_and_back_once_it_shows(qtbot, demo_store, monkeypatch):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    tasks.wait_for_done(30_000)
    assert glossary_tips.filtering()  # the start page was polished: hovers are explained
    during: list[bool] = []
    make_page = main_window_module.make_page

    holding: list[bool] = []

    def watched(*args, **kwargs):
        during.append(glossary_tips.filtering())
        holding.append(tasks.manager()._held is not None)
        return make_page(*args, **kwargs)

    monkeypatch.setattr(main_window_module, "make_page", watched)
    page = window.show_area("figures")
    assert during == [False]  # the build's events went past no Python filter
    assert holding == [True]  # its reads waited for the build to end ...
    assert tasks.manager()._held is None  # ... and are under way now
    assert glossary_tips.filtering()
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    late = QLabel("£1,200 with VCSEs this quarter", page)
    late.show()
    QApplication.sendEvent(late, QHelpEvent(QEvent.ToolTip, QPoint(2, 2), late.mapToGlobal(QPoint(2, 2))))
    assert shown and "Voluntary, community" in shown[-1]
    window.close()


def test_the_window_title_reads_whether_the_file_is_the_demo_once(qtbot, demo_store, monkeypatch):
    from svdesk.ui import demo_banner

    asked: list[object] = []
    real = demo_banner.is_demo_database
    monkeypatch.setattr(demo_banner, "is_demo_database", lambda path: asked.append(path) or real(path))
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    tasks.wait_for_done(30_000)
    before = len(asked)  # the start page's title (and the demo banner's own check)
    for key in ("contracts", "people", "contracts"):
        window.show_area(key)
    tasks.wait_for_done(30_000)
    assert before and len(asked) == before  # page visits read it no more
    assert window.windowTitle().startswith("Contracts · ")
    assert demo_store.path.name in window.windowTitle()
    window.close()


def test_pages_share_one_read_of_the_contracts_until_the_store_writes(demo_store, monkeypatch):
    from dataclasses import replace

    from svdesk.services import contracts as contracts_service
    from svdesk.ui import reads

    calls: list[int] = []
    real = contracts_service.list_contracts
    monkeypatch.setattr(contracts_service, "list_contracts", lambda store: calls.append(1) or real(store))
    first = reads.contracts(demo_store)
    again = reads.contracts(demo_store)
    assert len(calls) == 1 and [c.id for c in again] == [c.id for c in first]
    contract = first[0]
    contracts_service.save_contract(demo_store, replace(contract, title="Renamed for the test"))
    titles = {c.id: c.title for c in reads.contracts(demo_store)}
    assert len(calls) == 2 and titles[contract.id] == "Renamed for the test"


def test_reads_asked_for_inside_held_start_as_it_ends_and_deliver(qtbot):
    answers: list[int] = []
    with tasks.held():
        task = tasks.run(lambda _cancel: 42, on_done=answers.append)
        assert tasks.manager()._held == [task]  # asked for, not started
        assert not tasks.idle()  # counted as under way: waiting for it waits for it
    assert tasks.manager()._held is None
    assert task.wait(30)
    qtbot.waitUntil(lambda: answers == [42])
