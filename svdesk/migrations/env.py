"""Alembic environment: svdesk runs migrations programmatically on an engine it made itself."""

from alembic import context

from svdesk.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table.
        compare_type=True,
    )
    context.run_migrations()
