"""Desktop conventions (issue 20.8-20.10): menus and shortcuts from one table, keyboard cards,
remembered sorting, finished-looking controls, and a help window with a glossary that also
explains framework words on hover."""

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolTip

from svdesk.help_glossary import GLOSSARY, explain
from svdesk.ui import glossary_tips, menus, state, style, tasks
from svdesk.ui.areas import AREAS
from svdesk.ui.help_window import HelpWindow
from svdesk.ui.main_window import MainWindow
from svdesk.ui.shortcuts import all_shortcuts
from svdesk.ui.widgets import Card


@pytest.fixture
def window(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    yield window
    qtbot.waitUntil(tasks.idle, timeout=30_000)


def _menu(window, title):
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return action.menu()
    raise AssertionError(f"no {title} menu")


def _menu_actions(window):
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if not action.isSeparator():
                yield top.text().replace("&", ""), action


def test_the_menu_bar_has_file_edit_view_records_help(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Records", "Help"]
    assert window.edit_menu is _menu(window, "Edit")


def test_every_area_has_a_shortcut_in_the_view_menu_and_it_works(window):
    keys = [a.shortcut for a in AREAS]
    assert all(keys) and len(set(keys)) == len(keys)
    view = {a.text().replace("&&", "&"): a for a in _menu(window, "View").actions()}
    for area in AREAS:
        action = view[area.title]
        assert action.shortcut().toString() == area.shortcut
        action.trigger()
        assert window.current_area() == area.key


def test_one_table_drives_the_menus_and_the_help_list(window, qtbot):
    table = {s.keys for s in all_shortcuts()}
    in_menus = {a.shortcut().toString() for _m, a in _menu_actions(window) if not a.shortcut().isEmpty()}
    assert in_menus <= table, f"shortcuts in menus but not in the help: {in_menus - table}"
    named = {s.keys for s in all_shortcuts() if s.action}
    assert named <= in_menus, f"in the table but on no menu action: {named - in_menus}"
    help_window = HelpWindow(window)
    qtbot.addWidget(help_window)
    help_window.open_topic("Keyboard shortcuts")
    text = help_window.page.toPlainText()
    for shortcut in all_shortcuts():
        assert shortcut.keys in text and shortcut.does in text


def test_the_records_menu_opens_each_form_in_its_area(window, monkeypatch):
    texts = [a.text().replace("&", "") for a in _menu(window, "Records").actions()]
    for wanted in (
        "Add a person…",
        "Import spend…",
        "New bid question…",
        "Add a contract…",
        "Record community activity…",
    ):
        assert wanted in texts
    assert {key for _t, key, _c in menus.RECORDS} >= {
        "people",
        "spend",
        "bids",
        "contracts",
        "community",
        "evidence",
        "environment",
    }
    page_calls = []
    people = window.show_area("people")
    monkeypatch.setattr(people.people, "add", lambda: page_calls.append("person"))
    window.show_area("dashboard")
    [action] = [a for a in _menu(window, "Records").actions() if a.text().replace("&", "") == "Add a person…"]
    action.trigger()
    assert window.current_area() == "people" and page_calls == ["person"]


def test_edit_copy_takes_the_selected_table_rows_as_tab_separated_text(window):
    page = window.show_area("contracts")
    page.table.setFocus()
    page.table.selectRow(0)
    QApplication.clipboard().clear()
    text = menus.selected_rows_text(page.table)
    lines = text.splitlines()
    assert len(lines) == 2 and "\t" in lines[0]
    assert lines[0].split("\t")[0] == page.table.model().headerData(0, Qt.Horizontal)


def test_dashboard_cards_are_reached_by_tab_and_opened_with_enter_or_space(window, qtbot):
    page = window.show_area("dashboard")
    qtbot.waitUntil(lambda: page.data is not None, timeout=30_000)
    card = next(iter(page.cards.values()))
    assert card.focusPolicy() & Qt.TabFocus
    assert card.cursor().shape() == Qt.PointingHandCursor
    assert card.accessibleName().startswith(card.caption_label.text())
    opened = []
    card.clicked.connect(lambda: opened.append(1))
    for key in (Qt.Key_Return, Qt.Key_Space):
        qtbot.keyClick(card, key)
    assert len(opened) == 2


def test_a_card_that_opens_nothing_takes_no_focus(qtbot):
    card = Card("12", "Staff")
    qtbot.addWidget(card)
    card.show()
    assert card.focusPolicy() == Qt.NoFocus
    assert card.cursor().shape() != Qt.PointingHandCursor


def test_a_tables_sort_order_is_remembered_between_runs(window, qtbot, demo_store):
    page = window.show_area("contracts")
    page.table.sortByColumn(1, Qt.DescendingOrder)
    window.close()
    state.save_settings()
    state.reset_for_tests()
    assert state.app_settings().sort_orders["contracts"] == [1, Qt.DescendingOrder.value]
    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    header = again.show_area("contracts").table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (1, Qt.DescendingOrder)


def test_every_sortable_table_remembers_its_sort_the_evidence_files_too(window, qtbot, demo_store):
    page = window.show_area("evidence")
    qtbot.waitUntil(
        lambda: page.files.model() is not None and page.files.model().rowCount() > 0, timeout=30_000
    )
    assert page.files.isSortingEnabled()
    page.files.sortByColumn(2, Qt.DescendingOrder)
    window.close()
    state.save_settings()
    state.reset_for_tests()
    assert state.app_settings().sort_orders["EvidencePage/Evidence files"] == [2, Qt.DescendingOrder.value]
    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    evidence = again.show_area("evidence")
    qtbot.waitUntil(lambda: evidence.files.model().rowCount() > 0, timeout=30_000)
    header = evidence.files.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (2, Qt.DescendingOrder)
    qtbot.waitUntil(tasks.idle, timeout=30_000)


def test_f1_opens_a_help_window_with_search_not_a_message_box(window, qtbot):
    [action] = [a for _m, a in _menu_actions(window) if a.shortcut() == QKeySequence("F1")]
    action.trigger()
    help_window = window._help_window
    assert isinstance(help_window, HelpWindow) and isinstance(help_window, QDialog)
    assert help_window.isVisible() and not help_window.isModal()
    assert len(help_window.shown_titles()) > len(GLOSSARY)
    help_window.search.setText("fte")
    titles = help_window.shown_titles()
    assert titles[0] == "Glossary: FTE"
    assert "Glossary: FTE-years" in titles
    assert "Glossary: VCSE" not in titles  # "fte" is not found inside "often"
    assert "Full-time equivalent" in help_window.page.toPlainText()
    help_window.search.setText("q6")
    assert "sixth quarter" in help_window.page.toPlainText()
    help_window.search.setText("zzzz")
    assert help_window.shown_titles() == []
    assert "Nothing in the help mentions" in help_window.page.toPlainText()


def test_the_glossary_explains_a_header_and_a_label_on_hover(qtbot, window):
    page = window.show_area("people")
    table = page.people.table
    header = table.horizontalHeader()
    titles = [str(header.model().headerData(i, Qt.Horizontal)) for i in range(header.count())]
    fte = next(i for i, t in enumerate(titles) if "FTE" in t)
    assert glossary_tips.header_tip(header, fte).startswith("FTE")
    # hovering the header shows it
    x = header.sectionViewportPosition(fte) + 5
    shown = []
    real = QToolTip.showText
    try:
        QToolTip.showText = lambda pos, text, *a: shown.append(text)
        event = QHelpEvent(QEvent.ToolTip, QPoint(x, 5), header.mapToGlobal(QPoint(x, 5)))
        QApplication.sendEvent(header.viewport(), event)
    finally:
        QToolTip.showText = real
    assert shown and "Full-time equivalent" in shown[0]
    labels = [w for w in window.findChildren(QLabel) if "VCSE" in w.text()]
    spend = window.show_area("spend")
    labels = [w for w in spend.findChildren(QLabel) if "VCSE" in w.text()]
    assert labels and all("Voluntary, community" in w.toolTip() for w in labels)


def test_explain_widget_names_the_term_and_keeps_an_own_tooltip(qtbot):
    label = QLabel("Real Living Wage")
    qtbot.addWidget(label)
    label.setToolTip("Compared each pay run")
    glossary_tips.explain_widget(label, "real living wage")
    assert label.toolTip().startswith("Compared each pay run\n\nReal Living Wage:")
    glossary_tips.explain_widget(label, "Real Living Wage")  # not added twice
    assert label.toolTip().count("Living Wage Foundation") == 1
    with pytest.raises(KeyError):
        glossary_tips.explain_widget(label, "not a term")


def test_glossary_words_are_found_whole_not_inside_other_words():
    assert explain("FTE-years").startswith("FTE-years:")
    assert not explain("FTE-years").count("FTE: ")
    assert explain("Share of spend with VCSEs").startswith("VCSE:")
    assert explain("Afters") == "" and explain("Q6 delivered").startswith("Q6:")
    assert explain("Local spend").startswith("Local spend:")
    assert explain("The local shop") == ""  # an everyday word is not a glossary term


def test_drop_downs_and_spin_boxes_have_their_sub_controls_styled():
    sheet = style.STYLESHEET
    for sub in (
        "QComboBox::drop-down",
        "QComboBox::down-arrow",
        "QAbstractSpinBox::up-button",
        "QAbstractSpinBox::down-button",
        "QAbstractSpinBox::up-arrow",
        "QAbstractSpinBox::down-arrow",
    ):
        assert sub in sheet, sub
    for arrow in (style.ARROW_DOWN, style.ARROW_UP, style.ARROW_DOWN_OFF, style.ARROW_UP_OFF):
        assert arrow in sheet and "\\" not in arrow
        from pathlib import Path

        assert Path(arrow).is_file()
    assert "#9fb9bd" not in sheet  # the old white-on-pale-teal disabled primary button


def test_the_app_sets_fusion_so_every_platform_looks_the_same(qapp):
    from svdesk.ui.app import create_application

    assert create_application() is qapp
    sheet = qapp.styleSheet()
    qapp.setStyleSheet("")  # the stylesheet wraps the style it was given
    try:
        assert qapp.style().metaObject().className() == "QFusionStyle"
    finally:
        qapp.setStyleSheet(sheet)


def test_a_form_field_named_by_a_glossary_term_explains_it(qtbot, store):
    from svdesk.ui.dialogs.organisation_dialog import OrganisationDialog

    dialog = OrganisationDialog(store, None)
    qtbot.addWidget(dialog)
    assert "Voluntary, community and social enterprise" in dialog.form.vcse.toolTip()
    assert "Living Wage Foundation" in dialog.form.rlw.toolTip()


def test_lists_that_open_on_one_click_show_a_pointing_hand(window, qtbot):
    page = window.show_area("dashboard")
    assert page.attention.viewport().cursor().shape() == Qt.PointingHandCursor
    contracts = window.show_area("contracts")  # opens on a double click: an arrow
    assert contracts.table.viewport().cursor().shape() != Qt.PointingHandCursor
