"""Find files in resources/ from a checkout, an installed wheel or a PyInstaller bundle."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    candidates = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    spec = importlib.util.find_spec("svdesk_resources")
    if spec and spec.submodule_search_locations:
        candidates.extend(Path(p) for p in spec.submodule_search_locations)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("svdesk's resources folder is missing; reinstall svdesk.")


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. resource_path("rates", "wages.csv")."""
    return resources_root().joinpath(*parts)


def licences_dir() -> Path:
    """svdesk's licence and every third-party licence text, indexed in THIRD-PARTY-NOTICES.txt
    (written by tools/collect_licences.py)."""
    return resource_path("licences")
