"""PDF, Word and plain-text renderers: text extracted back out, metadata, outline, page numbers."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from svdesk.exports import model as m
from svdesk.exports.docx_writer import write_docx
from svdesk.exports.pdf_writer import write_pdf
from svdesk.exports.textcount import count, count_characters, count_words
from svdesk.exports.txt_writer import render_text

pytestmark = pytest.mark.both_stores


def _doc() -> m.Document:
    doc = m.Document(
        "Social value evidence pack",
        "Irwell Joinery Ltd",
        subtitle="SCC-PR-2025-041 · Schools joinery repairs and maintenance for Salford City Council",
        period="1 Apr 2025 – 31 Mar 2026",
        subject="Evidence pack",
        generated_on=date(2026, 4, 14),
    )
    s = doc.section("Summary")
    s.add(
        m.Figures(
            [
                m.KeyFigure("Local spend", "£26,688.79", "65.6% of spend"),
                m.KeyFigure("Local jobs", "9.50 FTE"),
            ]
        )
    )
    rows = [
        [f"Supplier {i:02d} Ltd", date(2025, 4, 1 + i % 28), 12_345 * (i + 1), i % 3 == 0] for i in range(80)
    ]
    table = m.Table(
        [
            m.Column("Supplier"),
            m.Column("Date", m.DATE),
            m.Column("Spend", m.MONEY, total=True),
            m.Column("Local"),
        ],
        [r[:3] + ["Yes" if r[3] else "No"] for r in rows],
        caption="Spend lines",
    )
    s.add(table)
    s.add(
        m.Chart(
            "Spend by month",
            ["Apr", "May", "Jun"],
            [
                m.Series("All spend", [400_000, 520_000, 310_000], "other"),
                m.Series("Local", [260_000, 300_000, 150_000], "local"),
            ],
            unit=m.MONEY,
        )
    )
    p = doc.section("People and skills")
    p.empty()
    p.add(m.Section("Apprenticeships", [m.Paragraph("Two apprentices, level 2 and level 3.")], level=2))
    doc.sources = ["Contains OS data © Crown copyright and database right."]
    return doc


def test_pdf_text_metadata_outline_and_page_numbers(tmp_path):
    path = write_pdf(_doc(), tmp_path / "pack.pdf")
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Irwell Joinery Ltd" in reader.pages[0].extract_text()
    assert "Social value evidence pack" in reader.pages[0].extract_text()
    assert "£26,688.79" in text and "9.50 FTE" in text
    total = sum(12_345 * (i + 1) for i in range(80))
    assert f"£{total / 100:,.2f}" in text  # the totals row
    assert "No records of this kind yet." in text
    assert "Sources and method" in text and "Crown copyright" in text
    n = len(reader.pages)
    assert n >= 4
    assert f"Page 2 of {n}" in reader.pages[1].extract_text()
    assert f"Page {n} of {n}" in reader.pages[-1].extract_text()
    assert "Page 1 of" not in reader.pages[0].extract_text()  # no number on the cover
    meta = reader.metadata
    assert meta.title == "Social value evidence pack"
    assert meta.author == "Irwell Joinery Ltd"
    assert meta.subject == "Evidence pack"
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline[:2] == ["Summary", "People and skills"]
    assert "Contents" in reader.pages[1].extract_text()


def test_pdf_text_is_set_in_the_embedded_unicode_font(tmp_path):
    import re

    reader = PdfReader(write_pdf(_doc(), tmp_path / "pack.pdf"))
    used = set()
    for page in reader.pages:
        fonts = {
            k: str(v.get_object()["/BaseFont"]) for k, v in (page["/Resources"].get("/Font") or {}).items()
        }
        content = page.get_contents().get_data().decode("latin-1")
        # Only text blocks that draw something (empty "BT /F 10 Tf ET" state resets don't count).
        for block in re.findall(r"BT(.*?)ET", content, re.S):
            if "Tj" in block or "TJ" in block:
                used |= {fonts[n] for n in re.findall(r"(/F[0-9]+(?:\+0)?) [0-9.]+ Tf", block)}
    assert used and all("DejaVuSans" in f for f in used), used


def test_long_tables_repeat_their_header_on_each_page(tmp_path):
    reader = PdfReader(write_pdf(_doc(), tmp_path / "pack.pdf"))
    pages_with_rows = [
        p.extract_text()
        for p in reader.pages
        if "Supplier 0" in p.extract_text() or "Supplier 7" in p.extract_text()
    ]
    assert len(pages_with_rows) >= 2
    assert all("Supplier" in t and "Spend" in t and "Date" in t for t in pages_with_rows)


def test_docx_has_headings_tables_and_metadata(tmp_path):
    path = write_docx(_doc(), tmp_path / "pack.docx")
    d = read_docx(str(path))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert "Summary" in headings and "Apprenticeships" in headings
    assert d.core_properties.author == "Irwell Joinery Ltd"
    supplier_table = next(t for t in d.tables if t.rows[0].cells[0].text == "Supplier")
    assert supplier_table.rows[1].cells[2].text == "£123.45"
    assert supplier_table.rows[-1].cells[0].text == "Total"
    header_xml = supplier_table.rows[0]._tr.xml
    assert "tblHeader" in header_xml and "cantSplit" in header_xml


def test_plain_text_for_a_portal():
    text = render_text(_doc())
    assert text.startswith("SUMMARY")
    assert "- Local spend: £26,688.79 (65.6% of spend)" in text
    assert "\n\n\n" not in text


def test_word_and_character_counts():
    answer = "We will create 2 apprenticeships, each at level 2 or above.\nLed by our champion."
    assert count_words(answer) == 15
    assert count_characters(answer) == len(answer)
    assert count_characters("a b\r\nc") == 5
    c = count(answer, 10, "words")
    assert c.over and "5 words over the limit" in c.describe()
    c = count(answer, 500, "characters")
    assert not c.over and f"{500 - len(answer)} characters to spare" in c.describe()
    assert count("", None).describe() == "0 words · 0 characters"


def test_status_is_a_word_with_its_colour(tmp_path):
    doc = m.Document("Delivery", "Irwell Joinery Ltd")
    doc.section("Commitments").add(
        m.Table(
            [m.Column("Commitment"), m.Column("Status", status=True)],
            [["Apprenticeship weeks", "Behind"], ["Local spend", "On track"]],
        )
    )
    text = "\n".join(p.extract_text() for p in PdfReader(write_pdf(doc, tmp_path / "d.pdf")).pages)
    words = " ".join(text.split())
    assert "● Behind" in words and "● On track" in words
