"""Alembic environment: svdesk runs migrations programmatically on an engine it made itself.

The whole upgrade runs in one transaction (engine.begin): on PostgreSQL, whose DDL is
transactional, a failed upgrade leaves the database exactly as it was; an advisory lock held
for that transaction keeps two PCs opening an older shared database from both upgrading it.
"""

from alembic import context
from sqlalchemy import text

from svdesk.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if not sqlite:
        from svdesk.db.postgres import MIGRATION_LOCK_KEY

        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,  # SQLite cannot ALTER most things; batch mode copies the table.
        compare_type=True,
    )
    context.run_migrations()
