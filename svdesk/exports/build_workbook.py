"""The evidence workbook: every figure behind a contract (or the organisation) for a period, one
sheet per area, for a buyer's contract manager to check, filter and recalculate."""

from __future__ import annotations

from svdesk.exports import figure_notes, not_claimed, sources
from svdesk.exports import model as m
from svdesk.exports.build_activity import activity_table, environment_table
from svdesk.exports.build_common import NONE_YET, Context, org_line
from svdesk.exports.delivery_tables import commitments_tables, jobs_table, spend_tables
from svdesk.exports.measure_tables import measures_table, method_notes
from svdesk.exports.privacy import evidence_day
from svdesk.formatting import format_date, format_money, format_percent

COMMITMENT_COLUMNS = [
    "Commitment (measure)",
    "Unit",
    "Target over the term",
    "Delivered by the end of the last complete quarter",
    "Due by then",
    "Status",
    "Delivered to date",
    "Forecast at end",
    "Owner",
]


def _empty_sheet(book: m.Workbook, name: str, title: str, why: str, columns: list[str]) -> None:
    """An area with nothing to show: its headings, and a plain sentence saying so."""
    book.sheet(
        name,
        title,
        m.Table([m.Column(c) for c in columns], [], empty_text=NONE_YET),
        intro=[why],
        filter=False,
    )


def _cover(ctx: Context, book: m.Workbook) -> None:
    rows = [
        ["Organisation", org_line(ctx.org)],
        ["Scope", ctx.scope_label],
        ["Period", ctx.period_label],
        ["Prepared on", format_date(ctx.today)],
    ]
    if ctx.contract is not None:
        c = ctx.contract
        rows += [
            ["Buyer", c.buyer],
            ["Contract value", format_money(c.value_pence)],
            ["Contract term", f"{format_date(c.start_date)} – {format_date(c.end_date)}"],
            ["Framework", c.framework_label],
            ["Local means", c.local_area.describe()],
        ]
    ms = ctx.measures()
    if ms is not None:  # a £ total only with its coverage, tier and sources, or not at all
        for h in figure_notes.headlines(ms).values():
            if h.text is None:
                rows.append([h.label, f"No £ total: {h.coverage}."])
                continue
            assert h.pence is not None and h.text is not None  # text only with a £ total
            share = h.pence / ms.totals.contract_value_pence if ms.totals.contract_value_pence else None
            rows.append(
                [
                    h.label,
                    h.text
                    + (f" ({format_percent(share)} of contract value)" if share else "")
                    + f". Evidence: {h.tier.label}. £ values: "
                    + "; ".join(h.sources),
                ]
            )
    rows.append(
        [
            "Sheets",
            "Summary, commitments, measures, jobs and skills, spend, environment, "
            "evidence register, activity log, self-assessment, method",
        ]
    )
    book.sheet(
        "Summary",
        f"{book.title}: {ctx.org.name}",
        m.Table([m.Column("Item", width=24), m.Column("Detail", width=90, wrap=True)], rows),
        intro=[ctx.scope_label, ctx.period_label],
        filter=False,
    )


def build_workbook(ctx: Context) -> m.Workbook:
    scope = ctx.contract.reference if ctx.contract else "organisation-wide"
    book = m.Workbook(
        "Social value evidence workbook",
        ctx.org.name,
        ctx.period_label,
        subject=f"Evidence workbook, {scope}, {ctx.period_label}",
    )
    _cover(ctx, book)

    tables = commitments_tables(ctx)
    if ctx.contract is None:
        _empty_sheet(
            book,
            "Commitments",
            "Commitments and delivery",
            "Commitments belong to a contract: export the workbook for one contract to "
            "see them quarter by quarter.",
            COMMITMENT_COLUMNS,
        )
    elif tables is None:
        _empty_sheet(
            book,
            "Commitments",
            "Commitments and delivery",
            "Commitments and delivery by quarter.",
            COMMITMENT_COLUMNS,
        )
    else:
        summary, quarters, reasons = tables
        book.sheet(
            "Commitments",
            "Commitments against delivery",
            summary,
            intro=[ctx.scope_label, f"Delivery as of {format_date(ctx.as_of)}"],
            notes=reasons
            + (
                [line for line in sources.status_rule().splitlines() if line.strip()]
                if sources.status_rule()
                else []
            ),
            landscape=True,
        )
        book.sheet(
            "Delivery by quarter", "Delivery by quarter", quarters, intro=[ctx.scope_label], landscape=True
        )

    ms = ctx.measures()
    if ms is None:
        _empty_sheet(
            book,
            "Measures",
            "Measures",
            "Measures with unit, quantity, proxy and value.",
            [
                "Measure",
                "Unit",
                "Quantity",
                "Proxy £ per unit",
                "Value",
                "Kind",
                "Records",
                figure_notes.TIER_COLUMN,
                "Source and notes",
            ],
        )
    else:
        book.sheet(
            "Measures",
            "Measures with quantity, proxy, value, evidence and codes",
            measures_table(ms, ctx=ctx),
            intro=[ctx.scope_label, ctx.period_label],
            notes=[
                "Local economic value and social value are totalled apart on the "
                "Summary sheet; overlapping measures are not added twice.",
                figure_notes.TIER_NOTE,
                figure_notes.codes_note(),
            ],
            landscape=True,
        )

    if ms is not None:
        book.sheet(
            "Not claimed",
            "Recorded, not claimed",
            not_claimed.table(ctx),
            intro=[
                ctx.scope_label,
                ctx.period_label,
                "Records kept but left out of the figures, with why: confirm or "
                "exclude them in svdesk (Measures page).",
            ],
            filter=False,
        )

    jobs = jobs_table(ctx)
    if jobs is None:
        _empty_sheet(
            book,
            "Jobs and skills",
            "Jobs and skills",
            "Jobs, apprenticeships and training: pseudonymous, postcode district only.",
            [
                "Job",
                "Home postcode district",
                "Contract type",
                "Status",
                "Started (month)",
                "Left (month)",
                "Weekly hours",
                "FTE",
                "Local",
                "Real Living Wage",
            ],
        )
    else:
        book.sheet(
            "Jobs and skills",
            "Jobs and skills",
            jobs[0],
            intro=["One row per job. No names or person references; home postcode district only."],
            landscape=True,
        )
        book.sheet(
            "Priority groups",
            "Hires from priority groups",
            jobs[1],
            intro=["Counts only: a hire counts under one priority group, in its first year."],
        )

    spend = spend_tables(ctx)
    if spend is None:
        _empty_sheet(
            book,
            "Spend",
            "Spend analysis",
            "Local, SME and VCSE spend by month and by supplier.",
            ["Month", "Total", "Local", "SME", "VCSE", "Postcode unknown"],
        )
    else:
        figures, months, chart, suppliers, shares = spend
        book.sheet(
            "Spend by month",
            "Spend by month",
            months,
            intro=[f"{f.label}: {f.value} ({f.detail})" for f in figures],
            charts=[chart],
        )
        total = sum(shares.series[0].values[:3]) or 1
        share_table = m.Table(
            [
                m.Column("Where the money went"),
                m.Column("Spend", m.MONEY),
                m.Column("Share of all spend", m.PERCENT),
            ],
            [
                [cat, value, value / total]
                for cat, value in zip(shares.categories, shares.series[0].values, strict=True)
            ],
        )
        book.sheet(
            "Spend shares",
            "Local, SME and VCSE shares of spend",
            share_table,
            intro=[
                "Local, not local and unknown add up to all spend; SME and VCSE "
                "spend overlap them (a local SME counts in both)."
            ],
            charts=[
                m.Chart(
                    shares.title,
                    shares.categories,
                    shares.series,
                    kind="bar",
                    unit=m.MONEY,
                    table_columns=(0, 1),
                )
            ],
            filter=False,
        )
        top = m.Table(suppliers.columns, suppliers.rows, suppliers.caption)
        book.sheet(
            "Suppliers",
            "Spend by supplier (largest first)",
            top,
            intro=[
                "Local is tested against the contract's own definition of local; "
                "a supplier with no known postcode is never counted as local."
            ],
        )

    env = environment_table(ctx)
    book.sheet(
        "Environment",
        "Environment: energy, fuel, travel and waste",
        env or m.Table([m.Column(c) for c in ("From", "Until", "Kind", "What", "How much", "t CO2e")], []),
        intro=[
            "Carbon from the UK Government GHG conversion factors (DESNZ, Open Government "
            "Licence) for the record's year."
        ],
        landscape=True,
    )

    evidence = ctx.evidence()
    rows = (
        []
        if evidence is None
        else [
            [e.ref, e.file_name, e.evidence_type, evidence_day(e), e.supports, e.sha256, e.size_bytes]
            for e in evidence
        ]
    )
    book.sheet(
        "Evidence register",
        "Evidence register",
        m.Table(
            [
                m.Column("Ref"),
                m.Column("File name", wrap=True),
                m.Column("Type"),
                m.Column("Date", m.DATE),
                m.Column("Supports", wrap=True),
                m.Column("SHA-256", width=66),
                m.Column("Size (bytes)", m.INTEGER),
            ],
            rows,
        ),
        intro=["Each file's SHA-256 fingerprint proves it has not changed since it was filed."],
        landscape=True,
    )

    activity = activity_table(ctx)
    book.sheet(
        "Activity log",
        "Activity log",
        activity
        or m.Table([m.Column(c) for c in ("Date", "Until", "Kind", "What", "How much", "Contract")], []),
        intro=[
            "Dated activities: training, placements, sessions, volunteering, donations, "
            "environment. Who took part is never shown."
        ],
        landscape=True,
    )

    from svdesk.exports.build_assessment import assessment_table

    assessment = assessment_table(ctx)
    book.sheet(
        "Self-assessment",
        "Self-assessment",
        assessment or m.Table([m.Column("Question"), m.Column("Answer")], []),
        intro=["The latest self-assessment and its action plan."],
    )

    book.sheet(
        "Method",
        "How the figures were counted",
        m.Table([m.Column("Note", width=80, wrap=True)], [[n] for n in method_notes(ctx)]),
        filter=False,
    )
    return book
