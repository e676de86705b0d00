"""On PostgreSQL, columns that take what SQLite takes: nothing changes on SQLite.

- Money in whole pence as 64-bit integers, as SQLite's integers always are. PostgreSQL's
  INTEGER holds up to 2,147,483,647: £21.4 million in pence. A contract's value, a year's
  salary bill or one large invoice passes that, and an import or save that SQLite takes would
  fail on the server. Every *_pence column still INTEGER becomes BIGINT.
- Text without a length limit. SQLite never enforces VARCHAR(n) (the models' String(60) is a
  hint), so records hold longer values: an audit row naming a supplier alias by its long name
  key, a hand-typed reference. The same record must save on the server, so every
  VARCHAR(n) becomes VARCHAR. Going back down leaves them unlimited (a shorter limit could
  no longer hold what was saved).
- spend_month's trigger function skips the rows of a whole-batch write when the transaction
  says so (svdesk.skip_spend_month = 'INSERT' or 'DELETE', set with SET LOCAL by
  svdesk.services.spend_month), which then adds the batch's totals in one statement. Switching
  the trigger off (ALTER TABLE … DISABLE TRIGGER) would need the table's owner, and the
  people who import on a shared server are not.

Revision ID: 0104_pg_sql
Revises: 0104_pg_multi
"""

from alembic import op
from sqlalchemy import text

revision = "0104_pg_sql"
down_revision = "0104_pg_multi"
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
        _alter(table, ", ".join(f'ALTER COLUMN "{c}" TYPE {to}' for c in columns))


def _alter(table: str, changes: str) -> None:
    """ALTER TABLE, with the table's triggers made again after: PostgreSQL alters no column's
    type that a trigger names (UPDATE OF …, WHEN …)."""
    bind = op.get_bind()
    triggers = bind.execute(
        text(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgrelid = CAST(:t AS regclass) AND NOT tgisinternal ORDER BY tgname"
        ),
        {"t": f'"{table}"'},
    ).all()
    for name, _definition in triggers:
        op.execute(f'DROP TRIGGER "{name}" ON "{table}"')
    op.execute(f'ALTER TABLE "{table}" {changes}')
    for _name, definition in triggers:
        op.execute(definition)


_LIMITED = (
    "SELECT table_name, column_name FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND data_type = 'character varying' "
    "AND character_maximum_length IS NOT NULL ORDER BY table_name, column_name"
)


SKIP = "IF TG_OP = current_setting('svdesk.skip_spend_month', true) THEN RETURN NULL; END IF; "


def _keep_function(change) -> None:
    """spend_month_keep() (migration 0070) made again with its body changed by change."""
    body = (
        op.get_bind().execute(text("SELECT prosrc FROM pg_proc WHERE proname = 'spend_month_keep'")).scalar()
    )
    if body is None:
        return
    op.execute(
        f"CREATE OR REPLACE FUNCTION spend_month_keep() RETURNS trigger LANGUAGE plpgsql AS $${change(body)}$$"
    )


def upgrade() -> None:
    _change("integer", "BIGINT")
    if op.get_bind().dialect.name == "postgresql":
        _keep_function(lambda body: body if SKIP in body else body.replace("BEGIN ", "BEGIN " + SKIP, 1))
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    found: dict[str, list[str]] = {}
    for table, column in bind.execute(text(_LIMITED)):
        if table != "alembic_version":
            found.setdefault(table, []).append(column)
    for table, columns in found.items():
        _alter(table, ", ".join(f'ALTER COLUMN "{c}" TYPE VARCHAR' for c in columns))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _keep_function(lambda body: body.replace(SKIP, ""))
    _change("bigint", "INTEGER", keep=("spend_month",))  # BIGINT since 0070
