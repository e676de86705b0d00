"""Revolut Business: the account statement exported as CSV.

Date started (UTC),Date completed (UTC),ID,Type,State,Description,Reference,Payer,Card number,
Card label,Card state,Orig currency,Orig amount,Payment currency,Amount,Total amount,
Exchange rate,Fee,Fee currency,Balance,Account,Beneficiary account number,Beneficiary sort code
or routing number,Beneficiary IBAN,Beneficiary BIC,MCC,Related transaction id,Spend program

(older exports have no State, Total amount or Card label). Amount is signed, in the payment
currency (the account's); Type is CARD_PAYMENT, TRANSFER, FEE, TOPUP, EXCHANGE, ATM, REFUND,
CARD_REFUND …; Description is the merchant or "To <payee>". Only COMPLETED lines are money
that moved: PENDING, DECLINED, FAILED and REVERTED lines are skipped with their state. No
real sample was available: the test file is built from this layout.
"""

import re

from svdesk.importers.banks.common import BankLayout
from svdesk.importers.banks.payees import clean_payee

_TO = re.compile(r"^(to|payment to|transfer to)\s+", re.I)


class RevolutBusiness(BankLayout):
    name = "revolut-business"
    label = "Revolut Business statement (CSV)"
    required = frozenset({"datecompleted(utc)", "type", "description", "amount", "paymentcurrency"})
    date = ("datecompleted(utc)", "datestarted(utc)")
    amount = ("amount",)
    narrative = ("description",)
    reference = ("reference",)
    bank_type = ("type",)
    currency = ("paymentcurrency",)

    def skip_reason(self, c):
        state = c.text("state").upper()
        if state and state != "COMPLETED":
            return f"not completed ({state.lower()})"
        if not c.text("datecompleted(utc)") and c.text("datestarted(utc)"):
            return "not completed (pending)"
        return None

    def payee_text(self, c, roles):
        return clean_payee(_TO.sub("", c.text("description")))
