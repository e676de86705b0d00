"""A contract still at bid stage has delivered nothing: its documents show the firm's track record
instead (the last complete financial year, organisation-wide, and earlier contracts for the same
buyer or area) and say so, never a page of zeros for a term that has not begun."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from svdesk.calc.periods import financial_year
from svdesk.exports import model as m
from svdesk.exports import sources
from svdesk.exports.build_common import Context, period_label
from svdesk.exports.manifest import COUNTED, TARGET, FigureEntry
from svdesk.formatting import format_date, unit_shown
from svdesk.services.contracts import ContractData

NOT_STARTED = ("opportunity", "bid_submitted", "lost")


def is_bid(ctx: Context) -> bool:
    """The contract has not started: a bid (or a won contract whose term begins later)."""
    c = ctx.contract
    if c is None:
        return False
    return c.status in NOT_STARTED or c.start_date is None or c.start_date > ctx.today


def last_complete_year(ctx: Context) -> tuple[date, date]:
    this = financial_year(ctx.today, ctx.org.year_start_month)
    year = financial_year(date(this.start.year - 1, this.start.month, 1), ctx.org.year_start_month)
    return year.start, year.end


def track_context(ctx: Context) -> Context:
    """The organisation-wide context for the last complete year, sharing the manifest."""
    start, end = last_complete_year(ctx)
    return replace(
        ctx,
        contract=None,
        start=start,
        end=end,
        cache={},
        document_contract=ctx.contract or ctx.document_contract,
    )


def _bid(ctx: Context) -> ContractData:
    """The contract a bid's sections are about: they are built only when is_bid(ctx)."""
    assert ctx.contract is not None, "a bid is a contract"
    return ctx.contract


def explanation(ctx: Context, track: Context) -> str:
    c = _bid(ctx)
    when = f"starts on {format_date(c.start_date)}" if c.start_date else "has no start date yet"
    return (
        f"{c.reference} is at bid stage ({c.status_label.lower()}; its term {when}), so "
        f"nothing has been delivered on it yet. The figures that follow are {ctx.org.name}'s "
        f"track record: organisation-wide for the last complete financial year, "
        f"{track.period_label}, and the earlier contracts for {c.buyer} or its area."
    )


def _related(ctx: Context) -> list:
    from svdesk.services.contracts import list_contracts

    c = _bid(ctx)
    area = (c.local_area_kind, c.local_area_codes.strip().upper())
    out = []
    for other in list_contracts(ctx.store):
        if other.id == c.id or other.start_date is None or other.start_date > ctx.today:
            continue
        same_buyer = other.buyer.strip().lower() == c.buyer.strip().lower()
        same_area = bool(area[1]) and (other.local_area_kind, other.local_area_codes.strip().upper()) == area
        if same_buyer or same_area:
            out.append(other)
    return out


def earlier_contracts_section(ctx: Context) -> m.Section:
    buyer = _bid(ctx).buyer
    s = m.Section(f"Earlier contracts for {buyer} or its area")
    related = _related(ctx)
    if not related:
        return s.empty(
            f"{ctx.org.name} has no earlier contract for {buyer} or "
            "in its area recorded in svdesk: the organisation-wide figures above "
            "are its track record."
        )
    rows = []
    for other in related:
        end = min(other.end_date or ctx.today, ctx.today)
        ms = sources.measures(ctx.store, other.id, other.start_date, end, other.value_pence, ctx.today)
        for f in ms.figures if ms is not None else []:
            if not f.quantity:
                continue
            ctx.manifest.append(
                FigureEntry(
                    f.key,
                    other.reference,
                    other.start_date,
                    end,
                    COUNTED,
                    f.quantity,
                    s.heading,
                    f"{f.quantity:,.2f}",
                )
            )
            rows.append(
                [other.reference, period_label(other.start_date, end), f.name, f.quantity, unit_shown(f.unit)]
            )
    s.add(
        m.Table(
            [
                m.Column("Contract"),
                m.Column("Period"),
                m.Column("Measure", wrap=True),
                m.Column("Delivered", m.NUMBER),
                m.Column("Unit"),
            ],
            rows,
            empty_text="Nothing was recorded on these contracts.",
        )
    )
    return s


def offered_commitments_section(ctx: Context) -> m.Section:
    """The bid's commitments as offered: targets only (nothing is due before the term)."""
    s = m.Section("What we offer on this contract")
    c = _bid(ctx)
    reports = ctx.delivery() or []
    if not reports:
        return s.empty(f"No commitments recorded for {c.reference} yet.")
    rows = []
    for r in reports:
        ctx.manifest.append(
            FigureEntry(
                f"commitment:{r.measure.key}",
                c.reference,
                c.start_date,
                c.end_date,
                TARGET,
                r.delivery.term_target,
                s.heading,
                f"{r.delivery.term_target:,.2f}",
            )
        )
        rows.append([r.measure.name, r.delivery.term_target, r.measure.unit, r.commitment.owner])
    s.add(
        m.Paragraph(
            f"Targets over the term, {period_label(c.start_date, c.end_date)}. "
            "Delivery is reported quarter by quarter once the contract starts.",
            "note",
        )
    )
    s.add(
        m.Table(
            [
                m.Column("Commitment (measure)", wrap=True),
                m.Column("Target over the term", m.NUMBER),
                m.Column("Unit"),
                m.Column("Owner", wrap=True),
            ],
            rows,
        )
    )
    return s
