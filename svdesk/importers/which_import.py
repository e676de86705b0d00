"""Which import a file belongs to, from what is in it: for a file dropped on the window.

    found = which_import(path)    # Found(kind, what) — kind is one of KINDS, or "none"

"spend" and "suppliers" are files a known accounting or bank layout reads (svdesk.importers
.detect); "people" a payroll export (svdesk.importers.payroll's column names); "archive" an
svdesk archive (plain or protected); "database" an svdesk database. Anything else is "none", with
`what` saying in plain words what the file is (svdesk.importers.file_kinds.sniff) and that it is
not something svdesk imports. Never a column mapping: a dropped file that matches nothing is
refused, not guessed at. Only the head of a file is read, except to hash a table once.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from svdesk.importers.file_kinds import name_mismatch, sniff

KINDS = ("spend", "suppliers", "people", "archive", "database")
# What can be dropped, in words (the message for a wrong file, and the help).
DROPPABLE = (
    (
        "Spend: a bills or payments export from Xero, QuickBooks, Sage 50 or FreeAgent, or a bank "
        "download (CSV or Excel)"
    ),
    "Suppliers: a Xero or QuickBooks supplier list, or a spreadsheet of names and postcodes",
    "People: a payroll export of employees (BrightPay, Sage, Xero, QuickBooks, Moneysoft)",
    "An svdesk archive (.svdesk-archive), to restore it",
    "An svdesk database (.svdesk), to open it",
)
TABLE_NO_MATCH = "a table whose columns match no export svdesk knows"
_SQLITE = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Found:
    kind: str  # one of KINDS, or "none"
    what: str  # in words: "a Xero bills export", "a JPEG image (a photo or a scan)"

    @property
    def importable(self) -> bool:
        return self.kind in KINDS


def refusal(path: Path, found: Found) -> str:
    """The message for a file svdesk cannot import: what it is, and what can be dropped."""
    kinds = "\n".join(f"• {d}" for d in DROPPABLE)
    own = (
        "\n\nIf it is your own spreadsheet of spend, choose Records > Import spend… and "
        "say which column holds what."
        if found.what == TABLE_NO_MATCH
        else ""
    )
    return (
        f"{path.name} is {found.what}, which is not a file svdesk can import.\n\n"
        f"You can drop these on the window:\n{kinds}\n\nA photo, scan or PDF is evidence: "
        f"drop it on the Evidence page, or on a record's row, to attach it.{own}"
    )


def which_import(path: Path) -> Found:
    path = Path(path)
    if path.is_dir():
        return Found("none", "a folder")
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        return Found("none", f"a file svdesk cannot read ({exc.strerror or exc})")
    if not head:
        return Found("none", "an empty file")
    if head.startswith(_SQLITE):
        if path.suffix.lower() == ".svdesk":
            return Found("database", "an svdesk database")
        return Found("none", "a database of another program")
    from svdesk.safety import crypto

    if head.startswith(crypto.MAGIC):
        return Found("archive", "a protected svdesk archive")
    if head.startswith(b"PK\x03\x04") and _is_archive(path):
        return Found("archive", "an svdesk archive")
    what = sniff(path, head)
    if what:
        return Found("none", name_mismatch(path, what))
    return _table_kind(path)


def _is_archive(path: Path) -> bool:
    from svdesk.safety.archive import FORMAT, MANIFEST

    try:
        with zipfile.ZipFile(path) as zf:
            if MANIFEST not in zf.namelist():
                return False
            manifest = json.loads(zf.read(MANIFEST)[:1_000_000])
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return False
    return isinstance(manifest, dict) and manifest.get("format") == FORMAT


def _table_kind(path: Path) -> Found:
    from svdesk.importers import UnknownLayout, UnreadableFile, detect, inspect_file

    try:
        plan = detect(inspect_file(path))
    except UnknownLayout as exc:
        layouts = getattr(exc, "layouts", [])  # AmbiguousLayout: fits more than one
        kinds = {lay.kind for lay in layouts}
        if len(kinds) == 1:
            return Found(kinds.pop(), " or ".join(lay.label for lay in layouts))
    except UnreadableFile:  # NotATable included: a payroll export is refused as spend
        pass
    else:
        return Found(plan.layout.kind, plan.layout.label)
    if _is_payroll(path):
        return Found("people", "a payroll export of employees")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv", ".xlsx", ".xls"):
        return Found("none", TABLE_NO_MATCH)
    return Found(
        "none", f"a {suffix.lstrip('.').upper() or 'plain'} file" if suffix else "a file with no name ending"
    )


def _is_payroll(path: Path) -> bool:
    from svdesk.importers.payroll import PayrollFileError, read_headers
    from svdesk.importers.payroll_columns import FIELDS, _norm

    try:
        headers = read_headers(path)
    except (PayrollFileError, ValueError, OSError):
        return False
    named = {field for field, aliases in FIELDS.items() for h in headers if _norm(h) in aliases}
    return "reference" in named and ("start_date" in named or "weekly_hours" in named)
