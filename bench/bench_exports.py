"""How long each export takes for the demo firm, optionally with many extra activity records.

    .venv/bin/python bench/bench_exports.py [EXTRA_ROWS]
    .venv/bin/python bench/bench_exports.py --db BIG.svdesk [--only pack.docx,...] [--reps 1]

Creates a throwaway demo database, adds EXTRA_ROWS energy records (default 5,000) so the activity
log and environment sheets are long, then times every export in every format it offers.

--db: time them on that database instead (e.g. bench/make_large_db.py's ten-year one, its
-evidence folder beside it), in this process (no child), organisation-wide where the kind allows,
else for the contract whose term ends last; the file is opened as the app opens it and only read.
Prints the load average with the figures (issue #23 point 2: every kind and format under 5 s).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def on_database(path: Path, only: set[str], reps: int) -> None:
    import os

    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import EXPORTS, export_now
    from svdesk.services.contracts import list_contracts
    from svdesk.services.store import Store
    from svdesk.services.validation import ValidationError

    store = Store.open(path)
    dated = [c for c in list_contracts(store) if c.start_date and c.end_date]
    contract = max(dated, key=lambda c: (c.end_date, c.id)).reference if dated else None
    print(f"load average at the start: {os.getloadavg()[0]:.2f}; {path.name}, contract {contract}")
    print(f"{'export':12} {'format':6} {'seconds':>8}  (best of {reps}; goal under 5 s)")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in EXPORTS.values():
            for fmt in kind.formats:
                if only and f"{kind.key}{fmt}" not in only:
                    continue
                ref = contract if kind.needs_contract else None
                times = []
                try:
                    for _ in range(reps):
                        began = time.perf_counter()
                        target = Path(tmp) / f"{kind.key}{fmt}"
                        export_now(store, ExportRequest(kind.key, contract_ref=ref), target)
                        times.append(time.perf_counter() - began)
                except ValidationError as exc:  # e.g. a carbon plan the data cannot fill
                    print(f"{kind.key:12} {fmt:6} refused: {str(exc).splitlines()[0]}", flush=True)
                    continue
                took = min(times)
                each = " ".join(f"{t:.2f}" for t in times)
                verdict = "met" if took < 5 else "NOT met"
                print(f"{kind.key:12} {fmt:6} {took:8.2f}  {verdict} (each run: {each})", flush=True)
    store.close()
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


def main() -> None:
    if "--db" in sys.argv:
        args = sys.argv[1:]
        only = set(args[args.index("--only") + 1].split(",")) if "--only" in args else set()
        reps = int(args[args.index("--reps") + 1]) if "--reps" in args else 1
        on_database(Path(args[args.index("--db") + 1]), only, reps)
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import EXPORTS, export_now
    from svdesk.services.demo import create_demo
    from svdesk.services.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.svdesk")
        create_demo(store)
        try:
            from svdesk.models import EmissionRecord
        except ImportError:
            EmissionRecord = None
        if EmissionRecord is not None and rows:
            start = date(2025, 4, 1)
            with store.write() as s:
                s.add_all(
                    EmissionRecord(
                        date=start + timedelta(days=i % 365),
                        category="energy",
                        factor_key="electricity_uk",
                        quantity=100 + i % 50,
                        unit="kWh",
                        attribution_share=1.0,
                        notes="",
                    )
                    for i in range(rows)
                )
        print(f"{'export':12} {'format':6} {'seconds':>8}  ({rows:,} extra energy records)")
        for kind in EXPORTS.values():
            for fmt in kind.formats:
                out = Path(tmp) / f"{kind.key}{fmt}"
                began = time.perf_counter()
                ref = "SCC-PR-2025-041" if kind.needs_contract else None  # others: all work
                export_now(store, ExportRequest(kind.key, contract_ref=ref, year=2025), out)
                print(f"{kind.key:12} {fmt:6} {time.perf_counter() - began:8.2f}")
        store.close()


if __name__ == "__main__":
    main()
