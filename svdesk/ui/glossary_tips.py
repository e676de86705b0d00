"""Framework words explain themselves on hover: glossary tooltips on labels and column headers.

    explain_widget(label, "FTE")               # this widget's tooltip explains FTE
    explain_header(table.horizontalHeader())   # each column whose title names a term
    attach_tree(page)                          # every label, button and header under the page
    install()                                  # and whatever appears or changes later, on hover

The words come from svdesk.help_glossary (the same text the help window shows). A widget that
already has its own tooltip keeps it, with the glossary added below.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTabBar,
    QToolTip,
    QWidget,
)

from svdesk.help_glossary import explain, lookup

_MARK = "svdesk_glossary"  # dynamic property: the glossary text this module added


def _set(widget: QWidget, text: str) -> None:
    if not text or widget.property(_MARK) == text:
        return
    own = widget.toolTip()
    previous = widget.property(_MARK)
    if previous and own.endswith(previous):
        own = own[: -len(previous)].rstrip()
    widget.setToolTip(f"{own}\n\n{text}" if own else text)
    widget.setProperty(_MARK, text)


def explain_widget(widget: QWidget, term: str) -> None:
    """Give a widget the glossary's explanation of `term` as (part of) its tooltip."""
    entry = lookup(term)
    if entry is None:
        raise KeyError(f"{term!r} is not in the glossary (svdesk/help_glossary.py)")
    _set(widget, f"{entry.term}: {entry.meaning}")


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, QLabel):  # rich text is read without its markup
        return html.unescape(re.sub(r"<[^>]+>", " ", widget.text()))
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "")
    if isinstance(widget, QGroupBox):
        return widget.title().replace("&", "")
    return ""


class _HeaderTips(QObject):
    """Shows the glossary for the column under the pointer (only for header viewports)."""

    def __init__(self, header: QHeaderView):
        super().__init__(header)
        self.header = header

    def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
        if event.type() != QEvent.ToolTip:
            return False
        header = self.header
        model = header.model()
        pos = event.pos()
        section = header.logicalIndexAt(pos)
        if model is None or section < 0:
            return False
        title = model.headerData(section, header.orientation(), Qt.DisplayRole)
        text = explain(str(title or ""))
        if not text:
            return False
        own = model.headerData(section, header.orientation(), Qt.ToolTipRole)
        QToolTip.showText(event.globalPos(), f"{own}\n\n{text}" if own else text, header)
        return True


def header_tip(header: QHeaderView, section: int) -> str:
    """The glossary text the header shows for a column ("" when its title names no term)."""
    model = header.model()
    if model is None:
        return ""
    return explain(str(model.headerData(section, header.orientation(), Qt.DisplayRole) or ""))


def explain_header(header: QHeaderView) -> None:
    """Column titles that name a glossary term explain it on hover (once per header)."""
    if header.property(_MARK):
        return
    header.setProperty(_MARK, True)
    header.viewport().installEventFilter(_HeaderTips(header))


def attach_tree(root: QWidget) -> int:
    """Add glossary tooltips to every label, button, group box and table header under root
    whose text names a term. Returns how many widgets were given one."""
    count = 0
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QHeaderView):
            explain_header(widget)
            continue
        text = explain(_text_of(widget))
        if text:
            _set(widget, text)
            count += 1
    return count


def _hover_text(obj, pos) -> tuple[str, str]:
    """(glossary text, the widget's own tooltip) for what is under the pointer, as it is now."""
    parent = obj.parentWidget() if isinstance(obj, QWidget) else None
    if isinstance(parent, QHeaderView) and obj is parent.viewport():
        model, section = parent.model(), parent.logicalIndexAt(pos)
        if model is None or section < 0:
            return "", ""
        title = model.headerData(section, parent.orientation(), Qt.DisplayRole)
        own = model.headerData(section, parent.orientation(), Qt.ToolTipRole)
        return explain(str(title or "")), str(own or "")
    if isinstance(obj, QTabBar):
        index = obj.tabAt(pos)
        return (
            (explain(obj.tabText(index).replace("&", "")), obj.tabToolTip(index)) if index >= 0 else ("", "")
        )
    if isinstance(obj, (QLabel, QAbstractButton, QGroupBox)):
        return explain(_text_of(obj)), obj.toolTip()
    return "", ""


class _Hover(QObject):
    """Application-wide: a label, button, tab or column title whose words name a glossary term
    explains it on hover, even when it was made or re-worded after its page was polished (a
    total refreshed, a tab's table built when first opened, any dialog). Dialogs also get the
    tooltips themselves when they first show, so screen readers find them."""

    def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
        kind = event.type()
        if kind == QEvent.ToolTip:
            text, own = _hover_text(obj, event.pos())
            if not text or text in own:
                return False  # nothing to add: Qt shows the widget's own tooltip
            QToolTip.showText(event.globalPos(), f"{own}\n\n{text}" if own else text, obj)
            return True
        if kind == QEvent.Show and isinstance(obj, QDialog) and not obj.property(_MARK):
            obj.setProperty(_MARK, True)
            attach_tree(obj)
        return False


_hover: _Hover | None = None
_paused = 0  # how many page builds are under way (see paused)


def install() -> None:
    """Explain glossary words on hover everywhere in this application (once)."""
    global _hover
    app = QApplication.instance()
    if _hover is None and app is not None:
        _hover = _Hover(app)
        if not _paused:
            app.installEventFilter(_hover)


@contextmanager
def paused() -> Iterator[None]:
    """Leave the application-wide hover filter out while a page is built and shown.

    The filter is a Python call for every event the application sends (3.4 µs each on the
    development machine); building and showing a page sends it 400-1,800 events (ChildAdded,
    Polish, Show, Resize... about 80% of those its first open causes), none of them a hover or a
    dialog being shown: 2-6 ms of the GUI thread, three times that on a busy machine. The filter
    is back as the block ends, before anything else can run."""
    global _paused
    app = QApplication.instance()
    if app is None:
        yield
        return
    _paused += 1
    if _hover is not None:
        app.removeEventFilter(_hover)
    try:
        yield
    finally:
        _resume()


def _resume() -> None:
    global _paused
    _paused = max(0, _paused - 1)
    app = QApplication.instance()
    if not _paused and _hover is not None and app is not None:
        app.installEventFilter(_hover)


def filtering() -> bool:
    """Whether the hover filter is listening now (tests)."""
    return _hover is not None and not _paused
