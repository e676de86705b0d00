"""Spells worked out once and counted for many periods give exactly what counting each period
from scratch gives, and the figures-only totals equal the detailed counts to the last bit."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svdesk.calc.employment import (
    JobSpell,
    Spells,
    Window,
    local_fte_years,
    local_fte_years_total,
    real_living_wage_share,
)
from svdesk.calc.time_spans import anchored_years, clip

TERMS = {
    1: Window(date(2025, 4, 1), date(2027, 3, 31)),  # Salford schools repairs
    2: Window(date(2027, 1, 4), date(2027, 12, 17)),
}  # Hulme community centre
TODAY = date(2027, 6, 14)
RLW = {"uk": 12_60, "london": 13_85}

days = st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31))
spells = st.builds(
    lambda person, contract, start, length, hours, share, local, year, pay, london, add: JobSpell(
        f"IJ-{person:03}",
        contract,
        start,
        None if length is None else start + timedelta(days=length),
        hours,
        39.0,
        time_share=share,
        local=local,
        year_or_longer=year,
        hourly_pay_pence=pay,
        living_wage_pence=RLW["london" if london else "uk"],
        additional=add,
        ref=f"person:{person}",
        label=f"IJ-{person:03}",
    ),
    st.integers(1, 12),
    st.sampled_from([1, 2]),
    days,
    st.one_of(st.none(), st.integers(0, 900)),
    st.sampled_from([0.0, 16.0, 22.5, 39.0, 45.0]),
    st.sampled_from([0.5, 0.8, 1.0]),
    st.sampled_from([True, False, None]),
    st.sampled_from([True, None]),
    st.one_of(st.none(), st.integers(11_00, 16_00)),
    st.booleans(),
    st.sampled_from([True, True, False, None]),
)
windows = st.builds(
    lambda start, length, open_start, open_end: Window(
        None if open_start else start, None if open_end else start + timedelta(days=length)
    ),
    days,
    st.integers(0, 800),
    st.booleans(),
    st.booleans(),
)


def _reference_years(s: JobSpell, start: date, end: date, period: Window) -> float:
    """The years of a spell in a period by the plain date rules (clip, anchored_years)."""
    span = clip(start, None if end == date.max else end, period.intersect(TERMS.get(s.contract_id)), TODAY)
    return 0.0 if span.empty else anchored_years(span.start, span.end)


@settings(max_examples=150, deadline=None)
@given(staff=st.lists(spells, max_size=25), periods=st.lists(windows, min_size=1, max_size=6))
def test_worked_out_once_counts_every_period_as_from_scratch(staff, periods):
    once = Spells(staff)
    for period in periods:
        fresh = local_fte_years(list(staff), period, TERMS, TODAY)
        reused = local_fte_years(once, period, TERMS, TODAY)
        assert reused == fresh
        assert local_fte_years_total(once, period, TERMS, TODAY) == (fresh.quantity, fresh.records)
        detail = real_living_wage_share(once, period, TERMS, TODAY)
        totals = real_living_wage_share(once, period, TERMS, TODAY, detail=False)
        assert (totals.share, totals.paid_fte_years, totals.all_fte_years, totals.records) == (
            detail.share,
            detail.paid_fte_years,
            detail.all_fte_years,
            detail.records,
        )
        assert totals.contributions == []
        assert detail.records == sum(1 for c in detail.contributions if c.quantity > 0)
        # and each record's years are the plain date rules' years for it
        listed = iter(c for c in reused.contributions if not c.reason.startswith("Overlaps"))
        for s, start, end in once.items:
            years = (
                _reference_years(s, date.fromordinal(start), date.fromordinal(end), period)
                if start <= end
                else 0.0
            )
            if years:
                c = next(listed)
                assert c.ref == s.record_ref
                if c.claimed:
                    assert c.quantity == pytest.approx(s.fte * s.attribution * years)
        assert next(listed, None) is None


@settings(max_examples=60, deadline=None)
@given(staff=st.lists(spells, max_size=25), period=windows)
def test_one_contracts_spells_taken_from_everyones_count_the_same(staff, period):
    everyone = Spells(staff)
    for contract_id in (1, 2):
        mine = [s for s in staff if s.contract_id == contract_id]
        assert local_fte_years(everyone.of_contract(contract_id), period, TERMS, TODAY) == local_fte_years(
            mine, period, TERMS, TODAY
        )


def test_a_rate_per_record_prices_one_set_of_spells_for_every_year():
    # A joiner on £12.50 an hour: above the 2023 Real Living Wage (£12.00), below 2024's (£12.60)
    joiner = JobSpell("IJ-007", 1, date(2024, 9, 2), None, 39.0, 39.0, hourly_pay_pence=12_50, ref="person:7")
    once = Spells([joiner])
    fy = Window(date(2025, 4, 1), date(2026, 3, 31))
    assert real_living_wage_share(once, fy, TERMS, TODAY, 4, {"person:7": 12_00}).share == 1.0
    assert real_living_wage_share(once, fy, TERMS, TODAY, 4, {"person:7": 12_60}).share == 0.0
    assert real_living_wage_share(once, fy, TERMS, TODAY, 4, {}).share is None


def test_labels_and_evidence_of_spells_reach_the_drill_down():
    s = JobSpell(
        "IJ-008",
        1,
        date(2025, 4, 1),
        None,
        39.0,
        39.0,
        local=True,
        year_or_longer=True,
        ref="person:8",
        label="IJ-008",
        evidenced=False,
    )
    [c] = local_fte_years([s], Window(date(2025, 4, 1), date(2026, 3, 31)), TERMS, TODAY).contributions
    assert (c.ref, c.label, c.evidenced, c.quantity) == ("person:8", "IJ-008", False, 1.0)
