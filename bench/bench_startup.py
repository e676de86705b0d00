"""Start-up benchmark: process start to the first paint of the main window, and to the dashboard's
figures on screen, against the first paint of a bare PySide6 window (issue 23 point 1).

Each repetition starts three fresh Python processes, in turn:
  bare    imports PySide6, shows an empty 1280x800 QMainWindow;
  svdesk  runs `svdesk --db DEMO` (the real entry point, svdesk.cli.main) on the demo database,
          once with no figures kept from a last session (the kept file moved aside), once with
          them (svdesk.services.figures_snapshot: kept when a window closes after counting).
Before the repetitions svdesk opens the demo database and closes it as a user does, so that its
figures are kept. Each child notes its marks (see SVDESK below): the frame's first paint, the
first paint with the figures, the page built, and the dashboard's own count painted. Time is
measured from just before the parent starts the child (time.perf_counter, CLOCK_MONOTONIC,
shared by all processes) to each mark, so the interpreter's own start-up is included for both.
The figures that matter are the ratios of the medians, measured in the same run, so a busy
machine affects both sides alike; the 1-minute load average is printed.

    /work/main/.venv/bin/python bench/bench_startup.py [--reps 9] [--importtime FILE] [--callgrind]

On a shared machine wall-clock times wander with the other processes, so --callgrind also counts
the instructions each side executes up to its first paint (valgrind's callgrind, once each): a
figure that does not depend on the load.

Runs offscreen (QT_QPA_PLATFORM=offscreen) unless QT_QPA_PLATFORM is set. The svdesk tree is
byte-compiled first, as any normal install has it (PYTHONDONTWRITEBYTECODE is cleared for the
children), so the comparison is start-up, not compilation.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Shared by both children: note the first paint of the main window through a paintEvent
# override on its class (the bare window is a subclass for this). An application-wide event
# filter would be simpler but runs Python for every event of every widget, which costs svdesk,
# with its many widgets, far more than the bare window: the probe itself would skew the ratio.
_PROBE = r"""
import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow

def _mark(kind, leave=False):
    sys.stdout.write(f"{kind} {time.perf_counter():.6f}\n")
    sys.stdout.flush()
    if leave:
        os._exit(0)

def _probe_first_paint(cls, leave):
    original = cls.paintEvent
    state = {"seen": False}
    def paintEvent(self, event):
        original(self, event)
        if not state["seen"]:
            state["seen"] = True
            _mark("FIRST_PAINT")
            if leave:
                _mark("READY", leave=True)
    cls.paintEvent = paintEvent
"""

BARE = (
    _PROBE
    + r"""
class BareWindow(QMainWindow):
    pass

_probe_first_paint(BareWindow, leave=True)
app = QApplication(sys.argv[:1])
w = BareWindow()
w.setWindowTitle("bare")
w.resize(1280, 800)
w.show()
app.exec()
"""
)

# Marks of the svdesk side, besides FIRST_PAINT (the frame):
#   FIGURES   the first paint with the dashboard's figures on it: the frame itself when it shows
#             the figures kept from the last session (svdesk.services.figures_snapshot), else
#             the same moment as COUNTED;
#   ATTACHED  the database attached and the dashboard page built, painted at once (repaint): the
#             figure called "dashboard painted" before the kept figures existed (its cards then
#             still said "…" while the count ran);
#   COUNTED   the dashboard's own count shown and painted: the current figures, confirmed.
# BENCH_PREP: no timing; once the dashboard has counted, close the window as a user does (so
# the figures are kept for the next start) and let the application end by itself.
SVDESK = (
    _PROBE
    + r"""
from svdesk.ui.main_window import MainWindow

PREP = bool(os.environ.get("BENCH_PREP"))
if hasattr(MainWindow, "attach_store"):
    _original_paint = MainWindow.paintEvent
    _seen = {"first": False}
    def paintEvent(self, event):
        _original_paint(self, event)
        if not _seen["first"] and not PREP:
            _seen["first"] = True
            _mark("FIRST_PAINT")
            if type(getattr(self, "_loading", None)).__name__ == "SnapshotDashboard":
                _mark("FIGURES")
            if os.environ.get("BENCH_LEAVE_AT_FIRST_PAINT"):
                _mark("READY", leave=True)
    MainWindow.paintEvent = paintEvent
    _attach = MainWindow.attach_store
    def attach_store(self, store):
        _attach(self, store)
        self.repaint()
        _mark("ATTACHED")
        page = self.pages.get("dashboard")
        if page is None:
            _mark("COUNTED", leave=not PREP)
            return
        shown = page._show
        def _show(*args, **kwargs):
            shown(*args, **kwargs)
            if PREP:
                from PySide6.QtCore import QTimer
                QTimer.singleShot(0, self.close)
                return
            self.repaint()
            _mark("COUNTED", leave=True)
        page._show = _show  # looked up on the page by the count's result signal
    MainWindow.attach_store = attach_store
else:  # svdesk before the frame-first start: the first paint already shows the dashboard
    _probe_first_paint(MainWindow, leave=True)
from svdesk.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""
)


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), RAM {ram}, "
        f"Python {platform.python_version()}"
    )


def child_env(home: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["SVDESK_HOME"] = str(home)  # fresh settings: window opens on the dashboard
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(code: str, args: list[str], env: dict) -> dict[str, float]:
    """The marks a child printed, as seconds since just before it was started."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    marks = {
        kind: float(at) - start
        for kind, at in (
            line.split() for line in proc.stdout.splitlines() if line[:1].isupper() and " " in line
        )
    }
    if "FIRST_PAINT" not in marks or "READY" not in marks and "COUNTED" not in marks:
        raise RuntimeError(f"child did not paint (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    marks.setdefault("FIGURES", marks.get("COUNTED", marks.get("READY", 0.0)))
    return marks


def keep_figures(db: Path, env: dict, tries: int = 3) -> Path | None:
    """Open the database in svdesk and close it once the dashboard has counted, as a user does,
    until its figures are kept for the next start (the first count after making the demo
    writes, so keeps nothing). The kept file, or None."""
    folder = Path(env["SVDESK_HOME"]) / "data" / "figures"
    for _ in range(tries):
        subprocess.run(
            [sys.executable, "-c", SVDESK, str(db)],
            env=dict(env, BENCH_PREP="1"),
            cwd=ROOT,
            capture_output=True,
            timeout=180,
        )
        kept = sorted(folder.glob("*.json")) if folder.is_dir() else []
        if kept:
            return kept[0]
    return None


def count_instructions(code: str, args: list[str], env: dict, out: Path) -> int | None:
    """Instructions executed up to the first paint, by callgrind (None without valgrind)."""
    if shutil.which("valgrind") is None:
        return None
    env = dict(env, BENCH_LEAVE_AT_FIRST_PAINT="1")
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", code, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    match = re.search(r"Collected : (\d+)", proc.stderr)
    return int(match.group(1)) if match else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--importtime", type=Path, help="also write svdesk's -X importtime here")
    parser.add_argument(
        "--callgrind", action="store_true", help="also count instructions to the first paint (slow: ~1 min)"
    )
    args = parser.parse_args()

    compileall.compile_dir(str(ROOT / "svdesk"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="svdesk-bench-") as tmp:
        tmp = Path(tmp)
        env = child_env(tmp / "home")
        db = tmp / "demo.svdesk"
        subprocess.run(
            [sys.executable, "-m", "svdesk", "demo", "--db", str(db)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        # Warm-up: the OS file cache and the first-start settings file, for both sides.
        run_child(BARE, [], env)
        run_child(SVDESK, [str(db)], env)
        kept = keep_figures(db, env)
        if kept is None:
            print("WARNING: no figures were kept for the next start; both svdesk rows are without")
        aside = kept.with_suffix(".off") if kept else None
        bare: list[float] = []
        plain: dict[str, list[float]] = {k: [] for k in ("FIRST_PAINT", "FIGURES", "ATTACHED", "COUNTED")}
        fast: dict[str, list[float]] = {k: [] for k in plain}
        used = 0
        loads = [os.getloadavg()[0]]
        for _ in range(args.reps):
            bare.append(run_child(BARE, [], env)["FIRST_PAINT"])
            if kept is not None:  # the usual start: nothing kept
                kept.rename(aside)
            try:
                marks = run_child(SVDESK, [str(db)], env)
            finally:
                if kept is not None:
                    aside.rename(kept)
            for k in plain:
                plain[k].append(marks[k])
            marks = run_child(SVDESK, [str(db)], env)  # with the figures kept last time
            used += marks["FIGURES"] < marks["COUNTED"]
            for k in fast:
                fast[k].append(marks[k])
            loads.append(os.getloadavg()[0])
        if args.importtime:
            proc = subprocess.run(
                [sys.executable, "-X", "importtime", "-c", SVDESK, str(db)],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            args.importtime.write_text(proc.stderr)
        instructions = None
        if args.callgrind:
            instructions = (
                count_instructions(BARE, [], env, tmp / "bare.cg"),
                count_instructions(SVDESK, [str(db)], env, tmp / "svdesk.cg"),
            )

    def ms(values):
        return (
            f"median {statistics.median(values) * 1000:6.0f} ms  "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )

    mb = statistics.median(bare)

    def row(name: str, values: list[float]) -> str:
        return f"{name:<44} {ms(values)}  {statistics.median(values) / mb:5.2f}x bare"

    print(f"machine: {machine()}")
    print(f"load average (1 min) during the run: {min(loads):.2f}-{max(loads):.2f}")
    print(f"repetitions: {args.reps} (after one warm-up each), offscreen")
    print(f"{'bare PySide6 QMainWindow, first paint':<44} {ms(bare)}")
    for title, marks in (("svdesk, no kept figures", plain), ("svdesk, figures kept last session", fast)):
        print(title + ":")
        print(row("  first paint (frame)", marks["FIRST_PAINT"]))
        print(row("  figures painted", marks["FIGURES"]))
        print(row("  database attached, page built", marks["ATTACHED"]))
        print(row("  own count painted (current figures)", marks["COUNTED"]))
    print(f"kept figures painted in the frame in {used} of {args.reps} runs")
    paired = statistics.median(a / b for a, b in zip(fast["FIGURES"], bare, strict=True))
    print(
        f"ratio figures on screen / bare first paint: {statistics.median(fast['FIGURES']) / mb:.2f}x "
        f"medians, {paired:.2f}x median of paired runs (goal: within 3x; without kept figures "
        f"{statistics.median(plain['FIGURES']) / mb:.2f}x)"
    )
    print(
        f"ratio first paint / bare: {statistics.median(plain['FIRST_PAINT']) / mb:.2f}x "
        f"(with kept figures {statistics.median(fast['FIRST_PAINT']) / mb:.2f}x; goal within 1.50x)"
    )
    if instructions and all(instructions):
        b, a = instructions
        print(
            f"instructions to first paint (callgrind): bare {b / 1e6:.0f} M, svdesk {a / 1e6:.0f} M,"
            f" ratio {a / b:.2f}x"
        )
    elif args.callgrind:
        print("instructions: skipped (valgrind not available)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
