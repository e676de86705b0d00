"""What every bank download has in common: a date, money out, and who it went to.

A bank reader names its columns (BankLayout's class attributes, each a tuple of header keys
tried in turn) and, where its bank needs it, a few hooks. The shared parse then turns each row
into a SpendRecord (money out), a Skip (money in, a zero line, an opening balance, a line the
bank has not completed) or a Reject (a date or amount that cannot be read), so every reader
counts rows the same way.

Amounts in a bank download are what left the account, VAT included: they are gross unless the
user says otherwise (Options.basis). Lines that are not supplier spend (HMRC, wages, transfers
…) are still yielded here: the exclusion rules (svdesk.importers.bank_rules) decide, visibly,
which of them the import keeps out.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from svdesk.importers.banks.payees import clean_payee
from svdesk.importers.base import (
    Cells,
    Layout,
    Options,
    RowError,
    Skip,
    SpendRecord,
    apply_basis,
    blank_or_total,
    find_row_with,
    guard,
    header_index,
)


class BankLayout(Layout):
    """A bank's CSV download with a header row."""

    kind = "spend"
    is_bank = True
    required: frozenset[str] = frozenset()  # header keys that identify the layout
    forbidden: frozenset[str] = frozenset()
    date: tuple[str, ...] = ("date",)
    amount: tuple[str, ...] = ()  # one signed column, negative = money out
    paid_out: tuple[str, ...] = ()  # or separate columns, both positive
    paid_in: tuple[str, ...] = ()
    payee: tuple[str, ...] = ()  # a counterparty column (Monzo, Starling, Tide …)
    narrative: tuple[str, ...] = ()  # the bank's description, cleaned when there is no payee
    reference: tuple[str, ...] = ()
    bank_type: tuple[str, ...] = ()  # the bank's own code ("DD", "CPT", "Card payment")
    currency: tuple[str, ...] = ()  # currency of the amount column, when the bank says

    def find_header(self, head):
        return find_row_with(head, set(self.required), set(self.forbidden))

    # --- hooks a bank may override ---------------------------------------------------------

    def skip_reason(self, c: Cells) -> str | None:
        """Why this row is not a transaction to count (beyond blank, total and money in)."""
        return None

    def payee_text(self, c: Cells, roles: dict[str, str | None]) -> str:
        name = _first_text(c, roles["payee"])
        if name:
            return clean_payee(name) if self.clean_payee_column else name
        return clean_payee(_first_text(c, roles["narrative"]))

    clean_payee_column = False

    # --- the shared reading ----------------------------------------------------------------

    def roles(self, header: list[str]) -> dict[str, str | None]:
        index = header_index(header)

        def first(keys):
            return next((k for k in keys if k in index), None)

        return {
            role: first(getattr(self, role))
            for role in (
                "date",
                "amount",
                "paid_out",
                "paid_in",
                "payee",
                "narrative",
                "reference",
                "bank_type",
                "currency",
            )
        }

    def parse(self, rows, header, options: Options) -> Iterator:
        index = header_index(header)
        roles = self.roles(header)
        basis = options.basis or "gross"
        for number, cells in rows:
            why = blank_or_total(cells)
            if why:
                yield Skip(number, why)
                continue
            c = Cells(number, cells, index, header)
            why = self.skip_reason(c)
            if why:
                yield Skip(number, why)
                continue
            yield guard(number, partial(self._record, c, roles, basis))

    def money_out(self, c: Cells, roles) -> int | None:
        """Pence paid out (positive), 0 or less for money in, None when the row has no amount."""
        if roles["amount"]:
            amount = c.money(roles["amount"])
            return None if amount is None else -amount
        out = c.money(roles["paid_out"]) if roles["paid_out"] else None
        money_in = c.money(roles["paid_in"]) if roles["paid_in"] else None
        if out is None and money_in is None:
            return None
        return abs(out or 0) - abs(money_in or 0)

    def _record(self, c: Cells, roles, basis: str) -> SpendRecord | Skip:
        when = c.day(roles["date"]) if roles["date"] else None
        if when is None:
            raise RowError(c.column(roles["date"] or "date"), "no date")
        out = self.money_out(c, roles)
        if out is None:
            raise RowError(c.column(roles["amount"] or roles["paid_out"] or "amount"), "no amount")
        if out < 0:
            return Skip(c.row, "money in, not spend")
        if out == 0:
            return Skip(c.row, "zero amount")
        currency = c.text(roles["currency"]).upper() if roles["currency"] else ""
        if currency and currency not in ("GBP", "£"):
            raise RowError(
                c.column(roles["currency"]), f"the line is in {currency}; svdesk records spend in pounds"
            )
        payee = self.payee_text(c, roles)
        if not payee:
            raise RowError(
                c.column(roles["payee"] or roles["narrative"] or "description"),
                "no payee or description to record the spend against",
            )
        narrative = _first_text(c, roles["narrative"])
        description = " · ".join(t for t in (_first_text(c, roles["payee"]), narrative) if t)
        net, gross = apply_basis(out, basis)
        return SpendRecord(
            row=c.row,
            supplier=payee,
            spend_date=when,
            net_pence=net,
            gross_pence=gross,
            paid_date=when,
            description=description[:300],
            reference=_first_text(c, roles["reference"])[:100],
            bank_type=_first_text(c, roles["bank_type"]),
        )


def _first_text(c: Cells, key: str | None) -> str:
    return c.text(key).strip().strip("'") if key else ""
