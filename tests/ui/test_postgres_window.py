"""The window on a PostgreSQL database (#22): opened from a URL, no lock on this PC, a view-only
role opens read-only, and a server that stops answering loses nothing the user typed."""

from __future__ import annotations

import os
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from svdesk.ui import app as app_module
from svdesk.ui import tasks


def _firm(store) -> None:
    from svdesk.services.demo import DEMO_ORGANISATION
    from svdesk.services.organisation import save_organisation

    save_organisation(store, DEMO_ORGANISATION)


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(tasks.idle, timeout=20_000)
    qtbot.wait(50)


def _forget(window) -> None:
    if window in app_module._windows:
        app_module._windows.remove(window)
    window.close()
    if window.store is not None:
        window.store.close()


def test_a_url_opens_in_the_window_with_no_lock_and_no_password_kept(qtbot, pg_store):
    from svdesk.settings import load

    _firm(pg_store)
    loc = pg_store.location
    with_password = pg_store.where.replace("svdesk@", "svdesk:s3cret@", 1)  # trust auth ignores it
    window = app_module.open_window(with_password)
    qtbot.addWidget(window)
    try:
        assert window.store.is_postgres and not window.read_only
        assert window.safety_session is None  # nothing to lock or copy on this PC
        assert f"{loc.dbname} on " in window.statusBar().currentMessage()
        assert not list(window.store.local_dir.glob("*.lock"))
        kept = load()
        assert kept.last_database.startswith("postgresql://svdesk@")
        assert all("s3cret" not in p for p in kept.recent_databases)
        _settle(qtbot, window)
    finally:
        _forget(window)


@pytest.fixture
def viewer_url(pg_store):
    """A role that may only SELECT, on pg_store's database (roles are the whole server's)."""
    name = f"viewer_{os.getpid()}"
    with pg_store.engine.begin() as conn:
        conn.execute(text(f"DROP ROLE IF EXISTS {name}"))
        conn.execute(text(f"CREATE ROLE {name} LOGIN"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {name}"))
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name}"))
    yield pg_store.where.replace("svdesk@", f"{name}@", 1)
    with pg_store.engine.begin() as conn:
        conn.execute(text(f"DROP OWNED BY {name}"))
        conn.execute(text(f"DROP ROLE {name}"))


def test_a_view_only_role_is_told_and_the_window_opens_read_only(qtbot, pg_store, viewer_url, monkeypatch):
    _firm(pg_store)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, body, *a: told.append((title, body)))
    window = app_module.open_window(viewer_url)
    qtbot.addWidget(window)
    try:
        assert told and told[0][0] == "View only" and "not change it" in told[0][1]
        assert window.read_only and window.store.read_only
        assert "(read-only)" in window.windowTitle()
        assert "view only" in window.statusBar().currentMessage()
        _settle(qtbot, window)
    finally:
        _forget(window)


def test_a_view_only_role_can_report_but_not_change_from_the_command_line(pg_store, viewer_url, capsys):
    from svdesk.cli import main

    _firm(pg_store)
    assert main(["info", "--db", viewer_url, "--json"]) == 0
    assert "Irwell Joinery" in capsys.readouterr().out
    add = ["contract", "add", "--db", viewer_url, "--ref", "V-1", "--title", "T", "--buyer", "B"]
    code = main([*add, "--local-districts", "M5"])
    assert code == 1
    err = capsys.readouterr().err
    assert "may view and export" in err and "Nothing has been changed" in err


def test_when_the_server_goes_the_form_keeps_what_was_typed(qtbot, pg_store, pg_server, monkeypatch):
    from svdesk.ui.records.record_dialog import RecordDialog
    from tests.pg_proxy import PgProxy

    _firm(pg_store)
    proxy = PgProxy(pg_server.url)
    try:
        window = app_module.open_window(proxy.url(pg_server.url, pg_store.location.dbname))
        qtbot.addWidget(window)
        _settle(qtbot, window)
        dialog = RecordDialog(window.store, "volunteering", parent=window)
        qtbot.addWidget(dialog)
        dialog.show()
        w = dialog.widgets
        w["date"].set_value(date(2026, 7, 3))
        w["organisation_helped"].setText("Langworthy Community Pantry")
        w["hours"].setText("7")
        w["volunteers"].setText("4")
        assert dialog.revalidate() == {}
        proxy.stop()  # the server goes away (or this PC leaves the office network)
        shown = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, body, *a: shown.append((title, body)))
        with pytest.raises(Exception) as failed:
            dialog.accept()
        app_module.show_unhandled(failed.type, failed.value, failed.tb)
        assert shown, "no message was shown"
        title, body = shown[0]
        assert title == "The database server cannot be reached"
        assert "could not reach the PostgreSQL server at 127.0.0.1:" in body
        assert "(connection refused)" in body and "What you typed is still in the window" in body
        assert "Traceback" not in body
        assert dialog.isVisible() and dialog.saved is None
        assert w["organisation_helped"].text() == "Langworthy Community Pantry"
        assert w["hours"].text() == "7"
        dialog.done(0)
    finally:
        proxy.stop()
        _forget(window)
