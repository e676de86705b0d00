"""The demo lives in its own file (issue 20.1): exploring it leaves the user's database empty,
the window says it is the demo and names the file, the next start opens her own database, and
"Start my own records" opens and sets up her own in its place."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from svdesk import settings as settings_module
from svdesk.paths import default_db_path
from svdesk.services.demo_file import demo_db_path, is_demo_database, make_fresh_demo, own_database_path
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store
from svdesk.ui import app as app_module
from svdesk.ui import state, tasks
from svdesk.ui.first_run import WelcomeDialog


def _settle(qtbot):
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    qtbot.wait(50)


def _close(window, qtbot):
    _settle(qtbot)
    window.close()
    if window in app_module._windows:
        app_module._windows.remove(window)


def _press_demo(monkeypatch):
    def exec_(dialog):
        dialog._load_demo()
        return dialog.result()

    monkeypatch.setattr(WelcomeDialog, "exec", exec_)


def test_the_demo_is_made_fresh_in_a_file_of_its_own():
    path = make_fresh_demo()
    assert path == demo_db_path() and is_demo_database(path)
    store = Store.open(path)
    org = get_organisation(store)
    org.name = "Changed while exploring"
    from svdesk.services.organisation import save_organisation

    save_organisation(store, org)
    store.close()
    make_fresh_demo()  # again: the example firm, as new
    store = Store.open(path)
    assert get_organisation(store).name == "Irwell Joinery Ltd"
    store.close()
    assert own_database_path(str(path)) == default_db_path()
    assert own_database_path("/somewhere/mine.svdesk") == Path("/somewhere/mine.svdesk")


def test_exploring_the_demo_keeps_her_records_apart_and_says_so(qtbot, monkeypatch):
    _press_demo(monkeypatch)
    own = default_db_path()
    window = app_module.open_window(own)
    qtbot.addWidget(window)
    assert window is not None and window.store.path == demo_db_path().resolve()
    assert window.org_label.text() == "Irwell Joinery Ltd"
    banner = window.demo_banner
    assert banner.isVisible() and "own file (demo.svdesk)" in banner.text.text()
    assert "demo.svdesk (demo)" in window.windowTitle()
    mine = Store.open(own)
    assert get_organisation(mine) is None  # her own database is untouched
    mine.close()
    # the next start opens her own database, not the demo
    state.save_settings()
    remembered = settings_module.load()
    assert not is_demo_database(remembered.last_database)
    assert all(not is_demo_database(p) for p in remembered.recent_databases)
    _close(window, qtbot)


def test_start_my_own_records_opens_and_sets_up_her_database(qtbot, monkeypatch):
    _press_demo(monkeypatch)
    demo = app_module.open_window(default_db_path())
    qtbot.addWidget(demo)
    _settle(qtbot)
    seen = []

    def set_up(dialog):
        seen.append(dialog.stack.currentIndex())  # straight to the organisation form
        dialog.form.name.setText("Mersey Cleaning CIC")
        dialog._save()
        return dialog.result()

    monkeypatch.setattr(WelcomeDialog, "exec", set_up)
    qtbot.mouseClick(demo.demo_banner.start_button, Qt.LeftButton)
    mine = [w for w in app_module._windows if w is not demo and w.store is not None]
    assert seen == [1] and len(mine) == 1
    window = mine[0]
    qtbot.addWidget(window)
    assert window.store.path == default_db_path().resolve()
    assert window.org_label.text() == "Mersey Cleaning CIC"
    assert getattr(window, "demo_banner", None) is None
    assert "svdesk.svdesk" in window.windowTitle() and "(demo)" not in window.windowTitle()
    assert not demo.isVisible()  # the demo window has gone
    assert Path(state.app_settings().last_database) == default_db_path()
    _close(window, qtbot)
    assert QApplication.instance() is not None
