"""Benchmark: the memory of an idle standby export process (issue #23 point 4: under 60 MB).

    python bench/bench_standby_memory.py [--reps 3]

Each repetition starts, in turn:
  bare     a spawn-context multiprocessing child that imports nothing and waits (the floor
           every spawned Python child pays: interpreter + multiprocessing);
  standby  svdesk.exports.child.Standby, as the Reports page starts it, waited on until it
           says its imports are done (warmed), then left idle for a moment.
and reads each child's resident memory (VmRSS) and peak (VmHWM) from /proc. Prints medians and
the standby / bare ratio measured in the same run, and the goal's margin. Asserts nothing.
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--settle", type=float, default=1.0, help="seconds idle before reading")
    args = ap.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
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
