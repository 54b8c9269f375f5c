"""Product barcodes: kept in the catalog (CSV, editor, migration) and routed as that product
before any pattern, so a foreign EAN-13 scanned at the desk never starts a recording."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from inspector.core.catalog import BarcodeIndex, ProductData, gs1_check_digit
from inspector.core.csvfiles import CsvFileError
from inspector.core.database import Database, sqlite_url
from inspector.core.errors import ValidationError
from inspector.core.scan_routing import ScanKind, ScanRouter, parse_rules
from inspector.services.guided import export_products, import_products, list_products, save_product
from inspector.services.scan_routing import desk_router, product_finder

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
SCHEMAS = Path(__file__).parent / "data" / "schemas"
JAPANESE = "4901234567894"  # an EAN-13 from Japan (49…): 13 digits starting 4, like a Yunda number
FRENCH = "3012345678902"  # France (30…)
GERMAN = "4012345678901"  # Germany (40…)


def write_csv(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def barcodes_by_sku(ctx) -> dict[str, list[str]]:
    return {p.sku: p.barcodes for p in list_products(ctx)}


# ----- catalog ------------------------------------------------------------------------------


def test_sample_catalog_has_valid_foreign_ean13s() -> None:
    for code in (JAPANESE, FRENCH, GERMAN, "6921234567890"):
        assert gs1_check_digit(code[:-1]) == int(code[-1])
    assert gs1_check_digit("03600029145") == 2  # the UPC-A example printed everywhere


def test_csv_with_barcodes_imports_and_exports_them(ctx, tmp_path: Path) -> None:
    import_products(ctx, SAMPLE / "products.csv")
    assert barcodes_by_sku(ctx) == {
        "TS-001": [JAPANESE, "6921234567890"],
        "BG-220": [FRENCH],
        "WT-9": [GERMAN],
    }
    out = tmp_path / "export" / "catalog.csv"
    export_products(ctx, out)
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[-1] == "barcodes"
    assert f"{JAPANESE} | 6921234567890" in out.read_text(encoding="utf-8-sig")

    from inspector.services.context import AppContext

    other = AppContext.open(tmp_path / "other-desk")
    try:
        import_products(other, out)
        assert barcodes_by_sku(other) == barcodes_by_sku(ctx)
    finally:
        other.close()


def test_csv_without_the_column_imports_and_keeps_stored_barcodes(ctx, tmp_path: Path) -> None:
    old = write_csv(tmp_path / "old.csv", "sku,name\nTS-001,Earbuds\nNEW-1,Cable\n")
    result = import_products(ctx, old)
    assert (result.created, result.updated) == (2, 0)
    assert barcodes_by_sku(ctx) == {"NEW-1": [], "TS-001": []}
    save_product(ctx, ProductData(sku="TS-001", name="Earbuds", barcodes=[JAPANESE]))
    # The old file again (no barcodes column): the barcode added in the app stays.
    import_products(ctx, write_csv(tmp_path / "old2.csv", "sku,name\nTS-001,Earbuds Pro\n"))
    assert barcodes_by_sku(ctx)["TS-001"] == [JAPANESE]
    # A file with the column replaces them, like every other list column.
    import_products(ctx, write_csv(tmp_path / "new.csv", f"sku,name,barcodes\nTS-001,E,{GERMAN}\n"))
    assert barcodes_by_sku(ctx)["TS-001"] == [GERMAN]


def test_barcodes_are_stored_as_a_scanner_reads_them(ctx, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        f'sku,name,barcodes\nTS-001,Earbuds,"4901 2345 67894 | ts001-box | {JAPANESE}"\n',
    )
    import_products(ctx, path)
    assert barcodes_by_sku(ctx)["TS-001"] == [JAPANESE, "TS001-BOX"]


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (f"TS-001,A,4901234567890\nBG-1,B,{FRENCH}", "line 2, column 'barcodes'.*should be 4"),
        (f"TS-001,A,{FRENCH}\nBG-1,B,{GERMAN} | {FRENCH}", "line 3.*also the barcode of TS-001"),
    ],
)
def test_bad_barcodes_refuse_the_whole_file(ctx, tmp_path: Path, rows: str, words: str) -> None:
    path = write_csv(tmp_path / "p.csv", "sku,name,barcodes\n" + rows + "\n")
    with pytest.raises(CsvFileError, match=words):
        import_products(ctx, path)
    assert list_products(ctx) == []


def test_a_barcode_belongs_to_one_product(ctx, tmp_path: Path) -> None:
    save_product(ctx, ProductData(sku="TS-001", name="Earbuds", barcodes=[JAPANESE]))
    with pytest.raises(ValidationError, match=f"{JAPANESE} is already the barcode of TS-001"):
        save_product(ctx, ProductData(sku="WT-9", name="Watch", barcodes=[JAPANESE]))
    path = write_csv(tmp_path / "p.csv", f"sku,name,barcodes\nWT-9,Watch,{JAPANESE}\n")
    with pytest.raises(CsvFileError, match="already the barcode of TS-001"):
        import_products(ctx, path)
    # Moving a barcode in one file (taken off one product, given to another) is fine.
    moved = f"sku,name,barcodes\nTS-001,Earbuds,\nWT-9,Watch,{JAPANESE}\n"
    import_products(ctx, write_csv(tmp_path / "moved.csv", moved))
    assert barcodes_by_sku(ctx) == {"TS-001": [], "WT-9": [JAPANESE]}


def test_upgrade_from_0004_keeps_products_and_gives_no_barcodes(tmp_path: Path) -> None:
    path = tmp_path / "inspector.db"
    shutil.copyfile(SCHEMAS / "0004.db", path)
    db = Database.open(sqlite_url(path), tmp_path / "backups")
    with db.session() as session:
        from inspector.core.catalog import list_products as list_in

        [product] = list_in(session)
    db.dispose()
    assert (product.sku, product.name, product.barcodes) == (
        "TS-001",
        "Wireless earbuds Aurora",
        [],
    )
    assert product.accessories == ["USB-C cable"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("select barcodes from product").fetchall() == [("[]",)]


# ----- routing ------------------------------------------------------------------------------


def test_without_the_catalog_a_foreign_ean13_still_starts_nothing() -> None:
    """A 49… EAN-13 also fits the 13-digit Yunda shape, which has no check digit: a valid
    GTIN is never taken for a waybill on the pattern alone (the desk asks, or names it an
    unknown product)."""
    for code in (JAPANESE, FRENCH, GERMAN):
        route = ScanRouter().route(code)
        assert route.kind in (ScanKind.ASK, ScanKind.UNKNOWN_PRODUCT)
        assert not route.starts_recording


def test_a_catalog_barcode_routes_as_its_product_before_any_pattern(ctx) -> None:
    import_products(ctx, SAMPLE / "products.csv")
    router = desk_router(ctx)
    for code, sku in ((JAPANESE, "TS-001"), (FRENCH, "BG-220"), (" 4012 3456 78901 ", "WT-9")):
        route = router.route(code)
        assert route.kind is ScanKind.PRODUCT and not route.starts_recording
        assert route.product is not None and route.product.sku == sku
    assert router.route(JAPANESE).product.name == "Wireless earbuds Aurora"
    # Codes not in the catalog still go by pattern.
    assert router.route("4312345678901").kind is ScanKind.COURIER
    assert router.route("SF1234567890123").rule == "SF Express"


def test_desk_rules_and_badges_cannot_shadow_a_product_barcode(ctx) -> None:
    save_product(ctx, ProductData(sku="TS-001", name="Earbuds", barcodes=[JAPANESE]))
    ctx.settings.set("scan_patterns", "courier | Our van | ^49\\d{11}$\norder | Ours | ^\\d{13}$")
    ctx.settings.set("badge_prefix", "490")
    router = desk_router(ctx)
    assert router.route(JAPANESE).kind is ScanKind.PRODUCT
    assert router.route("4901234567801").rule == "Operator badge"  # the badge still works
    with pytest.raises(ValidationError, match="'product' is not one of"):
        parse_rules("product | Ours | ^49\\d{11}$")


def test_the_lookup_sees_catalog_edits_at_the_next_scan(ctx) -> None:
    find = product_finder(ctx)
    assert find(JAPANESE) is None
    save_product(ctx, ProductData(sku="TS-001", name="Earbuds", barcodes=[JAPANESE]))
    assert find(JAPANESE).sku == "TS-001"
    save_product(ctx, ProductData(sku="TS-001", name="Earbuds", barcodes=[GERMAN]))
    assert find(JAPANESE) is None and find(GERMAN).name == "Earbuds"


def test_the_index_reads_the_barcodes_again_only_when_the_catalog_changed(ctx) -> None:
    save_product(ctx, ProductData(sku="TS-001", name="Earbuds", barcodes=[JAPANESE]))
    index = BarcodeIndex()
    with ctx.db.session() as session:
        assert index.find(session, JAPANESE).sku == "TS-001"
        codes = index._codes
        assert index.find(session, GERMAN) is None
        assert index._codes is codes  # unchanged catalog: the same map, not re-read


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("4312345678901", ScanKind.COURIER),  # 13 digits, 43…
        ("3101449726243", ScanKind.COURIER),  # 13 digits, 31…
        ("462598779470531", ScanKind.COURIER),  # 15 digits, 46…
        ("43123456789012", None),  # 14 digits: not a Yunda number
    ],
)
def test_yunda_is_13_or_15_digits(code: str, kind: ScanKind | None) -> None:
    route = ScanRouter().route(code)
    if kind is not None:
        assert route.kind is kind
    assert (route.rule == "Yunda") == (kind is ScanKind.COURIER)


def test_cli_route_answers_product(ctx, data_dir: Path, capsys) -> None:
    from inspector.cli import main

    import_products(ctx, SAMPLE / "products.csv")
    assert main(["--data-dir", str(data_dir), "route", "--json", JAPANESE, "4312345678901"]) == 0
    routes = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["sku"], r["product"]) for r in routes] == [
        ("product", "TS-001", "Wireless earbuds Aurora"),
        ("courier", "", ""),
    ]
    assert main(["--data-dir", str(data_dir), "route", FRENCH]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{FRENCH}\tproduct BG-220 (nothing started)\t"
        f"barcode {FRENCH} of catalog product BG-220 (Canvas tote bag Lotus)"
    )
