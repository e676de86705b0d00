"""The People table's footer: how many people, employed on a day, FTE, pay below the Real Living
Wage and without evidence, for the same search and contract filter as the table.

One query of the few columns these need. people.list_people would also work out whether each
person is local to each of their contracts (postcode look-ups against every contract's area),
which the totals never use: at 5,000 people that was most of the People page's second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from svdesk.calc import pay
from svdesk.geo import postcodes
from svdesk.models import EvidenceLink, Organisation, Person
from svdesk.services.people import _where, full_time_hours
from svdesk.services.store import Store


@dataclass(frozen=True)
class PeopleTotals:
    people: int
    employed: int
    fte: float
    below_living_wage: int  # employed on the day, paid below the Real Living Wage
    without_evidence: int  # not erased, with no evidence linked


def _la_code(postcode: str) -> str | None:
    try:
        info = postcodes.lookup(postcode) if postcode else None
    except postcodes.PostcodeError:
        return None
    return info.la_code if info else None


def people_totals(
    store: Store, *, on: date, search: str = "", contract_id: int | None = None
) -> PeopleTotals:
    """Totals over everyone the table lists for these filters (erased records included, as
    the table shows them), with pay checked as people.list_people checks it."""
    ft_hours = full_time_hours(store)
    evidence = (
        select(func.count(EvidenceLink.id))
        .where(EvidenceLink.record_type == "person", EvidenceLink.record_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )
    with store.read() as s:
        org_postcode = s.scalar(select(Organisation.postcode).order_by(Organisation.id)) or ""
        rows = s.execute(
            select(
                Person.start_date,
                Person.leave_date,
                Person.weekly_hours,
                Person.hourly_rate_pence,
                Person.annual_salary_pence,
                Person.workplace_postcode,
                Person.erased_on,
                evidence,
            ).where(*_where(search, contract_id, True))
        ).all()
    la_codes: dict[str, str | None] = {}
    statuses: dict[tuple, str] = {}  # (hourly pence, workplace area) -> pay check status
    employed = below = without = 0
    fte = 0.0
    for start, leave, hours, hourly, salary, workplace, erased_on, links in rows:
        if not links and erased_on is None:
            without += 1
        if not (start and start <= on and (leave is None or leave >= on)):
            continue
        employed += 1
        fte += pay.fte(hours, ft_hours)
        code = workplace or org_postcode
        if code not in la_codes:
            la_codes[code] = _la_code(code)
        key = (pay.hourly_rate_pence(hourly, salary, hours), la_codes[code])
        if key not in statuses:
            statuses[key] = pay.pay_check(key[0], on, key[1]).status
        below += statuses[key] in ("nlw", "below_nlw")
    return PeopleTotals(len(rows), employed, fte, below, without)
