"""Santander UK: the "Text file (TXT)" download of View transactions -> Download transactions.

Santander's download is not a table: each transaction is four labelled lines, under a heading:

    From: 01/08/2026 to 31/08/2026

    Account: XXXX XXXX XXXX 1234

    Date: 26/08/2026
    Description: CARD PAYMENT TO WAITROSE 742,12.50 GBP, RATE 1.00/GBP ON 24-08-2026
    Amount: -12.50
    Balance: 1234.56

(written in Windows-1252 with a non-breaking space after each label). The CSV reader splits a
description at its commas, so a line's cells are joined back before the label is read. The
Date line is the transaction's row; its Description, Amount and Balance lines are counted as
its detail lines. No real sample was available: the test file is built from this layout.
"""

from __future__ import annotations

import re

from svdesk.importers import values
from svdesk.importers.banks.common import BankLayout
from svdesk.importers.banks.payees import clean_payee
from svdesk.importers.base import Reject, Skip, SpendRecord, apply_basis

_LABEL = re.compile(r"^\s*(from|account|date|description|amount|balance)\s*:\s*(.*)$", re.I | re.S)
_DETAIL = "detail line of a transaction"


def _labelled(cells: list[str]) -> tuple[str, str] | None:
    text = ",".join(cells).replace("\u00a0", " ")
    m = _LABEL.match(text)
    return (m.group(1).lower(), m.group(2).strip()) if m else None


class Santander(BankLayout):
    name = "santander"
    label = "Santander transactions download (Text file, TXT)"
    has_header = False

    def find_header(self, head):
        labels = [lab[0] for _n, row in head if (lab := _labelled(row))]
        if "date" in labels and "description" in labels and "amount" in labels:
            return -1  # no header row: every line is read
        return None

    def parse(self, rows, header, options):
        basis = options.basis or "gross"
        current: dict | None = None
        for number, cells in rows:
            lab = _labelled(cells)
            if lab is None:
                yield Skip(number, "blank row" if not "".join(cells).strip() else "not a transaction line")
                continue
            key, value = lab
            if key in ("from", "account"):
                yield Skip(number, "statement heading")
                continue
            if key == "date":
                if current is not None:
                    yield self._finish(current, basis)
                current = {"row": number}
            elif current is None:
                yield Skip(number, "not a transaction line")
                continue
            else:
                yield Skip(number, _DETAIL)
            current[key] = value
        if current is not None:
            yield self._finish(current, basis)

    def _finish(self, t: dict, basis: str):
        row = t["row"]
        try:
            when = values.day(t.get("date", ""))
        except ValueError as exc:
            return Reject(row, "Date", str(exc))
        try:
            amount = values.money(t.get("amount", ""))
        except ValueError as exc:
            return Reject(row, "Amount", str(exc))
        if when is None:
            return Reject(row, "Date", "no date")
        if amount is None:
            return Reject(row, "Amount", "no amount")
        if amount >= 0:
            return Skip(row, "money in, not spend" if amount else "zero amount")
        description = t.get("description", "")
        payee = clean_payee(description)
        if not payee:
            return Reject(row, "Description", "no description to name a payee")
        net, gross = apply_basis(-amount, basis)
        return SpendRecord(
            row=row,
            supplier=payee,
            spend_date=when,
            net_pence=net,
            gross_pence=gross,
            paid_date=when,
            description=description[:300],
        )
