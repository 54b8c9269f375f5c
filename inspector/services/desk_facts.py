"""The desk machine's facts read from the desk's data: routes, operators, earlier inspections.

The machine (services/desk_machine.py) decides; this only answers its questions, from the
database and the desk's scan router (services/scan_routing.py).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import func, or_, select

from inspector.core.errors import InspectorError
from inspector.core.models import Inspection, InspectionKind, Operator, ShopOrder, normalize_code
from inspector.core.scan_routing import Route, ScanKind, ScanRouter
from inspector.services.context import AppContext
from inspector.services.desk_machine import OperatorStatus


class DatabaseFacts:
    """`DeskFacts` for a real desk. router: the desk's current router (settings may change it)."""

    def __init__(self, ctx: AppContext, router: Callable[[], ScanRouter]) -> None:
        self.ctx = ctx
        self.router = router

    def route(self, code: str) -> Route:
        """What the code is; a look-up that fails (the catalog unreadable) starts nothing."""
        try:
            return self.router().route(code)
        except InspectorError as exc:
            return Route(ScanKind.IGNORE, normalize_code(code), "", code, reason=str(exc))

    def operator_status(self, name: str) -> OperatorStatus:
        """Whether the operators list holds this name, and whether they still work here."""
        with self.ctx.db.session() as session:
            active = session.exec(select(Operator.active).where(Operator.name == name)).first()
        if active is None:
            return OperatorStatus.UNKNOWN
        return OperatorStatus.ACTIVE if active else OperatorStatus.RETIRED

    def badge_holder(self, badge: str) -> str | None:
        """The name of the operator whose badge this is, retired or not (the machine decides)."""
        code = normalize_code(badge)
        with self.ctx.db.session() as session:
            return session.exec(select(Operator.name).where(Operator.badge == code)).first()

    def earlier(self, order: str, courier: str) -> int:
        """How many inspections this parcel (its order or its waybill) has already."""
        order, courier = normalize_code(order), normalize_code(courier)
        terms = []
        if order:
            terms.append(Inspection.order_number == order)
        if courier:
            terms.append(Inspection.courier_number == courier)
        if not terms:
            return 0
        with self.ctx.db.session() as session:
            # A packing of the order is not an earlier inspection of its return.
            return session.exec(
                select(func.count(Inspection.id))
                .where(or_(*terms))
                .where(Inspection.kind == InspectionKind.RETURN)
            ).one()

    def to_pack(self, order: str) -> bool:
        """An imported order not shipped yet and not packed yet: its scan films its packing."""
        number = normalize_code(order)
        with self.ctx.db.session() as session:
            row = session.exec(
                select(ShopOrder.id, ShopOrder.ship_date).where(ShopOrder.order_number == number)
            ).first()
            if row is None or row[1] is not None:
                return False
            packed = session.exec(
                select(Inspection.id)
                .where(Inspection.order_number == number)
                .where(Inspection.kind == InspectionKind.PACKING)
            ).first()
            return packed is None
