"""order reminders

The messages the seller sent a buyer asking for the return's waybill, each with its time,
so an order's story can show it was asked for before the parcel arrived.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 23:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "order_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("order_reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_order_reminder_order_number"), ["order_number"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("order_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_reminder_order_number"))
    op.drop_table("order_reminder")
