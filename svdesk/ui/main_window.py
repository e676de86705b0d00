"""The main window: navigation on the left, the chosen area on the right, File and Help menus."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from svdesk import __version__
from svdesk.geo.postcodes import ATTRIBUTION, SOURCE
from svdesk.logging_setup import log_file
from svdesk.paths import DB_SUFFIX
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store
from svdesk.ui.areas import AREAS, Area
from svdesk.ui.pages.placeholder import PlaceholderPage
from svdesk.ui.state import app_settings, save_settings
from svdesk.ui.widgets import label

log = logging.getLogger(__name__)
FILE_FILTER = f"svdesk databases (*{DB_SUFFIX});;All files (*)"


def make_page(area: Area, store: Store) -> QWidget:
    module_name, class_name = area.page.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return PlaceholderPage(area.title, area.purpose)
    return getattr(module, class_name)(store)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, open_database=None):
        super().__init__()
        self.store = store
        self._open_database = open_database  # callback(path) -> MainWindow | None, set by the app
        self.setMinimumSize(QSize(1024, 680))
        self.pages: dict[str, QWidget] = {}
        self.safety_session = None  # lock + backups, set by the app (svdesk.safety.session)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        side = QWidget()
        side.setObjectName("NavList")
        side.setFixedWidth(220)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.addWidget(label("svdesk", "NavBrand"))
        self.org_label = label("", "NavOrg")
        side_box.addWidget(self.org_label)
        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setAccessibleName("Areas")
        self.nav.setFrameShape(QListWidget.NoFrame)
        side_box.addWidget(self.nav, 1)
        row.addWidget(side)
        self.stack = QStackedWidget()
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for area in AREAS:
            item = QListWidgetItem(area.title)
            item.setData(Qt.UserRole, area.key)
            tip = area.purpose + (f" ({area.shortcut})" if area.shortcut else "")
            item.setToolTip(tip)
            self.nav.addItem(item)
            placeholder = QWidget()
            self.stack.addWidget(placeholder)
            if area.shortcut:
                action = QAction(self)
                action.setShortcut(QKeySequence(area.shortcut))
                action.triggered.connect(lambda _=False, key=area.key: self.show_area(key))
                self.addAction(action)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._build_menus()
        self.statusBar().showMessage(str(store.path))
        self.organisation_changed()
        self._restore()

    # --- navigation ----------------------------------------------------------------------------
    def _page_for(self, index: int) -> QWidget:
        area = AREAS[index]
        if area.key not in self.pages:
            page = make_page(area, self.store)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[area.key] = page
        return self.pages[area.key]

    def _nav_changed(self, index: int) -> None:
        if index < 0:
            return
        page = self._page_for(index)
        self.stack.setCurrentIndex(index)
        if hasattr(page, "refresh") and getattr(page, "_shown_once", False):
            page.refresh()
        page._shown_once = True
        app_settings().last_page = AREAS[index].key
        self.setWindowTitle(f"{AREAS[index].title} · {self._org_name()} · svdesk")

    def show_area(self, key: str) -> QWidget:
        for i, area in enumerate(AREAS):
            if area.key == key:
                self.nav.setCurrentRow(i)
                return self.pages[key]
        raise KeyError(key)

    def current_area(self) -> str:
        return AREAS[self.nav.currentRow()].key

    def _org_name(self) -> str:
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
        self._action(file_menu, "&New database…", self.new_database, QKeySequence.New)
        self._action(file_menu, "&Open database…", self.open_database, QKeySequence.Open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "Save a &copy…", self.save_copy, QKeySequence("Ctrl+Shift+S"))
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.Quit)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "svdesk &help", self.show_help, QKeySequence.HelpContents)
        self._action(help_menu, "Open the &log folder", self.open_log_folder)
        self._action(help_menu, "&About svdesk", self.show_about)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in app_settings().recent_databases if Path(p) != self.store.path]
        if not recent:
            action = self.recent_menu.addAction("No other recent databases")
            action.setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self._switch_to(Path(p)))

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New svdesk database", str(
            self.store.path.parent / f"new{DB_SUFFIX}"), FILE_FILTER)
        if not path:
            return
        path = Path(path)
        if path.suffix != DB_SUFFIX:
            path = path.with_suffix(DB_SUFFIX)
        if path.exists():
            QMessageBox.warning(self, "New database", f"{path.name} already exists. Choose "
                                "another name, or use Open to open it.")
            return
        self._switch_to(path)

    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open svdesk database",
                                              str(self.store.path.parent), FILE_FILTER)
        if path:
            self._switch_to(Path(path))

    def _switch_to(self, path: Path) -> None:
        if self._open_database is not None:
            self._open_database(path, self)

    def save_copy(self) -> None:
        from svdesk.db.engine import backup_sqlite

        suggested = self.store.path.with_name(self.store.path.stem + "-copy" + DB_SUFFIX)
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy of this database",
                                              str(suggested), FILE_FILTER)
        if not path:
            return
        target = Path(path)
        if target.resolve() == self.store.path:
            QMessageBox.warning(self, "Save a copy", "Choose a different file from the open one.")
            return
        try:
            backup_sqlite(self.store.path, target)
        except OSError as exc:
            QMessageBox.warning(self, "Save a copy", f"The copy could not be written: "
                                f"{exc.strerror or exc}. Check the folder and free space, then "
                                "try again. Your open database is unchanged.")
            return
        self.statusBar().showMessage(f"Saved a copy to {target}", 8000)

    def show_help(self) -> None:
        QMessageBox.information(
            self, "svdesk help",
            "svdesk keeps the evidence of the social value your organisation creates.\n\n"
            "1. Fill in your Organisation profile and add your Contracts and bids.\n"
            "2. Take the Self-assessment to see where you stand.\n"
            "3. Record people, community work, spend and environment as they happen, with "
            "evidence.\n4. Use Reports for bid-ready workbooks, evidence packs and returns.\n\n"
            "Keyboard: Ctrl+1 … Ctrl+9 jump between areas; Ctrl+F searches a table.")

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file().parent)))

    def show_about(self) -> None:
        QMessageBox.about(
            self, "About svdesk",
            f"<h3>svdesk {__version__}</h3><p>An offline desk for measuring, managing and "
            "evidencing social value.</p>"
            f"<p>Database: {self.store.path}</p>"
            f"<p><b>Postcode data</b>: {SOURCE}.<br>{ATTRIBUTION}</p>")

    # --- geometry and closing --------------------------------------------------------------------
    def _restore(self) -> None:
        settings = app_settings()
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
        else:
            self.resize(1280, 800)
        if settings.window_state:
            self.restoreState(QByteArray.fromBase64(settings.window_state.encode()))
        keys = [a.key for a in AREAS]
        start = settings.last_page if settings.last_page in keys else "dashboard"
        self.show_area(start)

    def closeEvent(self, event):  # noqa: N802
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
            from svdesk.safety.session import close_session

            self.safety_session = None
            outcome = close_session(session)
            if not outcome.ok:
                log.warning("Backup on close failed: %s", outcome.message)
                QMessageBox.warning(self, "Backup on close", outcome.message)
