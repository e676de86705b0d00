"""spend_month (spend per supplier, contract and month, kept by triggers) stays equal to the
spend lines after every kind of change, and the dashboard's spend read through it gives the
same figures as reading the lines."""

from datetime import date

import pytest
from sqlalchemy import text

from svdesk.db.dialect_sql import month_sql
from svdesk.services import spend_analysis as sa
from svdesk.services.contracts import find_contract
from svdesk.services.spend_batches import list_batches, undo_batch
from svdesk.services.spend_lines import assign_contract
from svdesk.services.suppliers import list_suppliers, merge_suppliers

pytestmark = pytest.mark.both_stores

FRESH = (
    "SELECT supplier_id, coalesce(contract_id, 0), {month}, count(*), "
    "sum(coalesce(net_pence, gross_pence, 0)), sum(coalesce(gross_pence, net_pence, 0)) "
    "FROM spend_line GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
)
CACHED = (
    "SELECT supplier_id, contract_id, month, lines, net_pence, gross_pence FROM spend_month ORDER BY 1, 2, 3"
)


def _check(store):
    with store.read() as s:
        month = month_sql("spend_date", store.engine.dialect.name)
        fresh = [tuple(r) for r in s.execute(text(FRESH.format(month=month)))]
        cached = [tuple(r) for r in s.execute(text(CACHED))]
    assert fresh and cached == fresh


def _same_as_lines(store, query, monkeypatch):
    fast = sa.analyse_spend(store, query)
    with monkeypatch.context() as m:
        m.setattr(sa, "_monthly_groups", lambda conn, q, from_lines: from_lines(q))
        slow = sa.analyse_spend(store, query)
    assert (fast.total_pence, fast.local_pence, fast.sme_pence, fast.vcse_pence, fast.lines, fast.prompt) == (
        slow.total_pence,
        slow.local_pence,
        slow.sme_pence,
        slow.vcse_pence,
        slow.lines,
        slow.prompt,
    )
    # month by month and supplier by supplier too, in the same order
    assert (fast.by_month, fast.by_supplier) == (slow.by_month, slow.by_supplier)
    return fast


def test_the_cache_follows_imports_edits_merges_deletes_and_undo(demo_store, monkeypatch):
    _check(demo_store)  # filled on import
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    with demo_store.read() as s:
        ids = [r[0] for r in s.execute(text("SELECT id FROM spend_line ORDER BY id LIMIT 5"))]
    assign_contract(demo_store, ids, scc.id)  # edit: contract moved
    _check(demo_store)
    with demo_store.write() as s:  # edit: amount and date
        s.execute(
            text(
                "UPDATE spend_line SET net_pence = net_pence + 101, spend_date = '2025-06-30' WHERE id = :i"
            ),
            {"i": ids[0]},
        )
    _check(demo_store)
    suppliers = list_suppliers(demo_store)
    merge_suppliers(demo_store, suppliers[0].id, suppliers[1].id)  # merge
    _check(demo_store)
    for q in (
        sa.SpendQuery(scc.id, date(2025, 4, 15), date(2026, 2, 10)),
        sa.SpendQuery(None, None, None),
        sa.SpendQuery(scc.id, date(2025, 5, 1), date(2025, 5, 31), "gross"),
        sa.SpendQuery(None, date(2025, 5, 3), date(2025, 5, 20)),
        # organisation-wide, whole months: spend_month read contract by contract
        sa.SpendQuery(None, date(2025, 4, 1), date(2026, 3, 31)),
        sa.SpendQuery(None, date(2025, 4, 1), date(2026, 3, 31), "gross"),
    ):
        assert _same_as_lines(demo_store, q, monkeypatch).lines > 0
    with demo_store.write() as s:  # delete one line
        s.execute(text("DELETE FROM spend_line WHERE id = :i"), {"i": ids[1]})
    _check(demo_store)
    batch = next(b for b in list_batches(demo_store) if b.kind == "spend")
    undo_batch(demo_store, batch.id)  # undo an import
    with demo_store.read() as s:
        left = s.scalar(text("SELECT count(*) FROM spend_line"))
    if left:
        _check(demo_store)
    else:
        with demo_store.read() as s:
            assert s.scalar(text("SELECT count(*) FROM spend_month")) == 0


TRIGGERS = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'spend_month%' ORDER BY name"
)
# PostgreSQL: each trigger's definition and whether it is switched on ("O")
PG_TRIGGERS = (
    "SELECT tgname, pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger "
    "WHERE tgname LIKE 'spend_month%' ORDER BY tgname"
)


def _triggers(store):
    with store.read() as s:
        return [tuple(r) for r in s.execute(text(PG_TRIGGERS if store.is_postgres else TRIGGERS))]


def test_a_bulk_import_and_its_undo_keep_the_cache_exact_and_the_triggers_as_made(store):
    from pathlib import Path

    from svdesk.services.spend_import import import_spend

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "spend"
    made = _triggers(store)
    assert [name for name, _sql in made] == ["spend_month_delete", "spend_month_insert", "spend_month_update"]
    bank = import_spend(store, fixtures / "xero_bank_statement.csv")
    bills = import_spend(store, fixtures / "xero_bills.csv")
    _check(store)
    assert _triggers(store) == made  # dropped for the batch, put back exactly
    with store.read() as s:  # and still at work for a single line
        line = s.scalar(text("SELECT id FROM spend_line ORDER BY id LIMIT 1"))
    with store.write() as s:
        s.execute(text("UPDATE spend_line SET net_pence = net_pence + 999 WHERE id = :i"), {"i": line})
    _check(store)
    undo_batch(store, bills.batch_id)
    _check(store)
    assert _triggers(store) == made
    undo_batch(store, bank.batch_id)
    with store.read() as s:
        assert s.scalar(text("SELECT count(*) FROM spend_month")) == 0
    assert _triggers(store) == made


def test_an_import_that_fails_part_way_leaves_the_cache_and_triggers_as_they_were(store, monkeypatch):
    from pathlib import Path

    import svdesk.services.spend_import as mod

    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "spend"
    mod.import_spend(store, fixtures / "xero_bank_statement.csv")
    made = _triggers(store)
    real, calls = mod._fingerprint, {"n": 0}

    def failing(*args):
        calls["n"] += 1
        if calls["n"] > 5:
            raise RuntimeError("simulated failure")
        return real(*args)

    monkeypatch.setattr(mod, "_fingerprint", failing)
    monkeypatch.setattr(mod, "CHUNK", 1)  # some lines are written before the failure
    with pytest.raises(RuntimeError):
        mod.import_spend(store, fixtures / "xero_bills.csv")
    assert _triggers(store) == made
    _check(store)
