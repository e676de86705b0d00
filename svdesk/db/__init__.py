"""Opening, migrating and copying svdesk databases (SQLite files and PostgreSQL databases).

The store interface, one module per concern, each with both stores:
- location.py: what --db names (file or postgresql:// URL), its label, this PC's folder for it,
  and the text that may be written down (never a password);
- engine.py / postgres.py: the engine (SQLite pragmas; psycopg with TLS preferred, a 5 s
  connect timeout, application_name=svdesk), the raw row reader driver_rows / plain_rows
  (plain tuples, dates as ISO text) and driver_errors();
- migrate.py / postgres.open_postgres: the same Alembic chain (SQLite: a backup first;
  PostgreSQL: one transaction under an advisory lock);
- opening.py / postgres.check_postgres: the read-only open and the health check;
- the lock is svdesk.safety.lock's file, for SQLite only (a server database is shared).

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
