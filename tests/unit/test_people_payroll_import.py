"""Payroll import: personal columns never stored, per-row rejections, all-or-nothing, CLI."""

from datetime import date

import pytest

from svdesk.cli import main
from svdesk.importers import payroll
from svdesk.services import people
from svdesk.services.people_import import import_people, preview_people
from tests.unit.people_helpers import firm_store  # noqa: F401

BRIGHTPAY_HEADER = (
    "Name,Surname,Works Number,National Insurance Number,Address Line 1,"
    "Address Line 2,Address Line 3,Address Line 4,Postcode,Country,Date of Birth,"
    "Start Date,Leave Date,Department,Job Title,Payment Frequency,"
    "Payment Calculation Method,Annual Pay Rate,Period Pay Rate,Daily Pay Rate,"
    "Hourly Pay Rate,Contracted Hours Worked,"
    "Typical Number of Hours in Working Day,Is Irregular Payment Pattern,"
    "Bank Sort Code,Bank Account Number"
)
ROWS = [
    "Aisha,Okonkwo,IJ001,QQ123456C,14 Langworthy Road,Seedley,Salford,,M6 5PW,England,"
    "14/03/1990,02/09/2024,,Workshop,Joiner,Weekly,Hourly,,,,13.50,39,7.8,No,20-00-00,41234567",
    "Tomasz,Wiśniewski,IJ002,QQ654321A,3 Chorlton Street,,Manchester,,M1 3HW,England,"
    "01/07/1985,15/01/2023,,Site,Joiner,Monthly,Salary,31200,2600,,,169,7.8,No,40-11-22,"
    "87654321",
]
SECRETS = [
    b"Aisha",
    b"Okonkwo",
    b"QQ123456C",
    b"Langworthy",
    b"14/03/1990",
    b"1990-03-14",
    b"41234567",
    b"Wi\xc5\x9bniewski",
    b"QQ654321A",
    b"Chorlton",
    b"87654321",
    b"20-00-00",
]


def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_brightpay_import_drops_personal_columns_before_storing(firm_store, tmp_path):
    path = _write(tmp_path, "brightpay.csv", [BRIGHTPAY_HEADER] + ROWS)
    preview = preview_people(firm_store, path)
    assert preview.rows_read == 2 and not preview.rejected
    for column in (
        "Name",
        "Surname",
        "National Insurance Number",
        "Address Line 1",
        "Date of Birth",
        "Bank Sort Code",
        "Bank Account Number",
        "Job Title",
    ):
        assert column in preview.dropped_columns
    assert "Postcode" not in preview.dropped_columns
    # Nothing personal is even in the preview objects.
    assert not any(s.decode() in repr(preview) for s in SECRETS)
    result = import_people(firm_store, preview)
    assert result.created == 2
    views = {v.person.reference: v for v in people.list_people(firm_store)}
    a, t = views["IJ001"].person, views["IJ002"].person
    assert a.postcode == "M6 5PW" and a.start_date == date(2024, 9, 2)
    assert a.weekly_hours == 39 and a.hourly_rate_pence == 1350
    # Monthly contracted hours become weekly: 169 × 12 / 52 = 39.
    assert t.weekly_hours == pytest.approx(39.0) and t.annual_salary_pence == 3_120_000
    firm_store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("test.svdesk*"))
    for secret in SECRETS:
        assert secret not in raw, secret


def test_rejected_rows_carry_row_column_and_reason(firm_store, tmp_path):
    path = _write(
        tmp_path,
        "bad.csv",
        [
            "Payroll report for Irwell Joinery Ltd",
            "",
            "Works Number,Postcode,Start Date,Contracted Hours Worked,Hourly Pay Rate",
            "IJ010,M5 4WT,31/02/2025,39,13.45",
            "IJ011,M5,01/03/2025,39,13.45",
            "IJ012,M5 4WT,01/03/2025,forty,13.45",
            "IJ013,M6 6AP,01/03/2025,30,£13.45",
            "IJ013,M6 6AP,01/03/2025,30,13.45",
        ],
    )
    preview = preview_people(firm_store, path)
    assert preview.rows_read == 5 and [r.reference for r in preview.rows] == ["IJ013"]
    problems = {(p.row, p.column): p.reason for p in preview.rejected}
    assert "not a date" in problems[(4, "Start Date")]
    assert "not a full UK postcode" in problems[(5, "Postcode")]
    assert "not a number of hours" in problems[(6, "Contracted Hours Worked")]
    assert "also on row 7" in problems[(8, "Works Number")]


def test_missing_column_refuses_the_whole_file(tmp_path):
    path = _write(
        tmp_path, "nostart.csv", ["Works Number,Postcode,Contracted Hours Worked", "IJ020,M5 4WT,39"]
    )
    with pytest.raises(payroll.PayrollFileError, match="no column for: Start date"):
        payroll.read_payroll(path)


def test_mapping_cannot_keep_a_name_column(tmp_path):
    path = _write(
        tmp_path,
        "generic.csv",
        ["Employee Name,Staff code,Home PC,Began,Hrs", "Jane Doe,S-7,M5 4WT,2025-05-06,22.5"],
    )
    mapping = {
        "reference": "Employee Name",
        "postcode": "Home PC",
        "start_date": "Began",
        "weekly_hours": "Hrs",
    }
    with pytest.raises(payroll.PayrollFileError, match="Reference"):
        payroll.read_payroll(path, mapping)
    mapping["reference"] = "Staff code"
    preview = payroll.read_payroll(path, mapping)
    assert preview.dropped_columns == ["Employee Name"]
    assert preview.rows[0].reference == "S-7" and preview.rows[0].weekly_hours == 22.5
    assert "Jane" not in repr(preview)


def test_xlsx_with_fte_column(firm_store, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["works_id", "start_date", "fte", "end_date", "department", "postaldetail_postcode", "first_name"]
    )
    sheet.append(["W-9", date(2025, 6, 2), 0.5, None, "Office", "M50 2EQ", "Sam"])
    path = tmp_path / "workers.xlsx"
    book.save(path)
    preview = preview_people(firm_store, path)
    row = preview.rows[0]
    assert row.weekly_hours == 19.5 and row.postcode == "M50 2EQ"  # demo: 39 h full time
    assert preview.dropped_columns == ["first_name"]


def test_cli_import_dry_run_then_real(firm_store, tmp_path, capsys):
    path = _write(
        tmp_path,
        "brightpay.csv",
        [BRIGHTPAY_HEADER]
        + ROWS
        + [
            "Bob,Jones,IJ003,QQ111111A,1 X St,,,,M5 4WT,England,01/01/2000,not a date,,,,Weekly,"
            "Hourly,,,,12.60,39,7.8,No,,"
        ],
    )
    db = str(firm_store.path)
    assert main(["import", "people", str(path), "--db", db, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Rows read: 3" in out and "Would import: 2" in out and "Rejected: 1" in out
    assert "row 4, Start Date: “not a date” is not a date" in out
    assert "Bob" not in out and "Jones" not in out
    assert people.count_people(firm_store) == 0
    assert main(["import", "people", str(path), "--db", db, "--contract", "SCC-PR-2025-041"]) == 0
    out = capsys.readouterr().out
    assert "Imported: 2 (2 new, 0 updated)" in out and "Put on SCC-PR-2025-041: 2" in out
    assert people.count_people(firm_store, contract_id=1) == 2


def test_cli_unreadable_file_fails_with_message(firm_store, tmp_path, capsys):
    bad = tmp_path / "payroll.xlsx"
    bad.write_bytes(b"\x00\x01 not a workbook")
    assert main(["import", "people", str(bad), "--db", str(firm_store.path)]) != 0
    assert "not a text or spreadsheet file" in capsys.readouterr().err
    assert main(["import", "people", str(tmp_path / "missing.csv"), "--db", str(firm_store.path)]) != 0
    assert "does not exist" in capsys.readouterr().err


def _large_payroll(tmp_path, rows):
    postcodes = ("M5 4WT", "M6 5PW", "M2 5DB", "M15 4PS", "BL1 1RU", "SK1 3XE")
    lines = ["Works Number,Postcode,Start Date,Contracted Hours Worked,Hourly Pay Rate"]
    lines += [
        f"IJ{i:04d},{postcodes[i % 6]},0{1 + i % 9}/03/2025,{30 + i % 10},13.{45 + i % 40}"
        for i in range(rows)
    ]
    return _write(tmp_path, "payroll-1000.csv", lines)


def test_closing_the_import_part_way_writes_nothing(firm_store, tmp_path):
    from svdesk.services.people_import import import_people_steps, preview_people_steps

    checking = preview_people_steps(firm_store, _large_payroll(tmp_path, 1000))
    reports = []
    while True:
        try:
            reports.append(next(checking))
        except StopIteration as stop:
            preview = stop.value
            break
    assert len(preview.rows) == 1000
    assert reports[-1].message == "Checking row 750 of 1,000…" and reports[-1].total == 1000
    steps = import_people_steps(firm_store, preview)
    assert next(steps).done == 0
    assert next(steps).done == 250  # 250 people added and flushed in the transaction
    steps.close()  # what Cancel does, between two reports
    assert people.count_people(firm_store) == 0
