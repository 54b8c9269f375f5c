"""Counts for the daily report, each a GROUP BY in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from inspector.core.orders import REJECTED_DECISIONS
from inspector.services.browse.queries import BrowseFilter, _backend, _where
from inspector.services.browse.tables import (
    INSPECTION,
    OPERATOR,
    ORDER,
    ORDER_LINE,
    STATION,
)
from inspector.services.context import AppContext


@dataclass
class BrowseSummary:
    """Counts for the daily report: per day, decision, operator and SKU, and top rejected buyers."""

    total: int
    per_day: list[tuple[date, int]]
    per_decision: list[tuple[str, int]]
    per_operator: list[tuple[str, int]]
    per_station: list[tuple[str, int]]
    per_sku: list[tuple[str, int]] = field(default_factory=list)
    top_rejected_buyers: list[tuple[str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "per_day": [[d.isoformat(), n] for d, n in self.per_day],
            "per_decision": self.per_decision,
            "per_operator": self.per_operator,
            "per_station": self.per_station,
            "per_sku": self.per_sku,
            "top_rejected_buyers": self.top_rejected_buyers,
        }


def _local_day(dialect: str, offset: timedelta) -> sa.ColumnElement[Any]:
    """The local calendar day of started_at, computed by the database (current UTC offset)."""
    minutes = int(offset.total_seconds() // 60)
    if dialect == "sqlite":
        return sa.func.date(INSPECTION.c.started_at, f"{minutes:+d} minutes")
    return sa.cast(INSPECTION.c.started_at + sa.text(f"interval '{minutes} minutes'"), sa.Date)


def summarize(ctx: AppContext, f: BrowseFilter = BrowseFilter(), top: int = 10) -> BrowseSummary:
    """Grouped counts over the filtered inspections, each a GROUP BY in the database."""
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    with ctx.db.engine.connect() as conn:
        where = _where(f, backend=_backend(conn))
        day = _local_day(conn.dialect.name, offset).label("day")

        def grouped(key: sa.ColumnElement[Any], source: sa.FromClause = INSPECTION):
            query = (
                sa.select(key, sa.func.count().label("n"))
                .select_from(source)
                .where(*where)
                .group_by(key)
            )
            return [(r[0], int(r[1])) for r in conn.execute(query)]

        total = int(
            conn.execute(
                sa.select(sa.func.count()).select_from(INSPECTION).where(*where)
            ).scalar_one()
        )
        per_day = sorted(((_as_date(d), n) for d, n in grouped(day) if d is not None), reverse=True)
        per_decision = sorted(grouped(INSPECTION.c.decision), key=lambda kv: -kv[1])
        with_names = INSPECTION.outerjoin(
            OPERATOR, OPERATOR.c.id == INSPECTION.c.operator_id
        ).outerjoin(STATION, STATION.c.id == INSPECTION.c.station_id)
        per_operator = sorted(
            grouped(sa.func.coalesce(OPERATOR.c.name, ""), with_names), key=lambda kv: -kv[1]
        )
        per_station = sorted(
            grouped(sa.func.coalesce(STATION.c.name, ""), with_names), key=lambda kv: -kv[1]
        )
        with_order = INSPECTION.join(ORDER, ORDER.c.order_number == INSPECTION.c.order_number)
        with_lines = with_order.join(ORDER_LINE, ORDER_LINE.c.order_id == ORDER.c.id)
        per_sku = [
            (r.sku, int(r.n))
            for r in conn.execute(
                sa.select(ORDER_LINE.c.sku, sa.func.count(INSPECTION.c.id.distinct()).label("n"))
                .select_from(with_lines)
                .where(*where)
                .group_by(ORDER_LINE.c.sku)
                .order_by(sa.desc("n"), ORDER_LINE.c.sku)
            )
        ]
        rejected = [str(d) for d in REJECTED_DECISIONS]
        top_buyers = [
            (f"{r.buyer} ({r.platform})", int(r.n))
            for r in conn.execute(
                sa.select(ORDER.c.platform, ORDER.c.buyer, sa.func.count().label("n"))
                .select_from(with_order)
                .where(*where, INSPECTION.c.decision.in_(rejected), ORDER.c.buyer != "")
                .group_by(ORDER.c.platform, ORDER.c.buyer)
                .order_by(sa.desc("n"), ORDER.c.buyer)
                .limit(top)
            )
        ]
    return BrowseSummary(
        total, per_day, per_decision, per_operator, per_station, per_sku, top_buyers
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
