"""Scans are routed by pattern: waybills and order numbers fill fields, products never start anything."""

from __future__ import annotations

import pytest

from inspector.core.errors import ValidationError
from inspector.core.scan_routing import ScanKind, ScanRouter, parse_rules, router_from_settings
from inspector.core.settings import Settings


@pytest.mark.parametrize(
    ("code", "carrier"),
    [
        ("SF1234567890123", "SF Express"),
        ("sf 1234 5678 90123", "SF Express"),  # spaces and case as a person might type it
        ("JDVA12345678901", "JD Logistics"),
        ("YT1234567890123", "YTO Express"),
        ("JT1234567890123", "J&T Express"),
        ("LP00123456789012", "Cainiao"),
        ("EA123456789CN", "EMS / China Post (international)"),
        ("1Z999AA10123456784", "UPS"),
        ("SPXID012345678901", "Shopee SPX"),
        ("TH01234567890A", "Shopee / Lazada regional"),
        ("773123456789012", "STO Express"),
        ("75123456789012", "ZTO Express"),
        ("4312345678901", "Yunda"),
        ("1123456789012", "EMS (domestic)"),
        ("9400111899223856928499", "USPS"),
        ("123456789012", "FedEx"),
    ],
)
def test_courier_numbers_of_common_carriers(code: str, carrier: str) -> None:
    route = ScanRouter().route(code)
    assert (route.kind, route.rule) == (ScanKind.COURIER, carrier)
    assert route.value == "".join(code.split()).upper()
    assert route.starts_recording


@pytest.mark.parametrize(
    ("code", "platform"),
    [
        ("3456789012345678901", "Taobao / Tmall / Douyin"),
        ("240101-123456789012345", "Pinduoduo"),
        ("240315ABCD1234", "Shopee"),
        ("112-1234567-1234567", "Amazon"),
        ("OD123456789012345678", "Flipkart"),
    ],
)
def test_order_numbers_of_common_platforms(code: str, platform: str) -> None:
    route = ScanRouter().route(code)
    assert (route.kind, route.rule) == (ScanKind.ORDER, platform)


@pytest.mark.parametrize("code", ["6901234567892", "9787111111111", "12345670", "HELLO", "ABC-1"])
def test_product_and_unknown_codes_start_nothing(code: str) -> None:
    route = ScanRouter().route(code)
    assert route.kind is ScanKind.IGNORE
    assert not route.starts_recording


def test_badge_gives_the_operator_badge() -> None:
    route = ScanRouter().route("op-0042")
    assert (route.kind, route.value) == (ScanKind.OPERATOR, "OP-0042")
    custom = ScanRouter(badge_prefix="emp")
    assert custom.route("EMP7").kind is ScanKind.OPERATOR
    assert custom.route("EMP7").value == "EMP7"


def test_desk_rules_come_before_the_defaults() -> None:
    text = """
    # our own courier and a product range we sell
    courier | Local van | ^VAN\\d{6}$
    ignore  | Our products | ^4312\\d{9}$
    """
    router = ScanRouter.from_text(text)
    assert router.route("VAN123456").rule == "Local van"
    assert router.route("4312345678901").kind is ScanKind.IGNORE
    assert router.route("4412345678901").kind is ScanKind.COURIER  # other Yunda still routes


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


def test_cli_route_and_operators(data_dir, capsys) -> None:
    import json

    from inspector.cli import main

    assert (
        main(["--data-dir", str(data_dir), "route", "--json", "SF1234567890123", "6901234567892"])
        == 0
    )
    routes = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["rule"]) for r in routes] == [
        ("courier", "SF Express"),
        ("ignore", "Product EAN-13 (China)"),
    ]
    assert main(["--data-dir", str(data_dir), "operators", "add", "Anna", "--badge", "op-1"]) == 0
    assert main(["--data-dir", str(data_dir), "operators", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("[") :]) == [{"name": "Anna", "badge": "OP-1", "active": True}]
    assert main(["--data-dir", str(data_dir), "operators", "retire", "Nobody"]) == 1
    assert "no operator called" in capsys.readouterr().err
