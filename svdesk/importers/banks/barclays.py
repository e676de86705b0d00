"""Barclays CSV download: Number,Date,Account,Amount,Subcategory,Memo.

Layout from a real anonymised download (../shared/data/real-exports/barclays_fmalina_accounting
.csv): "null" in Number, a masked account, a signed Amount (negative = money out), dd/mm/yyyy
dates, and the payee only inside Memo ("ASDA PETROL  ON 13 SEP  BDC"). Some downloads carry an
extra unnamed column at the end, which is ignored.
"""

from svdesk.importers.banks.common import BankLayout


class Barclays(BankLayout):
    name = "barclays"
    label = "Barclays bank download (CSV)"
    required = frozenset({"date", "account", "amount", "subcategory", "memo"})  # Number: not always
    amount = ("amount",)
    narrative = ("memo",)
    bank_type = ("subcategory",)
