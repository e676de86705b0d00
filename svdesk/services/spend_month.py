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

These take a DB-API cursor on the connection of the open write transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_BOTH = "paid_date IS NOT NULL AND invoice_date IS NOT NULL"
_DAYS = "julianday(paid_date) - julianday(invoice_date)"

_APPLY = (
    "INSERT INTO spend_month (supplier_id, contract_id, month, lines, net_pence, gross_pence, "
    "n_dates, n_within, day_sum) "
    "SELECT supplier_id, coalesce(contract_id, 0), substr(spend_date, 1, 7), {s}count(*), "
    "{s}sum(coalesce(net_pence, gross_pence, 0)), {s}sum(coalesce(gross_pence, net_pence, 0)), "
    f"{{s}}sum(CASE WHEN {_BOTH} THEN 1 ELSE 0 END), "
    f"{{s}}sum(CASE WHEN {_BOTH} AND {_DAYS} <= 30 THEN 1 ELSE 0 END), "
    f"{{s}}sum(CASE WHEN {_BOTH} THEN {_DAYS} ELSE 0 END) "
    "FROM spend_line WHERE batch_id = ? GROUP BY 1, 2, 3 "
    "ON CONFLICT (supplier_id, contract_id, month) DO UPDATE SET "
    "lines = lines + excluded.lines, net_pence = net_pence + excluded.net_pence, "
    "gross_pence = gross_pence + excluded.gross_pence, n_dates = n_dates + excluded.n_dates, "
    "n_within = n_within + excluded.n_within, day_sum = day_sum + excluded.day_sum"
)


@contextmanager
def _without_trigger(cur, name: str) -> Iterator[None]:
    """Drop a trigger for the body and recreate it from its own stored SQL afterwards. On an
    error it is not recreated here: the transaction must roll back, which restores it."""
    (sql,) = cur.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
    ).fetchone()
    cur.execute(f"DROP TRIGGER {name}")
    yield
    cur.execute(sql)


@contextmanager
def bulk_insert(cur, batch_id: int) -> Iterator[None]:
    """Insert the batch's lines in the body; their totals are added to spend_month after."""
    with _without_trigger(cur, "spend_month_insert"):
        yield
        cur.execute(_APPLY.format(s=""), (batch_id,))


def bulk_delete(cur, batch_id: int) -> int:
    """Delete every line of the batch, taking its totals out of spend_month; returns how many
    lines went."""
    cur.execute(_APPLY.format(s="-"), (batch_id,))
    cur.execute("DELETE FROM spend_month WHERE lines = 0")
    with _without_trigger(cur, "spend_month_delete"):
        return cur.execute("DELETE FROM spend_line WHERE batch_id = ?", (batch_id,)).rowcount
