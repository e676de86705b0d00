"""The annual impact statement (PDF): a designed report for a year that an owner would put on the
website: headline figures, outputs by theme, stories, the year against the one before, what the
firm commits to next, how the figures were counted, and honest limits (no over-claiming)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from svdesk.calc.periods import financial_year
from svdesk.exports import model as m
from svdesk.exports import sources
from svdesk.exports.build_common import (Context, cover_facts, method_notes, org_line,
                                         spend_tables, total_text)
from svdesk.exports.build_pack import case_study_section
from svdesk.exports.privacy import FEWER_THAN, people_quantity
from svdesk.formatting import format_date, format_money, format_percent
from svdesk.services.contracts import list_contracts

THEMES = [
    ("Jobs", ("job", "employ", "hire", "fte", "wage")),
    ("Skills and training", ("apprentic", "train", "learn", "skill", "placement", "career",
                             "school", "mentor")),
    ("Local supply chain", ("spend", "supplier", "sme", "vcse", "payment")),
    ("Community", ("volunt", "donat", "community", "pro bono", "expert", "charit")),
    ("Environment", ("co2", "carbon", "emission", "energy", "kwh", "fuel", "waste", "recycl",
                     "travel", "water")),
]


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
    year = financial_year(date(ctx.start.year - 1, ctx.start.month, 1),
                          ctx.org.year_start_month)
    return replace(ctx, start=year.start, end=year.end, cache={})


def headline_section(ctx: Context) -> m.Section:
    s = m.Section("Our year in numbers")
    ms = ctx.measures()
    band = ctx.org.size.band
    kind = f"a {band} organisation" if band in ("micro", "small", "medium", "large") \
        else "an organisation"
    s.add(m.Paragraph(
        f"{ctx.org.name} is {kind}"
        + (f" of {ctx.org.headcount} people" if ctx.org.headcount else "")
        + f" that keeps a dated record of the social value it creates. This statement covers "
          f"{ctx.period_label}.", "lead"))
    figures: list[m.KeyFigure] = []
    if ms is not None:
        t = ms.totals
        # Only totals that are known lead the page; a kind with no proxy values is explained
        # under Honest limits instead of a headline that says "Not valued".
        figures += [m.KeyFigure(label, total_text(pence)) for label, pence in (
            ("Local economic value", t.local_economic_pence), ("Social value", t.social_pence))
            if pence is not None]
        top = sorted([f for f in ms.figures if f.quantity and f.unit.upper() not in ("GBP",)],
                     key=lambda f: -(f.value_pence or 0))[:4]
        figures += [m.KeyFigure(f.name, _qty(f.quantity, f.unit),
                                f"{f.records} record{'s' if f.records != 1 else ''}"
                                if people_quantity(f.records, f.unit) == f.records else "")
                    for f in top]
    spend = spend_tables(ctx)
    if spend is not None:
        figures.append(spend[0][1])
    if figures:
        s.add(m.Figures(figures[:6]))
    else:
        s.empty("No records of this kind yet: once jobs, training, activities or spend are "
                "recorded, the year's figures appear here.")
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
        sub.add(m.Table([m.Column("Output", wrap=True), m.Column("Quantity", m.NUMBER),
                         m.Column("Unit"), m.Column("Value", m.MONEY)],
                        [[f.name, people_quantity(f.quantity, f.unit), f.unit, f.value_pence]
                         for f in items]))
        s.add(sub)
    return s


def comparison_section(ctx: Context) -> m.Section:
    s = m.Section("This year compared with last")
    prev_ctx = _previous_context(ctx)
    ms, prev = ctx.measures(), prev_ctx.measures() if prev_ctx else None
    if ms is None or prev is None:
        return s.empty()
    before = {f.key: f for f in prev.figures}
    rows = []
    for f in ms.figures:
        b = before.get(f.key)
        if not f.quantity and not (b and b.quantity):
            continue
        last = b.quantity if b else 0.0
        change = None if not last else (f.quantity - last) / last
        if people_quantity(f.quantity, f.unit) == FEWER_THAN or \
                people_quantity(last, f.unit) == FEWER_THAN:
            rows.append([f.name, f.unit, people_quantity(last, f.unit),
                         people_quantity(f.quantity, f.unit), None])
            continue
        rows.append([f.name, f.unit, last, f.quantity, change])
    if not rows:
        return s.empty()
    s.add(m.Paragraph(f"Last year: {prev_ctx.period_label}. A change is shown only where "
                      "there was something to compare with.", "note"))
    s.add(m.Table([m.Column("Measure", wrap=True), m.Column("Unit"),
                   m.Column("Last year", m.NUMBER), m.Column("This year", m.NUMBER),
                   m.Column("Change", m.PERCENT)], rows))
    t0, t1 = prev.totals, ms.totals
    pairs = [(label, a, b) for label, a, b in (
        ("Local economic value", t0.local_economic_pence, t1.local_economic_pence),
        ("Social value", t0.social_pence, t1.social_pence)) if a is not None and b is not None]
    if pairs:       # only totals valued in both years are compared: never an invented £0
        s.add(m.Chart("Value: last year and this year", [p[0] for p in pairs],
                      [m.Series("Last year", [p[1] for p in pairs], "other"),
                       m.Series("This year", [p[2] for p in pairs], "local")], unit=m.MONEY))
    return s


def commitments_section(ctx: Context) -> m.Section:
    s = m.Section("What we commit to next year")
    if not sources.available("commitments"):
        return s.empty()
    rows = []
    for c in list_contracts(ctx.store):
        if c.status not in ("won", "active", "bid_submitted") or not (c.start_date and c.end_date):
            continue
        if c.end_date < ctx.today:
            continue
        for r in sources.delivery(ctx.store, c.id, ctx.today) or []:
            rows.append([c.reference, r.measure.name, r.delivery.term_target, r.measure.unit,
                         r.commitment.owner_shown])
    if not rows:
        return s.empty("No commitments recorded yet for current contracts or bids.")
    s.add(m.Table([m.Column("Contract"), m.Column("Commitment", wrap=True),
                   m.Column("Target over the term", m.NUMBER), m.Column("Unit"),
                   m.Column("Owner")], rows))
    return s


def limits_section(ctx: Context) -> m.Section:
    s = m.Section("Honest limits")
    limits = ["Figures count only what was recorded: activity that was not recorded is not "
              "claimed, so the true figure may be higher, never lower."]
    ms = ctx.measures()
    if ms is not None:
        for label, pence in (("local economic value", ms.totals.local_economic_pence),
                             ("social value", ms.totals.social_pence)):
            if pence is None:
                limits.append(f"No {label} in £ is given: none of its measures has a proxy "
                              "value (£ per unit) yet, so they are reported as quantities.")
        if ms.totals.unvalued:
            limits.append(f"{len(ms.totals.unvalued)} measures have no proxy value and are shown "
                          "as quantities only; the £ totals leave them out.")
        if ms.totals.left_out:
            limits.append("Spend with SMEs and VCSEs overlaps local spend, so it is shown but "
                          "not added to the totals.")
    a = ctx.spend()
    if a is not None and a.unknown_pence:
        limits.append(f"{format_money(a.unknown_pence)} of spend "
                      f"({format_percent(a.share(a.unknown_pence))}) went to suppliers with no "
                      "known postcode and is not counted as local.")
    limits.append("No deadweight, displacement or drop-off has been deducted unless stated; "
                  "proxy values are indicative, not cash.")
    s.add(m.Bullets(limits))
    return s


def build_statement(ctx: Context) -> m.Document:
    doc = m.Document("Social value impact statement", ctx.org.name,
                     subtitle="What our work gave back to the places we work",
                     period=ctx.period_label, logo=ctx.logo,
                     subject=f"Annual social value impact statement, {ctx.period_label}")
    stories = case_study_section(ctx)
    stories.heading = "Stories"
    doc.sections += [headline_section(ctx), themes_section(ctx), stories,
                     comparison_section(ctx), commitments_section(ctx), limits_section(ctx)]
    doc.cover_facts = [f for f in cover_facts(ctx)] + [("Organisation", org_line(ctx.org))]
    doc.sources = method_notes(ctx)
    doc.sources.insert(0, f"Statement for {ctx.period_label}, published "
                          f"{format_date(ctx.today)}.")
    return doc
