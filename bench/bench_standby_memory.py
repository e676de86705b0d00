"""Benchmark: the memory of an idle standby export process (issue #23 point 4: under 60 MB).

    python bench/bench_standby_memory.py [--reps 3] [--first-export]

Each repetition starts, in turn:
  bare     a spawn-context multiprocessing child that imports nothing and waits (the floor
           every spawned Python child pays: interpreter + multiprocessing);
  standby  svdesk.exports.child.Standby, as the Reports page starts it, waited on until it
           says its imports are done (warmed), then left idle for a moment.
and reads each child's resident memory (VmRSS) and peak (VmHWM) from /proc. Prints medians and
the standby / bare ratio measured in the same run, and the goal's margin. Asserts nothing.

--first-export: the trade-off of a standby that holds only the common core (each format's library,
reportlab / openpyxl / python-docx, is imported by the export itself): on a demo database, the
time from handing a warmed standby its job to the finished file, for a standby as shipped
("core") and for one that also imported every format's modules before it waited ("all", as
before issue #23 point 4), alternating, per format; medians and the core / all ratio.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_MB = 60.0


def _idle(ready, stop) -> None:
    ready.set()
    stop.wait(60)


def _mem_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def bare_once(settle: float) -> tuple[float, float]:
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_idle, args=(ready, stop), daemon=True)
    proc.start()
    ready.wait(60)
    time.sleep(settle)
    try:
        return _mem_mb(proc.pid)
    finally:
        stop.set()
        proc.join(5)


def standby_once(settle: float) -> tuple[float, float]:
    from svdesk.exports.child import Standby

    standby = Standby()
    try:
        if not standby.warmed.wait(120):
            raise RuntimeError("the standby did not finish its imports in 120 s")
        time.sleep(settle)
        return _mem_mb(standby.process.pid)
    finally:
        standby.stop()


def _standby_warm_all(jobs, cancel, conn, warmed, go) -> None:
    """The standby as before: every format's modules imported before it waits."""
    from svdesk.exports import child

    child._import_all(n for names in child.FORMAT_MODULES.values() for n in names)
    child._standby_main(jobs, cancel, conn, warmed, go)


def first_export_once(store, kind: str, suffix: str, warm_all: bool, out_dir: Path) -> float:
    from svdesk.exports import child
    from svdesk.exports.build_common import ExportRequest

    shipped = child._standby_main
    if warm_all:  # the spawned child looks the target up by name: this module's function
        child._standby_main = _standby_warm_all  # type: ignore[assignment]
    try:
        standby = child.Standby()
    finally:
        child._standby_main = shipped
    if not standby.warmed.wait(120):
        raise RuntimeError("the standby did not finish its imports in 120 s")
    time.sleep(0.5)
    out = out_dir / f"first-{'all' if warm_all else 'core'}{suffix}"
    began = time.perf_counter()
    job = child.ChildExport(store, ExportRequest(kind, contract_ref="SCC-PR-2025-041"), out, standby=standby)
    while not job.done:
        job.wait(0.02)
        job.messages()
    took = time.perf_counter() - began
    job.outcome()
    return took


def first_exports(reps: int) -> None:
    import tempfile

    from svdesk.services.demo import create_demo
    from svdesk.services.store import Store

    cases = [("workbook", ".xlsx"), ("pack", ".pdf"), ("pack", ".docx"), ("tender", ".txt")]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.svdesk")
        create_demo(store)
        print(f"first export through a warmed standby, demo firm, {reps} rounds alternating")
        print(f"{'export':16} {'all (before)':>13} {'core (now)':>11} {'core/all':>9}")
        for kind, suffix in cases:
            times: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(reps):
                for warm_all in (True, False):
                    times[warm_all].append(first_export_once(store, kind, suffix, warm_all, Path(tmp)))
            a, c = statistics.median(times[True]), statistics.median(times[False])
            print(f"{kind + ' ' + suffix:16} {a:12.2f}s {c:10.2f}s {c / a:8.2f}x")
        store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--settle", type=float, default=1.0, help="seconds idle before reading")
    ap.add_argument("--first-export", action="store_true", help="also time the first export")
    args = ap.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    if args.first_export:
        first_exports(args.reps)
    bare, standby = [], []
    for _ in range(args.reps):
        bare.append(bare_once(args.settle))
        standby.append(standby_once(args.settle))
    b_rss = statistics.median(r for r, _ in bare)
    s_rss = statistics.median(r for r, _ in standby)
    s_hwm = statistics.median(h for _, h in standby)
    print(f"repetitions: {args.reps}")
    print(f"bare spawned child, idle         RSS median {b_rss:6.1f} MB")
    print(f"svdesk standby, warmed and idle  RSS median {s_rss:6.1f} MB (peak {s_hwm:.1f} MB)")
    print(f"ratio standby / bare RSS: {s_rss / b_rss:.2f}x")
    verdict = "met" if s_rss < GOAL_MB else "NOT met"
    margin = f"{s_rss - GOAL_MB:+.1f} MB, {s_rss / GOAL_MB:.2f}x the goal"
    print(f"goal under {GOAL_MB:.0f} MB: {verdict} ({margin})")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
