"""Showing what others changed: View > Refresh (F5), and a quiet look every 30 seconds.

Several people may work on one PostgreSQL database (or the command line may write to the file
under an open window). While the window is the active one, every 30 seconds it asks for the
change stamp (svdesk.services.change_stamp: one index look-up, so it runs on the GUI thread);
when it moved because of someone else, the store's version goes up (Store.note_outside_change)
and the page on screen reads again, as after a local edit, with a quiet status message
("Updated with changes from anna (on OFFICE-PC2)"). A record open in a dialog is not touched:
its save checks the row's version and asks if someone else saved it meanwhile
(svdesk.ui.dialogs.conflict_dialog). View > Refresh does the same at once.

attach(window, store): the main window calls it when a database is open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow
from sqlalchemy.exc import SQLAlchemyError

from svdesk.db.engine import driver_errors
from svdesk.models.audit import watch_written
from svdesk.services.change_stamp import MARGIN, current_stamp, newest_id, who_am_i

INTERVAL_MS = 30_000


class OutsideChanges(QObject):
    def __init__(self, window: QMainWindow, store):
        super().__init__(window)
        self.window = window
        self.store = store
        self.me = who_am_i(store)
        self.mine = watch_written(store.engine)  # ids of the audit rows written through store
        self.seen = newest_id(store)
        self.handled = {i for i, _ in current_stamp(store, max(0, self.seen - MARGIN)).rows}
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        if self.window.isActiveWindow():  # not behind another program, nor under a dialog
            self.check()

    def check(self, *, asked: bool = False) -> bool:
        """Reload the page on screen if someone else changed the database; whether it did."""
        try:
            stamp = current_stamp(self.store, max(0, self.seen - MARGIN))
        except (SQLAlchemyError, *driver_errors()):
            if asked:
                self.window.statusBar().showMessage(
                    "Could not check for changes just now (the database did not answer). "
                    "What you see is as it was.",
                    8000,
                )
            return False  # the server is away for a moment: try again next time
        fresh = [row for row in stamp.others(self.mine) if row[0] not in self.handled]
        self.seen = max(self.seen, stamp.newest)
        self.handled = {i for i, _ in stamp.rows}  # the window read next time
        floor = self.seen - MARGIN  # ids at or below it are never read again
        self.mine.difference_update([i for i in self.mine if i <= floor])
        outside = bool(fresh)
        if outside or asked:  # asked: read everything again, whatever the look says
            self.store.note_outside_change()
        page = self.window.stack.currentWidget() if hasattr(self.window, "stack") else None
        # A page with typing not yet saved (a bid's answer) is left alone: reading it again
        # would replace the typing. Its save checks the version and asks if need be.
        editing = page is not None and hasattr(page, "is_dirty") and page.is_dirty()
        if (outside or asked) and not editing and page is not None and hasattr(page, "refresh"):
            page.refresh()
        if outside:
            others = [user for _, user in fresh if user != self.me]
            # no other user: this person's other window, or a command or job run elsewhere
            who = others[-1] if others else "elsewhere under your name"
            by = f"from {who}" if others else who
            self.window.statusBar().showMessage(
                f"Changes were saved {by}: save yours on this page, then press F5 to see them."
                if editing
                else f"Updated with changes {by}.",
                10000,
            )
        elif asked and editing:
            self.window.statusBar().showMessage("Save your changes on this page first, then press F5.", 8000)
        elif asked:
            self.window.statusBar().showMessage(
                "Refreshed: no one else has changed anything since the last look.", 5000
            )
        return outside

    def stop(self) -> None:
        self.timer.stop()


def attach(window: QMainWindow, store) -> OutsideChanges:
    """Start watching this database for others' changes; View > Refresh (F5) checks at once.
    Again on switching databases (the old watcher stops)."""
    old = getattr(window, "outside_changes", None)
    if old is not None:
        old.stop()
        old.deleteLater()
    watcher = window.outside_changes = OutsideChanges(window, store)
    action = getattr(window, "refresh_action", None)
    if action is None:
        action = window.refresh_action = QAction("&Refresh", window)
        action.setShortcut(QKeySequence("F5"))
        action.setToolTip("Show the latest data, including changes other people have saved")
        menu = getattr(window, "view_menu", None)
        if menu is not None:
            first = menu.actions()[0] if menu.actions() else None
            menu.insertAction(first, action)
            if first is not None:
                menu.insertSeparator(first)
        window.addAction(action)  # works with the menu bar hidden
        # the window's watcher of the moment (attach runs again on switching databases)
        action.triggered.connect(lambda _=False: window.outside_changes.check(asked=True))
    return watcher


__all__ = ["INTERVAL_MS", "OutsideChanges", "attach"]
