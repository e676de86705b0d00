"""Are two .xlsx files the same workbook? Cell by cell: value, type and style, and each sheet's
layout (column widths, row heights, merged cells, frozen panes, filter, print set-up, charts).

    /work/main/.venv/bin/python bench/compare_xlsx.py BEFORE.xlsx AFTER.xlsx

For checking that a change to how an export gathers or writes its figures leaves the file as it
was. Exits 0 when they are the same, 1 with the first differences listed when not. The
document's own timestamps (created, modified) are not compared: they differ on every run.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _style(cell) -> tuple:
    return (
        repr(cell.font),
        repr(cell.fill),
        repr(cell.border),
        repr(cell.alignment),
        cell.number_format,
        repr(cell.protection),
        cell.quotePrefix,
    )


def _sheet_facts(ws) -> dict:
    return {
        "dimensions": ws.dimensions,
        "widths": {k: (d.width, d.hidden) for k, d in ws.column_dimensions.items()},
        "heights": {k: (d.height, d.hidden) for k, d in ws.row_dimensions.items()},
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "print_titles": (ws.print_title_rows, ws.print_title_cols),
        "orientation": ws.page_setup.orientation,
        "fit": (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight),
        "header_footer": (
            ws.oddHeader.center.text,
            ws.oddFooter.center.text,
            ws.oddFooter.left.text,
            ws.oddFooter.right.text,
        ),
        "charts": len(getattr(ws, "_charts", [])),
        "validations": len(ws.data_validations.dataValidation),
        "conditional": [(str(r.sqref), [x.type for x in r.rules]) for r in ws.conditional_formatting],
    }


def differences(before: Path, after: Path, limit: int = 20) -> tuple[list[str], int]:
    """(the first `limit` differences, how many cells were compared)"""
    from openpyxl import load_workbook

    a, b = load_workbook(before), load_workbook(after)
    out: list[str] = []
    cells = 0
    if a.sheetnames != b.sheetnames:
        return [f"sheets differ: {a.sheetnames} / {b.sheetnames}"], 0
    pa, pb = a.properties, b.properties
    for name in ("title", "subject", "creator", "keywords", "description", "category"):
        if getattr(pa, name) != getattr(pb, name):
            out.append(f"property {name}: {getattr(pa, name)!r} / {getattr(pb, name)!r}")
    if a.defined_names.keys() != b.defined_names.keys():
        out.append("defined names differ")
    for wa, wb in zip(a, b, strict=False):
        fa, fb = _sheet_facts(wa), _sheet_facts(wb)
        for key in fa:
            if fa[key] != fb[key]:
                out.append(f"{wa.title}: {key}: {fa[key]!r} / {fb[key]!r}")
        rows_a, rows_b = list(wa.iter_rows()), list(wb.iter_rows())
        if len(rows_a) != len(rows_b):
            out.append(f"{wa.title}: {len(rows_a)} rows / {len(rows_b)} rows")
        for ra, rb in zip(rows_a, rows_b, strict=False):
            if len(ra) != len(rb):
                out.append(f"{wa.title}: row {ra[0].row}: {len(ra)} cells / {len(rb)} cells")
            for ca, cb in zip(ra, rb, strict=False):
                cells += 1
                if (ca.value, ca.data_type) != (cb.value, cb.data_type):
                    out.append(
                        f"{wa.title}!{ca.coordinate}: {ca.value!r} ({ca.data_type}) / "
                        f"{cb.value!r} ({cb.data_type})"
                    )
                elif _style(ca) != _style(cb):
                    out.append(f"{wa.title}!{ca.coordinate}: style differs")
                if len(out) >= limit:
                    return out, cells
    return out, cells


def same_parts(before: Path, after: Path) -> list[str]:
    """The zip members whose bytes differ (docProps/core.xml holds the timestamps: left out)."""
    import zipfile

    with zipfile.ZipFile(before) as za, zipfile.ZipFile(after) as zb:
        names = sorted(set(za.namelist()) | set(zb.namelist()))
        return [
            n
            for n in names
            if n != "docProps/core.xml"
            and (n not in za.namelist() or n not in zb.namelist() or za.read(n) != zb.read(n))
        ]


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    found, cells = differences(before, after)
    if found:
        print(f"{before.name} and {after.name} differ:")
        for line in found:
            print("  " + line)
        return 1
    parts = same_parts(before, after)
    print(
        f"same workbook: {before} and {after} ({cells:,} cells); "
        + (
            f"parts whose bytes differ: {', '.join(parts)}"
            if parts
            else "every part byte for byte the same (but the timestamps)"
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
