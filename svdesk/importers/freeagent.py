"""FreeAgent bank upload: three columns and no header (date, amount, description).

The only name in such a file is the bank's narrative ("CARD PAYMENT TO TRAVIS PERKINS ON
12/01"), so the payee is cut out of it; suppliers created this way are worth checking in the
register, where near-identical names are offered for merging.
"""

from __future__ import annotations

import re

from svdesk.importers import values
from svdesk.importers.base import Layout, Options, Reject, Skip, SpendRecord, apply_basis, blank_or_total

_PREFIXES = re.compile(
    r"^(card payment to|card purchase|direct debit payment to|direct debit to|faster payment to|"
    r"faster payments? out|bank payment to|bill payment to|standing order to|payment to|"
    r"dd|so|bp|fpo|bacs|pos|chq|vis|visa|deb|cpt|tfr)\b[\s:-]*",
    re.I,
)
_SUFFIXES = re.compile(r"\s+(on|ref:?|reference:?)\s+.*$|\s+\d{2}/\d{2}(/\d{2,4})?$|\s+\d{6,}$", re.I)


def payee_from_narrative(text: str) -> str:
    name = re.sub(r"\s+", " ", text.strip())
    name = _PREFIXES.sub("", name, count=1)
    name = _SUFFIXES.sub("", name)
    return name.strip(" -,*") or text.strip()


def _looks_like_row(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    if len(cells) < 3 or len(filled) < 2 or any(c.strip() for c in cells[3:]):
        return False
    try:
        return values.day(cells[0]) is not None and values.money(cells[1]) is not None
    except ValueError:
        return False


class FreeAgentBank(Layout):
    name = "freeagent"
    label = "FreeAgent bank statement (date, amount, description)"
    has_header = False

    def find_header(self, head):
        data = [row for _n, row in head if not blank_or_total(row)]
        if data and all(_looks_like_row(r) for r in data[:10]):
            return -1  # no header: data starts at the first row
        return None

    def parse(self, rows, header, options: Options):
        basis = options.basis or "gross"
        for number, cells in rows:
            why = blank_or_total(cells)
            if why:
                yield Skip(number, why)
                continue
            cells = (cells + ["", "", ""])[:3]
            try:
                when = values.day(cells[0])
            except ValueError as exc:
                yield Reject(number, "column 1 (date)", str(exc))
                continue
            try:
                amount = values.money(cells[1])
            except ValueError as exc:
                yield Reject(number, "column 2 (amount)", str(exc))
                continue
            if when is None or amount is None:
                yield Reject(number, "column 1 (date)" if when is None else "column 2 (amount)", "missing")
                continue
            if amount >= 0:
                yield Skip(number, "money in, not spend")
                continue
            payee = payee_from_narrative(cells[2])
            if not payee:
                yield Reject(number, "column 3 (description)", "no description to name a payee")
                continue
            net, gross = apply_basis(-amount, basis)
            yield SpendRecord(
                row=number,
                supplier=payee,
                spend_date=when,
                net_pence=net,
                gross_pence=gross,
                paid_date=when,
                description=cells[2][:300],
            )
