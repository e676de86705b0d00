"""Every rule with a threshold, tested at the threshold and one step either side: the staff
bands, the SME financial limits, a tender answer's word or character limit, a week longer than
full time, employment spells that meet end to start, a period that ends on the 1st and pay
exactly at the Real Living Wage."""

from datetime import date

import pytest

from svdesk.calc import rates
from svdesk.calc.counting import DatedRecord, hours_times_people
from svdesk.calc.employment import JobSpell, local_fte_years, real_living_wage_share
from svdesk.calc.pay import fte, overlap_days, pay_check
from svdesk.calc.size_band import SME_BALANCE_SHEET_LIMIT_PENCE, SME_TURNOVER_LIMIT_PENCE, size_band
from svdesk.calc.time_spans import Window
from svdesk.exports.tender_fit import Draft, Part, fit
from svdesk.exports.textcount import count
from svdesk.services.organisation import OrganisationData

TERM = Window(date(2025, 4, 1), date(2027, 3, 31))
TERMS = {1: TERM}
FY25 = Window(date(2025, 4, 1), date(2026, 3, 31))
TODAY = date(2027, 6, 1)
POUND_M = 1_000_000 * 100  # £1m in pence


def job(person="P01", hours=39.0, start=date(2025, 4, 1), end=None, **kw):
    kw.setdefault("local", True)
    return JobSpell(
        person_ref=person, contract_id=1, start=start, end=end, weekly_hours=hours, full_time_hours=39.0, **kw
    )


# --- Staff bands and the SME test -------------------------------------------------------------


@pytest.mark.parametrize(
    "staff, band",
    [
        (0, "micro"),
        (9, "micro"),
        (10, "small"),
        (49, "small"),
        (50, "medium"),
        (249, "medium"),
        (250, "large"),
    ],
)
def test_staff_band_boundaries(staff, band):
    assert size_band(staff).band == band


def test_the_limits_are_the_procurement_act_figures():
    assert SME_TURNOVER_LIMIT_PENCE == 44 * POUND_M
    assert SME_BALANCE_SHEET_LIMIT_PENCE == 38 * POUND_M


@pytest.mark.parametrize(
    "turnover, balance, sme",
    [
        (44 * POUND_M, None, True),  # exactly £44m turnover: within the limit
        (44 * POUND_M, 90 * POUND_M, True),  # either limit is enough
        (44 * POUND_M + 1, 38 * POUND_M, True),  # exactly £38m balance sheet: within
        (44 * POUND_M + 1, 38 * POUND_M + 1, False),  # both a penny over: not an SME
        (None, 38 * POUND_M, True),
    ],
)
def test_sme_financial_limits_at_the_boundary(turnover, balance, sme):
    assert size_band(100, turnover, balance).is_sme is sme


def test_249_staff_can_be_an_sme_but_250_cannot_whatever_the_money():
    assert size_band(249, 1 * POUND_M).is_sme is True
    assert size_band(250, 1 * POUND_M, 1 * POUND_M).is_sme is False


def test_turnover_over_the_limit_and_no_balance_sheet_is_not_known_yet_not_a_refusal():
    # 100 staff and £50m turnover: an SME if the balance sheet is £38m or less, which the user
    # has not entered. svdesk must not say "not an SME", nor quote a balance sheet.
    result = size_band(100, 50 * POUND_M, None)
    assert result.is_sme is None
    assert result.band == "medium"
    assert "over £38m" not in result.explanation
    assert "balance sheet" in result.explanation.lower()
    assert "£44m" in result.explanation


def test_balance_sheet_over_the_limit_and_no_turnover_is_not_known_yet():
    result = size_band(100, None, 40 * POUND_M)
    assert result.is_sme is None
    assert "over £44m" not in result.explanation and "turnover" in result.explanation.lower()


def test_the_organisation_profile_shows_the_same_answer():
    org = OrganisationData(
        name="Northgate Facilities Ltd", postcode="M1 1AE", headcount=100, turnover_pence=50 * POUND_M
    )
    assert org.size.is_sme is None and org.size.band == "medium"


# --- Tender answer limits ---------------------------------------------------------------------


def _words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


def test_exactly_the_word_limit_is_within_it():
    at = count(_words(250), 250, "words")
    assert at.used == 250 and not at.over
    assert at.describe().endswith("0 words to spare")
    over = count(_words(251), 250, "words")
    assert over.over and over.describe().endswith("1 words over the limit")


def test_exactly_the_character_limit_is_within_it():
    text = "a" * 999 + "\n"
    assert count(text, 1000, "characters").used == 1000
    assert not count(text, 1000, "characters").over
    assert count(text + "b", 1000, "characters").over


def _draft(limit: int, unit: str = "words") -> Draft:
    part = Part("answer", "")
    part.add(_words(30), priority=0)
    part.add(_words(20), priority=2)
    return Draft("social_value", "jobs", [part], limit=limit, unit=unit, headings=False)


def test_a_draft_exactly_at_its_limit_is_left_whole():
    draft = fit(_draft(50))
    assert draft.used() == 50 and draft.left_out == []


def test_a_draft_one_word_over_loses_its_lowest_priority_sentence():
    draft = fit(_draft(49))
    assert draft.fits() and draft.used() == 30
    assert len(draft.left_out) == 1


# --- Hours, spells and periods ----------------------------------------------------------------


def test_hours_above_a_full_time_week_count_as_one_fte():
    assert fte(39.0, 39.0) == 1.0
    assert fte(45.0, 39.0) == 1.0
    assert fte(19.5, 39.0) == 0.5
    assert job(hours=45.0).fte == 1.0
    count_ = local_fte_years([job(hours=45.0)], FY25, TERMS, today=TODAY)
    assert count_.quantity == pytest.approx(1.0)


def test_spells_that_touch_end_to_start_count_every_day_once():
    # One person on a permanent contract, in two payroll records (a new payroll system from
    # 1 Oct): 1 Apr to 30 Sep, then 1 Oct onwards. No day is lost at the join or counted twice.
    first = job(end=date(2025, 9, 30), ref="payroll-1", year_or_longer=True)
    second = job(start=date(2025, 10, 1), ref="payroll-2", year_or_longer=True)
    assert local_fte_years([first, second], FY25, TERMS, today=TODAY).quantity == pytest.approx(1.0)


def test_spells_that_share_their_last_and_first_day_count_it_once():
    first = job(end=date(2025, 10, 1), ref="payroll-1", year_or_longer=True)
    second = job(start=date(2025, 10, 1), ref="payroll-2", year_or_longer=True)
    assert local_fte_years([first, second], FY25, TERMS, today=TODAY).quantity == pytest.approx(1.0)


def test_a_period_ending_on_the_first_includes_that_day():
    april_and_1_may = Window(date(2025, 4, 1), date(2025, 5, 1))
    assert april_and_1_may.days() == 31
    assert local_fte_years([job()], april_and_1_may, TERMS, today=TODAY).quantity == pytest.approx(31 / 365)
    on_the_day = DatedRecord("V1", 1, date(2025, 5, 1), quantity=2.0, people=3)
    day_after = DatedRecord("V2", 1, date(2025, 5, 2), quantity=2.0, people=3)
    assert hours_times_people(
        [on_the_day, day_after], april_and_1_may, TERMS, today=TODAY
    ).quantity == pytest.approx(6.0)
    assert overlap_days(date(2025, 5, 1), None, date(2025, 4, 1), date(2025, 5, 1)) == 1


# --- The Real Living Wage ---------------------------------------------------------------------


def test_paying_exactly_the_real_living_wage_counts_as_paying_it():
    rlw = 12_60
    exactly = job("A", hourly_pay_pence=rlw, living_wage_pence=rlw)
    a_penny_under = job("B", hourly_pay_pence=rlw - 1, living_wage_pence=rlw)
    share = real_living_wage_share([exactly, a_penny_under], FY25, TERMS, today=TODAY)
    assert share.share == pytest.approx(0.5)
    assert [c.ref for c in share.contributions if c.claimed] == ["A"]


def test_a_pay_check_at_exactly_the_rate_meets_it():
    day = date(2025, 6, 1)
    rate = rates.wage_rate_on("rlw_uk", day).rate_pence
    assert pay_check(rate, day).meets_living_wage is True
    assert pay_check(rate - 1, day).meets_living_wage is False
