"""Opening, migrating and copying svdesk databases (SQLite files and PostgreSQL databases).

The names below load on first use: svdesk.db.location (what --db names) is needed before the
window paints, and must not bring SQLAlchemy with it (bench/bench_startup.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from svdesk.db.engine import make_engine
    from svdesk.db.migrate import DatabaseError, DatabaseTooNew, open_database

__all__ = ["DatabaseError", "DatabaseTooNew", "make_engine", "open_database"]


def __getattr__(name: str) -> Any:
    if name == "make_engine":
        from svdesk.db.engine import make_engine

        return make_engine
    if name in ("DatabaseError", "DatabaseTooNew", "open_database"):
        from svdesk.db import migrate

        return getattr(migrate, name)
    raise AttributeError(f"module 'svdesk.db' has no attribute {name!r}")
