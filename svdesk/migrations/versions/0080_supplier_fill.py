"""The supplier details an import filled in, so that undoing the import can put them back.

A supplier list (or a bill file with addresses) fills in postcodes and company numbers that
were blank. supplier_fill records each one with the value set; undoing the import restores the
blank unless the value has been changed since.

Revision ID: 0080
Revises: 0070
"""

import sqlalchemy as sa
from alembic import op

revision = "0080"
down_revision = "0070"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supplier_fill",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("old_value", sa.String(length=20), nullable=False),
        sa.Column("new_value", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            ondelete="CASCADE",
            name=op.f("fk_supplier_fill_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["supplier.id"],
            ondelete="CASCADE",
            name=op.f("fk_supplier_fill_supplier_id_supplier"),
        ),
        sa.PrimaryKeyConstraint("batch_id", "supplier_id", "field", name=op.f("pk_supplier_fill")),
    )
    op.create_index("ix_supplier_fill_supplier_id", "supplier_fill", ["supplier_id"])


def downgrade() -> None:
    op.drop_index("ix_supplier_fill_supplier_id", table_name="supplier_fill")
    op.drop_table("supplier_fill")
