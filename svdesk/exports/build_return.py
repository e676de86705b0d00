"""The contract return (xlsx): one row per measure per quarter with target, actual, unit,
attribution, evidence references and the confirmation that the figures relate only to this
contract and period: the shape councils ask for every quarter.

Quarters are the contract's own (quarter 1 starts on the contract start date), because returns
are due per contract; only quarters that overlap the requested period and have started appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from svdesk.exports import figure_notes
from svdesk.exports import model as m
from svdesk.exports import sources
from svdesk.exports.build_common import Context, method_notes
from svdesk.formatting import format_date
from svdesk.services.validation import ValidationError

CONFIRMATION = "Yes: relates only to this contract and period"
_ATTRIBUTION = re.compile(r"(\d+(?:\.\d+)?)% attribution")


@dataclass(frozen=True)
class ReturnPeriod:
    number: int
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"Q{self.number} ({format_date(self.start)} – {format_date(self.end)})"


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    import calendar

    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def contract_periods(term_start: date, term_end: date) -> list[ReturnPeriod]:
    out, n = [], 0
    while True:
        start = _add_months(term_start, 3 * n)
        if start > term_end:
            return out
        end = min(_add_months(term_start, 3 * (n + 1)) - timedelta(days=1), term_end)
        out.append(ReturnPeriod(n + 1, start, end))
        n += 1


def attribution_text(figure) -> str:
    claimed = [c for c in getattr(figure, "contributions", []) if c.claimed]
    if not claimed:
        return ""
    shares = [float(x.group(1)) for c in claimed for x in [_ATTRIBUTION.search(c.reason or "")]
              if x]
    if not shares:
        n = len(claimed)
        return f"100% ({n} record{'s' if n != 1 else ''}, serving this contract only)"
    return (f"{len(shares)} of {len(claimed)} records shared with other work: "
            + ", ".join(f"{s:g}%" for s in sorted(set(shares))) + "; the rest 100%")


def evidence_text(figure, register: list | None) -> str:
    claimed = [c for c in getattr(figure, "contributions", []) if c.claimed]
    refs = []
    if register:
        wanted = {c.ref for c in claimed}
        for e in register:
            if any(f"{kind}:{rid}" in wanted for kind, rid in e.links):
                refs.append(e.ref)
    known = [c for c in claimed if c.evidenced is not None]
    parts = [figure_notes.tier_text(figure)] if claimed else []   # issue 16.5: the tier first
    if refs:
        parts.append(", ".join(refs))
    if known:
        parts.append(f"{sum(1 for c in known if c.evidenced)} of {len(known)} records evidenced")
    return "; ".join(parts)


def _targets(ctx: Context) -> dict[str, dict[int, float]]:
    """measure key -> quarter number -> amount due in that quarter (from the commitments)."""
    out: dict[str, dict[int, float]] = {}
    mod = sources._module("svdesk.services.commitments")
    levels = getattr(mod, "LEVEL_UNITS", ())
    for r in ctx.delivery() or []:
        additive = r.measure.unit not in levels
        previous, per_q = 0.0, {}
        for q in r.delivery.rows:
            per_q[q.quarter.number] = q.due - previous if additive else q.due
            previous = q.due
        out[r.measure.key] = per_q
    return out


def build_return(ctx: Context) -> m.Workbook:
    c = ctx.contract
    if c is None:
        raise ValidationError({"contract": "A contract return is for one contract: choose the "
                                           "contract."})
    if not (c.start_date and c.end_date):
        raise ValidationError({"contract": f"{c.reference} needs a start and an end date to be "
                                           "split into quarters: add them on the Contracts page."})
    book = m.Workbook("Social value contract return", ctx.org.name, ctx.period_label,
                      subject=f"Contract return {c.reference}, {ctx.period_label}")
    periods = [p for p in contract_periods(c.start_date, c.end_date)
               if p.start <= ctx.as_of and (ctx.start is None or p.end >= ctx.start)
               and (ctx.end is None or p.start <= ctx.end)]
    targets = _targets(ctx)
    register = ctx.evidence()
    rows = []
    available = sources.available("measures")
    cumulative: dict[str, float] = {}
    for p in periods:
        if not available:
            break
        ms = sources.measures(ctx.store, c.id, p.start, min(p.end, ctx.as_of), c.value_pence,
                              ctx.today)
        for f in ms.figures:
            target = targets.get(f.key, {}).get(p.number)
            if not f.quantity and target is None:
                continue
            # A level (a share such as the Real Living Wage) does not add up over quarters:
            # to date it is the latest quarter's level.
            cumulative[f.key] = f.quantity if f.unit.strip() == "%" else \
                cumulative.get(f.key, 0.0) + f.quantity
            rows.append([c.reference, f"Q{p.number}", p.start, min(p.end, ctx.as_of), f.name,
                         f.unit,
                         None if target is None else round(target, 2), f.quantity,
                         cumulative[f.key], attribution_text(f),
                         evidence_text(f, register), f.records, CONFIRMATION])
    # Widths chosen so the return prints on A4 landscape at a readable size.
    table = m.Table([
        m.Column("Contract", width=17), m.Column("Period", width=8),
        m.Column("From", m.DATE, width=11), m.Column("To", m.DATE, width=11),
        m.Column("Measure", wrap=True, width=32), m.Column("Unit", width=12),
        m.Column("Target for the quarter", m.NUMBER, width=12, wrap=True),
        m.Column("Actual", m.NUMBER, width=11), m.Column("Actual to date", m.NUMBER, width=11,
                                                         wrap=True),
        m.Column("Attribution", wrap=True, width=26),
        m.Column("Evidence tier and references", wrap=True, width=24),
        m.Column("Records", m.INTEGER, width=9),
        m.Column("Relates only to this contract and period", width=24, wrap=True)], rows,
        empty_text="No records of this kind yet: nothing has been recorded against this "
                   "contract in the period.")
    book.sheet("Return", f"Social value return: {c.reference}", table, intro=[
        f"{c.title} for {c.buyer}",
        f"Supplier: {ctx.org.name} · Period: {ctx.period_label} · "
        f"Figures to {format_date(ctx.as_of)}",
        "Quarters are the contract's own: " + "; ".join(
            f"Q{p.number} {format_date(p.start)} – {format_date(p.end)}" for p in periods),
        "We confirm that the figures below relate only to this contract and the period shown, "
        "are additional to the contract's core deliverables, and are not counted twice."],
        landscape=True, notes=["Evidence references (EV-…) are listed in the evidence "
                               "workbook's evidence register with each file's SHA-256."])
    shown = {r[4] for r in rows}
    figures = [f for f in (ctx.measures().figures if ctx.measures() else [])
               if f.name in shown]
    book.sheet("Codes", "The codes each measure answers",
               figure_notes.codes_table(ctx, figures), notes=[figure_notes.codes_note(),
                                                              figure_notes.TIER_NOTE],
               filter=False)
    book.sheet("Method", "How the figures were counted", m.Table(
        [m.Column("Note", width=80, wrap=True)], [[n] for n in method_notes(ctx)]),
        filter=False)
    return book
