"""The measure engine: sources, proxies and their absence, totals kept apart, hand entries."""

from datetime import date

import pytest

from svdesk.calc.counting import DatedRecord, hours_times_people
from svdesk.calc.employment import JobSpell, local_fte_years
from svdesk.services import measure_sources as ms
from svdesk.services.contracts import find_contract
from svdesk.services.measure_entries import EntryData, save_entry
from svdesk.services.measure_library import CustomMeasureData, add_mapping, list_mappings, save_custom_measure
from svdesk.services.measures import compute_measures, spend_summary, totals
from svdesk.services.proxies import ProxyData, save_proxy
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


def shipped_pence(key: str) -> int:
    """The shipped default £ per unit (resources/proxies/defaults.csv), in pence."""
    from svdesk.services.proxies import shipped_defaults

    return next(p.pence_per_unit for p in shipped_defaults() if p.measure_key == key)


@pytest.fixture
def clean_registry():
    import svdesk.services.measure_plugins  # noqa: F401  (register first, then clear)

    saved_sources, saved_spend = dict(ms._SOURCES), list(ms._SPEND)
    ms._SOURCES.clear()
    ms._SPEND.clear()
    yield
    ms._SOURCES.clear()
    ms._SOURCES.update(saved_sources)
    ms._SPEND[:] = saved_spend


@pytest.fixture
def salford(demo_store):
    return find_contract(demo_store, "SCC-PR-2025-041")


def by_key(figures):
    return {f.key: f for f in figures}


def test_without_sources_every_measure_is_listed_with_no_records_and_no_value(demo_store, clean_registry):
    figures = by_key(compute_measures(demo_store))
    assert len(figures) == 23
    vol = figures["volunteering_hours"]
    assert (vol.quantity, vol.value_pence, vol.note) == (0, None, "no records yet")
    # the proxy is known, but nothing was measured
    assert vol.proxy_pence == shipped_pence("volunteering_hours")
    summary = spend_summary(demo_store)
    assert summary.total_pence == 0 and summary.local_share is None and not summary.registered


def _volunteering(q):
    records = [
        DatedRecord("vol:1", q.contract_id or 1, date(2025, 6, 14), 6, people=5),
        DatedRecord("vol:2", q.contract_id or 1, date(2025, 9, 20), 4, people=10, additional=False),
    ]
    return ms.SourceResult.from_count(hours_times_people(records, q.period, q.terms))


def test_a_registered_source_is_valued_by_its_proxy(demo_store, salford, clean_registry):
    ms.register_source("volunteering_hours", _volunteering)
    figures = by_key(compute_measures(demo_store, salford.id, date(2025, 4, 1), date(2026, 3, 31)))
    vol = figures["volunteering_hours"]
    assert vol.quantity == 30 and vol.records == 1
    assert vol.value_pence == 30 * shipped_pence("volunteering_hours")
    assert [c.ref for c in vol.contributions if not c.claimed] == ["vol:2"]
    t = totals(list(figures.values()), salford.value_pence)
    assert (t.social_pence, t.local_economic_pence) == (vol.value_pence, None)  # nothing valued
    assert t.social_share == pytest.approx(vol.value_pence / 18_600_000)
    with pytest.raises(ValueError, match="already registered"):
        ms.register_source("volunteering_hours", lambda q: ms.SourceResult(1))


def _jobs(q):
    spells = [JobSpell(f"P{i}", 1, date(2025, 4, 1), None, 39, 39, local=True) for i in range(3)]
    return ms.SourceResult.from_count(local_fte_years(spells, q.period, q.terms, q.today))


def test_without_a_proxy_the_quantity_stands_alone_never_zero_pounds(demo_store, salford, clean_registry):
    ms.register_source("local_jobs_fte_years", _jobs)
    figures = by_key(compute_measures(demo_store, salford.id, date(2025, 4, 1), date(2026, 3, 31)))
    jobs = figures["local_jobs_fte_years"]
    assert jobs.quantity == pytest.approx(3.0)
    assert jobs.proxy_pence is None and jobs.value_pence is None
    assert "no proxy value" in jobs.note
    assert totals(list(figures.values()), salford.value_pence).unvalued == ("local_jobs_fte_years",)
    # a contract's own proxy (from the buyer's sheet) values it, as local economic value
    save_proxy(
        demo_store,
        ProxyData(
            "local_jobs_fte_years", 2_852_000, "2024", "Salford proxy sheet", 2024, contract_id=salford.id
        ),
    )
    figures = compute_measures(demo_store, salford.id, date(2025, 4, 1), date(2026, 3, 31))
    t = totals(figures, salford.value_pence)
    assert t.local_economic_pence == 3 * 2_852_000 and t.social_pence is None
    assert t.local_economic_share == pytest.approx(85_560 / 186_000)
    # organisation-wide, the contract's own value does not apply
    assert by_key(compute_measures(demo_store))["local_jobs_fte_years"].value_pence is None


def test_spend_source_feeds_spend_measures_and_overlaps_are_not_added_twice(
    demo_store, salford, clean_registry
):
    ms.register_spend_source(
        lambda q: ms.SpendSummary(
            total_pence=80_000_00,
            local_pence=30_000_00,
            sme_pence=50_000_00,
            vcse_pence=2_000_00,
            unknown_postcode_count=2,
            unknown_postcode_pence=1_500_00,
            lines=120,
            local_lines=40,
        )
    )
    for key in ("local_spend_gbp", "sme_spend_gbp"):
        save_proxy(demo_store, ProxyData(key, 50, "test", "Buyer sheet"))
    figures = by_key(compute_measures(demo_store, salford.id))
    assert figures["local_spend_gbp"].quantity == 30_000 and figures["local_spend_gbp"].records == 40
    assert figures["sme_spend_gbp"].value_pence == 2_500_000
    t = totals(list(figures.values()), salford.value_pence)
    assert t.local_economic_pence == 1_500_000  # local spend only; SME spend overlaps it
    assert t.left_out == ("sme_spend_gbp",)
    assert spend_summary(demo_store, salford.id).local_share == pytest.approx(0.375)


def test_a_buyers_own_measure_counts_hand_entries(demo_store, salford, clean_registry):
    save_custom_measure(
        demo_store,
        CustomMeasureData(
            key="salford_school_visits",
            name="Visits to Salford schools",
            unit="visits",
            kind="social",
            buyer="Salford City Council",
        ),
    )
    add_mapping(demo_store, "salford_school_visits", "Salford commitments", "Putting Salford first")
    add_mapping(demo_store, "salford_school_visits", "ppn_06_20", "2")
    with pytest.raises(ValidationError, match="no outcome"):
        add_mapping(demo_store, "salford_school_visits", "ppn_06_20", "12")
    maps = list_mappings(demo_store, "salford_school_visits")
    assert [(m.framework, m.outcome_name) for m in maps] == [
        ("Salford commitments", "Putting Salford first"),
        ("ppn_06_20", "Create new businesses, new jobs and new skills"),
    ]
    for day, qty, add in (
        (date(2025, 5, 6), 2, True),
        (date(2025, 11, 3), 1, True),
        (date(2025, 12, 1), 4, False),
    ):
        save_entry(demo_store, EntryData("salford_school_visits", day, qty, salford.id, add))
    fig = by_key(compute_measures(demo_store, salford.id))["salford_school_visits"]
    assert (fig.quantity, fig.records, fig.value_pence) == (3, 2, None)
    assert fig.maps_to == ("Salford commitments:Putting Salford first", "ppn_06_20:2")
    with pytest.raises(ValidationError, match="svdesk's own measures"):
        save_custom_measure(demo_store, CustomMeasureData(key="donations_gbp", name="x", unit="£"))


def test_hand_entries_are_refused_where_records_are_the_source(demo_store, clean_registry):
    ms.register_source("volunteering_hours", _volunteering)
    with pytest.raises(ValidationError, match="counted from your records"):
        save_entry(demo_store, EntryData("volunteering_hours", date(2025, 6, 1), 3))


def test_a_period_that_ends_before_it_starts_is_refused(demo_store):
    with pytest.raises(ValidationError):
        compute_measures(demo_store, None, date(2026, 1, 1), date(2025, 1, 1))
