"""The few SQL expressions that SQLite and PostgreSQL spell differently, for either store.

Dates are ISO text on SQLite and DATE on PostgreSQL: "the month of" a date is its first seven
characters on one and to_char on the other; the days between two dates are julianday's
difference on one and plain subtraction on the other. For SQLAlchemy statements use the
constructs (year_of, month_of, days_between); for plain SQL text the functions taking the
dialect's name (conn.dialect.name).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def month_sql(col: str, dialect: str) -> str:
    """'YYYY-MM' of a date column, as text."""
    return f"to_char({col}, 'YYYY-MM')" if dialect == "postgresql" else f"substr({col}, 1, 7)"


def year_sql(col: str, dialect: str) -> str:
    """'YYYY' of a date column, as text."""
    return f"to_char({col}, 'YYYY')" if dialect == "postgresql" else f"substr({col}, 1, 4)"


def days_sql(later: str, earlier: str, dialect: str) -> str:
    """Whole days from earlier to later (a float, as julianday's difference is)."""
    if dialect == "postgresql":
        return f"(({later}) - ({earlier}))::float8"
    return f"(julianday({later}) - julianday({earlier}))"


class year_of(FunctionElement[str]):
    """'YYYY' of a date, as text."""

    type = String()
    inherit_cache = True


class month_of(FunctionElement[str]):
    """'YYYY-MM' of a date, as text."""

    type = String()
    inherit_cache = True


class days_between(FunctionElement[float]):
    """days_between(later, earlier): the days from earlier to later."""

    type = Float()
    inherit_cache = True


def _args(element: FunctionElement, compiler: Any, **kw: Any) -> list[str]:
    return [compiler.process(c, **kw) for c in element.clauses]


@compiles(year_of)
def _year_sqlite(element: year_of, compiler: Any, **kw: Any) -> str:
    return year_sql(_args(element, compiler, **kw)[0], "sqlite")


@compiles(year_of, "postgresql")
def _year_pg(element: year_of, compiler: Any, **kw: Any) -> str:
    return year_sql(_args(element, compiler, **kw)[0], "postgresql")


@compiles(month_of)
def _month_sqlite(element: month_of, compiler: Any, **kw: Any) -> str:
    return month_sql(_args(element, compiler, **kw)[0], "sqlite")


@compiles(month_of, "postgresql")
def _month_pg(element: month_of, compiler: Any, **kw: Any) -> str:
    return month_sql(_args(element, compiler, **kw)[0], "postgresql")


@compiles(days_between)
def _days_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = _args(element, compiler, **kw)
    return days_sql(later, earlier, "sqlite")


@compiles(days_between, "postgresql")
def _days_pg(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = _args(element, compiler, **kw)
    return days_sql(later, earlier, "postgresql")


def month_number_sql(col: str, dialect: str) -> str:
    """year * 12 + month of a date column, as an integer (for grouping by half-years)."""
    if dialect == "postgresql":
        return (
            f"(CAST(extract(year FROM {col}) AS INTEGER) * 12 + CAST(extract(month FROM {col}) AS INTEGER))"
        )
    return f"(CAST(substr({col}, 1, 4) AS INTEGER) * 12 + CAST(substr({col}, 6, 2) AS INTEGER))"


def binary_order(col: str, dialect: str) -> str:
    """A text column sorted by its characters' codes, as SQLite's BINARY collation does (not
    by the PostgreSQL server's locale, which differs from one server to the next)."""
    return f'{col} COLLATE "C"' if dialect == "postgresql" else col
