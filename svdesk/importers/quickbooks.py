"""QuickBooks Online UK: supplier reports and the supplier list export.

Reports ("Transaction List by Supplier", "Purchases by Supplier Detail") start with 3-4 title
rows, then a header; transactions sit under a line holding only the supplier's name and are
closed by "Total for <supplier>". Postcodes are not on transactions but on the supplier record
(the supplier list export), so a full import takes both files.

Bill payments are skipped in reports that also list the bills (counting both would count the
spend twice), but in a "Bill Payment List" (known by its title rows) the payments are the
spend: they are imported with their payment date.
"""

from __future__ import annotations

from svdesk.importers.base import (Cells, Layout, Options, Reject, RowError, Skip, SpendRecord,
                                   SupplierRecord, apply_basis, blank_or_total, find_row_with,
                                   guard, header_index)
from svdesk.importers.reading import header_key, is_blank

# A bill payment pays a bill the same report already lists: counting both counts twice.
_SKIP_TYPES = {
    "bill payment": "payment of a bill (the bill itself is counted)",
    "bill payment (cheque)": "payment of a bill (the bill itself is counted)",
    "bill payment (check)": "payment of a bill (the bill itself is counted)",
    "bill payment (credit card)": "payment of a bill (the bill itself is counted)",
    "purchase order": "purchase order (not yet spend)",
    "transfer": "transfer between accounts",
    "journal entry": "journal entry",
}


class QuickBooksSupplierReport(Layout):
    name = "quickbooks-report"
    label = "QuickBooks Online supplier report"

    def find_header(self, head):
        return find_row_with(head, {"date", "transactiontype", "amount"})

    def parse(self, rows, header, options: Options):
        ix = header_index(header)
        basis = options.basis or "gross"  # QuickBooks report amounts include VAT
        date_i = ix["date"]
        supplier = ""
        payments_are_spend = "bill payment" in options.extra.get("title", "").lower()
        for number, cells in rows:
            why = blank_or_total(cells)
            if why:
                yield Skip(number, why)
                continue
            if date_i >= len(cells) or not cells[date_i].strip():
                filled = [x.strip() for x in cells if x.strip()]
                if filled and filled[0].lower().startswith("total for"):
                    yield Skip(number, f"subtotal ({filled[0]})")
                elif filled and filled[0].lower().startswith(("accrual basis", "cash basis")):
                    yield Skip(number, "report footer")
                elif len(filled) == 1:
                    supplier = filled[0]
                    yield Skip(number, f"supplier heading “{supplier}”")
                else:
                    yield Skip(number, "not a transaction (no date)")
                continue
            c = Cells(number, cells, ix, header)
            kind = c.text("transactiontype").lower()
            is_payment = kind.startswith("bill payment")
            if kind in _SKIP_TYPES and not (is_payment and payments_are_spend):
                yield Skip(number, _SKIP_TYPES[kind])
                continue

            def make(c=c, kind=kind, supplier=supplier, is_payment=is_payment):
                when = c.day("date")
                amount = c.money("amount")
                if amount is None:
                    raise RowError(c.column("amount"), "no amount")
                if "credit" in kind and amount > 0:
                    amount = -amount  # supplier credits reduce spend
                if is_payment:
                    amount = abs(amount)  # shown as money out of the bank account
                name = c.text("supplier") or c.text("name") or supplier
                if not name:
                    raise RowError(c.column("date"),
                                   "no supplier heading above this transaction")
                net, gross = apply_basis(amount, basis)
                due = c.day("duedate") if "duedate" in c.index else None
                return SpendRecord(row=c.row, supplier=name, spend_date=when, net_pence=net,
                                   gross_pence=gross, invoice_date=None if is_payment else when,
                                   paid_date=when if is_payment else None, due_date=due,
                                   description=(c.text("memo/description") or c.text("memo")
                                                or c.text("account"))[:300],
                                   reference=c.text("no.") or c.text("num"))
            yield guard(number, make)


_NAME_KEYS = ("supplier", "displayname", "name", "company", "companyname", "suppliername")
_POSTCODE_KEYS = ("addresspostalcode", "postcode", "postalcode", "billingaddresspostalcode",
                  "billaddrpostalcode")


class QuickBooksSuppliers(Layout):
    name = "quickbooks-suppliers"
    label = "QuickBooks Online supplier list"
    kind = "suppliers"

    def find_header(self, head):
        for i, (_n, row) in enumerate(head):
            keys = {header_key(c) for c in row}
            if (keys & set(_NAME_KEYS)) and (keys & set(_POSTCODE_KEYS)) and not (
                    keys & {"amount", "transactiontype", "lineamount", "contactname"}):
                return i
        return None

    def parse(self, rows, header, options):
        ix = header_index(header)
        name_key = next(k for k in _NAME_KEYS if k in ix)
        postcode_key = next(k for k in _POSTCODE_KEYS if k in ix)
        for number, cells in rows:
            if is_blank(cells):
                yield Skip(number, "blank row")
                continue
            c = Cells(number, cells, ix, header)
            name = c.text(name_key) or c.text("companyname")
            if not name:
                yield Reject(number, c.column(name_key), "no supplier name")
                continue
            yield SupplierRecord(number, name, postcode=c.text(postcode_key),
                                 company_number=c.text("companynumber")
                                 or c.text("companyregistrationnumber"))
