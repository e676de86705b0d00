"""Everything the figures dashboard shows for a contract (or all) and a period, as plain data:
figures, totals, spend, delivery against commitments, evidence coverage, what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from svdesk.calc.commitments import AT_RISK, BEHIND, STATUS_LABELS
from svdesk.calc.periods import financial_year, quarters
from svdesk.calc.time_spans import Window
from svdesk.formatting import format_money
from svdesk.services.commitments import CommitmentReport, contract_delivery, list_commitments
from svdesk.services.contracts import ContractData, get_contract
from svdesk.services.measure_sources import SpendSummary
from svdesk.services.measures import MeasureFigure, Totals, compute_measures, spend_summary, totals
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store


@dataclass
class Overview:
    contract: ContractData | None
    period: Window
    figures: list[MeasureFigure]
    totals: Totals
    spend: SpendSummary
    commitments: list[CommitmentReport]
    evidence_coverage: float | None
    attention: list[str]


@dataclass(frozen=True)
class PeriodChoice:
    label: str
    start: date | None
    end: date | None


def period_choices(
    store: Store, contract: ContractData | None, today: date | None = None
) -> list[PeriodChoice]:
    """The periods a user picks from: the contract term (or all time), financial years and the
    quarters of the current one."""
    today = today or date.today()
    org = get_organisation(store)
    month = org.year_start_month if org else 4
    out = []
    if contract and contract.start_date and contract.end_date:
        out.append(PeriodChoice("Whole contract", contract.start_date, contract.end_date))
    else:
        out.append(PeriodChoice("All time", None, None))
    this_year = financial_year(today, month)
    last_year = financial_year(date(this_year.start.year - 1, this_year.start.month, 1), month)
    for year in (this_year, last_year):
        out.append(PeriodChoice(year.label, year.start, year.end))
    for q in quarters(last_year) + quarters(this_year):
        if q.start <= today:
            out.append(PeriodChoice(q.label, q.start, q.end))
    return out


def overall_coverage(figures: list[MeasureFigure]) -> float | None:
    """Share of claimed records, across every figure, that have evidence (None if unknown)."""
    known = [c for f in figures for c in f.contributions if c.claimed and c.evidenced is not None]
    return sum(1 for c in known if c.evidenced) / len(known) if known else None


def measures_overview(
    store: Store,
    contract_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
    *,
    cache: dict | None = None,
    figures_only: bool = False,
) -> Overview:
    """cache: share one dict between overviews of the same records and day (the Dashboard's
    period and the one it compares with), so people are read and mapped once.
    figures_only: just the figures, totals and spend, without the records behind each figure,
    commitments or attention list (for a period shown only to compare with)."""
    today = as_of or date.today()
    contract = get_contract(store, contract_id) if contract_id is not None else None
    cache = {} if cache is None else cache  # shared by the figures and every commitment quarter
    figures = compute_measures(
        store, contract_id, start, end, today=today, cache=cache, detail=not figures_only
    )
    t = totals(figures, contract.value_pence if contract else None)
    spend = spend_summary(store, contract_id, start, end, cache, today)
    if figures_only:
        return Overview(contract, Window(start, end), figures, t, spend, [], None, [])
    report_date = min(end or today, today)
    problems: list[str] = []
    if contract is not None:
        assert contract.id is not None, "a contract read from the store has its id"
        ids = [contract.id]
    else:
        # a saved commitment always has a contract (commitment.contract_id is NOT NULL)
        ids = sorted({c.contract_id for c in list_commitments(store) if c.contract_id is not None})
    reports = [r for cid in ids for r in contract_delivery(store, cid, report_date, problems, cache)]
    attention = problems + _attention(store, figures, t, spend, reports)
    return Overview(
        contract, Window(start, end), figures, t, spend, reports, overall_coverage(figures), attention
    )


def _attention(
    store: Store,
    figures: list[MeasureFigure],
    t: Totals,
    spend: SpendSummary,
    reports: list[CommitmentReport],
) -> list[str]:
    notes = []
    names = {f.key: f.name for f in figures}
    for r in reports:
        d = r.delivery
        if d.status in (BEHIND, AT_RISK):
            cid = r.commitment.contract_id
            contract = get_contract(store, cid) if cid is not None else None
            assert contract is not None, "a saved commitment belongs to a saved contract"
            ref = contract.reference
            notes.append(f"{ref}: {r.measure.name} is {STATUS_LABELS[d.status].lower()}. {d.reason}")
    from svdesk.services.additionality import unconfirmed

    waiting: dict[str, int] = {}
    for f, _c in unconfirmed(figures):
        waiting[f.name] = waiting.get(f.name, 0) + 1
    for name, n in waiting.items():
        notes.append(
            f"{name}: {n} record{'s are' if n != 1 else ' is'} recorded but not "
            "claimed until you say whether the work is additional. Double-click the "
            "figure on the Measures tab, choose the records and claim or exclude them."
        )
    for key in t.unvalued:
        notes.append(
            f"{names[key]} has no proxy value, so it is shown as a quantity only. "
            "Add the buyer's value if they give one."
        )
    if spend.unknown_postcode_count:
        notes.append(
            f"{spend.unknown_postcode_count} suppliers have no usable postcode "
            f"({format_money(spend.unknown_postcode_pence)} of spend is not counted "
            "as local)."
        )
    for f in figures:
        if f.evidence_coverage is not None and f.evidence_coverage < 1:
            notes.append(
                f"{f.name}: {f.evidence_coverage:.0%} of the figure is backed by "
                "evidence. Attach the missing evidence before the next return."
            )
    return notes
