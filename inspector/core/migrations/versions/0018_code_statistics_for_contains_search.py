"""search: finer statistics for courier numbers (PostgreSQL)

A "contains" search for a short part (the last three digits of a waybill) matches a few
percent of a million inspections. PostgreSQL estimates how many from the column's
histogram: with the default 100 entries a part that appears in none of them is taken as
rare (0.01 %), and the planner then reads every match from the pg_trgm GIN index and sorts
them (1.3 s p95 at 1,000,000 on a loaded machine; 127 ms on a quiet one), where walking the
date index finds a page of matches in a few milliseconds. With 1,000 entries for the courier
number such a part is always seen and the walk is chosen (benchmarks/search.py). The order
number keeps the default: 1,000 entries there made a 4–8 character prefix look common
enough to walk for (p95 up from 0.23 to 0.57 s under the same load). SQLite's search is
steered by a probe (browse/queries.py) and is unchanged.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 03:00:00
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

# A part matching one courier number in a hundred is seen ~10 times in the histogram; the
# cost is a larger sample at ANALYZE (300,000 rows) and a little more planning time.
STATISTICS = 1000


def _set(target: int) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE inspection ALTER COLUMN courier_number SET STATISTICS {target}")
    # At once, not at autovacuum's next pass: a large archive gets the new estimates now.
    op.execute("ANALYZE inspection (courier_number)")


def upgrade() -> None:
    _set(STATISTICS)


def downgrade() -> None:
    _set(-1)
