"""Start-up paints the window frame first, then opens the database (svdesk.ui.app)."""

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from svdesk.ui import app as app_module


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
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0,
                    timeout=20_000)
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
    assert calls == [bad]            # open_window explains the problem to the user
    assert window not in app_module._windows
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=5_000)  # frame deleted
    assert quits == [True]           # nothing else to show: the app ends


def test_a_file_without_an_organisation_runs_the_first_run_welcome(qtbot, store, monkeypatch):
    path = store.path
    store.close()
    calls = []
    sentinel = object()
    monkeypatch.setattr(app_module, "open_window",
                        lambda p, replacing=None: calls.append(p) or sentinel)
    window = app_module.open_progressively(path)
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)
    assert calls == [path]
    assert window not in app_module._windows


def _close(window, qtbot):
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0,
                    timeout=20_000)
    qtbot.wait(50)
    window.close()
    if window in app_module._windows:
        app_module._windows.remove(window)


def test_an_ordinary_start_takes_the_lock_checks_and_backs_up(qtbot, demo_store):
    from svdesk.safety.backup import list_backups
    from svdesk.safety.lock import DatabaseInUse, DatabaseLock, lock_path_for

    path = demo_store.path
    demo_store.close()
    assert list_backups(path) == []
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
    assert window.safety_session is not None
    assert window.safety_session.lock.held                # taken before the data shows
    # The check and the day's first backup run after the data is on screen.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == str(path), timeout=20_000)
    assert window.safety_session.report.ok and window.safety_session.backup.ok
    # A second svdesk (here: another lock on the same file) is told the database is in use.
    with pytest.raises(DatabaseInUse):
        DatabaseLock(path).acquire()
    backups = list_backups(path)
    assert len(backups) == 1 and backups[0].automatic   # the day's first backup, at start
    assert "(read-only)" not in window.windowTitle()
    _close(window, qtbot)
    assert not lock_path_for(path).exists()        # closing lets the next window in


def test_a_database_open_elsewhere_is_offered_read_only(qtbot, demo_store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from svdesk.safety.lock import DatabaseLock

    path = demo_store.path
    demo_store.close()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(title) or QMessageBox.Yes)
    with DatabaseLock(path):
        window = app_module.open_progressively(path)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.store is not None, timeout=20_000)
        assert asked == ["This database is already open"]
        assert window.safety_session is None
        assert window.windowTitle().endswith("(read-only)")
        assert "read-only" in window.statusBar().currentMessage()
        _close(window, qtbot)


def test_a_problem_the_check_finds_is_shown_once_the_window_is_open(qtbot, demo_store,
                                                                     monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from svdesk.services.evidence import add_evidence, stored_evidence_files

    letter = demo_store.path.parent / "thank-you-letter.txt"
    letter.write_text("Thank you for the careers talk at Ordsall Primary.")
    add_evidence(demo_store, letter, caption="Letter from the school")
    files = stored_evidence_files(demo_store)
    path = demo_store.path
    demo_store.close()
    files[0][1].unlink()                                # one evidence file went missing
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = app_module.open_progressively(path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert window.store is not None                     # the data was already showing
    assert "1 evidence file is missing" in shown[0] and "What to do" in shown[0]
    _close(window, qtbot)
