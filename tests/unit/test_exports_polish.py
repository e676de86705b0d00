"""Issue 15 point 8: what a reader notices. Chart months, plurals, "per hour", labels cut
mid-word, Word tables that break words, workbook totals with no value for readers that do not
recalculate, and the assessment report given a contract."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document as read_docx
from docx.shared import Mm
from openpyxl import load_workbook

from svdesk.cli import main
from svdesk.exports import model as m
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.docx_writer import column_widths, write_docx
from svdesk.exports.measure_tables import per_unit
from svdesk.exports.pdf_charts import wrap_label
from svdesk.exports.runner import build, export_now
from svdesk.exports.sources import describe_links

pytestmark = pytest.mark.both_stores

SALFORD = "SCC-PR-2025-041"
TODAY = date(2026, 12, 5)


def _pack(store, contract=SALFORD):
    return build(store, ExportRequest("pack", contract_ref=contract, today=TODAY))


def _charts(doc):
    def walk(blocks):
        for b in blocks:
            if isinstance(b, m.Chart):
                yield b
            elif isinstance(b, m.Section):
                yield from walk(b.blocks)

    return list(walk(doc.sections))


def test_chart_months_read_as_months(demo_store):
    chart = next(c for c in _charts(_pack(demo_store)) if c.title.startswith("Spend by month"))
    assert chart.categories[0] == "Apr 2025"
    assert all(re.fullmatch(r"[A-Z][a-z]{2} 20\d\d", c) for c in chart.categories)


def test_evidence_links_say_records_once():
    assert (
        describe_links([("emission_record", 1), ("emission_record", 2), ("person", 3), ("volunteering", 4)])
        == "2 emission records, 1 job record, 1 volunteering record"
    )


def test_proxies_are_per_one_unit(demo_store):
    notes = _pack(demo_store).sources
    proxy = [n for n in notes if n.startswith("Proxy for Staff volunteering hours")]
    assert proxy and " per hour, " in proxy[0] and "per hours" not in proxy[0]
    assert not [n for n in notes if re.search(r" per (hours|weeks|days|people)\b", n)]
    assert [per_unit(u) for u in ("hours", "FTE-years", "people", "tCO2e", "%")] == [
        "hour",
        "FTE-year",
        "person",
        "tCO2e",
        "percentage point",
    ]


def test_chart_labels_break_between_words_never_inside_one(demo_store):
    long = "Spend with voluntary, community and social enterprises (VCSEs)"
    wrapped = wrap_label(long)
    lines = wrapped.split("\n")
    assert len(lines) == 2 and lines[-1].endswith("…")
    words = set(long.replace(",", "").split())
    for word in " ".join(lines).rstrip("…").replace(",", "").split():
        assert word in words  # whole words only
    assert wrap_label("Staff volunteering hours") == "Staff volunteering hours"
    # the builders pass whole names: the chart cuts them, at a word
    value = next(c for c in _charts(_pack(demo_store)) if c.title == "Value by measure")
    assert value.categories == ["Staff volunteering hours"]


def test_word_tables_have_widths_that_keep_words_whole(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from svdesk.exports.fonts import BOLD, REGULAR, register

    register()
    table = m.Table(
        [
            m.Column("Commitment (measure)", wrap=True),
            m.Column("Unit"),
            m.Column("Target over the term", m.NUMBER),
            m.Column("Delivered", m.NUMBER),
            m.Column("Due by now", m.NUMBER),
            m.Column("Status", status=True),
            m.Column("Forecast at end", m.NUMBER),
            m.Column("Owner", wrap=True),
        ],
        [
            [
                "Apprenticeship weeks on the contract",
                "FTE-years",
                40000.0,
                44121.31,
                30027.4,
                "On track",
                52456.93,
                "Operations manager (social value champion)",
            ]
        ],
    )
    widths, _tight = column_widths(table)
    assert len(set(widths)) > 2  # not the equal widths of before
    assert sum(widths) <= Mm(166) + 10
    emu = 12700  # per point
    assert widths[0] / emu >= stringWidth("Apprenticeship", REGULAR, 9)
    assert widths[3] / emu >= stringWidth("44,121.31", REGULAR, 9)
    assert widths[6] / emu >= stringWidth("Forecast", BOLD, 9)
    doc = m.Document("T", "Irwell Joinery Ltd", sections=[m.Section("S", [table])])
    out = write_docx(doc, tmp_path / "t.docx")
    grid = read_docx(str(out)).tables[-1]._tbl.tblGrid.gridCol_lst
    assert all(abs(g.w - w) < 700 for g, w in zip(grid, widths, strict=True))  # stored in twentieths
    assert len(grid) == len(widths)


def test_workbook_totals_carry_their_values(demo_store, tmp_path):
    out = tmp_path / "workbook.xlsx"
    result = export_now(demo_store, ExportRequest("workbook", contract_ref=SALFORD, today=TODAY), out)
    formulas, values = load_workbook(out), load_workbook(out, data_only=True)
    model = {s.name: s for s in result.report.sheets}
    seen = 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=SUM("):
                    cached = values[ws.title][cell.coordinate].value
                    assert isinstance(cached, (int, float)), (ws.title, cell.coordinate)
                    seen += 1
    assert seen >= 5
    months = model["Spend by month"].table.totals()
    sheet = values["Spend by month"]
    total_row = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Total"][0]
    assert total_row[1] == round(months[1] / 100, 2)  # the same total the PDF prints


def test_the_assessment_report_refuses_a_contract(demo_store, tmp_path, capsys):
    out = tmp_path / "assessment.pdf"
    code = main(["export", "assessment", "--db", demo_store.where, "--contract", SALFORD, "--out", str(out)])
    assert code == 2 and not out.exists()
    assert "covers the whole organisation, not one contract" in capsys.readouterr().err
