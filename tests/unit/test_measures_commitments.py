"""Commitments per contract, with delivery per quarter from the measure sources."""

from datetime import date

import pytest

from svdesk.calc.commitments import AT_RISK, ON_TRACK
from svdesk.calc.counting import DatedRecord, hours_times_people
from svdesk.services import measure_sources as ms
from svdesk.services.commitments import (
    CommitmentData,
    contract_delivery,
    delete_commitment,
    list_commitments,
    save_commitment,
)
from svdesk.services.contracts import find_contract
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


@pytest.fixture
def volunteering():
    """Salford contract: 40 hours in each of Q1 and Q2, 10 hours in Q3 of year one."""

    def source(q):
        days = [(date(2025, 5, 10), 8, 5), (date(2025, 8, 16), 8, 5), (date(2025, 11, 8), 5, 2)]
        recs = [
            DatedRecord(f"vol:{i}", cid, d, h, people=p)
            for cid in q.terms
            for i, (d, h, p) in enumerate(days)
            if q.contract_id in (None, cid)
        ]
        return ms.SourceResult.from_count(hours_times_people(recs, q.period, q.terms))

    import svdesk.services.measure_plugins  # noqa: F401  (register first, then clear)

    saved = dict(ms._SOURCES)
    ms._SOURCES.clear()
    ms.register_source("volunteering_hours", source)
    yield
    ms._SOURCES.clear()
    ms._SOURCES.update(saved)


def test_delivery_per_quarter_status_and_forecast(demo_store, volunteering):
    salford = find_contract(demo_store, "SCC-PR-2025-041")
    saved = save_commitment(
        demo_store,
        CommitmentData(
            salford.id,
            "volunteering_hours",
            160,
            basis="per_year",
            owner="Dawn Okafor",
            method="Two team volunteering days a year with Salford CVS",
            milestones={4: 160},
        ),
    )
    mine = [c for c in list_commitments(demo_store, salford.id) if c.id == saved.id]
    assert mine[0].milestones == {4: 160.0}
    [report] = [
        r
        for r in contract_delivery(demo_store, salford.id, as_of=date(2026, 1, 15))
        if r.commitment.id == saved.id
    ]
    d = report.delivery
    assert d.term_target == 320
    assert [r.actual for r in d.rows[:4]] == [40, 40, 10, 0]
    # Q3 ended 31 Dec 2025: 90 delivered vs 320 x 275/730 = 120.55 due -> 75% -> at risk
    assert d.status == AT_RISK
    assert d.rows[1].status == ON_TRACK and d.rows[3].milestone and d.rows[3].due == 160
    assert d.forecast == pytest.approx(90 * 730 / 290)
    delete_commitment(demo_store, saved.id)
    assert saved.id not in {c.id for c in list_commitments(demo_store)}


def test_commitments_are_validated_in_words(demo_store):
    manchester = find_contract(demo_store, "MCC-T-2026-118")
    with pytest.raises(ValidationError) as err:
        save_commitment(demo_store, CommitmentData(manchester.id, "nonsense", 0, milestones={9: 4}))
    assert set(err.value.errors) == {"measure_key", "target", "owner", "milestones"}
    assert "quarters 1 to 4" in err.value.errors["milestones"]


def test_demo_firm_has_commitments_on_its_salford_contract(demo_store):
    salford = find_contract(demo_store, "SCC-PR-2025-041")
    keys = [c.measure_key for c in list_commitments(demo_store, salford.id)]
    assert keys == [
        "local_jobs_fte_years",
        "apprenticeship_weeks",
        "volunteering_hours",
        "local_spend_gbp",
        "real_living_wage_share",
    ]
    reports = contract_delivery(demo_store, salford.id, as_of=date(2026, 1, 15))
    rlw = reports[-1].delivery
    assert rlw.term_target == 100  # a level: not multiplied by the years


def test_milestones_are_typed_as_quarter_and_amount():
    from svdesk.services.commitments import format_milestones, parse_milestones

    assert parse_milestones("Q2: 40, q4:120 ;Q8: 240") == {2: 40, 4: 120, 8: 240}
    assert format_milestones({4: 120.0, 2: 40.0}) == "Q2: 40, Q4: 120"
    assert parse_milestones("  ") == {}
    with pytest.raises(ValueError, match="Q2: 40"):
        parse_milestones("Q2 40")
    with pytest.raises(ValueError, match="twice"):
        parse_milestones("Q2: 4, Q2: 5")
