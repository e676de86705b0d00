"""Every piece of background work the window starts, run one way (after Anki's aqt/taskman.py).

    tasks.run(work, kind=Kind.READ, owner=page, key="rows",
              on_done=show, on_error=failed, on_progress=step, on_cancelled=stopped)

work is called with a cancel token (a threading.Event) off the GUI thread. It returns its answer,
or it is a core steps generator (svdesk.progress) that yields Progress and returns its answer:
the token is checked between steps and cancelling closes it (Cancelled). Or work is a ChildWork:
a child process (an export) the manager starts and polls here, with the same callbacks. run()
is called on the GUI thread; every callback runs there too, always after run() has returned.

The kind picks the pool: READ (what a page shows: two threads of their own, so a long job never
keeps a page waiting), EXPORT (long work that changes no data: exports, counts, checks; two
threads) and WRITE (anything that changes a database or its files: one thread, so at most one
write runs at a time and writes run in the order asked; reads run beside them).

The one lifetime rule: the manager owns every task from run() until its last callback has run
(or been dropped). Callers keep no worker references to keep work alive (they may keep the
returned Task to cancel it). A task whose owner widget has been destroyed is dropped: none of its
callbacks runs. A key makes "newest answer wins": a newer task with the same owner and key
cancels the older one and the older one's answer is never delivered; busy(owner, key) is true
from asking until the newest answer has been shown, and forget(owner, key) drops what is asked.
A keyed answer is shown on the event loop's turn after the one it arrives in (a first open's read
often returns while the new page is first laid out and painted: showing it then made one stall).

Quitting: stop_all() cancels what can be cancelled, ends child processes at once and waits.
Tasks run with cancellable=False (the backup on close) are never cancelled, and Python waits for
their threads at exit.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import queue
import threading
import time
import traceback
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import GeneratorType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from shiboken6 import Shiboken

from svdesk.progress import Cancelled, Progress

log = logging.getLogger(__name__)

POLL_MS = 40  # how often a child process's messages are collected
# How often the GUI thread collects what the worker threads have finished while any task runs.
# The threads never call Qt: an answer goes into a plain queue that the GUI thread empties on a
# timer. (A Qt signal emitted from a Python worker thread crashed the process, rarely, under
# load in CI: PySide6 6.11, a queued cross-thread emit racing the GUI thread's event loop.)
PUMP_MS = 10


class Kind(enum.Enum):
    READ = "read"
    EXPORT = "export"
    WRITE = "write"


_THREADS = {Kind.READ: 2, Kind.EXPORT: 2, Kind.WRITE: 1}


class Done:
    """A child process's answer (from ChildWork.poll)."""

    def __init__(self, value: Any):
        self.value = value


class Failed:
    """A child process's failure, worded for the user (from ChildWork.poll)."""

    def __init__(self, message: str):
        self.message = message


class ChildWork:
    """Work done in a child process. The manager calls start() on the GUI thread (raising there
    is an error delivered to on_error), then poll() every POLL_MS until done: poll() returns what
    has arrived, each a Progress, Done, Failed or Cancelled (anything else goes to on_message).
    Nothing here may wait on the child."""

    def start(self) -> None:
        raise NotImplementedError

    def poll(self) -> Iterable[object]:
        raise NotImplementedError

    @property
    def done(self) -> bool:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def stop_now(self) -> None:
        """The application is quitting: end the child at once."""
        raise NotImplementedError


class Task:
    """One piece of background work, owned by the manager until its callbacks have run."""

    def __init__(self, work, kind: Kind, owner, key, callbacks: dict, cancellable: bool):
        self.work = work
        self.kind = kind
        self._owner = weakref.ref(owner) if owner is not None else None
        self.scope = (id(owner) if owner is not None else None, key) if key is not None else None
        self.callbacks = callbacks
        self.cancellable = cancellable
        self.cancel_event = threading.Event()
        self.finished = threading.Event()  # the work is over (set on the thread that ran it)
        self.superseded = False  # a newer task with the same key was asked for, or it was forgotten
        self.outcome: tuple[str, Any] | None = None  # a child's answer, until it is done
        # run when the task ends, even dropped (what it showed itself: a progress dialog)
        self.cleanup: list[Callable[[], None]] = []

    @property
    def child(self) -> ChildWork | None:
        return self.work if isinstance(self.work, ChildWork) else None

    def cancel(self) -> None:
        if not self.cancellable:
            return
        self.cancel_event.set()
        if self.child is not None and self.outcome is None:
            self.child.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait (off the GUI thread, or for a thread task) until the work is over."""
        return self.finished.wait(timeout)

    @property
    def live(self) -> bool:
        """Its callbacks may still run: not overtaken, and its owner (if any) not destroyed."""
        if self.superseded:
            return False
        if self._owner is None:
            return True
        owner = self._owner()
        return owner is not None and Shiboken.isValid(owner)


class TaskManager(QObject):
    def __init__(self):
        super().__init__()
        self._pools = {
            kind: ThreadPoolExecutor(count, thread_name_prefix=f"svdesk-{kind.value}")
            for kind, count in _THREADS.items()
        }
        self._running: set[Task] = set()
        self._latest: dict[tuple, Task] = {}
        self._held: list[Task] | None = None  # thread tasks asked for while a page is built
        self._holding = 0
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()  # (task, what, value) from the threads
        self._pump = QTimer(self)
        self._pump.setInterval(PUMP_MS)
        self._pump.timeout.connect(self._collect)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll_children)
        app = QCoreApplication.instance()
        if app is not None:  # the window is closing mid-export: end the children at once
            app.aboutToQuit.connect(self._stop_children)

    # --- asking ---------------------------------------------------------------------------

    def run(
        self,
        work,
        *,
        kind: Kind = Kind.READ,
        owner=None,
        key=None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        on_message: Callable[[object], None] | None = None,
        cancellable: bool = True,
    ) -> Task:
        callbacks = {
            "done": on_done,
            "error": on_error,
            "progress": on_progress,
            "cancelled": on_cancelled,
            "finished": on_finished,
            "message": on_message,
        }
        task = Task(work, kind, owner, key, callbacks, cancellable)
        if task.scope is not None:
            older = self._latest.get(task.scope)
            if older is not None:
                older.superseded = True
                older.cancel()  # its answer is dropped anyway; skip the work if it can
            self._latest[task.scope] = task
        self._running.add(task)
        if not self._pump.isActive():
            self._pump.start()
        child = task.child
        if child is None:
            if self._held is not None:
                self._held.append(task)  # started when the page is built (see held)
            else:
                self._pools[kind].submit(self._run_on_thread, task)
            return task
        try:
            child.start()
        except Exception as exc:  # noqa: BLE001 (the process could not start: say so)
            log.exception("Could not start a child process")
            task.finished.set()
            self._emit(task, "error", str(exc) or exc.__class__.__name__)
            return task
        if not self._timer.isActive():
            self._timer.start()
        return task

    def busy(self, owner, key) -> bool:
        return (id(owner), key) in self._latest

    def hold(self) -> None:
        self._holding += 1
        if self._held is None:
            self._held = []

    def release(self) -> None:
        self._holding = max(0, self._holding - 1)
        if self._holding or self._held is None:
            return
        held, self._held = self._held, None
        for task in held:  # in the order asked (a superseded one ends as it would have)
            self._pools[task.kind].submit(self._run_on_thread, task)

    def forget(self, owner, key) -> None:
        task = self._latest.pop((id(owner), key), None)
        if task is not None:
            task.superseded = True
            task.cancel()

    def idle(self) -> bool:
        return not self._running

    def wait_for_done(self, msecs: int) -> bool:
        """Wait until the work of every thread task is over (not their callbacks: those need
        the event loop). True when none is left running."""
        deadline = time.monotonic() + msecs / 1000
        return all(
            t.wait(max(0.0, deadline - time.monotonic())) for t in list(self._running) if t.child is None
        )

    def stop_all(self, msecs: int = 5000) -> None:
        """At the end of the application: cancel every task that can be, end child processes at
        once (leaving no temporary file) and wait for the threads, so none reports into objects
        being torn down. The backups on close are not cancelled."""
        for task in list(self._running):
            task.cancel()
        self._stop_children()
        self.wait_for_done(msecs)

    def _stop_children(self) -> None:
        for task in list(self._running):
            child = task.child
            if child is not None and not child.done and not task.finished.is_set():
                child.stop_now()
                task.finished.set()
                self._end(task, ("cancelled", None))

    # --- on the worker threads ---------------------------------------------------------------

    def _emit(self, task: Task, what: str, value=None) -> None:
        """From any thread: no Qt call, only the queue the GUI thread collects (_collect)."""
        self._inbox.put((task, what, value))

    def _run_on_thread(self, task: Task) -> None:
        what, value = "done", None
        try:
            if task.cancel_event.is_set():
                raise Cancelled()
            value = task.work(task.cancel_event)
            if isinstance(value, GeneratorType):
                value = self._drain(task, value)
        except Cancelled:
            what = "cancelled"
        except Exception as exc:  # reported to the user, logged in full
            log.error("Background task failed:\n%s", traceback.format_exc())
            what, value = "error", str(exc) or exc.__class__.__name__
        finally:
            task.finished.set()
        self._emit(task, what, value)

    def _drain(self, task: Task, steps):
        while True:
            try:
                item = next(steps)
            except StopIteration as stop:
                return stop.value
            if task.cancel_event.is_set():
                steps.close()
                raise Cancelled()
            if isinstance(item, Progress) and task.callbacks["progress"] is not None:
                self._emit(task, "progress", item)

    # --- on the GUI thread -------------------------------------------------------------------

    def _collect(self) -> None:
        """Deliver what the threads have put in the queue; the timer stops once nothing runs."""
        while True:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            self._delivered(item)
        if not self._running and self._inbox.empty():
            self._pump.stop()

    def _delivered(self, item) -> None:
        task, what, value = item
        if what == "progress":
            self._call(task, "progress", value)
        else:
            self._end(task, (what, value))

    def _poll_children(self) -> None:
        children = [t for t in self._running if t.child is not None and not t.finished.is_set()]
        if not children:
            self._timer.stop()
            return
        for task in children:
            child = task.child
            assert child is not None
            for message in child.poll():
                if isinstance(message, Progress):
                    self._call(task, "progress", message)
                elif isinstance(message, Done):
                    task.outcome = ("done", message.value)
                elif isinstance(message, Failed):
                    task.outcome = ("error", message.message)
                elif isinstance(message, Cancelled):
                    task.outcome = ("cancelled", None)
                else:
                    self._call(task, "message", message)
            if child.done and task in self._running:
                task.finished.set()
                self._end(task, task.outcome or ("cancelled", None))

    def _end(self, task: Task, outcome: tuple[str, Any]) -> None:
        what, value = outcome
        if what == "done" and task.scope is not None and task.live:
            # shown on the next turn; still busy (and droppable) until then
            QTimer.singleShot(0, lambda: self._settle(task, outcome))
            return
        self._settle(task, outcome)

    def _settle(self, task: Task, outcome: tuple[str, Any]) -> None:
        if task not in self._running:
            return
        self._running.discard(task)
        live = task.live  # before the key is let go (a dropped answer stays dropped)
        if task.scope is not None and self._latest.get(task.scope) is task:
            del self._latest[task.scope]
        for cleanup in task.cleanup:
            cleanup()
        if not live:
            return
        what, value = outcome
        try:
            if what == "cancelled":
                self._call(task, "cancelled")
            else:
                self._call(task, what, value)
        finally:
            self._call(task, "finished")

    def _call(self, task: Task, what: str, *args) -> None:
        callback = task.callbacks[what]
        if callback is not None and task.live:
            callback(*args)


_manager: TaskManager | None = None


def manager() -> TaskManager:
    """The one task manager (made on the GUI thread on first use)."""
    global _manager
    if _manager is None:
        _manager = TaskManager()
    return _manager


def run(work, **options) -> Task:
    """Run work in the background; see the module docstring and TaskManager.run."""
    return manager().run(work, **options)


def busy(owner, key) -> bool:
    return manager().busy(owner, key)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Background reads asked for inside the block start as it ends, all together.

    A page asks for its rows while it is being built; a worker thread that starts reading then
    takes the GIL from the GUI thread at every call from Qt into Python the build makes (each
    widget's event filter, each cell and heading asked for), stretching the build. Started once
    the page is built, the reads run while the page is laid out and painted, as before, and their
    answers arrive after it, as before. Processes (exports) are not held."""
    manager().hold()
    try:
        yield
    finally:
        manager().release()


def forget(owner, key) -> None:
    manager().forget(owner, key)


def idle() -> bool:
    """No task is running or waiting for its callbacks (tests, benchmarks and screenshots)."""
    return _manager is None or _manager.idle()


def wait_for_done(msecs: int) -> bool:
    return _manager is None or _manager.wait_for_done(msecs)


def stop_all(msecs: int = 5000) -> None:
    if _manager is not None:
        _manager.stop_all(msecs)


def newest(
    owner,
    key,
    read: Callable[[], Any],
    show: Callable[[Any], None],
    failed: Callable[[str], None] | None = None,
) -> Task:
    """What a page shows, read off the GUI thread, the newest answer winning: read() is a
    plain function of the store and of filters captured on the GUI thread; show(answer) runs
    unless a newer read with the same owner and key was asked for since, or the owner is gone."""
    return run(lambda _cancel: read(), kind=Kind.READ, owner=owner, key=key, on_done=show, on_error=failed)


def call(function: Callable, *args, **kwargs) -> Callable:
    """Work that calls function(*args, **kwargs) and answers its value."""
    return lambda _cancel: function(*args, **kwargs)


def run_with_progress(
    parent,
    title: str,
    work,
    on_done: Callable[[Any], None],
    on_error: Callable[[str], None] | None = None,
    *,
    kind: Kind = Kind.EXPORT,
    on_cancelled: Callable[[], None] | None = None,
    on_message: Callable[[object], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    key=None,
) -> Task:
    """Run work behind a progress dialog with a Cancel button, owned by parent (the dialog
    closes when the task ends, even when its answer is dropped); an error with no on_error is
    shown in a message box."""
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
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

    task = run(
        work,
        kind=kind,
        owner=parent,
        key=key,
        on_done=on_done,
        on_error=error,
        on_progress=progress,
        on_cancelled=on_cancelled,
        on_finished=on_finished,
        on_message=on_message,
    )
    task.cleanup.append(lambda: dialog.close() if Shiboken.isValid(dialog) else None)
    dialog.canceled.connect(task.cancel)
    return task
