"""Issue #19: opening a database from the command line when the file is missing, empty, damaged,
read-only, on a full disk, older than the code, or open in a window at the same time."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from svdesk.cli import main

ROOT = Path(__file__).resolve().parents[2]
SALFORD = "SCC-PR-2025-041"


def _run(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SVDESK_HOME=str(env_home))
    return subprocess.run(
        [sys.executable, "-m", "svdesk", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo database made once by a separate process (so it is fully written and closed)."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "irwell.svdesk"
    done = _run("demo", "--db", str(db), env_home=folder / "home")
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def demo(demo_file, tmp_path) -> Path:
    """A copy of the demo database with its evidence folder, so `svdesk check` finds it whole."""
    db = tmp_path / "irwell.svdesk"
    shutil.copy(demo_file, db)
    evidence = demo_file.with_name(f"{demo_file.stem}-evidence")
    if evidence.is_dir():
        shutil.copytree(evidence, tmp_path / evidence.name)
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage_a_page(db: Path) -> None:
    """Write a page of random bytes into the middle of the file, as a failing disk might."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    # a page of the spend lines' table: damage where the figures come from
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='spend_line'").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(random.Random(19).randbytes(page_size))


# --- 14: a mistyped or empty --db --------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["info"],
        ["report"],
        ["history", "contract", "1"],
        ["spend", "summary"],
        ["export", "workbook", "--out", "OUT/w.xlsx"],
    ],
)
def test_a_reading_command_on_a_missing_file_says_so_and_creates_nothing(tmp_path, capsys, argv):
    db = tmp_path / "irwel.svdesk"  # a typo for irwell.svdesk
    argv = [a.replace("OUT", str(tmp_path)) for a in argv]
    assert main([*argv, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "There is no svdesk database at" in err and str(db) in err
    assert not db.exists() and not (tmp_path / "w.xlsx").exists()


def test_a_zero_length_file_is_not_an_svdesk_database(tmp_path, capsys):
    db = tmp_path / "firm.svdesk"
    db.write_bytes(b"")
    assert main(["report", "--db", str(db)]) == 1
    assert "is not an svdesk database (empty file)" in capsys.readouterr().err
    assert db.stat().st_size == 0


def test_a_missing_folder_is_named(tmp_path, capsys):
    db = tmp_path / "USB" / "firm.svdesk"
    assert main(["info", "--db", str(db)]) == 1
    assert f"There is no folder {db.parent}" in capsys.readouterr().err
    assert not db.parent.exists()


def test_demo_still_creates_a_new_database(tmp_path, capsys):
    db = tmp_path / "new.svdesk"
    assert main(["demo", "--db", str(db)]) == 0
    assert db.stat().st_size > 0


# --- 6: a damaged database ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["report"],
        ["info"],
        ["spend", "summary"],
        ["export", "workbook", "--out", "OUT/w.xlsx"],
        ["export", "return", "--contract", SALFORD, "--out", "OUT/r.xlsx"],
    ],
)
def test_a_damaged_database_stops_a_reading_command_with_a_clear_message(demo, tmp_path, capsys, argv):
    _damage_a_page(demo)
    argv = [a.replace("OUT", str(tmp_path)) for a in argv]
    assert main([*argv, "--db", str(demo)]) == 1
    captured = capsys.readouterr()
    assert "is damaged" in captured.err and str(demo) in captured.err
    assert "svdesk check" in captured.err and "backup" in captured.err
    assert "Traceback" not in captured.err
    assert not list(tmp_path.glob("*.xlsx"))


def test_a_damaged_database_is_not_written_by_contract_add_or_an_import(demo, tmp_path, capsys):
    _damage_a_page(demo)
    before = _digest(demo)
    spend = tmp_path / "spend.csv"
    spend.write_text("Date,Supplier,Amount\n2026-05-01,Timber Co,120.00\n", encoding="utf-8")
    assert (
        main(
            [
                "contract",
                "add",
                "--db",
                str(demo),
                "--ref",
                "X-1",
                "--title",
                "Repairs",
                "--buyer",
                "Salford City Council",
                "--local-districts",
                "M5",
            ]
        )
        == 1
    )
    assert "is damaged" in capsys.readouterr().err
    assert main(["import", "spend", str(spend), "--db", str(demo)]) == 1
    assert "is damaged" in capsys.readouterr().err
    assert _digest(demo) == before
    assert not demo.with_name(demo.name + ".lock").exists()


def test_the_quick_check_passes_a_whole_demo_database(demo, capsys):
    from svdesk.db.opening import quick_check

    quick_check(demo)  # no exception: a whole file is opened as before
    assert main(["report", "--db", str(demo)]) == 0


def test_a_failing_measure_is_said_not_left_out(demo, capsys, monkeypatch):
    """A source that raises does not make its measure vanish or read 0 without a word."""
    import svdesk.services.measures as measures

    real = measures.source_for

    def broken(key):
        if key == "local_spend_gbp":

            def fail(_query):
                raise RuntimeError("the spend table could not be read")

            return fail
        return real(key)

    monkeypatch.setattr(measures, "source_for", broken)
    assert main(["report", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    assert "could not be computed" in out


def test_an_export_lists_a_failing_measure_and_says_so(demo, tmp_path, capsys, monkeypatch):
    """The workbook keeps the measure's row, with no figure and the reason, and the check
    printed before writing names it."""
    from openpyxl import load_workbook

    import svdesk.services.measures as measures

    real = measures.source_for

    def broken(key):
        if key == "local_spend_gbp":

            def fail(_query):
                raise RuntimeError("the spend table could not be read")

            return fail
        return real(key)

    monkeypatch.setattr(measures, "source_for", broken)
    out_file = tmp_path / "w.xlsx"
    assert main(["export", "workbook", "--db", str(demo), "--out", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert "Blocker:" in out and "could not be computed" in out
    book = load_workbook(out_file, read_only=True)
    rows = [
        r
        for r in book["Measures"].iter_rows(values_only=True)
        if any(isinstance(v, str) and "could not be computed" in v for v in r)
    ]
    assert len(rows) == 1 and rows[0][2] is None  # listed, and not as a 0
    book.close()
    assert main(["export", "workbook", "--db", str(demo), "--out", str(tmp_path / "s.xlsx"), "--strict"]) == 3


# --- 7: healthy data called damaged ------------------------------------------------------------


def test_errors_are_classified_and_only_damage_says_damaged(tmp_path, monkeypatch):
    import svdesk.db.opening as opening

    db = tmp_path / "firm.svdesk"
    db.write_bytes(b"x")
    full = opening.describe_database_error(sqlite3.OperationalError("database or disk is full"), db, "save")
    assert "full" in full and str(tmp_path) in full and "damaged" not in full.replace("not damaged", "")
    assert "is damaged" in opening.describe_database_error(
        sqlite3.DatabaseError("database disk image is malformed"), db
    )
    assert "no svdesk database" in opening.describe_database_error(
        sqlite3.OperationalError("unable to open database file"), tmp_path / "nope.svdesk"
    )
    monkeypatch.setattr(opening, "_folder_read_only", lambda folder: True)
    ro = opening.describe_database_error(sqlite3.OperationalError("unable to open database file"), db, "read")
    assert f"The folder {tmp_path} is read-only" in ro and "is damaged" not in ro
    monkeypatch.setattr(opening, "_folder_read_only", lambda folder: False)
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    ro_file = opening.describe_database_error(
        sqlite3.OperationalError("attempt to write a readonly database"), db, "change"
    )
    assert f"The file {db} is read-only" in ro_file and "is damaged" not in ro_file


def test_a_read_only_folder_is_read_not_called_damaged(demo, tmp_path, monkeypatch, capsys):
    """A WAL database in a folder SQLite cannot write its -shm file to is still readable."""
    import svdesk.db.opening as opening

    monkeypatch.setattr(opening, "_folder_read_only", lambda folder: True)
    assert main(["info", "--db", str(demo)]) == 0
    assert "Irwell Joinery" in capsys.readouterr().out


def test_a_database_error_after_opening_is_a_sentence_not_a_traceback(demo, capsys, monkeypatch):
    import svdesk.cli.report as cli_report

    def full(*_a, **_k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cli_report, "build_report", full)
    assert main(["report", "--db", str(demo)]) == 1
    err = capsys.readouterr().err
    assert "is full" in err and str(demo.parent) in err


# --- 8: reading commands write nothing and leave another process's log alone --------------------


def test_reading_commands_write_nothing(tmp_path, capsys):
    db = tmp_path / "firm.svdesk"
    assert (
        main(
            [
                "contract",
                "add",
                "--db",
                str(db),
                "--ref",
                "R-1",
                "--title",
                "Repairs",
                "--buyer",
                "Salford City Council",
                "--local-districts",
                "M5",
            ]
        )
        == 0
    )
    from svdesk.services.organisation import OrganisationData, save_organisation
    from svdesk.services.store import Store

    store = Store.open(db)  # an export needs the organisation's name
    save_organisation(store, OrganisationData(name="Test Joinery Ltd", postcode="M5 4WT"))
    store.close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(db)
    for argv in (
        ["report"],
        ["info"],
        ["report", "--contract", "R-1", "--json"],
        ["export", "workbook", "--out", str(tmp_path / "w.xlsx")],
    ):
        assert main([*argv, "--db", str(db)]) == 0
    capsys.readouterr()
    assert _digest(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM measure_setting").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM proxy_value").fetchone()[0] == 0
    conn.close()


def test_a_reading_report_has_the_same_figures_as_a_written_one(demo, tmp_path, capsys):
    import json

    assert main(["report", "--db", str(demo), "--json"]) == 0
    read_only = json.loads(capsys.readouterr().out)
    from svdesk.services.proxies import ensure_defaults
    from svdesk.services.store import Store

    store = Store.open(demo)
    ensure_defaults(store)
    store.close()
    assert main(["report", "--db", str(demo), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["measures"] == read_only["measures"]


def test_an_older_database_is_not_upgraded_by_a_reading_command(demo, capsys):
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE alembic_version SET version_num='0100'")
    conn.commit()
    conn.close()
    before = _digest(demo)
    assert main(["info", "--db", str(demo)]) == 1
    err = capsys.readouterr().err
    assert "older version of svdesk" in err and "window" in err
    assert _digest(demo) == before


HOLDER = r"""
import sys
from sqlalchemy import text
from svdesk.safety.session import open_session, close_session
from svdesk.services.store import Store

opened = open_session(sys.argv[1], hash_evidence=False)   # lock, integrity check, backup
store = Store.open(sys.argv[1])
conn = store.engine.connect()
with store.write() as s:
    s.execute(text("UPDATE organisation SET name = 'Irwell Joinery (window)'"))
conn.execute(text("SELECT 1")).all()
print("ready", flush=True)
sys.stdin.readline()
with store.write() as s:
    s.execute(text("UPDATE organisation SET name = 'Irwell Joinery (later)'"))
conn.close()
store.close()
print(close_session(opened).ok, flush=True)
"""


@pytest.mark.parametrize("command", [["info"], ["report"], ["check"]])
def test_a_reading_command_leaves_an_open_windows_log_alone(demo, tmp_path, command):
    home = tmp_path / "home"
    env = dict(os.environ, PYTHONPATH=str(ROOT), SVDESK_HOME=str(home))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(demo)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        wal = demo.with_name(demo.name + "-wal")
        assert wal.exists()
        done = _run(*command, "--db", str(demo), env_home=home)
        assert done.returncode == 0, done.stderr
        if command == ["info"]:
            assert "Irwell Joinery (window)" in done.stdout  # not stale data
        assert wal.exists() and demo.with_name(demo.name + "-shm").exists()
        out, err = holder.communicate("go\n", timeout=120)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert holder.returncode == 0, err
    assert out.strip().splitlines()[-1] == "True", err
    conn = sqlite3.connect(demo)
    assert conn.execute("SELECT name FROM organisation").fetchone()[0] == "Irwell Joinery (later)"
    conn.close()
