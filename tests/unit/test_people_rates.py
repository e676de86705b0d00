"""Wage floors and carbon factors come from the dated tables and change on the right day."""

from datetime import date

import pytest

from svdesk.calc import pay, rates


def test_real_living_wage_changes_six_months_after_announcement():
    # £12.60 (announced 23 Oct 2024) is treated as in force from 23 Apr 2025.
    assert rates.wage_rate_on("rlw_uk", date(2025, 4, 22)).rate_pence == 1200
    assert rates.wage_rate_on("rlw_uk", date(2025, 4, 23)).rate_pence == 1260
    assert rates.wage_rate_on("rlw_london", date(2025, 4, 23)).rate_pence == 1385
    coming = rates.announced_rate_on("rlw_uk", date(2025, 11, 1))
    assert coming.rate_pence == 1345 and coming.announced == date(2025, 10, 22)


def test_national_living_wage_from_first_of_april():
    assert rates.wage_rate_on("nlw", date(2025, 3, 31)).rate_pence == 1144
    assert rates.wage_rate_on("nlw", date(2025, 4, 1)).rate_pence == 1221
    assert rates.wage_rate_on("nlw", date(2026, 4, 1)).rate_pence == 1271
    with pytest.raises(rates.RateError):
        rates.wage_rate_on("nlw", date(2015, 1, 1))


def test_london_rate_only_for_london_boroughs():
    assert rates.living_wage_scheme("E09000033") == "rlw_london"  # Westminster
    assert rates.living_wage_scheme("E08000006") == "rlw_uk"  # Salford
    assert rates.living_wage_scheme(None) == "rlw_uk"


def test_pay_check_across_a_rate_change_date():
    # £12.30 an hour: above the NLW of £12.21 all year; meets RLW £12.00 until 22 Apr 2025,
    # then falls below the £12.60 RLW from 23 Apr 2025.
    before = pay.pay_check(1230, date(2025, 4, 22))
    after = pay.pay_check(1230, date(2025, 4, 23))
    assert before.status == "rlw" and before.meets_living_wage
    assert after.status == "nlw" and not after.meets_living_wage
    assert "below the Real Living Wage £12.60" in after.describe()
    # £12.00 before 1 Apr 2025 is above NLW £11.44; from 1 Apr 2025 it is below NLW £12.21.
    assert pay.pay_check(1200, date(2025, 3, 31)).meets_national_living_wage
    assert pay.pay_check(1200, date(2025, 4, 1)).status == "below_nlw"


def test_pay_check_warns_of_announced_rate_and_uses_london():
    check = pay.pay_check(1300, date(2025, 11, 3))
    assert check.status == "rlw" and "£13.45 is due by 22 Apr 2026" in check.describe()
    london = pay.pay_check(1300, date(2025, 11, 3), "E09000001")
    assert london.living_wage.scheme == "rlw_london" and london.status == "nlw"


def test_fte_and_hourly_equivalent():
    assert pay.fte(19.5, 39) == 0.5
    assert pay.fte(45, 37.5) == 1.0  # capped
    assert pay.fte(None, 37.5) == 0.0
    # £26,000 a year at 37.5 hours: 26000 / (37.5 * 52) = £13.33
    assert pay.hourly_rate_pence(None, 26_000_00, 37.5) == 1333
    assert pay.hourly_rate_pence(1250, 26_000_00, 37.5) == 1250
    assert pay.overlap_days(date(2025, 1, 1), None, date(2025, 4, 1), date(2025, 4, 30)) == 30


def test_ghg_edition_by_year_and_miles_to_km():
    e = rates.emission("van_diesel", 1000, date(2024, 6, 1), "mile")
    assert e.factor.edition == 2024 and e.kg_co2e == pytest.approx(402.73)
    assert e.factor.row_id == "5_303_3102_9_1"
    rail = rates.emission("rail", 100, date(2025, 2, 1), "mile")
    assert rail.kg_co2e == pytest.approx(100 * 1.609344 * 0.03546)
    late = rates.emission("electricity_uk", 1000, date(2027, 1, 1), "kWh")
    assert late.factor.edition == 2025 and "2025 edition was used" in late.note
    assert rates.emission("electricity_uk", 1000, date(2023, 5, 1)).tonnes == pytest.approx(0.20707)


def test_user_override_table_is_used(svdesk_home):
    from svdesk.paths import config_dir

    target = config_dir() / "rates"
    target.mkdir(parents=True)
    (target / "wages.csv").write_text(
        "scheme,rate_pence,announced,in_force_from,min_age,status,source\n"
        "rlw_uk,1500,2026-10-20,2027-04-20,18,U,test\n",
        encoding="utf-8",
    )
    rates.clear_cache()
    try:
        assert rates.wage_rate_on("rlw_uk", date(2027, 5, 1)).rate_pence == 1500
    finally:
        rates.clear_cache()


def test_living_wage_in_force_below_new_legal_minimum_is_not_met():
    # On 1 Apr 2025 the RLW in force (£12.00) is below the new NLW (£12.21): £12.10 is illegal.
    check = pay.pay_check(1210, date(2025, 4, 1))
    assert not check.meets_living_wage and check.status == "below_nlw"
    assert "below the National Living Wage of £12.21" in check.describe()
