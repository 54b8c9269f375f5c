"""camera streams kept beside a composed video

A desk with several cameras records them composed into one evidence video; as an option
(Keep each camera's own stream) it also keeps each camera's own picture at its own size,
one file per camera, sealed with the inspection (issue 24, item 2).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 05:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "camera_stream",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("segment_seq", sa.Integer(), nullable=False),
        sa.Column("camera", sa.Integer(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("started_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("ended_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("frame_count", sa.Integer(), nullable=False),
        sa.Column("dropped_frames", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("codec", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("removed_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("shared_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("local_removed_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "segment_seq", "camera"),
    )
    with op.batch_alter_table("camera_stream", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_camera_stream_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("camera_stream", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_camera_stream_inspection_id"))
    op.drop_table("camera_stream")
