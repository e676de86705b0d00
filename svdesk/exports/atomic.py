"""Write an export to a temporary file beside the target, then swap it in with os.replace.

A failed or cancelled export leaves no partial file and never clobbers the previous one: the
target is only ever the old complete file or the new complete file (os.replace is atomic on the
same volume, which is why the temporary file sits in the target's own folder).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _mode_for(target: Path) -> int:
    """Keep the permissions of the file being replaced; a new file gets the usual ones
    (mkstemp creates owner-only files, which would surprise someone sharing the export)."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _temp_affixes(target: Path) -> tuple[str, str]:
    return f".{target.stem}-", f".partial{target.suffix}"


def temporary_files(target: Path | str) -> set[Path]:
    """The temporary files atomic_output has left beside target: a process killed mid-write
    never reaches its clean-up, so whoever killed it removes them."""
    target = Path(target)
    prefix, suffix = _temp_affixes(target)
    try:
        names = os.listdir(target.parent)
    except OSError:
        return set()
    return {target.parent / n for n in names if n.startswith(prefix) and n.endswith(suffix)}


@contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix, suffix = _temp_affixes(target)
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        if temp.stat().st_size == 0:
            raise OSError(f"The export of {target.name} came out empty; nothing was written.")
        os.chmod(temp, _mode_for(target))
        os.replace(temp, target)
    finally:
        # Reached on success too (temp already moved), on errors and on GeneratorExit (cancel).
        if temp.exists():
            temp.unlink()
