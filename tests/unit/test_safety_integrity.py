"""Integrity check: healthy, damaged, truncated, read-only, full disk, missing evidence."""

from __future__ import annotations

import errno
import hashlib
import sqlite3

import pytest

from svdesk.safety import integrity
from svdesk.safety.backup import automatic_backup
from svdesk.safety.integrity import check_integrity


@pytest.fixture
def fake_evidence(store):
    """An evidence area stand-in: files named by their hash, registered like the real one."""
    folder = store.evidence_dir
    folder.mkdir()
    files = {}
    for name, content in [
        ("payroll-aug.pdf", b"%PDF payroll extract IJ-014"),
        ("college-letter.pdf", b"%PDF letter from Salford City College"),
    ]:
        sha = hashlib.sha256(content).hexdigest()
        path = folder / sha[:2] / (sha + ".pdf")
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        files[name] = (sha, path)

    def provider(given):
        assert given.path == store.path
        return list(files.values())

    integrity.register_evidence_files(provider)
    yield files
    integrity.unregister_evidence_files(provider)


def test_healthy_database_with_evidence_passes(store, fake_evidence):
    report = check_integrity(store.path, store=store)
    assert report.ok, report.text()
    assert report.evidence_checked == 2
    assert "No problems found." in report.text()
    assert "All 2 evidence files present and unchanged." in report.text()


def test_without_evidence_the_check_still_runs(store):
    report = check_integrity(store.path)
    assert report.ok and report.evidence_checked == 0


def test_missing_and_changed_evidence_are_reported_with_a_way_forward(store, fake_evidence):
    fake_evidence["payroll-aug.pdf"][1].unlink()
    fake_evidence["college-letter.pdf"][1].write_bytes(b"%PDF edited later")
    report = check_integrity(store.path)
    assert not report.ok
    text = report.text()
    assert "1 evidence file is missing." in text
    assert "1 evidence file has changed since it was attached." in text
    assert "re-attach" in text and "Restore the original" in text


def test_provider_failing_on_a_database_without_its_table_is_a_warning(demo_store):
    def provider(store):
        with store.engine.connect() as conn:
            return list(conn.exec_driver_sql("SELECT sha256, stored_path FROM evidence"))

    integrity.register_evidence_files(provider)
    try:
        report = check_integrity(demo_store.path)
    finally:
        integrity.unregister_evidence_files(provider)
    assert report.ok
    assert any(f.severity == "warning" and "could not be checked" in f.title for f in report.findings)


def test_truncated_database_says_so_and_points_to_the_backup(demo_store):
    backup = automatic_backup(demo_store.path, "close")
    demo_store.close()
    conn = sqlite3.connect(demo_store.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = demo_store.path.read_bytes()
    demo_store.path.write_bytes(data[: len(data) // 2])
    report = check_integrity(demo_store.path)
    assert not report.ok
    text = report.text()
    assert "cut short (truncated)" in text
    assert str(backup.path) in text and "svdesk restore" in text


def test_overwritten_pages_are_reported_as_damage(demo_store):
    demo_store.close()
    conn = sqlite3.connect(demo_store.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(demo_store.path.read_bytes())
    data[page + 8 : 3 * page] = b"\xa5" * (2 * page - 8)  # scribble over the first table pages
    demo_store.path.write_bytes(bytes(data))
    report = check_integrity(demo_store.path)
    assert not report.ok
    assert "damaged" in report.text() and "restore" in report.text().lower()


@pytest.mark.parametrize(
    "content, words",
    [(b"", "is empty"), (b"PK\x03\x04 not a database at all" * 10, "not an svdesk database")],
)
def test_files_that_are_not_databases(tmp_path, content, words):
    path = tmp_path / "x.svdesk"
    path.write_bytes(content)
    report = check_integrity(path)
    assert not report.ok and words in report.text()


def test_missing_database(tmp_path):
    report = check_integrity(tmp_path / "gone.svdesk")
    assert not report.ok and "There is no database" in report.text()


def test_sqlite_file_that_is_not_svdesk(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    report = check_integrity(path)
    assert not report.ok and "not an svdesk database" in report.text()


def test_broken_links_between_records(demo_store):
    with demo_store.engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE contract_note (id INTEGER PRIMARY KEY, contract_id INTEGER REFERENCES contract(id))"
        )
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn = sqlite3.connect(demo_store.path)
    conn.execute("INSERT INTO contract_note (contract_id) VALUES (999)")
    conn.commit()
    conn.close()
    report = check_integrity(demo_store.path)
    assert not report.ok
    assert "1 record points to a record that no longer exists." in report.text()
    assert "contract_note → contract" in report.text()


@pytest.mark.parametrize(
    "code, words",
    [
        (errno.ENOSPC, "The disk is full."),
        (errno.EROFS, "cannot save changes"),
        (errno.EACCES, "cannot save changes"),
    ],
)
def test_folder_problems_are_explained(demo_store, monkeypatch, code, words):
    def refuse(folder):
        raise OSError(code, "simulated")

    monkeypatch.setattr(integrity, "probe_writable", refuse)
    report = check_integrity(demo_store.path)
    assert not report.ok
    text = report.text()
    assert words in text and "What to do:" in text
    # The database itself was still checked.
    assert "quick check passed" in text


def test_the_evidence_area_registers_its_files_for_the_check(demo_store, tmp_path):
    from svdesk.services import evidence

    letter = tmp_path / "college-letter.pdf"
    letter.write_bytes(b"%PDF-1.4 letter from Salford City College, placements 2026")
    added = evidence.add_evidence(demo_store, letter, caption="College letter")
    before = check_integrity(demo_store.path).evidence_checked
    assert before >= 1 and check_integrity(demo_store.path).ok
    evidence.evidence_path(demo_store, added).unlink()
    report = check_integrity(demo_store.path)
    assert not report.ok and "evidence file is missing" in report.text()
    assert added.sha256 in report.text()
