"""Where svdesk keeps its files: one place, through platformdirs.

``SVDESK_HOME`` puts everything under one folder instead (tests, a portable install on a USB stick).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "svdesk"
DB_SUFFIX = ".svdesk"


def _home_override() -> Path | None:
    value = os.environ.get("SVDESK_HOME")
    return Path(value) if value else None


def _dirs():
    import platformdirs

    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    home = _home_override()
    path = home / "data" if home else Path(_dirs().user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    home = _home_override()
    path = home / "config" if home else Path(_dirs().user_config_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home_override()
    path = home / "logs" if home else Path(_dirs().user_log_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / f"svdesk{DB_SUFFIX}"
