"""One writer per database: a lock file beside it.

Two svdesk windows on one database would each hold their own view of the data and could overwrite
each other's edits, so the second window is refused (or offered read-only). The lock file is made
with O_CREAT | O_EXCL, which is atomic on local disks and on SMB/NFS shares, and holds the owner's
process id, host and user. A lock left by a process that no longer runs on this machine (svdesk
crashed, the PC lost power) is stale and is taken over; a lock from another computer is never
broken automatically, because svdesk cannot see whether that process is still alive.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import secrets
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from svdesk.safety.errors import SafetyError, describe_os_error


class DatabaseInUse(SafetyError):
    """Another svdesk process holds the lock; .owner says who."""

    def __init__(self, message: str, owner: LockOwner | None, lock_path: Path):
        super().__init__(message)
        self.owner = owner
        self.lock_path = lock_path


@dataclass(frozen=True)
class LockOwner:
    pid: int
    host: str
    user: str
    started: str
    token: str = ""
    boot_id: str = ""  # Linux: which boot of this machine the owner ran in
    proc_start: str = ""  # Linux: the owner process's start time (ticks since boot)

    def describe(self) -> str:
        when = self.started
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(self.started).strftime("%d %b %Y at %H:%M")
        return f"by {self.user or 'someone'} on {self.host or 'another computer'} since {when}"


def lock_path_for(db_path: Path | str) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no USER/USERNAME and no password entry (some containers, services)
        return "unknown"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (never signals or ends it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) would terminate the process on Windows; ask the kernel instead.
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            # Access denied: it exists, run by another account on this PC (as PermissionError below).
            return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by someone else
    return True


def boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def process_start(pid: int) -> str:
    """When process pid started (Linux /proc), "" when unknown: tells a reused pid apart."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
        return raw[raw.rindex(")") + 2 :].split()[19]
    except (OSError, ValueError, IndexError):
        return ""


def owner_alive(owner: LockOwner) -> bool:
    """Whether the process that wrote owner still runs here: same pid, and (where the system
    says) the same boot and start time, so a pid reused by another program does not count."""
    if not pid_alive(owner.pid):
        return False
    if owner.boot_id and boot_id() and owner.boot_id != boot_id():
        return False
    started = process_start(owner.pid)
    return not (owner.proc_start and started and owner.proc_start != started)


def read_owner(lock_path: Path) -> LockOwner | None:
    """The owner recorded in a lock file, or None when it is unreadable or half-written."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
        return LockOwner(
            int(data["pid"]),
            str(data.get("host", "")),
            str(data.get("user", "")),
            str(data.get("started", "")),
            str(data.get("token", "")),
            str(data.get("boot_id", "")),
            str(data.get("proc_start", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


class DatabaseLock:
    """Hold with `with DatabaseLock(path):` or acquire()/release() around a window's lifetime."""

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self.owner: LockOwner | None = None

    @property
    def held(self) -> bool:
        return self.owner is not None

    def acquire(self) -> DatabaseLock:
        for _attempt in range(3):
            if self._try_create():
                self._recover()
                return self
            existing = read_owner(self.path)
            if self._is_stale(existing):
                self._remove_stale(existing)
                continue
            raise DatabaseInUse(self._in_use_message(existing), existing, self.path)
        raise DatabaseInUse(self._in_use_message(read_owner(self.path)), None, self.path)

    def _try_create(self) -> bool:
        """Write the owner to a private file, then link it in as the lock: the lock appears
        complete or not at all, so a full disk never leaves an empty lock behind."""
        owner = LockOwner(
            os.getpid(),
            socket.gethostname(),
            current_user(),
            datetime.now().isoformat(timespec="seconds"),
            secrets.token_hex(8),
            boot_id(),
            process_start(os.getpid()),
        )
        body = json.dumps(owner.__dict__).encode("utf-8")
        tmp = self.path.with_name(f"{self.path.name}.{owner.token}.tmp")
        try:
            try:
                fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                try:
                    os.write(fd, body)
                    os.fsync(fd)
                finally:
                    os.close(fd)
                os.link(tmp, self.path)  # fails if the lock exists: as atomic as O_EXCL
            except FileExistsError:
                return False
            except OSError as exc:
                if (
                    exc.errno
                    not in (
                        errno.EPERM,
                        errno.ENOTSUP,
                        errno.EOPNOTSUPP,
                        errno.EXDEV,
                        errno.ENOSYS,
                        errno.EMLINK,
                    )
                    or not tmp.exists()
                ):
                    raise
                return self._create_in_place(owner, body)  # no hard links (FAT, some shares)
        except OSError as exc:
            raise SafetyError(
                describe_os_error(exc, f"create the lock file {self.path}", self.path.parent)
            ) from exc
        finally:
            tmp.unlink(missing_ok=True)
        self.owner = owner
        return True

    def _create_in_place(self, owner: LockOwner, body: bytes) -> bool:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        try:
            os.write(fd, body)
            os.fsync(fd)
        except OSError:
            os.close(fd)
            self.path.unlink(missing_ok=True)  # never leave an empty lock
            raise
        os.close(fd)
        self.owner = owner
        return True

    def _recover(self) -> None:
        """With the lock held no restore is running: finish one a crash interrupted, and clear
        temporary folders killed backups and restores left."""
        from svdesk.safety.errors import remove_leftovers
        from svdesk.safety.restore_journal import recover

        with contextlib.suppress(OSError):  # `svdesk check` reports the interrupted restore
            recover(self.db_path)
        remove_leftovers(self.db_path.parent, ".svdesk-restore-*", older_than_hours=1)
        from svdesk.safety.archive import work_dir

        with contextlib.suppress(OSError):
            work_dir()  # clears what killed backups left in svdesk's own folder

    def _is_stale(self, existing: LockOwner | None) -> bool:
        if existing is None:
            # Unreadable: either being written this instant or left half-written by a crash.
            # Only a file older than a few seconds is treated as abandoned.
            try:
                age = datetime.now().timestamp() - self.path.stat().st_mtime
            except FileNotFoundError:
                return True
            return age > 2
        if existing.host != socket.gethostname():
            return False
        return not owner_alive(existing)

    def _remove_stale(self, existing: LockOwner | None) -> None:
        # Re-read just before removing so two windows breaking the same stale lock at once
        # cannot remove a lock that one of them has just made.
        if read_owner(self.path) == existing:
            self.path.unlink(missing_ok=True)

    def _in_use_message(self, owner: LockOwner | None) -> str:
        name = self.db_path.name
        if owner is None:
            return (
                f"{name} is being opened by another svdesk window. Wait a moment and try "
                "again, or open it read-only."
            )
        if owner.host == socket.gethostname():
            return (
                f"{name} is already open in another svdesk window (opened {owner.describe()}). "
                "Switch to that window, or open this one read-only so no changes are lost."
            )
        return (
            f"{name} is open on another computer ({owner.describe()}). Close svdesk there "
            f"first. If that computer is off or svdesk crashed there, delete {self.path.name} "
            "beside the database and try again."
        )

    def release(self) -> None:
        if self.owner is None:
            return
        if read_owner(self.path) == self.owner:  # never remove someone else's lock
            self.path.unlink(missing_ok=True)
        self.owner = None

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def check_not_in_use(db_path: Path | str) -> None:
    """Raise DatabaseInUse when a live svdesk holds the database (used before a restore)."""
    lock = DatabaseLock(db_path)
    owner = read_owner(lock.path)
    if lock.path.exists() and not lock._is_stale(owner):
        raise DatabaseInUse(lock._in_use_message(owner), owner, lock.path)


def open_read_only(db_path: Path | str):
    """A Store whose connections cannot write: for a second window on a database in use.
    A PostgreSQL URL opens a store that writes nothing (several people share a server database)."""
    from sqlalchemy import create_engine, event

    from svdesk.db.location import is_url
    from svdesk.services.store import Store

    if is_url(db_path):
        return Store.open_read_only(str(db_path))
    path = Path(db_path).expanduser().resolve()
    engine = create_engine(f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true", future=True)

    # mode=ro is what keeps the file unwritten (SQLite refuses: "attempt to write a readonly
    # database"). Not PRAGMA query_only: it also refuses the TEMP tables reads use (the spend
    # figures put supplier localities in temp.spend_locality), so spend could not be shown.
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=5000")

    event.listen(engine, "connect", _on_connect)
    return Store(path, engine, read_only=True)  # services write nothing (proxies stay in memory)
