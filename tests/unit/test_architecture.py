"""The core must not load Qt: it runs in the command line, tests and benchmarks without a GUI."""

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import svdesk

ROOT = Path(svdesk.__file__).parent


def _core_modules():
    for info in pkgutil.walk_packages([str(ROOT)], "svdesk."):
        if info.name.startswith("svdesk.ui") or info.name in ("svdesk.__main__",):
            continue
        if info.name.startswith("svdesk.migrations"):
            continue
        yield info.name


def test_importing_the_core_does_not_load_pyside6():
    modules = sorted(_core_modules())
    assert "svdesk.services.contracts" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(','.join(bad))\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT.parent)
    assert result.returncode == 0, f"core loaded Qt: {result.stdout} {result.stderr}"


def test_only_the_ui_package_imports_pyside6():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        if "import PySide6" in text or "from PySide6" in text:
            offenders.append(str(rel))
    assert offenders == []


MAX_MODULE_LINES = 550


def _long_modules(root: Path, limit: int = MAX_MODULE_LINES) -> list[str]:
    """Each module under root over limit lines, with its length."""
    out = []
    for path in sorted(root.rglob("*.py")):
        with path.open(encoding="utf-8") as f:
            n = sum(1 for _ in f)
        if n > limit:
            out.append(f"{path.relative_to(root)} ({n} lines)")
    return out


def test_no_module_is_over_550_lines():
    """Modules stay small and named for what they hold (issue #21): split a long one by
    responsibility rather than let it grow."""
    assert _long_modules(ROOT) == []


def test_a_long_module_is_reported(tmp_path):
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES, encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    assert _long_modules(tmp_path) == [f"{Path('pkg', 'long.py')} ({MAX_MODULE_LINES + 1} lines)"]


def test_only_the_task_manager_starts_threads_in_the_window():
    """Background work in the window goes through svdesk.ui.tasks (one lifetime rule, one quit)."""
    import re

    pattern = re.compile(r"threading\.Thread\b|\bThread\(|QThreadPool|QRunnable|QThread\b|ThreadPoolExecutor")
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.as_posix() == "ui/tasks.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == []


def test_only_the_store_layer_imports_sqlite3():
    """Services, exports, the CLI and the window must not know which store they use (#22): the
    SQLite driver is reached only through svdesk/db (and svdesk/safety's file backups)."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("db", "safety"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(import sqlite3|from sqlite3 )", text, re.MULTILINE):
            offenders.append(str(rel))
    assert offenders == []
