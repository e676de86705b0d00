"""Run long core jobs off the GUI thread, with progress and cancel.

A job is a core generator that yields Progress(done, total, message) and returns its result:

    def import_spend(store, path, cancel) -> Generator[Progress, None, ImportResult]: ...

Worker runs it in the global QThreadPool and reports progress, result and error as signals; the
window never freezes. Cancelling sets a flag the generator checks between steps.
"""

from __future__ import annotations

import logging
import threading
import traceback
from typing import Callable, Generator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from svdesk.progress import Cancelled, Progress

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progress = Signal(object)   # Progress
    result = Signal(object)
    error = Signal(str)         # a message for the user; the traceback goes to the log
    cancelled = Signal()
    finished = Signal()


class Worker(QRunnable):
    def __init__(self, job: Callable[[threading.Event], Generator[Progress, None, object]]):
        super().__init__()
        self.job = job
        self.cancel_event = threading.Event()
        self.signals = WorkerSignals()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        try:
            gen = self.job(self.cancel_event)
            result = None
            try:
                while True:
                    item = next(gen)
                    if self.cancel_event.is_set():
                        gen.close()
                        raise Cancelled()
                    self.signals.progress.emit(item)
            except StopIteration as stop:
                result = stop.value
            self.signals.result.emit(result)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the user, logged in full
            log.error("Background job failed:\n%s", traceback.format_exc())
            self.signals.error.emit(str(exc) or exc.__class__.__name__)
        finally:
            self.signals.finished.emit()


def start(worker: Worker) -> Worker:
    QThreadPool.globalInstance().start(worker)
    return worker


_RUNNING: set[Worker] = set()


class Latest:
    """One kind of background question a widget asks, of which only the newest answer counts.

    run() starts a job; its result (or error) reaches the callback only if no newer run() was
    made since and the owner widget still exists, so a slow answer never overwrites a newer
    one or touches a closed page.
    """

    def __init__(self, owner):
        self.owner = owner
        self.generation = 0
        self.busy = False

    def run(self, job, on_result: Callable[[object], None],
            on_error: Callable[[str], None] | None = None) -> Worker:
        from shiboken6 import Shiboken

        self.generation += 1
        generation = self.generation
        self.busy = True

        def current() -> bool:
            return generation == self.generation and Shiboken.isValid(self.owner)

        def result(value) -> None:
            if current():
                self.busy = False
                on_result(value)

        def error(message: str) -> None:
            if current():
                self.busy = False
                if on_error is not None:
                    on_error(message)

        worker = Worker(job)
        worker.signals.result.connect(result)
        worker.signals.error.connect(error)
        worker.signals.finished.connect(lambda: _RUNNING.discard(worker))
        _RUNNING.add(worker)  # alive until it ends, even if its owner goes first
        return start(worker)

    def forget(self) -> None:
        """Ignore whatever is on its way (the question no longer stands)."""
        self.generation += 1
        self.busy = False


def answer(function: Callable, *args, **kwargs):
    """A job (for Worker) that just calls function(*args, **kwargs) and returns its value."""
    def job(_cancel):
        return function(*args, **kwargs)
        yield  # a generator with no progress steps
    return job


def run_with_progress(parent, title: str, job, on_result: Callable[[object], None],
                      on_error: Callable[[str], None] | None = None) -> Worker:
    """Run job in the background behind a progress dialog with a Cancel button."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = Worker(job)

    def progress(item: Progress) -> None:
        if item.total:
            dialog.setMaximum(item.total)
            dialog.setValue(min(item.done, item.total))
        if item.message:
            dialog.setLabelText(item.message)

    def error(message: str) -> None:
        if on_error:
            on_error(message)
        else:
            QMessageBox.warning(parent, title, message)

    worker.signals.progress.connect(progress)
    worker.signals.result.connect(on_result)
    worker.signals.error.connect(error)
    worker.signals.finished.connect(dialog.close)
    dialog.canceled.connect(worker.cancel)
    keep = parent.__dict__.setdefault("_svdesk_workers", [])
    keep.append(worker)
    worker.signals.finished.connect(lambda: keep.remove(worker) if worker in keep else None)
    start(worker)
    return worker
