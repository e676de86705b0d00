"""The one place an SQLite engine is made (foreign keys on, WAL journal, a busy timeout), and the
raw row reader that works on either store (SQLite or PostgreSQL, svdesk.db.postgres)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def driver_errors() -> tuple[type[Exception], ...]:
    """The database drivers' own errors (sqlite3's, and psycopg's once a PostgreSQL store has
    loaded it: until then none can be raised), for code that catches them without knowing
    which store it reads. Never imports psycopg itself (start-up time)."""
    import sys

    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error,) if psycopg is None else (sqlite3.Error, psycopg.Error)


def make_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{Path(path)}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def driver_rows(conn, sql: str, params) -> list[tuple]:
    """All rows of a query as sqlite3's plain tuples, read in batches with the DB-API cursor.

    Counts and analyses run in a background thread while the window stays live, and a few
    hundred thousand rows built in one C call (SQLAlchemy's rows, or sqlite3's fetchall) keep
    Python's lock from the GUI thread for a tenth of a second or more; between batches the
    lock is handed over when the GUI thread asks.

    sql is written for sqlite3 (? or :name parameters); on PostgreSQL it is rewritten for
    psycopg, and the cursor reads dates and timestamps as ISO text and numerics as int or float,
    as sqlite3 gives them, so callers do not know which store they read."""
    driver = conn.connection.driver_connection
    if conn.dialect.name == "sqlite":
        cursor = driver.execute(sql, params)
    else:
        cursor = _pg_cursor(driver)
        if params:
            cursor.execute(_psycopg_sql(sql), params)
        else:
            cursor.execute(sql)
    rows: list[tuple] = []
    while batch := cursor.fetchmany(1000):
        rows.extend(batch)
    return rows


def plain_rows(conn, stmt) -> list[tuple]:
    """All rows of a SQLAlchemy Core select as sqlite3's plain tuples, as stored: no result
    objects and no type conversion (dates stay ISO text). For queries that feed thousands of
    rows into a count, where building SQLAlchemy rows costs more than the query itself."""
    compiled = stmt.compile(dialect=conn.dialect)
    if conn.dialect.name != "sqlite":  # psycopg's own paramstyle, compiled for it: no rewriting
        cursor = _pg_cursor(conn.connection.driver_connection)
        cursor.execute(str(compiled), compiled.params)
        rows: list[tuple] = []
        while batch := cursor.fetchmany(1000):
            rows.extend(batch)
        return rows
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    return driver_rows(conn, str(compiled), params)


_PARAM = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|%|\?|(?<![:\w]):(\w+)")


def _psycopg_sql(sql: str) -> str:
    """sqlite3's ? and :name parameters as psycopg's %s and %(name)s (quoted text, :: casts and
    a literal % kept as they are)."""

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if m.group(1):
            return f"%({m.group(1)})s"
        return token.replace("%", "%%")  # psycopg reads % even inside quoted text

    return _PARAM.sub(swap, sql)


def _pg_cursor(driver: Any):
    """A psycopg cursor whose own adapters load dates/timestamps as text and numerics as numbers."""
    from psycopg.adapt import Loader
    from psycopg.types.string import TextLoader

    class _NumberLoader(Loader):
        def load(self, data) -> int | float:
            text = bytes(data).decode()
            return int(text) if text.lstrip("-").isdigit() else float(text)

    cursor = driver.cursor()
    for name in ("date", "timestamp", "timestamptz", "time"):
        cursor.adapters.register_loader(name, TextLoader)
    cursor.adapters.register_loader("numeric", _NumberLoader)
    return cursor


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a database with SQLite's online backup API (consistent even while it is open)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)
