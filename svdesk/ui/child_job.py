"""Exports in a child process, seen from the window.

ChildJob starts svdesk.exports.child.ChildExport and a QTimer that turns what the child has sent
into the signals a svdesk.ui.worker.Worker gives (progress, result, error, cancelled, finished),
so the same progress dialog and Cancel button serve it. Nothing here waits on the child: each
tick only collects what has already arrived. With confirm, the child runs the ready-to-send
check on the report it has built and, if the check finds anything, ChildJob emits
needs_confirmation(readiness); the window answers go_on() or cancel(). The report is built once.

StandbyKeeper keeps one svdesk.exports.child.Standby ready for a page's next export (the
Reports page: from when it is first shown), started on a thread of its own so the window never
waits for a process to start; the export takes it, and the next one is started when that
export has finished. close() ends the one waiting (the page closes or is destroyed, the
application quits).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.child import ChildExport, Failed, Finished, NeedsConfirmation, Standby
from svdesk.progress import Progress
from svdesk.ui import worker

log = logging.getLogger(__name__)

POLL_MS = 40


class StandbyKeeper:
    """One standby export child kept ready; thread-safe (it is started on a thread)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._standby: Standby | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def standby(self) -> Standby | None:
        """The one waiting, if any (None while it is being started)."""
        return self._standby

    def warm(self) -> None:
        """Start a standby in the background, unless one is waiting or starting."""
        with self._lock:
            if (
                self._closed
                or (self._thread is not None and self._thread.is_alive())
                or (self._standby is not None and self._standby.ready)
            ):
                return
            self._thread = threading.Thread(target=self._start, daemon=True, name="svdesk export standby")
            self._thread.start()

    def _start(self) -> None:
        try:
            standby = Standby()
        except Exception:  # noqa: BLE001 (no standby: the next export starts its own child)
            log.exception("Could not start a standby export process")
            return
        with self._lock:
            if self._closed:
                stale = standby
            else:
                stale, self._standby = self._standby, standby
        if stale is not None:
            stale.stop()

    def take(self) -> Standby | None:
        """The standby for an export about to start (None: it starts a child of its own)."""
        with self._lock:
            standby, self._standby = self._standby, None
        if standby is not None and not standby.ready:
            standby.stop()
            return None
        return standby

    def close(self, *_args) -> None:
        """End the standby waiting and start no more."""
        with self._lock:
            self._closed = True
            standby, self._standby = self._standby, None
            thread = self._thread
        if thread is not None:
            thread.join(5.0)  # starting one takes milliseconds; it stops it itself
        if standby is not None:
            standby.stop()


class ChildJob(QObject):
    needs_confirmation = Signal(object)  # svdesk.exports.readiness.Readiness

    def __init__(
        self,
        store,
        req: ExportRequest,
        out: Path | str,
        standby: Standby | None = None,
        confirm: bool = False,
    ):
        super().__init__()
        self.signals = worker.WorkerSignals()
        self.store, self.req, self.out = store, req, Path(out)
        self.standby = standby
        self.confirm = confirm
        self.export: ChildExport | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    def start(self) -> ChildJob:
        try:
            self.export = ChildExport(
                self.store, self.req, self.out, standby=self.standby, confirm=self.confirm
            )
        except Exception as exc:  # noqa: BLE001 (the process could not start: say so)
            log.exception("Could not start the export's process")
            self.signals.error.emit(str(exc) or exc.__class__.__name__)
            self.signals.finished.emit()
            return self
        worker.outside_pools.add(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._stop_now)
        self.timer.start()
        return self

    def cancel(self) -> None:
        if self.export is not None:
            self.export.cancel()

    def go_on(self) -> None:
        """Write the export the ready-to-send check found something in."""
        if self.export is not None:
            self.export.go_on()

    def _poll(self) -> None:
        for message in self.export.messages():
            if isinstance(message, Progress):
                self.signals.progress.emit(message)
            elif isinstance(message, NeedsConfirmation):
                self.needs_confirmation.emit(message.readiness)
            elif isinstance(message, Finished):
                self.signals.result.emit(message.result)
            elif isinstance(message, Failed):
                if message.details:
                    log.error("The export failed in its process:\n%s", message.details)
                self.signals.error.emit(message.message)
            else:
                self.signals.cancelled.emit()
        if self.export.done:
            self._ended()

    def _stop_now(self) -> None:
        """The window is closing mid-export: end the child and leave no temporary file."""
        if self.export is not None and not self.export.done:
            self.export.stop_now()
            self._ended()

    def _ended(self) -> None:
        self.timer.stop()
        worker.outside_pools.discard(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.disconnect(self._stop_now)
        self.signals.finished.emit()


def export_with_progress(
    parent,
    title: str,
    store,
    req: ExportRequest,
    out: Path | str,
    on_result: Callable[[object], None],
    on_error: Callable[[str], None] | None = None,
    keeper: StandbyKeeper | None = None,
    on_confirm: Callable[[ChildJob, object], None] | None = None,
) -> ChildJob:
    """Export in a child process behind the same progress dialog and Cancel as any job: the
    keeper's standby when it has one ready, and then it starts the next. on_confirm(job,
    readiness): given, the child checks the report is ready to send and, when the check finds
    anything, waits for on_confirm to call job.go_on() or job.cancel()."""
    job = ChildJob(
        store, req, out, keeper.take() if keeper is not None else None, confirm=on_confirm is not None
    )
    if on_confirm is not None:
        job.needs_confirmation.connect(lambda readiness: on_confirm(job, readiness))
    if keeper is not None:
        job.signals.finished.connect(keeper.warm)
    worker.show_progress(parent, title, job, on_result, on_error)
    return job.start()
