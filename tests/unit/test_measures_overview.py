"""The figures dashboard's data: totals, commitments, evidence coverage and attention."""

from dataclasses import replace
from datetime import date

import pytest

from svdesk.calc.counting import DatedRecord, hours_times_people
from svdesk.services import measure_sources as ms
from svdesk.services.contracts import find_contract
from svdesk.services.measures_overview import measures_overview, period_choices

pytestmark = pytest.mark.both_stores


def shipped_pence(key: str) -> int:
    """The shipped default £ per unit (resources/proxies/defaults.csv), in pence."""
    from svdesk.services.proxies import shipped_defaults

    return next(p.pence_per_unit for p in shipped_defaults() if p.measure_key == key)


@pytest.fixture
def sources(demo_store):
    salford = find_contract(demo_store, "SCC-PR-2025-041")

    def volunteering(q):
        recs = [
            DatedRecord("volunteering:1", salford.id, date(2025, 6, 14), 6, people=5),
            DatedRecord("volunteering:2", salford.id, date(2025, 9, 6), 5, people=2),
        ]
        count = hours_times_people(recs, q.period, q.terms)
        marked = [replace(c, evidenced=c.ref.endswith("1")) for c in count.contributions]
        return ms.SourceResult(count.quantity, count.records, {}, marked)

    import svdesk.services.measure_plugins  # noqa: F401  (register first, then clear)

    saved, spend = dict(ms._SOURCES), list(ms._SPEND)
    ms._SOURCES.clear()
    ms.register_source("volunteering_hours", volunteering)
    ms.register_spend_source(
        lambda q: ms.SpendSummary(
            total_pence=10_000_00,
            local_pence=4_000_00,
            unknown_postcode_count=2,
            unknown_postcode_pence=350_00,
        )
    )
    yield salford
    ms._SOURCES.clear()
    ms._SOURCES.update(saved)
    ms._SPEND[:] = spend


def test_overview_for_a_contract_year(demo_store, sources):
    o = measures_overview(demo_store, sources.id, date(2025, 4, 1), date(2026, 3, 31), as_of=date(2026, 5, 1))
    vol = next(f for f in o.figures if f.key == "volunteering_hours")
    assert vol.quantity == 40 and vol.evidence_coverage == pytest.approx(30 / 40)
    assert o.evidence_coverage == pytest.approx(0.5)  # one of two claimed records
    assert o.totals.social_pence == 40 * shipped_pence("volunteering_hours")
    assert len(o.commitments) == 5  # the demo's commitments
    vol_commitment = next(r for r in o.commitments if r.measure.key == "volunteering_hours")
    assert vol_commitment.delivery.delivered == 40
    text = " | ".join(o.attention)
    assert "Local people employed on the contract is behind. 0.00 FTE-years delivered against 5.00" in text
    assert "2 suppliers have no usable postcode (£350.00" in text
    assert "Spend with local suppliers has no proxy value" in text
    assert "75% of the figure is backed by evidence" in text


def test_period_choices_follow_the_contract_and_financial_year(demo_store):
    salford = find_contract(demo_store, "SCC-PR-2025-041")
    choices = period_choices(demo_store, salford, today=date(2025, 11, 20))
    assert choices[0].label == "Whole contract" and choices[0].end == date(2027, 3, 31)
    assert choices[1].label == "FY 2025/26" and choices[1].start == date(2025, 4, 1)
    assert any(c.start == date(2025, 10, 1) for c in choices)
    assert not any(c.start == date(2026, 1, 1) for c in choices)  # not begun yet
    assert period_choices(demo_store, None, today=date(2025, 11, 20))[0].label == "All time"


def test_untrackable_commitments_and_broken_sources_are_reported_not_fatal(demo_store, sources):
    from svdesk.services.commitments import CommitmentData, save_commitment
    from svdesk.services.contracts import save_contract
    from svdesk.services.measure_library import CustomMeasureData, delete_custom_measure, save_custom_measure

    salford = sources
    save_custom_measure(demo_store, CustomMeasureData(key="ks2_visits", name="KS2 visits", unit="visits"))
    save_commitment(demo_store, CommitmentData(salford.id, "ks2_visits", 6, owner="Dawn"))
    delete_custom_measure(demo_store, "ks2_visits")
    ms.register_source("donations_gbp", lambda q: 1 / 0)
    try:
        o = measures_overview(demo_store, salford.id, as_of=date(2026, 2, 1))
    finally:
        ms.unregister_source("donations_gbp")
    assert len(o.commitments) == 5
    assert "“ks2_visits” of this commitment no longer exists" in o.attention[0]
    donations = next(f for f in o.figures if f.key == "donations_gbp")
    assert donations.value_pence is None and "could not be computed" in donations.note
    # a contract that loses its dates keeps its commitments, reported as untrackable
    save_contract(demo_store, replace(salford, start_date=None, end_date=None))
    o = measures_overview(demo_store, salford.id, as_of=date(2026, 2, 1))
    assert o.commitments == [] and "no start or end date" in o.attention[0]
