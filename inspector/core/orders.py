"""Orders the shop exported: CSV import (re-importing updates), expected returns, repeat offenders.

A later export from the shop carries the courier numbers buyers supplied since; importing
it again updates the orders. A blank optional cell keeps what is stored, so a partial
export never erases a courier number the desk already has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from inspector.core.chain import reseal_inspection
from inspector.core.csvfiles import (
    CsvFileError,
    CsvProblem,
    CsvRow,
    parse_date,
    parse_date_or_time,
    read_csv,
    split_list,
)
from inspector.core.models import (
    Decision,
    Inspection,
    Product,
    ShopOrder,
    ShopOrderLine,
    normalize_code,
    utcnow,
)
from inspector.core.policy import normalize_platform

ORDER_COLUMNS = (
    "order_number",
    "platform",
    "buyer",
    "sku",
    "quantity",
    "serials",
    "ship_date",
    "return_requested",
    "return_courier",
    "courier_supplied",
)
REQUIRED_ORDER_COLUMNS = ("order_number", "platform", "sku", "ship_date")
# Order-level cells repeat on every line of an order and must agree.
_ORDER_FIELDS = (
    "platform",
    "buyer",
    "ship_date",
    "return_requested",
    "return_courier",
    "courier_supplied",
)
REJECTED_DECISIONS = (Decision.REJECT, Decision.DISPUTE)


class CourierTiming:
    """When the buyer supplied the return's courier number, relative to the parcel's arrival."""

    NO_ORDER = "no_order"  # the order is not in the database
    NOT_SUPPLIED = "not_supplied"  # the parcel arrived; the buyer has not supplied it yet
    BEFORE_ARRIVAL = "before_arrival"
    AFTER_ARRIVAL = "after_arrival"  # supplied late: the buyer carries the loss


@dataclass
class OrderLineData:
    line_no: int
    sku: str
    quantity: int
    serials: list[str] = field(default_factory=list)


@dataclass
class OrderData:
    """An order with its lines, as services and the GUI see it."""

    order_number: str
    platform: str
    buyer: str
    ship_date: date | None
    return_requested_on: date | None
    return_courier: str
    courier_supplied_on: date | None
    courier_supplied_at: datetime | None
    lines: list[OrderLineData] = field(default_factory=list)


@dataclass(frozen=True)
class OrdersImportResult:
    path: Path
    created: int
    updated: int
    lines: int
    courier_numbers_added: int


@dataclass(frozen=True)
class _ParsedOrder:
    first_line: int
    cells: dict[str, str]
    lines: list[OrderLineData]


def _parse_rows(
    path: Path, rows: list[CsvRow], known_skus: set[str]
) -> tuple[dict[str, _ParsedOrder], list[CsvProblem]]:
    name = str(path)
    problems: list[CsvProblem] = []
    orders: dict[str, _ParsedOrder] = {}
    courier_owner: dict[str, tuple[str, int]] = {}
    for row in rows:

        def bad(column: str, message: str, row: CsvRow = row) -> None:
            problems.append(CsvProblem(name, row.line, column, message))

        number = normalize_code(row["order_number"])
        if not number:
            bad("order_number", "the order number is empty")
            continue
        if len(number) > 100:
            bad("order_number", "the order number is longer than 100 characters")
        if not normalize_platform(row["platform"]):
            bad("platform", "the platform is empty (taobao, amazon, shopee, …)")
        sku = normalize_code(row["sku"])
        if not sku:
            bad("sku", "the SKU is empty")
        elif sku not in known_skus:
            bad("sku", f"SKU {sku} is not in the product catalog; import the products first")
        quantity = 1
        if row["quantity"]:
            try:
                quantity = int(row["quantity"])
                if quantity < 1:
                    raise ValueError
            except ValueError:
                bad("quantity", f"{row['quantity']!r} is not a whole number of 1 or more")
        for column, parser in (
            ("ship_date", parse_date),
            ("return_requested", parse_date),
            ("courier_supplied", parse_date_or_time),
        ):
            if row[column]:
                try:
                    parser(row[column])
                except ValueError as exc:
                    bad(column, str(exc))
            elif column == "ship_date":
                bad(column, "the ship date is empty")
        courier = normalize_code(row["return_courier"])
        if row["courier_supplied"] and not courier:
            bad("courier_supplied", "a supply date is given but return_courier is empty")
        if courier:
            owner = courier_owner.setdefault(courier, (number, row.line))
            if owner[0] != number:
                bad(
                    "return_courier",
                    f"courier number {courier} is already on order {owner[0]} (line {owner[1]})",
                )
        cells = {c: row[c] for c in _ORDER_FIELDS}
        cells["platform"] = normalize_platform(cells["platform"])
        cells["return_courier"] = courier
        line = OrderLineData(
            0, sku, quantity, [normalize_code(s) for s in split_list(row["serials"])]
        )
        if number in orders:
            existing = orders[number]
            for column in _ORDER_FIELDS:
                if cells[column] != existing.cells[column]:
                    bad(
                        column,
                        f"order {number} has {existing.cells[column]!r} here on line "
                        f"{existing.first_line} but {cells[column]!r} on this line",
                    )
            existing.lines.append(line)
        else:
            orders[number] = _ParsedOrder(row.line, cells, [line])
    for parsed in orders.values():
        for i, line in enumerate(parsed.lines, start=1):
            line.line_no = i
    return orders, problems


def import_orders(session: Session, csv_path: Path) -> OrdersImportResult:
    """Create or update orders from the shop's CSV export (one row per order line); all or nothing."""
    csv_path = Path(csv_path)
    rows = read_csv(csv_path, ORDER_COLUMNS, REQUIRED_ORDER_COLUMNS)
    known = set(session.exec(select(Product.sku)).all())
    parsed, problems = _parse_rows(csv_path, rows, known)
    if not rows:
        problems.append(CsvProblem(str(csv_path), 2, "", "the file has a header but no orders"))
    # A courier number identifies one parcel: refuse one already held by another stored order.
    couriers = {
        p.cells["return_courier"]: n for n, p in parsed.items() if p.cells["return_courier"]
    }
    for chunk in _chunks(list(couriers)):
        for other in session.exec(select(ShopOrder).where(ShopOrder.return_courier.in_(chunk))):
            owner = couriers[other.return_courier]
            if other.order_number != owner:
                problems.append(
                    CsvProblem(
                        str(csv_path),
                        parsed[owner].first_line,
                        "return_courier",
                        f"courier number {other.return_courier} already belongs to order {other.order_number}",
                    )
                )
    if problems:
        raise CsvFileError(csv_path, problems)
    stored: dict[str, ShopOrder] = {}
    for chunk in _chunks(list(parsed)):
        stored |= {
            o.order_number: o
            for o in session.exec(select(ShopOrder).where(ShopOrder.order_number.in_(chunk)))
        }
    # The file's lines replace the stored ones; the old go first so numbers can be reused.
    for chunk in _chunks([o.id for o in stored.values()]):
        session.exec(sa.delete(ShopOrderLine).where(ShopOrderLine.order_id.in_(chunk)))
    created = updated = added = line_count = 0
    now = utcnow()
    written: list[tuple[ShopOrder, _ParsedOrder]] = []
    for number, p in parsed.items():
        order = stored.get(number)
        if order is None:
            order = ShopOrder(order_number=number, platform=p.cells["platform"])
            created += 1
        else:
            updated += 1
        order.platform = p.cells["platform"]
        if p.cells["buyer"]:
            order.buyer = p.cells["buyer"][:200]
        order.ship_date = parse_date(p.cells["ship_date"])
        if p.cells["return_requested"]:
            order.return_requested_on = parse_date(p.cells["return_requested"])
        courier = p.cells["return_courier"]
        if courier and courier != order.return_courier:
            added += 1
            order.return_courier = courier
            if p.cells["courier_supplied"]:
                order.courier_supplied_on, order.courier_supplied_at = parse_date_or_time(
                    p.cells["courier_supplied"]
                )
            else:
                # The export does not say when: it became known with this import.
                order.courier_supplied_on, order.courier_supplied_at = now.astimezone().date(), now
        elif courier and p.cells["courier_supplied"]:
            order.courier_supplied_on, order.courier_supplied_at = parse_date_or_time(
                p.cells["courier_supplied"]
            )
        order.imported_at = now
        session.add(order)
        written.append((order, p))
    session.flush()  # one round trip gives every new order its id
    for order, p in written:
        for line in p.lines:
            session.add(
                ShopOrderLine(
                    order_id=order.id,
                    line_no=line.line_no,
                    sku=line.sku,
                    quantity=line.quantity,
                    serials=json.dumps(line.serials, ensure_ascii=False),
                )
            )
            line_count += 1
    session.flush()
    refresh_courier_flags(session, [order for order, _ in written])
    return OrdersImportResult(csv_path, created, updated, line_count, added)


# --- reading -------------------------------------------------------------------------------


def _to_data(
    session: Session, order: ShopOrder, lines: list[ShopOrderLine] | None = None
) -> OrderData:
    if lines is None:
        lines = list(
            session.exec(
                select(ShopOrderLine)
                .where(ShopOrderLine.order_id == order.id)
                .order_by(ShopOrderLine.line_no)
            )
        )
    return OrderData(
        order.order_number,
        order.platform,
        order.buyer,
        order.ship_date,
        order.return_requested_on,
        order.return_courier,
        order.courier_supplied_on,
        order.courier_supplied_at,
        [
            OrderLineData(ln.line_no, ln.sku, ln.quantity, json.loads(ln.serials or "[]"))
            for ln in lines
        ],
    )


def find_order(session: Session, order_number: str) -> OrderData | None:
    """The order with this number, or None."""
    row = session.exec(
        select(ShopOrder).where(ShopOrder.order_number == normalize_code(order_number))
    ).first()
    return _to_data(session, row) if row else None


def find_order_by_courier(session: Session, courier_number: str) -> OrderData | None:
    """The order whose return is expected under this courier (waybill) number, or None."""
    code = normalize_code(courier_number)
    if not code:
        return None
    row = session.exec(select(ShopOrder).where(ShopOrder.return_courier == code)).first()
    return _to_data(session, row) if row else None


def list_orders(session: Session) -> list[OrderData]:
    """Every order, newest shipment first."""
    rows = session.exec(
        select(ShopOrder).order_by(ShopOrder.ship_date.desc(), ShopOrder.order_number)
    ).all()
    lines: dict[int, list[ShopOrderLine]] = {}
    for ln in session.exec(
        select(ShopOrderLine).order_by(ShopOrderLine.order_id, ShopOrderLine.line_no)
    ):
        lines.setdefault(ln.order_id, []).append(ln)
    return [_to_data(session, r, lines.get(r.id, [])) for r in rows]


# --- the return's timeline -----------------------------------------------------------------


def courier_timing(order: OrderData | ShopOrder | None, arrived_at: datetime) -> str:
    """Whether the buyer supplied the courier number before or after the parcel arrived.

    With only a date, supplying it on the arrival day counts as in time (the benefit of the
    doubt goes to the buyer); with a time, the times are compared.
    """
    if order is None:
        return CourierTiming.NO_ORDER
    if not order.return_courier or order.courier_supplied_on is None:
        return CourierTiming.NOT_SUPPLIED
    if order.courier_supplied_at is not None:
        late = order.courier_supplied_at > arrived_at
    else:
        late = order.courier_supplied_on > arrived_at.astimezone().date()
    return CourierTiming.AFTER_ARRIVAL if late else CourierTiming.BEFORE_ARRIVAL


def refresh_courier_flags(session: Session, orders: list[ShopOrder]) -> None:
    """Set the late-courier flag and platform on these orders' inspections, now that they are known or changed."""
    by_number = {o.order_number: o for o in orders}
    by_courier = {o.return_courier: o for o in orders if o.return_courier}
    found: list[tuple[Inspection, ShopOrder]] = []
    for chunk in _chunks(list(by_number)):
        for insp in session.exec(select(Inspection).where(Inspection.order_number.in_(chunk))):
            found.append((insp, by_number[insp.order_number]))
    for chunk in _chunks(list(by_courier)):
        # An inspection started from the waybill alone belongs to the order expecting it.
        for insp in session.exec(
            select(Inspection).where(
                Inspection.order_number == "", Inspection.courier_number.in_(chunk)
            )
        ):
            found.append((insp, by_courier[insp.courier_number]))
    for insp, order in found:
        if not insp.order_number:
            insp.order_number = order.order_number
            session.add(insp)
            reseal_inspection(
                session, insp, f"order {order.order_number} filled in from the waybill"
            )
        arrived = insp.arrived_at or insp.started_at
        late = courier_timing(order, arrived) == CourierTiming.AFTER_ARRIVAL
        if insp.courier_supplied_late != late or insp.platform != order.platform:
            insp.courier_supplied_late = late
            insp.platform = order.platform
            session.add(insp)


def _chunks(items: list, size: int = 500) -> list[list]:
    """Lists short enough for an IN (...) on any database."""
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class ExpectedReturn:
    """An order with a return requested and no inspection yet."""

    order_number: str
    platform: str
    buyer: str
    return_requested_on: date | None
    return_courier: str
    courier_supplied_on: date | None
    days_waiting: int | None  # since the return was requested
    days_courier_missing: int | None  # None once the buyer has supplied it

    def to_json(self) -> dict[str, object]:
        return {
            "order_number": self.order_number,
            "platform": self.platform,
            "buyer": self.buyer,
            "return_requested_on": self.return_requested_on.isoformat()
            if self.return_requested_on
            else None,
            "return_courier": self.return_courier,
            "courier_supplied_on": self.courier_supplied_on.isoformat()
            if self.courier_supplied_on
            else None,
            "days_waiting": self.days_waiting,
            "days_courier_missing": self.days_courier_missing,
        }


def expected_returns(session: Session, today: date | None = None) -> list[ExpectedReturn]:
    """Returns requested and not yet inspected; those still missing a courier number first, longest first."""
    today = today or datetime.now().astimezone().date()
    inspected = select(Inspection.id).where(
        sa.or_(
            Inspection.order_number == ShopOrder.order_number,
            sa.and_(
                ShopOrder.return_courier != "",
                Inspection.courier_number == ShopOrder.return_courier,
            ),
        )
    )
    rows = session.exec(
        select(ShopOrder).where(
            sa.or_(ShopOrder.return_requested_on.is_not(None), ShopOrder.return_courier != ""),
            ~inspected.exists(),
        )
    ).all()
    out = []
    for o in rows:
        waiting = (today - o.return_requested_on).days if o.return_requested_on else None
        missing = waiting if not o.return_courier else None
        out.append(
            ExpectedReturn(
                o.order_number,
                o.platform,
                o.buyer,
                o.return_requested_on,
                o.return_courier,
                o.courier_supplied_on,
                waiting,
                missing,
            )
        )
    out.sort(
        key=lambda r: (
            r.days_courier_missing is None,
            -(r.days_courier_missing or 0),
            -(r.days_waiting or 0),
            r.order_number,
        )
    )
    return out


@dataclass(frozen=True)
class PastRejection:
    """An earlier inspection of the same buyer that ended in reject or dispute."""

    inspection_id: int
    order_number: str
    decision: str
    started_at: datetime
    reasons: list[str]

    def to_json(self) -> dict[str, object]:
        return {
            "inspection_id": self.inspection_id,
            "order_number": self.order_number,
            "decision": self.decision,
            "started_at": self.started_at.isoformat(),
            "reasons": self.reasons,
        }


def buyer_rejections(
    session: Session, platform: str, buyer: str, exclude_inspection_id: int | None = None
) -> list[PastRejection]:
    """The buyer's earlier inspections that were rejected or disputed, newest first (same platform)."""
    if not buyer:
        return []
    query = (
        select(Inspection)
        .join(ShopOrder, ShopOrder.order_number == Inspection.order_number)
        .where(
            ShopOrder.platform == normalize_platform(platform),
            ShopOrder.buyer == buyer,
            Inspection.decision.in_([str(d) for d in REJECTED_DECISIONS]),
        )
        .order_by(Inspection.started_at.desc())
    )
    if exclude_inspection_id is not None:
        query = query.where(Inspection.id != exclude_inspection_id)
    out = []
    for insp in session.exec(query):
        try:
            reasons = json.loads(insp.decision_reasons) if insp.decision_reasons else []
        except ValueError:
            reasons = []
        out.append(
            PastRejection(insp.id, insp.order_number, insp.decision, insp.started_at, reasons)
        )
    return out
