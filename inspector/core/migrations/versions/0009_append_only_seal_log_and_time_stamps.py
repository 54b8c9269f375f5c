"""append-only seal log and time-stamps

Seals move out of the inspection row into a log that is only appended to (an amendment
is a new entry at the tail, never a re-hash of later records), each entry signed by the
desk's key. Records sealed before keep their old hash and are checked the old way until
they are next amended. Time-stamps hold RFC 3161 tokens of finished videos, or their
place in the queue while the desk is offline.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 11:43:54.558890
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("inspection_uid", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("events_upto", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("entry_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("public_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("signature", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("entry_hash"),
        sa.UniqueConstraint("seq"),
    )
    with op.batch_alter_table("seal_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seal_entry_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "timestamp_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("queued_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("tsa_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("token", sa.Text(), server_default="", nullable=False),
        sa.Column("stamped_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("timestamp_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timestamp_token_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_timestamp_token_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("timestamp_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timestamp_token_sha256"))
        batch_op.drop_index(batch_op.f("ix_timestamp_token_inspection_id"))

    op.drop_table("timestamp_token")
    with op.batch_alter_table("seal_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seal_entry_inspection_id"))

    op.drop_table("seal_entry")
