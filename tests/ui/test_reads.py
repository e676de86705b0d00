"""Background reads: a result is shown on the event loop's turn after the one it arrives in."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from svdesk.ui.reads import BackgroundReads


def test_a_read_is_shown_on_the_turn_after_it_arrives(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    reads = BackgroundReads(owner)
    go = threading.Event()
    shown, arrived = [], []
    reads.run(lambda: go.wait(10) and "rows", shown.append)
    # after the reads' own slot: what had been shown when the result arrived
    reads._workers[-1].signals.result.connect(lambda _result: arrived.append((list(shown), reads.busy)))
    go.set()
    qtbot.waitUntil(lambda: bool(arrived), timeout=10_000)
    assert arrived == [([], True)]  # arrived, and not shown in that turn
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == ["rows"] and not reads.busy


def test_a_read_overtaken_before_its_turn_to_be_shown_is_dropped(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    reads = BackgroundReads(owner)
    go = threading.Event()
    shown = []
    reads.run(lambda: go.wait(10) and "old", shown.append)
    first = reads._workers[-1]
    first.signals.result.connect(
        lambda _result: reads.run(lambda: "new", shown.append)
    )  # asked before "old" shows
    go.set()
    qtbot.waitUntil(lambda: not reads.busy, timeout=10_000)
    assert shown == ["new"]
