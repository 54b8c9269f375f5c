"""product barcodes

A scan of one of the store's own product barcodes is routed as that product before any
pattern, so a foreign EAN-13 is never taken for a waybill. Existing products get none.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 01:21:46.339977
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("barcodes", sa.Text(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_column("barcodes")
