"""Spend pre-aggregated per supplier, contract and month, kept exact by triggers.

The dashboard reads a period's spend from these few thousand rows instead of walking hundreds
of thousands of spend lines. SQLite triggers on spend_line keep it right after every kind of
change (import, undo of an import, supplier merge, edits, deletes) whichever code path makes it.
contract_id 0 stands for "no contract" so the primary key has no NULLs.

Revision ID: 0070
Revises: 0050
"""

from alembic import op

revision = "0070"
down_revision = "0050"
branch_labels = None
depends_on = None

BOTH = "{r}.paid_date IS NOT NULL AND {r}.invoice_date IS NOT NULL"
DAYS = "julianday({r}.paid_date) - julianday({r}.invoice_date)"


def _values(r: str, sign: str) -> str:
    both, days = BOTH.format(r=r), DAYS.format(r=r)
    return (
        f"{r}.supplier_id, coalesce({r}.contract_id, 0), substr({r}.spend_date, 1, 7), "
        f"{sign}1, {sign}coalesce({r}.net_pence, {r}.gross_pence, 0), "
        f"{sign}coalesce({r}.gross_pence, {r}.net_pence, 0), "
        f"{sign}(CASE WHEN {both} THEN 1 ELSE 0 END), "
        f"{sign}(CASE WHEN {both} AND {days} <= 30 THEN 1 ELSE 0 END), "
        f"{sign}(CASE WHEN {both} THEN {days} ELSE 0 END)"
    )


UPSERT = (
    "INSERT INTO spend_month (supplier_id, contract_id, month, lines, net_pence, "
    "gross_pence, n_dates, n_within, day_sum) VALUES ({values}) "
    "ON CONFLICT (supplier_id, contract_id, month) DO UPDATE SET "
    "lines = lines + excluded.lines, net_pence = net_pence + excluded.net_pence, "
    "gross_pence = gross_pence + excluded.gross_pence, "
    "n_dates = n_dates + excluded.n_dates, n_within = n_within + excluded.n_within, "
    "day_sum = day_sum + excluded.day_sum;"
)
TIDY = "DELETE FROM spend_month WHERE lines = 0;"


def upgrade() -> None:
    op.execute(
        "CREATE TABLE spend_month (supplier_id INTEGER NOT NULL, contract_id INTEGER NOT NULL, "
        "month TEXT NOT NULL, lines INTEGER NOT NULL, net_pence INTEGER NOT NULL, "
        "gross_pence INTEGER NOT NULL, n_dates INTEGER NOT NULL, n_within INTEGER NOT NULL, "
        "day_sum REAL NOT NULL, PRIMARY KEY (contract_id, month, supplier_id)) WITHOUT ROWID"
    )
    op.execute("CREATE UNIQUE INDEX ix_spend_month_key ON spend_month (supplier_id, contract_id, month)")
    both, days = BOTH.format(r="sl"), DAYS.format(r="sl")
    op.execute(
        "INSERT INTO spend_month SELECT sl.supplier_id, coalesce(sl.contract_id, 0), "
        "substr(sl.spend_date, 1, 7), count(*), "
        "sum(coalesce(sl.net_pence, sl.gross_pence, 0)), "
        "sum(coalesce(sl.gross_pence, sl.net_pence, 0)), "
        f"sum(CASE WHEN {both} THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN {both} AND {days} <= 30 THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN {both} THEN {days} ELSE 0 END) "
        "FROM spend_line sl GROUP BY 1, 2, 3"
    )
    op.execute(
        "CREATE TRIGGER spend_month_insert AFTER INSERT ON spend_line BEGIN "
        + UPSERT.format(values=_values("NEW", ""))
        + " END"
    )
    op.execute(
        "CREATE TRIGGER spend_month_delete AFTER DELETE ON spend_line BEGIN "
        + UPSERT.format(values=_values("OLD", "-"))
        + TIDY
        + " END"
    )
    op.execute(
        "CREATE TRIGGER spend_month_update AFTER UPDATE ON spend_line BEGIN "
        + UPSERT.format(values=_values("OLD", "-"))
        + TIDY
        + UPSERT.format(values=_values("NEW", ""))
        + " END"
    )


def downgrade() -> None:
    for name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS spend_month_{name}")
    op.execute("DROP TABLE IF EXISTS spend_month")
