"""the host in control: walk-ins without a phone, archived events, the round clock, the
wall view's token, the stored next plan, and the event log of the host's changes

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=True),
        sa.Column("host_email", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendee_id"],
            ["attendee.id"],
            name=op.f("fk_event_log_attendee_id_attendee"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_log_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_log")),
    )
    with op.batch_alter_table("event_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_log_attendee_id"), ["attendee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_log_event_id"), ["event_id"], unique=False)

    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.alter_column("phone", existing_type=sa.VARCHAR(length=20), nullable=True)

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("round_minutes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("wall_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("next_plan", sa.JSON(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_event_wall_token"), ["wall_token"])


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_event_wall_token"), type_="unique")
        batch_op.drop_column("next_plan")
        batch_op.drop_column("wall_token")
        batch_op.drop_column("round_minutes")
        batch_op.drop_column("archived_at")

    # Walk-ins have no number, and the column cannot hold them as it was.
    op.execute("DELETE FROM attendee WHERE phone IS NULL")
    with op.batch_alter_table("attendee", schema=None) as batch_op:
        batch_op.alter_column("phone", existing_type=sa.VARCHAR(length=20), nullable=False)

    with op.batch_alter_table("event_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_log_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_log_attendee_id"))

    op.drop_table("event_log")
