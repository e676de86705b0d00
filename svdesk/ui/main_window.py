"""The main window: navigation on the left, the chosen area on the right, File and Help menus.

It can be shown before its database is open (MainWindow(None, opening=path), then
attach_store): start-up paints the frame first and reads the data straight after.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from svdesk import __version__, perf_switches
from svdesk.logging_setup import log_file
from svdesk.paths import DB_SUFFIX
from svdesk.ui import accessibility, menus, tasks
from svdesk.ui.areas import AREAS, Area
from svdesk.ui.drop_import import DropImport
from svdesk.ui.shortcuts import menu_keys
from svdesk.ui.stacks import CurrentStack
from svdesk.ui.state import app_settings, save_settings

if TYPE_CHECKING:
    from svdesk.services.store import Store

log = logging.getLogger(__name__)
FILE_FILTER = f"svdesk databases (*{DB_SUFFIX});;All files (*)"
# Qt.ItemDataRole.UserRole. Naming PySide6's Qt namespace builds all of its ~100 Python enums
# (tens of milliseconds), so the frame painted at start-up avoids it; pages use it freely.
USER_ROLE = 256


def _label(text: str, name: str) -> QLabel:
    # svdesk.ui.widgets.label, without importing the page widgets (and Qt's namespace) yet.
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setObjectName(name)
    return widget


def import_page_module(area: Area) -> bool:
    """Import an area's page module (and what it imports) if it is not yet; safe off the GUI
    thread. True when it imported it now."""
    name = area.page.split(":")[0]
    if name in sys.modules:
        return False
    importlib.import_module(name)
    return True


def import_page_modules() -> int:
    """Import every area's page module: run off the GUI thread once the first page shows, so
    opening another area builds its page without first spending a few hundred milliseconds
    importing its module and services on the GUI thread. Returns how many it imported.

    A page module may also have a `prepare()`: Qt-free work its first open would otherwise do
    on the GUI thread (parsing a shipped file, say), run here once it is imported."""
    imported = sum(import_page_module(area) for area in AREAS)
    for area in AREAS:
        prepare = getattr(sys.modules.get(area.page.split(":")[0]), "prepare", None)
        if prepare is not None:
            prepare()
    return imported


def make_page(area: Area, store: Store, parent: QWidget | None = None) -> QWidget:
    module_name, class_name = area.page.split(":")
    return getattr(importlib.import_module(module_name), class_name)(store, parent)


_frozen = False


def freeze_long_lived() -> None:
    """Take what is in memory once a database is open (modules, classes, the window, the
    database layer) out of the garbage collector's full passes, once per process.

    A full collection is one C call that holds the GIL, so when a task's allocations set one
    off the GUI thread waits for all of it: those pauses, not long Python stretches, were the
    stalls during exports; frozen, a pass walks only what the work itself made (see
    svdesk.perf_switches for the benchmark). Frozen objects are still freed by reference
    counting; only reference cycles among them would stay. (Other points where what exists
    stays for good freeze too: start-up before its imports, the page modules imported, a
    page's first open.)"""
    global _frozen
    if not _frozen:
        _frozen = True
        perf_switches.freeze_long_lived()


class MainWindow(QMainWindow):
    def __init__(self, store: Store | None, open_database=None, *, opening: Path | None = None):
        super().__init__()
        self.store = store
        self._first_paint_callback: Callable[[], None] | None = None
        # (action, shortcut) set in attach_store: the first setShortcut makes PySide6 build the
        # Python enums of Qt's key namespace, ~60 ms the frame painted at start-up can do without.
        self._shortcuts: list[tuple[QAction, object]] = []
        self._open_database = open_database  # callback(path) -> MainWindow | None, set by the app
        self.setMinimumSize(QSize(1024, 680))
        self.pages: dict[str, QWidget] = {}
        self._page_imports_asked = False  # import_page_modules, once
        self.safety_session = None  # lock + backups, set by the app (svdesk.safety.session)
        self.safety_check_done = None  # a threading.Event while the start-up check runs

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QWidget()
        side.setObjectName("NavList")
        side.setFixedWidth(220)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.addWidget(_label("svdesk", "NavBrand"))
        self.org_label = _label("", "NavOrg")
        side_box.addWidget(self.org_label)
        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setAccessibleName("Areas")
        self.nav.setFrameShape(QListWidget.NoFrame)
        side_box.addWidget(self.nav, 1)
        row.addWidget(side)
        self.stack = CurrentStack()  # sized by the page shown (svdesk.ui.stacks)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for area in AREAS:
            item = QListWidgetItem(area.title)
            item.setData(USER_ROLE, area.key)
            tip = area.purpose + (f" ({area.shortcut})" if area.shortcut else "")
            item.setToolTip(tip)
            self.nav.addItem(item)
            placeholder = QWidget()
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._build_menus()
        DropImport(self)  # files dragged onto the window open the import they need
        self._restore_geometry()
        if store is not None:
            self.attach_store(store)
        else:
            # A frame to paint at once; attach_store fills it in a moment later.
            name = opening.name if opening else "your database"
            self.nav.setEnabled(False)
            self.menuBar().setEnabled(False)
            loading = QWidget()
            centre = QHBoxLayout(loading)  # stretches rather than Qt.AlignCenter (see USER_ROLE)
            centre.addStretch(1)
            message = _label(f"Opening {name}…", "Muted")
            message.setWordWrap(False)
            centre.addWidget(message)
            centre.addStretch(1)
            self.stack.addWidget(loading)
            self.stack.setCurrentWidget(loading)
            self._loading = loading
            self.statusBar().showMessage(f"Opening {opening}…" if opening else "Opening…")
            self.setWindowTitle(f"{name} · svdesk")

    def attach_store(self, store: Store) -> None:
        """Show the database's content: the start page, the organisation's name, the menus."""
        self.store = store
        loading = getattr(self, "_loading", None)
        if loading is not None:
            self.stack.removeWidget(loading)
            loading.deleteLater()
            self._loading = None
        for action, shortcut in self._shortcuts:
            action.setShortcut(QKeySequence(shortcut))
            self.addAction(action)  # works with the menu bar hidden (and lists in actions())
        self._shortcuts.clear()
        self.nav.setEnabled(True)
        self.menuBar().setEnabled(True)
        self.statusBar().showMessage(str(store.path))
        from svdesk.ui import demo_banner, edit_menu  # the demo says so across the top (issue 20.1)

        demo_banner.install(self)
        edit_menu.attach(self, store)  # Edit > Undo/Redo for this session's record changes
        from svdesk.ui import outside_changes  # others' changes: View > Refresh (F5), every 30 s

        outside_changes.attach(self, store)
        self.organisation_changed()
        self._show_start_page()
        freeze_long_lived()

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Call back once the window has painted (or after 5 s, should it never paint)."""
        self._first_paint_callback = callback
        QTimer.singleShot(5000, self._run_first_paint_callback)

    def _run_first_paint_callback(self) -> None:
        callback, self._first_paint_callback = self._first_paint_callback, None
        if callback is not None:
            callback()

    def paintEvent(self, event):  # noqa: N802 (Qt override; not event(): every event would
        super().paintEvent(event)  # pass through Python, which costs more than it looks)
        if self._first_paint_callback is not None:
            QTimer.singleShot(0, self._run_first_paint_callback)

    # --- navigation ----------------------------------------------------------------------------
    def _page_for(self, index: int) -> QWidget:
        area = AREAS[index]
        if area.key not in self.pages:
            # What is in memory before a page's first open (the pages built so far and the rows
            # they show) stays for the window's life: out of the collector's full passes with it
            # (see freeze_long_lived). Each such pass holds the GIL and walked all of it.
            perf_switches.freeze_long_lived()
            page = make_page(area, self.store, self.stack)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            accessibility.polish_page(page)  # Tab from the header down; FTE, VCSE… explained
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[area.key] = page
        return self.pages[area.key]

    def _nav_changed(self, index: int) -> None:
        if index < 0 or self.store is None:
            return
        # A page with unsaved work (a bid's answer) asks before it is left; staying puts the
        # selection back without another visit.
        left = getattr(self, "_nav_index", None)
        leaving = self.stack.widget(left) if left is not None and left != index else None
        if leaving is not None and hasattr(leaving, "can_leave") and not leaving.can_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(left)
            self.nav.blockSignals(False)
            return
        self._nav_index = index
        from svdesk.ui import glossary_tips  # on first use: not in the start-up frame's imports

        # the build's thousands of events skip the hover filter; its reads start once it is built
        with glossary_tips.paused(), tasks.held():
            page = self._page_for(index)
            self.stack.setCurrentIndex(index)
            if hasattr(page, "refresh") and getattr(page, "_shown_once", False):
                page.refresh()
        page._shown_once = True
        if not self._page_imports_asked:
            self._page_imports_asked = True
            # the modules are as long-lived as what was frozen at open (see freeze_long_lived)
            tasks.run(
                tasks.call(import_page_modules),
                on_done=lambda imported: perf_switches.freeze_long_lived() if imported else None,
            )
        app_settings().last_page = AREAS[index].key
        # the name shown beside the areas: read when the organisation changes, not every visit
        from svdesk.ui.demo_banner import window_title  # names the open file (issue 20.1)

        self.setWindowTitle(window_title(self, AREAS[index].title))

    def show_area(self, key: str) -> QWidget | None:
        if self.store is None:
            return None  # still opening
        for i, area in enumerate(AREAS):
            if area.key == key:
                self.nav.setCurrentRow(i)
                return self.pages.get(key)  # None when the page left asked to stay
        raise KeyError(key)

    def current_area(self) -> str:
        return AREAS[self.nav.currentRow()].key

    def _org_name(self) -> str:
        from svdesk.services.organisation import get_organisation

        org = get_organisation(self.store)
        return org.name if org else "No organisation yet"

    def organisation_changed(self) -> None:
        self.org_label.setText(self._org_name())
        for page in self.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()

    # --- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        # shortcuts from the one table the help lists (svdesk.ui.shortcuts)
        self._action(file_menu, "&New database…", self.new_database, menu_keys("New database"))
        self._action(file_menu, "&Open database…", self.open_database, menu_keys("Open database"))
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "Save a &copy…", self.save_copy, menu_keys("Save a copy"))
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, menu_keys("Quit"))
        menus.build(self)  # Edit (self.edit_menu), View and Records
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "svdesk &help", self.show_help, menu_keys("svdesk help"))
        self._action(help_menu, "Open the &log folder", self.open_log_folder)
        self._action(help_menu, "&Licences", self.open_licences)
        self._action(help_menu, "&About svdesk", self.show_about)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            self._shortcuts.append((action, shortcut))
        return action

    def _fill_recent(self) -> None:
        from svdesk.db.location import is_url

        self.recent_menu.clear()
        here = (str(self.store.path), self.store.safe_location)
        recent = [p for p in app_settings().recent_databases if p not in here]
        if not recent:
            action = self.recent_menu.addAction("No other recent databases")
            action.setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self._switch_to(p if is_url(p) else Path(p)))

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New svdesk database", str(self.store.path.parent / f"new{DB_SUFFIX}"), FILE_FILTER
        )
        if not path:
            return
        path = Path(path)
        if path.suffix != DB_SUFFIX:
            path = path.with_suffix(DB_SUFFIX)
        if path.exists():
            QMessageBox.warning(
                self,
                "New database",
                f"{path.name} already exists. Choose another name, or use Open to open it.",
            )
            return
        self._switch_to(path)

    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open svdesk database", str(self.store.path.parent), FILE_FILTER
        )
        if path:
            self._switch_to(Path(path))

    def _switch_to(self, path: Path) -> None:
        if self._open_database is not None:
            self._open_database(path, self)

    def save_copy(self) -> None:
        from svdesk.db.engine import backup_sqlite

        suggested = self.store.path.with_name(self.store.path.stem + "-copy" + DB_SUFFIX)
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy of this database", str(suggested), FILE_FILTER
        )
        if not path:
            return
        target = Path(path)
        if target.resolve() == self.store.path:
            QMessageBox.warning(self, "Save a copy", "Choose a different file from the open one.")
            return
        try:
            backup_sqlite(self.store.path, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Save a copy",
                f"The copy could not be written: "
                f"{exc.strerror or exc}. Check the folder and free space, then "
                "try again. Your open database is unchanged.",
            )
            return
        self.statusBar().showMessage(f"Saved a copy to {target}", 8000)

    def show_help(self, topic: str = "") -> None:
        """F1: the help window, with search over its topics and the glossary."""
        from svdesk.ui.help_window import HelpWindow

        HelpWindow.show_for(self, topic)

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))

    def open_licences(self) -> None:
        """The folder of licence texts: svdesk's (MIT), Qt's (LGPLv3, with how to replace Qt)
        and every other package shipped, indexed in THIRD-PARTY-NOTICES.txt."""
        from svdesk.resources import licences_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(licences_dir())))

    def show_about(self) -> None:
        from svdesk.geo.postcodes import ATTRIBUTION, SOURCE

        QMessageBox.about(
            self,
            "About svdesk",
            f"<h3>svdesk {__version__}</h3><p>An offline desk for measuring, managing and "
            "evidencing social value.</p>"
            f"<p>Database: {self.store.path}</p>"
            f"<p><b>Postcode data</b>: {SOURCE}.<br>{ATTRIBUTION}</p>"
            "<p>svdesk is free software under the MIT licence, © The svdesk authors. It uses "
            "Qt and PySide6 under the GNU LGPL version 3, and other open-source packages under "
            "their own licences. Help ▸ Licences opens all the licence texts.</p>",
        )

    # --- geometry and closing --------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = app_settings()
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        else:
            self.resize(1280, 800)
        if settings.window_state:
            self.restoreState(QByteArray.fromBase64(settings.window_state.encode()))

    def _show_start_page(self) -> None:
        settings = app_settings()
        keys = [a.key for a in AREAS]
        start = settings.last_page if settings.last_page in keys else "dashboard"
        self.show_area(start)

    def closeEvent(self, event):  # noqa: N802
        if any(hasattr(p, "can_leave") and not p.can_leave() for p in self.pages.values()):
            event.ignore()  # the user chose to stay with unsaved work
            return
        settings = app_settings()
        settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode()
        settings.window_state = bytes(self.saveState().toBase64()).decode()
        save_settings()
        for page in self.pages.values():
            if hasattr(page, "on_close"):
                page.on_close()
        super().closeEvent(event)
        session = getattr(self, "safety_session", None)
        if session is not None:  # back up on close, then let another window open the database
            from svdesk.ui import closing

            self.safety_session = None
            # first, so the application keeps running until the copy is done ...
            closing.close_in_background(
                session,
                self.store.version if self.store is not None else None,
                getattr(self, "safety_check_done", None),
                self.store,
            )
            self.hide()  # ... and gone at once: the check and the copy take seconds
