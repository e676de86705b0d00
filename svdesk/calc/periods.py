"""Reporting periods: financial years and quarters that start in the organisation's chosen month."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # inclusive

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    return date(day.year + month0 // 12, month0 % 12 + 1, 1)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _year_label(start: date) -> str:
    if start.month == 1:
        return f"{start.year}"
    return f"{start.year}/{str(start.year + 1)[-2:]}"


def financial_year(day: date, start_month: int = 4) -> Period:
    """The financial year containing day, e.g. FY 2025/26 = 1 Apr 2025 to 31 Mar 2026."""
    year = day.year if day.month >= start_month else day.year - 1
    start = date(year, start_month, 1)
    end = _add_months(start, 12).replace(day=1)
    end = date.fromordinal(end.toordinal() - 1)
    return Period(f"FY {_year_label(start)}", start, end)


def quarters(year: Period) -> list[Period]:
    out = []
    for q in range(4):
        start = _add_months(year.start, 3 * q)
        end = _month_end(_add_months(start, 2))
        span = f"{start.strftime('%b')}–{end.strftime('%b %Y')}"
        out.append(Period(f"Q{q + 1} {year.label[3:]} ({span})", start, end))
    return out


def financial_years_between(first: date, last: date, start_month: int = 4) -> list[Period]:
    years = []
    current = financial_year(first, start_month)
    while current.start <= last:
        years.append(current)
        current = financial_year(_add_months(current.start, 12), start_month)
    return years
