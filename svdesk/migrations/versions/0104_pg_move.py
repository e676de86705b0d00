"""Evidence files live in a PostgreSQL database itself (issue #22.3): every PC that opens the
shared database sees them with no shared folder to set up. One row per file, named by its
SHA-256; each PC keeps a cache folder of the files it has used (svdesk.services.evidence_blobs).

An SQLite database keeps its files in the -evidence folder beside it, as always: nothing changes
there, so the table is made on PostgreSQL only.

Revision ID: 0104_pg_move
Revises: 0103
"""

import sqlalchemy as sa
from alembic import op

revision = "0104_pg_move"
down_revision = "0103"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.create_table(
        "evidence_blob",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.drop_table("evidence_blob")
