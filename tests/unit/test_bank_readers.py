"""Bank downloads recognised from their headers and values, with no column mapping.

Real files (../shared/data/real-exports, see its README for the totals a correct import gives)
are imported from the command line into a fresh database with one contract covering their
dates. Banks without a public sample get a file written here from the layout the bank's
download has, as each reader's module describes it.
"""

from dataclasses import replace
from datetime import date

import pytest

from svdesk.cli import main
from svdesk.importers import detect, inspect_file
from svdesk.services.contracts import find_contract, save_contract
from svdesk.services.demo import DEMO_CONTRACTS
from svdesk.services.spend_analysis import SpendQuery, analyse_spend
from svdesk.services.spend_import import import_spend, preview_spend

pytestmark = pytest.mark.both_stores


def _contract_total(db_path, capsys, file, ref="BANK-1"):
    from svdesk.services.store import Store

    store = Store.open(db_path)
    try:
        save_contract(
            store,
            replace(
                DEMO_CONTRACTS[0], reference=ref, start_date=date(2010, 1, 1), end_date=date(2030, 12, 31)
            ),
        )
    finally:
        store.close()
    assert main(["import", "spend", str(file), "--db", str(db_path), "--contract", ref]) == 0
    out = capsys.readouterr().out
    store = Store.open(db_path)
    try:
        contract = find_contract(store, ref)
        return analyse_spend(store, SpendQuery(contract_id=contract.id)).total_pence, out
    finally:
        store.close()


@pytest.mark.parametrize(
    "name, layout, pence, lines, skipped",
    [
        ("barclays_fmalina_accounting.csv", "Barclays", 834_70, 15, "2 money in"),
        # The direct debit described only as TAX is kept out as tax, and the summary says so.
        ("lloyds_bank_statement_wizard.csv", "Lloyds", 1476_78, 13, "1 money in"),
        ("monzo2018_bank2ynab.csv", "Monzo export (2018", 10_00, 1, None),
        ("starling_business_starling2freeagent.csv", "Starling", 500_20, 1, "2 money in"),
    ],
)
def test_real_bank_files_import_from_the_command_line_with_the_readme_totals(
    tmp_path, capsys, shared_data, name, layout, pence, lines, skipped
):
    total, out = _contract_total(tmp_path / "f.svdesk", capsys, shared_data / "real-exports" / name)
    assert total == pence
    assert f": {layout}" in out and f"spend lines imported: {lines} " in out
    assert "rejected:             0" in out
    if skipped:
        assert skipped in out


def test_lloyds_summary_says_the_tax_line_was_kept_out(tmp_path, capsys, shared_data):
    _total, out = _contract_total(
        tmp_path / "f.svdesk", capsys, shared_data / "real-exports" / "lloyds_bank_statement_wizard.csv"
    )
    assert "not supplier spend:   1 (£130.00" in out
    assert "HMRC and tax (PAYE, VAT, Corporation Tax): 1 line, £130.00" in out


def test_barclays_payees_come_from_the_memo(store, shared_data):
    import_spend(store, shared_data / "real-exports" / "barclays_fmalina_accounting.csv")
    from svdesk.services.suppliers import list_suppliers

    names = sorted(s.name for s in list_suppliers(store))
    assert "Asda Petrol" in names and "H3G" in names and "Worldpay" in names
    assert len(names) == 11  # 15 lines from 11 merchants, not one supplier per line


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# NatWest/RBS "Download or export transactions" CSV: blank first line, "26 Aug 2026" dates,
# signed Value, card lines "card date C , MERCHANT BRANCH , TOWN GB".
NATWEST = """
Date, Type, Description, Value, Balance, Account Name, Account Number
26 Aug 2026,POS,"'7712 26AUG26 C , WAITROSE 742 , LONDON GB",-23.40,1976.60,'ACME JOINERY LTD,'123456-12345678,
27 Aug 2026,POS,"'7712 27AUG26 C , WAITROSE 118 , SALFORD GB",-11.05,1965.55,'ACME JOINERY LTD,'123456-12345678,
28 Aug 2026,D/D,"'HMRC VAT , 123456789",-1250.00,715.55,'ACME JOINERY LTD,'123456-12345678,
28 Aug 2026,BAC,"'TRAVIS PERKINS , INV 4471 , FP 28/08/26 1034 , 00156223",-480.00,235.55,'ACME JOINERY LTD,'123456-12345678,
29 Aug 2026,C/L,"'7712 29AUG26 , LLOYDS BANK , SALFORD GB",-50.00,185.55,'ACME JOINERY LTD,'123456-12345678,
30 Aug 2026,BAC,"'SALFORD CC , INV 88",900.00,1085.55,'ACME JOINERY LTD,'123456-12345678,
"""


def test_natwest_card_lines_make_one_supplier_per_merchant(store, tmp_path):
    path = _write(tmp_path, "natwest.csv", NATWEST)
    assert detect(inspect_file(path), "spend").layout.name == "natwest"
    summary = import_spend(store, path)
    assert summary.to_import == 3 and summary.total_pence == 23_40 + 11_05 + 480_00
    assert summary.new_suppliers == 2  # Waitrose (two branches) and Travis Perkins
    assert dict(summary.bank.counts) == {"tax": 1, "cash": 1}
    assert summary.skipped_reasons["money in, not spend"] == 1


# HSBC: no header row; date, description, amount; contactless lines start ")))".
HSBC = """26/08/2026,)))WAITROSE 742,-23.40
27/08/2026,CARD PAYMENT TO SCREWFIX DIRECT ON 25/08,"-1,204.10"
28/08/2026,PAYROLL AUG,-3200.00
29/08/2026,SALFORD CITY COUNCIL,"2,500.00"
"""

FIRST_DIRECT = """Date,Description,Amount,Balance
26/08/2026,JEWSON LTD SALFORD,-310.00,4690.00
27/08/2026,NEST,-120.00,4570.00
28/08/2026,CUSTOMER PAYMENT,1000.00,5570.00
"""


def test_hsbc_without_a_header_and_first_direct_with_one(store, tmp_path):
    hsbc = _write(tmp_path, "TransHist.csv", HSBC)
    assert detect(inspect_file(hsbc), "spend").layout.name == "hsbc"
    summary = import_spend(store, hsbc)
    assert summary.to_import == 2 and summary.total_pence == 23_40 + 1204_10
    assert dict(summary.bank.counts) == {"wages": 1}
    fd = _write(tmp_path, "firstdirect.csv", FIRST_DIRECT)
    assert detect(inspect_file(fd), "spend").layout.name == "first-direct"
    summary = import_spend(store, fd)
    assert summary.to_import == 1 and summary.total_pence == 310_00
    assert dict(summary.bank.counts) == {"pension": 1}


# Santander "Text file (TXT)": labelled lines, Windows-1252, a non-breaking space after labels.
SANTANDER = (
    "From:\u00a001/08/2026 to 31/08/2026\r\n\r\nAccount:\u00a0XXXX XXXX XXXX 1234\r\n\r\n"
    "Date:\u00a026/08/2026\r\nDescription:\u00a0CARD PAYMENT TO WAITROSE 742,23.40 GBP, "
    "RATE 1.00/GBP ON 24-08-2026\r\nAmount:\u00a0-23.40\u00a0\r\nBalance:\u00a01976.60"
    "\u00a0\r\n\r\n"
    "Date:\u00a027/08/2026\r\nDescription:\u00a0DIRECT DEBIT PAYMENT TO BRITISH GAS REF "
    "8503221, MANDATE NO 0012\r\nAmount:\u00a0-96.00\u00a0\r\nBalance:\u00a01880.60"
    "\u00a0\r\n\r\n"
    "Date:\u00a028/08/2026\r\nDescription:\u00a0FASTER PAYMENTS RECEIPT REF INV 12 FROM "
    "SALFORD CC\r\nAmount:\u00a0900.00\u00a0\r\nBalance:\u00a02780.60\u00a0\r\n"
)


def test_santander_text_download(store, tmp_path):
    path = _write(tmp_path, "Statement.txt", SANTANDER, "cp1252")
    assert detect(inspect_file(path), "spend").layout.name == "santander"
    summary = import_spend(store, path)
    assert summary.to_import == 2 and summary.total_pence == 23_40 + 96_00
    assert summary.rejected == 0 and summary.skipped_reasons["money in, not spend"] == 1
    from svdesk.services.suppliers import list_suppliers

    assert sorted(s.name.lower() for s in list_suppliers(store)) == ["british gas", "waitrose"]


# Monzo's current export (personal and business share it).
MONZO = """Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In
tx_0000AbC1,01/09/2026,08:12:40,Card payment,Screwfix,🔧,General,-42.99,GBP,-42.99,GBP,,1 Trafford Rd,,SCREWFIX DIRECT   YEOVIL GBR,,-42.99,
tx_0000AbC2,02/09/2026,09:00:00,Pot transfer,Tax pot,,Transfers,-500.00,GBP,-500.00,GBP,,,,pot_0000XYZ,,-500.00,
tx_0000AbC3,03/09/2026,10:30:00,Faster payment,Salford Timber Ltd,,Bills,-1250.00,GBP,-1250.00,GBP,INV 991,,,INV 991,,-1250.00,
tx_0000AbC4,04/09/2026,11:00:00,Card payment,Ikea,,Shopping,-120.00,GBP,-1320.00,SEK,,,,IKEA STOCKHOLM SWE,,-120.00,
tx_0000AbC5,05/09/2026,12:00:00,Faster payment,Customer,,Income,800.00,GBP,800.00,GBP,,,,INV 1,,,800.00
"""


def test_monzo_current_export(store, tmp_path):
    path = _write(tmp_path, "monzo.csv", MONZO)
    assert detect(inspect_file(path), "spend").layout.name == "monzo"
    summary = import_spend(store, path)
    # Amount is in the account's pounds even for a purchase abroad (Local amount in SEK).
    assert summary.to_import == 3 and summary.total_pence == 42_99 + 1250_00 + 120_00
    assert dict(summary.bank.counts) == {"transfer": 1}


# Starling personal: the business columns plus Spending Category and Notes.
STARLING_PERSONAL = """Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP),Spending Category,Notes
,Opening Balance,,,,1000.00,,
01/09/2026,Wickes,WICKES 1234,CARD,-64.50,935.50,HOME,
02/09/2026,Holiday Space,,INTERNAL TRANSFER,-200.00,735.50,SAVING,
"""


def test_starling_personal_with_opening_balance(store, tmp_path):
    path = _write(tmp_path, "starling.csv", STARLING_PERSONAL)
    assert detect(inspect_file(path), "spend").layout.name == "starling"
    summary = import_spend(store, path)
    assert summary.to_import == 1 and summary.total_pence == 64_50
    assert summary.skipped == 1 and dict(summary.bank.counts) == {"transfer": 1}


TIDE = """Date,Transaction ID,Transaction Type,Payment Type,Name,Reference,Category,Amount
01/09/2026,tx_81923,Card Transaction,Card,Toolstation,,Materials,-35.20
02/09/2026,tx_81924,Domestic Transfer,Faster Payment,HMRC PAYE,123PA00012345,Tax,-910.44
03/09/2026,tx_81925,Domestic Transfer,Faster Payment,Salford Timber Ltd,INV 992,Materials,-640.00
04/09/2026,tx_81926,Cash Withdrawal,ATM,LINK ATM Salford,,Cash,-100.00
"""

REVOLUT = """Date started (UTC),Date completed (UTC),ID,Type,State,Description,Reference,Payer,Card number,Card label,Card state,Orig currency,Orig amount,Payment currency,Amount,Total amount,Exchange rate,Fee,Fee currency,Balance,Account,Beneficiary account number,Beneficiary sort code or routing number,Beneficiary IBAN,Beneficiary BIC,MCC,Related transaction id,Spend program
2026-09-01,2026-09-01,a1,CARD_PAYMENT,COMPLETED,Screwfix,,A Director,459678******1234,,,GBP,-18.99,GBP,-18.99,-18.99,,0,GBP,981.01,Main,,,,,5251,,
2026-09-02,2026-09-02,a2,TRANSFER,COMPLETED,To Salford Timber Ltd,INV 993,A Director,,,,GBP,-300.00,GBP,-300.00,-300.20,,-0.20,GBP,680.81,Main,12345678,12-34-56,,,,,
2026-09-03,,a3,CARD_PAYMENT,PENDING,Amazon,,A Director,459678******1234,,,GBP,-40.00,GBP,-40.00,-40.00,,0,GBP,,Main,,,,,5942,,
2026-09-04,2026-09-04,a4,CARD_PAYMENT,DECLINED,Amazon,,A Director,459678******1234,,,GBP,-40.00,GBP,-40.00,-40.00,,0,GBP,,Main,,,,,5942,,
2026-09-05,2026-09-05,a5,TOPUP,COMPLETED,Top-Up by *1234,,,,,,GBP,500.00,GBP,500.00,500.00,,0,GBP,1180.81,Main,,,,,,,
2026-09-06,2026-09-06,a6,CARD_PAYMENT,COMPLETED,Hotel Paris,,A Director,459678******1234,,,EUR,-115.00,EUR,-115.00,-115.00,,0,EUR,,Euro,,,,,7011,,
"""


def test_tide_and_revolut_business(store, tmp_path):
    tide = _write(tmp_path, "tide.csv", TIDE)
    assert detect(inspect_file(tide), "spend").layout.name == "tide"
    summary = import_spend(store, tide)
    assert summary.to_import == 2 and summary.total_pence == 35_20 + 640_00
    assert dict(summary.bank.counts) == {"tax": 1, "cash": 1}
    rev = _write(tmp_path, "revolut.csv", REVOLUT)
    assert detect(inspect_file(rev), "spend").layout.name == "revolut-business"
    summary = preview_spend(store, rev)
    assert summary.to_import == 2 and summary.total_pence == 18_99 + 300_00
    assert summary.skipped_reasons["not completed"] == 2
    assert summary.skipped_reasons["money in, not spend"] == 1
    assert [(r.column, r.reason) for r in summary.rejects] == [
        ("Payment currency", "the line is in EUR; svdesk records spend in pounds")
    ]


def test_a_bank_line_that_cannot_be_read_is_rejected_with_its_column(store, tmp_path):
    bad = NATWEST.replace("-11.05", "eleven pounds")
    summary = preview_spend(store, _write(tmp_path, "natwest.csv", bad))
    assert [(r.row, r.column) for r in summary.rejects] == [(4, "Value")]


@pytest.mark.parametrize(
    "name, text, encoding",
    [
        ("natwest.csv", NATWEST, "utf-8"),
        ("hsbc.csv", HSBC, "utf-8"),
        ("fd.csv", FIRST_DIRECT, "utf-8"),
        ("Statement.txt", SANTANDER, "cp1252"),
        ("monzo.csv", MONZO, "utf-8"),
        ("starling.csv", STARLING_PERSONAL, "utf-8"),
        ("tide.csv", TIDE, "utf-8"),
        ("revolut.csv", REVOLUT, "utf-8"),
    ],
)
def test_every_row_of_a_bank_file_is_accounted_for(store, tmp_path, name, text, encoding):
    """Rows below the header = imported + already there + skipped + rejected + kept out."""
    summary = preview_spend(store, _write(tmp_path, name, text, encoding))
    header = (
        0 if summary.format_name in ("hsbc", "santander") else (2 if summary.format_name == "natwest" else 1)
    )
    rows = len(text.splitlines()) - header
    assert summary.rows_read == rows
    assert (
        summary.to_import + summary.duplicates + summary.skipped + summary.rejected + summary.bank.excluded
    ) == rows


def test_barclays_without_the_number_column(store, tmp_path):
    path = _write(
        tmp_path,
        "barclays.csv",
        "Date,Account,Amount,Subcategory,Memo\r\n"
        "02/09/2026,20-00-00 12345678,-64.20,DIRECTDEBIT,BRITISH GAS  8503221 DDR\r\n"
        "03/09/2026,20-00-00 12345678,-250.00,CASH,CASH WITHDRAWAL SALFORD\r\n",
    )
    summary = preview_spend(store, path)
    assert summary.format_name == "barclays" and summary.total_pence == 64_20
    assert dict(summary.bank.counts) == {"cash": 1}
