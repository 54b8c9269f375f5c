"""outbound waybills and import presets

Orders keep the waybill they went out under (a refused or undelivered parcel comes back
under it) and the zone the buyer's waybill time was written in, and the sellers' column mappings move from one desk's folder into the database.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 23:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "outbound_waybill",
                sqlmodel.sql.sqltypes.AutoString(length=100),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "outbound_carrier",
                sqlmodel.sql.sqltypes.AutoString(length=100),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("courier_supplied_offset", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_shop_order_outbound_waybill"), ["outbound_waybill"], unique=False
        )
    op.create_table(
        "import_preset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column("date_order", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("updated_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("import_preset")
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shop_order_outbound_waybill"))
        batch_op.drop_column("courier_supplied_offset")
        batch_op.drop_column("outbound_carrier")
        batch_op.drop_column("outbound_waybill")
