"""The tender response draft: commitments, a timed plan, KPIs, governance and past delivery."""

from __future__ import annotations

from datetime import date

import pytest

from svdesk.exports.build_common import ExportRequest, resolve
from svdesk.exports.build_tender import text_to_document
from svdesk.exports.tender_response import draft_text, plan_table
from svdesk.exports.tender_spec import TenderCommitment, TenderSpec, load_spec, save_spec
from svdesk.exports.textcount import count_words

pytestmark = pytest.mark.both_stores


def _spec() -> TenderSpec:
    return TenderSpec(
        "MCC-T-2026-118",
        "Describe the social value you will deliver.",
        "",
        "MAC 2.2",
        750,
        "words",
        "Dawn Okafor, operations manager",
        [
            TenderCommitment(
                "apprenticeship_weeks",
                "Apprenticeship weeks on the contract",
                "weeks",
                104,
                "quarterly",
                "Workshop manager",
                "The Manchester College",
                "Weeks on site from timesheets.",
                "Apprenticeship agreements",
            ),
            TenderCommitment(
                "local_spend_gbp", "Spend with local suppliers", "GBP", 30000, "by_end", "Office manager"
            ),
            TenderCommitment(
                "real_living_wage_share",
                "Workforce paid the Real Living Wage",
                "%",
                100,
                "quarterly",
                "Managing director",
            ),
        ],
    )


def test_plan_is_timed_by_the_contracts_own_quarters(demo_store):
    ctx = resolve(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118"))
    rows = plan_table(ctx, _spec()).rows
    apprentice = [r for r in rows if r[2].startswith("Apprenticeship")]
    assert [r[0] for r in apprentice] == ["Q1", "Q2", "Q3", "Q4"]
    assert apprentice[0][1] == date(2027, 1, 4)  # the contract starts 4 Jan 2027
    assert [r[3] for r in apprentice] == [26, 52, 78, 104]
    spend = [r for r in rows if r[2].startswith("Spend")]
    assert [(r[0], r[3]) for r in spend] == [("Q4", 30000)]  # due by the end only
    wage = [r[3] for r in rows if r[2].startswith("Workforce")]
    assert wage == [100, 100, 100, 100]  # a level, every quarter


def test_draft_text_reads_as_an_answer(demo_store):
    ctx = resolve(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118"))
    text = draft_text(ctx, _spec())
    assert text.startswith("OUR COMMITMENTS")
    assert (
        "Apprenticeship weeks on the contract: 104 weeks, spread evenly, every quarter, "
        "led by our workshop manager, with The Manchester College." in text
    )
    assert "Spend with local suppliers: £30,000, by the end of the contract" in text
    assert "Workforce paid the Real Living Wage: 100 %, maintained every quarter" in text
    assert "Weeks on site from timesheets.." not in text
    assert "led by Operations manager" in text or "led by our operations manager" in text
    assert "Describe the social value" not in text  # the question is not the answer
    for heading in (
        "METHOD STATEMENT",
        "DELIVERY PLAN BY QUARTER",
        "KPIS, MEASUREMENT AND EVIDENCE",
        "GOVERNANCE",
        "PAST DELIVERY",
    ):
        assert heading in text
    assert count_words(text) < 750


def test_edited_text_round_trips_into_a_document(demo_store):
    ctx = resolve(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118"))
    doc = text_to_document(
        ctx,
        _spec(),
        "OUR COMMITMENTS\n\nWe will.\n\n- One\n- Two\n\nKPIS, MEASUREMENT AND EVIDENCE\n\nCounted monthly.",
    )
    headings = [s.heading for s in doc.sections]
    assert headings == ["The question", "OUR COMMITMENTS", "KPIS, MEASUREMENT AND EVIDENCE"]
    assert doc.sections[0].in_plain_text is False


def test_spec_is_saved_in_the_database_as_the_bids_first_question(demo_store):
    from svdesk.services.bids import list_questions

    spec = _spec()
    spec.draft = "OUR COMMITMENTS\n\nEdited."
    save_spec(demo_store, spec)
    assert not demo_store.path.with_name(f"{demo_store.path.stem}-tenders").exists()
    again = load_spec(demo_store, "MCC-T-2026-118")
    assert again.draft == spec.draft and again.commitments == spec.commitments
    assert (again.question, again.limit, again.champion) == (spec.question, 750, spec.champion)
    assert [q.number for q in list_questions(demo_store)] == [1]


def test_per_year_commitments_and_milestones_reach_the_tender(demo_store):
    """#15: 5 FTE-years a year over a two-year term is 10; 60 hours a year is 120, with the
    commitment's own milestones (40 by Q4, 100 by Q8) in the plan."""
    from svdesk.exports.tender_spec import spec_from_commitments

    ctx = resolve(demo_store, ExportRequest("tender", contract_ref="SCC-PR-2025-041"))
    spec = spec_from_commitments(ctx)
    targets = {c.measure_key: c.target for c in spec.commitments}
    assert targets["local_jobs_fte_years"] == pytest.approx(10, abs=0.05)
    assert targets["volunteering_hours"] == pytest.approx(120, abs=0.5)
    rows = {r[0]: r[3] for r in plan_table(ctx, spec).rows if r[2] == "Staff volunteering hours"}
    assert rows["Q4"] == 40 and rows["Q8"] == 100


def test_the_users_words_are_exported_as_written(demo_store, tmp_path):
    from docx import Document as Docx

    from svdesk.exports.runner import export_now

    spec = _spec()
    spec.draft = (
        "CSCS AND NVQ SUPPORT\n\nEvery operative on site at M15 4PS holds a CSCS "
        "card.\n\nOur Apprentice lives at M15 5RN."
    )
    save_spec(demo_store, spec)
    out = tmp_path / "answer.txt"
    export_now(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118"), out)
    assert out.read_text(encoding="utf-8") == spec.draft + "\n"
    word = tmp_path / "answer.docx"
    export_now(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118"), word)
    paragraphs = [p.text for p in Docx(word).paragraphs]
    assert "CSCS AND NVQ SUPPORT" in paragraphs
    assert any("M15 4PS holds a CSCS card" in p for p in paragraphs)
