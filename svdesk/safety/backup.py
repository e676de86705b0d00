"""Automatic backups: a copy at start-up (once a day) and on close, rotated.

Copies are taken with SQLite's online backup API, never by copying the file: a plain copy of a
database that is open (or has a -wal file beside it) can be torn or miss the last changes. Each
copy is checked (PRAGMA quick_check) before it counts, so rotation never deletes a good old backup
in favour of a bad new one.

Backups live in paths.backup_dir()/<database name>-<hash of its full path>/ so two databases
with the same file name in different folders never share a folder. Rotation keeps the newest
backup of each of the last 7 days, 4 ISO weeks and 12 months; backups taken before a restore are
rotated the same way on their own (so an erased person does not live on in them for ever), and
backups taken before an upgrade are never rotated away.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from svdesk import paths
from svdesk.safety.errors import SafetyError, describe_os_error

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
_STAMP = "%Y%m%d-%H%M%S"
_AUTO = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.svdesk$")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: datetime
    size: int
    automatic: bool


@dataclass(frozen=True)
class BackupOutcome:
    """What an automatic backup did; never an exception, so closing the window cannot fail."""

    ok: bool
    path: Path | None
    message: str
    taken: bool = False  # True when this call made the copy (not "already backed up today")


def backup_folder(db_path: Path | str) -> Path:
    db_path = Path(db_path).expanduser().resolve()
    digest = hashlib.sha256(str(db_path).encode("utf-8")).hexdigest()[:8]
    return paths.backup_dir() / f"{db_path.stem}-{digest}"


def online_copy(source: Path, target: Path) -> None:
    """Copy a live database to target with the backup API, verified, written atomically.

    The copy is switched to a rollback journal so it is one self-contained file (no -wal beside
    it) that can be put on a USB stick or attached to an e-mail as it is.
    """
    if not source.is_file():
        raise SafetyError(f"There is no database at {source} to back up.")
    target.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(target.parent).free
    needed = source.stat().st_size + _wal_size(source)
    if free < needed + 1_000_000:
        raise SafetyError(
            f"Could not back up {source.name}: the disk holding {target.parent} is full "
            f"({free // 1_000_000} MB free, about {needed // 1_000_000 + 1} MB needed). "
            "Free some space or choose another drive."
        )
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(str(source))
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                result = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if result != "ok":
            raise SafetyError(
                f"The backup of {source.name} failed its check ({result}); the database itself "
                "may be damaged. Run `svdesk check` and keep your older backups."
            )
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(target)
    except sqlite3.DatabaseError as exc:
        raise SafetyError(
            f"Could not back up {source.name}: {exc}. The database may be damaged; run "
            "`svdesk check`, and restore from an older backup if it reports a problem."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _wal_size(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def take_backup(db_path: Path | str, *, now: datetime | None = None, label: str = "") -> Path:
    """Take one backup now; label ("before-restore") marks it as one rotation must keep."""
    db_path = Path(db_path).expanduser().resolve()
    stamp = (now or datetime.now()).strftime(_STAMP)
    name = f"{db_path.stem}-{label + '-' if label else ''}{stamp}.svdesk"
    target = backup_folder(db_path) / name
    try:
        online_copy(db_path, target)
    except OSError as exc:
        raise SafetyError(describe_os_error(exc, f"back up {db_path.name}", target.parent)) from exc
    return target


def list_backups(db_path: Path | str) -> list[BackupFile]:
    """Every backup of this database, newest first."""
    folder = backup_folder(db_path)
    out: list[BackupFile] = []
    if not folder.is_dir():
        return out
    for path in folder.glob("*.svdesk"):
        match = re.search(r"(\d{8}-\d{6})\.svdesk$", path.name)
        if not match:
            continue
        try:
            taken = datetime.strptime(match.group(1), _STAMP)
        except ValueError:
            continue
        auto = _AUTO.match(path.name)
        automatic = auto is not None and auto["stem"] == Path(db_path).stem  # not "-before-restore"
        out.append(BackupFile(path, taken, path.stat().st_size, automatic))
    out.sort(key=lambda b: b.taken, reverse=True)
    return out


def select_kept(times: list[datetime]) -> set[datetime]:
    """Grandfather-father-son: the newest of each of the last N days, ISO weeks and months."""
    kept: set[datetime] = set()
    ordered = sorted(set(times), reverse=True)
    for count, key in (
        (KEEP_DAILY, lambda t: t.date()),
        (KEEP_WEEKLY, lambda t: t.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda t: (t.year, t.month)),
    ):
        seen: list = []
        for t in ordered:
            bucket = key(t)
            if bucket in seen:
                continue
            if len(seen) == count:
                break
            seen.append(bucket)
            kept.add(t)
    return kept


def rotate(db_path: Path | str) -> list[Path]:
    """Delete automatic backups outside the rotation, and before-restore backups outside a
    rotation of their own (kept for ever, they would bring erased people back for ever);
    returns what was removed."""
    backups = list_backups(db_path)
    stem = Path(db_path).stem
    removed = []
    for group in (
        [b for b in backups if b.automatic],
        [b for b in backups if b.path.name.startswith(f"{stem}-before-restore-")],
    ):
        kept = select_kept([b.taken for b in group])
        for backup in group:
            if backup.taken not in kept:
                backup.path.unlink(missing_ok=True)
                removed.append(backup.path)
    return removed


def automatic_backup(
    db_path: Path | str, reason: str = "close", *, now: datetime | None = None
) -> BackupOutcome:
    """Called by the window at start-up (reason="start") and on close (reason="close").

    At start-up a backup is taken only if none exists from today, so opening svdesk ten times a
    day costs nothing; on close one is always taken and rotation keeps only the day's newest.
    """
    now = now or datetime.now()
    db_path = Path(db_path).expanduser().resolve()
    if not db_path.is_file():
        return BackupOutcome(True, None, "There is no database yet, so nothing to back up.")
    try:
        if reason == "start":
            today = [b for b in list_backups(db_path) if b.automatic and b.taken.date() == now.date()]
            if today:
                return BackupOutcome(True, today[0].path, "Already backed up today.")
        path = take_backup(db_path, now=now)
        rotate(db_path)
    except SafetyError as exc:
        return BackupOutcome(False, None, str(exc))
    except OSError as exc:
        return BackupOutcome(
            False, None, describe_os_error(exc, "back up the database", backup_folder(db_path))
        )
    return BackupOutcome(True, path, f"Backed up to {path}.", taken=True)
