"""People employed: the record, and listing people with what social value needs (FTE, local, pay).

Saving, deleting and erasing a person are in svdesk.services.people_edits.

A person is a pseudonymous reference; there is nowhere to put a name. Derived answers are
worked out when read: FTE from the organisation's full-time hours, "local" through each contract's
own local area, pay against the wage floors in force on the date asked about.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from svdesk.calc import pay
from svdesk.geo import postcodes
from svdesk.geo.local_area import LocalArea, Locality, LocalityResult
from svdesk.models import Contract, EvidenceLink, Organisation, Person, PersonContract
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

CONTRACT_TYPES = {
    "permanent": "Permanent",
    "fixed_term": "Fixed-term",
    "temporary": "Temporary",
    "zero_hours": "Zero-hours",
    "agency": "Agency",
}
JOB_STATUSES = {"new": "New job", "retained": "Retained job"}
PRIORITY_GROUPS = {
    "": "None",
    "long_term_unemployed": "Long-term unemployed (12 months or more)",
    "neet": "Not in education, employment or training (16–24)",
    "young_offender": "Young offender (18–24)",
    "disabled": "Disabled (Equality Act 2010)",
    "care_leaver": "Care leaver (16–25)",
    "veteran": "Veteran",
    "homeless": "Homeless",
    "ex_offender": "Ex-offender",
    "other": "Other (name it)",
}


@dataclass
class Assignment:
    contract_id: int
    time_share: float = 1.0
    start_date: date | None = None
    end_date: date | None = None
    contract_reference: str = ""
    local_at_erasure: str | None = None


@dataclass
class PersonData:
    reference: str = ""
    postcode: str = ""
    workplace_postcode: str = ""
    start_date: date | None = None
    leave_date: date | None = None
    weekly_hours: float | None = None
    hourly_rate_pence: int | None = None
    annual_salary_pence: int | None = None
    contract_type: str = "permanent"
    job_status: str = "new"
    priority_group: str = ""
    priority_group_other: str = ""
    recruitment_programme: str = ""
    consent_given: bool = False
    consent_date: date | None = None
    notes: str = ""
    erased_on: date | None = None
    id: int | None = None
    assignments: list[Assignment] = field(default_factory=list)
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError

    @property
    def erased(self) -> bool:
        return self.erased_on is not None

    def priority_counts_on(self, day: date) -> bool:
        """Priority-group hires count only in their first year of employment."""
        return bool(
            self.priority_group
            and self.start_date
            and self.start_date <= day < self.start_date + timedelta(days=365)
        )


@dataclass
class ContractLocality:
    contract_id: int
    reference: str
    time_share: float
    result: LocalityResult


@dataclass
class PersonView:
    person: PersonData
    fte: float
    hourly_pence: int | None
    pay: pay.PayCheck
    localities: list[ContractLocality]
    evidence_count: int = 0

    @property
    def employed_on(self) -> bool:
        p = self.person
        return bool(
            p.start_date
            and p.start_date <= self.pay.day
            and (p.leave_date is None or p.leave_date >= self.pay.day)
        )


_SCALAR_FIELDS = [f.name for f in fields(PersonData) if f.name not in ("assignments",)]


def _to_data(row: Person, links: list[PersonContract], refs: dict[int, str]) -> PersonData:
    data = PersonData(**{name: getattr(row, name) for name in _SCALAR_FIELDS})
    data.assignments = [
        Assignment(
            a.contract_id,
            a.time_share,
            a.start_date,
            a.end_date,
            refs.get(a.contract_id, ""),
            a.local_at_erasure,
        )
        for a in links
    ]
    return data


def full_time_hours(store: Store) -> float:
    return store.memo(("full_time_hours",), lambda: _full_time_hours(store))


def _full_time_hours(store: Store) -> float:
    with store.read() as s:
        value = s.scalar(select(Organisation.full_time_hours).order_by(Organisation.id))
    return value or 37.5


def person_choices(store: Store) -> dict[int, str]:
    """id -> reference of everyone not erased, for pickers."""
    with store.read() as s:
        return dict(
            s.execute(
                select(Person.id, Person.reference)
                .where(Person.erased_on.is_(None))
                .order_by(Person.reference)
            ).all()
        )


def taken_references(store: Store, except_id: int | None = None) -> set[str]:
    with store.read() as s:
        q = select(Person.reference)
        if except_id is not None:
            q = q.where(Person.id != except_id)
        return set(s.scalars(q))


def get_person(store: Store, person_id: int) -> PersonData | None:
    with store.read() as s:
        row = s.get(Person, person_id)
        if row is None:
            return None
        refs = dict(s.execute(select(Contract.id, Contract.reference)).all())
        links = list(s.scalars(select(PersonContract).where(PersonContract.person_id == row.id)))
        return _to_data(row, links, refs)


def _where(search: str, contract_id: int | None, include_erased: bool):
    conditions = []
    if search.strip():
        like = f"%{search.strip()}%"
        conditions.append(
            or_(
                Person.reference.ilike(like),
                Person.postcode.ilike(like),
                Person.recruitment_programme.ilike(like),
            )
        )
    if contract_id is not None:
        conditions.append(
            Person.id.in_(select(PersonContract.person_id).where(PersonContract.contract_id == contract_id))
        )
    if not include_erased:
        conditions.append(Person.erased_on.is_(None))
    return conditions


def person_ids(store: Store, *, contract_id: int | None = None) -> set[int]:
    """The ids of the people list_people gives, without working out their pay and locality."""
    with store.read() as s:
        return set(s.scalars(select(Person.id).where(*_where("", contract_id, True))))


def count_people(
    store: Store, *, search: str = "", contract_id: int | None = None, include_erased: bool = True
) -> int:
    with store.read() as s:
        # COUNT always gives one row, so the scalar is never None
        return (
            s.scalar(select(func.count(Person.id)).where(*_where(search, contract_id, include_erased))) or 0
        )


def list_people(
    store: Store,
    *,
    on: date | None = None,
    search: str = "",
    contract_id: int | None = None,
    include_erased: bool = True,
    offset: int = 0,
    limit: int | None = None,
    order_by: str = "reference",
    descending: bool = False,
) -> list[PersonView]:
    """People with FTE, pay against the wage floors on `on` (today) and local per contract."""
    on = on or date.today()
    ft_hours = full_time_hours(store)
    evidence = (
        select(func.count(EvidenceLink.id))
        .where(EvidenceLink.record_type == "person", EvidenceLink.record_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )
    sort = evidence if order_by == "evidence_count" else getattr(Person, order_by, Person.reference)
    with store.read() as s:
        contracts = {c.id: c for c in s.scalars(select(Contract))}
        refs = {cid: c.reference for cid, c in contracts.items()}
        q = (
            select(Person, evidence)
            .where(*_where(search, contract_id, include_erased))
            .order_by(sort.desc() if descending else sort.asc(), Person.id)
            .offset(offset)
        )
        if limit is not None:
            q = q.limit(limit)
        rows = s.execute(q).all()
        ids = [r[0].id for r in rows]
        links: dict[int, list[PersonContract]] = {}
        for link in s.scalars(select(PersonContract).where(PersonContract.person_id.in_(ids))):
            links.setdefault(link.person_id, []).append(link)
        org_postcode = s.scalar(select(Organisation.postcode).order_by(Organisation.id)) or ""
        memo = _ViewMemo()
        return [
            _view(_to_data(row, links.get(row.id, []), refs), n, contracts, ft_hours, org_postcode, on, memo)
            for row, n in rows
        ]


def people_in_period(
    store: Store,
    *,
    contract_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    on: date | None = None,
) -> list[PersonView]:
    """The views list_people gives (same order, same figures, evidence_count 0) of the people
    not erased whose employment overlaps [start, end] (open dates overlap everything): for the
    exports' jobs table, which wants those alone.

    The period is filtered in SQL, rows are read as plain columns, and pay and local answers
    that depend only on a postcode or pay rate are worked out once each: 5,000 people took
    0.9 s through list_people and a third of that here."""
    on = on or date.today()
    ft_hours = full_time_hours(store)
    conditions = _where("", contract_id, False)
    if end is not None:
        conditions.append(or_(Person.start_date.is_(None), Person.start_date <= end))
    if start is not None:
        conditions.append(or_(Person.leave_date.is_(None), Person.leave_date >= start))
    chosen = select(Person.id).where(*conditions)
    with store.read() as s:
        contracts = {c.id: c for c in s.scalars(select(Contract))}
        refs = {cid: c.reference for cid, c in contracts.items()}
        rows = s.execute(
            select(*[getattr(Person, n) for n in _SCALAR_FIELDS])
            .where(*conditions)
            .order_by(Person.reference, Person.id)
        ).all()
        links: dict[int, list[Assignment]] = {}
        # Each person's links in id order, as list_people reads them (by its person index).
        for pid, cid, share, began, ended, erased in s.execute(
            select(
                PersonContract.person_id,
                PersonContract.contract_id,
                PersonContract.time_share,
                PersonContract.start_date,
                PersonContract.end_date,
                PersonContract.local_at_erasure,
            )
            .where(PersonContract.person_id.in_(chosen))
            .order_by(PersonContract.id)
        ):
            links.setdefault(pid, []).append(Assignment(cid, share, began, ended, refs.get(cid, ""), erased))
        org_postcode = s.scalar(select(Organisation.postcode).order_by(Organisation.id)) or ""
    memo = _ViewMemo()
    out = []
    for row in rows:
        person = PersonData(**dict(zip(_SCALAR_FIELDS, row, strict=True)))
        assert person.id is not None, "a person read from the store has its id"
        person.assignments = links.get(person.id, [])
        out.append(_view(person, 0, contracts, ft_hours, org_postcode, on, memo))
    return out


def _workplace_la(person: PersonData, org_postcode: str) -> str | None:
    code = person.workplace_postcode or org_postcode
    try:
        info = postcodes.lookup(code) if code else None
    except postcodes.PostcodeError:
        return None
    return info.la_code if info else None


def locality_for(person: PersonData, contract: Contract, stored: str | None, areas: dict):
    """areas: contract id -> its LocalArea, made once per contract (not once per person) as
    they are first needed."""
    if person.erased:
        status = Locality(stored) if stored else Locality.UNKNOWN
        return LocalityResult(status, "Recorded when the person's details were erased")
    area = areas.get(contract.id)
    if area is None:
        area = areas[contract.id] = LocalArea.from_contract(contract)
    return area.test(person.postcode)


class _ViewMemo:
    """What _view works out that depends only on a workplace postcode, a pay rate or a home
    postcode (not on the person), kept across the people of one listing: thousands of people
    share a few workplaces, rates and postcodes."""

    def __init__(self):
        self.areas: dict = {}
        self.workplaces: dict[str, str | None] = {}
        self.checks: dict[tuple, pay.PayCheck] = {}
        self.tested: dict[tuple, LocalityResult] = {}


def _view(
    person: PersonData,
    evidence_count: int,
    contracts: dict,
    ft_hours: float,
    org_postcode: str,
    on: date,
    memo: _ViewMemo,
) -> PersonView:
    hourly = pay.hourly_rate_pence(person.hourly_rate_pence, person.annual_salary_pence, person.weekly_hours)
    code = person.workplace_postcode or org_postcode
    if code not in memo.workplaces:
        memo.workplaces[code] = _workplace_la(person, org_postcode)
    key = (hourly, memo.workplaces[code])
    if key not in memo.checks:
        memo.checks[key] = pay.pay_check(hourly, on, memo.workplaces[code])
    localities = []
    for a in person.assignments:
        contract = contracts.get(a.contract_id)
        if contract is None:
            continue
        if person.erased:  # the answer recorded at erasure, not a test of the postcode
            found = locality_for(person, contract, a.local_at_erasure, memo.areas)
        else:
            test = (a.contract_id, person.postcode)
            if test not in memo.tested:
                memo.tested[test] = locality_for(person, contract, None, memo.areas)
            found = memo.tested[test]
        localities.append(ContractLocality(a.contract_id, contract.reference, a.time_share, found))
    return PersonView(
        person, pay.fte(person.weekly_hours, ft_hours), hourly, memo.checks[key], localities, evidence_count
    )


def contract_counts(store: Store, contract_id: int, start: date, end: date, today: date | None = None):
    """Headcount, FTE-years, local FTE-years, new jobs, first-year priority hires and pay at
    the Real Living Wage (checked on the period's last day) for one contract and period,
    counted by the measures' rules (svdesk.calc.counting) so every screen agrees."""
    from svdesk.calc.people_counts import count_spells
    from svdesk.services.activity_measures import year_start
    from svdesk.services.measures import build_query
    from svdesk.services.people_measures import job_spells

    with store.read() as s:
        reference = s.scalar(select(Contract.reference).where(Contract.id == contract_id))
    if reference is None:
        raise ValidationError({"contract_id": "That contract no longer exists."})
    q = build_query(store, contract_id, start, end, today)
    spells = job_spells(q).spells.spells
    out = count_spells(spells, reference, q.period, q.terms, q.today, year_start(q))
    for view in list_people(store, on=end, contract_id=contract_id):
        person = view.person
        if person.job_status == "new" and person.start_date and start <= person.start_date <= end:
            out.new_jobs += 1
        if view.pay.status != "unknown":
            out.pay_known += 1
            out.paid_living_wage += view.pay.status == "rlw"
    return out
