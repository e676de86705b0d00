"""Xero exports: bills (the 44-column invoice export), contacts, Account Transactions, bank.

Layouts: ../shared/data/import-formats.md. Xero's template marks required headers with "*"
and some reports add a currency suffix ("Debit (GBP)"); header_key() strips both.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial

from svdesk.importers import values
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
from svdesk.importers.reading import is_blank

# Every further line of a bill is counted under this one reason. Naming the bill's first row
# ("on row 12") made each bill's reason its own: a million-line file's summary listed some
# 260,000 reasons, one line each in the preview, and held them all in memory.
FURTHER_LINE = "another line of a bill (added to the bill's first line)"

_SKIP_STATUS = {
    "voided": "voided bill",
    "deleted": "deleted bill",
    "draft": "draft bill (not yet approved)",
    "awaiting approval": "bill awaiting approval",
}


class XeroBills(Layout):
    name = "xero-bills"
    label = "Xero bills export"
    items = "bills"

    def find_header(self, head):
        # LineAmount is not required: Xero's import template has UnitAmount and Quantity only.
        return find_row_with(head, {"contactname", "invoicenumber", "invoicedate"})

    def parse(self, rows, header, options: Options) -> Iterator:
        """One SpendRecord per bill: consecutive lines of the same bill are summed.

        Total (and TaxTotal) repeat on every line of a multi-line bill, so they are never
        added up; LineAmount is the net of each line and TaxAmount its VAT, unless the line
        amounts add up to Total, which means the bill was entered with VAT-inclusive amounts.
        """
        ix = header_index(header)
        # The loop runs once per line of a million-line file, so it reads the few cells it
        # needs by position rather than through Cells. A column the file lacks reads from an
        # always-blank cell put after the header's width.
        width = len(header)
        name_i, number_i, date_i, type_i, line_i, tax_i, desc_i = wanted = [
            ix.get(k, width)
            for k in (
                "contactname",
                "invoicenumber",
                "invoicedate",
                "type",
                "lineamount",
                "taxamount",
                "description",
            )
        ]
        if "lineamount" not in ix and "unitamount" in ix:
            line_i = wanted[4] = ix["unitamount"]  # the template: one unit per line
        lacks = width in wanted
        need = max(wanted) + 1
        money = values.money
        # Cells each bill reads once, by position (None: the file has no such column).
        # Dates repeat a great deal (a few thousand days in a million lines): each is read once,
        # in this file's date order, and kept by its text.
        dates: dict[str, date] = {}
        once = (*(ix.get(k) for k in ("status", "currency", "reference", "popostalcode", "duedate")), dates)
        # [key, first Cells, net, tax, descriptions, bad Reject, later rows of the bill, the
        # key's cells as written]
        bill: list | None = None
        for number, cells in rows:
            row = cells
            if lacks:
                row = cells[:width] + [""] * (width + 1 - min(len(cells), width))
            elif len(cells) < need:
                row = cells + [""] * (need - len(cells))
            # The bill's cells as written: the same bill repeats them exactly on every line, so
            # they are compared unstripped and stripped once, when a bill starts.
            raw = (row[name_i], row[number_i], row[date_i], row[type_i])
            if bill is not None and raw == bill[7] and bill[0][0]:  # (a named bill: not blank)
                bill[6].append(number)
            else:
                key = (raw[0].strip(), raw[1].strip(), raw[2].strip(), raw[3].strip())
                if not key[0] and is_blank(cells):
                    yield Skip(number, "blank row")
                    continue
                if bill is not None and key != bill[0]:
                    yield from self._finish(bill, once)
                    bill = None
                if bill is None:
                    bill = [key, Cells(number, row, ix, header), 0, 0, [], None, [], raw]
                else:
                    bill[6].append(number)
            if bill[5] is not None:
                continue
            column = line_i
            try:
                # The usual spelling ("123.45") read here; anything else by values.money.
                amount = row[line_i]
                whole, _, pence = amount.partition(".")
                if len(pence) == 2 and len(whole) <= 9 and whole.isdecimal() and pence.isdecimal():
                    bill[2] += int(whole + pence)
                else:
                    bill[2] += money(amount) or 0
                column = tax_i
                amount = row[tax_i]
                whole, _, pence = amount.partition(".")
                if len(pence) == 2 and len(whole) <= 9 and whole.isdecimal() and pence.isdecimal():
                    bill[3] += int(whole + pence)
                else:
                    bill[3] += money(amount) or 0
            except ValueError as exc:
                bill[5] = Reject(
                    number,
                    header[column].strip(),
                    f"{exc}; bill {key[1] or '(no number)'} was left out so that it is not counted in part",
                )
            if len(bill[4]) < 3:
                desc = row[desc_i].strip()
                if desc:
                    bill[4].append(desc)
        if bill is not None:
            yield from self._finish(bill, once)

    def _finish(self, bill, once):
        """The bill's record (or why not), then one Skip or Reject per further line, so every
        row of the file is accounted for."""
        first = self._bill(bill, once)
        yield first
        reference = bill[0][1] or "(no number)"
        for number in bill[6]:
            if type(first) is Reject:
                yield Reject(
                    number, first.column, f"a line of bill {reference}, left out with row {first.row}"
                )
            elif type(first) is Skip:
                yield Skip(number, first.reason)
            else:
                yield Skip(number, FURTHER_LINE)

    def _bill(self, bill, once):
        key, c, net, tax, descriptions, bad, _later, _raw = bill
        cells, n = c.cells, len(c.cells)
        status_i, currency_i, reference_i, postcode_i, due_i, dates = once
        status = cells[status_i].strip() if status_i is not None and status_i < n else ""
        currency = cells[currency_i].strip() if currency_i is not None and currency_i < n else ""
        reference = cells[reference_i].strip() if reference_i is not None and reference_i < n else ""
        postcode = cells[postcode_i].strip() if postcode_i is not None and postcode_i < n else ""
        if bad is not None:
            return bad
        if max(abs(net), abs(net + tax)) > values.MAX_PENCE:
            return Reject(
                c.row,
                c.column("lineamount"),
                f"the lines of bill {key[1] or '(no number)'} add up to more than "
                "£1,000,000,000, the most svdesk accepts for one bill (check the "
                "amounts)",
            )
        status = status.lower()
        if status in _SKIP_STATUS:
            return Skip(c.row, _SKIP_STATUS[status])
        kind = key[3].lower().replace(" ", "")
        if kind.startswith("accrec") or kind in ("salesinvoice", "salescreditnote"):
            return Skip(c.row, "sales invoice (money owed to the firm, not spend)")
        if not key[0]:
            return Reject(c.row, c.column("contactname"), "no supplier name")
        currency = currency.upper()
        if currency and currency != "GBP":
            return Reject(
                c.row, c.column("currency"), f"the bill is in {currency}; svdesk records spend in pounds"
            )
        try:
            total = c.money("total")
        except RowError:
            total = None
        if tax and total is not None and net == total:
            # The bill was entered "tax inclusive": its line amounts already include the VAT.
            net = net - tax
        if "credit" in key[3].lower() and net > 0:
            net, tax = -net, -tax  # credit notes are exported as positive amounts

        try:  # as guard() would, without a closure per bill
            invoice_date = dates.get(key[2]) or c.day("invoicedate")
            if invoice_date is None:
                raise RowError(c.column("invoicedate"), "no invoice date")
            due = cells[due_i].strip() if due_i is not None and due_i < n else ""
            due_date = (dates.get(due) or c.day("duedate")) if due else None
            if len(dates) < 20_000:
                dates[key[2]] = invoice_date
                if due_date is not None:
                    dates[due] = due_date
            return SpendRecord(
                row=c.row,
                supplier=key[0],
                spend_date=invoice_date,
                net_pence=net,
                gross_pence=net + tax,
                invoice_date=invoice_date,
                due_date=due_date,
                description="; ".join(descriptions)[:300],
                reference=key[1] or reference,
                supplier_postcode=postcode,
            )
        except RowError as exc:
            return Reject(c.row, exc.column, exc.reason)


class XeroContacts(Layout):
    name = "xero-contacts"
    label = "Xero contacts export"
    kind = "suppliers"

    def find_header(self, head):
        return find_row_with(head, {"contactname", "popostalcode"}, forbidden={"invoicenumber", "lineamount"})

    def parse(self, rows, header, options):
        ix = header_index(header)
        for number, cells in rows:
            if is_blank(cells):
                yield Skip(number, "blank row")
                continue
            c = Cells(number, cells, ix, header)
            name = c.text("contactname")
            if not name:
                yield Reject(number, c.column("contactname"), "no contact name")
                continue
            yield SupplierRecord(
                number,
                name,
                postcode=c.text("popostalcode") or c.text("sapostalcode"),
                company_number=c.text("companynumber") or c.text("registrationnumber"),
                country=c.text("pocountry") or c.text("sacountry"),
            )


# Sections of an "all accounts" report that would count the same spend twice.
_NOT_SPEND_SECTIONS = (
    "bank",
    "accounts payable",
    "accounts receivable",
    "vat",
    "paye",
    "current account",
    "debtors",
    "creditors",
    "suspense",
    "rounding",
    "retained earnings",
    "director",
)
_SPEND_SOURCES = ("payable", "spend money", "bill", "expense claim", "credit card")
# Money leaving a bank account: the payment side of a purchase.
_BANK_PAYMENTS = ("spend money", "payable payment", "payable overpayment", "payable prepayment")
_MONEY_IN = ("receive money", "receivable payment", "receivable overpayment", "receivable prepayment")


def _is_date(text: str) -> bool:
    return values.looks_like_date(text)


class XeroAccountTransactions(Layout):
    """The Account Transactions report, for expense accounts or for a bank account.

    Expense accounts: each purchase (Payable Invoice, Spend Money…) is spend. A bank account:
    its payments (Spend Money, Payable Payment, money on the Credit side) are the spend. A
    report covering both would count each purchase twice, so when it holds spend under an
    expense account its bank payments are skipped, with that reason; otherwise they count.
    """

    name = "xero-account-transactions"
    label = "Xero Account Transactions report"

    def find_header(self, head):
        return find_row_with(head, {"date", "description", "debit", "credit"})

    def parse(self, rows, header, options):
        ix = header_index(header)
        section = ""
        expense_spend = False
        bank_rows: list[tuple[Cells, str]] = []  # held until we know if they count
        for number, cells in rows:
            why = blank_or_total(cells)
            if why:
                yield Skip(number, why)
                continue
            c = Cells(number, cells, ix, header)
            filled = [x.strip() for x in cells if x.strip()]
            if len(filled) == 1 and not _is_date(filled[0]):
                # An account heading sits alone on its row, often in the Date column.
                section = filled[0]
                yield Skip(number, f"account heading “{section}”")
                continue
            if not c.text("date"):
                yield Skip(number, "not a transaction (no date)")
                continue
            source = c.text("source").lower()
            if source.startswith(_MONEY_IN):
                yield Skip(number, f"money in ({c.text('source')})")
                continue
            if "transfer" in source or (
                not source and c.text("description").lower().startswith(("transfer to", "transfer from"))
            ):
                yield Skip(number, f"transfer between accounts ({c.text('source') or 'no source'})")
                continue
            bank_section = any(w in section.lower() for w in ("bank", "current account"))
            if _credit_side(c) and (
                source.startswith(_BANK_PAYMENTS) or ("source" not in ix and bank_section)
            ):
                bank_rows.append((c, section))
                continue
            if any(word in section.lower() for word in _NOT_SPEND_SECTIONS):
                yield Skip(number, f"not a spending account (“{section}”)")
                continue
            if source and not any(s in source for s in _SPEND_SOURCES):
                yield Skip(number, f"not a purchase ({c.text('source')})")
                continue
            item = guard(number, partial(self._record, c, section))
            expense_spend = expense_spend or type(item) is SpendRecord
            yield item
        for c, section in bank_rows:
            if expense_spend:
                yield Skip(
                    c.row,
                    f"payment from “{section or 'a bank account'}”: its "
                    "purchase is counted under the expense account",
                )
            else:
                yield guard(c.row, partial(self._record, c, section, -1))

    def _record(self, c: Cells, section: str, sign: int = 1) -> SpendRecord:
        when = c.day("date")
        amount = sign * ((c.money("debit") or 0) - (c.money("credit") or 0))
        gross = c.money("gross") if "gross" in c.index else None
        net: int | None = amount
        if sign < 0:  # a bank payment: the money that left the account, VAT and all
            net, gross = None, amount
        elif gross is not None and (gross > 0) != (amount > 0) and amount:
            gross = -gross
        supplier = c.text("contact") or c.text("contactname")
        description = c.text("description")
        if not supplier:
            supplier, _, rest = description.partition(" - ")
            description = rest or description
        if not supplier.strip():
            raise RowError(c.column("description"), "no supplier name to record the spend against")
        if when is None:  # spend is dated (the database requires it)
            raise RowError(c.column("date"), "no date")
        return SpendRecord(
            row=c.row,
            supplier=supplier.strip(),
            spend_date=when,
            net_pence=net,
            gross_pence=gross,
            invoice_date=when if sign > 0 else None,
            paid_date=when if sign < 0 else None,
            description=(f"{section}: {description}" if section else description)[:300],
            reference=c.text("reference"),
        )


def _credit_side(c: Cells) -> bool:
    """Money out of the account: a payment shows on the Credit side of a bank account."""
    try:
        return (c.money("credit") or 0) > (c.money("debit") or 0)
    except RowError:
        return False


class XeroBankStatement(Layout):
    name = "xero-bank"
    label = "Xero bank statement CSV"
    loose = True  # a few common headers: a bank's own layout may have them too

    def find_header(self, head):
        return find_row_with(head, {"date", "amount", "payee"})

    def parse(self, rows, header, options):
        ix = header_index(header)
        basis = options.basis or "gross"
        for number, cells in rows:
            why = blank_or_total(cells)
            if why:
                yield Skip(number, why)
                continue
            c = Cells(number, cells, ix, header)

            def make(c=c):
                when = c.day("date")
                amount = c.money("amount")
                if when is None:
                    raise RowError(c.column("date"), "no date")
                if amount is None:
                    raise RowError(c.column("amount"), "no amount")
                if amount >= 0:
                    return Skip(c.row, "money in, not spend")
                payee = c.text("payee") or c.text("description")
                if not payee:
                    raise RowError(c.column("payee"), "no payee to record the spend against")
                net, gross = apply_basis(-amount, basis)
                reference = c.text("reference") or c.text("chequenumber")
                return SpendRecord(
                    row=c.row,
                    supplier=payee,
                    spend_date=when,
                    net_pence=net,
                    gross_pence=gross,
                    paid_date=when,
                    description=c.text("description")[:300],
                    reference=reference,
                )

            yield guard(number, make)
