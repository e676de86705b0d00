"""The registry through which other areas feed the measure engine.

Areas that own records (people, activities, spend, environment) register one function per
measure key. The engine calls it with a MeasureQuery and gets back a SourceResult:

    from svdesk.services.measure_sources import MeasureQuery, SourceResult, register_source
    from svdesk.calc.employment import local_fte_years

    def _local_jobs(q: MeasureQuery) -> SourceResult:
        spells = ...  # rows for q.contract_id (all contracts when None), mapped to JobSpell
        return SourceResult.from_count(local_fte_years(spells, q.period, q.terms, q.today))

    register_source("local_jobs_fte_years", _local_jobs)

The spend area registers one function for the whole spend summary (register_spend_source);
local_spend_gbp, sme_spend_gbp and vcse_spend_gbp then come from it unless a dedicated source
is registered for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from svdesk.calc.counting import Contribution, Count, Terms
from svdesk.calc.employment import WageShare
from svdesk.calc.time_spans import Window
from svdesk.services.store import Store


@dataclass(frozen=True)
class MeasureQuery:
    store: Store
    contract_id: int | None  # None = every contract (organisation-wide)
    period: Window  # the reporting period; open ends allowed
    terms: Terms  # every contract's term, for clipping records to it
    today: date  # nothing after this day counts as delivered
    # Shared by every query of one computation (all measures, every quarter of a commitment):
    # a source may keep what does not depend on the period here, e.g. people mapped to spells.
    cache: dict = field(default_factory=dict, compare=False, repr=False)
    # False when nobody will see the records behind the figure (a commitment's quarters, the
    # period compared with): a source may then skip listing them, the quantity is the same.
    detail: bool = True

    @property
    def start(self) -> date | None:
        return self.period.start

    @property
    def end(self) -> date | None:
        return self.period.end

    @property
    def window(self) -> Window:
        """The period inside the chosen contract's term (the period itself organisation-wide)."""
        return (
            self.period.intersect(self.terms.get(self.contract_id))
            if self.contract_id is not None
            else self.period
        )


@dataclass
class SourceResult:
    quantity: float
    records: int = 0  # records behind the claimed quantity
    breakdown: dict[str, float] = field(default_factory=dict)
    contributions: list[Contribution] = field(default_factory=list)  # for the drill-down
    note: str = ""

    @classmethod
    def from_count(cls, count: Count, note: str = "") -> SourceResult:
        return cls(count.quantity, count.records, count.breakdown, list(count.contributions), note)

    @classmethod
    def from_wage_share(cls, share: WageShare) -> SourceResult:
        """real_living_wage_share is reported as a percentage (0-100) of FTE time."""
        if share.share is None:
            return cls(0.0, 0, {}, list(share.contributions), "No pay recorded yet.")
        return cls(
            share.share * 100,
            share.records,
            {},
            list(share.contributions),
            f"{share.paid_fte_years:.2f} of {share.all_fte_years:.2f} FTE-years",
        )


@dataclass(frozen=True)
class SupplierShare:
    """One supplier's spend in the summary, for the drill-down of the spend measures."""

    ref: str  # "supplier:<id>"
    label: str  # the supplier's name
    pence: int
    lines: int
    locality: str  # "local", "not_local" or "unknown"
    reason: str  # why it is (not) local, in words
    sme: bool
    vcse: bool


@dataclass(frozen=True)
class SpendSummary:
    """Spend on the contract(s) in the period, in pence; local_share is local / total."""

    total_pence: int = 0
    local_pence: int = 0
    sme_pence: int = 0
    vcse_pence: int = 0
    unknown_postcode_count: int = 0  # suppliers with no usable postcode
    unknown_postcode_pence: int = 0
    lines: int = 0  # spend lines behind the total
    local_lines: int = 0
    sme_lines: int = 0
    vcse_lines: int = 0
    registered: bool = True  # False: no spend source registered yet
    suppliers: tuple[SupplierShare, ...] = ()  # optional: per supplier, for the drill-down

    @property
    def local_share(self) -> float | None:
        return self.local_pence / self.total_pence if self.total_pence else None


SourceFn = Callable[[MeasureQuery], SourceResult]
SpendFn = Callable[[MeasureQuery], SpendSummary]

_SOURCES: dict[str, SourceFn] = {}
_SPEND: list[SpendFn] = []


def register_source(key: str, fn: SourceFn, *, replace: bool = False) -> None:
    """Make fn the source of measure key. Registering a key twice is a mistake (two areas would
    count the same thing) unless replace=True says it is meant."""
    if key in _SOURCES and _SOURCES[key] is not fn and not replace:
        raise ValueError(f"A source is already registered for the measure “{key}”.")
    _SOURCES[key] = fn


def unregister_source(key: str) -> None:
    _SOURCES.pop(key, None)


def source_for(key: str) -> SourceFn | None:
    return _SOURCES.get(key)


def registered_keys() -> set[str]:
    return set(_SOURCES)


def register_spend_source(fn: SpendFn) -> None:
    _SPEND[:] = [fn]


def unregister_spend_source() -> None:
    _SPEND.clear()


def spend_source() -> SpendFn | None:
    return _SPEND[0] if _SPEND else None
