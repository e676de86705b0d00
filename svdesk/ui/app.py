"""Start the window: Qt application, style, error handling, first run, switching databases.

Start-up paints the main window first and reads the database straight after (run_gui): the
database layer (SQLAlchemy, the models) takes several times longer to import than Qt needs to
show a window, so it is imported only once the window is on screen. When the dashboard's figures
kept from the last session are provably still the database's (svdesk.services.figures_snapshot),
that first frame already shows them. See bench/bench_startup.py.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from svdesk import __version__, perf_switches
from svdesk.logging_setup import log_file, setup_logging
from svdesk.paths import default_db_path
from svdesk.resources import resource_path
from svdesk.ui import style
from svdesk.ui.start_safety import check_in_background, start_safety
from svdesk.ui.state import app_settings, save_settings

if TYPE_CHECKING:
    from svdesk.services.store import Store

log = logging.getLogger(__name__)
_windows: list = []


def show_unhandled(exc_type, exc, tb) -> None:
    """Write the full traceback to the log and show the user what happened in plain words."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("Unhandled error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    app = QApplication.instance()
    if app is None:
        return
    server = _server_problem(exc)
    if server:
        QMessageBox.warning(None, "The database server cannot be reached", server)
        return
    text = str(exc).lower()
    if "readonly database" in text or "read-only" in text or "query_only" in text:
        QMessageBox.information(
            None,
            "Open read-only",
            "This database is open read-only, so "
            "nothing was changed. Close the other svdesk window that has it "
            "open, then open it again here to make changes.",
        )
        return
    if "database or disk is full" in text:
        QMessageBox.warning(
            None,
            "The disk is full",
            "svdesk could not save this change because "
            "the disk is full; nothing was changed. Free some space and try again.",
        )
        return
    box = QMessageBox(
        QMessageBox.Critical,
        "Something went wrong",
        "svdesk hit an unexpected problem and could not finish what you asked. "
        "Your saved records are safe: each change is saved in one step or not at "
        "all.\n\nIf it happens again, send the log file to your support contact:\n"
        f"{log_file()}",
    )
    box.setDetailedText(f"{exc_type.__name__}: {exc}")
    box.exec()


def _server_problem(exc: BaseException) -> str | None:
    """When a PostgreSQL database shown in a window stops answering (the server went down, the
    network dropped, a view-only user tried to save): what to tell the user, who keeps what
    they typed (the form stays open: nothing was saved, so they can save again later)."""
    stores = [w.store for w in _windows if getattr(w, "store", None) is not None and w.store.is_postgres]
    if not stores:
        return None
    from sqlalchemy.exc import DBAPIError

    from svdesk.db import DatabaseError
    from svdesk.db.engine import driver_errors

    if not isinstance(exc, (DBAPIError, DatabaseError, *driver_errors())):
        return None
    from svdesk.db.postgres import describe_pg_error

    assert stores[0].location is not None
    location = stores[0].location
    message = str(exc) if isinstance(exc, DatabaseError) else describe_pg_error(exc, location, "save to")
    return (
        message + "\n\nWhat you typed is still in the window: nothing was saved, so save again "
        "once the server answers."
    )


def create_application(argv: list[str] | None = None) -> QApplication:
    # Qt 6 already scales by the exact (fractional) screen factor, PassThrough: nothing to set.
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("svdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("svdesk")
    app.setStyle("Fusion")
    # When a worker thread runs Python (a page's read), the GUI thread waits for the GIL on each
    # call into Python (a paint, a size hint, a model's data()) until the worker is made to hand
    # it over: 5 ms by default, and a first paint makes dozens of such calls; 1 ms keeps those
    # waits short (svdesk.perf_switches has the benchmark).
    perf_switches.short_switch_interval()
    app.setStyleSheet(style.STYLESHEET)
    app.setWindowIcon(QIcon(str(resource_path("icons", "svdesk-256.png"))))
    return app


def _is_url(where: Path | str) -> bool:
    from svdesk.db.location import is_url

    return is_url(where)


def _same_database(where: Path | str, store: Store | None) -> bool:
    """Whether where names the database store already has open."""
    if store is None:
        return False
    if _is_url(where) or store.is_postgres:
        from svdesk.db.location import Location

        return _is_url(where) and Location.parse(where).safe_text == store.safe_location
    return Path(where).expanduser().resolve() == store.path


def open_store(path: Path | str, parent=None) -> Store | None:
    """Open a database, telling the user plainly when it cannot be opened."""
    from svdesk.db import DatabaseError
    from svdesk.services.store import Store

    try:
        return Store.open(path)
    except DatabaseError as exc:
        QMessageBox.warning(parent, "Cannot open the database", str(exc))
    except OSError as exc:
        QMessageBox.warning(
            parent,
            "Cannot open the database",
            f"{path} could not be opened: {exc.strerror or exc}. Check that the "
            "folder exists and you may write to it.",
        )
    return None


def _show_in_window(window, store: Store, session) -> None:
    """What every way of opening a database does once it is open: remember it, keep its
    session (lock and backups) with the window, and say so when it is read-only."""
    from svdesk.services.demo_file import is_demo_database

    settings = app_settings()
    if store.is_postgres:  # kept without its password (Settings.remember_database)
        settings.remember_database(store.safe_location)
        save_settings()
        window.safety_session = None
        window.read_only = store.read_only
        if window.store is not store:
            window.attach_store(store)
        shared = f"{store.label} · shared database on a PostgreSQL server"
        if store.read_only:
            if "(read-only)" not in window.windowTitle():
                window.setWindowTitle(window.windowTitle() + " (read-only)")
            shared += " · view only: changes cannot be saved"
        window.statusBar().showMessage(shared)
        return
    if not is_demo_database(store.path):  # the demo is never what opens at the next start
        settings.remember_database(store.path)
        save_settings()
    window.safety_session = session
    window.read_only = session is None
    if window.store is not store:
        window.attach_store(store)
    if session is None:
        if "(read-only)" not in window.windowTitle():
            window.setWindowTitle(window.windowTitle() + " (read-only)")
        window.statusBar().showMessage(f"{store.path} · read-only: changes cannot be saved")
    else:
        check_in_background(window, session, store)


def open_demo(replacing=None):
    """Explore with demo data: a fresh demo database of its own (never the user's records,
    issue 20.1), opened in a window; a window already showing the demo is brought forward."""
    import shiboken6

    from svdesk.services.demo_file import demo_db_path, is_demo_database, make_fresh_demo

    _windows[:] = [w for w in _windows if shiboken6.isValid(w)]  # a window Qt has deleted
    for window in _windows:
        if (
            window is not replacing
            and window.store is not None
            and window.isVisible()
            and is_demo_database(window.store.path)
        ):
            window.raise_()
            window.activateWindow()
            if replacing is not None:
                _retire(replacing)
            return window
    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        path = make_fresh_demo(demo_db_path())
    except OSError as exc:
        QMessageBox.warning(
            replacing,
            "Cannot make the demo",
            "svdesk could not make the demo "
            f"database: {exc.strerror or exc}. Check the folder "
            f"{demo_db_path().parent} exists and you may write to it.",
        )
        return None
    finally:
        QApplication.restoreOverrideCursor()
    return open_window(path, replacing)


def open_window(path: Path | str, replacing=None, setup_first: bool = False):
    """Open path in a new main window (after the first-run flow if it is empty; setup_first
    goes straight to the organisation form there)."""
    from svdesk.services.organisation import get_organisation
    from svdesk.ui.first_run import WelcomeDialog
    from svdesk.ui.main_window import MainWindow

    if replacing is not None and _same_database(path, replacing.store):
        return replacing  # already open in this window
    from svdesk.ui import closing

    if not _is_url(path):
        closing.wait_for(Path(path))  # a window closing it may still be making its backup (its lock)
    store = open_store(path, replacing)
    if store is None:
        return None
    session, store = start_safety(store, replacing)
    if store is None:
        return None
    if session is None and get_organisation(store) is None:
        QMessageBox.warning(
            replacing,
            "Nothing to show yet",
            "This database is empty, and it can only be opened read-only, so it cannot be set up now.",
        )
        store.close()
        return None
    if get_organisation(store) is None:
        welcome = WelcomeDialog(store, replacing, setup_first=setup_first)
        if not welcome.exec():
            if session is not None:
                session.lock.release()
            store.close()
            if welcome.choice == "demo":
                return open_demo(replacing)
            if welcome.choice == "open":
                from PySide6.QtWidgets import QFileDialog

                from svdesk.ui.main_window import FILE_FILTER

                folder = str(store.local_dir if _is_url(path) else Path(path).parent)
                chosen, _ = QFileDialog.getOpenFileName(
                    replacing, "Open svdesk database", folder, FILE_FILTER
                )
                if chosen:
                    return switch_database(Path(chosen), replacing)
            return None
    window = MainWindow(store, open_database=switch_database)
    _show_in_window(window, store, session)
    window.show()
    _windows.append(window)
    if replacing is not None:
        _retire(replacing)
    return window


def _retire(window) -> None:
    """Close a window another has replaced. Its backup on close runs after it has gone, and
    closes its store once done (the start-up check may still be reading it)."""
    from svdesk.ui import closing

    window.close()
    if window.store is not None and window.store.path not in closing.pending():
        window.store.close()
    if window in _windows:
        _windows.remove(window)


def _give_back(window) -> None:
    """The window File > Open was chosen in keeps the data: its file stays open."""
    import shiboken6

    if window is not None and shiboken6.isValid(window):
        window.setEnabled(True)


def switch_database(path: Path | str, replacing):
    """File > Open and File > New in a window: an existing database opens as at start-up (a
    frame first, the file read on a worker, then this window closes), so a big file never
    freezes the window; a new or empty one goes through open_window's first-run welcome."""
    if replacing is not None and _same_database(path, replacing.store):
        return replacing  # already open in this window
    if _is_url(path):
        return open_window(path, replacing)
    if _is_existing_file(Path(path)):
        if replacing is not None:
            # nothing more happens in it while the other file opens: no second File > Open,
            # no edit that would land after its backup on close
            replacing.setEnabled(False)
        return open_progressively(Path(path), replacing=replacing)
    return open_window(Path(path), replacing)


def run_gui(db_path: Path | str | None = None) -> int:
    """db_path: a database file, or a PostgreSQL URL (svdesk --db postgresql://...)."""
    setup_logging()
    app = create_application()
    sys.excepthook = show_unhandled
    settings = app_settings()
    where: Path | str = db_path or settings.last_database or default_db_path()
    if _is_url(where):  # a server database: no file to look at first, open_window explains
        may_fall_back = db_path is None
        if _open_with_fallback(str(where), may_fall_back) is None:
            return 1
        return _run(app)
    path = Path(where)
    may_fall_back = db_path is None and path != default_db_path()
    if _is_existing_file(path):
        open_progressively(path, may_fall_back)
    elif _open_with_fallback(path, may_fall_back) is None:
        return 1
    return _run(app)


def _run(app) -> int:
    code = app.exec()
    from svdesk.ui import tasks

    tasks.stop_all()  # the backups on close are not cancelled: Python waits for their threads
    return code


def _is_existing_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _open_with_fallback(path: Path | str, may_fall_back: bool):
    window = open_window(path)
    if window is None and may_fall_back:
        window = open_window(default_db_path())
    return window


def open_progressively(path: Path, may_fall_back: bool = False, replacing=None):
    """Show the main window at once, then open the database once it has painted.

    The usual start (a database that exists and is set up) then shows the window in about the
    time Qt alone needs. Anything unusual (the file cannot be opened, or has no organisation yet)
    hands over to open_window, which explains the problem or runs the first-run welcome.
    replacing: the window File > Open was chosen in; it closes once the new one shows the data,
    and stays (with the reason shown) when the file cannot be opened.
    """
    from svdesk.ui.main_window import MainWindow

    window = MainWindow(None, open_database=switch_database, opening=path)
    _windows.append(window)

    def finish() -> None:
        from svdesk.ui import tasks

        tasks.run(  # no owner: opened() itself sees to a window closed meanwhile
            tasks.call(_open_for_start, path),
            on_done=opened,
            on_error=lambda _message: opened(None),  # logged by the task manager
        )

    def drop_frame() -> None:
        window.close()
        _windows.remove(window)
        window.deleteLater()

    def opened(value) -> None:
        from svdesk.ui import closing

        store, set_up = value if value is not None else (None, False)
        if set_up:
            session, store = start_safety(store, window)
            if store is None:  # in use elsewhere and the user declined to read it
                drop_frame()
                if replacing is None:
                    QApplication.instance().quit()
                _give_back(replacing)
                return
            if not window.isVisible():  # the user closed the window meanwhile
                if session is not None:
                    session.lock.release()
                store.close()
                _give_back(replacing)
                return
            _show_in_window(window, store, session)
            if replacing is not None:
                _retire(replacing)
            return
        log.info("Could not open %s at start-up; explaining in the full flow", path)
        if store is not None:
            store.close()
        if replacing is not None:  # the open window stays; open_window says what is wrong
            drop_frame()
            _give_back(replacing)
            open_window(path, replacing)
            return
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)  # the loading window goes before the next one shows
        try:
            window.hide()
            replacement = _open_with_fallback(path, may_fall_back)
            drop_frame()
        finally:
            app.setQuitOnLastWindowClosed(not closing.pending())
        if replacement is None:
            app.quit()

    _show_kept_figures(window, path)
    window.after_first_paint(finish)
    window.show()
    return window


def _show_kept_figures(window, path: Path) -> None:
    """When the window opens on the dashboard and the figures the last session counted are
    provably still the database's (svdesk.services.figures_snapshot: a few file reads, no
    SQLAlchemy), the frame paints them at once; the dashboard's own count then confirms them."""
    from svdesk.services import figures_snapshot
    from svdesk.ui.areas import AREAS

    start = app_settings().last_page
    if start in {a.key for a in AREAS} and start != "dashboard":
        return
    view = figures_snapshot.load(path)
    if view is None:
        return
    from svdesk.ui.pages.dashboard_view import show_in_frame

    show_in_frame(window, view)


def _open_for_start(path: Path):
    """The usual start's reading, on a worker while the frame stays responsive: import the
    database layer and the start page's module (half a second or more), open the file and
    see whether it is set up. Returns (store, has an organisation), or (None, False) when the
    file cannot be opened: the full flow then explains why."""

    from svdesk.ui import closing

    # What the frame has loaded stays for good: out of the collector's full passes before the
    # imports below set some off (each one held the window; see freeze_long_lived)
    perf_switches.freeze_long_lived()
    # a window closing this file may still be backing it up (its lock): the frame says
    # "Opening…" meanwhile, however long the copy takes
    closing.wait_for(path, timeout=None)
    from svdesk.db import DatabaseError
    from svdesk.services.organisation import get_organisation
    from svdesk.services.store import Store
    from svdesk.ui.areas import AREAS
    from svdesk.ui.main_window import import_page_module

    start = app_settings().last_page or "dashboard"
    for area in AREAS:
        if area.key == start:
            import_page_module(area)
    try:
        store = Store.open(path)
    except (DatabaseError, OSError):
        return None, False
    try:
        return store, get_organisation(store) is not None
    except BaseException:
        store.close()
        raise
