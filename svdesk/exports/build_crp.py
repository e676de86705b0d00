"""The Carbon Reduction Plan (PPN 006) as a document, in the published template's order:
commitment to net zero, baseline emissions footprint, current emissions reporting, emissions
reduction targets, carbon reduction projects, declaration and sign-off.

Figures come from svdesk.services.carbon_plan (the environment records through the DESNZ
factors svdesk applies everywhere); the plan's own answers from the form in the window.
A plan that would be rejected is refused before it is built (svdesk.exports.runner), so what
reaches here has every scope figured or explained and a signatory.
"""

from __future__ import annotations

from svdesk.calc import rates
from svdesk.exports import model as m
from svdesk.exports.build_common import Context
from svdesk.exports.manifest import ORGANISATION, RECORDED
from svdesk.formatting import format_date
from svdesk.services.carbon_plan import CATEGORIES, CrpFigures, Footprint

TEMPLATE = "PPN 006 Carbon Reduction Plan template (Cabinet Office)"
BASELINE_TEXT = (
    "Baseline emissions are a record of the greenhouse gases that have been produced in the "
    "past and were produced prior to the introduction of any strategies to reduce emissions. "
    "Baseline emissions are the reference point against which emissions reduction can be "
    "measured."
)
DECLARATION = (
    "This Carbon Reduction Plan has been completed in accordance with PPN 006 and associated "
    "guidance and reporting standard for Carbon Reduction Plans. Emissions have been reported "
    "and recorded in accordance with the published reporting standard for Carbon Reduction "
    "Plans and the GHG Reporting Protocol corporate standard, and use the appropriate "
    "Government emission conversion factors for greenhouse gas company reporting. Scope 1 and "
    "Scope 2 emissions have been reported in accordance with SECR requirements, and the "
    "required subset of Scope 3 emissions has been reported in accordance with the published "
    "reporting standard for Carbon Reduction Plans and the Corporate Value Chain (Scope 3) "
    "Standard. This Carbon Reduction Plan has been reviewed and signed off by the board of "
    "directors (or equivalent management body)."
)


def _t(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def _record(ctx: Context | None, key: str, value: float, fp: Footprint, where: str, text: str = "") -> None:
    """A footprint figure in the manifest: organisation-wide whole records dated in the period
    (the plan covers the whole organisation, whatever contract the export was asked for)."""
    if ctx is not None:
        ctx.record(
            f"crp:{key}",
            value,
            RECORDED,
            where,
            text or _t(value),
            start=fp.period.start,
            end=fp.period.end,
            scope=ORGANISATION,
        )


def footprint_table(
    fp: Footprint, figures: CrpFigures, ctx: Context | None = None, where: str = ""
) -> m.Table:
    """Emissions by scope and scope 3 category, tCO2e, with why a line has no figure."""
    notes = figures.plan.scope_notes
    rows: list[list] = []
    for key, (_scope, label) in CATEGORIES.items():
        value = fp.figure(key)
        if value is None:
            rows.append([label, "Not reported", notes.get(key, "")])
        else:
            _record(ctx, key, value, fp, where)
            n = fp.records.get(key, 0)
            detail = f"From {n} record{'s' if n != 1 else ''}."
            rows.append([label, value, " ".join(x for x in (detail, notes.get(key, "")) if x)])
    return m.Table(
        [
            m.Column("Emissions", wrap=True),
            m.Column("Total (tCO2e)", m.NUMBER, total=True, decimals=2),
            m.Column("Notes", wrap=True),
        ],
        rows,
        total_label="Total emissions",
    )


def _footprint_section(
    heading: str, intro: list[str], fp: Footprint, figures: CrpFigures, label: str, ctx: Context | None = None
) -> m.Section:
    s = m.Section(heading)
    for text in intro:
        s.add(m.Paragraph(text))
    s.add(m.Paragraph(f"{label}: {fp.period.label}.", "lead"))
    s.add(footprint_table(fp, figures, ctx, heading))
    if fp.other_scope3:
        s.add(
            m.Paragraph(
                f"Also recorded, outside the scope 3 categories PPN 006 asks for and not in the "
                f"total above: {fp.other_scope3:,.2f} tCO2e "
                f"({', '.join(fp.other_scope3_sources)}).",
                "note",
            )
        )
    if fp.not_counted:
        shown = fp.not_counted[:6]
        more = len(fp.not_counted) - len(shown)
        s.add(
            m.Paragraph("Records that could not be converted to carbon and are not in the figures:", "note"),
            m.Bullets(shown + ([f"and {more} more of the same kind"] if more > 0 else [])),
        )
    return s


def build_crp(ctx: Context, figures: CrpFigures) -> m.Document:
    plan, current, baseline = figures.plan, figures.current, figures.baseline
    assert current is not None  # crp_figures always counts the current period
    org = ctx.org.name
    doc = m.Document(
        "Carbon Reduction Plan",
        org,
        subtitle=f"Supplier name: {org} · Publication date: {format_date(plan.signed_on or ctx.today)}",
        period=f"Reporting period {current.period.label}",
        logo=ctx.logo,
        subject=f"Carbon Reduction Plan, {current.period.label}",
    )
    if baseline is not None:
        _record(ctx, "total", baseline.total, baseline, "Cover: baseline emissions")
    _record(ctx, "total", current.total, current, "Cover: current emissions")
    doc.cover_facts = [
        ("Net zero by", str(plan.net_zero_year)),
        ("Baseline", baseline.period.label if baseline else "–"),
        ("Baseline emissions", f"{_t(baseline.total if baseline else None)} tCO2e"),
        ("Current emissions", f"{_t(current.total)} tCO2e"),
    ]

    s = doc.section("Commitment to achieving net zero")
    s.add(m.Paragraph(f"{org} is committed to achieving Net Zero emissions by {plan.net_zero_year}.", "lead"))

    base_intro = [BASELINE_TEXT]
    if plan.baseline_notes:
        base_intro.append(
            f"Additional details relating to the baseline emissions calculations: {plan.baseline_notes}"
        )
    if baseline is not None:
        doc.sections.append(
            _footprint_section(
                "Baseline emissions footprint", base_intro, baseline, figures, "Baseline year", ctx
            )
        )
    doc.sections.append(
        _footprint_section("Current emissions reporting", [], current, figures, "Reporting year", ctx)
    )

    s = doc.section("Emissions reduction targets")
    s.add(
        m.Paragraph(
            "In order to continue our progress to achieving Net Zero, we have "
            "adopted the following carbon reduction targets."
        )
    )
    if plan.target_tonnes is not None and plan.target_year and figures.target_reduction is not None:
        s.add(
            m.Paragraph(
                f"We project that carbon emissions will decrease over the next years "
                f"to {plan.target_tonnes:,.2f} tCO2e by {plan.target_year}. This is a "
                f"reduction of {figures.target_reduction * 100:.1f}% against the "
                "baseline.",
                "lead",
            )
        )
    if plan.targets_text:
        s.add(m.Paragraph(plan.targets_text))
    if baseline is not None:
        cats = ["Baseline", "Current"]
        values = [round(baseline.total, 2), round(current.total, 2)]
        if plan.target_tonnes is not None and plan.target_year:
            cats.append(f"Target {plan.target_year}")
            values.append(round(plan.target_tonnes, 2))
        s.add(m.Chart("Emissions, tCO2e", cats, [m.Series("tCO2e", values, "other")]))

    s = doc.section("Carbon reduction projects")
    done = m.Section("Completed carbon reduction initiatives", level=2)
    since = format_date(baseline.period.start) if baseline else "the baseline"
    done.add(
        m.Paragraph(
            f"The following environmental management measures and projects have "
            f"been completed or implemented since the {since} baseline."
        )
    )
    if baseline is not None and baseline.period == current.period:
        done.add(
            m.Paragraph(
                "This is the first plan: the baseline year is the reporting year, "
                "so reductions are measured from the next plan on."
            )
        )
    elif figures.reduction_so_far is not None and baseline is not None:
        change = baseline.total - current.total
        if change >= 0:
            done.add(
                m.Paragraph(
                    f"Emissions in the reporting year are {change:,.2f} tCO2e "
                    f"lower than in the baseline year, a "
                    f"{figures.reduction_so_far * 100:.1f}% reduction."
                )
            )
        else:
            done.add(
                m.Paragraph(
                    f"Emissions in the reporting year are {-change:,.2f} tCO2e "
                    f"higher than in the baseline year "
                    f"({-figures.reduction_so_far * 100:.1f}% more)."
                )
            )
    items = list(figures.environment_actions)
    if plan.completed_projects:
        items += [line.strip("-• ").strip() for line in plan.completed_projects.splitlines() if line.strip()]
    done.add(m.Bullets(items) if items else m.Paragraph("None recorded yet.", "empty"))
    s.add(done)
    planned = m.Section("Planned carbon reduction initiatives", level=2)
    future = [line.strip("-• ").strip() for line in plan.planned_projects.splitlines() if line.strip()]
    planned.add(
        m.Paragraph("In the future we hope to implement further measures such as:"),
        m.Bullets(future) if future else m.Paragraph("None given yet.", "empty"),
    )
    s.add(planned)

    s = doc.section("Declaration and sign off")
    s.add(m.Paragraph(DECLARATION))
    s.add(
        m.Table(
            [m.Column("Sign-off", width=14), m.Column("Signed on behalf of the supplier", width=60)],
            [
                ["Name", plan.signatory_name],
                ["Role", plan.signatory_role],
                ["Date", format_date(plan.signed_on) if plan.signed_on else ""],
                ["Signature", ""],
            ],
        )
    )

    editions = sorted((baseline.editions if baseline else set()) | current.editions)
    doc.sources = [
        f"Prepared by {org} with svdesk on {format_date(ctx.today)} in the structure of the "
        f"{TEMPLATE}, from the energy, fuel, travel and waste records kept in svdesk.",
        "Emissions are the records' quantities times the UK Government GHG conversion factors "
        f"(DESNZ) for each record's year (editions used: "
        f"{', '.join(map(str, editions)) or 'none'}); electricity is location-based; flights "
        "include radiative forcing. " + rates.GHG_ATTRIBUTION,
        "Waste to landfill uses the commercial and industrial landfill factor; recycled waste "
        "uses the closed-loop recycling factor, as DESNZ publishes no commercial and industrial "
        "recycling factor. Reused and diverted waste has no factor and is not counted.",
        'A line with no records says "Not reported" with the supplier\'s explanation; nothing '
        "is estimated to fill a gap.",
    ]
    return doc
