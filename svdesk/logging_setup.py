"""Log to a file in the user log folder; errors are written there in full.

The file is rotated once per start (svdesk.log -> svdesk.log.1 ... .3) when it has grown past
1 MB, rather than by logging.handlers.RotatingFileHandler: that module pulls in socket, pickle
and queue, a noticeable part of the window's start-up, for a log that grows by a few lines a run.
"""

from __future__ import annotations

import logging
from pathlib import Path

from svdesk.paths import log_dir

MAX_BYTES = 1_000_000
BACKUPS = 3


def log_file() -> Path:
    return log_dir() / "svdesk.log"


def _rotate(path: Path) -> None:
    try:
        if not path.exists() or path.stat().st_size <= MAX_BYTES:
            return
        for i in range(BACKUPS - 1, 0, -1):
            older = path.with_name(f"{path.name}.{i}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{i + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))
    except OSError:
        pass  # another svdesk may have the file open (Windows): rotate next time


def setup_logging(level: int = logging.INFO) -> Path:
    path = log_file()
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "_svdesk", False)]
    if not any(isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path for h in ours):
        for old in ours:  # another SVDESK_HOME (tests): log where log_file() now points
            root.removeHandler(old)
            old.close()
        _rotate(path)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        handler._svdesk = True  # type: ignore[attr-defined]  # marks the handler as ours
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
