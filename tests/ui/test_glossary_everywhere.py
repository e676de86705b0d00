"""Issue #20.10: glossary words explain themselves on hover wherever they appear: on every page
and tab of the demo firm at the minimum window size, in the record dialogs, and in labels whose
words are set after the page was built (totals) or tables built when their tab is first opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTabBar,
    QToolTip,
    QWidget,
)

from svdesk.help_glossary import lookup, terms_in
from svdesk.ui import tasks
from svdesk.ui.areas import AREAS
from svdesk.ui.glossary_tips import _text_of
from svdesk.ui.main_window import MainWindow

# the words the issue names
WORDS = {
    lookup(w).term
    for w in ("FTE-years", "VCSE", "SME", "MAC", "TOMs", "proxy value", "additionality", "deadweight")
}


@pytest.fixture
def shown(monkeypatch):
    texts: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: texts.append(text))
    return texts


def _hover(widget: QWidget, pos: QPoint, shown: list[str]) -> str:
    """What hovering at pos shows: the glossary's tooltip if an event filter gave one, else the
    widget's own tooltip (what Qt would show)."""
    shown.clear()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.ToolTip, pos, widget.mapToGlobal(pos)))
    return shown[-1] if shown else widget.toolTip()


def _places(root: QWidget):
    """(description, words shown, widget, position) for everything visible that shows words."""
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QHeaderView) and w.model() is not None:
            for i in range(w.count()):
                if w.isSectionHidden(i):
                    continue
                title = str(w.model().headerData(i, w.orientation(), Qt.DisplayRole) or "")
                x = w.sectionViewportPosition(i) + 4
                pos = QPoint(x, 4) if w.orientation() == Qt.Horizontal else QPoint(4, x)
                yield f"column '{title}'", title, w.viewport(), pos
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield f"tab '{w.tabText(i)}'", w.tabText(i), w, w.tabRect(i).center()
        elif isinstance(w, (QLabel, QAbstractButton, QGroupBox)):
            text = _text_of(w)
            yield f"{type(w).__name__} '{text[:60]}'", text, w, QPoint(2, 2)


def _unexplained(root: QWidget, where: str, shown: list[str]) -> list[str]:
    missing = []
    for what, text, widget, pos in _places(root):
        terms = [t for t in terms_in(text) if t.term in WORDS]
        if not terms:
            continue
        tip = _hover(widget, pos, shown)
        for term in terms:
            if term.meaning not in tip:
                missing.append(f"{where}: {what} does not explain {term.term}")
    return missing


def test_the_issue_words_explain_themselves_on_every_page_tab_and_record_dialog(qtbot, demo_store, shown):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.resize(1024, 680)
    window.show()
    missing: list[str] = []
    seen: set[str] = set()
    for area in AREAS:
        page = window.show_area(area.key)
        tasks.wait_for_done(30_000)
        tabs = getattr(page, "tabs", None)
        for i in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(i)
                tasks.wait_for_done(30_000)
            where = f"{area.key}" + (f" / {tabs.tabText(i)}" if tabs is not None else "")
            missing += _unexplained(page, where, shown)
            seen |= {t.term for _, text, _, _ in _places(page) for t in terms_in(text)}
        for name, dialog in getattr(page, "screenshot_dialogs", list)():
            qtbot.addWidget(dialog)
            dialog.show()
            tasks.wait_for_done(30_000)
            missing += _unexplained(dialog, f"{area.key} dialog {name}", shown)
            seen |= {t.term for _, text, _, _ in _places(dialog) for t in terms_in(text)}
            dialog.done(0)
    assert {"VCSE", "SME", "FTE-years", "Additionality", "Proxy value"} <= seen  # the walk saw them
    assert missing == []
    window.close()


def test_a_label_reworded_after_its_page_was_built_explains_the_new_word(qtbot, demo_store, shown):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    page = window.show_area("spend")
    tasks.wait_for_done(30_000)
    late = QLabel("Nothing yet", page)
    late.show()
    late.setText("<b>£1,200</b> with VCSEs this quarter")
    assert "Voluntary, community" in _hover(late, QPoint(2, 2), shown)
    late.setText("£1,200 with local suppliers this quarter")
    assert "Voluntary, community" not in _hover(late, QPoint(2, 2), shown)
    window.close()
