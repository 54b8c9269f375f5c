"""Which carrier a tracking number belongs to, from one table of formats (resources/carriers).

The table is data: each format is a pattern with named groups (SerialNumber, CheckDigit), the
carrier's check-digit rule, and the carrier's name. Formats from the open
tracking_number_data set keep its patterns and rules unchanged; the Chinese carriers were
added from public sources, and none of them publishes a check digit, so for those the
pattern is all the evidence there is (docs/hands-free-desk.md says which). The check-digit
algorithms are implemented once here, by the names tracking_number_data uses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from inspector.resources_path import resource_path

CARRIERS_FILE = ("carriers", "carriers.json")


@dataclass(frozen=True)
class CarrierFormat:
    """One numbering format of one carrier."""

    id: str
    carrier: str
    format: str
    pattern: re.Pattern[str]
    rank: int
    checksum: Mapping[str, Any] | None
    prepend_if: Mapping[str, str] | None
    courier_by_group: str  # a group naming the carrier (an S10 number's country), or ""

    @property
    def has_check_digit(self) -> bool:
        return self.checksum is not None


@dataclass(frozen=True)
class CarrierMatch:
    """A code that is a carrier's tracking number; also names other formats it fits."""

    carrier: str
    format: CarrierFormat
    checked: bool  # its check digit was verified (False: the carrier publishes none)
    also: tuple[str, ...] = ()  # other carriers whose format and check digit it also fits


# --- check digits (the algorithms tracking_number_data names) --------------------------------


def _char_value(c: str) -> int:
    # UPS numbers carry letters: tracking_number_data counts them as (ord - 3) mod 10.
    return int(c) if c.isdigit() else (ord(c) - 3) % 10


def _mod10(serial: str, check: str, spec: Mapping[str, Any]) -> bool:
    chars = serial[::-1] if spec.get("reverse") else serial
    total = 0
    for i, c in enumerate(chars):
        x = _char_value(c)
        if i % 2 and spec.get("odds_multiplier"):
            x *= int(spec["odds_multiplier"])
        elif not i % 2 and spec.get("evens_multiplier"):
            x *= int(spec["evens_multiplier"])
        total += x
    return (10 - total % 10) % 10 == int(check)


def _mod7(serial: str, check: str, spec: Mapping[str, Any]) -> bool:
    return int(serial) % 7 == int(check)


def _s10(serial: str, check: str, spec: Mapping[str, Any]) -> bool:
    weights = spec.get("weightings") or [8, 6, 4, 2, 3, 5, 9, 7]
    remainder = sum(int(a) * b for a, b in zip(serial, weights, strict=False)) % 11
    expected = {0: 5, 1: 0}.get(remainder, 11 - remainder)
    return expected == int(check)


def _weighted(serial: str, check: str, spec: Mapping[str, Any]) -> bool:
    total = sum(int(a) * b for a, b in zip(serial, spec["weightings"], strict=False))
    return total % int(spec["modulo1"]) % int(spec["modulo2"]) == int(check)


def _luhn(serial: str, check: str, spec: Mapping[str, Any]) -> bool:
    total = 0
    for i, c in enumerate(reversed(serial)):
        x = int(c) * (2 if i % 2 == 0 else 1)
        total += x - 9 if x > 9 else x
    return (10 - total % 10) % 10 == int(check)


_ALPHABET36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _mod_37_36(serial: str, check: str, spec: Mapping[str, Any]) -> bool:
    # ISO 7064 MOD 37,36 as DPD's parcel label specification describes it.
    mod = 36
    cd = mod
    for c in serial:
        cd += _ALPHABET36.index(c)
        if cd > mod:
            cd -= mod
        cd *= 2
        if cd > mod:
            cd -= mod + 1
    cd = mod + 1 - cd
    if cd == mod:
        cd = 0
    return _ALPHABET36[cd] == check


CHECKSUMS: dict[str, Callable[[str, str, Mapping[str, Any]], bool]] = {
    "mod10": _mod10,
    "mod7": _mod7,
    "s10": _s10,
    "sum_product_with_weightings_and_modulo": _weighted,
    "luhn": _luhn,
    "mod_37_36": _mod_37_36,
}


# --- the table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CarrierTable:
    formats: tuple[CarrierFormat, ...]
    postal_services: Mapping[str, str]  # S10 country code -> the postal service's name

    def _valid(self, fmt: CarrierFormat, code: str) -> tuple[bool, str] | None:
        """(check digit verified, carrier name) when the code is this format's, else None."""
        m = fmt.pattern.fullmatch(code)
        if m is None:
            return None
        carrier = fmt.carrier
        if fmt.courier_by_group:
            name = self.postal_services.get(m.group(fmt.courier_by_group) or "")
            if name is None:
                return None  # S10 with a country code no postal service uses
            carrier = name
        if fmt.checksum is None:
            return False, carrier
        groups = m.groupdict()
        serial, check = groups.get("SerialNumber") or "", groups.get("CheckDigit") or ""
        if fmt.prepend_if and re.search(fmt.prepend_if["matches_regex"], serial):
            serial = fmt.prepend_if["content"] + serial
        algorithm = CHECKSUMS[fmt.checksum["name"]]
        try:
            ok = algorithm(serial, check, fmt.checksum)
        except (ValueError, IndexError):
            ok = False
        return (True, carrier) if ok else None

    def identify(self, code: str) -> CarrierMatch | None:
        """The carrier whose format (and check digit, where it has one) this code fits."""
        if code.isdigit() and len(set(code)) == 1:
            return None  # 000000000000 passes most check digits, but is nobody's number
        found: list[tuple[CarrierFormat, bool, str]] = []
        for fmt in self.formats:
            result = self._valid(fmt, code)
            if result is not None:
                found.append((fmt, *result))
        if not found:
            return None
        fmt, checked, carrier = found[0]
        also = tuple(dict.fromkeys(c for _f, _k, c in found[1:] if c != carrier))
        return CarrierMatch(carrier, fmt, checked, also)

    def shaped_like(self, code: str) -> list[CarrierFormat]:
        """Formats whose pattern fits although the check digit (or country) does not."""
        return [f for f in self.formats if f.pattern.fullmatch(code) and not self._valid(f, code)]

    @property
    def carrier_names(self) -> list[str]:
        return list(dict.fromkeys(f.carrier for f in self.formats))


def _format(entry: Mapping[str, Any]) -> CarrierFormat:
    validation = entry.get("serial_number_format") or {}
    return CarrierFormat(
        id=entry["id"],
        carrier=entry["carrier"],
        format=entry.get("format", entry["carrier"]),
        pattern=re.compile(entry["regex"]),
        rank=int(entry.get("rank", 4)),
        checksum=entry.get("checksum"),
        prepend_if=validation.get("prepend_if"),
        courier_by_group=entry.get("courier_by_group", ""),
    )


def parse_table(data: Mapping[str, Any]) -> CarrierTable:
    """A table from its JSON: formats tried by rank, those with a check digit first within a
    rank, then in file order."""
    formats = sorted((_format(e) for e in data["formats"]), key=lambda f: (f.rank, not f.checksum))
    return CarrierTable(tuple(formats), dict(data.get("postal_services", {})))


@cache
def carrier_table() -> CarrierTable:
    """The app's carrier table (read once)."""
    path = resource_path(*CARRIERS_FILE)
    return parse_table(json.loads(path.read_text(encoding="utf-8")))
