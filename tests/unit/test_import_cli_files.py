"""Issue 18.4: `svdesk import spend|suppliers` on real exports, with --json, --mapping FILE,
--date-order; files that are not tables refused in words, never sent to a column mapping."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from svdesk.cli import main
from tests.unit.people_helpers import firm_store  # noqa: F401

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def run_json(capsys, *args) -> tuple[int, dict]:
    code = main(["import", *args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def spend_total(db) -> int:
    import sqlite3

    return (
        sqlite3.connect(db)
        .execute("SELECT coalesce(sum(coalesce(net_pence, gross_pence)), 0) FROM spend_line")
        .fetchone()[0]
    )


# file -> (lines imported, money imported in pence, skipped rows, date order)
REAL = {
    "xero_bank_statement_ibkr_to_xero_readme.csv": (2, 61108_33, 3, "dmy"),
    "xero_bills_expense_claims_us_dates_fixture.csv": (3, 339_17, 0, "mdy"),
    "xero_bill_import_template_iggyiccy.csv": (0, 0, 0, "dmy"),
    "freeagent_upload_from_starling2freeagent.csv": (1, 500_20, 2, "dmy"),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_exports_import_with_no_mapping_and_the_readme_totals(firm_store, shared_data, capsys, name):
    lines, pence, skipped, order = REAL[name]
    db = str(firm_store.path)
    code, out = run_json(
        capsys, "spend", str(shared_data / "real-exports" / name), "--db", db, "--contract", "SCC-PR-2025-041"
    )
    assert code == 0
    assert out["lines_imported"] == lines and out["rejected"] == []
    assert round(out["imported_total"] * 100) == pence == spend_total(db)
    assert sum(s["count"] for s in out["skipped"]) == skipped
    assert out["rows"] == lines + skipped and out["rows_not_accounted_for"] == 0
    assert out["date_order"] == order
    assert out["excluded"] == []


def test_the_bill_template_says_it_has_no_bills(firm_store, shared_data, capsys):
    path = shared_data / "real-exports" / "xero_bill_import_template_iggyiccy.csv"
    assert main(["import", "spend", str(path), "--db", str(firm_store.path)]) == 0
    out = capsys.readouterr().out
    assert "Xero bills export" in out and "the file has no bills in it" in out


def test_us_dates_forced_day_first_are_rejected_row_by_row_never_re_guessed(firm_store, shared_data, capsys):
    path = shared_data / "real-exports" / "xero_bills_expense_claims_us_dates_fixture.csv"
    code, out = run_json(
        capsys, "spend", str(path), "--db", str(firm_store.path), "--dry-run", "--date-order", "dmy"
    )
    assert code == 0 and out["lines_imported"] == 0 and out["rejected_count"] == 3
    assert {r["row"] for r in out["rejected"]} == {2, 3, 4}
    assert all(r["column"] == "InvoiceDate" and "day/month/year" in r["message"] for r in out["rejected"])
    assert "as asked" in out["date_order_note"]


@pytest.mark.parametrize(
    "name, what",
    [
        ("xero_journal_report_csv2ofx.csv", "Xero Journal report"),
        ("hmrc_rti_fps_sample_2014-15.xml", "HMRC RTI payroll submission"),
    ],
)
def test_real_files_that_hold_no_spend_are_refused_saying_what_they_are(
    firm_store, shared_data, capsys, name, what
):
    path = shared_data / "real-exports" / name
    code, out = run_json(capsys, "spend", str(path), "--db", str(firm_store.path))
    assert code == 1 and out["reason"] == "not_a_table"
    assert what in out["error"] and "Account Transactions" in out["error"]
    assert "does not recognise" not in out["error"]


def _docx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


NOT_TABLES = {
    "statement.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "PDF"),
    "receipt.jpg": (lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64)), "JPEG image"),
    "scan.png": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)), "PNG image"),
    "noise.csv": (lambda p: p.write_bytes(bytes(range(256)) * 4), "binary data"),
    "renamed.csv": (
        lambda p: p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n"),
        "PDF document (a printed report or statement), although its name ends .csv",
    ),
    "letter.csv": (_docx, "Word document"),
    "notes.csv": (
        lambda p: p.write_text("Dear supplier\nThank you for the timber\n"),
        "text with no columns",
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_TABLES))
def test_files_that_are_not_tables_get_a_plain_message(firm_store, tmp_path, capsys, name):
    make, what = NOT_TABLES[name]
    path = tmp_path / name
    make(path)
    for kind in ("spend", "suppliers"):
        code = main(["import", kind, str(path), "--db", str(firm_store.path)])
        err = capsys.readouterr().err
        assert code == 1 and what in err and "Traceback" not in err
        assert ("Xero" in err and "QuickBooks" in err) and "--format" not in err


def test_a_workbook_renamed_to_csv_is_still_read(firm_store, tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Supplier", "Postcode"])
    wb.active.append(["Ordsall Community Cafe CIC", "M5 3AW"])
    path = tmp_path / "suppliers.csv"
    wb.save(path)
    code, out = run_json(capsys, "suppliers", str(path), "--db", str(firm_store.path))
    assert code == 0 and out["layout"] == "supplier-spreadsheet" and out["suppliers_added"] == 1


def test_mapping_from_a_json_file_for_spend_and_for_suppliers(firm_store, tmp_path, capsys):
    mapping = tmp_path / "purchases.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {
                    "supplier": "Name",
                    "date": "Date",
                    "net": "Net Amount",
                    "tax": "Tax Amount",
                    "paid_date": "Date Paid",
                    "reference": "Inv Ref",
                }
            }
        )
    )
    db = str(firm_store.path)
    code, out = run_json(
        capsys,
        "spend",
        str(FIXTURES / "purchases_own_spreadsheet.csv"),
        "--db",
        db,
        "--mapping",
        str(mapping),
    )
    assert code == 0 and out["layout"] == "generic" and out["lines_imported"] == 5
    assert round(out["imported_total"] * 100) == 738_00 + 258_90 - 98_00 + 90_00 + 385_00

    sheet = tmp_path / "ours.csv"
    sheet.write_text("Trading name,PC,Nation\nAcme Corp,10001,USA\nIrwell Fixings,M5 4WT,UK\n")
    names = tmp_path / "names.json"
    names.write_text(json.dumps({"columns": {"name": "Trading name", "postcode": "PC", "country": "Nation"}}))
    code, out = run_json(capsys, "suppliers", str(sheet), "--db", db, "--mapping", str(names))
    assert code == 0 and out["suppliers_added"] == 2 and out["rejected"] == []
    assert any("outside the UK" in n for n in out["notes"])


def test_a_broken_mapping_file_is_refused_in_words(firm_store, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert (
        main(
            [
                "import",
                "spend",
                str(FIXTURES / "xero_bills.csv"),
                "--db",
                str(firm_store.path),
                "--mapping",
                str(bad),
            ]
        )
        == 2
    )
    assert "not a JSON mapping file" in capsys.readouterr().err
    half = tmp_path / "half.json"
    half.write_text(json.dumps({"columns": {"supplier": "Name"}}))
    assert (
        main(
            [
                "import",
                "spend",
                str(FIXTURES / "xero_bills.csv"),
                "--db",
                str(firm_store.path),
                "--mapping",
                str(half),
            ]
        )
        == 2
    )
    assert "Choose the column for: Date of the spend" in capsys.readouterr().err


def test_two_fitting_layouts_are_both_named_and_format_settles_it(firm_store, tmp_path, capsys):
    path = tmp_path / "both.csv"
    path.write_text("Date,Type,Description,Debit,Credit\n03/04/2025,PI,Travis - timber,885.60,\n")
    db = str(firm_store.path)
    code, out = run_json(capsys, "spend", str(path), "--db", db, "--dry-run")
    assert code == 2 and out["reason"] == "ambiguous_layout"
    assert set(out["layouts"]) == {"xero-account-transactions", "sage50-purchases"}
    code, out = run_json(capsys, "spend", str(path), "--db", db, "--dry-run", "--format", "sage50-purchases")
    assert code == 0 and out["layout"] == "sage50-purchases" and out["rows"] == 1


def test_a_payroll_export_never_becomes_suppliers_or_spend(firm_store, shared_data, capsys):
    path = shared_data / "real-exports" / "brightpay_layout_employees_TESTER_ROWS.csv"
    for kind in ("suppliers", "spend"):
        code, out = run_json(capsys, kind, str(path), "--db", str(firm_store.path))
        assert code == 1 and out["reason"] == "not_a_table"
        assert "payroll export of employees" in out["error"] and "Alan" not in out["error"]
