"""People on a contract over a period, counted by the one set of rules in svdesk.calc.counting.

This module only gathers the figures the people screens show; it has no counting rules of its
own (FTE-years, "local", first-year priority hires under one group all come from counting.py,
so the people footers always agree with Figures & commitments).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from svdesk.calc.counting import Terms
from svdesk.calc.employment import JobSpell, local_fte_years, priority_group_hires
from svdesk.calc.time_spans import Window

UNKNOWN_REASON = "Postcode unknown: not counted as local."


@dataclass
class ContractPeopleCounts:
    contract_reference: str
    start: date
    end: date
    headcount: int = 0
    fte_years: float = 0.0
    local_headcount: int = 0
    local_fte_years: float = 0.0
    unknown_local: int = 0
    new_jobs: int = 0
    priority_hires: dict[str, int] = field(default_factory=dict)
    paid_living_wage: int = 0
    pay_known: int = 0


def count_spells(
    spells: Iterable[JobSpell],
    reference: str,
    period: Window,
    terms: Terms,
    today: date,
    year_start_month: int = 4,
) -> ContractPeopleCounts:
    """Headcount, FTE-years (all and local) and priority hires for the spells in the period."""
    spells = list(spells)
    # a contract's counts are always asked for a period with both its days given
    assert period.start is not None and period.end is not None
    out = ContractPeopleCounts(reference, period.start, period.end)
    local = local_fte_years(spells, period, terms, today, year_start_month)
    # all FTE-years by the same rule: every spell treated as a local, additional, long job
    everyone = local_fte_years(
        [replace(s, local=True, additional=True, year_or_longer=True) for s in spells],
        period,
        terms,
        today,
        year_start_month,
    )
    out.fte_years = everyone.quantity
    out.headcount = len({c.ref for c in everyone.claimed})
    out.local_fte_years = local.quantity
    out.local_headcount = len({c.ref for c in local.claimed})
    out.unknown_local = len({c.ref for c in local.contributions if c.reason == UNKNOWN_REASON})
    hires = priority_group_hires(spells, period, terms)
    out.priority_hires = {g: round(n) for g, n in hires.breakdown.items()}
    return out
