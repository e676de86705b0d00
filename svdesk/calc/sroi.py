"""Social return on investment (Cabinet Office guide, 2009/2012), as plain arithmetic.

    impact in year 1   = quantity x proxy x (1 - deadweight) x (1 - displacement) x (1 - attribution)
    impact in year n   = impact in year n-1 x (1 - drop-off)
    present value      = sum of impact in year t x discount factor(t)
    ratio              = present value / value of inputs

The discount rate is a setting, never a constant in code: the HM Treasury Green Book rate is 3.5%
for years 0-30, 3.0% for 31-75 and 2.5% after (under review since Dec 2025). Impacts are
discounted from year 1, as the SROI guide does (year 0 is the day of investment, undiscounted).
"""

from __future__ import annotations

from dataclasses import dataclass

# (last year the rate applies to, or None for "every later year", rate)
GREEN_BOOK: tuple[tuple[int | None, float], ...] = ((30, 0.035), (75, 0.030), (None, 0.025))
DEFAULT_RATE = 0.035


@dataclass(frozen=True)
class DiscountSchedule:
    bands: tuple[tuple[int | None, float], ...] = GREEN_BOOK

    @classmethod
    def flat(cls, rate: float) -> DiscountSchedule:
        return cls(((None, rate),))

    @classmethod
    def green_book(cls, first_rate: float = DEFAULT_RATE) -> DiscountSchedule:
        """The Green Book's stepped schedule; a different first rate replaces 3.5% only."""
        return cls(((30, first_rate), (75, 0.030), (None, 0.025)))

    def rate(self, year: int) -> float:
        for last, rate in self.bands:
            if last is None or year <= last:
                return rate
        return self.bands[-1][1]

    def factor(self, year: int) -> float:
        """Discount factor for year t: each year is discounted at the rate of its own band,
        so year 31 = factor(30) / 1.03."""
        factor = 1.0
        for t in range(1, year + 1):
            factor /= 1 + self.rate(t)
        return factor


@dataclass(frozen=True)
class SroiAssumptions:
    deadweight: float = 0.0  # share that would have happened anyway
    displacement: float = 0.0  # share that merely moved benefit from elsewhere
    attribution: float = 0.0  # share owed to others
    drop_off: float = 0.0  # share of the impact lost each later year
    years: int = 1  # how many years the impact lasts

    def __post_init__(self):
        for name in ("deadweight", "displacement", "attribution", "drop_off"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name.replace('_', '-')} must be between 0% and 100%.")
        if self.years < 1:
            raise ValueError("An impact lasts at least one year.")


@dataclass(frozen=True)
class SroiLine:
    measure_key: str
    quantity: float
    proxy_pence: float  # £ per unit, in pence
    assumptions: SroiAssumptions = SroiAssumptions()


@dataclass(frozen=True)
class SroiLineResult:
    measure_key: str
    gross_pence: float  # quantity x proxy
    first_year_pence: float  # after deadweight, displacement and attribution
    yearly_pence: tuple[float, ...]
    present_value_pence: float


@dataclass(frozen=True)
class SroiResult:
    lines: tuple[SroiLineResult, ...]
    present_value_pence: float
    inputs_pence: float
    ratio: float | None  # None when there are no inputs to divide by


def line_impact(line: SroiLine, schedule: DiscountSchedule) -> SroiLineResult:
    a = line.assumptions
    gross = line.quantity * line.proxy_pence
    first = gross * (1 - a.deadweight) * (1 - a.displacement) * (1 - a.attribution)
    yearly = tuple(first * (1 - a.drop_off) ** (n - 1) for n in range(1, a.years + 1))
    pv = sum(v * schedule.factor(t) for t, v in enumerate(yearly, start=1))
    return SroiLineResult(line.measure_key, gross, first, yearly, pv)


def sroi(lines: list[SroiLine], inputs_pence: float, schedule: DiscountSchedule | None = None) -> SroiResult:
    schedule = schedule or DiscountSchedule.green_book()
    results = tuple(line_impact(line, schedule) for line in lines)
    pv = sum(r.present_value_pence for r in results)
    ratio = pv / inputs_pence if inputs_pence > 0 else None
    return SroiResult(results, pv, inputs_pence, ratio)
