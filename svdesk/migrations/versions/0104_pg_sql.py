"""Money in whole pence as 64-bit integers on PostgreSQL, as SQLite's integers always are.

PostgreSQL's INTEGER holds up to 2,147,483,647: £21.4 million in pence. A contract's value, a
year's salary bill or one large invoice passes that, and an import or save that SQLite takes
would fail on the server. Every *_pence column still INTEGER becomes BIGINT; nothing changes
on SQLite.

Revision ID: 0104_pg_sql
Revises: 0103
"""

from alembic import op
from sqlalchemy import text

revision = "0104_pg_sql"
down_revision = "0103"
branch_labels = None
depends_on = None

_COLUMNS = (
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type = {kind} AND column_name LIKE '%\\_pence' "
    "ORDER BY table_name, column_name"
)


def _change(kind: str, to: str, keep: tuple[str, ...] = ()) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    found: dict[str, list[str]] = {}
    for table, column in bind.execute(text(_COLUMNS.format(kind=f"'{kind}'"))):
        if table not in keep:
            found.setdefault(table, []).append(column)
    for table, columns in found.items():
        changes = ", ".join(f"ALTER COLUMN {c} TYPE {to}" for c in columns)
        op.execute(f'ALTER TABLE "{table}" {changes}')


def upgrade() -> None:
    _change("integer", "BIGINT")


def downgrade() -> None:
    _change("bigint", "INTEGER", keep=("spend_month",))  # BIGINT since 0070
