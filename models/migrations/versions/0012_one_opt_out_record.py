"""opt-outs have one record, the opt_out table: attendee.opted_out (a copy) goes

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A number marked on a sign-up but missing from opt_out (written by older code that
    # failed half-way) keeps its STOP: copied over before the column goes.
    op.execute(
        "INSERT INTO opt_out (phone, created_at) "
        "SELECT DISTINCT phone, CURRENT_TIMESTAMP FROM attendee "
        "WHERE opted_out AND phone NOT IN (SELECT phone FROM opt_out)"
    )
    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.drop_column("opted_out")


def downgrade() -> None:
    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("opted_out", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute("UPDATE attendee SET opted_out = (phone IN (SELECT phone FROM opt_out))")
