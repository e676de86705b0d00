"""Archives and restore: round trips, encryption, and every check a restore makes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from alembic import command

from svdesk.db.engine import make_engine
from svdesk.db.migrate import DatabaseTooNew, alembic_config, head_revision
from svdesk.safety import archive as arch
from svdesk.safety import crypto
from svdesk.safety.backup import list_backups
from svdesk.safety.errors import SafetyError
from svdesk.safety.lock import DatabaseInUse, DatabaseLock
from svdesk.safety.restore import restore_archive
from svdesk.services.contracts import list_contracts
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store

PAYSLIP = b"%PDF-1.4 payroll extract for ref IJ-014, week 32\n" * 40


@pytest.fixture
def with_evidence(demo_store):
    ev = demo_store.evidence_dir
    (ev / "3f").mkdir(parents=True, exist_ok=True)
    (ev / "3f" / "payroll-2026-08.pdf").write_bytes(PAYSLIP)
    (ev / "apprenticeship agreement.docx").write_bytes(b"PK\x03\x04 agreement" * 100)
    return demo_store


def _restored(db: Path) -> Store:
    return Store.open(db)


def test_plain_archive_round_trip_brings_back_data_and_evidence(with_evidence, tmp_path):
    out = tmp_path / "usb" / "irwell.svdesk-archive"
    on_disk = sorted(
        p.relative_to(with_evidence.evidence_dir).as_posix()
        for p in with_evidence.evidence_dir.rglob("*")
        if p.is_file()
    )
    info = arch.create_archive(with_evidence.path, out)
    assert info.evidence_files == len(on_disk) and not info.encrypted
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = sorted(zf.namelist())
    assert names == sorted(["database.svdesk", "manifest.json"] + [f"evidence/{name}" for name in on_disk])
    assert "evidence/apprenticeship agreement.docx" in names
    entry = next(e for e in manifest["entries"] if e["name"].endswith("payroll-2026-08.pdf"))
    assert entry["sha256"] == hashlib.sha256(PAYSLIP).hexdigest()
    assert entry["size"] == len(PAYSLIP)
    assert manifest["schema_revision"] == head_revision()

    target = tmp_path / "new-pc" / "svdesk.svdesk"
    result = restore_archive(out, target)
    assert result.evidence_files == len(on_disk) and result.previous_backup is None
    restored = _restored(target)
    try:
        assert get_organisation(restored).name == "Irwell Joinery Ltd"
        assert {c.reference for c in list_contracts(restored)} == {"SCC-PR-2025-041", "MCC-T-2026-118"}
        assert (restored.evidence_dir / "3f" / "payroll-2026-08.pdf").read_bytes() == PAYSLIP
    finally:
        restored.close()
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".svdesk-restore")]


def test_encrypted_archive_needs_the_right_passphrase(with_evidence, tmp_path):
    out = tmp_path / "irwell.enc"
    arch.create_archive(with_evidence.path, out, passphrase="Salford joinery 2026")
    raw = out.read_bytes()
    assert raw.startswith(crypto.MAGIC)
    assert b"Irwell Joinery" not in raw and b"payroll extract" not in raw
    target = tmp_path / "restored" / "svdesk.svdesk"
    with pytest.raises(SafetyError, match="encrypted"):
        restore_archive(out, target)
    with pytest.raises(crypto.WrongPassphrase, match="passphrase is wrong"):
        restore_archive(out, target, passphrase="salford joinery 2026")
    assert not target.exists() and not target.parent.exists()
    restore_archive(out, target, passphrase="Salford joinery 2026")
    restored = _restored(target)
    try:
        assert get_organisation(restored).postcode == "M5 4DE"
    finally:
        restored.close()


@pytest.mark.parametrize("damage", ["flip", "truncate", "truncate_chunk"])
def test_damaged_encrypted_archive_is_refused(demo_store, tmp_path, damage, monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 512)  # several chunks from a small database
    out = tmp_path / "a.enc"
    arch.create_archive(demo_store.path, out, passphrase="a long passphrase")
    raw = bytearray(out.read_bytes())
    if damage == "flip":
        raw[-100] ^= 0x01
    elif damage == "truncate":
        raw = raw[:-10]
    else:  # cut exactly at a chunk boundary: only the "last chunk" flag can catch this
        header = len(crypto.MAGIC) + crypto._HEADER.size
        assert len(raw) > header + 3 * (512 + 16)
        raw = raw[: header + 2 * (512 + 16)]
    out.write_bytes(bytes(raw))
    with pytest.raises(SafetyError, match="damaged|wrong"):
        restore_archive(out, tmp_path / "r" / "x.svdesk", passphrase="a long passphrase")
    assert not (tmp_path / "r").exists()


def test_restore_over_existing_database_backs_it_up_first(with_evidence, tmp_path):
    out = tmp_path / "a.zip"
    arch.create_archive(with_evidence.path, out)
    # The current database has a contract the archive lacks.
    current = tmp_path / "current.svdesk"
    store = Store.open(current)
    from svdesk.services.demo import create_demo

    create_demo(store)
    with store.write() as s:
        from svdesk.models import Contract

        s.add(Contract(reference="WIGAN-77", title="Library shelving", buyer="Wigan Council"))
    store.close()
    (tmp_path / "current-evidence").mkdir(exist_ok=True)
    (tmp_path / "current-evidence" / "only-here.jpg").write_bytes(b"photo")

    result = restore_archive(out, current)
    assert result.previous_backup is not None and result.previous_backup.exists()
    conn = sqlite3.connect(result.previous_backup)
    assert conn.execute("SELECT COUNT(*) FROM contract WHERE reference='WIGAN-77'").fetchone() == (1,)
    conn.close()
    assert (result.previous_evidence / "only-here.jpg").read_bytes() == b"photo"
    assert result.previous_backup in [b.path for b in list_backups(current)]
    restored = _restored(current)
    try:
        assert "WIGAN-77" not in {c.reference for c in list_contracts(restored)}
    finally:
        restored.close()


def test_restore_refuses_a_database_open_in_svdesk(demo_store, tmp_path):
    out = tmp_path / "a.zip"
    arch.create_archive(demo_store.path, out)
    before = demo_store.path.read_bytes()
    with DatabaseLock(demo_store.path), pytest.raises(DatabaseInUse, match="already open"):
        restore_archive(out, demo_store.path)
    assert demo_store.path.read_bytes() == before


def test_older_schema_is_upgraded_on_restore(tmp_path):
    old = tmp_path / "old.svdesk"
    engine = make_engine(old)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO contract (reference, title, buyer, status, framework, "
            "framework_note, site_postcode, local_area_kind, local_area_codes, "
            "notes, created_at, updated_at) VALUES ('SCC-PR-2025-041', 'Repairs',"
            " 'Salford City Council', 'active', 'council', '', 'M5 4DE', "
            "'authorities', 'E08000006', '', '2025-04-01', '2025-04-01')"
        )
    engine.dispose()
    out = tmp_path / "old.zip"
    arch.create_archive(old, out)
    result = restore_archive(out, tmp_path / "new" / "svdesk.svdesk")
    assert result.archive_revision == "0001" and result.migrated
    restored = _restored(result.db_path)
    try:
        assert [c.reference for c in list_contracts(restored)] == ["SCC-PR-2025-041"]
    finally:
        restored.close()


def _rewrite(src: Path, dst: Path, *, manifest_edit=None, extra=None, replace=None, symlink=None):
    """Copy an archive, editing its manifest or entries to make a hostile one."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        manifest = json.loads(zin.read("manifest.json"))
        if manifest_edit:
            manifest_edit(manifest)
        zout.writestr("manifest.json", json.dumps(manifest))
        for name in zin.namelist():
            if name == "manifest.json":
                continue
            data = zin.read(name)
            if replace and name in replace:
                data = replace[name]
            zout.writestr(name, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            zout.writestr(info, "/etc/passwd")
    return dst


def _add_entry(manifest, name, data):
    manifest["entries"].append({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})


HOSTILE = {
    "parent path": dict(
        extra={"evidence/../../escape.txt": b"x"},
        manifest_edit=lambda m: _add_entry(m, "evidence/../../escape.txt", b"x"),
    ),
    "absolute path": dict(
        extra={"/tmp/evil.txt": b"x"}, manifest_edit=lambda m: _add_entry(m, "/tmp/evil.txt", b"x")
    ),
    "backslash path": dict(
        extra={"evidence\\..\\..\\evil": b"x"},
        manifest_edit=lambda m: _add_entry(m, "evidence\\..\\..\\evil", b"x"),
    ),
    "unlisted file": dict(extra={"evidence/extra.pdf": b"x"}),
    "windows device name": dict(
        extra={"evidence/CON.pdf": b"x"}, manifest_edit=lambda m: _add_entry(m, "evidence/CON.pdf", b"x")
    ),
    "symlink": dict(
        symlink="evidence/link", manifest_edit=lambda m: _add_entry(m, "evidence/link", b"/etc/passwd")
    ),
    "hash mismatch": dict(
        replace={"evidence/3f/payroll-2026-08.pdf": b"%PDF forged" + b" " * (len(PAYSLIP) - 11)}
    ),
    "size lie (zip bomb)": dict(replace={"evidence/3f/payroll-2026-08.pdf": b"\0" * 5_000_000}),
    "newer archive format": dict(manifest_edit=lambda m: m.update(format_version=99)),
    "not an svdesk manifest": dict(manifest_edit=lambda m: m.update(format="other")),
    "schema mismatch": dict(manifest_edit=lambda m: m.update(schema_revision="0001")),
    "no database": dict(
        manifest_edit=lambda m: m.update(entries=[e for e in m["entries"] if e["name"] != "database.svdesk"])
    ),
}


REASON = {
    "parent path": "unsafe name",
    "absolute path": "unsafe name",
    "backslash path": "unsafe name",
    "unlisted file": "does not list",
    "symlink": "is a link",
    "hash mismatch": "SHA-256",
    "size lie (zip bomb)": "size its manifest states",
    "newer archive format": "newer svdesk",
    "not an svdesk manifest": "not an svdesk manifest",
    "schema mismatch": "schema",
    "no database": "no database",
    "windows device name": "unsafe name",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archive_is_refused_and_nothing_is_written(with_evidence, tmp_path, case):
    good = tmp_path / "good.zip"
    arch.create_archive(with_evidence.path, good)
    bad = _rewrite(good, tmp_path / "bad.zip", **HOSTILE[case])
    target_dir = tmp_path / "target"
    target_dir.mkdir()
    with pytest.raises(SafetyError) as info:
        restore_archive(bad, target_dir / "svdesk.svdesk")
    assert REASON[case] in str(info.value)
    assert list(target_dir.iterdir()) == []
    assert not (tmp_path / "escape.txt").exists()


def test_database_from_newer_svdesk_is_refused(demo_store, tmp_path):
    conn = sqlite3.connect(demo_store.path)
    conn.execute("UPDATE alembic_version SET version_num='9999'")
    conn.commit()
    conn.close()
    out = tmp_path / "future.zip"
    arch.create_archive(demo_store.path, out)
    target_dir = tmp_path / "t"
    target_dir.mkdir()
    with pytest.raises(DatabaseTooNew, match="newer version of svdesk"):
        restore_archive(out, target_dir / "x.svdesk")
    assert list(target_dir.iterdir()) == []


def test_archive_skips_symlinks_in_the_evidence_folder(demo_store, tmp_path):
    ev = demo_store.evidence_dir
    ev.mkdir(exist_ok=True)
    already = sum(1 for p in ev.rglob("*") if p.is_file())
    (ev / "real.pdf").write_bytes(b"real")
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("not evidence")
    (ev / "link.txt").symlink_to(secret)
    info = arch.create_archive(demo_store.path, tmp_path / "a.zip")
    assert info.evidence_files == already + 1 and info.skipped == ("link.txt",)


def test_archive_refuses_to_overwrite_the_database(demo_store):
    with pytest.raises(SafetyError, match="replace the database"):
        arch.create_archive(demo_store.path, demo_store.path)


def test_restore_over_a_damaged_database_keeps_the_damaged_file(demo_store, tmp_path):
    out = tmp_path / "a.zip"
    arch.create_archive(demo_store.path, out)
    broken = tmp_path / "broken.svdesk"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    result = restore_archive(out, broken)
    assert result.previous_backup.name.startswith("broken.svdesk.damaged-")
    assert result.previous_backup.read_bytes().endswith(b"\x13" * 100)
    restored = _restored(broken)
    try:
        assert get_organisation(restored).name == "Irwell Joinery Ltd"
    finally:
        restored.close()


def test_restore_stops_when_a_good_database_cannot_be_backed_up(demo_store, tmp_path, monkeypatch):
    from svdesk.safety import restore as restore_module

    out = tmp_path / "a.zip"
    arch.create_archive(demo_store.path, out)
    before = demo_store.path.read_bytes()

    def disk_full(*args, **kwargs):
        raise SafetyError("Could not back up test.svdesk: the disk is full.")

    monkeypatch.setattr(restore_module, "take_backup", disk_full)
    with pytest.raises(SafetyError, match="disk is full"):
        restore_archive(out, demo_store.path)
    assert demo_store.path.read_bytes() == before
    assert not list(tmp_path.glob(".svdesk-restore-*"))


def test_archive_manifest_matches_the_bytes_written(with_evidence, tmp_path):
    out = tmp_path / "a.zip"
    arch.create_archive(with_evidence.path, out)
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for entry in manifest["entries"]:
            data = zf.read(entry["name"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            assert len(data) == entry["size"]


def test_leftovers_of_a_killed_restore_are_tidied_when_old(demo_store, tmp_path):
    import os
    import time

    out = tmp_path / "a.zip"
    arch.create_archive(demo_store.path, out)
    target = tmp_path / "t"
    target.mkdir()
    old, young = target / ".svdesk-restore-old", target / ".svdesk-restore-young"
    for folder in (old, young):
        (folder / "staging").mkdir(parents=True)
    day_ago = time.time() - 2 * 86400
    os.utime(old, (day_ago, day_ago))
    restore_archive(out, target / "x.svdesk")
    assert not old.exists() and young.exists()


def test_forged_header_cannot_demand_huge_key_derivation(demo_store, tmp_path):
    out = tmp_path / "a.enc"
    arch.create_archive(demo_store.path, out, passphrase="a long passphrase")
    raw = bytearray(out.read_bytes())
    raw[len(crypto.MAGIC) + 1] = 22  # log2(N): 2**22 * 128 * r bytes of memory
    raw[len(crypto.MAGIC) + 2] = 32
    out.write_bytes(bytes(raw))
    with pytest.raises(SafetyError, match="damaged header"):
        restore_archive(out, tmp_path / "r" / "x.svdesk", passphrase="a long passphrase")
