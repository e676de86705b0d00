"""Once a database is open, what is in memory is kept out of the garbage collector's full
passes, which hold the GIL and so stall the window even when the work runs in a worker."""

from __future__ import annotations

import gc

from svdesk.ui import main_window, tasks
from svdesk.ui.main_window import MainWindow


def test_opening_a_database_freezes_the_long_lived_heap_once(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(main_window, "_frozen", False)
    gc.unfreeze()  # as if this were the first window of the process
    before = len(gc.get_objects())
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    frozen = gc.get_freeze_count()
    assert frozen >= before  # everything up to the open window, the store's too
    window.attach_store(demo_store)  # a later attach (another database) freezes no more
    assert gc.get_freeze_count() <= frozen  # (frozen objects freed since make it smaller)


def test_a_first_open_of_a_page_freezes_what_is_in_memory_and_a_revisit_does_not(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    qtbot.waitUntil(tasks.idle, timeout=30_000)  # the page modules' import (it freezes too)
    held = [[] for _ in range(5000)]  # stands for the pages and rows built so far
    before = gc.get_freeze_count()
    window.show_area("contracts")  # first open
    after = gc.get_freeze_count()
    assert after >= before + len(held)
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    window.show_area("dashboard")
    more = [[] for _ in range(5000)]
    window.show_area("contracts")  # built already: nothing more frozen
    assert gc.get_freeze_count() < after + len(more) and held and more


def test_the_gui_thread_waits_at_most_a_millisecond_for_the_gil():
    import sys

    from svdesk.ui.app import create_application

    default = sys.getswitchinterval()
    try:
        create_application()
        assert sys.getswitchinterval() <= 0.001
    finally:
        sys.setswitchinterval(default)
