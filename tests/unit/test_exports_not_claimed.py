"""Issue 15, point 3: nothing recorded is silently dropped. Records left out of a figure (here:
additionality not yet confirmed, or marked not additional) are listed in every document with
their count, why, and their value at the proxy; confirming one counts it in the figure."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

import svdesk.services.measures  # noqa: F401 (what these exports count with: a broken import fails here)
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 12, 5)
FY = dict(start=date(2025, 4, 1), end=date(2026, 3, 31))
# The demo's FY 2025/26: £600 of donations (valued at face value), 6 pro-bono hours (no shipped
# proxy) and 12 volunteering hours (the shipped ONS ASHE proxy) not yet confirmed as additional;
# two training courses left out.


def shipped_pence(key: str) -> int:
    """The shipped default £ per unit (resources/proxies/defaults.csv), in pence."""
    from svdesk.services.proxies import shipped_defaults

    return next(p.pence_per_unit for p in shipped_defaults() if p.measure_key == key)


def _money(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


VOLUNTEERING = 12 * shipped_pence("volunteering_hours")
DONATIONS = 60000 * shipped_pence("donations_gbp") // 100
HEADLINE = (
    f"Recorded, not claimed: 6 records ({_money(VOLUNTEERING + DONATIONS)} at the proxy; "
    "3 have no proxy value)"
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    "kind,suffix", [("pack", ".pdf"), ("pack", ".docx"), ("statement", ".pdf"), ("statement", ".docx")]
)
def test_every_document_lists_what_it_does_not_claim(demo_store, tmp_path, kind, suffix):
    out = tmp_path / f"{kind}{suffix}"
    export_now(demo_store, ExportRequest(kind, today=TODAY, **FY), out)
    if suffix == ".pdf":
        text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    else:
        text = "\n".join(p.text for p in WordDocument(out).paragraphs)
    text = _flat(text)
    assert HEADLINE in text
    assert (
        f"Staff volunteering hours: 1 record (12.00 hours, {_money(VOLUNTEERING)} at the "
        "proxy): additionality not yet confirmed."
    ) in text
    assert "Expert (pro-bono) staff hours: 1 record (6.00 hours, no proxy value)" in text
    assert (f"Donations to community projects: 2 records (£600.00, {_money(DONATIONS)} at the proxy)") in text


def test_the_workbook_has_a_sheet_of_what_is_not_claimed(demo_store, tmp_path):
    out = tmp_path / "w.xlsx"
    export_now(demo_store, ExportRequest("workbook", today=TODAY, **FY), out)
    ws = load_workbook(out)["Not claimed"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "Measure")
    body = {(r[0], r[1]): r for r in rows[header + 1 :] if r[0] and r[0] != "Total"}
    vol = body[("Staff volunteering hours", "additionality not yet confirmed")]
    assert (vol[2], vol[3], vol[5]) == (1, 12, VOLUNTEERING / 100)
    assert body[("Donations to community projects", "additionality not yet confirmed")][3] == 600


def test_confirming_a_record_claims_it_everywhere(demo_store, tmp_path):
    from svdesk.services.additionality import set_additional, unconfirmed
    from svdesk.services.measures import compute_measures

    def volunteering():
        return next(
            f for f in compute_measures(demo_store, None, today=TODAY, **FY) if f.key == "volunteering_hours"
        )

    before = volunteering()
    waiting = unconfirmed([before])
    assert len(waiting) == 1
    set_additional(demo_store, waiting[0][1].ref, True)
    after = volunteering()
    assert after.quantity == before.quantity + 12 and not unconfirmed([after])
    out = tmp_path / "pack.pdf"
    export_now(demo_store, ExportRequest("pack", today=TODAY, **FY), out)
    text = _flat("\n".join(p.extract_text() for p in PdfReader(out).pages))
    assert (
        f"Recorded, not claimed: 5 records ({_money(DONATIONS)} at the proxy; 3 have no proxy value)"
    ) in text


def test_a_record_excluded_stays_listed_as_not_additional(demo_store):
    from svdesk.services.additionality import set_additional, unconfirmed
    from svdesk.services.measures import compute_measures

    figures = compute_measures(demo_store, None, today=TODAY, **FY)
    pro_bono = next(f for f in figures if f.key == "expert_hours")
    ref = unconfirmed([pro_bono])[0][1].ref
    set_additional(demo_store, ref, False)
    again = next(f for f in compute_measures(demo_store, None, today=TODAY, **FY) if f.key == "expert_hours")
    c = next(c for c in again.contributions if c.ref == ref)
    assert not c.claimed and c.reason.startswith("Marked not additional")
    assert again.quantity == pro_bono.quantity
