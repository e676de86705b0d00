"""Windows and macOS code paths, run on Linux with the platform switched.

Only what cannot run here is replaced: the Windows kernel calls behind pid_alive. Everything else
(platformdirs' own choice of folders, the lock file, the database on a path with spaces and
accents) is the real code.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import socket
import sys
import zipfile
from pathlib import Path

import platformdirs
import pytest

from svdesk import paths
from svdesk.safety import lock as lock_mod
from svdesk.safety.lock import DatabaseInUse, DatabaseLock, lock_path_for

STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87


# ---- lock files on Windows -------------------------------------------------------------------


class FakeKernel32:
    """The three kernel32 calls pid_alive makes, over a table of pid -> exit code."""

    def __init__(self, processes: dict[int, int], denied: set[int] = frozenset()):
        self.processes = processes
        self.denied = set(denied)
        self.last_error = 0
        self.open_handles: set[int] = set()

    def OpenProcess(self, access, inherit, pid):  # noqa: N802 (the Win32 name)
        assert access == 0x1000  # PROCESS_QUERY_LIMITED_INFORMATION: asks, never terminates
        if pid in self.denied:
            self.last_error = ERROR_ACCESS_DENIED
            return 0
        if pid not in self.processes:
            self.last_error = ERROR_INVALID_PARAMETER
            return 0
        handle = 1000 + pid
        self.open_handles.add(handle)
        return handle

    def GetExitCodeProcess(self, handle, code_ref):  # noqa: N802
        code_ref._obj.value = self.processes[handle - 1000]
        return 1

    def CloseHandle(self, handle):  # noqa: N802
        self.open_handles.remove(handle)
        return 1


@pytest.fixture
def windows_kernel(monkeypatch):
    """sys.platform is win32 and kernel32 is the fake; os.kill must not be used (on Windows it
    would end the process that holds the lock)."""
    kernel = FakeKernel32({})
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error=False: kernel, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: kernel.last_error, raising=False)

    def no_kill(*_a):
        raise AssertionError("os.kill was called on Windows")

    monkeypatch.setattr(os, "kill", no_kill)
    return kernel


def test_windows_pid_alive_asks_the_kernel_and_closes_its_handle(windows_kernel):
    windows_kernel.processes.update({4242: STILL_ACTIVE, 4343: 0})
    assert lock_mod.pid_alive(4242) is True
    assert lock_mod.pid_alive(4343) is False  # exited (code 0), handle still around
    assert lock_mod.pid_alive(4444) is False  # no such process
    assert lock_mod.pid_alive(0) is False
    assert windows_kernel.open_handles == set()


def test_windows_process_of_another_user_counts_as_running(windows_kernel):
    # On a shared PC (Remote Desktop server) a colleague's svdesk runs under their account;
    # Windows refuses to let us open it (access denied) but it is alive: its lock must hold.
    windows_kernel.denied.add(5151)
    assert lock_mod.pid_alive(5151) is True


def _write_lock(db: Path, pid: int, host: str | None = None) -> Path:
    path = lock_path_for(db)
    owner = {
        "pid": pid,
        "host": host or socket.gethostname(),
        "user": "sam",
        "started": "2026-01-05T09:30:00",
        "token": "abc",
    }
    path.write_text(json.dumps(owner), encoding="utf-8")
    return path


def test_windows_lock_of_a_crashed_svdesk_is_taken_over(windows_kernel, tmp_path):
    db = tmp_path / "Données Ltd" / "my firm.svdesk"
    db.parent.mkdir()
    _write_lock(db, 7777)  # 7777 is not running
    with DatabaseLock(db) as lock:
        assert json.loads(lock.path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not lock_path_for(db).exists()


def test_windows_lock_of_a_running_svdesk_is_respected(windows_kernel, tmp_path):
    db = tmp_path / "my firm.svdesk"
    windows_kernel.processes[8888] = STILL_ACTIVE
    path = _write_lock(db, 8888)
    with pytest.raises(DatabaseInUse) as caught:
        DatabaseLock(db).acquire()
    assert "already open in another svdesk window" in str(caught.value)
    assert path.exists()
    # Also when the other window runs under another account on this PC.
    windows_kernel.processes.clear()
    windows_kernel.denied.add(8888)
    with pytest.raises(DatabaseInUse):
        DatabaseLock(db).acquire()


# ---- data folders on Windows and macOS ---------------------------------------------------------


@pytest.fixture
def platform_as(monkeypatch):
    """Switch sys.platform and let platformdirs choose its folders again, as it does at import."""

    def switch(name: str) -> None:
        monkeypatch.setattr(sys, "platform", name)
        importlib.reload(platformdirs)

    yield switch
    monkeypatch.undo()
    importlib.reload(platformdirs)


def test_windows_data_lives_in_local_appdata(platform_as, monkeypatch, tmp_path):
    local = tmp_path / "Users" / "Zoë Smith" / "AppData" / "Local"
    roaming = tmp_path / "Users" / "Zoë Smith" / "AppData" / "Roaming"
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setenv("APPDATA", str(roaming))
    monkeypatch.delenv("SVDESK_HOME")
    platform_as("win32")
    # The one call that cannot run here is Windows' SHGetKnownFolderPath: platformdirs' own
    # fallback reads the same folders from the environment instead.
    import platformdirs.windows as pd_windows

    monkeypatch.setattr(pd_windows, "_resolve_win_folder", pd_windows.get_win_folder_from_env_vars)

    # Local, not Roaming: a database must not follow the user around a domain's roaming profile.
    assert paths.data_dir() == local / "svdesk"
    assert paths.default_db_path() == local / "svdesk" / "svdesk.svdesk"
    assert paths.backup_dir() == local / "svdesk" / "backups"
    assert paths.config_dir() == local / "svdesk"
    assert paths.log_dir().is_relative_to(local / "svdesk")
    assert paths.default_db_path().parent.is_dir()
    assert not roaming.exists()


def test_macos_data_lives_in_application_support(platform_as, monkeypatch, tmp_path):
    home = tmp_path / "Users" / "zoë"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SVDESK_HOME")
    platform_as("darwin")

    support = home / "Library" / "Application Support" / "svdesk"
    assert paths.data_dir() == support
    assert paths.default_db_path() == support / "svdesk.svdesk"
    assert paths.backup_dir() == support / "backups"
    assert paths.config_dir() == support
    assert paths.log_dir() == home / "Library" / "Logs" / "svdesk"


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_svdesk_home_still_wins(platform_as, monkeypatch, tmp_path, platform):
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    portable = tmp_path / "USB stick" / "svdesk données"
    monkeypatch.setenv("SVDESK_HOME", str(portable))
    platform_as(platform)
    import platformdirs.windows as pd_windows

    monkeypatch.setattr(pd_windows, "_resolve_win_folder", pd_windows.get_win_folder_from_env_vars)

    assert paths.data_dir() == portable / "data"
    assert paths.config_dir() == portable / "config"
    assert paths.log_dir() == portable / "logs"
    assert paths.default_db_path() == portable / "data" / "svdesk.svdesk"
    assert not (tmp_path / "local").exists() and not (tmp_path / "home").exists()


# ---- a database in a folder with spaces and accents --------------------------------------------


def test_database_on_a_path_with_spaces_and_accents_round_trips(tmp_path, capsys):
    from svdesk.cli import main
    from svdesk.services.store import Store

    folder = tmp_path / "x" / "Données Ltd"
    folder.mkdir(parents=True)
    db = folder / "my firm.svdesk"
    out = folder / "Évidence 2025"
    out.mkdir()

    assert main(["demo", "--db", str(db)]) == 0
    assert main(["export", "workbook", "--db", str(db), "--out", str(out / "évidence workbook.xlsx")]) == 0
    assert zipfile.is_zipfile(out / "évidence workbook.xlsx")
    assert main(["export", "statement", "--db", str(db), "--out", str(out / "déclaration.pdf")]) == 0
    assert (out / "déclaration.pdf").read_bytes()[:5] == b"%PDF-"

    archive = out / "sauvegarde été.svdesk-backup"
    assert main(["backup", "--db", str(db), "--out", str(archive)]) == 0
    assert archive.stat().st_size > 0

    store = Store.open(db)
    try:
        from svdesk.services.contracts import list_contracts

        before = sorted(c.reference for c in list_contracts(store))
    finally:
        store.close()
    assert before, "the demo made no contracts"

    db.unlink()  # the worst case: the database is gone; the backup brings it back
    capsys.readouterr()
    assert main(["restore", "--db", str(db), str(archive)]) == 0
    assert "Restored" in capsys.readouterr().out
    store = Store.open(db)
    try:
        assert sorted(c.reference for c in list_contracts(store)) == before
    finally:
        store.close()
    assert not lock_path_for(db).exists()
