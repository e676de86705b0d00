"""Archives stay portable between stores (issue #22.4): an archive made from a PostgreSQL
database restores into a file, and one made from a file restores into a PostgreSQL database.
An archive always holds an SQLite database and the evidence files, so the figures match."""

from __future__ import annotations

import zipfile

import pytest

from svdesk.cli import main
from svdesk.safety.archive import DATABASE, create_archive
from svdesk.safety.restore import restore_archive
from svdesk.services import move
from svdesk.services.store import Store
from tests.unit.move_helpers import _contents, _evidence_files, _report, pg_report_runs  # noqa: F401


@pytest.fixture
def pg_demo_url(demo_store, pg_server, pg_report_runs):  # noqa: F811
    """The demo firm moved into a PostgreSQL database (its evidence files in the database)."""
    demo_store.close()
    url = pg_server.create()
    move.move_store(demo_store.path, url)
    yield url
    pg_server.drop(url)


def test_an_archive_made_from_postgresql_restores_into_a_file(demo_store, pg_demo_url, tmp_path, capsys):
    out = tmp_path / "usb" / "firm.svdesk-archive"
    capsys.readouterr()
    assert main(["backup", "--db", pg_demo_url, "--out", str(out)]) == 0
    assert "8 evidence file(s)" in capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert DATABASE in names and zf.read(DATABASE)[:16] == b"SQLite format 3\x00"
    restored = tmp_path / "new-pc" / "firm.svdesk"
    result = restore_archive(out, restored)
    assert result.evidence_files == len(_evidence_files(demo_store.path)) > 0
    assert _contents(restored) == _contents(demo_store.path)
    assert _evidence_files(restored) == _evidence_files(demo_store.path)
    assert _report(restored, capsys) == _report(demo_store.path, capsys)


def test_an_archive_made_from_a_file_restores_into_postgresql(
    demo_store,
    pg_server,
    pg_report_runs,
    tmp_path,
    capsys,  # noqa: F811
):
    demo_store.close()
    out = tmp_path / "firm.svdesk-archive"
    passphrase = tmp_path / "phrase.txt"
    passphrase.write_text("correct horse battery\n")
    create_archive(demo_store.path, out, passphrase="correct horse battery")
    url = pg_server.create()
    try:
        capsys.readouterr()
        assert main(["restore", str(out), "--db", url, "--passphrase-file", str(passphrase)]) == 0
        said = capsys.readouterr().out
        assert "Restored" in said and "evidence file(s)" in said
        assert _contents(url) == _contents(demo_store.path)
        # ... and its evidence files, each read back out of the database, match the file's
        back = tmp_path / "back" / "firm.svdesk"
        move.move_store(url, back)
        assert _evidence_files(back) == _evidence_files(demo_store.path)
        assert _report(back, capsys) == _report(demo_store.path, capsys)
        # a second restore would overwrite everyone's work: refused, nothing changed
        capsys.readouterr()
        assert main(["restore", str(out), "--db", url, "--passphrase-file", str(passphrase)]) == 1
        assert "already holds records" in capsys.readouterr().err
        assert _contents(url) == _contents(demo_store.path)
    finally:
        pg_server.drop(url)


def test_a_postgresql_archive_opens_as_a_store(pg_demo_url, tmp_path):
    out = tmp_path / "a.zip"
    info = create_archive(pg_demo_url, out)
    assert info.schema_revision and info.evidence_files == 8
    restored = tmp_path / "r" / "firm.svdesk"
    restore_archive(out, restored)
    store = Store.open_read_only(restored)
    try:
        assert move.record_counts(store)["contract"] > 0
    finally:
        store.close()
