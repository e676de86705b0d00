"""Plain SQL on the open write transaction, the same on SQLite and PostgreSQL.

Imports write hundreds of thousands of rows, where SQLAlchemy's ORM costs more than the database;
they write them with plain SQL through this, on the session's own connection (so everything is
in the one transaction: all or nothing). SQL is written for sqlite3 (? parameters); on
PostgreSQL it is rewritten for psycopg. Writes go through SQLAlchemy's connection
(exec_driver_sql), so the store still sees which tables changed (svdesk.services.table_changes);
reads come back as sqlite3 gives them (dates as ISO text, numerics as numbers), whichever store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from svdesk.db.engine import _pg_cursor, _psycopg_sql


class RawSQL:
    """Plain SQL on a SQLAlchemy Connection inside a transaction (session.connection())."""

    def __init__(self, conn: Any):
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"

    def _sql(self, sql: str) -> str:
        return _psycopg_sql(sql) if self.postgres else sql

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """A write; how many rows it changed."""
        return int(self.conn.exec_driver_sql(self._sql(sql), tuple(params)).rowcount)

    def run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """One write for each of rows (one executemany); how many rows they changed in all."""
        rows = [tuple(r) for r in rows]
        if not rows:
            return 0
        return int(self.conn.exec_driver_sql(self._sql(sql), rows).rowcount)

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """An INSERT of one row; the id it was given."""
        if self.postgres:
            return int(self.conn.exec_driver_sql(self._sql(sql) + " RETURNING id", tuple(params)).scalar())
        return int(self.conn.exec_driver_sql(sql, tuple(params)).lastrowid)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """A read's rows as plain tuples, values as sqlite3 gives them."""
        if not self.postgres:
            return self.conn.exec_driver_sql(sql, tuple(params)).fetchall()
        cursor = _pg_cursor(self.conn.connection.driver_connection)
        cursor.execute(self._sql(sql), tuple(params))
        return list(cursor.fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def _ddl(self, sql: str) -> None:
        """On the driver's connection, unseen by table_changes: switching a trigger off and on
        again, or a cache setting, changes no rows (it must not count as a change to every table)."""
        self.conn.connection.driver_connection.execute(sql)

    def setting(self, name: str, value: str) -> None:
        """PostgreSQL: a setting for the rest of this transaction only (SET LOCAL)."""
        self.rows("SELECT set_config(?, ?, true)", (name, value))

    @contextmanager
    def without_trigger(self, name: str) -> Iterator[None]:
        """SQLite: the trigger dropped for the body and made again after from its own stored
        SQL, inside this transaction: on an error it is not put back here, as the transaction
        must roll back, which restores it. (PostgreSQL: see svdesk.services.spend_month.)"""
        assert not self.postgres
        found = self.one("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
        assert found is not None, name
        self._ddl(f"DROP TRIGGER {name}")
        yield
        self._ddl(found[0])

    @contextmanager
    def page_cache(self, kib: int, default_kib: int) -> Iterator[None]:
        """SQLite: a bigger page cache for the body (put back after, whatever happens, so the
        pooled connection does not keep the memory). PostgreSQL's server keeps its own."""
        if self.postgres:
            yield
            return
        self._ddl(f"PRAGMA cache_size = -{kib}")
        try:
            yield
        finally:
            self._ddl(f"PRAGMA cache_size = -{default_kib}")
