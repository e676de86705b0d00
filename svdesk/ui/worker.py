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
from collections.abc import Callable, Generator

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from svdesk import perf_switches
from svdesk.progress import Cancelled, Progress

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progress = Signal(object)  # Progress
    result = Signal(object)
    error = Signal(str)  # a message for the user; the traceback goes to the log
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
            _running.discard(self)


# Every started worker, until its run() is over. A page or window that started one may be
# deleted first (a File > Open, a closed window): without this reference its Python side would
# go with it, taking the signals object (and the runnable the pool is running) along.
_running: set[Worker] = set()
_frozen = False


def freeze_long_lived() -> None:
    """Take what is in memory once a database is open (modules, classes, the window, the
    database layer) out of the garbage collector's full passes, once per process.

    A full collection is one C call that holds the GIL, so when a worker's allocations set one
    off the GUI thread waits for all of it: those pauses, not long Python stretches, were the
    stalls during exports; frozen, a pass walks only what the work itself made (see
    svdesk.perf_switches for the benchmark). Frozen objects are
    still freed by reference counting; only reference cycles among them would stay. (Other
    points where what exists stays for good freeze too: start-up before its imports, the page
    modules imported, a page's first open.)"""
    global _frozen
    if not _frozen:
        _frozen = True
        perf_switches.freeze_long_lived()


def start(worker: Worker, pool: QThreadPool | None = None) -> Worker:
    _running.add(worker)
    (pool or QThreadPool.globalInstance()).start(worker)
    return worker


_reads_pool: QThreadPool | None = None


def reads_pool() -> QThreadPool:
    """Threads of their own for the short reads pages show (svdesk.ui.reads): a long count or
    export on the global pool (two threads on a 2-core machine) must never keep a page
    waiting for its rows."""
    global _reads_pool
    if _reads_pool is None:
        _reads_pool = QThreadPool()
        _reads_pool.setMaxThreadCount(2)
    return _reads_pool


# Jobs running outside the thread pools (svdesk.ui.child_job: exports in a child process).
outside_pools: set = set()


def idle() -> bool:
    """No background job or read is running (for tests, benchmarks and screenshots)."""
    from svdesk.ui import closing

    pools = [QThreadPool.globalInstance()] + ([_reads_pool] if _reads_pool else [])
    return (
        not outside_pools and not closing.pending() and all(pool.activeThreadCount() == 0 for pool in pools)
    )


def stop_all(msecs: int = 5000) -> None:
    """At the end of the application: ask every running job to stop and wait for them, so none
    reports into objects that are being torn down (their results are not wanted any more)."""
    for running in list(_running):
        running.cancel()
    wait_for_done(msecs)


def wait_for_done(msecs: int) -> None:
    QThreadPool.globalInstance().waitForDone(msecs)
    if _reads_pool is not None:
        _reads_pool.waitForDone(msecs)


def answer(function: Callable, *args, **kwargs):
    """A job (for Worker) that just calls function(*args, **kwargs) and returns its value."""

    def job(_cancel):
        return function(*args, **kwargs)
        yield  # a generator with no progress steps

    return job


def run_with_progress(
    parent,
    title: str,
    job,
    on_result: Callable[[object], None],
    on_error: Callable[[str], None] | None = None,
) -> Worker:
    """Run job in the background behind a progress dialog with a Cancel button."""
    worker = Worker(job)
    show_progress(parent, title, worker, on_result, on_error)
    start(worker)
    return worker


def show_progress(
    parent,
    title: str,
    job,
    on_result: Callable[[object], None],
    on_error: Callable[[str], None] | None = None,
) -> None:
    """A progress dialog with Cancel for a job not yet started that has .signals
    (WorkerSignals) and .cancel(): a Worker, or a svdesk.ui.child_job.ChildJob. parent keeps
    the job alive until it has finished."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

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

    job.signals.progress.connect(progress)
    job.signals.result.connect(on_result)
    job.signals.error.connect(error)
    job.signals.finished.connect(dialog.close)
    dialog.canceled.connect(job.cancel)
    keep = parent.__dict__.setdefault("_svdesk_workers", [])
    keep.append(job)
    job.signals.finished.connect(lambda: keep.remove(job) if job in keep else None)
