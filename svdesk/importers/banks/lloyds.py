"""Lloyds (and Halifax and Bank of Scotland, the same group's download).

Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,
Debit Amount,Credit Amount,Balance

Layout from ../shared/data/real-exports/lloyds_bank_statement_wizard.csv (the publisher's
sample in the real layout): money out and money in sit in separate columns, both positive; the
header ends with a comma; the sort code is written '00-00-00 so Excel keeps it as text.
Transaction Type is the bank's code (DEB card, DD direct debit, FPO/FPI faster payment out/in,
SO standing order, CPT cash machine, TFR transfer, BGC bank giro credit).
"""

from svdesk.importers.banks.common import BankLayout


class Lloyds(BankLayout):
    name = "lloyds"
    label = "Lloyds, Halifax or Bank of Scotland download (CSV)"
    required = frozenset(
        {"transactiondate", "transactiontype", "transactiondescription", "debitamount", "creditamount"}
    )
    date = ("transactiondate",)
    paid_out = ("debitamount",)
    paid_in = ("creditamount",)
    narrative = ("transactiondescription",)
    bank_type = ("transactiontype",)
