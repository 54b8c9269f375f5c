"""What a scanned code is: an imported order's return, a product, a badge, a waybill, or a question.

A product barcode once started recordings in a rival tool, and a waybill the store's own
orders expected was refused because it matched no built-in pattern. So the data the desk
holds decides first, and patterns only after, first match wins:

1. the return waybill, the order number or the outbound waybill of an imported order (exact,
   after normalising): that order, with both numbers, so the recording starts with both
   fields filled; a parcel under its outbound waybill "came back under the outbound waybill
   (refused or undelivered)" and its inspection starts like a return's;
2. one of the catalog's product barcodes, compared as GTINs (UPC-A = EAN-13 with a leading
   0 = GTIN-14; ISBN-10 = ISBN-13): that product, never a recording;
3. an operator badge (the badge prefix, OP-/BADGE-, or a badge the operators list holds);
   then the desk's own rules (a setting), so a desk can re-route or silence any other code;
4. a carrier's tracking number, from the carrier table (core/carriers.py), with the
   carrier's check digit where it has one; then the platforms' order-number patterns;
5. a valid GTIN none of the above knows: a product barcode the catalog does not know;
6. anything else: the desk asks whether it is the order number, the waybill, or nothing.

A code that is a valid GTIN and also fits a carrier's all-digit format is both, as far as
its digits tell (a 13-digit Yunda number has no check digit; an EAN-13 has one, which one
in ten Yunda numbers happens to pass): the desk asks rather than start a recording.

A desk rule is one line of text: ``kind | name | regular expression`` where kind is
``courier``, ``order``, ``operator`` or ``ignore``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from inspector.core.carriers import CarrierTable, carrier_table
from inspector.core.catalog import ProductMatch, gtin_kind
from inspector.core.errors import ValidationError
from inspector.core.models import normalize_code


class ScanKind(StrEnum):
    RETURN = "return"  # an imported order's return waybill or order number: both are known
    COURIER = "courier"  # a carrier's tracking number (no imported order expects it)
    ORDER = "order"  # an order number by a platform's pattern or a desk rule (not imported)
    OPERATOR = "operator"
    PRODUCT = "product"  # one of the catalog's product barcodes: shown as that product only
    UNKNOWN_PRODUCT = "unknown_product"  # a valid GTIN the catalog does not hold
    ASK = "ask"  # nothing says what it is: the desk asks
    IGNORE = "ignore"  # a desk rule says to ignore it


# The kinds a desk's own rule may give; the others come from the data, never from a pattern.
RULE_KINDS = (ScanKind.COURIER, ScanKind.ORDER, ScanKind.OPERATOR, ScanKind.IGNORE)
CATALOG_RULE = "catalog"
IMPORTED_RULE = "imported order"
KEPT_RULE_NAME = "Kept at the desk"
ProductLookup = Callable[[str], ProductMatch | None]


@dataclass(frozen=True)
class OrderMatch:
    """An imported order a scanned code belongs to, and by which of its numbers."""

    order_number: str
    courier_number: str  # the return waybill the order expects ("" when not known yet)
    matched_by: str  # "courier", "order", or "outbound" (came back under its outbound waybill)
    carrier: str = ""  # the return's carrier as the platform's export names it, if it does


OrderLookup = Callable[[str], OrderMatch | None]
BadgeLookup = Callable[[str], str | None]  # a badge -> the operator's name


@dataclass(frozen=True)
class ScanRule:
    """One pattern: what a matching code is and where it comes from (a platform, a desk rule)."""

    kind: ScanKind
    name: str
    pattern: re.Pattern[str]

    def to_line(self) -> str:
        return f"{self.kind} | {self.name} | {self.pattern.pattern}"


@dataclass(frozen=True)
class Route:
    """What a scanned code is, why, and the numbers it fills; value is the normalized code."""

    kind: ScanKind
    value: str
    rule: str  # the carrier, platform, rule or source that decided; "" when none did
    raw: str
    product: ProductMatch | None = None  # the catalog's product, for ScanKind.PRODUCT
    order_number: str = ""  # for RETURN (both numbers) and ORDER
    courier_number: str = ""  # for RETURN (when the order knows it) and COURIER
    reason: str = ""  # in English, for the command line and the log
    # COURIER: other carriers it also fits; ASK: what it might be; RETURN: the return's carrier
    also: tuple[str, ...] = ()
    checked: bool = False  # COURIER: the carrier's check digit was verified
    outbound: bool = False  # RETURN: it came back under the outbound waybill (refused, undelivered)

    @property
    def starts_recording(self) -> bool:
        """True for a parcel's number: a waybill or an imported order (a recording may start)."""
        return self.kind in (ScanKind.RETURN, ScanKind.COURIER)

    @property
    def fills_order(self) -> bool:
        return self.kind in (ScanKind.RETURN, ScanKind.ORDER)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.raw,
            "value": self.value,
            "kind": str(self.kind),
            "rule": self.rule,
            "reason": self.reason,
            "order_number": self.order_number,
            "courier_number": self.courier_number,
            "sku": self.product.sku if self.product else "",
            "product": self.product.name if self.product else "",
            "also": list(self.also),
            "check_digit": self.checked,
            "outbound": self.outbound,
            "starts_recording": self.starts_recording,
        }


def _rule(kind: ScanKind, name: str, pattern: str) -> ScanRule:
    return ScanRule(kind, name, re.compile(pattern))


BADGE_RULE = _rule(ScanKind.OPERATOR, "Operator badge", r"^(?:OP|BADGE)[-:][A-Z0-9][A-Z0-9._-]*$")
# Order numbers as the platforms print them; tried after the carriers, whose numbers carry
# letter prefixes, check digits or lengths these do not.
DEFAULT_RULES: tuple[ScanRule, ...] = (
    BADGE_RULE,
    _rule(ScanKind.ORDER, "Amazon", r"^\d{3}-\d{7}-\d{7}$"),
    _rule(ScanKind.ORDER, "Pinduoduo", r"^\d{6}-\d{15}$"),
    _rule(ScanKind.ORDER, "eBay", r"^\d{2}-\d{5}-\d{5}$"),
    _rule(ScanKind.ORDER, "Flipkart", r"^OD\d{15,21}$"),
    _rule(ScanKind.ORDER, "Meesho", r"^\d{15,20}_\d{1,2}$"),
    _rule(ScanKind.ORDER, "Shopee", r"^\d{6}(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8}$"),
    _rule(ScanKind.ORDER, "Taobao / Tmall / Douyin", r"^\d{16,20}$"),
)
_ORDER_RULES = tuple(r for r in DEFAULT_RULES if r.kind is ScanKind.ORDER)


def rule_names() -> list[str]:
    """Every built-in name a route may carry (platforms, carriers), for the translations."""
    names = [r.name for r in DEFAULT_RULES] + carrier_table().carrier_names
    return list(dict.fromkeys(names))


def shape_pattern(code: str) -> str:
    """A pattern for codes shaped like this one: its letter prefix (or first two digits) kept,
    digit runs as \\d{n}, other letter runs as [A-Z]{n}: "SF1234567890" -> ^SF\\d{10}$."""
    value = normalize_code(code)
    m = re.match(r"[A-Z]+", value) or re.match(r"\d{1,2}", value)
    prefix = m.group(0) if m else ""
    parts = [re.escape(prefix)]
    for run in re.finditer(r"\d+|[A-Z]+|.", value[len(prefix) :]):
        text = run.group(0)
        if text.isdigit():
            parts.append(rf"\d{{{len(text)}}}")
        elif text.isalpha() and text.isascii():
            parts.append(rf"[A-Z]{{{len(text)}}}")
        else:
            parts.append(re.escape(text))
    return "^" + "".join(parts) + "$"


def parse_rules(text: str) -> tuple[ScanRule, ...]:
    """Read the desk's own rules (one ``kind | name | regex`` a line; # starts a comment)."""
    rules = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|", 2)]
        if len(parts) != 3:
            raise ValidationError(
                f"Scan pattern line {number} ({line!r}) needs three parts: kind | name | pattern."
            )
        kind_text, name, pattern = parts
        try:
            kind = ScanKind(kind_text.lower())
            if kind not in RULE_KINDS:
                raise ValueError(kind)
        except ValueError:
            kinds = ", ".join(k.value for k in RULE_KINDS)
            raise ValidationError(
                f"Scan pattern line {number}: the kind {kind_text!r} is not one of {kinds}."
            ) from None
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValidationError(
                f"Scan pattern line {number}: {pattern!r} is not a valid regular expression ({exc})."
            ) from exc
        rules.append(ScanRule(kind, name or kind.value, compiled))
    return tuple(rules)


class ScanRouter:
    """Decides what a scanned code is, from the desk's data (orders, catalog, operators),
    its own rules and the carrier table; see the module's docstring for the order."""

    def __init__(
        self,
        custom: tuple[ScanRule, ...] = (),
        badge_prefix: str = "",
        products: ProductLookup | None = None,
        orders: OrderLookup | None = None,
        badges: BadgeLookup | None = None,
        carriers: CarrierTable | None = None,
    ) -> None:
        self.products = products
        self.orders = orders
        self.badges = badges
        self.carriers = carriers or carrier_table()
        badge_rules = [BADGE_RULE]
        if badge_prefix.strip():
            prefix = re.escape(normalize_code(badge_prefix))
            badge_rules.insert(0, _rule(ScanKind.OPERATOR, "Operator badge", rf"^{prefix}.+$"))
        self.badge_rules: tuple[ScanRule, ...] = tuple(badge_rules)
        self.custom: tuple[ScanRule, ...] = tuple(custom)

    @property
    def rules(self) -> tuple[ScanRule, ...]:
        """The pattern rules in the order they are tried (badges, desk rules, platforms)."""
        return (*self.badge_rules, *self.custom, *_ORDER_RULES)

    @classmethod
    def from_text(
        cls,
        text: str,
        badge_prefix: str = "",
        products: ProductLookup | None = None,
        orders: OrderLookup | None = None,
        badges: BadgeLookup | None = None,
    ) -> ScanRouter:
        """A router from the settings' text (raises ValidationError naming the bad line)."""
        return cls(parse_rules(text), badge_prefix, products, orders, badges)

    def route(self, code: str) -> Route:
        """What this code is; the first of the six steps that knows it decides."""
        value = normalize_code(code)
        if not value:
            return Route(ScanKind.ASK, value, "", code, reason="empty")
        # 1. the store's own imported orders
        if self.orders is not None:
            order = self.orders(value)
            if order is not None:
                carrier = order.carrier or self._carrier_name(order.courier_number)
                if order.matched_by == "outbound":
                    why = (
                        f"came back under the outbound waybill (refused or undelivered) of "
                        f"imported order {order.order_number}"
                    )
                else:
                    by = "return waybill" if order.matched_by == "courier" else "order number"
                    why = f"the {by} of imported order {order.order_number}"
                return Route(
                    ScanKind.RETURN,
                    value,
                    IMPORTED_RULE,
                    code,
                    order_number=order.order_number,
                    courier_number=order.courier_number,
                    reason=why + (f" ({carrier})" if carrier else ""),
                    also=(carrier,) if carrier else (),
                    outbound=order.matched_by == "outbound",
                )
        # 2. the catalog's product barcodes
        if self.products is not None:
            match = self.products(value)
            if match is not None:
                return Route(
                    ScanKind.PRODUCT,
                    value,
                    CATALOG_RULE,
                    code,
                    match,
                    reason=f"barcode {match.barcode} of catalog product {match.sku} ({match.name})",
                )
        # 3. operator badges, then the desk's own rules
        for rule in (*self.badge_rules, *self.custom):
            if rule.pattern.fullmatch(value) is not None:
                return self._by_rule(rule, value, code)
        if self.badges is not None:
            name = self.badges(value)
            if name is not None:
                return Route(
                    ScanKind.OPERATOR, value, "Operator badge", code, reason=f"badge of {name}"
                )
        # 4. carriers, then the platforms' order numbers
        product_kind = gtin_kind(value)
        carrier = self.carriers.identify(value)
        if carrier is not None:
            if product_kind and value.isdigit():
                return Route(
                    ScanKind.ASK,
                    value,
                    carrier.carrier,
                    code,
                    reason=(
                        f"a valid {product_kind} product code that also fits the "
                        f"{carrier.carrier} format ({carrier.format.format}): not started "
                        "without asking"
                    ),
                    also=(carrier.carrier, *carrier.also),
                )
            check = "check digit verified" if carrier.checked else "the carrier has no check digit"
            also = f"; also fits {', '.join(carrier.also)}" if carrier.also else ""
            return Route(
                ScanKind.COURIER,
                value,
                carrier.carrier,
                code,
                courier_number=value,
                reason=f"{carrier.carrier} tracking number ({carrier.format.format}; {check}){also}",
                also=carrier.also,
                checked=carrier.checked,
            )
        for rule in _ORDER_RULES:
            if rule.pattern.fullmatch(value) is not None:
                return self._by_rule(rule, value, code)
        # 5. a product code nobody here knows
        if product_kind:
            return Route(
                ScanKind.UNKNOWN_PRODUCT,
                value,
                product_kind,
                code,
                reason=f"a valid {product_kind} product barcode the catalog does not know",
            )
        # 6. the desk asks
        near = self.carriers.shaped_like(value)
        hint = (
            f"; shaped like {near[0].carrier} ({near[0].format}) but its check digit is wrong"
            if near
            else ""
        )
        return Route(ScanKind.ASK, value, "", code, reason=f"no order, product or carrier{hint}")

    def _carrier_name(self, courier_number: str) -> str:
        """The carrier a return waybill's format names, or "" (none, or a product's shape)."""
        match = self.carriers.identify(courier_number) if courier_number else None
        if match is None or (courier_number.isdigit() and gtin_kind(courier_number)):
            return ""
        return match.carrier

    def _by_rule(self, rule: ScanRule, value: str, code: str) -> Route:
        source = "desk rule" if rule in self.custom else "pattern"
        return Route(
            rule.kind,
            value,
            rule.name,
            code,
            order_number=value if rule.kind is ScanKind.ORDER else "",
            courier_number=value if rule.kind is ScanKind.COURIER else "",
            reason=f"{rule.kind} by {source} {rule.name!r}",
        )


def router_from_settings(
    settings: object,
    products: ProductLookup | None = None,
    orders: OrderLookup | None = None,
    badges: BadgeLookup | None = None,
) -> ScanRouter:
    """The router a desk's settings describe (scan_patterns and badge_prefix), joined to the
    desk's data when the look-ups are given."""
    text = getattr(settings, "scan_patterns", "") or ""
    prefix = getattr(settings, "badge_prefix", "") or ""
    return ScanRouter.from_text(text, prefix, products, orders, badges)
