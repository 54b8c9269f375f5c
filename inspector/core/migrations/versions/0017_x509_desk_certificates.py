"""X.509 desk certificates (report.pdf signed by the store's identity)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 02:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("desk_certificate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("x509", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("desk_key_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("twin_proof", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("desk_key_request", schema=None) as batch_op:
        batch_op.drop_column("twin_proof")
    with op.batch_alter_table("desk_certificate", schema=None) as batch_op:
        batch_op.drop_column("x509")
