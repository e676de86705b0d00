"""Each proxy value carries the date its source was published and its licence.

A £ figure in a document a buyer receives is shown with where its £ per unit comes from: source,
edition, publication date and licence (issue 15, point 4). The shipped defaults are Open
Government Licence values; a buyer's sheet or a value typed in names its own. Existing rows get
empty text: nothing is invented for a value the user entered.

Revision ID: 0100
Revises: 0099
"""

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = "0099"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proxy_value") as batch:
        batch.add_column(sa.Column("published", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("licence", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("proxy_value") as batch:
        batch.drop_column("licence")
        batch.drop_column("published")
