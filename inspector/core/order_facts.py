"""The order facts an inspection relies on, snapshotted into its seal.

A bundle shows what was shipped (SKUs, serials), the platform, the buyer, when the buyer
gave the waybill, when the parcel arrived and the claim window: all of it must be what
the desk knew when it sealed, not whatever the order tables say later. The snapshot is
taken at the first seal that knows the order (core/chain.py), stored in
`inspection.order_facts` and covered by every later seal; `verify --all` compares it
with the order as it stands now, and the report is made from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from inspector.core.models import Inspection, ShopOrder, ShopOrderLine, normalize_code
from inspector.core.policy import claim_window_days


def _when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return value.isoformat()


def _serials(text: str) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def live_order_facts(session: Session, inspection: Inspection) -> dict[str, Any]:
    """The order facts as the database holds them now (the order may not be imported yet)."""
    row = (
        session.exec(
            select(ShopOrder).where(
                ShopOrder.order_number == normalize_code(inspection.order_number)
            )
        ).first()
        if inspection.order_number
        else None
    )
    platform = inspection.platform or (row.platform if row is not None else "")
    facts: dict[str, Any] = {
        "platform": platform,
        "claim_window_days": claim_window_days(platform, session) if platform else None,
        "arrived_at": _when(inspection.arrived_at),
        "courier_supplied_late": inspection.courier_supplied_late,
        "order": None,
    }
    if row is not None:
        lines = session.exec(
            select(ShopOrderLine)
            .where(ShopOrderLine.order_id == row.id)
            .order_by(ShopOrderLine.line_no)
        ).all()
        facts["order"] = {
            "order_number": row.order_number,
            "platform": row.platform,
            "buyer": row.buyer,
            "ship_date": _when(row.ship_date),
            "return_requested_on": _when(row.return_requested_on),
            "return_courier": row.return_courier,
            "courier_supplied_on": _when(row.courier_supplied_on),
            "courier_supplied_at": _when(row.courier_supplied_at),
            "return_carrier": row.return_carrier,
            "return_reason": row.return_reason,
            "lines": [
                {
                    "line_no": ln.line_no,
                    "sku": ln.sku,
                    "quantity": ln.quantity,
                    "serials": _serials(ln.serials),
                }
                for ln in lines
            ],
        }
    return facts


def sealed_order_facts(inspection: Inspection) -> dict[str, Any] | None:
    """The snapshot its seal covers, or None when it was sealed before snapshots existed."""
    if not inspection.order_facts:
        return None
    try:
        value = json.loads(inspection.order_facts)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def snapshot_for_seal(session: Session, inspection: Inspection) -> None:
    """Take the snapshot a seal is about to cover: the first time, or once the order is known.

    Once an order is in the snapshot it is never taken again: a later change to the order
    tables is reported by `verify --all`, not absorbed by the next seal.
    """
    sealed = sealed_order_facts(inspection)
    if sealed is not None and sealed.get("order") is not None:
        return
    live = live_order_facts(session, inspection)
    if sealed is not None and live == sealed:
        return
    inspection.order_facts = json.dumps(live, sort_keys=True, ensure_ascii=False)
    session.add(inspection)


def order_changes(sealed: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """What differs between the sealed snapshot and the order now, in words (order known only)."""
    if sealed.get("order") is None:
        return []
    out = []
    for key in ("platform", "claim_window_days", "arrived_at", "courier_supplied_late"):
        if sealed.get(key) != live.get(key):
            out.append(f"{key} {sealed.get(key)!r} → {live.get(key)!r}")
    before, after = sealed.get("order") or {}, live.get("order") or {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            out.append(f"order {key} {before.get(key)!r} → {after.get(key)!r}")
    return out


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return parsed if parsed is None or parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SealedOrder:
    """The snapshot read back for a report: the facts as the desk sealed them."""

    platform: str
    claim_window_days: int | None
    arrived_at: datetime | None
    courier_supplied_late: bool
    order_number: str = ""
    buyer: str = ""
    return_requested_on: date | None = None
    return_courier: str = ""
    courier_supplied_on: date | None = None
    courier_supplied_at: datetime | None = None
    lines: tuple[tuple[str, int, tuple[str, ...]], ...] = ()  # sku, quantity, serials


def read_sealed_order(facts: dict[str, Any]) -> SealedOrder:
    """A snapshot (sealed_order_facts) as typed values."""
    order = facts.get("order") if isinstance(facts.get("order"), dict) else {}
    assert isinstance(order, dict)
    lines = tuple(
        (str(ln.get("sku", "")), int(ln.get("quantity", 1)), tuple(ln.get("serials") or ()))
        for ln in order.get("lines") or []
        if isinstance(ln, dict)
    )
    window = facts.get("claim_window_days")
    return SealedOrder(
        platform=str(facts.get("platform") or ""),
        claim_window_days=window if isinstance(window, int) else None,
        arrived_at=_datetime(facts.get("arrived_at")),
        courier_supplied_late=bool(facts.get("courier_supplied_late")),
        order_number=str(order.get("order_number") or ""),
        buyer=str(order.get("buyer") or ""),
        return_requested_on=_date(order.get("return_requested_on")),
        return_courier=str(order.get("return_courier") or ""),
        courier_supplied_on=_date(order.get("courier_supplied_on")),
        courier_supplied_at=_datetime(order.get("courier_supplied_at")),
        lines=lines,
    )
