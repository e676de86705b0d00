"""Once a database is open, what is in memory is kept out of the garbage collector's full
passes, which hold the GIL and so stall the window even when the work runs in a worker."""

from __future__ import annotations

import gc

from svdesk.ui import worker
from svdesk.ui.main_window import MainWindow


def test_opening_a_database_freezes_the_long_lived_heap_once(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(worker, "_frozen", False)
    gc.unfreeze()                       # as if this were the first window of the process
    before = len(gc.get_objects())
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    frozen = gc.get_freeze_count()
    assert frozen >= before             # everything up to the open window, the store's too
    window.attach_store(demo_store)     # a later attach (another database) freezes no more
    assert gc.get_freeze_count() <= frozen   # (frozen objects freed since make it smaller)
