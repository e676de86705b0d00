"""Automatic backups: online copies, at most one start-up copy a day, rotation, full disk."""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from svdesk.safety import backup
from svdesk.services.contracts import find_contract, save_contract


def _contract_value(db_file, reference="SCC-PR-2025-041"):
    conn = sqlite3.connect(db_file)
    try:
        return conn.execute("SELECT value_pence FROM contract WHERE reference=?", (reference,)).fetchone()[0]
    finally:
        conn.close()


def test_backup_of_open_database_holds_latest_committed_change(demo_store):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    save_contract(demo_store, replace(contract, value_pence=201_500_00))
    # The change may still sit in the -wal file: a plain file copy could miss it.
    outcome = backup.automatic_backup(demo_store.path, "close")
    assert outcome.ok, outcome.message
    assert _contract_value(outcome.path) == 201_500_00
    # One self-contained file, no -wal beside it, that passes SQLite's own check.
    assert not outcome.path.with_name(outcome.path.name + "-wal").exists()
    assert outcome.path.parent.parent == backup.paths.backup_dir()


def test_start_up_backs_up_once_a_day_and_close_always(demo_store):
    morning = datetime(2026, 11, 23, 8, 30)
    first = backup.automatic_backup(demo_store.path, "start", now=morning)
    again = backup.automatic_backup(demo_store.path, "start", now=morning + timedelta(hours=2))
    assert first.path == again.path and again.message == "Already backed up today."
    closing = backup.automatic_backup(demo_store.path, "close", now=morning + timedelta(hours=9))
    assert closing.ok and closing.path != first.path
    # Rotation keeps only the newest of the day.
    assert [b.path for b in backup.list_backups(demo_store.path)] == [closing.path]


def test_databases_with_the_same_name_get_separate_folders(tmp_path):
    a, b = tmp_path / "a" / "svdesk.svdesk", tmp_path / "b" / "svdesk.svdesk"
    assert backup.backup_folder(a) != backup.backup_folder(b)


def test_rotation_keeps_seven_days_four_weeks_twelve_months():
    start = datetime(2025, 1, 1, 18, 0)
    times = [start + timedelta(days=d) for d in range(700)]  # one backup a day for ~2 years
    kept = backup.select_kept(times)
    newest = max(times)
    dailies = sorted(t for t in kept if t > newest - timedelta(days=7))
    assert len(dailies) == 7
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12
    assert len(kept) <= 7 + 4 + 12
    assert min(kept) > newest - timedelta(days=366)


def test_rotate_deletes_only_automatic_backups_outside_the_rotation(demo_store):
    now = datetime(2026, 11, 23, 18, 0)
    for days in range(40):
        backup.take_backup(demo_store.path, now=now - timedelta(days=days))
    keep_me = backup.take_backup(demo_store.path, now=now - timedelta(days=300), label="before-restore")
    removed = backup.rotate(demo_store.path)
    remaining = backup.list_backups(demo_store.path)
    assert keep_me.exists()
    autos = [b for b in remaining if b.automatic]
    assert len(removed) == 40 - len(autos)
    assert {b.taken.date() for b in autos} >= {(now - timedelta(days=d)).date() for d in range(7)}
    assert 7 < len(autos) <= 7 + 4 + 12


def test_full_disk_gives_a_clear_message_and_keeps_old_backups(demo_store, monkeypatch):
    old = backup.automatic_backup(demo_store.path, "close", now=datetime(2026, 11, 20, 17, 0))

    def disk_full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "online_copy", disk_full)
    outcome = backup.automatic_backup(demo_store.path, "close")
    assert not outcome.ok
    assert "disk" in outcome.message and "full" in outcome.message
    assert "Free some space" in outcome.message
    assert old.path.exists()


def test_nothing_to_back_up_is_not_an_error(tmp_path):
    outcome = backup.automatic_backup(tmp_path / "missing.svdesk", "close")
    assert outcome.ok and outcome.path is None


def test_a_damaged_database_is_not_counted_as_a_backup(tmp_path):
    bad = tmp_path / "bad.svdesk"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    outcome = backup.automatic_backup(bad, "close")
    assert not outcome.ok
    assert "damaged" in outcome.message
    assert backup.list_backups(bad) == []


def test_take_backup_refuses_a_missing_database(tmp_path):
    with pytest.raises(backup.SafetyError, match="no database"):
        backup.take_backup(tmp_path / "nope.svdesk")
