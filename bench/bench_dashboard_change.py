"""Benchmark: the organisation-wide Dashboard recount just after one record of one kind changed,
two source trees against each other in one run (alternating rounds, medians), as ratios.

    python bench/bench_dashboard_change.py DB BEFORE_TREE [AFTER_TREE] [--rounds 3] [--reps 5]

DB: a copy of a bench/make_large_db.py database (opening it upgrades it; each change is undone
by the next, so the figures stay those of the file). Each process counts the Dashboard's first
view (FY so far against the same days last year, with the attention list) once, freezes what
is in memory (as the app does), then for each kind of record: changes one record of that kind
through the store (one committed UPDATE, as an edit does) and times the recount, the median of
--reps changes. A tree whose cache is emptied by any change (Store.version) recounts everything
each time; one with per-table change counts re-reads only what the change touched.

Prints nothing but figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent

CHILD = r"""
import gc, json, statistics, sys, time
from datetime import date
sys.path.insert(0, sys.argv[1])
from svdesk.services.store import Store
from svdesk.services.dashboard import dashboard, dashboard_periods
store = Store.open(sys.argv[2])
reps = int(sys.argv[3])
today = date(2026, 11, 23)
first = dashboard_periods(store, None, today)[0]
dashboard(store, None, first, today)   # postcode tables, rates, everything kept
gc.freeze()
ONE = "UPDATE {t} SET {c} = {c} + :d WHERE id = (SELECT {f}(id) FROM {t})"
CHANGES = {
    "volunteering": ONE.format(t="volunteering", c="hours", f="min"),
    "energy (emission record)": ONE.format(t="emission_record", c="quantity", f="min"),
    "person": ONE.format(t="person", c="weekly_hours", f="min"),
    "spend line": ONE.format(t="spend_line", c="net_pence", f="max"),
    "evidence link": ONE.format(t="evidence_link", c="record_id", f="min"),
}
from sqlalchemy import text
out = {}
for name, sql in CHANGES.items():
    times = []
    for i in range(reps):
        with store.write() as s:
            s.execute(text(sql), {"d": 1 if i % 2 == 0 else -1})
        t = time.perf_counter()
        dashboard(store, None, first, today)
        times.append(time.perf_counter() - t)
    if reps % 2:   # leave the file as it was
        with store.write() as s:
            s.execute(text(sql), {"d": -1})
        dashboard(store, None, first, today)
    out[name] = statistics.median(times)
print(json.dumps(out))
"""


def _run(tree: Path, db: Path, reps: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(db), str(reps)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    p = Path("/proc/loadavg")
    return " ".join(p.read_text().split()[:3]) if p.exists() else "?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path, nargs="?", default=HERE)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    now = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    print(f"load average at the start: {_load()}; {os.cpu_count()} CPUs; {now}")
    _run(a.after, a.db, 1)  # upgrade the copy (once) and warm the file cache
    results: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    for r in range(a.rounds):
        sides = [("before", a.before), ("after", a.after)]
        for side, tree in sides if r % 2 == 0 else reversed(sides):
            for name, value in _run(tree, a.db, a.reps).items():
                results[side].setdefault(name, []).append(value)
    print(f"load average at the end: {_load()}")
    print(f"{'recount after changing one':28} {'before':>9} {'after':>9} {'after/before':>13}")
    for name in results["before"]:
        b = statistics.median(results["before"][name])
        n = statistics.median(results["after"][name])
        print(f"{name:28} {b * 1000:7.0f} ms {n * 1000:7.0f} ms {n / b:12.2f}x")


if __name__ == "__main__":
    main()
