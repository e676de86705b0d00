"""Write an export to a temporary file beside the target, then swap it in with os.replace.

A failed or cancelled export leaves no partial file and never clobbers the previous one: the
target is only ever the old complete file or the new complete file (os.replace is atomic on the
same volume, which is why the temporary file sits in the target's own folder).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _mode_for(target: Path) -> int:
    """Keep the permissions of the file being replaced; a new file gets the usual ones
    (mkstemp creates owner-only files, which would surprise someone sharing the export)."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_output(target: Path | str) -> Iterator[Path]:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=f".partial{target.suffix}",
                                dir=target.parent)
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
