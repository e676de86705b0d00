"""Date windows and exact year fractions for the counting rules.

anchored_years (what the counting rules use) gives each day the weight 1 / (days in the
financial year holding it), the year starting on the 1st of year_start_month (April unless the
organisation says otherwise). So every whole financial year is exactly 1.0, with or without a
29 February, and the figure is additive: four quarters always add up to their year, and two
periods never count a day twice. Counting days / 365.25 instead would turn the textbook
"12.5 FTE x 2 years = 25 FTE-years" into 24.98.

years_between counts anniversary to anniversary from the span's own start; it is exact for any
whole number of years from that start, but not additive across splits in a leap year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_between(start: date, end: date) -> float:
    """Years from start to end, both days included; 0.0 when end is before start."""
    if end < start:
        return 0.0
    stop = end + ONE_DAY
    whole = max(0, stop.year - start.year)  # at most one too many: step back below
    while whole and add_years(start, whole) > stop:
        whole -= 1
    cursor = add_years(start, whole)
    next_anniversary = add_years(start, whole + 1)
    return whole + (stop - cursor).days / (next_anniversary - cursor).days


@dataclass(frozen=True)
class Window:
    """A span of days, both ends included; None means open on that side."""

    start: date | None = None
    end: date | None = None

    def intersect(self, other: Window | None) -> Window:
        if other is None:
            return self
        a, b = self.start, other.start
        start = b if a is None else a if b is None else max(a, b)
        a, b = self.end, other.end
        end = b if a is None else a if b is None else min(a, b)
        return Window(start, end)

    @property
    def empty(self) -> bool:
        return self.start is not None and self.end is not None and self.end < self.start

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def days(self) -> int:
        if self.start is None or self.end is None:
            raise ValueError("An open window has no length.")
        return max(0, (self.end - self.start).days + 1)

    def years(self, year_start_month: int = 4) -> float:
        """Length in years, additive across splits (see anchored_years)."""
        if self.start is None or self.end is None:
            raise ValueError("An open window has no length.")
        return anchored_years(self.start, self.end, year_start_month)


def clip(start: date, end: date | None, window: Window, today: date) -> Window:
    """The part of a record's span [start, end] inside window, and never beyond today: what is
    counted is what has been delivered, not what is planned."""
    if end is None or end > today:
        end = today
    return Window(start, end).intersect(window)


def anchored_years(start: date, end: date, year_start_month: int = 4) -> float:
    """Years from start to end (both included), each day weighted by its financial year."""
    if end < start:
        return 0.0
    year = start.year if start.month >= year_start_month else start.year - 1
    total = 0.0
    while True:
        fy_start = date(year, year_start_month, 1)
        fy_next = date(year + 1, year_start_month, 1)
        if fy_start > end:
            return total
        first, last = max(start, fy_start), min(end, fy_next - ONE_DAY)
        if last >= first:
            total += ((last - first).days + 1) / (fy_next - fy_start).days
        year += 1
