"""The platforms' export layouts, recognised from their header row, and the seller's own mappings.

Each layout says which of its columns feed which field of an order. The header row is
looked for in the first rows of the file, so title rows above it (Meesho's returns
report, a 千牛 export saved with a caption) do not matter. The sources of the column
lists are named in docs/order-imports.md.

What each column means is recognised by core/recognise.py; a file it cannot read is mapped
by hand (the import window, or `--map FIELD=COLUMN`), and the mapping can be kept as a
named preset in the database, where every desk of the warehouse finds it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from inspector.core.errors import StorageError, ValidationError
from inspector.core.field_dictionary import DateOrder, Kind
from inspector.core.models import ImportPreset, utcnow
from inspector.core.recognise import APP_REQUIRED, HEADER_SEARCH_ROWS, Recognition

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
    "outbound_waybill",
    "outbound_carrier",
)
# Fields a person maps by hand in the import window (serials stay the app CSV's own).
MAPPABLE_FIELDS = tuple(f for f in FIELDS if f != "serials")
PRESETS_FILE = "order-import-presets.json"  # where presets were kept before the database


class Lines:
    """What a layout's SKU and quantity cells do to an order's lines."""

    REPLACE = "replace"  # the file lists every line of its orders
    IF_NONE = "if_none"  # a hint (one SKU per order or per refund): only for orders without lines


@dataclass(frozen=True)
class Layout:
    """How a file is read: what it is, whose it is and how its lines count."""

    key: str
    name: str  # as the result names it: "Taobao refund report"
    kind: str
    platform: str  # the platform when no column names it
    lines: str = Lines.REPLACE
    merge_lines: bool = False  # one row per unit (Lazada): equal SKUs add up
    strict: bool = False  # the app's own CSV: unknown columns and disagreeing rows refused
    required: tuple[str, ...] = ("order_number",)
    date_order: DateOrder | None = None


def header_key(cell: str) -> str:
    """A header cell as compared: case, spaces, '_' and '-' ignored ('Order ID' = 'order_id' = 'orderId')."""
    text = unicodedata.normalize("NFKC", cell).strip().lstrip("\ufeff").casefold()
    return re.sub(r"[\s_\-]+", "", text)


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


@dataclass(frozen=True)
class Recognised:
    """A file's layout, its header row and where each field is read from."""

    layout: Layout
    header_line: int
    header: list[str]
    field_columns: dict[str, int]  # field -> cell index
    unknown_columns: list[str] = field(default_factory=list)  # the app CSV's only
    recognition: Recognition | None = None


def from_recognition(found: Recognition, date_order: DateOrder | None = None) -> Recognised:
    """The recogniser's answer as the import reads it."""
    if found.is_app:
        layout = Layout(
            "app",
            "orders CSV",
            Kind.ORDERS,
            found.platform,
            strict=True,
            required=APP_REQUIRED,
            date_order=date_order or DateOrder.YMD,
        )
    else:
        report = found.report
        layout = Layout(
            found.key,
            found.name,
            found.kind,
            found.platform,
            Lines.IF_NONE if found.kind == Kind.RETURNS else Lines.REPLACE,
            report.merge_lines if report else False,
            date_order=date_order or found.date_order,
        )
    columns = {f: g.index for f, g in found.columns.items() if f in FIELDS}
    return Recognised(
        layout, found.header_line, found.header, columns, list(found.unknown_columns), found
    )


# --- a seller's own mapping ----------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of an unknown layout holds which field; kept under a name as a preset."""

    columns: dict[str, str]  # field -> the header text of its column
    platform: str = ""  # the platform when no column is mapped to it
    name: str = ""
    date_order: str = ""  # DMY or MDY when the file's dates could be read either way

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
            Kind.RETURNS if has_returns else Kind.ORDERS,
            self.platform.strip(),
            # A returns report's SKU is a hint: it gives lines only to orders without any.
            lines=Lines.IF_NONE if has_returns else Lines.REPLACE,
            date_order=DateOrder(self.date_order) if self.date_order else None,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "platform": self.platform,
            "columns": dict(self.columns),
            "date_order": self.date_order,
        }

    @classmethod
    def from_json(cls, data: dict) -> ColumnMapping:
        return cls(
            {str(k): str(v) for k, v in dict(data.get("columns", {})).items()},
            str(data.get("platform", "")),
            str(data.get("name", "")),
            str(data.get("date_order", "") or ""),
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
        keys = {header_key(c): i for i, c in reversed(list(enumerate(cells))) if c.strip()}
        if all(header_key(c) in keys for c in mapping.columns.values()):
            columns = {f: keys[header_key(c)] for f, c in mapping.columns.items()}
            return Recognised(layout, line, list(cells), columns)
    return None


def legacy_presets(data_dir: Path) -> dict[str, ColumnMapping]:
    """Presets an older version kept in one desk's data folder (moved into the database)."""
    path = Path(data_dir) / PRESETS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StorageError(f"Cannot read the import presets in {path}: {exc}.") from exc
    return {p["name"]: ColumnMapping.from_json(p) for p in data.get("presets", []) if p.get("name")}


def load_presets(session: Session) -> dict[str, ColumnMapping]:
    """The warehouse's presets (every desk sees the same), by name."""
    rows = session.exec(select(ImportPreset).order_by(ImportPreset.name)).all()
    return {
        r.name: ColumnMapping(
            {str(k): str(v) for k, v in json.loads(r.columns or "{}").items()},
            r.platform,
            r.name,
            r.date_order,
        )
        for r in rows
    }


def save_preset(session: Session, mapping: ColumnMapping) -> None:
    """Keep a mapping under its name (replacing one of the same name) for every desk."""
    name = mapping.name.strip()
    if not name:
        raise ValidationError("Give the preset a name of up to 80 characters.")
    if len(name) > 80:
        raise ValidationError(
            f"The preset name is {len(name)} characters long; the limit is 80. "
            "Give it a shorter name (it is not cut)."
        )
    mapping.check()
    row = session.exec(select(ImportPreset).where(ImportPreset.name == name)).first()
    if row is None:
        row = ImportPreset(name=name)
    row.platform = mapping.platform.strip()
    row.columns = json.dumps(dict(mapping.columns), ensure_ascii=False)
    row.date_order = mapping.date_order
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
