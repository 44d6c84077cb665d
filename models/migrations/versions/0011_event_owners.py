"""events belong to hosts: an owner per event and the co-hosts they invite; existing
events go to the first host

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_event_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_event_owner_id_host"), "host", ["owner_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "event_cohost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_cohost_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["host.id"],
            name=op.f("fk_event_cohost_invited_by_host"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_cohost")),
        sa.UniqueConstraint("event_id", "email", name=op.f("uq_event_cohost_event_id")),
    )
    with op.batch_alter_table("event_cohost", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_cohost_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_cohost_event_id"), ["event_id"], unique=False)
    # Until now every host ran every event: the first host (the one added first) owns them.
    op.execute("UPDATE event SET owner_id = (SELECT min(id) FROM host) WHERE owner_id IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("event_cohost", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_cohost_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_cohost_email"))
    op.drop_table("event_cohost")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_event_owner_id_host"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_event_owner_id"))
        batch_op.drop_column("owner_id")
