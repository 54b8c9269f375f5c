"""warehouse: desk ids, and search indexes for order and courier numbers

Each inspection and station records the desk (a UUID made at set-up) that made it. The codes
get the indexes their searches need on each database kind: on PostgreSQL byte-wise b-trees
(text_pattern_ops) for "starts with" and pg_trgm GIN indexes for "contains"; on SQLite an
FTS5 trigram table kept by triggers (inspector.core.database.ensure_code_search_index).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 12:10:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from inspector.core.database import SQLITE_CODE_INDEX, ensure_code_search_index

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("inspection", "station"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "desk_id",
                    sqlmodel.sql.sqltypes.AutoString(length=36),
                    nullable=False,
                    server_default="",
                )
            )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_desk_id"), ["desk_id"], unique=False)
    ensure_code_search_index(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for name in (
            "ix_inspection_order_pattern",
            "ix_inspection_courier_pattern",
            "ix_inspection_order_trgm",
            "ix_inspection_courier_trgm",
        ):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    elif bind.dialect.name == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {SQLITE_CODE_INDEX}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {SQLITE_CODE_INDEX}")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_desk_id"))
    for table in ("inspection", "station"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("desk_id")
