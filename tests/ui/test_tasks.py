"""The task manager's rules (svdesk.ui.tasks): callbacks on the GUI thread, errors and cancel
delivered, the newest answer wins, a destroyed owner hears nothing, writes one at a time, a
child process behind the same callbacks, and quitting waits."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from svdesk.progress import Cancelled, Progress
from svdesk.ui import tasks


def _widget(qtbot) -> QWidget:
    owner = QWidget()
    qtbot.addWidget(owner)
    return owner


def test_answer_and_progress_reach_the_gui_thread(qtbot):
    got, threads = [], set()
    gui = threading.current_thread()

    def work(_cancel):
        yield Progress(1, 2, "half")
        yield Progress(2, 2, "all")
        return threading.current_thread() is not gui  # it ran off the GUI thread

    def note(kind):
        return lambda *args: (threads.add(threading.current_thread()), got.append((kind, *args)))

    tasks.run(work, on_done=note("done"), on_progress=note("progress"), on_finished=note("finished"))
    assert got == []  # never inside run()
    qtbot.waitUntil(lambda: ("finished",) in got, timeout=10_000)
    assert got == [
        ("progress", Progress(1, 2, "half")),
        ("progress", Progress(2, 2, "all")),
        ("done", True),
        ("finished",),
    ]
    assert threads == {gui}


def test_an_error_is_delivered_in_words_and_nothing_else(qtbot):
    got = []

    def work(_cancel):
        raise ValueError("Row 3, column Amount: not a number")

    tasks.run(work, on_done=got.append, on_error=lambda m: got.append(("error", m)))
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    assert got == [("error", "Row 3, column Amount: not a number")]


def test_cancel_stops_a_job_between_steps(qtbot):
    got, steps, closed = [], [], threading.Event()
    first_step = threading.Event()

    def work(cancel):
        try:
            for n in range(1000):
                steps.append(n)
                yield Progress(n, 1000)
                first_step.set()
                cancel.wait(10)  # the user is about to press Cancel
        finally:
            closed.set()
        return "finished"

    task = tasks.run(
        work, kind=tasks.Kind.EXPORT, on_done=got.append, on_cancelled=lambda: got.append("cancelled")
    )
    assert first_step.wait(10)
    task.cancel()
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    assert got == ["cancelled"] and closed.is_set() and len(steps) < 1000


def test_the_newest_answer_with_a_key_wins_even_when_the_older_comes_last(qtbot):
    owner = _widget(qtbot)
    go, shown = threading.Event(), []
    older = tasks.run(lambda _c: go.wait(10) and "old", owner=owner, key="rows", on_done=shown.append)
    tasks.run(lambda _c: "new", owner=owner, key="rows", on_done=shown.append)
    assert older.cancel_event.is_set()  # told to stop: its answer is not wanted
    qtbot.waitUntil(lambda: shown == ["new"], timeout=10_000)
    go.set()
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    assert shown == ["new"] and not tasks.busy(owner, "rows")
    # the same key on another owner is another question
    other = _widget(qtbot)
    tasks.run(lambda _c: "mine", owner=owner, key="rows", on_done=shown.append)
    tasks.run(lambda _c: "theirs", owner=other, key="rows", on_done=shown.append)
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    assert sorted(shown[1:]) == ["mine", "theirs"]


def test_a_destroyed_owner_gets_no_callback(qtbot):
    owner = QWidget()
    go, got = threading.Event(), []
    tasks.run(
        lambda _c: go.wait(10) and "rows",
        owner=owner,
        on_done=got.append,
        on_error=got.append,
        on_finished=lambda: got.append("finished"),
    )
    Shiboken.delete(owner)  # the page is closed while its read runs
    go.set()
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    assert got == []


def test_writes_run_one_at_a_time_and_reads_run_beside_them(qtbot):
    gate, started, order = threading.Event(), threading.Event(), []

    def first(_cancel):
        started.set()
        gate.wait(10)
        order.append("first write")

    tasks.run(first, kind=tasks.Kind.WRITE)
    tasks.run(lambda _c: order.append("second write"), kind=tasks.Kind.WRITE)
    assert started.wait(10)
    read = []
    tasks.run(lambda _c: "rows", kind=tasks.Kind.READ, on_done=read.append)
    qtbot.waitUntil(lambda: read == ["rows"], timeout=10_000)  # a read while a write runs
    assert order == []  # the second write waits for the first
    gate.set()
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    assert order == ["first write", "second write"]


_COUNTER = """
import sys, time
from pathlib import Path
out, stop = Path(sys.argv[1]), Path(sys.argv[2])
for n in range(1, int(sys.argv[3]) + 1):
    if stop.exists():
        sys.exit(3)
    with out.open("a") as f:
        f.write(f"{n}\\n")
    time.sleep(0.01)
"""


class Counter(tasks.ChildWork):
    """A child process that counts to total, one line a step, and stops when asked."""

    def __init__(self, folder: Path, total: int):
        self.out, self.stop, self.total = folder / "count", folder / "stop", total
        self.seen = 0
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.out.touch()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _COUNTER, str(self.out), str(self.stop), str(self.total)]
        )

    def poll(self):
        assert self.process is not None
        ended = self.process.poll()
        lines = self.out.read_text().split()
        got: list[object] = [Progress(int(n), self.total) for n in lines[self.seen :]]
        self.seen = len(lines)
        if ended == 0:
            got.append(tasks.Done(self.seen))
        elif ended == 3:
            got.append(Cancelled())
        elif ended is not None:
            got.append(tasks.Failed(f"The counter stopped (exit code {ended})"))
        return got

    @property
    def done(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def cancel(self) -> None:
        self.stop.touch()

    def stop_now(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)


def test_a_child_process_reports_progress_and_its_answer(qtbot, tmp_path):
    got = []
    tasks.run(Counter(tmp_path, 5), on_done=lambda n: got.append(("done", n)), on_progress=got.append)
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    assert got == [Progress(n, 5) for n in range(1, 6)] + [("done", 5)]


def test_a_child_process_can_be_cancelled(qtbot, tmp_path):
    got = []
    child = Counter(tmp_path, 100_000)
    task = tasks.run(
        child, on_done=got.append, on_progress=got.append, on_cancelled=lambda: got.append("cancelled")
    )
    qtbot.waitUntil(lambda: len(got) >= 2, timeout=30_000)
    task.cancel()
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    assert got[-1] == "cancelled" and child.process.returncode == 3
    assert all(isinstance(g, Progress) for g in got[:-1])


def test_a_child_that_cannot_start_is_an_error(qtbot, tmp_path):
    class Broken(Counter):
        def start(self) -> None:
            raise OSError("No room to start the export")

    got = []
    (tmp_path / "other").mkdir()
    tasks.run(Counter(tmp_path / "other", 3), on_done=lambda n: got.append(("other", n)))  # polled meanwhile
    tasks.run(Broken(tmp_path, 3), on_done=got.append, on_error=lambda m: got.append(("error", m)))
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    assert sorted(got) == [("error", "No room to start the export"), ("other", 3)]


def test_quitting_cancels_what_it_can_and_waits_for_the_rest(qtbot, tmp_path):
    released, got = threading.Event(), []

    def long_read(cancel):
        try:
            while True:
                yield Progress(0)
                cancel.wait(10)
        finally:
            released.set()  # only a cancel ends it

    def backup_on_close(cancel):
        released.wait(10)
        return cancel.is_set()

    read = tasks.run(long_read, kind=tasks.Kind.EXPORT)
    backup = tasks.run(backup_on_close, kind=tasks.Kind.WRITE, cancellable=False, on_done=got.append)
    child = Counter(tmp_path, 100_000)
    tasks.run(child)
    qtbot.waitUntil(lambda: child.out.read_text() != "", timeout=30_000)
    tasks.stop_all(30_000)  # what the application does when its event loop has ended
    assert read.finished.is_set() and backup.finished.is_set()
    assert child.process.returncode is not None  # ended at once
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    assert got == [False]  # the backup was not cancelled
