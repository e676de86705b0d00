"""Monzo, personal and business: the 2018 export and the current, longer one.

2018 (../shared/data/real-exports/monzo2018_bank2ynab.csv, the publisher's sample in the real
layout): id,created,amount,currency,local_amount,local_currency,category,emoji,description,
address,notes,receipt; created is "2018-02-25 12:34:56 +0000", amount signed in pounds.

Current (as Monzo's app and web export it, personal and business alike): Transaction ID,Date,
Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,
Address,Receipt,Description,Category split,Money Out,Money In; Date dd/mm/yyyy, Amount signed
in the account's currency, Name the merchant or payee as Monzo cleaned it, Type "Card payment",
"Faster payment", "Direct Debit", "Pot transfer" (money moved to the firm's own pot) …
No real sample of the current layout was available: its test file is built from this.
"""

from svdesk.importers.banks.common import BankLayout


class Monzo2018(BankLayout):
    name = "monzo-2018"
    label = "Monzo export (2018 layout)"
    required = frozenset({"id", "created", "amount", "currency", "localamount", "description"})
    date = ("created",)
    amount = ("amount",)
    narrative = ("description",)
    reference = ("notes",)
    bank_type = ("category",)
    currency = ("currency",)


class Monzo(BankLayout):
    name = "monzo"
    label = "Monzo export, personal or business (CSV)"
    required = frozenset({"transactionid", "date", "time", "type", "name", "amount", "localamount"})
    amount = ("amount",)
    payee = ("name",)
    narrative = ("description",)
    reference = ("notesand#tags",)
    bank_type = ("type",)
    currency = ("currency",)
