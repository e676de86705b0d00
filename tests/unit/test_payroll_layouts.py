"""Issue 18.5: each payroll program's employee export read by its headers; NI numbers dropped
whatever the header; no personal value echoed; employment type and leave dates counted."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from svdesk.cli import main
from svdesk.importers import payroll
from svdesk.services.contracts import find_contract
from svdesk.services.people import contract_counts
from svdesk.services.people_import import import_people, preview_people
from tests.unit.people_helpers import firm_store  # noqa: F401


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# Headers as each program exports its employee list (personal columns included, as they are).
LAYOUTS = {
    "sage_payroll.csv": (
        "Reference,Forename,Surname,NI Number,Date of Birth,Address 1,Post Code,Start Date,"
        "Leaving Date,Payment Frequency,Hours Per Week,Annual Salary,Hourly Rate,Contract Type\n"
        "S001,Ann,Smith,AB123456C,01/02/1980,1 Road,M5 4WT,01/04/2025,,Monthly,37.5,28000.00,,"
        "Permanent\n"
        "S002,Bob,Jones,CE654321D,03/04/1990,2 Road,M6 5FX,01/05/2025,31/10/2025,Weekly,20,,"
        "12.60,Fixed Term\n"
    ),
    "xero_payroll.csv": (
        "Employee Number,First Name,Last Name,Email,Start Date,End Date,Postcode,Pay Frequency,"
        "Hours Per Week,Employment Basis,Annual Salary\n"
        "X-17,Cat,Brown,c@example.invalid,2025-04-07,,M5 4WT,Monthly,30,Part-time,21000\n"
        "X-18,Dan,Green,d@example.invalid,2025-06-02,2025-08-29,M6 5FX,Weekly,16,Casual,\n"
    ),
    "quickbooks_payroll.csv": (
        "Employee ID,First name,Last name,Hire date,Release date,Post code,Pay schedule,"
        "Hours per week,Pay rate (hourly),Employment status\n"
        "Q1,Eve,White,07/04/2025,,M5 4WT,Weekly,40,13.50,Full-time\n"
        "Q2,Fay,Black,14/07/2025,15/09/2025,M6 5FX,Weekly,25,12.21,Agency\n"
    ),
    "moneysoft.csv": (
        "Works No.,Surname,Forenames,NI Number,Postcode,Date Started,Date Left,Pay Frequency,"
        "Hours Per Week,Hourly Rate,Employment Type\n"
        "M-1,Gray,Gus,JG103759A,M5 4WT,01/04/2025,,Four-weekly,37.5,12.60,Zero hours\n"
        "M-2,Hill,Hal,,M6 5FX,01/04/2025,,Monthly,10,12.60,Temporary\n"
    ),
}
EXPECTED = {  # reference -> (weekly hours, leave date, contract type)
    "sage_payroll.csv": {"S001": (37.5, None, "permanent"), "S002": (20.0, date(2025, 10, 31), "fixed_term")},
    "xero_payroll.csv": {"X-17": (30.0, None, "permanent"), "X-18": (16.0, date(2025, 8, 29), "temporary")},
    "quickbooks_payroll.csv": {"Q1": (40.0, None, "permanent"), "Q2": (25.0, date(2025, 9, 15), "agency")},
    "moneysoft.csv": {"M-1": (37.5, None, "zero_hours"), "M-2": (10.0, None, "temporary")},
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_payroll_programs_export_is_read_by_its_headers(tmp_path, name):
    preview = payroll.read_payroll(write(tmp_path, name, LAYOUTS[name]))
    assert not preview.rejected
    got = {r.reference: (r.weekly_hours, r.leave_date, r.contract_type) for r in preview.rows}
    # "Hours Per Week" is weekly whatever the pay frequency: never scaled by it.
    assert got == EXPECTED[name]
    for personal in ("Surname", "Last name", "Last Name", "NI Number", "Email"):
        assert personal not in preview.mapping.values()


def test_ni_numbers_in_a_payroll_id_column_are_dropped_whatever_its_header(firm_store, tmp_path):
    path = write(
        tmp_path,
        "ids.csv",
        "Payroll ID,Works Number,Postcode,Start Date,Weekly Hours\n"
        "AB123456C,W1,M5 4WT,01/04/2025,37.5\n"
        "CE 65 43 21 D,W2,M6 5FX,01/04/2025,20\n",
    )
    preview = preview_people(firm_store, path)
    assert "Payroll ID" in preview.dropped_columns
    assert preview.mapping["reference"] == "Works Number"
    import_people(firm_store, preview)
    dump = "\n".join(sqlite3.connect(firm_store.path).iterdump())
    assert "AB123456C" not in dump and "654321" not in dump
    assert "W1" in dump


def test_a_file_whose_only_reference_is_the_ni_number_is_refused_without_echoing_it(tmp_path):
    path = write(
        tmp_path, "ni.csv", "Employee ID,Postcode,Start Date,Weekly Hours\nAB123456C,M5 4WT,01/04/2025,37.5\n"
    )
    with pytest.raises(payroll.PayrollFileError) as caught:
        payroll.read_payroll(path)
    assert "National Insurance" in str(caught.value) and "AB123456C" not in str(caught.value)


def test_a_stray_ni_number_rejects_its_row_without_echoing_it(tmp_path):
    path = write(
        tmp_path,
        "stray.csv",
        "Works Number,Postcode,Start Date,Weekly Hours\n"
        "W1,M5 4WT,01/04/2025,37.5\nW2,M5 4WT,01/04/2025,20\n"
        "W3,M5 4WT,01/04/2025,20\nAB123456C,M5 4WT,01/04/2025,1\n",
    )
    preview = payroll.read_payroll(path)
    [problem] = preview.rejected
    assert problem.row == 5 and "National Insurance" in problem.reason
    assert "AB123456C" not in problem.reason
    assert [r.reference for r in preview.rows] == ["W1", "W2", "W3"]


def test_a_bad_home_postcode_is_named_but_never_echoed(tmp_path):
    path = write(
        tmp_path,
        "pc.csv",
        "Works Number,Postcode,Start Date,Weekly Hours\nW1,SECRET LANE 9,01/04/2025,37.5\n",
    )
    [problem] = payroll.read_payroll(path).rejected
    assert problem.column == "Postcode" and "SECRET" not in problem.reason


def test_employment_type_and_leave_date_reach_the_counting_rules(firm_store, tmp_path):
    # Two local people, the same six months: only the permanent job is a local job (a
    # fixed-term one must last a year or the whole contract).
    path = write(
        tmp_path,
        "types.csv",
        "Works Number,Postcode,Start Date,Leave Date,Weekly Hours,Contract Type\n"
        "P1,M5 4WT,01/04/2025,30/09/2025,37.5,Permanent\n"
        "F1,M5 4WT,01/04/2025,30/09/2025,37.5,Fixed-term\n",
    )
    contract = find_contract(firm_store, "SCC-PR-2025-041")
    import_people(firm_store, preview_people(firm_store, path), contract.id)
    counts = contract_counts(
        firm_store, contract.id, date(2025, 4, 1), date(2026, 3, 31), today=date(2026, 4, 1)
    )
    assert counts.fte_years > 0.9  # both counted as employed: about a full-time year
    assert counts.local_fte_years == pytest.approx(counts.fte_years / 2)


def test_real_rti_xml_is_refused_and_brightpay_file_imports_as_its_readme_says(
    firm_store, tmp_path, shared_data, capsys
):
    real = shared_data / "real-exports"
    db = str(firm_store.path)
    assert main(["import", "people", str(real / "hmrc_rti_fps_sample_2014-15.xml"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "HMRC RTI payroll submission" in err and "export a CSV" in err
    assert "Traceback" not in err
    assert (
        main(["import", "people", str(real / "brightpay_layout_employees_TESTER_ROWS.csv"), "--db", db]) == 0
    )
    out = capsys.readouterr().out
    assert "Imported: 3" in out and "Rejected: 1" in out
    for column in ("Start Date", "Postcode", "Contracted Hours Worked", "Hourly Pay Rate"):
        assert f"row 5, {column}:" in out
    assert "31/02/2015" in out and "NOT A POSTCODE" not in out
    dump = "\n".join(sqlite3.connect(firm_store.path).iterdump())
    hours = (
        sqlite3.connect(firm_store.path)
        .execute("SELECT weekly_hours FROM person WHERE reference='123-A03'")
        .fetchone()[0]
    )
    assert hours == 37.5
    for personal in (
        "Alan",
        "Example",
        "AB164231A",
        "NS341264D",
        "1980-10-28",
        "The Lane",
        "example.invalid",
        "01274",
        "410L",
        "87654321",
        "12-34-56",
        "Shipley",
    ):
        assert personal not in dump, personal
