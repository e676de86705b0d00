"""Accessible names: what a screen reader says for each control, and a check that there is one.

A control is named when it has setAccessibleName, a text of its own (a button's caption), or a
label whose buddy it is (QLabel.setBuddy, or the label beside it in a QFormLayout). Qt's own
parts of a composite control (a spin box's editor, a combo box's list) are named through their
owner and are not checked apart.

    unnamed(page) -> ["QComboBox 'period' in DashboardPage", ...]   # what lacks a name
    name_from_labels(dialog)   # give each unnamed field the text of the label buddied to it
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QTabBar,
    QTabWidget,
    QWidget,
)

# Qt's internal parts of composite widgets, named through their owner.
_OWNERS = (QAbstractSpinBox, QComboBox)


def _buddies(root: QWidget) -> dict[int, str]:
    named: dict[int, str] = {}
    for lab in root.findChildren(QLabel):
        buddy = lab.buddy()
        if buddy is not None and lab.text().strip():
            named[id(buddy)] = lab.text().replace("&", "")
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.LabelRole)
            field_item = form.itemAt(row, QFormLayout.FieldRole)
            if label_item and field_item and label_item.widget() and field_item.widget():
                text = getattr(label_item.widget(), "text", lambda: "")()
                if text:
                    named[id(field_item.widget())] = text.replace("&", "")
    return named


def _is_internal(widget: QWidget) -> bool:
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    for _ in range(2):  # a spin box's editor, a combo box's list and its frame
        if parent is None:
            return False
        if isinstance(parent, _OWNERS):
            return True
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            return True
        parent = parent.parentWidget()
    return False


def accessible_name(widget: QWidget, buddies: dict[int, str] | None = None) -> str:
    """What a screen reader would call the control ("" when nothing names it)."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text().replace("&", "")
    tabs = widget.tabBar() if isinstance(widget, QTabWidget) else widget
    if (
        isinstance(tabs, QTabBar)
        and tabs.count()
        and all(tabs.tabText(i).strip() for i in range(tabs.count()))
    ):
        return "Tabs: " + ", ".join(tabs.tabText(i).replace("&", "") for i in range(tabs.count()))
    return (buddies or {}).get(id(widget), "")


def focusable(widget: QWidget) -> bool:
    """A stop of its own for Tab: a tab widget's stop is its tab bar (its focus proxy)."""
    if widget.focusProxy() is not None:
        return False
    if isinstance(widget, QTabBar):
        return widget.focusPolicy() != Qt.NoFocus
    return bool(widget.focusPolicy() & Qt.TabFocus) and not _is_internal(widget)


def unnamed(root: QWidget) -> list[str]:
    """Each focusable control under root (shown or not) that nothing names, described."""
    buddies = _buddies(root)
    missing = []
    for widget in root.findChildren(QWidget):
        if focusable(widget) and not accessible_name(widget, buddies):
            where = widget.parentWidget()
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in "
                f"{type(where).__name__ if where else '-'}"
                f" ({getattr(widget, 'placeholderText', lambda: '')()!r})"
            )
    return missing


def name_from_labels(root: QWidget) -> int:
    """Set the accessible name of each control a label is buddied to; returns how many."""
    buddies = _buddies(root)
    count = 0
    for widget in root.findChildren(QWidget):
        text = buddies.get(id(widget))
        if text and not widget.accessibleName():
            widget.setAccessibleName(text.rstrip(" *:"))
            count += 1
    return count


def tab_chain(root: QWidget) -> list[QWidget]:
    """The visible controls Tab visits under root, in the order it visits them."""
    controls = [
        w for w in root.findChildren(QWidget) if w.isVisibleTo(root) and w.isEnabled() and focusable(w)
    ]
    if not controls:
        return []
    wanted = {id(w) for w in controls}
    chain, widget = [], controls[0]
    for _ in range(len(root.window().findChildren(QWidget)) + 1):
        widget = widget.nextInFocusChain()
        if id(widget) in wanted and widget not in chain:
            chain.append(widget)
        if widget is controls[0] and chain:
            break
    if not chain:
        return []
    top = min(_position(root, w)[0] for w in chain)  # the top row's leftmost control
    first = min((w for w in chain if _position(root, w)[0] <= top + 12), key=lambda w: _position(root, w)[1])
    start = chain.index(first)
    return chain[start:] + chain[:start]


def _position(root: QWidget, widget: QWidget) -> tuple[int, int]:
    point = widget.mapTo(root, widget.rect().topLeft())
    return point.y(), point.x()


def tab_order_jumps(root: QWidget, slack: int = 12) -> list[str]:
    """Where Tab goes back up the window (to a control above the last one, not in a column to
    its right) before the end: the order does not follow the layout there. `slack` pixels
    allow for controls on one row."""
    chain = tab_chain(root)
    jumps = []
    for before, after in pairwise(chain):
        (y0, x0), (y1, x1) = _position(root, before), _position(root, after)
        next_column = x1 >= x0 + before.width() - slack  # up, to a column on the right: fine
        if y1 < y0 - slack and not next_column:
            jumps.append(
                f"{accessible_name(before) or type(before).__name__} → "
                f"{accessible_name(after) or type(after).__name__}"
            )
    return jumps


def header_then_tabs_first(page: QWidget) -> None:
    """Tab starts where the eye does: the page header's buttons (left to right), then the
    page's tab bar, then what the tab shows. Qt's order followed creation, which put a page's
    main action and its tabs after the table the tab holds. Safe to call again."""
    from svdesk.ui.widgets import PageHeader

    layout = getattr(page, "layout_", None) or page.layout()  # a Page: inside its scroll
    items = [layout.itemAt(i).widget() for i in range(layout.count())] if layout else []
    header = next((w for w in items if isinstance(w, PageHeader)), None)
    if header is None:
        return
    # layout order (the page may not be laid out yet): the extra buttons, then the action
    row = [header.extra.itemAt(i).widget() for i in range(header.extra.count())]
    stops: list[QWidget] = [w for w in [*row, header.action] if w is not None and focusable(w)]
    below = items[items.index(header) + 1] if items.index(header) + 1 < len(items) else None
    if isinstance(below, QTabWidget):  # the tabs straight under the header come next
        stops.append(below.tabBar())
    for before, after in pairwise(stops):
        QWidget.setTabOrder(before, after)


def polish_page(page: QWidget) -> None:
    """What every area page gets once built: Tab order from the header down, and glossary
    tooltips on the framework words it shows (svdesk.ui.glossary_tips)."""
    from svdesk.ui import glossary_tips

    header_then_tabs_first(page)
    glossary_tips.attach_tree(page)
    glossary_tips.install()  # words shown later (totals, tabs built on use, dialogs) too
    point_at_clickable_lists(page)
    remember_every_sort(page)


def remember_every_sort(page: QWidget) -> int:
    """Every sortable table on the page keeps the sort order the user chose (svdesk.ui.state),
    keyed by the page and the table's accessible name; tables that already remember theirs are
    left alone. Returns how many tables it took on."""
    from PySide6.QtWidgets import QTableView

    from svdesk.ui.state import remember_sort

    count = 0
    for view in page.findChildren(QTableView):
        name = view.accessibleName()
        if not view.isSortingEnabled() or not name or view.horizontalHeader().property("svdesk_sort_key"):
            continue
        remember_sort(view, f"{type(page).__name__}/{name}")
        count += 1
    return count


def point_at_clickable_lists(root: QWidget) -> int:
    """A pointing hand over lists whose items open something on a single click (the
    dashboard's Needs attention, say); returns how many lists."""
    from PySide6.QtCore import QMetaMethod
    from PySide6.QtWidgets import QAbstractItemView, QListWidget

    count = 0
    for view in root.findChildren(QAbstractItemView):
        signals = [view.clicked] + ([view.itemClicked] if isinstance(view, QListWidget) else [])
        if any(view.isSignalConnected(QMetaMethod.fromSignal(s)) for s in signals):
            view.viewport().setCursor(Qt.PointingHandCursor)
            count += 1
    return count
