"""Before a database is shown, and just after: the single-writer lock (or, on a shared
PostgreSQL database, whether this user may write), then the integrity check and the day's first
backup off the GUI thread while the window already shows the data."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from svdesk.services.store import Store

log = logging.getLogger(__name__)


def start_safety(store: Store, parent=None):
    """Take the single-writer lock before the database is shown.

    Returns (session, store). When another svdesk window has the database, or its folder cannot
    be written, the user is told why and offered to open it read-only: then session is None and
    store is a read-only one; (None, None) when they decline. The integrity check and the day's
    first backup come after the window shows the data (check_in_background): on ten years of
    data they take seconds, and the lock already keeps every other writer out.
    """
    from svdesk.safety.errors import SafetyError
    from svdesk.safety.lock import DatabaseInUse, open_read_only
    from svdesk.safety.session import take_lock

    if store.is_postgres:  # shared by several people: no lock; a view-only user reads it
        return _server_safety(store, parent)
    try:
        return take_lock(store.path), store
    except SafetyError as exc:
        title = (
            "This database is already open"
            if isinstance(exc, DatabaseInUse)
            else "svdesk cannot save changes to this database"
        )
        answer = QMessageBox.question(
            parent,
            title,
            f"{exc}\n\nOpen it read-only? You can look at everything, but nothing can be changed.",
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        store.close()
        if answer != QMessageBox.Yes:
            return None, None
        return None, open_read_only(store.path)


def _server_safety(store: Store, parent=None):
    """(None, store) for a PostgreSQL database: nothing to lock or copy on this PC (the server
    keeps order between several people, and its administrator backs it up). A user whose role
    may only view is told so, and the database opens read-only."""
    from svdesk.db.postgres import may_write
    from svdesk.services.store import Store

    if may_write(store.engine):
        return None, store
    QMessageBox.information(
        parent,
        "View only",
        f"Your PostgreSQL user may view and export {store.label} but not change it, so svdesk "
        "opens it read-only. Ask whoever manages the server for editing rights if you need them.",
    )
    assert store.location is not None
    location = store.location
    store.close()
    return None, Store.open_read_only(location)


def check_in_background(window, session, store: Store) -> None:
    """Check the database and make the day's first backup on a worker while the window shows
    the data; problems the check finds are shown with what to do (the window stays open so the
    user can look and restore from a backup). Closing the window waits for the check
    (MainWindow.closeEvent), so the close backup never races the start one."""
    import threading

    from svdesk.safety.session import check_and_back_up
    from svdesk.ui import tasks

    done = threading.Event()

    def work(_cancel):
        try:
            writes = store.version  # before the copy starts: a write during it counts as new
            opened = check_and_back_up(session, store=store, hash_evidence=False)
            opened.writes_at_backup = writes
            return opened
        finally:
            done.set()

    status = window.statusBar()
    status.showMessage(f"{store.path} · checking the data and making today's backup…")
    window.safety_check_done = done
    tasks.run(
        work,
        kind=tasks.Kind.WRITE,
        owner=window,
        on_done=lambda opened: _report_check(window, store, opened),
        on_error=lambda message: log.warning("Start-up check failed: %s", message),
        cancellable=False,  # the close backup waits for it
    )


def _report_check(window, store: Store, opened) -> None:
    import shiboken6

    if not shiboken6.isValid(window) or window.store is not store or not window.isVisible():
        return
    window.statusBar().showMessage(str(store.path))
    if opened.backup is not None and not opened.backup.ok:
        log.warning("Start-up backup failed: %s", opened.backup.message)
    if opened.report.problems:
        box = QMessageBox(
            QMessageBox.Warning,
            "svdesk found a problem with your data",
            "\n\n".join(
                f.title + (f"\nWhat to do: {f.way_forward}" if f.way_forward else "")
                for f in opened.report.problems
            ),
            QMessageBox.Ok,
            window,
        )
        box.setDetailedText(opened.report.text())
        # open(), not exec(): modal to the window all the same, without a nested event loop
        # that held this call (and whatever the event loop runs next) until someone clicked
        # OK; a copy opened without its evidence folder sat there at start-up.
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
