"""Keeping spend_month exact when a whole import batch is written or removed at once.

spend_month (migration 0070) is kept by triggers on spend_line, which keep it right for every
write whatever the code path. For a batch of hundreds of thousands of lines they cost most of
the import: not the trigger's own work but its mere presence, which makes SQLite keep a
statement journal for every inserted row (a skip-this-batch WHEN clause was measured and does
not avoid it). So a whole-batch write drops the one trigger inside its own transaction, writes
the lines, adjusts spend_month for the whole batch with one grouped statement and puts the
trigger back, exactly as the migration made it, before the transaction commits. Readers never
see the gap (WAL readers see the last commit) and no other write can happen in it (the
transaction holds SQLite's write lock); if anything fails the rollback restores the trigger.

On PostgreSQL the trigger function skips the batch's rows instead (migration 0104_pg_sql).
These take the open write transaction's RawSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from svdesk.db.dialect_sql import days_sql, month_sql
from svdesk.db.raw import RawSQL

_BOTH = "paid_date IS NOT NULL AND invoice_date IS NOT NULL"


def _apply(sign: str, dialect: str) -> str:
    """Add (sign "") or take out (sign "-") a batch's lines' totals in spend_month."""
    days = days_sql("paid_date", "invoice_date", dialect)
    return (
        "INSERT INTO spend_month AS m (supplier_id, contract_id, month, lines, net_pence, gross_pence, "
        "n_dates, n_within, day_sum) "
        f"SELECT supplier_id, coalesce(contract_id, 0), {month_sql('spend_date', dialect)}, {sign}count(*), "
        f"{sign}sum(coalesce(net_pence, gross_pence, 0)), {sign}sum(coalesce(gross_pence, net_pence, 0)), "
        f"{sign}sum(CASE WHEN {_BOTH} THEN 1 ELSE 0 END), "
        f"{sign}sum(CASE WHEN {_BOTH} AND {days} <= 30 THEN 1 ELSE 0 END), "
        f"{sign}sum(CASE WHEN {_BOTH} THEN {days} ELSE 0 END) "
        "FROM spend_line WHERE batch_id = ? GROUP BY 1, 2, 3 "
        "ON CONFLICT (supplier_id, contract_id, month) DO UPDATE SET "
        "lines = m.lines + excluded.lines, net_pence = m.net_pence + excluded.net_pence, "
        "gross_pence = m.gross_pence + excluded.gross_pence, n_dates = m.n_dates + excluded.n_dates, "
        "n_within = m.n_within + excluded.n_within, day_sum = m.day_sum + excluded.day_sum"
    )


def _dialect(raw: RawSQL) -> str:
    return "postgresql" if raw.postgres else "sqlite"


@contextmanager
def _rows_skipped(raw: RawSQL, op: str) -> Iterator[None]:
    """The spend_month trigger of op ("INSERT" or "DELETE") kept out of the body's writes.

    SQLite: the trigger is dropped and made again. PostgreSQL: the trigger function skips op's
    rows while the transaction's svdesk.skip_spend_month says so (migration 0104_pg_sql): no
    ALTER TABLE, which only the table's owner may do. On an error the transaction rolls back,
    which restores either."""
    if raw.postgres:
        raw.setting("svdesk.skip_spend_month", op)
        yield
        raw.setting("svdesk.skip_spend_month", "")
        return
    with raw.without_trigger(f"spend_month_{op.lower()}"):
        yield


@contextmanager
def bulk_insert(raw: RawSQL, batch_id: int) -> Iterator[None]:
    """Insert the batch's lines in the body; their totals are added to spend_month after."""
    with _rows_skipped(raw, "INSERT"):
        yield
    raw.run(_apply("", _dialect(raw)), (batch_id,))


def bulk_delete(raw: RawSQL, batch_id: int) -> int:
    """Delete every line of the batch, taking its totals out of spend_month; returns how many
    lines went."""
    raw.run(_apply("-", _dialect(raw)), (batch_id,))
    raw.run("DELETE FROM spend_month WHERE lines = 0")
    with _rows_skipped(raw, "DELETE"):
        return raw.run("DELETE FROM spend_line WHERE batch_id = ?", (batch_id,))
