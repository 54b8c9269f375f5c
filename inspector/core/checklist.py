"""Building an inspection's checklist from general steps and the shipped products' features.

Steps fall into four categories, which the decision rules treat differently:
  general       what makes the video count as evidence (seal, waybill, every side)
  identity      is it ours: our SKU, our sticker and serial, hidden marks, batch code
  completeness  is it whole: accessories, hang tags, packaging
  condition     is it undamaged
A missing hang tag or box makes a return incomplete rather than fake, so those count
as completeness; a wrong sticker or a missing hidden mark means the item is not ours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from inspector.core.catalog import ProductData, in_serial_range, matches_format, serial_problem
from inspector.core.models import normalize_code
from inspector.core.orders import OrderData, OrderLineData
from inspector.i18n.language import ENGLISH
from inspector.i18n.phrases import say


class Category:
    GENERAL = "general"
    IDENTITY = "identity"
    COMPLETENESS = "completeness"
    CONDITION = "condition"


CATEGORIES = (Category.GENERAL, Category.IDENTITY, Category.COMPLETENESS, Category.CONDITION)


@dataclass(frozen=True)
class StepSpec:
    """One step to check, with what a value read at the desk must match."""

    key: str
    category: str
    kind: str
    title: str
    detail: str = ""
    line_no: int | None = None
    sku: str = ""
    expects: dict[str, Any] = field(default_factory=dict)
    photos: tuple[str, ...] = ()


def general_steps(courier_number: str, language: str = ENGLISH) -> list[StepSpec]:
    """The steps every parcel gets, whatever is inside: what makes the video count as evidence."""
    courier = normalize_code(courier_number)
    t = partial(say, language)
    waybill = (
        StepSpec(
            "waybill",
            Category.GENERAL,
            "waybill",
            t("Waybill readable and matching courier number {courier}", courier=courier),
            t("Hold the label still in front of the camera until it is sharp."),
            expects={"what": "courier number", "equals": courier},
        )
        if courier
        else StepSpec(
            "waybill",
            Category.GENERAL,
            "waybill",
            t("Waybill readable on camera"),
            t(
                "No courier number is known for this parcel: show the label so it can be read from the video."
            ),
        )
    )
    return [
        StepSpec(
            "seal",
            Category.GENERAL,
            "seal",
            t("Outer package sealed and intact on camera before opening"),
            t("Show the tape and every seam before cutting; note any sign of earlier opening."),
        ),
        waybill,
        StepSpec(
            "sides",
            Category.GENERAL,
            "sides",
            t("Every side of the parcel shown"),
            t("Turn the parcel slowly: top, bottom and all four sides."),
        ),
    ]


def unknown_order_steps(language: str = ENGLISH) -> list[StepSpec]:
    """Item steps for an order the database does not hold: the operator compares by hand."""
    t = partial(say, language)
    return [
        StepSpec(
            "item.ours",
            Category.IDENTITY,
            "sku",
            t("The item is the store's own product (order not in the database: compare by hand)"),
        ),
        StepSpec(
            "item.complete",
            Category.COMPLETENESS,
            "accessory",
            t("Everything that was sold is in the parcel"),
        ),
        StepSpec("item.damage", Category.CONDITION, "damage", t("No damage, wear or stains")),
    ]


def _fits_serial(p: ProductData, code: str) -> bool:
    if p.serial_format and matches_format(code, p.serial_format):
        return True
    return bool(p.serial_from and in_serial_range(code, p.serial_from, p.serial_to))


def split_shipped_codes(p: ProductData, codes: list[str]) -> tuple[list[str], list[str]]:
    """The shipped codes that are sticker serials and those that are batch codes, by the product's formats."""
    serials = [c for c in codes if _fits_serial(p, c)]
    batches = [
        c
        for c in codes
        if c not in serials and p.batch_code_format and matches_format(c, p.batch_code_format)
    ]
    rest = [c for c in codes if c not in serials and c not in batches]
    if rest:
        # A shipped code fitting neither format: the shipment is the authority, so check it
        # on the sticker if the product has one, else as the batch code.
        (serials if has_sticker(p) or not p.batch_code_format else batches).extend(rest)
    return serials, batches


def has_sticker(p: ProductData) -> bool:
    return bool(p.sticker or p.serial_format or p.serial_from)


def _feature_steps(
    prefix: str,
    category: str,
    kind: str,
    features: list[str],
    common: dict[str, Any],
    title: Callable[[str], str],
) -> list[StepSpec]:
    """One step per listed feature of a product (hidden marks, hang tags, packaging, accessories)."""
    return [
        StepSpec(f"{prefix}{i}", category, kind, title(feature), **common)
        for i, feature in enumerate(features, start=1)
    ]


def product_steps(line: OrderLineData, p: ProductData, language: str = ENGLISH) -> list[StepSpec]:
    """The steps for one order line, from the product's identifying features."""
    t = partial(say, language)
    n = line.line_no
    photos = tuple(p.photos)
    qty = t(" (×{quantity}: check each)", quantity=line.quantity) if line.quantity > 1 else ""
    serials, batches = split_shipped_codes(p, line.serials)
    common = {"line_no": n, "sku": p.sku}
    steps = [
        StepSpec(
            f"{n}.sku",
            Category.IDENTITY,
            "sku",
            t("Is it our {name} (SKU {sku}){quantity}?", name=p.name, sku=p.sku, quantity=qty),
            t("Compare with the reference photos: shape, colour, logo, material."),
            photos=photos,
            **common,
        )
    ]
    if has_sticker(p):
        wants = []
        if serials:
            wants.append(t("the serial we shipped: {serials}", serials=", ".join(serials)))
        if p.serial_from:
            wants.append(t("in our range {first}…{last}", first=p.serial_from, last=p.serial_to))
        if p.serial_format:
            wants.append(t("format {format}", format=p.serial_format))
        steps.append(
            StepSpec(
                f"{n}.sticker",
                Category.IDENTITY,
                "sticker",
                t("Our anti-counterfeit sticker present: {sticker}", sticker=p.sticker)
                if p.sticker
                else t("Our anti-counterfeit sticker present"),
                t("Read its serial aloud and enter it; it must be {wants}", wants="; ".join(wants))
                if wants
                else "",
                expects={
                    "what": "serial",
                    "format": p.serial_format,
                    "from": p.serial_from,
                    "to": p.serial_to,
                    "shipped": serials,
                },
                **common,
            )
        )
    steps += _feature_steps(
        f"{n}.mark",
        Category.IDENTITY,
        "mark",
        p.hidden_marks,
        common,
        lambda mark: t("Hidden store mark: {mark}", mark=mark),
    )
    if p.batch_code_format or batches:
        steps.append(
            StepSpec(
                f"{n}.batch",
                Category.IDENTITY,
                "batch",
                t("Batch code fits our format {format}", format=p.batch_code_format)
                if p.batch_code_format
                else t("Batch code is the one we shipped"),
                t(
                    "Enter the batch code printed on the item; we shipped {batches}.",
                    batches=", ".join(batches),
                )
                if batches
                else t("Enter the batch code printed on the item."),
                expects={"what": "batch code", "format": p.batch_code_format, "shipped": batches},
                **common,
            )
        )
    steps += _feature_steps(
        f"{n}.tag",
        Category.COMPLETENESS,
        "tag",
        p.hang_tags,
        common,
        lambda tag: t("Hang tag attached: {tag}", tag=tag),
    )
    steps += _feature_steps(
        f"{n}.pack",
        Category.COMPLETENESS,
        "packaging",
        p.packaging,
        common,
        lambda feature: t("Packaging: {feature}", feature=feature),
    )
    steps += _feature_steps(
        f"{n}.acc",
        Category.COMPLETENESS,
        "accessory",
        p.accessories,
        common,
        lambda accessory: t(
            "Accessory included: {accessory}{quantity}", accessory=accessory, quantity=qty
        ),
    )
    steps.append(
        StepSpec(
            f"{n}.damage",
            Category.CONDITION,
            "damage",
            t("{name}: no damage, wear or stains", name=p.name),
            t("Show every face of the item; a failed answer means it is damaged."),
            **common,
        )
    )
    return steps


def build_steps(
    order: OrderData | None,
    products: dict[str, ProductData],
    courier_number: str = "",
    language: str = ENGLISH,
) -> list[StepSpec]:
    """The whole checklist: general steps, then each shipped product's steps (generic ones when unknown).

    The titles are written in the desk's language: they are stored with the inspection and
    shown on its video and in its report as the desk read them.
    """
    steps = general_steps(courier_number or (order.return_courier if order else ""), language)
    if order is None:
        return steps + unknown_order_steps(language)
    for line in order.lines:
        product = products.get(line.sku)
        if product is None:
            # The catalog lost this SKU since the order was imported: check by hand.
            steps += [
                StepSpec(
                    f"{line.line_no}.{s.key.split('.')[1]}",
                    s.category,
                    s.kind,
                    say(
                        language,
                        "SKU {sku} (not in the catalog): {title}",
                        sku=line.sku,
                        title=s.title,
                    ),
                    line_no=line.line_no,
                    sku=line.sku,
                )
                for s in unknown_order_steps(language)
            ]
        else:
            steps += product_steps(line, product, language)
    return steps


def serial_read_as_returned_item(sku: str, expects: dict[str, Any]) -> bool:
    """A return's serial step about one SKU: the serial read there is a returned item.

    The one rule for what was shipped: such a serial is compared with the order's filmed
    packing, or else with the export's serials, by core/packing.py, and the difference is a
    finding that core/decision.py weighs by its source (a packing decisive; the export less,
    at most a dispute). The step itself then only asks whether the serial is ours at all
    (format, range): see `value_problem(..., against_shipped=False)`. So a serial typed into
    the checklist and one given with `inspect --returned-serial` weigh the same.
    """
    return bool(sku) and expects.get("what") == "serial"


def value_problem(
    expects: dict[str, Any], value: str, language: str = ENGLISH, against_shipped: bool = True
) -> str | None:
    """Why a code read at the desk does not match what the step expects, or None when it does.

    `against_shipped=False` leaves out the comparison with the export's shipped codes (the
    rules weigh that as a finding; see `serial_read_as_returned_item`).
    """
    code = normalize_code(value)
    if not code or not expects:
        return None
    t = partial(say, language)
    what = t(expects.get("what", "code"))
    if expects.get("equals"):
        if code != expects["equals"]:
            return t(
                "{what} {code} is not {expected}", what=what, code=code, expected=expects["equals"]
            )
        return None
    shipped = (expects.get("shipped") or []) if against_shipped else []
    if shipped:
        if code in shipped:
            return None
        return t(
            "{what} {code} is not the one we shipped in this order ({shipped})",
            what=what,
            code=code,
            shipped=", ".join(shipped),
        )
    if expects.get("what") == "serial":
        product = ProductData(
            sku="",
            name="",
            serial_format=expects.get("format", ""),
            serial_from=expects.get("from", ""),
            serial_to=expects.get("to", ""),
        )
        return serial_problem(product, code)
    fmt = expects.get("format", "")
    if fmt and not matches_format(code, fmt):
        return t("{what} {code} does not fit our format {format}", what=what, code=code, format=fmt)
    return None
