"""The carrier table against the numbers carriers publish: each valid example is that
carrier's waybill, each invalid one is refused, and no real product code is ever a waybill.

The numbers are data files with their sources (tests/data/carriers): tracking_number_data's
own valid and invalid test numbers, Chinese carriers' numbers quoted in public code, and
barcodes printed on real products.
"""

from __future__ import annotations

import json
from pathlib import Path

from inspector.core.carriers import CHECKSUMS, carrier_table, parse_table
from inspector.core.catalog import gtin_key
from inspector.core.models import normalize_code
from inspector.core.scan_routing import ScanKind, ScanRouter

DATA = Path(__file__).parent / "data" / "carriers"
TND = json.loads((DATA / "tracking_number_data.json").read_text(encoding="utf-8"))
CHINESE = json.loads((DATA / "chinese_carriers.json").read_text(encoding="utf-8"))
PRODUCTS = json.loads((DATA / "product_codes.json").read_text(encoding="utf-8"))["codes"]

# Published numbers that two carriers' formats and check digits both accept: the table names
# the more common carrier first and the other under `also` (docs/hands-free-desk.md).
SHARED = {"287809468872", "320610804900", "JFV247545960"}

VALID = [(f["id"], f["carrier"], n) for f in TND["formats"] for n in f["valid"]]
INVALID = [(f["id"], f["carrier"], n) for f in TND["formats"] for n in f["invalid"]]


def _carrier_of(fmt_id: str, carrier: str, code: str) -> str:
    if fmt_id == "s10":  # the postal service is named by the number's country
        return carrier_table().postal_services[normalize_code(code)[-2:]]
    return carrier


# One test per table, naming every number that fails: hundreds of parametrized cases would
# each cost pytest-qt's per-test set-up for nothing.


def test_each_published_valid_number_is_that_carriers_waybill() -> None:
    router, wrong = ScanRouter(), []
    for fmt_id, carrier, number in VALID:
        route = router.route(number)
        expected = _carrier_of(fmt_id, carrier, number)
        named = (route.rule, *route.also) if normalize_code(number) in SHARED else (route.rule,)
        if not (route.kind is ScanKind.COURIER and route.starts_recording and expected in named):
            wrong.append(f"{number} ({expected}): {route.kind} {route.reason}")
        elif route.courier_number != normalize_code(number):
            wrong.append(f"{number}: courier number {route.courier_number}")
    assert wrong == []
    assert len(VALID) == 192


def test_each_published_invalid_number_is_refused_in_its_format() -> None:
    table = carrier_table()
    taken = []
    for fmt_id, _carrier, number in INVALID:
        match = table.identify(normalize_code(number))
        if match is not None and match.format.id == fmt_id:
            taken.append(number)
    assert taken == []


def test_almost_all_invalid_numbers_are_no_waybill_at_all() -> None:
    # Two of them are another carrier's valid number: a Purolator one that is "invalid"
    # as an alpha number, and a 12-digit one with ZTO Freight's (check-digit-free) shape.
    taken = [n for _i, _c, n in INVALID if ScanRouter().route(n).kind is ScanKind.COURIER]
    assert sorted(normalize_code(n) for n in taken) == ["287809468875", "331426749957"]
    assert len(INVALID) == 88


def test_a_changed_check_digit_is_refused() -> None:
    table = carrier_table()
    accepted, checked = [], 0
    for fmt_id, _carrier, number in VALID:
        fmt = next(f for f in table.formats if f.id == fmt_id)
        code = normalize_code(number)
        m = fmt.pattern.fullmatch(code)
        if fmt.checksum is None or m is None or not m.groupdict().get("CheckDigit"):
            continue
        checked += 1
        at = m.start("CheckDigit")
        for digit in sorted(set("0123456789") - {code[at]}):
            changed = code[:at] + digit + code[at + 1 :]
            if fmt.pattern.fullmatch(changed) and table._valid(fmt, changed) is not None:
                accepted.append(changed)
    assert accepted == []
    assert checked > 100


def test_chinese_carriers_published_numbers() -> None:
    router, wrong = ScanRouter(), []
    for number, carrier in CHINESE["valid"]:
        route = router.route(number)
        if gtin_key(number):
            # 1207119765021 is also a valid EAN-13: with no check digit on the carrier's side
            # the desk asks, naming the carrier, instead of guessing.
            ok = route.kind is ScanKind.ASK and carrier in route.also
        else:
            ok = (route.kind, route.rule, route.checked) == (ScanKind.COURIER, carrier, False)
        if not ok:
            wrong.append(f"{number} ({carrier}): {route.kind} {route.reason}")
    assert wrong == []


def test_a_real_product_code_is_never_a_waybill() -> None:
    router, wrong = ScanRouter(), []
    for code in PRODUCTS:
        assert gtin_key(code), f"{code}: the test data holds valid product codes only"
        route = router.route(code)
        if route.kind not in (ScanKind.UNKNOWN_PRODUCT, ScanKind.ASK) or route.starts_recording:
            wrong.append(f"{code}: {route.kind} {route.reason}")
    assert wrong == []
    assert len(PRODUCTS) == 47


def test_gtins_compare_as_gtins() -> None:
    upc = "036000291452"
    assert gtin_key(upc) == gtin_key("0" + upc) == gtin_key("00" + upc) == "00036000291452"
    assert gtin_key("0306406152") == gtin_key("9780306406157") == "09780306406157"
    assert gtin_key("036000291453") is None  # wrong check digit
    assert gtin_key("SF1234567890") is None


def test_the_check_digit_algorithms_on_textbook_numbers() -> None:
    assert CHECKSUMS["luhn"]("7992739871", "3", {})
    assert not CHECKSUMS["luhn"]("7992739871", "4", {})
    assert CHECKSUMS["s10"]("47312482", "9", {})  # UPU S10 example RR473124829GB
    assert CHECKSUMS["mod7"]("331881002", "5", {})
    dpd = {"name": "mod_37_36"}
    assert CHECKSUMS["mod_37_36"]("09980000020033", "F", dpd)


def test_a_table_is_data_a_new_carrier_is_one_entry() -> None:
    table = parse_table(
        {
            "formats": [
                {
                    "id": "van",
                    "carrier": "Local van",
                    "regex": "VAN(?P<SerialNumber>[0-9]{6})(?P<CheckDigit>[0-9])",
                    "checksum": {"name": "mod7"},
                }
            ]
        }
    )
    router = ScanRouter(carriers=table)
    assert router.route("VAN1234564").rule == "Local van"  # 123456 % 7 == 4
    assert router.route("VAN1234565").kind is ScanKind.ASK
    assert "check digit is wrong" in router.route("VAN1234565").reason
