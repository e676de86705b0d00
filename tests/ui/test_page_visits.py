"""Visiting a page again reads or counts only when something was written; views and tabs not
yet shown are not built; stacks are sized by the widget they show."""

from dataclasses import replace

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QWidget

from svdesk.services.contracts import find_contract, save_contract
from svdesk.services.organisation import get_organisation, save_organisation
from svdesk.ui import tasks
from svdesk.ui.main_window import MainWindow
from svdesk.ui.pages.organisation import OrganisationPage
from svdesk.ui.stacks import CurrentStack


def _idle(qtbot):
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    qtbot.wait(20)


def _counting(monkeypatch, module, name):
    """Count calls of module.name (the real function still runs)."""
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_dashboard_counts_again_after_a_write_and_not_without_one(qtbot, demo_store, monkeypatch):
    from svdesk.ui.pages import dashboard as dashboard_page

    counts = _counting(monkeypatch, dashboard_page, "dashboard")
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    page = window.show_area("dashboard")
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    _idle(qtbot)
    window.show_area("contracts")  # the first count on a new database stores its defaults
    window.show_area("dashboard")  # (a write), so it counts once more
    _idle(qtbot)
    first = len(counts)
    window.show_area("contracts")
    window.show_area("dashboard")  # nothing written since: what was counted stays
    _idle(qtbot)
    assert len(counts) == first and page.data is not None
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    save_contract(demo_store, replace(contract, value_pence=190_000_00))
    page.data = None
    window.show_area("contracts")
    window.show_area("dashboard")  # a write: counted again, and shown
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    assert len(counts) == first + 1


def test_figures_count_again_only_after_a_write(qtbot, demo_store, monkeypatch):
    from svdesk.ui.pages import measures as measures_page

    counts = _counting(monkeypatch, measures_page, "measures_overview")
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    page = window.show_area("figures")
    qtbot.waitUntil(lambda: page.overview is not None, timeout=30_000)
    _idle(qtbot)
    window.show_area("dashboard")  # settle the first count's own defaults (see above)
    window.show_area("figures")
    _idle(qtbot)
    first = len(counts)
    window.show_area("dashboard")
    window.show_area("figures")
    _idle(qtbot)
    assert len(counts) == first
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    save_contract(demo_store, replace(contract, value_pence=190_000_00))
    window.show_area("dashboard")
    window.show_area("figures")
    _idle(qtbot)
    assert len(counts) > first


def test_organisation_page_reads_in_the_background_and_again_after_an_edit(qtbot, demo_store):
    page = OrganisationPage(demo_store)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert page.values["Name"].text() == "Irwell Joinery Ltd"
    assert not page.card.isHidden() and page.status.isHidden()
    page.refresh()  # nothing written: nothing read
    assert not page.loading
    org = get_organisation(demo_store)
    save_organisation(demo_store, replace(org, name="Irwell Joinery & Sons Ltd"))
    page.refresh()
    assert page.loading
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert page.values["Name"].text() == "Irwell Joinery & Sons Ltd"


def test_organisation_page_without_a_profile_says_how_to_add_one(qtbot, store):
    page = OrganisationPage(store)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert page.card.isHidden() and "Edit profile" in page.status.text()


def test_assessment_views_are_built_when_first_shown(qtbot, demo_store):
    from svdesk.ui.pages.assessment import RESULTS, WIZARD, AssessmentPage

    page = AssessmentPage(demo_store)
    qtbot.addWidget(page)
    assert set(page._built) == {0}  # the start view only
    page.start_or_resume()
    assert WIZARD in page._built and page.views.currentWidget() is page.wizard
    assert page.wizard.progress_text.text().endswith("answered")
    assert RESULTS not in page._built


def test_a_stack_is_sized_by_the_widget_it_shows(qtbot):
    stack = CurrentStack()
    qtbot.addWidget(stack)
    small, big = QWidget(), QWidget()
    small.setMinimumSize(40, 30)
    big.setMinimumSize(900, 700)
    for w in (small, big):
        w.sizeHint = lambda w=w: w.minimumSize()  # noqa: B023 (a fixed hint per widget)
        stack.addWidget(w)
    stack.setCurrentWidget(small)
    assert stack.sizeHint() == QSize(40, 30) and stack.minimumSizeHint().width() < 900
    stack.setCurrentWidget(big)
    assert stack.sizeHint() == QSize(900, 700)
    wrapped = QLabel("a long sentence that wraps " * 20)
    wrapped.setWordWrap(True)
    stack.addWidget(wrapped)
    assert not stack.hasHeightForWidth()  # the big widget shown does not wrap
    stack.setCurrentWidget(wrapped)
    assert stack.hasHeightForWidth() and stack.heightForWidth(200) > stack.heightForWidth(800)


def test_the_shipped_checklist_is_parsed_once(monkeypatch):
    from svdesk.assessment import checklist

    first = checklist.builtin_checklist()
    calls = _counting(monkeypatch, checklist, "parse_checklist")
    assert checklist.builtin_checklist() is first and calls == []


def test_figures_build_the_sroi_tab_when_first_shown(qtbot, demo_store):
    from datetime import date

    from svdesk.ui.pages.measures import MeasuresPage

    page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
    qtbot.addWidget(page)
    assert page._sroi is None  # counted, but no SROI worked out yet
    page.tabs.setCurrentIndex(page.tabs.count() - 1)
    assert page._sroi is not None and page._sroi.scope[0] == page.contract.currentData()
    assert page._sroi.view is not None


def test_the_window_makes_each_page_in_its_stack(qtbot, demo_store, monkeypatch):
    """A page built loose and then moved into the window's stack was restyled all over again
    by the move (tens of milliseconds on its first open)."""
    from svdesk.ui.pages.contracts import ContractsPage

    parents = []
    real = ContractsPage.__init__

    def made_with(self, store, parent=None):
        parents.append(parent)
        real(self, store, parent)

    monkeypatch.setattr(ContractsPage, "__init__", made_with)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    page = window.show_area("contracts")
    assert parents == [window.stack] and window.stack.currentWidget() is page


def test_page_modules_parse_the_shipped_checklist_ahead_of_the_first_visit(monkeypatch):
    from svdesk.assessment import checklist
    from svdesk.ui.main_window import import_page_modules

    checklist.cached_checklist.cache_clear()
    import_page_modules()  # what the window runs off the GUI thread
    calls = _counting(monkeypatch, checklist, "parse_checklist")
    checklist.builtin_checklist()  # the Self-assessment page's first open
    assert calls == []


def test_privacy_cards_are_filled_a_few_per_turn_after_the_rest_of_a_read(qtbot, demo_store, monkeypatch):
    from svdesk.ui.pages import privacy
    from svdesk.ui.pages.privacy import PrivacyPage

    events = []
    show, fill = PrivacyPage._show, PrivacyPage._fill_items

    def shown(self, read):
        show(self, read)
        events.append(("shown", self.history_model.rowCount() > 0, self.items_box.count()))

    def filled(self, rows):
        before = self.items_box.count()
        fill(self, rows)
        events.append(("filled", before, self.items_box.count()))

    monkeypatch.setattr(PrivacyPage, "_show", shown)
    monkeypatch.setattr(PrivacyPage, "_fill_items", filled)
    page = PrivacyPage(demo_store)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    cards = len(page._items)
    per_turn = privacy.CARDS_PER_TURN
    assert cards > per_turn  # more than one turn's worth, or this proves nothing
    # the history first with no card, then the cards in batches of at most CARDS_PER_TURN, in
    # order, each batch added to those before it, until every card is shown
    batches = [(n, n + min(per_turn, cards - n)) for n in range(0, cards, per_turn)]
    assert events == [("shown", True, 0)] + [("filled", a, b) for a, b in batches]
    titles = [page.items_box.itemAt(i).widget().findChild(QLabel, None).text() for i in range(cards)]
    assert [t.split(" · ")[0] for t in titles] == [row.item.area for row in page._items]


def test_remembered_column_widths_are_shown_without_fitting_the_columns(qtbot, demo_store, monkeypatch):
    from PySide6.QtWidgets import QTableView

    from svdesk.ui.pages.contracts import COLUMNS, ContractsPage
    from svdesk.ui.state import app_settings

    fits = []
    real = QTableView.resizeColumnsToContents
    monkeypatch.setattr(QTableView, "resizeColumnsToContents", lambda view: (fits.append(view), real(view)))
    page = ContractsPage(demo_store)
    qtbot.addWidget(page)
    assert fits == [page.table]  # nothing remembered yet: fitted to the rows
    fitted = [page.table.columnWidth(i) for i in range(len(COLUMNS))]
    app_settings().column_widths["contracts"] = [w + 7 for w in fitted]  # as the user left them
    fits.clear()
    again = ContractsPage(demo_store)
    qtbot.addWidget(again)
    # the last column stretches to the view, so its width is the view's to decide
    shown = [again.table.columnWidth(i) for i in range(len(COLUMNS) - 1)]
    assert fits == [] and shown == [w + 7 for w in fitted[:-1]]
    app_settings().column_widths["contracts"] = fitted[:3]  # columns added since: fit again
    third = ContractsPage(demo_store)
    qtbot.addWidget(third)
    assert fits == [third.table]


def test_evidence_shows_the_files_first_and_the_rest_on_the_next_turn(qtbot, demo_store, monkeypatch):
    from svdesk.ui.pages.evidence import EvidencePage

    events = []
    show_lists, show_rest = EvidencePage._show_lists, EvidencePage._show_rest

    def lists_shown(self, lists):
        show_lists(self, lists)
        events.append(
            (
                "files",
                self.files_model.rowCount(),
                self.missing_model.rowCount(),
                bool(self.files.selectionModel().selectedRows()),
            )
        )

    def rest_shown(self):
        show_rest(self)
        events.append(
            ("rest", self.missing_model.rowCount(), bool(self.files.selectionModel().selectedRows()))
        )

    monkeypatch.setattr(EvidencePage, "_show_lists", lists_shown)
    monkeypatch.setattr(EvidencePage, "_show_rest", rest_shown)
    page = EvidencePage(demo_store)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    files, missing = len(page.files_model.rows), len(page.missing_model.rows)
    assert files > 0 and missing > 0
    assert events == [("files", files, 0, False), ("rest", missing, True)]
