"""Exports in a child process, seen from the window.

ChildJob starts svdesk.exports.child.ChildExport and a QTimer that turns what the child has sent
into the signals a svdesk.ui.worker.Worker gives (progress, result, error, cancelled, finished),
so the same progress dialog and Cancel button serve it. Nothing here waits on the child: each
tick only collects what has already arrived.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.child import ChildExport, Failed, Finished
from svdesk.progress import Progress
from svdesk.ui import worker

log = logging.getLogger(__name__)

POLL_MS = 40


class ChildJob(QObject):
    def __init__(self, store, req: ExportRequest, out: Path | str):
        super().__init__()
        self.signals = worker.WorkerSignals()
        self.store, self.req, self.out = store, req, Path(out)
        self.export: ChildExport | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    def start(self) -> "ChildJob":
        try:
            self.export = ChildExport(self.store, self.req, self.out)
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

    def _poll(self) -> None:
        for message in self.export.messages():
            if isinstance(message, Progress):
                self.signals.progress.emit(message)
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


def export_with_progress(parent, title: str, store, req: ExportRequest, out: Path | str,
                         on_result: Callable[[object], None],
                         on_error: Callable[[str], None] | None = None) -> ChildJob:
    """Export in a child process behind the same progress dialog and Cancel as any job."""
    job = ChildJob(store, req, out)
    worker.show_progress(parent, title, job, on_result, on_error)
    return job.start()
