"""What a scanned code is, decided once for the station window and `inspector route`.

The desk's router joined to its data: the imported orders (their order numbers and return
waybills, by indexed look-ups), the catalog's product barcodes (kept in memory, re-read only
when the catalog changed), the operators' badges, the desk's own rules and the carrier
table. The windows act only on the Route this returns.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session, select

from inspector.core.catalog import BarcodeIndex, ProductMatch
from inspector.core.database import ReadOnlyAccountError
from inspector.core.errors import ValidationError
from inspector.core.models import Operator, ShopOrder, normalize_code
from inspector.core.orders import order_number_forms
from inspector.core.scan_routing import (
    KEPT_RULE_NAME,
    BadgeLookup,
    OrderLookup,
    OrderMatch,
    ProductLookup,
    Route,
    ScanKind,
    ScanRouter,
    parse_rules,
    shape_pattern,
)
from inspector.services.context import AppContext

log = logging.getLogger(__name__)


class _OneSession:
    """One database session for all the look-ups of one decision (opening one costs more
    than the indexed queries it runs); a look-up made outside a decision opens its own."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.current: Session | None = None

    @contextmanager
    def decision(self) -> Iterator[None]:
        if self.current is not None:
            yield
            return
        with self.ctx.db.session() as session:
            self.current = session
            try:
                yield
            finally:
                self.current = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        if self.current is not None:
            yield self.current
        else:
            with self.ctx.db.session() as session:
                yield session


class DeskRouter(ScanRouter):
    """The router with its look-ups sharing one session per decision."""

    scope: _OneSession

    def route(self, code: str) -> Route:
        with self.scope.decision():
            return super().route(code)


def product_finder(ctx: AppContext, scope: _OneSession | None = None) -> ProductLookup:
    """A function naming the catalog product a scanned code is the barcode of (None if none)."""
    index = BarcodeIndex()
    scope = scope or _OneSession(ctx)

    def find(code: str) -> ProductMatch | None:
        with scope.session() as session:
            return index.find(session, code)

    return find


def order_finder(ctx: AppContext, scope: _OneSession | None = None) -> OrderLookup:
    """A function naming the imported order a code is the return waybill or order number of.

    Three indexed look-ups: the return waybill first, since that is what a returned parcel
    carries, then the unique order number, then the outbound waybill (a parcel refused at
    delivery or undelivered comes back under the waybill it went out with).
    """
    scope = scope or _OneSession(ctx)

    def find(code: str) -> OrderMatch | None:
        value = normalize_code(code)
        if not value:
            return None
        columns = (ShopOrder.order_number, ShopOrder.return_courier, ShopOrder.return_carrier)
        with scope.session() as session:
            row = session.exec(select(*columns).where(ShopOrder.return_courier == value)).first()
            if row is not None:
                return OrderMatch(row[0], row[1], "courier", row[2])
            for number in order_number_forms(value):
                row = session.exec(select(*columns).where(ShopOrder.order_number == number)).first()
                if row is not None:
                    return OrderMatch(row[0], row[1], "order", row[2])
            outbound = (ShopOrder.order_number, ShopOrder.outbound_carrier)
            row = session.exec(select(*outbound).where(ShopOrder.outbound_waybill == value)).first()
        # The parcel is inspected under the waybill it came back with: the outbound one.
        return OrderMatch(row[0], value, "outbound", row[1]) if row is not None else None

    return find


def badge_finder(ctx: AppContext, scope: _OneSession | None = None) -> BadgeLookup:
    """A function naming the active operator whose badge a code is."""
    scope = scope or _OneSession(ctx)

    def find(code: str) -> str | None:
        value = normalize_code(code)
        with scope.session() as session:
            return session.exec(
                select(Operator.name).where(Operator.badge == value, Operator.active == True)  # noqa: E712
            ).first()

    return find


def _desk_router(ctx: AppContext, products: ProductLookup | None, rules: str) -> DeskRouter:
    scope = _OneSession(ctx)
    router = DeskRouter.from_text(
        rules,
        str(ctx.warehouse_value("badge_prefix") or ""),
        products or product_finder(ctx, scope),
        order_finder(ctx, scope),
        badge_finder(ctx, scope),
    )
    assert isinstance(router, DeskRouter)
    router.scope = scope
    return router


def desk_router(ctx: AppContext, products: ProductLookup | None = None) -> ScanRouter:
    """The router for this desk: its orders, catalog, operators, rules and the carriers.

    Raises ValidationError naming the line when a hand-edited desk rule is broken.
    """
    return _desk_router(ctx, products, desk_rules(ctx))


def desk_rules(ctx: AppContext) -> str:
    """The scan rules this desk uses: its own first, then the warehouse's (from the database).

    A desk's own rules are its row in the database (set from the office, or kept at the
    desk), else the rules in its own settings file. Rules stack (each is tried in turn), so
    a desk's own rules never hide the rules the office sets for the whole warehouse.
    """
    own, whole = _stored_rules(ctx)
    mine = own if own is not None else (ctx.settings.scan_patterns or "")
    return "\n".join(v for v in (mine, whole) if v and v.strip())


def _stored_rules(ctx: AppContext) -> tuple[str | None, str | None]:
    """(this desk's own rules, the warehouse's) as the database holds them; None: not set."""
    from inspector.core.models import WarehouseSetting

    def text(row: WarehouseSetting | None) -> str | None:
        return None if row is None else str(json.loads(row.value or "null") or "")

    with ctx.db.session() as session:
        own = session.get(WarehouseSetting, (RULES_KEY, ctx.desk_id)) if ctx.desk_id else None
        return text(own), text(session.get(WarehouseSetting, (RULES_KEY, "")))


RULES_KEY = "scan_patterns"


def own_rules(ctx: AppContext) -> str:
    """This desk's own scan rules as it uses them: its database row if set, else its file's."""
    own, _whole = _stored_rules(ctx)
    return own if own is not None else (ctx.settings.scan_patterns or "")


def save_own_rules(ctx: AppContext, text: str) -> str:
    """Save this desk's own scan rules where the desk reads them; returns where, in words.

    In a warehouse (or once the database holds rules) they are this desk's row in the
    database, which the office sees; else, or when the desk's account may not write
    warehouse settings, they are its settings file's scan_patterns. Raises ValidationError
    naming the line when a rule does not read back, and then nothing is saved.
    """
    from inspector.core.warehouse import set_setting

    parse_rules(text)
    own, whole = _stored_rules(ctx)
    if ctx.desk_id and (ctx.db.is_server or own is not None or whole is not None):
        try:
            with ctx.db.session() as session:
                set_setting(session, RULES_KEY, text, ctx.desk_id, ctx.settings.station_name)
            return "database"
        except ReadOnlyAccountError:
            if own is not None:
                # The desk reads its row, so a copy in its file would change nothing.
                raise ValidationError(
                    "This desk's scan rules are set from the office (the warehouse database), "
                    "and this desk's account may not change them: ask the office to."
                ) from None
            # A desk's database account may not change warehouse settings (the office's
            # job, docs/warehouse-roles.md): the rules are kept in this desk's own file.
            log.info("Desk rules kept in this desk's settings file (the account may not write)")
    ctx.settings.set("scan_patterns", text)
    ctx.settings.save()
    return "file"


def fallback_router(ctx: AppContext, products: ProductLookup | None = None) -> ScanRouter:
    """The router without the desk's own rules, for when they cannot be read."""
    return _desk_router(ctx, products, "")


def route_codes(ctx: AppContext, codes: list[str]) -> list[Route]:
    """What each code is, as the desk would take it."""
    router = desk_router(ctx)
    return [router.route(code) for code in codes]


def keep_desk_rule(ctx: AppContext, code: str, kind: ScanKind) -> str:
    """Keep the desk's answer for codes shaped like this one as a desk rule; returns the line.

    The rule goes first among the desk's own rules and is saved: in a warehouse (or once the
    database holds rules) as this desk's own rules in the database, which the office sees;
    else, or when the desk's account may not write warehouse settings, in its settings'
    scan_patterns.
    """
    if kind not in (ScanKind.ORDER, ScanKind.COURIER, ScanKind.IGNORE):
        raise ValidationError(f"A desk rule keeps order, courier or ignore, not {kind}.")
    line = f"{kind} | {KEPT_RULE_NAME} | {shape_pattern(code)}"
    if line in desk_rules(ctx).splitlines():
        return line
    current = own_rules(ctx)
    save_own_rules(ctx, line + ("\n" + current if current.strip() else ""))
    return line
