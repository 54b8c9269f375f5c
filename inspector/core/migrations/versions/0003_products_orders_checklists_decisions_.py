"""products orders checklists decisions and platform policies

Columns added to inspection carry a server default, so databases with data upgrade.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 23:07:20.628769
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import inspector.core.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platform_policy",
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("identity_fail", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("damaged", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("incomplete", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("claim_window_days", sa.Integer(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("updated_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform"),
    )
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("photos", sa.Text(), server_default="", nullable=False),
        sa.Column("sticker", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("serial_format", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("serial_from", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("serial_to", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("hidden_marks", sa.Text(), server_default="", nullable=False),
        sa.Column("hang_tags", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "batch_code_format", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False
        ),
        sa.Column("packaging", sa.Text(), server_default="", nullable=False),
        sa.Column("accessories", sa.Text(), server_default="", nullable=False),
        sa.Column("updated_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sku"),
    )
    op.create_table(
        "shop_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("platform", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("buyer", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("ship_date", sa.Date(), nullable=True),
        sa.Column("return_requested_on", sa.Date(), nullable=True),
        sa.Column("return_courier", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("courier_supplied_on", sa.Date(), nullable=True),
        sa.Column("courier_supplied_at", inspector.core.models.UTCDateTime(), nullable=True),
        sa.Column("imported_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_number"),
    )
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shop_order_buyer"), ["buyer"], unique=False)
        batch_op.create_index(batch_op.f("ix_shop_order_platform"), ["platform"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_shop_order_return_courier"), ["return_courier"], unique=False
        )

    op.create_table(
        "shop_order_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("serials", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["shop_order.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "line_no"),
    )
    with op.batch_alter_table("shop_order_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shop_order_line_order_id"), ["order_id"], unique=False)

    op.create_table(
        "checklist_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.Column("sku", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("expects", sa.Text(), server_default="", nullable=False),
        sa.Column("photos", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("inspection_id", "key"),
        sa.UniqueConstraint("inspection_id", "seq"),
    )
    with op.batch_alter_table("checklist_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_step_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "checklist_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("photo_path", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("answered_at", inspector.core.models.UTCDateTime(), nullable=False),
        sa.Column("video_offset_s", sa.Float(), nullable=True),
        sa.Column("segment_seq", sa.Integer(), nullable=True),
        sa.Column("offset_from_clock", sa.Boolean(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["checklist_step.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("checklist_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_answer_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_checklist_answer_step_id"), ["step_id"], unique=False)

    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("arrived_at", inspector.core.models.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "courier_supplied_late", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column(
                "platform",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column(
                "recommended_decision",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("decision_reasons", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "override_reason",
                sqlmodel.sql.sqltypes.AutoString(length=2000),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column(
                "decided_by",
                sqlmodel.sql.sqltypes.AutoString(length=100),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("decided_at", inspector.core.models.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("decided_at")
        batch_op.drop_column("decided_by")
        batch_op.drop_column("override_reason")
        batch_op.drop_column("decision_reasons")
        batch_op.drop_column("recommended_decision")
        batch_op.drop_column("platform")
        batch_op.drop_column("courier_supplied_late")
        batch_op.drop_column("arrived_at")

    with op.batch_alter_table("checklist_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_answer_step_id"))
        batch_op.drop_index(batch_op.f("ix_checklist_answer_inspection_id"))

    op.drop_table("checklist_answer")
    with op.batch_alter_table("checklist_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklist_step_inspection_id"))

    op.drop_table("checklist_step")
    with op.batch_alter_table("shop_order_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shop_order_line_order_id"))

    op.drop_table("shop_order_line")
    with op.batch_alter_table("shop_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shop_order_return_courier"))
        batch_op.drop_index(batch_op.f("ix_shop_order_platform"))
        batch_op.drop_index(batch_op.f("ix_shop_order_buyer"))

    op.drop_table("shop_order")
    op.drop_table("product")
    op.drop_table("platform_policy")
