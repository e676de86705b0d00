"""FTE and pay against the wage floors in force on a date (pure functions, no database).

FTE = contracted weekly hours ÷ the organisation's full-time hours, capped at 1 (TOMs practice:
one person is at most one FTE). An annual salary becomes an hourly rate over 52 weeks of the
contracted hours, the way the Living Wage Foundation compares salaried staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from svdesk.calc import rates
from svdesk.formatting import format_date, format_money

WEEKS_PER_YEAR = 52


def fte(weekly_hours: float | None, full_time_hours: float) -> float:
    if not weekly_hours or weekly_hours <= 0 or full_time_hours <= 0:
        return 0.0
    return min(weekly_hours / full_time_hours, 1.0)


def hourly_rate_pence(
    hourly_pence: int | None, annual_salary_pence: int | None, weekly_hours: float | None
) -> int | None:
    """The hourly equivalent of the pay recorded, or None when it cannot be worked out."""
    if hourly_pence:
        return hourly_pence
    if annual_salary_pence and weekly_hours and weekly_hours > 0:
        return round(annual_salary_pence / (weekly_hours * WEEKS_PER_YEAR))
    return None


def overlap_days(start: date | None, end: date | None, period_start: date, period_end: date) -> int:
    """Days (inclusive) of [start, end] inside the period; open ends reach the period's edge."""
    lo = max(start or period_start, period_start)
    hi = min(end or period_end, period_end)
    return max((hi - lo).days + 1, 0)


@dataclass(frozen=True)
class PayCheck:
    day: date
    hourly_pence: int | None
    living_wage: rates.WageRate | None
    national_living_wage: rates.WageRate | None
    coming: rates.WageRate | None  # a Real Living Wage announced but not yet in force

    @property
    def meets_living_wage(self) -> bool | None:
        # The Real Living Wage in force can lag behind a new legal minimum (the six months to
        # implement overlap 1 April), so meeting it also means meeting the legal minimum.
        if self.hourly_pence is None or self.living_wage is None:
            return None
        return (
            self.hourly_pence >= self.living_wage.rate_pence and self.meets_national_living_wage is not False
        )

    @property
    def meets_national_living_wage(self) -> bool | None:
        if self.hourly_pence is None or self.national_living_wage is None:
            return None
        return self.hourly_pence >= self.national_living_wage.rate_pence

    @property
    def status(self) -> str:
        """ "rlw", "nlw" (legal floor only), "below_nlw" or "unknown"."""
        if self.meets_national_living_wage is False:
            return "below_nlw"
        if self.meets_living_wage:
            return "rlw"
        if self.meets_national_living_wage:
            return "nlw"
        return "unknown"

    def describe(self) -> str:
        if self.hourly_pence is None:
            return "No pay recorded"
        pay = format_money(self.hourly_pence)
        if self.living_wage is None:
            return f"{pay} an hour; no Real Living Wage rate for {format_date(self.day)}"
        lw = f"{self.living_wage.label} {format_money(self.living_wage.rate_pence)}"
        if self.status == "below_nlw" and self.national_living_wage is not None:
            nlw = format_money(self.national_living_wage.rate_pence)
            return f"{pay} an hour is below the National Living Wage of {nlw}"
        if self.meets_living_wage:
            text = f"{pay} an hour meets the {lw}"
            if self.coming and self.hourly_pence < self.coming.rate_pence:
                text += (
                    f"; the new rate of {format_money(self.coming.rate_pence)} is due by "
                    f"{format_date(self.coming.in_force_from)}"
                )
            return text
        if self.meets_national_living_wage:
            return f"{pay} an hour is below the {lw} (it meets the legal minimum)"
        return f"{pay} an hour is below the {lw}"


def _rate_or_none(scheme: str, day: date) -> rates.WageRate | None:
    try:
        return rates.wage_rate_on(scheme, day)
    except rates.RateError:
        return None


def pay_check(hourly_pence: int | None, day: date, workplace_la_code: str | None = None) -> PayCheck:
    scheme = rates.living_wage_scheme(workplace_la_code)
    return PayCheck(
        day,
        hourly_pence,
        _rate_or_none(scheme, day),
        _rate_or_none("nlw", day),
        rates.announced_rate_on(scheme, day),
    )
