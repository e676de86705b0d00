"""Background reads (svdesk.ui.tasks.newest): a result is shown on the event loop's turn after
the one it arrives in, and a read overtaken before then is dropped."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from svdesk.ui import tasks


def _after_arrival(callback):
    """Call back in the turn an answer arrives, after the manager's own handling of it (the
    GUI thread collects the threads' answers from a queue: TaskManager._collect)."""
    manager = tasks.manager()
    calls = []
    handle = manager._delivered

    def arrived(item):
        handle(item)
        task, what, _value = item
        if what == "done" and not calls:
            calls.append(task)
            callback()

    manager._delivered = arrived  # type: ignore[method-assign]
    return lambda: delattr(manager, "_delivered")


def test_a_read_is_shown_on_the_turn_after_it_arrives(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    go = threading.Event()
    shown, arrived = [], []
    tasks.newest(owner, "rows", lambda: go.wait(10) and "rows", shown.append)
    disconnect = _after_arrival(lambda: arrived.append((list(shown), tasks.busy(owner, "rows"))))
    try:
        go.set()
        qtbot.waitUntil(lambda: bool(arrived), timeout=10_000)
        assert arrived == [([], True)]  # arrived, and not shown in that turn
        qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
        assert shown == ["rows"] and not tasks.busy(owner, "rows")
    finally:
        disconnect()


def test_a_read_overtaken_before_its_turn_to_be_shown_is_dropped(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    go = threading.Event()
    shown = []
    tasks.newest(owner, "rows", lambda: go.wait(10) and "old", shown.append)
    # asked before "old" shows
    disconnect = _after_arrival(lambda: tasks.newest(owner, "rows", lambda: "new", shown.append))
    try:
        go.set()
        qtbot.waitUntil(lambda: bool(shown) and not tasks.busy(owner, "rows"), timeout=10_000)
        qtbot.waitUntil(tasks.idle, timeout=10_000)
        assert shown == ["new"]
    finally:
        disconnect()
