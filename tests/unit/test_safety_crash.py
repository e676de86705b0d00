"""Crash safety: SIGKILL a process in the middle of a large write or an archive, then check the
database is whole and holds all of the write or none of it.

The child writes a few thousand contracts (and their audit rows) in ONE Store transaction, in
flushed batches so the kill lands while SQLite is writing pages, not only before or after. The
points are spread over one uninterrupted run's length, so most runs land mid-transaction.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svdesk.safety.integrity import check_integrity

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

WRITER = """
import sys
from svdesk.models import Contract
from svdesk.services.store import Store

store = Store.open(sys.argv[1])
batch, rows = sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
with store.write() as s:
    for i in range(rows):
        s.add(Contract(reference=f"{batch}-{i:05d}", title="Planned maintenance call-off " * 3,
                       buyer="Salford City Council", value_pence=125_000 + i, status="active",
                       framework="council", site_postcode="M5 4WT",
                       local_area_kind="authorities", local_area_codes="E08000006",
                       notes="Imported from the framework schedule. " * 8))
        if i % 250 == 249:
            s.flush()
print("done", flush=True)
"""

ARCHIVER = """
import sys
from svdesk.safety.archive import create_archive
print("ready", flush=True)
create_archive(sys.argv[1], sys.argv[2])
print("done", flush=True)
"""


def _start(script: str, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def _counts(db: Path, batch: str) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        contracts = conn.execute(
            "SELECT COUNT(*) FROM contract WHERE reference LIKE ?", (f"{batch}-%",)
        ).fetchone()[0]
        audits = conn.execute(
            "SELECT COUNT(*) FROM audit_log WHERE table_name='contract' AND action='insert' AND "
            "changes LIKE ?",
            (f'%"reference": [null, "{batch}-%',),
        ).fetchone()[0]
        return contracts, audits
    finally:
        conn.close()


def _uninterrupted_seconds(db: Path) -> float:
    proc = _start(WRITER, str(db), "WARMUP", str(ROWS))
    began = time.monotonic()  # from "ready": the transaction itself
    assert proc.wait() == 0, proc.stderr.read()
    return time.monotonic() - began


def test_killed_mid_import_leaves_all_or_nothing(demo_store):
    db = demo_store.path
    demo_store.close()
    length = _uninterrupted_seconds(db)
    assert _counts(db, "WARMUP") == (ROWS, ROWS)
    rng = random.Random(20261123)
    for run in range(8):
        batch = f"RUN{run}"
        proc = _start(WRITER, str(db), batch, str(ROWS))
        time.sleep(rng.uniform(0.05, 1.1) * length)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report = check_integrity(db)
        assert report.ok, report.text()
        contracts, audits = _counts(db, batch)
        assert contracts in (0, ROWS), f"run {run}: {contracts} of {ROWS} rows survived"
        assert audits == contracts, "the audit trail and the data disagree"
    # The demo firm's own records are untouched by any of it.
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT name FROM organisation").fetchone() == ("Irwell Joinery Ltd",)
    conn.close()


def test_killed_while_writing_an_archive_leaves_database_whole_and_no_fake_archive(demo_store, tmp_path):
    from svdesk.safety.restore import restore_archive

    ev = demo_store.evidence_dir
    ev.mkdir(exist_ok=True)
    rng = random.Random(7)
    for i in range(30):
        (ev / f"scan-{i:02d}.tif").write_bytes(rng.randbytes(300_000))
    out = tmp_path / "nightly.svdesk-archive"
    for run in range(4):
        proc = _start(ARCHIVER, str(demo_store.path), str(out))
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert check_integrity(demo_store.path).ok
        if out.exists():  # the rename happened, so it must be a complete, valid archive
            restore_archive(out, tmp_path / f"check{run}" / "x.svdesk")
            out.unlink()


def test_disk_filling_up_mid_import_writes_nothing_and_says_so(demo_store):
    """SQLite's max_page_count makes the database 'full' at a set size: the same SQLITE_FULL
    error a full disk gives, without filling a real disk."""
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    from svdesk.models import Contract

    demo_store.engine.dispose()
    with demo_store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(demo_store.engine, "connect")
    def _cap(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 20}")

    demo_store.engine.dispose()
    with pytest.raises(OperationalError, match="database or disk is full"), demo_store.write() as s:
        for i in range(ROWS):
            s.add(
                Contract(
                    reference=f"FULL-{i:05d}",
                    title="Call-off " * 20,
                    buyer="Salford City Council",
                    notes="Schedule line. " * 40,
                )
            )
    event.remove(demo_store.engine, "connect", _cap)
    demo_store.engine.dispose()
    assert _counts(demo_store.path, "FULL") == (0, 0)
    assert check_integrity(demo_store.path).ok


PAYROLL_IMPORTER = """
import sys
from svdesk.services.people_import import import_people, preview_people
from svdesk.services.store import Store

store = Store.open(sys.argv[1])
preview = preview_people(store, sys.argv[2])
assert not preview.rejected, preview.rejected[:3]
print("ready", flush=True)
import_people(store, preview)
print("done", flush=True)
"""


def test_killed_mid_payroll_import_leaves_all_or_nothing(demo_store, tmp_path):
    postcodes = ["M5 4WT", "M6 5FX", "M2 5DB", "M3 5FS", "M15 4PS", "M27 4AE"]
    people = 1500
    db = demo_store.path
    demo_store.close()
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    conn.close()
    rng = random.Random(11)
    for run in range(4):
        csv_file = tmp_path / f"brightpay-{run}.csv"
        lines = ["Works Number,First Name,Surname,Postcode,Start Date,Contracted Hours,Hourly Pay Rate"]
        lines += [
            f"P{run}-{i:05d},Alex,Smith,{postcodes[i % 6]},02/09/2024,{20 + i % 20},13.45"
            for i in range(people)
        ]
        csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        proc = _start(PAYROLL_IMPORTER, str(db), str(csv_file))
        time.sleep(rng.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert check_integrity(db).ok
        conn = sqlite3.connect(db)
        imported = conn.execute(
            "SELECT COUNT(*) FROM person WHERE reference LIKE ?", (f"P{run}-%",)
        ).fetchone()[0]
        conn.close()
        assert imported in (0, people), f"run {run}: {imported} of {people} people survived"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM person WHERE reference NOT LIKE 'P_-%'").fetchone()[0] == before
    conn.close()
