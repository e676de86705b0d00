"""Faults and hostile edges of backup, restore and the lock (issue #19: 2, 10-14)."""

from __future__ import annotations

import errno
import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from svdesk import paths
from svdesk.cli import main
from svdesk.safety import archive as arch
from svdesk.safety import crypto
from svdesk.safety import restore as restore_module
from svdesk.safety.backup import list_backups, take_backup
from svdesk.safety.errors import SafetyError, describe_os_error
from svdesk.safety.integrity import check_integrity
from svdesk.safety.lock import DatabaseInUse, DatabaseLock, LockOwner, lock_path_for
from svdesk.safety.restore import ErasedPeopleWouldReturn, restore_archive
from svdesk.safety.restore_journal import journal_path

PHRASE = "Regent Road 2026 backup"


def _first_person_id(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT min(id) FROM person WHERE erased_on IS NULL").fetchone()[0]
    finally:
        conn.close()


def _erased(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM person WHERE erased_on IS NOT NULL").fetchone()[0]
    finally:
        conn.close()


# 2. encrypted backups never put plain text on the destination


def test_killed_encrypted_backup_leaves_no_plaintext_on_the_destination(demo_store, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    seen: list[str] = []

    def killed(source, target, passphrase):
        seen.extend(p.name for p in usb.rglob("*"))  # what the stick holds at this moment
        raise KeyboardInterrupt  # svdesk killed while encrypting

    monkeypatch.setattr(crypto, "encrypt_file", killed)
    with pytest.raises(KeyboardInterrupt):
        arch.create_archive(demo_store.path, usb / "irwell.svdesk-archive", passphrase=PHRASE)
    assert not any(n.endswith((".svdesk", ".zip")) or n.startswith(".svdesk-archive") for n in seen), seen
    assert [p.name for p in usb.rglob("*") if p.is_file()] == []


def test_encrypted_archive_is_built_in_svdesks_own_folder(demo_store, tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    sources: list[Path] = []
    real = crypto.encrypt_file

    def spy(source, target, passphrase):
        sources.append(Path(source))
        return real(source, target, passphrase)

    monkeypatch.setattr(crypto, "encrypt_file", spy)
    arch.create_archive(demo_store.path, usb / "a.svdesk-archive", passphrase=PHRASE)
    assert sources and sources[0].is_relative_to(paths.data_dir())
    assert not sources[0].exists()  # removed once encrypted
    assert sorted(p.name for p in usb.iterdir()) == ["a.svdesk-archive"]


def test_old_leftovers_of_killed_backups_are_cleared_at_the_next_backup(demo_store, tmp_path):
    work = paths.data_dir() / "work"
    dead = work / ".svdesk-archive-p999999999-abc"
    (dead).mkdir(parents=True)
    (dead / "database.svdesk").write_bytes(b"plain text payroll")
    hour_ago = time.time() - 2 * 3600
    os.utime(dead, (hour_ago, hour_ago))
    live = work / f".svdesk-archive-p{os.getpid()}-xyz"
    live.mkdir()
    os.utime(live, (hour_ago, hour_ago))
    arch.create_archive(demo_store.path, tmp_path / "a.zip", passphrase=PHRASE)
    assert not dead.exists() and live.exists()


# 10. erased people do not come back unasked; before-restore backups rotate


def test_restoring_an_archive_from_before_an_erasure_is_refused_until_confirmed(demo_store, tmp_path, capsys):
    from svdesk.services.people_edits import erase_person

    out = tmp_path / "before.zip"
    arch.create_archive(demo_store.path, out)
    erase_person(demo_store, _first_person_id(demo_store.path))
    demo_store.close()
    before = demo_store.path.read_bytes()
    with pytest.raises(ErasedPeopleWouldReturn, match="1 person was erased") as info:
        restore_archive(out, demo_store.path)
    assert info.value.count == 1
    assert demo_store.path.read_bytes() == before

    assert main(["restore", str(out), "--db", str(demo_store.path)]) == 1
    assert "--yes" in capsys.readouterr().err and _erased(demo_store.path) == 1
    assert main(["restore", str(out), "--db", str(demo_store.path), "--yes"]) == 0
    assert _erased(demo_store.path) == 0


def test_before_restore_backups_are_rotated(demo_store, tmp_path):
    for day in range(1, 29):
        take_backup(demo_store.path, now=datetime(2026, 2, day, 9, 0), label="before-restore")
    out = tmp_path / "a.zip"
    arch.create_archive(demo_store.path, out)
    restore_archive(out, demo_store.path)
    kept = [b for b in list_backups(demo_store.path) if "before-restore" in b.path.name]
    assert 1 < len(kept) <= 7 + 4 + 12
    assert len(kept) < 29


# 11. deflate bombs


def _bomb(demo_store, tmp_path: Path, size: int) -> Path:
    """A consistent archive (manifest, sizes and hashes all agree) holding `size` zero bytes."""
    import hashlib

    good = tmp_path / "good.zip"
    arch.create_archive(demo_store.path, good)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        manifest = json.loads(zin.read("manifest.json"))
        for name in zin.namelist():
            if name != "manifest.json":
                zout.writestr(name, zin.read(name))
        digest = hashlib.sha256()
        block = b"\0" * (1 << 20)
        info = zipfile.ZipInfo("evidence/zeros.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(info, "w", force_zip64=True) as dst:
            for _ in range(size >> 20):
                digest.update(block)
                dst.write(block)
        manifest["entries"].append({"name": "evidence/zeros.bin", "size": size, "sha256": digest.hexdigest()})
        zout.writestr("manifest.json", json.dumps(manifest))
    return bomb


def test_deflate_bomb_with_a_truthful_manifest_is_refused(demo_store, tmp_path):
    bomb = _bomb(demo_store, tmp_path, 64 << 20)
    assert bomb.stat().st_size < 2_000_000
    target = tmp_path / "t"
    target.mkdir()
    with pytest.raises(SafetyError, match="zip bomb"):
        restore_archive(bomb, target / "x.svdesk")
    assert list(target.iterdir()) == []


def test_restore_checks_free_space_before_extracting(demo_store, tmp_path, monkeypatch):
    import shutil as real_shutil
    from collections import namedtuple

    out = tmp_path / "a.zip"
    arch.create_archive(demo_store.path, out)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(restore_module.shutil, "disk_usage", lambda p: usage(10**9, 10**9, 1_000_000))
    target = tmp_path / "t"
    target.mkdir()
    with pytest.raises(SafetyError, match="too little space") as info:
        restore_archive(out, target / "x.svdesk")
    assert str(target) in str(info.value)
    monkeypatch.setattr(restore_module.shutil, "disk_usage", real_shutil.disk_usage)
    assert list(target.iterdir()) == []


# 12. forged scrypt parameters


@pytest.mark.parametrize("log2n,r,p", [(20, 8, 1), (14, 1, 4), (17, 32, 1), (30, 8, 1)])
def test_forged_key_derivation_header_gives_a_clear_message(demo_store, tmp_path, log2n, r, p):
    out = tmp_path / "a.enc"
    arch.create_archive(demo_store.path, out, passphrase=PHRASE)
    raw = bytearray(out.read_bytes())
    raw[len(crypto.MAGIC) + 1 : len(crypto.MAGIC) + 4] = bytes([log2n, r, p])
    out.write_bytes(bytes(raw))
    with pytest.raises(SafetyError, match="header is damaged or not made by svdesk"):
        restore_archive(out, tmp_path / "r" / "x.svdesk", passphrase=PHRASE)


def test_a_key_derivation_the_library_refuses_is_a_clear_message(tmp_path, monkeypatch):
    src = tmp_path / "plain.bin"
    src.write_bytes(b"payroll")
    enc = tmp_path / "a.enc"
    with open(enc, "wb") as fh:
        crypto.encrypt_file(src, fh, PHRASE)

    def refuses(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(crypto, "_key", refuses)
    with (
        pytest.raises(SafetyError, match="header is damaged or not made by svdesk"),
        open(tmp_path / "out", "wb") as fh,
    ):
        crypto.decrypt_file(enc, fh, PHRASE)


# 13. lock and restore edges


def _long_lived_other_process():
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_lock_whose_pid_was_reused_by_another_program_is_stale(store):
    other = _long_lived_other_process()
    try:
        lock = lock_path_for(store.path)
        # A lock written by an svdesk that died, whose pid now belongs to another program:
        # same pid, but the process started at another time.
        lock.write_text(
            json.dumps(
                LockOwner(
                    other.pid, socket.gethostname(), "ann", "2026-01-05T09:00:00", "t0k3n", "", "1"
                ).__dict__
            )
        )
        with DatabaseLock(store.path) as mine:
            assert mine.held
    finally:
        other.kill()
        other.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_lock_of_a_live_svdesk_still_blocks(store):
    other = _long_lived_other_process()
    try:
        from svdesk.safety.lock import boot_id, process_start

        time.sleep(0.05)
        lock_path_for(store.path).write_text(
            json.dumps(
                LockOwner(
                    other.pid,
                    socket.gethostname(),
                    "ann",
                    "2026-01-05T09:00:00",
                    "t0k3n",
                    boot_id(),
                    process_start(other.pid),
                ).__dict__
            )
        )
        with pytest.raises(DatabaseInUse):
            DatabaseLock(store.path).acquire()
    finally:
        other.kill()
        other.wait()


def test_disk_full_while_writing_the_lock_leaves_no_lock_and_names_the_path(store, monkeypatch):
    from svdesk.safety import lock as lock_module

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock_module.os, "write", full)
    with pytest.raises(SafetyError, match="full") as info:
        DatabaseLock(store.path).acquire()
    monkeypatch.undo()
    assert str(lock_path_for(store.path)) in str(info.value)
    assert not lock_path_for(store.path).exists()
    assert not list(store.path.parent.glob("*.lock*"))
    with DatabaseLock(store.path) as lock:
        assert lock.held


def test_empty_or_garbled_lock_is_stale(store):
    lock = lock_path_for(store.path)
    for body in (b"", b'{"pid": '):
        lock.write_bytes(body)
        old = time.time() - 30
        os.utime(lock, (old, old))
        with DatabaseLock(store.path) as mine:
            assert mine.held


def test_crash_between_restores_renames_is_reported_then_completed(
    with_evidence_store, tmp_path, monkeypatch
):
    store = with_evidence_store
    out = tmp_path / "a.zip"
    arch.create_archive(store.path, out)
    (store.evidence_dir / "added-after-archive.pdf").write_bytes(b"%PDF later")
    store.close()
    real_replace = os.replace

    class Crash(BaseException):
        pass

    def crash_on_database(src, dst):
        if Path(dst) == store.path:
            raise Crash  # power lost just before the database is swapped in
        return real_replace(src, dst)

    monkeypatch.setattr(restore_module.os, "replace", crash_on_database)
    monkeypatch.setattr("svdesk.safety.restore_journal.os.replace", crash_on_database)
    with pytest.raises(Crash):
        restore_archive(out, store.path)
    monkeypatch.undo()
    assert journal_path(store.path).exists()
    report = check_integrity(store.path)
    assert "No problems found" not in report.text()
    assert any("interrupted" in f.title for f in report.problems)
    assert any(store.evidence_dir.parent.glob(f"{store.evidence_dir.name}.before-restore-*"))

    with DatabaseLock(store.path):  # the next open completes the restore
        pass
    assert not journal_path(store.path).exists()
    assert not (store.evidence_dir / "added-after-archive.pdf").exists()
    assert (store.evidence_dir / "payroll.pdf").exists()
    assert not list(store.path.parent.glob(".svdesk-restore-*"))
    report = check_integrity(store.path)
    assert report.ok, report.text()


@pytest.fixture
def with_evidence_store(demo_store):
    demo_store.evidence_dir.mkdir(exist_ok=True)
    (demo_store.evidence_dir / "payroll.pdf").write_bytes(b"%PDF payroll week 32" * 50)
    return demo_store


def test_leftovers_of_a_killed_restore_are_cleared_at_the_next_open(store):
    dead = store.path.parent / ".svdesk-restore-p999999999-abc"
    (dead / "staging").mkdir(parents=True)
    (dead / "staging" / "database.svdesk").write_bytes(b"x" * 1000)
    hours_ago = time.time() - 2 * 3600
    os.utime(dead, (hours_ago, hours_ago))
    with DatabaseLock(store.path):
        pass
    assert not dead.exists()


def test_leftovers_of_a_killed_backup_are_cleared_at_the_next_open(store):
    """Issue 19.2 and 19.13: a killed encrypted backup's plain copy in svdesk's own folder does
    not wait for the next backup: opening the database (the window's start) clears it."""
    work = paths.data_dir() / "work"
    dead = work / ".svdesk-archive-p999999999-abc"
    dead.mkdir(parents=True)
    (dead / "database.svdesk").write_bytes(b"plain text payroll")
    hours_ago = time.time() - 2 * 3600
    os.utime(dead, (hours_ago, hours_ago))
    with DatabaseLock(store.path):
        pass
    assert not dead.exists()


# 14. restored evidence stays read-only; full-disk messages name the path


def test_restored_evidence_files_are_read_only(with_evidence_store, tmp_path):
    out = tmp_path / "a.zip"
    arch.create_archive(with_evidence_store.path, out)
    target = tmp_path / "new" / "x.svdesk"
    restore_archive(out, target)
    restored = target.with_name("x-evidence") / "payroll.pdf"
    assert stat.S_IMODE(restored.stat().st_mode) == 0o444


def test_full_disk_message_names_the_file_that_could_not_be_written():
    exc = OSError(errno.ENOSPC, "No space left on device", "/media/usb/.svdesk-archive-1/a.zip")
    text = describe_os_error(exc, "write the archive", Path("/media/usb"))
    assert "/media/usb/.svdesk-archive-1/a.zip" in text and "full" in text


def test_window_asks_before_bringing_erased_people_back(demo_store, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox, QWidget

    from svdesk.services.people_edits import erase_person
    from svdesk.ui.dialogs import backups_dialog

    out = tmp_path / "before.zip"
    arch.create_archive(demo_store.path, out)
    erase_person(demo_store, _first_person_id(demo_store.path))

    def run(job):
        gen = job(None)
        try:
            while True:
                next(gen)
        except StopIteration as stop:
            return stop.value

    refusal = run(backups_dialog.restore_job(out, demo_store.path, None))
    assert isinstance(refusal, ErasedPeopleWouldReturn) and _erased(demo_store.path) == 1
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    parent = QWidget()
    qtbot.addWidget(parent)
    assert backups_dialog.confirm_erased_return(parent, refusal) is False  # closed: no restore
    assert "1 person you have erased" in shown[0]
    result = run(backups_dialog.restore_job(out, demo_store.path, None, allow_erased=True))
    assert result.db_path == demo_store.path and _erased(demo_store.path) == 0
