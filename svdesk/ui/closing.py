"""Closing a database: the backup on close runs after the window has gone, off the GUI thread.

Copying ten years of data takes seconds. Done in the window's closeEvent it froze whatever
window was left (File ▸ Open shows the new window first, then closes the old one) and kept a
closing window painted but dead. Now the window hides at once and the copy runs as a write task
(svdesk.ui.tasks); the application stays alive until it is done (quitting waits for it), a failure is
shown once it is known, and the database's lock is released only after the copy.

When nothing was written since this session's own start-up backup, no copy is made at all
(svdesk.safety.session.close_session with changed=False).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from svdesk.services import figures_snapshot
from svdesk.ui import tasks

log = logging.getLogger(__name__)

_pending: dict[Path, tasks.Task] = {}  # database -> its close, until that has reported


def _on_finished(path: Path, outcome) -> None:
    app = QApplication.instance()
    if outcome is None or not outcome.ok:
        message = (
            outcome.message
            if outcome is not None
            else ("The backup on close did not finish; the details are in the log.")
        )
        log.warning("Backup on close of %s failed: %s", path, message)
        QMessageBox.warning(None, "Backup on close", message)
    if not _pending and app is not None:
        app.setQuitOnLastWindowClosed(True)
        if not any(w.isVisible() for w in QApplication.topLevelWidgets()):
            app.quit()  # the last window went while the copy ran


def close_in_background(
    session, writes_now: int | None, check_done: threading.Event | None = None, store=None
) -> None:
    """Wait for the start-up check (if it still runs), back up on close unless nothing was
    written since this session's start-up backup, and release the lock: a write task (never
    cancelled, and Python waits for it at exit), while the application keeps running until it
    is done.

    writes_now: the window's count of changing writes (Store.version) as it closed; None when
    it had no store. store: closed once the copy is made (the check may still be reading)."""
    from svdesk.safety.session import close_session

    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)
    path = session.path

    def work(_cancel):
        outcome = None
        try:
            if check_done is not None:  # the start-up check and backup first
                check_done.wait(600)
            # The dashboard's figures are kept for the next start only if nothing was written
            # since they were counted (svdesk.services.figures_snapshot). Then the store closes
            # and they are sealed now, while the lock still keeps every other svdesk writer out
            # (the copy below reads the file by its path and leaves it as it is).
            if figures_snapshot.unchanged_since_count(getattr(store, "path", None), writes_now):
                store.close()
                _seal_figures(store.path)
            changed = (
                writes_now is None
                or session.writes_at_backup is None
                or writes_now != session.writes_at_backup
            )
            outcome = close_session(session, changed=changed)
            log.info("Closed %s: %s", path, outcome.message)
        except Exception:  # noqa: BLE001 (close_session never raises; the log has it if it did)
            log.exception("Backup on close of %s failed", path)
        finally:
            if store is not None:
                store.close()  # again when sealed above: closing a closed store does nothing
                figures_snapshot.forget(getattr(store, "path", None))
        return outcome

    def finished(outcome) -> None:
        _pending.pop(path, None)
        # after the answer's own turn of the event loop, so a box cannot interrupt a close
        QTimer.singleShot(0, lambda: _on_finished(path, outcome))

    _pending[path] = tasks.run(work, kind=tasks.Kind.WRITE, on_done=finished, cancellable=False)


def _seal_figures(path: Path) -> None:
    try:
        figures_snapshot.seal(path)
    except OSError:  # only a quicker next start is lost
        log.warning("Could not keep the dashboard's figures for the next start", exc_info=True)


def wait_for(path: Path, timeout: float | None = 300.0) -> bool:
    """Wait until the close of path (if one is running) is done: opening the same database
    again needs its lock. True when nothing is pending for it any more."""
    task = _pending.get(Path(path).expanduser().resolve())
    return task is None or task.wait(timeout)


def wait_for_all(timeout: float = 300.0) -> bool:
    """Wait for every close that is running (tests; the end of the application)."""
    return all(task.wait(timeout) for task in list(_pending.values()))


def pending() -> list[Path]:
    return list(_pending)
