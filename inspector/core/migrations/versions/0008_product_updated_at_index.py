"""product.updated_at index

Each scan asks whether the catalog changed since its barcodes were read into memory (the
newest product id and change time); with this index that is two index look-ups instead of
reading every product.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_product_updated_at", "product", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_product_updated_at", table_name="product")
