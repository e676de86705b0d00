"""SQLite against PostgreSQL (#22 point 6): the dashboard recompute and every export, on the same
firm built on each store the same way.

    SVDESK_TEST_PG=postgresql://user@/postgres?host=/tmp/pg \
        .venv/bin/python bench/bench_stores.py [LINES] [PEOPLE]     # default 100,000 and 500

SVDESK_TEST_PG names a server where this may create (and afterwards drops) a database
("svdesk_bench"); tools/pg_cluster.sh starts a throwaway one. Each store gets the demo firm
plus LINES random spend lines over two years and PEOPLE more people, written the same way
through svdesk.db.raw (the same SQL on both). Then, on each: the dashboard recomputed (the
page's figures cache emptied before each run: a fresh count, best of BENCH_RUNS, default 3)
and every export in every format, in this process. Prints the times and PostgreSQL / SQLite.
Goal: within 2x SQLite. This is not a test; it prints numbers.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date(2026, 11, 23)
CONTRACT = "SCC-PR-2025-041"


def fill(store, lines: int, people: int) -> None:
    from svdesk.db.raw import RawSQL
    from svdesk.services.demo import create_demo

    create_demo(store)
    rnd = random.Random(7)
    with store.write() as s:
        raw = RawSQL(s.connection())
        suppliers = [r[0] for r in raw.rows("SELECT id FROM supplier ORDER BY id")]
        batch = raw.rows("SELECT min(id) FROM import_batch")[0][0]
        scc = raw.rows("SELECT id FROM contract WHERE reference = ?", (CONTRACT,))[0][0]
        start = date(2025, 4, 1)
        rows = []
        for i in range(lines):
            net = rnd.randrange(500, 500_000)
            day = start + timedelta(days=rnd.randrange(730))
            paid = (day + timedelta(days=rnd.randrange(10, 70))).isoformat() if i % 4 else None
            rows.append(
                (
                    rnd.choice(suppliers),
                    day.isoformat(),
                    day.isoformat(),
                    paid,
                    net,
                    round(net * 1.2),
                    scc if i % 3 == 0 else None,
                    batch,
                    i,
                    f"bench{i:09d}",
                )
            )
        for at in range(0, len(rows), 10_000):
            raw.run_many(
                "INSERT INTO spend_line (supplier_id, spend_date, invoice_date, paid_date, net_pence, "
                "gross_pence, description, reference, contract_id, batch_id, source_row, fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?)",
                rows[at : at + 10_000],
            )
        postcodes = [r[0] for r in raw.rows("SELECT postcode FROM person ORDER BY id")]
        now = "2026-01-01 00:00:00"
        for i in range(people):
            pid = raw.insert(
                "INSERT INTO person (reference, postcode, workplace_postcode, start_date, "
                "weekly_hours, hourly_rate_pence, contract_type, job_status, priority_group, "
                "priority_group_other, recruitment_programme, consent_given, notes, created_at, "
                "updated_at) VALUES (?, ?, '', ?, ?, ?, 'permanent', 'retained', '', '', '', FALSE, '',"
                " ?, ?)",
                (
                    f"B-{i:05d}",
                    rnd.choice(postcodes),
                    (date(2015, 1, 1) + timedelta(days=rnd.randrange(4000))).isoformat(),
                    rnd.choice((16, 22.5, 30, 39)),
                    rnd.randrange(1200, 2000),
                    now,
                    now,
                ),
            )
            raw.run(
                "INSERT INTO person_contract (person_id, contract_id, time_share, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (pid, scc, rnd.choice((0.5, 0.8, 1.0)), now, now),
            )


def _best(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def measure(store, tmp: Path) -> dict[str, float]:
    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import EXPORTS, export_now
    from svdesk.services.contracts import find_contract
    from svdesk.services.dashboard import LAST_YEAR, dashboard, dashboard_periods

    runs = int(os.environ.get("BENCH_RUNS", "3"))
    contract = find_contract(store, CONTRACT)
    assert contract is not None

    def fresh(fn):
        def run():
            store._measure_cache = None  # svdesk.services.measure_cache: count afresh
            fn()

        return run

    out: dict[str, float] = {}
    org_period = dashboard_periods(store, None, TODAY)[0]
    fy = next(p for p in dashboard_periods(store, contract, TODAY) if p.key == LAST_YEAR)
    fresh(lambda: dashboard(store, None, org_period, TODAY))()  # warm: postcode tables, rates
    out["dashboard, organisation, FY so far"] = _best(
        fresh(lambda: dashboard(store, None, org_period, TODAY)), runs
    )
    out["dashboard, contract, last FY"] = _best(fresh(lambda: dashboard(store, contract.id, fy, TODAY)), runs)
    for kind in EXPORTS.values():
        for fmt in kind.formats:
            target = tmp / f"{kind.key}{fmt}"
            ref = CONTRACT if kind.needs_contract else None
            req = ExportRequest(kind.key, contract_ref=ref, year=2025, today=TODAY)
            t = time.perf_counter()
            try:
                export_now(store, req, target)
            except Exception as exc:  # noqa: BLE001  (an export this firm cannot make: say so)
                print(f"  {kind.key} {fmt}: not made ({type(exc).__name__}: {exc})")
                continue
            out[f"export {kind.key} {fmt}"] = time.perf_counter() - t
    return out


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    server = os.environ.get("SVDESK_TEST_PG")
    if not server:
        sys.exit("Set SVDESK_TEST_PG to a PostgreSQL server URL (tools/pg_cluster.sh starts one).")
    import psycopg

    from svdesk.services.store import Store

    pg_url = urlunsplit(urlsplit(server)._replace(path="/svdesk_bench"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute('DROP DATABASE IF EXISTS "svdesk_bench" WITH (FORCE)')
        conn.execute('CREATE DATABASE "svdesk_bench"')
    results = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.setdefault("SVDESK_HOME", str(Path(tmp) / "home"))
            for name, where in (("sqlite", Path(tmp) / "bench.svdesk"), ("postgresql", pg_url)):
                store = Store.open(where)
                t = time.perf_counter()
                fill(store, lines, people)
                took = time.perf_counter() - t
                print(f"{name}: built {lines:,} spend lines, {people:,} more people in {took:.1f} s")
                folder = Path(tmp) / name
                folder.mkdir()
                results[name] = measure(store, folder)
                store.close()
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "svdesk_bench" WITH (FORCE)')
    print(f"\n{'step':44} {'SQLite s':>9} {'PostgreSQL s':>13} {'ratio':>6}")
    for step, lite in results["sqlite"].items():
        pg = results["postgresql"].get(step)
        if pg is None:
            continue
        print(f"{step:44} {lite:9.3f} {pg:13.3f} {pg / lite:6.2f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
