"""Measure sources for the activity records (apprenticeships, training, placements,
emissions, learning, volunteering, pro bono, donations): each maps its rows to the counting
rules' inputs (svdesk.calc.counting) and registers itself for one measure key. The people
records have theirs in svdesk.services.people_measures.

Records are referred to as "<kind>:<id>" (the activity kind), labelled without personal data,
and marked evidenced when an evidence link points at them.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from svdesk.calc.counting import (Contribution, DatedRecord, SpanRecord, amounts_in_pounds,
                                  hours_times_people, pro_rated)
from svdesk.models import (Apprenticeship, Donation, EmissionRecord, EvidenceLink,
                           LearningIntervention, Organisation, ProBono, TrainingCourse,
                           Volunteering, WorkPlacement)
from svdesk.services.measure_sources import MeasureQuery, SourceResult, register_source


def year_start(q: MeasureQuery) -> int:
    """The organisation's financial year start month (read once per computation)."""
    if "year_start_month" not in q.cache:
        with q.store.read() as s:
            month = s.scalar(select(Organisation.year_start_month).order_by(Organisation.id))
        q.cache["year_start_month"] = month or 4
    return q.cache["year_start_month"]


def _evidenced(q: MeasureQuery, kind: str) -> set[int]:
    """Ids of the records of a kind with evidence (once per computation, not per quarter)."""
    key = ("evidenced", kind)
    if key not in q.cache:
        with q.store.read() as s:
            q.cache[key] = set(s.scalars(select(EvidenceLink.record_id)
                                         .where(EvidenceLink.record_type == kind)))
    return q.cache[key]


def _rows(q: MeasureQuery, model):
    stmt = select(model)
    if q.contract_id is not None:
        stmt = stmt.where(model.contract_id == q.contract_id)
    if q.end is not None:  # nothing that starts after the period can count in it
        stmt = stmt.where(model.date <= q.end)
    with q.store.read() as s:
        return list(s.scalars(stmt))


def _mark(count, kind: str, q: MeasureQuery, labels: dict[str, str]) -> SourceResult:
    """Attach evidence and labels to each contribution, then wrap it for the engine."""
    evidenced = _evidenced(q, kind)
    count.contributions = [Contribution(c.ref, c.quantity, c.claimed, c.reason, c.group,
                                        int(c.ref.partition(":")[2]) in evidenced,
                                        labels.get(c.ref, c.label))
                           for c in count.contributions]
    return SourceResult.from_count(count)


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
    count = pro_rated(records, q.period, q.terms, q.today, year_start(q))
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
    count = pro_rated(records, q.period, q.terms, q.today, year_start(q))
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
    count = pro_rated(records, q.period, q.terms, q.today, year_start(q))
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
    count = pro_rated(records, q.period, q.terms, q.today, year_start(q))
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
    sources = {
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
