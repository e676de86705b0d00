"""Activity log and environment tables from the activity records (people, community and
environment areas), described generically from each kind's field specs.

Person links, notes (free text that may name someone), postcodes and contract/share bookkeeping
are left out on purpose: an activity is described by what was done, how much, and for whom
(an organisation), never by who did it.
"""

from __future__ import annotations

from datetime import date

from svdesk.exports import model as m
from svdesk.exports import sources
from svdesk.exports.build_common import Context
from svdesk.exports.privacy import month_only

SKIP_TYPES = {"person", "contract", "tristate", "share", "longtext", "date", "postcode", "bool",
              "factor"}
ENVIRONMENT_KINDS = ("emission_record", "waste_record", "environment_action")


def _num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def describe(spec, values: dict) -> tuple[str, str]:
    """(what was done, how much) in words, from the kind's own fields."""
    what, amounts = [], []
    for f in spec.fields:
        value = values.get(f.name)
        if value in (None, "") or f.type in SKIP_TYPES:
            continue
        if f.type == "choice":
            what.append(f.choices.get(value, str(value)))
        elif f.type == "text":
            what.append(str(value))
        elif f.type == "money":
            amounts.append(f"£{value / 100:,.2f}")
        elif f.type in ("int", "float"):
            unit = f.unit or values.get("unit", "") if f.name == "quantity" else f.unit
            amounts.append(f"{f.label}: {_num(float(value))}" + (f" {unit}" if unit else ""))
    return " · ".join(what), " · ".join(amounts)


def all_records(ctx: Context) -> list | None:
    """(spec, RecordData) for every activity record of the contract (or all) in the period,
    read once per export: the activity log and the environment sheet share them. The period is
    filtered in SQL (an activity's date is never blank), not after reading every year."""
    if "activity" not in ctx.cache:
        mod = sources._module("svdesk.services.activities")
        kinds_mod = sources._module("svdesk.services.activity_kinds")
        out = None
        if mod is not None and kinds_mod is not None:
            out = []
            filters = {"contract_id": ctx.contract_id} if ctx.contract_id is not None else {}
            for key, spec in kinds_mod.KINDS.items():
                if getattr(spec, "activity", True):
                    out += [(spec, rec) for rec in mod.list_records(
                        ctx.store, key, start=ctx.start, end=ctx.end, **filters)]
            out.sort(key=lambda p: (p[1].values.get("date") or date.min, p[0].label))
        ctx.cache["activity"] = out
    return ctx.cache["activity"]


def records(ctx: Context, kinds=None):
    """(spec, RecordData) for each activity record (of the kinds given, or all) of the contract
    (or all) in the period, by date; None when the activity area is not part of this build."""
    recs = all_records(ctx)
    if recs is None or kinds is None:
        return recs
    return [pair for pair in recs if pair[0].key in kinds]


def _about_a_person(spec) -> bool:
    """A kind whose record is one person's (an apprenticeship, a placement): its dates print
    as months."""
    return any(f.type == "person" for f in spec.fields)


def activity_table(ctx: Context) -> m.Table | None:
    recs = records(ctx)
    if recs is None:
        return None
    rows = []
    for spec, rec in recs:
        what, amount = describe(spec, rec.values)
        start, end = rec.values.get("date"), rec.values.get("end_date")
        if _about_a_person(spec):     # an apprenticeship's date is the apprentice's start
            start, end = month_only(start), month_only(end)
        rows.append([start, end, spec.label, what, amount, rec.contract_reference,
                     rec.evidence_count])
    return m.Table([m.Column("Date", m.DATE), m.Column("Until", m.DATE), m.Column("Kind"),
                    m.Column("What", wrap=True), m.Column("How much", wrap=True),
                    m.Column("Contract"), m.Column("Evidence files", m.INTEGER, total=True)],
                   rows)


def environment_table(ctx: Context) -> m.Table | None:
    recs = records(ctx, ENVIRONMENT_KINDS)
    if recs is None:
        return None
    rows = []
    for spec, rec in recs:
        what, amount = describe(spec, rec.values)
        factor = rec.derived.get("factor")
        source = getattr(factor, "source", "") if factor is not None else ""
        note = rec.derived.get("factor_note", "")
        rows.append([rec.values.get("date"), rec.values.get("end_date"), spec.label, what, amount,
                     rec.derived.get("tonnes_co2e"), "; ".join(x for x in (source, note) if x)])
    return m.Table([m.Column("From", m.DATE), m.Column("Until", m.DATE), m.Column("Kind"),
                    m.Column("What", wrap=True), m.Column("How much", wrap=True),
                    m.Column("t CO2e", m.NUMBER, total=True, decimals=3),
                    m.Column("Conversion factor", wrap=True)], rows)


def environment_summary(ctx: Context) -> m.Table | None:
    """Carbon by what was used (electricity, gas, van miles …), for the PDF documents."""
    table = environment_table(ctx)
    if table is None:
        return None
    sums: dict[str, list[float]] = {}
    for row in table.rows:
        if row[5] is None:
            continue
        key = row[3].split(" · ")[-1] if row[3] else row[2]
        entry = sums.setdefault(key, [0.0, 0])
        entry[0] += row[5]
        entry[1] += 1
    rows = sorted(([k, v[1], round(v[0], 3)] for k, v in sums.items()), key=lambda r: -r[2])
    return m.Table([m.Column("Source of emissions", wrap=True), m.Column("Records", m.INTEGER),
                    m.Column("t CO2e", m.NUMBER, total=True, decimals=3)], rows,
                   empty_text="No records of this kind yet.")
