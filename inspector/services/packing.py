"""Packing on camera, and returns compared with their packing.

A packing is recorded by the same pipeline as a return (services.recording, kind
'packing'): the same overlay with PACKING for its recording mark, the same video file
handling, the same seal on completion. While it records, each item scanned into the box
is kept with its SKU, serial and second in the video, and checked against the order at
once (core/packing.py). A return of the same order later compares the serials read on
the returned item with those packed; each difference is a finding that drives the
recommendation (core/decision.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from inspector.core import orders as orders_core
from inspector.core import packing as packing_core
from inspector.core.catalog import BarcodeIndex, products_by_sku
from inspector.core.chain import latest_seal, reseal_inspection
from inspector.core.csvfiles import control_character
from inspector.core.errors import NotFoundError, ValidationError
from inspector.core.evidence import format_offset
from inspector.core.models import (
    EventKind,
    Inspection,
    InspectionEvent,
    InspectionKind,
    InspectionStatus,
    ItemRole,
    ItemScan,
    VideoSegment,
    normalize_code,
    utcnow,
)
from inspector.core.packing import Finding, PackProblem, Reference
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.i18n.vocabulary import OverlayLabels
from inspector.services.context import AppContext
from inspector.services.inspections import InspectionSummary
from inspector.services.shared_videos import video_path

if TYPE_CHECKING:
    # Recording pulls in the camera and encoder stack (PyAV, Qt's painter): only a packing
    # that starts needs it, not the commands that look a packing up (inspector lookup, show).
    from inspector.capture.pipeline import CaptureThread
    from inspector.services.recording import ActiveInspection, StartRequest

log = logging.getLogger(__name__)

_barcodes = BarcodeIndex()  # product barcodes scanned into a box, looked up in memory


def _get(session: Session, inspection_id: int, kind: InspectionKind) -> Inspection:
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise NotFoundError(
            f"There is no inspection number {inspection_id}. Run 'inspector list' to see them."
        )
    if row.kind != kind:
        what = "a packing" if kind == InspectionKind.PACKING else "a return inspection"
        raise ValidationError(f"Inspection {inspection_id} is not {what}.")
    return row


def find_order_to_pack(ctx: AppContext, code: str) -> orders_core.OrderData | None:
    """The order a scanned or typed code names: its order number, else an outbound waybill."""
    with ctx.db.session() as session:
        order = orders_core.find_order(session, code)
        if order is None:
            order = orders_core.find_order_by_outbound(session, code)
        return order


def start_packing(
    ctx: AppContext,
    capture: CaptureThread,
    request: StartRequest,
    max_seconds: float | None = None,
    labels: OverlayLabels | None = None,
) -> ActiveInspection:
    """Start filming an order being packed: an inspection of kind 'packing', marked PACKING.

    The request's order number may be the order or its outbound waybill; `courier_number`
    is the outbound waybill when known. An order not in the database is filmed all the
    same, with a note that the box could not be checked against it.
    """
    from inspector.services.recording import StartRequest, start_inspection

    req = request.normalized()
    if not req.order_number:
        raise ValidationError("Scan or type the order number of the order being packed.")
    order = find_order_to_pack(ctx, req.order_number)
    if order is not None:
        # Scanned by its outbound waybill, or packed under the waybill the export names.
        waybill = req.courier_number or order.outbound_waybill
        if order.order_number != req.order_number:
            waybill = req.courier_number or req.order_number
        req = StartRequest(order.order_number, waybill, req.operator, req.station)
    active = start_inspection(
        ctx, capture, req, max_seconds=max_seconds, labels=labels, kind=InspectionKind.PACKING
    )
    lang = resolve_language(ctx.settings.language)
    with ctx.db.session() as session:
        row = session.get(Inspection, active.inspection_id)
        assert row is not None
        row.platform = order.platform if order else ""
        session.add(row)
        if order is None:
            session.add(
                InspectionEvent(
                    inspection_id=row.id,
                    kind=EventKind.PACKING_PROBLEM,
                    actor=req.operator,
                    message=say(
                        lang,
                        "Order {order} is not in the database: the box is not checked against "
                        "its lines. Import the shop's orders to check packing.",
                        order=req.order_number,
                    ),
                )
            )
    return active


def _ordered(session: Session, order_number: str) -> dict[str, int] | None:
    order = orders_core.find_order(session, order_number)
    if order is None:
        return None
    return dict(packing_core.ordered_quantities((ln.sku, ln.quantity) for ln in order.lines))


@dataclass(frozen=True)
class PackScan:
    """An item scanned into the box, and what is wrong with it if anything (said at once)."""

    inspection_id: int
    sku: str
    name: str
    serial: str
    video_offset_s: float | None
    problem: PackProblem | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "inspection_id": self.inspection_id,
            "sku": self.sku,
            "name": self.name,
            "serial": self.serial,
            "video_offset_s": self.video_offset_s,
            "problem": str(self.problem.kind) if self.problem else None,
            "message": self.message,
        }


def _resolve_item(session: Session, code: str) -> tuple[str, str, str]:
    """(sku, product name, barcode) for a scanned product barcode or a typed SKU."""
    value = normalize_code(code)
    if not value:
        raise ValidationError("Scan the item's barcode or type its SKU.")
    if (bad := control_character(value)) is not None:
        raise ValidationError(
            f"The code {ascii(value)} holds an invisible control character (U+{ord(bad):04X}); "
            "scan it again."
        )
    match = _barcodes.find(session, value)
    if match is not None:
        return normalize_code(match.sku), match.name, value
    product = products_by_sku(session, {value}).get(value)
    return value, product.name if product else "", ""


def _offset(
    session: Session, inspection: Inspection, given: float | None
) -> tuple[float | None, int | None]:
    """Where in the video a scan happened: as given, or by the clock while recording."""
    if given is not None and given < 0:
        raise ValidationError("The video offset cannot be negative.")
    seg = session.exec(
        select(VideoSegment)
        .where(VideoSegment.inspection_id == inspection.id)
        .order_by(VideoSegment.seq.desc())  # type: ignore[attr-defined]
    ).first()
    if seg is None:
        return None, None
    if given is not None:
        if inspection.status != InspectionStatus.RECORDING and given > inspection.duration_s + 0.5:
            raise ValidationError(
                f"The video of inspection {inspection.id} is {inspection.duration_s:.1f} s long; "
                f"a scan at {given:g} s is past its end."
            )
        return round(given, 3), seg.seq
    if inspection.status == InspectionStatus.RECORDING:
        return round(max(0.0, (utcnow() - seg.started_at).total_seconds()), 3), seg.seq
    return None, None


def scan_packed_item(
    ctx: AppContext,
    inspection_id: int,
    code: str,
    serial: str = "",
    video_offset_s: float | None = None,
    actor: str = "",
) -> PackScan:
    """Keep an item scanned into the box (its barcode or SKU, its serial) and check it at once.

    A wrong SKU, one more than ordered or a serial scanned twice is said now, in the
    packing's history and in the result; `video_offset_s` is the recorder's elapsed time
    (the desk and the CLI know it), else the clock's while recording.
    """
    serial = normalize_code(serial)
    if len(serial) > 200 or (serial and control_character(serial) is not None):
        raise ValidationError(f"The serial {ascii(serial)[:60]} cannot be kept; scan it again.")
    lang = resolve_language(ctx.settings.language)
    actor = actor or ctx.settings.operator
    with ctx.db.session() as session:
        packing = _get(session, inspection_id, InspectionKind.PACKING)
        sku, name, barcode = _resolve_item(session, code)
        before = [
            (i.sku, i.serial) for i in packing_core.items(session, inspection_id, ItemRole.PACKED)
        ]
        problem = packing_core.scan_problem(
            _ordered(session, packing.order_number), before, sku, serial
        )
        offset, seq = _offset(session, packing, video_offset_s)
        session.add(
            ItemScan(
                inspection_id=inspection_id,
                role=ItemRole.PACKED,
                sku=sku,
                serial=serial,
                code=barcode,
                video_offset_s=offset,
                segment_seq=seq,
                actor=actor,
            )
        )
        message = say(
            lang,
            "{name} (SKU {sku}), serial {serial}, at {offset} in the video",
            name=name or sku,
            sku=sku,
            serial=serial or "-",
            offset=format_offset(offset),
        )
        session.add(
            InspectionEvent(
                inspection_id=inspection_id,
                kind=EventKind.ITEM_PACKED,
                message=message,
                actor=actor,
            )
        )
        if problem is not None:
            message = problem.words(lang)
            session.add(
                InspectionEvent(
                    inspection_id=inspection_id,
                    kind=EventKind.PACKING_PROBLEM,
                    message=message,
                    actor=actor,
                )
            )
        session.flush()
        reseal_inspection(session, packing, say(lang, "item {sku} packed", sku=sku), actor)
    return PackScan(inspection_id, sku, name, serial, offset, problem, message)


@dataclass(frozen=True)
class PackingResult:
    """A finished packing: the recording, the items in the box, what differs from the order."""

    summary: InspectionSummary
    items: list[ItemView]
    problems: list[str]


def note_missing_items(ctx: AppContext, inspection_id: int, actor: str = "") -> list[str]:
    """Say, in the packing's history, each order line the box did not fill; the words said.

    Called as the packing ends, before its video is finished, so its seal covers them.
    """
    lang = resolve_language(ctx.settings.language)
    said = []
    with ctx.db.session() as session:
        packing = _get(session, inspection_id, InspectionKind.PACKING)
        ordered = _ordered(session, packing.order_number)
        skus = [i.sku for i in packing_core.items(session, packing.id, ItemRole.PACKED)]
        for problem in packing_core.missing_items(ordered or {}, skus):
            said.append(problem.words(lang))
            session.add(
                InspectionEvent(
                    inspection_id=packing.id,
                    kind=EventKind.PACKING_PROBLEM,
                    message=said[-1],
                    actor=actor,
                )
            )
    return said


def end_packing(ctx: AppContext, active: ActiveInspection) -> PackingResult:
    """End a packing as packed: missing items are said, then the video is finished and sealed."""
    note_missing_items(ctx, active.inspection_id, active.request.operator)
    summary = active.stop()  # the missing items above are covered by the packing's seal
    view = packing_view(ctx, active.inspection_id)
    return PackingResult(summary, view.items, view.problems)


def serial_for_last_item(
    ctx: AppContext, inspection_id: int, serial: str, actor: str = ""
) -> PackScan:
    """The serial scanned after an item: it becomes that item's (the desk scans item, then serial).

    A serial already in this box is said at once, as any packing problem.
    """
    serial = normalize_code(serial)
    if not serial or len(serial) > 200 or control_character(serial) is not None:
        raise ValidationError(f"The serial {ascii(serial)[:60]} cannot be kept; scan it again.")
    lang = resolve_language(ctx.settings.language)
    actor = actor or ctx.settings.operator
    with ctx.db.session() as session:
        packing = _get(session, inspection_id, InspectionKind.PACKING)
        items = packing_core.items(session, inspection_id, ItemRole.PACKED)
        if not items or items[-1].serial:
            raise ValidationError("Scan the item's barcode before its serial.")
        last = items[-1]
        before = [(i.sku, i.serial) for i in items[:-1]]
        problem = packing_core.scan_problem(None, before, last.sku, serial)
        last.serial = serial
        session.add(last)
        message = say(lang, "SKU {sku}: serial {serial}", sku=last.sku, serial=serial)
        session.add(
            InspectionEvent(
                inspection_id=inspection_id,
                kind=EventKind.ITEM_PACKED,
                message=message,
                actor=actor,
            )
        )
        if problem is not None:
            message = problem.words(lang)
            session.add(
                InspectionEvent(
                    inspection_id=inspection_id,
                    kind=EventKind.PACKING_PROBLEM,
                    message=message,
                    actor=actor,
                )
            )
        session.flush()
        reseal_inspection(session, packing, say(lang, "item {sku} packed", sku=last.sku), actor)
        return PackScan(inspection_id, last.sku, "", serial, last.video_offset_s, problem, message)


def latest_packing(ctx: AppContext, order_number: str) -> PackingView | None:
    """The order's newest packing with a video, for the return being unboxed now."""
    with ctx.db.session() as session:
        packing = packing_core.packing_for(session, order_number)
        return _packing_view(ctx, session, packing) if packing is not None else None


@dataclass(frozen=True)
class ItemView:
    """An item scan as shown and exported."""

    role: str
    sku: str
    serial: str
    code: str
    at: datetime
    video_offset_s: float | None
    actor: str

    @classmethod
    def of(cls, i: ItemScan) -> ItemView:
        return cls(i.role, i.sku, i.serial, i.code, i.at, i.video_offset_s, i.actor)

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "sku": self.sku,
            "serial": self.serial,
            "code": self.code,
            "at": self.at.isoformat(),
            "video_offset_s": self.video_offset_s,
            "actor": self.actor,
        }


@dataclass(frozen=True)
class PackingView:
    """A packing as a return, its bundle and the timeline show it."""

    id: int
    uid: str
    order_number: str
    waybill: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: float
    video_path: str
    sha256: str
    items: list[ItemView]
    problems: list[str]
    seal_entry_hash: str = ""
    segments: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "order_number": self.order_number,
            "waybill": self.waybill,
            "status": self.status,
            "time": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "duration_s": self.duration_s,
            "video": self.video_path,
            "sha256": self.sha256,
            "items": [i.to_json() for i in self.items],
            "problems": self.problems,
            "seal": self.seal_entry_hash,
        }


def _packing_view(ctx: AppContext, session: Session, packing: Inspection) -> PackingView:
    segs = session.exec(
        select(VideoSegment)
        .where(VideoSegment.inspection_id == packing.id)
        .order_by(VideoSegment.seq)  # type: ignore[arg-type]
    ).all()
    problems = session.exec(
        select(InspectionEvent.message)
        .where(InspectionEvent.inspection_id == packing.id)
        .where(InspectionEvent.kind == EventKind.PACKING_PROBLEM)
        .order_by(InspectionEvent.id)  # type: ignore[arg-type]
    ).all()
    seal = latest_seal(session, packing.id)
    assert packing.id is not None
    return PackingView(
        packing.id,
        packing.uid,
        packing.order_number,
        packing.courier_number,
        str(packing.status),
        packing.started_at,
        packing.ended_at,
        packing.duration_s,
        str(video_path(ctx, segs[0].path)) if segs else "",
        segs[0].sha256 if segs else "",
        [ItemView.of(i) for i in packing_core.items(session, packing.id, ItemRole.PACKED)],
        list(problems),
        seal.entry_hash if seal else "",
        [str(video_path(ctx, s.path)) for s in segs],
    )


def packing_view(ctx: AppContext, packing_id: int) -> PackingView:
    """One packing with its items and problems."""
    with ctx.db.session() as session:
        return _packing_view(ctx, session, _get(session, packing_id, InspectionKind.PACKING))


def packing_of_return(
    ctx: AppContext, session: Session, inspection: Inspection
) -> PackingView | None:
    """The packing a return is compared with: its order's newest filmed before the return.

    For a packing itself, its own view (what `show` prints for it).
    """
    if inspection.kind == InspectionKind.PACKING:
        return _packing_view(ctx, session, inspection)
    packing = packing_core.packing_for(session, inspection.order_number, inspection.started_at)
    return _packing_view(ctx, session, packing) if packing is not None else None


def reference_for(session: Session, inspection: Inspection) -> Reference | None:
    """What a return is compared with now: its packing, else the export's lines, else None."""
    packing = packing_core.packing_for(session, inspection.order_number, inspection.started_at)
    if packing is not None:
        return packing_core.packing_reference(session, packing)
    order = orders_core.find_order(session, inspection.order_number)
    if order is None:
        return None
    return packing_core.export_reference((ln.sku, ln.serials) for ln in order.lines)


@dataclass(frozen=True)
class ReturnedItem:
    """A serial read on a returned item, and the difference from what was shipped if any."""

    inspection_id: int
    sku: str
    serial: str
    source: str  # packing | export | "" (nothing known to compare with)
    finding: Finding | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "inspection_id": self.inspection_id,
            "sku": self.sku,
            "serial": self.serial,
            "source": self.source,
            "finding": self.finding.to_json() if self.finding else None,
            "message": self.message,
        }


def record_returned_serial(
    ctx: AppContext,
    inspection_id: int,
    code: str,
    serial: str,
    video_offset_s: float | None = None,
    actor: str = "",
) -> ReturnedItem:
    """Keep a serial read on the returned item and compare it with what was shipped.

    The comparison is stored with the scan (which packing, what it held), so the finding
    stays what it was when a later packing or import arrives; the record is resealed.
    """
    serial = normalize_code(serial)
    if not serial:
        raise ValidationError("Give the serial read on the returned item: SKU=SERIAL.")
    if len(serial) > 200 or control_character(serial) is not None:
        raise ValidationError(f"The serial {ascii(serial)[:60]} cannot be kept; scan it again.")
    lang = resolve_language(ctx.settings.language)
    actor = actor or ctx.settings.operator
    with ctx.db.session() as session:
        inspection = _get(session, inspection_id, InspectionKind.RETURN)
        sku, _name, barcode = _resolve_item(session, code)
        reference = reference_for(session, inspection)
        offset, seq = _offset(session, inspection, video_offset_s)
        session.add(
            ItemScan(
                inspection_id=inspection_id,
                role=ItemRole.RETURNED,
                sku=sku,
                serial=serial,
                code=barcode,
                video_offset_s=offset,
                segment_seq=seq,
                actor=actor,
                packing_uid=reference.packing_uid if reference else "",
                compared_with=reference.to_stored() if reference else "",
            )
        )
        finding = packing_core.compare(reference, sku, serial, offset) if reference else None
        if finding is not None:
            message = finding.words(lang)
        elif reference is None:
            message = say(
                lang,
                "SKU {sku}: returned {serial}; nothing is known of what was shipped",
                sku=sku,
                serial=serial,
            )
        else:
            template = (
                "SKU {sku}: returned {serial}, as packed"
                if reference.source == packing_core.ReferenceSource.PACKING
                else "SKU {sku}: returned {serial}, as shipped (from the platform)"
            )
            message = say(lang, template, sku=sku, serial=serial)
        session.add(
            InspectionEvent(
                inspection_id=inspection_id,
                kind=EventKind.SERIAL_RETURNED,
                message=message,
                actor=actor,
            )
        )
        session.flush()
        reseal_inspection(
            session,
            inspection,
            say(lang, "serial {serial} read on the returned item", serial=serial),
            actor,
        )
    return ReturnedItem(
        inspection_id, sku, serial, str(reference.source) if reference else "", finding, message
    )
