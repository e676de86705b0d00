"""Where the money went: local, SME and VCSE shares of spend, by month and supplier.

Aggregation happens in SQL. Whether a supplier is local depends on the contract (each buyer
defines its own local area), so locality is worked out once per supplier for the question being
asked, put in a temporary table and joined: a million lines from 2,000 suppliers cost 2,000
postcode tests, not a million. A supplier without a usable postcode is "unknown": shown, never
counted as local.

Every query is a single pass over spend_line (or one of its indexes): supplier facts enter as
IN (sub-query) conditions rather than joins, so a million lines analyse in about a second.

Organisation-wide figures (no contract) treat the local authority of the organisation's own
postcode as local.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import text

from svdesk.db.dialect_sql import days_sql, month_sql
from svdesk.db.engine import driver_rows
from svdesk.geo.local_area import LocalArea, Locality
from svdesk.geo.postcodes import lookup, try_normalise
from svdesk.services.contracts import get_contract
from svdesk.services.organisation import get_organisation
from svdesk.services.spend_fold import fold
from svdesk.services.store import Store
from svdesk.services.suppliers import SME_BANDS

CATEGORIES = ("all", "local", "not_local", "unknown_postcode", "sme", "vcse")
CATEGORY_LABELS = {
    "all": "All spend",
    "local": "Local suppliers",
    "not_local": "Suppliers outside the local area",
    "unknown_postcode": "Suppliers with no known postcode",
    "sme": "Small and medium-sized suppliers (SMEs)",
    "vcse": "Voluntary, community and social enterprises (VCSEs)",
}


@dataclass(frozen=True)
class SpendQuery:
    contract_id: int | None = None
    start: date | None = None
    end: date | None = None  # inclusive
    basis: str = "net"  # "net" or "gross"
    category: str = "all"
    supplier_id: int | None = None
    month: str | None = None  # "2025-04"
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
    locality: str  # local / not_local / unknown
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


def where_sql(q: SpendQuery, params: dict, dialect: str) -> str:
    """Conditions on spend_line alone (supplier facts through IN sub-queries), so that every
    query is one pass over spend_line or one of its indexes, with no join per line.
    dialect: the store's (conn.dialect.name); a search ignores case on both."""
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
        like = "ILIKE" if dialect == "postgresql" else "LIKE"  # SQLite's LIKE ignores case
        clauses.append(
            f"(+sl.supplier_id IN (SELECT id FROM supplier WHERE name {like} :search) "
            f"OR sl.description {like} :search OR sl.reference {like} :search)"
        )
        params["search"] = f"%{q.search.strip()}%"
    # "+sl.supplier_id": test each line against the (small) supplier set in one scan; looking
    # each supplier up in the index reads the matching lines in random order, 10x slower.
    locality = {"local": "local", "not_local": "not_local", "unknown_postcode": "unknown"}
    if q.category in locality:
        clauses.append(
            "+sl.supplier_id IN (SELECT supplier_id FROM spend_locality "
            f"WHERE status = '{locality[q.category]}')"
        )
    elif q.category == "sme":
        clauses.append(f"+sl.supplier_id IN (SELECT id FROM supplier WHERE size_band IN {tuple(SME_BANDS)})")
    elif q.category == "vcse":
        clauses.append(
            "+sl.supplier_id IN (SELECT id FROM supplier WHERE vcse_type != 'none' OR social_enterprise)"
        )
    return " AND ".join(clauses)


def _whole_months(
    start: date | None, end: date | None
) -> tuple[str | None, str | None, date | None, date | None]:
    """The whole calendar months inside [start, end] as ("YYYY-MM" first, last), and the day
    after / before them where the partial edge months begin and end (None = open)."""
    first = (
        None
        if start is None
        else (start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1))
    )
    after = None if end is None else end + timedelta(days=1)
    stop = None if after is None else (after if after.day == 1 else after.replace(day=1))
    if first is not None and stop is not None and first >= stop:
        return None, None, None, None  # no whole month inside: all from the lines
    lo = None if first is None else first.strftime("%Y-%m")
    hi = None if stop is None else (stop - timedelta(days=1)).strftime("%Y-%m")
    return lo or "", hi or "9999-12", first, stop


# Every contract_id in spend_month, one primary-key seek each (a "skip scan": the next id after
# the last one), however many rows each has.
CONTRACTS_IN_SPEND_MONTH = (
    "WITH RECURSIVE contract_ids(id) AS (SELECT min(contract_id) FROM spend_month UNION ALL "
    "SELECT (SELECT min(contract_id) FROM spend_month WHERE contract_id > contract_ids.id) "
    "FROM contract_ids WHERE contract_ids.id IS NOT NULL)"
)


def _monthly_groups(conn, query: SpendQuery, from_lines) -> list:
    """(supplier, month, lines, amount, dated, within 30 days, day sum) groups for the query.

    Whole months come from spend_month (kept by triggers on spend_line, see migration 0070),
    the days of a part month at either end from the lines themselves; a query that filters by
    supplier, batch, text or category reads the lines as before."""
    simple = (
        query.category == "all"
        and query.supplier_id is None
        and query.month is None
        and query.batch_id is None
        and not query.search.strip()
    )
    if not simple:
        return from_lines(query)
    lo, hi, first, stop = _whole_months(query.start, query.end)
    if lo is None:
        return from_lines(query)
    col = "gross_pence" if query.basis == "gross" else "net_pence"
    params: dict = {"lo": lo, "hi": hi}
    sums = f"sum(sm.lines), sum(sm.{col}), sum(sm.n_dates), sum(sm.n_within), sum(sm.day_sum)"
    if query.contract_id is not None:
        params["cid"] = query.contract_id
        sql = (
            f"SELECT sm.supplier_id, sm.month, {sums} FROM spend_month sm "
            "WHERE sm.contract_id = :cid AND sm.month >= :lo AND sm.month <= :hi "
            "GROUP BY sm.supplier_id, sm.month"
        )
    else:
        # The primary key is (contract_id, month, supplier_id): with no contract, SQLite walked
        # every row of every year through the supplier index and a table read each (0.5 s at a
        # million lines, for a year with no spend as for any). Taking the contracts one at a
        # time (each found by one seek, "no contract" being 0) reads only the period's rows.
        # (CROSS JOIN: SQLite's way to keep that order; PostgreSQL plans its own way.)
        join = "JOIN" if conn.dialect.name == "postgresql" else "CROSS JOIN"
        sql = (
            f"{CONTRACTS_IN_SPEND_MONTH} SELECT sm.supplier_id, sm.month, {sums} "
            f"FROM contract_ids c {join} spend_month sm ON sm.contract_id = c.id "
            "AND sm.month >= :lo AND sm.month <= :hi GROUP BY sm.supplier_id, sm.month"
        )
    groups = driver_rows(conn, sql, params)
    if first is not None and query.start is not None and query.start < first:
        groups += from_lines(replace(query, end=first - timedelta(days=1)))
    if stop is not None and query.end is not None and query.end >= stop:
        groups += from_lines(replace(query, start=stop))
    return groups


def amount_sql(basis: str) -> str:
    return (
        "coalesce(sl.gross_pence, sl.net_pence)"
        if basis == "gross"
        else "coalesce(sl.net_pence, sl.gross_pence)"
    )


def _localities(
    conn, area: LocalArea | None, supplier_ids: set[int] | None = None
) -> dict[int, tuple[str, str]]:
    """Locality of each supplier (or of those in supplier_ids), tested once per postcode.

    The results also go into temp.spend_locality so that SQL can filter on them."""
    result = _supplier_localities(conn, area, supplier_ids)
    conn.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS spend_locality "
        "(supplier_id INTEGER PRIMARY KEY, status TEXT NOT NULL)"
    )
    conn.exec_driver_sql("DELETE FROM spend_locality")
    if result:
        conn.execute(
            text("INSERT INTO spend_locality VALUES (:sid, :status)"),
            [{"sid": sid, "status": status} for sid, (status, _r) in result.items()],
        )
    return result


def _supplier_localities(
    conn, area: LocalArea | None, supplier_ids: set[int] | None = None
) -> dict[int, tuple[str, str]]:
    rows = conn.execute(text("SELECT id, postcode FROM supplier")).all()
    by_postcode: dict[str, tuple[str, str]] = {}
    result: dict[int, tuple[str, str]] = {}
    for sid, postcode in rows:
        if supplier_ids is not None and sid not in supplier_ids:
            continue
        if not postcode:
            result[sid] = ("unknown", "No postcode recorded")
            continue
        if postcode not in by_postcode:
            if area is None:
                by_postcode[postcode] = ("unknown", "No local area to test against")
            else:
                by_postcode[postcode] = _tested(area, postcode)
        result[sid] = by_postcode[postcode]
    return result


# (area, postcode) -> (status, reason). LocalArea.test reads only the area, the postcode and the
# postcode directory, which stays the same while the program runs: each recount of the
# Dashboard asked it again for every supplier's postcode (~1,500 lookups, 15-30 ms).
_TESTED: dict[tuple[LocalArea, str], tuple[str, str]] = {}
_TESTED_MAX = 100_000


def _tested(area: LocalArea, postcode: str) -> tuple[str, str]:
    key = (area, postcode)
    found = _TESTED.get(key)
    if found is None:
        tested = area.test(postcode)
        found = (tested.status.value, tested.reason)
        if len(_TESTED) >= _TESTED_MAX:
            _TESTED.clear()
        _TESTED[key] = found
    return found


def analyse_spend(store: Store, query: SpendQuery = SpendQuery()) -> SpendAnalysis:
    """All the figures for one contract (or the organisation) and period.

    One SQL pass over the spend lines groups them by supplier and month (counts, sums and
    prompt-payment tallies); the few thousand groups that come back are then attributed to
    local / SME / VCSE by their supplier, whose locality is tested once.
    """
    area, described = _local_area(store, query.contract_id)
    out = SpendAnalysis(query, described)
    amt = amount_sql(query.basis)
    both = "sl.paid_date IS NOT NULL AND sl.invoice_date IS NOT NULL"
    with store.read() as s:
        conn = s.connection()
        located = None
        dialect = conn.dialect.name
        days = days_sql("sl.paid_date", "sl.invoice_date", dialect)
        # "+": not walking the supplier index (a random read per line); PostgreSQL plans
        # its own way and wants the grouped column as selected
        by_supplier = "sl.supplier_id" if dialect == "postgresql" else "+sl.supplier_id"
        if query.category in ("local", "not_local", "unknown_postcode"):
            located = _localities(conn, area)

        def from_lines(q: SpendQuery) -> list:
            params: dict = {}
            return driver_rows(
                conn,
                f"SELECT sl.supplier_id, {month_sql('sl.spend_date', dialect)} AS m, count(*), "
                f"coalesce(sum({amt}), 0), coalesce(sum(CASE WHEN {both} THEN 1 ELSE 0 END), 0), "
                f"coalesce(sum(CASE WHEN {both} AND {days} <= 30 THEN 1 END), 0), "
                f"coalesce(sum(CASE WHEN {both} THEN {days} END), 0) "
                f"FROM spend_line sl WHERE {where_sql(q, params, dialect)} "
                f"GROUP BY {by_supplier}, m",
                params,
            )

        # The suppliers' facts and localities first: what the result keeps of them is then
        # not in the memory between the groups (see svdesk.services.spend_fold).
        localities = _supplier_localities(conn, area) if located is None else located
        suppliers = [
            (sid, name, postcode, band, bool(vcse)) + localities.get(sid, ("unknown", "No postcode recorded"))
            for sid, name, postcode, band, vcse in conn.execute(
                text(
                    "SELECT id, name, postcode, size_band, "
                    "(vcse_type != 'none' OR social_enterprise) FROM supplier"
                )
            )
        ]
        folded = fold(_monthly_groups(conn, query, from_lines), suppliers, SME_BANDS)
        conn.exec_driver_sql("DROP TABLE IF EXISTS spend_locality")
    # The groups are gone: the result's objects are made in fresh memory.
    totals, lines = folded.totals, folded.lines
    out.by_supplier = sorted(
        (
            SupplierSpend(sid, name, postcode, status, reason, band, vcse, lines[i], totals[i])
            for i, (sid, name, postcode, band, vcse, status, reason) in enumerate(folded.suppliers)
            if folded.seen[i]
        ),
        key=lambda r: (-r.total_pence, r.name),
    )
    m_total, m_local, m_unknown, m_sme, m_vcse = folded.month_sums
    out.by_month = sorted(
        (
            # a copy of the month's text: the groups' own would keep their memory
            MonthSpend(month.encode().decode(), m_total[m], m_local[m], m_sme[m], m_vcse[m], m_unknown[m])
            for m, month in enumerate(folded.months)
        ),
        key=lambda r: r.month,
    )
    paid, within, day_sum = folded.paid, folded.within, folded.day_sum
    del folded
    for r in out.by_supplier:
        out.lines += r.lines
        out.total_pence += r.total_pence
        if r.locality == "local":
            out.local_pence += r.total_pence
        elif r.locality == "not_local":
            out.not_local_pence += r.total_pence
        else:
            out.unknown_pence += r.total_pence
        out.sme_pence += r.total_pence if r.size_band in SME_BANDS else 0
        out.vcse_pence += r.total_pence if r.is_vcse else 0
    out.suppliers = len(out.by_supplier)
    out.unknown_suppliers = sum(1 for r in out.by_supplier if r.locality == "unknown")
    out.prompt = PromptPayment(paid, within, round(day_sum / paid, 1) if paid else None)
    return out


def parse_day(value: str | date | None) -> date | None:
    """A date read with SQL: ISO text from SQLite, a date from PostgreSQL."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def prepare_query(store: Store, conn, query: SpendQuery) -> None:
    """Set up what where_sql() needs for a category that depends on locality."""
    if query.category in ("local", "not_local", "unknown_postcode"):
        _localities(conn, _local_area(store, query.contract_id)[0])


__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "Locality",
    "SpendQuery",
    "SpendAnalysis",
    "analyse_spend",
    "spend_date_range",
]


def spend_date_range(store: Store, contract_id: int | None = None) -> tuple[date | None, date | None]:
    """First and last spend dates (for offering reporting periods).

    Two statements: SQLite answers a lone min() or max() from one end of an index, but
    both in one statement scan it (80 ms at a million lines, on the GUI thread)."""
    where, params = ("WHERE contract_id = :c", {"c": contract_id}) if contract_id else ("", {})
    with store.read() as s:
        conn = s.connection()
        lo, hi = (
            conn.execute(text(f"SELECT {f}(spend_date) FROM spend_line {where}"), params).scalar()
            for f in ("min", "max")
        )
        return parse_day(lo), parse_day(hi)


def spend_line_estimate(store: Store) -> int:
    """Roughly how many spend lines there are, instantly (the highest id, not a count)."""
    with store.read() as s:
        return s.connection().exec_driver_sql("SELECT coalesce(max(id), 0) FROM spend_line").scalar_one()
