"""Accessibility (issue 20.12): every focusable control on every page, tab and form has a name a
screen reader can say; text meets WCAG AA contrast at the theme's colours; status is never
told by colour alone."""

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTabWidget, QWidget

from svdesk.ui import contrast, style, tasks
from svdesk.ui.accessibility import (
    accessible_name,
    name_from_labels,
    tab_chain,
    tab_order_jumps,
    unnamed,
)
from svdesk.ui.areas import AREAS
from svdesk.ui.help_window import HelpWindow
from svdesk.ui.main_window import MainWindow


def _settle(qtbot):
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    qtbot.wait(10)


def test_every_page_tab_and_form_names_each_focusable_control(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    problems, jumps = [], []
    for area in AREAS:
        page = window.show_area(area.key)
        _settle(qtbot)
        for tabs in page.findChildren(QTabWidget):  # tabs are built when first shown
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                _settle(qtbot)
        problems += [f"{area.key}: {p}" for p in unnamed(page)]
        jumps += [f"{area.key}: {j}" for j in tab_order_jumps(page)]
        for name, dialog in getattr(page, "screenshot_dialogs", list)():
            problems += [f"{area.key} / {name}: {p}" for p in unnamed(dialog)]
            dialog.resize(900, 2000)
            dialog.show()
            jumps += [f"{area.key} / {name}: {j}" for j in tab_order_jumps(dialog)]
            dialog.close()
    problems += [f"window: {p}" for p in unnamed(window.centralWidget())]
    help_window = HelpWindow(window)
    problems += [f"help: {p}" for p in unnamed(help_window)]
    assert problems == []
    assert jumps == [], "Tab goes back up the window instead of following the layout"


def test_tab_in_a_record_table_goes_search_filters_then_table(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    people = window.show_area("people").people
    _settle(qtbot)
    names = [accessible_name(w) for w in tab_chain(people)]
    assert names.index("Search people") < names.index("Show records for") < names.index("People")


def test_the_check_finds_an_unnamed_control_and_accepts_each_kind_of_name(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    field = QLineEdit(holder)
    assert len(unnamed(holder)) == 1  # a bare field: nothing names it
    caption = QLabel("&Buyer", holder)
    caption.setBuddy(field)
    assert unnamed(holder) == []  # a label buddied to it
    assert accessible_name(QPushButton("Save")) == "Save"  # a button's own caption
    combo = QComboBox(holder)
    combo.setEditable(True)  # its editor is named through it
    assert len(unnamed(holder)) == 1
    combo.setAccessibleName("Contract")
    assert unnamed(holder) == []
    assert name_from_labels(holder) == 1 and field.accessibleName() == "Buyer"


def test_text_meets_wcag_aa_contrast_at_the_theme_colours():
    assert contrast.failing() == []
    for _what, fg, bg in contrast.PAIRS:
        assert contrast.ratio(fg, bg) >= contrast.AA


def test_the_contrast_formula_matches_known_values():
    assert contrast.ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast.ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # the old disabled primary button, white on pale teal, was unreadable
    assert contrast.ratio("#ffffff", "#9fb9bd") < 2.5


def test_disabled_buttons_use_the_readable_disabled_colours():
    assert f"color: {style.DISABLED_TEXT}" in style.STYLESHEET
    assert contrast.ratio(style.DISABLED_TEXT, style.DISABLED_BG) >= contrast.AA


def test_status_is_told_in_words_as_well_as_colour(qtbot):
    from svdesk.ui.records.paged_model import evidence_colour, evidence_text
    from svdesk.ui.widgets import status_label

    label = status_label("behind", "Behind")
    qtbot.addWidget(label)
    assert "Behind" in label.text() and style.STATUS["behind"] in label.styleSheet()
    assert evidence_colour(0) is not None and "No evidence" in evidence_text(0)
