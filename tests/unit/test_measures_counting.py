"""Counting rules (DOMAIN.md section 3), each proved with a hand-worked example."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svdesk.calc.counting import (
    DatedRecord,
    SpanRecord,
    Window,
    amounts_in_pounds,
    hours_times_people,
    pro_rated,
)
from svdesk.calc.employment import (
    JobSpell,
    local_fte_years,
    local_fte_years_total,
    priority_group_hires,
    real_living_wage_share,
)
from svdesk.calc.time_spans import ONE_DAY, years_between

# Salford schools repairs contract: two years, 1 Apr 2025 to 31 Mar 2027.
TERM = Window(date(2025, 4, 1), date(2027, 3, 31))
TERMS = {1: TERM}
WHOLE = Window()
FY25 = Window(date(2025, 4, 1), date(2026, 3, 31))
TODAY = date(2027, 6, 1)


def spell(person, hours=39.0, start=date(2025, 4, 1), end=None, **kw):
    kw.setdefault("local", True)
    return JobSpell(
        person_ref=person, contract_id=1, start=start, end=end, weekly_hours=hours, full_time_hours=39.0, **kw
    )


def test_years_are_counted_anniversary_to_anniversary():
    assert years_between(date(2025, 4, 1), date(2027, 3, 31)) == 2.0
    assert years_between(date(2027, 4, 1), date(2029, 3, 31)) == 2.0  # holds 29 Feb 2028
    assert years_between(date(2025, 4, 1), date(2025, 9, 30)) == pytest.approx(183 / 365)
    assert years_between(date(2025, 4, 2), date(2025, 4, 1)) == 0.0


def test_ten_full_time_and_five_half_time_over_two_years_is_25_fte_years():
    staff = [spell(f"P{i:02}") for i in range(10)]
    staff += [spell(f"H{i:02}", hours=19.5) for i in range(5)]
    count = local_fte_years(staff, WHOLE, TERMS, today=TODAY)
    assert count.quantity == pytest.approx(25.0)
    assert count.records == 15
    # and one year of the two is half of it
    assert local_fte_years(staff, FY25, TERMS, today=TODAY).quantity == pytest.approx(12.5)


def test_time_on_the_contract_and_start_part_way_are_pro_rated():
    # Starts 1 Oct 2025 (half of year one), spends 60% of their time on this contract.
    s = spell("P01", start=date(2025, 10, 1), time_share=0.6)
    count = local_fte_years([s], FY25, TERMS, today=TODAY)
    assert count.quantity == pytest.approx(0.6 * 182 / 365)


def test_non_local_unknown_and_short_contracts_are_listed_not_claimed():
    staff = [
        spell("LOCAL"),
        spell("FAR", local=False),
        spell("UNKNOWN", local=None),
        spell("SHORT", start=date(2025, 5, 1), end=date(2025, 8, 31)),
        spell("NOTADD", additional=False),
    ]
    count = local_fte_years(staff, FY25, TERMS, today=TODAY)
    assert count.quantity == pytest.approx(1.0)
    reasons = {c.ref: c.reason for c in count.excluded}
    assert set(reasons) == {"FAR", "UNKNOWN", "SHORT", "NOTADD"}
    assert "outside" in reasons["FAR"] and "unknown" in reasons["UNKNOWN"]
    assert "not additional" in reasons["NOTADD"]


def test_a_duplicated_payroll_record_counts_once():
    a = spell("P01", end=date(2026, 3, 31), ref="payroll-1")
    b = spell("P01", start=date(2025, 10, 1), ref="payroll-2")  # overlaps the last six months
    count = local_fte_years([a, b], WHOLE, TERMS, today=TODAY)
    assert count.quantity == pytest.approx(2.0)


def test_employment_outside_the_contract_term_does_not_count():
    s = spell("P01", start=date(2024, 1, 1), end=None)
    assert local_fte_years([s], WHOLE, TERMS, today=TODAY).quantity == pytest.approx(2.0)


def test_priority_hires_count_once_in_their_first_year_under_one_group():
    spells = [
        spell("A", hire_date=date(2025, 6, 2), priority_group="long_term_unemployed"),
        # the same person recorded again under another group: one group only
        spell("A", hire_date=date(2025, 6, 2), priority_group="veteran", ref="A-again"),
        spell("B", start=date(2025, 9, 1), priority_group="care_leaver", local=False),
        spell("C", start=date(2024, 1, 8), priority_group="veteran"),  # before the contract
        spell("D", start=date(2026, 5, 1), priority_group="neet"),  # year two
    ]
    year_one = priority_group_hires(spells, Window(date(2024, 1, 1), FY25.end), TERMS)
    assert year_one.quantity == 2
    assert year_one.breakdown == {"long_term_unemployed": 1, "care_leaver": 1}
    reasons = {c.ref: c.reason for c in year_one.excluded}
    assert "one group only" in reasons["A-again"]
    assert "before the contract" in reasons["C"]
    # the whole term: each hire once, never again in later years
    assert priority_group_hires(spells, WHOLE, TERMS).quantity == 3
    year_two = priority_group_hires(spells, Window(date(2026, 4, 1), TERM.end), TERMS)
    assert year_two.breakdown == {"neet": 1}


def test_apprenticeship_weeks_52_a_year_pro_rated_to_period():
    rec = SpanRecord("APP-1", 1, date(2025, 9, 1), date(2027, 8, 31), group="Level 3")
    # inside the term 1 Sep 2025 - 31 Mar 2027; FY 2025/26 holds 1 Sep 2025 - 31 Mar 2026
    fy = pro_rated([rec], FY25, TERMS, today=TODAY)
    assert fy.quantity == pytest.approx(52 * 212 / 365)
    whole = pro_rated([rec], WHOLE, TERMS, today=TODAY)
    assert whole.quantity == pytest.approx(52 * (1 + 212 / 365))
    part_time = SpanRecord("APP-2", 1, date(2025, 4, 1), date(2026, 3, 31), fte=0.5)
    assert pro_rated([part_time], FY25, TERMS).quantity == pytest.approx(26)


def test_training_weeks_and_placement_days_pro_rated_by_days():
    # 4 weeks of training over 1 Mar - 30 Apr 2026: 31 of its 61 days fall in FY 2025/26
    course = SpanRecord("TR-1", 1, date(2026, 3, 1), date(2026, 4, 30), quantity=4.0)
    assert pro_rated([course], FY25, TERMS).quantity == pytest.approx(4 * 31 / 61)
    placement = SpanRecord("PL-1", 1, date(2025, 7, 7), date(2025, 7, 18), quantity=10, attribution=0.5)
    assert pro_rated([placement], FY25, TERMS).quantity == pytest.approx(5)


def test_learning_interventions_are_hours_times_attendees():
    session = DatedRecord("CV-1", 1, date(2025, 11, 12), quantity=2, people=8)
    count = hours_times_people([session], FY25, TERMS)
    assert count.quantity == 16
    assert count.claimed[0].reason == "2 hours x 8 people"


def test_attribution_shares_an_activity_between_contracts():
    # A 6-hour volunteering day for 5 staff, split 40/60 between two contracts
    a = DatedRecord("VOL-1", 1, date(2025, 6, 14), 6, people=5, attribution=0.4)
    b = DatedRecord("VOL-1b", 2, date(2025, 6, 14), 6, people=5, attribution=0.6)
    terms = {1: TERM, 2: Window(date(2025, 1, 1), date(2025, 12, 31))}
    assert hours_times_people([a], FY25, terms).quantity == pytest.approx(12)
    assert hours_times_people([b], FY25, terms).quantity == pytest.approx(18)
    assert hours_times_people([a, b], FY25, terms).quantity == pytest.approx(30)  # never 60


def test_additionality_lists_but_does_not_claim_and_duplicates_count_once():
    gifts = [
        DatedRecord("DON-1", 1, date(2025, 12, 1), 250_00),
        DatedRecord("DON-1", 1, date(2025, 12, 1), 250_00),  # imported twice
        DatedRecord("DON-2", 1, date(2025, 12, 5), 1_000_00, additional=False),
    ]
    count = amounts_in_pounds(gifts, FY25, TERMS)
    assert count.quantity == pytest.approx(250.0)
    assert len(count.contributions) == 3 and len(count.excluded) == 2


def test_records_outside_the_period_or_term_are_not_counted():
    late = DatedRecord("VOL-9", 1, date(2027, 5, 1), 3)
    assert hours_times_people([late], WHOLE, TERMS).quantity == 0
    assert hours_times_people([late], WHOLE, TERMS).contributions == []


def test_real_living_wage_share_weights_by_fte_time():
    rlw = 12_60  # 2024 UK rate
    staff = [
        spell("A", hourly_pay_pence=13_00, living_wage_pence=rlw),
        spell("B", hours=19.5, hourly_pay_pence=12_21, living_wage_pence=rlw),
        spell("C", hourly_pay_pence=None, living_wage_pence=rlw, local=False),
    ]
    share = real_living_wage_share(staff, FY25, TERMS, today=TODAY)
    assert share.all_fte_years == pytest.approx(1.5)
    assert share.share == pytest.approx(1 / 1.5)
    assert [c.ref for c in share.contributions if "not recorded" in c.reason] == ["C"]


def test_invalid_shares_are_refused():
    with pytest.raises(ValueError):
        DatedRecord("X", 1, date(2025, 1, 1), 1, attribution=1.5)


def test_evidence_coverage_is_the_share_of_claimed_quantity_backed_by_evidence():
    from dataclasses import replace

    from svdesk.calc.counting import evidence_coverage

    count = hours_times_people(
        [
            DatedRecord("a", 1, date(2025, 6, 1), 6, people=5),
            DatedRecord("b", 1, date(2025, 7, 1), 10),
            DatedRecord("c", 1, date(2025, 8, 1), 50, additional=False),
        ],
        FY25,
        TERMS,
    )
    assert evidence_coverage(count.contributions) is None  # nobody said
    marked = [replace(c, evidenced=c.ref == "a") for c in count.contributions]
    assert evidence_coverage(marked) == pytest.approx(30 / 40)


def test_financial_years_are_exactly_one_even_with_a_leap_day_and_quarters_add_up():
    from svdesk.calc.time_spans import anchored_years

    assert anchored_years(date(2027, 4, 1), date(2028, 3, 31)) == 1.0  # holds 29 Feb 2028
    quarters = [
        (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)),
        (date(2027, 10, 1), date(2027, 12, 31)),
        (date(2028, 1, 1), date(2028, 3, 31)),
    ]
    assert sum(anchored_years(a, b) for a, b in quarters) == pytest.approx(1.0, abs=1e-12)
    assert anchored_years(date(2025, 1, 1), date(2025, 12, 31), year_start_month=1) == 1.0
    # 10 full-time + 5 half-time staff over the leap-year contract years still = 25 FTE-years
    term = Window(date(2027, 4, 1), date(2029, 3, 31))
    staff = [spell(f"P{i}", start=term.start) for i in range(10)]
    staff += [spell(f"H{i}", hours=19.5, start=term.start) for i in range(5)]
    assert local_fte_years(staff, WHOLE, {1: term}, today=date(2030, 1, 1)).quantity == pytest.approx(25)


days = st.dates(min_value=date(2023, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    start=days,
    length=st.integers(0, 1500),
    cut=st.integers(0, 1500),
    hours=st.floats(1, 39),
    share=st.floats(0.1, 1),
)
def test_splitting_a_period_never_counts_anything_twice(start, length, cut, hours, share):
    """Counting two adjacent periods gives exactly the figure for the two together."""
    from datetime import timedelta

    end = start + timedelta(days=length)
    mid = start + timedelta(days=min(cut, length))
    whole = Window(date(2023, 1, 1), date(2031, 12, 31))
    first, second = Window(whole.start, mid), Window(mid + timedelta(days=1), whole.end)
    s = [JobSpell("P", 1, start, end, hours, 39.0, time_share=share, local=True, year_or_longer=True)]
    r = [SpanRecord("A", 1, start, end, fte=share), SpanRecord("T", 1, start, end, quantity=7.0)]
    for count in (
        lambda w: local_fte_years(s, w, TERMS, today=TODAY),
        lambda w: pro_rated(r, w, TERMS, today=TODAY),
    ):
        assert count(first).quantity + count(second).quantity == pytest.approx(
            count(whole).quantity, abs=1e-9
        )


def test_nothing_after_today_counts_and_unanswered_additionality_is_not_claimed():
    today = date(2025, 10, 1)
    # an employee still in post: counted up to today only, not to the end of the period
    s = spell("P01")
    # 1 Apr to 1 Oct 2025, both included: 184 days
    assert local_fte_years([s], FY25, TERMS, today=today).quantity == pytest.approx(184 / 365)
    # an apprenticeship planned to run past today: the weeks delivered so far
    app = SpanRecord("APP", 1, date(2025, 4, 1), date(2027, 3, 31))
    assert pro_rated([app], WHOLE, TERMS, today=today).quantity == pytest.approx(52 * 184 / 365)
    planned = DatedRecord("VOL-P", 1, date(2025, 12, 6), 7, people=4)
    unanswered = DatedRecord("VOL-U", 1, date(2025, 6, 6), 7, people=4, additional=None)
    count = hours_times_people([planned, unanswered], FY25, TERMS, today=today)
    assert count.quantity == 0
    assert {c.ref: c.reason for c in count.excluded} == {
        "VOL-P": "Dated in the future: not delivered yet.",
        "VOL-U": "Not yet confirmed as additional: listed, not claimed.",
    }


@pytest.mark.parametrize("month", [1, 4, 12])
def test_placeholder_dates_at_either_end_of_the_calendar_never_stop_a_count(month):
    """HR exports write 0001-01-01 for "no date" and 9999-12-31 for "no end"; an earlier spell
    ending in 9999 pushes a duplicate's start past it. The figures still count."""
    staff = [
        JobSpell("IJ-001", None, date(2020, 1, 1), date(9999, 6, 30), 39, 39, local=True),
        JobSpell("IJ-001", None, date(2021, 1, 1), None, 39, 39, local=True),  # covered
        JobSpell("IJ-002", None, date(2022, 1, 1), None, 39, 39, local=True),
        JobSpell("IJ-003", None, date(1, 1, 1), date(1, 2, 28), 39, 39, local=True),
        JobSpell(
            "IJ-004",
            None,
            date(1, 3, 1),
            date(2, 1, 31),
            39,
            39,
            local=True,
            hourly_pay_pence=13_00,
            living_wage_pence=12_60,
        ),
    ]
    year = Window(date(2024, month, 1), date(2025, month, 1) - ONE_DAY)
    today = date(2026, 1, 1)
    counted = local_fte_years(staff, year, None, today, month)
    assert counted.quantity == pytest.approx(2.0)  # IJ-001 and IJ-002, a year each
    assert local_fte_years_total(staff, year, None, today, month) == (counted.quantity, counted.records)
    # over all time, the year-1 spells count too (their days, as any others)
    everything = local_fte_years(staff, Window(), None, today, month)
    assert everything.quantity > 2.0
    assert real_living_wage_share(staff, Window(), None, today, month).all_fte_years > 0
