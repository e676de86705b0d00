"""The figures snapshot's proof that a database is unchanged (svdesk.services.figures_snapshot)."""

import sqlite3
from datetime import date

from svdesk.services import figures_snapshot as fs
from svdesk.services.store import Store

VIEW = {
    "organisation": "Irwell Joinery Ltd",
    "contract": "The whole organisation",
    "period": "FY 2026/27 so far",
    "cards": {k: {"value": "£1", "detail": "FY 2026/27 so far"} for k in fs.CARD_KEYS},
    "commit_bars": [["No commitments recorded", None, "—"]],
    "spend_bars": [["Local", 64.2, "64% · £24.5k", "#0b5f6b"]],
    "attention": [["53 records have no evidence attached.", "evidence", None]],
}


def _counted(store: Store) -> None:
    fs.note_counted(store.path, VIEW, date.today(), store.version, fs.live_stamp(store.path))


def _organisation_name(path, name: str) -> None:
    conn = sqlite3.connect(path)  # another program, not through svdesk
    with conn:
        conn.execute("UPDATE organisation SET name = ?", (name,))
    conn.close()


def test_sealed_after_a_clean_close_and_shown_while_the_file_is_unchanged(demo_store):
    path = demo_store.path
    _counted(demo_store)
    assert fs.unchanged_since_count(path, demo_store.version)
    demo_store.close()
    assert fs.seal(path)
    assert fs.load(path) == VIEW
    reader = Store.open_read_only(path)  # looking (the integrity check, a backup) changes nothing
    reader.close()
    assert fs.load(path) == VIEW
    _organisation_name(path, "Another Name Ltd")
    assert fs.load(path) is None


def test_a_write_through_the_store_after_the_count_keeps_nothing(demo_store):
    path = demo_store.path
    _counted(demo_store)
    with demo_store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE organisation SET name = 'Changed Ltd'")
    assert not fs.unchanged_since_count(path, demo_store.version)
    demo_store.close()


def test_a_write_by_another_program_during_the_session_keeps_nothing(demo_store):
    path = demo_store.path
    _counted(demo_store)
    _organisation_name(path, "Another Name Ltd")  # the store's version does not see it
    assert not fs.unchanged_since_count(path, demo_store.version)
    demo_store.close()


def test_no_seal_while_another_connection_holds_changes_in_the_log(demo_store):
    path = demo_store.path
    _counted(demo_store)
    other = sqlite3.connect(path)
    other.execute("PRAGMA wal_autocheckpoint=0")
    with other:
        other.execute("UPDATE organisation SET name = 'Held Ltd'")
    demo_store.close()
    assert not fs.seal(path)  # the log still holds a commit: the file alone proves nothing
    assert fs.load(path) is None
    other.close()


def test_not_a_file_store_keeps_nothing():
    assert not fs.unchanged_since_count(None, 3)
    fs.forget(None)
