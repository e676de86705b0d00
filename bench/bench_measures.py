"""How long the counting rules and the figures dashboard take at the sizes the issue names.

    .venv/bin/python bench/bench_measures.py

Prints timings; asserts nothing (speed is not a unit test). The spend part of the dashboard
target (a million spend lines in under a quarter of a second) belongs to the spend area's SQL
aggregate and is not measured here; this measures the engine's own overhead and the
people-side counting rules for 5,000 people.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from svdesk.calc.employment import JobSpell, local_fte_years, priority_group_hires  # noqa: E402
from svdesk.calc.time_spans import Window  # noqa: E402


def _best(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    terms = {1: Window(date(2025, 4, 1), date(2027, 3, 31)), 2: Window(date(2024, 1, 1), date(2026, 12, 31))}
    spells = [
        JobSpell(
            f"P{i}",
            1 + i % 2,
            date(2020 + i % 6, 1 + i % 12, 1),
            None if i % 4 else date(2027, 1, 1),
            20 + i % 20,
            37.5,
            local=i % 3 != 0,
            priority_group="veteran" if i % 50 == 0 else None,
        )
        for i in range(5000)
    ]
    year = Window(date(2025, 4, 1), date(2026, 3, 31))
    print(
        f"local_fte_years, 5,000 people:      "
        f"{_best(lambda: local_fte_years(spells, year, terms, date(2026, 5, 1))) * 1000:.1f} ms"
    )
    print(
        f"priority_group_hires, 5,000 people: "
        f"{_best(lambda: priority_group_hires(spells, year, terms)) * 1000:.1f} ms"
    )

    from svdesk.services.contracts import find_contract
    from svdesk.services.demo import create_demo
    from svdesk.services.measures_overview import measures_overview
    from svdesk.services.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.svdesk")
        create_demo(store)
        contract = find_contract(store, "SCC-PR-2025-041")
        took = _best(lambda: measures_overview(store, contract.id, as_of=date(2026, 2, 10)))
        print(f"figures dashboard (demo records, 5 commitments): {took * 1000:.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
