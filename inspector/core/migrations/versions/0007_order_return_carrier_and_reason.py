"""order return carrier and reason

Refund and returns reports (Taobao 退款报表, Amazon's returns report, Meesho's returns
report) name the return's carrier and the buyer's reason; orders keep them. Existing
orders get empty ones.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:20:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "return_carrier",
                sqlmodel.sql.sqltypes.AutoString(length=100),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "return_reason",
                sqlmodel.sql.sqltypes.AutoString(length=500),
                server_default="",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        batch_op.drop_column("return_reason")
        batch_op.drop_column("return_carrier")
