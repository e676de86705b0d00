"""Benchmark: the organisation-wide Dashboard recount, two source trees against each other in
one run (alternating, several rounds, medians), as ratios; the machine's load is printed.

    python bench/bench_dashboard_pair.py DB BEFORE_TREE [AFTER_TREE] [--rounds 5] [--reps 5]

DB: a database made by bench/make_large_db.py (or bench_dashboard.py's build). Use a copy:
opening it upgrades it. BEFORE_TREE / AFTER_TREE: folders holding an svdesk source tree (e.g.
`git archive <commit> | tar -x -C /tmp/before`); AFTER_TREE defaults to this checkout.

Each round starts one process per tree (in turn, so both see the same load); a process opens
the database, counts one dashboard first (it loads the postcode tables), freezes what is in
memory for good (as the app does) and then times, each the median of --reps calls:

- "page, cold": the Dashboard's first view, the whole organisation, this financial year so far
  against the same days last year, plus the attention list, with nothing kept from an earlier
  count (what a recount costs after a record has changed);
- "page, warm": the same view again with nothing changed (a tree with
  svdesk.services.measure_cache keeps the records read and mapped between counts);
- "page, other period": last financial year against the year before, after the first view
  (switching the period);
- "all time, cold": every figure organisation-wide, all time (`measures_overview`).

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
from svdesk.services.dashboard import LAST_YEAR, dashboard, dashboard_periods
from svdesk.services.measures_overview import measures_overview
try:
    from svdesk.services.measure_cache import forget
except ImportError:          # a tree without the shared cache keeps nothing between counts
    def forget(store):
        pass
store = Store.open(sys.argv[2])
reps = int(sys.argv[3])
today = date(2026, 11, 23)
periods = dashboard_periods(store, None, today)
first = periods[0]
other = next(p for p in periods if p.key == LAST_YEAR)
measures_overview(store, None, None, None, today)   # postcode tables, rates
gc.freeze()

def median(fn, before=None):
    times = []
    for _ in range(reps):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)

out = {
    "page, cold": median(lambda: dashboard(store, None, first, today),
                         lambda: forget(store)),
    "page, warm": median(lambda: dashboard(store, None, first, today)),
    "page, other period": median(lambda: dashboard(store, None, other, today),
                                 lambda: (forget(store), dashboard(store, None, first, today))),
    "all time, cold": median(lambda: measures_overview(store, None, None, None, today),
                             lambda: forget(store)),
}
print(json.dumps(out))
"""


def _run(tree: Path, db: Path, reps: int) -> dict:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(db), str(reps)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path, nargs="?", default=HERE)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    print(
        f"load average at the start: {_load()}; {os.cpu_count()} CPUs; "
        f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}"
    )
    _run(a.after, a.db, 1)  # upgrade the copy (once) and warm the file cache
    results: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    for r in range(a.rounds):
        for side, tree in (
            (("before", a.before), ("after", a.after))
            if r % 2 == 0
            else (("after", a.after), ("before", a.before))
        ):
            for name, value in _run(tree, a.db, a.reps).items():
                results[side].setdefault(name, []).append(value)
    print(f"load average at the end: {_load()}")
    print(f"{'median of ' + str(a.rounds) + ' rounds':32} {'before':>9} {'after':>9} {'after/before':>13}")
    for name in results["before"]:
        b = statistics.median(results["before"][name])
        n = statistics.median(results["after"][name])
        print(f"{name:32} {b * 1000:7.0f} ms {n * 1000:7.0f} ms {n / b:12.2f}x")


if __name__ == "__main__":
    main()
