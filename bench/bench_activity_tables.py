"""How long the activity tables take to open with tens of thousands of records.

    .venv/bin/python bench/bench_activity_tables.py [ROWS]

Creates a throwaway database, adds ROWS emission records and ROWS volunteering records, then
times what a table does when it opens: count, first page, totals, and the no-evidence count;
then opens each table in the window's own widget (offscreen), searches it and sorts it, timing
each until its rows are shown, with the longest stall of a 10 ms heartbeat on the GUI thread
(the reads run on the worker, so the stall should stay far below the time).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    from svdesk.models import EmissionRecord, Volunteering
    from svdesk.services import activities
    from svdesk.services.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.svdesk")
        start = date(2023, 1, 1)
        keys = ["electricity_uk", "van_diesel", "rail", "natural_gas_kwh"]
        with store.write() as s:
            s.add_all(
                EmissionRecord(
                    date=start + timedelta(days=i % 1000),
                    category="energy",
                    factor_key=keys[i % 4],
                    quantity=100 + i % 50,
                    unit="mile" if keys[i % 4] in ("van_diesel", "rail") else "kWh",
                    attribution_share=1.0,
                    notes="",
                )
                for i in range(rows)
            )
            s.add_all(
                Volunteering(
                    date=start + timedelta(days=i % 1000),
                    hours=3,
                    volunteers=2,
                    organisation_helped=f"Group {i % 300}",
                    attribution_share=1.0,
                    notes="",
                )
                for i in range(rows)
            )
        for kind in ("emission_record", "volunteering"):
            for name, call in (
                ("count", lambda kind=kind: activities.count_records(store, kind)),
                ("first page", lambda kind=kind: activities.list_records(store, kind, limit=200)),
                ("totals", lambda kind=kind: activities.totals(store, kind)),
                (
                    "no evidence",
                    lambda kind=kind: activities.count_records(store, kind, without_evidence=True),
                ),
                (
                    "search",
                    lambda kind=kind: activities.list_records(store, kind, search="Group 7", limit=200),
                ),
            ):
                t0 = time.perf_counter()
                call()
                print(f"{kind:16} {name:12} {1000 * (time.perf_counter() - t0):8.1f} ms ({rows:,} rows)")
        bench_widgets(store, rows)
        store.close()


def bench_widgets(store, rows: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from bench.bench_scale import Heartbeat
    from svdesk.ui.records.record_table import RecordTable
    from svdesk.ui.records.table_base import SEARCH_DELAY_MS

    app = QApplication.instance() or QApplication([])
    heart = Heartbeat()

    def timed(kind: str, name: str, action, table=None, wait: float = 0.0):
        heart.start()
        t0 = time.perf_counter()
        table = action() or table
        while table.loading or time.perf_counter() < t0 + wait:
            app.processEvents()
            time.sleep(0.002)
        stall = heart.stop()
        print(
            f"{kind:16} {name:14} {1000 * (time.perf_counter() - t0):8.1f} ms, longest stall "
            f"{1000 * stall:5.0f} ms ({table.model.total:,} of {rows:,} rows)"
        )
        return table

    for kind in ("emission_record", "volunteering"):
        table = timed(kind, "widget open", lambda k=kind: RecordTable(store, k, ""))
        table.resize(1200, 700)
        table.show()
        timed(kind, "widget sort", lambda t=table: t.table.sortByColumn(0, Qt.AscendingOrder), table)
        timed(kind, "widget filter", lambda t=table: t.no_evidence.setChecked(True), table)
        if kind == "volunteering":  # includes the table's 250 ms typing delay
            timed(
                kind,
                "widget search",
                lambda t=table: t.search.setText("Group 7"),
                table,
                wait=SEARCH_DELAY_MS / 1000 + 0.05,
            )
        table.close()


if __name__ == "__main__":
    main()
