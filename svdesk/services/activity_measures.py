"""Measure sources for the activity records (apprenticeships, training, placements,
emissions, learning, volunteering, pro bono, donations): each maps its rows to the counting
rules' inputs (svdesk.calc.counting) and registers itself for one measure key. The people
records have theirs in svdesk.services.people_measures.

Records are referred to as "<kind>:<id>" (the activity kind), labelled without personal data,
and marked evidenced when an evidence link points at them.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import cache, partial

from sqlalchemy import select

from svdesk.calc.counting import (
    Count,
    DatedRecord,
    SpanRecord,
    amounts_in_pounds,
    counted_once,
    hours_times_people,
    pro_rated,
)
from svdesk.models import (
    Apprenticeship,
    Donation,
    EmissionRecord,
    EvidenceLink,
    LearningIntervention,
    Organisation,
    ProBono,
    TrainingCourse,
    Volunteering,
    WorkPlacement,
)
from svdesk.services.measure_cache import record_table
from svdesk.services.measure_sources import MeasureQuery, SourceResult, register_source


def year_start(q: MeasureQuery) -> int:
    """The organisation's financial year start month (read once per computation)."""
    if "year_start_month" not in q.cache:
        month = q.store.memo(("year_start_month",), lambda: _year_start_month(q.store))
        q.cache["year_start_month"] = month or 4
    return q.cache["year_start_month"]


def _evidenced(q: MeasureQuery, kind: str) -> set[int]:
    """Ids of the records of a kind with evidence (once per computation, not per quarter)."""
    key = ("evidenced", kind)
    if key not in q.cache:
        every = ("evidenced", "")  # every kind's, in one query: one round trip, not one per kind
        if every not in q.cache:
            q.cache[every] = q.store.memo(("evidenced",), lambda: _evidenced_by_kind(q.store))
        q.cache[key] = set(q.cache[every].get(kind, ()))
    return q.cache[key]


_UNREAD = {"notes", "created_at", "updated_at"}  # never counted (and times parse slowly)


@cache
def _columns(model) -> tuple[list, Callable[[Iterable[object]], tuple]]:
    """The columns counted, and a maker of named tuples of them: reading a field of one is a C call,
    where a SQLAlchemy Row's attribute goes through Python (most of the mapping time)."""
    columns = [c for c in model.__table__.columns if c.key not in _UNREAD]
    # What the named tuple's _make does, less its length check (the select has exactly these
    # columns); mypy cannot see _make on a named tuple whose name is only known at run time.
    return columns, partial(tuple.__new__, namedtuple(f"{model.__name__}Row", [c.key for c in columns]))


def _rows(q: MeasureQuery, model) -> list:
    """The records of a kind (of q's contract) as plain rows with the model's column names
    (read once per Store.one_read snapshot: several sources map the same kind)."""
    key = ("activity_rows", model.__tablename__, q.contract_id)
    return list(q.store.memo(key, lambda: _read_rows(q, model)))


def _read_rows(q: MeasureQuery, model) -> list:
    columns, make = _columns(model)
    stmt = select(*columns)
    if q.contract_id is not None:
        stmt = stmt.where(model.contract_id == q.contract_id)
    with q.store.read() as s:
        # in batches (fetchmany), not a C call per row: thousands of energy records
        return [make(r) for part in s.connection().execute(stmt).partitions(1000) for r in part]


def _source(model, kind: str, inputs, count, tag: str = ""):
    """A measure source: the records mapped to counting inputs (and labels) once per
    computation, since only the counting depends on the period; counted for each period.
    tag tells apart two mappings of one kind (apprenticeships as weeks, and as starts)."""

    record_table(kind, model.__tablename__)  # the cache keeps its inputs until that table changes

    def source(q: MeasureQuery) -> SourceResult:
        key = ("inputs", kind, tag, q.contract_id)
        if key not in q.cache:
            q.cache[key] = inputs(_rows(q, model))
        records, labels = q.cache[key]
        counted = count(records, q)
        if not q.detail:
            return SourceResult(counted.quantity, counted.records, counted.breakdown)
        return _mark(counted, kind, q, labels)

    return source


def _mark(count, kind: str, q: MeasureQuery, labels: dict[str, str]) -> SourceResult:
    """Attach evidence and labels to each contribution, then wrap it for the engine."""
    evidenced = _evidenced(q, kind)
    for c in count.contributions:  # made by this count alone: filled in where they are
        c.evidenced = int(c.ref.partition(":")[2]) in evidenced
        c.label = labels.get(c.ref, c.label)
    return SourceResult.from_count(count)


def _pro_rated(records: list[SpanRecord], q: MeasureQuery):
    return pro_rated(records, q.period, q.terms, q.today, year_start(q))


# --- spans: apprenticeships, training, placements, emissions ---------------------------------


def _apprenticeships(rows) -> tuple[list[SpanRecord], dict[str, str]]:
    records, labels = [], {}
    for r in rows:
        ref = f"apprenticeship:{r.id}"
        labels[ref] = f"{r.standard} (level {r.level})"
        end = r.actual_end_date or r.planned_end_date
        if r.weeks_on_contract is not None:  # the user's own figure for the contract
            end = end or r.date + timedelta(days=round(r.weeks_on_contract * 7) - 1)
            records.append(
                SpanRecord(
                    ref,
                    r.contract_id,
                    r.date,
                    max(end, r.date),
                    r.weeks_on_contract,
                    1.0,
                    r.additional,
                    r.attribution_share,
                    f"Level {r.level}",
                )
            )
        else:
            records.append(
                SpanRecord(
                    ref,
                    r.contract_id,
                    r.date,
                    end,
                    None,
                    1.0,
                    r.additional,
                    r.attribution_share,
                    f"Level {r.level}",
                )
            )
    return records, labels


def _training(rows) -> tuple[list[SpanRecord], dict[str, str]]:
    records, labels = [], {}
    for r in rows:
        ref = f"training_course:{r.id}"
        labels[ref] = r.course
        end = r.end_date or r.date
        records.append(
            SpanRecord(
                ref,
                r.contract_id,
                r.date,
                max(end, r.date),
                (r.weeks or 0) * (r.learners or 1),
                1.0,
                r.additional,
                r.attribution_share,
            )
        )
    return records, labels


def _placements(rows) -> tuple[list[SpanRecord], dict[str, str]]:
    records, labels = [], {}
    for r in rows:
        ref = f"work_placement:{r.id}"
        labels[ref] = f"{r.placement_type.replace('_', ' ')}, {r.provider}".strip(", ")
        # days per participant; a placement recorded in hours counts 7.5 hours as a day
        days = r.days if r.days is not None else (r.hours or 0) / 7.5
        end = r.end_date or r.date
        records.append(
            SpanRecord(
                ref,
                r.contract_id,
                r.date,
                max(end, r.date),
                days * (r.participants or 1),
                1.0,
                r.additional,
                r.attribution_share,
                r.placement_type,
            )
        )
    return records, labels


def _emissions(rows) -> tuple[list[SpanRecord], dict[str, str]]:
    from svdesk.calc import rates

    records, labels = [], {}
    for r in rows:
        ref = f"emission_record:{r.id}"
        labels[ref] = r.description or r.factor_key
        try:  # rates.emission(...).tonnes, with the factor looked up once per factor and year
            per, kg = rates.tonnes_per_unit(r.factor_key, r.date.year, r.unit or None)
        except rates.RateError:
            continue
        tonnes = ((r.quantity * per if per != 1.0 else r.quantity) * kg) / 1000
        end = r.end_date or r.date
        # emissions are a cost, never "additional" value: every record counts
        records.append(
            SpanRecord(
                ref,
                r.contract_id,
                r.date,
                max(end, r.date),
                tonnes,
                1.0,
                True,
                r.attribution_share,
                r.category,
            )
        )
    return records, labels


# --- dated: learning, volunteering, pro bono, donations -------------------------------------


def _dated(kind: str, quantity, people, label):
    def inputs(rows) -> tuple[list[DatedRecord], dict[str, str]]:
        records, labels = [], {}
        for r in rows:
            ref = f"{kind}:{r.id}"
            labels[ref] = label(r)
            records.append(
                DatedRecord(
                    ref, r.contract_id, r.date, quantity(r), people(r), r.additional, r.attribution_share
                )
            )
        return records, labels

    return inputs


# --- counted once: apprentices started and completed, qualifications achieved ---------------


def _apprentice_days(kind: str):
    """Apprenticeships as one apprentice each, dated by their start ("started") or by the day
    they ended ("completed", "left": status completed or left early, with the end date)."""

    def inputs(rows) -> tuple[list[DatedRecord], dict[str, str]]:
        records, labels = [], {}
        for r in rows:
            ref = f"apprenticeship:{r.id}"
            labels[ref] = f"{r.standard} (level {r.level})"
            if kind == "started":
                day = r.date
            elif r.status == kind:
                day = r.actual_end_date or r.planned_end_date
            else:
                continue
            if day is not None:
                records.append(
                    DatedRecord(
                        ref, r.contract_id, day, 1.0, 1, r.additional, r.attribution_share, f"Level {r.level}"
                    )
                )
        return records, labels

    return inputs


def _once(what: str):
    return lambda records, q: counted_once(records, q.period, q.terms, q.today, what)


def _completion_rate(q: MeasureQuery) -> SourceResult:
    """Of the apprentices whose apprenticeship ended in the period, the share who completed
    it rather than leaving early (each weighted by the attribution share), as 0-100."""
    done = _source(
        Apprenticeship, "apprenticeship", _apprentice_days("completed"), _once("Completed"), "completed"
    )(q)
    left = _source(Apprenticeship, "apprenticeship", _apprentice_days("left"), _once("Left early"), "left")(q)
    ended = done.quantity + left.quantity
    contributions = done.contributions + left.contributions
    if ended <= 0:
        return SourceResult(0.0, 0, {}, contributions, "No apprenticeship ended in the period.")
    for c in left.contributions:  # a leaver is part of the figure: it lowers the share
        c.group = "Left early"
    return SourceResult(
        done.quantity / ended * 100,
        done.records + left.records,
        {"Completed": done.quantity, "Left early": left.quantity},
        contributions,
        f"{done.quantity:g} of {ended:g} apprentices who finished completed",
    )


def _qualified_courses(rows) -> tuple[list[DatedRecord], dict[str, str]]:
    records, labels = [], {}
    for r in rows:
        if not r.qualified:
            continue
        ref = f"training_course:{r.id}"
        labels[ref] = f"{r.qualification or r.course}"
        records.append(
            DatedRecord(
                ref,
                r.contract_id,
                r.end_date or r.date,
                1.0,
                r.qualified,
                r.additional,
                r.attribution_share,
                "Training courses",
            )
        )
    return records, labels


def _qualifications(q: MeasureQuery) -> SourceResult:
    """Qualifications achieved: each completed apprenticeship, and each learner recorded as
    having gained a course's qualification, on the day it ended."""
    apprentices = _source(
        Apprenticeship, "apprenticeship", _apprentice_days("completed"), _once("Completed"), "completed"
    )(q)
    courses = _source(
        TrainingCourse, "training_course", _qualified_courses, _once("Course ended"), "qualified"
    )(q)
    count = Count()
    for c in apprentices.contributions + courses.contributions:
        if c.ref.startswith("apprenticeship:"):
            c.group = "Apprenticeships"
        count.add(c)
    if not q.detail:
        quantity = apprentices.quantity + courses.quantity
        return SourceResult(
            quantity,
            apprentices.records + courses.records,
            {"Apprenticeships": apprentices.quantity, "Training courses": courses.quantity},
        )
    return SourceResult.from_count(count)


def _per_day(fn):
    return lambda records, q: fn(records, q.period, q.terms, q.today)


def register() -> None:
    sources = {
        "apprenticeship_weeks": _source(Apprenticeship, "apprenticeship", _apprenticeships, _pro_rated),
        "training_weeks": _source(TrainingCourse, "training_course", _training, _pro_rated),
        "work_placement_days": _source(WorkPlacement, "work_placement", _placements, _pro_rated),
        "co2e_tonnes": _source(EmissionRecord, "emission_record", _emissions, _pro_rated),
        "learning_intervention_hours": _source(
            LearningIntervention,
            "learning_intervention",
            _dated(
                "learning_intervention",
                lambda r: r.hours,
                lambda r: r.attendees or 0,
                lambda r: r.intervention_type.replace("_", " "),
            ),
            _per_day(hours_times_people),
        ),
        "volunteering_hours": _source(
            Volunteering,
            "volunteering",
            _dated(
                "volunteering",
                lambda r: r.hours,
                lambda r: r.volunteers or 0,
                lambda r: r.organisation_helped,
            ),
            _per_day(hours_times_people),
        ),
        "expert_hours": _source(
            ProBono,
            "pro_bono",
            _dated(
                "pro_bono",
                lambda r: r.hours,
                lambda r: 1,
                lambda r: f"{r.expertise} for {r.organisation_helped}".strip(),
            ),
            _per_day(hours_times_people),
        ),
        "donations_gbp": _source(
            Donation,
            "donation",
            _dated(
                "donation",
                lambda r: r.amount_pence,
                lambda r: 1,
                lambda r: r.recipient + (" (in kind)" if r.in_kind else ""),
            ),
            _per_day(amounts_in_pounds),
        ),
    }
    sources.update(
        {
            "apprentice_starts": _source(
                Apprenticeship, "apprenticeship", _apprentice_days("started"), _once("Started"), "started"
            ),
            "apprentices_completed": _source(
                Apprenticeship,
                "apprenticeship",
                _apprentice_days("completed"),
                _once("Completed"),
                "completed",
            ),
            "apprentice_completion_rate": _completion_rate,
            "qualifications_achieved": _qualifications,
        }
    )
    for key, fn in sources.items():
        register_source(key, fn, replace=True)


register()


def _year_start_month(store) -> int | None:
    with store.read() as s:
        return s.scalar(select(Organisation.year_start_month).order_by(Organisation.id))


def _evidenced_by_kind(store) -> dict[str, set[int]]:
    """record type -> ids of its records with evidence (callers copy the sets they keep)."""
    by_kind: dict[str, set[int]] = {}
    with store.read() as s:
        links = s.connection().execute(select(EvidenceLink.record_type, EvidenceLink.record_id))
        for record_type, record_id in links:
            by_kind.setdefault(record_type, set()).add(record_id)
    return by_kind
