"""Contract return notes: the buyer's KPI code and name per commitment (buyer_kpi), and per
commitment and contract quarter the user's commentary, corrective action and confirmation that
the row relates only to this contract (return_note).

Revision ID: 0099
Revises: 0098
"""

import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "0098"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "buyer_kpi",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_buyer_kpi_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commitment_id", name=op.f("pk_buyer_kpi")),
    )
    op.create_table(
        "return_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("commentary", sa.Text(), nullable=False),
        sa.Column("corrective_action", sa.Text(), nullable=False),
        sa.Column("relates_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_return_note_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_note")),
        sa.UniqueConstraint("commitment_id", "quarter", name="uq_return_note_quarter"),
    )
    op.create_index("ix_return_note_commitment_id", "return_note", ["commitment_id"])


def downgrade() -> None:
    op.drop_index("ix_return_note_commitment_id", table_name="return_note")
    op.drop_table("return_note")
    op.drop_table("buyer_kpi")
