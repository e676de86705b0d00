"""A firm's own rules for bank lines that are not supplier spend (or are, against the shipped
rules): the bank_rule table.

Revision ID: 0096
Revises: 0095
"""

import sqlalchemy as sa
from alembic import op

revision = "0096"
down_revision = "0095"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_rule",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("words", sa.String(200), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("bank_rule")
