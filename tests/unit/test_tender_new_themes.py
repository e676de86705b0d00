"""Tender drafts recognise the new measures (issue 17 point 2): a question on wellbeing, equality,
fair work, subcontracting, qualifications, apprentice retention or completion, or asking how
many jobs or apprentices, drafts the measure it names; and a commitment the user named in the
buyer's own KPI wording is written in that wording in the tender response and schedule."""

from __future__ import annotations

from datetime import date

import pytest

from svdesk.exports.build_common import ExportRequest, resolve
from svdesk.exports.build_tender import schedule_workbook
from svdesk.exports.tender_draft import draft_answer
from svdesk.exports.tender_response import draft_text
from svdesk.exports.tender_spec import spec_from_commitments
from svdesk.exports.tender_targets import targets
from svdesk.services import activities
from svdesk.services.activity_kinds import default_values
from svdesk.services.commitments import list_commitments
from svdesk.services.contract_return import save_buyer_kpi
from svdesk.services.contracts import find_contract
from svdesk.services.tender_facts import gather

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 11, 23)


@pytest.fixture
def bid_facts(demo_store):
    """The demo's Manchester bid, with an apprenticeship completed and a course passed in the
    last twelve months (the demo itself has neither)."""
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    activities.save_record(
        demo_store,
        "apprenticeship",
        default_values("apprenticeship")
        | dict(
            date=date(2025, 4, 7),
            contract_id=scc.id,
            additional=True,
            standard="Bench joinery",
            level=3,
            status="completed",
            actual_end_date=date(2026, 6, 26),
        ),
    )
    activities.save_record(
        demo_store,
        "training_course",
        default_values("training_course")
        | dict(
            date=date(2026, 5, 11),
            end_date=date(2026, 5, 13),
            contract_id=scc.id,
            additional=True,
            course="Emergency first aid at work",
            qualification="EFAW",
            weeks=0.6,
            learners=4,
            qualified=4,
        ),
    )
    return gather(demo_store, find_contract(demo_store, "MCC-T-2026-118").id, today=TODAY)


def test_the_new_measures_are_offered_from_the_run_rate(bid_facts):
    table = targets(bid_facts)
    for key in (
        "new_jobs",
        "apprentice_starts",
        "apprentices_completed",
        "apprentice_completion_rate",
        "qualifications_achieved",
        "wellbeing_programme_staff",
        "edi_trained_staff",
        "guaranteed_hours_staff",
        "subcontract_opportunities_advertised",
    ):
        assert key in table, key


NUMBER_QUESTIONS = [
    (
        "How many apprentices will you take on as a result of this contract?",
        "apprentice_starts",
        "apprentice",
    ),
    ("How many new jobs will you create on this contract?", "new_jobs", "job"),
    (
        "How many apprentices will complete their apprenticeship during the contract?",
        "apprentices_completed",
        "apprentice",
    ),
    (
        "What percentage of apprentices will you retain to the end of their apprenticeship "
        "(apprentice retention)?",
        "apprentice_completion_rate",
        "%",
    ),
    (
        "How many qualifications will staff on this contract achieve?",
        "qualifications_achieved",
        "qualification",
    ),
    (
        "How many subcontracting opportunities will you advertise to SMEs and VCSEs?",
        "subcontract_opportunities_advertised",
        "opportunit",
    ),
    (
        "How many staff on this contract will have access to a wellbeing programme?",
        "wellbeing_programme_staff",
        "person",
    ),
    ("How many staff will be trained in equality, diversity and inclusion?", "edi_trained_staff", "person"),
    (
        "Under fair work, how many staff will you move from zero hours onto guaranteed hours?",
        "guaranteed_hours_staff",
        "person",
    ),
]


@pytest.mark.parametrize("question,key,word", NUMBER_QUESTIONS)
def test_a_question_asking_for_a_number_drafts_the_measure_it_names(bid_facts, question, key, word):
    table = targets(bid_facts)
    draft = draft_answer(bid_facts, question, 60, "words")
    assert draft.kind == "number"
    figure = draft.text().split("\n")[0]
    t = table[key]
    assert figure.startswith(f"{t.safe:g}") and word in figure, figure
    assert any(p.startswith(t.name) for p in draft.proposals)  # the figure's basis is shown


def test_how_many_apprentices_is_a_count_not_weeks(bid_facts):
    draft = draft_answer(bid_facts, "How many apprentices will you employ on this contract?", 40, "words")
    first = draft.text().split("\n")[0]
    assert "week" not in first and "apprentice" in first


PLAN_QUESTIONS = [
    (
        "Set out the commitments you will make to improve the wellbeing of staff on this contract, "
        "with KPIs and timed milestones.",
        "wellbeing",
        "Staff given access to a wellbeing programme",
    ),
    (
        "Set out your commitments on equality, diversity and inclusion for this contract, with KPIs "
        "and milestones.",
        "equality",
        "Staff trained in equality, diversity and inclusion",
    ),
    (
        "Set out your fair work commitments for this contract, with KPIs and milestones.",
        "fair_work",
        "Contract staff moved onto guaranteed hours",
    ),
    (
        "Set out how you will commit to subcontracting opportunities for SMEs and VCSEs, with KPIs "
        "and milestones.",
        "supply_chain",
        "Subcontracting opportunities advertised to SMEs and VCSEs",
    ),
    (
        "Set out your commitments on the qualifications your workforce will gain, with KPIs and milestones.",
        "employment",
        "Qualifications achieved",
    ),
    (
        "Set out your commitments on apprentice retention and completion, with KPIs and milestones.",
        "employment",
        "Apprentices who stayed to completion",
    ),
]


@pytest.mark.parametrize("question,theme,name", PLAN_QUESTIONS)
def test_a_delivery_plan_on_a_new_theme_commits_the_new_measure(bid_facts, question, theme, name):
    draft = draft_answer(bid_facts, question, 500, "words")
    assert draft.kind == "delivery_plan" and draft.theme == theme
    assert f"{name}:" in draft.text(), draft.text()


def test_a_wellbeing_policy_answer_names_the_measure_on_this_contract(bid_facts):
    draft = draft_answer(
        bid_facts, "Describe your approach to the health and wellbeing of your workforce.", 400, "words"
    )
    assert draft.kind == "policy"
    assert "Staff given access to a wellbeing programme:" in draft.text()


# --- the buyer's own KPI wording -------------------------------------------------------------


def test_the_buyers_kpi_wording_names_the_commitment_in_the_response_and_schedule(demo_store):
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    ctx = resolve(demo_store, ExportRequest("tender", contract_ref=scc.reference))
    jobs = next(c for c in list_commitments(demo_store, scc.id) if c.measure_key == "local_jobs_fte_years")
    spend = next(c for c in list_commitments(demo_store, scc.id) if c.measure_key == "local_spend_gbp")
    before = draft_text(ctx, spec_from_commitments(ctx))
    assert "Local people employed on the contract: 10 FTE-years" in before
    save_buyer_kpi(demo_store, jobs.id, "SV3", "Local people employed")
    save_buyer_kpi(demo_store, spend.id, "SV9", "")  # a code only
    spec = spec_from_commitments(ctx)
    text = draft_text(ctx, spec)
    assert "SV3 Local people employed (svdesk: Local people employed on the contract): 10 FTE-years" in text
    assert "SV9 Spend with local suppliers: £40,000" in text
    assert "Apprenticeship weeks on the contract: 104 weeks" in text  # none given: svdesk's
    book = schedule_workbook(ctx, spec)
    names = [r[0] for r in book.sheets[0].table.rows]
    assert "SV3 Local people employed (svdesk: Local people employed on the contract)" in names
    plan = [r[2] for r in book.sheets[1].table.rows]
    assert "SV3 Local people employed (svdesk: Local people employed on the contract)" in plan
    assert spec.commitments[0].measure_name == "Local people employed on the contract"  # kept


def test_the_buyers_kpi_wording_names_the_commitment_in_bid_drafts(demo_store):
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    jobs = next(c for c in list_commitments(demo_store, scc.id) if c.measure_key == "local_jobs_fte_years")
    save_buyer_kpi(demo_store, jobs.id, "SV3", "Local people employed")
    facts = gather(demo_store, scc.id, today=TODAY)
    draft = draft_answer(
        facts,
        "Set out your commitments on local jobs and skills for this contract, with KPIs and milestones.",
        500,
        "words",
    )
    assert (
        "SV3 Local people employed (svdesk: Local people employed on the contract): "
        "10 FTE-years" in draft.text()
    )
