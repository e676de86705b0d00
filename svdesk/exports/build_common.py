"""What every builder shares: the request (which document, contract, period), the context read
from the store once, and the tables/sections several documents contain (measures, commitments,
spend, jobs, evidence), so each figure is computed in one place and appears identically in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from svdesk.calc.commitments import Quarter
from svdesk.calc.periods import financial_year
from svdesk.exports import figure_notes, sources
from svdesk.exports import model as m
from svdesk.exports.manifest import COUNTED, ORGANISATION, VALUE, FigureEntry
from svdesk.exports.privacy import district, month_only, people_quantity, small_count
from svdesk.formatting import format_date, format_money, format_percent, unit_shown
from svdesk.services.contracts import ContractData, find_contract, get_contract
from svdesk.services.organisation import OrganisationData, get_organisation
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

if TYPE_CHECKING:  # build_tender imports this module
    from svdesk.exports.build_tender import TenderSpec

NONE_YET = "No records of this kind yet."
NOT_VALUED = "Not valued"


def total_text(pence: int | None) -> str:
    """A £ total, or plainly "Not valued" when no figure of that kind has a proxy value: an
    unknown total is never shown as £0."""
    return NOT_VALUED if pence is None else format_money(pence)


POSTCODE_ATTRIBUTION = (
    "Postcode data: Contains OS data © Crown copyright and database right. Contains Royal Mail "
    "data © Royal Mail copyright and database right. Contains National Statistics data © Crown "
    "copyright and database right. Open Government Licence v3.0."
)


@dataclass
class ExportRequest:
    kind: str  # workbook, return, pack, statement, tender, assessment
    contract_ref: str | None = None
    contract_id: int | None = None
    start: date | None = None
    end: date | None = None
    year: int | None = None  # a financial year starting in this calendar year
    logo: Path | None = None
    today: date | None = None
    tender: TenderSpec | None = None  # for the tender response


@dataclass
class Context:
    store: Store
    org: OrganisationData
    contract: ContractData | None
    start: date | None
    end: date | None
    today: date
    logo: Path | None = None
    cache: dict = field(default_factory=dict)
    # manifest.FigureEntry for every figure the builder prints (shared by a copy of this
    # context made for another period, such as the statement's last year)
    manifest: list = field(default_factory=list)
    # the contract a document is about when this context is wider (a bid's track record): a
    # buyer's own framework is cited only for that contract's buyer
    document_contract: ContractData | None = None

    @property
    def scope(self) -> str:
        return self.contract.reference if self.contract else ORGANISATION

    def record(
        self,
        key: str,
        value,
        basis: str = COUNTED,
        where: str = "",
        text: str = "",
        start: date | None = None,
        end: date | None = None,
        scope: str | None = None,
    ):
        """Note a printed figure in the manifest (period and scope: this context's unless
        given) and give its value back, so the row prints exactly what was recorded."""
        self.manifest.append(
            FigureEntry(
                key, scope or self.scope, start or self.start, end or self.end, basis, value, where, text
            )
        )
        return value

    @property
    def contract_id(self) -> int | None:
        return self.contract.id if self.contract else None

    @property
    def period_label(self) -> str:
        """The period; one still running says so: "…, so far (to 5 Dec 2026)"."""
        if (
            self.end is not None
            and self.today < self.end
            and (self.start is None or self.start <= self.today)
        ):
            return running_label(self.start, self.end, self.today)
        return period_label(self.start, self.end)

    @property
    def scope_label(self) -> str:
        if self.contract is None:
            return "All contracts and the whole organisation"
        c = self.contract
        return f"{c.reference} · {c.title} for {c.buyer}"

    @property
    def as_of(self) -> date:
        return min(self.end or self.today, self.today)

    def measures(self) -> sources.MeasureSet | None:
        if "measures" not in self.cache:
            value = self.contract.value_pence if self.contract else None
            self.cache["measures"] = sources.measures(
                self.store, self.contract_id, self.start, self.end, value, self.today
            )
        return self.cache["measures"]

    def spend(self):
        if "spend" not in self.cache:
            self.cache["spend"] = sources.spend(self.store, self.contract_id, self.start, self.end)
        return self.cache["spend"]

    def people(self):
        if "people" not in self.cache:
            self.cache["people"] = sources.people(self.store, self.contract_id, self.start, self.end)
        return self.cache["people"]

    def evidence(self) -> list | None:
        """The evidence register: for a contract, only files linked to its own records (a
        buyer never sees another contract's evidence); EV numbers stay those of the full
        register, so a reference means the same file in every export."""
        if "evidence" not in self.cache:
            mine = None
            if self.contract is not None:
                assert self.contract.id is not None  # a contract read from the database
                mine = sources.contract_records(self.store, self.contract.id)
            self.cache["evidence"] = sources.evidence(self.store, mine)
        return self.cache["evidence"]

    def delivery(self) -> list | None:
        if self.contract is None:
            return None
        if "delivery" not in self.cache:
            c = self.contract
            if not (c.start_date and c.end_date):
                self.cache["delivery"] = []
            else:
                assert c.id is not None  # a contract read from the database
                self.cache["delivery"] = sources.delivery(self.store, c.id, self.as_of)
        return self.cache["delivery"]


def running_label(start: date | None, end: date, today: date) -> str:
    """A period not over yet, labelled as the part it is: "1 Oct 2026 – 5 Dec 2026, part
    quarter so far (the quarter ends 31 Dec 2026)"."""
    from svdesk.calc.time_spans import ONE_DAY, add_months

    word = "period"
    if start is not None:
        for months, name in ((3, "quarter"), (12, "year"), (1, "month")):
            if add_months(start, months) - ONE_DAY == end:
                word = name
    return f"{period_label(start, today)}, part {word} so far (the {word} ends {format_date(end)})"


def period_label(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"From {format_date(start)}"
    if end:
        return f"Up to {format_date(end)}"
    return "All dates"


def resolve(store, req: ExportRequest) -> Context:
    """Read the organisation and contract and settle the period; errors say what to do."""
    org = get_organisation(store)
    if org is None:
        raise ValidationError(
            {"organisation": "Add your organisation profile first: every export carries its name."}
        )
    contract = None
    if req.contract_id is not None:
        contract = get_contract(store, req.contract_id)
    elif req.contract_ref:
        contract = find_contract(store, req.contract_ref)
        if contract is None:
            raise ValidationError(
                {"contract": f"There is no contract with the reference “{req.contract_ref}”."}
            )
    today = req.today or date.today()
    start, end = req.start, req.end
    if req.year is not None:
        year = financial_year(date(req.year, org.year_start_month, 1), org.year_start_month)
        start, end = year.start, year.end
    elif start is None and end is None:
        # a statement, and an organisation's pack, are for a whole year: the last complete one
        if req.kind == "statement" or (req.kind == "pack" and contract is None):
            this = financial_year(today, org.year_start_month)
            year = financial_year(date(this.start.year - 1, this.start.month, 1), org.year_start_month)
            start, end = year.start, year.end
        elif req.kind == "crp":  # the plan's own current period (carbon_plan)
            pass
        elif contract is not None and contract.start_date:
            start, end = contract.start_date, min(contract.end_date or today, today)
            if end < start:  # a bid not started yet: its whole term
                end = contract.end_date
        else:
            year = financial_year(today, org.year_start_month)
            start, end = year.start, year.end
    if start and end and end < start:
        raise ValidationError({"end": "The end of the period is before its start."})
    return Context(store, org, contract, start, end, today, req.logo)


def org_line(org: OrganisationData) -> str:
    parts = [org.name]
    if org.postcode:
        parts.append(f"postcode district {district(org.postcode)}")
    parts.append(f"{org.size.label}")
    if org.headcount is not None:
        parts.append(f"{org.headcount} staff")
    return " · ".join(parts)


def cover_facts(ctx: Context, figures: Context | None = None) -> list[tuple[str, str]]:
    """The facts a reader wants on the cover: the contract and the two headline totals (from
    figures: another context, such as a bid's track record, when given)."""
    facts: list[tuple[str, str]] = []
    c = ctx.contract
    if c is not None:
        facts += [("Buyer", c.buyer), ("Contract", f"{c.reference} · {c.title}")]
        if c.value_pence:
            facts.append(("Contract value", format_money(c.value_pence)))
        if c.start_date and c.end_date:
            facts.append(("Contract term", f"{format_date(c.start_date)} – {format_date(c.end_date)}"))
    if figures is not None:
        facts.append(("Track record", figures.period_label + ", organisation-wide"))
        ctx = figures
    ms = ctx.measures()
    if ms is not None:  # a £ total only with its coverage and evidence tier, or not at all
        record_totals(ctx, ms, "Cover")
        facts += figure_notes.cover_facts(ms)
    a = ctx.spend()
    if a is not None and a.total_pence:
        ctx.record("local_spend_gbp", a.local_pence / 100, COUNTED, "Cover", format_money(a.local_pence))
        facts.append(
            (
                "Spent locally",
                f"{format_money(a.local_pence)} ({format_percent(a.share(a.local_pence))} of spend)",
            )
        )
    return facts


# --- measures ----------------------------------------------------------------------------------

KIND_LABELS = {"local_economic": "Local economic", "social": "Social"}


ATTRIBUTED_NOTE = {"co2e_tonnes": "counted: this period, after attribution (whole records in Environment)"}


def not_computed(f) -> bool:
    """A measure whose source failed: listed with that said, never left out or shown as 0."""
    from svdesk.services.measures import COULD_NOT

    return bool(f.note) and f.note.startswith(COULD_NOT)


def not_computed_lines(ms: sources.MeasureSet | None) -> list[str]:
    """A sentence per measure whose source failed, for documents that list measures in prose
    or pick a few (statement, tender): the figure is named as missing, never dropped."""
    if ms is None:
        return []
    return [
        f"{f.name}: {f.note}, so it is left out of these figures; it needs checking before this is sent."
        for f in ms.figures
        if not_computed(f)
    ]


def shown_figures(ms: sources.MeasureSet) -> list:
    """The measures a document lists: those with records, or with a source of records, or
    whose source failed (issue 19.6: a figure never drops out of a document without a word)."""
    return [f for f in ms.figures if f.quantity or f.has_source or not_computed(f)]


def measures_table(ms: sources.MeasureSet, *, full: bool = True, ctx: Context | None = None) -> m.Table:
    """Every measure with records and its evidence tier: full (workbook) adds kind, the
    proxy's source and the framework codes each answers (ctx gives the contract's buyer KPIs);
    the printed version keeps to what fits A4 portrait (codes and sources follow it).
    ctx also notes each figure printed in the export's manifest."""
    rows = []
    where = "Measures" if full else "Measures and their value"
    code_titles: list[str] = []
    codes: dict[str, list[str]] = {}
    if full and ctx is not None:
        code_titles, code_rows = figure_notes.codes_rows(ctx, shown_figures(ms))
        if code_rows and not any(r[-1] for r in code_rows):  # no buyer's codes: no column
            code_titles, code_rows = code_titles[:-1], [r[:-1] for r in code_rows]
        codes = {f.key: r[1:] for f, r in zip(shown_figures(ms), code_rows, strict=False)}
    for f in shown_figures(ms):
        if not_computed(f):
            rows.append(
                [f.name, unit_shown(f.unit), None, None, None]
                + (
                    [KIND_LABELS.get(f.kind, f.kind), None, "", f.note] + codes.get(f.key, [])
                    if full
                    else [None, "", f.note]
                )
            )
            continue
        if ctx is not None:
            ctx.record(f.key, f.quantity, COUNTED, where, f"{f.quantity:,.2f}")
            if f.value_pence is not None:
                ctx.record(f.key, f.value_pence, VALUE, where, format_money(f.value_pence))
        source = f.note or ("from the records" if f.has_source else "")
        if f.key in ATTRIBUTED_NOTE:
            source = "; ".join(x for x in (source, ATTRIBUTED_NOTE[f.key]) if x)
        if f.proxy is not None and f.value_pence is not None:
            source += f"; proxy: {figure_notes.citation(f.proxy)}"
        if f.value_pence is not None and not f.in_totals:
            source += "; overlaps another measure, not added to the totals"
        tier = figure_notes.tier_text(f)
        if not full:
            note = (
                "not added to totals (overlaps)"
                if f.value_pence is not None and not f.in_totals
                else (
                    "no proxy value"
                    if f.valued and f.value_pence is None and f.quantity
                    else ATTRIBUTED_NOTE.get(f.key, "")
                )
            )
            rows.append(
                [
                    f.name,
                    unit_shown(f.unit),
                    people_quantity(f.quantity, f.unit),
                    f.proxy_pence,
                    f.value_pence,
                    people_quantity(f.records, f.unit),
                    tier,
                    note,
                ]
            )
            continue
        rows.append(
            [
                f.name,
                unit_shown(f.unit),
                people_quantity(f.quantity, f.unit),
                f.proxy_pence,
                f.value_pence,
                KIND_LABELS.get(f.kind, f.kind),
                people_quantity(f.records, f.unit),
                tier,
                source.strip("; "),
            ]
            + codes.get(f.key, [])
        )
    if not full:
        return m.Table(
            [
                m.Column("Measure", wrap=True),
                m.Column("Unit"),
                m.Column("Quantity", m.NUMBER),
                m.Column("£ per unit", m.MONEY),
                m.Column("Value", m.MONEY),
                m.Column("Records", m.INTEGER),
                m.Column(figure_notes.TIER_COLUMN, wrap=True),
                m.Column("Note", wrap=True),
            ],
            rows,
            empty_text="No measure has any records in this period yet.",
        )
    return m.Table(
        [
            m.Column("Measure", wrap=True),
            m.Column("Unit"),
            m.Column("Quantity", m.NUMBER),
            m.Column("Proxy £ per unit", m.MONEY),
            m.Column("Value", m.MONEY),
            m.Column("Kind"),
            m.Column("Records", m.INTEGER),
            m.Column(figure_notes.TIER_COLUMN),
            m.Column("Source and notes", wrap=True),
        ]
        + [m.Column(t, width=34, wrap=True) for t in code_titles],
        rows,
        empty_text="No measure has any records in this period yet.",
    )


def record_totals(ctx: Context | None, ms: sources.MeasureSet, where: str) -> None:
    """The two £ totals, as printed, in the figure manifest."""
    if ctx is None:
        return
    for key, pence in (
        ("total:local_economic", ms.totals.local_economic_pence),
        ("total:social", ms.totals.social_pence),
    ):
        if pence is not None:
            ctx.record(key, pence, VALUE, where, format_money(pence))


def totals_figures(
    ms: sources.MeasureSet, ctx: Context | None = None, where: str = "Summary"
) -> list[m.KeyFigure]:
    """The £ headline cards: each valued kind with its coverage and evidence tier; a kind with
    nothing valued has no card (figure_notes.value_notes says why)."""
    record_totals(ctx, ms, where)
    return figure_notes.key_figures(ms, ms.totals.contract_value_pence)


def measure_section(ctx: Context, heading: str = "Measures and their value") -> m.Section:
    s = m.Section(heading)
    ms = ctx.measures()
    if ms is None:
        return s.empty(NONE_YET)
    cards = totals_figures(ms, ctx, heading)
    if cards:
        s.add(m.Figures(cards))
    s.add(measures_table(ms, full=False, ctx=ctx))
    s.add(*(m.Paragraph(t, "small") for t in figure_notes.value_notes(ms)))
    s.add(m.Paragraph(figure_notes.TIER_NOTE, "small"))
    if shown_figures(ms):
        s.add(m.Paragraph("The codes each measure answers", "lead"))
        s.add(figure_notes.codes_table(ctx, shown_figures(ms)))
        s.add(m.Paragraph(figure_notes.codes_note(), "small"))
    return s


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
    from svdesk.exports.manifest import DELIVERED_BY_CHECK, DELIVERED_TO_DATE, DUE_BY_CHECK, TARGET
    from svdesk.exports.pdf_tables import format_cell
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


# --- sources and method ------------------------------------------------------------------------

SINGULAR = {
    "hours": "hour",
    "weeks": "week",
    "days": "day",
    "people": "person",
    "FTE-years": "FTE-year",
    "person-hours": "person-hour",
    "tonnes": "tonne",
    "miles": "mile",
    "sessions": "session",
    "GBP": "£1",
    "%": "percentage point",
}


def per_unit(unit: str) -> str:
    """The unit after "£16.93 per": one of it ("hour", not "hours")."""
    unit = (unit or "").strip()
    if unit.upper() == "GBP":  # a measure counted in pounds: "£1.00 per £1 given"
        return "£1 given"
    if unit in SINGULAR:
        return SINGULAR[unit]
    if unit.endswith("s") and not unit.endswith("ss") and len(unit) > 3:
        return unit[:-1]
    return unit


def method_notes(ctx: Context) -> list[str]:
    from svdesk.exports.named_people import privacy_statement

    notes = [
        f"Prepared by {ctx.org.name} with svdesk on {format_date(ctx.today)} from the records "
        f"kept in svdesk. Period: {ctx.period_label}. Scope: {ctx.scope_label}.",
        "Every figure is counted from dated records (jobs, training, activities, spend, entries "
        "made by hand) and can be traced back to them; nothing is estimated to fill a gap. An "
        "area with no records says so.",
        "Counting rules follow common practice for social value returns: FTE is contracted "
        "hours divided by full-time hours, pro-rated for time on the contract; hires from "
        "priority groups count in their first year only, under one group; learning sessions "
        "count as hours × attendees; only value that relates to this contract and period and is "
        "additional to its core deliverables is claimed.",
        "Proxy values (£ per unit) are svdesk's Open Government Licence defaults, or the ones "
        "entered in svdesk or imported from the buyer's proxy sheet, each with its source, "
        "edition, date and licence; a £ total says how many measures it covers, and measures "
        "without a proxy are shown as quantities only. Local economic value and social value "
        "are totalled separately, and measures that overlap others (SME and VCSE spend within "
        "local spend) are not added twice.",
        privacy_statement(ctx.store, ctx.contract_id),
    ]
    ms = ctx.measures()
    if ms is not None:
        seen = set()
        for f in ms.figures:
            if f.proxy is not None and f.value_pence is not None:
                line = (
                    f"Proxy for {f.name}: {format_money(f.proxy_pence)} per "
                    f"{per_unit(f.unit)}, {figure_notes.citation(f.proxy)}"
                )
                if line not in seen:
                    seen.add(line)
                    notes.append(line + ".")
    notes.append(POSTCODE_ATTRIBUTION)
    return notes
