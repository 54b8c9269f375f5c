"""stations operators inspections

Revision ID: 0001
Revises:
Create Date: 2026-11-27 22:58:25.699903
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "operator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("badge", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("badge"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "station",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("order_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("courier_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("started_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("ended_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("frame_count", sa.Integer(), nullable=False),
        sa.Column("dropped_frames", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("fps", sa.Float(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operator.id"],
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_courier_number"), ["courier_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inspection_decision"), ["decision"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_inspection_operator_id"), ["operator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inspection_order_number"), ["order_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inspection_started_at"), ["started_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_status"), ["status"], unique=False)

    op.create_table(
        "inspection_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspection_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_event_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "video_segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("started_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("ended_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("frame_count", sa.Integer(), nullable=False),
        sa.Column("dropped_frames", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("codec", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "seq"),
    )
    with op.batch_alter_table("video_segment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_video_segment_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("video_segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_video_segment_inspection_id"))

    op.drop_table("video_segment")
    with op.batch_alter_table("inspection_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_event_inspection_id"))

    op.drop_table("inspection_event")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_status"))
        batch_op.drop_index(batch_op.f("ix_inspection_station_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_started_at"))
        batch_op.drop_index(batch_op.f("ix_inspection_order_number"))
        batch_op.drop_index(batch_op.f("ix_inspection_operator_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_decision"))
        batch_op.drop_index(batch_op.f("ix_inspection_courier_number"))

    op.drop_table("inspection")
    op.drop_table("station")
    op.drop_table("operator")
