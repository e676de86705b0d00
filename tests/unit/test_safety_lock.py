"""One writer per database: the second window is refused; stale locks are taken over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from svdesk.safety.lock import DatabaseInUse, DatabaseLock, lock_path_for, open_read_only, read_owner
from svdesk.services.contracts import ContractData, list_contracts, save_contract

ROOT = Path(__file__).resolve().parents[2]
TRY_LOCK = """
import sys
from svdesk.safety.lock import DatabaseInUse, DatabaseLock
try:
    DatabaseLock(sys.argv[1]).acquire()
except DatabaseInUse as exc:
    print("REFUSED:", exc)
    sys.exit(3)
print("LOCKED")
"""


def _run_other_process(db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", TRY_LOCK, str(db)],
        cwd=ROOT,
        text=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_second_window_on_same_database_is_refused_with_a_clear_message(store):
    with DatabaseLock(store.path) as lock:
        assert read_owner(lock.path).pid == os.getpid()
        other = _run_other_process(store.path)
        assert other.returncode == 3, other.stderr
        assert "already open in another svdesk window" in other.stdout
        assert "read-only" in other.stdout
    assert not lock_path_for(store.path).exists()
    # Once the first window closes, another can open it.
    assert _run_other_process(store.path).stdout.strip() == "LOCKED"


def test_lock_left_by_a_crashed_svdesk_is_taken_over(store):
    lock_file = lock_path_for(store.path)
    lock_file.write_text(
        json.dumps(
            {
                "pid": _dead_pid(),
                "host": socket.gethostname(),
                "user": "sam",
                "started": "2026-11-22T17:02:00",
            }
        )
    )
    with DatabaseLock(store.path) as lock:
        assert read_owner(lock_file).pid == os.getpid() and lock.held


def test_lock_from_another_computer_is_never_broken(store):
    lock_file = lock_path_for(store.path)
    lock_file.write_text(
        json.dumps({"pid": 4242, "host": "OFFICE-PC-2", "user": "priya", "started": "2026-11-23T08:15:00"})
    )
    with pytest.raises(DatabaseInUse) as info:
        DatabaseLock(store.path).acquire()
    message = str(info.value)
    assert "open on another computer" in message and "priya on OFFICE-PC-2" in message
    assert "23 Nov 2026 at 08:15" in message
    assert lock_file.name in message  # how to clear it if that PC is really off
    assert read_owner(lock_file).host == "OFFICE-PC-2"


def test_half_written_lock_is_only_treated_as_abandoned_when_old(store):
    lock_file = lock_path_for(store.path)
    lock_file.write_text('{"pid": 12')
    with pytest.raises(DatabaseInUse, match="being opened by another svdesk window"):
        DatabaseLock(store.path).acquire()
    old = time.time() - 60
    os.utime(lock_file, (old, old))
    with DatabaseLock(store.path) as lock:
        assert lock.held


def test_release_never_removes_a_lock_someone_else_now_holds(store):
    lock = DatabaseLock(store.path).acquire()
    lock_file = lock_path_for(store.path)
    lock_file.unlink()  # e.g. removed by hand, then another window took it
    other = DatabaseLock(store.path).acquire()
    lock.release()
    assert lock_file.exists() and read_owner(lock_file) == other.owner
    other.release()
    assert not lock_file.exists()


def test_read_only_store_shows_data_but_cannot_write(demo_store):
    with DatabaseLock(demo_store.path):
        viewer = open_read_only(demo_store.path)
        try:
            assert len(list_contracts(viewer)) == 2
            with pytest.raises(OperationalError, match="readonly|read-only|query_only"):
                save_contract(
                    viewer,
                    ContractData(
                        reference="SCC-X-1",
                        title="Doors",
                        buyer="Salford City Council",
                        local_area_kind="authorities",
                        local_area_codes="E08000006",
                    ),
                )
        finally:
            viewer.close()
    assert len(list_contracts(demo_store)) == 2


def test_open_and_close_session_lock_check_and_back_up(demo_store):
    from svdesk.safety.backup import list_backups
    from svdesk.safety.session import close_session, open_session

    opened = open_session(demo_store.path, store=demo_store)
    assert opened.report.ok and opened.backup.ok
    with pytest.raises(DatabaseInUse):
        open_session(demo_store.path)
    outcome = close_session(opened)
    assert outcome.ok and not lock_path_for(demo_store.path).exists()
    assert list_backups(demo_store.path)[0].path == outcome.path


def test_damaged_database_is_not_backed_up_at_start(tmp_path):
    from svdesk.safety.backup import list_backups
    from svdesk.safety.session import open_session

    db = tmp_path / "bad.svdesk"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"\x07" * 4000)
    opened = open_session(db)
    try:
        assert not opened.report.ok and opened.backup is None
        assert list_backups(db) == []
    finally:
        opened.lock.release()


def test_read_only_folder_gives_a_clear_message(store, monkeypatch):
    import errno

    from svdesk.safety import lock as lock_module
    from svdesk.safety.errors import SafetyError

    def refuse(path, flags, mode=0o777):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(lock_module.os, "open", refuse)
    with pytest.raises(SafetyError) as info:
        DatabaseLock(store.path).acquire()
    assert "read-only" in str(info.value) and "Choose a folder you can write to" in str(info.value)
