"""`svdesk move` (issue #22.4): every table and evidence file from one store into an empty one,
either direction, all or nothing, then checked against `svdesk report --json`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from svdesk.cli import main
from svdesk.services import move
from svdesk.services.evidence_blobs import evidence_blob
from svdesk.services.store import Store
from tests.unit.move_helpers import _contents, _digest, _evidence_files, _report, pg_report_runs  # noqa: F401


@pytest.fixture
def pg_empty(pg_server):
    """A new PostgreSQL database with nothing in it (not even svdesk's tables)."""
    url = pg_server.create()
    yield url
    pg_server.drop(url)


def test_demo_file_to_postgresql_and_back_is_identical(
    demo_store, pg_empty, pg_report_runs, tmp_path, capsys
):
    source = demo_store.path
    demo_store.close()
    before = _digest(source)
    assert main(["move", "--from", str(source), "--to", pg_empty]) == 0
    out = capsys.readouterr()
    assert "Checked: every figure is the same in both." in out.out
    assert "Copying contract" in out.err and "evidence files" in out.err  # progress on stderr
    server = Store.open_read_only(pg_empty)
    try:
        with server.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(evidence_blob)).scalar_one() == len(
                _evidence_files(source)
            )
    finally:
        server.close()

    back = tmp_path / "back" / "firm.svdesk"
    assert main(["move", "--from", pg_empty, "--to", str(back)]) == 0
    assert "Checked: every figure is the same in both." in capsys.readouterr().out
    assert _contents(back) == _contents(source)
    assert _evidence_files(back) == _evidence_files(source) and _evidence_files(source)
    assert _report(back, capsys) == _report(source, capsys)
    assert _digest(source) == before  # the source is only read


def test_postgresql_ids_carry_on_after_the_copied_ones(demo_store, pg_empty, pg_report_runs):
    from svdesk.services.contracts import list_contracts
    from svdesk.services.evidence import add_evidence

    demo_store.close()
    move.move_store(demo_store.path, pg_empty)
    server = Store.open(pg_empty)
    try:
        highest = max(c.id for c in list_contracts(server))
        extra = Path(server.local_dir) / "new.txt"
        extra.write_text("a new timesheet")
        added = add_evidence(server, extra)  # the evidence id sequence must be past the copied ones
        assert added.created
        with server.engine.begin() as conn:
            from svdesk.models import Contract

            new_id = conn.execute(
                Contract.__table__.insert()
                .values(reference="NEW-1", title="t", buyer="b")
                .returning(Contract.__table__.c.id)
            ).scalar_one()
        assert new_id > highest
    finally:
        server.close()


def test_file_to_file(demo_store, tmp_path, capsys):
    demo_store.close()
    target = tmp_path / "copy" / "firm.svdesk"
    assert main(["move", "--from", str(demo_store.path), "--to", str(target)]) == 0
    assert "Checked: every figure is the same in both." in capsys.readouterr().out
    assert _contents(target) == _contents(demo_store.path)
    assert _evidence_files(target) == _evidence_files(demo_store.path)


def test_a_target_with_records_is_refused(demo_store, tmp_path, capsys):
    demo_store.close()
    full = tmp_path / "other" / "full.svdesk"
    assert main(["move", "--from", str(demo_store.path), "--to", str(full)]) == 0
    kept = _digest(full)
    empty = tmp_path / "empty.svdesk"
    Store.open(empty).close()
    capsys.readouterr()
    assert main(["move", "--from", str(empty), "--to", str(full)]) == 1
    err = capsys.readouterr().err
    assert "already holds records" in err and "Nothing has been changed" in err
    assert _digest(full) == kept


def test_a_postgresql_target_with_records_is_refused(pg_store, demo_store, capsys):
    url = pg_store.where
    assert (
        main(
            [
                "contract",
                "add",
                "--db",
                url,
                "--ref",
                "KEEP-1",
                "--title",
                "Their own",
                "--buyer",
                "Salford",
                "--local-districts",
                "M5",
            ]
        )
        == 0
    )
    demo_store.close()
    capsys.readouterr()
    assert main(["move", "--from", str(demo_store.path), "--to", url]) == 1
    assert "already holds records (1 in contract)" in capsys.readouterr().err
    assert move.record_counts(pg_store)["contract"] == 1


def _lose_one_file(db: Path) -> str:
    folder = db.with_name(db.stem + "-evidence")
    victim = sorted(folder.iterdir())[-1]
    victim.chmod(0o600)
    victim.unlink()
    return victim.name


def test_a_failure_midway_leaves_postgresql_as_it_was(demo_store, pg_store, capsys):
    demo_store.close()
    lost = _lose_one_file(demo_store.path)
    capsys.readouterr()
    assert main(["move", "--from", str(demo_store.path), "--to", pg_store.where]) == 1
    err = capsys.readouterr().err
    assert "is missing from" in err and lost in err  # which file, and where
    assert "Copying spend_line" in err  # it failed after the tables were copied
    assert move.record_counts(pg_store) == {}
    with pg_store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(evidence_blob)).scalar_one() == 0


def test_a_failure_midway_leaves_no_new_file(demo_store, tmp_path, capsys):
    demo_store.close()
    _lose_one_file(demo_store.path)
    folder = tmp_path / "new-pc"
    folder.mkdir()
    assert main(["move", "--from", str(demo_store.path), "--to", str(folder / "firm.svdesk")]) == 1
    assert list(folder.iterdir()) == []


def test_a_damaged_file_in_postgresql_stops_the_move_and_is_named(
    demo_store, pg_empty, pg_report_runs, tmp_path
):
    from sqlalchemy import text

    demo_store.close()
    move.move_store(demo_store.path, pg_empty)
    server = Store.open(pg_empty)
    try:
        with server.engine.begin() as conn:
            sha = conn.execute(text("SELECT sha256 FROM evidence_blob ORDER BY sha256 LIMIT 1")).scalar_one()
            name = conn.execute(
                text("SELECT original_name FROM evidence WHERE sha256 = :s"), {"s": sha}
            ).scalar()
            conn.execute(text("UPDATE evidence_blob SET content = 'x'::bytea WHERE sha256 = :s"), {"s": sha})
    finally:
        server.close()
    target = tmp_path / "out" / "firm.svdesk"
    with pytest.raises(Exception, match="damaged") as caught:
        move.move_store(pg_empty, target)
    assert name in str(caught.value)
    assert not target.exists()


def test_move_is_in_the_command_table_and_help(capsys):
    from svdesk.cli.commands import COMMANDS

    assert COMMANDS["move"] == ("svdesk.cli.move", "_add", "_run")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "move" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["move", "--help"])
    out = capsys.readouterr().out
    assert "--from" in out and "--to" in out


def test_a_database_opened_once_counts_as_empty(demo_store, pg_store, pg_report_runs):  # noqa: F811
    """Opening a new database loads the shipped proxy values: someone may have opened the
    server's database before the move. Those defaults give way to the source's records."""
    from svdesk.services.proxies import ensure_defaults

    ensure_defaults(pg_store)
    assert set(move.record_counts(pg_store)) == {"proxy_value", "measure_setting", "audit_log"}
    demo_store.close()
    move.move_store(demo_store.path, pg_store.where)
    assert _contents(pg_store.where) == _contents(demo_store.path)
