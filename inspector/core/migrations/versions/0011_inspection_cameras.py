"""inspection cameras

A desk may record several cameras into one composed video (issue 24): each inspection
keeps the list of its cameras, the main one first (JSON). Earlier inspections had one
camera, named in `source`; they get an empty list.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 22:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cameras", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("cameras")
