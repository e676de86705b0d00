"""The last step of a restore, made recoverable: a journal naming what is being moved where.

A restore ends with a few renames: the current evidence folder is set aside, the restored one
takes its place, then the restored database replaces the current one. A crash between them would
pair a database with the wrong evidence folder. So before the first rename a journal
("<database>.restore-journal") is written atomically, naming every path; the renames are done by
complete_swap(), which can be run again from any point and always ends in the restored state
(everything it moves in was checked completely before the journal was written). The journal is
removed last. At the next open (DatabaseLock.acquire, so no restore is still running) a journal
left behind is completed by recover(); `svdesk check` reports one it finds.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

JOURNAL_SUFFIX = ".restore-journal"


@dataclass(frozen=True)
class Swap:
    db_path: str
    staged_db: str
    evidence_dir: str
    staged_evidence: str | None  # None: the archive held no evidence folder
    evidence_aside: str | None  # None: there was no evidence folder to set aside

    def describe(self) -> str:
        aside = (
            f" The evidence folder it replaced was moved aside to {self.evidence_aside}."
            if self.evidence_aside
            else ""
        )
        return (
            f"Restoring into {self.db_path} stopped part-way: the database and the evidence "
            f"folder may not belong together.{aside}"
        )


def journal_path(db_path: Path | str) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + JOURNAL_SUFFIX)


def pending_swap(db_path: Path | str) -> Swap | None:
    path = journal_path(db_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Swap(**{k: data.get(k) for k in Swap.__dataclass_fields__})
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        # A journal that cannot be read: still something to report, with what is known.
        return Swap(str(db_path), "", "", None, None)


def write_journal(swap: Swap) -> Path:
    path = journal_path(swap.db_path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(asdict(swap), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def complete_swap(swap: Swap) -> None:
    """Do whatever renames are still to do, in order; safe to run again after a crash."""
    db, staged_db = Path(swap.db_path), Path(swap.staged_db)
    evidence = Path(swap.evidence_dir)
    if swap.evidence_aside:
        aside = Path(swap.evidence_aside)
        staged_evidence_waiting = swap.staged_evidence and Path(swap.staged_evidence).exists()
        if evidence.exists() and not aside.exists() and (staged_evidence_waiting or not swap.staged_evidence):
            os.replace(evidence, aside)
    if swap.staged_evidence:
        staged = Path(swap.staged_evidence)
        if staged.exists() and not evidence.exists():
            os.replace(staged, evidence)
    if staged_db.exists():
        # The old database's -wal holds pages of the old file; left beside the new one, SQLite
        # could replay them into it. Its content is in the backup taken before the swap.
        for suffix in ("-wal", "-shm", "-journal"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)
        os.replace(staged_db, db)
    journal_path(db).unlink(missing_ok=True)


def recover(db_path: Path | str) -> bool:
    """Complete a restore a crash interrupted; True when there was one. Call with the lock held.
    A journal whose staged files are gone (or that cannot be read) is left for `svdesk check`
    to report: nothing is moved on guesswork."""
    swap = pending_swap(db_path)
    if swap is None or not swap.staged_db:
        return False
    if not Path(swap.staged_db).exists():
        if swap.staged_evidence and Path(swap.staged_evidence).exists():
            return False  # the database moved in but not the evidence: not a state we make
        journal_path(db_path).unlink(missing_ok=True)  # every rename had been done
        _remove_staging(swap)
        return True
    complete_swap(swap)
    _remove_staging(swap)
    return True


def _remove_staging(swap: Swap) -> None:
    from svdesk.safety.errors import remove_tree

    work = Path(swap.staged_db).parent.parent  # <folder>/.svdesk-restore-…/staging/database
    if work.name.startswith(".svdesk-restore-") and work.parent == Path(swap.db_path).parent:
        remove_tree(work)
