"""Any CSV or spreadsheet, through a column mapping the user chooses (and can save by name).

A mapping names the header text of each column svdesk needs:

    {"columns": {"supplier": "Payee", "date": "Txn Date", "amount": "Value"},
     "sign": "positive", "basis": "gross"}

Amount columns: either "amount" (with basis saying whether it is net or gross) or any of
"net", "gross" and "tax". sign says whether spend is written as a positive ("positive") or a
negative ("negative", as bank statements do) number; the other sign is a refund under
"positive" and money in (skipped) under "negative".
"""

from __future__ import annotations

from svdesk.importers.base import (
    Cells,
    Layout,
    Options,
    RowError,
    Skip,
    SpendRecord,
    apply_basis,
    blank_or_total,
    guard,
)
from svdesk.importers.reading import header_key

FIELDS = {
    "supplier": "Supplier name",
    "date": "Date of the spend",
    "amount": "Amount (one column)",
    "net": "Net amount",
    "gross": "Gross amount",
    "tax": "VAT",
    "invoice_date": "Invoice date",
    "due_date": "Due date",
    "paid_date": "Paid date",
    "reference": "Reference or invoice number",
    "description": "Description",
    "postcode": "Supplier postcode",
}
REQUIRED = ("supplier", "date")


def mapping_problem(mapping: dict | None) -> str | None:
    """Why a mapping cannot be used, in words, or None when it is complete."""
    if not mapping:
        return "Choose which column holds each piece of information."
    cols = mapping.get("columns", {})
    missing = [FIELDS[f] for f in REQUIRED if not cols.get(f)]
    if missing:
        return "Choose the column for: " + ", ".join(missing) + "."
    if not any(cols.get(f) for f in ("amount", "net", "gross")):
        return "Choose the column that holds the amount (or the net or gross amount)."
    if mapping.get("sign", "positive") not in ("positive", "negative"):
        return "Say whether spend is written as a positive or a negative number."
    return None


class GenericMapped(Layout):
    name = "generic"
    label = "Other CSV or spreadsheet (with a column mapping)"

    def __init__(self, mapping: dict | None = None):
        self.mapping = mapping or {}

    def find_header(self, head):
        wanted = {header_key(v) for v in self.mapping.get("columns", {}).values() if v}
        if not wanted:
            return None
        for i, (_n, row) in enumerate(head):
            if wanted <= {header_key(c) for c in row}:
                return i
        return None

    def parse(self, rows, header, options: Options):
        cols = self.mapping["columns"]
        keys = {header_key(c): i for i, c in reversed(list(enumerate(header)))}
        index = {f: keys[header_key(h)] for f, h in cols.items() if h and header_key(h) in keys}
        negative_is_spend = self.mapping.get("sign") == "negative"
        basis = self.mapping.get("basis") or options.basis or "net"
        for number, cells in rows:
            why = blank_or_total(cells)
            if why:
                yield Skip(number, why)
                continue
            c = Cells(number, cells, index, header)

            def make(c=c):
                supplier = c.text("supplier")
                if not supplier:
                    raise RowError(c.column("supplier"), "no supplier name")
                when = c.day("date") or c.day("invoice_date")
                if when is None:
                    raise RowError(c.column("date"), "no date")
                net, gross, tax = c.money("net"), c.money("gross"), c.money("tax")
                if "amount" in index:
                    amount = c.money("amount")
                    if amount is None:
                        raise RowError(c.column("amount"), "no amount")
                    net, gross = apply_basis(amount, basis)
                if net is None and gross is None:
                    raise RowError(c.column("net" if "net" in index else "gross"), "no amount")
                if tax is not None:
                    if gross is None and net is not None:
                        gross = net + tax
                    elif net is None and gross is not None:
                        net = gross - tax
                if negative_is_spend:
                    signed = net if net is not None else gross
                    if signed >= 0:
                        return Skip(c.row, "money in, not spend")
                    net = -net if net is not None else None
                    gross = -gross if gross is not None else None
                return SpendRecord(
                    row=c.row,
                    supplier=supplier,
                    spend_date=when,
                    net_pence=net,
                    gross_pence=gross,
                    invoice_date=c.day("invoice_date") or (when if "paid_date" in index else None),
                    due_date=c.day("due_date"),
                    paid_date=c.day("paid_date"),
                    description=c.text("description")[:300],
                    reference=c.text("reference"),
                    supplier_postcode=c.text("postcode"),
                )

            yield guard(number, make)
