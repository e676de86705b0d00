"""QuickBooks Online UK: supplier reports and the supplier list export.

Reports ("Transaction List by Supplier", "Purchases by Supplier Detail") start with 3-4 title
rows, then a header; transactions sit under a line holding only the supplier's name and are
closed by "Total for <supplier>". Postcodes are not on transactions but on the supplier record
(the supplier list export), so a full import takes both files.

Bill payments are skipped when the report also lists the supplier's bills (counting both would
count the spend twice), but in a "Bill Payment List" the payments are the spend: they are
imported with their payment date.
"""

from __future__ import annotations

from functools import partial

from svdesk.importers.base import (
    Cells,
    Layout,
    Options,
    Reject,
    RowError,
    Skip,
    SpendRecord,
    SupplierRecord,
    apply_basis,
    blank_or_total,
    find_row_with,
    guard,
    header_index,
)
from svdesk.importers.reading import header_key, is_blank

# Only supplier-side transactions are spend; everything else is named and skipped.
SPEND_TYPES = {
    "bill",
    "expense",
    "cheque",
    "check",
    "cheque expense",
    "check expense",
    "credit card expense",
    "cash expense",
    "purchase",
}
CREDIT_TYPES = {"supplier credit", "vendor credit", "credit card credit", "supplier refund"}
CUSTOMER_TYPES = {
    "invoice",
    "payment",
    "receive payment",
    "deposit",
    "sales receipt",
    "credit note",
    "credit memo",
    "refund",
    "refund receipt",
    "estimate",
    "statement charge",
    "delayed charge",
    "delayed credit",
    "customer payment",
}
_OTHER = {
    "purchase order": "purchase order (not yet spend)",
    "transfer": "transfer between accounts",
    "journal entry": "journal entry",
    "journal": "journal entry",
    "paycheque": "wages (payroll)",
    "paycheck": "wages (payroll)",
    "payroll cheque": "wages (payroll)",
    "tax payment": "tax payment",
}


class QuickBooksSupplierReport(Layout):
    """Transaction List by Supplier or by Date, Expenses/Purchases by Supplier Detail, Bill
    Payment List: one reader, told apart by the transaction types, not by the title.

    Bills, expenses, cheques and credit card expenses are spend (stored positive, however the
    report signs them); supplier credits reduce it. A bill payment is not counted again when
    the file also has a bill from the same supplier; in a file with no such bill (a Bill
    Payment List) the payment is the spend, dated when paid. Customer invoices, payments,
    deposits and sales receipts are never spend."""

    name = "quickbooks-report"
    label = "QuickBooks Online supplier report"
    loose = True  # a few common headers: a bank's own layout may have them too
    default_type = ""  # the type of a row whose report has no Transaction Type column

    def find_header(self, head):
        return find_row_with(head, {"date", "transactiontype", "amount"})

    def parse(self, rows, header, options: Options):
        ix = header_index(header)
        basis = options.basis or "gross"  # QuickBooks report amounts include VAT
        date_i = ix["date"]
        supplier = ""
        payments_are_spend = "bill payment list" in options.extra.get("title", "").lower()
        billed: set[str] = set()  # suppliers with a bill in this file
        payments: list[tuple[Cells, str]] = []
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
            kind = " ".join(c.text("transactiontype").lower().split()) or self.default_type
            name = (
                c.text("supplier")
                or c.text("vendor")
                or c.text("name")
                or c.text("payee")
                or ("" if self.default_type else supplier)
            )
            if kind.startswith("bill payment"):
                payments.append((c, name))
                continue
            if kind in SPEND_TYPES or kind in CREDIT_TYPES:
                item = guard(
                    number,
                    partial(self._record, c, name, -1 if kind in CREDIT_TYPES else 1, False, basis),
                )
                if kind == "bill" and type(item) is SpendRecord:
                    billed.add(name.lower())
                yield item
            elif kind in CUSTOMER_TYPES:
                yield Skip(number, f"customer transaction, not spend ({c.text('transactiontype')})")
            else:
                yield Skip(
                    number, _OTHER.get(kind, f"not supplier spend ({c.text('transactiontype') or 'no type'})")
                )
        for c, name in payments:
            if name.lower() in billed and not payments_are_spend:
                yield Skip(c.row, "payment of a bill (the bill itself is counted)")
            else:
                yield guard(c.row, partial(self._record, c, name, 1, True, basis))

    def _record(self, c: Cells, name: str, sign: int, is_payment: bool, basis: str) -> SpendRecord:
        when = c.day("date")
        amount = c.money("amount")
        if amount is None:
            raise RowError(c.column("amount"), "no amount")
        amount = sign * abs(amount)  # expenses are exported negative (money out of the bank)
        if not name:
            raise RowError(c.column("date"), "no supplier heading above this transaction")
        net, gross = apply_basis(amount, basis)
        due = c.day("duedate") if "duedate" in c.index else None
        if when is None:  # spend is dated (the database requires it)
            raise RowError(c.column("date"), "no date")
        return SpendRecord(
            row=c.row,
            supplier=name,
            spend_date=when,
            net_pence=net,
            gross_pence=gross,
            invoice_date=None if is_payment else when,
            paid_date=when if is_payment else None,
            due_date=due,
            description=(c.text("memo/description") or c.text("memo") or c.text("account"))[:300],
            reference=c.text("no.") or c.text("num"),
        )


class QuickBooksBillPaymentList(QuickBooksSupplierReport):
    """A Bill Payment List saved without its Transaction Type column: `Date,No.,Supplier,
    Amount` under bank-account headings, known by its title row. Every row is a payment."""

    name = "quickbooks-bill-payments"
    label = "QuickBooks Online Bill Payment List"
    loose = False
    default_type = "bill payment"

    def find_header(self, head):
        titled = False
        for i, (_n, row) in enumerate(head):
            filled = [c.strip().lower() for c in row if c.strip()]
            if filled == ["bill payment list"]:
                titled = True
                continue
            keys = {header_key(c) for c in row if c.strip()}
            if (
                titled
                and {"date", "amount"} <= keys
                and keys & {"supplier", "vendor", "payee"}
                and "transactiontype" not in keys
            ):
                return i
        return None


_NAME_KEYS = ("supplier", "displayname", "name", "company", "companyname", "suppliername")
# QuickBooks's own column names: a sheet with a plain "Postcode" is a supplier spreadsheet.
_POSTCODE_KEYS = ("addresspostalcode", "billingaddresspostalcode", "billaddrpostalcode")


class QuickBooksSuppliers(Layout):
    name = "quickbooks-suppliers"
    label = "QuickBooks Online supplier list"
    kind = "suppliers"

    def find_header(self, head):
        for i, (_n, row) in enumerate(head):
            keys = {header_key(c) for c in row}
            if (
                (keys & set(_NAME_KEYS))
                and (keys & set(_POSTCODE_KEYS))
                and not (keys & {"amount", "transactiontype", "lineamount", "contactname"})
            ):
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
            yield SupplierRecord(
                number,
                name,
                postcode=c.text(postcode_key),
                company_number=c.text("companynumber") or c.text("companyregistrationnumber"),
                country=c.text("addresscountry") or c.text("billingaddresscountry"),
            )
