"""The dashboard's figures kept from the last session, shown at the next start before the
database layer is imported (issue 23 point 1), and only when provably still the store's figures.

What is kept is what the dashboard showed (plain JSON: the texts of the cards, the bars, the
attention list, the period, the organisation's name), in a file of the app's own data folder
named after the database's path, never beside the user's database.

Why it can be trusted (a figure on screen must equal the store's figure):
- It is written ("sealed") only when a window closes cleanly: after the store is closed (so
  SQLite has moved everything into the database file and removed its write-ahead log), and only
  when nothing was written since the figures were counted, neither through this window (its
  Store.version) nor by anything else (the database and log files' identity, size and times
  are the same as when the count began).
- It is shown only when the file is still exactly as sealed: same path, same file (device and
  inode), same size, modification and change times to the nanosecond, same 100-byte SQLite
  header, and no write-ahead log with anything in it. Any commit by any program writes the log
  or the file, so changes at least one of these; the change time cannot be set back by a program
  (restoring a backup or copying another file over it makes a new one). Also required: the same
  day (the "so far" figures move at midnight) and the same svdesk version (an upgrade may count
  differently or migrate the file).
Anything unexpected (no file, unreadable, corrupt, another format) means "no snapshot": the
start goes the usual way. SQLite files only: a store that is not a file on disk has no stamp.
No Qt, no SQLAlchemy: this is read before either is needed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from svdesk import __version__
from svdesk.paths import data_dir

log = logging.getLogger(__name__)
FORMAT = 1
_HEADER_BYTES = 100  # SQLite's database header: page size, page count, schema cookie...

Stamp = dict[str, Any]
View = dict[str, Any]


def _stat(path: Path) -> list[int] | None:
    try:
        s = os.stat(path)
    except FileNotFoundError:
        return None
    return [s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns]


def live_stamp(db_path: Path) -> list | None:
    """The database and its write-ahead log as they are now, while open: equal before and after
    a stretch of time means nothing was committed meanwhile (None: not a file)."""
    db = _stat(db_path)
    if db is None:
        return None
    # the logs without their change time: SQLite running as root gives each connection's log
    # file its database's owner (a chown, which moves the change time) whenever it opens it
    logs = [_stat(Path(f"{db_path}{side}")) for side in ("-wal", "-journal")]
    return [db, *(s[:4] if s else None for s in logs)]


def closed_stamp(db_path: Path) -> Stamp | None:
    """The stamp of a database nobody is writing: its file and header, with no write-ahead log
    holding anything (absent or empty) and no rollback journal. None when that is not so."""
    db = _stat(db_path)
    if db is None:
        return None
    for side in ("-wal", "-journal"):
        other = _stat(Path(f"{db_path}{side}"))
        if other is not None and other[2] > 0:
            return None  # changes not yet in the file (or being made): no proof
    try:
        with open(db_path, "rb") as f:
            header = f.read(_HEADER_BYTES)
    except OSError:
        return None
    if not header.startswith(b"SQLite format 3\x00"):
        return None
    return {"file": db, "header": hashlib.sha256(header).hexdigest()}


def snapshot_file(db_path: Path) -> Path:
    key = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:32]
    return data_dir() / "figures" / f"{key}.json"


@dataclass
class _Counted:
    view: View
    day: str
    version: int
    stamp: list | None


_counted: dict[Path, _Counted] = {}
_guard = threading.Lock()


def note_counted(db_path: Path, view: View, day: date, version: int, stamp: list | None) -> None:
    """The dashboard counted its start view at store version `version`, and the files were
    `stamp` (live_stamp) before and after the count: kept until the window closes."""
    with _guard:
        if stamp is None:
            _counted.pop(Path(db_path), None)
        else:
            _counted[Path(db_path)] = _Counted(view, day.isoformat(), version, stamp)


def amend(db_path: Path, key: str, value: object, version: int) -> None:
    """Change one part of the view kept for db_path, if it was counted at store version
    `version` (the dashboard's "what next" card, as it is when the window closes)."""
    with _guard:
        counted = _counted.get(Path(db_path))
        if counted is not None and counted.version == version:
            counted.view[key] = value


def forget(db_path: Path | None) -> None:
    with _guard:
        _counted.pop(db_path, None)  # type: ignore[arg-type]


def unchanged_since_count(db_path: Path | None, writes_now: int | None) -> bool:
    """Before the store closes: the figures counted are still the store's (nothing committed
    since, by this window or anything else). False for a store that is not a file (no path)."""
    if not isinstance(db_path, Path):
        return False
    with _guard:
        counted = _counted.get(Path(db_path))
    return (
        counted is not None
        and writes_now is not None
        and counted.version == writes_now
        and live_stamp(Path(db_path)) == counted.stamp
    )


def seal(db_path: Path) -> bool:
    """After the store has closed (unchanged_since_count was true before): write the snapshot
    with the closed file's stamp. False (and any older snapshot removed) when it cannot be."""
    db_path = Path(db_path)
    with _guard:
        counted = _counted.pop(db_path, None)
    target = snapshot_file(db_path)
    stamp = closed_stamp(db_path)
    if counted is None or stamp is None:
        target.unlink(missing_ok=True)
        return False
    record = {
        "format": FORMAT,
        "svdesk": __version__,
        "database": str(db_path.resolve()),
        "day": counted.day,
        "sealed": datetime.now().isoformat(timespec="seconds"),
        "stamp": stamp,
        "view": counted.view,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(".part")
    part.write_text(json.dumps(record), encoding="utf-8")
    os.replace(part, target)  # whole or not at all
    return True


CARD_KEYS = ("social", "local", "jobs", "spend", "commitments", "evidence")


def well_formed(view: object) -> bool:
    """Everything the dashboard paints is there, of the right kind (a snapshot from another
    build, or edited, is not shown half)."""

    def texts(*values: object) -> bool:
        return all(isinstance(v, str) for v in values)

    def bars(rows: object) -> bool:
        return (
            isinstance(rows, list)
            and bool(rows)
            and all(
                isinstance(r, list)
                and len(r) in (3, 4)
                and texts(r[0], r[2], *r[3:])
                and (r[1] is None or isinstance(r[1], (int, float)))
                for r in rows
            )
        )

    def steps(card: object) -> bool:
        return card is None or (
            isinstance(card, dict)
            and texts(card.get("title"), card.get("intro"), card.get("done"))
            and isinstance(card.get("rows"), list)
            and all(
                isinstance(r, dict)
                and texts(r.get("title"), r.get("why"), r.get("action"))
                and isinstance(r.get("tick"), bool)
                and isinstance(r.get("checked"), bool)
                for r in card["rows"]
            )
        )

    if not isinstance(view, dict):
        return False
    cards = view.get("cards")
    return (
        texts(view.get("organisation"), view.get("contract"), view.get("period"))
        and isinstance(cards, dict)
        and all(
            isinstance(cards.get(k), dict)
            and texts(cards[k].get("value"), cards[k].get("detail"), cards[k].get("tip", ""))
            for k in CARD_KEYS
        )
        and bars(view.get("commit_bars"))
        and bars(view.get("spend_bars"))
        and steps(view.get("next_steps"))
        and isinstance(view.get("attention"), list)
        and all(
            isinstance(a, list) and len(a) == 3 and isinstance(a[0], str) and texts(a[1] or "", a[2] or "")
            for a in view["attention"]
        )
    )


def load(db_path: Path, today: date | None = None) -> View | None:
    """The figures to show for db_path at once, or None unless they are provably current."""
    try:
        db_path = Path(db_path).resolve()
        target = snapshot_file(db_path)
        if not target.is_file():
            return None
        record = json.loads(target.read_text(encoding="utf-8"))
        if not (
            isinstance(record, dict)
            and record.get("format") == FORMAT
            and record.get("svdesk") == __version__
            and record.get("database") == str(db_path)
            and record.get("day") == (today or date.today()).isoformat()
            and well_formed(record.get("view"))
        ):
            return None
        stamp = closed_stamp(db_path)
        if stamp is None or stamp != record.get("stamp"):
            return None
        return record["view"]
    except Exception:  # noqa: BLE001 (a corrupt or odd snapshot is simply not used)
        log.info("Figures snapshot for %s not used", db_path, exc_info=True)
        return None
