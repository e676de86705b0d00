"""organisation and contracts

Revision ID: 0001
Revises:
Create Date: 2026-11-23 08:41:14.126722
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("buyer", sa.String(length=200), nullable=False),
        sa.Column("value_pence", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("framework", sa.String(length=20), nullable=False),
        sa.Column("framework_note", sa.String(length=200), nullable=False),
        sa.Column("site_postcode", sa.String(length=8), nullable=False),
        sa.Column("local_area_kind", sa.String(length=20), nullable=False),
        sa.Column("local_area_codes", sa.Text(), nullable=False),
        sa.Column("local_radius_miles", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
        sa.UniqueConstraint("reference", name=op.f("uq_contract_reference")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("turnover_pence", sa.Integer(), nullable=True),
        sa.Column("balance_sheet_pence", sa.Integer(), nullable=True),
        sa.Column("legal_form", sa.String(length=40), nullable=False),
        sa.Column("vcse_type", sa.String(length=40), nullable=False),
        sa.Column("social_enterprise", sa.Boolean(), nullable=False),
        sa.Column("real_living_wage_accredited", sa.Boolean(), nullable=False),
        sa.Column("cyber_essentials", sa.String(length=20), nullable=False),
        sa.Column("carbon_reduction_plan", sa.Boolean(), nullable=False),
        sa.Column("certifications", sa.Text(), nullable=False),
        sa.Column("year_start_month", sa.Integer(), nullable=False),
        sa.Column("full_time_hours", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )


def downgrade() -> None:
    op.drop_table("organisation")
    op.drop_table("contract")
