"""indexes for browse sorting by duration and filtering by SKU

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 00:05:48.517682
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_duration_s"), ["duration_s"], unique=False)

    with op.batch_alter_table("shop_order_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shop_order_line_sku"), ["sku"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shop_order_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shop_order_line_sku"))

    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_duration_s"))
