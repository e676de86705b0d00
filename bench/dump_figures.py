"""Every figure and every record's contribution, as JSON, to compare two versions of the engine.

    python bench/dump_figures.py DB OUT.json [--tree SRC] [--contracts 3]

For the organisation and the first few contracts (by reference): `svdesk report --json`'s data
(build_report) for all time and the last financial year, and the Dashboard's data (dashboard())
for each of its periods: every figure with its quantity, value, breakdown, note and each
contribution (reference, quantity, claimed, reason, evidenced), the totals, the spend summary
with every supplier, the commitments' delivery and the attention list. Each Dashboard view is
counted twice, the second time from what the first kept (svdesk.services.measure_cache), and
both are written, so one dump also shows a kept count equals a fresh one.

--tree: the svdesk source tree to import (default: this checkout). Run it with the code before
and after a change on copies of the same database, then `cmp` or diff the two files.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date
from pathlib import Path


def plain(value):
    """JSON-able data of the engine's results (dataclasses, ORM rows by their id)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("store",)
        }
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (date,)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # every bit
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if hasattr(value, "__table__"):  # an ORM row: its id names it
        return f"{type(value).__name__}:{getattr(value, 'id', None)}"
    return repr(value)


def dump(store, contracts: int = 3, today: date = date(2026, 11, 23)) -> dict:
    from svdesk.services.contracts import list_contracts
    from svdesk.services.dashboard import dashboard, dashboard_periods
    from svdesk.services.report_data import build_report

    try:
        from svdesk.services.measure_cache import forget
    except ImportError:

        def forget(_store):
            pass

    chosen = sorted(list_contracts(store), key=lambda c: c.reference)[:contracts]
    out: dict = {}
    periods = dashboard_periods(store, None, today)
    last_year = periods[1]
    for contract in [None] + chosen:
        ref = contract.reference if contract else None
        name = ref or "organisation"
        for label, start, end in (("all time", None, None), ("last FY", last_year.start, last_year.end)):
            report = build_report(store, ref, start, end, today)
            report.pop("database", None)
            out[f"report {name} {label}"] = plain(report)
        forget(store)
        cid = contract.id if contract else None
        for period in dashboard_periods(store, contract, today):
            for kept in ("fresh", "kept"):
                if kept == "fresh":
                    forget(store)
                out[f"dashboard {name} {period.key} {kept}"] = plain(dashboard(store, cid, period, today))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent.parent)
    ap.add_argument("--contracts", type=int, default=3)
    a = ap.parse_args()
    sys.path.insert(0, str(a.tree.resolve()))
    from svdesk.services.store import Store

    store = Store.open(a.db)
    data = dump(store, a.contracts)
    store.close()
    a.out.write_text(json.dumps(data, indent=1, sort_keys=True))
    print(f"{len(data)} views written to {a.out}")


if __name__ == "__main__":
    main()
