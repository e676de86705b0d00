"""Sage 50 Accounts: the purchase day book and the supplier activity report, saved as CSV.

Both carry Sage's transaction type codes: PI purchase invoice (spend), PC purchase credit note
(reduces it), PP/PA purchase payment or payment on account (the invoice is the spend, so a
payment counts only when the file has no invoice from that supplier), SI/SC/SR/SA sales
(never spend). The day book has one row per invoice with the supplier's account reference
and, in most exports, its name:

    Type,Account Reference,Name,Date,Inv Ref,Details,Net Amount,Tax Amount,Gross Amount

The supplier activity report groups rows under a heading per supplier ("A/C: TRAVIS01
Name: Travis Perkins Trading Co Ltd …") with `No,Type,Date,Ref,Details,Amount,O/S,Debit,Credit`
(amounts gross). The supplier's postcode lives on the supplier record: import Sage's supplier
list (a spreadsheet with a name and a postcode column) as suppliers.
"""

from __future__ import annotations

import re
from functools import partial

from svdesk.importers.base import (
    Cells,
    Layout,
    Options,
    RowError,
    Skip,
    SpendRecord,
    blank_or_total,
    guard,
    header_index,
)
from svdesk.importers.reading import header_key

SAGE_TYPES = {
    "PI",
    "PC",
    "PP",
    "PA",
    "PD",
    "PR",
    "SI",
    "SC",
    "SR",
    "SA",
    "SD",
    "BP",
    "BR",
    "JD",
    "JC",
    "CP",
    "CR",
    "VP",
    "VR",
}
_NET = ("netamount", "net", "netamt")
_TAX = ("taxamount", "tax", "taxamt", "vat", "vatamount")
_GROSS = ("grossamount", "gross", "grossamt", "amount", "value")
_NAME = ("name", "suppliername", "accountname")
_ACCOUNT = ("accountreference", "a/c", "account", "accountref", "a/cref")
_REF = ("invref", "ref", "reference", "invoicereference", "no.")
_HEADING = re.compile(
    r"^\s*a/c\s*:?\s*(?P<ref>\S+)(?:\s+name\s*:?\s*(?P<name>.+?))?"
    r"(?:\s{2,}|\s+contact\s*:|\s+tel\s*:|$)",
    re.I,
)


def _pick(index: dict[str, int], keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if k in index), None)


class Sage50Purchases(Layout):
    name = "sage50-purchases"
    label = "Sage 50 purchase day book or supplier activity report"

    def find_header(self, head):
        for i, (_n, row) in enumerate(head):
            index = {header_key(c) for c in row if c.strip()}
            if not ({"type", "date"} <= index and (index & set(_NET + _GROSS + ("debit",)))):
                continue
            if "transactiontype" in index or "source" in index:
                continue
            types = [header_key(c) for c in row].index("type")
            later = [r[types].strip().upper() for _m, r in head[i + 1 :] if len(r) > types]
            if any(t in SAGE_TYPES for t in later):
                return i
        return None

    def parse(self, rows, header, options: Options):
        ix = header_index(header)
        net_key, tax_key, gross_key = _pick(ix, _NET), _pick(ix, _TAX), _pick(ix, _GROSS)
        name_key, account_key, ref_key = _pick(ix, _NAME), _pick(ix, _ACCOUNT), _pick(ix, _REF)
        heading = ""
        invoiced: set[str] = set()
        payments: list[tuple[Cells, str]] = []
        for number, cells in rows:
            filled = [x.strip() for x in cells if x.strip()]
            match = _HEADING.match(" ".join(filled)) if filled else None
            if match:
                heading = (match.group("name") or match.group("ref")).strip()
                yield Skip(number, f"supplier heading “{heading}”")
                continue
            why = blank_or_total(cells)
            if why:
                yield Skip(number, why)
                continue
            c = Cells(number, cells, ix, header)
            kind = c.text("type").upper()
            supplier = (
                (name_key and c.text(name_key)) or heading or (account_key and c.text(account_key)) or ""
            )
            if not kind:
                yield Skip(number, "not a transaction (no type)")
            elif kind in ("PI", "PC"):
                item = guard(
                    number,
                    partial(
                        self._record,
                        c,
                        supplier,
                        -1 if kind == "PC" else 1,
                        (net_key, tax_key, gross_key, ref_key),
                        False,
                    ),
                )
                if kind == "PI" and type(item) is SpendRecord:
                    invoiced.add(supplier.lower())
                yield item
            elif kind in ("PP", "PA"):
                payments.append((c, supplier))
            elif kind.startswith("S"):
                yield Skip(number, f"sales transaction, not spend ({kind})")
            elif kind in SAGE_TYPES:
                yield Skip(number, f"not a supplier invoice ({kind})")
            else:
                yield Skip(number, f"not a Sage transaction type ({c.text('type')})")
        for c, supplier in payments:
            if supplier.lower() in invoiced:
                yield Skip(c.row, "payment of an invoice (the invoice itself is counted)")
            else:
                yield guard(
                    c.row,
                    partial(self._record, c, supplier, 1, (None, None, gross_key, ref_key), True),
                )

    def _record(self, c: Cells, supplier: str, sign: int, keys, is_payment: bool) -> SpendRecord:
        net_key, tax_key, gross_key, ref_key = keys
        if not supplier:
            raise RowError(c.column("type"), "no supplier name or account on this row")
        when = c.day("date")
        if when is None:
            raise RowError(c.column("date"), "no date")
        net = c.money(net_key) if net_key else None
        tax = c.money(tax_key) if tax_key else None
        gross = c.money(gross_key) if gross_key else None
        if gross is None and "debit" in c.index:
            gross = (c.money("credit") or 0) - (c.money("debit") or 0)
        if gross is None and net is not None and tax is not None:
            gross = net + tax
        if net is None and gross is None:
            raise RowError(c.column(net_key or gross_key or "type"), "no amount")
        net = None if net is None else sign * abs(net)
        gross = None if gross is None else sign * abs(gross)
        paid = c.day("datepaid") if "datepaid" in c.index else None
        return SpendRecord(
            row=c.row,
            supplier=supplier,
            spend_date=when,
            net_pence=net,
            gross_pence=gross,
            invoice_date=None if is_payment else when,
            paid_date=when if is_payment else paid,
            description=c.text("details")[:300],
            reference=c.text(ref_key) if ref_key else "",
        )
