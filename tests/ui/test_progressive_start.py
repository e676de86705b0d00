"""Start-up paints the window frame first, then opens the database (svdesk.ui.app)."""

import sqlite3

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from svdesk.ui import app as app_module
from svdesk.ui import closing, tasks


def test_the_frame_shows_first_then_the_demo_database(qtbot, demo_store):
    path = demo_store.path
    demo_store.close()
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    # Before the first paint: a frame with the navigation, nothing read from the file yet.
    assert window.store is None
    assert not window.nav.isEnabled()
    assert window.show_area("spend") is None
    qtbot.waitUntil(lambda: window.store is not None, timeout=10_000)
    assert window.current_area() == "dashboard"
    assert window.org_label.text() == "Irwell Joinery Ltd"
    assert window.nav.isEnabled() and window.menuBar().isEnabled()
    shortcuts = [a.shortcut().toString() for a in window.actions()]
    assert "Ctrl+3" in shortcuts
    window.show_area("contracts")
    assert window.current_area() == "contracts"
    # The dashboard works out its figures in a worker: let it report before the window goes.
    qtbot.waitUntil(tasks.idle, timeout=20_000)
    qtbot.wait(50)
    window.store.close()
    app_module._windows.remove(window)


def test_a_file_that_cannot_be_opened_goes_to_the_full_flow(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "notes.svdesk"
    bad.write_text("not a database")
    calls, quits = [], []
    monkeypatch.setattr(app_module, "open_window", lambda p, replacing=None: calls.append(p))
    monkeypatch.setattr(QApplication, "quit", lambda *a: quits.append(True))
    window = app_module.open_progressively(bad)
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)
    assert calls == [bad]  # open_window explains the problem to the user
    assert window not in app_module._windows
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5_000)  # frame deleted
    assert quits == [True]  # nothing else to show: the app ends


def test_a_file_without_an_organisation_runs_the_first_run_welcome(qtbot, store, monkeypatch):
    path = store.path
    store.close()
    calls = []
    sentinel = object()
    monkeypatch.setattr(app_module, "open_window", lambda p, replacing=None: calls.append(p) or sentinel)
    window = app_module.open_progressively(path)
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)
    assert calls == [path]
    assert window not in app_module._windows


def _close(window, qtbot):
    qtbot.waitUntil(tasks.idle, timeout=20_000)
    qtbot.wait(50)
    window.close()
    if window in app_module._windows:
        app_module._windows.remove(window)


def test_an_ordinary_start_takes_the_lock_checks_and_backs_up(qtbot, demo_store):
    from svdesk.safety.backup import list_backups
    from svdesk.safety.lock import DatabaseInUse, DatabaseLock, lock_path_for
    from svdesk.services.measures import compute_measures

    path = demo_store.path
    compute_measures(demo_store, None)  # keeps each person's local answer (a write), as the
    demo_store.close()  # first count after setting up does
    assert list_backups(path) == []
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
    assert window.safety_session is not None
    assert window.safety_session.lock.held  # taken before the data shows
    # The check and the day's first backup run after the data is on screen.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == str(path), timeout=20_000)
    assert window.safety_session.report.ok and window.safety_session.backup.ok
    # A second svdesk (here: another lock on the same file) is told the database is in use.
    with pytest.raises(DatabaseInUse):
        DatabaseLock(path).acquire()
    backups = list_backups(path)
    assert len(backups) == 1 and backups[0].automatic  # the day's first backup, at start
    assert "(read-only)" not in window.windowTitle()
    _close(window, qtbot)
    assert closing.wait_for(path, 30)
    assert not lock_path_for(path).exists()  # closing lets the next window in
    # Nothing was written since the start-up backup: closing made no second copy.
    assert [b.path for b in list_backups(path)] == [backups[0].path]


def _opened(qtbot, path):
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: (
            window.store is not None
            and window.safety_check_done is not None
            and window.safety_check_done.is_set()
        ),
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == str(path), timeout=20_000)
    return window


def test_closing_after_a_change_backs_up_after_the_window_has_gone(qtbot, demo_store, monkeypatch):
    import threading

    from svdesk.safety import session as safety_session
    from svdesk.safety.backup import list_backups
    from svdesk.safety.lock import lock_path_for
    from svdesk.services.organisation import get_organisation, save_organisation

    path = demo_store.path
    demo_store.close()
    window = _opened(qtbot, path)
    started = list_backups(path)[0]
    org = get_organisation(window.store)
    org.name = "Irwell Joinery and Shopfitting Ltd"
    save_organisation(window.store, org)  # a change after the start-up backup
    release, copying = threading.Event(), threading.Event()
    real_close = safety_session.close_session

    def slow_close(opened, **kw):  # ten years of data: seconds
        copying.set()
        assert release.wait(20)
        return real_close(opened, **kw)

    monkeypatch.setattr(safety_session, "close_session", slow_close)
    _close(window, qtbot)
    assert not window.isVisible()  # the window went at once
    assert copying.wait(10) and closing.pending() == [path]
    assert lock_path_for(path).exists()  # still held while the copy runs
    assert not QApplication.instance().quitOnLastWindowClosed()  # the app waits for it
    release.set()
    assert closing.wait_for(path, 30)
    qtbot.waitUntil(lambda: not closing.pending(), timeout=5_000)
    assert not lock_path_for(path).exists()
    newest = list_backups(path)
    assert len(newest) == 1 and newest[0].taken >= started.taken  # the day's newest copy
    copy = sqlite3.connect(newest[0].path)
    assert copy.execute("SELECT name FROM organisation").fetchone() == (
        "Irwell Joinery and Shopfitting Ltd",
    )  # ... holding the change
    copy.close()
    assert QApplication.instance().quitOnLastWindowClosed()


def test_opening_a_database_that_is_still_closing_waits_for_its_backup(qtbot, demo_store, monkeypatch):
    import threading

    from svdesk.safety import session as safety_session
    from svdesk.services.organisation import get_organisation, save_organisation

    path = demo_store.path
    demo_store.close()
    window = _opened(qtbot, path)
    org = get_organisation(window.store)
    org.name = "Irwell Joinery and Shopfitting Ltd"
    save_organisation(window.store, org)
    real_close = safety_session.close_session

    def slow_close(opened, **kw):
        threading.Event().wait(1.0)
        return real_close(opened, **kw)

    monkeypatch.setattr(safety_session, "close_session", slow_close)
    _close(window, qtbot)
    assert closing.pending() == [path]
    again = app_module.open_window(path)  # waits for the lock, never "already open"
    qtbot.addWidget(again)
    assert again is not None and again.safety_session is not None
    assert again.org_label.text() == "Irwell Joinery and Shopfitting Ltd"
    _close(again, qtbot)


def test_a_database_open_elsewhere_is_offered_read_only(qtbot, demo_store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from svdesk.safety.lock import DatabaseLock

    path = demo_store.path
    demo_store.close()
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda parent, title, text, *a: asked.append(title) or QMessageBox.Yes
    )
    with DatabaseLock(path):
        window = app_module.open_progressively(path)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
        assert asked == ["This database is already open"]
        assert window.safety_session is None
        assert window.windowTitle().endswith("(read-only)")
        assert "read-only" in window.statusBar().currentMessage()
        _close(window, qtbot)


def test_a_problem_the_check_finds_is_shown_once_the_window_is_open(qtbot, demo_store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from svdesk.services.evidence import add_evidence, stored_evidence_files

    letter = demo_store.path.parent / "thank-you-letter.txt"
    letter.write_text("Thank you for the careers talk at Ordsall Primary.")
    add_evidence(demo_store, letter, caption="Letter from the school")
    files = stored_evidence_files(demo_store)
    path = demo_store.path
    demo_store.close()
    files[0][1].unlink()  # one evidence file went missing
    # The message is window-modal but holds nothing up: showing it returns at once (a nested
    # exec() loop held start-up until someone clicked OK: a copy opened without its evidence
    # folder sat there). Each look records whether the call showing the box had returned.
    returned, shown = [], []
    from svdesk.ui import start_safety

    real = start_safety._report_check
    monkeypatch.setattr(start_safety, "_report_check", lambda *a: (real(*a), returned.append(True)))

    def look():
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if boxes and not shown:
            shown.append((bool(returned), boxes[0].isModal(), boxes[0].text()))
            boxes[0].done(0)  # OK, as the user would

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(50)
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    timer.stop()
    assert window.store is not None  # the data was already showing
    shown_after_return, modal, text = shown[0]
    assert shown_after_return and modal
    assert "1 evidence file is missing" in text and "What to do" in text
    _close(window, qtbot)


def test_file_open_shows_the_other_database_without_freezing_this_window(
    qtbot, demo_store, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from svdesk.safety.lock import lock_path_for
    from svdesk.services.demo import create_demo
    from svdesk.services.store import Store

    first_path = demo_store.path
    demo_store.close()
    other_path = tmp_path / "other" / "charity.svdesk"
    other_path.parent.mkdir()
    other = Store.open(other_path)
    create_demo(other)
    other.close()
    first = _opened(qtbot, first_path)
    new = app_module.switch_database(other_path, first)  # what File > Open calls
    qtbot.addWidget(new)
    assert new is not first and new.store is None  # a frame first, read on a worker
    assert first.isVisible() and first.store is not None  # ... while this one shows its
    assert not first.isEnabled()  # data, but takes no more edits
    qtbot.waitUntil(lambda: new.store is not None, timeout=20_000)
    assert new.store.path == other_path.resolve()
    assert new.safety_session is not None and new.safety_session.lock.held
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=5_000)  # replaced
    assert first not in app_module._windows and new in app_module._windows
    assert closing.wait_for(first_path, 30)
    assert not lock_path_for(first_path).exists()  # the old file is let go
    # A file that cannot be opened: the open window stays, and says why.
    bad = tmp_path / "notes.svdesk"
    bad.write_text("not a database")
    warned = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        lambda parent, title, text, *a: warned.append((parent, title)) or QMessageBox.Ok,
    )
    frame = app_module.switch_database(bad, new)
    qtbot.waitUntil(lambda: bool(warned), timeout=20_000)
    assert warned == [(new, "Cannot open the database")]
    assert new.isVisible() and new.store is not None and new in app_module._windows
    assert new.isEnabled()  # and can be used again
    qtbot.waitUntil(lambda: not shiboken6.isValid(frame) or not frame.isVisible(), timeout=5_000)
    _close(new, qtbot)
