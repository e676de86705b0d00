"""Render a model.Workbook to .xlsx with openpyxl: what a buyer's contract manager expects to open.

Each sheet: a title and intro lines, a styled header row that stays frozen and repeats on every
printed page, typed and formatted columns, an autofilter, a bold totals row whose SUM formulas
recalculate when a reader edits a figure, notes, and charts drawn from the sheet's own cells.
Printing: A4, fit to one page wide, the organisation in the header, sheet name and
"Page N of M" in the footer.

Text a user typed that starts with = + - @ (or a tab / carriage return) is stored as text with
Excel's quote prefix, never as a formula (formula injection, CWE-1236).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook as XlWorkbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from svdesk.exports import model as m
from svdesk.exports import theme
from svdesk.exports.privacy import redact

FORMATS = {
    m.MONEY: "£#,##0.00;-£#,##0.00",
    m.INTEGER: "#,##0",
    m.PERCENT: "0.0%",
    m.DATE: "dd/mm/yyyy",
}
RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

BODY_FONT = Font(name="Calibri", size=11, color=theme.hex_bare(theme.TEXT))
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=theme.hex_bare(theme.PRIMARY))
TITLE_FONT = Font(name="Calibri", bold=True, size=14, color=theme.hex_bare(theme.PRIMARY_DARK))
MUTED_FONT = Font(name="Calibri", size=10, color=theme.hex_bare(theme.TEXT_MUTED))
STATUS_FONTS = {k: Font(name="Calibri", size=11, bold=True, color=theme.hex_bare(v))
                for k, v in theme.STATUS.items()}
TOTAL_FONT = Font(name="Calibri", size=11, bold=True)
TOTAL_BORDER = Border(top=Side("thin", color=theme.hex_bare(theme.TEXT)),
                      bottom=Side("double", color=theme.hex_bare(theme.TEXT)))
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_TEXT = Alignment(horizontal="left", vertical="top", indent=1)   # a gap after a number
TOP_TEXT_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=1)
ROW_BORDER = Border(bottom=Side("hair", color=theme.hex_bare(theme.BORDER)))


def safe_sheet_name(name: str, taken: set[str] | None = None) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, not blank, unique (any case)."""
    clean = _BAD_SHEET_CHARS.sub("-", name or "").strip().strip("'") or "Sheet"
    clean = clean[:31]
    taken = taken if taken is not None else set()
    candidate, n = clean, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate = clean[:31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def write_text(cell, text: str) -> None:
    """Put user text in a cell so that it can never run as a formula."""
    text = redact(text)
    cell.value = text
    if text.startswith(RISKY_START):
        cell.data_type = "s"          # openpyxl would otherwise store "=..." as a formula
        cell.quotePrefix = True       # and Excel/LibreOffice show it as typed text


def _number_format(col: m.Column) -> str:
    if col.kind == m.NUMBER:
        return "#,##0" + ("." + "0" * col.decimals if col.decimals else "")
    return FORMATS.get(col.kind, "General")


def _alignment(col: m.Column) -> Alignment:
    if col.kind in m.NUMERIC_KINDS or col.kind == m.DATE:
        return TOP_WRAP if col.wrap else TOP
    return TOP_TEXT_WRAP if col.wrap else TOP_TEXT


def _column_style(ws: Worksheet, col: m.Column) -> str:
    """A named style per kind of column (format, top alignment, hairline): one style lookup per
    cell instead of three separate attribute sets, which is what makes large sheets slow."""
    name = f"svdesk {col.kind} {col.decimals}{' wrap' if col.wrap else ''}"
    book = ws.parent
    if name not in book.named_styles:
        style = NamedStyle(name=name, number_format=_number_format(col), font=BODY_FONT,
                           alignment=_alignment(col), border=ROW_BORDER)
        book.add_named_style(style)
    return name


def _write_value(cell, col: m.Column, value) -> None:
    """The value with its type; the cell's style (and so its number format) is already set."""
    if value is None or value == "":
        cell.value = None
    elif col.kind == m.MONEY and isinstance(value, (int, float)):
        cell.value = round(value / 100, 2)
    elif col.kind in m.NUMERIC_KINDS and isinstance(value, (int, float)):
        cell.value = value
    elif col.kind == m.DATE and isinstance(value, (date, datetime)):
        cell.value = value
    else:
        write_text(cell, str(value))


def _display_len(col: m.Column, value) -> int:
    if value is None:
        return 0
    if col.kind == m.MONEY and isinstance(value, (int, float)):
        return len(f"£{value / 100:,.2f}")
    if col.kind == m.DATE:
        return 10
    if col.kind == m.PERCENT and isinstance(value, (int, float)):
        return 7
    if isinstance(value, float):
        return len(f"{value:,.{col.decimals}f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fit_widths(ws: Worksheet, table: m.Table) -> None:
    for i, col in enumerate(table.columns, start=1):
        if col.width:
            width = col.width
        else:
            longest = max([len(col.title)] + [_display_len(col, r[i - 1]) for r in table.rows])
            if table.has_totals and col.total:
                total = table.totals()[i - 1]
                longest = max(longest, _display_len(col, total) + 1)
            width = min(max(longest + 3, 9), 60)
        ws.column_dimensions[get_column_letter(i)].width = width


def _fit_heights(ws: Worksheet, table: m.Table, first_row: int) -> None:
    """Spreadsheet apps do not always re-measure wrapped rows written by openpyxl (LibreOffice
    keeps the default height and the lines overprint), so set each wrapped row's height."""
    wrapped = [i for i, c in enumerate(table.columns) if c.wrap]
    if not wrapped:
        return
    for offset, values in enumerate(table.rows):
        lines = 1
        for i in wrapped:
            text = "" if values[i] is None else str(values[i])
            width = ws.column_dimensions[get_column_letter(i + 1)].width or 10
            per_line = max(int(width * 1.1) - 2, 4)
            lines = max(lines, sum(max(1, -(-len(part) // per_line))
                                   for part in text.split("\n")))
        if lines > 1:
            ws.row_dimensions[first_row + offset].height = 15 * lines + 2


def _print_setup(ws: Worksheet, book: m.Workbook, sheet: m.Sheet, header_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = False
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.print_title_rows = f"{header_row}:{header_row}"
    # Header/footer codes: &A sheet name, &P page, &N pages. "&" in the org name must be doubled.
    org = (book.organisation or "").replace("&", "&&")
    ws.oddHeader.left.text = org
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = (book.title or "").replace("&", "&&")
    ws.oddHeader.right.size = 9
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.left.size = 9
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 9


def _write_sheet(ws: Worksheet, book: m.Workbook, sheet: m.Sheet) -> None:
    table = sheet.table
    row = 1
    write_text(ws.cell(row, 1), sheet.title)
    ws.cell(row, 1).font = TITLE_FONT
    for line in sheet.intro:
        row += 1
        write_text(ws.cell(row, 1), line)
        ws.cell(row, 1).font = MUTED_FONT
    row += 2
    header_row = row
    for i, col in enumerate(table.columns, start=1):
        cell = ws.cell(header_row, i)
        write_text(cell, col.title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        numeric = col.kind in m.NUMERIC_KINDS
        cell.alignment = Alignment(vertical="center", wrap_text=True, indent=0 if numeric else 1,
                                   horizontal="right" if numeric else "left")
    ws.row_dimensions[header_row].height = 22
    first_data = header_row + 1
    # Top-aligned, so a row made tall by one wrapped cell still reads across.
    styles = [_column_style(ws, col) for col in table.columns]
    for values in table.rows:
        row += 1
        for i, col in enumerate(table.columns, start=1):
            cell = ws.cell(row, i)
            cell.style = styles[i - 1]
            _write_value(cell, col, values[i - 1])
            if col.status and values[i - 1] in m.STATUS_WORDS:
                cell.font = STATUS_FONTS[m.STATUS_WORDS[values[i - 1]]]
    last_data = row
    if not table.rows:
        row += 1
        write_text(ws.cell(row, 1), table.empty_text)
        ws.cell(row, 1).font = MUTED_FONT
    elif table.has_totals:
        row += 1
        for i, col in enumerate(table.columns, start=1):
            cell = ws.cell(row, i)
            if col.total:
                letter = get_column_letter(i)
                cell.value = f"=SUM({letter}{first_data}:{letter}{last_data})"
                cell.number_format = _number_format(col)
            elif i == 1:
                write_text(cell, table.total_label)
            cell.font = TOTAL_FONT
            cell.border = TOTAL_BORDER
    if sheet.notes:
        row += 1
        for line in sheet.notes:
            row += 1
            write_text(ws.cell(row, 1), line)
            ws.cell(row, 1).font = MUTED_FONT
    ws.freeze_panes = ws.cell(first_data, 1)
    if sheet.filter and table.rows:
        ws.auto_filter.ref = (f"A{header_row}:{get_column_letter(len(table.columns))}"
                              f"{last_data}")
    _fit_widths(ws, table)
    _fit_heights(ws, table, first_data)
    _print_setup(ws, book, sheet, header_row)
    if table.rows:
        anchor_row = row + 2
        for chart in sheet.charts:
            if chart.is_empty or not chart.table_columns:
                continue
            ws.add_chart(_chart(ws, chart, header_row, first_data, last_data),
                         f"A{anchor_row}")
            anchor_row += 20


def _chart(ws: Worksheet, chart: m.Chart, header_row: int, first: int, last: int) -> BarChart:
    bar = BarChart()
    bar.type = "bar" if chart.kind == "bar" else "col"
    bar.title = chart.title
    bar.style = 10
    bar.height, bar.width = 9, 18
    if chart.stacked:
        bar.grouping = "stacked"
        bar.overlap = 100
    cat_col, *value_cols = chart.table_columns
    for n, col in enumerate(value_cols):
        data = Reference(ws, min_col=col + 1, min_row=header_row, max_row=last)
        bar.add_data(data, titles_from_data=True)
        colour = theme.colour(chart.series[n].colour if n < len(chart.series) else "", n)
        bar.series[-1].graphicalProperties.solidFill = theme.hex_bare(colour)
        bar.series[-1].graphicalProperties.line.solidFill = theme.hex_bare(colour)
    bar.set_categories(Reference(ws, min_col=cat_col + 1, min_row=first, max_row=last))
    bar.y_axis.numFmt = "£#,##0" if chart.unit == m.MONEY else "#,##0"
    bar.y_axis.majorGridlines = None
    bar.legend.position = "b"
    return bar


def write_workbook(book: m.Workbook, path: Path) -> Path:
    wb = XlWorkbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for sheet in book.sheets:
        ws = wb.create_sheet(safe_sheet_name(sheet.name, taken))
        _write_sheet(ws, book, sheet)
    if not book.sheets:
        wb.create_sheet("Empty")
    wb.properties.title = book.title
    wb.properties.creator = book.organisation
    wb.properties.subject = book.subject or book.title
    wb.properties.description = book.period
    wb.save(path)
    return path
