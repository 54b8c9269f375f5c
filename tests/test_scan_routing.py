"""What a scanned code is, first match wins: an imported order's return, a catalog product,
a badge (and the desk's rules), a carrier's waybill, an unknown product code, or a question."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.core.errors import ValidationError
from inspector.core.scan_routing import (
    ScanKind,
    ScanRouter,
    parse_rules,
    router_from_settings,
    shape_pattern,
)
from inspector.core.settings import Settings
from inspector.services.guided import import_orders, import_products
from inspector.services.operators import save_operator
from inspector.services.scan_routing import desk_router, keep_desk_rule, route_codes

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"


@pytest.fixture
def shop(ctx):
    """A desk with the sample catalog and orders: TB2026110100001 comes back as SF1234567890."""
    import_products(ctx, SAMPLE / "products.csv")
    import_orders(ctx, SAMPLE / "orders.csv")
    return ctx


def test_an_imported_return_waybill_finds_its_order_though_no_carrier_has_that_shape(shop) -> None:
    assert ScanRouter().route("SF1234567890").kind is ScanKind.ASK  # no pattern knows it
    route = desk_router(shop).route("sf 1234567890")
    assert route.kind is ScanKind.RETURN and route.starts_recording
    assert (route.order_number, route.courier_number) == ("TB2026110100001", "SF1234567890")
    assert "return waybill of imported order TB2026110100001" in route.reason
    by_order = desk_router(shop).route("tb2026110100001")
    assert (by_order.kind, by_order.courier_number) == (ScanKind.RETURN, "SF1234567890")
    # The return's carrier: from the waybill's format when the export does not name it.
    amazon = desk_router(shop).route("AMZ-113-4567890-1234567")
    assert (amazon.courier_number, amazon.also) == ("1Z999AA10123456784", ("UPS",))
    assert amazon.reason == "the order number of imported order AMZ-113-4567890-1234567 (UPS)"
    # An imported order whose return waybill is not known yet fills the order only.
    pending = desk_router(shop).route("TB2026110200002")
    assert (pending.kind, pending.order_number, pending.courier_number) == (
        ScanKind.RETURN,
        "TB2026110200002",
        "",
    )


def test_an_order_number_scanned_with_a_hash_is_the_imported_order(shop) -> None:
    """Etsy's and Shopify's pages and packing slips print "#3012345678": a scan or typing of
    that (also a full-width "＃") is the imported order, recorded under its number."""
    router = desk_router(shop)
    for code in ("#TB2026110100001", "＃tb2026110100001", "# TB2026110100001"):
        route = router.route(code)
        assert route.kind is ScanKind.RETURN, code
        assert (route.order_number, route.courier_number) == ("TB2026110100001", "SF1234567890")
    assert router.route("#").kind is not ScanKind.RETURN


def test_a_catalog_product_is_the_product_whichever_way_its_gtin_is_written(shop) -> None:
    router = desk_router(shop)
    for code in ("4901234567894", "04901234567894"):  # EAN-13 and its GTIN-14
        route = router.route(code)
        assert (route.kind, route.product.sku) == (ScanKind.PRODUCT, "TS-001")
        assert not route.starts_recording
    from inspector.core.catalog import ProductData
    from inspector.services.guided import save_product

    save_product(shop, ProductData(sku="BK-1", name="A book", barcodes=["9780306406157"]))
    save_product(shop, ProductData(sku="CAN", name="Soup", barcodes=["0036000291452"]))
    assert router.route("0306406152").product.sku == "BK-1"  # ISBN-10 of the ISBN-13
    assert router.route("036000291452").product.sku == "CAN"  # UPC-A of the EAN-13


def test_badges_desk_rules_carriers_unknown_products_and_questions(shop) -> None:
    save_operator(shop, "李娜", "EMP-7")
    router = desk_router(shop)
    assert router.route("EMP-7").kind is ScanKind.OPERATOR  # a badge the operators list holds
    assert router.route("op-0042").value == "OP-0042"
    ups = router.route("1Z5R89390357567127")
    assert (ups.kind, ups.rule, ups.checked) == (ScanKind.COURIER, "UPS", True)
    assert ups.courier_number == "1Z5R89390357567127" and ups.order_number == ""
    assert router.route("1Z5R89390357567128").kind is ScanKind.ASK  # wrong check digit
    assert router.route("112-1234567-1234567").kind is ScanKind.ORDER
    unknown = router.route("6901234567892")
    assert (unknown.kind, unknown.rule) == (ScanKind.UNKNOWN_PRODUCT, "EAN-13")
    assert router.route("HELLO-WORLD-1").kind is ScanKind.ASK


def test_desk_rules_come_before_the_carriers() -> None:
    text = """
    # our own courier and a range we ignore
    courier | Local van | ^VAN\\d{6}$
    ignore  | Old labels | ^SF1385\\d+$
    """
    router = ScanRouter.from_text(text)
    assert router.route("VAN123456").rule == "Local van"
    assert router.route("SF1385628716739").kind is ScanKind.IGNORE
    assert router.route("SF1485628716739").rule == "SF Express"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("courier | x", "three parts"),
        ("parcel | x | ^A$", "not one of"),
        ("courier | x | ^(A$", "not a valid regular expression"),
    ],
)
def test_bad_rules_name_the_line(text: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        parse_rules("# fine\n" + text)
    with pytest.raises(ValidationError, match="line 2"):
        parse_rules("# fine\n" + text)


def test_router_from_saved_settings(data_dir) -> None:
    data_dir.mkdir(parents=True)
    settings = Settings.load(data_dir)
    settings.set("scan_patterns", "order | Our shop | ^SHOP\\d+$")
    settings.set("badge_prefix", "W-")
    settings.save()
    router = router_from_settings(Settings.load(data_dir))
    assert router.route("SHOP12").kind is ScanKind.ORDER
    assert router.route("W-ANNA").kind is ScanKind.OPERATOR


def test_the_desks_answer_kept_as_a_rule_routes_codes_of_that_shape(ctx, data_dir) -> None:
    assert shape_pattern("SF1234567890") == r"^SF\d{10}$"
    assert shape_pattern("46123") == r"^46\d{3}$"
    line = keep_desk_rule(ctx, "SF1234567890", ScanKind.COURIER)
    assert line == r"courier | Kept at the desk | ^SF\d{10}$"
    assert keep_desk_rule(ctx, "SF1234567890", ScanKind.COURIER) == line  # kept once
    saved = Settings.load(data_dir).scan_patterns
    assert saved.splitlines() == [line]
    route = desk_router(ctx).route("SF9999999999")
    assert (route.kind, route.rule) == (ScanKind.COURIER, "Kept at the desk")
    with pytest.raises(ValidationError):
        keep_desk_rule(ctx, "X", ScanKind.PRODUCT)


def test_cli_route_prints_the_decision_and_its_reason(shop, data_dir, capsys) -> None:
    from inspector.cli import main

    codes = ["SF1234567890", "4901234567894", "1Z5R89390357567127", "6901234567892", "HELLO1"]
    assert main(["--data-dir", str(data_dir), "route", "--json", *codes]) == 0
    routes = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["order_number"], r["sku"]) for r in routes] == [
        ("return", "TB2026110100001", ""),
        ("product", "", "TS-001"),
        ("courier", "", ""),
        ("unknown_product", "", ""),
        ("ask", "", ""),
    ]
    assert [r["starts_recording"] for r in routes] == [True, False, True, False, False]
    assert main(["--data-dir", str(data_dir), "route", "SF1234567890", "6901234567892"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "SF1234567890\trecord order TB2026110100001, waybill SF1234567890\t"
        "the return waybill of imported order TB2026110100001"
    )
    assert lines[1].startswith("6901234567892\tunknown product (nothing started)\ta valid EAN-13")
    assert [r.kind for r in route_codes(shop, ["SF1234567890"])] == [ScanKind.RETURN]


def test_cli_operators(data_dir, capsys) -> None:
    from inspector.cli import main

    assert main(["--data-dir", str(data_dir), "operators", "add", "Anna", "--badge", "op-1"]) == 0
    assert main(["--data-dir", str(data_dir), "operators", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("[") :]) == [{"name": "Anna", "badge": "OP-1", "active": True}]
    assert main(["--data-dir", str(data_dir), "operators", "retire", "Nobody"]) == 1
    assert "no operator called" in capsys.readouterr().err
