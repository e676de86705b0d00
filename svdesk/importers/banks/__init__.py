"""Readers for the downloads of UK banks, one small module per bank or banking group.

Every reader here is a BankLayout (banks.common): the rows it yields are money out, with the
payee cut out of the bank's narrative (banks.payees) where the bank gives no payee column.
BANK_LAYOUT_NAMES also names the other bank-statement layouts (FreeAgent's and Xero's bank
uploads) so the exclusion rules (svdesk.importers.bank_rules) apply to them too.
"""

from svdesk.importers.banks.barclays import Barclays
from svdesk.importers.banks.hsbc import HSBC, FirstDirect
from svdesk.importers.banks.lloyds import Lloyds
from svdesk.importers.banks.monzo import Monzo, Monzo2018
from svdesk.importers.banks.natwest import NatWest
from svdesk.importers.banks.revolut import RevolutBusiness
from svdesk.importers.banks.santander import Santander
from svdesk.importers.banks.starling import Starling
from svdesk.importers.banks.tide import Tide

BANK_LAYOUTS = [
    Barclays(),
    Lloyds(),
    NatWest(),
    Monzo(),
    Monzo2018(),
    Starling(),
    Tide(),
    RevolutBusiness(),
    FirstDirect(),
    Santander(),
    HSBC(),
]
BANK_LAYOUT_NAMES = frozenset([lay.name for lay in BANK_LAYOUTS] + ["freeagent", "xero-bank"])

__all__ = ["BANK_LAYOUTS", "BANK_LAYOUT_NAMES"]
