"""A commitment owner's role, and whether the named person agreed to be named in documents.

Documents a buyer receives print the owner's role ("Operations manager") unless the user
ticked that the named person agreed. Owners were typed as "Name, role"; the role is taken from
after the first comma, so existing commitments print their role from now on and no name leaves
without the tick.

Revision ID: 0101
Revises: 0100
"""

from alembic import op
from sqlalchemy import text

revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    length = "(200)" if op.get_bind().dialect.name == "sqlite" else ""  # see svdesk.db.postgres
    op.execute(f"ALTER TABLE commitment ADD COLUMN owner_role VARCHAR{length} NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE commitment ADD COLUMN owner_named BOOLEAN NOT NULL DEFAULT " + _false())
    bind = op.get_bind()
    for row_id, owner in bind.execute(text("SELECT id, owner FROM commitment")).fetchall():
        name, _, role = (owner or "").partition(",")
        if role.strip():
            bind.execute(
                text("UPDATE commitment SET owner = :name, owner_role = :role WHERE id = :id"),
                {"name": name.strip(), "role": role.strip()[:1].upper() + role.strip()[1:], "id": row_id},
            )


def downgrade() -> None:
    op.execute("ALTER TABLE commitment DROP COLUMN owner_named")
    op.execute("ALTER TABLE commitment DROP COLUMN owner_role")


def _false() -> str:
    """The literal for false in a column default: 0 on SQLite (as it always was), false on PostgreSQL."""
    return "0" if op.get_bind().dialect.name == "sqlite" else "false"
