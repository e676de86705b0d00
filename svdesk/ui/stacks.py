"""Stacks and tabs sized by the widget they show, not by every widget they hold.

QStackedWidget (and the stack inside QTabWidget) answers its size hints by asking every widget
it holds, and its height for a width too when any of them wraps text. Each time a page was shown
its layout so asked every page or tab built so far, laying out their hidden tables, forms and
wrapped labels: tens to hundreds of milliseconds on the GUI thread per visit. Only the widget
shown is seen, so only it is asked.

No PySide6 Qt namespace here: the main window uses CurrentStack in the frame it paints at
start-up (see USER_ROLE in svdesk.ui.main_window).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget


class CurrentStack(QStackedWidget):
    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        shown = self.currentWidget()
        return shown.sizeHint() if shown is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        shown = self.currentWidget()
        return shown.minimumSizeHint() if shown is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        shown = self.currentWidget()
        return shown.hasHeightForWidth() if shown is not None else False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        shown = self.currentWidget()
        return shown.heightForWidth(width) if shown is not None else -1


class CurrentTabs(QTabWidget):
    """Tabs whose height is not worked out from their width: a page gives its tabs the room
    that is left, so asking every tab (QTabWidget's way) for its height at a width is wasted."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return False

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return -1


def tab_holder(tabs: QTabWidget, title: str, margins: int | None = 0) -> QWidget:
    """An empty tab to build a tab's content in: make the content with the holder as its
    parent and add it to holder.layout(). Adding a built table as a tab moves it into the tab
    widget's own stack, which restyles all of it again (tens of milliseconds with the style
    sheet); an empty holder costs nothing to move. margins None keeps the style's own."""
    holder = QWidget()
    box = QVBoxLayout(holder)
    if margins is not None:
        box.setContentsMargins(margins, margins, margins, margins)
    tabs.addTab(holder, title)
    return holder
