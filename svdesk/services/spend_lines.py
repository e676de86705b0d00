"""The spend lines behind a figure: how many, their total, their order, a page at a time.

A table over a million lines must not make the window wait for each page. line_set() works
out once per question, in the background, the id of every matching line in the order shown;
any page is then those ids looked up by primary key (lines_by_id), about a millisecond
wherever it is in the list. Without this, reading the last page with LIMIT … OFFSET took a
quarter of a second, and every page of a search another full scan.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text

from svdesk.db.raw import RawSQL
from svdesk.models import ImportBatch
from svdesk.services.spend_analysis import SpendQuery, amount_sql, parse_day, prepare_query, where_sql
from svdesk.services.store import Store

# Sort keys by name, each with the join it needs; ties go newest first.
SORTS = {
    "date": ("sl.spend_date", ""),
    "supplier": ("s.name COLLATE NOCASE", "JOIN supplier s ON s.id = sl.supplier_id"),
    "postcode": ("s.postcode", "JOIN supplier s ON s.id = sl.supplier_id"),
    "description": ("sl.description COLLATE NOCASE", ""),
    "reference": ("sl.reference COLLATE NOCASE", ""),
    "net": ("sl.net_pence", ""),
    "gross": ("sl.gross_pence", ""),
    "paid": ("sl.paid_date", ""),
    "contract": ("c.reference", "LEFT JOIN contract c ON c.id = sl.contract_id"),
}
_TEXT_KEYS = {"supplier", "postcode", "description", "reference", "contract"}


def _pg_order(sort: str, key: str, order: str) -> str:
    """The sort key in SQLite's order on PostgreSQL: text by its bytes (SQLite's BINARY, not the
    server's locale), NOCASE as lower(), and NULLs first ascending and last descending."""
    key = key.lstrip("+")
    if key.endswith(" COLLATE NOCASE"):
        key = f"lower({key.removesuffix(' COLLATE NOCASE')})"
    if sort in _TEXT_KEYS:
        key += ' COLLATE "C"'
    return f"{key} {order} NULLS {'FIRST' if order == 'ASC' else 'LAST'}"


@dataclass
class SpendLineRow:
    id: int
    spend_date: date
    supplier_id: int
    supplier: str
    postcode: str
    description: str
    reference: str
    net_pence: int | None
    gross_pence: int | None
    invoice_date: date | None
    paid_date: date | None
    contract: str
    batch_id: int


@dataclass
class LineSet:
    """Every line matching a query, as ids in display order, and their total."""

    query: SpendQuery
    sort: str
    descending: bool
    ids: array
    total_pence: int

    def __len__(self) -> int:
        return len(self.ids)


def _spend_day(text: str) -> date:
    day = parse_day(text)
    assert day is not None  # spend_date is a NOT NULL column
    return day


def count_lines(store: Store, query: SpendQuery) -> tuple[int, int]:
    """(number of lines, their total) behind a figure."""
    with store.read() as s:
        conn = s.connection()
        prepare_query(store, conn, query)
        params: dict = {}
        n, total = conn.execute(
            text(
                f"SELECT count(*), coalesce(sum({amount_sql(query.basis)}), 0) FROM spend_line sl "
                f"WHERE {where_sql(query, params, conn.dialect.name)}"
            ),
            params,
        ).one()
        return n, total


def line_set(store: Store, query: SpendQuery, sort: str = "date", descending: bool = True) -> LineSet:
    """The ids of every line behind a figure, sorted, with their total (a second or so for a
    million lines: run it off the GUI thread).

    SQLite returns the ids as one string of fixed-width hex, turned into an array in a few
    milliseconds: fetching a million one-column rows would hold Python's lock (and so freeze
    the window) for most of a second."""
    key, join = SORTS[sort]
    if sort == "date" and query.search.strip():
        key = "+sl.spend_date"  # a search matches few lines: sort them, not walk the index
    order = "DESC" if descending else "ASC"
    then = f"sl.id {order}" if sort == "date" else "sl.spend_date DESC, sl.id DESC"
    with store.read() as s:
        conn = s.connection()
        prepare_query(store, conn, query)
        params: dict = {}
        where = where_sql(query, params, conn.dialect.name)
        if conn.dialect.name == "postgresql":
            hex_sql = (
                "SELECT string_agg(lpad(to_hex(sl.id), 16, '0'), '' "
                f"ORDER BY {_pg_order(sort, key, order)}, {then}) "
                f"FROM spend_line sl {join} WHERE {where}"
            )
        else:
            hex_sql = (
                "SELECT group_concat(printf('%016x', id), '') FROM (SELECT sl.id AS id "
                f"FROM spend_line sl {join} WHERE {where} "
                f"ORDER BY {key} {order}, {then})"
            )
        hexed = conn.execute(text(hex_sql), params).scalar()
        total = conn.execute(
            text(f"SELECT coalesce(sum({amount_sql(query.basis)}), 0) FROM spend_line sl WHERE {where}"),
            params,
        ).scalar_one()  # an aggregate: always one row
    ids = array("q", bytes.fromhex(hexed or ""))
    if sys.byteorder == "little":
        ids.byteswap()  # the hex is big-endian
    return LineSet(query, sort, descending, ids, total)


def lines_by_id(store: Store, ids: Sequence[int]) -> list[SpendLineRow]:
    """The lines with these ids, in the order given (lines deleted since are left out)."""
    if not ids:
        return []
    with store.read() as s:
        rows = RawSQL(s.connection()).rows(
            "SELECT sl.id, sl.spend_date, s.id, s.name, s.postcode, sl.description, "
            "sl.reference, sl.net_pence, sl.gross_pence, sl.invoice_date, sl.paid_date, "
            "coalesce(c.reference, ''), sl.batch_id FROM spend_line sl "
            "JOIN supplier s ON s.id = sl.supplier_id "
            "LEFT JOIN contract c ON c.id = sl.contract_id "
            f"WHERE sl.id IN ({','.join('?' * len(ids))})",
            tuple(ids),
        )
    by_id = {
        r[0]: SpendLineRow(
            r[0],
            _spend_day(r[1]),
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            parse_day(r[9]),
            parse_day(r[10]),
            r[11],
            r[12],
        )
        for r in rows
    }
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class SpendLineDetail:
    """One line with where it came from, for its details window."""

    line: SpendLineRow
    due_date: date | None
    contract_title: str
    file_name: str
    file_layout: str
    imported_at: datetime
    source_row: int


def get_spend_line(store: Store, line_id: int) -> SpendLineDetail | None:
    found = lines_by_id(store, [line_id])
    if not found:
        return None
    with store.read() as s:
        due, row, title = RawSQL(s.connection()).rows(
            "SELECT sl.due_date, sl.source_row, coalesce(c.title, '') FROM spend_line sl "
            "LEFT JOIN contract c ON c.id = sl.contract_id WHERE sl.id = ?",
            (line_id,),
        )[0]
        batch = s.get(ImportBatch, found[0].batch_id)
        assert batch is not None  # batch_id is a NOT NULL key; deleting a batch deletes its lines
        return SpendLineDetail(
            found[0], parse_day(due), title, batch.file_name, batch.format, batch.imported_at, row
        )


def has_spend_records(store: Store) -> bool:
    """Whether there is any spend or any supplier yet (instant, for the empty page)."""
    with store.read() as s:
        return bool(
            s.connection()
            .exec_driver_sql("SELECT EXISTS (SELECT 1 FROM spend_line) OR EXISTS (SELECT 1 FROM supplier)")
            .scalar()
        )


def assign_contract(store: Store, line_ids: Sequence[int], contract_id: int | None) -> int:
    """Record (or clear) the contract that spend lines were bought for."""
    with store.write() as s:
        raw = RawSQL(s.connection())
        done = 0
        for i in range(0, len(line_ids), 500):
            chunk = list(line_ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            done += raw.run(
                f"UPDATE spend_line SET contract_id = ? WHERE id IN ({marks})", (contract_id, *chunk)
            )
        return done
