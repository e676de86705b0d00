"""#23.2: a printed pack stays a document: past LONG_LIST rows, the jobs and the evidence files
are summarised by kind (the same totals) and the reader is told where every row is."""

from __future__ import annotations

from datetime import date

import pytest

from svdesk.exports import build_pack
from svdesk.exports import model as m
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.delivery_tables import jobs_table
from svdesk.exports.runner import build, context, export_now

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 12, 5)


def _tables(section: m.Section) -> list[m.Table]:
    out = []
    for b in section.blocks:
        if isinstance(b, m.Table):
            out.append(b)
        elif isinstance(b, m.Section):
            out += _tables(b)
    return out


def _section(doc, heading):
    return next(s for s in doc.sections if s.heading == heading)


@pytest.mark.parametrize("limit", [3, 10_000])
def test_long_lists_are_summarised_with_the_same_totals(demo_store, monkeypatch, limit):
    monkeypatch.setattr(build_pack, "LONG_LIST", limit)
    req = ExportRequest("pack", today=TODAY)
    ctx = context(demo_store, req)
    doc = build(demo_store, req, ctx)
    jobs = jobs_table(ctx)[0]
    register = ctx.evidence()
    assert len(jobs.rows) > 3 and len(register) > 3
    people = _section(doc, "People and skills")
    evidence = _section(doc, "Evidence index")
    text = " ".join(m.walk_text(people)) + " ".join(m.walk_text(evidence))
    first = _tables(people)[0]
    files = _tables(evidence)[0]
    if limit == 3:
        titles = [c.title for c in first.columns]
        assert titles[-2:] == ["Jobs", "FTE"]
        assert sum(r[-2] for r in first.rows) == len(jobs.rows)
        assert sum(r[-1] for r in first.rows) == pytest.approx(
            sum(r[7] for r in jobs.rows), abs=0.01 * len(first.rows)
        )
        assert sum(r[1] for r in files.rows) == len(register)
        assert "People sheet of the evidence workbook" in text
        assert "Evidence register sheet of the evidence workbook" in text
        assert f"{len(register):,} evidence files" in text
    else:
        assert len(first.rows) == len(jobs.rows) and len(files.rows) == len(register)
        assert "evidence workbook for the same scope" not in text


def test_a_summarised_pack_prints_in_pdf_and_word(demo_store, monkeypatch, tmp_path):
    from docx import Document as Docx
    from pypdf import PdfReader

    monkeypatch.setattr(build_pack, "LONG_LIST", 3)
    pdf = tmp_path / "pack.pdf"
    export_now(demo_store, ExportRequest("pack", today=TODAY), pdf)
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Jobs by contract type, status, local and Real Living Wage" in text
    assert "Evidence files by type" in text
    word = tmp_path / "pack.docx"
    export_now(demo_store, ExportRequest("pack", today=TODAY), word)
    body = " ".join(p.text for p in Docx(word).paragraphs)
    assert "summarised below by type" in body
