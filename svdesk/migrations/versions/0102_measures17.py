"""Training courses record how many learners gained the qualification, so svdesk can count
qualifications achieved without assuming everyone who took a course passed it. Blank (NULL)
means not known yet: nothing is counted.

Revision ID: 0102_measures17
Revises: 0101
"""

from alembic import op

revision = "0102"
down_revision = "0101"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE training_course ADD COLUMN qualified INTEGER")


def downgrade() -> None:
    op.execute("ALTER TABLE training_course DROP COLUMN qualified")
