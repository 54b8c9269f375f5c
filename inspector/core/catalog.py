"""The store's product catalog: products, the features that identify them, CSV import and export.

Each identifying feature (the anti-counterfeit sticker and its serial range, hidden store
marks, hang tags, the batch-code format, packaging features, accessories) becomes a
checklist step for that product. Reference photos are copied into the data directory
(named by their content) so the catalog does not depend on where the CSV was. A product's
barcodes let the desk recognise it when scanned (BarcodeIndex), before any waybill pattern.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select
from stdnum import ean, isbn

from inspector.core.csvfiles import (
    CsvFileError,
    CsvProblem,
    control_character,
    formula_like,
    join_list,
    read_csv,
    split_list,
    strip_controls,
    write_csv_atomic,
)
from inspector.core.errors import StorageError, ValidationError
from inspector.core.images import image_problem
from inspector.core.models import Product, normalize_code, utcnow
from inspector.core.photos import local_copy, record_photo
from inspector.core.storage import Storage, safe_name

PRODUCT_COLUMNS = (
    "sku",
    "name",
    "photos",
    "sticker",
    "serial_format",
    "serial_from",
    "serial_to",
    "hidden_marks",
    "hang_tags",
    "batch_code_format",
    "packaging",
    "accessories",
    "barcodes",  # last: added later, so files written column by column still line up
)
REQUIRED_PRODUCT_COLUMNS = ("sku", "name")
PHOTO_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}
CATALOG_PHOTOS_DIR = "catalog"
_LIST_FIELDS = ("barcodes", "photos", "hidden_marks", "hang_tags", "packaging", "accessories")
MAX_BARCODE_LENGTH = 100
# GS1 codes (EAN-8, UPC-A, EAN-13, GTIN-14) end in a check digit a scanner verifies, so a
# number of these lengths that fails it was typed wrong and would never match a scan.
_GS1_LENGTHS = (8, 12, 13, 14)


@dataclass
class ProductData:
    """A product as the services, the GUI and the CSV see it; photos are storage-relative paths."""

    sku: str
    name: str
    photos: list[str] = field(default_factory=list)
    sticker: str = ""
    serial_format: str = ""
    serial_from: str = ""
    serial_to: str = ""
    hidden_marks: list[str] = field(default_factory=list)
    hang_tags: list[str] = field(default_factory=list)
    batch_code_format: str = ""
    packaging: list[str] = field(default_factory=list)
    accessories: list[str] = field(default_factory=list)
    barcodes: list[str] = field(default_factory=list)  # as scanned: no spaces, upper case

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    path: Path
    created: int
    updated: int
    rows: int


# --- code formats --------------------------------------------------------------------------

FORMAT_HELP = "'#' a digit, '@' a letter, '*' a letter or digit, anything else itself"


@lru_cache(maxsize=256)
def format_regex(fmt: str) -> re.Pattern[str]:
    """The regular expression for a code format such as 'AC-######' (see FORMAT_HELP)."""
    parts = []
    for ch in normalize_code(fmt):
        if ch == "#":
            parts.append(r"\d")
        elif ch == "@":
            parts.append(r"[A-Z]")
        elif ch == "*":
            parts.append(r"[A-Z0-9]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def matches_format(code: str, fmt: str) -> bool:
    """Whether a serial or batch code fits a format; an empty format accepts anything."""
    return not fmt or format_regex(fmt).fullmatch(normalize_code(code)) is not None


_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


def split_serial(code: str) -> tuple[str, int] | None:
    """A serial as its prefix and trailing number ('AC-000123' -> ('AC-', 123)), or None."""
    m = _TRAILING_NUMBER.match(normalize_code(code))
    return (m.group(1), int(m.group(2))) if m else None


def in_serial_range(code: str, first: str, last: str) -> bool:
    """Whether a serial lies between the first and last of a range with the same prefix."""
    parts, lo, hi = split_serial(code), split_serial(first), split_serial(last)
    if parts is None or lo is None or hi is None:
        return False
    return parts[0] == lo[0] == hi[0] and lo[1] <= parts[1] <= hi[1]


def serial_problem(product: ProductData, code: str) -> str | None:
    """Why a serial read off a sticker is not one of this product's, or None when it fits."""
    code = normalize_code(code)
    if product.serial_format and not matches_format(code, product.serial_format):
        return f"serial {code} does not fit our format {product.serial_format}"
    if (
        product.serial_from
        and product.serial_to
        and not in_serial_range(code, product.serial_from, product.serial_to)
    ):
        return f"serial {code} is outside our range {product.serial_from}…{product.serial_to}"
    return None


# --- barcodes ------------------------------------------------------------------------------


def gs1_check_digit(digits: str) -> int:
    """The GS1 check digit (EAN-8, UPC-A, EAN-13, GTIN-14) for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def gtin_key(code: str) -> str | None:
    """A product code as its GTIN-14, or None when it is no valid GTIN.

    One product code is printed several ways: a 12-digit UPC-A, the same number as a
    13-digit EAN with a leading 0, a GTIN-14, a book's ISBN-10 and its ISBN-13 (978…).
    They all become the same 14 digits here, so a scan finds the product whichever the
    catalog holds. The check digit must hold (python-stdnum).
    """
    value = normalize_code(code)
    if len(value) == 10 and isbn.is_valid(value):
        return isbn.to_isbn13(value).zfill(14)
    if value.isascii() and value.isdigit() and len(value) in _GS1_LENGTHS and ean.is_valid(value):
        return value.zfill(14)
    return None


def _stored_key(barcode: str) -> str:
    """gtin_key for a barcode the catalog holds: its GS1 check digit was verified when it was
    stored (barcode_problem), so reading 10,000 of them needs no second check."""
    if barcode.isascii() and barcode.isdigit() and len(barcode) in _GS1_LENGTHS:
        return barcode.zfill(14)
    return gtin_key(barcode) or barcode


def gtin_kind(code: str) -> str:
    """The name of the product-code format a valid GTIN is written in ("" when none)."""
    value = normalize_code(code)
    if gtin_key(value) is None:
        return ""
    if len(value) == 10 or (len(value) == 13 and value[:3] in ("978", "979")):
        return "ISBN"
    return {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}[len(value)]


def barcode_problem(code: str) -> str | None:
    """Why a product barcode cannot be stored (too long, wrong GS1 check digit), or None."""
    if len(code) > MAX_BARCODE_LENGTH:
        return f"the barcode {code[:20]}… is longer than {MAX_BARCODE_LENGTH} characters"
    if (bad := control_character(code)) is not None:
        return f"the barcode {ascii(code)} holds an invisible control character (U+{ord(bad):04X})"
    if code.isdigit() and code.isascii() and len(code) in _GS1_LENGTHS:
        expected = gs1_check_digit(code[:-1])
        if int(code[-1]) != expected:
            return (
                f"{code} is not a valid {len(code)}-digit GS1 barcode: its last digit should "
                f"be {expected}; copy the number printed under the bars again"
            )
    return None


def _barcodes(cell: str) -> tuple[list[str], list[str]]:
    """A product's barcodes as a scanner reads them (no spaces, upper case, no repeats), and problems."""
    codes: list[str] = []
    problems: list[str] = []
    for item in split_list(cell):
        code = normalize_code(item)
        problem = barcode_problem(code)
        if problem:
            problems.append(problem)
        elif code not in codes:
            codes.append(code)
    return codes, problems


def _barcode_owners(session: Session, skip: set[str]) -> dict[str, str]:
    """Every stored barcode and the SKU it belongs to, leaving out the products in skip."""
    owners: dict[str, str] = {}
    for sku, cell in session.exec(select(Product.sku, Product.barcodes)):
        if sku not in skip:
            for code in json.loads(cell or "[]"):
                owners[code] = sku
    return owners


@dataclass(frozen=True)
class ProductMatch:
    """A scanned code that is one of the store's product barcodes."""

    barcode: str
    sku: str
    name: str


class BarcodeIndex:
    """The catalog's barcodes, looked up in memory and rebuilt only when the catalog changed.

    GTINs are compared as GTINs (gtin_key): a scanned UPC-A finds the product whose catalog
    entry holds its EAN-13 with a leading 0, an ISBN-10 the one holding its ISBN-13.

    Each look-up asks the database two cheap questions (the newest product, and the latest
    change), so an edit made in the Catalog tab, an import or another desk is seen at the
    next scan without any signal between them.
    """

    def __init__(self) -> None:
        self._stamp: tuple[int, datetime | None] | None = None
        self._codes: dict[str, ProductMatch] = {}

    def find(self, session: Session, code: str) -> ProductMatch | None:
        """The product whose barcode this scanned code is, or None."""
        value = normalize_code(code)
        if not value:
            return None
        # The newest id and the newest change, each one index look-up: products are added
        # and edited, never deleted, so these two change whenever the barcodes may have.
        newest = session.exec(select(sa.func.max(Product.id))).one()
        latest = session.exec(select(sa.func.max(Product.updated_at))).one()
        stamp = (newest or 0, latest)
        if stamp != self._stamp:
            codes: dict[str, ProductMatch] = {}
            for sku, name, cell in session.exec(
                select(Product.sku, Product.name, Product.barcodes)
            ):
                for barcode in json.loads(cell or "[]"):
                    match = ProductMatch(barcode, sku, name)
                    codes.setdefault(_stored_key(barcode), match)
            self._codes, self._stamp = codes, stamp
        return self._codes.get(gtin_key(value) or value)


# --- validation ----------------------------------------------------------------------------


def validate_product(values: dict[str, str]) -> tuple[ProductData, list[tuple[str, str]]]:
    """A product from its text fields, and (column, problem) pairs for what is wrong."""
    problems: list[tuple[str, str]] = []
    # Codes holding a control character (ESC, NUL, RTL override…) are refused: they would
    # never match a scan and could print as something else; free text just loses them.
    for column in (
        "sku",
        "barcodes",
        "serial_format",
        "serial_from",
        "serial_to",
        "batch_code_format",
    ):
        if (bad := control_character(normalize_code(values.get(column, "")))) is not None:
            problems.append(
                (column, f"the code holds an invisible control character (U+{ord(bad):04X})")
            )
        elif formula_like(code := normalize_code(values.get(column, ""))):
            # Flagged where it is entered: =HYPERLINK(…), +CMD, @SUM(…) are no product's code.
            problems.append(
                (
                    column,
                    f"{code!r} looks like a spreadsheet formula, not a code: a code cannot "
                    "start with = + - or @",
                )
            )
    values = {k: strip_controls(v) if isinstance(v, str) else v for k, v in values.items()}
    sku = normalize_code(values.get("sku", ""))
    name = " ".join(values.get("name", "").split())
    if not sku:
        problems.append(("sku", "the SKU is empty"))
    elif len(sku) > 100:
        problems.append(("sku", "the SKU is longer than 100 characters"))
    if not name:
        problems.append(("name", "the product name is empty"))
    elif len(name) > 300:
        problems.append(("name", "the name is longer than 300 characters"))
    fmt = normalize_code(values.get("serial_format", ""))
    first = normalize_code(values.get("serial_from", ""))
    last = normalize_code(values.get("serial_to", ""))
    if bool(first) != bool(last):
        column = "serial_to" if first else "serial_from"
        problems.append((column, "give both ends of the serial range, or neither"))
    for column, code in (("serial_from", first), ("serial_to", last)):
        if code and fmt and not matches_format(code, fmt):
            problems.append((column, f"{code} does not fit serial_format {fmt} ({FORMAT_HELP})"))
        elif code and split_serial(code) is None:
            problems.append(
                (column, f"{code} does not end in a number, so it cannot bound a range")
            )
    if first and last and not problems:
        lo, hi = split_serial(first), split_serial(last)
        assert lo is not None and hi is not None
        if lo[0] != hi[0]:
            problems.append(("serial_to", f"{first} and {last} have different prefixes"))
        elif lo[1] > hi[1]:
            problems.append(("serial_to", f"the range ends ({last}) before it starts ({first})"))
    for column in ("sticker", "serial_format", "batch_code_format"):
        if len(values.get(column, "")) > (500 if column == "sticker" else 100):
            problems.append((column, "the text is too long"))
    barcodes, barcode_problems = _barcodes(values.get("barcodes", ""))
    problems += [("barcodes", p) for p in barcode_problems]
    product = ProductData(
        sku=sku,
        name=name,
        barcodes=barcodes,
        photos=split_list(values.get("photos", "")),
        sticker=values.get("sticker", "").strip(),
        serial_format=fmt,
        serial_from=first,
        serial_to=last,
        hidden_marks=split_list(values.get("hidden_marks", "")),
        hang_tags=split_list(values.get("hang_tags", "")),
        batch_code_format=normalize_code(values.get("batch_code_format", "")),
        packaging=split_list(values.get("packaging", "")),
        accessories=split_list(values.get("accessories", "")),
    )
    return product, problems


def resolve_photo(base: Path, relative: str) -> tuple[Path | None, str | None]:
    """The real file a CSV photo path names, or why it cannot be used (missing, outside, not an image)."""
    if Path(relative).is_absolute() or re.match(r"^[A-Za-z]:[\\/]", relative):
        return None, f"{relative} is an absolute path; give it relative to the CSV's folder"
    candidate = (base / relative.replace("\\", "/")).resolve()
    try:
        candidate.relative_to(base.resolve())
    except ValueError:
        return None, f"{relative} points outside the CSV's folder"
    if not candidate.is_file():
        return None, f"the photo {relative} does not exist (looked in {base})"
    if candidate.suffix.lower() not in PHOTO_SUFFIXES:
        return None, f"{relative} is not a PNG, JPEG, WebP or BMP file"
    if (problem := image_problem(candidate, relative)) is not None:
        return None, problem  # before decoding: a small file can decode to gigabytes
    import cv2  # here, not at the top: every CLI command imports this module

    if cv2.imread(str(candidate), cv2.IMREAD_UNCHANGED) is None:
        return None, f"{relative} cannot be read as an image"
    return candidate, None


def store_photo(session: Session, storage: Storage, source: Path, desk_id: str = "") -> str:
    """Copy a reference photo into the data directory and the database, named by its content.

    Returns the stored relative path; the database copy is what other desks draw and what
    a seal's hash comes from (core/photos.py).
    """
    data = Path(source).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:20]
    folder = storage.root / CATALOG_PHOTOS_DIR
    dest = folder / f"{digest}{Path(source).suffix.lower()}"
    if not dest.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".photo-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, dest)
        except OSError as exc:
            raise StorageError(
                f"Cannot copy the photo {source} into {folder}: {exc.strerror or exc}."
            ) from exc
    rel = storage.relative(dest)
    record_photo(session, rel, data, desk_id)
    return rel


# --- database ------------------------------------------------------------------------------


def to_data(row: Product) -> ProductData:
    values: dict[str, Any] = {
        k: getattr(row, k) for k in ProductData.__dataclass_fields__ if k not in _LIST_FIELDS
    }
    for k in _LIST_FIELDS:
        values[k] = json.loads(getattr(row, k) or "[]")
    return ProductData(**values)


def _apply(row: Product, data: ProductData) -> None:
    for k in ProductData.__dataclass_fields__:
        value = getattr(data, k)
        setattr(row, k, json.dumps(value, ensure_ascii=False) if k in _LIST_FIELDS else value)
    row.updated_at = utcnow()


def list_products(session: Session) -> list[ProductData]:
    """Every product, by SKU."""
    return [to_data(r) for r in session.exec(select(Product).order_by(Product.sku))]


def products_by_sku(session: Session, skus: set[str] | None = None) -> dict[str, ProductData]:
    query = select(Product)
    if skus is not None:
        query = query.where(Product.sku.in_(sorted(skus)))
    return {r.sku: to_data(r) for r in session.exec(query)}


def save_product(session: Session, data: ProductData) -> ProductData:
    """Create or update one product from the app's editor; photos must already be stored."""
    checked, problems = validate_product(
        {
            **{k: v for k, v in asdict(data).items() if k not in _LIST_FIELDS},
            **{k: join_list(getattr(data, k)) for k in _LIST_FIELDS},
        }
    )
    owners = _barcode_owners(session, skip={checked.sku})
    for code in checked.barcodes:
        if code in owners:
            problems.append(("barcodes", f"{code} is already the barcode of {owners[code]}"))
    if problems:
        raise ValidationError("; ".join(f"{col}: {msg}" for col, msg in problems) + ".")
    checked.photos = list(data.photos)
    row = session.exec(select(Product).where(Product.sku == checked.sku)).first() or Product(
        sku=checked.sku, name=checked.name
    )
    _apply(row, checked)
    session.add(row)
    session.flush()
    return checked


def import_products(
    session: Session, storage: Storage, csv_path: Path, desk_id: str = ""
) -> ImportResult:
    """Create or update products from a CSV; a file with any problem changes nothing."""
    csv_path = Path(csv_path)
    rows = read_csv(csv_path, PRODUCT_COLUMNS, REQUIRED_PRODUCT_COLUMNS)
    name = str(csv_path)
    problems: list[CsvProblem] = []
    parsed: list[tuple[ProductData, list[Path]]] = []
    first_line: dict[str, int] = {}
    for row in rows:
        product, row_problems = validate_product(row.cells)
        problems += [CsvProblem(name, row.line, col, msg) for col, msg in row_problems]
        if product.sku in first_line:
            problems.append(
                CsvProblem(
                    name,
                    row.line,
                    "sku",
                    f"SKU {product.sku} is already on line {first_line[product.sku]}",
                )
            )
        elif product.sku:
            first_line[product.sku] = row.line
        sources = []
        for rel in product.photos:
            path, problem = resolve_photo(csv_path.parent, rel)
            if problem:
                problems.append(CsvProblem(name, row.line, "photos", problem))
            elif path is not None:
                sources.append(path)
        parsed.append((product, sources))
    # A barcode names one product: within the file, and against products the file leaves as they are.
    owners = _barcode_owners(session, skip=set(first_line))
    barcode_line: dict[str, tuple[str, int]] = {}
    for row, (product, _sources) in zip(rows, parsed, strict=True):
        for code in product.barcodes:
            if code in owners:
                problems.append(
                    CsvProblem(
                        name,
                        row.line,
                        "barcodes",
                        f"{code} is already the barcode of {owners[code]}",
                    )
                )
            elif code in barcode_line and barcode_line[code][0] != product.sku:
                sku, line = barcode_line[code]
                problems.append(
                    CsvProblem(
                        name,
                        row.line,
                        "barcodes",
                        f"{code} is also the barcode of {sku} on line {line}",
                    )
                )
            else:
                barcode_line.setdefault(code, (product.sku, row.line))
    if not rows:
        problems.append(CsvProblem(name, 2, "", "the file has a header but no products"))
    if problems:
        raise CsvFileError(csv_path, problems)
    existing = {
        r.sku: r for r in session.exec(select(Product).where(Product.sku.in_(list(first_line))))
    }
    # A file from before the barcodes column keeps the barcodes already stored (the column
    # is optional; its absence is not a request to forget them).
    keep_barcodes = "barcodes" not in rows[0].cells
    created = updated = 0
    for product, sources in parsed:
        product.photos = [store_photo(session, storage, p, desk_id) for p in sources]
        row = existing.get(product.sku)
        if row is None:
            row = Product(sku=product.sku, name=product.name)
            created += 1
        else:
            updated += 1
            if keep_barcodes:
                product.barcodes = json.loads(row.barcodes or "[]")
        _apply(row, product)
        session.add(row)
    session.flush()
    return ImportResult(csv_path, created, updated, len(rows))


def export_products(session: Session, storage: Storage, csv_path: Path) -> int:
    """Write the catalog as CSV, its photos in a folder beside it, so the file imports again as is."""
    csv_path = Path(csv_path)
    photos_dir = csv_path.parent / f"{csv_path.stem}-photos"
    products = list_products(session)
    rows = []
    for p in products:
        rel_photos = []
        for stored in p.photos:
            src = local_copy(session, storage.root, stored) or storage.absolute(stored)
            if not src.is_file():
                continue  # a photo removed from the data directory by hand: export the rest
            dest = photos_dir / safe_name(p.sku) / src.name
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                if not dest.exists():
                    shutil.copyfile(src, dest)
            except OSError as exc:
                raise StorageError(
                    f"Cannot write the photo {dest}: {exc.strerror or exc}."
                ) from exc
            rel_photos.append(dest.relative_to(csv_path.parent).as_posix())
        rows.append(
            [
                p.sku,
                p.name,
                join_list(rel_photos),
                p.sticker,
                p.serial_format,
                p.serial_from,
                p.serial_to,
                join_list(p.hidden_marks),
                join_list(p.hang_tags),
                p.batch_code_format,
                join_list(p.packaging),
                join_list(p.accessories),
                join_list(p.barcodes),
            ]
        )
    write_csv_atomic(csv_path, PRODUCT_COLUMNS, rows)
    return len(rows)
