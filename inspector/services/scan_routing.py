"""What a scanned code is, decided once for the station window and `inspector route`.

The desk's router joined to its data: the imported orders (their order numbers and return
waybills, by indexed look-ups), the catalog's product barcodes (kept in memory, re-read only
when the catalog changed), the operators' badges, the desk's own rules and the carrier
table. The windows act only on the Route this returns.
"""

from __future__ import annotations

from sqlmodel import select

from inspector.core.catalog import BarcodeIndex, ProductMatch
from inspector.core.errors import ValidationError
from inspector.core.models import ShopOrder, normalize_code
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
    router_from_settings,
    shape_pattern,
)
from inspector.services.context import AppContext
from inspector.services.operators import find_by_badge


def product_finder(ctx: AppContext) -> ProductLookup:
    """A function naming the catalog product a scanned code is the barcode of (None if none)."""
    index = BarcodeIndex()

    def find(code: str) -> ProductMatch | None:
        with ctx.db.session() as session:
            return index.find(session, code)

    return find


def order_finder(ctx: AppContext) -> OrderLookup:
    """A function naming the imported order a code is the return waybill or order number of.

    Two indexed look-ups (shop_order.return_courier, the unique order_number); the waybill
    first, since that is what a returned parcel carries.
    """

    def find(code: str) -> OrderMatch | None:
        value = normalize_code(code)
        if not value:
            return None
        columns = (ShopOrder.order_number, ShopOrder.return_courier)
        with ctx.db.session() as session:
            row = session.exec(select(*columns).where(ShopOrder.return_courier == value)).first()
            if row is not None:
                return OrderMatch(row[0], row[1], "courier")
            row = session.exec(select(*columns).where(ShopOrder.order_number == value)).first()
        return OrderMatch(row[0], row[1], "order") if row is not None else None

    return find


def badge_finder(ctx: AppContext) -> BadgeLookup:
    """A function naming the active operator whose badge a code is."""

    def find(code: str) -> str | None:
        operator = find_by_badge(ctx, code)
        return operator.name if operator is not None else None

    return find


def desk_router(ctx: AppContext, products: ProductLookup | None = None) -> ScanRouter:
    """The router for this desk: its orders, catalog, operators, rules and the carriers.

    Raises ValidationError naming the line when a hand-edited desk rule is broken.
    """
    return router_from_settings(
        ctx.settings, products or product_finder(ctx), order_finder(ctx), badge_finder(ctx)
    )


def fallback_router(ctx: AppContext, products: ProductLookup | None = None) -> ScanRouter:
    """The router without the desk's own rules, for when they cannot be read."""
    return ScanRouter(
        badge_prefix=ctx.settings.badge_prefix,
        products=products or product_finder(ctx),
        orders=order_finder(ctx),
        badges=badge_finder(ctx),
    )


def route_codes(ctx: AppContext, codes: list[str]) -> list[Route]:
    """What each code is, as the desk would take it."""
    router = desk_router(ctx)
    return [router.route(code) for code in codes]


def keep_desk_rule(ctx: AppContext, code: str, kind: ScanKind) -> str:
    """Keep the desk's answer for codes shaped like this one as a desk rule; returns the line.

    The rule goes first among the desk's rules, in the settings' scan_patterns, and is saved.
    """
    if kind not in (ScanKind.ORDER, ScanKind.COURIER, ScanKind.IGNORE):
        raise ValidationError(f"A desk rule keeps order, courier or ignore, not {kind}.")
    line = f"{kind} | {KEPT_RULE_NAME} | {shape_pattern(code)}"
    current = ctx.settings.scan_patterns or ""
    if line in current.splitlines():
        return line
    text = line + ("\n" + current if current.strip() else "")
    parse_rules(text)  # the kept line must read back, or nothing is saved
    ctx.settings.set("scan_patterns", text)
    ctx.settings.save()
    return line
