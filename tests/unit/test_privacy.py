"""Privacy: the personal-data description, and the export scan over every file format."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import text as sql_text

from svdesk.services.privacy import (
    PersonalDataItem,
    find_identifiers,
    find_postcodes,
    personal_data,
    register_personal_data,
)

pytestmark = pytest.mark.both_stores

FORBIDDEN = ["IJ-014", "Kerry O'Brien", "M6 5FX"]
FIRM = ["M5 4DE", "M15 4PS"]  # the firm's own address and a contract site: not personal


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _docx(lines, *, runs=False) -> bytes:
    from docx import Document

    doc = Document()
    para = doc.add_paragraph()
    for text in lines:
        if runs:
            para.add_run(text)
        else:
            doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _pdf(lines) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)  # compressed page content by default
    y = 800
    for line in lines:
        c.drawString(72, y, line)
        y -= 20
    c.save()
    return buf.getvalue()


LEAKY = [
    "Local jobs: 3.5 FTE",
    "New starter IJ-014 (Kerry O'Brien), Pendleton M6 5FX",
    "Irwell Joinery Ltd, M5 4DE",
]
CLEAN = [
    "Local jobs: 3.5 FTE",
    "Priority-group hires: 2",
    "Irwell Joinery Ltd, M5 4DE",
    "Site: Hulme M15 4PS. Annual return (ANN-2026).",
]


@pytest.mark.parametrize("fmt", ["text", "csv-utf16", "xlsx", "docx", "pdf"])
def test_identifiers_are_found_in_every_export_format(fmt):
    data = {
        "text": lambda lines: "\n".join(lines),
        "csv-utf16": lambda lines: "\n".join(lines).encode("utf-16"),
        "xlsx": lambda lines: _xlsx([[line] for line in lines]),
        "docx": lambda lines: _docx(lines),
        "pdf": lambda lines: _pdf(lines),
    }[fmt]
    hits = find_identifiers(data(LEAKY), FORBIDDEN)
    assert {h.identifier for h in hits} == set(FORBIDDEN)
    assert find_postcodes(data(LEAKY), allowed=FIRM) == ["M6 5FX"]
    assert find_identifiers(data(CLEAN), FORBIDDEN) == []
    assert find_postcodes(data(CLEAN), allowed=FIRM) == []


def test_name_split_across_word_runs_is_still_found():
    hits = find_identifiers(
        _docx(["Case study: Ker", "ry O'Bri", "en joined in May"], runs=True), ["Kerry O'Brien"]
    )
    assert hits and "(text)" in hits[0].where


def test_matching_ignores_case_and_spacing_but_needs_whole_words():
    assert find_identifiers("home m65fx", ["M6 5FX"])
    assert find_identifiers("KERRY  O'BRIEN", ["Kerry O'Brien"])
    assert not find_identifiers("Annual report", ["ANN"])
    assert not find_identifiers("IJ-0145", ["IJ-014"])
    hit = find_identifiers("starter IJ-014 began", ["IJ-014"])[0]
    assert hit.where == "text" and "starter IJ-014 began" in hit.context


def test_postcode_scan_reports_full_postcodes_not_districts():
    text = "Spend in M5 and M6 districts; supplier at M3 5FS; buyer SW1A 1AA; ref SCC-PR-2025-041"
    assert find_postcodes(text) == ["M3 5FS", "SW1A 1AA"]
    assert find_postcodes(text.replace("M3 5FS", "M35FS")) == ["M3 5FS", "SW1A 1AA"]


def test_personal_data_description_covers_every_kind_with_reasons():
    rows = personal_data()
    areas = [r.item.area for r in rows]
    assert "People you employ or hire" in areas and "Backups and archives" in areas
    for row in rows:
        assert row.item.what and row.item.why and row.item.kept and row.item.shared
    assert any(r.item.special_category for r in rows)


def test_with_a_store_each_kind_is_counted(demo_store):
    with demo_store.read() as s:
        people = s.execute(sql_text("SELECT COUNT(*) FROM person")).scalar_one()
        owners = s.execute(sql_text("SELECT COUNT(*) FROM assessment_action WHERE owner <> ''")).scalar_one()
    rows = {r.item.area: r.records for r in personal_data(demo_store)}
    assert rows["People you employ or hire"] == people == 14  # the demo firm's staff
    assert rows["Action plan owners"] == owners
    assert rows["Change history (audit trail)"] >= 3
    assert rows["Backups and archives"] is None


def test_items_whose_tables_are_absent_are_left_out(store):
    item = PersonalDataItem(
        "Mentoring",
        "Mentee first names.",
        "To count sessions.",
        "Until erased.",
        "Never.",
        tables=("mentee",),
    )
    register_personal_data(item)
    try:
        assert "Mentoring" not in {r.item.area for r in personal_data(store)}
        assert "Mentoring" in {r.item.area for r in personal_data()}
    finally:
        from svdesk.services import privacy

        privacy._ITEMS.remove(item)


def test_areas_register_their_own_description(demo_store):
    item = PersonalDataItem(
        "Volunteers",
        "First name and hours volunteered.",
        "To count volunteering hours.",
        "Until erased.",
        "Never.",
        tables=("contract",),
    )
    register_personal_data(item)
    try:
        rows = {r.item.area: r.records for r in personal_data(demo_store)}
        assert rows["Volunteers"] == 2
    finally:
        from svdesk.services import privacy

        privacy._ITEMS.remove(item)


def test_payroll_import_stores_no_identifier_the_file_held(demo_store, tmp_path):
    """The scan run over the database file itself: names, NI numbers, birth dates and e-mail
    addresses in a payroll export never reach the store."""
    from svdesk.services.people_import import import_people, preview_people

    export = tmp_path / "brightpay.csv"
    export.write_text(
        "Works Number,Forename,Surname,NI Number,Date of Birth,Email,Postcode,Start Date,"
        "Contracted Hours,Hourly Pay Rate\n"
        "IJ-401,Kerry,O'Brien,QQ123456C,14/03/1990,kerry.obrien@example.com,M6 5FX,02/09/2024,"
        "39,13.45\n",
        encoding="utf-8",
    )
    preview = preview_people(demo_store, export)
    assert not preview.rejected
    import_people(demo_store, preview)
    if demo_store.is_postgres:
        pytest.skip("reads the database file's bytes: SQLite's")
    demo_store.engine.dispose()  # fold the write-ahead log into the file before reading it
    import sqlite3

    conn = sqlite3.connect(demo_store.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    stored = demo_store.path.read_bytes()
    assert not find_identifiers(
        stored,
        ["O'Brien", "QQ123456C", "QQ 12 34 56 C", "14/03/1990", "1990-03-14", "kerry.obrien@example.com"],
    )
    assert find_identifiers(stored, ["IJ-401"])  # the pseudonymous reference is kept
