"""Readers for files from other programs (accounting, payroll): rows first, then a writer.

Accounting exports (suppliers and spend) are read through this package's registry; payroll files
have their own reader in svdesk.importers.payroll. Both are pure Python and touch no database.

    facts = inspect_file(path)              # hash + encoding, one streaming pass
    plan = detect(facts, kind="spend")      # which layout, where its header is
    for item in plan.records(options): ...  # SpendRecord / SupplierRecord / Reject / Skip

detect() raises UnknownLayout, whose message lists the layouts svdesk knows, when a file
matches none of them: the caller then asks the user for a column mapping (generic layout).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Iterator

from svdesk.importers.banks import BANK_LAYOUTS
from svdesk.importers.base import (Layout, Options, Reject, Skip, SpendRecord, SupplierRecord)
from svdesk.importers.freeagent import FreeAgentBank
from svdesk.importers.generic import GenericMapped, mapping_problem
from svdesk.importers.quickbooks import QuickBooksSupplierReport, QuickBooksSuppliers
from svdesk.importers.reading import (FileFacts, RowSource, UnreadableFile, inspect_file,
                                      is_blank)
from svdesk.importers.xero import (XeroAccountTransactions, XeroBankStatement, XeroBills,
                                   XeroContacts)

# Most specific first: a bills export also has the headers a bank statement test looks for.
# Bank readers come before QuickBooks' report, whose header test (date, transaction type,
# amount) a bank download such as Tide's also passes; each bank's own test is stricter.
LAYOUTS: list[Layout] = [XeroBills(), XeroContacts(), XeroAccountTransactions(),
                         XeroBankStatement(), *BANK_LAYOUTS, QuickBooksSupplierReport(),
                         QuickBooksSuppliers(), FreeAgentBank()]
HEAD_ROWS = 40

__all__ = ["LAYOUTS", "FileFacts", "ImportPlan", "Options", "Reject", "Skip", "SpendRecord",
           "SupplierRecord", "UnknownLayout", "UnreadableFile", "detect", "inspect_file",
           "layout_by_name", "layout_names", "mapping_problem", "GenericMapped"]


class UnknownLayout(Exception):
    """The file is readable but matches no known layout."""


def layout_names(kind: str | None = None) -> list[str]:
    names = [lay.name for lay in LAYOUTS if kind is None or lay.kind == kind]
    return names + (["generic"] if kind in (None, "spend") else [])


def layout_by_name(name: str, mapping: dict | None = None) -> Layout:
    if name == "generic":
        return GenericMapped(mapping)
    for lay in LAYOUTS:
        if lay.name == name:
            return lay
    raise UnknownLayout(f"“{name}” is not a layout svdesk knows. Choose one of: "
                        + ", ".join(layout_names()) + ".")


@dataclass
class ImportPlan:
    facts: FileFacts
    layout: Layout
    header_row: int            # spreadsheet row number of the header (0 when there is none)
    header: list[str]
    source: RowSource | None = None
    title: str = ""            # the report's title rows, if any ("Bill Payment List" …)

    def records(self, options: Options | None = None) -> Iterator:
        """Stream the file's records. Rows above the header are title rows and are ignored."""
        options = options or Options()
        options.extra.setdefault("title", self.title)
        self.source = RowSource(self.facts)
        rows = iter(self.source)
        if self.header_row:
            for number, _row in rows:
                if number >= self.header_row:
                    break
        return self.layout.parse(rows, self.header, options)

    @property
    def rows_read(self) -> int:
        """Rows below the header read so far (title rows above it are not counted)."""
        return max(0, self.source.last_row - self.header_row) if self.source else 0

    @property
    def fraction_done(self) -> float:
        return self.source.fraction_done if self.source else 0.0


def head_rows(facts: FileFacts) -> list[tuple[int, list[str]]]:
    return list(islice(iter(RowSource(facts)), HEAD_ROWS))


def detect(facts: FileFacts, kind: str | None = None, format: str | None = None,
           mapping: dict | None = None) -> ImportPlan:
    head = head_rows(facts)
    if not any(not is_blank(r) for _n, r in head):
        raise UnreadableFile(f"{facts.path.name} has no rows in it.")
    if format:
        candidates = [layout_by_name(format, mapping)]
    else:
        candidates = [lay for lay in LAYOUTS if kind is None or lay.kind == kind]
        if mapping:
            candidates.insert(0, GenericMapped(mapping))
    for layout in candidates:
        if format and kind and layout.kind != kind:
            raise UnknownLayout(f"“{format}” is a {layout.kind} layout, not a {kind} one.")
        found = layout.find_header(head)
        if found is None:
            continue
        if found < 0:
            return ImportPlan(facts, layout, 0, [])
        number, header = head[found]
        title = " / ".join(" ".join(c.strip() for c in row if c.strip())
                           for _n, row in head[:found] if not is_blank(row))
        return ImportPlan(facts, layout, number, header, title=title)
    if format:
        if format == "generic" and mapping_problem(mapping):
            raise UnknownLayout(mapping_problem(mapping))
        raise UnknownLayout(f"{facts.path.name} does not look like a {candidates[0].label}: "
                            "its header row was not found in the first rows.")
    known = "; ".join(f"{lay.label} ({lay.name})" for lay in LAYOUTS
                      if kind is None or lay.kind == kind)
    raise UnknownLayout(
        f"svdesk does not recognise the layout of {facts.path.name}. It knows: {known}. "
        "Choose the layout with --format, or map the columns yourself (the generic layout).")
