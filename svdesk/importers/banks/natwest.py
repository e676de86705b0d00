"""NatWest, RBS and Ulster Bank (one banking platform, one download).

Date, Type, Description, Value, Balance, Account Name, Account Number

Layout as the bank's "Download or export transactions" (Excel, Lotus 123, Text (CSV file))
writes it: a blank first line, dates as "26 Aug 2026", a signed Value (negative = money out),
Type codes (POS card, D/D direct debit, BAC/OTR payment out, DPC digital banking payment,
S/O standing order, C/L cash withdrawal, TFR transfer, CHG charges, INT interest), and card
lines described as "7712 26AUG26 C , WAITROSE 742 , LONDON GB" (card, date, merchant and
branch, town and country). No real sample was available: the test files are built from this.
"""

from svdesk.importers.banks.common import BankLayout


class NatWest(BankLayout):
    name = "natwest"
    label = "NatWest, RBS or Ulster Bank download (CSV)"
    required = frozenset({"date", "type", "description", "value", "accountname"})
    amount = ("value",)
    narrative = ("description",)
    bank_type = ("type",)
