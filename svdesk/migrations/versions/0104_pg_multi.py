"""A row version on the records people edit (issue #22.2): with several people on one PostgreSQL
database, a save over a record someone else has saved since is caught and shown, never lost.

Every existing row starts at version 1. ADD COLUMN with a constant default is a plain ALTER on
both stores, so no batch mode: it would copy each table on SQLite (and a copy of supplier trips
over the foreign keys that point at it).

Revision ID: 0104_pg_multi
Revises: 0104_pg_move
"""

import sqlalchemy as sa
from alembic import op

revision = "0104_pg_multi"
down_revision = "0104_pg_move"
branch_labels = None
depends_on = None

TABLES = (
    "contract",
    "person",
    "person_contract",
    "community_partner",
    "volunteering",
    "pro_bono",
    "donation",
    "emission_record",
    "waste_record",
    "environment_action",
    "apprenticeship",
    "training_course",
    "work_placement",
    "learning_intervention",
    "supplier",
    "evidence",
    "case_study",
    "commitment",
    "measure_entry",
    "bid_question",
    "organisation",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("row_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:  # SQLite 3.35 and later drop a column in place, as PostgreSQL does
        op.execute(f"ALTER TABLE {table} DROP COLUMN row_version")
