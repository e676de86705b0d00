"""The evidence pack (PDF): what a contract manager reads to see that the social value claimed
was delivered: summary, commitments and delivery, measures, spend, people, case studies with
photos (consent given only), and an evidence index with thumbnails of image evidence."""

from __future__ import annotations

from svdesk.exports import figure_notes, not_claimed, sources
from svdesk.exports import model as m
from svdesk.exports.build_common import NONE_YET, Context, org_line
from svdesk.exports.delivery_tables import commitments_tables, jobs_table, spend_tables
from svdesk.exports.manifest import COUNTED
from svdesk.exports.measure_tables import cover_facts, measure_section, method_notes, totals_figures
from svdesk.exports.privacy import evidence_day, month_only
from svdesk.formatting import format_date, format_money


def summary_section(ctx: Context, heading: str = "Summary") -> m.Section:
    s = m.Section(heading)
    who = ctx.org.name
    if ctx.contract is not None:
        c = ctx.contract
        s.add(
            m.Paragraph(
                f"This pack sets out the social value {who} delivered on "
                f"{c.reference}, {c.title}, for {c.buyer}, between "
                f"{ctx.period_label.replace(' – ', ' and ')}. Every figure is counted "
                "from dated records and can be traced to the evidence listed at the "
                "end.",
                "lead",
            )
        )
    else:
        s.add(
            m.Paragraph(
                f"This pack sets out the social value {who} delivered across all its "
                f"work, {ctx.period_label}. Every figure is counted from dated records "
                "and can be traced to the evidence listed at the end.",
                "lead",
            )
        )
    figures: list[m.KeyFigure] = []
    ms = ctx.measures()
    if ms is not None:
        figures += totals_figures(ms, ctx)
    spend = spend_tables(ctx)
    if spend is not None:
        figures.append(spend[0][1])
    if figures:
        s.add(m.Figures(figures))
    else:
        s.empty(
            "No records of this kind yet: record jobs, training, activities or spend, and "
            "their figures appear here."
        )
    if ms is not None:
        s.add(*(m.Paragraph(t, "small") for t in figure_notes.value_notes(ms)))
        # every one valued: the `or 0` below only tells mypy so
        valued = sorted([f for f in ms.figures if f.value_pence], key=lambda f: -(f.value_pence or 0))
        if valued:
            s.add(
                m.Chart(
                    "Value by measure",
                    [f.name for f in valued[:8]],
                    [m.Series("Value", [f.value_pence or 0 for f in valued[:8]], "local")],
                    kind="bar",
                    unit=m.MONEY,
                )
            )
    return s


def printed_summary(table: m.Table) -> m.Table:
    """The commitments summary for A4 portrait: the unit joins the measure's name and each
    owner goes under the table, so no word is split across a narrow column."""
    owner = len(table.columns) - 1
    first = m.Column("Commitment (unit)", wrap=True)
    columns = [first] + table.columns[2:owner]
    rows = [[f"{r[0]} ({r[1]})"] + r[2:owner] for r in table.rows]
    return m.Table(columns, rows, table.caption, empty_text=table.empty_text)


def commitments_section(ctx: Context) -> m.Section:
    s = m.Section("Commitments and delivery")
    if ctx.contract is None:
        return s.empty(
            "Commitments belong to a contract: export the pack for one contract to "
            "show delivery against them."
        )
    tables = commitments_tables(ctx)
    if tables is None or not tables[0].rows:
        return s.empty("No commitments recorded for this contract yet.")
    s.add(
        m.Paragraph(
            f"Delivery as of {format_date(ctx.as_of)}. Status compares what was "
            "delivered by the end of the last complete quarter with what was due.",
            "note",
        )
    )
    s.add(printed_summary(tables[0]))
    owners = tables[0].column("Owner")
    s.add(
        m.Bullets(
            [
                f"{why} Owner: {owner}." if owner else why
                for why, owner in zip(tables[2], owners, strict=False)
            ]
        )
    )
    started = m.Table(
        tables[1].columns,
        [r for r in tables[1].rows if r[2] is not None],
        empty_text="No quarter has started yet.",
    )
    s.add(m.Section("Delivery by quarter so far", [started], level=2))
    rule = sources.status_rule()
    if rule:
        s.add(m.Paragraph(rule, "small"))
    return s


def spend_section(ctx: Context) -> m.Section:
    s = m.Section("Spend and suppliers")
    spend = spend_tables(ctx)
    if spend is None:
        return s.empty()
    figures, months, chart, suppliers, shares = spend
    a = ctx.spend()
    for key, pence in (("sme_spend_gbp", a.sme_pence), ("vcse_spend_gbp", a.vcse_pence)):
        ctx.record(key, pence / 100, COUNTED, s.heading, format_money(pence))
    s.add(m.Figures(figures), chart, shares)
    top = m.Table(suppliers.columns, suppliers.rows[:15], caption="Largest suppliers")
    s.add(top)
    if len(suppliers.rows) > 15:
        s.add(
            m.Paragraph(
                f"{len(suppliers.rows) - 15} smaller suppliers are listed in the evidence workbook.", "note"
            )
        )
    from svdesk.exports.build_payment import payment_section

    s.add(payment_section(ctx))
    return s


# A printed pack lists rows one by one up to this many; a longer list (a large firm's jobs,
# twenty thousand evidence files) is summarised by kind, with every row in the evidence
# workbook, so the pack stays a document a buyer can read and is written in seconds.
LONG_LIST = 250


def jobs_summary(jobs: m.Table) -> m.Table:
    """Jobs grouped by contract type, status, local and Real Living Wage: how many, and their
    FTE (the same total as the one-row-per-job table)."""
    cols = [c.title for c in jobs.columns]
    keys = [cols.index(t) for t in ("Contract type", "Status", "Local", "Real Living Wage")]
    fte = cols.index("FTE")
    groups: dict[tuple, list] = {}
    for row in jobs.rows:
        g = groups.setdefault(tuple(row[k] for k in keys), [0, 0.0])
        g[0] += 1
        g[1] += row[fte] or 0.0
    return m.Table(
        [
            m.Column("Contract type"),
            m.Column("Status"),
            m.Column("Local"),
            m.Column("Real Living Wage"),
            m.Column("Jobs", m.INTEGER, total=True),
            m.Column("FTE", m.NUMBER, total=True),
        ],
        [
            list(k) + [n, round(f, 2)]
            for k, (n, f) in sorted(groups.items(), key=lambda kv: (-kv[1][0], [str(x) for x in kv[0]]))
        ],
        caption="Jobs by contract type, status, local and Real Living Wage",
    )


def people_section(ctx: Context) -> m.Section:
    s = m.Section("People and skills")
    jobs = jobs_table(ctx)
    if jobs is None or not jobs[0].rows:
        return s.empty()
    if len(jobs[0].rows) > LONG_LIST:
        s.add(
            m.Paragraph(
                f"{len(jobs[0].rows):,} jobs, summarised below by kind. Every job is "
                "listed one per row (no names or references, home locations as "
                "postcode districts) on the People sheet of the evidence workbook "
                "for the same scope and period.",
                "note",
            )
        )
        s.add(jobs_summary(jobs[0]), jobs[1])
        return s
    s.add(
        m.Paragraph(
            "Each row is one job. No names or person references are shown; home "
            "locations are postcode districts only.",
            "note",
        )
    )
    s.add(jobs[0], jobs[1])
    return s


def environment_section(ctx: Context) -> m.Section:
    from svdesk.exports.build_activity import environment_summary

    s = m.Section("Environment")
    table = environment_summary(ctx)
    if table is None or not table.rows:
        return s.empty()
    s.add(
        m.Paragraph(
            "Carbon from energy, fuel and travel records, using the UK Government "
            "GHG conversion factors for each record's year. “Recorded” is the whole "
            "of each record, before attribution; “counted” is the part in this period "
            "after attribution, the figure the measures table gives. Every record is "
            "listed in the evidence workbook.",
            "note",
        )
    )
    s.add(table)
    top = table.rows[:8]
    s.add(
        m.Chart(
            "Tonnes CO2e counted, by source",
            [r[0] for r in top],
            [m.Series("t CO2e counted", [r[3] for r in top], "other")],
            kind="bar",
        )
    )
    return s


def case_study_section(ctx: Context) -> m.Section:
    s = m.Section("Case studies")
    stories = sources.case_studies(ctx.store, ctx.contract_id)
    if not stories:
        return s.empty(
            "No case studies with consent recorded yet. Only stories whose subject "
            "gave consent are ever included."
        )
    for story in stories:
        sub = m.Section(story.title or "Case study", level=2)
        sub.add(m.Paragraph(story.story))
        if story.quote:
            quote = story.quote.strip().strip('“”"')
            sub.add(m.Paragraph(f"“{quote}”", "quote"))
        photo = sources.evidence_file(ctx.store, story.photo_evidence_id)
        if photo is not None and photo.is_file():
            sub.add(m.Image(photo, width_mm=80))
        s.add(sub)
    return s


def evidence_summary(register: list) -> m.Table:
    """Evidence files by type: how many, the references they run from and to, and the months
    they cover."""
    groups: dict[str, list] = {}
    for e in register:
        groups.setdefault(e.evidence_type or "Other", []).append(e)
    rows = []
    for kind, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        days = [e.day for e in items if e.day is not None]
        rows.append(
            [
                kind,
                len(items),
                f"{items[0].ref} … {items[-1].ref}" if len(items) > 1 else items[0].ref,
                month_only(min(days)) if days else "",
                month_only(max(days)) if days else "",
            ]
        )
    return m.Table(
        [
            m.Column("Type"),
            m.Column("Files", m.INTEGER, total=True),
            m.Column("References", wrap=True),
            m.Column("First (month)"),
            m.Column("Last (month)"),
        ],
        rows,
        caption="Evidence files by type",
    )


def evidence_section(ctx: Context) -> m.Section:
    s = m.Section("Evidence index", new_page=True)
    register = ctx.evidence()
    if not register:
        return s.empty()
    s.add(
        m.Paragraph(
            "Every file is held by the supplier and can be supplied on request. The "
            "SHA-256 fingerprint (first 16 characters shown; the full value is in the "
            "evidence workbook) proves a file has not changed since it was filed.",
            "note",
        )
    )
    if len(register) > LONG_LIST:
        s.add(
            m.Paragraph(
                f"{len(register):,} evidence files, summarised below by type. "
                "Every file is listed with its reference, date, what it supports "
                "and its full SHA-256 on the Evidence register sheet of the evidence "
                "workbook for the same scope and period.",
                "note",
            )
        )
        s.add(evidence_summary(register))
    else:
        s.add(
            m.Table(
                [
                    m.Column("Ref"),
                    m.Column("File", wrap=True),
                    m.Column("Type"),
                    m.Column("Date", m.DATE),
                    m.Column("Supports", wrap=True),
                    m.Column("SHA-256 (start)"),
                ],
                [
                    [e.ref, e.file_name, e.evidence_type, evidence_day(e), e.supports, e.sha256[:16]]
                    for e in register
                ],
            )
        )
    images = [e for e in register if e.is_image and e.path is not None and e.path.is_file()]
    if images:
        thumbs = m.Section("Image evidence", level=2)
        thumbs.add(
            m.Gallery(
                [
                    m.Image(e.path, f"{e.ref} · {e.file_name}" + (f" · {e.caption}" if e.caption else ""))
                    for e in images[:30]
                ]
            )
        )
        if len(images) > 30:
            thumbs.add(m.Paragraph(f"{len(images) - 30} more images are listed above.", "note"))
        s.add(thumbs)
    return s


def build_pack(ctx: Context) -> m.Document:
    from svdesk.exports.track_record import (
        earlier_contracts_section,
        explanation,
        is_bid,
        offered_commitments_section,
        track_context,
    )

    c = ctx.contract
    doc = m.Document(
        "Social value evidence pack",
        ctx.org.name,
        subtitle=(f"{c.reference} · {c.title} for {c.buyer}" if c else org_line(ctx.org)),
        period=ctx.period_label,
        logo=ctx.logo,
        subject=f"Evidence pack, {c.reference if c else 'all contracts'}, {ctx.period_label}",
    )
    if is_bid(ctx):  # nothing delivered yet: the firm's track record, said so
        assert c is not None  # only a contract is a bid
        track = track_context(ctx)
        summary = summary_section(track, "Our track record")
        summary.blocks.insert(0, m.Paragraph(explanation(ctx, track), "lead"))
        doc.period = f"Track record: {track.period_label}"
        doc.subject = f"Evidence pack, {c.reference} (bid), track record {track.period_label}"
        doc.sections += [
            summary,
            offered_commitments_section(ctx),
            measure_section(track),
            not_claimed.section(track),
            earlier_contracts_section(ctx),
            spend_section(track),
            people_section(track),
            environment_section(track),
            case_study_section(track),
            evidence_section(track),
        ]
        doc.cover_facts = cover_facts(ctx, track)
        doc.sources = method_notes(track)
        return doc
    doc.sections += [
        summary_section(ctx),
        commitments_section(ctx),
        measure_section(ctx),
        not_claimed.section(ctx),
        spend_section(ctx),
        people_section(ctx),
        environment_section(ctx),
        case_study_section(ctx),
        evidence_section(ctx),
    ]
    if c is not None and c.value_pence:
        doc.sections[0].add(
            m.Paragraph(
                f"Contract value {format_money(c.value_pence)}; local means {c.local_area.describe()}.",
                "note",
            )
        )
    doc.cover_facts = cover_facts(ctx)
    doc.sources = method_notes(ctx)
    return doc


__all__ = ["build_pack", "summary_section", "NONE_YET"]
