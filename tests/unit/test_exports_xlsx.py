"""The xlsx renderer, checked by reopening what it wrote with openpyxl."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from svdesk.exports import model as m
from svdesk.exports.xlsx_writer import safe_sheet_name, write_workbook

pytestmark = pytest.mark.both_stores


def _spend_book() -> m.Workbook:
    table = m.Table(
        [
            m.Column("Supplier"),
            m.Column("Invoice date", m.DATE),
            m.Column("Spend", m.MONEY, total=True),
            m.Column("Lines", m.INTEGER, total=True),
            m.Column("Local share", m.PERCENT),
        ],
        [
            ["Travis Perkins Trading Co Ltd", date(2025, 5, 14), 1_317_575, 21, 1.0],
            ["Howarth Timber & Building Supplies Ltd", date(2025, 6, 2), 799_047, 6, 0.0],
            ["Ordsall Community Café CIC", date(2025, 7, 30), 69_722, 4, 1.0],
        ],
    )
    book = m.Workbook("Social value evidence workbook", "Irwell Joinery Ltd", "FY 2025/26")
    book.sheet(
        "Suppliers: top [all]/2025?",
        "Spend by supplier",
        table,
        intro=["SCC-PR-2025-041", "1 Apr 2025 – 31 Mar 2026"],
        charts=[
            m.Chart(
                "Spend",
                [r[0] for r in table.rows],
                [m.Series("Spend", [r[2] for r in table.rows], "local")],
                unit=m.MONEY,
                table_columns=(0, 2),
            )
        ],
    )
    return book


def test_figures_formats_and_totals_survive_a_round_trip(tmp_path):
    path = write_workbook(_spend_book(), tmp_path / "w.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "Suppliers- top -all--2025-"
    assert ws["A1"].value == "Spend by supplier"
    header = 5  # title, two intro lines, a blank row
    assert [c.value for c in ws[header]][:5] == ["Supplier", "Invoice date", "Spend", "Lines", "Local share"]
    assert ws.cell(header, 1).font.bold
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:E{header + 3}"
    assert ws.cell(header + 1, 3).value == 13175.75
    assert ws.cell(header + 1, 3).number_format.startswith("£#,##0.00")
    assert ws.cell(header + 1, 2).value.date() == date(2025, 5, 14)
    assert ws.cell(header + 1, 2).number_format == "dd/mm/yyyy"
    assert ws.cell(header + 3, 5).number_format == "0.0%"
    total_row = header + 4
    assert ws.cell(total_row, 1).value == "Total"
    assert ws.cell(total_row, 3).value == f"=SUM(C{header + 1}:C{header + 3})"
    assert ws.cell(total_row, 4).value == f"=SUM(D{header + 1}:D{header + 3})"
    assert ws.cell(total_row, 3).font.bold
    # the data the SUM adds up is what the model's own total says
    assert sum(ws.cell(r, 3).value for r in range(header + 1, total_row)) == pytest.approx(
        _spend_book().sheets[0].table.totals()[2] / 100
    )
    assert len(ws._charts) == 1


def test_print_setup_is_a4_fit_to_width_with_header_and_footer(tmp_path):
    ws = load_workbook(write_workbook(_spend_book(), tmp_path / "w.xlsx")).worksheets[0]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$5:$5"
    assert ws.oddHeader.left.text == "Irwell Joinery Ltd"
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert ws.oddFooter.left.text == "&A"


def test_columns_are_wide_enough_for_their_content(tmp_path):
    ws = load_workbook(write_workbook(_spend_book(), tmp_path / "w.xlsx")).worksheets[0]
    assert ws.column_dimensions["A"].width >= len("Howarth Timber & Building Supplies Ltd")
    assert ws.column_dimensions["C"].width >= len("£13,175.75")


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil","x")', "+44 161 000 0000", "-5 days late", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"],
)
def test_user_text_that_looks_like_a_formula_is_written_as_text(tmp_path, text):
    book = m.Workbook("T", "Irwell Joinery Ltd")
    book.sheet(
        "Notes",
        "Notes",
        m.Table([m.Column("Note"), m.Column("Amount", m.MONEY)], [[text, 100]]),
        notes=[text],
    )
    ws = load_workbook(write_workbook(book, tmp_path / "x.xlsx")).worksheets[0]
    cell = ws.cell(4, 1)
    assert cell.value == text
    assert cell.data_type == "s"  # a string, never a formula
    assert cell.quotePrefix
    note = ws.cell(6, 1)  # header 3, data 4, a blank row, then the note
    assert note.value == text and note.data_type == "s"


def test_ordinary_text_is_not_quote_prefixed(tmp_path):
    book = m.Workbook("T", "O")
    book.sheet("S", "S", m.Table([m.Column("Note")], [["Timber for Q1"]]))
    ws = load_workbook(write_workbook(book, tmp_path / "x.xlsx")).worksheets[0]
    assert ws.cell(4, 1).value == "Timber for Q1" and not ws.cell(4, 1).quotePrefix


def test_full_postcodes_in_user_text_leave_as_districts(tmp_path):
    book = m.Workbook("T", "O")
    book.sheet("S", "S", m.Table([m.Column("Note")], [["Delivered to M5 4WT on Monday"]]))
    ws = load_workbook(write_workbook(book, tmp_path / "x.xlsx")).worksheets[0]
    assert ws.cell(4, 1).value == "Delivered to M5 on Monday"


def test_safe_sheet_names():
    taken: set[str] = set()
    assert safe_sheet_name("Spend [all] / by: month?*", taken) == "Spend -all- - by- month--"
    long = "Commitments against delivery by quarter for SCC-PR-2025-041"
    first = safe_sheet_name(long, taken)
    second = safe_sheet_name(long, taken)
    assert len(first) == 31 and len(second) <= 31 and first != second
    assert safe_sheet_name("", taken) == "Sheet"
    assert safe_sheet_name("'Quoted'", taken) == "Quoted"


def test_an_empty_table_says_so_and_has_no_filter(tmp_path):
    book = m.Workbook("T", "O")
    book.sheet("Evidence", "Evidence register", m.Table([m.Column("File"), m.Column("Date", m.DATE)], []))
    ws = load_workbook(write_workbook(book, tmp_path / "x.xlsx")).worksheets[0]
    assert ws.cell(4, 1).value == "No records of this kind yet."
    assert ws.auto_filter.ref is None


def test_workbook_properties(tmp_path):
    wb = load_workbook(write_workbook(_spend_book(), tmp_path / "w.xlsx"))
    assert wb.properties.title == "Social value evidence workbook"
    assert wb.properties.creator == "Irwell Joinery Ltd"


def test_data_cells_use_the_body_font_and_column_style(tmp_path):
    ws = load_workbook(write_workbook(_spend_book(), tmp_path / "w.xlsx")).worksheets[0]
    cell = ws.cell(6, 3)
    assert cell.font.name == "Calibri" and cell.alignment.vertical == "top"
    assert cell.style.startswith("svdesk money")


def test_rows_of_cells_written_directly_make_the_same_file_as_openpyxl_s_own_way(demo_store, tmp_path):
    """write_workbook hands openpyxl its rows of ready cells directly: every part of the file
    (sheets, styles, charts, strings; all but the timestamps) must be byte for byte what
    openpyxl's own append makes of the same rows."""
    import zipfile

    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import build

    for req in (
        ExportRequest("workbook"),
        ExportRequest("workbook", year=2025, contract_ref="SCC-PR-2025-041"),
    ):
        report = build(demo_store, req)
        report.sheets[0].table.rows.append(["=cmd|' /C calc'!A0", None])  # quoted, a blank
        direct = write_workbook(report, tmp_path / "direct.xlsx")
        stock = write_workbook(report, tmp_path / "stock.xlsx", direct=False)
        with zipfile.ZipFile(direct) as a, zipfile.ZipFile(stock) as b:
            assert a.namelist() == b.namelist()
            differ = [n for n in a.namelist() if a.read(n) != b.read(n)]
        assert differ in ([], ["docProps/core.xml"])  # the timestamps
        assert len(load_workbook(direct).sheetnames) > 5
