"""integrity chain retention and evidence exports

Columns added to existing rows carry a server default, so databases with data upgrade.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:03:04.149860
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence_export", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_export_inspection_id"), ["inspection_id"], unique=False
        )

    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "record_hash",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column(
                "prev_record_hash",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("keep", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("video_removed_at", inspector.core.models.UTCDateTime(), nullable=True)
        )

    with op.batch_alter_table("video_segment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("removed_at", inspector.core.models.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("video_segment", schema=None) as batch_op:
        batch_op.drop_column("removed_at")

    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("video_removed_at")
        batch_op.drop_column("keep")
        batch_op.drop_column("prev_record_hash")
        batch_op.drop_column("record_hash")

    with op.batch_alter_table("evidence_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_export_inspection_id"))

    op.drop_table("evidence_export")
