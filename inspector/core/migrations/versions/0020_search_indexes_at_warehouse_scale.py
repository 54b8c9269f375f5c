"""search: indexes for a warehouse's million inspections

Three changes measured at 1,000,000 inspections (benchmarks/search.py, issue 21):

* A walk index holds each inspection's start time, id and numbers in date order, so a
  search that walks the newest first testing each one's numbers (a short or common part)
  reads the index alone, not every row.
* The prefix indexes hold each number with its start time and id, so a prefix's matches
  are gathered and sorted from the index alone instead of visiting each match's row: the
  couriers starting "SF12" lie on 3,677 different pages. On PostgreSQL they replace the
  byte-wise prefix indexes of 0006; SQLite gets them beside its plain number indexes.
* PostgreSQL: the trigram indexes keep a pending list of at most 128 kB. A GIN index puts
  new entries in a list that every search reads whole, and merges it only past
  gin_pending_list_limit (4 MB by default) or at a vacuum. A warehouse adds inspections all
  day, so its "contains" searches read up to 4 MB for each of the two code indexes: up to
  ~7 ms each, more than the index itself. The lists that exist are merged now.

Each index took one to three seconds to build at 1,000,000 inspections.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 09:00:00
"""

from alembic import op

from inspector.core.database import (
    GIN_PENDING_LIST_KB,
    PATTERN_INDEX_DDL,
    PG_TRIGRAM_INDEXES,
    WALK_INDEX_DDL,
)

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

PATTERN_INDEXES = ("ix_inspection_order_pattern", "ix_inspection_courier_pattern")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect not in WALK_INDEX_DDL:
        return
    if dialect == "postgresql":  # 0006's prefix indexes, by the same names
        for index in PATTERN_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {index}")
    for ddl in (WALK_INDEX_DDL[dialect], *PATTERN_INDEX_DDL[dialect]):
        op.execute(ddl)
    if dialect != "postgresql":
        return
    for index in PG_TRIGRAM_INDEXES:
        op.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = {GIN_PENDING_LIST_KB})")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    for index in ("ix_inspection_walk", *PATTERN_INDEXES):
        op.execute(f"DROP INDEX IF EXISTS {index}")
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in PG_TRIGRAM_INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")
    for index in PATTERN_INDEXES:
        column = index.removeprefix("ix_inspection_").removesuffix("_pattern")
        op.execute(f"CREATE INDEX {index} ON inspection ({column}_number text_pattern_ops)")
