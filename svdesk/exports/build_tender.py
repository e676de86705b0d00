"""The tender response: from the commitments a bidder chooses, a structured social value answer:
method statement, a timed delivery plan by quarter, KPIs and how each is measured and evidenced,
governance (a named social value champion) and past delivery quoted from the records.

The draft is plain text the user edits in the app (with live word and character counts against
the buyer's limit); exports turn the edited text back into a document (PDF, Word, plain text)
and the chosen commitments into a schedule (xlsx). The spec is saved in the database as the
bid's first question (svdesk.services.bids), so backups and archives keep it; a bid's other
questions are drafted by svdesk.exports.tender_draft.
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
    load_spec,
    spec_from_commitments,
)
from svdesk.exports.txt_writer import render_text
from svdesk.formatting import format_date, format_money, unit_shown
from svdesk.services import commitments as commitments_roles
from svdesk.services.contracts import FRAMEWORKS

# --- drafting -------------------------------------------------------------------------------


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


HEADINGS = (
    "OUR COMMITMENTS",
    "METHOD STATEMENT",
    "DELIVERY PLAN BY QUARTER",
    "KPIS, MEASUREMENT AND EVIDENCE",
    "GOVERNANCE",
    "PAST DELIVERY",
)


def text_to_document(ctx: Context, spec: TenderSpec, text: str) -> m.Document:
    """The user's edited draft as a document: upper-case lines are headings, "- " lines bullets,
    blank lines separate paragraphs. What they typed is what is exported, word for word."""
    base = draft_document(ctx, spec)
    doc = m.Document(
        base.title,
        base.organisation,
        subtitle=base.subtitle,
        period=base.period,
        contents=False,
        subject=base.subject,
        cover_facts=base.cover_facts,
    )
    _question(doc, spec)
    section: m.Section | None = None
    bullets: list[str] = []
    para: list[str] = []

    def flush():
        nonlocal bullets, para
        if not (para or bullets):
            return
        target = section or doc.section("")  # words before any heading: no heading added
        if para:
            target.add(m.Paragraph("\n".join(para)))  # the user's own line breaks kept
        if bullets:
            target.add(m.Bullets(bullets))
        bullets, para = [], []

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.isupper() and len(stripped) < 80 and any(ch.isalpha() for ch in stripped):
            flush()
            section = doc.section(stripped)  # as typed: never re-cased
        elif stripped.startswith(("- ", "• ")):
            if para:
                flush()
            bullets.append(stripped[2:])
        else:
            if bullets:
                flush()
            para.append(stripped)
    flush()
    return doc


def schedule_workbook(ctx: Context, spec: TenderSpec) -> m.Workbook:
    c = ctx.contract
    spec = buyer_named(ctx, spec)
    book = m.Workbook(
        "Social value commitments schedule",
        ctx.org.name,
        spec.outcomes,
        subject=f"Commitments schedule, {c.reference if c else ''}",
    )
    book.sheet(
        "Commitments",
        "Social value commitments",
        m.Table(
            [
                m.Column("Commitment (measure)", wrap=True),
                m.Column("Target", m.NUMBER),
                m.Column("Unit"),
                m.Column("Timing"),
                m.Column("Lead"),
                m.Column("Partners", wrap=True),
                m.Column("How measured", wrap=True),
                m.Column("Evidence", wrap=True),
            ],
            [
                [
                    i.measure_name,
                    i.target,
                    unit_shown(i.unit),
                    _timing(i),
                    i.owner,
                    i.partners,
                    i.how_measured,
                    i.evidence,
                ]
                for i in spec.commitments
            ],
            empty_text="No commitments chosen yet.",
        ),
        intro=[
            f"Supplier: {ctx.org.name}",
            f"{c.reference} · {c.title} for {c.buyer}" if c else "",
            f"Framework: {spec.framework or (c.framework_label if c else '')}"
            + (f" · Outcomes: {spec.outcomes}" if spec.outcomes else ""),
            f"Social value champion: {_champion(spec)}" if spec.champion else "",
        ],
        landscape=True,
    )
    book.sheet("Delivery plan", "Delivery plan by quarter", plan_table(ctx, spec))
    _codes_sheet(ctx, spec, book)
    return book


def answer_document(ctx: Context, question, text: str) -> m.Document:
    """One bid question's answer as a document, word for word as the user wrote it (no
    re-casing, no postcode cut to its district): the document is marked verbatim, so the
    writers leave its text alone (svdesk.exports.privacy.keep_user_text)."""
    spec = TenderSpec(
        ctx.contract.reference if ctx.contract else "",
        question.text,
        ctx.contract.framework_label if ctx.contract else "",
        question.targets,
        question.limit,
        question.limit_unit,
        question.champion,
    )
    doc = text_to_document(ctx, spec, text)
    doc.subject = f"Tender question {question.number}, {spec.contract_ref}"
    doc.verbatim = True
    return doc


def _codes_sheet(ctx: Context, spec: TenderSpec, book: m.Workbook) -> None:
    """The codes each committed measure answers (issue 15.5), verified wording only."""
    from svdesk.exports import figure_notes
    from svdesk.services.measure_library import list_measures

    by_key = {x.key: x for x in list_measures(ctx.store)}
    measures = [by_key[i.measure_key] for i in spec.commitments if i.measure_key in by_key]
    if measures:
        book.sheet(
            "Codes",
            "The codes each commitment answers",
            figure_notes.codes_table(ctx, measures),
            notes=[figure_notes.codes_note()],
            filter=False,
        )


def _record_offers(ctx: Context, spec: TenderSpec) -> None:
    """Each commitment offered, over the contract term, in the figure manifest: the response
    prints it in words ("104 weeks") and the schedule as a number."""
    from svdesk.exports.manifest import OFFERED

    c = ctx.contract
    assert c is not None  # build_tender checks that a tender is for a contract
    for i in spec.commitments:
        ctx.record(
            f"offer:{i.measure_key}",
            i.target,
            OFFERED,
            "Our commitments",
            _amount(i.target, i.unit),
            start=c.start_date,
            end=c.end_date,
        )


def build_tender(ctx: Context, spec: TenderSpec | None = None):
    """(document from the edited draft, commitments schedule)."""
    if ctx.contract is None:
        from svdesk.services.validation import ValidationError

        raise ValidationError({"contract": "A tender response is for one contract or bid: choose it."})
    spec = spec or load_spec(ctx.store, ctx.contract.reference) or spec_from_commitments(ctx)
    if spec.draft.strip():  # the user's edited words, exactly as typed
        doc = text_to_document(ctx, spec, spec.draft)
        doc.verbatim = True
    else:  # untouched: the drafted structure, with real tables
        doc = draft_document(ctx, spec)
        _record_offers(ctx, spec)
    return doc, schedule_workbook(ctx, spec)


__all__ = [
    "answer_document",
    "build_tender",
    "buyer_named",
    "draft_text",
    "FRAMEWORKS",
]
