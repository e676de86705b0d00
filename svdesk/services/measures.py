"""The measure engine: every measure's figure for a contract (or all) and a period, with its
proxy value, kept traceable to the records behind it.

Quantities come from the sources other areas register (svdesk.services.measure_sources); a
measure with no source falls back to quantities entered by hand (MeasureEntry), and one with
neither shows 0 with the note "no records yet". A figure is valued only when the measure can be
valued and a proxy exists; otherwise its value is None, never £0. Local economic value and social
value are totalled apart, and measures that overlap others (SME and VCSE spend overlap local
spend) are shown but left out of the totals so nothing is added twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from svdesk.calc.counting import Contribution, DatedRecord, dated_totals, evidence_coverage
from svdesk.calc.frameworks import MeasureDef
from svdesk.calc.time_spans import Window
from svdesk.db.engine import driver_errors
from svdesk.formatting import format_money
from svdesk.models import Contract, MeasureEntry
from svdesk.services.measure_library import list_measures
from svdesk.services.measure_sources import (
    MeasureQuery,
    SourceResult,
    SpendSummary,
    register_source,
    register_spend_source,
    source_for,
    spend_source,
)
from svdesk.services.proxies import ProxyData, list_proxies, resolve
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

COULD_NOT = "could not be computed"  # shown beside the figure, never a silent 0
log = logging.getLogger(__name__)
NO_RECORDS = "no records yet"
_SPEND_KEYS = {
    "local_spend_gbp": ("local_pence", "local_lines"),
    "sme_spend_gbp": ("sme_pence", "sme_lines"),
    "vcse_spend_gbp": ("vcse_pence", "vcse_lines"),
}

__all__ = [
    "MeasureFigure",
    "Totals",
    "compute_measures",
    "measure_figure",
    "measure_quantity",
    "register_source",
    "register_spend_source",
    "spend_summary",
    "totals",
]


@dataclass
class MeasureFigure:
    key: str
    name: str
    unit: str
    kind: str
    quantity: float
    proxy_pence: int | None  # £ per unit, in pence; None = no proxy (or not valued)
    value_pence: int | None  # quantity x proxy; None without a proxy, never 0 for "unknown"
    records: int  # source records behind the claimed quantity
    breakdown: dict[str, float] = field(default_factory=dict)
    note: str = ""
    valued: bool = True
    in_totals: bool = True
    has_source: bool = False
    proxy: ProxyData | None = None
    contributions: list[Contribution] = field(default_factory=list)
    counting_rule: str = ""
    maps_to: tuple[str, ...] = ()
    evidence_coverage: float | None = None  # share of the claimed quantity backed by evidence


@dataclass(frozen=True)
class Totals:
    # None when no figure of that kind has a £ value: an unknown total, never a £0 one
    local_economic_pence: int | None
    social_pence: int | None
    contract_value_pence: int | None
    unvalued: tuple[str, ...]  # measures with a quantity but no proxy
    left_out: tuple[str, ...]  # valued, but overlapping another measure: not added

    @property
    def local_economic_share(self) -> float | None:
        return _share(self.local_economic_pence, self.contract_value_pence)

    @property
    def social_share(self) -> float | None:
        return _share(self.social_pence, self.contract_value_pence)


def _share(pence: int | None, of: int | None) -> float | None:
    return pence / of if pence is not None and of else None


def _load_plugins() -> None:
    import svdesk.services.measure_plugins  # noqa: F401  (areas register their sources there)


def build_query(
    store: Store,
    contract_id: int | None,
    start: date | None,
    end: date | None,
    today: date | None = None,
    cache: dict | None = None,
    detail: bool = True,
) -> MeasureQuery:
    _load_plugins()
    if start and end and end < start:
        raise ValidationError({"end": "The end of the period is before its start."})
    terms: dict[int | None, Window] = dict(store.memo(("contract_terms",), lambda: _contract_terms(store)))
    if contract_id is not None and contract_id not in terms:
        raise ValidationError({"contract": "This contract no longer exists."})
    return MeasureQuery(
        store,
        contract_id,
        Window(start, end),
        terms,
        today or date.today(),
        {} if cache is None else cache,
        detail,
    )


def _entries(store: Store, contract_id: int | None) -> dict[str, list[DatedRecord]]:
    """Hand entries for every measure, in one query (the engine asks once per computation)."""
    with store.read() as s:
        stmt = select(MeasureEntry)
        if contract_id is not None:
            stmt = stmt.where(MeasureEntry.contract_id == contract_id)
        out: dict[str, list[DatedRecord]] = {}
        for r in s.scalars(stmt):
            out.setdefault(r.measure_key, []).append(
                DatedRecord(f"entry:{r.id}", r.contract_id, r.day, r.quantity, 1, r.additional, r.attribution)
            )
    return out


def _quantity(
    query: MeasureQuery,
    measure: MeasureDef,
    spend: SpendSummary | None,
    entries: dict[str, list[DatedRecord]],
) -> tuple[SourceResult, bool]:
    fn = source_for(measure.key)
    if fn is not None:
        fatal: tuple[type[Exception], ...] = (SQLAlchemyDatabaseError, *driver_errors())
        try:
            return fn(query), True
        except fatal:
            raise  # the file itself is damaged or unreachable: no figure may be trusted
        except Exception as exc:  # one broken area must not blank every figure
            log.exception("The source of %s failed", measure.key)
            return SourceResult(0.0, 0, note=f"{COULD_NOT} ({exc})"), False
    if measure.key in _SPEND_KEYS and spend is not None and spend.registered:
        pence_field, lines_field = _SPEND_KEYS[measure.key]
        return SourceResult(
            getattr(spend, pence_field) / 100,
            getattr(spend, lines_field),
            contributions=_supplier_contributions(measure.key, spend)
            if query.detail
            else [],  # a line per supplier: for drill-downs
            note="from the spend records",
        ), True
    if measure.key in entries:
        count = dated_totals(entries[measure.key], query.period, query.terms, measure.unit, query.today)
        return SourceResult.from_count(count, "entered by hand"), True
    return SourceResult(0.0, 0, note=NO_RECORDS), False


def _supplier_contributions(key: str, spend: SpendSummary) -> list[Contribution]:
    out = []
    for sup in spend.suppliers:
        pounds = sup.pence / 100
        if key == "local_spend_gbp":
            claimed, why = sup.locality == "local", sup.reason
        elif key == "sme_spend_gbp":
            claimed, why = sup.sme, "An SME" if sup.sme else "Not recorded as an SME"
        else:
            claimed, why = sup.vcse, "A VCSE" if sup.vcse else "Not a VCSE"
        out.append(
            Contribution(
                sup.ref,
                pounds if claimed else 0.0,
                claimed,
                f"{why} · {sup.lines} line{'s' if sup.lines != 1 else ''}, {format_money(sup.pence)}",
                label=sup.label,
            )
        )
    return out


def measure_series(
    store: Store,
    key: str,
    contract_id: int | None,
    windows: list[tuple[date | None, date | None]],
    today: date | None = None,
    cache: dict | None = None,
    detail: bool = True,
) -> list[SourceResult]:
    """One measure's quantity for each window (commitments ask per quarter): the measure,
    contract terms and hand entries are read once, the source is called once per window.
    detail=False: only the quantities are wanted (sources may skip listing the records)."""
    measure = next((m for m in list_measures(store) if m.key == key), None)
    if measure is None:
        raise ValidationError({"measure_key": f"There is no measure “{key}”."})
    base = build_query(store, contract_id, None, None, today, cache, detail)
    entries = _entries(store, contract_id) if source_for(key) is None else {}
    out = []
    for start, end in windows:
        if start and end and end < start:
            raise ValidationError({"end": "The end of the period is before its start."})
        query = replace(base, period=Window(start, end))
        spend = _spend(query) if key in _SPEND_KEYS and source_for(key) is None else None
        out.append(_quantity(query, measure, spend, entries)[0])
    return out


def measure_quantity(
    store: Store,
    key: str,
    contract_id: int | None,
    start: date | None,
    end: date | None,
    today: date | None = None,
) -> SourceResult:
    """One measure's quantity for one window."""
    return measure_series(store, key, contract_id, [(start, end)], today)[0]


def _spend(query: MeasureQuery) -> SpendSummary:
    fn = spend_source()
    if fn is None:
        return SpendSummary(registered=False)
    key = ("spend_summary", query.contract_id, query.period, query.today)
    if key not in query.cache:  # one analysis per window, however many measures ask
        query.cache[key] = fn(query)
    return query.cache[key]


def spend_summary(
    store: Store,
    contract_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    cache: dict | None = None,
    today: date | None = None,
) -> SpendSummary:
    """Spend for a contract (or all) in a period, from the spend area's registered source;
    all zeros with registered=False when no spend source is registered."""
    return _spend(build_query(store, contract_id, start, end, today, cache))


def compute_measures(
    store: Store,
    contract_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    *,
    today: date | None = None,
    cache: dict | None = None,
    detail: bool = True,
) -> list[MeasureFigure]:
    """Every measure's figure. cache: pass one dict to share work between calls about the
    same records and day (the dashboard shares it with its commitments). detail=False: figures
    nobody drills into (a period compared with) may come without the records behind them."""
    query = build_query(store, contract_id, start, end, today, cache, detail)
    proxies = list_proxies(store, contract_id)
    spend = _spend(query)
    entries = _entries(store, contract_id)
    return [_figure(query, m, proxies, spend, entries) for m in list_measures(store)]


def measure_figure(
    store: Store,
    key: str,
    contract_id: int | None,
    start: date | None,
    end: date | None,
    today: date | None = None,
) -> MeasureFigure:
    """One measure's figure with every record behind it, e.g. for one quarter of a
    commitment: exactly what compute_measures gives for it, without counting the others."""
    measure = next((m for m in list_measures(store) if m.key == key), None)
    if measure is None:
        raise ValidationError({"measure_key": f"There is no measure “{key}”."})
    query = build_query(store, contract_id, start, end, today)
    spend = _spend(query) if key in _SPEND_KEYS and source_for(key) is None else None
    entries = _entries(store, contract_id) if source_for(key) is None else {}
    return _figure(query, measure, list_proxies(store, contract_id), spend, entries)


def _figure(
    query: MeasureQuery,
    m: MeasureDef,
    proxies,
    spend: SpendSummary | None,
    entries: dict[str, list[DatedRecord]],
) -> MeasureFigure:
    result, has_source = _quantity(query, m, spend, entries)
    proxy = resolve(proxies, m.key, query.contract_id) if m.valued else None
    value = round(result.quantity * proxy.pence_per_unit) if proxy and has_source else None
    note = result.note
    if m.valued and proxy is None and result.quantity:
        note = (note + "; " if note else "") + "no proxy value: shown as a quantity"
    return MeasureFigure(
        m.key,
        m.name,
        m.unit,
        m.kind,
        result.quantity,
        proxy.pence_per_unit if proxy else None,
        value,
        result.records,
        dict(result.breakdown),
        note,
        m.valued,
        m.in_totals,
        has_source,
        proxy,
        list(result.contributions),
        m.counting_rule,
        m.maps_to,
        evidence_coverage(result.contributions),
    )


def totals(figures: list[MeasureFigure], contract_value_pence: int | None = None) -> Totals:
    sums: dict[str, int | None] = {"local_economic": None, "social": None}
    unvalued, left_out = [], []
    for f in figures:
        if f.value_pence is None:
            if f.valued and f.quantity:
                unvalued.append(f.key)
            continue
        if not f.in_totals:
            left_out.append(f.key)
            continue
        sums[f.kind] = (sums[f.kind] or 0) + f.value_pence
    return Totals(
        sums["local_economic"], sums["social"], contract_value_pence, tuple(unvalued), tuple(left_out)
    )


def _contract_terms(store: Store) -> dict[int | None, Window]:
    with store.read() as s:
        return {c.id: Window(c.start_date, c.end_date) for c in s.scalars(select(Contract))}
