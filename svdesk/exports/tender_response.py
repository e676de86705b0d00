"""The tender response drafted from a spec (the commitments a bidder chooses): method statement,
a timed delivery plan by quarter, KPIs and how each is measured and evidenced, governance (a
named social value champion) and past delivery quoted from the records, as a document and as
the plain text the user edits in the app.

Split from svdesk.exports.build_tender, which turns the edited text back into a document and
builds the exports (response and commitments schedule).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from svdesk.calc.commitments import CommitmentPlan, due_by
from svdesk.calc.commitments import Quarter as _Quarter
from svdesk.calc.time_spans import Window
from svdesk.exports import model as m
from svdesk.exports import sources
from svdesk.exports.build_common import Context
from svdesk.exports.measure_tables import not_computed_lines
from svdesk.exports.tender_spec import (
    TIMINGS,
    TenderCommitment,
    TenderSpec,
    _is_level,
)
from svdesk.exports.txt_writer import render_text
from svdesk.formatting import format_date, format_money, unit_shown
from svdesk.services import commitments as commitments_roles


def _champion(spec: TenderSpec) -> str:
    """The champion as documents print them: their role unless they agreed to be named."""
    from svdesk.exports.named_people import champion_shown

    return champion_shown(spec.champion, spec.champion_named, spec.champion_role)


def _quarters(ctx: Context) -> list[tuple[str, date, date]]:
    c = ctx.contract
    if c is None or not (c.start_date and c.end_date):
        return []
    from svdesk.exports.build_return import contract_periods

    return [(f"Q{p.number}", p.start, p.end) for p in contract_periods(c.start_date, c.end_date)]


def _num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _amount(value: float, unit: str) -> str:
    """ "£30,000" for money, "104 weeks" otherwise."""
    if unit.upper() in ("GBP", "£"):
        return format_money(round(value * 100)).removesuffix(".00")
    return f"{_num(value)} {unit}".strip()


def _timing(item: TenderCommitment) -> str:
    if _is_level(item.unit):
        return "maintained every quarter"
    return TIMINGS.get(item.timing, item.timing)


def _sentence(text: str) -> str:
    return text.strip().rstrip(".;,") if text else text


def _lead(owner: str) -> str:
    """ "our workshop manager" for a role, the name as typed for a person ("Dawn Okafor, …")."""
    first = owner.split()[0] if owner.split() else ""
    if "," in owner or (first[:1].isupper() and first.lower() not in ROLE_WORDS):
        return owner
    return "our " + owner[0].lower() + owner[1:]


ROLE_WORDS = commitments_roles.ROLE_WORDS  # one list: a typed role names nobody


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def plan_table(ctx: Context, spec: TenderSpec) -> m.Table:
    quarters = _quarters(ctx)
    rows = []
    for item in spec.commitments:
        n = len(quarters)
        for i, (label, start, end) in enumerate(quarters):
            due: float | None
            if _is_level(item.unit):  # a share such as the Real Living Wage: every quarter
                due = item.target
            elif item.milestones and ctx.contract:  # the commitment's own milestones
                plan = CommitmentPlan(
                    item.target,
                    Window(ctx.contract.start_date, ctx.contract.end_date),
                    milestones=item.milestones,
                )
                due = due_by(plan, _Quarter(i + 1, start, end))[0]
            elif item.timing == "quarterly":
                due = item.target * (i + 1) / n if n else item.target
            elif item.timing == "year1":
                in_year = [q for q in quarters if q[1] < (quarters[0][1] + timedelta(days=365))]
                k = len(in_year)
                due = item.target * min(i + 1, k) / k if k else item.target
            else:
                due = item.target if i == n - 1 else None
            if due is None:
                continue
            rows.append([label, start, item.measure_name, round(due, 2), unit_shown(item.unit), item.owner])
    # A timed plan reads quarter by quarter.
    rows.sort(key=lambda r: (r[1], r[2]))
    return m.Table(
        [
            m.Column("Quarter"),
            m.Column("Starts", m.DATE),
            m.Column("Commitment", wrap=True),
            m.Column("Cumulative milestone", m.NUMBER),
            m.Column("Unit"),
            m.Column("Lead"),
        ],
        rows,
        empty_text="No commitments chosen yet.",
    )


def _a_year_before(day: date) -> date:
    """The first day of the twelve months ending on day (29 Feb safe)."""
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:
        return date(day.year - 1, 3, 1)


def past_delivery(ctx: Context) -> list[str]:
    """Past delivery from the records: the last 12 months, organisation-wide, with figures."""
    end = ctx.today
    start = _a_year_before(end)
    ms = sources.measures(ctx.store, None, start, end, None, ctx.today)
    if ms is None:
        return []
    out = []
    for f in sorted(ms.figures, key=lambda f: -(f.value_pence or 0)):
        if f.quantity and f.records:
            unit = "" if f.unit.upper() == "GBP" else f" {f.unit}"
            amount = (
                format_money(round(f.quantity * 100)) if f.unit.upper() == "GBP" else _num(f.quantity) + unit
            )
            out.append(
                f"{f.name}: {amount} ({_plural(f.records, 'record')}, "
                f"{format_date(start)} – {format_date(end)})."
            )
    return out[:8] + not_computed_lines(ms)  # issue 19.6: a failed figure is said, not dropped


def _milestone_lines(ctx: Context, spec: TenderSpec) -> list:
    table = plan_table(ctx, spec)
    by_name: dict[str, list[str]] = {}
    units: dict[str, str] = {}
    for quarter, _start, name, due, unit, _lead in table.rows:
        amount = _amount(due, unit).removesuffix(" " + unit)
        by_name.setdefault(name, []).append(f"{quarter} {amount}")
        units[name] = "£" if unit.upper() == "GBP" else unit
    if not by_name:
        return []
    quarters = _quarters(ctx)
    first = f" Q1 starts {format_date(quarters[0][1])}." if quarters else ""
    return [
        m.Paragraph("Cumulative milestones, quarter by quarter, from the contract start." + first),
        m.Bullets([f"{name} ({units[name]}): " + ", ".join(items) for name, items in by_name.items()]),
    ]


def buyer_named(ctx: Context, spec: TenderSpec) -> TenderSpec:
    """The spec with each commitment named in the buyer's own KPI wording where the user gave
    it for the contract's commitment on that measure (contract return notes), svdesk's name
    kept beside it so the figure can be traced: "SV3 Local people employed (svdesk: Local
    people employed on the contract)"."""
    kpis = _buyer_kpis(ctx)
    items = []
    for i in spec.commitments:
        code, name = kpis.get(i.measure_key, ("", ""))
        if (code or name) and "(svdesk:" not in i.measure_name:
            shown = (
                f"{code} {name}".strip() + f" (svdesk: {i.measure_name})"
                if name
                else f"{code} {i.measure_name}"
            )
            i = replace(i, measure_name=shown)
        items.append(i)
    return replace(spec, commitments=items)


def _buyer_kpis(ctx: Context) -> dict[str, tuple[str, str]]:
    """{measure key: (buyer's KPI code, name)} for the contract's commitments that have one."""
    c = ctx.contract
    if c is None:
        return {}
    from svdesk.services.commitments import list_commitments
    from svdesk.services.contract_return import get_buyer_kpi

    out: dict[str, tuple[str, str]] = {}
    for item in list_commitments(ctx.store, c.id):
        assert item.id is not None  # read from the database
        code, name = get_buyer_kpi(ctx.store, item.id)
        if (code or name) and item.measure_key not in out:
            out[item.measure_key] = (code, name)
    return out


def draft_document(ctx: Context, spec: TenderSpec, compact: bool = False) -> m.Document:
    c = ctx.contract
    spec = buyer_named(ctx, spec)
    doc = m.Document(
        "Social value response",
        ctx.org.name,
        subtitle=f"{c.reference} · {c.title} for {c.buyer}" if c else "",
        period=f"Outcomes: {spec.outcomes}" if spec.outcomes else "",
        contents=False,
        subject=f"Tender response, {c.reference if c else ''}",
    )
    items = spec.commitments
    framework = spec.framework or (c.framework_label if c else "") or ""
    doc.cover_facts = _facts(ctx, spec, framework)
    _question(doc, spec)
    summary = doc.section("Our commitments")
    if items:
        summary.add(
            m.Paragraph(
                f"{ctx.org.name} commits to the following specific, measurable and time-bound "
                f"social value on this contract"
                + (f", addressing {spec.outcomes}" if spec.outcomes else "")
                + (f" under {framework}" if framework else "")
                + ":"
            )
        )
        summary.add(
            m.Bullets(
                [
                    f"{i.measure_name}: {_amount(i.target, i.unit)}, {_timing(i)}"
                    + (f", led by {_lead(i.owner)}" if i.owner else "")
                    + (f", with {i.partners}" if i.partners else "")
                    + "."
                    for i in items
                ]
            )
        )
    else:
        summary.empty("No commitments chosen yet.")
    method = doc.section("Method statement")
    method.add(
        m.Paragraph(
            "We record every activity that creates social value as it happens, in dated records "
            "linked to this contract, each backed by evidence (payroll extracts, attendance sheets, "
            "invoices, certificates, photographs with consent). Figures are counted with the "
            "buyer's definition of local and the counting rules for social value returns: only "
            "value additional to the contract's core deliverables and relating to this contract "
            "is claimed, and nothing is counted twice."
        )
    )
    for i in items:
        how = _sentence(i.how_measured) or f"counted from our dated records in {i.unit}"
        method.add(
            m.Paragraph(
                f"{i.measure_name}: {how}." + (f" Delivered with {i.partners}." if i.partners else "")
            )
        )
    plan = doc.section("Delivery plan by quarter")
    kpis = doc.section("KPIs, measurement and evidence")
    kpi_rows: list[tuple[str, float, str, str, str]] = [  # KPI, target, unit, how, evidence
        (
            i.measure_name,
            i.target,
            i.unit,
            _sentence(i.how_measured) or "From dated records in svdesk",
            _sentence(i.evidence) or "Records with linked evidence files; quarterly return",
        )
        for i in items
    ]
    if compact:  # text for a portal: a line per commitment, not a row per quarter
        plan.add(*(_milestone_lines(ctx, spec) or [m.Paragraph("No commitments chosen yet.", "empty")]))
        if kpi_rows:
            kpis.add(
                m.Bullets(
                    [
                        f"{name}: target {_amount(target, unit)}; measured: {how}; evidence: {ev}."
                        for name, target, unit, how, ev in kpi_rows
                    ]
                )
            )
        else:
            kpis.empty("No commitments chosen yet.")
    else:
        plan.add(plan_table(ctx, spec))
        kpis.add(
            m.Table(
                [
                    m.Column("KPI", wrap=True),
                    m.Column("Target", m.NUMBER),
                    m.Column("Unit"),
                    m.Column("How measured", wrap=True),
                    m.Column("Evidence", wrap=True),
                ],
                [list(r) for r in kpi_rows],
                empty_text="No commitments chosen yet.",
            )
        )
    gov = doc.section("Governance")
    champion = _champion(spec) or "our social value champion"
    gov.add(
        m.Paragraph(
            f"Social value on this contract is led by {champion}, who owns the commitments, checks "
            f"the records each month and signs off the quarterly return to the contract manager "
            f"with its evidence. Progress against each milestone is reviewed quarterly; a "
            f"commitment falling behind is raised with the buyer early, with a recovery plan."
        )
    )
    past = doc.section("Past delivery")
    lines = past_delivery(ctx)
    if lines:
        past.add(m.Paragraph("From our records over the last twelve months:"))
        past.add(m.Bullets(lines))
    else:
        past.empty("No records of this kind yet.")
    return doc


def _facts(ctx: Context, spec: TenderSpec, framework: str) -> list[tuple[str, str]]:
    c = ctx.contract
    facts = [("Buyer", c.buyer), ("Contract", f"{c.reference} · {c.title}")] if c else []
    facts += [
        (k, v)
        for k, v in (
            ("Framework", framework),
            ("Outcomes targeted", spec.outcomes),
            ("Social value champion", _champion(spec)),
            ("Commitments", str(len(spec.commitments)) if spec.commitments else ""),
        )
        if v
    ]
    return facts


def _question(doc: m.Document, spec: TenderSpec) -> None:
    """The buyer's question and limit, shown in the PDF and Word copies but never pasted into
    the portal (it is not part of the answer and would count against the limit)."""
    if not (spec.question or spec.limit):
        return
    q = doc.section("The question", in_plain_text=False)
    if spec.question:
        q.add(m.Paragraph(spec.question, "quote"))
    if spec.limit:
        q.add(m.Paragraph(f"Limit: {spec.limit:,} {spec.limit_unit}.", "note"))


def draft_text(ctx: Context, spec: TenderSpec) -> str:
    return render_text(draft_document(ctx, spec, compact=True))
