"""The platforms' export layouts, recognised from their header row, and the seller's own mappings.

Each layout says which of its columns feed which field of an order. The header row is
looked for in the first rows of the file, so title rows above it (Meesho's returns
report, a 千牛 export saved with a caption) do not matter. The sources of the column
lists are named in docs/order-imports.md.

A file in no known layout is mapped by hand (the import window, or `--map FIELD=COLUMN`);
the mapping can be kept as a named preset in the data folder.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from inspector.core.errors import StorageError, ValidationError

# What an order import can fill in. The app's own CSV uses these names as its columns
# (return_courier is the return waybill, courier_supplied when the buyer supplied it).
FIELDS = (
    "order_number",
    "platform",
    "buyer",
    "sku",
    "quantity",
    "serials",
    "ship_date",
    "return_requested",
    "return_courier",
    "return_carrier",
    "courier_supplied",
    "reason",
)
# Fields a person maps by hand in the import window (serials stay the app CSV's own).
MAPPABLE_FIELDS = tuple(f for f in FIELDS if f != "serials")
APP_COLUMNS = (
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
    "return_carrier",
    "reason",
)
APP_REQUIRED = ("order_number", "platform", "sku", "ship_date")
HEADER_SEARCH_ROWS = 20
PRESETS_FILE = "order-import-presets.json"


class Kind:
    ORDERS = "orders"  # what was sold: creates and updates orders, with their lines
    RETURNS = "returns"  # a refund or returns report: the return's waybill, dates and reason
    ITEMS = "items"  # one row per product sold: the orders' lines


class Lines:
    """What a layout's SKU and quantity cells do to an order's lines."""

    REPLACE = "replace"  # the file lists every line of its orders
    IF_NONE = "if_none"  # a hint (one SKU per order or per refund): only for orders without lines


@dataclass(frozen=True)
class Layout:
    key: str
    name: str  # as the result names it: "Taobao refund report"
    kind: str
    platform: str  # the platform when no column names it
    columns: dict[str, tuple[str, ...]]  # field -> the header names that carry it, first found wins
    signature: tuple[str, ...]  # header names that identify the layout, all present
    lines: str = Lines.REPLACE
    merge_lines: bool = False  # one row per unit (Lazada): equal SKUs add up
    strict: bool = False  # the app's own CSV: unknown columns and disagreeing rows refused
    required: tuple[str, ...] = ("order_number",)

    def with_name(self, name: str) -> Layout:
        return Layout(
            self.key,
            name,
            self.kind,
            self.platform,
            self.columns,
            self.signature,
            self.lines,
            self.merge_lines,
            self.strict,
            self.required,
        )


def header_key(cell: str) -> str:
    """A header cell as compared: case, spaces, '_' and '-' ignored ('Order ID' = 'order_id' = 'orderId')."""
    text = unicodedata.normalize("NFKC", cell).strip().lstrip("\ufeff").casefold()
    return re.sub(r"[\s_\-]+", "", text)


def _cols(**fields: str | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {k: (v,) if isinstance(v, str) else v for k, v in fields.items()}


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "app",
        "orders CSV",
        Kind.ORDERS,
        "",
        {c: (c,) for c in APP_COLUMNS},
        ("order_number",),
        strict=True,
        required=APP_REQUIRED,
    ),
    Layout(
        "amazon_returns",
        "Amazon returns report",
        Kind.RETURNS,
        "amazon",
        _cols(
            order_number="Order ID",
            return_requested="Return request date",
            # The prepaid label is issued with the request: the buyer has the waybill then.
            courier_supplied="Return request date",
            return_courier="Tracking ID",
            return_carrier="Return carrier",
            sku="Merchant SKU",
            quantity="Return quantity",
            reason="Return reason",
        ),
        ("Order ID", "Return request date", "Amazon RMA ID"),
        lines=Lines.IF_NONE,
    ),
    Layout(
        "taobao_refunds",
        "Taobao refund report",
        Kind.RETURNS,
        "taobao",
        _cols(
            order_number="订单编号",
            return_courier="退货物流单号",
            return_carrier="退货物流公司",
            return_requested="退款的申请时间",
            courier_supplied="买家退货时间",
            reason=("买家退款原因", "退款原因"),
            sku="商家编码",
        ),
        ("订单编号", "退款编号"),
        lines=Lines.IF_NONE,
    ),
    Layout(
        "qianniu_orders",
        "千牛 order export",
        Kind.ORDERS,
        "taobao",
        _cols(
            order_number="主订单编号",
            buyer=("买家昵称", "买家会员名"),
            sku=("商家编码", "外部系统编号"),
            quantity="购买数量",
            ship_date="发货时间",
        ),
        ("主订单编号", "子订单编号"),
    ),
    Layout(
        "taobao_items",
        "Taobao items report",
        Kind.ITEMS,
        "taobao",
        _cols(
            order_number="订单编号",
            sku=("商家编码", "外部系统编号"),
            quantity="购买数量",
        ),
        ("订单编号", "标题", "购买数量"),
    ),
    Layout(
        "taobao_orders",
        "Taobao order report",
        Kind.ORDERS,
        "taobao",
        _cols(
            order_number="订单编号",
            buyer="买家会员名",
            sku="商家编码",
            quantity="宝贝总数量",
            ship_date="发货时间",
        ),
        ("订单编号", "买家会员名", "买家应付货款"),
        lines=Lines.IF_NONE,
    ),
    Layout(
        "shopee_orders",
        "Shopee order export",
        Kind.ORDERS,
        "shopee",
        _cols(
            order_number="Order ID",
            buyer="Username (Buyer)",
            sku=("SKU Reference No.", "Parent SKU Reference No."),
            quantity="Quantity",
            ship_date=("Ship Time", "Order Ship Time"),
        ),
        ("Order ID", "Order Status", "SKU Reference No."),
    ),
    Layout(
        "lazada_orders",
        "Lazada order export",
        Kind.ORDERS,
        "lazada",
        _cols(
            order_number="Order Number",
            buyer="Customer Name",
            sku="Seller SKU",
            reason="Return Reason",
        ),
        ("Order Item Id", "Order Number", "Seller SKU"),
        merge_lines=True,
    ),
    Layout(
        "meesho_returns",
        "Meesho returns report",
        Kind.RETURNS,
        "meesho",
        _cols(
            # Sub-orders of one order come back in one parcel under one AWB.
            order_number=("Order Number", "Sub Order No"),
            return_courier="AWB Number",
            return_carrier="Courier Partner",
            return_requested="Return Created Date",
            courier_supplied="Return Created Date",
            ship_date="Dispatch Date",
            sku="SKU",
            quantity="Qty",
            reason="Return Reason",
        ),
        ("Sub Order No", "AWB Number"),
        lines=Lines.IF_NONE,
    ),
)
LAYOUT_NAMES = {layout.key: layout.name for layout in LAYOUTS}


@dataclass(frozen=True)
class Recognised:
    """A file's layout, its header row and where each field is read from."""

    layout: Layout
    header_line: int
    header: list[str]
    field_columns: dict[str, int]  # field -> cell index
    unknown_columns: list[str] = field(default_factory=list)  # the app CSV's only


def _match(layout: Layout, header: Sequence[str]) -> Recognised | None:
    keys = {header_key(c): i for i, c in reversed(list(enumerate(header))) if c.strip()}
    if not all(header_key(s) in keys for s in layout.signature):
        return None
    fields = {}
    for name, candidates in layout.columns.items():
        for column in candidates:
            if header_key(column) in keys:
                fields[name] = keys[header_key(column)]
                break
    unknown = []
    if layout.strict:
        known = {header_key(c) for cs in layout.columns.values() for c in cs}
        unknown = [c.strip() for c in header if c.strip() and header_key(c) not in known]
    return Recognised(layout, 0, list(header), fields, unknown)


def recognise(head: Iterable[tuple[int, list[str]]]) -> Recognised | None:
    """The first row that is the header of a known layout (the most specific wins), or None."""
    for line, cells in list(head)[:HEADER_SEARCH_ROWS]:
        found = [r for layout in LAYOUTS if (r := _match(layout, cells)) is not None]
        if found:
            best = max(found, key=lambda r: (len(r.layout.signature), len(r.field_columns)))
            return Recognised(
                best.layout, line, best.header, best.field_columns, best.unknown_columns
            )
    return None


def guess_header(head: Sequence[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """For a layout we do not know: the first row as wide as the table (title rows are narrower)."""
    rows = [
        (line, cells) for line, cells in head[:HEADER_SEARCH_ROWS] if any(c.strip() for c in cells)
    ]
    if not rows:
        return None
    widest = max(sum(1 for c in cells if c.strip()) for _, cells in rows)
    for line, cells in rows:
        if sum(1 for c in cells if c.strip()) >= max(2, (widest + 1) // 2):
            return line, cells
    return rows[0]


# --- a seller's own mapping ----------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of an unknown layout holds which field; kept under a name as a preset."""

    columns: dict[str, str]  # field -> the header text of its column
    platform: str = ""  # the platform when no column is mapped to it
    name: str = ""

    def check(self) -> None:
        unknown = [f for f in self.columns if f not in MAPPABLE_FIELDS]
        if unknown:
            raise ValidationError(
                f"Unknown field {', '.join(unknown)}; the fields are: {', '.join(MAPPABLE_FIELDS)}."
            )
        if "order_number" not in self.columns:
            raise ValidationError("Map a column to order_number: it is how orders are found.")
        if "platform" not in self.columns and not self.platform.strip():
            raise ValidationError(
                "Name the platform (taobao, amazon, …) or map a column to platform."
            )

    def layout(self) -> Layout:
        self.check()
        has_returns = any(
            f in self.columns for f in ("return_courier", "courier_supplied", "return_requested")
        )
        return Layout(
            "mapping",
            f"preset {self.name}" if self.name else "column mapping",
            Kind.RETURNS if has_returns and "sku" not in self.columns else Kind.ORDERS,
            self.platform.strip(),
            {f: (c,) for f, c in self.columns.items()},
            tuple(self.columns.values()),
            lines=Lines.REPLACE,
        )

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "platform": self.platform, "columns": dict(self.columns)}

    @classmethod
    def from_json(cls, data: dict) -> ColumnMapping:
        return cls(
            {str(k): str(v) for k, v in dict(data.get("columns", {})).items()},
            str(data.get("platform", "")),
            str(data.get("name", "")),
        )


def parse_map_options(options: Sequence[str], platform: str = "", name: str = "") -> ColumnMapping:
    """`--map FIELD=COLUMN` options as a mapping."""
    columns = {}
    for option in options:
        key, sep, column = option.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise ValidationError(
                f"--map {option!r}: write it as FIELD=COLUMN, e.g. order_number=订单号."
            )
        columns[key.strip().lower()] = column.strip()
    mapping = ColumnMapping(columns, platform, name)
    mapping.check()
    return mapping


def match_mapping(
    mapping: ColumnMapping, head: Iterable[tuple[int, list[str]]]
) -> Recognised | None:
    """The header row holding every mapped column, read with the mapping's layout."""
    layout = mapping.layout()
    for line, cells in list(head)[:HEADER_SEARCH_ROWS]:
        found = _match(layout, cells)
        if found is not None:
            return Recognised(layout, line, found.header, found.field_columns)
    return None


def load_presets(data_dir: Path) -> dict[str, ColumnMapping]:
    """The presets saved in this data folder, by name."""
    path = Path(data_dir) / PRESETS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StorageError(f"Cannot read the import presets in {path}: {exc}.") from exc
    return {p["name"]: ColumnMapping.from_json(p) for p in data.get("presets", []) if p.get("name")}


def save_preset(data_dir: Path, mapping: ColumnMapping) -> None:
    """Keep a mapping under its name (replacing one of the same name), written in one step."""
    name = mapping.name.strip()
    if not name or len(name) > 80:
        raise ValidationError("Give the preset a name of up to 80 characters.")
    mapping.check()
    presets = load_presets(data_dir)
    presets[name] = ColumnMapping(dict(mapping.columns), mapping.platform, name)
    path = Path(data_dir) / PRESETS_FILE
    payload = {"presets": [p.to_json() for p in sorted(presets.values(), key=lambda p: p.name)]}
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(
            f"Cannot save the import preset in {path}: {exc.strerror or exc}."
        ) from exc
