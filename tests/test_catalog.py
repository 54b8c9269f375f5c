"""The product catalog: CSV import (all or nothing, errors by file/line/column), export, code formats."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from inspector.core.catalog import (
    PRODUCT_COLUMNS,
    ProductData,
    in_serial_range,
    matches_format,
    serial_problem,
)
from inspector.core.csvfiles import CsvFileError
from inspector.core.errors import ValidationError
from inspector.services.guided import (
    add_product_photo,
    export_products,
    import_products,
    list_products,
    save_product,
)

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
HEADER = ",".join(PRODUCT_COLUMNS)
GOOD_ROW = "TS-001,Wireless earbuds,photos/a.png,silver sticker,AC-######,AC-000100,AC-000999,laser dot,,,box | foam,cable | ear tips"


def write_catalog(folder: Path, *rows: str, header: str = HEADER) -> Path:
    """A products CSV in `folder` with a small photo at photos/a.png."""
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(folder / "photos" / "a.png"), np.full((20, 30, 3), 128, np.uint8))
    path = folder / "products.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_sample_catalog_imports_with_its_photos(ctx) -> None:
    result = import_products(ctx, SAMPLE / "products.csv")
    assert (result.created, result.updated, result.rows) == (3, 0, 3)
    products = {p.sku: p for p in list_products(ctx)}
    assert sorted(products) == ["BG-220", "TS-001", "WT-9"]
    earbuds = products["TS-001"]
    assert earbuds.serial_format == "AC-######"
    assert (earbuds.serial_from, earbuds.serial_to) == ("AC-000100", "AC-000999")
    assert earbuds.accessories == ["USB-C cable", "3 pairs of ear tips"]
    assert earbuds.packaging == ["magnetic lid box", "foam insert"]
    assert products["BG-220"].hidden_marks == [
        "blue stitch on the inner seam",
        "store logo embossed under the zip pull",
    ]
    # Photos are copied into the data directory and stored relative to it.
    assert len(earbuds.photos) == 2
    for rel in earbuds.photos:
        assert rel.startswith("catalog/")
        copy = ctx.storage.absolute(rel)
        assert copy.is_file() and cv2.imread(str(copy)) is not None


def test_importing_again_updates(ctx, tmp_path: Path) -> None:
    import_products(ctx, write_catalog(tmp_path / "v1", GOOD_ROW))
    renamed = GOOD_ROW.replace("Wireless earbuds", "Wireless earbuds Pro")
    result = import_products(ctx, write_catalog(tmp_path / "v2", renamed))
    assert (result.created, result.updated) == (0, 1)
    [product] = list_products(ctx)
    assert product.name == "Wireless earbuds Pro"


def test_export_then_import_elsewhere_gives_the_same_catalog(ctx, tmp_path: Path) -> None:
    from inspector.services.context import AppContext

    import_products(ctx, SAMPLE / "products.csv")
    out = tmp_path / "export" / "catalog.csv"
    assert export_products(ctx, out) == 3
    assert (out.parent / "catalog-photos").is_dir()
    other = AppContext.open(tmp_path / "other-desk")
    try:
        import_products(other, out)
        mine, theirs = list_products(ctx), list_products(other)

        def strip(ps: list[ProductData]) -> list[tuple]:
            return [(p.sku, p.name, p.serial_from, p.accessories, len(p.photos)) for p in ps]

        assert strip(mine) == strip(theirs)
        for a, b in zip(mine, theirs, strict=True):
            for pa, pb in zip(a.photos, b.photos, strict=True):
                assert (
                    ctx.storage.absolute(pa).read_bytes() == other.storage.absolute(pb).read_bytes()
                )
    finally:
        other.close()


BAD_FILES = [
    # (what is wrong, header, second row, line, column, message)
    (
        "missing column",
        HEADER.replace(",name", ""),
        "",
        1,
        "name",
        "this column is missing",
    ),
    ("unknown column", HEADER + ",colour", GOOD_ROW + ",red", 1, "colour", "unknown column"),
    (
        "duplicate SKU",
        HEADER,
        GOOD_ROW.replace("Wireless earbuds", "Other"),
        3,
        "sku",
        "SKU TS-001 is already on line 2",
    ),
    (
        "photo missing",
        HEADER,
        GOOD_ROW.replace("TS-001", "TS-002").replace("photos/a.png", "photos/nope.png"),
        3,
        "photos",
        "the photo photos/nope.png does not exist",
    ),
    (
        "photo outside the folder",
        HEADER,
        GOOD_ROW.replace("TS-001", "TS-002").replace("photos/a.png", "../secret.png"),
        3,
        "photos",
        "points outside the CSV's folder",
    ),
    (
        "absolute photo path",
        HEADER,
        GOOD_ROW.replace("TS-001", "TS-002").replace("photos/a.png", "/etc/passwd.png"),
        3,
        "photos",
        "is an absolute path",
    ),
    (
        "range ends before it starts",
        HEADER,
        GOOD_ROW.replace("TS-001", "TS-002").replace("AC-000100,AC-000999", "AC-000999,AC-000100"),
        3,
        "serial_to",
        "the range ends (AC-000100) before it starts (AC-000999)",
    ),
    (
        "serial not in the format",
        HEADER,
        GOOD_ROW.replace("TS-001", "TS-002").replace("AC-000100", "AC-100"),
        3,
        "serial_from",
        "AC-100 does not fit serial_format AC-######",
    ),
    (
        "half a range",
        HEADER,
        GOOD_ROW.replace("TS-001", "TS-002").replace(",AC-000999,", ",,"),
        3,
        "serial_to",
        "give both ends",
    ),
    (
        "empty name",
        HEADER,
        GOOD_ROW.replace("TS-001,Wireless earbuds", "TS-002,"),
        3,
        "name",
        "name is empty",
    ),
]


@pytest.mark.parametrize(
    ("header", "row", "line", "column", "message"),
    [b[1:] for b in BAD_FILES],
    ids=[b[0] for b in BAD_FILES],
)
def test_bad_file_is_refused_whole(
    ctx, tmp_path: Path, header: str, row: str, line: int, column: str, message: str
) -> None:
    import_products(ctx, write_catalog(tmp_path / "before", GOOD_ROW))
    # The good first row changes the name: it must not be saved when a later row is bad.
    changed = GOOD_ROW.replace("Wireless earbuds", "CHANGED")
    rows = [changed] + ([row] if row else [])
    path = write_catalog(tmp_path / "bad", *rows, header=header)
    with pytest.raises(CsvFileError) as info:
        import_products(ctx, path)
    text = str(info.value)
    assert str(path) in text and "Nothing was imported" in text
    assert f"line {line}, column '{column}'" in text
    assert message in text
    assert [p.name for p in list_products(ctx)] == ["Wireless earbuds"]


def test_a_file_that_is_not_utf8_is_refused(ctx, tmp_path: Path) -> None:
    path = write_catalog(tmp_path, GOOD_ROW)
    path.write_bytes(
        (HEADER + "\n" + GOOD_ROW.replace("Wireless earbuds", "无线耳机")).encode("gbk")
    )
    with pytest.raises(CsvFileError, match="line 2: the file is not UTF-8 text"):
        import_products(ctx, path)
    assert list_products(ctx) == []


def test_a_photo_that_is_not_an_image_is_refused(ctx, tmp_path: Path) -> None:
    path = write_catalog(tmp_path, GOOD_ROW)
    (tmp_path / "photos" / "a.png").write_text("not a picture")
    with pytest.raises(
        CsvFileError, match="line 2, column 'photos': photos/a.png cannot be read as an image"
    ):
        import_products(ctx, path)


def test_a_missing_file_says_so(ctx, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        import_products(ctx, tmp_path / "nothing.csv")


def test_products_edited_in_the_app(ctx, tmp_path: Path) -> None:
    write_catalog(tmp_path)
    photo = add_product_photo(ctx, tmp_path / "photos" / "a.png")
    saved = save_product(
        ctx,
        ProductData(
            sku=" ts 9 ", name="Watch", photos=[photo], serial_from="W-10", serial_to="W-20"
        ),
    )
    assert saved.sku == "TS9"
    assert list_products(ctx)[0].photos == [photo]
    with pytest.raises(ValidationError, match="serial_to: the range ends"):
        save_product(ctx, ProductData(sku="X", name="X", serial_from="W-30", serial_to="W-20"))


# --- code formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "fmt", "fits"),
    [
        ("AC-000123", "AC-######", True),
        ("ac-000123", "AC-######", True),
        ("AC-00012", "AC-######", False),
        ("AX-000123", "AC-######", False),
        ("B12-XK", "B##-@@", True),
        ("B12-X1", "B##-@@", False),
        ("B12-X1", "B##-**", True),
        ("anything", "", True),
    ],
)
def test_code_formats(code: str, fmt: str, fits: bool) -> None:
    assert matches_format(code, fmt) is fits


def test_serial_ranges() -> None:
    assert in_serial_range("AC-000500", "AC-000100", "AC-000999")
    assert in_serial_range("AC-000100", "AC-000100", "AC-000999")
    assert not in_serial_range("AC-001000", "AC-000100", "AC-000999")
    assert not in_serial_range("XX-000500", "AC-000100", "AC-000999")
    earbuds = ProductData(
        "TS-001",
        "Earbuds",
        serial_format="AC-######",
        serial_from="AC-000100",
        serial_to="AC-000999",
    )
    assert serial_problem(earbuds, "AC-000500") is None
    assert serial_problem(earbuds, "AC-5") == "serial AC-5 does not fit our format AC-######"
    assert (
        serial_problem(earbuds, "AC-001500")
        == "serial AC-001500 is outside our range AC-000100…AC-000999"
    )


def test_sample_photos_script_is_committed_with_its_output() -> None:
    # The PNGs come from the script; both must ship together.
    assert (SAMPLE / "make_sample_photos.py").is_file()
    for name in ("ts-001-front.png", "bg-220-tag.png", "wt-9-back.png"):
        img = cv2.imread(str(SAMPLE / "photos" / name))
        assert img is not None and img.shape[:2] == (150, 200)


def test_line_numbers_count_the_files_own_lines(ctx, tmp_path: Path) -> None:
    """A quoted cell spanning two lines: the next row's problem is reported on its real line."""
    first = GOOD_ROW.replace("Wireless earbuds", '"Wireless\nearbuds"')
    bad = GOOD_ROW.replace("TS-001", "TS-002").replace("AC-000100,AC-000999", "AC-000999,AC-000100")
    path = write_catalog(tmp_path, first, bad)
    with pytest.raises(CsvFileError, match="line 4, column 'serial_to'"):
        import_products(ctx, path)
