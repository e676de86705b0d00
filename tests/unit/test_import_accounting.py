"""Issue 18 (accounting side): date order per file, QuickBooks transaction types, Xero bank
account reports, Sage 50, supplier spreadsheets, every row accounted for, ambiguous layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from svdesk.importers import (
    AmbiguousLayout,
    Options,
    Reject,
    Skip,
    SpendRecord,
    SupplierRecord,
    detect,
    inspect_file,
)
from svdesk.importers.date_order import decide_order
from svdesk.services.spend_import import import_spend, preview_spend
from svdesk.services.supplier_import import import_suppliers

pytestmark = pytest.mark.both_stores

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(path, kind=None, **options):
    plan = detect(inspect_file(path), kind, options.pop("format", None))
    return plan, list(plan.records(Options(**options)))


def of(items, cls):
    return [i for i in items if type(i) is cls]


# --- date order -------------------------------------------------------------------------------


def rows(*values):
    return [(i, [v]) for i, v in enumerate(values, 1)]


def test_date_order_is_settled_by_the_first_value_that_can_only_be_read_one_way():
    assert decide_order(rows("04/01/2026", "1/31/2026")).order == "mdy"
    assert decide_order(rows("04/01/2026", "31/01/2026")).order == "dmy"
    undecided = decide_order(rows("04/01/2026", "05/02/2026", "Tesco"))
    assert (undecided.order, undecided.how, undecided.numeric_dates) == ("dmy", "assumed", 2)
    assert "could be day/month or month/day" in undecided.note
    assert decide_order(rows("1/31/2026"), given="dmy").how == "given"


US_BANK = """Date,Amount,Payee,Description,Reference,Cheque Number
01/04/2026,-120.00,Acme Supplies,Paper,INV1,
01/31/2026,-30.50,Acme Supplies,Toner,INV2,
"""


def test_a_month_first_file_reads_4_january_right_and_rejects_nothing(tmp_path):
    _plan, items = read(write(tmp_path, "us.csv", US_BANK))
    assert [str(r.spend_date) for r in of(items, SpendRecord)] == ["2026-01-04", "2026-01-31"]
    assert not of(items, Reject)


def test_date_order_override_rejects_dates_that_do_not_fit_and_names_the_order(tmp_path):
    _plan, items = read(write(tmp_path, "us.csv", US_BANK), date_order="dmy")
    assert [str(r.spend_date) for r in of(items, SpendRecord)] == ["2026-04-01"]
    [bad] = of(items, Reject)
    assert bad.row == 3 and "day/month/year order" in bad.reason


def test_every_date_ambiguous_is_read_day_first_and_the_summary_says_so(store, tmp_path):
    path = write(tmp_path, "uk.csv", US_BANK.replace("01/31/2026", "02/03/2026"))
    summary = preview_spend(store, path)
    assert summary.date_order == "dmy" and "could be day/month" in summary.date_note
    # 01/04/2026 read as 1 April, 02/03/2026 as 2 March
    assert (str(summary.first_date), str(summary.last_date)) == ("2026-03-02", "2026-04-01")
    assert summary.as_json()["date_order"] == "dmy"


# --- QuickBooks transaction types ---------------------------------------------------------------

QB_BY_DATE = """Irwell Joinery Ltd
Transaction List by Date
"April 2025"

,Date,Transaction Type,No.,Name,Memo/Description,Account,Amount
,01/04/2025,Invoice,1001,Salford City Council,Joinery works,Debtors,"1,200.00"
,02/04/2025,Payment,,Salford City Council,,Debtors,"-1,200.00"
,03/04/2025,Deposit,,,,Business Current Account,250.00
,04/04/2025,Sales Receipt,1002,Walk-in customer,Offcuts,Sales,40.00
,05/04/2025,Bill,JW-1,Jewson Ltd,Plasterboard,Purchases,100.00
,06/04/2025,Bill Payment (Cheque),200,Jewson Ltd,,Business Current Account,-100.00
,07/04/2025,Expense,,Selco,Sealant,Purchases,-25.50
,08/04/2025,Cheque Expense,300,Ordsall Cafe,Lunch,Staff welfare,-12.00
,09/04/2025,Credit Card Expense,,Screwfix,Screws,Purchases,-8.75
,10/04/2025,Supplier Credit,JW-CR,Jewson Ltd,Returned board,Purchases,-20.00
,11/04/2025,Bill Payment (Cheque),201,Howarth Timber,HT-9 paid,Business Current Account,-60.00
,12/04/2025,Journal Entry,,,,Suspense,5.00
,13/04/2025,Transfer,,,,Savings,500.00
"""


def test_quickbooks_only_supplier_side_types_are_spend_and_expenses_are_positive(tmp_path):
    plan, items = read(write(tmp_path, "qb.csv", QB_BY_DATE))
    assert plan.layout.name == "quickbooks-report"
    got = {(r.supplier, r.gross_pence) for r in of(items, SpendRecord)}
    assert got == {
        ("Jewson Ltd", 100_00),
        ("Selco", 25_50),
        ("Ordsall Cafe", 12_00),
        ("Screwfix", 8_75),
        ("Jewson Ltd", -20_00),
        ("Howarth Timber", 60_00),
    }
    # Jewson's bill payment is not counted again; Howarth's (no bill in the file) is the spend.
    howarth = next(r for r in of(items, SpendRecord) if r.supplier == "Howarth Timber")
    assert str(howarth.paid_date) == "2025-04-11" and howarth.invoice_date is None
    reasons = " | ".join(s.reason for s in of(items, Skip))
    for kind in ("Invoice", "Payment", "Deposit", "Sales Receipt"):
        assert f"customer transaction, not spend ({kind})" in reasons
    assert "payment of a bill (the bill itself is counted)" in reasons
    assert "journal entry" in reasons and "transfer between accounts" in reasons
    assert sum(r.gross_pence for r in of(items, SpendRecord)) == 186_25


def test_quickbooks_report_total_in_the_database(store, tmp_path):
    summary = import_spend(store, write(tmp_path, "qb.csv", QB_BY_DATE))
    assert summary.total_pence == 186_25 and summary.to_import == 6
    assert summary.rows_read == 13 and summary.unaccounted == 0


QB_EXPENSES_BY_SUPPLIER = """Irwell Joinery Ltd
Expenses by Supplier Detail
"April 2025"

,Date,Transaction Type,No.,Memo/Description,Account,Amount,Balance
Jewson Ltd,,,,,,,
,08/04/2025,Bill,JW-551902,Plasterboard,Purchases,486.72,486.72
,19/04/2025,Expense,,Adhesive,Purchases,38.40,525.12
Total for Jewson Ltd,,,,,,525.12,
TOTAL,,,,,,525.12,
"""


def test_quickbooks_expenses_by_supplier_detail(tmp_path):
    _plan, items = read(write(tmp_path, "exp.csv", QB_EXPENSES_BY_SUPPLIER))
    assert [(r.supplier, r.gross_pence) for r in of(items, SpendRecord)] == [
        ("Jewson Ltd", 486_72),
        ("Jewson Ltd", 38_40),
    ]


def test_quickbooks_bill_payment_list_payments_are_the_spend():
    _plan, items = read(FIXTURES / "quickbooks_bill_payment_list.csv")
    assert sum(r.gross_pence for r in of(items, SpendRecord)) == 3745_82


# --- Xero Account Transactions for a bank account ------------------------------------------------

XERO_BANK_ACCOUNT = """Account Transactions
Irwell Joinery Ltd
For the period 1 April 2025 to 30 April 2025

Date,Source,Description,Reference,Debit,Credit,Running Balance,Gross,Tax
Business Bank Account,,,,,,,,
01 Apr 2025,Receive Money,Salford City Council - Stage payment,,"5,000.00",,"5,000.00","5,000.00",0.00
03 Apr 2025,Spend Money,Selco Builders Warehouse - Sealant,Card,,"1,255.50","3,744.50","1,255.50",209.25
10 Apr 2025,Payable Payment,Travis Perkins Trading Co Ltd - TP-884512,,,885.60,"2,858.90",885.60,0.00
12 Apr 2025,Bank Transfer,Transfer to Savings,,,"1,000.00","1,858.90","1,000.00",0.00
20 Apr 2025,Receivable Payment,Manchester City Council - INV-0412,,180.00,,"2,038.90",180.00,0.00
Total Business Bank Account,,,,"5,180.00","3,141.10","2,038.90",,
"""


def test_xero_bank_account_report_counts_its_payments(store, tmp_path):
    path = write(tmp_path, "bank.csv", XERO_BANK_ACCOUNT)
    _plan, items = read(path)
    assert [(r.supplier, r.gross_pence) for r in of(items, SpendRecord)] == [
        ("Selco Builders Warehouse", 1255_50),
        ("Travis Perkins Trading Co Ltd", 885_60),
    ]
    reasons = " | ".join(s.reason for s in of(items, Skip))
    assert "money in (Receive Money)" in reasons and "transfer between accounts" in reasons
    summary = import_spend(store, path)
    assert summary.total_pence == 2141_10 and summary.unaccounted == 0


def test_xero_all_accounts_report_does_not_count_bank_payments_twice():
    _plan, items = read(FIXTURES / "xero_account_transactions.csv")
    assert "Ordsall Community Cafe CIC" not in {r.supplier for r in of(items, SpendRecord)}
    assert any("counted under the expense account" in s.reason for s in of(items, Skip))


# --- Sage 50 ---------------------------------------------------------------------------------


def test_sage_purchase_day_book_is_recognised_without_a_mapping():
    plan, items = read(FIXTURES / "sage_purchase_daybook.csv")
    assert plan.layout.name == "sage50-purchases"
    records = of(items, SpendRecord)
    assert sum(r.net_pence for r in records) == 738_00 + 258_90 - 98_00 + 90_00 + 385_00
    assert str(records[0].paid_date) == "2025-04-25" and records[0].reference == "TP-884512"


SAGE_ACTIVITY = """Irwell Joinery Ltd,,,,,,,,
Supplier Activity (Detailed),,,,,,,,
No,Type,Date,Ref,Details,Amount,O/S,Debit,Credit
A/C: TRAVIS01  Name: Travis Perkins Trading Co Ltd  Contact: Accounts,,,,,,,,
101,PI,03/04/2025,TP-884512,Timber,885.60,0.00,,885.60
102,PC,24/04/2025,TP-CN-20931,Returned timber,117.60,0.00,117.60,
103,PP,25/04/2025,BACS,Payment,768.00,0.00,768.00,
A/C: SALFIX01  Name: Salford Fixings & Fasteners Ltd,,,,,,,,
110,PA,30/04/2025,BACS,Payment on account,100.00,0.00,100.00,
111,SI,30/04/2025,X1,Sale of offcuts,20.00,0.00,20.00,
"""


def test_sage_supplier_activity_headings_types_and_payments(tmp_path):
    plan, items = read(write(tmp_path, "activity.csv", SAGE_ACTIVITY))
    assert plan.layout.name == "sage50-purchases"
    assert [(r.supplier, r.gross_pence) for r in of(items, SpendRecord)] == [
        ("Travis Perkins Trading Co Ltd", 885_60),
        ("Travis Perkins Trading Co Ltd", -117_60),
        ("Salford Fixings & Fasteners Ltd", 100_00),
    ]
    reasons = " | ".join(s.reason for s in of(items, Skip))
    assert "payment of an invoice" in reasons and "sales transaction" in reasons


# --- supplier spreadsheets -------------------------------------------------------------------

SHEET = """Supplier,Post Code,Country,Company No.
Irwell Joinery Ltd,m5 4wt,UK,01234567
Acme Corp,10001,USA,
Bonn Werkzeug GmbH,53111,Germany,
"""


def test_supplier_spreadsheet_keeps_overseas_suppliers_never_local(store, tmp_path):
    path = write(tmp_path, "suppliers.csv", SHEET)
    plan, items = read(path, "suppliers")
    assert plan.layout.name == "supplier-spreadsheet"
    assert [r.country for r in of(items, SupplierRecord)] == ["UK", "USA", "Germany"]
    summary = import_suppliers(store, path)
    assert summary.to_import == 3 and summary.rejected == 0
    assert any("outside the UK" in n for n in summary.notes)
    from sqlalchemy import select

    from svdesk.models import Supplier
    from svdesk.services.suppliers import list_suppliers  # noqa: F401  (the register's view)

    with store.read() as s:
        got = {x.name: (x.postcode, x.notes) for x in s.scalars(select(Supplier))}
    assert got["Irwell Joinery Ltd"][0] == "M5 4WT"
    assert got["Acme Corp"][0] == "" and "never counted as local" in got["Acme Corp"][1]


def test_supplier_spreadsheet_as_xlsx(store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Our suppliers"])
    ws.append([])
    ws.append(["Name", "Postcode"])
    ws.append(["Ordsall Community Cafe CIC", "M5 3AW"])
    path = tmp_path / "suppliers.xlsx"
    wb.save(path)
    summary = import_suppliers(store, path)
    assert summary.format_name == "supplier-spreadsheet" and summary.to_import == 1
    assert summary.rows_read == 1 and summary.unaccounted == 0


# --- every row accounted for, and two layouts that fit ------------------------------------------


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in FIXTURES.glob("*.csv")
        if p.name != "unknown_layout.csv" and p.name != "purchases_own_spreadsheet.csv"
    ),
)
def test_every_row_of_every_fixture_is_imported_skipped_or_rejected(store, name):
    path = FIXTURES / name
    plan = detect(inspect_file(path))
    importer = import_suppliers if plan.layout.kind == "suppliers" else import_spend
    summary = importer(store, path)
    with open(path, encoding=plan.facts.encoding, newline="") as fh:
        below_header = len(fh.read().splitlines()) - plan.header_row
    assert summary.rows_read == below_header
    assert summary.unaccounted == 0


AMBIGUOUS = """Date,Type,Description,Debit,Credit
03/04/2025,PI,Travis Perkins - timber,885.60,
"""


def test_two_layouts_that_fit_are_both_named(tmp_path):
    path = write(tmp_path, "both.csv", AMBIGUOUS)
    with pytest.raises(AmbiguousLayout) as caught:
        detect(inspect_file(path), "spend")
    assert {lay.name for lay in caught.value.layouts} == {"xero-account-transactions", "sage50-purchases"}
    assert "--format sage50-purchases" in str(caught.value)
    plan = detect(inspect_file(path), "spend", "sage50-purchases")
    assert plan.layout.name == "sage50-purchases"


def test_a_file_without_numeric_dates_is_not_read_to_its_end_for_them():
    def endless():
        n = 0
        while True:
            n += 1
            yield n, ["2026-01-31", "Tesco", "-1.00"]

    order = decide_order(endless())
    assert (order.order, order.how, order.numeric_dates, order.note) == ("dmy", "assumed", 0, "")


def test_xero_bank_account_report_without_a_source_column(tmp_path):
    text = "\n".join(
        line.split(",", 2)[0] + "," + line.split(",", 2)[2]
        if line[:2].isdigit() or line.startswith("Date")
        else line
        for line in XERO_BANK_ACCOUNT.splitlines()
    )
    _plan, items = read(write(tmp_path, "nosource.csv", text))
    # Without the Source column, money out of the bank account is its payments; a transfer
    # to the firm's own account is not.
    assert [r.gross_pence for r in of(items, SpendRecord)] == [1255_50, 885_60]
    assert any("transfer between accounts" in s.reason for s in of(items, Skip))


def test_excluded_lines_are_counted_listed_and_in_money_out():
    from svdesk.importers.base import Excluded
    from svdesk.services.spend_import import ImportSummary

    summary = ImportSummary("spend", "x.csv", "x", "X", True, rows_read=3, to_import=1)
    summary.money_out_pence = 100_00
    summary.add_excluded(Excluded(2, "HMRC", 130_00))
    summary.add_excluded(Excluded(3, "HMRC", 20_00))
    out = summary.as_json()
    assert out["excluded"] == [{"rule": "HMRC", "count": 2, "total": 150.0}]
    assert out["money_out_total"] == 250.0 and out["rows_not_accounted_for"] == 0
    assert any("not supplier spend:   2" in line for line in summary.text_lines())


QB_BILL_PAYMENTS_NO_TYPE = """Irwell Joinery Ltd
Bill Payment List
"May 2025"

,Date,No.,Supplier,Amount
Business Current Account,,,,
,20/05/2025,100241,Howarth Timber & Building Supplies Ltd,"-2,546.30"
,23/05/2025,100242,Jewson Ltd,-421.92
Total for Business Current Account,,,,"-£2,968.22"
"""


def test_quickbooks_bill_payment_list_without_a_type_column(tmp_path):
    plan, items = read(write(tmp_path, "bp.csv", QB_BILL_PAYMENTS_NO_TYPE))
    assert plan.layout.name == "quickbooks-bill-payments"
    records = of(items, SpendRecord)
    assert [(r.supplier, r.gross_pence) for r in records] == [
        ("Howarth Timber & Building Supplies Ltd", 2546_30),
        ("Jewson Ltd", 421_92),
    ]
    assert all(r.paid_date == r.spend_date and r.invoice_date is None for r in records)
