"""The process-wide performance switches, in one place, each with the benchmark behind it.

None of them changes what svdesk computes or writes, only how long it takes: with
SVDESK_NO_PERF_SWITCHES=1 in the environment every switch is off (Python's and openpyxl's own
behaviour), which is how to check a suspected slow-down or a wrong file against them;
tests/unit/test_perf_switches.py holds the exports to the same content either way.

- freeze_long_lived(): gc.freeze(), at the points where what exists in memory stays for the
  process's life (start-up before its imports, a database opened, the page modules imported, a
  page's first open; in an export child after its imports and between the steps). A full
  collection is one C call that holds the GIL and walks every tracked object, so it stalls the
  window even when the work runs on a worker; frozen objects are left out of those walks (they
  are still freed by reference counting). Benchmarks: bench/bench_scale.py (first opens of
  pages and exports on bench/make_large_db.py's database, bench/RESULTS-firstopen.md and
  bench/RESULTS.md) and bench/bench_dashboard.py (BENCH_NO_FREEZE=1 for the figures without).
- short_switch_interval(): sys.setswitchinterval(0.001). When a worker runs Python, each call
  the GUI thread makes into Python (a paint, a size hint, a model's data()) waits for the GIL
  up to the switch interval, 5 ms by default. Benchmark: bench/bench_scale.py's first opens of
  pages, bench/RESULTS-firstopen.md (every page equal or faster with it).
- direct_xlsx_rows(ws): openpyxl's write-only sheet tries each appended item as a cell value
  first, which for a ready cell raises inside openpyxl and is caught; rows of ready cells go
  to the writer directly instead (a private method replaced; openpyxl is pinned below 3.2 for
  it). Benchmark: bench/xlsx_baseline.py (the large workbook against the plainest fast
  openpyxl writer) and bench/compare_xlsx.py (the files compared), bench/RESULTS.md.
"""

from __future__ import annotations

import gc
import os
import sys

ENV = "SVDESK_NO_PERF_SWITCHES"
SWITCH_INTERVAL_S = 0.001


def enabled() -> bool:
    """False when SVDESK_NO_PERF_SWITCHES=1 (read each time: a test may set it)."""
    return os.environ.get(ENV, "") != "1"


def freeze_long_lived() -> None:
    """Keep what is in memory now out of the collector's full passes (gc.freeze)."""
    if enabled():
        gc.freeze()


def short_switch_interval() -> None:
    """Let a waiting thread (the GUI thread) have the GIL within 1 ms instead of 5."""
    if enabled():
        sys.setswitchinterval(SWITCH_INTERVAL_S)


def direct_xlsx_rows(ws) -> None:
    """Rows of ready cells appended to an openpyxl write-only sheet go straight to its writer.
    The file is the same either way."""
    if enabled():
        from svdesk.exports.xlsx_writer import _append_cells_directly

        _append_cells_directly(ws)


__all__ = ["ENV", "direct_xlsx_rows", "enabled", "freeze_long_lived", "short_switch_interval"]
