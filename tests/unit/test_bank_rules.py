"""Bank lines that are not supplier spend, and payees cut out of bank narratives."""

import random
from datetime import date, timedelta

import pytest

from svdesk.importers.bank_rules import Classifier, shipped_rules
from svdesk.importers.banks.payees import clean_payee
from svdesk.services.bank_rules import add_rule, delete_rule, list_rules
from svdesk.services.spend_analysis import SpendQuery, analyse_spend
from svdesk.services.spend_import import import_spend, preview_spend
from svdesk.services.suppliers import list_suppliers, merge_suggestions
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


@pytest.mark.parametrize(
    "raw, payee",
    [
        ("7712 26AUG26 C , WAITROSE 742 , LONDON GB", "WAITROSE"),
        ("ASDA PETROL           ON 13 SEP          BDC", "ASDA PETROL"),
        ("H3G                  XXXXXXXXXXX DDR", "H3G"),
        ("TESCO STORES 3297 CD 1234", "TESCO STORES"),
        (")))WAITROSE 118", "WAITROSE"),
        ("PAYPAL *NETFLIX", "NETFLIX"),
        ("AMAZON.CO.UK*AB1CD2EF3", "AMAZON.CO.UK"),
        ("TRAVIS PERKINS , INV 4471 , FP 28/08/26 1034 , 00156223", "TRAVIS PERKINS"),
        ("DIRECT DEBIT PAYMENT TO BRITISH GAS REF 8503221", "BRITISH GAS"),
        ("CARD PAYMENT TO SCREWFIX DIRECT ON 25/08", "SCREWFIX DIRECT"),
        ("B&Q 1234", "B&Q"),
        ("3M", "3M"),
        ("Salford Timber Ltd", "Salford Timber Ltd"),
        ("TESCO STORES 2525 SALFORD", "TESCO STORES"),  # HSBC: branch, then town
        (")))WAITROSE 742 LONDON GBR", "WAITROSE"),
        ("CARD PAYMENT TO TESCO STORES 3297 ON 21 JAN", "TESCO STORES"),
        ("ROUTE 66 DINER", "ROUTE 66 DINER"),  # a number in the name stays
        ("UNIT 4 SUPPLIES", "UNIT 4 SUPPLIES"),
    ],
)
def test_payee_cleaning(raw, payee):
    assert clean_payee(raw) == payee


MERCHANTS = [
    ("WAITROSE", "LONDON"),
    ("TESCO STORES", "SALFORD"),
    ("SCREWFIX", "YEOVIL"),
    ("TOOLSTATION", "BRIDGWATER"),
    ("JEWSON", "SALFORD"),
    ("WICKES", "MANCHESTER"),
    ("SHELL", "ECCLES"),
    ("B&Q", "SALFORD"),
    ("TRAVIS PERKINS", "SALFORD"),
    ("COSTA", "MANCHESTER"),
    ("SAINSBURYS S/MKT", "SALE"),
    ("ARCO", "HULL"),
]


def _natwest_card_file(path, lines=79, hsbc=False):
    """A NatWest download of card purchases: each merchant at several branches and dates (or
    HSBC's, which has no header and writes "MERCHANT BRANCH TOWN" with no commas)."""
    rnd = random.Random(18)
    rows = [] if hsbc else ["", "Date, Type, Description, Value, Balance, Account Name, Account Number"]
    day = date(2026, 6, 1)
    for i in range(lines):
        name, town = MERCHANTS[i % len(MERCHANTS)]
        day += timedelta(days=rnd.randint(0, 1))
        branch = rnd.choice([" 742", " 118", " 2525", " 310", ""])
        amount = f"-{rnd.randint(100, 9999) / 100:.2f}"
        if hsbc:
            # Without a comma or a branch number the town cannot be told from the name
            # ("SHELL ECCLES"), so every HSBC card line here has its branch number.
            branch = branch or " 4410"
            rows.append(f"{day:%d/%m/%Y},{rnd.choice(['', ')))'])}{name}{branch} {town},{amount}")
            continue
        description = f"'7712 {day:%d%b%y}".upper() + " C , " + name + branch + " , " + town + " GB"
        rows.append(
            f"{day:%d %b %Y},POS,\"{description}\",{amount},1000.00,'ACME JOINERY LTD,'123456-12345678,"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("hsbc", [False, True])
def test_79_card_lines_from_12_merchants_make_12_suppliers(store, tmp_path, hsbc):
    summary = import_spend(store, _natwest_card_file(tmp_path / "bank.csv", hsbc=hsbc))
    assert summary.to_import == 79 and summary.new_suppliers == 12
    assert len(list_suppliers(store)) == 12


def test_merge_suggestions_still_pair_a_bank_payee_with_the_accounts_name(store, tmp_path):
    from svdesk.services.suppliers import SupplierData, save_supplier

    save_supplier(store, SupplierData(name="Travis Perkins Trading Co Ltd"))
    import_spend(store, _natwest_card_file(tmp_path / "natwest.csv"))
    pairs = {frozenset((m.a_name, m.b_name)) for m in merge_suggestions(store)}
    assert frozenset(("Travis Perkins Trading Co Ltd", "Travis Perkins")) in pairs


def test_every_shipped_rule_is_valid_and_each_kind_has_one():
    kinds = {r.category for r in shipped_rules()}
    assert {"tax", "wages", "pension", "dividends", "transfer", "loan", "cash"} <= kinds


@pytest.mark.parametrize(
    "payee, description, bank_type, kind",
    [
        ("HMRC VAT", "HMRC VAT 123456789", "DD", "tax"),
        ("HMRC PAYE", "123PA00012345", "", "tax"),
        ("HMRC", "CORPORATION TAX 1234567890A00101", "", "tax"),
        ("TAX", "TAX", "DD", "tax"),
        ("STAFF WAGES", "WAGES WK 23", "BAC", "wages"),
        ("J SMITH", "SALARY AUG", "FPO", "wages"),
        ("NEST", "NEST PENSION CONTRIBS", "DD", "pension"),
        ("A DIRECTOR", "DIVIDEND Q2", "FPO", "dividends"),
        ("A DIRECTOR", "DRAWINGS", "FPO", "dividends"),
        ("ACME JOINERY", "TRANSFER TO SAVINGS", "TFR", "transfer"),
        ("Tax pot", "pot_0001", "Pot transfer", "transfer"),
        ("BARCLAYCARD", "BARCLAYCARD DD", "DD", "transfer"),
        ("FUNDING CIRCLE", "LOAN REPAYMENT", "DD", "loan"),
        ("LLOYDS BANK", "CASH MACHINE SALFORD", "CPT", "cash"),
        ("LINK ATM Salford", "", "Cash Withdrawal", "cash"),
    ],
)
def test_shipped_rules_recognise_what_is_not_supplier_spend(payee, description, bank_type, kind):
    rule = Classifier().match(payee, description, bank_type)
    assert rule is not None and rule.category == kind


@pytest.mark.parametrize(
    "payee, description, bank_type",
    [
        ("TRAVIS PERKINS", "TRAVIS PERKINS INV 4471", "BAC"),
        ("Salford Timber Ltd", "To Salford Timber Ltd", "TRANSFER"),  # a Revolut payment out
        ("TAXI CO", "TAXIS SALFORD", "POS"),
        ("H3G", "H3G XXXXXXXXXXX DDR", "DIRECTDEBIT"),
        ("Interactive Brokers", "Disbursement", ""),
    ],
)
def test_suppliers_are_not_caught_by_the_rules(payee, description, bank_type):
    assert Classifier().match(payee, description, bank_type) is None


BANK = """Date, Type, Description, Value, Balance, Account Name, Account Number
01 Sep 2026,D/D,"'NEST MANUFACTURING , 8812",-400.00,100.00,'ACME,'1-2,
02 Sep 2026,D/D,"'HMRC PAYE , 123PA0001",-910.44,100.00,'ACME,'1-2,
03 Sep 2026,BAC,"'ACME SAVINGS , MOVE",-1000.00,100.00,'ACME,'1-2,
04 Sep 2026,POS,"'7712 04SEP26 C , SCREWFIX 12 , YEOVIL GB",-42.99,100.00,'ACME,'1-2,
"""


def test_the_firms_own_rules_come_first_and_can_be_removed(store, tmp_path):
    path = tmp_path / "natwest.csv"
    path.write_text(BANK, encoding="utf-8")
    before = preview_spend(store, path)
    assert dict(before.bank.counts) == {"pension": 1, "tax": 1}
    assert before.total_pence == 1000_00 + 42_99
    keep = add_rule(store, "nest manufacturing", "spend", "a supplier of ours")
    add_rule(store, "ACME SAVINGS", "transfer")
    after = preview_spend(store, path)
    assert dict(after.bank.counts) == {"tax": 1, "transfer": 1}
    assert after.total_pence == 400_00 + 42_99
    kept = next(line for line in after.bank.lines if line.payee == "NEST MANUFACTURING")
    assert kept.is_spend and kept.rule.source == "yours"
    assert [r.pattern for r in list_rules(store)] == ["nest manufacturing", "ACME SAVINGS"]
    delete_rule(store, keep.id)
    assert dict(preview_spend(store, path).bank.counts) == {"pension": 1, "tax": 1, "transfer": 1}
    with pytest.raises(ValidationError):
        add_rule(store, "  ", "tax")
    with pytest.raises(ValidationError):
        add_rule(store, "X", "not-a-kind")


def test_moves_in_the_preview_win_over_the_rules_and_excluded_lines_are_never_stored(store, tmp_path):
    path = tmp_path / "natwest.csv"
    path.write_text(BANK, encoding="utf-8")
    # row 2 is NEST MANUFACTURING (kept out as a pension): move it in; row 5 Screwfix: out.
    moves = {2: True, 5: False}
    preview = preview_spend(store, path, moves=moves)
    assert dict(preview.bank.counts) == {"tax": 1, "moved": 1}
    assert preview.bank.moved_in == 1
    assert preview.total_pence == 400_00 + 1000_00
    moved = {line.row: line.moved for line in preview.bank.lines}
    assert moved == {2: True, 3: False, 4: False, 5: True}
    summary = import_spend(store, path, moves=moves)
    assert summary.to_import == 2
    assert analyse_spend(store, SpendQuery()).total_pence == 400_00 + 1000_00
    assert "Moved out of supplier spend by you: 1 line, £42.99" in "\n".join(summary.text_lines())
    assert summary.bank.as_json()[0] == {
        "rule": "HMRC and tax (PAYE, VAT, Corporation Tax)",
        "category": "tax",
        "count": 1,
        "total": "910.44",
    }
