"""The Edit, View and Records menus of the main window (File and Help are in main_window.py).

Edit acts on whatever has the keyboard focus (a field, or a table: Copy takes its selected rows
as tab-separated text a spreadsheet pastes). View lists every area with its shortcut. Records
holds the things an office manager adds most often, each opening its area first. The shortcuts
come from svdesk.ui.shortcuts, the table the help window lists.

Other menus add to these: window.edit_menu is the Edit menu (Undo and Redo go at its top).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from svdesk.ui.areas import AREAS
from svdesk.ui.shortcuts import menu_keys

if TYPE_CHECKING:
    from svdesk.ui.main_window import MainWindow

# (menu text, area, what to call on the area's page). Each opens its area, then the form.
RECORDS: tuple[tuple[str, str, Callable], ...] = (
    ("Add a &person…", "people", lambda page: page.people.add()),
    ("Import &payroll…", "people", lambda page: page.import_payroll()),
    ("Record &community activity…", "community", lambda page: page.add_current()),
    ("Import &spend…", "spend", lambda page: page.import_spend()),
    ("Import s&uppliers…", "spend", lambda page: page.import_spend("suppliers")),
    ("Record &environment data…", "environment", lambda page: page.add_current()),
    ("Add a &contract…", "contracts", lambda page: page.add()),
    ("New &bid question…", "bids", lambda page: page.add_question()),
    ("Add a c&ommitment…", "figures", lambda page: page.add_commitment()),
    ("Add e&vidence…", "evidence", lambda page: page.add()),
    ("Start or resume the &self-assessment", "assessment", lambda page: page.start_or_resume()),
)


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip("…")


def _keys(window: MainWindow, action, text: str) -> None:
    keys = menu_keys(_plain(text))
    if keys:
        window._shortcuts.append((action, keys))  # set once the database is open


def build(window: MainWindow) -> None:
    """Add Edit, View (areas) and Records menus to the window's menu bar, before Help."""
    bar = window.menuBar()
    window.edit_menu = bar.addMenu("&Edit")
    for text, slot in (("Cu&t", cut), ("&Copy", copy), ("&Paste", paste), ("Select &all", select_all)):
        action = window.edit_menu.addAction(text)
        action.triggered.connect(lambda _=False, do=slot: do())
        _keys(window, action, text)
    window.edit_menu.addSeparator()
    find = window.edit_menu.addAction("&Find in this page…\tCtrl+F")  # the page's own Ctrl+F
    find.triggered.connect(lambda _=False: find_in_page(window))

    window.view_menu = bar.addMenu("&View")
    for area in AREAS:
        action = window.view_menu.addAction(area.title.replace("&", "&&"))
        action.setToolTip(area.purpose)
        action.triggered.connect(lambda _=False, key=area.key: window.show_area(key))
        if area.shortcut:
            window._shortcuts.append((action, area.shortcut))

    window.records_menu = bar.addMenu("&Records")
    for text, key, call in RECORDS:
        action = window.records_menu.addAction(text)
        action.triggered.connect(lambda _=False, k=key, c=call: open_record(window, k, c))


def open_record(window: MainWindow, key: str, call: Callable) -> None:
    page = window.show_area(key)
    if page is not None:  # None: still opening, or the page left asked to stay
        call(page)


def _focus():
    return QApplication.focusWidget()


def cut() -> None:
    widget = _focus()
    if hasattr(widget, "cut"):
        widget.cut()


def copy() -> None:
    widget = _focus()
    if isinstance(widget, QAbstractItemView):
        text = selected_rows_text(widget)
        if text:
            QGuiApplication.clipboard().setText(text)
    elif hasattr(widget, "copy"):
        widget.copy()


def paste() -> None:
    widget = _focus()
    if hasattr(widget, "paste"):
        widget.paste()


def select_all() -> None:
    widget = _focus()
    if hasattr(widget, "selectAll"):
        widget.selectAll()


def selected_rows_text(view: QAbstractItemView) -> str:
    """The selected rows of a table, with its header, as tab-separated text."""
    model = view.model()
    selection = view.selectionModel()
    if model is None or selection is None:
        return ""
    rows = sorted({index.row() for index in selection.selectedIndexes()})
    if not rows:
        return ""
    columns = range(model.columnCount())
    header = [str(model.headerData(c, Qt.Horizontal) or "") for c in columns]
    lines = ["\t".join(header)]
    for row in rows:
        cells = (model.index(row, c).data() for c in columns)
        lines.append("\t".join("" if v is None else str(v).replace("\t", " ") for v in cells))
    return "\n".join(lines)


def find_in_page(window: MainWindow) -> None:
    """What Ctrl+F does on the page shown: its find(), or its search field."""
    page = window.stack.currentWidget()
    if hasattr(page, "find"):
        page.find()
        return
    searches = [
        w
        for w in page.findChildren(QLineEdit)
        if w.isVisible() and "search" in (w.accessibleName() + w.placeholderText()).lower()
    ]
    if searches:
        searches[0].setFocus()
        searches[0].selectAll()
    else:
        window.statusBar().showMessage("This page has no table to search.", 5000)
