"""Evidence file names built from database rows: the one place that checks them.

An evidence row names its stored file as <sha256><suffix> inside the evidence folder. A database
can come from anywhere (an archive, another PC, a hand edit), so a row whose sha256 is
"../../victim/precious" must never become a path: deleting that evidence would delete a file
outside the folder, the check would hash it and an evidence pack would embed it. Every path made
from a row goes through stored_file(), which refuses anything but 64 lowercase hex characters and
a plain suffix such as ".pdf".
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from svdesk.safety.errors import SafetyError

_SHA256 = re.compile(r"[0-9a-f]{64}")
_SUFFIX = re.compile(r"(\.[a-z0-9]{1,15})?")


class BadEvidenceRow(SafetyError):
    """An evidence row whose file name could point outside the evidence folder."""


def valid_row(sha256: object, suffix: object) -> bool:
    return (
        isinstance(sha256, str)
        and isinstance(suffix, str)
        and _SHA256.fullmatch(sha256) is not None
        and _SUFFIX.fullmatch(suffix) is not None
    )


def clean_suffix(suffix: str) -> str:
    """The suffix to store for a file called "*<suffix>": lower case, or "" if not plain."""
    suffix = suffix.lower()
    return suffix if _SUFFIX.fullmatch(suffix) else ""


def stored_file(folder: Path, sha256: object, suffix: object) -> Path:
    """folder / (sha256 + suffix), or BadEvidenceRow when the row does not validate."""
    if not valid_row(sha256, suffix):
        raise BadEvidenceRow(
            f"An evidence record names its file as {str(sha256)[:70]!r}{str(suffix)[:20]!r}, "
            "which is not a name svdesk gives (64 hexadecimal characters and a plain file type). "
            "svdesk will not open, delete or copy it. Run `svdesk check`, and restore from a "
            "backup if the database has been altered."
        )
    return folder / f"{sha256}{suffix}"


def stored_file_or_none(folder: Path | None, sha256: object, suffix: object) -> Path | None:
    if folder is None or not valid_row(sha256, suffix):
        return None
    return Path(folder) / f"{sha256}{suffix}"


def invalid_rows(conn: sqlite3.Connection, limit: int = 1000) -> list[tuple[int, str, str]]:
    """(id, sha256, suffix) of evidence rows that do not validate, read with plain sqlite3 so the
    restore and the check can use it on any database (empty when there is no evidence table)."""
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='evidence'").fetchone()
    if not has_table:
        return []
    bad = []
    for row_id, sha, suffix in conn.execute("SELECT id, sha256, suffix FROM evidence"):
        if not valid_row(sha, suffix if suffix is not None else ""):
            bad.append((row_id, sha, suffix))
            if len(bad) >= limit:
                break
    return bad
