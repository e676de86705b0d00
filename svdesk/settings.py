"""Typed user settings with their defaults in one place, stored as JSON in the config folder.

The UI reads and writes these through load()/save(); nothing else keeps preferences.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from svdesk.paths import config_dir

log = logging.getLogger(__name__)
MAX_RECENT = 8


@dataclass
class Settings:
    last_database: str = ""
    recent_databases: list[str] = field(default_factory=list)
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    window_state: str = ""
    last_page: str = "dashboard"
    column_widths: dict[str, list[int]] = field(default_factory=dict)
    sort_orders: dict[str, list[int]] = field(default_factory=dict)  # table -> [column, order]
    spend_amounts: str = "net"  # "net" or "gross"
    export_folder: str = ""  # where the last export was saved
    export_logos: dict[str, str] = field(default_factory=dict)  # database path -> logo file
    # The contract return's status shares (svdesk.services.contract_return.status_rule_text):
    # {"good": 1.0, "approaching": 0.9, "requires_improvement": 0.7}; missing keys use those.
    return_thresholds: dict[str, float] = field(default_factory=dict)
    # The dashboard's month-end routine (svdesk.services.start_checklist): the steps ticked,
    # by "<database path>|<YYYY-MM>" (the month closed).
    month_end_done: dict[str, list[str]] = field(default_factory=dict)
    # The folder each kind of import last read from ("spend", "suppliers", "people", "proxy"):
    # the next import of that kind, and the month-end "Import last month's bills", start there.
    import_folders: dict[str, str] = field(default_factory=dict)

    def remember_database(self, path: Path | str) -> None:
        """A file's path, or a PostgreSQL URL without its password (never kept in settings)."""
        from svdesk.db.location import Location, is_url

        value = Location.parse(path).safe_text if is_url(path) else str(Path(path))
        self.last_database = value
        self.recent_databases = [value] + [p for p in self.recent_databases if p != value]
        del self.recent_databases[MAX_RECENT:]


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load() -> Settings:
    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("Ignoring unreadable settings file %s: %s", path, exc)
        return Settings()
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known}
    try:
        return Settings(**values)
    except TypeError:
        return Settings()


def save(settings: Settings) -> None:
    """Write atomically so a crash mid-write never leaves a half file."""
    path = settings_path()
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("Could not save settings to %s: %s", path, exc)
