"""An order's story, as evidence: packed → shipped → return requested → reminders → waybill
supplied → returned → decided → appeal, each with its time (or its day, when an export
gives only the day); and the seller's daily reminder asking the buyer for the return's
waybill, in the platform's language.

The seed's rule: a waybill supplied after the parcel arrived puts the loss on the buyer.
The story shows it ("asked on 11-12, 11-13, 11-14; waybill supplied 11-15 after the parcel
arrived 11-14").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from sqlmodel import Session, select

from inspector.core.errors import NotFoundError, ValidationError
from inspector.core.models import (
    Decision,
    EvidenceExport,
    Inspection,
    InspectionKind,
    InspectionStatus,
    OrderReminder,
    ShopOrder,
    normalize_code,
    utcnow,
)
from inspector.core.policy import normalize_platform
from inspector.i18n.language import CHINESE, ENGLISH
from inspector.i18n.phrases import say
from inspector.i18n.vocabulary import Platform


class StoryKind(StrEnum):
    PACKED = "packed"
    SHIPPED = "shipped"
    RETURN_REQUESTED = "return_requested"
    REMINDED = "reminded"
    WAYBILL_SUPPLIED = "waybill_supplied"
    RETURNED = "returned"
    DECIDED = "decided"
    APPEAL = "appeal"


# Each step's words (phrasebook templates): the CLI, the detail view and the report say them.
STORY_WORDS: dict[StoryKind, str] = {
    StoryKind.PACKED: "Packed on camera",
    StoryKind.SHIPPED: "Shipped",
    StoryKind.RETURN_REQUESTED: "Return requested",
    StoryKind.REMINDED: "Buyer asked for the return waybill",
    StoryKind.WAYBILL_SUPPLIED: "Return waybill supplied",
    StoryKind.RETURNED: "Returned parcel unboxed on camera",
    StoryKind.DECIDED: "Decided",
    StoryKind.APPEAL: "Evidence exported for the appeal",
}
# Steps at the same moment keep the story's order.
_ORDER = {kind: n for n, kind in enumerate(StoryKind)}


@dataclass(frozen=True)
class StoryEntry:
    """One step of an order's story."""

    at: datetime
    kind: StoryKind
    detail: str = ""
    date_only: bool = False  # the source knows the day, not the time
    inspection_id: int | None = None

    def label(self, language: str = ENGLISH) -> str:
        return say(language, STORY_WORDS[self.kind])

    def to_json(self, language: str = ENGLISH) -> dict[str, object]:
        return {
            "at": self.at.astimezone().date().isoformat()
            if self.date_only
            else self.at.isoformat(),
            "kind": str(self.kind),
            "label": self.label(language),
            "detail": self.detail,
            "date_only": self.date_only,
            "inspection_id": self.inspection_id,
        }


def _day(value: date) -> datetime:
    """A day as the local midnight that starts it, in UTC (sorts before that day's times)."""
    return datetime.combine(value, time(0)).astimezone().astimezone(UTC)


def order_story(session: Session, order_number: str, language: str = ENGLISH) -> list[StoryEntry]:
    """Everything known of an order, in time order; NotFoundError when nothing is."""
    number = normalize_code(order_number)
    order = session.exec(select(ShopOrder).where(ShopOrder.order_number == number)).first()
    recordings = list(
        session.exec(
            select(Inspection)
            .where(Inspection.order_number == number)
            .where(Inspection.status != InspectionStatus.FAILED)
            .order_by(Inspection.started_at)  # type: ignore[arg-type]
        )
    )
    if order is None and not recordings:
        raise NotFoundError(
            f"Nothing is known of order {number}: it is neither imported nor recorded. "
            "Import the shop's orders, or check the number."
        )
    t = lambda template, **v: say(language, template, **v)  # noqa: E731
    out: list[StoryEntry] = []
    for r in recordings:
        if r.kind == InspectionKind.PACKING:
            out.append(
                StoryEntry(
                    r.started_at,
                    StoryKind.PACKED,
                    t("packing {id}", id=r.id)
                    + (
                        t(", outbound waybill {waybill}", waybill=r.courier_number)
                        if r.courier_number
                        else ""
                    ),
                    inspection_id=r.id,
                )
            )
            continue
        arrived = r.arrived_at or r.started_at
        out.append(
            StoryEntry(
                arrived,
                StoryKind.RETURNED,
                t("inspection {id}", id=r.id)
                + (t(", waybill {waybill}", waybill=r.courier_number) if r.courier_number else ""),
                inspection_id=r.id,
            )
        )
        if r.decision != Decision.PENDING and r.decided_at is not None:
            out.append(
                StoryEntry(
                    r.decided_at,
                    StoryKind.DECIDED,
                    t(
                        "inspection {id}: {decision}",
                        id=r.id,
                        decision=say(language, str(r.decision)),
                    ),
                    inspection_id=r.id,
                )
            )
        for export in session.exec(
            select(EvidenceExport)
            .where(EvidenceExport.inspection_id == r.id)
            .order_by(EvidenceExport.at)  # type: ignore[arg-type]
        ):
            name = export.path.replace("\\", "/").rsplit("/", 1)[-1]
            out.append(
                StoryEntry(
                    export.at,
                    StoryKind.APPEAL,
                    t("inspection {id}: {kind} {name}", id=r.id, kind=export.kind, name=name),
                    inspection_id=r.id,
                )
            )
    if order is not None:
        if order.ship_date is not None:
            out.append(StoryEntry(_day(order.ship_date), StoryKind.SHIPPED, "", True))
        if order.return_requested_on is not None:
            out.append(
                StoryEntry(
                    _day(order.return_requested_on),
                    StoryKind.RETURN_REQUESTED,
                    order.return_reason,
                    True,
                )
            )
        if order.return_courier and (order.courier_supplied_at or order.courier_supplied_on):
            at = order.courier_supplied_at or _day(order.courier_supplied_on)  # type: ignore[arg-type]
            out.append(
                StoryEntry(
                    at,
                    StoryKind.WAYBILL_SUPPLIED,
                    order.return_courier,
                    order.courier_supplied_at is None,
                )
            )
    for reminder in reminders(session, number):
        out.append(StoryEntry(reminder.at, StoryKind.REMINDED, reminder.message))
    out.sort(key=lambda e: (e.at, _ORDER[e.kind]))
    return out


def story_summary(entries: list[StoryEntry], language: str = ENGLISH) -> str:
    """The reminders and the waybill in one line: "asked on 11-12, 11-13; waybill supplied
    11-15 after the parcel arrived 11-14"; "" when the buyer was never asked."""
    asked = [e.at.astimezone().strftime("%m-%d") for e in entries if e.kind == StoryKind.REMINDED]
    if not asked:
        return ""
    days = ", ".join(dict.fromkeys(asked))
    supplied = next((e for e in entries if e.kind == StoryKind.WAYBILL_SUPPLIED), None)
    arrived = next((e for e in entries if e.kind == StoryKind.RETURNED), None)
    if supplied is None:
        return say(language, "asked on {days}; no waybill supplied yet", days=days)
    on = supplied.at.astimezone().strftime("%m-%d")
    if arrived is None:
        return say(language, "asked on {days}; waybill supplied {on}", days=days, on=on)
    late = (
        supplied.at.astimezone().date() > arrived.at.astimezone().date()
        if supplied.date_only
        else supplied.at > arrived.at
    )
    return say(
        language,
        "asked on {days}; waybill supplied {on} after the parcel arrived {arrived}"
        if late
        else "asked on {days}; waybill supplied {on} before the parcel arrived {arrived}",
        days=days,
        on=on,
        arrived=arrived.at.astimezone().strftime("%m-%d"),
    )


# --- reminders -------------------------------------------------------------------------------

# Platforms whose buyers read Chinese; the others get English.
_CHINESE_PLATFORMS = {
    Platform.TAOBAO,
    Platform.TMALL,
    Platform.PINDUODUO,
    Platform.JD,
    Platform.DOUYIN,
    Platform.KUAISHOU,
}


def platform_language(platform: str) -> str:
    """The language a platform's buyers are written to in."""
    return CHINESE if normalize_platform(platform) in _CHINESE_PLATFORMS else ENGLISH


def reminder_message(order_number: str, buyer: str, language: str) -> str:
    """Today's message asking the buyer for the return's waybill, in the buyer's language."""
    return say(
        language,
        "Hello {buyer}, thank you for your return of order {order}. Please send us the return "
        "waybill (tracking) number today, before the parcel reaches us: a waybill supplied only "
        "after the parcel has arrived leaves any loss with the buyer.",
        buyer=buyer or say(language, "dear customer"),
        order=order_number,
    )


def reminders(session: Session, order_number: str) -> list[OrderReminder]:
    """The reminders sent for an order, oldest first."""
    return list(
        session.exec(
            select(OrderReminder)
            .where(OrderReminder.order_number == normalize_code(order_number))
            .order_by(OrderReminder.at)  # type: ignore[arg-type]
        )
    )


def todays_reminder(session: Session, order_number: str, actor: str = "") -> OrderReminder:
    """Today's reminder for an order still without its return waybill, not yet logged.

    Refused (with what to do) for an order not in the database, one whose waybill is known,
    or one with no return requested: there is nothing to ask the buyer for.
    """
    number = normalize_code(order_number)
    order = session.exec(select(ShopOrder).where(ShopOrder.order_number == number)).first()
    if order is None:
        raise NotFoundError(
            f"Order {number} is not in the database. Import the shop's orders first."
        )
    if order.return_courier:
        raise ValidationError(
            f"Order {number} already has its return waybill {order.return_courier}: the buyer "
            "need not be asked again."
        )
    if order.return_requested_on is None:
        raise ValidationError(
            f"No return is requested for order {number}: there is no waybill to ask for."
        )
    language = platform_language(order.platform)
    return OrderReminder(
        order_number=number,
        at=utcnow(),
        language=language,
        message=reminder_message(number, order.buyer, language),
        actor=actor,
    )


def remind(session: Session, order_number: str, actor: str = "") -> OrderReminder:
    """Log today's reminder for an order still without its return waybill; the logged row."""
    row = todays_reminder(session, order_number, actor)
    session.add(row)
    session.flush()
    return row


def reminders_by_order(session: Session) -> dict[str, list[datetime]]:
    """When each order's buyer was reminded, oldest first (for the expected-returns list)."""
    sent: dict[str, list[datetime]] = {}
    rows = session.exec(select(OrderReminder).order_by(OrderReminder.at))  # type: ignore[arg-type]
    for row in rows:
        sent.setdefault(row.order_number, []).append(row.at)
    return sent
