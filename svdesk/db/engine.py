"""The one place an SQLite engine is made: foreign keys on, WAL journal, a busy timeout."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{Path(path)}", future=True)
    event.listen(engine, "connect", _on_connect)
    return engine


def driver_rows(conn, sql: str, params) -> list[tuple]:
    """All rows of a query as sqlite3's plain tuples, read in batches with the DB-API cursor.

    Counts and analyses run in a background thread while the window stays live, and a few
    hundred thousand rows built in one C call (SQLAlchemy's rows, or sqlite3's fetchall) keep
    Python's lock from the GUI thread for a tenth of a second or more; between batches the
    lock is handed over when the GUI thread asks."""
    cursor = conn.connection.driver_connection.execute(sql, params)
    rows: list[tuple] = []
    while batch := cursor.fetchmany(1000):
        rows.extend(batch)
    return rows


def plain_rows(conn, stmt) -> list[tuple]:
    """All rows of a SQLAlchemy Core select as sqlite3's plain tuples, as stored: no result
    objects and no type conversion (dates stay ISO text). For queries that feed thousands of
    rows into a count, where building SQLAlchemy rows costs more than the query itself."""
    compiled = stmt.compile(dialect=conn.dialect)
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    return driver_rows(conn, str(compiled), params)


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
