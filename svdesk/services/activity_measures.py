"""Measure sources for the people and activity records: each maps its rows to the counting
rules' inputs (svdesk.calc.counting) and registers itself for one measure key.

Records are referred to as "<kind>:<id>" (the activity kind, or "person"), labelled without
personal data, and marked evidenced when an evidence link points at them.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from svdesk.calc.counting import (Contribution, DatedRecord, JobSpell, SpanRecord, amounts_in_pounds,
                                  hours_times_people, local_fte_years, priority_group_hires,
                                  pro_rated, real_living_wage_share)
from svdesk.geo.local_area import Locality
from svdesk.models import (Apprenticeship, Donation, EmissionRecord, EvidenceLink,
                           LearningIntervention, Organisation, ProBono, TrainingCourse,
                           Volunteering, WorkPlacement)
from svdesk.services.measure_sources import MeasureQuery, SourceResult, register_source


def _year_start(q: MeasureQuery) -> int:
    if "year_start_month" not in q.cache:
        with q.store.read() as s:
            month = s.scalar(select(Organisation.year_start_month).order_by(Organisation.id))
        q.cache["year_start_month"] = month or 4
    return q.cache["year_start_month"]


def _evidenced(q: MeasureQuery, kind: str) -> set[int]:
    with q.store.read() as s:
        return set(s.scalars(select(EvidenceLink.record_id)
                             .where(EvidenceLink.record_type == kind)))


def _rows(q: MeasureQuery, model):
    stmt = select(model)
    if q.contract_id is not None:
        stmt = stmt.where(model.contract_id == q.contract_id)
    if q.end is not None:  # nothing that starts after the period can count in it
        stmt = stmt.where(model.date <= q.end)
    with q.store.read() as s:
        return list(s.scalars(stmt))


def _relabel(contributions, labels: dict[str, str], evidenced: set[int] | None):
    """Contributions with their readable label and evidence flag (built directly: this runs
    for every person on every quarter, and dataclasses.replace is ten times slower)."""
    return [Contribution(c.ref, c.quantity, c.claimed, c.reason, c.group,
                         None if evidenced is None else int(c.ref.partition(":")[2]) in evidenced,
                         labels.get(c.ref, c.label)) for c in contributions]


def _mark(count, kind: str, q: MeasureQuery, labels: dict[str, str]) -> SourceResult:
    """Attach evidence and labels to each contribution, then wrap it for the engine."""
    count.contributions = _relabel(count.contributions, labels, _evidenced(q, kind))
    return SourceResult.from_count(count)


# --- people ---------------------------------------------------------------------------------

def job_spells(q: MeasureQuery) -> tuple[list[JobSpell], dict[str, str], set[int], dict]:
    """Each person's time on each contract as a JobSpell (local per that contract's area),
    with labels, the people with evidence, and {ref: (hourly pence, workplace LA)} for pay.

    Nothing here depends on the period, so it is worked out once per computation (q.cache):
    the figures and every quarter of every commitment share it.
    """
    key = ("job_spells", q.contract_id)
    if key not in q.cache:
        q.cache[key] = _job_spells(q)
    return q.cache[key]


def _job_spells(q: MeasureQuery):
    from svdesk.geo import postcodes
    from svdesk.services.people import full_time_hours, list_people

    spells, labels, evidenced, pay_info = [], {}, set(), {}
    ft_hours = full_time_hours(q.store)
    with q.store.read() as s:
        org_postcode = s.scalar(select(Organisation.postcode).order_by(Organisation.id)) or ""
    workplace_la: dict[str, str | None] = {}
    for view in list_people(q.store, on=q.today, contract_id=q.contract_id):
        p = view.person
        if p.start_date is None or not p.weekly_hours:
            continue
        ref = f"person:{p.id}"
        labels[ref] = p.reference
        if view.evidence_count:
            evidenced.add(p.id)
        # the workplace decides the London or UK Real Living Wage (as the people area does)
        code = p.workplace_postcode or org_postcode
        if code not in workplace_la:
            try:
                info = postcodes.lookup(code) if code else None
            except postcodes.PostcodeError:
                info = None
            workplace_la[code] = info.la_code if info else None
        pay_info[ref] = (view.hourly_pence, workplace_la[code])
        local_by_contract = {c.contract_id: c.result.status for c in view.localities}
        for a in p.assignments:
            if q.contract_id is not None and a.contract_id != q.contract_id:
                continue
            status = local_by_contract.get(a.contract_id, Locality.UNKNOWN)
            ends = [d for d in (p.leave_date, a.end_date) if d is not None]
            spells.append(JobSpell(
                person_ref=p.reference, contract_id=a.contract_id,
                start=max(p.start_date, a.start_date or p.start_date),
                end=min(ends) if ends else None, weekly_hours=p.weekly_hours,
                full_time_hours=ft_hours, time_share=min(max(a.time_share, 0.0), 1.0),
                local=None if status is Locality.UNKNOWN else status is Locality.LOCAL,
                priority_group=(p.priority_group or None) if p.job_status == "new" else None,
                hire_date=p.start_date,
                year_or_longer=True if p.contract_type == "permanent" else None,
                hourly_pay_pence=view.hourly_pence, ref=ref))
    return spells, labels, evidenced, pay_info


def _people(count_fn):
    def source(q: MeasureQuery) -> SourceResult:
        spells, labels, evidenced, _pay = job_spells(q)
        count = count_fn(spells, q)
        count.contributions = _relabel(count.contributions, labels, evidenced)
        return SourceResult.from_count(count)
    return source


def _wage_share(q: MeasureQuery) -> SourceResult:
    """Pay is checked against the Real Living Wage in force at the end of the period."""
    from dataclasses import replace

    from svdesk.calc import pay

    spells, labels, _evidenced, pay_info = job_spells(q)
    on = min(q.end or q.today, q.today)
    rates: dict = {}
    for hourly, la in pay_info.values():
        if la not in rates:
            check = pay.pay_check(None, on, la)
            rates[la] = check.living_wage.rate_pence if check.living_wage else None
    # the rate changes once a year: every quarter of a year shares one priced list
    key = ("priced_spells", q.contract_id, tuple(sorted(rates.items(), key=str)))
    if key not in q.cache:
        q.cache[key] = [replace(s, hourly_pay_pence=pay_info.get(s.ref, (None, None))[0],
                                living_wage_pence=rates.get(pay_info.get(s.ref,
                                                                         (None, None))[1]))
                        for s in spells]
    priced = q.cache[key]
    share = real_living_wage_share(priced, q.period, q.terms, q.today, _year_start(q))
    share.contributions = _relabel(share.contributions, labels, None)
    return SourceResult.from_wage_share(share)


# --- spans: apprenticeships, training, placements, emissions ---------------------------------

def _apprenticeships(q: MeasureQuery) -> SourceResult:
    records, labels = [], {}
    for r in _rows(q, Apprenticeship):
        ref = f"apprenticeship:{r.id}"
        labels[ref] = f"{r.standard} (level {r.level})"
        end = r.actual_end_date or r.planned_end_date
        if r.weeks_on_contract is not None:  # the user's own figure for the contract
            end = end or r.date + timedelta(days=round(r.weeks_on_contract * 7) - 1)
            records.append(SpanRecord(ref, r.contract_id, r.date, max(end, r.date),
                                      r.weeks_on_contract, 1.0, r.additional,
                                      r.attribution_share, f"Level {r.level}"))
        else:
            records.append(SpanRecord(ref, r.contract_id, r.date, end, None, 1.0, r.additional,
                                      r.attribution_share, f"Level {r.level}"))
    count = pro_rated(records, q.period, q.terms, q.today, _year_start(q))
    return _mark(count, "apprenticeship", q, labels)


def _training(q: MeasureQuery) -> SourceResult:
    records, labels = [], {}
    for r in _rows(q, TrainingCourse):
        ref = f"training_course:{r.id}"
        labels[ref] = r.course
        end = r.end_date or r.date
        records.append(SpanRecord(ref, r.contract_id, r.date, max(end, r.date),
                                  (r.weeks or 0) * (r.learners or 1), 1.0, r.additional,
                                  r.attribution_share))
    count = pro_rated(records, q.period, q.terms, q.today, _year_start(q))
    return _mark(count, "training_course", q, labels)


def _placements(q: MeasureQuery) -> SourceResult:
    records, labels = [], {}
    for r in _rows(q, WorkPlacement):
        ref = f"work_placement:{r.id}"
        labels[ref] = f"{r.placement_type.replace('_', ' ')}, {r.provider}".strip(", ")
        # days per participant; a placement recorded in hours counts 7.5 hours as a day
        days = r.days if r.days is not None else (r.hours or 0) / 7.5
        end = r.end_date or r.date
        records.append(SpanRecord(ref, r.contract_id, r.date, max(end, r.date),
                                  days * (r.participants or 1), 1.0, r.additional,
                                  r.attribution_share, r.placement_type))
    count = pro_rated(records, q.period, q.terms, q.today, _year_start(q))
    return _mark(count, "work_placement", q, labels)


def _emissions(q: MeasureQuery) -> SourceResult:
    from svdesk.calc import rates

    records, labels = [], {}
    for r in _rows(q, EmissionRecord):
        ref = f"emission_record:{r.id}"
        labels[ref] = r.description or r.factor_key
        try:
            tonnes = rates.emission(r.factor_key, r.quantity, r.date, r.unit or None).tonnes
        except rates.RateError:
            continue
        end = r.end_date or r.date
        # emissions are a cost, never "additional" value: every record counts
        records.append(SpanRecord(ref, r.contract_id, r.date, max(end, r.date), tonnes, 1.0,
                                  True, r.attribution_share, r.category))
    count = pro_rated(records, q.period, q.terms, q.today, _year_start(q))
    return _mark(count, "emission_record", q, labels)


# --- dated: learning, volunteering, pro bono, donations -------------------------------------

def _dated(model, kind: str, quantity, people, label, fn):
    def source(q: MeasureQuery) -> SourceResult:
        records, labels = [], {}
        for r in _rows(q, model):
            ref = f"{kind}:{r.id}"
            labels[ref] = label(r)
            records.append(DatedRecord(ref, r.contract_id, r.date, quantity(r), people(r),
                                       r.additional, r.attribution_share))
        return _mark(fn(records, q.period, q.terms, q.today), kind, q, labels)
    return source


def register() -> None:
    people_fte = _people(lambda spells, q: local_fte_years(spells, q.period, q.terms, q.today,
                                                           _year_start(q)))
    hires = _people(lambda spells, q: priority_group_hires(spells, q.period, q.terms))
    sources = {
        "local_jobs_fte_years": people_fte,
        "priority_group_hires": hires,
        "real_living_wage_share": _wage_share,
        "apprenticeship_weeks": _apprenticeships,
        "training_weeks": _training,
        "work_placement_days": _placements,
        "co2e_tonnes": _emissions,
        "learning_intervention_hours": _dated(
            LearningIntervention, "learning_intervention", lambda r: r.hours,
            lambda r: r.attendees or 0, lambda r: r.intervention_type.replace("_", " "),
            hours_times_people),
        "volunteering_hours": _dated(
            Volunteering, "volunteering", lambda r: r.hours, lambda r: r.volunteers or 0,
            lambda r: r.organisation_helped, hours_times_people),
        "expert_hours": _dated(
            ProBono, "pro_bono", lambda r: r.hours, lambda r: 1,
            lambda r: f"{r.expertise} for {r.organisation_helped}".strip(), hours_times_people),
        "donations_gbp": _dated(
            Donation, "donation", lambda r: r.amount_pence, lambda r: 1,
            lambda r: r.recipient + (" (in kind)" if r.in_kind else ""), amounts_in_pounds),
    }
    for key, fn in sources.items():
        register_source(key, fn, replace=True)


register()
