"""Rebuild the non-Chinese part of carriers.json from a copy of jkeen/tracking_number_data.

    python resources/carriers/import_tracking_number_data.py PATH/TO/tracking_number_data [COMMIT]

tracking_number_data (MIT licence, https://github.com/jkeen/tracking_number_data) describes
each courier's numbers as a PCRE pattern with named groups SerialNumber and CheckDigit and a
check-digit rule. This keeps its patterns and rules as they are, only in Python's syntax
((?P<Name>…), no \\s* since a scan has its spaces removed), and keeps the entries written by
hand for this project (source "inspector") where they were. Its valid and invalid test
numbers go to tests/data/carriers/tracking_number_data.json. Not run by the app.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLE = HERE / "carriers.json"
TESTS = HERE.parents[1] / "tests" / "data" / "carriers" / "tracking_number_data.json"
# The carrier name a seller knows, where the courier file holds more than one service.
CARRIER_OF_FORMAT = {
    "dhl_express": "DHL Express",
    "dhl_express_piece_id": "DHL Express",
    "dhl_ecommerce": "DHL eCommerce",
    "dhl_ecommerce_14": "DHL eCommerce",
    "amazon_logistics": "Amazon Logistics",
    "amazon_international": "Amazon Shipping",
    "s10": "Postal service (S10)",
}
# Formats whose fixed leading digits say more than a generic length with a check digit does:
# tried before those (a 420… USPS number is also 34 digits like a FedEx Express one).
PREFIXED = {
    "old_dominion",
    "old_dominion_guaranteed_shipment",
    "usps_impb_n",
    "usps_impb_c",
    "fedex_ground_96",
    "fedex_ground_gsn",
}
CARRIER_NAMES = {"United States Postal Service": "USPS"}
# Postal services named as sellers know them (the rest keep the UPU's names).
POSTAL_NAMES = {"CN": "EMS / China Post", "GB": "Royal Mail", "US": "USPS", "CA": "Canada Post"}


def python_regex(pcre: str | list[str]) -> str:
    text = "".join(pcre) if isinstance(pcre, list) else pcre
    text = text.replace("\\s*", "")
    return re.sub(r"\(\?<(?=[A-Za-z])", "(?P<", text)


def _rank(fmt: dict, validation: dict) -> int:
    """1 for a letter prefix, 3 for digits with a check digit, 4 for bare digits."""
    regex = python_regex(fmt["regex"])
    if fmt.get("id") in PREFIXED or fmt["name"].startswith("Old Dominion"):
        return 2
    if re.match(r"(?:\(\?P<\w+>)?[A-Z]", regex):
        return 1
    return 3 if validation.get("checksum") else 4


def main(source: Path, commit: str = "") -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    commit = (
        commit
        or subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    )
    imported, tests, countries = [], [], {}
    for path in sorted((source / "couriers").glob("*.json")):
        courier = json.loads(path.read_text(encoding="utf-8"))
        for fmt in courier["tracking_numbers"]:
            key = fmt.get("id") or re.sub(r"\W+", "_", fmt["name"].lower()).strip("_")
            validation = fmt.get("validation") or {}
            entry = {
                "id": key,
                "rank": _rank(fmt, validation),
                "carrier": CARRIER_OF_FORMAT.get(key)
                or CARRIER_NAMES.get(courier["name"], courier["name"]),
                "format": fmt["name"],
                "regex": python_regex(fmt["regex"]),
                "checksum": validation.get("checksum"),
                "serial_number_format": validation.get("serial_number_format"),
                "source": f"tracking_number_data {commit}: couriers/{path.name}",
            }
            for extra in fmt.get("additional") or []:
                if extra["name"] == "Courier":
                    for row in extra["lookup"]:
                        countries[row["matches"]] = POSTAL_NAMES.get(row["matches"], row["courier"])
                    entry["courier_by_group"] = extra["regex_group_name"]
            imported.append({k: v for k, v in entry.items() if v is not None})
            numbers = fmt.get("test_numbers") or {}
            tests.append(
                {
                    "id": key,
                    "carrier": entry["carrier"],
                    "valid": numbers.get("valid", []),
                    "invalid": numbers.get("invalid", []),
                }
            )
    own = [e for e in table["formats"] if e.get("source", "").startswith("inspector")]
    table["formats"] = own + imported
    table["postal_services"] = dict(sorted(countries.items()))
    TABLE.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    TESTS.parent.mkdir(parents=True, exist_ok=True)
    TESTS.write_text(
        json.dumps(
            {
                "source": "https://github.com/jkeen/tracking_number_data (MIT licence), "
                f"commit {commit}: couriers/*.json test_numbers, copied unchanged",
                "formats": tests,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "")
