"""search: indexes for a warehouse's million inspections (PostgreSQL)

Two changes measured at 1,000,000 inspections (benchmarks/search.py, issue 21):

* The prefix indexes also hold the start time and id, so a prefix's matches are gathered
  and sorted from the index alone (an index-only scan) instead of visiting each match's
  row: the couriers starting "SF12" lie on 3,677 different pages.
* The trigram indexes keep a pending list of at most 128 kB. A GIN index puts new entries
  in a list that every search reads whole, and merges it only past gin_pending_list_limit
  (4 MB by default) or at a vacuum. A warehouse adds inspections all day, so its "contains"
  searches read up to 4 MB for each of the two code indexes: up to ~7 ms each, more than
  the index itself. The lists that exist are merged now.

Rebuilding the two prefix indexes took about a second each at 1,000,000 inspections.
SQLite's indexes are unchanged.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 09:00:00
"""

from alembic import op

from inspector.core.database import (
    GIN_PENDING_LIST_KB,
    PG_PATTERN_INDEX_DDL,
    PG_TRIGRAM_INDEXES,
)

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

PATTERN_INDEXES = ("ix_inspection_order_pattern", "ix_inspection_courier_pattern")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in PATTERN_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {index}")
    for ddl in PG_PATTERN_INDEX_DDL:
        op.execute(ddl)
    for index in PG_TRIGRAM_INDEXES:
        op.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = {GIN_PENDING_LIST_KB})")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in PG_TRIGRAM_INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")
    for index in PATTERN_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {index}")
        column = index.removeprefix("ix_inspection_").removesuffix("_pattern")
        op.execute(f"CREATE INDEX {index} ON inspection ({column}_number text_pattern_ops)")
