"""svdesk is MIT licensed and ships the licence of everything it bundles: every package pinned
in requirements.lock has its texts in resources/licences/ (which travels in the wheel and the
PyInstaller bundle), Qt's LGPLv3 comes with how to replace Qt, and the open data is attributed."""

import re
import tomllib
from pathlib import Path

from svdesk.resources import licences_dir

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)")
NOTICES = ROOT / "resources" / "licences" / "THIRD-PARTY-NOTICES.txt"


def _pinned() -> list[tuple[str, str]]:
    out = []
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)  # hash lines and comments do not match
        if pin:
            out.append((pin["name"], pin["version"]))
    return out


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_svdesk_is_mit_licensed_by_its_authors():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "The svdesk authors" in text
    assert (licences_dir() / "svdesk" / "LICENSE").read_text(encoding="utf-8") == text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"


def test_every_pinned_package_has_its_licence_texts():
    notices = NOTICES.read_text(encoding="utf-8")
    listed = {}
    for m in re.finditer(r"^(\S+) (\S+)\n    Licence: (.+)\n    Texts: (.+)/$", notices, re.M):
        listed[_norm(m.group(1))] = (m.group(2), m.group(4))
    for name, version in _pinned():
        assert _norm(name) in listed, f"{name} is shipped but not in THIRD-PARTY-NOTICES.txt"
        shown, folder = listed[_norm(name)]
        assert shown == version, (
            f"{name}: notices say {shown}, the lock pins {version}; run tools/collect_licences.py"
        )
        texts = [p for p in (licences_dir() / folder).rglob("*") if p.is_file()]
        assert texts, f"no licence text for {name} in resources/licences/{folder}"


def test_qt_is_lgpl_with_how_to_replace_it_and_open_data_is_attributed():
    qt = licences_dir() / "PySide6"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (qt / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in (qt / "GPL-3.0.txt").read_text(encoding="utf-8")
    notices = NOTICES.read_text(encoding="utf-8")
    assert "replace the Qt libraries" in notices
    assert "Open Government Licence v3.0" in notices and "ONS Postcode Directory" in notices
