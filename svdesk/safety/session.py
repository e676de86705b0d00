"""What the window does with a database when it opens and closes it, in one place.

    opened = open_session(path)   # lock (or DatabaseInUse), integrity check, daily backup
    ...
    close_session(opened)         # backup on close, release the lock

Both are plain functions so the window can run them on a worker thread, and so the order is
tested without Qt: the check runs before the backup, so a damaged database is never copied over a
good backup slot, and the lock is taken first, so two windows cannot both back up or write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from svdesk.safety.backup import BackupOutcome, automatic_backup
from svdesk.safety.integrity import IntegrityReport, check_integrity
from svdesk.safety.lock import DatabaseLock


@dataclass
class OpenedDatabase:
    path: Path
    lock: DatabaseLock
    report: IntegrityReport
    backup: BackupOutcome | None


def open_session(db_path: Path | str, *, store=None, hash_evidence: bool = True) -> OpenedDatabase:
    """Raises DatabaseInUse if another svdesk has the database open; otherwise never raises for
    a damaged database: the report says what is wrong and the window shows it."""
    db_path = Path(db_path).expanduser().resolve()
    lock = DatabaseLock(db_path).acquire()
    try:
        report = check_integrity(db_path, store=store, hash_evidence=hash_evidence)
        damaged = any(f.severity == "error" and "database" in f.title.lower()
                      for f in report.findings)
        backup = None if damaged else automatic_backup(db_path, "start")
    except BaseException:
        lock.release()
        raise
    return OpenedDatabase(db_path, lock, report, backup)


def close_session(opened: OpenedDatabase) -> BackupOutcome:
    """Back up on close (the day's newest copy), then let other windows open the database."""
    try:
        return automatic_backup(opened.path, "close")
    finally:
        opened.lock.release()
