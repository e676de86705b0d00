"""Cached values for the workbook's SUM totals, so every reader sees the figures.

openpyxl writes a formula with an empty value (<f>SUM(B5:B9)</f><v></v>): Excel and LibreOffice
recalculate on opening and show the total, but a reader that does not recalculate (a mail or
cloud preview, pandas, openpyxl with data_only, a screen reader's quick view) shows a blank
where the total should be. openpyxl cannot write a formula's cached result, so after saving,
each total's value (the same sum the PDF prints, model.Table.totals) is put into its <v> here.

The formula stays: a buyer who edits a row sees the total follow, and the workbook still asks
for a full recalculation on load (calcPr fullCalcOnLoad), so a stale cached value is never
what Excel shows.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path


def sheet_part(position: int) -> str:
    """The zip member openpyxl writes the position'th sheet (1-based) to."""
    return f"xl/worksheets/sheet{position}.xml"


def fill_cached_values(path: Path, cached: dict[int, dict[str, float]]) -> None:
    """cached: {sheet position: {formula text without "=": value}}. Rewrites the file in
    place (through a temporary file beside it)."""
    cached = {k: v for k, v in cached.items() if v}
    if not cached:
        return
    path = Path(path)
    temp = path.with_name(path.name + ".cache")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            values = next((v for pos, v in cached.items() if item.filename == sheet_part(pos)), None)
            if values:
                text = data.decode("utf-8")
                for formula, value in values.items():
                    number = repr(float(value)) if isinstance(value, float) else str(value)
                    for empty in (
                        f"<f>{formula}</f><v></v>",
                        f"<f>{formula}</f><v/>",
                        f"<f>{formula}</f></c>",
                    ):
                        if empty in text:
                            end = "</c>" if empty.endswith("</c>") else ""
                            text = text.replace(empty, f"<f>{formula}</f><v>{number}</v>{end}")
                            break
                data = text.encode("utf-8")
            out.writestr(item, data)
    os.replace(temp, path)
