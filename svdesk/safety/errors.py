"""Turn operating-system errors into sentences a user can act on.

A full disk, a read-only folder or a vanished USB stick all arrive as OSError; the user needs to
know which one it was and what to do, never an errno.
"""

from __future__ import annotations

import errno
import shutil
import time
from pathlib import Path


class SafetyError(Exception):
    """A problem with backing up, restoring or checking data; the message is for the user."""


def describe_os_error(exc: OSError, doing: str, where: Path | str | None = None) -> str:
    """'Could not <doing>: <why>. <what to do>' for a failed file operation."""
    # Name the very file or folder the system refused, when it says (it may not be `where`:
    # a backup works in svdesk's own folder before writing to the chosen drive).
    failed = exc.filename if isinstance(exc.filename, (str, Path)) else None
    place = f" in {where}" if where else ""
    if failed and Path(failed) != Path(where or ""):
        place += f" (at {failed})"
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        why = f"the disk{place} is full"
        fix = "Free some space (or choose another drive) and try again."
    elif code in (errno.EROFS,):
        why = f"the folder{place} is read-only"
        fix = "Choose a folder you can write to, or check the drive is not write-protected."
    elif code in (errno.EACCES, errno.EPERM):
        why = f"svdesk is not allowed to write{place}"
        fix = "Choose a folder in your own documents, or ask whoever manages this PC for access."
    elif code == errno.ENOENT:
        why = f"a file or folder{place} is missing"
        fix = "Check the drive is connected and the folder still exists."
    elif code == errno.EIO:
        why = f"the drive{place} reported a read or write failure"
        fix = "The drive may be failing: copy your latest backup somewhere safe."
    else:
        why = exc.strerror or str(exc)
        fix = "Try again; if it keeps happening, restore from a backup."
    return f"Could not {doing}: {why}. {fix}"


def remove_leftovers(folder: Path, pattern: str, older_than_hours: float = 24) -> None:
    """Remove temporary files or folders a killed svdesk left behind (e.g. ".svdesk-restore-*").
    Only old ones, and only when the process named in them (".svdesk-restore-<pid>-…") no longer
    runs here: a young one may belong to work still running. Past a day, whatever the pid."""
    import re

    from svdesk.safety.lock import pid_alive

    now = time.time()
    cutoff = now - older_than_hours * 3600
    for path in folder.glob(pattern):
        try:
            mtime = path.lstat().st_mtime
            if mtime > cutoff:
                continue
            owner = re.match(r"\.svdesk-[a-z]+-p(\d+)-", path.name)
            if owner and mtime > now - 86400 and pid_alive(int(owner.group(1))):
                continue
            if path.is_dir() and not path.is_symlink():
                remove_tree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # tidying up is never worth failing the real work for


def remove_tree(path: Path) -> None:
    """Remove a temporary folder, including the read-only evidence files svdesk keeps (Windows
    refuses to delete a read-only file until it is made writable)."""
    import os
    import stat

    def writable_then_retry(func, target, _exc_info) -> None:
        try:
            os.chmod(target, stat.S_IWRITE | stat.S_IREAD)
            func(target)
        except OSError:
            pass

    shutil.rmtree(path, onerror=writable_then_retry)
