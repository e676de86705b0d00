"""Read what a page shows off the GUI thread, and show only the newest answer.

A page asks for a read (a plain function of the store and of filters captured on the GUI
thread, run by svdesk.ui.worker on threads kept for such reads) and says how to show its
result. A read overtaken by a newer one is cancelled and its result dropped; a result that
arrives after the page's widget has been deleted touches nothing. So typing in a search box,
sorting, or leaving the page while a read runs can never show stale rows or reach a deleted
widget. A result is shown on the event loop's turn after the one it arrives in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from shiboken6 import Shiboken

from svdesk.progress import Progress
from svdesk.ui.worker import Worker, reads_pool, start


def store_stamp(store) -> tuple:
    """What a page's rows depend on besides its filters: the store's version (it goes up with
    every commit that changes rows) and the day ("so far" figures move at midnight). A page that
    keeps the stamp of its last read skips reading again on a visit when nothing changed."""
    return (store.version, date.today())


class BackgroundReads:
    def __init__(self, owner):
        self.owner = owner  # the widget that shows the results
        self._asked = 0  # the newest read asked for
        self._shown = 0  # the newest read shown (or failed)
        self._workers: list[Worker] = []  # kept alive until each finishes

    @property
    def busy(self) -> bool:
        """True from asking for a read until its result (or error) has been shown."""
        return self._shown != self._asked

    def forget(self) -> None:
        """Drop whatever is still being read: nothing asked for so far will be shown."""
        for worker in self._workers:
            worker.cancel()
        self._asked += 1
        self._shown = self._asked

    def run(
        self,
        read: Callable[[], Any],
        show: Callable[[Any], None],
        failed: Callable[[str], None] | None = None,
    ) -> None:
        for worker in self._workers:
            worker.cancel()  # its result is dropped anyway; skip the work if it can
        self._asked += 1
        asked = self._asked

        def job(_cancel):
            yield Progress(0, None, "Reading…")
            return read()

        def current() -> bool:
            return asked == self._asked and Shiboken.isValid(self.owner)

        def shown(result) -> None:
            # Shown on the event loop's next turn, not in the one the result arrives in: a first
            # open's read often returns while the new page is first laid out and painted, and
            # showing its rows in that same turn made one long stall of the two.
            if current():
                QTimer.singleShot(0, lambda: show_now(result))

        def show_now(result) -> None:
            if current():
                self._shown = asked
                show(result)

        def error(message: str) -> None:
            if current():
                self._shown = asked
                if failed is not None:
                    failed(message)

        worker = Worker(job)
        worker.signals.result.connect(shown)
        worker.signals.error.connect(error)
        worker.signals.finished.connect(
            lambda: self._workers.remove(worker) if worker in self._workers else None
        )
        self._workers.append(worker)
        start(worker, reads_pool())
