"""measures: buyer's own measures and mappings, proxy values, SROI assumptions,
commitments with quarterly milestones, manual measure entries and measure settings

Revision ID: 0040
Revises: 0020
Create Date: 2026-11-23 08:48:47.893806
"""

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measure_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("counting_rule", sa.Text(), nullable=False),
        sa.Column("valued", sa.Boolean(), nullable=False),
        sa.Column("in_totals", sa.Boolean(), nullable=False),
        sa.Column("buyer", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_definition")),
        sa.UniqueConstraint("key", name=op.f("uq_measure_definition_key")),
    )
    op.create_table(
        "measure_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=60), nullable=False),
        sa.Column("framework", sa.String(length=60), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_mapping")),
        sa.UniqueConstraint(
            "measure_key", "framework", "outcome", name="uq_measure_mapping_key_framework_outcome"
        ),
    )
    with op.batch_alter_table("measure_mapping", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_mapping_measure_key"), ["measure_key"], unique=False)

    op.create_table(
        "measure_setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_measure_setting")),
    )
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=60), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_commitment_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "measure_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=60), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("additional", sa.Boolean(), nullable=False),
        sa.Column("attribution", sa.Float(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("evidence_ref", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_measure_entry_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_entry")),
    )
    with op.batch_alter_table("measure_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_entry_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_entry_measure_key"), ["measure_key"], unique=False)

    op.create_table(
        "proxy_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=60), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("pence_per_unit", sa.Integer(), nullable=False),
        sa.Column("edition", sa.String(length=100), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("currency_year", sa.Integer(), nullable=True),
        sa.Column("checked_by", sa.Text(), nullable=False),
        sa.Column("shipped", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_proxy_value_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proxy_value")),
    )
    with op.batch_alter_table("proxy_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proxy_value_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proxy_value_measure_key"), ["measure_key"], unique=False)

    op.create_table(
        "sroi_assumption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=60), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("deadweight", sa.Float(), nullable=False),
        sa.Column("displacement", sa.Float(), nullable=False),
        sa.Column("attribution", sa.Float(), nullable=False),
        sa.Column("drop_off", sa.Float(), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_sroi_assumption_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sroi_assumption")),
    )
    with op.batch_alter_table("sroi_assumption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sroi_assumption_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sroi_assumption_measure_key"), ["measure_key"], unique=False)

    op.create_table(
        "commitment_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("due", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_milestone_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_milestone")),
        sa.UniqueConstraint("commitment_id", "quarter", name="uq_commitment_milestone_quarter"),
    )


def downgrade() -> None:
    op.drop_table("commitment_milestone")
    with op.batch_alter_table("sroi_assumption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sroi_assumption_measure_key"))
        batch_op.drop_index(batch_op.f("ix_sroi_assumption_contract_id"))

    op.drop_table("sroi_assumption")
    with op.batch_alter_table("proxy_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proxy_value_measure_key"))
        batch_op.drop_index(batch_op.f("ix_proxy_value_contract_id"))

    op.drop_table("proxy_value")
    with op.batch_alter_table("measure_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_entry_measure_key"))
        batch_op.drop_index(batch_op.f("ix_measure_entry_contract_id"))

    op.drop_table("measure_entry")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_contract_id"))

    op.drop_table("commitment")
    op.drop_table("measure_setting")
    with op.batch_alter_table("measure_mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_mapping_measure_key"))

    op.drop_table("measure_mapping")
    op.drop_table("measure_definition")
