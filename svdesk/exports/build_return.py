"""The contract return (xlsx): one row per KPI (commitment) per quarter with the target and the
actual for the period and from the contract start, the variance, the status on the four-level
scale, the user's commentary and corrective action, evidence references and the user's own
confirmation that the row relates only to this contract: the shape councils ask for every
quarter. The KPI figures are svdesk.services.contract_return's; other measures recorded against
the contract follow on their own sheet.

Quarters are the contract's own (quarter 1 starts on the contract start date), because returns
are due per contract; only quarters that overlap the requested period and have started appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

from svdesk.exports import figure_notes, sources
from svdesk.exports import model as m
from svdesk.exports.build_common import Context
from svdesk.exports.manifest import COUNTED, DELIVERED_TO_DATE, DUE_BY_CHECK, DUE_IN_PERIOD, DUE_PRO_RATA
from svdesk.exports.measure_tables import method_notes, not_computed
from svdesk.formatting import format_date, unit_shown
from svdesk.services.validation import ValidationError

CONFIRMED = "Yes (confirmed)"
NOT_CONFIRMED = "Not confirmed"
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
    out: list[ReturnPeriod] = []
    n = 0
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
    shares = [float(x.group(1)) for c in claimed for x in [_ATTRIBUTION.search(c.reason or "")] if x]
    if not shares:
        n = len(claimed)
        return f"100% ({n} record{'s' if n != 1 else ''}, serving this contract only)"
    return (
        f"{len(shares)} of {len(claimed)} records shared with other work: "
        + ", ".join(f"{s:g}%" for s in sorted(set(shares)))
        + "; the rest 100%"
    )


def evidence_text(figure, register: list | None) -> str:
    claimed = [c for c in getattr(figure, "contributions", []) if c.claimed]
    refs = []
    if register:
        wanted = {c.ref for c in claimed}
        for e in register:
            if any(f"{kind}:{rid}" in wanted for kind, rid in e.links):
                refs.append(e.ref)
    known = [c for c in claimed if c.evidenced is not None]
    parts = [figure_notes.tier_text(figure)] if claimed else []  # issue 16.5: the tier first
    if refs:
        parts.append(", ".join(refs))
    if known:
        parts.append(f"{sum(1 for c in known if c.evidenced)} of {len(known)} records evidenced")
    return "; ".join(parts)


def unit_label(unit: str) -> str:
    """Money as £ (a measure counted in pounds has the unit "GBP" in the frameworks)."""
    return unit_shown(unit)


def kpi_rows(ctx: Context) -> list:
    """The KPI rows (svdesk.services.contract_return.KpiRow) for the context's contract and
    period, from the commitments' delivery already read for it; cached in the context."""
    if "kpi_rows" not in ctx.cache:
        mod = sources._module("svdesk.services.contract_return")
        c = ctx.contract
        delivery = ctx.delivery()
        ctx.cache["kpi_rows"] = (
            []
            if mod is None or delivery is None
            else mod.kpi_rows(ctx.store, c, ctx.start, ctx.end, ctx.as_of, delivery)
        )
    return ctx.cache["kpi_rows"]


def _note_text(text: str, carried_from: int | None) -> str:
    if not text:
        return ""
    return f"(From Q{carried_from}, not yet reviewed) {text}" if carried_from else text


def _record_row(ctx: Context, r) -> None:
    """The KPI row's figures in the figure manifest: the actual for the period is the measure's
    figure for that window; the actual and the target to date are the commitment's, from the
    contract start (a level such as a share: the period's own level)."""
    c, where, key = ctx.contract, "Return", f"commitment:{r.measure_key}"
    assert c is not None  # a return is for one contract (build_return checks)
    level = not r.additive
    if not r.failed:  # a failed source: no actual is printed, so none is noted
        text = f"{r.actual_period:,.2f}"
        ctx.record(r.measure_key, r.actual_period, COUNTED, where, text, start=r.start, end=r.end)
        ctx.record(
            key,
            r.actual_to_date,
            DELIVERED_TO_DATE,
            where,
            f"{r.actual_to_date:,.2f}",
            start=r.start if level else c.start_date,
            end=r.end,
        )
    ctx.record(
        key,
        r.target_to_date,
        DUE_PRO_RATA if r.part else DUE_BY_CHECK,
        where,
        f"{r.target_to_date:,.2f}",
        start=c.start_date,
        end=r.end,
    )
    ctx.record(
        key, r.target_period, DUE_IN_PERIOD, where, f"{r.target_period:,.2f}", start=r.start, end=r.end
    )


def _kpi_table(ctx: Context, register: list | None) -> m.Table:
    rows = []
    for r in kpi_rows(ctx):
        _record_row(ctx, r)
        evidence = evidence_text(SimpleNamespace(contributions=r.contributions), register)
        # Numbers as computed (the sheet shows two decimals), so a cell equals the figure the
        # other documents print and a buyer's own SUM adds the real values.
        rows.append(
            [
                r.buyer_code,
                r.kpi_name
                + (
                    ""
                    if not r.buyer_name or r.buyer_name == r.measure_name
                    else f" (svdesk: {r.measure_name})"
                ),
                unit_label(r.unit),
                r.period_label,
                r.target_period,
                None if r.failed else r.actual_period,  # issue 19.6: never a silent 0
                r.target_to_date,
                None if r.failed else r.actual_to_date,
                None if r.failed else r.variance_to_date,
                r.status,
                _note_text(r.note.commentary, r.note.carried_from),
                _note_text(r.note.corrective_action, r.note.carried_from),
                evidence,
                CONFIRMED if r.note.relates_only else NOT_CONFIRMED,
            ]
        )
    return m.Table(
        [
            m.Column("Buyer's KPI code", width=10, wrap=True),
            m.Column("KPI", wrap=True, width=26),
            m.Column("Unit", width=9, wrap=True),
            m.Column("Period", wrap=True, width=16),
            m.Column("Target for the period", m.NUMBER, width=10, wrap=True),
            m.Column("Actual for the period", m.NUMBER, width=10, wrap=True),
            m.Column("Target to date (from the contract start)", m.NUMBER, width=12, wrap=True),
            m.Column("Actual to date (from the contract start)", m.NUMBER, width=12, wrap=True),
            m.Column("Variance to date", m.NUMBER, width=10, wrap=True),
            m.Column("Status", width=13, wrap=True),
            m.Column("Commentary", wrap=True, width=30),
            m.Column("Corrective action", wrap=True, width=26),
            m.Column("Evidence tier and references", wrap=True, width=18),
            m.Column("Relates only to this contract", width=13, wrap=True),
        ],
        rows,
        empty_text="No commitments (KPIs) have been set for this contract, or none of its "
        "quarters falls in the period: add them on the Contracts page.",
    )


def _other_table(ctx: Context, periods: list[ReturnPeriod], register: list | None) -> m.Table:
    """Measures with records but no commitment: per quarter, the actual for the period and from
    the contract start (a level such as a share: its latest level)."""
    c = ctx.contract
    assert c is not None  # a return is for one contract (build_return checks)
    committed = {r.measure_key for r in kpi_rows(ctx)} | {
        r.commitment.measure_key for r in (ctx.delivery() or [])
    }
    rows: list[list[str | float | int | None]] = []
    for p in periods:
        end = min(p.end, ctx.as_of)
        start = max(p.start, ctx.start or p.start)
        part = (start, end) != (p.start, p.end)
        ms = sources.measures(ctx.store, c.id, start, end, c.value_pence, ctx.today)
        to_date = {
            f.key: f
            for f in sources.measures(ctx.store, c.id, c.start_date, end, c.value_pence, ctx.today).figures
        }
        for f in ms.figures:
            failed = not_computed(f) or not_computed(to_date[f.key])
            if f.key in committed or not (f.quantity or to_date[f.key].quantity or failed):
                continue
            level = f.unit.strip() == "%"
            label = f"Q{p.number}: {format_date(start)} – {format_date(end)}" + (
                ", part quarter" if part else ""
            )
            if failed:  # listed with the reason, never as a 0 (issue 19.6)
                why = f.note if not_computed(f) else to_date[f.key].note
                rows.append([f.name, unit_label(f.unit), label, None, None, why, "", None])
                continue
            rows.append(
                [
                    f.name,
                    unit_label(f.unit),
                    label,
                    round(f.quantity, 2),
                    round(f.quantity if level else to_date[f.key].quantity, 2),
                    attribution_text(f),
                    evidence_text(f, register),
                    f.records,
                ]
            )
    return m.Table(
        [
            m.Column("Measure", wrap=True, width=34),
            m.Column("Unit", width=10, wrap=True),
            m.Column("Period", wrap=True, width=20),
            m.Column("Actual for the period", m.NUMBER, width=11, wrap=True),
            m.Column("Actual to date (from the contract start)", m.NUMBER, width=13, wrap=True),
            m.Column("Attribution", wrap=True, width=26),
            m.Column("Evidence tier and references", wrap=True, width=22),
            m.Column("Records", m.INTEGER, width=9),
        ],
        rows,
        empty_text="Nothing else was recorded against this contract in the period.",
    )


def build_return(ctx: Context) -> m.Workbook:
    c = ctx.contract
    if c is None:
        raise ValidationError({"contract": "A contract return is for one contract: choose the contract."})
    if not (c.start_date and c.end_date):
        raise ValidationError(
            {
                "contract": f"{c.reference} needs a start and an end date to be "
                "split into quarters: add them on the Contracts page."
            }
        )
    book = m.Workbook(
        "Social value contract return",
        ctx.org.name,
        ctx.period_label,
        subject=f"Contract return {c.reference}, {ctx.period_label}",
    )
    periods = [
        p
        for p in contract_periods(c.start_date, c.end_date)
        if p.start <= ctx.as_of
        and (ctx.start is None or p.end >= ctx.start)
        and (ctx.end is None or p.start <= ctx.end)
    ]
    register = ctx.evidence()
    kpis = _kpi_table(ctx, register)
    parts = [r for r in kpi_rows(ctx) if r.part]
    intro = [
        f"{c.title} for {c.buyer} · Contract term {format_date(c.start_date)} – {format_date(c.end_date)}",
        f"Supplier: {ctx.org.name} · Period: {ctx.period_label} · Figures to {format_date(ctx.as_of)}",
        "Quarters are the contract's own. “To date” is always from the contract start "
        f"({format_date(c.start_date)}). Status: Good, Approaching target, Requires "
        "improvement or Inadequate (the rule is on the Method sheet).",
    ]
    if parts:
        intro.append(
            "A part quarter is compared with the pro-rata target for the days it "
            "covers, not with the whole quarter's target."
        )
    book.sheet(
        "Return",
        f"Social value return: {c.reference}",
        kpis,
        intro=intro,
        landscape=True,
        notes=[
            "“Relates only to this contract”: the supplier's own confirmation for each "
            "row; svdesk never fills it in. Evidence references (EV-…) are listed in "
            "the evidence workbook's evidence register with each file's SHA-256.",
            "Commentary marked “not yet reviewed” was carried from an earlier quarter "
            "and has not been confirmed for this one.",
        ],
    )
    book.sheet(
        "Other measures",
        "Other figures recorded against this contract",
        _other_table(ctx, periods, register),
        intro=["Measures with records but no commitment (KPI) for this contract."],
        landscape=True,
    )
    ms = ctx.measures()
    keys = {r.measure_key for r in kpi_rows(ctx)} if ms is not None else set()
    shown = [f for f in (ms.figures if ms is not None else []) if f.key in keys or f.quantity]
    if shown:
        book.sheet(
            "Codes",
            "The codes each measure answers",
            figure_notes.codes_table(ctx, shown),
            notes=[figure_notes.codes_note(), figure_notes.TIER_NOTE],
            filter=False,
        )
    rule = sources._module("svdesk.services.contract_return")
    notes = ([f"Status rule: {rule.status_rule_text()}"] if rule is not None else []) + method_notes(ctx)
    book.sheet(
        "Method",
        "How the figures were counted",
        m.Table([m.Column("Note", width=90, wrap=True)], [[n] for n in notes]),
        filter=False,
    )
    return book
