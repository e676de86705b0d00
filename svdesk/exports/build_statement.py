"""The annual impact statement (PDF): a designed report for a year that an owner would put on the
website: headline figures, outputs by theme, stories, the year against the one before, what the
firm commits to next, how the figures were counted, and honest limits (no over-claiming)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeGuard

from svdesk.calc.periods import financial_year
from svdesk.exports import figure_notes, not_claimed, sources
from svdesk.exports import model as m
from svdesk.exports.build_common import Context, org_line, period_label
from svdesk.exports.build_pack import case_study_section
from svdesk.exports.commitment_years import share_of_year
from svdesk.exports.delivery_tables import spend_tables
from svdesk.exports.manifest import COUNTED, NEXT_YEAR, FigureEntry
from svdesk.exports.measure_tables import cover_facts, method_notes, not_computed_lines, record_totals
from svdesk.exports.privacy import FEWER_THAN, people_quantity
from svdesk.exports.track_record import earlier_contracts_section, explanation, is_bid, track_context
from svdesk.formatting import format_date, format_money, format_percent, unit_shown
from svdesk.services.contracts import list_contracts

if TYPE_CHECKING:
    from svdesk.services.measures import MeasureFigure

THEMES = [
    ("Jobs", ("job", "employ", "hire", "fte", "wage")),
    (
        "Skills and training",
        ("apprentic", "train", "learn", "skill", "placement", "career", "school", "mentor"),
    ),
    ("Local supply chain", ("spend", "supplier", "sme", "vcse", "payment")),
    ("Community", ("volunt", "donat", "community", "pro bono", "expert", "charit")),
    (
        "Environment",
        ("co2", "carbon", "emission", "energy", "kwh", "fuel", "waste", "recycl", "travel", "water"),
    ),
]


NOT_RECORDED = "not recorded"


def recorded(figure: MeasureFigure | None) -> TypeGuard[MeasureFigure]:
    """Something was recorded for the figure (a quantity, or records behind a zero)."""
    return figure is not None and bool(figure.quantity or figure.records)


def theme_of(figure) -> str:
    text = f"{figure.key} {figure.name}".lower()
    for theme, words in THEMES:
        if any(w in text for w in words):
            return theme
    return "Other"


def _qty(value: float, unit: str) -> str:
    if people_quantity(value, unit) == FEWER_THAN:
        return f"{FEWER_THAN} {unit}"
    if unit.upper() in ("GBP", "£"):
        return format_money(round(value * 100))
    return f"{value:,.2f}".rstrip("0").rstrip(".") + f" {unit}"


def _previous_context(ctx: Context) -> Context | None:
    if ctx.start is None:
        return None
    year = financial_year(date(ctx.start.year - 1, ctx.start.month, 1), ctx.org.year_start_month)
    return replace(ctx, start=year.start, end=year.end, cache={})


def headline_section(ctx: Context) -> m.Section:
    s = m.Section("Our year in numbers")
    ms = ctx.measures()
    band = ctx.org.size.band
    kind = f"a {band} organisation" if band in ("micro", "small", "medium", "large") else "an organisation"
    s.add(
        m.Paragraph(
            f"{ctx.org.name} is {kind}"
            + (f" of {ctx.org.headcount} people" if ctx.org.headcount else "")
            + f" that keeps a dated record of the social value it creates. This statement covers "
            f"{ctx.period_label}.",
            "lead",
        )
    )
    figures: list[m.KeyFigure] = []
    if ms is not None:
        # Only totals that are known lead the page, each with its coverage and evidence tier;
        # a kind with no proxy values is explained under Honest limits instead.
        figures += figure_notes.key_figures(ms, ms.totals.contract_value_pence)
        top = sorted(
            [f for f in ms.figures if f.quantity and f.unit.upper() not in ("GBP",)],
            key=lambda f: -(f.value_pence or 0),
        )[:4]
        for f in top:
            text = _qty(f.quantity, f.unit)
            ctx.record(f.key, f.quantity, COUNTED, s.heading, text)
            count = (
                f"{f.records} record{'s' if f.records != 1 else ''} · "
                if people_quantity(f.records, f.unit) == f.records
                else ""
            )
            figures.append(m.KeyFigure(f.name, text, count + figure_notes.tier_text(f)))
        record_totals(ctx, ms, "Our year in numbers")
    spend = spend_tables(ctx)
    if spend is not None:
        figures.append(spend[0][1])
    if figures:
        s.add(m.Figures(figures[:6]))
        if ms is not None:  # where each £ per unit behind the totals comes from
            s.add(
                *(
                    m.Paragraph(f"£ values: {src}.", "small")
                    for h in figure_notes.headlines(ms).values()
                    for src in h.sources
                )
            )
    else:
        s.empty(
            "No records of this kind yet: once jobs, training, activities or spend are "
            "recorded, the year's figures appear here."
        )
    s.add(*(m.Paragraph(t) for t in not_computed_lines(ms)))  # issue 19.6: said, never dropped
    return s


def themes_section(ctx: Context) -> m.Section:
    s = m.Section("Outputs and outcomes by theme")
    ms = ctx.measures()
    if ms is None:
        return s.empty()
    by_theme: dict[str, list] = {}
    for f in ms.figures:
        if f.quantity:
            by_theme.setdefault(theme_of(f), []).append(f)
    if not by_theme:
        return s.empty()
    for theme, _words in THEMES + [("Other", ())]:
        items = by_theme.get(theme)
        if not items:
            continue
        sub = m.Section(theme, level=2)
        sub.add(
            m.Table(
                [
                    m.Column("Output", wrap=True),
                    m.Column("Quantity", m.NUMBER),
                    m.Column("Unit"),
                    m.Column("Value", m.MONEY),
                    m.Column(figure_notes.TIER_COLUMN, wrap=True),
                ],
                [
                    [
                        f.name,
                        people_quantity(
                            ctx.record(f.key, f.quantity, COUNTED, theme, f"{f.quantity:,.2f}"), f.unit
                        ),
                        unit_shown(f.unit),
                        f.value_pence,
                        figure_notes.tier_text(f),
                    ]
                    for f in items
                ],
            )
        )
        s.add(sub)
    s.add(m.Paragraph(figure_notes.TIER_NOTE, "small"))
    shown = [f for f in ms.figures if f.quantity]
    codes = m.Section("The codes each output answers", level=2)
    codes.add(figure_notes.codes_table(ctx, shown))
    codes.add(m.Paragraph(figure_notes.codes_note(), "small"))
    s.add(codes)
    return s


def _valued_records(ms, label: str) -> bool:
    """Something valued of that kind was recorded: else last year's £0 would be invented."""
    kind = "local_economic" if label.startswith("Local") else "social"
    return any(recorded(f) for f in ms.figures if f.kind == kind and f.value_pence is not None)


def comparison_section(ctx: Context) -> m.Section:
    s = m.Section("This year compared with last")
    prev_ctx = _previous_context(ctx)
    if prev_ctx is None:
        return s.empty()
    ms, prev = ctx.measures(), prev_ctx.measures()
    if ms is None or prev is None:
        return s.empty()
    if not any(recorded(f) for f in prev.figures):
        return s.empty(
            f"Nothing was recorded for the year before ({prev_ctx.period_label}), "
            "so there is nothing to compare with yet."
        )
    before = {f.key: f for f in prev.figures}
    rows = []
    where = "This year compared with last"
    for f in ms.figures:
        b = before.get(f.key)
        if not f.quantity and not (b and b.quantity):
            continue
        # nothing recorded is "not recorded", never 0.00: a zero would claim a measurement
        last = (
            ctx.record(f.key, b.quantity, COUNTED, where, f"{b.quantity:,.2f}", prev_ctx.start, prev_ctx.end)
            if recorded(b)
            else NOT_RECORDED
        )
        this = (
            ctx.record(f.key, f.quantity, COUNTED, where, f"{f.quantity:,.2f}")
            if recorded(f)
            else NOT_RECORDED
        )
        if FEWER_THAN in (people_quantity(last, f.unit), people_quantity(this, f.unit)):
            rows.append(
                [
                    f.name,
                    unit_shown(f.unit),
                    people_quantity(last, f.unit),
                    people_quantity(this, f.unit),
                    None,
                ]
            )
            continue
        change = (
            (f.quantity - last) / last
            if isinstance(last, float) and last and isinstance(this, float)
            else None
        )
        rows.append([f.name, unit_shown(f.unit), last, this, change])
    if not rows:
        return s.empty()
    s.add(
        m.Paragraph(
            f"Last year: {prev_ctx.period_label}. A change is shown only where "
            "there was something to compare with.",
            "note",
        )
    )
    s.add(
        m.Table(
            [
                m.Column("Measure", wrap=True),
                m.Column("Unit"),
                m.Column("Last year", m.NUMBER),
                m.Column("This year", m.NUMBER),
                m.Column("Change", m.PERCENT),
            ],
            rows,
        )
    )
    h0, h1 = figure_notes.headlines(prev), figure_notes.headlines(ms)
    # only totals with something valued in both years are compared: never an invented £0
    # (a proxy applied to no recorded quantity is not a total of £0)
    pairs: list[tuple[str, int, int]] = []
    for k, h in h1.items():
        old = h0.get(k)
        if old is None or old.pence is None or h.pence is None:
            continue
        if _valued_records(prev, h.label):
            pairs.append((h.label, old.pence, h.pence))
    if pairs:  # only totals valued in both years are compared: never an invented £0
        s.add(
            m.Chart(
                "Value: last year and this year",
                [p[0] for p in pairs],
                [
                    m.Series("Last year", [p[1] for p in pairs], "other"),
                    m.Series("This year", [p[2] for p in pairs], "local"),
                ],
                unit=m.MONEY,
            )
        )
    return s


def next_year(ctx: Context) -> tuple[date, date]:
    """The financial year after the statement's."""
    after = (ctx.end or ctx.today) + timedelta(days=1)
    year = financial_year(after, ctx.org.year_start_month)
    return year.start, year.end


def commitments_section(ctx: Context) -> m.Section:
    """Next year's share of each commitment (what falls due in that year), beside the
    whole-term target; for a statement about one contract, that contract's commitments only."""
    s = m.Section("What we commit to next year")
    from svdesk.services.commitments import LEVEL_UNITS as levels

    start, end = next_year(ctx)
    rows = []
    for c in list_contracts(ctx.store):
        if ctx.contract is not None and c.id != ctx.contract.id:
            continue
        if c.status not in ("won", "active", "bid_submitted") or not (c.start_date and c.end_date):
            continue
        if c.end_date < start:
            continue
        assert c.id is not None  # read from the database
        for r in sources.delivery(ctx.store, c.id, ctx.today) or []:
            share = share_of_year(r, c.start_date, c.end_date, start, end, r.measure.unit in levels)
            if share is None:
                continue
            key = f"commitment:{r.measure.key}"
            ctx.manifest.append(
                FigureEntry(key, c.reference, start, end, NEXT_YEAR, share, s.heading, f"{share:,.2f}")
            )
            rows.append(
                [
                    c.reference,
                    r.measure.name,
                    share,
                    r.delivery.term_target,
                    unit_shown(r.measure.unit),
                    r.commitment.owner_shown,
                ]
            )
    if not rows:
        return s.empty(
            "No commitments fall due next year"
            + (f" on {ctx.contract.reference}." if ctx.contract else " on current contracts or bids.")
        )
    s.add(
        m.Paragraph(
            f"Next year: {period_label(start, end)}. What falls due in it follows "
            "each commitment's milestones, or an even spread over its term; a share "
            "(such as the Real Living Wage share) is kept all year.",
            "note",
        )
    )
    s.add(
        m.Table(
            [
                m.Column("Contract"),
                m.Column("Commitment", wrap=True),
                m.Column("Due next year", m.NUMBER),
                m.Column("Target over the term", m.NUMBER),
                m.Column("Unit"),
                m.Column("Owner"),
            ],
            rows,
        )
    )
    return s


def limits_section(ctx: Context) -> m.Section:
    s = m.Section("Honest limits")
    limits = [
        "Figures count only what was recorded: activity that was not recorded is not "
        "claimed, so the true figure may be higher, never lower."
    ]
    ms = ctx.measures()
    if ms is not None:  # the same coverage wording as every other document
        limits += figure_notes.value_notes(ms)
    a = ctx.spend()
    if a is not None and a.unknown_pence:
        limits.append(
            f"{format_money(a.unknown_pence)} of spend "
            f"({format_percent(a.share(a.unknown_pence))}) went to suppliers with no "
            "known postcode and is not counted as local."
        )
    limits.append(
        "No deadweight, displacement or drop-off has been deducted unless stated; "
        "proxy values are indicative, not cash."
    )
    s.add(m.Bullets(limits))
    return s


def build_statement(ctx: Context) -> m.Document:
    doc = m.Document(
        "Social value impact statement",
        ctx.org.name,
        subtitle="What our work gave back to the places we work",
        period=ctx.period_label,
        logo=ctx.logo,
        subject=f"Annual social value impact statement, {ctx.period_label}",
    )
    offer = ctx
    if is_bid(ctx):  # nothing delivered on a bid: the firm's track record, said so
        bid = ctx.contract
        assert bid is not None  # only a contract is a bid
        offer, ctx = ctx, track_context(ctx)
        doc.period = f"Track record: {ctx.period_label}"
        doc.subject = (
            f"Social value impact statement for {bid.reference} (bid), track record {ctx.period_label}"
        )
    stories = case_study_section(ctx)
    stories.heading = "Stories"
    headline = headline_section(ctx)
    doc.sections += [headline, themes_section(ctx), stories, comparison_section(ctx)]
    if offer is not ctx:
        headline.blocks.insert(0, m.Paragraph(explanation(offer, ctx), "lead"))
        doc.sections.append(earlier_contracts_section(offer))
    doc.sections += [commitments_section(offer), limits_section(ctx), not_claimed.section(ctx)]
    doc.cover_facts = cover_facts(offer, ctx if offer is not ctx else None) + [
        ("Organisation", org_line(ctx.org))
    ]
    doc.sources = method_notes(ctx)
    doc.sources.insert(0, f"Statement for {ctx.period_label}, published {format_date(ctx.today)}.")
    return doc
