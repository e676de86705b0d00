"""No names, person references or full postcodes leave in an export, whatever the records hold."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from svdesk.exports import sources
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.privacy import district, find_full_postcodes, redact
from svdesk.exports.runner import export_now

pytestmark = pytest.mark.both_stores


def test_district_and_redaction():
    assert district("M5 4WT") == "M5"
    assert district("sw1a 1aa") == "SW1A"
    assert district("M54WT") == "M5"
    assert district("") == ""
    assert redact("Hired from M32 0JS, works at M5 4DE") == "Hired from M32, works at M5"
    assert redact("Invoice INV-2025-041 for £1,250") == "Invoice INV-2025-041 for £1,250"
    assert find_full_postcodes("ok M5 and M2 5DB") == ["M2 5DB"]


def _fake_people_module():
    def view(ref, postcode, group):
        person = SimpleNamespace(
            id=int(ref[-3:]),
            reference=ref,
            postcode=postcode,
            erased_on=None,
            start_date=date(2024, 9, 2),
            leave_date=None,
            contract_type="apprentice",
            job_status="new",
            weekly_hours=39.0,
            priority_group=group,
        )
        loc = SimpleNamespace(contract_id=1, result=SimpleNamespace(status=SimpleNamespace(value="local")))
        return SimpleNamespace(
            person=person, fte=1.0, localities=[loc], pay=SimpleNamespace(meets_living_wage=True)
        )

    return SimpleNamespace(
        PRIORITY_GROUPS={"neet": "Not in education, employment or training (16–24)"},
        list_people=lambda store, **kw: [view("IJ-007", "M5 4WT", "neet"), view("IJ-008", "M6 5PW", "")],
        person_ids=lambda store, **kw: {7, 8},
        taken_references=lambda store: {"IJ-007", "IJ-008"},
    )


def test_jobs_carry_districts_and_no_references(demo_store, tmp_path, monkeypatch):
    real = sources._module
    fake = _fake_people_module()
    monkeypatch.setattr(
        sources, "_module", lambda name: fake if name == "svdesk.services.people" else real(name)
    )
    summary = sources.people(demo_store, 1, date(2025, 4, 1), date(2026, 3, 31))
    assert [j.postcode_district for j in summary.jobs] == ["M5", "M6"]
    assert all(not hasattr(j, "reference") for j in summary.jobs)
    assert summary.priority_groups == {"Not in education, employment or training (16–24)": 1}
    out = tmp_path / "pack.pdf"
    export_now(demo_store, ExportRequest("pack", contract_ref="SCC-PR-2025-041"), out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "People and skills" in text and "M6" in text
    for secret in ("IJ-007", "IJ-008", "M5 4WT", "M6 5PW"):
        assert secret not in text


def test_typed_person_references_are_scrubbed_from_free_text():
    from svdesk.exports import model as m
    from svdesk.exports.privacy import scrub

    doc = m.Document("Pack", "Irwell Joinery Ltd")
    doc.section("Evidence").add(
        m.Table(
            [m.Column("File"), m.Column("Spend", m.MONEY)],
            [["IJ-014-agreement.pdf", 1200], ["Invoice for IJ-0145 timber", 300]],
        ),
        m.Paragraph("IJ-014 started in January; see IJ-014's file."),
    )
    scrub(doc, {"IJ-014", "IJ-003"})
    table, para = doc.sections[0].blocks
    assert table.rows == [["[person]-agreement.pdf", 1200], ["Invoice for IJ-0145 timber", 300]]
    assert para.text == "[person] started in January; see [person]'s file."


def test_the_reference_pattern_matches_as_the_plain_list_of_references_would():
    """scrub matches references through a trie (fast to build for thousands of people): it
    must replace exactly what the plain alternation, longest first, replaces."""
    import random
    import re

    from svdesk.exports.privacy import _alternatives

    def plain(refs):
        return re.compile(
            r"(?<!\w)(" + "|".join(re.escape(r) for r in sorted(refs, key=len, reverse=True)) + r")(?!\w)"
        )

    def trie(refs):
        return re.compile(r"(?<!\w)(" + _alternatives(refs) + r")(?!\w)")

    refs = {"IJ-014", "IJ-0145", "IJ-01", "AB 12", "A.B", "x*y", "ÉT-1"}
    for text in (
        "IJ-0145 and IJ-014x and IJ-01-IJ-014",
        "AB 123 AB 12.",
        "A.B A-B x*yz x*y",
        "ÉT-1 ÉT-12 _IJ-014 IJ-014_",
        "IJ-014IJ-014",
        "",
    ):
        assert trie(refs).sub("[p]", text) == plain(refs).sub("[p]", text), text
    rng = random.Random(7)
    alphabet = "ab-1 _.é"
    for _ in range(2000):
        refs = {
            "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(1, 12))
        }
        a, b = plain(refs), trie(refs)
        for _ in range(10):
            text = "".join(rng.choice(alphabet + "xyz") for _ in range(rng.randint(0, 30)))
            assert b.sub("[p]", text) == a.sub("[p]", text), (refs, text)
