"""Orders the shop exported: CSV import (re-importing updates), expected returns, repeat offenders.

A later export from the shop carries the courier numbers buyers supplied since; importing
it again updates the orders. A blank optional cell keeps what is stored, so a partial
export never erases a courier number the desk already has.
"""

from __future__ import annotations

import contextlib
import gc
import json
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from inspector.core.chain import SealRefusedError, reseal_inspection
from inspector.core.csvfiles import (
    CsvFileError,
    CsvProblem,
    clean_code,
    clean_text,
    formula_like,
    parse_quantity,
    split_list,
)
from inspector.core.dates import (
    AmbiguousDate,
    DateOrderNeeded,
    is_ambiguous,
    order_shown,
    read_when,
)
from inspector.core.errors import ValidationError
from inspector.core.field_dictionary import DateOrder
from inspector.core.models import (
    Decision,
    Inspection,
    InspectionKind,
    Product,
    ShopOrder,
    ShopOrderLine,
    normalize_code,
    parse_reasons,
    utcnow,
)
from inspector.core.order_layouts import (
    FIELDS,
    ColumnMapping,
    Lines,
    Recognised,
    from_recognition,
    guess_header,
    header_key,
    match_mapping,
)
from inspector.core.policy import normalize_platform
from inspector.core.recognise import (
    APP_COLUMNS,
    APP_REQUIRED,
    HEADER_SEARCH_ROWS,
    Recognition,
    recognise,
)
from inspector.core.sheets import MAX_IMPORT_ROWS, TableFile, iter_rows, open_table, read_head

ORDER_COLUMNS = APP_COLUMNS
REQUIRED_ORDER_COLUMNS = APP_REQUIRED
# Order-level cells repeat on every line of an order; in the app's CSV they must agree.
_ORDER_FIELDS = (
    "platform",
    "buyer",
    "ship_date",
    "return_requested",
    "return_courier",
    "courier_supplied",
    "return_carrier",
    "reason",
    "outbound_waybill",
    "outbound_carrier",
)
REJECTED_DECISIONS = (Decision.REJECT, Decision.DISPUTE)
_T = TypeVar("_T")


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
    return_carrier: str = ""
    return_reason: str = ""
    outbound_waybill: str = ""
    outbound_carrier: str = ""


@dataclass(frozen=True)
class OrdersImportResult:
    path: Path
    created: int
    updated: int
    lines: int
    courier_numbers_added: int
    layout: str = "app"  # the layout's key (order_layouts.LAYOUTS), or "mapping"
    layout_name: str = "orders CSV"
    unchanged: int = 0
    warnings: tuple[CsvProblem, ...] = ()
    unknown_skus: tuple[str, ...] = ()
    platform: str = ""  # the platform the file was read as ("" when a column names it)
    skipped_rows: int = 0  # description rows, totals and notes: rows that are not an order
    blank_rows: int = 0
    outbound_waybills_added: int = 0

    def summary(self) -> str:
        """What happened, named as the file was recognised: 'Taobao refund report: 2 orders updated, 1 created'."""
        parts: list[str] = []
        for count, what in (
            (self.updated, "updated"),
            (self.created, "created"),
            (self.unchanged, "unchanged"),
        ):
            if count:
                noun = "order" if count == 1 else "orders"
                parts.append(f"{count} {what}" if parts else f"{count} {noun} {what}")
        if not parts:
            parts.append("no orders")
        if self.courier_numbers_added:
            added = self.courier_numbers_added
            parts.append(f"{added} return waybill{'' if added == 1 else 's'} added")
        if self.outbound_waybills_added:
            out = self.outbound_waybills_added
            parts.append(f"{out} outbound waybill{'' if out == 1 else 's'} added")
        if self.skipped_rows or self.blank_rows:
            skipped = []
            if self.skipped_rows:
                skipped.append(f"{self.skipped_rows} not an order (description, total or note)")
            if self.blank_rows:
                skipped.append(f"{self.blank_rows} blank")
            parts.append(f"rows skipped: {', '.join(skipped)}")
        name = self.layout_name
        if not name[1:2].isupper():  # "eBay …" keeps its spelling; "orders CSV" starts a sentence
            name = name[:1].upper() + name[1:]
        text = f"{name}: {', '.join(parts)}"
        if self.unknown_skus:
            text += (
                f"; {len(self.unknown_skus)} SKU(s) not in the catalog "
                f"({', '.join(self.unknown_skus[:5])}{' …' if len(self.unknown_skus) > 5 else ''}): "
                "their orders get the general steps until the products are added"
            )
        return text


class UnknownLayout(ValidationError):
    """A file whose header is no layout we know: the columns must be mapped by hand."""

    def __init__(self, path: Path, head: list[tuple[int, list[str]]]) -> None:
        self.path = Path(path)
        self.head = head
        guess = guess_header(head)
        self.header_line, self.header = guess if guess else (1, [])
        columns = ", ".join(c.strip() for c in self.header if c.strip())[:400]
        super().__init__(
            f"{self.path}: the columns are not a layout the app knows (header on line "
            f"{self.header_line}: {columns}). Map them in the import window, or with "
            "'inspector orders import FILE --map order_number=COLUMN --map return_courier=COLUMN "
            "… --platform NAME [--save-preset NAME]'; see docs/order-imports.md."
        )


class PlatformNeeded(ValidationError):
    """The columns do not tell whose export this is: the operator names the platform."""

    def __init__(self, path: Path, found: Recognition) -> None:
        self.path = Path(path)
        self.recognition = found
        if found.candidates:
            why = (
                f"its columns fit {' and '.join(found.candidates)} equally "
                f"({', '.join(f'{p}: {n}' for p, n in sorted(found.markers.items()))} columns "
                "of their own)"
            )
            example = found.candidates[0]
        else:
            why = "no column in it belongs to one platform only"
            example = "taobao"
        super().__init__(
            f"{self.path}: whose export is this? {why[:1].upper()}{why[1:]}. Import it again "
            f"naming the platform: 'inspector orders import FILE --platform {example}' "
            "(the import window asks the same)."
        )


class _Order:
    """One order as read from the file; __slots__ keep 200,000 of them small."""

    __slots__ = (
        "first_line",
        "raw",
        "platform",
        "buyer",
        "ship_date",
        "return_requested",
        "return_courier",
        "return_carrier",
        "supplied_on",
        "supplied_at",
        "reason",
        "lines",
        "outbound",
        "outbound_carrier",
    )

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.raw: tuple[str, ...] | None = None  # the app CSV's order cells, which must agree
        self.platform = ""
        self.buyer = ""
        self.ship_date: date | None = None
        self.return_requested: date | None = None
        self.return_courier = ""
        self.return_carrier = ""
        self.supplied_on: date | None = None
        self.supplied_at: datetime | None = None
        self.reason = ""
        self.lines: list[tuple[str, int, str]] = []  # (sku, quantity, serials JSON)
        self.outbound = ""
        self.outbound_carrier = ""


@dataclass
class _Read:
    """What reading a file found: its orders, what refuses it, warnings, rows skipped."""

    orders: dict[str, _Order] = field(default_factory=dict)
    problems: list[CsvProblem] = field(default_factory=list)
    warnings: list[CsvProblem] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    skipped: int = 0
    blank: int = 0


_DATE_FIELDS = ("ship_date", "return_requested", "courier_supplied")


def _not_an_order(cell: str) -> bool:
    """A cell where an order number should be that holds none: a description row under the
    header ("Platform unique order ID."), a total ("合计", "Total") or a note ("注：…")."""
    text = cell.strip()
    if not text:
        return True
    if not any(ch.isdigit() for ch in text):
        return True
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 or text.endswith((".", ":", "：", "。"))


def file_date_order(table: TableFile, found: Recognised) -> DateOrder | None:
    """The layout's day/month order, else the one the file's own dates show; DateOrderNeeded
    when its dates could be read either way and none settles it."""
    if found.layout.date_order is not None:
        return found.layout.date_order
    columns = [(f, found.field_columns[f]) for f in _DATE_FIELDS if f in found.field_columns]
    if not columns:
        return None
    first_ambiguous: tuple[int, str, str] | None = None
    for line, cells in iter_rows(table):
        if line <= found.header_line:
            continue
        for name, index in columns:
            cell = cells[index] if index < len(cells) else ""
            shown = order_shown([cell])
            if shown is not None:
                return shown
            if first_ambiguous is None and is_ambiguous(cell):
                first_ambiguous = (line, found.header[index].strip() or name, cell)
    if first_ambiguous is not None:
        raise DateOrderNeeded(table.path, *first_ambiguous)
    return None


def _read_orders(
    table: TableFile, found: Recognised, known_skus: set[str], date_order: DateOrder | None
) -> _Read:
    """Every order of the file, with the problems that refuse it, warnings and unknown SKUs."""
    name = str(table.path)
    layout = found.layout
    col = found.field_columns
    header = found.header
    read = _Read()
    problems, warnings, orders = read.problems, read.warnings, read.orders
    unknown: dict[str, int] = {}
    if layout.strict:
        for column in found.unknown_columns:
            problems.append(
                CsvProblem.said(
                    name,
                    found.header_line,
                    column,
                    "unknown column; the columns are: {columns}",
                    columns=", ".join(APP_COLUMNS),
                )
            )
        seen: set[str] = set()
        for column in (header_key(c) for c in header if c.strip()):
            if column in seen:
                problems.append(
                    CsvProblem.said(name, found.header_line, column, "this column appears twice")
                )
            seen.add(column)
    for required in layout.required:
        if required not in col:
            problems.append(
                CsvProblem.said(
                    name, found.header_line, required, "this column is missing from the header row"
                )
            )
    if problems:
        return read
    label = {f: header[i].strip() for f, i in col.items()}
    # Every row is cut or padded to the header, plus one empty cell that a field the
    # layout lacks points at: the loop below then indexes without a check (it runs 200,000 times).
    width = len(header)
    col_at = {f: col.get(f, width) for f in FIELDS}
    i_num, i_plat, i_buyer = col_at["order_number"], col_at["platform"], col_at["buyer"]
    i_sku, i_qty, i_serials = col_at["sku"], col_at["quantity"], col_at["serials"]
    i_ship, i_req = col_at["ship_date"], col_at["return_requested"]
    i_cour, i_carrier = col_at["return_courier"], col_at["return_carrier"]
    i_sup, i_reason = col_at["courier_supplied"], col_at["reason"]
    i_out, i_out_carrier = col_at["outbound_waybill"], col_at["outbound_carrier"]
    i_raw = [col_at[f] for f in _ORDER_FIELDS]
    has_platform, has_sku = "platform" in col, "sku" in col
    raw_cells = operator.itemgetter(*i_raw)
    dates = (
        (0, "ship_date", i_ship),
        (1, "return_requested", i_req),
        (2, "courier_supplied", i_sup),
    )
    rows = 0
    line = 0
    # A column's distinct cells converted once: SKUs, platforms, buyers, carriers, reasons,
    # quantities and dates repeat row after row (cells that made a problem are not kept).
    skus: dict[str, str] = {}
    platforms: dict[str, str] = {}
    buyers: dict[str, str] = {}
    carriers: dict[str, str] = {}
    reasons: dict[str, str] = {}
    quantities: dict[str, int] = {}
    moments: dict[str, tuple[date, datetime | None]] = {}

    def bad(fld: str, message: str | ValueError, **values: object) -> None:
        """A problem in the row being read (`line`), in the column that holds `fld`."""
        column = label.get(fld, fld)
        if isinstance(message, ValueError):
            problems.append(CsvProblem.of(name, line, column, message))
        else:
            problems.append(CsvProblem.said(name, line, column, message, **values))

    for line, cells in iter_rows(table):  # bad() above reads the current line
        if line <= found.header_line:
            continue
        if not "".join(cells).strip():
            read.blank += 1
            continue
        rows += 1
        if rows > MAX_IMPORT_ROWS:
            problems.append(
                CsvProblem.said(
                    name,
                    line,
                    "",
                    "the file has more than {limit} rows; export a shorter period and import "
                    "the files one after another",
                    limit=f"{MAX_IMPORT_ROWS:,}",
                )
            )
            break

        if len(cells) != width:
            if layout.strict and len(cells) > width and any(c.strip() for c in cells[width:]):
                bad(
                    "",
                    "the row has {cells} cells but the header has {width}",
                    cells=len(cells),
                    width=width,
                )
            cells = (cells + [""] * width)[:width]
        cells.append("")
        if not layout.strict and _not_an_order(cells[i_num]):
            read.skipped += 1
            continue
        cell = cells[i_num]
        if cell.isascii() and cell.isalnum() and len(cell) <= 100:
            number = cell.upper()  # what _code() makes of most cells, without its calls
        else:
            number = _code(cell, "order_number", bad, prefix=True)
            if number is None:
                continue
            if not number:
                bad("order_number", "the order number is empty")
                continue
        cell = cells[i_plat]
        platform = (
            platforms.get(cell)
            or _remember(platforms, cell, normalize_platform(clean_text(cell, 40)))
            if cell
            else ""
        )
        if has_platform and not platform and layout.strict:
            bad("platform", "the platform is empty (taobao, amazon, shopee, …)")
        cell = cells[i_sku]
        sku = (skus.get(cell) or _remember(skus, cell, _code(cell, "sku", bad))) if cell else ""
        sku = sku or ""
        if layout.strict and not sku and has_sku:
            bad("sku", "the SKU is empty")
        elif sku and sku not in known_skus and sku not in unknown:
            unknown[sku] = line
        quantity = 1
        cell = cells[i_qty]
        if cell and cell != "1":
            quantity = quantities.get(cell, 0)
            if not quantity and cell.strip():
                try:
                    quantity = _remember(quantities, cell, parse_quantity(cell))
                except ValueError as exc:
                    bad("quantity", exc)
            quantity = quantity or 1
        shipped = requested = supplied = None
        for k, fld, index in dates:
            text = cells[index]
            if not text:
                if k == 0 and layout.strict:
                    bad(fld, "the ship date is empty")
                continue
            when = moments.get(text)
            if when is None and text.strip():
                try:
                    when = read_when(text, date_order)
                except AmbiguousDate:
                    # The first date that could be read either way: the file must settle it
                    # (a date elsewhere in it that cannot be swapped), or the operator does.
                    date_order = file_date_order(table, found)
                    if date_order is None:
                        raise DateOrderNeeded(table.path, line, label.get(fld, fld), text) from None
                    when = read_when(text, date_order)
                except ValueError as exc:
                    bad(fld, exc)
                    continue
                _remember(moments, text, when)
            elif when is None:
                if k == 0 and layout.strict:
                    bad(fld, "the ship date is empty")
                continue
            if k == 0:
                shipped = when
            elif k == 1:
                requested = when
            else:
                supplied = when
        cell = cells[i_cour]
        if not cell:
            courier = ""
        elif cell.isascii() and cell.isalnum() and len(cell) <= 100:
            courier = cell.upper()
        else:
            courier = _code(cell, "return_courier", bad, prefix=True) or ""
        cell = cells[i_out]
        if not cell:
            outbound = ""
        elif cell.isascii() and cell.isalnum() and len(cell) <= 100:
            outbound = cell.upper()
        else:
            outbound = _code(cell, "outbound_waybill", bad, prefix=True) or ""
        if supplied and not courier and layout.strict:
            bad("courier_supplied", "a supply date is given but return_courier is empty")
        order = orders.get(number)
        if order is None:
            order = orders[number] = _Order(line)
        if layout.strict:
            raw = raw_cells(cells)
            if order.raw is None:
                order.raw = raw
            elif raw != order.raw:  # the same cells are the same values: most lines stop here
                theirs = _order_cells(order.raw)
                for f, mine, their in zip(_ORDER_FIELDS, _order_cells(raw), theirs, strict=True):
                    if mine != their:
                        bad(
                            f,
                            "order {number} has {theirs} here on line {first} but {mine} on this line",
                            number=number,
                            theirs=repr(their),
                            first=order.first_line,
                            mine=repr(mine),
                        )
        # Elsewhere a blank cell says nothing; a later row's value is the newer news.
        if platform:
            order.platform = platform
        cell = cells[i_buyer]
        buyer = (
            (buyers.get(cell) or _remember(buyers, cell, _name(cell, "buyer", 200, bad)))
            if cell
            else ""
        )
        if buyer:
            order.buyer = buyer
        if shipped:
            order.ship_date = shipped[0]
        if requested:
            order.return_requested = requested[0]
        if courier:
            order.return_courier = courier
        if supplied and (courier or not layout.strict):
            order.supplied_on, order.supplied_at = supplied
        cell = cells[i_carrier]
        carrier = (
            carriers.get(cell) or _remember(carriers, cell, _name(cell, "return_carrier", 100, bad))
            if cell
            else ""
        )
        if carrier:
            order.return_carrier = carrier
        if outbound:
            order.outbound = outbound
        cell = cells[i_out_carrier]
        out_carrier = (
            carriers.get(cell)
            or _remember(carriers, cell, _name(cell, "outbound_carrier", 100, bad))
            if cell
            else ""
        )
        if out_carrier:
            order.outbound_carrier = out_carrier
        cell = cells[i_reason]
        reason = (
            (reasons.get(cell) or _remember(reasons, cell, clean_text(cell, 500))) if cell else ""
        )
        if reason:
            order.reason = reason
        if sku:
            serials = (
                [normalize_code(s) for s in split_list(cells[i_serials])]
                if cells[i_serials]
                else None
            )
            encoded = json.dumps(serials, ensure_ascii=False) if serials else "[]"
            if layout.merge_lines:
                for k, (s, q, ser) in enumerate(order.lines):
                    if s == sku:
                        order.lines[k] = (s, q + quantity, ser)
                        break
                else:
                    order.lines.append((sku, quantity, encoded))
            else:
                order.lines.append((sku, quantity, encoded))
        if len(problems) > 1000:  # enough to fix; reading on would only use memory
            break
    if not rows and not problems:
        problems.append(
            CsvProblem.said(name, found.header_line + 1, "", "the file has a header but no orders")
        )
    elif not orders and not problems:
        # Every row was taken for a description, total or note: the column is not the order's.
        problems.append(
            CsvProblem.said(
                name,
                found.header_line + 1,
                label.get("order_number", "order_number"),
                "no row holds an order number in this column; map the order number's column",
            )
        )
    for sku, line in unknown.items():
        warnings.append(
            CsvProblem.said(
                name,
                line,
                label.get("sku", "sku"),
                "SKU {sku} is not in the product catalog: imported; its orders get the general "
                "steps until the product is added",
                sku=sku,
            )
        )
    read.unknown = list(unknown)
    return read


_MEMO_LIMIT = 50_000  # distinct cells kept per column: a file of unique names stays small


def _remember(memo: dict, cell: str, value: _T) -> _T:
    """`value` (a cell's conversion) kept for the cell's next appearance, unless it is empty."""
    if value:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[cell] = value
    return value


def _order_cells(raw: tuple[str, ...]) -> tuple[str, ...]:
    """An app-CSV line's order cells (_ORDER_FIELDS) as compared between its lines: trimmed,
    the platform and the waybills as stored."""
    cells = [c.strip() for c in raw]
    cells[0] = normalize_platform(clean_text(cells[0], 40)) if cells[0] else ""
    for k in (4, 8):  # return_courier, outbound_waybill
        with contextlib.suppress(ValueError):  # a bad code was reported on its own line
            cells[k] = clean_code(cells[k], strip_number_prefix=True) if cells[k] else ""
    return tuple(cells)


def _code(cell: str, fld: str, bad: Callable[..., None], prefix: bool = False) -> str | None:
    """A code cell (order number, SKU, waybill) cleaned; None (and a problem) when it is bad."""
    try:
        code = clean_code(cell, strip_number_prefix=prefix)
    except ValueError as exc:
        bad(fld, exc)
        return None
    if code and formula_like(code):
        bad(
            fld,
            "{cell} looks like a spreadsheet formula, not a code: a code cannot start with "
            "= + - or @; correct the cell in the export and import it again",
            cell=repr(cell.strip()),
        )
        return None
    if len(code) > 100:
        bad(
            fld,
            "the code is {length} characters long; the limit is 100 (it is not cut)",
            length=len(code),
        )
        return None
    return code


def _name(cell: str, fld: str, limit: int, bad: Callable[..., None]) -> str:
    """A name (buyer, carrier) cleaned; one longer than the limit is refused, not cut."""
    text = clean_text(cell, limit + 1)
    if len(text) > limit:
        bad(fld, "the name is longer than {limit} characters; it is refused, not cut", limit=limit)
        return ""
    return text


def read_layout(
    path: Path,
    mapping: ColumnMapping | None = None,
    platform: str = "",
    date_order: DateOrder | None = None,
) -> tuple[TableFile, Recognised]:
    """How a file is read and what its columns mean; UnknownLayout when no column holds an
    order number, PlatformNeeded when nothing tells whose export it is."""
    table = open_table(Path(path))
    head = read_head(table, HEADER_SEARCH_ROWS)
    if not any(any(c.strip() for c in cells) for _, cells in head):
        raise CsvFileError(
            table.path,
            [CsvProblem(str(table.path), 1, "", "the file is empty; it needs a header row")],
        )
    if mapping is not None:
        found = match_mapping(mapping, head)
        if found is None:
            missing = ", ".join(mapping.columns.values())
            raise ValidationError(
                f"{table.path}: no row in the first {HEADER_SEARCH_ROWS} holds all the mapped "
                f"columns ({missing}); check the column names against the file's header."
            )
        if date_order is not None:
            found = Recognised(
                replace(found.layout, date_order=date_order),
                found.header_line,
                found.header,
                found.field_columns,
            )
        return table, found
    recognition = recognise(head, normalize_platform(platform) if platform else "")
    if recognition is None:
        raise UnknownLayout(table.path, head)
    if not recognition.platform_known:
        raise PlatformNeeded(table.path, recognition)
    return table, from_recognition(recognition, date_order)


_STORED = (
    "id",
    "order_number",
    "platform",
    "buyer",
    "ship_date",
    "return_requested_on",
    "return_courier",
    "return_carrier",
    "return_reason",
    "courier_supplied_on",
    "courier_supplied_at",
    "outbound_waybill",
    "outbound_carrier",
    "courier_supplied_offset",
)
# Built once: an IN (...) whose list is a parameter is compiled once and cached, where
# in_(chunk) coerced each of a chunk's thousands of values into a new statement every time.
_ORDERS = ShopOrder.__table__
_LINES = ShopOrderLine.__table__
_STORED_QUERY = sa.select(*(_ORDERS.c[c] for c in _STORED)).where(
    _ORDERS.c.order_number.in_(sa.bindparam("numbers", expanding=True))
)
_IDS_QUERY = sa.select(_ORDERS.c.id, _ORDERS.c.order_number).where(
    _ORDERS.c.order_number.in_(sa.bindparam("numbers", expanding=True))
)
_DELETE_LINES = sa.delete(_LINES).where(_LINES.c.order_id.in_(sa.bindparam("ids", expanding=True)))
_STORED_LINES_QUERY = (
    sa.select(_LINES.c.order_id, _LINES.c.sku, _LINES.c.quantity, _LINES.c.serials)
    .where(_LINES.c.order_id.in_(sa.bindparam("ids", expanding=True)))
    .order_by(_LINES.c.order_id, _LINES.c.line_no)
)


_HIGHEST_ID = sa.select(sa.func.max(_ORDERS.c.id))
# An export at least this many orders long, into a table it at least quadruples, is written
# with the orders' and lines' plain indexes dropped and built again at the end: SQLite then
# sorts each index once instead of inserting into it row by row (for the buyer index, at a
# random place each time). Measured on 154,131 orders: a quarter of the inserts' CPU time.
REBUILD_INDEXES_FROM = 10_000


def _stored(
    session: Session, chunk: list[str], parsed: dict[str, _Order]
) -> tuple[dict[str, tuple], dict[int, list[tuple[str, int, str]]]]:
    """What is stored for these order numbers: their columns (_STORED) and their lines."""
    stored = {row[1]: tuple(row) for row in session.execute(_STORED_QUERY, {"numbers": chunk})}
    lines: dict[int, list[tuple[str, int, str]]] = {}
    with_lines = [stored[n][0] for n in chunk if n in stored and parsed[n].lines]
    if with_lines:
        for order_id, sku, quantity, serials in session.execute(
            _STORED_LINES_QUERY, {"ids": with_lines}
        ):
            lines.setdefault(order_id, []).append((sku, quantity, serials or "[]"))
    return stored, lines


def _rebuild_pays(session: Session, orders: int, highest: int | None) -> bool:
    """Whether this import's orders are better written without the plain indexes (SQLite only:
    on PostgreSQL DROP INDEX would lock the table against every desk until the import ends)."""
    if session.connection().dialect.name != "sqlite" or orders < REBUILD_INDEXES_FROM:
        return False
    return orders >= 3 * (highest or 0)


def _drop_indexes(session: Session) -> list[str]:
    """Drop the orders' and lines' non-unique indexes in this transaction; their CREATE
    statements, as the migrations wrote them, for _restore_indexes(). A rollback restores them."""
    conn = session.connection()
    statements = []
    for table in (_ORDERS.name, _LINES.name):
        # origin "c": made by CREATE INDEX; UNIQUE ones stay, they refuse duplicates as rows go in.
        for _, name, unique, origin, _partial in conn.exec_driver_sql(
            f"PRAGMA index_list({table})"
        ).fetchall():
            if unique or origin != "c":
                continue
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
            ).scalar()
            if sql:
                statements.append(sql)
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return statements


def _restore_indexes(session: Session, statements: list[str]) -> None:
    conn = session.connection()
    for sql in statements:
        conn.exec_driver_sql(sql)


def _offset(moment: datetime | None) -> int | None:
    """The minutes east of UTC a time was written in (None without a time)."""
    if moment is None or moment.utcoffset() is None:
        return None
    return int(moment.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]


def import_orders(
    session: Session,
    path: Path,
    mapping: ColumnMapping | None = None,
    platform: str = "",
    date_order: DateOrder | None = None,
) -> OrdersImportResult:
    """Create or update orders from a platform export or the app's CSV; all or nothing.

    (See _import_orders.) The cyclic garbage collector is paused meanwhile: the hundreds of
    thousands of small objects a big export makes would have it scan them again and again,
    for a third of the import's time, and they hold no cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _import_orders(session, path, mapping, platform, date_order)
    finally:
        if enabled:
            gc.enable()


def _import_orders(
    session: Session,
    path: Path,
    mapping: ColumnMapping | None = None,
    platform: str = "",
    date_order: DateOrder | None = None,
) -> OrdersImportResult:
    """Create or update orders from a platform export or the app's CSV; all or nothing.

    What each column means is recognised from the header row (or given by `mapping`);
    `platform` and `date_order` are the operator's answers when the file does not tell.
    Orders are matched by order number: a refund or returns report fills in the return's
    waybill, carrier, dates and reason, and creates an order it does not find. A blank cell
    keeps what is stored, and an import that brings nothing new writes nothing.
    """
    table, found = read_layout(Path(path), mapping, platform, date_order)
    layout = found.layout
    known = set(session.exec(select(Product.sku)).all())
    read = _read_orders(table, found, known, found.layout.date_order)
    parsed, problems, warnings, unknown = read.orders, read.problems, read.warnings, read.unknown
    if problems:
        raise CsvFileError(table.path, problems)
    name = str(table.path)
    now = utcnow()
    today = now.astimezone().date()
    writer = _Writer(session)
    flagged: list[_Flag] = []
    created = updated = unchanged = added = outbound_added = 0
    numbers = list(parsed)
    layout_platform = normalize_platform(layout.platform)
    # The highest id bounds how many orders are stored (an index lookup, where count(*)
    # reads them all): none means every order of the file is new and nothing is looked up.
    highest = session.execute(_HIGHEST_ID).scalar()
    dropped = _drop_indexes(session) if _rebuild_pays(session, len(numbers), highest) else []
    try:
        # A few thousand orders at a time: what is stored for them, compared, written, let go.
        for chunk in _chunks(numbers):
            stored, stored_lines = _stored(session, chunk, parsed) if highest else ({}, {})
            for number in chunk:
                p = parsed.pop(number)  # what is written is let go: 200,000 orders stay small
                old = stored.pop(number, None)
                values = dict(zip(_STORED, old, strict=True)) if old else None
                row = (
                    dict(values)
                    if values
                    else {
                        "order_number": number,
                        "platform": p.platform or layout_platform,
                        "buyer": "",
                        "ship_date": None,
                        "return_requested_on": None,
                        "return_courier": "",
                        "return_carrier": "",
                        "return_reason": "",
                        "courier_supplied_on": None,
                        "courier_supplied_at": None,
                        "outbound_waybill": "",
                        "outbound_carrier": "",
                        "courier_supplied_offset": None,
                    }
                )
                if p.platform:  # a column names it; a layout's own platform only starts an order
                    row["platform"] = p.platform
                if not row["platform"]:
                    problems.append(
                        CsvProblem.said(
                            name,
                            p.first_line,
                            "platform",
                            "the platform is empty (taobao, amazon, …)",
                        )
                    )
                if p.buyer:
                    row["buyer"] = p.buyer
                if p.ship_date:
                    row["ship_date"] = p.ship_date
                if p.return_requested:
                    row["return_requested_on"] = p.return_requested
                if p.return_carrier:
                    row["return_carrier"] = p.return_carrier
                if p.reason:
                    row["return_reason"] = p.reason
                if p.outbound and p.outbound != row["outbound_waybill"]:
                    outbound_added += 1
                    row["outbound_waybill"] = p.outbound
                if p.outbound_carrier:
                    row["outbound_carrier"] = p.outbound_carrier
                if p.return_courier and p.return_courier != row["return_courier"]:
                    added += 1
                    row["return_courier"] = p.return_courier
                    if p.supplied_on:
                        row["courier_supplied_on"], row["courier_supplied_at"] = (
                            p.supplied_on,
                            p.supplied_at,
                        )
                        row["courier_supplied_offset"] = _offset(p.supplied_at)
                    else:
                        # The export does not say when: it became known with this import.
                        row["courier_supplied_on"], row["courier_supplied_at"] = today, now
                        row["courier_supplied_offset"] = None
                elif p.supplied_on and row["return_courier"]:
                    row["courier_supplied_on"], row["courier_supplied_at"] = (
                        p.supplied_on,
                        p.supplied_at,
                    )
                    row["courier_supplied_offset"] = _offset(p.supplied_at)
                lines = None
                if p.lines:
                    current = stored_lines.pop(values["id"], []) if values else []
                    if layout.lines == Lines.REPLACE or not current:
                        lines = None if p.lines == current else p.lines
                if values is None:
                    created += 1
                    row["imported_at"] = now
                    writer.create(row, p.lines)
                elif row != values or lines is not None:
                    updated += 1
                    row["imported_at"] = now
                    writer.change(row, lines)
                else:
                    unchanged += 1
                    continue
                flagged.append(
                    _Flag(
                        number,
                        row["platform"],
                        row["return_courier"],
                        row["courier_supplied_on"],
                        row["courier_supplied_at"],
                    )
                )
        writer.flush()
    except BaseException:
        if dropped:  # the rollback brings them back; restored here in case a caller commits
            with contextlib.suppress(sa.exc.DBAPIError):
                _restore_indexes(session, dropped)
        raise
    _restore_indexes(session, dropped)
    if problems:  # the session rolls back what was written
        raise CsvFileError(table.path, problems)
    session.flush()
    refresh_courier_flags(session, flagged)
    return OrdersImportResult(
        table.path,
        created,
        updated,
        writer.lines_written,
        added,
        layout.key,
        layout.name,
        unchanged,
        tuple(warnings),
        tuple(unknown),
        layout.platform,
        read.skipped,
        read.blank,
        outbound_added,
    )


def _bulk_insert(session: Session, table: sa.Table, rows: list[dict]) -> None:
    """INSERT many rows with the driver's executemany(), the columns' own conversions applied.

    The same rows through sa.insert() cost about 10 µs each in parameter processing; with
    200,000 orders and their lines that is most of an import's time. A column's conversion
    runs once per distinct value: an import's dates and its import time repeat row after row.
    """
    conn = session.connection()
    dialect = conn.dialect
    columns = list(rows[0])
    for column in columns:
        process = table.c[column].type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            continue
        done: dict[object, object] = {}
        for row in rows:
            value = row[column]
            if value is None:
                continue
            try:
                row[column] = done[value]
            except KeyError:
                row[column] = done[value] = process(value)
    # Positional parameters: with names, sqlite3 makes a string of each name and looks it up
    # in the row's dict, for every cell (measured: a few per cent of the import).
    values = operator.itemgetter(*columns)
    conn.exec_driver_sql(
        _insert_sql(dialect, table.name, tuple(columns)), [values(row) for row in rows]
    )


_LINE_COLUMNS = ("order_id", "line_no", "sku", "quantity", "serials")


def _insert_rows(
    session: Session, table: sa.Table, columns: tuple[str, ...], rows: list[tuple]
) -> None:
    """INSERT rows given as tuples of `columns` whose types need no conversion (numbers and
    text): the lines, made as tuples and handed to executemany() as they are."""
    conn = session.connection()
    dialect = conn.dialect
    for column in columns:
        if table.c[column].type.dialect_impl(dialect).bind_processor(dialect) is not None:
            raise TypeError(f"{table.name}.{column} needs a conversion: use _bulk_insert()")
    conn.exec_driver_sql(_insert_sql(dialect, table.name, columns), rows)


def _insert_sql(dialect: sa.Dialect, table: str, columns: tuple[str, ...]) -> str:
    """INSERT INTO table (columns) VALUES (?, …) for the driver's executemany()."""
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.name == "sqlite" else "%s"  # sqlite3's qmark, psycopg's format style
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(mark for _ in columns)})"
    )


class _Writer:
    """Orders and lines written in batches of a few thousand: executemany(), not objects."""

    BATCH = 5000

    def __init__(self, session: Session) -> None:
        self.session = session
        self.new: list[dict] = []
        self.new_lines: dict[str, list[tuple[str, int, str]]] = {}  # by new order's number
        self.changes: list[dict] = []
        self.replaced_lines: dict[int, list[tuple[str, int, str]]] = {}  # by stored order's id
        self.lines_written = 0
        self.update_columns = [c for c in _STORED if c not in ("id", "order_number")]
        self.update_columns.append("imported_at")
        self.update = (
            sa.update(_ORDERS)
            .where(_ORDERS.c.id == sa.bindparam("b_id"))
            .values({c: sa.bindparam("b_" + c) for c in self.update_columns})
        )

    def create(self, row: dict, lines: list[tuple[str, int, str]]) -> None:
        self.new.append(row)
        if lines:
            self.new_lines[row["order_number"]] = lines
        if len(self.new) >= self.BATCH:
            self.flush()

    def change(self, row: dict, lines: list[tuple[str, int, str]] | None) -> None:
        self.changes.append({("b_" + k): v for k, v in row.items()})
        if lines is not None:
            self.replaced_lines[row["id"]] = lines
        if len(self.changes) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        lines = self.replaced_lines
        stored_ids = list(lines)  # their old lines go; new orders have none
        if self.new and self.session.connection().dialect.name == "sqlite":
            # The new orders' ids given here, for their lines: in this write transaction no
            # other connection can insert, so the ids after the highest are free.
            highest = self.session.execute(_HIGHEST_ID).scalar() or 0
            for order_id, row in enumerate(self.new, start=highest + 1):
                row["id"] = order_id
                if (order_lines := self.new_lines.get(row["order_number"])) is not None:
                    lines[order_id] = order_lines
            _bulk_insert(self.session, _ORDERS, self.new)
            self.new, self.new_lines = [], {}
        elif self.new:
            _bulk_insert(self.session, _ORDERS, self.new)
            # The new orders' ids, for their lines (a sequence hands them out to every desk
            # at once). An INSERT … SELECT id FROM shop_order WHERE order_number = ? per line
            # was measured twice as slow on SQLite.
            for chunk in _chunks(list(self.new_lines)):
                for order_id, number in self.session.execute(_IDS_QUERY, {"numbers": chunk}):
                    lines[order_id] = self.new_lines[number]
            self.new, self.new_lines = [], {}
        if self.changes:
            self.session.execute(self.update, self.changes)
            self.changes = []
        if lines:
            for chunk in _chunks(stored_ids):
                self.session.execute(_DELETE_LINES, {"ids": chunk})
            rows = [
                (order_id, i, sku, q, ser)
                for order_id, order_lines in lines.items()
                for i, (sku, q, ser) in enumerate(order_lines, start=1)
            ]
            if rows:
                _insert_rows(self.session, _LINES, _LINE_COLUMNS, rows)
            self.lines_written += len(rows)
            self.replaced_lines = {}


class _Flag(NamedTuple):
    """What the late-courier rule needs of an order (a tuple: one is made per order imported)."""

    order_number: str
    platform: str
    return_courier: str
    courier_supplied_on: date | None
    courier_supplied_at: datetime | None


def skus_missing_from_catalog(session: Session) -> list[tuple[str, int]]:
    """SKUs that imported orders name but the catalog does not have, with how many orders each."""
    lines = ShopOrderLine.__table__.c
    query = (
        sa.select(lines.sku, sa.func.count(sa.distinct(lines.order_id)))
        .where(~sa.exists().where(Product.__table__.c.sku == lines.sku))
        .group_by(lines.sku)
        .order_by(sa.func.count(sa.distinct(lines.order_id)).desc(), lines.sku)
    )
    return [(sku, count) for sku, count in session.execute(query)]


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
    supplied_at = order.courier_supplied_at
    if supplied_at is not None and order.courier_supplied_offset is not None:
        # Shown in the zone the export wrote it in: the same instant.
        supplied_at = supplied_at.astimezone(
            timezone(timedelta(minutes=order.courier_supplied_offset))
        )
    return OrderData(
        order.order_number,
        order.platform,
        order.buyer,
        order.ship_date,
        order.return_requested_on,
        order.return_courier,
        order.courier_supplied_on,
        supplied_at,
        [
            OrderLineData(ln.line_no, ln.sku, ln.quantity, json.loads(ln.serials or "[]"))
            for ln in lines
        ],
        order.return_carrier,
        order.return_reason,
        order.outbound_waybill,
        order.outbound_carrier,
    )


def order_number_forms(order_number: str) -> tuple[str, ...]:
    """The stored numbers a typed or scanned order number may be, to look up in this order.

    "#3001" is 3001 as Etsy's and Shopify's pages and packing slips show it; imports store
    the number, the "#" is looked up as typed first (an order imported with it by an older
    version keeps it).
    """
    number = normalize_code(order_number)
    if number.startswith("#") and number[1:]:
        return (number, number[1:])
    return (number,) if number else ()


def find_order(session: Session, order_number: str) -> OrderData | None:
    """The order with this number, or None; "#3001" finds 3001 (order_number_forms)."""
    for number in order_number_forms(order_number):
        row = session.exec(select(ShopOrder).where(ShopOrder.order_number == number)).first()
        if row is not None:
            return _to_data(session, row)
    return None


def find_order_by_courier(session: Session, courier_number: str) -> OrderData | None:
    """The order whose return is expected under this courier (waybill) number, or None."""
    code = normalize_code(courier_number)
    if not code:
        return None
    row = session.exec(select(ShopOrder).where(ShopOrder.return_courier == code)).first()
    return _to_data(session, row) if row else None


def orders_sharing_courier(session: Session, courier_number: str) -> list[str]:
    """Every order whose return comes back under this waybill (one parcel may return several)."""
    code = normalize_code(courier_number)
    if not code:
        return []
    query = (
        select(ShopOrder.order_number)
        .where(ShopOrder.return_courier == code)
        .order_by(ShopOrder.order_number)
    )
    return list(session.exec(query))


def find_order_by_outbound(session: Session, waybill: str) -> OrderData | None:
    """The order that went out under this waybill (a refused or undelivered parcel), or None."""
    code = normalize_code(waybill)
    if not code:
        return None
    row = session.exec(select(ShopOrder).where(ShopOrder.outbound_waybill == code)).first()
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


_INSPECTIONS_OF_ORDERS = select(Inspection).where(
    Inspection.order_number.in_(sa.bindparam("numbers", expanding=True))  # type: ignore[attr-defined]
)
# An inspection started from the waybill alone belongs to the order expecting it.
_INSPECTIONS_OF_WAYBILLS = select(Inspection).where(
    Inspection.order_number == "",
    Inspection.courier_number.in_(sa.bindparam("couriers", expanding=True)),  # type: ignore[attr-defined]
)


_HIGHEST_INSPECTION = sa.select(sa.func.max(Inspection.id))
_INSPECTION_CODES = sa.select(Inspection.id, Inspection.order_number, Inspection.courier_number)
_INSPECTIONS_BY_ID = select(Inspection).where(
    Inspection.id.in_(sa.bindparam("ids", expanding=True))  # type: ignore[union-attr]
)


def refresh_courier_flags(session: Session, orders: Sequence[ShopOrder | _Flag]) -> None:
    """Set the late-courier flag and platform on these orders' inspections, now that they are known or changed."""
    by_number = {o.order_number: o for o in orders}
    by_courier = {o.return_courier: o for o in orders if o.return_courier}
    found: list[tuple[Inspection, ShopOrder]] = []
    # The highest id bounds how many inspections there are: none at all (a warehouse's
    # first import) is nothing to flag.
    highest = session.execute(_HIGHEST_INSPECTION).scalar()
    if highest is None:
        return
    if highest < len(by_number):
        # Fewer inspections than orders (a big export): their codes read once and matched
        # here, where asking about every order took a query per 2,000 orders.
        ids = [
            insp_id
            for insp_id, number, courier in session.execute(_INSPECTION_CODES)
            if ((number in by_number) if number else (courier in by_courier))
        ]
        for chunk in _chunks(ids):
            for insp in session.execute(_INSPECTIONS_BY_ID, {"ids": chunk}).scalars():
                order = by_number[insp.order_number] if insp.order_number else None
                found.append((insp, order or by_courier[insp.courier_number]))
    else:
        for chunk in _chunks(list(by_number)):
            for insp in session.execute(_INSPECTIONS_OF_ORDERS, {"numbers": chunk}).scalars():
                found.append((insp, by_number[insp.order_number]))
        for chunk in _chunks(list(by_courier)):
            for insp in session.execute(_INSPECTIONS_OF_WAYBILLS, {"couriers": chunk}).scalars():
                found.append((insp, by_courier[insp.courier_number]))
    for insp, order in found:
        if not insp.order_number:
            insp.order_number = order.order_number
            session.add(insp)
            try:
                reseal_inspection(
                    session, insp, f"order {order.order_number} filled in from the waybill"
                )
            except SealRefusedError:
                # A record edited behind the app is left as it is (the refusal is in the
                # log, verify --all names it); the rest of the import goes on.
                insp.order_number = ""
                session.add(insp)
        arrived = insp.arrived_at or insp.started_at
        late = courier_timing(order, arrived) == CourierTiming.AFTER_ARRIVAL
        if insp.courier_supplied_late != late or insp.platform != order.platform:
            insp.courier_supplied_late = late
            insp.platform = order.platform
            session.add(insp)


def _chunks(items: list, size: int = 2000) -> list[list]:
    """Lists short enough for an IN (...) on any database (SQLite allows 32,766 parameters)."""
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
    # A packing of the order is not its return: only a return inspection settles it.
    inspected = select(Inspection.id).where(
        Inspection.kind == InspectionKind.RETURN,
        sa.or_(
            Inspection.order_number == ShopOrder.order_number,
            sa.and_(
                ShopOrder.return_courier != "",
                Inspection.courier_number == ShopOrder.return_courier,
            ),
        ),
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
        out.append(
            PastRejection(
                insp.id,
                insp.order_number,
                insp.decision,
                insp.started_at,
                parse_reasons(insp.decision_reasons),
            )
        )
    return out
