"""Exports in a child process, seen from the window: a task of svdesk.ui.tasks like any other.

ExportChild is the ChildWork for svdesk.exports.child.ChildExport: the task manager starts it and
polls it, and its progress, answer, failure and cancel reach the same callbacks (and the same
progress dialog and Cancel button) as work on a thread. With confirm, the child runs the
ready-to-send check on the report it has built and, if the check finds anything, the task's
on_message gets the NeedsConfirmation; the window answers go_on() or cancel(). The report is
built once.

StandbyKeeper keeps one svdesk.exports.child.Standby ready for a page's next export (the
Reports page: from when it is first shown), started as a task so the window never waits for a
process to start; the export takes it, and the next one is started when that export has
finished. close() ends the one waiting (the page closes or is destroyed, the application quits).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.child import CANCELLED, ChildExport, Failed, Finished, NeedsConfirmation, Standby
from svdesk.progress import Cancelled, Progress
from svdesk.ui import tasks

log = logging.getLogger(__name__)


class StandbyKeeper:
    """One standby export child kept ready; thread-safe (it is started off the GUI thread)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._standby: Standby | None = None
        self._starting: tasks.Task | None = None
        self._closed = False

    @property
    def standby(self) -> Standby | None:
        """The one waiting, if any (None while it is being started)."""
        return self._standby

    def warm(self, *_args) -> None:
        """Start a standby in the background, unless one is waiting or starting."""
        with self._lock:
            if (
                self._closed
                or (self._starting is not None and not self._starting.finished.is_set())
                or (self._standby is not None and self._standby.ready)
            ):
                return
            self._starting = tasks.run(self._start, kind=tasks.Kind.EXPORT)

    def _start(self, _cancel) -> None:
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
            starting = self._starting
        if starting is not None:
            starting.wait(5.0)  # starting one takes milliseconds; it stops it itself
        if standby is not None:
            standby.stop()


class ExportChild(tasks.ChildWork):
    """An export in a child process, as work for the task manager."""

    def __init__(self, store, req: ExportRequest, out: Path | str, standby=None, confirm=False):
        self.store, self.req, self.out = store, req, Path(out)
        self.standby = standby
        self.confirm = confirm
        self.export: ChildExport | None = None

    def start(self) -> None:
        self.export = ChildExport(self.store, self.req, self.out, standby=self.standby, confirm=self.confirm)

    def poll(self) -> list[object]:
        assert self.export is not None
        got: list[object] = []
        for message in self.export.messages():
            if isinstance(message, (Progress, NeedsConfirmation)):
                got.append(message)
            elif isinstance(message, Finished):
                got.append(tasks.Done(message.result))
            elif isinstance(message, Failed):
                if message.details:
                    log.error("The export failed in its process:\n%s", message.details)
                got.append(tasks.Failed(message.message))
            elif message == CANCELLED:
                got.append(Cancelled())
        return got

    @property
    def done(self) -> bool:
        return self.export is not None and self.export.done

    def cancel(self) -> None:
        if self.export is not None:
            self.export.cancel()

    def go_on(self) -> None:
        """Write the export the ready-to-send check found something in."""
        if self.export is not None:
            self.export.go_on()

    def stop_now(self) -> None:
        """The window is closing mid-export: end the child and leave no temporary file."""
        if self.export is not None:
            self.export.stop_now()


def export_with_progress(
    parent,
    title: str,
    store,
    req: ExportRequest,
    out: Path | str,
    on_done: Callable[[object], None],
    on_error: Callable[[str], None] | None = None,
    keeper: StandbyKeeper | None = None,
    on_confirm: Callable[[tasks.Task, object], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> tasks.Task:
    """Export in a child process behind the same progress dialog and Cancel as any task: the
    keeper's standby when it has one ready, and then it starts the next. on_confirm(task,
    readiness): given, the child checks the report is ready to send and, when the check finds
    anything, waits for on_confirm to call task.work.go_on() or task.cancel()."""
    work = ExportChild(
        store, req, out, keeper.take() if keeper is not None else None, confirm=on_confirm is not None
    )
    holder: list[tasks.Task] = []

    def message(item) -> None:
        if isinstance(item, NeedsConfirmation) and on_confirm is not None:
            on_confirm(holder[0], item.readiness)

    task = tasks.run_with_progress(
        parent,
        title,
        work,
        on_done,
        on_error,
        on_cancelled=on_cancelled,
        on_message=message,
        # the next standby once this export is over, however it ended
        on_finished=keeper.warm if keeper is not None else None,
    )
    holder.append(task)
    return task
