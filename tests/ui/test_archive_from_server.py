"""File ▸ Archive on a PostgreSQL database (issue #22.4): the dialog's job archives the server's
database as a file copy, which restores on any PC."""

from __future__ import annotations

from svdesk.safety.restore import restore_archive
from svdesk.services import move
from svdesk.services.store import Store
from svdesk.ui.dialogs.backups_dialog import archive_job
from tests.unit.move_helpers import _contents, pg_report_runs  # noqa: F401


def test_the_archive_job_takes_the_servers_address(demo_store, pg_store, pg_report_runs, tmp_path):  # noqa: F811
    demo_store.close()
    move.move_store(demo_store.path, pg_store.where)
    job = archive_job(pg_store.where, tmp_path / "firm.zip", None)(lambda: False)
    try:
        while True:
            next(job)
    except StopIteration as finished:
        info = finished.value
    assert info.evidence_files == 8
    restored = tmp_path / "pc" / "firm.svdesk"
    restore_archive(info.path, restored)
    assert _contents(restored) == _contents(demo_store.path)
    Store.open_read_only(restored).close()
