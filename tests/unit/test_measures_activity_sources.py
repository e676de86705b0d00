"""The people and activity records feed the measure engine (hand-checked on the demo firm)."""

from datetime import date

import pytest

from svdesk.services.contracts import find_contract
from svdesk.services.measures import compute_measures

pytestmark = pytest.mark.both_stores

FY25 = (date(2025, 4, 1), date(2026, 3, 31))
TODAY = date(2026, 11, 23)


def shipped_pence(key: str) -> int:
    """The shipped default £ per unit (resources/proxies/defaults.csv), in pence."""
    from svdesk.services.proxies import shipped_defaults

    return next(p.pence_per_unit for p in shipped_defaults() if p.measure_key == key)


@pytest.fixture
def figures(demo_store):
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    return {f.key: f for f in compute_measures(demo_store, scc.id, *FY25, today=TODAY)}


def test_activity_records_are_counted_by_the_rules(figures):
    # volunteering on the contract: 7 hours x 4 staff on 4 Jul 2025 (the Foodbank day in
    # December is organisation-wide, and the June 2026 day is in the next year)
    assert figures["volunteering_hours"].quantity == 28
    assert figures["volunteering_hours"].value_pence == 28 * shipped_pence("volunteering_hours")
    # careers talk 1.5 h x 28 pupils + mock interviews 3 h x 12 = 42 + 36
    assert figures["learning_intervention_hours"].quantity == 78
    # T Level placement: 45 days, 3 Nov 2025 to 27 Mar 2026, all inside the year
    assert figures["work_placement_days"].quantity == 45
    # NVQ: 26 weeks x 80% attribution; the CSCS course is marked not additional
    training = figures["training_weeks"]
    assert training.quantity == pytest.approx(20.8)
    assert [c.reason for c in training.contributions if not c.claimed] == [
        "Marked not additional: listed, not claimed."
    ]
    # apprentices: IJ-013 from 1 Sep 2025 (212 days) and IJ-014 from 12 Jan 2026 (79 days)
    assert figures["apprenticeship_weeks"].quantity == pytest.approx(52 * (212 + 79) / 365)
    assert figures["apprenticeship_weeks"].breakdown == pytest.approx({"Level 2": 52 * (212 + 79) / 365})


def test_people_become_local_jobs_hires_and_a_wage_share(figures):
    jobs = figures["local_jobs_fte_years"]
    by_label = {c.label: c for c in jobs.contributions}
    # IJ-013 lives in Salford (M6 8HD), full time, 80% on the contract, from 1 Sep 2025
    assert by_label["IJ-013"].claimed
    assert by_label["IJ-013"].quantity == pytest.approx(0.8 * 212 / 365)
    # IJ-005 lives in Manchester (M14 5RB): listed, not local
    assert not by_label["IJ-005"].claimed and "outside" in by_label["IJ-005"].reason
    assert jobs.records == sum(1 for c in jobs.contributions if c.claimed)
    hires = figures["priority_group_hires"]
    assert (hires.quantity, hires.breakdown) == (1, {"neet": 1})
    # the demo firm is a Real Living Wage employer: everyone on the contract is paid it
    assert figures["real_living_wage_share"].quantity == pytest.approx(100)
    assert figures["co2e_tonnes"].quantity > 0 and figures["co2e_tonnes"].value_pence is None


def test_organisation_wide_figures_include_records_tied_to_no_contract(demo_store):
    everything = {f.key: f for f in compute_measures(demo_store, None, *FY25, today=TODAY)}
    # the two donations (£350 in kind, £250) are organisation-wide and nobody has said yet
    # whether they are additional: both listed, neither claimed
    donations = everything["donations_gbp"]
    assert donations.quantity == 0 and len(donations.contributions) == 2
    assert {c.label for c in donations.contributions} == {"Salford Men's Shed (in kind)", "Salford Foodbank"}
    # the Foodbank day (4 h x 3) is not yet confirmed as additional: listed, not claimed
    vol = everything["volunteering_hours"]
    assert vol.quantity == 28
    assert any("Not yet confirmed" in c.reason for c in vol.contributions)


def test_evidence_links_mark_records_evidenced(figures):
    vol = figures["volunteering_hours"]
    assert [c.evidenced for c in vol.contributions] == [True]
    assert vol.evidence_coverage == 1.0


def test_spend_lines_feed_the_spend_measures_with_suppliers_in_the_drill_down(demo_store):
    from svdesk.services.measures import spend_summary
    from svdesk.services.spend_analysis import SpendQuery, analyse_spend

    scc = find_contract(demo_store, "SCC-PR-2025-041")
    direct = analyse_spend(demo_store, SpendQuery(contract_id=scc.id, start=FY25[0], end=FY25[1]))
    assert direct.total_pence > 0  # the demo has spend on the contract
    summary = spend_summary(demo_store, scc.id, *FY25)
    assert (summary.total_pence, summary.local_pence, summary.sme_pence, summary.vcse_pence) == (
        direct.total_pence,
        direct.local_pence,
        direct.sme_pence,
        direct.vcse_pence,
    )
    assert summary.unknown_postcode_count == direct.unknown_suppliers
    figures = {f.key: f for f in compute_measures(demo_store, scc.id, *FY25, today=TODAY)}
    local = figures["local_spend_gbp"]
    assert local.quantity == pytest.approx(direct.local_pence / 100)
    assert sum(c.quantity for c in local.contributions if c.claimed) == pytest.approx(local.quantity)
    unknown = [c for c in local.contributions if not c.claimed and "postcode" in c.reason.lower()]
    assert len(unknown) == direct.unknown_suppliers
