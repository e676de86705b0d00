"""Where the money went: local, SME and VCSE shares of spend, by month and supplier.

Aggregation happens in SQL. Whether a supplier is local depends on the contract (each buyer
defines its own local area), so locality is worked out once per supplier for the question being
asked, put in a temporary table and joined: a million lines from 2,000 suppliers cost 2,000
postcode tests, not a million. A supplier without a usable postcode is "unknown": shown, never
counted as local.

Organisation-wide figures (no contract) treat the local authority of the organisation's own
postcode as local.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text

from svdesk.geo.local_area import LocalArea, Locality
from svdesk.geo.postcodes import lookup, try_normalise
from svdesk.services.contracts import get_contract
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store
from svdesk.services.suppliers import SME_BANDS

CATEGORIES = ("all", "local", "not_local", "unknown_postcode", "sme", "vcse")
CATEGORY_LABELS = {"all": "All spend", "local": "Local suppliers",
                   "not_local": "Suppliers outside the local area",
                   "unknown_postcode": "Suppliers with no known postcode",
                   "sme": "Small and medium-sized suppliers (SMEs)",
                   "vcse": "Voluntary, community and social enterprises (VCSEs)"}


@dataclass(frozen=True)
class SpendQuery:
    contract_id: int | None = None
    start: date | None = None
    end: date | None = None          # inclusive
    basis: str = "net"               # "net" or "gross"
    category: str = "all"
    supplier_id: int | None = None
    month: str | None = None         # "2025-04"
    batch_id: int | None = None
    search: str = ""


@dataclass
class MonthSpend:
    month: str
    total_pence: int
    local_pence: int
    sme_pence: int
    vcse_pence: int
    unknown_pence: int


@dataclass
class SupplierSpend:
    supplier_id: int
    name: str
    postcode: str
    locality: str       # local / not_local / unknown
    reason: str
    size_band: str
    is_vcse: bool
    lines: int
    total_pence: int


@dataclass
class PromptPayment:
    lines_with_dates: int = 0
    within_30_days: int = 0
    average_days: float | None = None

    @property
    def share_within_30(self) -> float | None:
        return self.within_30_days / self.lines_with_dates if self.lines_with_dates else None


@dataclass
class SpendAnalysis:
    query: SpendQuery
    local_area: str
    lines: int = 0
    total_pence: int = 0
    local_pence: int = 0
    not_local_pence: int = 0
    unknown_pence: int = 0
    unknown_suppliers: int = 0
    sme_pence: int = 0
    vcse_pence: int = 0
    suppliers: int = 0
    by_month: list[MonthSpend] = field(default_factory=list)
    by_supplier: list[SupplierSpend] = field(default_factory=list)
    prompt: PromptPayment = field(default_factory=PromptPayment)

    def share(self, pence: int) -> float | None:
        return pence / self.total_pence if self.total_pence > 0 else None


def _local_area(store: Store, contract_id: int | None) -> tuple[LocalArea | None, str]:
    if contract_id is not None:
        contract = get_contract(store, contract_id)
        if contract is None:
            return None, "Contract not found"
        return contract.local_area, f"{contract.reference}: {contract.local_area.describe()}"
    org = get_organisation(store)
    postcode = try_normalise(org.postcode) if org and org.postcode else None
    info = lookup(postcode) if postcode else None
    if info is None or not info.la_code:
        return None, "No local area: add your organisation's postcode"
    area = LocalArea("authorities", (info.la_code,))
    return area, area.describe().replace("Living in", "In") + f" (around {postcode})"


def _where(q: SpendQuery, params: dict) -> str:
    clauses = ["1=1"]
    if q.contract_id is not None:
        clauses.append("sl.contract_id = :contract_id")
        params["contract_id"] = q.contract_id
    if q.start:
        clauses.append("sl.spend_date >= :start")
        params["start"] = q.start.isoformat()
    if q.end:
        clauses.append("sl.spend_date <= :end")
        params["end"] = q.end.isoformat()
    if q.supplier_id is not None:
        clauses.append("sl.supplier_id = :supplier_id")
        params["supplier_id"] = q.supplier_id
    if q.month:
        clauses.append("sl.spend_date >= :m0 AND sl.spend_date < :m1")
        y, m = (int(x) for x in q.month.split("-"))
        params["m0"] = f"{y:04d}-{m:02d}-01"
        params["m1"] = f"{y + (m == 12):04d}-{m % 12 + 1:02d}-01"
    if q.batch_id is not None:
        clauses.append("sl.batch_id = :batch_id")
        params["batch_id"] = q.batch_id
    if q.search.strip():
        clauses.append("(s.name LIKE :search OR sl.description LIKE :search "
                       "OR sl.reference LIKE :search)")
        params["search"] = f"%{q.search.strip()}%"
    category = {
        "local": "loc.status = 'local'",
        "not_local": "loc.status = 'not_local'",
        "unknown_postcode": "loc.status = 'unknown'",
        "sme": "s.size_band IN ('micro', 'small', 'medium')",
        "vcse": "(s.vcse_type != 'none' OR s.social_enterprise)",
    }.get(q.category)
    if category:
        clauses.append(category)
    return " AND ".join(clauses)


def _amount(basis: str) -> str:
    return ("coalesce(sl.gross_pence, sl.net_pence)" if basis == "gross"
            else "coalesce(sl.net_pence, sl.gross_pence)")


def _fill_locality(conn, area: LocalArea | None, q: SpendQuery) -> dict[int, tuple[str, str]]:
    """Test each supplier with spend in scope once; store results in temp.spend_locality."""
    conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS spend_locality "
                         "(supplier_id INTEGER PRIMARY KEY, status TEXT NOT NULL)")
    conn.exec_driver_sql("DELETE FROM spend_locality")
    scope = SpendQuery(q.contract_id, q.start, q.end, q.basis)
    params: dict = {}
    rows = conn.execute(text(
        "SELECT DISTINCT s.id, s.postcode FROM spend_line sl JOIN supplier s "
        f"ON s.id = sl.supplier_id WHERE {_where(scope, params)}"), params).all()
    by_postcode: dict[str, tuple[str, str]] = {}
    result: dict[int, tuple[str, str]] = {}
    for sid, postcode in rows:
        if not postcode:
            result[sid] = ("unknown", "No postcode recorded")
            continue
        if postcode not in by_postcode:
            if area is None:
                by_postcode[postcode] = ("unknown", "No local area to test against")
            else:
                tested = area.test(postcode)
                by_postcode[postcode] = (tested.status.value, tested.reason)
        result[sid] = by_postcode[postcode]
    conn.exec_driver_sql("INSERT INTO spend_locality VALUES (?, ?)",
                         [(sid, status) for sid, (status, _r) in result.items()]) if result else None
    return result


_FROM = ("FROM spend_line sl JOIN supplier s ON s.id = sl.supplier_id "
         "JOIN spend_locality loc ON loc.supplier_id = sl.supplier_id")


def analyse_spend(store: Store, query: SpendQuery = SpendQuery()) -> SpendAnalysis:
    area, described = _local_area(store, query.contract_id)
    out = SpendAnalysis(query, described)
    amt = _amount(query.basis)
    sums = (f"count(*), coalesce(sum({amt}), 0), "
            f"coalesce(sum(CASE WHEN loc.status = 'local' THEN {amt} END), 0), "
            f"coalesce(sum(CASE WHEN loc.status = 'not_local' THEN {amt} END), 0), "
            f"coalesce(sum(CASE WHEN loc.status = 'unknown' THEN {amt} END), 0), "
            f"coalesce(sum(CASE WHEN s.size_band IN {tuple(SME_BANDS)} THEN {amt} END), 0), "
            f"coalesce(sum(CASE WHEN s.vcse_type != 'none' OR s.social_enterprise "
            f"THEN {amt} END), 0)")
    with store.read() as s:
        conn = s.connection()
        localities = _fill_locality(conn, area, query)
        params: dict = {}
        where = _where(query, params)
        row = conn.execute(text(f"SELECT {sums}, count(DISTINCT sl.supplier_id) {_FROM} "
                                f"WHERE {where}"), params).one()
        (out.lines, out.total_pence, out.local_pence, out.not_local_pence, out.unknown_pence,
         out.sme_pence, out.vcse_pence, out.suppliers) = row
        for m, n, total, local, _nl, unknown, sme, vcse in conn.execute(text(
                f"SELECT substr(sl.spend_date, 1, 7) AS m, {sums} {_FROM} WHERE {where} "
                "GROUP BY m ORDER BY m"), params):
            out.by_month.append(MonthSpend(m, total, local, sme, vcse, unknown))
        for sid, name, postcode, band, vcse, n, total in conn.execute(text(
                "SELECT s.id, s.name, s.postcode, s.size_band, "
                "(s.vcse_type != 'none' OR s.social_enterprise), count(*), "
                f"coalesce(sum({amt}), 0) {_FROM} WHERE {where} GROUP BY s.id "
                "ORDER BY 7 DESC, s.name"), params):
            status, reason = localities.get(sid, ("unknown", ""))
            out.by_supplier.append(SupplierSpend(sid, name, postcode, status, reason, band,
                                                 bool(vcse), n, total))
        out.unknown_suppliers = sum(1 for x in out.by_supplier if x.locality == "unknown")
        n, within, avg = conn.execute(text(
            "SELECT count(*), coalesce(sum(julianday(sl.paid_date) - julianday(sl.invoice_date) "
            "<= 30), 0), avg(julianday(sl.paid_date) - julianday(sl.invoice_date)) "
            f"{_FROM} WHERE {where} AND sl.paid_date IS NOT NULL "
            "AND sl.invoice_date IS NOT NULL"), params).one()
        out.prompt = PromptPayment(n, within, round(avg, 1) if avg is not None else None)
        conn.exec_driver_sql("DROP TABLE IF EXISTS spend_locality")
    return out


@dataclass
class SpendLineRow:
    id: int
    spend_date: date
    supplier_id: int
    supplier: str
    postcode: str
    description: str
    reference: str
    net_pence: int | None
    gross_pence: int | None
    invoice_date: date | None
    paid_date: date | None
    contract: str
    batch_id: int


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_NEEDS_LOCALITY = ("local", "not_local", "unknown_postcode")


def count_lines(store: Store, query: SpendQuery) -> tuple[int, int]:
    """(number of lines, their total) behind a figure."""
    with store.read() as s:
        conn = s.connection()
        params: dict = {}
        join = ""
        if query.category in _NEEDS_LOCALITY:
            _fill_locality(conn, _local_area(store, query.contract_id)[0], query)
            join = "JOIN spend_locality loc ON loc.supplier_id = sl.supplier_id"
        n, total = conn.execute(text(
            f"SELECT count(*), coalesce(sum({_amount(query.basis)}), 0) FROM spend_line sl "
            f"JOIN supplier s ON s.id = sl.supplier_id {join} WHERE {_where(query, params)}"),
            params).one()
        return n, total


def spend_lines(store: Store, query: SpendQuery, offset: int = 0, limit: int = 200,
                newest_first: bool = True) -> list[SpendLineRow]:
    """One page of the lines behind a figure, by date; pages are read on demand."""
    order = "DESC" if newest_first else "ASC"
    with store.read() as s:
        conn = s.connection()
        params: dict = {"limit": limit, "offset": offset}
        join = ""
        if query.category in _NEEDS_LOCALITY:
            _fill_locality(conn, _local_area(store, query.contract_id)[0], query)
            join = "JOIN spend_locality loc ON loc.supplier_id = sl.supplier_id"
        rows = conn.execute(text(
            "SELECT sl.id, sl.spend_date, s.id, s.name, s.postcode, sl.description, "
            "sl.reference, sl.net_pence, sl.gross_pence, sl.invoice_date, sl.paid_date, "
            "coalesce(c.reference, ''), sl.batch_id FROM spend_line sl "
            f"JOIN supplier s ON s.id = sl.supplier_id {join} "
            "LEFT JOIN contract c ON c.id = sl.contract_id "
            f"WHERE {_where(query, params)} ORDER BY sl.spend_date {order}, sl.id {order} "
            "LIMIT :limit OFFSET :offset"), params).all()
        return [SpendLineRow(r[0], _d(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8],
                             _d(r[9]), _d(r[10]), r[11], r[12]) for r in rows]


def assign_contract(store: Store, line_ids: list[int], contract_id: int | None) -> int:
    """Record (or clear) the contract that spend lines were bought for."""
    with store.write() as s:
        conn = s.connection()
        done = 0
        for i in range(0, len(line_ids), 500):
            chunk = line_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            done += conn.exec_driver_sql(
                f"UPDATE spend_line SET contract_id = ? WHERE id IN ({marks})",
                (contract_id, *chunk)).rowcount
        return done


__all__ = ["CATEGORIES", "CATEGORY_LABELS", "Locality", "SpendQuery", "SpendAnalysis",
           "analyse_spend", "count_lines", "spend_lines", "assign_contract"]


def spend_date_range(store: Store, contract_id: int | None = None) -> tuple[date | None,
                                                                              date | None]:
    """First and last spend dates (for offering reporting periods)."""
    with store.read() as s:
        where, params = ("WHERE contract_id = :c", {"c": contract_id}) if contract_id else ("", {})
        lo, hi = s.connection().execute(text(
            f"SELECT min(spend_date), max(spend_date) FROM spend_line {where}"), params).one()
        return _d(lo), _d(hi)
