"""A covering index on spend_month for spend per supplier across all contracts.

The measures engine asks for each supplier's spend over a period (svdesk.services.
spend_supplier_totals.supplier_spend). For one contract the table's own key (contract, month,
supplier) gives the rows in order; organisation-wide, with no contract to narrow it, SQLite
had to sort every month row by supplier (about 0.18 s for ten years of a 3,000-supplier firm).
With (supplier, month, lines, net pence) in one index it reads them already grouped, from the
index alone (about 0.05 s).

Revision ID: 0095
Revises: 0090
"""

from alembic import op

revision = "0095"
down_revision = "0090"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_spend_month_supplier_totals ON spend_month (supplier_id, month, lines, net_pence)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_spend_month_supplier_totals")
