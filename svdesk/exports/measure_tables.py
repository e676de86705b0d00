"""The measures and their £ totals as every document shows them: the measures table and section,
the headline cards, the facts on the cover and the method notes that cite each proxy, so a
figure is computed in one place and printed identically in all.
"""

from __future__ import annotations

from svdesk.exports import figure_notes, sources
from svdesk.exports import model as m
from svdesk.exports.build_common import NONE_YET, Context
from svdesk.exports.manifest import COUNTED, VALUE
from svdesk.exports.privacy import people_quantity
from svdesk.formatting import format_date, format_money, format_percent, unit_shown

POSTCODE_ATTRIBUTION = (
    "Postcode data: Contains OS data © Crown copyright and database right. Contains Royal Mail "
    "data © Royal Mail copyright and database right. Contains National Statistics data © Crown "
    "copyright and database right. Open Government Licence v3.0."
)


def cover_facts(ctx: Context, figures: Context | None = None) -> list[tuple[str, str]]:
    """The facts a reader wants on the cover: the contract and the two headline totals (from
    figures: another context, such as a bid's track record, when given)."""
    facts: list[tuple[str, str]] = []
    c = ctx.contract
    if c is not None:
        facts += [("Buyer", c.buyer), ("Contract", f"{c.reference} · {c.title}")]
        if c.value_pence:
            facts.append(("Contract value", format_money(c.value_pence)))
        if c.start_date and c.end_date:
            facts.append(("Contract term", f"{format_date(c.start_date)} – {format_date(c.end_date)}"))
    if figures is not None:
        facts.append(("Track record", figures.period_label + ", organisation-wide"))
        ctx = figures
    ms = ctx.measures()
    if ms is not None:  # a £ total only with its coverage and evidence tier, or not at all
        record_totals(ctx, ms, "Cover")
        facts += figure_notes.cover_facts(ms)
    a = ctx.spend()
    if a is not None and a.total_pence:
        ctx.record("local_spend_gbp", a.local_pence / 100, COUNTED, "Cover", format_money(a.local_pence))
        facts.append(
            (
                "Spent locally",
                f"{format_money(a.local_pence)} ({format_percent(a.share(a.local_pence))} of spend)",
            )
        )
    return facts


# --- measures ----------------------------------------------------------------------------------

KIND_LABELS = {"local_economic": "Local economic", "social": "Social"}


ATTRIBUTED_NOTE = {"co2e_tonnes": "counted: this period, after attribution (whole records in Environment)"}


def not_computed(f) -> bool:
    """A measure whose source failed: listed with that said, never left out or shown as 0."""
    from svdesk.services.measures import COULD_NOT

    return bool(f.note) and f.note.startswith(COULD_NOT)


def not_computed_lines(ms: sources.MeasureSet | None) -> list[str]:
    """A sentence per measure whose source failed, for documents that list measures in prose
    or pick a few (statement, tender): the figure is named as missing, never dropped."""
    if ms is None:
        return []
    return [
        f"{f.name}: {f.note}, so it is left out of these figures; it needs checking before this is sent."
        for f in ms.figures
        if not_computed(f)
    ]


def shown_figures(ms: sources.MeasureSet) -> list:
    """The measures a document lists: those with records, or with a source of records, or
    whose source failed (issue 19.6: a figure never drops out of a document without a word)."""
    return [f for f in ms.figures if f.quantity or f.has_source or not_computed(f)]


def measures_table(ms: sources.MeasureSet, *, full: bool = True, ctx: Context | None = None) -> m.Table:
    """Every measure with records and its evidence tier: full (workbook) adds kind, the
    proxy's source and the framework codes each answers (ctx gives the contract's buyer KPIs);
    the printed version keeps to what fits A4 portrait (codes and sources follow it).
    ctx also notes each figure printed in the export's manifest."""
    rows = []
    where = "Measures" if full else "Measures and their value"
    code_titles: list[str] = []
    codes: dict[str, list[str]] = {}
    if full and ctx is not None:
        code_titles, code_rows = figure_notes.codes_rows(ctx, shown_figures(ms))
        if code_rows and not any(r[-1] for r in code_rows):  # no buyer's codes: no column
            code_titles, code_rows = code_titles[:-1], [r[:-1] for r in code_rows]
        codes = {f.key: r[1:] for f, r in zip(shown_figures(ms), code_rows, strict=False)}
    for f in shown_figures(ms):
        if not_computed(f):
            rows.append(
                [f.name, unit_shown(f.unit), None, None, None]
                + (
                    [KIND_LABELS.get(f.kind, f.kind), None, "", f.note] + codes.get(f.key, [])
                    if full
                    else [None, "", f.note]
                )
            )
            continue
        if ctx is not None:
            ctx.record(f.key, f.quantity, COUNTED, where, f"{f.quantity:,.2f}")
            if f.value_pence is not None:
                ctx.record(f.key, f.value_pence, VALUE, where, format_money(f.value_pence))
        source = f.note or ("from the records" if f.has_source else "")
        if f.key in ATTRIBUTED_NOTE:
            source = "; ".join(x for x in (source, ATTRIBUTED_NOTE[f.key]) if x)
        if f.proxy is not None and f.value_pence is not None:
            source += f"; proxy: {figure_notes.citation(f.proxy)}"
        if f.value_pence is not None and not f.in_totals:
            source += "; overlaps another measure, not added to the totals"
        tier = figure_notes.tier_text(f)
        if not full:
            note = (
                "not added to totals (overlaps)"
                if f.value_pence is not None and not f.in_totals
                else (
                    "no proxy value"
                    if f.valued and f.value_pence is None and f.quantity
                    else ATTRIBUTED_NOTE.get(f.key, "")
                )
            )
            rows.append(
                [
                    f.name,
                    unit_shown(f.unit),
                    people_quantity(f.quantity, f.unit),
                    f.proxy_pence,
                    f.value_pence,
                    people_quantity(f.records, f.unit),
                    tier,
                    note,
                ]
            )
            continue
        rows.append(
            [
                f.name,
                unit_shown(f.unit),
                people_quantity(f.quantity, f.unit),
                f.proxy_pence,
                f.value_pence,
                KIND_LABELS.get(f.kind, f.kind),
                people_quantity(f.records, f.unit),
                tier,
                source.strip("; "),
            ]
            + codes.get(f.key, [])
        )
    if not full:
        return m.Table(
            [
                m.Column("Measure", wrap=True),
                m.Column("Unit"),
                m.Column("Quantity", m.NUMBER),
                m.Column("£ per unit", m.MONEY),
                m.Column("Value", m.MONEY),
                m.Column("Records", m.INTEGER),
                m.Column(figure_notes.TIER_COLUMN, wrap=True),
                m.Column("Note", wrap=True),
            ],
            rows,
            empty_text="No measure has any records in this period yet.",
        )
    return m.Table(
        [
            m.Column("Measure", wrap=True),
            m.Column("Unit"),
            m.Column("Quantity", m.NUMBER),
            m.Column("Proxy £ per unit", m.MONEY),
            m.Column("Value", m.MONEY),
            m.Column("Kind"),
            m.Column("Records", m.INTEGER),
            m.Column(figure_notes.TIER_COLUMN),
            m.Column("Source and notes", wrap=True),
        ]
        + [m.Column(t, width=34, wrap=True) for t in code_titles],
        rows,
        empty_text="No measure has any records in this period yet.",
    )


def record_totals(ctx: Context | None, ms: sources.MeasureSet, where: str) -> None:
    """The two £ totals, as printed, in the figure manifest."""
    if ctx is None:
        return
    for key, pence in (
        ("total:local_economic", ms.totals.local_economic_pence),
        ("total:social", ms.totals.social_pence),
    ):
        if pence is not None:
            ctx.record(key, pence, VALUE, where, format_money(pence))


def totals_figures(
    ms: sources.MeasureSet, ctx: Context | None = None, where: str = "Summary"
) -> list[m.KeyFigure]:
    """The £ headline cards: each valued kind with its coverage and evidence tier; a kind with
    nothing valued has no card (figure_notes.value_notes says why)."""
    record_totals(ctx, ms, where)
    return figure_notes.key_figures(ms, ms.totals.contract_value_pence)


def measure_section(ctx: Context, heading: str = "Measures and their value") -> m.Section:
    s = m.Section(heading)
    ms = ctx.measures()
    if ms is None:
        return s.empty(NONE_YET)
    cards = totals_figures(ms, ctx, heading)
    if cards:
        s.add(m.Figures(cards))
    s.add(measures_table(ms, full=False, ctx=ctx))
    s.add(*(m.Paragraph(t, "small") for t in figure_notes.value_notes(ms)))
    s.add(m.Paragraph(figure_notes.TIER_NOTE, "small"))
    if shown_figures(ms):
        s.add(m.Paragraph("The codes each measure answers", "lead"))
        s.add(figure_notes.codes_table(ctx, shown_figures(ms)))
        s.add(m.Paragraph(figure_notes.codes_note(), "small"))
    return s


# --- sources and method ------------------------------------------------------------------------

SINGULAR = {
    "hours": "hour",
    "weeks": "week",
    "days": "day",
    "people": "person",
    "FTE-years": "FTE-year",
    "person-hours": "person-hour",
    "tonnes": "tonne",
    "miles": "mile",
    "sessions": "session",
    "GBP": "£1",
    "%": "percentage point",
}


def per_unit(unit: str) -> str:
    """The unit after "£16.93 per": one of it ("hour", not "hours")."""
    unit = (unit or "").strip()
    if unit.upper() == "GBP":  # a measure counted in pounds: "£1.00 per £1 given"
        return "£1 given"
    if unit in SINGULAR:
        return SINGULAR[unit]
    if unit.endswith("s") and not unit.endswith("ss") and len(unit) > 3:
        return unit[:-1]
    return unit


def method_notes(ctx: Context) -> list[str]:
    from svdesk.exports.named_people import privacy_statement

    notes = [
        f"Prepared by {ctx.org.name} with svdesk on {format_date(ctx.today)} from the records "
        f"kept in svdesk. Period: {ctx.period_label}. Scope: {ctx.scope_label}.",
        "Every figure is counted from dated records (jobs, training, activities, spend, entries "
        "made by hand) and can be traced back to them; nothing is estimated to fill a gap. An "
        "area with no records says so.",
        "Counting rules follow common practice for social value returns: FTE is contracted "
        "hours divided by full-time hours, pro-rated for time on the contract; hires from "
        "priority groups count in their first year only, under one group; learning sessions "
        "count as hours × attendees; only value that relates to this contract and period and is "
        "additional to its core deliverables is claimed.",
        "Proxy values (£ per unit) are svdesk's Open Government Licence defaults, or the ones "
        "entered in svdesk or imported from the buyer's proxy sheet, each with its source, "
        "edition, date and licence; a £ total says how many measures it covers, and measures "
        "without a proxy are shown as quantities only. Local economic value and social value "
        "are totalled separately, and measures that overlap others (SME and VCSE spend within "
        "local spend) are not added twice.",
        privacy_statement(ctx.store, ctx.contract_id),
    ]
    ms = ctx.measures()
    if ms is not None:
        seen = set()
        for f in ms.figures:
            if f.proxy is not None and f.value_pence is not None:
                line = (
                    f"Proxy for {f.name}: {format_money(f.proxy_pence)} per "
                    f"{per_unit(f.unit)}, {figure_notes.citation(f.proxy)}"
                )
                if line not in seen:
                    seen.add(line)
                    notes.append(line + ".")
    notes.append(POSTCODE_ATTRIBUTION)
    return notes
