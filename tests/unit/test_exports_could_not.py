"""Issue #19.6 in every document that lists measures: a measure whose source failed is shown
as "could not be computed" (never a silent 0 or a missing row) in the contract return, the
statement, the evidence pack and the tender response; the readiness check blocks sending."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

import svdesk.services.measures as measures
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"
TODAY = date(2026, 12, 5)
BROKEN = "local_spend_gbp"  # a KPI (commitment) of the Salford contract


@pytest.fixture
def broken_source(monkeypatch):
    real = measures.source_for

    def source_for(key):
        if key == BROKEN:

            def fail(_query):
                raise RuntimeError("the spend table could not be read")

            return fail
        return real(key)

    monkeypatch.setattr(measures, "source_for", source_for)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_the_return_shows_a_failed_kpi_as_could_not_be_computed(demo_store, tmp_path, broken_source):
    out = tmp_path / "r.xlsx"
    req = ExportRequest(
        "return", contract_ref=CONTRACT, start=date(2026, 7, 1), end=date(2026, 9, 30), today=TODAY
    )
    export_now(demo_store, req, out)
    ws = load_workbook(out)["Return"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    h = next(i for i, r in enumerate(rows) if r[0] == "Buyer's KPI code")
    body = [dict(zip(rows[h], r, strict=True)) for r in rows[h + 1 :] if r[3]]
    spend = [r for r in body if "spend" in str(r["KPI"]).lower()]
    assert spend, "the failed KPI's row is missing from the return"
    for r in spend:
        assert r["Actual for the period"] is None  # not a 0
        assert r["Actual to date (from the contract start)"] is None
        assert r["Variance to date"] is None
        assert "could not be computed" in str(r["Status"])
    others = [r for r in body if r not in spend]
    assert others and all(isinstance(r["Actual for the period"], float | int) for r in others)


@pytest.mark.parametrize("kind", ["statement", "pack"])
def test_pdfs_listing_measures_say_could_not_be_computed(demo_store, tmp_path, broken_source, kind):
    out = tmp_path / f"{kind}.pdf"
    export_now(
        demo_store, ExportRequest(kind, start=date(2025, 4, 1), end=date(2026, 3, 31), today=TODAY), out
    )
    text = " ".join(_pdf_text(out).split())
    assert "could not be computed" in text


def test_the_tender_response_says_could_not_be_computed(demo_store, tmp_path, broken_source):
    out = tmp_path / "t.docx"
    export_now(demo_store, ExportRequest("tender", contract_ref=CONTRACT, today=TODAY), out)
    from docx import Document

    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs] + [
        c.text for t in doc.tables for row in t.rows for c in row.cells
    ]
    assert any("could not be computed" in t for t in texts)


# --- issue 19.6 / brief point 3: the writers' broad excepts never drop an item without a word ---


def _doc_with_images(tmp_path):
    from svdesk.exports import model as m

    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really an image")
    s = m.Section("Case studies")
    s.add(m.Image(tmp_path / "gone.png", "A photo that was moved"), m.Image(broken, "A damaged photo"))
    s.add(m.Gallery([m.Image(broken, "In a gallery")]))
    return m.Document("Evidence pack", "Irwell Joinery Ltd", sections=[s])


def test_a_missing_or_damaged_image_is_named_in_the_word_document(tmp_path):
    from docx import Document

    from svdesk.exports.docx_writer import write_docx

    out = write_docx(_doc_with_images(tmp_path), tmp_path / "d.docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Image not found: gone.png" in text  # was silently left out
    assert text.count("Image could not be read: broken.png") == 2


def test_a_missing_or_damaged_image_is_named_in_the_pdf(tmp_path):
    from svdesk.exports.pdf_writer import write_pdf

    out = tmp_path / "d.pdf"
    write_pdf(_doc_with_images(tmp_path), out)
    text = " ".join(_pdf_text(out).split())  # a gallery's cell wraps its line
    assert "Image not found: gone.png" in text
    assert text.count("Image could not be read: broken.png") == 2


def test_a_buyers_template_gets_could_not_be_computed_not_a_0(demo_store, broken_source):
    """The buyer's own return template is filled from the same rows: a failed KPI (from the
    commitments) or a failed measure without one is written as the reason, never as 0."""
    from svdesk.exports import buyer_template as bt
    from svdesk.services.contracts import find_contract

    c = find_contract(demo_store, CONTRACT)
    period = bt.contract_period(c, date(2026, 7, 1), date(2026, 9, 30), 4)
    values = bt.figures(demo_store, c, period, TODAY, {BROKEN, "volunteering_hours", "sme_spend_gbp"})
    for key in (BROKEN,):
        assert "could not be computed" in str(values[key]["actual"])
        assert "could not be computed" in str(values[key]["to_date"])
    assert isinstance(values["volunteering_hours"]["actual"], float)
