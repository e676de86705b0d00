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
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgres()
        return
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


# PostgreSQL: the same table and the same arithmetic, kept by one plpgsql function that the three
# row triggers share (an UPDATE takes the old row out, then puts the new one in, as on SQLite).
# A whole-batch import or undo adjusts spend_month itself with one grouped statement
# (svdesk.services.spend_month); instead of dropping the trigger (SQLite's way, which on
# PostgreSQL would lock spend_line against every other reader until commit) its transaction sets
# `SET LOCAL svdesk.spend_month_by_batch = 'on'` and the function leaves the rows alone.
PG_BY_BATCH = "svdesk.spend_month_by_batch"
PG_DAYS = "({r}.paid_date - {r}.invoice_date)"  # date - date: whole days, as julianday's difference


def _pg_values(r: str, sign: str) -> str:
    both, days = BOTH.format(r=r), PG_DAYS.format(r=r)
    return (
        f"{r}.supplier_id, coalesce({r}.contract_id, 0), to_char({r}.spend_date, 'YYYY-MM'), "
        f"{sign}1, {sign}coalesce({r}.net_pence, {r}.gross_pence, 0), "
        f"{sign}coalesce({r}.gross_pence, {r}.net_pence, 0), "
        f"{sign}(CASE WHEN {both} THEN 1 ELSE 0 END), "
        f"{sign}(CASE WHEN {both} AND {days} <= 30 THEN 1 ELSE 0 END), "
        f"{sign}(CASE WHEN {both} THEN {days} ELSE 0 END)"
    )


PG_UPSERT = (
    "INSERT INTO spend_month AS m (supplier_id, contract_id, month, lines, net_pence, "
    "gross_pence, n_dates, n_within, day_sum) VALUES ({values}) "
    "ON CONFLICT (supplier_id, contract_id, month) DO UPDATE SET "
    "lines = m.lines + excluded.lines, net_pence = m.net_pence + excluded.net_pence, "
    "gross_pence = m.gross_pence + excluded.gross_pence, "
    "n_dates = m.n_dates + excluded.n_dates, n_within = m.n_within + excluded.n_within, "
    "day_sum = m.day_sum + excluded.day_sum;"
)
PG_TIDY = (
    "DELETE FROM spend_month WHERE supplier_id = OLD.supplier_id "
    "AND contract_id = coalesce(OLD.contract_id, 0) "
    "AND month = to_char(OLD.spend_date, 'YYYY-MM') AND lines = 0;"
)


def _upgrade_postgres() -> None:
    op.execute(
        "CREATE TABLE spend_month (supplier_id INTEGER NOT NULL, contract_id INTEGER NOT NULL, "
        "month TEXT NOT NULL, lines INTEGER NOT NULL, net_pence BIGINT NOT NULL, "
        "gross_pence BIGINT NOT NULL, n_dates INTEGER NOT NULL, n_within INTEGER NOT NULL, "
        "day_sum DOUBLE PRECISION NOT NULL, PRIMARY KEY (contract_id, month, supplier_id))"
    )
    op.execute("CREATE UNIQUE INDEX ix_spend_month_key ON spend_month (supplier_id, contract_id, month)")
    both, days = BOTH.format(r="sl"), PG_DAYS.format(r="sl")
    op.execute(
        "INSERT INTO spend_month SELECT sl.supplier_id, coalesce(sl.contract_id, 0), "
        "to_char(sl.spend_date, 'YYYY-MM'), count(*), "
        "sum(coalesce(sl.net_pence, sl.gross_pence, 0)), "
        "sum(coalesce(sl.gross_pence, sl.net_pence, 0)), "
        f"sum(CASE WHEN {both} THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN {both} AND {days} <= 30 THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN {both} THEN {days} ELSE 0 END) "
        "FROM spend_line sl GROUP BY 1, 2, 3"
    )
    op.execute(
        "CREATE FUNCTION spend_month_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF coalesce(current_setting('{PG_BY_BATCH}', true), '') = 'on' THEN RETURN NULL; END IF; "
        "IF TG_OP IN ('DELETE', 'UPDATE') THEN "
        + PG_UPSERT.format(values=_pg_values("OLD", "-"))
        + PG_TIDY
        + " END IF; IF TG_OP IN ('INSERT', 'UPDATE') THEN "
        + PG_UPSERT.format(values=_pg_values("NEW", ""))
        + " END IF; RETURN NULL; END $$"
    )
    for name in ("insert", "delete", "update"):
        op.execute(
            f"CREATE TRIGGER spend_month_{name} AFTER {name.upper()} ON spend_line "
            "FOR EACH ROW EXECUTE FUNCTION spend_month_keep()"
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS spend_month_{name}" + (" ON spend_line" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS spend_month_keep()")
    op.execute("DROP TABLE IF EXISTS spend_month")
