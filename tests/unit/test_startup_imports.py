"""Start-up stays light: heavy libraries load only when the work that needs them starts.

The window on an up-to-date database must not import Alembic (only needed to create or upgrade a
file), nor the export libraries openpyxl, reportlab and python-docx, nor PDFium (pypdfium2, for
the evidence preview). bench/bench_startup.py measures the time; these tests keep the imports
from creeping back.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import svdesk
from svdesk.db import migrate

ROOT = Path(svdesk.__file__).parent.parent
HEAVY = ("alembic", "openpyxl", "reportlab", "docx", "pandas", "pypdfium2")


def _loaded_after(code: str, db: Path) -> list[str]:
    probe = textwrap.dedent(code) + textwrap.dedent(f"""
        import sys
        print(",".join(m for m in {HEAVY!r} if m in sys.modules))
    """)
    result = subprocess.run(
        [sys.executable, "-c", probe, str(db)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return [m for m in result.stdout.strip().split(",") if m]


def test_quick_head_agrees_with_alembic():
    assert migrate._quick_head() == migrate.head_revision()


def test_opening_an_up_to_date_database_does_not_import_alembic(demo_store):
    demo_store.close()
    loaded = _loaded_after(
        """
        import sys
        from svdesk.services.store import Store
        from svdesk.services.organisation import get_organisation
        store = Store.open(sys.argv[1])
        assert get_organisation(store).name == "Irwell Joinery Ltd"
    """,
        demo_store.path,
    )
    assert loaded == []


def test_main_window_on_the_demo_database_loads_no_heavy_library(demo_store):
    demo_store.close()
    loaded = _loaded_after(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from svdesk.services.store import Store
        from svdesk.ui.main_window import MainWindow
        window = MainWindow(Store.open(sys.argv[1]))
        window.show()
        app.processEvents()
        assert window.current_area() == "dashboard"
    """,
        demo_store.path,
    )
    assert loaded == []


def test_a_new_file_is_still_created_at_the_head_revision(tmp_path):
    from svdesk.services.store import Store

    store = Store.open(tmp_path / "new.svdesk")
    assert migrate._stored_revision(store.path) == migrate.head_revision()
    store.close()


def _write_version(folder: Path, rev: str, down, extra: str = "") -> None:
    folder.joinpath(f"{rev}_x.py").write_text(
        f"revision = {rev!r}\ndown_revision = {down!r}\n{extra}def upgrade():\n    pass\n"
    )


@pytest.mark.parametrize(
    "layout, head",
    [
        ([("0001", None), ("0020", "0001"), ("0030", "0020")], "0030"),
        ([("0001", None), ("0020", "0001"), ("0030", "0001")], None),  # two heads
        (
            [("0001", None), ("0020", "0001"), ("0030", "0001"), ("0040", ("0020", "0030"))],
            "0040",
        ),  # merged again
        ([("0001", None), ("0020", "0999")], None),  # missing parent
    ],
)
def test_quick_head_defers_to_alembic_unless_the_chain_is_plain(tmp_path, monkeypatch, layout, head):
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    for rev, down in layout:
        _write_version(versions, rev, down)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path / "migrations")
    assert migrate._quick_head() == head


def test_quick_head_gives_up_on_branch_labels(tmp_path, monkeypatch):
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    _write_version(versions, "0001", None, "branch_labels = ('people',)\n")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path / "migrations")
    assert migrate._quick_head() is None


def test_a_plain_window_start_skips_the_command_modules(tmp_path):
    code = textwrap.dedent("""
        import sys
        import svdesk.ui.app as app
        app.run_gui = lambda db: print("window", db) or 0
        from svdesk.cli import main
        assert main(sys.argv[1:]) == 0
        print(",".join(m for m in ("svdesk.cli.commands", "sqlalchemy") if m in sys.modules))
    """)
    for args, db in (([], "None"), (["--db", "x.svdesk"], "x.svdesk"), (["--db=x.svdesk"], "x.svdesk")):
        result = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
        )
        assert result.returncode == 0, result.stderr
        first, loaded = result.stdout.splitlines()
        assert first == f"window {db}"
        assert loaded == ""
