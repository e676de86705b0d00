"""Integrity check: is the database whole, can svdesk write beside it, is every evidence file there?

Run by `svdesk check` and at start-up (off the GUI thread). Every problem becomes a Finding with
what is wrong in plain words and a way forward; nothing here raises for a broken file.

Evidence files belong to the evidence area, which knows how it names them. It registers a function
with register_evidence_files(fn), fn(store) -> iterable of (sha256, path); this module imports the
known provider modules lazily so `svdesk check` sees them without the window.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from svdesk.safety.archive import sha256_file
from svdesk.safety.errors import describe_os_error

if TYPE_CHECKING:
    from svdesk.services.store import Store

EvidenceProvider = Callable[["Store"], Iterable[tuple[str, Path]]]
_PROVIDERS: list[EvidenceProvider] = []
# Modules that call register_evidence_files when imported (the evidence area's service).
PROVIDER_MODULES = ("svdesk.services.evidence",)
LOW_SPACE_BYTES = 200 * 1024 * 1024

OK, WARNING, ERROR = "ok", "warning", "error"


def register_evidence_files(provider: EvidenceProvider) -> EvidenceProvider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def unregister_evidence_files(provider: EvidenceProvider) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def _load_providers() -> None:
    for name in PROVIDER_MODULES:
        importlib.import_module(name)


@dataclass(frozen=True)
class Finding:
    severity: str
    title: str
    detail: str = ""
    way_forward: str = ""


@dataclass
class IntegrityReport:
    db_path: Path
    findings: list[Finding] = field(default_factory=list)
    evidence_checked: int = 0

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != OK]

    def add(self, severity: str, title: str, detail: str = "", way_forward: str = "") -> None:
        self.findings.append(Finding(severity, title, detail, way_forward))

    def text(self) -> str:
        head = (
            "No problems found."
            if not self.problems
            else f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} found."
        )
        lines = [f"Checked {self.db_path}", head]
        marks = {OK: "  ok ", WARNING: "  !  ", ERROR: "  ✗  "}
        for f in self.findings:
            lines.append(f"{marks[f.severity]}{f.title}")
            if f.detail:
                lines.append(f"       {f.detail}")
            if f.way_forward:
                lines.append(f"       What to do: {f.way_forward}")
        return "\n".join(lines)


def _restore_hint(db_path: Path) -> str:
    from svdesk.safety.backup import list_backups

    backups = list_backups(db_path)
    if backups:
        return (
            f"Restore the latest backup ({backups[0].path}, "
            f"{backups[0].taken:%d %b %Y %H:%M}) or your last archive with `svdesk restore`."
        )
    return "Restore your last archive with `svdesk restore ARCHIVE --db PATH`."


def check_integrity(db_path: Path | str, *, store=None, hash_evidence: bool = True) -> IntegrityReport:
    db_path = Path(db_path).expanduser().resolve()
    report = IntegrityReport(db_path)
    if not _check_file(report, db_path):
        return report
    _check_folder(report, db_path.parent)
    if not _check_sqlite(report, db_path):
        return report
    _check_evidence_rows(report, db_path)
    _check_evidence(report, db_path, store, hash_evidence)
    _check_moved_aside(report, db_path)
    return report


def _check_evidence_rows(report: IntegrityReport, db_path: Path) -> None:
    """Evidence rows whose file name is not one svdesk gives (it could point outside the
    evidence folder): svdesk never opens, deletes or copies such a file."""
    from svdesk.safety.evidence_names import invalid_rows

    try:
        conn = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True, timeout=5)
        try:
            bad = invalid_rows(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return
    if bad:
        shown = ", ".join(f"record {i} ({str(sha)[:40]!r})" for i, sha, _suffix in bad[:5])
        report.add(
            ERROR,
            f"{len(bad)} evidence record{'s name' if len(bad) != 1 else ' names'} "
            "a file outside the evidence folder or in a form svdesk never writes.",
            shown,
            "svdesk will not open, delete or copy those files. The database may have "
            "been altered: " + _restore_hint(db_path),
        )


def _check_moved_aside(report: IntegrityReport, db_path: Path) -> None:
    """A restore interrupted between its renames leaves a journal and a moved-aside folder."""
    from svdesk.safety.restore_journal import pending_swap

    swap = pending_swap(db_path)
    if swap is not None:
        report.add(
            ERROR,
            "A restore was interrupted before it finished.",
            swap.describe(),
            "Open the database in svdesk (or run `svdesk check` again after opening "
            "it): svdesk finishes or undoes the restore. If this message stays, restore "
            "the archive again.",
        )


def _check_file(report: IntegrityReport, db_path: Path) -> bool:
    """Is there a whole SQLite file? Asked of SQLite and stat, never by opening the file with
    Python: closing any other handle on a database drops the POSIX locks this process's SQLite
    connections hold on it (the window's, during its start-up check), after which another
    process closing its own connection believes it is the last one and deletes the -wal and
    -shm files under the window's feet."""
    from svdesk.db.opening import connect_read_only, describe_database_error

    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        report.add(
            ERROR,
            f"There is no database at {db_path}.",
            "",
            f"Check the drive is connected. {_restore_hint(db_path)}",
        )
        return False
    except OSError as exc:
        report.add(
            ERROR,
            "The database file cannot be read.",
            describe_os_error(exc, "read the database", db_path.parent),
            _restore_hint(db_path),
        )
        return False
    if size == 0:
        report.add(ERROR, "The database file is empty.", "", _restore_hint(db_path))
        return False
    try:
        conn = connect_read_only(db_path)
        try:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if _truncated(report, db_path, size):
            return False
        if "not a database" in str(exc).lower():
            report.add(
                ERROR,
                "The database file is not an svdesk database (or is badly damaged).",
                "",
                _restore_hint(db_path),
            )
        else:
            message = describe_database_error(exc, db_path, "read")
            title = (
                "The database is damaged and cannot be read."
                if "damaged" in message
                else "The database file cannot be read."
            )
            report.add(
                ERROR,
                title,
                message,
                ""
                if "damaged" in message
                else "This is not damage to the data: fix the cause above and check again.",
            )
        return False
    wal = db_path.with_name(db_path.name + "-wal")
    # A process stopped mid-checkpoint can leave the header's page count ahead of the file while
    # the write-ahead log still holds every committed page; SQLite recovers that on opening, so
    # only a file without a pending log is judged by its size.
    pending_log = wal.exists() and wal.stat().st_size > 0
    if pages and size < pages * page_size and not pending_log:
        report.add(
            ERROR,
            "The database file is cut short (truncated).",
            f"It should be {pages * page_size:,} bytes but is {size:,}: part of it was "
            "lost, perhaps when copying or when the disk filled up.",
            _restore_hint(db_path),
        )
        return False
    return True


def _truncated(report: IntegrityReport, db_path: Path, size: int) -> bool:
    """After SQLite refused the file: is it shorter than its header says (cut short by a copy
    or a full disk)? Reading the header with Python is safe here: SQLite could not open it, so
    no connection of this process holds a lock on it to lose."""
    try:
        with open(db_path, "rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big") or 65536
    pages = int.from_bytes(header[28:32], "big")
    wal = db_path.with_name(db_path.name + "-wal")
    if not pages or size >= pages * page_size or (wal.exists() and wal.stat().st_size > 0):
        return False
    report.add(
        ERROR,
        "The database file is cut short (truncated).",
        f"It should be {pages * page_size:,} bytes but is {size:,}: part of it was "
        "lost, perhaps when copying or when the disk filled up.",
        _restore_hint(db_path),
    )
    return True


def probe_writable(folder: Path) -> None:
    """Create and remove a small file in folder; raises OSError if the folder cannot be written."""
    probe = folder / f".svdesk-write-test-{os.getpid()}"
    try:
        with open(probe, "wb") as fh:
            fh.write(b"\0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    finally:
        with contextlib.suppress(FileNotFoundError):
            probe.unlink()


def _check_folder(report: IntegrityReport, folder: Path) -> None:
    try:
        probe_writable(folder)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            report.add(
                ERROR,
                "The disk is full.",
                describe_os_error(exc, "save changes", folder),
                "Free some space before making changes; svdesk can read your data but "
                "cannot save anything until then.",
            )
        else:
            report.add(
                ERROR,
                "svdesk cannot save changes in the database's folder.",
                describe_os_error(exc, "save changes", folder),
                "Open the database read-only to look at it, or move it to a folder you "
                "can write to (for example Documents).",
            )
        return
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < LOW_SPACE_BYTES:
        report.add(
            WARNING,
            f"The disk is nearly full ({free // 1_000_000} MB free).",
            "Backups and imports need room.",
            "Free some space on this drive.",
        )


def _check_sqlite(report: IntegrityReport, db_path: Path) -> bool:
    try:
        from svdesk.db.opening import connect_read_only

        conn = connect_read_only(db_path)
        try:
            quick = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        from svdesk.db.opening import describe_database_error

        message = describe_database_error(exc, db_path, "read")
        if "damaged" in message:
            report.add(ERROR, "The database is damaged and cannot be read.", str(exc), _restore_hint(db_path))
        else:
            report.add(
                ERROR,
                "The database file cannot be read.",
                message,
                "This is not damage to the data: fix the cause above and check again.",
            )
        return False
    if quick != ["ok"]:
        report.add(ERROR, "The database is damaged.", "; ".join(quick[:3]), _restore_hint(db_path))
        return False
    report.add(OK, "Database structure is whole (quick check passed).")
    if "alembic_version" not in tables:
        report.add(
            ERROR,
            "This SQLite file is not an svdesk database.",
            "",
            "Choose your svdesk database, or restore one from a backup.",
        )
        return False
    if fk:
        broken = sorted({f"{t} → {p}" for t, _rowid, p, _i in fk})
        title = (
            "1 record points to a record that no longer exists."
            if len(fk) == 1
            else f"{len(fk)} records point to records that no longer exist."
        )
        report.add(
            ERROR,
            title,
            "Links: " + ", ".join(broken[:5]),
            "Repair the links on the screens named above. If many records are affected: "
            + _restore_hint(db_path),
        )
    else:
        report.add(OK, "Every link between records is intact.")
    return True


def _check_evidence(report: IntegrityReport, db_path: Path, store, hash_evidence: bool) -> None:
    _load_providers()
    if not _PROVIDERS:
        return
    own_store = store is None
    if own_store:
        from svdesk.db.engine import make_engine
        from svdesk.services.store import Store

        store = Store(db_path, make_engine(db_path))
    missing, changed, checked = [], [], 0
    try:
        for provider in list(_PROVIDERS):
            for sha, path in provider(store):
                checked += 1
                path = Path(path)
                if not path.is_file():
                    missing.append(path)
                elif hash_evidence and sha256_file(path) != sha:
                    changed.append(path)
    except Exception as exc:  # a provider on a database without its tables: not fatal
        report.add(WARNING, "Evidence files could not be checked.", str(exc).splitlines()[0])
        return
    finally:
        if own_store:
            store.close()
    report.evidence_checked = checked
    if missing:
        report.add(
            ERROR,
            f"{len(missing)} evidence file{'s are' if len(missing) != 1 else ' is'} missing.",
            ", ".join(str(p) for p in missing[:5]),
            "Put the files back in the evidence folder (from a backup or archive), or "
            "re-attach them to their records.",
        )
    if changed:
        report.add(
            ERROR,
            f"{len(changed)} evidence file{'s have' if len(changed) != 1 else ' has'} "
            "changed since it was attached.",
            ", ".join(str(p) for p in changed[:5]),
            "Restore the original from a backup or archive, or attach the new version "
            "again so its change is recorded.",
        )
    if not missing and not changed:
        report.add(
            OK,
            f"All {checked} evidence file{'s' if checked != 1 else ''} present"
            + (" and unchanged." if hash_evidence else "."),
        )
