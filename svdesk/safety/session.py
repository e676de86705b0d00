"""What the window does with a database when it opens and closes it, in one place.

    opened = open_session(path)   # lock (or DatabaseInUse), integrity check, daily backup
    ...
    close_session(opened)         # backup on close, release the lock

The window takes the lock first (take_lock), shows the data, and runs check_and_back_up on a
worker: on ten years of data the check takes seconds. They are plain functions so the order is
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
    report: IntegrityReport | None = None  # None until check_and_back_up has run
    backup: BackupOutcome | None = None
    # the window's count of changing writes when its start-up backup began: at close, the same
    # count means the backup already holds everything (close_session's changed=False)
    writes_at_backup: int | None = None


def take_lock(db_path: Path | str) -> OpenedDatabase:
    """The single-writer lock, before anything is shown or written. Raises DatabaseInUse if
    another svdesk has the database open, SafetyError if its folder cannot be written."""
    db_path = Path(db_path).expanduser().resolve()
    return OpenedDatabase(db_path, DatabaseLock(db_path).acquire())


def check_and_back_up(opened: OpenedDatabase, *, store=None, hash_evidence: bool = True) -> OpenedDatabase:
    """The integrity check, then the day's first backup unless the check found the database
    itself damaged (a damaged copy must never replace a good backup). Never raises for a
    damaged database: the report says what is wrong and the window shows it."""
    opened.report = check_integrity(opened.path, store=store, hash_evidence=hash_evidence)
    damaged = any(f.severity == "error" and "database" in f.title.lower() for f in opened.report.findings)
    opened.backup = None if damaged else automatic_backup(opened.path, "start")
    return opened


def open_session(db_path: Path | str, *, store=None, hash_evidence: bool = True) -> OpenedDatabase:
    """take_lock and check_and_back_up in one call (the command line and tests)."""
    opened = take_lock(db_path)
    try:
        return check_and_back_up(opened, store=store, hash_evidence=hash_evidence)
    except BaseException:
        opened.lock.release()
        raise


def close_session(opened: OpenedDatabase, *, changed: bool = True) -> BackupOutcome:
    """Back up on close (the day's newest copy), then let other windows open the database.

    changed=False: nothing was written since this session's own start-up backup, which is
    then already the day's newest copy; copying ten years of data again (seconds) is skipped.
    The copy is always made when the start-up backup was an earlier session's ("already backed
    up today"): the file may have changed since, from the command line say."""
    try:
        start = opened.backup
        if not changed and start is not None and start.ok and start.taken:
            return BackupOutcome(
                True, start.path, f"Nothing has changed since this session's backup ({start.path})."
            )
        return automatic_backup(opened.path, "close")
    finally:
        opened.lock.release()
