"""Long tables in PDFs: laid out a page at a time, every row once, the header on every page,
the total at the end, and columns wide enough for values far down the table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from svdesk.exports import model as m
from svdesk.exports.pdf_tables import PAGED_FROM, PagedTable, _col_widths, table_flowables
from svdesk.exports.pdf_writer import _styles, write_pdf

pytestmark = pytest.mark.both_stores


def _register(n: int) -> m.Table:
    start = date(2025, 4, 1)
    return m.Table(
        [
            m.Column("Ref"),
            m.Column("File", wrap=True),
            m.Column("Date", m.DATE),
            m.Column("Size (bytes)", m.INTEGER, total=True),
        ],
        [
            [f"EV-{i:03d}", f"timesheet-{i:05d}.txt", start + timedelta(days=i % 365), 1_000 + i]
            for i in range(1, n + 1)
        ],
    )


def test_a_long_table_is_paged_and_a_short_one_is_not():
    st = _styles()
    assert isinstance(table_flowables(_register(400), st)[0], PagedTable)
    assert not isinstance(table_flowables(_register(PAGED_FROM - 1), st)[0], PagedTable)


def test_every_row_once_the_header_on_every_page_and_the_total_last(tmp_path):
    table = _register(400)
    doc = m.Document(
        "Evidence pack", "Irwell Joinery Ltd", contents=False, sections=[m.Section("Evidence index", [table])]
    )
    pages = [p.extract_text() for p in PdfReader(write_pdf(doc, tmp_path / "p.pdf")).pages][1:]
    assert len(pages) > 3
    text = "\n".join(pages)
    for i in (1, 57, 200, 399, 400):
        assert text.count(f"EV-{i:03d}") == 1
    assert all("Size\n(bytes)" in page for page in pages)  # the header, wrapped
    total = f"{sum(r[3] for r in table.rows):,}"
    assert total in pages[-1] and total not in "\n".join(pages[:-1])


def test_column_widths_fit_values_beyond_the_first_rows():
    short, long = _register(300), _register(20_000)
    ref = [c.title for c in long.columns].index("Ref")
    assert _col_widths(long)[ref] > _col_widths(short)[ref]  # EV-20000 is wider than EV-300


def _tables(blocks):
    for b in blocks:
        if isinstance(b, m.Section):
            yield from _tables(b.blocks)
        elif isinstance(b, m.Table):
            yield b


def test_no_printed_table_splits_a_word(demo_store):
    """#15.8: the pack's measures table printed "Not evid / enced" and "Partly e / vidence d":
    every column of every table in the pack and statement is at least as wide as its longest
    word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.pdf_tables import format_cell
    from svdesk.exports.pdf_writer import BODY_W, REGULAR
    from svdesk.exports.runner import build

    checked = 0
    for kind in ("pack", "statement"):
        for ref in (None, "SCC-PR-2025-041"):
            doc = build(demo_store, ExportRequest(kind, contract_ref=ref, today=date(2026, 12, 5)))
            for table in _tables(s for s in doc.sections):
                if not table.rows:
                    continue
                widths = _col_widths(table)
                assert sum(widths) <= BODY_W + 0.5
                for i, col in enumerate(table.columns):
                    if col.kind != m.TEXT or not col.wrap:
                        continue
                    words = [w for r in table.rows for w in format_cell(col, r[i]).split()]
                    longest = max([stringWidth(w, REGULAR, 8) for w in words] + [0])
                    assert widths[i] >= longest + 10, (table.caption, col.title, words)
                    checked += 1
    assert checked > 20
