"""HSBC UK and first direct (HSBC's telephone and online bank).

HSBC's "Download transactions" CSV has no header row: three columns, date, description, amount
(signed, negative = money out, large amounts quoted with a thousands comma), dates dd/mm/yyyy;
contactless card lines start ")))". first direct's CSV download has a header,
Date,Description,Amount (some exports add Balance), with the same values. No real sample of
either was available: the test files are built from these layouts.
"""

from svdesk.importers import values
from svdesk.importers.banks.common import BankLayout
from svdesk.importers.base import blank_or_total
from svdesk.importers.reading import header_key

_HSBC_HEADER = ["Date", "Description", "Amount"]


def _is(parse, text: str) -> bool:
    try:
        return parse(text) is not None
    except ValueError:
        return False


def _hsbc_row(cells: list[str]) -> bool:
    if len(cells) < 3 or any(c.strip() for c in cells[3:]):
        return False
    return (
        _is(values.day, cells[0])
        and _is(values.money, cells[2])
        and bool(cells[1].strip())
        and not _is(values.money, cells[1])
    )


class HSBC(BankLayout):
    name = "hsbc"
    label = "HSBC bank download (CSV, no header row)"
    has_header = False
    amount = ("amount",)
    narrative = ("description",)

    def find_header(self, head):
        data = [row for _n, row in head if not blank_or_total(row)]
        if data and all(_hsbc_row(r) for r in data[:10]):
            return -1  # no header: data starts at the first row
        return None

    def parse(self, rows, header, options):
        return super().parse(rows, header or _HSBC_HEADER, options)


class FirstDirect(BankLayout):
    name = "first-direct"
    label = "first direct download, or a bank CSV of Date, Description, Amount"
    amount = ("amount",)
    narrative = ("description",)

    def find_header(self, head):
        for i, (_n, row) in enumerate(head):
            keys = {header_key(c) for c in row if c.strip()}
            if {"date", "description", "amount"} <= keys <= {"date", "description", "amount", "balance"}:
                return i
        return None
