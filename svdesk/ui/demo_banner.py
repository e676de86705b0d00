"""The demo's banner and every window's title (issue 20.1).

The demo firm lives in its own file (svdesk.services.demo_file). While it is open a banner
across the top says so, with "Start my own records", which opens (or creates and sets up) the
user's own database in its place. The title bar always names the open file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from svdesk.services.demo_file import is_demo_database, own_database_path
from svdesk.ui.state import app_settings
from svdesk.ui.widgets import label, primary_button

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

# amber for "take note", with the word Demo as well: never colour alone
BANNER_STYLE = """
#DemoBanner { background: #fff4d6; border-bottom: 1px solid #d9a400; }
#DemoBanner QLabel { color: #3d2e00; }
#DemoBannerTitle { font-weight: 700; }
"""


def window_title(window, area_title: str) -> str:
    """'Dashboard · Irwell Joinery Ltd · demo.svdesk (demo) · svdesk': the page, the
    organisation, the open file, and whether it is the demo or read-only."""
    store = getattr(window, "store", None)
    parts = [area_title, window.org_label.text()]
    if store is not None:
        name = store.path.name
        # asked on every page visit: resolving both paths reads the disk (2-11 ms), so the
        # answer is kept for the file the window has open
        known = getattr(window, "_svdesk_demo_of", None)
        if known is None or known[0] != store.path:
            known = (store.path, is_demo_database(store.path))
            window._svdesk_demo_of = known
        if known[1]:
            name += " (demo)"
        parts.append(name)
    title = " · ".join(p for p in parts if p) + " · svdesk"
    return title + (" (read-only)" if getattr(window, "read_only", False) else "")


class DemoBanner(QFrame):
    def __init__(self, file_name: str, on_start, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("DemoBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setAccessibleName("Demo data")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(label("Demo", "DemoBannerTitle", wrap=False))
        self.text = label(
            f"You are exploring an example firm in its own file ({file_name}). Nothing you do "
            "here touches your own records, and your own database opens next time."
        )
        row.addWidget(self.text, 1)
        self.start_button = primary_button("Start my own records", on_start)
        self.start_button.setToolTip(
            "Open your own database (or create it and set up your organisation); the demo closes"
        )
        row.addWidget(self.start_button)


def start_own_records(window) -> object:
    """Open the user's own database in place of the demo: the last one they opened that is
    not the demo, or the default one, set up first when it is new. Returns the new window, or
    None when the user turned back (the demo stays open)."""
    from svdesk.ui import app

    path = own_database_path(app_settings().last_database)
    return app.open_window(path, replacing=window, setup_first=True)


def install(window: QMainWindow) -> DemoBanner | None:
    """Put the banner above the window's content when its database is the demo."""
    old = getattr(window, "demo_banner", None)
    if old is not None:
        old.setVisible(False)
    store = window.store
    if store is None or not is_demo_database(store.path):
        return None
    if old is not None:
        old.setVisible(True)
        return old
    content = window.takeCentralWidget()
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    banner = DemoBanner(store.path.name, lambda: start_own_records(window))
    column.addWidget(banner)
    column.addWidget(content, 1)
    window.setCentralWidget(holder)
    window.demo_banner = banner
    return banner
