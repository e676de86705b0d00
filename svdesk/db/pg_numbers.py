"""PostgreSQL's NUMERIC results as the numbers SQLite gives: an int when whole, else a float.

sum() of a BIGINT column (every pence total) and avg() of integers are NUMERIC on PostgreSQL,
which psycopg reads as Decimal; SQLite gives int and float. svdesk has no NUMERIC columns (money
is whole pence), so reading them as int or float everywhere keeps figures, JSON and arithmetic
with floats the same on both stores, without every service knowing which store it reads."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _loader() -> Any:
    from psycopg.adapt import Loader

    class NumberLoader(Loader):
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            return int(text) if text.lstrip("-").isdigit() else float(text)

    return NumberLoader


def numbers_as_sqlite(dbapi_conn: Any, _record: Any = None) -> None:
    """A SQLAlchemy "connect" listener for a psycopg connection."""
    dbapi_conn.adapters.register_loader("numeric", _loader())
