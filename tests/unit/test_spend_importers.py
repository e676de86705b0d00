"""Every supported layout, read from realistic files, including the awkward cases."""

from pathlib import Path

import pytest

from svdesk.importers import (
    Options,
    Reject,
    Skip,
    SpendRecord,
    SupplierRecord,
    UnknownLayout,
    UnreadableFile,
    detect,
    inspect_file,
    values,
)
from svdesk.importers.freeagent import payee_from_narrative

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def read(name, kind=None, **kwargs):
    plan = detect(
        inspect_file(FIXTURES / name), kind, kwargs.pop("format", None), kwargs.pop("mapping", None)
    )
    items = list(plan.records(Options(**kwargs)))
    return plan, items


def of(items, cls):
    return [i for i in items if isinstance(i, cls)]


def test_xero_bills_sums_line_amounts_per_bill_not_total_per_line():
    plan, items = read("xero_bills.csv")
    assert plan.layout.name == "xero-bills" and plan.facts.encoding == "utf-8-sig"
    bills = {r.reference: r for r in of(items, SpendRecord)}
    howarth = bills["HT/77120"]  # four lines: 18×42.60 + 25×31.95 + 6×78 + 45
    assert howarth.net_pence == 766_80 + 798_75 + 468_00 + 45_00
    assert howarth.gross_pence == round(howarth.net_pence * 1.2)
    assert howarth.supplier == "Howarth Timber & Building Supplies Ltd"
    assert howarth.supplier_postcode == "LS11 5BZ"
    assert str(howarth.spend_date) == "2025-04-22" and str(howarth.due_date) == "2025-05-31"
    assert bills["OCC-0415"].gross_pence == bills["OCC-0415"].net_pence == 90_00  # zero rated


def test_xero_credit_note_is_negative_and_voided_and_draft_bills_are_skipped():
    _plan, items = read("xero_bills.csv")
    bills = {r.reference: r for r in of(items, SpendRecord)}
    assert bills["TP-CN-20931"].net_pence == -98_00
    assert "MGG-1180" not in bills and "PH-30211" not in bills
    reasons = {s.reason for s in of(items, Skip)}
    assert {"voided bill", "draft bill (not yet approved)"} <= reasons


def test_old_xero_layout_in_windows_1252_with_pound_signs_and_text_dates():
    plan, items = read("xero_bills_old_cp1252.csv")
    assert plan.facts.encoding == "cp1252" and len(plan.header) == 36
    bills = {r.reference: r for r in of(items, SpendRecord)}
    assert bills["HT/77120"].net_pence == 2078_55
    assert bills["OCC-0415"].supplier == "Ordsall Community Café CIC"  # é decoded from cp1252
    rejects = {r.row: r for r in of(items, Reject)}
    assert rejects[21].column == "InvoiceDate" and "31/04/2025" in rejects[21].reason
    assert rejects[22].column == "LineAmount" and "SFF-2300" in rejects[22].reason
    assert rejects[23].column == "ContactName"
    assert "blank row" in {s.reason for s in of(items, Skip)}


def test_xero_contacts_give_postcodes():
    plan, items = read("xero_contacts.csv", "suppliers")
    assert plan.layout.name == "xero-contacts"
    by_name = {s.name: s for s in of(items, SupplierRecord)}
    assert by_name["Salford Fixings & Fasteners Ltd"].postcode == "M5 4WT"
    assert by_name["TRAVIS PERKINS TRADING CO LTD"].postcode == "m66ap"  # normalised later


def test_xero_account_transactions_title_rows_sections_totals_and_suffixes():
    plan, items = read("xero_account_transactions.csv")
    assert plan.layout.name == "xero-account-transactions" and plan.header_row == 5
    records = of(items, SpendRecord)
    assert [(r.supplier, r.net_pence) for r in records] == [
        ("Travis Perkins Trading Co Ltd", 738_00),
        ("Salford Fixings & Fasteners Ltd", 258_90),
        ("Travis Perkins Trading Co Ltd", -98_00),
        ("Selco Builders Warehouse", 1046_25),
        ("Northwest Van Hire Ltd", 385_00),
    ]
    assert records[2].gross_pence == -117_60 and records[3].gross_pence == 1255_50
    reasons = " | ".join(s.reason for s in of(items, Skip))
    assert "Receivable Invoice" in reasons and "Business Bank Account" in reasons
    assert not of(items, Reject)


def test_xero_bank_statement_spend_is_money_out_and_identical_lines_both_count():
    plan, items = read("xero_bank_statement.csv")
    assert plan.layout.name == "xero-bank"
    records = of(items, SpendRecord)
    assert sum(1 for r in records if r.supplier == "Costa Coffee") == 2
    assert all(r.gross_pence > 0 and r.net_pence is None for r in records)  # gross by default
    assert records[-1].gross_pence == 58_80  # "(58.80)" is money out
    assert any(s.reason == "money in, not spend" for s in of(items, Skip))
    _plan, as_net = read("xero_bank_statement.csv", basis="net")
    assert all(r.net_pence and r.gross_pence is None for r in of(as_net, SpendRecord))


def test_quickbooks_report_grouped_by_supplier_with_totals_and_bill_payments():
    plan, items = read("quickbooks_transaction_list_by_supplier.csv")
    assert plan.layout.name == "quickbooks-report" and plan.header_row == 5
    records = of(items, SpendRecord)
    assert [(r.supplier, r.gross_pence) for r in records] == [
        ("Howarth Timber & Building Supplies Ltd", 2546_30),
        ("Jewson Ltd", 486_72),
        ("Jewson Ltd", -64_80),
        ("Jewson Ltd", 38_40),
        ("Ordsall Community Café CIC", 90_00),
    ]
    reasons = [s.reason for s in of(items, Skip)]
    assert any("payment of a bill" in r for r in reasons)
    assert "purchase order (not yet spend)" in reasons and "report footer" in reasons
    assert [r.row for r in of(items, Reject)] == [20]


def test_quickbooks_supplier_list_in_windows_1252():
    plan, items = read("quickbooks_suppliers.csv", "suppliers")
    assert plan.layout.name == "quickbooks-suppliers" and plan.facts.encoding == "cp1252"
    assert {s.name: s.postcode for s in of(items, SupplierRecord)}["Ordsall Community Café CIC"] == "M5 3AW"


def test_freeagent_three_columns_no_header_names_payees_from_narrative():
    plan, items = read("freeagent_bank.csv")
    assert plan.layout.name == "freeagent" and plan.header_row == 0
    assert [r.supplier for r in of(items, SpendRecord)] == [
        "TRAVIS PERKINS",
        "ORDSALL COMMUNITY CAFE",
        "NORTHWEST VAN HIRE",
        "SCREWFIX DIRECT",
        "SCREWFIX DIRECT",
    ]
    assert payee_from_narrative("DD BRITISH GAS BUSINESS 600123456") == "BRITISH GAS BUSINESS"


def test_generic_mapping_with_paid_dates():
    mapping = {
        "columns": {
            "supplier": "Name",
            "date": "Date",
            "net": "Net Amount",
            "gross": "Gross Amount",
            "reference": "Inv Ref",
            "paid_date": "Date Paid",
            "description": "Details",
        },
        "sign": "positive",
    }
    plan, items = read("sage_purchase_daybook.csv", format="generic", mapping=mapping)
    records = of(items, SpendRecord)
    assert len(records) == 5
    assert records[0].invoice_date.isoformat() == "2025-04-03"
    assert records[0].paid_date.isoformat() == "2025-04-25"
    assert records[2].net_pence == -98_00 and records[4].paid_date is None


def test_generic_xlsx(tmp_path):
    from datetime import date

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Purchases export"])
    ws.append([])
    ws.append(["Payee", "Posted", "Value", "Memo"])
    ws.append(["Jewson Ltd", date(2025, 4, 8), 486.72, "Plasterboard"])
    ws.append(["Pennine Hardwoods Ltd", "09/04/2025", "£1,020.50", "Oak"])
    path = tmp_path / "purchases.xlsx"
    wb.save(path)
    mapping = {
        "columns": {"supplier": "Payee", "date": "Posted", "amount": "Value", "description": "Memo"},
        "basis": "gross",
    }
    plan = detect(inspect_file(path), "spend", mapping=mapping)
    assert plan.layout.name == "generic" and plan.header_row == 3
    records = of(list(plan.records(Options())), SpendRecord)
    assert [(r.supplier, r.spend_date.isoformat(), r.gross_pence) for r in records] == [
        ("Jewson Ltd", "2025-04-08", 486_72),
        ("Pennine Hardwoods Ltd", "2025-04-09", 1020_50),
    ]


def test_unknown_layout_lists_the_layouts_it_knows():
    with pytest.raises(UnknownLayout) as err:
        detect(inspect_file(FIXTURES / "unknown_layout.csv"), "spend")
    assert "Xero bills export" in str(err.value) and "--format" in str(err.value)


def test_unreadable_files_say_why(tmp_path):
    with pytest.raises(UnreadableFile, match="no file"):
        inspect_file(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(UnreadableFile, match="empty"):
        inspect_file(tmp_path / "empty.csv")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(UnreadableFile, match="xls"):
        inspect_file(tmp_path / "old.xls")


def test_utf8_without_bom_is_utf8(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text(
        "Date,Amount,Payee,Description,Reference,Cheque Number\n01/04/2025,-9.50,Café Nero,,,\n",
        encoding="utf-8",
    )
    plan = detect(inspect_file(path))
    assert plan.facts.encoding == "utf-8"
    assert of(list(plan.records()), SpendRecord)[0].supplier == "Café Nero"


@pytest.mark.parametrize(
    "text,pence",
    [
        ("£1,234.56", 123456),
        ("(12.00)", -1200),
        ("-5", -500),
        ("12.00 CR", -1200),
        ("1,200-", -120000),
        ("0.1", 10),
        ("", None),
    ],
)
def test_amounts(text, pence):
    assert values.money(text) == pence


@pytest.mark.parametrize(
    "text,iso",
    [
        ("31/01/2025", "2025-01-31"),
        ("01 Jan 2025", "2025-01-01"),
        ("1-Jan-25", "2025-01-01"),
        ("2025-01-31", "2025-01-31"),
        ("2025-01-31T00:00:00", "2025-01-31"),
    ],
)
def test_uk_dates(text, iso):
    assert values.day(text).isoformat() == iso


def test_us_ordered_date_is_rejected_not_guessed():
    with pytest.raises(ValueError):
        values.day("12/31/2025")


def test_quickbooks_bill_payment_list_counts_payments_with_their_dates():
    plan, items = read("quickbooks_bill_payment_list.csv")
    assert plan.layout.name == "quickbooks-report" and "Bill Payment List" in plan.title
    records = of(items, SpendRecord)
    assert [(r.supplier, r.gross_pence, str(r.paid_date)) for r in records] == [
        ("Howarth Timber & Building Supplies Ltd", 2546_30, "2025-05-20"),
        ("Jewson Ltd", 421_92, "2025-05-23"),
        ("Pennine Hardwoods Ltd", 777_60, "2025-05-28"),
    ]
    assert all(r.invoice_date is None for r in records)


def test_xero_bill_entered_with_vat_inclusive_line_amounts(tmp_path):
    header = (
        "*ContactName,POPostalCode,*InvoiceNumber,*InvoiceDate,*DueDate,Total,TaxTotal,"
        "*Description,LineAmount,TaxAmount,Currency,Type,Status"
    )
    path = tmp_path / "bills.csv"
    path.write_text(
        header + "\n"
        "Jewson Ltd,M30 0TE,JW-1,08/04/2025,08/05/2025,120.00,20.00,Plaster,"
        "60.00,10.00,GBP,Bill,Paid\n"
        "Jewson Ltd,M30 0TE,JW-1,08/04/2025,08/05/2025,120.00,20.00,Board,"
        "60.00,10.00,GBP,Bill,Paid\n"
        "Jewson Ltd,M30 0TE,JW-2,09/04/2025,09/05/2025,120.00,20.00,Board,"
        "100.00,20.00,GBP,Bill,Paid\n",
        encoding="utf-8",
    )
    records = of(list(detect(inspect_file(path)).records()), SpendRecord)
    assert [(r.reference, r.net_pence, r.gross_pence) for r in records] == [
        ("JW-1", 100_00, 120_00),
        ("JW-2", 100_00, 120_00),
    ]
