"""chained anchor lines, anchor head stamps and the order facts a seal covers

Each desk's chain anchor is published in the database too (anchor_line: one row per
line, per desk, only ever appended to), its head time-stamped by a TSA (anchor_stamp,
queued while offline), and the order facts an inspection relies on are snapshotted
into it at sealing (inspection.order_facts, JSON), so an order edited later shows.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 22:40:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "anchor_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("seal_seq", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("line_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("desk_id", "n", name="uq_anchor_line_desk_n"),
        sa.UniqueConstraint("line_hash"),
    )
    with op.batch_alter_table("anchor_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_anchor_line_desk_id"), ["desk_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_anchor_line_seal_seq"), ["seal_seq"], unique=False)
    op.create_table(
        "anchor_stamp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("line_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("queued_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("tsa_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("token", sa.Text(), server_default="", nullable=False),
        sa.Column("stamped_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("anchor_stamp", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_anchor_stamp_desk_id"), ["desk_id"], unique=False)
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("order_facts", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("order_facts")
    with op.batch_alter_table("anchor_stamp", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anchor_stamp_desk_id"))
    op.drop_table("anchor_stamp")
    with op.batch_alter_table("anchor_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anchor_line_seal_seq"))
        batch_op.drop_index(batch_op.f("ix_anchor_line_desk_id"))
    op.drop_table("anchor_line")
