"""Bring a database file to the current schema with Alembic, safely.

- A new file is created at the latest schema.
- An older file is first copied (SQLite backup API) beside itself, then upgraded.
- A file written by a newer svdesk, or one that is not an svdesk database, is refused with a
  message that says what to do; it is never touched.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from svdesk.db.engine import backup_sqlite, make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class DatabaseError(Exception):
    """A database file svdesk cannot open; the message is meant for the user."""


class DatabaseTooNew(DatabaseError):
    pass


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _check_is_sqlite(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseError(f"svdesk cannot read {path}: {exc.strerror}.") from exc
    if header and header != b"SQLite format 3\x00":
        raise DatabaseError(
            f"{path.name} is not an svdesk database (it is not an SQLite file). "
            "Choose another file, or restore one from a backup."
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path.name} is damaged and cannot be opened ({exc}). Restore it from a backup."
        ) from exc
    if tables and "alembic_version" not in tables:
        raise DatabaseError(
            f"{path.name} is an SQLite file but not an svdesk database. Choose another file."
        )


def open_database(path: Path | str, *, backup_dir: Path | None = None) -> Engine:
    """Open (creating or upgrading as needed) the database at path and return its engine."""
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _check_is_sqlite(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    current = current_revision(engine) if existed else None
    if current == head:
        return engine
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            engine.dispose()
            raise DatabaseTooNew(
                f"{path.name} was written by a newer version of svdesk (schema {current}). "
                "Install the latest svdesk to open it; this version has not changed the file."
            ) from None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target_dir = backup_dir or path.parent
        backup_sqlite(path, target_dir / f"{path.stem}.before-upgrade-{current}-{stamp}{path.suffix}")
    command.upgrade(alembic_config(engine), "head")
    return engine
