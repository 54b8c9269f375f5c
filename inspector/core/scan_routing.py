"""Which field a scanned code belongs to: product, courier number, order number, operator badge.

A product barcode once started recordings in a rival tool. Here only a code that matches a
courier or order pattern may fill a field or start anything; everything else is shown and
ignored. A code that is one of the store's own product barcodes (the catalog's, looked up
through ``products``) is that product before any pattern is tried: a foreign EAN-13 such as
a Japanese 49… or a German 40… also fits the 13-digit Yunda pattern. Then patterns are
tried in order: the desk's own rules (a setting) first, then the built-in ones below, so a
desk can re-route or silence any other code without losing the defaults.

A rule is one line of text: ``kind | name | regular expression`` where kind is ``courier``,
``order``, ``operator`` or ``ignore``. For an operator badge the whole code is the badge,
as the operators list stores it (scanned into the Operators dialog).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from inspector.core.catalog import ProductMatch
from inspector.core.errors import ValidationError
from inspector.core.models import normalize_code


class ScanKind(StrEnum):
    COURIER = "courier"
    ORDER = "order"
    OPERATOR = "operator"
    IGNORE = "ignore"  # a product barcode or anything unknown: shown, never acted on
    PRODUCT = "product"  # one of the catalog's product barcodes: shown as that product only


# The kinds a desk's own rule may give; PRODUCT comes from the catalog, never from a pattern.
RULE_KINDS = (ScanKind.COURIER, ScanKind.ORDER, ScanKind.OPERATOR, ScanKind.IGNORE)
CATALOG_RULE = "catalog"
ProductLookup = Callable[[str], ProductMatch | None]


@dataclass(frozen=True)
class ScanRule:
    """One pattern: what a matching code is and where it comes from (a carrier, a platform)."""

    kind: ScanKind
    name: str
    pattern: re.Pattern[str]

    def to_line(self) -> str:
        return f"{self.kind} | {self.name} | {self.pattern.pattern}"


@dataclass(frozen=True)
class Route:
    """Where a scanned code goes; value is the normalized code."""

    kind: ScanKind
    value: str
    rule: str  # the carrier, platform or rule name that matched; "" when none did
    raw: str
    product: ProductMatch | None = None  # the catalog's product, for ScanKind.PRODUCT

    @property
    def starts_recording(self) -> bool:
        return self.kind in (ScanKind.COURIER, ScanKind.ORDER)


def _rule(kind: ScanKind, name: str, pattern: str) -> ScanRule:
    return ScanRule(kind, name, re.compile(pattern))


# Product codes come first: a Chinese EAN-13 (690-699) or a book's ISBN must never be taken
# for a 13-digit Yunda or EMS waybill. Carriers before platforms: they carry letter prefixes
# or lengths (12-15 digits) that order numbers (16+ digits or dashed) do not.
DEFAULT_RULES: tuple[ScanRule, ...] = (
    _rule(ScanKind.OPERATOR, "Operator badge", r"^(?:OP|BADGE)[-:][A-Z0-9][A-Z0-9._-]*$"),
    _rule(ScanKind.IGNORE, "Product EAN-13 (China)", r"^69\d{11}$"),
    _rule(ScanKind.IGNORE, "Book ISBN", r"^97[89]\d{10}$"),
    _rule(ScanKind.IGNORE, "Product EAN-8", r"^\d{8}$"),
    _rule(ScanKind.COURIER, "SF Express", r"^SF\d{12,15}$"),
    _rule(ScanKind.COURIER, "JD Logistics", r"^JD[A-Z]{0,3}\d{10,16}(?:-\d+-\d+-?)?$"),
    _rule(ScanKind.COURIER, "YTO Express", r"^YT\d{13,16}$"),
    _rule(ScanKind.COURIER, "J&T Express", r"^JT\d{13}$"),
    _rule(ScanKind.COURIER, "Cainiao", r"^(?:LP|CNG|CN)\d{12,18}$"),
    _rule(ScanKind.COURIER, "EMS / China Post (international)", r"^[A-Z]{2}\d{9}[A-Z]{2}$"),
    _rule(ScanKind.COURIER, "UPS", r"^1Z[A-Z0-9]{16}$"),
    _rule(ScanKind.COURIER, "DHL eCommerce", r"^(?:JJD|JVGL)\d{10,20}$"),
    _rule(ScanKind.COURIER, "Shopee SPX", r"^SPX[A-Z]{0,3}\d{9,16}[A-Z]?$"),
    _rule(
        ScanKind.COURIER,
        "Shopee / Lazada regional",
        r"^(?:TH|MY|PH|ID|VN|SG|BR|TW)\d{10,15}[A-Z]?$",
    ),
    _rule(ScanKind.COURIER, "Lazada LEX", r"^(?:LEX|LZD|LXAD)[A-Z]{0,3}\d{8,15}$"),
    _rule(ScanKind.COURIER, "STO Express", r"^(?:77|88|66|55|99|58|26)\d{10,13}$"),
    _rule(ScanKind.COURIER, "ZTO Express", r"^7\d{11,14}$"),
    _rule(ScanKind.COURIER, "EMS (domestic)", r"^(?:10|11|9\d)\d{11}$"),
    # Yunda numbers are 13 or 15 digits (real ones: 13 digits 31…, 38…, 39…, 43…; 15 digits
    # 43…, 46…); no source shows 14, so a 14-digit carton code (GTIN-14) is not taken for one.
    _rule(ScanKind.COURIER, "Yunda", r"^(?:[3-5]\d{12}|[34]\d{14})$"),
    _rule(ScanKind.COURIER, "USPS", r"^(?:9[1-5]\d{20}|9[1-5]\d{24}|420\d{27,31})$"),
    _rule(ScanKind.COURIER, "FedEx", r"^(?:\d{12}|\d{15}|96\d{20})$"),
    _rule(ScanKind.COURIER, "DHL Express", r"^\d{10}$"),
    _rule(ScanKind.ORDER, "Amazon", r"^\d{3}-\d{7}-\d{7}$"),
    _rule(ScanKind.ORDER, "Pinduoduo", r"^\d{6}-\d{15}$"),
    _rule(ScanKind.ORDER, "eBay", r"^\d{2}-\d{5}-\d{5}$"),
    _rule(ScanKind.ORDER, "Flipkart", r"^OD\d{15,21}$"),
    _rule(ScanKind.ORDER, "Meesho", r"^\d{15,20}_\d{1,2}$"),
    _rule(ScanKind.ORDER, "Shopee", r"^\d{6}(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8}$"),
    _rule(ScanKind.ORDER, "Taobao / Tmall / Douyin", r"^\d{16,20}$"),
)


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
    """Routes scanned codes: the catalog's product barcodes, then the desk's rules, then the defaults."""

    def __init__(
        self,
        custom: tuple[ScanRule, ...] = (),
        badge_prefix: str = "",
        products: ProductLookup | None = None,
    ) -> None:
        self.products = products
        extra: list[ScanRule] = list(custom)
        if badge_prefix.strip():
            prefix = re.escape(normalize_code(badge_prefix))
            extra.insert(0, _rule(ScanKind.OPERATOR, "Operator badge", rf"^{prefix}.+$"))
        self.rules: tuple[ScanRule, ...] = (*extra, *DEFAULT_RULES)

    @classmethod
    def from_text(
        cls, text: str, badge_prefix: str = "", products: ProductLookup | None = None
    ) -> ScanRouter:
        """A router from the settings' text (raises ValidationError naming the bad line)."""
        return cls(parse_rules(text), badge_prefix, products)

    def route(self, code: str) -> Route:
        """Which field this code fills: a catalog product first, then the first rule; IGNORE if none."""
        value = normalize_code(code)
        if self.products is not None and value:
            match = self.products(value)
            if match is not None:
                return Route(ScanKind.PRODUCT, value, CATALOG_RULE, code, match)
        for rule in self.rules:
            if rule.pattern.fullmatch(value) is None:
                continue
            return Route(rule.kind, value, rule.name, code)
        return Route(ScanKind.IGNORE, value, "", code)


def router_from_settings(settings: object, products: ProductLookup | None = None) -> ScanRouter:
    """The router a desk's settings describe (scan_patterns and badge_prefix), with the catalog's
    product barcodes first when a look-up is given."""
    text = getattr(settings, "scan_patterns", "") or ""
    prefix = getattr(settings, "badge_prefix", "") or ""
    return ScanRouter.from_text(text, prefix, products)
