"""The Carbon Reduction Plan's own answers (targets, projects, sign-off, scope explanations).

Revision ID: 0097
Revises: 0096
"""

import sqlalchemy as sa
from alembic import op

revision = "0097"
down_revision = "0096"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "carbon_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("net_zero_year", sa.Integer(), nullable=False),
        sa.Column("baseline_start", sa.Date(), nullable=True),
        sa.Column("baseline_end", sa.Date(), nullable=True),
        sa.Column("current_start", sa.Date(), nullable=True),
        sa.Column("current_end", sa.Date(), nullable=True),
        sa.Column("baseline_notes", sa.Text(), nullable=False),
        sa.Column("scope_notes", sa.Text(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("target_tonnes", sa.Float(), nullable=True),
        sa.Column("targets_text", sa.Text(), nullable=False),
        sa.Column("completed_projects", sa.Text(), nullable=False),
        sa.Column("planned_projects", sa.Text(), nullable=False),
        sa.Column("signatory_name", sa.String(length=200), nullable=False),
        sa.Column("signatory_role", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_plan")),
    )


def downgrade() -> None:
    op.drop_table("carbon_plan")
