"""Starling, personal and business.

Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP)[,Spending Category,Notes]

Business layout from ../shared/data/real-exports/starling_business_starling2freeagent.csv (the
publisher's sample in the real layout): the first data line is ",Opening Balance,,,,0.00", the
amount is signed (negative = money out), dates dd/mm/yyyy. The personal download adds Spending
Category and Notes. Type is Starling's ("CARD", "FASTER PAYMENT", "DIRECT DEBIT", "INTERNAL
TRANSFER" for money moved to a Space, "INTEREST PAYMENT", "CHAPS").
"""

from svdesk.importers.banks.common import BankLayout


class Starling(BankLayout):
    name = "starling"
    label = "Starling statement, personal or business (CSV)"
    required = frozenset({"date", "counterparty", "reference", "type", "amount", "balance"})
    amount = ("amount",)
    payee = ("counterparty",)
    reference = ("reference",)
    bank_type = ("type",)
