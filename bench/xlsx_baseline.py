"""The baseline an exported workbook is compared with: openpyxl's write-only mode writing exactly
the cells svdesk wrote, with their styles, in the same process and run.

The workbook svdesk wrote is read back first (not timed): every cell's value, its type (text that
starts with "=" stays text), font, fill, border, alignment, number format and quote prefix, and
each sheet's column widths, row heights, frozen panes and filter. The timed part is what the
plainest fast writer would do with those cells: one styled template per distinct style, a
write-only cell per value that copies its template's style, rows appended in order, saved.

Not in the baseline (svdesk writes them, they are a few XML elements per sheet): charts, page
set-up, print titles, header and footer, and the document properties.
"""

from __future__ import annotations

import time
from copy import copy
from pathlib import Path


def read_cells(source: Path) -> tuple[list[dict], list[tuple]]:
    """Each sheet of source as plain data, and the distinct styles its cells use (a cell holds
    the index of its style, so the timed part never compares style objects)."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    styles: list[tuple] = []
    seen: dict[tuple, int] = {}
    sheets = []
    for ws in book:
        rows = []
        for row in ws.iter_rows():
            cells = []
            for c in row:
                index = None
                if c.has_style:
                    key = tuple(c._style)
                    index = seen.get(key)
                    if index is None:
                        index = seen[key] = len(styles)
                        styles.append(
                            (
                                copy(c.font),
                                copy(c.fill),
                                copy(c.border),
                                copy(c.alignment),
                                c.number_format,
                                c.quotePrefix,
                            )
                        )
                cells.append((c.value, c.data_type, index))
            rows.append(cells)
        sheets.append(
            {
                "title": ws.title,
                "rows": rows,
                "freeze": ws.freeze_panes,
                "filter": ws.auto_filter.ref,
                "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
                "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
            }
        )
    book.close()
    return sheets, styles


def write_same_cells(sheets: list[dict], styles: list[tuple], target: Path) -> float:
    """Seconds for openpyxl write-only to write the cells read by read_cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    t0 = time.perf_counter()
    out = Workbook(write_only=True)
    for sheet in sheets:
        ws = out.create_sheet(sheet["title"])
        for key, width in sheet["widths"].items():
            ws.column_dimensions[key].width = width
        for key, height in sheet["heights"].items():
            ws.row_dimensions[key].height = height
        ws.freeze_panes = sheet["freeze"]
        if sheet["filter"]:
            ws.auto_filter.ref = sheet["filter"]
        templates: dict[int, WriteOnlyCell] = {}
        for cells in sheet["rows"]:
            row = []
            for value, data_type, index in cells:
                cell = WriteOnlyCell(ws, value)
                if data_type == "s" and isinstance(value, str):
                    cell.data_type = "s"  # typed text such as "=x" stays text
                if index is not None:
                    template = templates.get(index)
                    if template is None:
                        template = templates[index] = WriteOnlyCell(ws)
                        (
                            template.font,
                            template.fill,
                            template.border,
                            template.alignment,
                            template.number_format,
                            template.quotePrefix,
                        ) = styles[index]
                    cell._style = copy(template._style)
                row.append(cell)
            ws.append(row)
    out.save(target)
    return time.perf_counter() - t0


def baseline_seconds(source: Path, target: Path, runs: int = 3) -> float:
    """The best of `runs` timings (the machine is shared; the best is the least disturbed)."""
    sheets, styles = read_cells(source)
    return min(write_same_cells(sheets, styles, target) for _ in range(runs))
