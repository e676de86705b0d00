"""Opening a database file for a command: say plainly what is wrong before any figure is shown.

    engine = open_for_reading(path)     # mode=ro: no migration, no seeding, no journal change
    check_before_writing(path)          # the same checks before a command writes

Both refuse with a DatabaseError whose message names the file and says what to do:

- a path with no file, a folder, or a zero-length file (never silently a new empty database);
- a file that cannot be read because of the operating system (permission, missing drive);
- a damaged file (SQLite's quick_check, milliseconds on the demo database): `svdesk check` /
  restore from a backup;
- a file written by an older svdesk (reading never upgrades: the window or a writing command
  does) or by a newer one.

describe_database_error turns any SQLite error met later into the same kind of sentence, and
keeps healthy data from being called damaged: a read-only file or folder, a full disk, a missing
path or a refused permission each say so, with the path; only real damage says "damaged".

Reading commands open with SQLite's mode=ro and never set journal_mode, so they leave another
process's write-ahead log (-wal, -shm) alone. When the folder itself is read-only and the file
has no pending log, SQLite cannot make its -shm file beside it: the file is then opened as
immutable (nothing can be writing it in a read-only folder).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path

from svdesk.db.engine import BUSY_TIMEOUT_MS
from svdesk.db.migrate import DatabaseError, DatabaseTooNew, _quick_head

DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "database disk image")


class DatabaseMissing(DatabaseError):
    """No database at the path given (or an empty file)."""


class DatabaseDamaged(DatabaseError):
    """SQLite's quick check (or a query) found the file damaged."""


class DatabaseNeedsUpgrade(DatabaseError):
    """Written by an older svdesk; a reading command does not upgrade it."""


def _what_to_do_when_damaged(path: Path) -> str:
    return (
        f'Run `svdesk check --db "{path}"` to see what is wrong, then restore it from '
        "a backup (`svdesk restore`, or the latest copy in the backups folder). svdesk "
        "has not changed the file."
    )


def _folder_read_only(folder: Path) -> bool:
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (AttributeError, OSError):  # no statvfs on Windows
        pass
    return not os.access(folder, os.W_OK)


def _file_read_only(path: Path) -> bool:
    return path.exists() and not os.access(path, os.W_OK)


def _disk_full(folder: Path) -> bool:
    try:
        import shutil

        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def describe_database_error(exc: BaseException, path: Path | str, doing: str = "use") -> str:
    """What an OS or SQLite error on the database at path means, for the user: read-only file
    or folder, full disk, missing path, permission, busy, or (only then) damage."""
    path = Path(path)
    folder = path.parent
    text = str(getattr(exc, "orig", None) or exc)
    low = text.lower()
    code = getattr(exc, "errno", None)
    if (
        code == errno.ENOSPC
        or "disk is full" in low
        or "database or disk is full" in low
        or (("disk i/o" in low or "unable to open" in low) and _disk_full(folder))
    ):
        return (
            f"The disk holding {folder} is full, so svdesk could not {doing} {path.name}. "
            "Free some space on that drive and try again; the data is not damaged."
        )
    if code == errno.ENOENT or (not path.exists() and "unable to open" in low):
        if not folder.is_dir():
            return (
                f"There is no folder {folder}. Check the drive is connected and the path is typed correctly."
            )
        return f"There is no svdesk database at {path}. Check the file name, or choose the file with --db."
    if (
        code == errno.EROFS
        or "readonly" in low
        or "read-only" in low
        or ("unable to open" in low and _folder_read_only(folder))
    ):
        if _folder_read_only(folder):
            return (
                f"The folder {folder} is read-only, so svdesk could not {doing} "
                f"{path.name} there. Copy the file to a folder you can write to (for "
                "example Documents), or check the drive is not write-protected. The data "
                "is not damaged."
            )
        return (
            f"The file {path} is read-only, so svdesk could not {doing} it. Clear the "
            "file's read-only setting (its Properties), or copy it somewhere you can "
            "write to. The data is not damaged."
        )
    if code in (errno.EACCES, errno.EPERM) or "permission" in low or "access" in low:
        return (
            f"svdesk is not allowed to {doing} {path}. Ask whoever manages this PC for "
            "access, or copy the file to your own documents."
        )
    if "locked" in low or "busy" in low:
        return f"{path.name} is busy: another program is writing to it. Wait a moment and try again."
    if "disk i/o" in low or code == errno.EIO:
        return (
            f"The drive holding {path} reported a read or write failure. Check the drive "
            "is still connected; if it keeps happening, copy your latest backup somewhere "
            "safe."
        )
    if "not a database" in low:  # a file that never was one, or whose header is gone
        return (
            f"{path} is not an svdesk database (or is badly damaged). Check you chose the "
            f"right file. {_what_to_do_when_damaged(path)}"
        )
    if any(w in low for w in DAMAGE_WORDS):
        return f"{path} is damaged ({text}). {_what_to_do_when_damaged(path)}"
    if isinstance(exc, OSError):
        return f"svdesk could not {doing} {path}: {exc.strerror or exc}."
    return f"svdesk could not {doing} {path} ({text})."


def check_path(path: Path) -> None:
    """The file is there, is a file and is not empty; raises DatabaseMissing or DatabaseError."""
    if not path.parent.is_dir():
        raise DatabaseMissing(
            f"There is no folder {path.parent}, so there is no database at "
            f"{path}. Check the drive is connected and the path is typed "
            "correctly."
        )
    if not path.exists():
        raise DatabaseMissing(
            f"There is no svdesk database at {path}. Check the file name "
            "(and its folder), or run `svdesk demo --db PATH` to make one."
        )
    if path.is_dir():
        raise DatabaseMissing(
            f"{path} is a folder, not an svdesk database. Give the database file inside it."
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DatabaseError(describe_database_error(exc, path, "read")) from exc
    if size == 0:
        raise DatabaseMissing(
            f"{path} is not an svdesk database (empty file). Choose your "
            "svdesk database, or restore one from a backup."
        )
    if not os.access(path, os.R_OK):
        raise DatabaseError(describe_database_error(OSError(errno.EACCES, "denied"), path, "read"))


def _uri(path: Path, immutable: bool) -> str:
    return f"file:{path.as_posix()}?mode=ro" + ("&immutable=1" if immutable else "")


def _needs_immutable(path: Path) -> bool:
    """A read-only folder where SQLite cannot make the -shm file it needs for a WAL database;
    safe only when no log is pending (nothing can be writing there)."""
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    pending = wal.exists() and wal.stat().st_size > 0
    return _folder_read_only(path.parent) and not shm.exists() and not pending


def connect_read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _uri(path, _needs_immutable(path)), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return conn


def quick_check(path: Path, doing: str = "open") -> None:
    """SQLite's quick_check and the schema version; raises DatabaseError saying what is wrong.
    On the demo database this takes a few milliseconds."""
    try:
        conn = connect_read_only(path)
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            stored = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        message = describe_database_error(exc, path, doing)
        raise (DatabaseDamaged if "damaged" in message else DatabaseError)(message) from exc
    if result != ["ok"]:
        raise DatabaseDamaged(
            f"{path} is damaged: SQLite's check found "
            f"{'; '.join(result[:2])}. {_what_to_do_when_damaged(path)}"
        )
    if "alembic_version" not in tables:
        raise DatabaseError(
            f"{path} is an SQLite file but not an svdesk database. Choose your svdesk database file."
        )
    _check_revision(path, stored[0] if stored else None)


def _check_revision(path: Path | str, stored: str | None) -> None:
    """stored against this svdesk's head; path is a file or a PostgreSQL database's label."""
    name = path.name if isinstance(path, Path) else path
    head = _quick_head()
    if stored is not None and stored == head:
        return
    from alembic.script import ScriptDirectory

    from svdesk.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    if stored == script.get_current_head():
        return
    try:
        known = stored is not None and script.get_revision(stored) is not None
    except Exception:  # noqa: BLE001  (alembic raises several kinds for an unknown revision)
        known = False
    if not known:
        raise DatabaseTooNew(
            f"{name} was written by a newer version of svdesk (schema "
            f"{stored}). Install the latest svdesk to open it; this version "
            "has not changed the file."
        )
    raise DatabaseNeedsUpgrade(
        f"{name} was made by an older version of svdesk. Open it in the svdesk window, or "
        "run a command that changes it (for example `svdesk contract add`), to upgrade it; "
        "reading commands never change the file."
    )


def open_for_reading(path: Path | str):
    """A SQLAlchemy engine that cannot write to path (SQLite mode=ro), after the checks above."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    path = Path(path).expanduser().resolve()
    check_path(path)
    quick_check(path, "read")
    engine = create_engine(
        "sqlite://", creator=lambda: connect_read_only(path), poolclass=QueuePool, future=True
    )

    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    event.listen(engine, "connect", _on_connect)
    return engine


def check_before_writing(path: Path | str) -> None:
    """Before a command writes: an existing, non-empty file must be a whole svdesk database
    (an older schema is fine: opening it upgrades it). A missing or empty file is left for the
    command to create."""
    path = Path(path).expanduser().resolve()
    if not path.exists() or path.is_dir() or path.stat().st_size == 0:
        return
    with contextlib.suppress(DatabaseNeedsUpgrade):
        quick_check(path, "change")
