"""What the Dashboard shows, as plain data: the headline figures for a contract (or the whole
organisation) and a period, the same figures for the period before to compare with, and what
needs attention, each item naming the area (and tab) that holds the records behind it.

Every figure comes from the measures engine (svdesk.services.measures_overview), so the
Dashboard and Figures & commitments always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from svdesk.calc.commitments import AT_RISK, BEHIND, STATUS_LABELS
from svdesk.calc.periods import financial_year, quarters
from svdesk.formatting import format_date, format_money
from svdesk.services.measure_cache import shared_cache
from svdesk.services.measures_overview import Overview, measures_overview
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store

THIS_YEAR, LAST_YEAR, QUARTER, LAST_QUARTER, WHOLE = (
    "this_year",
    "last_year",
    "quarter",
    "last_quarter",
    "whole",
)


@dataclass(frozen=True)
class DashboardPeriod:
    key: str
    label: str
    start: date | None
    end: date | None
    # the period to compare with (None: no like-for-like period, e.g. the whole contract)
    previous_label: str | None = None
    previous_start: date | None = None
    previous_end: date | None = None


@dataclass(frozen=True)
class AttentionItem:
    text: str
    area: str  # MainWindow area key to open
    tab: str | None = None  # the tab inside that area, by its title
    count: int = 1


@dataclass
class DashboardData:
    period: DashboardPeriod
    current: Overview
    previous: Overview | None
    attention: list[AttentionItem]


def _shift_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year - 1, day=28)


def dashboard_periods(store: Store, contract=None, today: date | None = None) -> list[DashboardPeriod]:
    """This financial year so far (against the same days last year), last financial year,
    this quarter so far and last quarter (each against the one before), and the whole
    contract (all time organisation-wide), which has nothing to compare with."""
    today = today or date.today()
    org = get_organisation(store)
    month = org.year_start_month if org else 4
    year = financial_year(today, month)
    last = financial_year(year.start - timedelta(days=1), month)
    before_last = financial_year(last.start - timedelta(days=1), month)
    qs = quarters(last) + quarters(year)
    i = next(n for n, q in enumerate(qs) if q.start <= today <= q.end)
    q_now, q_last, q_before = qs[i], qs[i - 1], (qs[i - 2] if i >= 2 else quarters(before_last)[3])
    out = [
        DashboardPeriod(
            THIS_YEAR,
            f"{year.label} so far",
            year.start,
            today,
            f"same days of {last.label}",
            last.start,
            _shift_year(today),
        ),
        DashboardPeriod(
            LAST_YEAR, last.label, last.start, last.end, before_last.label, before_last.start, before_last.end
        ),
        DashboardPeriod(
            QUARTER, f"{q_now.label} so far", q_now.start, today, q_last.label, q_last.start, q_last.end
        ),
        DashboardPeriod(
            LAST_QUARTER, q_last.label, q_last.start, q_last.end, q_before.label, q_before.start, q_before.end
        ),
    ]
    if contract is not None and contract.start_date and contract.end_date:
        out.append(
            DashboardPeriod(
                WHOLE,
                f"Whole contract ({format_date(contract.start_date)} – {format_date(contract.end_date)})",
                contract.start_date,
                contract.end_date,
            )
        )
    else:
        out.append(DashboardPeriod(WHOLE, "All time", None, None))
    return out


def dashboard(
    store: Store,
    contract_id: int | None,
    period: DashboardPeriod,
    today: date | None = None,
    compare: bool = True,
) -> DashboardData:
    """Count everything the Dashboard shows (slow on big databases: call it off the GUI thread)."""
    today = today or date.today()
    with store.one_read():  # every read in one session and snapshot (Store.one_read)
        return _dashboard(store, contract_id, period, today, compare)


def _dashboard(
    store: Store, contract_id: int | None, period: DashboardPeriod, today: date, compare: bool
) -> DashboardData:
    # people, activity records and suppliers read and mapped once for both periods, and kept
    # for the next view until a record changes (switching period or contract recounts only)
    cache = shared_cache(store)
    current = measures_overview(store, contract_id, period.start, period.end, today, cache=cache)
    previous = None
    if compare and period.previous_start is not None:
        previous = measures_overview(
            store,
            contract_id,
            period.previous_start,
            period.previous_end,
            today,
            cache=cache,
            figures_only=True,
        )
    return DashboardData(period, current, previous, attention_items(store, current, today, cache))


def attention_items(store: Store, o: Overview, today: date, cache: dict | None = None) -> list[AttentionItem]:
    """cache: the engine's shared cache (measure_cache.shared_cache), which keeps the count of
    records without evidence until a record changes."""
    from svdesk.services.assessment_actions import open_actions_due
    from svdesk.services.contracts import list_contracts
    from svdesk.services.evidence import count_without_evidence

    items: list[AttentionItem] = []
    cache = {} if cache is None else cache
    missing = count_without_evidence(store, cache)  # each kind's count kept until it changes
    if missing:
        items.append(
            AttentionItem(
                f"{missing:,} records have no evidence attached. Attach a file to each "
                "before you claim them in a return.",
                "evidence",
                "Without evidence",
                missing,
            )
        )
    refs: dict[int, str] = {}
    for r in o.commitments:
        d = r.delivery
        if d.status in (BEHIND, AT_RISK):
            contract_id = r.commitment.contract_id
            assert contract_id is not None  # a stored commitment belongs to a contract
            if contract_id not in refs:
                from svdesk.services.contracts import get_contract

                contract = get_contract(store, contract_id)
                assert contract is not None  # deleting a contract deletes its commitments
                refs[contract_id] = contract.reference
            items.append(
                AttentionItem(
                    f"{refs[contract_id]}: {r.measure.name} is {STATUS_LABELS[d.status].lower()}. {d.reason}",
                    "figures",
                    "Commitments",
                )
            )
    s = o.spend
    if s.unknown_postcode_count:
        items.append(
            AttentionItem(
                f"{s.unknown_postcode_count} suppliers have no usable postcode, so "
                f"{format_money(s.unknown_postcode_pence)} of spend cannot count as local. "
                "Add their postcodes.",
                "spend",
                "Suppliers",
                s.unknown_postcode_count,
            )
        )
    due = open_actions_due(store, today)
    if due:
        first = due[0]
        items.append(
            AttentionItem(
                f"{len(due)} self-assessment actions are due (the first, “{first.title}”, on "
                f"{format_date(first.due_date)}).",
                "assessment",
                None,
                len(due),
            )
        )
    for c in list_contracts(store):
        if o.contract is not None and c.id != o.contract.id:
            continue
        problem = c.local_area.validate()
        if problem:
            items.append(
                AttentionItem(f"{c.reference}: the local area is not complete. {problem}", "contracts")
            )
    return items


def change(now: float | int | None, before: float | int | None) -> float | None:
    """Relative change from before to now; None when either is unknown or before is zero."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) / abs(before)
