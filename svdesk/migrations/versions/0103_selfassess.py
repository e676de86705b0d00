"""An assessment answer can be carried over from last year's assessment: prefilled, and marked as
such until the user confirms or changes it (issue #20.6).

Revision ID: 0103_selfassess
Revises: 0102
"""

from alembic import op

revision = "0103"
down_revision = "0102"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE assessment_answer ADD COLUMN carried_over BOOLEAN NOT NULL DEFAULT " + _false())


def downgrade() -> None:
    op.execute("ALTER TABLE assessment_answer DROP COLUMN carried_over")


def _false() -> str:
    """The literal for false in a column default: 0 on SQLite (as it always was), false on PostgreSQL."""
    return "0" if op.get_bind().dialect.name == "sqlite" else "false"
