"""Appeal deadlines: rejected and disputed inspections and the days left to claim."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from inspector.core.models import Decision, EvidenceExport, Inspection, utcnow
from inspector.services.context import AppContext


@dataclass(frozen=True)
class AppealDue:
    """A rejected or disputed inspection and the time left to file its claim."""

    inspection_id: int
    order_number: str
    courier_number: str
    decision: str
    platform: str
    arrived_at: datetime
    deadline: datetime | None
    days_left: int | None
    exported: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "inspection_id": self.inspection_id,
            "order_number": self.order_number,
            "courier_number": self.courier_number,
            "decision": self.decision,
            "platform": self.platform or None,
            "arrived_at": self.arrived_at.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "days_left": self.days_left,
            "exported": self.exported,
        }


def days_left(deadline: datetime, now: datetime) -> int:
    """Whole local days from now to the deadline's local date; negative once it has passed."""
    return (deadline.astimezone().date() - now.astimezone().date()).days


def appeals_due(
    ctx: AppContext,
    now: datetime | None = None,
    window_days: Callable[[Session, Inspection], tuple[str, int | None]] | None = None,
) -> list[AppealDue]:
    """Rejected and disputed inspections, soonest deadline first: the claim window runs from arrival."""
    now = now or utcnow()
    lookup = window_days or _claim_window
    out: list[AppealDue] = []
    with ctx.db.session() as session:
        rows = session.exec(
            select(Inspection).where(Inspection.decision.in_([Decision.REJECT, Decision.DISPUTE]))
        ).all()
        exported = set(session.exec(select(EvidenceExport.inspection_id)).all())
        for row in rows:
            platform, days = lookup(session, row)
            arrived = row.arrived_at or row.started_at
            deadline = arrived + timedelta(days=days) if days is not None else None
            out.append(
                AppealDue(
                    inspection_id=row.id or 0,
                    order_number=row.order_number,
                    courier_number=row.courier_number,
                    decision=str(row.decision),
                    platform=platform,
                    arrived_at=arrived,
                    deadline=deadline,
                    days_left=days_left(deadline, now) if deadline is not None else None,
                    exported=row.id in exported,
                )
            )
    far = datetime.max.replace(tzinfo=UTC)
    out.sort(key=lambda a: (a.deadline or far, a.inspection_id))
    return out


def appeal_for(
    ctx: AppContext, inspection_id: int, now: datetime | None = None
) -> AppealDue | None:
    """The claim deadline of one rejected or disputed inspection (None for any other), for its detail view."""
    return next((a for a in appeals_due(ctx, now) if a.inspection_id == inspection_id), None)


def _claim_window(session: Session, inspection: Inspection) -> tuple[str, int | None]:
    """The platform and its claim window from the policy table (the general one when unknown)."""
    from inspector.core.orders import find_order
    from inspector.core.policy import claim_window_days

    platform = inspection.platform
    if not platform:
        order = find_order(session, inspection.order_number)
        platform = order.platform if order is not None else ""
    return platform, claim_window_days(platform, session)
