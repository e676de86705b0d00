"""Tide business account: the CSV from "Export transactions" in Tide's web and mobile app.

Date,Transaction ID,Transaction Type,Payment Type,Name,Reference,Category,Amount(,Balance)

with dates dd/mm/yyyy, Amount signed (negative = money out), Name the payee or merchant and
Transaction Type Tide's own ("Card Transaction", "Domestic Transfer", "Direct Debit",
"Cash Withdrawal", "Transfer"). Some exports split the amount into Paid in and Paid out. No
real Tide export was available; the layout is written from Tide's help pages as remembered,
so the reader accepts either amount form and needs only the columns that identify a Tide file.
"""

from svdesk.importers.banks.common import BankLayout
from svdesk.importers.reading import header_key


class Tide(BankLayout):
    name = "tide"
    label = "Tide business account export (CSV)"
    amount = ("amount",)
    paid_out = ("paidout",)
    paid_in = ("paidin",)
    payee = ("name", "payee")
    narrative = ("transactiondescription", "description")
    reference = ("reference",)
    bank_type = ("transactiontype", "paymenttype")

    def find_header(self, head):
        for i, (_n, row) in enumerate(head):
            keys = {header_key(c) for c in row if c.strip()}
            if (
                {"date", "transactionid", "transactiontype"} <= keys
                and keys & {"name", "payee", "transactiondescription"}
                and keys & {"amount", "paidout"}
                and not keys & {"emoji", "time"}
            ):
                return i
        return None
