"""Add the sha256 of every released file to each pin in the requirements*.lock files.

Run after changing a pinned version: ``python tools/lock_hashes.py`` (needs the network).
The versions, markers, comments and order stay as written; only the ``--hash`` lines are
(re)written. Every wheel of the version (Windows, macOS and Linux, every Python) and its
sdist are listed, so one lock serves every platform the installers are built on. pip then
installs with ``--require-hashes`` and refuses any file whose hash is not in the lock.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from pathlib import Path

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
INDEX = "https://pypi.org/simple/"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)(?P<marker>\s*;[^\\]*)?")


def file_version(filename: str) -> tuple[str, Version] | None:
    """The (canonical name, version) a distribution file holds, or None if not a wheel/sdist."""
    try:
        if filename.endswith(".whl"):
            name, version, _build, _tags = parse_wheel_filename(filename)
        else:
            name, version = parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        return None
    return name, version


def release_hashes(name: str, version: str) -> list[str]:
    """The sha256 of every file of ``name==version`` on the index, sorted."""
    canon = canonicalize_name(name)
    request = urllib.request.Request(
        INDEX + canon + "/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    wanted = Version(version)
    hashes = sorted(
        {
            f["hashes"]["sha256"]
            for f in files
            if not f.get("yanked") and file_version(f["filename"]) == (canon, wanted)
        }
    )
    if not hashes:
        raise SystemExit(f"{name}=={version}: no files on {INDEX}")
    return hashes


def rewrite(lock: Path) -> None:
    """Rewrite one lock file with fresh hashes under each pin."""
    out: list[str] = []
    for line in lock.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("--hash="):
            continue  # old hashes: written again below
        match = PIN.match(stripped)
        if not match:
            out.append(line)
            continue
        pin = stripped.rstrip("\\").rstrip()
        hashes = release_hashes(match["name"], match["version"])
        out.append(pin + " \\")
        out.extend(
            f"    --hash=sha256:{h}" + (" \\" if i < len(hashes) - 1 else "") for i, h in enumerate(hashes)
        )
        print(f"{lock.name}: {match['name']}=={match['version']}: {len(hashes)} files")
    lock.write_text("\n".join(out) + "\n")


def main(argv: list[str]) -> None:
    locks = [Path(a) for a in argv] or sorted(ROOT.glob("requirements*.lock"))
    for lock in locks:
        rewrite(lock)


if __name__ == "__main__":
    main(sys.argv[1:])
