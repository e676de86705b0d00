"""Activity log and environment tables from the activity records (people, community and
environment areas), described generically from each kind's field specs.

Person links, notes (free text that may name someone), postcodes and contract/share bookkeeping
are left out on purpose: an activity is described by what was done, how much, and for whom
(an organisation), never by who did it.
"""

from __future__ import annotations

from datetime import date

from svdesk.calc.counting import Contribution
from svdesk.exports import model as m
from svdesk.exports import sources
from svdesk.exports.build_common import Context
from svdesk.exports.privacy import month_only

SKIP_TYPES = {"person", "contract", "tristate", "share", "longtext", "date", "postcode", "bool", "factor"}
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
                    out += [
                        (spec, rec)
                        for rec in mod.list_records(ctx.store, key, start=ctx.start, end=ctx.end, **filters)
                    ]
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
        if _about_a_person(spec):  # an apprenticeship's date is the apprentice's start
            start, end = month_only(start), month_only(end)
        rows.append([start, end, spec.label, what, amount, rec.contract_reference, rec.evidence_count])
    return m.Table(
        [
            m.Column("Date", m.DATE),
            m.Column("Until", m.DATE),
            m.Column("Kind"),
            m.Column("What", wrap=True),
            m.Column("How much", wrap=True),
            m.Column("Contract"),
            m.Column("Evidence files", m.INTEGER, total=True),
        ],
        rows,
    )


CARBON_KEY = "co2e_tonnes"
RECORDED_TITLE = "t CO2e recorded (whole record)"
COUNTED_TITLE = "t CO2e counted (period, after attribution)"


def _carbon_counted(ctx: Context) -> dict[str, Contribution]:
    """The carbon measure's contribution of each emission record (ref -> Contribution): the
    one computation behind every carbon figure, so a table never sums on its own rules."""
    ms = ctx.measures()
    figure = None if ms is None else next((f for f in ms.figures if f.key == CARBON_KEY), None)
    return {} if figure is None else {c.ref: c for c in figure.contributions}


def _environment_records(ctx: Context, counted: dict) -> list:
    """The environment records dated in the period, and any record the carbon figure counts
    part of that began before it (a bill spanning the period's first day)."""
    recs = list(records(ctx, ENVIRONMENT_KINDS) or [])
    listed = {f"{spec.key}:{rec.id}" for spec, rec in recs}
    mod = sources._module("svdesk.services.activities")
    kinds_mod = sources._module("svdesk.services.activity_kinds")
    for ref in counted:
        if ref in listed or mod is None or kinds_mod is None:
            continue
        kind, _sep, rid = ref.partition(":")
        rec = mod.get_record(ctx.store, kind, int(rid))
        if rec is not None:
            recs.append((kinds_mod.KINDS[kind], rec))
    recs.sort(key=lambda p: (p[1].values.get("date") or date.min, p[0].label))
    return recs


def environment_table(ctx: Context) -> m.Table | None:
    """Every environment record with its carbon twice, labelled: the whole record's tonnes
    (before attribution) and what the carbon measure counts of it for this contract and period
    (after attribution, pro-rated to the period's days). The counted column adds up to the
    carbon figure of the measures table."""
    if records(ctx) is None:
        return None
    counted = _carbon_counted(ctx)
    rows = []
    for spec, rec in _environment_records(ctx, counted):
        what, amount = describe(spec, rec.values)
        factor = rec.derived.get("factor")
        source = getattr(factor, "source", "") if factor is not None else ""
        note = rec.derived.get("factor_note", "")
        tonnes = rec.derived.get("tonnes_co2e")
        part = counted.get(f"{spec.key}:{rec.id}")
        if tonnes is None:
            share, how = None, ""
        elif part is None:
            share, how = 0.0, "not counted: outside the period, the contract term or after today"
        else:
            share, how = part.quantity, part.reason
        rows.append(
            [
                rec.values.get("date"),
                rec.values.get("end_date"),
                spec.label,
                what,
                amount,
                tonnes,
                share,
                how,
                "; ".join(x for x in (source, note) if x),
            ]
        )
    table = m.Table(
        [
            m.Column("From", m.DATE),
            m.Column("Until", m.DATE),
            m.Column("Kind"),
            m.Column("What", wrap=True),
            m.Column("How much", wrap=True),
            m.Column(RECORDED_TITLE, m.NUMBER, total=True, decimals=2),
            m.Column(COUNTED_TITLE, m.NUMBER, total=True, decimals=2),
            m.Column("How it was counted", wrap=True),
            m.Column("Conversion factor", wrap=True),
        ],
        rows,
    )
    _record_carbon(ctx, table, "Environment", 5, 6)
    return table


def _record_carbon(ctx: Context, table: m.Table, where: str, recorded: int, counted: int) -> None:
    """The table's two carbon totals in the figure manifest."""
    from svdesk.exports.cell_text import format_cell
    from svdesk.exports.manifest import COUNTED, RECORDED

    if not table.rows:
        return
    totals = table.totals()
    for i, basis in ((recorded, RECORDED), (counted, COUNTED)):
        ctx.record(
            CARBON_KEY,
            totals[i],
            basis,
            f"{where}: total {table.columns[i].title}",
            format_cell(table.columns[i], totals[i]),
        )


def environment_summary(ctx: Context) -> m.Table | None:
    """Carbon by what was used (electricity, gas, van miles …), for the PDF documents: the
    whole records' tonnes and what is counted of them, both labelled."""
    table = environment_table(ctx)
    if table is None:
        return None
    sums: dict[str, list[float]] = {}
    for row in table.rows:
        if row[5] is None:
            continue
        key = row[3].split(" · ")[-1] if row[3] else row[2]
        entry = sums.setdefault(key, [0.0, 0.0, 0])
        entry[0] += row[5]
        entry[1] += row[6] or 0.0
        entry[2] += 1
    rows = [[k, v[2], v[0], v[1]] for k, v in sorted(sums.items(), key=lambda kv: -kv[1][1])]
    summary = m.Table(
        [
            m.Column("Source of emissions", wrap=True),
            m.Column("Records", m.INTEGER),
            m.Column("t CO2e recorded", m.NUMBER, total=True, decimals=2),
            m.Column("t CO2e counted", m.NUMBER, total=True, decimals=2),
        ],
        rows,
        empty_text="No records of this kind yet.",
    )
    _record_carbon(ctx, summary, "Environment summary", 2, 3)
    return summary
