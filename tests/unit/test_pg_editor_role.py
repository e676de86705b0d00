"""On a shared PostgreSQL server the people who import are not the tables' owner: a role with
only SELECT, INSERT, UPDATE and DELETE imports a spend file and undoes it, and spend_month stays
exact (the bulk import skips the trigger's rows with a transaction setting, not ALTER TABLE)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import text

from svdesk.services.spend_batches import undo_batch
from svdesk.services.spend_import import import_spend
from svdesk.services.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


@pytest.fixture
def editor_store(pg_store, pg_server):
    """pg_store's database opened as a role that may change rows but owns nothing."""
    role = f"{pg_server._prefix}editor"
    with pg_store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
        conn.exec_driver_sql(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'
        )
        conn.exec_driver_sql(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    parts = urlsplit(pg_store.where)
    url = urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname or ''}"))
    store = Store.open(url)
    yield store
    store.close()
    with pg_store.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER')
        conn.exec_driver_sql(f'DROP OWNED BY "{role}"')  # its grants, here
        conn.exec_driver_sql(f'DROP ROLE "{role}"')


def _exact(store) -> None:
    fresh = (
        "SELECT supplier_id, coalesce(contract_id, 0), to_char(spend_date, 'YYYY-MM'), count(*), "
        "sum(coalesce(net_pence, gross_pence, 0)) FROM spend_line GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    cached = "SELECT supplier_id, contract_id, month, lines, net_pence FROM spend_month ORDER BY 1, 2, 3"
    with store.read() as s:
        assert [tuple(r) for r in s.execute(text(cached))] == [tuple(r) for r in s.execute(text(fresh))]


def test_a_role_that_owns_no_table_imports_and_undoes_spend(editor_store):
    with editor_store.read() as s:
        assert (
            s.execute(text("SELECT current_user")).scalar()
            != s.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'spend_line'")).scalar()
        )
    first = import_spend(editor_store, FIXTURES / "xero_bills.csv")
    assert first.to_import > 0
    _exact(editor_store)
    again = import_spend(editor_store, FIXTURES / "xero_bills.csv")
    assert again.to_import == 0 and again.duplicates == first.to_import
    assert first.batch_id is not None
    undo_batch(editor_store, first.batch_id)
    with editor_store.read() as s:
        assert s.execute(text("SELECT count(*) FROM spend_line")).scalar() == 0
        assert s.execute(text("SELECT count(*) FROM spend_month")).scalar() == 0
