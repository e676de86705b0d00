"""Start-up benchmark: process start to the first paint of the main window, against bare PySide6.

Each repetition starts two fresh Python processes, alternately:
  bare    imports PySide6, shows an empty 1280x800 QMainWindow;
  svdesk  runs `svdesk --db DEMO` (the real entry point, svdesk.cli.main) on the demo database.
Both install an application event filter that notes the first Paint event of a top-level
QMainWindow and exit at once. Time is measured from just before the parent starts the child
(time.perf_counter, CLOCK_MONOTONIC, shared by all processes) to that paint, so the interpreter's
own start-up is included for both. The figure that matters is the ratio of the medians, measured
in the same run, so a busy machine affects both sides alike.

    /work/main/.venv/bin/python bench/bench_startup.py [--reps 7] [--importtime FILE]

Runs offscreen (QT_QPA_PLATFORM=offscreen) unless QT_QPA_PLATFORM is set. The svdesk tree is
byte-compiled first, as any normal install has it (PYTHONDONTWRITEBYTECODE is cleared for the
children), so the comparison is start-up, not compilation.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Shared by both children: note the first paint of the top-level main window, print, exit.
_PROBE = r'''
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class _FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            sys.stdout.write(f"FIRST_PAINT {time.perf_counter():.6f}\n")
            sys.stdout.flush()
            os._exit(0)
        return False

_probe = _FirstPaint()

def _install(app):
    app.installEventFilter(_probe)
'''

BARE = _PROBE + r'''
app = QApplication(sys.argv[:1])
_install(app)
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1280, 800)
w.show()
app.exec()
'''

# svdesk's create_application() reuses an existing QApplication; creating it here first only
# moves that cost earlier (the import of PySide6.QtWidgets is needed by svdesk anyway).
SVDESK = _PROBE + r'''
app = QApplication(sys.argv[:1])
_install(app)
from svdesk.cli import main
sys.exit(main(["--db", sys.argv[1]]))
'''


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
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), RAM {ram}, "
            f"Python {platform.python_version()}")


def child_env(home: Path) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["SVDESK_HOME"] = str(home)          # fresh settings: window opens on the dashboard
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def time_child(code: str, args: list[str], env: dict, extra: list[str] = ()) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *extra, "-c", code, *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    for line in proc.stdout.splitlines():
        if line.startswith("FIRST_PAINT "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"child did not paint (exit {proc.returncode}):\n{proc.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--importtime", type=Path, help="also write svdesk's -X importtime here")
    args = parser.parse_args()

    compileall.compile_dir(str(ROOT / "svdesk"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="svdesk-bench-") as tmp:
        tmp = Path(tmp)
        env = child_env(tmp / "home")
        db = tmp / "demo.svdesk"
        subprocess.run([sys.executable, "-m", "svdesk", "demo", "--db", str(db)], env=env,
                       cwd=ROOT, check=True, capture_output=True)
        # Warm-up: the OS file cache and the first-start settings file, for both sides.
        time_child(BARE, [], env)
        time_child(SVDESK, [str(db)], env)
        bare, app = [], []
        for _ in range(args.reps):
            bare.append(time_child(BARE, [], env))
            app.append(time_child(SVDESK, [str(db)], env))
        if args.importtime:
            proc = subprocess.run([sys.executable, "-X", "importtime", "-c", SVDESK, str(db)],
                                  env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
            args.importtime.write_text(proc.stderr)

    mb, ma = statistics.median(bare), statistics.median(app)
    print(f"machine: {machine()}")
    print(f"repetitions: {args.reps} (after one warm-up each), offscreen")
    print(f"bare PySide6 QMainWindow  median {mb * 1000:7.0f} ms  "
          f"(min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f})")
    print(f"svdesk on the demo db     median {ma * 1000:7.0f} ms  "
          f"(min {min(app) * 1000:.0f}, max {max(app) * 1000:.0f})")
    print(f"ratio svdesk / bare: {ma / mb:.2f}x (goal: within 1.50x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
