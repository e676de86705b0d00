"""Counting rules for people on a contract over a period (DOMAIN.md section 3), as plain data.

- FTE-years: FTE × the person's time share on the contract × the share of the year they were
  employed on it in the period (10 full-time + 5 half-time local staff for two years = 25).
- Local: through the contract's own local area (or the answer kept when a person was erased).
- Priority-group hires count only in their first year, under one group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from svdesk.calc.pay import overlap_days
from svdesk.geo.local_area import Locality

DAYS_PER_YEAR = 365.25


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


def count_for_contract(views, contract_id: int, reference: str, start: date,
                       end: date) -> ContractPeopleCounts:
    """views: PersonView rows (people.list_people with on=end) for people on the contract."""
    out = ContractPeopleCounts(reference, start, end)
    for view in views:
        person = view.person
        link = next((a for a in person.assignments if a.contract_id == contract_id), None)
        loc = next((c for c in view.localities if c.contract_id == contract_id), None)
        if link is None or person.start_date is None:
            continue
        lo = max(person.start_date, link.start_date or person.start_date)
        hi = min(d for d in (person.leave_date, link.end_date, end) if d is not None)
        days = overlap_days(lo, hi, start, end)
        if days <= 0:
            continue
        years = days / DAYS_PER_YEAR
        fte_years = view.fte * link.time_share * years
        out.headcount += 1
        out.fte_years += fte_years
        if loc is not None and loc.result.status is Locality.LOCAL:
            out.local_headcount += 1
            out.local_fte_years += fte_years
        elif loc is None or loc.result.status is Locality.UNKNOWN:
            out.unknown_local += 1
        if person.job_status == "new" and start <= person.start_date <= end:
            out.new_jobs += 1
        first_year_end = person.start_date + timedelta(days=364)
        if person.priority_group and person.start_date <= end and first_year_end >= start:
            out.priority_hires[person.priority_group] = \
                out.priority_hires.get(person.priority_group, 0) + 1
        if view.pay.status != "unknown":
            out.pay_known += 1
            out.paid_living_wage += view.pay.status == "rlw"
    return out
