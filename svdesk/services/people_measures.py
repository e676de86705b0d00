"""Measure sources for the people records: local FTE-years, priority-group hires, new jobs
created (a count of people) and the Real Living Wage share, counted by svdesk.calc.counting
from each person's time on each contract.

People are read in one SQL query (not through people.list_people, which also checks pay and
looks up every postcode for the People screens): whether someone is local to a contract is the
answer stored per assignment (svdesk.services.localities), worked out only when missing. The
spells are built and de-duplicated once per computation (q.cache): the figures, the period
compared with and every quarter of every commitment count from the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, select

from svdesk.calc import pay
from svdesk.calc.employment import (
    JobSpell,
    Spells,
    local_fte_years,
    local_fte_years_total,
    new_jobs,
    priority_group_hires,
    real_living_wage_share,
)
from svdesk.db.engine import plain_rows
from svdesk.geo import postcodes
from svdesk.geo.local_area import Locality, answers_edition
from svdesk.models import Contract, EvidenceLink, Organisation, Person, PersonContract
from svdesk.services import localities
from svdesk.services.activity_measures import year_start
from svdesk.services.measure_sources import MeasureQuery, SourceResult, register_source
from svdesk.services.people import full_time_hours

_STORED = localities.TABLE.c
# a stored (or just worked out) answer: local, not local, or not known (never counted as local)
_LOCAL = {Locality.LOCAL.value: True, Locality.NOT_LOCAL.value: False, Locality.UNKNOWN.value: None}


@dataclass
class PeopleSpells:
    spells: Spells
    workplace_la: dict[str, str | None]  # record ref -> workplace local authority, for pay


def job_spells(q: MeasureQuery) -> PeopleSpells:
    """Each person's time on each contract (or on q's contract) as a JobSpell, local by that
    contract's area. Nothing here depends on the period, so it is built once per computation
    (and one contract's are taken from everyone's when those were built already)."""
    key = ("job_spells", q.contract_id)
    if key not in q.cache:
        everyone = q.cache.get(("job_spells", None))
        q.cache[key] = (
            _job_spells(q)
            if everyone is None or q.contract_id is None
            else PeopleSpells(everyone.spells.of_contract(q.contract_id), everyone.workplace_la)
        )
    return q.cache[key]


def _query(contract_id: int | None):
    evidenced = exists().where(EvidenceLink.record_type == "person", EvidenceLink.record_id == Person.id)
    stmt = (
        select(
            Person.id,
            Person.reference,
            Person.postcode,
            Person.workplace_postcode,
            Person.start_date,
            Person.leave_date,
            Person.weekly_hours,
            Person.hourly_rate_pence,
            Person.annual_salary_pence,
            Person.contract_type,
            Person.job_status,
            Person.priority_group,
            Person.erased_on,
            PersonContract.id.label("pc_id"),
            PersonContract.contract_id,
            PersonContract.time_share,
            PersonContract.start_date.label("pc_start"),
            PersonContract.end_date.label("pc_end"),
            PersonContract.local_at_erasure,
            _STORED.status.label("stored"),
            evidenced.label("evidenced"),
        )
        .join(PersonContract, PersonContract.person_id == Person.id)
        .outerjoin(
            localities.TABLE,
            and_(_STORED.person_contract_id == PersonContract.id, _STORED.edition == answers_edition()),
        )
        .where(Person.start_date.is_not(None))
        .order_by(Person.reference, Person.id, PersonContract.id)
    )
    if contract_id is not None:
        stmt = stmt.where(PersonContract.contract_id == contract_id)
    return stmt


def _job_spells(q: MeasureQuery) -> PeopleSpells:
    ft_hours = full_time_hours(q.store)
    with q.store.read() as s:
        org_postcode = s.scalar(select(Organisation.postcode).order_by(Organisation.id)) or ""
        # sqlite3's own tuples: SQLAlchemy's rows and date conversion cost more than the query
        rows = [r for r in plain_rows(s.connection(), _query(q.contract_id)) if r[6]]
        areas = {
            c.id: c
            for c in s.execute(
                select(
                    Contract.id,
                    Contract.local_area_kind,
                    Contract.local_area_codes,
                    Contract.local_radius_miles,
                    Contract.site_postcode,
                )
            )
        }
    # answers not stored yet (new people, an edited local area): worked out once, and kept
    found = localities.answers(
        q.store,
        [
            localities.Missing(
                r[13],
                r[0],
                r[14],
                r[2],
                a.local_area_kind,
                a.local_area_codes,
                a.local_radius_miles,
                a.site_postcode,
            )
            for r in rows
            if r[19] is None and r[12] is None
            for a in (areas[r[14]],)
        ],
    )
    workplace_la: dict[str, str | None] = {}
    by_code: dict[str, str | None] = {}
    spells = []
    day = date.fromisoformat
    for (
        person_id,
        reference,
        _postcode,
        workplace,
        start,
        leave,
        hours,
        hourly,
        salary,
        contract_type,
        job_status,
        group,
        erased,
        pc_id,
        contract_id,
        share,
        pc_start,
        pc_end,
        at_erasure,
        stored,
        evidenced,
    ) in rows:
        ref = f"person:{person_id}"
        # the workplace decides the London or UK Real Living Wage (as the people area does)
        code = workplace or org_postcode
        if code not in by_code:
            by_code[code] = _la(code)
        workplace_la[ref] = by_code[code]
        if erased is not None:
            local = _LOCAL[at_erasure] if at_erasure else None
        else:
            local = _LOCAL[stored if stored is not None else found[pc_id].value]
        start = day(start)
        ends = [day(d) for d in (leave, pc_end) if d is not None]
        spells.append(
            JobSpell(
                person_ref=reference,
                contract_id=contract_id,
                start=max(start, day(pc_start)) if pc_start else start,
                end=min(ends) if ends else None,
                weekly_hours=hours,
                full_time_hours=ft_hours,
                time_share=min(max(share, 0.0), 1.0),
                local=local,
                priority_group=(group or None) if job_status == "new" else None,
                hire_date=start,
                year_or_longer=True if contract_type == "permanent" else None,
                hourly_pay_pence=pay.hourly_rate_pence(hourly, salary, hours),
                ref=ref,
                label=reference,
                evidenced=bool(evidenced),
                new_job=job_status == "new",
            )
        )
    return PeopleSpells(Spells(spells), workplace_la)


def _la(code: str) -> str | None:
    try:
        info = postcodes.lookup(code) if code else None
    except postcodes.PostcodeError:
        return None
    return info.la_code if info else None


def _local_jobs(q: MeasureQuery) -> SourceResult:
    spells = job_spells(q).spells
    if not q.detail:
        quantity, records = local_fte_years_total(spells, q.period, q.terms, q.today, year_start(q))
        return SourceResult(quantity, records)
    return SourceResult.from_count(local_fte_years(spells, q.period, q.terms, q.today, year_start(q)))


def _hires(q: MeasureQuery) -> SourceResult:
    return SourceResult.from_count(priority_group_hires(job_spells(q).spells, q.period, q.terms))


def _new_jobs(q: MeasureQuery) -> SourceResult:
    return SourceResult.from_count(new_jobs(job_spells(q).spells, q.period, q.terms))


def _wage_share(q: MeasureQuery) -> SourceResult:
    """Pay is checked against the Real Living Wage in force at the end of the period."""
    people = job_spells(q)
    on = min(q.end or q.today, q.today)
    rates: dict = {}
    for la in set(people.workplace_la.values()):
        check = pay.pay_check(None, on, la)
        rates[la] = check.living_wage.rate_pence if check.living_wage else None
    # the rate changes once a year: every quarter of a year shares one priced list
    key = ("living_wage", q.contract_id, tuple(sorted(rates.items(), key=str)))
    if key not in q.cache:
        q.cache[key] = {ref: rates[la] for ref, la in people.workplace_la.items()}
    share = real_living_wage_share(
        people.spells, q.period, q.terms, q.today, year_start(q), q.cache[key], q.detail
    )
    return SourceResult.from_wage_share(share)


def register() -> None:
    for key, fn in {
        "local_jobs_fte_years": _local_jobs,
        "priority_group_hires": _hires,
        "real_living_wage_share": _wage_share,
        "new_jobs": _new_jobs,
    }.items():
        register_source(key, fn, replace=True)


register()
