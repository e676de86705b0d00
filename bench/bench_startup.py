"""Start-up benchmark: process start to the first paint of the main window, against bare PySide6.

Each repetition starts two fresh Python processes, alternately:
  bare    imports PySide6, shows an empty 1280x800 QMainWindow;
  svdesk  runs `svdesk --db DEMO` (the real entry point, svdesk.cli.main) on the demo database.
Both note the first paint of their main window (a paintEvent override on its class) and
exit at once. Time is measured from just before the parent starts the child
(time.perf_counter, CLOCK_MONOTONIC, shared by all processes) to that paint, so the interpreter's
own start-up is included for both. The figure that matters is the ratio of the medians, measured
in the same run, so a busy machine affects both sides alike.

    /work/main/.venv/bin/python bench/bench_startup.py [--reps 9] [--importtime FILE] [--callgrind]

On a shared machine wall-clock times wander with the other processes, so --callgrind also counts
the instructions each side executes up to its first paint (valgrind's callgrind, once each): a
figure that does not depend on the load. Besides the first paint, the svdesk side reports when
the dashboard itself has painted (the window shows its frame first, then the data; see
svdesk/ui/app.py), so both figures are in the results.

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

# READY: once the database is attached (the dashboard built), paint the window synchronously
# (repaint) and note the time: the dashboard's figures are then on screen.
SVDESK = (
    _PROBE
    + r"""
from svdesk.ui.main_window import MainWindow

if hasattr(MainWindow, "attach_store"):
    _probe_first_paint(MainWindow, leave=not os.environ.get("BENCH_WAIT_FOR"))
    _attach = MainWindow.attach_store
    def attach_store(self, store):
        _attach(self, store)
        self.repaint()
        _mark("READY", leave=True)
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


def time_child(code: str, args: list[str], env: dict) -> tuple[float, float]:
    """(seconds to the first paint of the main window, seconds to the READY paint)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    marks = dict(
        line.split() for line in proc.stdout.splitlines() if line.startswith(("FIRST_PAINT ", "READY "))
    )
    if "FIRST_PAINT" not in marks or "READY" not in marks:
        raise RuntimeError(f"child did not paint (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return float(marks["FIRST_PAINT"]) - start, float(marks["READY"]) - start


def count_instructions(code: str, args: list[str], env: dict, out: Path) -> int | None:
    """Instructions executed up to the first paint, by callgrind (None without valgrind)."""
    if shutil.which("valgrind") is None:
        return None
    env = dict(env)
    env.pop("BENCH_WAIT_FOR", None)
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
        app_env = dict(env, BENCH_WAIT_FOR="1")
        # Warm-up: the OS file cache and the first-start settings file, for both sides.
        time_child(BARE, [], env)
        time_child(SVDESK, [str(db)], app_env)
        bare, app, ready = [], [], []
        for _ in range(args.reps):
            bare.append(time_child(BARE, [], env)[0])
            first, shown = time_child(SVDESK, [str(db)], app_env)
            app.append(first)
            ready.append(shown)
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

    mb, ma = statistics.median(bare), statistics.median(app)
    paired = statistics.median(a / b for a, b in zip(app, bare, strict=True))
    print(f"machine: {machine()}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print(f"repetitions: {args.reps} (after one warm-up each), offscreen")
    print(f"bare PySide6 QMainWindow, first paint    {ms(bare)}")
    print(f"svdesk on the demo db, first paint       {ms(app)}")
    print(f"svdesk on the demo db, dashboard painted {ms(ready)}")
    print(
        f"ratio svdesk / bare, first paint: {ma / mb:.2f}x medians, {paired:.2f}x median of "
        f"paired runs (goal: within 1.50x)"
    )
    print(f"ratio svdesk dashboard / bare: {statistics.median(ready) / mb:.2f}x")
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
