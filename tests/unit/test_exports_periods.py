"""Issue 15, point 2: periods that mean what they say (the pack and the statement; the contract
return has its own tests)."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

import svdesk.services.measures  # noqa: F401 (what these exports count with: a broken import fails here)
from svdesk.exports import model as m
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 12, 5)
SALFORD, MANCHESTER = "SCC-PR-2025-041", "MCC-T-2026-118"


def _export(store, tmp_path, kind, suffix=".pdf", **kw):
    out = tmp_path / f"{kind}-{kw.get('contract_ref') or 'org'}{suffix}"
    result = export_now(store, ExportRequest(kind, today=TODAY, **kw), out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages) if suffix == ".pdf" else ""
    return result.report, text


def _section(doc, heading):
    return next(s for s in doc.sections if s.heading == heading)


def _text(section) -> str:
    return " ".join(m.walk_text(section))


def test_the_organisation_pack_covers_the_last_complete_year(demo_store, tmp_path):
    doc, text = _export(demo_store, tmp_path, "pack")
    assert doc.period == "1 Apr 2025 – 31 Mar 2026"
    assert "31 Mar 2027" not in text


def test_a_period_still_running_says_so_far(demo_store, tmp_path):
    book, _ = _export(demo_store, tmp_path, "workbook", ".xlsx")
    assert book.period == "1 Apr 2026 – 5 Dec 2026, part year so far (the year ends 31 Mar 2027)"
    doc, text = _export(demo_store, tmp_path, "pack", start=date(2026, 10, 1), end=date(2026, 12, 31))
    assert doc.period == "1 Oct 2026 – 5 Dec 2026, part quarter so far (the quarter ends 31 Dec 2026)"
    assert "part quarter so far" in " ".join(text.split())


@pytest.mark.parametrize("kind", ["pack", "statement"])
def test_a_bid_shows_the_track_record_and_says_so(demo_store, tmp_path, kind):
    from svdesk.services.measures import compute_measures

    doc, text = _export(demo_store, tmp_path, kind, contract_ref=MANCHESTER)
    flat = " ".join(text.split())
    assert "MCC-T-2026-118 is at bid stage" in flat and "track record" in flat
    assert doc.period == "Track record: 1 Apr 2025 – 31 Mar 2026"
    # the figures are the organisation's for that year, not zeros for the future term
    year = {
        f.key: f for f in compute_measures(demo_store, None, date(2025, 4, 1), date(2026, 3, 31), today=TODAY)
    }
    printed = [
        e for e in doc.figures if e.key in year and e.basis == "counted" and e.start == date(2025, 4, 1)
    ]
    assert printed and all(e.scope == "organisation" for e in printed)
    for e in printed:
        assert e.value == pytest.approx(year[e.key].quantity)
    # "Real Living Wage % 0.00" for an accredited employer was the defect
    assert next(e for e in printed if e.key == "real_living_wage_share").value == 100
    assert "Earlier contracts for Manchester City Council or its area" in flat


def test_last_year_not_recorded_is_said_never_zero(demo_store, tmp_path):
    from svdesk.services.activities import save_record
    from svdesk.services.activity_kinds import default_values

    # pro bono work this year; last year's (FY 2025/26) is not yet confirmed as additional
    save_record(
        demo_store,
        "pro_bono",
        default_values("pro_bono")
        | dict(
            date=date(2026, 5, 12),
            organisation_helped="Ordsall Community Arts",
            hours=4,
            expertise="Drawings",
            additional=True,
        ),
    )
    doc, text = _export(demo_store, tmp_path, "statement", year=2026)
    table = next(b for b in _section(doc, "This year compared with last").blocks if isinstance(b, m.Table))
    last = dict(zip(table.column("Measure"), table.column("Last year"), strict=True))
    assert last["Expert (pro-bono) staff hours"] == "not recorded"
    assert last["Local people employed on the contract"] == pytest.approx(5.10, abs=0.01)
    assert not any(v == 0 for v in last.values())


def test_next_year_is_each_commitments_share_of_that_year(demo_store, tmp_path):
    from svdesk.services.commitments import contract_delivery
    from svdesk.services.contracts import find_contract

    doc, _ = _export(demo_store, tmp_path, "statement", contract_ref=SALFORD)
    section = _section(doc, "What we commit to next year")
    table = next(b for b in section.blocks if isinstance(b, m.Table))
    due = dict(zip(table.column("Commitment"), table.column("Due next year"), strict=True))
    cid = find_contract(demo_store, SALFORD).id
    for r in contract_delivery(demo_store, cid, TODAY):
        rows = r.delivery.rows  # the contract starts 1 Apr 2025: Q5–Q8 are FY 2026/27
        want = r.delivery.term_target if r.measure.unit == "%" else rows[7].due - rows[3].due
        assert due[r.measure.name] == pytest.approx(want)
    assert (
        due["Staff volunteering hours"]
        < table.column("Target over the term")[table.column("Commitment").index("Staff volunteering hours")]
    )


def test_a_contracts_statement_lists_its_own_commitments_only(demo_store, tmp_path):
    doc, _ = _export(demo_store, tmp_path, "statement", contract_ref=MANCHESTER)
    assert SALFORD not in _text(_section(doc, "What we commit to next year"))
    doc, _ = _export(demo_store, tmp_path, "statement", contract_ref=SALFORD)
    assert SALFORD in _text(_section(doc, "What we commit to next year"))


def test_a_bid_lists_earlier_contracts_for_the_same_buyer(demo_store, tmp_path):
    from dataclasses import replace

    from svdesk.services.activities import save_record
    from svdesk.services.activity_kinds import default_values
    from svdesk.services.contracts import find_contract, save_contract

    bid = find_contract(demo_store, MANCHESTER)
    earlier = save_contract(
        demo_store,
        replace(
            bid,
            id=None,
            reference="MCC-T-2025-007",
            title="Library repairs",
            status="complete",
            start_date=date(2025, 5, 1),
            end_date=date(2025, 10, 31),
        ),
    )
    save_record(
        demo_store,
        "volunteering",
        default_values("volunteering")
        | dict(
            date=date(2025, 7, 9),
            contract_id=earlier.id,
            additional=True,
            organisation_helped="Hulme library friends",
            hours=5,
            volunteers=3,
        ),
    )
    doc, text = _export(demo_store, tmp_path, "pack", contract_ref=MANCHESTER)
    section = _section(doc, "Earlier contracts for Manchester City Council or its area")
    table = next(b for b in section.blocks if isinstance(b, m.Table))
    rows = {(r[0], r[2]): r[3] for r in table.rows}
    assert rows[("MCC-T-2025-007", "Staff volunteering hours")] == 15
    assert not any(r[0] == SALFORD for r in table.rows)
    assert "MCC-T-2025-007" in text
