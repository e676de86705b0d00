"""Hostile payroll files: a clear PayrollFileError (or rows refused one by one), never a crash;
a refused file writes nothing, and whatever is imported leaves the database whole."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from svdesk.importers.payroll import PayrollFileError
from svdesk.safety.integrity import check_integrity
from svdesk.services.people_import import import_people, preview_people
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = "Works Number,First Name,Surname,Postcode,Start Date,Contracted Hours,Hourly Pay Rate"


def _people(store) -> int:
    with store.read() as s:
        return s.execute(text("SELECT COUNT(*) FROM person")).scalar_one()


def _workbook(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _try(store, path):
    """Preview and import like the window does; returns the error message or None."""
    before = _people(store)
    try:
        preview = preview_people(store, path)
    except PayrollFileError as exc:
        assert str(exc) and _people(store) == before
        return str(exc)
    try:
        import_people(store, preview)
    except ValidationError as exc:
        assert _people(store) == before
        return str(exc)
    assert store.is_postgres or check_integrity(store.path).ok  # the file check: SQLite's
    return None


def test_zip_bomb_workbook_is_refused_before_it_is_inflated(store, tmp_path):
    good = zipfile.ZipFile(io.BytesIO(_workbook([HEADER.split(",")])))
    bomb = tmp_path / "brightpay.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    b"<row r='2'><c t='inlineStr'><is><t>"
                    + b"A" * 30_000_000
                    + b"</t></is></c></row></sheetData>",
                )
            zf.writestr(info.filename, data)
    assert bomb.stat().st_size < 1_000_000
    message = _try(store, bomb)
    assert message and "expands far more than a real workbook" in message


@pytest.mark.parametrize(
    "name, content",
    [
        ("export.csv", bytes(range(256)) * 40),
        ("export.csv", (HEADER + "\nIJ-201,Kerry,O'Brien,M6 5FX,02/09/2024,39,13.45\n").encode("utf-16")),
        ("export.xlsx", b"Employee Ref,Postcode\nIJ-1,M5 4WT\n"),
        ("export.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000),
        ("export.csv", b""),
        ("export.csv", b'"unterminated,' * 10_000),
        ("export.csv", b"Employee Ref,Postcode\n\x8d\x81,M5 4WT\n"),  # bytes no codepage defines
    ],
)
def test_broken_files_are_refused_with_a_reason(store, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert _try(store, path)


def test_huge_field_refuses_the_file(store, tmp_path):
    path = tmp_path / "brightpay.csv"
    path.write_text(HEADER + f"\n{'R' * 500_000},Sam,Lee,M5 4WT,01/04/2025,20,12.60\n", encoding="utf-8")
    assert "not a payroll CSV svdesk can read" in _try(store, path)


def test_formula_payloads_are_kept_as_text_or_refused(store, tmp_path):
    from svdesk.safety.inputs import escape_formula
    from svdesk.services.people import list_people

    path = tmp_path / "brightpay.csv"
    path.write_text(
        HEADER + "\n"
        '"=HYPERLINK(""http://x"")",Kerry,O\'Brien,M6 5FX,02/09/2024,39,13.45\n'
        "IJ-301,Ann,Bee,=1+1,01/04/2025,@SUM(A1),+13\n"
        "IJ-302,Sam,Lee,M5 4WT,01/04/2025,20,13.45\n",
        encoding="utf-8",
    )
    preview = preview_people(store, path)
    assert {p.row for p in preview.rejected} >= {3}  # "=1+1" is not a postcode
    _try(store, path)
    refs = {v.person.reference for v in list_people(store)}
    assert "IJ-302" in refs and "IJ-301" not in refs
    for ref in refs:  # whatever was kept is plain text, and an export escapes it
        assert not str(escape_formula(ref)).startswith(("=", "+", "@"))


cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "IJ-014",
            "M5 4WT",
            "M6 5FX",
            "02/09/2024",
            "2024-09-02",
            "39",
            "13.45",
            "£13.45",
            "",
            "=cmd|'/C calc'!A0",
            "-1",
            "99999999999",
            "31/02/2025",
            "nan",
        ]
    ),
)


@SETTINGS
@given(st.lists(st.lists(cells, min_size=7, max_size=7), max_size=6))
def test_random_rows_under_a_real_header(store, tmp_path, rows):
    import csv

    path = tmp_path / "brightpay.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER.split(","))
        writer.writerows(rows)
    _try(store, path)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["export.csv", "export.xlsx"]))
def test_random_bytes(store, tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    assert _try(store, path) is not None or _people(store) >= 0
