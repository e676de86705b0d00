"""The measure engine's spend (per supplier only) is exactly the spend analysis's by supplier:
same suppliers, lines, totals, locality and reasons, for contracts and the organisation, whole
months, part months at either end, and open periods."""

from datetime import date

import pytest

from svdesk.services import spend_analysis as sa
from svdesk.services import spend_supplier_totals as st
from svdesk.services.contracts import find_contract
from svdesk.services.measures import spend_summary

pytestmark = pytest.mark.both_stores


def _periods(scc_id):
    return [
        (scc_id, date(2025, 4, 1), date(2026, 3, 31)),  # whole months
        (scc_id, date(2025, 4, 15), date(2026, 2, 10)),  # part months at both ends
        (None, date(2025, 5, 3), date(2025, 5, 20)),  # inside one month
        (None, None, date(2025, 12, 14)),
        (scc_id, date(2025, 9, 9), None),
        (None, None, None),
    ]


@pytest.mark.parametrize("case", range(6))
def test_supplier_spend_is_the_analysis_by_supplier(demo_store, case):
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    contract_id, start, end = _periods(scc.id)[case]
    full = sa.analyse_spend(demo_store, sa.SpendQuery(contract_id, start, end))
    assert full.lines > 0
    assert st.supplier_spend(demo_store, contract_id, start, end) == full.by_supplier
    summary = spend_summary(demo_store, contract_id, start, end)
    assert (
        summary.total_pence,
        summary.local_pence,
        summary.sme_pence,
        summary.vcse_pence,
        summary.unknown_postcode_pence,
        summary.unknown_postcode_count,
        summary.lines,
    ) == (
        full.total_pence,
        full.local_pence,
        full.sme_pence,
        full.vcse_pence,
        full.unknown_pence,
        full.unknown_suppliers,
        full.lines,
    )


def test_organisation_wide_totals_seek_each_suppliers_months_in_the_covering_index(demo_store):
    """Spend per supplier organisation-wide is read from ix_spend_month_supplier_totals
    (migration 0095): for each supplier, a seek to the period's months (not a scan of every
    month of every supplier), in supplier order, without reading the table or sorting."""
    if demo_store.is_postgres:
        pytest.skip("SQLite's query plan: PostgreSQL plans its own way")
    with demo_store.read() as s:
        plan = " ".join(
            str(r[-1])
            for r in s.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + st.ORGANISATION_SUPPLIER_TOTALS, {"lo": "2025-04", "hi": "2025-10"}
            )
        )
    assert "COVERING INDEX ix_spend_month_supplier_totals (supplier_id=? AND month>? AND month<?)" in plan
    assert "TEMP B-TREE" not in plan
