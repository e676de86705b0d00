"""Benchmark: recompute the figures dashboard for a database with N spend lines and P people.

    python bench/bench_dashboard.py                  # 1,000,000 lines, 5,000 people
    python bench/bench_dashboard.py 100000 500       # smaller

Builds the demo firm, then adds synthetic spend lines (straight SQL, copying the demo's
suppliers, dates over two years, a third on the Salford contract) and people (copying the
demo's postcodes, all on the Salford contract). Times the engine's pieces and the whole
dashboard (`measures_overview`) for one contract and financial year, and organisation-wide.
Goal from the issue: under a quarter of a second. Prints numbers; asserts nothing.

BENCH_DB=path keeps the built database there and reuses it (before/after runs). A database
made by bench/make_large_db.py works too: without the demo's Salford contract the contract
with the most people is timed, for FY 2025/26. BENCH_RUNS=n takes the best of n warm runs
(default 3).

As in the app: one dashboard is computed first (it loads the postcode tables), then what is in
memory for good is frozen out of the garbage collector's full passes (gc.freeze, as
svdesk.ui.main_window.freeze_long_lived does once a database is open), so a full pass walks only what
the count itself made. BENCH_NO_FREEZE=1 leaves the collector as a bare process has it.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _best(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def build(path: Path, lines: int, people: int) -> None:
    import sqlite3

    from svdesk.services.demo import create_demo
    from svdesk.services.store import Store

    store = Store.open(path)
    create_demo(store)
    store.close()
    rnd = random.Random(7)
    conn = sqlite3.connect(path)
    suppliers = [r[0] for r in conn.execute("SELECT id FROM supplier")]
    batch = conn.execute("SELECT id FROM import_batch LIMIT 1").fetchone()[0]
    scc = conn.execute("SELECT id FROM contract WHERE reference = 'SCC-PR-2025-041'").fetchone()[0]
    start = date(2025, 4, 1)
    rows = (
        (
            rnd.choice(suppliers),
            (start + timedelta(days=rnd.randrange(730))).isoformat(),
            rnd.randrange(500, 500_000),
            scc if i % 3 == 0 else None,
            batch,
            i,
            f"bench{i:09d}",
        )
        for i in range(lines)
    )
    conn.executemany(
        "INSERT INTO spend_line (supplier_id, spend_date, net_pence, gross_pence, description, "
        "reference, contract_id, batch_id, source_row, fingerprint) "
        "VALUES (?, ?, ?, ?, '', '', ?, ?, ?, ?)",
        ((s, d, n, round(n * 1.2), c, b, i, f) for s, d, n, c, b, i, f in rows),
    )
    postcodes = [r[0] for r in conn.execute("SELECT postcode FROM person")]
    now = "2026-01-01 00:00:00"
    for i in range(people):
        cur = conn.execute(
            "INSERT INTO person (reference, postcode, workplace_postcode, start_date, "
            "weekly_hours, hourly_rate_pence, contract_type, job_status, priority_group, "
            "priority_group_other, recruitment_programme, consent_given, notes, created_at, "
            "updated_at) VALUES (?, ?, '', ?, ?, ?, 'permanent', 'retained', '', '', '', 0, '',"
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
        conn.execute(
            "INSERT INTO person_contract (person_id, contract_id, time_share, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (cur.lastrowid, scc, rnd.choice((0.5, 0.8, 1.0)), now, now),
        )
    conn.commit()
    conn.close()


def _contract(store):
    """The demo's Salford contract, or the contract with the most people on it."""
    from sqlalchemy import func, select

    from svdesk.models import PersonContract
    from svdesk.services.contracts import find_contract, get_contract

    found = find_contract(store, "SCC-PR-2025-041")
    if found is None:
        with store.read() as s:
            busiest = s.scalar(
                select(PersonContract.contract_id)
                .group_by(PersonContract.contract_id)
                .order_by(func.count().desc())
                .limit(1)
            )
        found = get_contract(store, busiest)
    return found


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    import os

    from svdesk.services.dashboard import LAST_YEAR, dashboard, dashboard_periods
    from svdesk.services.measures import compute_measures, measure_quantity, spend_summary
    from svdesk.services.measures_overview import measures_overview
    from svdesk.services.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        # BENCH_DB=path keeps the built database there and reuses it (before/after runs)
        path = Path(os.environ.get("BENCH_DB") or Path(tmp) / "bench.svdesk")
        if not path.exists():
            t = time.perf_counter()
            build(path, lines, people)
            print(
                f"built {lines:,} spend lines and {people:,} more people in {time.perf_counter() - t:.1f} s"
            )
        t = time.perf_counter()
        store = Store.open(path)  # upgrades an older database (once)
        print(f"opened in {time.perf_counter() - t:.2f} s")
        contract = _contract(store)
        scc = contract.id
        print(f"contract {contract.reference}")
        fy = (date(2025, 4, 1), date(2026, 3, 31))
        today = date(2026, 11, 23)
        timings = [
            ("spend summary, contract year", lambda: spend_summary(store, scc, *fy)),
            (
                "local FTE-years, contract year",
                lambda: measure_quantity(store, "local_jobs_fte_years", scc, *fy, today),
            ),
            ("all measures, contract year", lambda: compute_measures(store, scc, *fy, today=today)),
            ("dashboard, contract year", lambda: measures_overview(store, scc, *fy, today)),
            (
                "dashboard, organisation-wide, all time",
                lambda: measures_overview(store, None, None, None, today),
            ),
            # the Dashboard page: the period, the one before it to compare with, and the
            # attention list (records without evidence, actions due, local areas)
            (
                "dashboard page, contract, last FY vs FY before",
                lambda: dashboard(
                    store,
                    scc,
                    next(p for p in dashboard_periods(store, contract, today) if p.key == LAST_YEAR),
                    today,
                ),
            ),
            # what the Dashboard shows first: the whole organisation, this year so far
            (
                "dashboard page, organisation, FY so far vs before",
                lambda: dashboard(store, None, dashboard_periods(store, None, today)[0], today),
            ),
        ]
        runs = int(os.environ.get("BENCH_RUNS", "3"))
        measures_overview(store, None, None, None, today)  # warm: postcode tables, rates
        if not os.environ.get("BENCH_NO_FREEZE"):
            import gc

            gc.freeze()
            print("long-lived objects frozen, as in the app (BENCH_NO_FREEZE=1: not)")
        for name, fn in timings:
            print(f"{name:48} {_best(fn, runs):7.3f} s")
        store.close()


if __name__ == "__main__":
    main()
