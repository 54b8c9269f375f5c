"""packing recordings and item scans

A packing is filmed like a return: an inspection of kind 'packing', so its video, events,
seals and time-stamps are the same machinery by construction. The items read on camera
(scanned into the box at packing, or read on a returned item) have a table of their own.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 22:40:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="return")
        )
        batch_op.create_index(batch_op.f("ix_inspection_kind"), ["kind"], unique=False)
    op.create_table(
        "item_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("serial", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("video_offset_s", sa.Float(), nullable=True),
        sa.Column("segment_seq", sa.Integer(), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("packing_uid", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("compared_with", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("item_scan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_item_scan_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_item_scan_serial"), ["serial"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_scan_sku"), ["sku"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("item_scan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_scan_sku"))
        batch_op.drop_index(batch_op.f("ix_item_scan_serial"))
        batch_op.drop_index(batch_op.f("ix_item_scan_inspection_id"))
    op.drop_table("item_scan")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_kind"))
        batch_op.drop_column("kind")
