"""each round keeps the physical tables (labels, seats) it was planned with

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tables", sa.JSON(), nullable=True))
    # Rounds planned before this keep the event's tables as they are now, from now on.
    op.execute(
        "UPDATE round SET tables = (SELECT event.tables FROM event WHERE event.id = round.event_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_column("tables")
