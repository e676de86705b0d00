"""Spend per supplier for a contract (or the organisation) and period, summed in SQL: what the
measure engine asks for every figure and commitment quarter (svdesk.services.spend_measures).

spend_analysis.analyse_spend gives the same suppliers' totals with their months and
prompt-payment tallies; this gives only the totals, from spend_month for whole months and the
lines themselves for part months at either end.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import text

from svdesk.db.engine import driver_rows
from svdesk.services.spend_analysis import (
    SpendQuery,
    SupplierSpend,
    _local_area,
    _supplier_localities,
    _whole_months,
    amount_sql,
    where_sql,
)
from svdesk.services.store import Store

# Organisation-wide spend per supplier in whole months :lo to :hi. ix_spend_month_supplier_totals
# (0095) holds every column asked for, in supplier and month order: one seek per supplier to
# its months in the period (one year of ten reads a tenth: FY so far 25 -> 7 ms on the
# ten-year database; scanning the whole index and skipping other months read it all), grouped
# in that order, no sort and no table reads. Only suppliers that exist are listed anyway.
ORGANISATION_SUPPLIER_TOTALS = (
    "SELECT s.id, sum(m.lines), sum(m.net_pence) FROM supplier s "
    "JOIN spend_month m ON m.supplier_id = s.id AND m.month >= :lo AND m.month <= :hi "
    "GROUP BY s.id"
)


class SupplierLocalities:
    """Suppliers' (locality, reason) for one contract's local area (the organisation's own
    without a contract), each tested when first needed and then kept: one computation asks
    supplier_spend about many periods."""

    def __init__(self, store: Store, contract_id: int | None):
        self.area = _local_area(store, contract_id)[0]
        self.known: dict[int, tuple[str, str]] = {}
        self._suppliers: list[tuple] | None = None

    def of(self, conn, supplier_ids: set[int]) -> dict[int, tuple[str, str]]:
        missing = supplier_ids - self.known.keys()
        if missing:
            self.known.update(_supplier_localities(conn, self.area, missing))
        return self.known

    def suppliers(self, conn) -> list[tuple]:
        """Every supplier's (id, name, postcode, size band, VCSE?), read once: kept with the
        localities for the same computation."""
        if self._suppliers is None:
            self._suppliers = driver_rows(
                conn,
                "SELECT id, name, postcode, size_band, "
                "(vcse_type != 'none' OR social_enterprise) "
                "FROM supplier",
                (),
            )
        return self._suppliers


def supplier_spend(
    store: Store,
    contract_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    localities: SupplierLocalities | None = None,
) -> list[SupplierSpend]:
    """Net spend per supplier for a contract (or the organisation) and period, largest first:
    what analyse_spend gives as by_supplier, without its months and prompt-payment tallies.

    The measure engine asks this for every figure and commitment quarter: grouped by supplier
    alone, ten years of a 3,000-supplier firm is 3,000 rows, where by supplier and month it is
    150,000. Whole months come from spend_month, part months at either end from the lines.
    localities: the contract's SupplierLocalities, kept by a caller asking many periods."""
    query = SpendQuery(contract_id=contract_id, start=start, end=end)
    localities = localities or SupplierLocalities(store, contract_id)
    amt = amount_sql(query.basis)
    with store.read() as s:
        conn = s.connection()
        dialect = conn.dialect.name
        # "+": as analyse_spend (SQLite's plan); PostgreSQL wants the grouped column as selected
        plus = "" if dialect == "postgresql" else "+"

        def from_lines(q: SpendQuery) -> list:
            params: dict = {}
            return list(
                conn.execute(
                    text(
                        f"SELECT sl.supplier_id, count(*), coalesce(sum({amt}), 0) FROM spend_line sl "
                        f"WHERE {where_sql(q, params, dialect)} GROUP BY {plus}sl.supplier_id"
                    ),
                    params,
                )
            )

        lo, hi, first, stop = _whole_months(start, end)
        if lo is None:
            groups = from_lines(query)
        else:
            params: dict = {"lo": lo, "hi": hi}
            if contract_id is not None:
                params["cid"] = contract_id
                # "+": read the contract's rows in the table's own (contract, month) order;
                # the supplier indexes would walk every contract's rows
                sql = (
                    "SELECT supplier_id, sum(lines), sum(net_pence) FROM spend_month "
                    "WHERE month >= :lo AND month <= :hi AND contract_id = :cid "
                    f"GROUP BY {plus}supplier_id"
                )
            else:
                sql = ORGANISATION_SUPPLIER_TOTALS
            groups = driver_rows(conn, sql, params)
            if first is not None and start is not None and start < first:
                groups += from_lines(replace(query, end=first - timedelta(days=1)))
            if stop is not None and end is not None and end >= stop:
                groups += from_lines(replace(query, start=stop))
        totals: dict[int, list[int]] = {}
        for sid, n, pence in groups:
            row = totals.setdefault(sid, [0, 0])
            row[0] += n
            row[1] += pence
        answers = localities.of(conn, set(totals))
        out = []
        for sid, name, postcode, band, vcse in localities.suppliers(conn):
            if sid in totals:
                status, reason = answers.get(sid, ("unknown", "No postcode recorded"))
                out.append(SupplierSpend(sid, name, postcode, status, reason, band, bool(vcse), *totals[sid]))
    return sorted(out, key=lambda r: (-r.total_pence, r.name))
