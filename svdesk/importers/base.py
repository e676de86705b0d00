"""What every importer produces, and the small toolkit they share.

An importer turns rows into a stream of SpendRecord / SupplierRecord, Reject (a row we cannot
use, with its row number, column and reason) and Skip (a row that is not spend: a title, a
subtotal, money coming in). It never touches the database: the import service decides what is
new, what is a duplicate and writes everything in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date

from svdesk.importers import values
from svdesk.importers.reading import header_key, is_blank

Rows = Iterable[tuple[int, list[str]]]


@dataclass(slots=True)
class SpendRecord:
    row: int  # first source row (a bill may span several)
    supplier: str
    spend_date: date
    net_pence: int | None
    gross_pence: int | None
    invoice_date: date | None = None
    due_date: date | None = None
    paid_date: date | None = None
    description: str = ""
    reference: str = ""
    supplier_postcode: str = ""
    bank_type: str = ""  # a bank's own code for the line ("DD", "CPT"), for the rules


@dataclass(slots=True)
class SupplierRecord:
    row: int
    name: str
    postcode: str = ""
    company_number: str = ""
    charity_number: str = ""
    country: str = ""  # blank when the file has no country column


@dataclass(frozen=True, slots=True)
class Reject:
    row: int
    column: str
    reason: str


@dataclass(frozen=True, slots=True)
class Skip:
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class Excluded:
    """Money out that is not supplier spend (HMRC, wages, own transfers…), kept out by a rule
    and listed with its total, so nothing leaves the spend figures unseen."""

    row: int
    rule: str  # the rule's name, as the summary lists it ("HMRC", "wages")
    pence: int  # the amount kept out (positive)
    payee: str = ""


@dataclass
class Options:
    basis: str | None = None  # single-amount files: "net" or "gross" (None: layout default)
    mapping: dict | None = None  # generic layout only
    extra: dict = field(default_factory=dict)
    date_order: str | None = None  # "dmy"/"mdy" to override the order the values show


class Layout:
    """One export layout. Subclasses set the names and implement find_header and parse."""

    name = ""  # used on the command line: --format NAME
    label = ""  # shown to people
    kind = "spend"  # or "suppliers"
    has_header = True
    items = "transactions"  # what its rows hold, for "the file has no bills in it"
    yields_to: tuple[str, ...] = ()  # layouts that win when they fit the same file
    # A loose header test (a few common column names) that other layouts' files may also
    # pass: when a layout with a stricter test fits too, that one is used, not asked about.
    loose = False

    def find_header(self, head: list[tuple[int, list[str]]]) -> int | None:
        """Index in head of this layout's header row, or None when it is not this layout."""
        raise NotImplementedError

    def parse(self, rows: Iterator[tuple[int, list[str]]], header: list[str], options: Options) -> Iterator:
        raise NotImplementedError


def header_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        index.setdefault(header_key(cell), i)
    return index


def find_row_with(
    head: list[tuple[int, list[str]]], required: set[str], forbidden: AbstractSet[str] = frozenset()
) -> int | None:
    for i, (_n, row) in enumerate(head):
        keys = {header_key(c) for c in row if c.strip()}
        if required <= keys and not (forbidden & keys):
            return i
    return None


class Cells:
    """Named access to one row's cells with errors that carry the column's header text."""

    __slots__ = ("row", "cells", "index", "header")

    def __init__(self, row: int, cells: list[str], index: dict[str, int], header: list[str]):
        self.row, self.cells, self.index, self.header = row, cells, index, header

    def text(self, key: str) -> str:
        i = self.index.get(key)
        if i is None or i >= len(self.cells):
            return ""
        return self.cells[i].strip()

    def column(self, key: str) -> str:
        i = self.index.get(key)
        return self.header[i].strip() if i is not None else key

    def money(self, key: str) -> int | None:
        try:
            return values.money(self.text(key))
        except ValueError as exc:
            raise RowError(self.column(key), str(exc)) from None

    def day(self, key: str) -> date | None:
        try:
            return values.day(self.text(key))
        except ValueError as exc:
            raise RowError(self.column(key), str(exc)) from None


class RowError(Exception):
    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column, self.reason = column, reason


def guard(row: int, make: Callable[[], object]):
    """Run make(); a RowError becomes a Reject for that row."""
    try:
        return make()
    except RowError as exc:
        return Reject(row, exc.column, exc.reason)


def blank_or_total(cells: list[str]) -> str | None:
    """Why a row is not a transaction ("blank row", "total row"), or None."""
    if is_blank(cells):
        return "blank row"
    first = next((c.strip().lower() for c in cells if c.strip()), "")
    if first.startswith(
        (
            "total",
            "grand total",
            "net movement",
            "closing balance",
            "opening balance",
            "balance b/f",
            "balance c/f",
        )
    ):
        return "total or balance row"
    return None


def apply_basis(amount: int, basis: str) -> tuple[int | None, int | None]:
    return (amount, None) if basis == "net" else (None, amount)
