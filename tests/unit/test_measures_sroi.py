"""SROI arithmetic, worked by hand."""

import pytest

from svdesk.calc.sroi import DiscountSchedule, SroiAssumptions, SroiLine, line_impact, sroi

pytestmark = pytest.mark.both_stores


def test_green_book_steps_rates_by_year():
    gb = DiscountSchedule.green_book()
    assert gb.rate(1) == 0.035 and gb.rate(30) == 0.035
    assert gb.rate(31) == 0.030 and gb.rate(75) == 0.030 and gb.rate(76) == 0.025
    assert gb.factor(0) == 1.0
    assert gb.factor(2) == pytest.approx(1 / 1.035**2)
    assert gb.factor(31) == pytest.approx(1 / (1.035**30 * 1.03))
    assert gb.factor(77) == pytest.approx(1 / (1.035**30 * 1.03**45 * 1.025**2))


def test_one_year_impact_applies_the_three_shares_and_discounts_year_one():
    # 200 volunteering hours at £16.93 = £3,386; deadweight 10%, displacement 0, attribution 25%
    line = SroiLine("volunteering_hours", 200, 1693, SroiAssumptions(deadweight=0.10, attribution=0.25))
    r = line_impact(line, DiscountSchedule.flat(0.035))
    assert r.gross_pence == 338_600
    assert r.first_year_pence == pytest.approx(338_600 * 0.9 * 0.75)  # 228,555p = £2,285.55
    assert r.present_value_pence == pytest.approx(228_555 / 1.035)


def test_drop_off_reduces_later_years_and_ratio_is_pv_over_inputs():
    # £1,000 a year for 3 years, 20% drop-off: 1000, 800, 640; at 3.5%:
    # 1000/1.035 + 800/1.035^2 + 640/1.035^3 = 966.18 + 746.81 + 577.24 = 2290.23
    line = SroiLine("expert_hours", 10, 10_000, SroiAssumptions(drop_off=0.2, years=3))
    result = sroi([line], inputs_pence=100_000)
    assert result.lines[0].yearly_pence == pytest.approx((100_000, 80_000, 64_000))
    assert result.present_value_pence == pytest.approx(229_023.3, abs=0.5)
    assert result.ratio == pytest.approx(2.29023, abs=1e-4)


def test_no_inputs_gives_no_ratio_and_bad_shares_are_refused():
    assert sroi([], inputs_pence=0).ratio is None
    with pytest.raises(ValueError, match="deadweight"):
        SroiAssumptions(deadweight=1.2)


def test_sroi_view_uses_figures_assumptions_and_the_rate_setting(demo_store):
    from datetime import date

    from svdesk.calc.counting import DatedRecord, hours_times_people
    from svdesk.services import measure_sources as ms
    from svdesk.services.contracts import find_contract
    from svdesk.services.measure_library import discount_rate, set_discount_rate
    from svdesk.services.sroi import AssumptionData, save_assumption, sroi_view

    salford = find_contract(demo_store, "SCC-PR-2025-041")
    import svdesk.services.measure_plugins  # noqa: F401  (register first, then clear)

    saved = dict(ms._SOURCES)
    ms._SOURCES.clear()
    ms.register_source(
        "volunteering_hours",
        lambda q: ms.SourceResult.from_count(
            hours_times_people(
                [DatedRecord("v", salford.id, date(2025, 6, 1), 8, people=25)], q.period, q.terms
            )
        ),
    )
    try:
        assert discount_rate(demo_store) == 0.035
        save_assumption(demo_store, AssumptionData("volunteering_hours", deadweight=0.1, attribution=0.25))
        view = sroi_view(demo_store, 200_000, salford.id)
        # 200 hours x the shipped £ per hour; x 0.9 (deadweight) x 0.75 (attribution); / 1.035
        from svdesk.services.proxies import shipped_defaults

        per_hour = next(p.pence_per_unit for p in shipped_defaults() if p.measure_key == "volunteering_hours")
        net = 200 * per_hour * 0.9 * 0.75
        assert view.result.present_value_pence == pytest.approx(net / 1.035)
        assert view.result.ratio == pytest.approx(net / 1.035 / 200_000)
        set_discount_rate(demo_store, 0.0)
        assert sroi_view(demo_store, 200_000, salford.id).result.present_value_pence == pytest.approx(net)
    finally:
        ms._SOURCES.clear()
        ms._SOURCES.update(saved)
