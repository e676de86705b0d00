"""The payment performance test (PPN 018) as a document section, for the evidence pack: the test
per six months of the financial year, the drafted action plan where it is not met, and how
many spend lines lack a date (figures: svdesk.services.payment_performance)."""

from __future__ import annotations

from svdesk.exports import model as m
from svdesk.exports.build_common import Context
from svdesk.services.payment_performance import (
    AVERAGE_DAYS_MAX,
    RESULT_LABELS,
    action_plan_for,
    payment_performance,
)


def payment_section(ctx: Context) -> m.Section:
    s = m.Section("Paying our suppliers", level=2)
    perf = payment_performance(ctx.store, ctx.start, ctx.end, ctx.today)
    if not perf.periods:
        return s.empty("No spend lines in this period.")
    s.add(
        m.Paragraph(
            "The government payment test (PPN 018): at least 95% of invoices paid within 60 days "
            f"and an average of {AVERAGE_DAYS_MAX:.0f} days or less in each six months of the "
            "financial year, or an action plan at 90% to 95%. Counted for the whole firm from the "
            "invoice and paid dates of its spend lines; an invoice counts in the six months it was "
            "paid.",
            "note",
        )
    )
    rows = [
        [
            p.period.label + ("" if p.complete else " (so far)"),
            p.invoices,
            p.share_within_30,
            p.share_within_60,
            p.average_days,
            RESULT_LABELS[p.result] + ("" if p.complete else ", so far"),
            p.lines_missing_dates,
        ]
        for p in perf.periods
    ]
    s.add(
        m.Table(
            [
                m.Column("Six months"),
                m.Column("Invoices", m.INTEGER),
                m.Column("Within 30 days", m.PERCENT),
                m.Column("Within 60 days", m.PERCENT),
                m.Column("Average days", m.NUMBER, decimals=1),
                m.Column("Result", wrap=True),
                m.Column("Lines missing a date", m.INTEGER),
            ],
            rows,
        )
    )
    if perf.lines_missing_dates:
        s.add(
            m.Paragraph(
                f"{perf.lines_missing_dates:,} spend lines lack an invoice or a paid "
                "date and are not counted; none is estimated.",
                "note",
            )
        )
    latest = perf.latest
    if latest is not None and latest.result in ("action_plan", "fail"):
        s.add(m.Paragraph(action_plan_for(perf, latest)))
    return s
