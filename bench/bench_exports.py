"""How long each export takes for the demo firm, optionally with many extra activity records.

    .venv/bin/python bench/bench_exports.py [EXTRA_ROWS]

Creates a throwaway demo database, adds EXTRA_ROWS energy records (default 5,000) so the activity
log and environment sheets are long, then times every export in every format it offers.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
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
