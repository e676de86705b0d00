"""Packaging without setup.py: pyproject.toml lists every svdesk package (svdesk.calc has no
__init__.py, which find_packages used to leave out of the wheel), maps resources/ to the
svdesk_resources package, and bounds the dependencies svdesk relies on the internals of."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_svdesk_package_is_in_the_wheel():
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "svdesk").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    missing = found - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == {"svdesk_resources"}


def test_resources_ship_as_package_data_without_setup_py():
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"svdesk_resources": "resources"}
    assert setuptools["package-data"]["svdesk_resources"] == ["**/*"]
    assert not (ROOT / "setup.py").exists()


def test_dependencies_are_bounded_where_svdesk_depends_on_internals_or_a_bad_release():
    deps = {
        d.split(">")[0].split("<")[0].split("!")[0].split("=")[0]: d
        for d in PYPROJECT["project"]["dependencies"]
    }
    assert "<3.2" in deps["openpyxl"]  # a private method is replaced (xlsx_writer)
    assert "!=6.12.0" in deps["PySide6-Essentials"]  # tests/ui/test_qt_binding.py
