"""What a contract delivered, as the documents table it: commitments against their targets by
quarter, spend (by month and supplier) and jobs with the priority groups hired from.
"""

from __future__ import annotations

from datetime import date

from svdesk.calc.commitments import Quarter
from svdesk.exports import model as m
from svdesk.exports.build_common import Context
from svdesk.exports.manifest import COUNTED
from svdesk.exports.privacy import district, month_only, small_count
from svdesk.formatting import format_date, format_money, format_percent, unit_shown

# --- commitments -------------------------------------------------------------------------------


def checked_quarter(reports) -> Quarter | None:
    """The last complete quarter (the same for every commitment of a contract): status compares
    what was delivered by its end with what was due by then."""
    rows = [q for q in reports[0].delivery.rows if q.complete] if reports else []
    return rows[-1].quarter if rows else None


def commitments_tables(ctx: Context) -> tuple[m.Table, m.Table, list[str]] | None:
    """(summary, delivery by quarter, one sentence per commitment saying why its status).

    The summary's "delivered" and "due" count to the same day, the end of the last complete
    quarter, as the status and the sentence under the table do; what was delivered up to the
    as-of day is a column of its own, labelled with that day."""
    from svdesk.exports.cell_text import format_cell
    from svdesk.exports.manifest import DELIVERED_BY_CHECK, DELIVERED_TO_DATE, DUE_BY_CHECK, TARGET
    from svdesk.services.commitments import LEVEL_UNITS

    reports = ctx.delivery()
    if reports is None:
        return None
    contract = ctx.contract
    assert contract is not None  # delivery() has reports only for a contract
    from_status = {"on_track": "On track", "at_risk": "At risk", "behind": "Behind"}
    check = checked_quarter(reports)
    by = f"Q{check.number} end" if check else "a quarter's end"
    number = m.Column("", m.NUMBER)
    summary, quarters, reasons = [], [], []
    for r in reports:
        d, c, meas = r.delivery, r.commitment, r.measure
        row = next((q for q in d.rows if check and q.quarter.number == check.number), None)
        by_check = row.cumulative if row else None
        key, term_start = f"commitment:{meas.key}", contract.start_date
        where = "Commitments and delivery"
        # an amount is delivered from the term's start; a level (a share) is the quarter's own
        level = meas.unit in LEVEL_UNITS
        started = [q.quarter for q in d.rows if q.actual is not None]
        ctx.record(
            key,
            d.term_target,
            TARGET,
            where,
            format_cell(number, d.term_target),
            start=term_start,
            end=contract.end_date,
        )
        if check is not None:
            ctx.record(
                key,
                by_check,
                DELIVERED_BY_CHECK,
                where,
                format_cell(number, by_check),
                start=check.start if level else term_start,
                end=check.end,
            )
            ctx.record(
                key,
                d.due_now,
                DUE_BY_CHECK,
                where,
                format_cell(number, d.due_now),
                start=term_start,
                end=check.end,
            )
        if started:
            ctx.record(
                key,
                d.delivered,
                DELIVERED_TO_DATE,
                where,
                format_cell(number, d.delivered),
                start=started[-1].start if level else term_start,
                end=min(started[-1].end, ctx.as_of),
            )
        summary.append(
            [
                meas.name,
                unit_shown(meas.unit),
                d.term_target,
                by_check,
                d.due_now if check else None,
                from_status.get(d.status, d.status),
                d.delivered,
                d.forecast,
                c.owner_shown,
            ]
        )
        reasons.append(f"{meas.name}: {d.reason}")
        for q in d.rows:
            quarters.append(
                [
                    meas.name,
                    q.quarter.label,
                    q.actual,
                    q.cumulative,
                    q.due,
                    from_status.get(q.status, "Not yet due" if not q.complete else ""),
                ]
            )
    to_date = f"Delivered to {format_date(ctx.as_of)}"
    return (
        m.Table(
            [
                m.Column("Commitment (measure)", wrap=True),
                m.Column("Unit"),
                m.Column("Target over the term", m.NUMBER),
                m.Column(f"Delivered by {by}", m.NUMBER),
                m.Column(f"Due by {by}", m.NUMBER),
                m.Column("Status", status=True),
                m.Column(to_date, m.NUMBER),
                m.Column("Forecast at end", m.NUMBER),
                m.Column("Owner", wrap=True),
            ],
            summary,
            caption="",
            empty_text="No commitments recorded for this contract yet.",
        ),
        m.Table(
            [
                m.Column("Commitment (measure)", wrap=True),
                m.Column("Quarter"),
                m.Column("Delivered in quarter", m.NUMBER),
                m.Column("Delivered to date", m.NUMBER),
                m.Column("Due by quarter end", m.NUMBER),
                m.Column("Status", status=True),
            ],
            quarters,
            empty_text="No commitments recorded for this contract yet.",
        ),
        reasons,
    )


# --- spend -------------------------------------------------------------------------------------


def _month_label(key: str) -> str:
    try:
        return date(int(key[:4]), int(key[5:7]), 1).strftime("%b %Y")
    except (ValueError, TypeError):
        return str(key)


def spend_tables(ctx: Context):
    """(key figures, by-month table, month chart, suppliers table, shares chart) or None."""
    a = ctx.spend()
    if a is None or not a.lines:
        return None
    # local spend leads wherever spend is shown: the measure's own figure, in the manifest
    ctx.record("local_spend_gbp", a.local_pence / 100, COUNTED, "Spend", format_money(a.local_pence))
    figures = [
        m.KeyFigure(
            "Total spend", format_money(a.total_pence), f"{a.lines:,} lines, {a.suppliers:,} suppliers"
        ),
        m.KeyFigure(
            "Local spend", format_money(a.local_pence), f"{format_percent(a.share(a.local_pence))} of spend"
        ),
        m.KeyFigure(
            "With SMEs", format_money(a.sme_pence), f"{format_percent(a.share(a.sme_pence))} of spend"
        ),
        m.KeyFigure(
            "With VCSEs", format_money(a.vcse_pence), f"{format_percent(a.share(a.vcse_pence))} of spend"
        ),
    ]
    if a.unknown_pence:
        figures.append(
            m.KeyFigure(
                "Supplier postcode unknown",
                format_money(a.unknown_pence),
                f"{a.unknown_suppliers} suppliers: not counted as local",
            )
        )
    if a.prompt.lines_with_dates:
        figures.append(
            m.KeyFigure(
                "Paid within 30 days",
                format_percent(a.prompt.share_within_30),
                f"average {a.prompt.average_days} days",
            )
        )
    months = m.Table(
        [
            m.Column("Month"),
            m.Column("Total", m.MONEY, total=True),
            m.Column("Local", m.MONEY, total=True),
            m.Column("SME", m.MONEY, total=True),
            m.Column("VCSE", m.MONEY, total=True),
            m.Column("Postcode unknown", m.MONEY, total=True),
        ],
        [
            [_month_label(x.month), x.total_pence, x.local_pence, x.sme_pence, x.vcse_pence, x.unknown_pence]
            for x in a.by_month
        ],
    )
    # The month as the table names it ("Apr 2026"): cutting it up gave "Apr026".
    chart = m.Chart(
        "Spend by month: all and local",
        [r[0] for r in months.rows],
        [
            m.Series("All spend", [r[1] for r in months.rows], "other"),
            m.Series("Local", [r[2] for r in months.rows], "local"),
        ],
        unit=m.MONEY,
        table_columns=(0, 1, 2),
    )
    labels = {"local": "Local", "not_local": "Not local", "unknown": "Unknown"}
    suppliers = m.Table(
        [
            m.Column("Supplier", wrap=True),
            m.Column("Postcode district"),
            m.Column("Local"),
            m.Column("Size"),
            m.Column("VCSE"),
            m.Column("Lines", m.INTEGER, total=True),
            m.Column("Spend", m.MONEY, total=True),
        ],
        [
            [
                x.name,
                district(x.postcode),
                labels.get(x.locality, x.locality),
                x.size_band,
                "Yes" if x.is_vcse else "No",
                x.lines,
                x.total_pence,
            ]
            for x in a.by_supplier
        ],
    )
    other = a.total_pence - a.local_pence - a.unknown_pence
    shares = m.Chart(
        "Where the money went",
        ["Local", "Not local", "Postcode unknown", "SME", "VCSE"],
        [
            m.Series(
                "Spend", [a.local_pence, max(other, 0), a.unknown_pence, a.sme_pence, a.vcse_pence], "local"
            )
        ],
        kind="bar",
        unit=m.MONEY,
    )
    return figures, months, chart, suppliers, shares


# --- people ------------------------------------------------------------------------------------


def jobs_table(ctx: Context) -> tuple[m.Table, m.Table] | None:
    p = ctx.people()
    if p is None:
        return None
    # The month a job started or ended, never the day: a start date identifies a person.
    jobs = m.Table(
        [
            m.Column("Job", m.INTEGER),
            m.Column("Home postcode district"),
            m.Column("Contract type"),
            m.Column("Status"),
            m.Column("Started (month)"),
            m.Column("Left (month)"),
            m.Column("Weekly hours", m.NUMBER, decimals=1),
            m.Column("FTE", m.NUMBER, total=True),
            m.Column("Local"),
            m.Column("Real Living Wage"),
        ],
        [
            [
                i,
                j.postcode_district,
                j.contract_type,
                j.job_status,
                month_only(j.start_date),
                month_only(j.leave_date),
                j.weekly_hours,
                round(j.fte, 2),
                j.local,
                j.real_living_wage,
            ]
            for i, j in enumerate(p.jobs, start=1)
        ],
        caption="Jobs (no names or references: each row is one job)",
    )
    # Counts under 3 print as "fewer than 3", and there is no total to work them out from.
    groups = m.Table(
        [m.Column("Priority group"), m.Column("People", m.INTEGER)],
        sorted([[k, small_count(v)] for k, v in p.priority_groups.items()]),
        caption="Hires from priority groups (counts only; under 3 shown as “fewer than 3”)",
        empty_text="No hires from priority groups recorded.",
    )
    return jobs, groups
