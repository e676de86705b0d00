"""Readers for files from other programs (accounting, payroll): rows first, then a writer.

Accounting exports (suppliers and spend) are read through this package's registry; payroll files
have their own reader in svdesk.importers.payroll (its column vocabulary in .payroll_columns).
Both are pure Python and touch no database.

    facts = inspect_file(path)              # hash + encoding, one streaming pass
    plan = detect(facts, kind="spend")      # which layout, where its header is
    for item in plan.records(options): ...  # SpendRecord / SupplierRecord / Reject / Skip

detect() raises UnknownLayout, whose message lists the layouts svdesk knows, when a file
matches none of them: the caller then asks the user for a column mapping (generic layout).
It raises AmbiguousLayout (naming each) when two layouts fit equally well, and NotATable when
the file is something else (a PDF, an image, an HMRC RTI XML, a Xero Journal report): a
column mapping would not help, so the message says what the file is and what to export.

Numeric dates are read in one order per file, settled from the file's values before its rows
are parsed (svdesk.importers.date_order); Options.date_order overrides.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from svdesk.importers.banks import BANK_LAYOUTS
from svdesk.importers.base import Layout, Options, Reject, Skip, SpendRecord, SupplierRecord
from svdesk.importers.date_order import DateOrder, decide_order, in_order
from svdesk.importers.file_kinds import refusal
from svdesk.importers.freeagent import FreeAgentBank
from svdesk.importers.generic import GenericMapped, mapping_problem
from svdesk.importers.quickbooks import (
    QuickBooksBillPaymentList,
    QuickBooksSupplierReport,
    QuickBooksSuppliers,
)
from svdesk.importers.reading import (
    FileFacts,
    NotATable,
    RowSource,
    UnreadableFile,
    header_key,
    inspect_file,
    is_blank,
)
from svdesk.importers.sage import Sage50Purchases
from svdesk.importers.supplier_sheet import SupplierSpreadsheet
from svdesk.importers.xero import XeroAccountTransactions, XeroBankStatement, XeroBills, XeroContacts

# Every layout svdesk reads, in the one place (tests/unit/test_cli_tables.py checks that each
# Layout class in this package is here or deliberately left out). Most specific first: a bills
# export also has the headers a bank statement test looks for.
# Bank readers come before QuickBooks' report, whose header test (date, transaction type,
# amount) a bank download such as Tide's also passes; each bank's own test is stricter.
LAYOUTS: list[Layout] = [
    XeroBills(),
    XeroContacts(),
    XeroAccountTransactions(),
    XeroBankStatement(),
    *BANK_LAYOUTS,
    QuickBooksSupplierReport(),
    QuickBooksSuppliers(),
    FreeAgentBank(),
    QuickBooksBillPaymentList(),
    Sage50Purchases(),
    SupplierSpreadsheet(),
]
HEAD_ROWS = 40

__all__ = [
    "LAYOUTS",
    "AmbiguousLayout",
    "DateOrder",
    "FileFacts",
    "ImportPlan",
    "NotATable",
    "Options",
    "Reject",
    "Skip",
    "SpendRecord",
    "SupplierRecord",
    "UnknownLayout",
    "UnreadableFile",
    "detect",
    "inspect_file",
    "layout_by_name",
    "layout_names",
    "mapping_problem",
    "GenericMapped",
]


class UnknownLayout(Exception):
    """The file is readable but matches no known layout."""


class AmbiguousLayout(UnknownLayout):
    """Two or more layouts fit the file equally well: the user chooses (names in .layouts)."""

    def __init__(self, message: str, layouts: list[Layout]):
        super().__init__(message)
        self.layouts = layouts


# Exports people pick by mistake that are tables but hold no spend: header keys -> what it is.
NOT_SPEND = [
    (
        {"journalnumber", "journaldate", "accountname", "netamount"},
        "a Xero Journal report (journals between accounts, with no suppliers)",
    ),
    ({"accountcode", "accountname", "debit", "credit"}, "a trial balance"),
] + [
    ({key}, "a payroll export of employees (import it under People: `svdesk import people`)")
    for key in ("nationalinsurancenumber", "ninumber", "dateofbirth", "worksnumber", "surname")
]


def layout_names(kind: str | None = None) -> list[str]:
    names = [lay.name for lay in LAYOUTS if kind is None or lay.kind == kind]
    return names + (["generic"] if kind in (None, "spend") else [])


def layout_by_name(name: str, mapping: dict | None = None) -> Layout:
    if name == "generic":
        return GenericMapped(mapping)
    if name == "supplier-spreadsheet" and mapping:
        return SupplierSpreadsheet(mapping)
    for lay in LAYOUTS:
        if lay.name == name:
            return lay
    raise UnknownLayout(
        f"“{name}” is not a layout svdesk knows. Choose one of: " + ", ".join(layout_names()) + "."
    )


@dataclass
class ImportPlan:
    facts: FileFacts
    layout: Layout
    header_row: int  # spreadsheet row number of the header (0 when there is none)
    header: list[str]
    source: RowSource | None = None
    title: str = ""  # the report's title rows, if any ("Bill Payment List" …)
    date_order: DateOrder | None = None  # settled by records()

    def _body(self) -> tuple[RowSource, Iterator]:
        source = RowSource(self.facts)
        rows = iter(source)
        if self.header_row:
            for number, _row in rows:
                if number >= self.header_row:
                    break
        return source, rows

    def records(self, options: Options | None = None) -> Iterator:
        """Stream the file's records. Rows above the header are title rows and are ignored.

        Every row below the header gives exactly one item (a record, a Skip or a Reject), so
        the summary's imported + skipped + rejected always adds up to the rows in the file."""
        options = options or Options()
        options.extra.setdefault("title", self.title)
        if self.date_order is None or options.date_order:
            self.date_order = decide_order(self._body()[1], options.date_order)
        self.source, rows = self._body()
        return in_order(self.layout.parse(rows, self.header, options), self.date_order.order)

    @property
    def rows_read(self) -> int:
        """Rows below the header read so far (title rows above it are not counted)."""
        return max(0, self.source.last_row - self.header_row) if self.source else 0

    @property
    def fraction_done(self) -> float:
        return self.source.fraction_done if self.source else 0.0


def head_rows(facts: FileFacts) -> list[tuple[int, list[str]]]:
    return list(islice(iter(RowSource(facts)), HEAD_ROWS))


def detect(
    facts: FileFacts, kind: str | None = None, format: str | None = None, mapping: dict | None = None
) -> ImportPlan:
    head = head_rows(facts)
    if not any(not is_blank(r) for _n, r in head):
        raise UnreadableFile(f"{facts.path.name} has no rows in it.")
    if format:
        candidates = [layout_by_name(format, mapping)]
    else:
        candidates = [lay for lay in LAYOUTS if kind is None or lay.kind == kind]
        if mapping:
            candidates.insert(0, GenericMapped(mapping))
    fits: list[tuple[Layout, int]] = []
    for layout in candidates:
        if format and kind and layout.kind != kind:
            raise UnknownLayout(f"“{format}” is a {layout.kind} layout, not a {kind} one.")
        found = layout.find_header(head)
        if found is None:
            continue
        fits.append((layout, found))
        if format or isinstance(layout, GenericMapped):
            break  # what the user chose is not second-guessed
    fits = _narrow(fits)
    if len(fits) > 1:
        names = " and ".join(f"{lay.label} (--format {lay.name})" for lay, _f in fits)
        raise AmbiguousLayout(
            f"{facts.path.name} fits more than one layout: {names}. Say which it is: choose it "
            "in the window's Layout list, or give --format on the command line.",
            [lay for lay, _f in fits],
        )
    if fits:
        layout, found = fits[0]
        if found < 0:
            return ImportPlan(facts, layout, 0, [])
        number, header = head[found]
        title = " / ".join(
            " ".join(c.strip() for c in row if c.strip()) for _n, row in head[:found] if not is_blank(row)
        )
        return ImportPlan(facts, layout, number, header, title=title)
    if format:
        if format == "generic" and mapping_problem(mapping):
            raise UnknownLayout(mapping_problem(mapping))
        raise UnknownLayout(
            f"{facts.path.name} does not look like a {candidates[0].label}: "
            "its header row was not found in the first rows."
        )
    _refuse_non_tables(facts, head, kind)
    known = "; ".join(f"{lay.label} ({lay.name})" for lay in LAYOUTS if kind is None or lay.kind == kind)
    raise UnknownLayout(
        f"svdesk does not recognise the layout of {facts.path.name}. It knows: {known}. "
        "Choose the layout with --format, or map the columns yourself (the generic layout)."
    )


def _narrow(fits: list[tuple[Layout, int]]) -> list[tuple[Layout, int]]:
    """Drop a layout that names, in yields_to, another layout that also fits, and a loose one
    when a strict one fits: what is left fits equally well (two or more: ask)."""
    names = {lay.name for lay, _f in fits}
    fits = [(lay, f) for lay, f in fits if not (set(getattr(lay, "yields_to", ())) & names)]
    if any(not getattr(lay, "loose", False) for lay, _f in fits):
        fits = [(lay, f) for lay, f in fits if not getattr(lay, "loose", False)]
    return fits


def _refuse_non_tables(facts: FileFacts, head: list[tuple[int, list[str]]], kind: str | None) -> None:
    """Raise NotATable for a known export that holds no spend, or text with no columns."""
    for _n, row in head:
        keys = {header_key(c) for c in row if c.strip()}
        for required, what in NOT_SPEND:
            if required <= keys:
                raise NotATable(refusal(facts.path, what, kind))
    filled = [r for _n, r in head if not is_blank(r)]
    if filled and all(sum(1 for c in r if c.strip()) <= 1 for r in filled):
        raise NotATable(refusal(facts.path, "text with no columns (not a CSV table)", kind))
