"""Jobs, evidence and case studies in the exports agree with the people and evidence services."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now
from svdesk.services import case_studies, evidence, people
from svdesk.services.contracts import find_contract

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"


def _table(ws, first_heading):
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    h = next(i for i, r in enumerate(rows) if r[0] == first_heading)
    body = [r for r in rows[h + 1 :] if r[0] is not None]
    return rows[h], body


def test_jobs_sheet_matches_the_people_records(demo_store, tmp_path):
    cid = find_contract(demo_store, CONTRACT).id
    views = [v for v in people.list_people(demo_store, contract_id=cid) if not v.person.erased_on]
    assert views, "the demo has people on the Salford contract"
    out = tmp_path / "w.xlsx"
    export_now(
        demo_store,
        ExportRequest("workbook", contract_ref=CONTRACT, start=date(2025, 4, 1), end=date(2026, 3, 31)),
        out,
    )
    header, body = _table(load_workbook(out)["Jobs and skills"], "Job")
    jobs = [dict(zip(header, r, strict=True)) for r in body if r[0] != "Total"]
    expected = [
        v
        for v in views
        if not (v.person.start_date and v.person.start_date > date(2026, 3, 31))
        and not (v.person.leave_date and v.person.leave_date < date(2025, 4, 1))
    ]
    assert len(jobs) == len(expected)
    assert sorted(j["Home postcode district"] for j in jobs) == sorted(
        v.person.postcode.split()[0] for v in expected
    )
    assert sum(j["FTE"] for j in jobs) == pytest.approx(sum(round(v.fte, 2) for v in expected))
    total = next(r for r in body if r[0] == "Total")
    assert str(total[header.index("FTE")]).startswith("=SUM(")
    text = " ".join(str(c) for r in body for c in r)
    for v in views:
        assert v.person.reference not in text
        assert v.person.postcode not in text


def test_evidence_register_lists_every_file_with_its_fingerprint(demo_store, tmp_path):
    files = evidence.list_evidence(demo_store)
    assert files
    out = tmp_path / "w.xlsx"
    export_now(demo_store, ExportRequest("workbook"), out)
    header, body = _table(load_workbook(out)["Evidence register"], "Ref")
    rows = [dict(zip(header, r, strict=True)) for r in body]
    assert [r["File name"] for r in rows] == [e.original_name for e in files]
    assert [r["SHA-256"] for r in rows] == [e.sha256 for e in files]
    assert all(len(r["SHA-256"]) == 64 for r in rows)


def test_only_case_studies_with_consent_are_printed(demo_store, tmp_path):
    cid = find_contract(demo_store, CONTRACT).id
    case_studies.save_case_study(
        demo_store,
        case_studies.CaseStudyData(
            title="A story we may not tell",
            story="Withheld: no consent was given.",
            consent_given=False,
            contract_id=cid,
            date=date(2025, 9, 1),
        ),
    )
    consented = [c for c in case_studies.list_case_studies(demo_store, cid) if c.consent_given]
    out = tmp_path / "pack.pdf"
    export_now(demo_store, ExportRequest("pack", contract_ref=CONTRACT), out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "A story we may not tell" not in text
    for c in consented:
        assert c.title in text


def test_environment_sheet_carries_each_records_carbon(demo_store, tmp_path):
    from svdesk.services import activities

    recs = activities.list_records(demo_store, "emission_record")
    in_year = [r for r in recs if date(2025, 4, 1) <= r.values["date"] <= date(2026, 3, 31)]
    assert in_year
    out = tmp_path / "w.xlsx"
    export_now(demo_store, ExportRequest("workbook", year=2025), out)
    header, body = _table(load_workbook(out)["Environment"], "From")
    rows = [dict(zip(header, r, strict=True)) for r in body if r[0] != "Total"]
    # each record's whole carbon, before attribution, in its labelled column
    assert sum(r["t CO2e recorded (whole record)"] or 0 for r in rows) == pytest.approx(
        sum(r.derived["tonnes_co2e"] for r in in_year)
    )
    activity_header, activity_rows = _table(load_workbook(out)["Activity log"], "Date")
    kinds = {r[activity_header.index("Kind")] for r in activity_rows}
    assert "Energy, fuel and travel" in kinds


def test_a_contracts_evidence_register_holds_only_its_own_files(demo_store, tmp_path):
    from svdesk.exports.build_common import resolve

    everything = resolve(demo_store, ExportRequest("workbook")).evidence()
    mine = resolve(demo_store, ExportRequest("workbook", contract_ref=CONTRACT)).evidence()
    other = resolve(demo_store, ExportRequest("workbook", contract_ref="MCC-T-2026-118")).evidence()
    assert mine and len(mine) < len(everything)
    assert other == []  # a bid with no records yet has no evidence
    by_ref = {e.ref: e for e in everything}
    for e in mine:  # same EV numbers as the full register
        assert by_ref[e.ref].sha256 == e.sha256
