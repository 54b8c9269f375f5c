"""Packed and returned: what went into the box on camera, and what came back.

A packing is an inspection of kind 'packing' (its video, events, seals and time-stamps are
the inspection's own machinery), with the items scanned into the box as `ItemScan` rows.
Two pure rules live here:

- **The box against the order** (`scan_problem`, `missing_items`): an item whose SKU the
  order does not hold is a wrong SKU, one more than the order's quantity is extra, and a
  line not filled when the packing ends is missing. The first two are said at the scan.
- **The return against the packing** (`compare`): a returned item whose SKU the reference
  never held, or whose serial is not among the reference's serials for that SKU, is a
  finding ("packed AC-000123, returned AC-000555"). The reference is the order's newest
  packing filmed before the return when there is one, else what the platform's export
  says was shipped. A finding from a filmed packing is decisive; one from an export weighs
  less (core/decision.py).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from inspector.core.models import (
    Inspection,
    InspectionKind,
    InspectionStatus,
    ItemRole,
    ItemScan,
    normalize_code,
)
from inspector.i18n.language import ENGLISH
from inspector.i18n.phrases import say

# A packing with a video is a reference; a failed one (nothing recorded) is not.
_REFERENCE_STATUSES = (InspectionStatus.COMPLETED, InspectionStatus.INTERRUPTED)


class PackProblemKind(StrEnum):
    WRONG_SKU = "wrong_sku"  # the order does not hold this SKU
    EXTRA = "extra"  # more of a SKU than the order's quantity
    MISSING = "missing"  # fewer of a SKU than ordered when the packing ended
    REPEATED_SERIAL = "repeated_serial"  # the same serial scanned twice into one box


@dataclass(frozen=True)
class PackProblem:
    """One way the box differs from the order."""

    kind: PackProblemKind
    sku: str
    ordered: int  # the order's quantity of this SKU (0: not in the order)
    packed: int  # how many were scanned into the box
    serial: str = ""

    def words(self, language: str = ENGLISH) -> str:
        """The problem as the desk says it."""
        t = {
            PackProblemKind.WRONG_SKU: "Wrong item: SKU {sku} is not in this order",
            PackProblemKind.EXTRA: "Extra item: SKU {sku} scanned {packed} times, the order has {ordered}",
            PackProblemKind.MISSING: "Missing item: SKU {sku} packed {packed} of {ordered}",
            PackProblemKind.REPEATED_SERIAL: "Serial {serial} of SKU {sku} was already scanned into this box",
        }[self.kind]
        return say(
            language, t, sku=self.sku, packed=self.packed, ordered=self.ordered, serial=self.serial
        )


def ordered_quantities(lines: Iterable[tuple[str, int]]) -> Counter[str]:
    """The order's quantity of each SKU (lines naming the same SKU add up)."""
    out: Counter[str] = Counter()
    for sku, quantity in lines:
        out[normalize_code(sku)] += max(0, quantity)
    return out


def scan_problem(
    ordered: Mapping[str, int] | None,
    packed_before: Sequence[tuple[str, str]],
    sku: str,
    serial: str = "",
) -> PackProblem | None:
    """What is wrong with scanning (sku, serial) into a box already holding `packed_before`.

    `ordered`: the order's quantities by SKU, or None when the order is not known (then
    only a repeated serial can be told).
    """
    sku, serial = normalize_code(sku), normalize_code(serial)
    if serial and any(s == sku and x == serial for s, x in packed_before):
        return PackProblem(
            PackProblemKind.REPEATED_SERIAL,
            sku,
            (ordered or {}).get(sku, 0),
            sum(1 for s, _ in packed_before if s == sku),
            serial,
        )
    if ordered is None:
        return None
    count = 1 + sum(1 for s, _ in packed_before if s == sku)
    if ordered.get(sku, 0) == 0:
        return PackProblem(PackProblemKind.WRONG_SKU, sku, 0, count, serial)
    if count > ordered[sku]:
        return PackProblem(PackProblemKind.EXTRA, sku, ordered[sku], count, serial)
    return None


def missing_items(ordered: Mapping[str, int], packed_skus: Iterable[str]) -> list[PackProblem]:
    """The order's lines the box did not fill, in the order's SKU order."""
    counts = Counter(normalize_code(s) for s in packed_skus)
    return [
        PackProblem(PackProblemKind.MISSING, sku, quantity, counts[sku])
        for sku, quantity in ordered.items()
        if counts[sku] < quantity
    ]


# --- the return against what was shipped ----------------------------------------------------


class ReferenceSource(StrEnum):
    PACKING = "packing"  # filmed at our desk: decisive
    EXPORT = "export"  # shipped (from the platform): weighs less


@dataclass(frozen=True)
class Reference:
    """What a returned item is compared with: a packing's items, or the export's lines.

    `serials`: by SKU, the serials the reference holds (a SKU with none is listed, empty).
    `offsets`: for a packing, each serial's second in the packing video.
    """

    source: ReferenceSource
    serials: dict[str, list[str]]
    packing_uid: str = ""
    packing_id: int | None = None
    packed_at: datetime | None = None
    offsets: dict[str, float] = field(default_factory=dict)

    def to_stored(self) -> str:
        """As an ItemScan keeps it (compared_with), so the comparison stays what it was."""
        data: dict[str, Any] = {"source": str(self.source), "serials": self.serials}
        if self.offsets:
            data["offsets"] = self.offsets
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_stored(cls, text: str, packing_uid: str = "") -> Reference | None:
        try:
            data = json.loads(text or "null")
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("serials"), dict):
            return None
        try:
            source = ReferenceSource(data.get("source", ""))
        except ValueError:
            return None
        return cls(
            source,
            {str(k): [str(s) for s in v] for k, v in data["serials"].items()},
            packing_uid,
            offsets={str(k): float(v) for k, v in (data.get("offsets") or {}).items()},
        )


class FindingKind(StrEnum):
    SERIAL = "serial"  # the SKU was shipped, with another serial
    SKU = "sku"  # the SKU was never shipped in this order


@dataclass(frozen=True)
class Finding:
    """One difference between what was shipped and what came back."""

    kind: FindingKind
    source: ReferenceSource
    sku: str
    returned_serial: str
    packed_serials: tuple[str, ...]  # the reference's serials for the SKU (all SKUs for SKU)
    packed_skus: tuple[str, ...] = ()
    packing_uid: str = ""
    packed_offset_s: float | None = None  # the packed item's second in the packing video
    returned_offset_s: float | None = None  # the returned item's second in the return video

    @property
    def decisive(self) -> bool:
        """A filmed packing settles identity; an export's serial is a lead, not proof."""
        return self.source == ReferenceSource.PACKING

    def words(self, language: str = ENGLISH) -> str:
        """'SKU TS-001: packed AC-000123, returned AC-000555' in the desk's language."""
        packed_word = (
            say(language, "packed")
            if self.source == ReferenceSource.PACKING
            else say(language, "shipped (from the platform)")
        )
        if self.kind == FindingKind.SKU:
            return say(
                language,
                "{packed_word} {skus}, returned SKU {sku}",
                packed_word=packed_word,
                skus=", ".join(self.packed_skus) or "-",
                sku=self.sku,
            )
        return say(
            language,
            "SKU {sku}: {packed_word} {packed}, returned {returned}",
            sku=self.sku,
            packed_word=packed_word,
            packed=", ".join(self.packed_serials),
            returned=self.returned_serial,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"], data["source"] = str(self.kind), str(self.source)
        data["packed_serials"] = list(self.packed_serials)
        data["packed_skus"] = list(self.packed_skus)
        data["decisive"] = self.decisive
        data["words"] = self.words()
        return data


def compare(
    reference: Reference, sku: str, serial: str, returned_offset_s: float | None = None
) -> Finding | None:
    """The difference between a returned item (sku, serial) and the reference, or None.

    No finding when the SKU and serial were shipped, when no serial was read on the
    returned item, or when the reference has no serial for that SKU to compare with.
    """
    sku, serial = normalize_code(sku), normalize_code(serial)
    skus = tuple(sorted(reference.serials))
    if sku not in reference.serials:
        if not skus:
            return None  # nothing is known to have been shipped: nothing to compare with
        return Finding(
            FindingKind.SKU,
            reference.source,
            sku,
            serial,
            tuple(s for k in skus for s in reference.serials[k]),
            skus,
            reference.packing_uid,
            None,
            returned_offset_s,
        )
    shipped = tuple(reference.serials[sku])
    if not serial or not shipped or serial in shipped:
        return None
    first = shipped[0]
    return Finding(
        FindingKind.SERIAL,
        reference.source,
        sku,
        serial,
        shipped,
        skus,
        reference.packing_uid,
        reference.offsets.get(f"{sku}/{first}"),
        returned_offset_s,
    )


def packing_for(
    session: Session, order_number: str, before: datetime | None = None
) -> Inspection | None:
    """The order's newest packing with a video, started before `before` when given."""
    number = normalize_code(order_number)
    if not number:
        return None
    query = (
        select(Inspection)
        .where(Inspection.kind == InspectionKind.PACKING)
        .where(Inspection.order_number == number)
        .where(Inspection.status.in_(_REFERENCE_STATUSES))  # type: ignore[attr-defined]
    )
    if before is not None:
        query = query.where(Inspection.started_at < before)
    return session.exec(query.order_by(Inspection.started_at.desc())).first()  # type: ignore[attr-defined]


def items(session: Session, inspection_id: int | None, role: ItemRole) -> list[ItemScan]:
    """An inspection's item scans of one role, in the order they were made."""
    return list(
        session.exec(
            select(ItemScan)
            .where(ItemScan.inspection_id == inspection_id)
            .where(ItemScan.role == role)
            .order_by(ItemScan.id)  # type: ignore[arg-type]
        )
    )


def packing_reference(session: Session, packing: Inspection) -> Reference:
    """A packing's items as a return is compared with them."""
    serials: dict[str, list[str]] = {}
    offsets: dict[str, float] = {}
    for item in items(session, packing.id, ItemRole.PACKED):
        serials.setdefault(item.sku, [])
        if item.serial and item.serial not in serials[item.sku]:
            serials[item.sku].append(item.serial)
            if item.video_offset_s is not None:
                offsets[f"{item.sku}/{item.serial}"] = item.video_offset_s
    return Reference(
        ReferenceSource.PACKING, serials, packing.uid, packing.id, packing.started_at, offsets
    )


def export_reference(lines: Iterable[tuple[str, Sequence[str]]]) -> Reference:
    """The export's order lines (sku, serials) as a return is compared with them."""
    serials: dict[str, list[str]] = {}
    for sku, codes in lines:
        key = normalize_code(sku)
        serials.setdefault(key, [])
        serials[key] += [normalize_code(c) for c in codes if normalize_code(c)]
    return Reference(ReferenceSource.EXPORT, serials)


def findings(session: Session, inspection: Inspection) -> list[Finding]:
    """A return's findings, from its returned items as they were compared when read."""
    out = []
    for item in items(session, inspection.id, ItemRole.RETURNED):
        reference = Reference.from_stored(item.compared_with, item.packing_uid)
        if reference is None:
            continue
        finding = compare(reference, item.sku, item.serial, item.video_offset_s)
        if finding is not None:
            out.append(finding)
    return out
