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
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from svdesk import perf_switches
from svdesk.exports import model as m
from svdesk.exports import theme
from svdesk.exports.privacy import redact
from svdesk.exports.xlsx_cache import fill_cached_values
from svdesk.safety.text import clean_tree

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
STATUS_FONTS = {
    k: Font(name="Calibri", size=11, bold=True, color=theme.hex_bare(v)) for k, v in theme.STATUS.items()
}
TOTAL_FONT = Font(name="Calibri", size=11, bold=True)
TOTAL_BORDER = Border(
    top=Side("thin", color=theme.hex_bare(theme.TEXT)),
    bottom=Side("double", color=theme.hex_bare(theme.TEXT)),
)
TOP = Alignment(vertical="top")
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
TOP_TEXT = Alignment(horizontal="left", vertical="top", indent=1)  # a gap after a number
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
        candidate = clean[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def write_text(cell, text: str) -> None:
    """Put user text in a cell so that it can never run as a formula."""
    text = redact(text)
    cell.value = text
    if text.startswith(RISKY_START):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        cell.quotePrefix = True  # and Excel/LibreOffice show it as typed text


def _number_format(col: m.Column) -> str:
    if col.kind == m.NUMBER:
        return "#,##0" + ("." + "0" * col.decimals if col.decimals else "")
    return FORMATS.get(col.kind, "General")


def _alignment(col: m.Column) -> Alignment:
    if col.kind in m.NUMERIC_KINDS or col.kind == m.DATE:
        return TOP_WRAP if col.wrap else TOP
    return TOP_TEXT_WRAP if col.wrap else TOP_TEXT


def _column_style(ws, col: m.Column) -> str:
    """A named style per kind of column (format, top alignment, hairline)."""
    name = f"svdesk {col.kind} {col.decimals}{' wrap' if col.wrap else ''}"
    book = ws.parent
    if name not in book.named_styles:
        style = NamedStyle(
            name=name,
            number_format=_number_format(col),
            font=BODY_FONT,
            alignment=_alignment(col),
            border=ROW_BORDER,
        )
        book.add_named_style(style)
    return name


class _Styled:
    """Makes cells of one sheet in a few fixed styles. Each style is worked out once on a
    template cell and copied to every cell that uses it: openpyxl's own style setters look the
    style up again on every assignment, which was most of the time of writing a large sheet."""

    def __init__(self, ws):
        self.ws = ws
        self.templates: dict = {}

    def cell(self, key, value=None, **style) -> WriteOnlyCell:
        template = self.templates.get(key)
        if template is None:
            template = self.templates[key] = WriteOnlyCell(self.ws)
            for name, setting in style.items():
                setattr(template, name, setting)
        cell = WriteOnlyCell(self.ws)
        cell._style = StyleArray(template._style)  # what copy() makes, without its lookups
        if value is not None:
            cell.value = value
        return cell

    def text(self, key, text: str, **style) -> WriteOnlyCell:
        cell = self.cell(key, **style)
        write_text(cell, text)
        return cell


def _value(col: m.Column, value):
    """The value with its type as the cell holds it; None for text (written by write_text)."""
    if col.kind == m.MONEY and isinstance(value, (int, float)):
        return round(value / 100, 2)
    if col.kind in m.NUMERIC_KINDS and isinstance(value, (int, float)):
        return value
    if col.kind == m.DATE and isinstance(value, (date, datetime)):
        return value
    return None


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


def _fit_widths(ws, table: m.Table) -> None:
    totals = table.totals() if table.has_totals else None
    for i, col in enumerate(table.columns, start=1):
        if col.width:
            width = col.width
        else:
            longest = max([len(col.title)] + [_display_len(col, r[i - 1]) for r in table.rows])
            if totals is not None and col.total:
                longest = max(longest, _display_len(col, totals[i - 1]) + 1)
            width = min(max(longest + 3, 9), 60)
        ws.column_dimensions[get_column_letter(i)].width = width


def _fit_heights(ws, table: m.Table, first_row: int) -> None:
    """Spreadsheet apps do not always re-measure wrapped rows written by openpyxl (LibreOffice
    keeps the default height and the lines overprint), so set each wrapped row's height."""
    wrapped = [i for i, c in enumerate(table.columns) if c.wrap]
    if not wrapped:
        return
    per_line = {
        i: max(int((ws.column_dimensions[get_column_letter(i + 1)].width or 10) * 1.1) - 2, 4)
        for i in wrapped
    }
    for offset, values in enumerate(table.rows):
        lines = 1
        for i in wrapped:
            text = "" if values[i] is None else str(values[i])
            lines = max(lines, sum(max(1, -(-len(part) // per_line[i])) for part in text.split("\n")))
        if lines > 1:
            ws.row_dimensions[first_row + offset].height = 15 * lines + 2


def _header_height(ws, table: m.Table) -> float:
    """Tall enough for the longest wrapped header title (LibreOffice does not grow a row whose
    height is set, so a fixed height clips long titles in narrow columns)."""
    lines = 1
    for i, col in enumerate(table.columns, start=1):
        per_line = max(int((ws.column_dimensions[get_column_letter(i)].width or 10) * 1.1) - 3, 4)
        words, count, used = col.title.split(), 1, 0
        for word in words:
            if used and used + 1 + len(word) > per_line:
                count, used = count + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
            count += max(0, -(-len(word) // per_line) - 1)
        lines = max(lines, count)
    return max(22, 15 * lines + 5)


def _print_setup(ws, book: m.Workbook, sheet: m.Sheet, header_row: int) -> None:
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
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


def _header_cell(cells: _Styled, col: m.Column) -> WriteOnlyCell:
    numeric = col.kind in m.NUMERIC_KINDS
    return cells.text(
        ("header", numeric),
        col.title,
        font=HEADER_FONT,
        fill=HEADER_FILL,
        alignment=Alignment(
            vertical="center",
            wrap_text=True,
            indent=0 if numeric else 1,
            horizontal="right" if numeric else "left",
        ),
    )


def _data_row(cells: _Styled, table: m.Table, styles: list[str], values: list) -> list:
    row = []
    for i, col in enumerate(table.columns):
        value = values[i]
        key = styles[i]
        if col.status and value in m.STATUS_WORDS:
            font = STATUS_FONTS[m.STATUS_WORDS[value]]
            cell = cells.cell((key, value), style=key, font=font)
        else:
            cell = cells.cell(key, style=key)
        if value is not None and value != "":
            typed = _value(col, value)
            if typed is None:
                write_text(cell, str(value))
            else:
                cell.value = typed
        row.append(cell)
    return row


def _totals_row(cells: _Styled, table: m.Table, first: int, last: int, cached: dict | None = None) -> list:
    """The totals row: a SUM formula per total column; cached gets each formula's value (the
    model's own total) for xlsx_cache to write beside it."""
    row = []
    sums = table.totals()
    for i, col in enumerate(table.columns, start=1):
        if col.total:
            letter = get_column_letter(i)
            formula = f"SUM({letter}{first}:{letter}{last})"
            if cached is not None:
                value = _value(col, sums[i - 1])
                if value is not None:
                    cached[formula] = value
            row.append(
                cells.cell(
                    ("total", _number_format(col)),
                    f"={formula}",
                    font=TOTAL_FONT,
                    border=TOTAL_BORDER,
                    number_format=_number_format(col),
                )
            )
        elif i == 1:
            row.append(cells.text("total", table.total_label, font=TOTAL_FONT, border=TOTAL_BORDER))
        else:
            row.append(cells.cell("total", font=TOTAL_FONT, border=TOTAL_BORDER))
    return row


def _write_sheet(ws, book: m.Workbook, sheet: m.Sheet, cached: dict | None = None) -> None:
    """Rows are streamed (openpyxl's write-only mode), so everything written ahead of them
    (page set-up, column widths, frozen panes, row heights) is set before the first row."""
    table = sheet.table
    cells = _Styled(ws)
    header_row = len(sheet.intro) + 3  # title, intro lines, a blank row
    first_data = header_row + 1
    last_data = header_row + len(table.rows)
    _print_setup(ws, book, sheet, header_row)
    ws.freeze_panes = f"A{first_data}"
    _fit_widths(ws, table)
    ws.row_dimensions[header_row].height = _header_height(ws, table)
    _fit_heights(ws, table, first_data)

    ws.append([cells.text("title", sheet.title, font=TITLE_FONT)])
    for line in sheet.intro:
        ws.append([cells.text("muted", line, font=MUTED_FONT)])
    ws.append([])
    ws.append([_header_cell(cells, col) for col in table.columns])
    # Top-aligned, so a row made tall by one wrapped cell still reads across.
    styles = [_column_style(ws, col) for col in table.columns]
    for values in table.rows:
        ws.append(_data_row(cells, table, styles, values))
    row = last_data
    if not table.rows:
        ws.append([cells.text("muted", table.empty_text, font=MUTED_FONT)])
        row += 1
    elif table.has_totals:
        ws.append(_totals_row(cells, table, first_data, last_data, cached))
        row += 1
    if sheet.notes:
        ws.append([])
        for line in sheet.notes:
            ws.append([cells.text("muted", line, font=MUTED_FONT)])
        row += 1 + len(sheet.notes)
    if sheet.filter and table.rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.columns))}{last_data}"
    if table.rows:
        anchor_row = row + 2
        for chart in sheet.charts:
            if chart.is_empty or not chart.table_columns:
                continue
            ws.add_chart(_chart(ws, chart, header_row, first_data, last_data), f"A{anchor_row}")
            anchor_row += 20


def _chart(ws, chart: m.Chart, header_row: int, first: int, last: int) -> BarChart:
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


def _append_cells_directly(ws) -> None:
    """Let ws.append take a row of ready cells as they are.

    openpyxl's write-only sheet first tries each appended item as a value for a cell of its
    own: for a cell that raises inside openpyxl, is caught, and a fresh cell is made for the
    next item, twice the cell-making and an exception per cell. A row of cells (and blanks)
    goes straight to the writer here, each with its row and column set as openpyxl sets them;
    any other row takes openpyxl's own way. The file is byte for byte the same (a test holds it
    to that). Called through svdesk.perf_switches.direct_xlsx_rows (SVDESK_NO_PERF_SWITCHES=1
    turns it off)."""
    stock = getattr(ws, "_values_to_row", None)
    if stock is None:  # not the openpyxl this was written for: its own way
        return

    def values_to_row(values, row_idx):
        if not all(v is None or v.__class__ is Cell for v in values):
            yield from stock(values, row_idx)
            return
        for col_idx, cell in enumerate(values, 1):
            if cell is None:
                continue
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell

    ws._values_to_row = values_to_row


def write_workbook(book: m.Workbook, path: Path, *, direct: bool = True) -> Path:
    """direct: rows of cells go to the writer as they are (_append_cells_directly); False
    only to compare with openpyxl's own way."""
    # Write-only: rows go to the file as they are made instead of a cell object per value held
    # until the save (170,000 cells in a full evidence workbook; the garbage collector's passes
    # over them held up the window).
    clean_tree(book)  # control characters a workbook cannot hold, from data stored earlier
    wb = XlWorkbook(write_only=True)
    taken: set[str] = set()
    cached: dict[int, dict[str, float]] = {}  # sheet position: {formula: its value}
    for position, sheet in enumerate(book.sheets, start=1):
        ws = wb.create_sheet(safe_sheet_name(sheet.name, taken))
        if direct:
            perf_switches.direct_xlsx_rows(ws)
        _write_sheet(ws, book, sheet, cached.setdefault(position, {}))
    if not book.sheets:
        wb.create_sheet("Empty")
    wb.properties.title = book.title
    wb.properties.creator = book.organisation
    wb.properties.subject = book.subject or book.title
    wb.properties.description = book.period
    wb.save(path)
    fill_cached_values(path, cached)  # the totals' values, for readers that do not calculate
    return path
