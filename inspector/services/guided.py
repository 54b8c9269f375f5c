"""Guided inspection: catalog and orders, the checklist, answers with video bookmarks, the decision.

The station window and the CLI call these functions; each takes the AppContext and
returns plain dataclasses.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, select

from inspector.core import catalog as catalog_core
from inspector.core import orders as orders_core
from inspector.core import packing as packing_core
from inspector.core import photos as photos_core
from inspector.core.chain import reseal_inspection
from inspector.core.checklist import (
    StepSpec,
    build_steps,
    serial_read_as_returned_item,
    value_problem,
)
from inspector.core.csvfiles import control_character, strip_controls
from inspector.core.decision import (
    RESULTS,
    Recommendation,
    StepAnswer,
    check_decision,
)
from inspector.core.decision import (
    recommend as recommend_rules,
)
from inspector.core.errors import NotFoundError, StorageError, ValidationError
from inspector.core.images import image_problem
from inspector.core.models import (
    ChecklistAnswer,
    ChecklistStep,
    Decision,
    EventKind,
    Inspection,
    InspectionEvent,
    InspectionKind,
    InspectionStatus,
    ItemRole,
    VideoSegment,
    decision_record,
    normalize_code,
    reasons_json,
    utcnow,
)
from inspector.core.packing import Finding
from inspector.core.policy import Policy, policy_for
from inspector.core.storage import safe_name
from inspector.i18n.language import ENGLISH, resolve_language
from inspector.i18n.phrases import say
from inspector.services.context import AppContext
from inspector.services.inspections import InspectionSummary, get_inspection
from inspector.services.order_imports import (  # noqa: F401  (the windows and tests import them here)
    ImportPreview,
    guess_orders_file,
    import_orders,
    order_preset,
    order_presets,
    preview_orders_file,
    save_order_preset,
)
from inspector.services.packing import ItemView, PackingView, packing_of_return

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

# A bookmark given by hand may run this far past the recorded end (the last frame's length).
_OFFSET_SLACK_S = 0.5


# --- catalog and orders --------------------------------------------------------------------


def import_products(ctx: AppContext, csv_path: Path) -> catalog_core.ImportResult:
    """Import or update products from a CSV file, all or nothing."""
    with ctx.db.session() as session:
        result = catalog_core.import_products(session, ctx.storage, Path(csv_path), ctx.desk_id)
    log.info(
        "Imported products from %s: %s new, %s updated", csv_path, result.created, result.updated
    )
    return result


def export_products(ctx: AppContext, csv_path: Path) -> int:
    """Write the catalog as CSV with its photos beside it; the number of products."""
    with ctx.db.session() as session:
        return catalog_core.export_products(session, ctx.storage, Path(csv_path))


def list_products(ctx: AppContext) -> list[catalog_core.ProductData]:
    with ctx.db.session() as session:
        return catalog_core.list_products(session)


def save_product(ctx: AppContext, product: catalog_core.ProductData) -> catalog_core.ProductData:
    """Create or update one product from the app's editor."""
    with ctx.db.session() as session:
        return catalog_core.save_product(session, product)


def add_product_photo(ctx: AppContext, image_file: Path) -> str:
    """Copy a reference photo into the data directory; the path to put in ProductData.photos."""
    path, problem = catalog_core.resolve_photo(Path(image_file).parent, Path(image_file).name)
    if problem or path is None:
        raise ValidationError(problem or f"{image_file} cannot be used as a photo.")
    with ctx.db.session() as session:
        return catalog_core.store_photo(session, ctx.storage, path, ctx.desk_id)


def stored_photo_file(ctx: AppContext, rel: str) -> Path:
    """A photo's file on this desk, fetched from the database when another desk stored it."""
    with ctx.db.session() as session:
        return Path(photo_file(ctx, session, rel))


def photo_file(ctx: AppContext, session: Session, rel: str) -> str:
    """A photo's file on this desk (absolute), fetched from the database when it is not here.

    Photos are stored in the database for every desk (core/photos.py); '' for no photo.
    """
    if not rel:
        return ""
    try:
        found = photos_core.local_copy(session, ctx.storage.root, rel)
    except StorageError as exc:
        log.warning("Photo %s cannot be written to this desk: %s", rel, exc)
        found = None
    return str(found if found is not None else ctx.storage.absolute(rel))


def skus_missing_from_catalog(ctx: AppContext) -> list[tuple[str, int]]:
    """SKUs in imported orders that the catalog lacks, with how many orders name each."""
    with ctx.db.session() as session:
        return orders_core.skus_missing_from_catalog(session)


def list_orders(ctx: AppContext) -> list[orders_core.OrderData]:
    with ctx.db.session() as session:
        return orders_core.list_orders(session)


def expected_returns(
    ctx: AppContext, today: date | None = None
) -> list[orders_core.ExpectedReturn]:
    """Returns requested and not yet inspected, those still missing a courier number first."""
    with ctx.db.session() as session:
        return orders_core.expected_returns(session, today)


@dataclass
class OrderLineView:
    """An order line with its product's name and reference photos (absolute paths)."""

    line_no: int
    sku: str
    name: str
    quantity: int
    serials: list[str]
    photos: list[str]


@dataclass
class OrderView:
    """What was shipped in an order, for the station to show while unboxing."""

    order_number: str
    platform: str
    buyer: str
    ship_date: date | None
    return_requested_on: date | None
    return_courier: str
    courier_supplied_on: date | None
    lines: list[OrderLineView]
    courier_supplied_at: datetime | None = None  # with its time and zone, when the file had them
    outbound_waybill: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in (
            "ship_date",
            "return_requested_on",
            "courier_supplied_on",
            "courier_supplied_at",
        ):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def _order_view(ctx: AppContext, session: Session, order: orders_core.OrderData) -> OrderView:
    products = catalog_core.products_by_sku(session, {ln.sku for ln in order.lines})
    lines = []
    for ln in order.lines:
        p = products.get(ln.sku)
        lines.append(
            OrderLineView(
                ln.line_no,
                ln.sku,
                p.name if p else "(not in the catalog)",
                ln.quantity,
                ln.serials,
                [photo_file(ctx, session, ph) for ph in p.photos] if p else [],
            )
        )
    return OrderView(
        order.order_number,
        order.platform,
        order.buyer,
        order.ship_date,
        order.return_requested_on,
        order.return_courier,
        order.courier_supplied_on,
        lines,
        order.courier_supplied_at,
        order.outbound_waybill,
    )


@dataclass
class CodeLookup:
    """What an entered or scanned code means: an order number, or a return's courier number."""

    code: str
    order_number: str  # the order to inspect (the code itself when nothing matched)
    courier_number: str  # filled in when the code was a waybill an order expects
    matched_by: str  # "order", "courier" or "" when the database does not know it
    order: OrderView | None
    past_rejections: list[orders_core.PastRejection] = field(default_factory=list)
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "order_number": self.order_number,
            "courier_number": self.courier_number,
            "matched_by": self.matched_by,
            "order": self.order.to_json() if self.order else None,
            "past_rejections": [r.to_json() for r in self.past_rejections],
            "message": self.message,
        }


def _rejections_warning(rejections: list[orders_core.PastRejection], buyer: str) -> str:
    if not rejections:
        return ""
    listed = ", ".join(
        f"#{r.inspection_id} ({r.order_number}, {r.decision})" for r in rejections[:5]
    )
    return f"Warning: buyer {buyer} already has {len(rejections)} rejected return(s): {listed}. Film with extra care."


def look_up_code(ctx: AppContext, code: str) -> CodeLookup:
    """Resolve a scanned or typed code: an order number, or a waybill that fills in its order."""
    norm = normalize_code(code)
    if not norm:
        raise ValidationError("Scan or type an order number or a waybill.")
    with ctx.db.session() as session:
        order = orders_core.find_order(session, norm)
        matched = "order" if order else ""
        courier = order.return_courier if order else ""
        if order is None:
            order = orders_core.find_order_by_courier(session, norm)
            if order is not None:
                matched, courier = "courier", norm
        if order is None:
            order = orders_core.find_order_by_outbound(session, norm)
            if order is not None:
                matched, courier = "outbound", norm
        if order is None:
            return CodeLookup(
                norm,
                norm,
                "",
                "",
                None,
                message=f"{norm} is not an order in the database: it can still be inspected, "
                "with the general steps only. Import the shop's orders to check products.",
            )
        sharing = (
            orders_core.orders_sharing_courier(session, order.return_courier)
            if order.return_courier
            else []
        )
        view = _order_view(ctx, session, order)
        rejections = orders_core.buyer_rejections(session, order.platform, order.buyer)
    items = "; ".join(f"{ln.quantity}× {ln.name} ({ln.sku})" for ln in view.lines)
    message = (
        f"Order {order.order_number} on {order.platform}, buyer {order.buyer or '?'}: {items}."
    )
    others = [n for n in sharing if n != order.order_number]
    if matched == "courier":
        message = f"Waybill {norm} is the return of order {order.order_number}. " + message
    elif matched == "outbound":
        message = (
            f"Waybill {norm} is the outbound waybill of order {order.order_number}: the parcel "
            "came back under the outbound waybill (refused or undelivered). " + message
        )
    if others:
        message += (
            f" The same return waybill {order.return_courier} also returns order(s) "
            f"{', '.join(others)}: one parcel for all."
        )
    if order.courier_supplied_at is not None:
        message += (
            f" The buyer supplied the return waybill at "
            f"{order.courier_supplied_at.strftime('%Y-%m-%d %H:%M:%S %z').strip()}."
        )
    elif order.courier_supplied_on is not None:
        message += f" The buyer supplied the return waybill on {order.courier_supplied_on}."
    warning = _rejections_warning(rejections, order.buyer)
    return CodeLookup(
        norm,
        order.order_number,
        courier,
        matched,
        view,
        rejections,
        message + (" " + warning if warning else ""),
    )


# --- the checklist -------------------------------------------------------------------------


@dataclass
class StepView:
    """A checklist step and its latest answer, with the answer's place in the video."""

    seq: int
    key: str
    category: str
    kind: str
    title: str
    detail: str
    line_no: int | None
    sku: str
    photos: list[str]  # reference photos, absolute paths
    expects: dict[str, Any]
    result: str | None = None
    note: str = ""
    value: str = ""
    value_problem: str | None = None
    photo: str = ""  # the photo taken for the answer, absolute path
    video_offset_s: float | None = None  # the bookmark, seconds into video segment `segment`
    segment: int | None = None
    answered_at: datetime | None = None
    answered_by: str = ""
    answers: int = 0  # how many times it was answered (earlier answers are kept)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["answered_at"] = self.answered_at.isoformat() if self.answered_at else None
        return data


def _spec_row(inspection_id: int, seq: int, spec: StepSpec) -> ChecklistStep:
    return ChecklistStep(
        inspection_id=inspection_id,
        seq=seq,
        key=spec.key,
        category=spec.category,
        kind=spec.kind,
        title=spec.title[:500],
        detail=spec.detail,
        line_no=spec.line_no,
        sku=spec.sku,
        expects=json.dumps(spec.expects, ensure_ascii=False),
        photos=json.dumps(list(spec.photos), ensure_ascii=False),
    )


def _get_inspection(session: Session, inspection_id: int) -> Inspection:
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise NotFoundError(
            f"There is no inspection number {inspection_id}. Run 'inspector list' to see them."
        )
    return row


def _order_arrived_since(session: Session, inspection: Inspection) -> bool:
    """Whether a checklist of general steps only can now be replaced by the order's own.

    The parcel often arrives before the day's order export is imported. Until a step is
    answered nothing is lost by rebuilding; after that the checklist stays as answered.
    """
    keys = set(
        session.exec(select(ChecklistStep.key).where(ChecklistStep.inspection_id == inspection.id))
    )
    if "item.ours" not in keys:
        return False
    answered = session.exec(
        select(ChecklistAnswer.id).where(ChecklistAnswer.inspection_id == inspection.id)
    ).first()
    if answered is not None:
        return False
    if inspection.order_number and orders_core.find_order(session, inspection.order_number):
        return True
    return not inspection.order_number and bool(
        inspection.courier_number
        and orders_core.find_order_by_courier(session, inspection.courier_number)
    )


def _ensure_checklist(session: Session, inspection: Inspection, language: str = ENGLISH) -> bool:
    """Build and store the checklist once, from the order as it is now; True if it was built."""
    exists = session.exec(
        select(ChecklistStep.id).where(ChecklistStep.inspection_id == inspection.id)
    ).first()
    if exists is not None:
        if not _order_arrived_since(session, inspection):
            return False
        for step in session.exec(
            select(ChecklistStep).where(ChecklistStep.inspection_id == inspection.id)
        ):
            session.delete(step)
        session.flush()
    order = (
        orders_core.find_order(session, inspection.order_number)
        if inspection.order_number
        else None
    )
    if order is None and inspection.courier_number:
        by_courier = orders_core.find_order_by_courier(session, inspection.courier_number)
        if by_courier is not None and not inspection.order_number:
            # Only the waybill was scanned: the order that expects it fills itself in.
            order = by_courier
            inspection.order_number = order.order_number
            session.add(
                InspectionEvent(
                    inspection_id=inspection.id,
                    kind=EventKind.ORDER_FROM_WAYBILL,
                    message=say(
                        language,
                        "Order {order} filled in from waybill {courier}",
                        order=order.order_number,
                        courier=inspection.courier_number,
                    ),
                )
            )
            # A record sealed before its checklist was built (an older inspection) changed.
            reseal_inspection(
                session, inspection, f"order {order.order_number} filled in from the waybill"
            )
    products = (
        catalog_core.products_by_sku(session, {ln.sku for ln in order.lines}) if order else {}
    )
    specs = build_steps(order, products, inspection.courier_number, language)
    for seq, spec in enumerate(specs, start=1):
        session.add(_spec_row(inspection.id, seq, spec))
    inspection.arrived_at = inspection.arrived_at or inspection.started_at
    inspection.platform = order.platform if order else ""
    inspection.courier_supplied_late = (
        orders_core.courier_timing(order, inspection.arrived_at)
        == orders_core.CourierTiming.AFTER_ARRIVAL
    )
    session.add(inspection)
    session.flush()
    return True


def _ensure_built(ctx: AppContext, inspection_id: int) -> None:
    """Build the checklist in its own transaction; if another desk built it at the same moment, use theirs."""
    if ctx.read_only:
        return  # only looking (a read-only folder): an inspection never started shows no steps
    try:
        with ctx.db.session() as session:
            inspection = _get_inspection(session, inspection_id)
            if inspection.kind == InspectionKind.PACKING:
                return  # a packing is checked against its order as it is packed, not by steps
            _ensure_checklist(session, inspection, resolve_language(ctx.settings.language))
    except sa.exc.IntegrityError:
        with ctx.db.session() as session:
            if (
                session.exec(
                    select(ChecklistStep.id).where(ChecklistStep.inspection_id == inspection_id)
                ).first()
                is None
            ):
                raise


def build_checklist_for(ctx: AppContext, inspection_id: int) -> list[StepView]:
    """Build the inspection's checklist from its order (once) when it starts; the steps."""
    _ensure_built(ctx, inspection_id)
    with ctx.db.session() as session:
        return _step_views(ctx, session, _get_inspection(session, inspection_id))


def checklist(ctx: AppContext, inspection_id: int) -> list[StepView]:
    """The inspection's steps with their latest answers (building them if it has none yet)."""
    return build_checklist_for(ctx, inspection_id)


def _segments(session: Session, inspection_id: int) -> dict[int, VideoSegment]:
    return {
        s.seq: s
        for s in session.exec(
            select(VideoSegment).where(VideoSegment.inspection_id == inspection_id)
        )
    }


def _place_offset(
    inspection_id: int, segments: list[VideoSegment], offset: float
) -> tuple[VideoSegment, float]:
    """The video part an offset into the whole recording falls in, and the offset within it."""
    ordered = sorted(segments, key=lambda s: s.seq)
    start = 0.0
    for seg in ordered:
        if offset < start + seg.duration_s or seg is ordered[-1]:
            total = start + seg.duration_s
            if offset > total + _OFFSET_SLACK_S:
                raise ValidationError(
                    f"The video of inspection {inspection_id} is {total:.1f} s long; "
                    f"a bookmark at {offset:g} s is past its end."
                )
            return seg, min(offset - start, seg.duration_s)
        start += seg.duration_s
    raise AssertionError("unreachable: segments is not empty")


def _offset(answer: ChecklistAnswer, segments: dict[int, VideoSegment]) -> float | None:
    # Clock-based bookmarks are measured against the segment's start as it is now: at stop,
    # the start moves to the first frame actually recorded (pre-roll included).
    if answer.offset_from_clock and answer.segment_seq in segments:
        start = segments[answer.segment_seq].started_at
        return round(max(0.0, (answer.answered_at - start).total_seconds()), 3)
    return answer.video_offset_s


def _step_views(ctx: AppContext, session: Session, inspection: Inspection) -> list[StepView]:
    steps = session.exec(
        select(ChecklistStep)
        .where(ChecklistStep.inspection_id == inspection.id)
        .order_by(ChecklistStep.seq)
    ).all()
    answers: dict[int, list[ChecklistAnswer]] = {}
    for a in session.exec(
        select(ChecklistAnswer)
        .where(ChecklistAnswer.inspection_id == inspection.id)
        .order_by(ChecklistAnswer.answered_at, ChecklistAnswer.id)
    ):
        answers.setdefault(a.step_id, []).append(a)
    segments = _segments(session, inspection.id)
    views = []
    for s in steps:
        expects = json.loads(s.expects or "{}")
        view = StepView(
            s.seq,
            s.key,
            s.category,
            s.kind,
            s.title,
            s.detail,
            s.line_no,
            s.sku,
            [photo_file(ctx, session, p) for p in json.loads(s.photos or "[]")],
            expects,
        )
        history = answers.get(s.id, [])
        if history:
            last = history[-1]
            view.result = last.result
            view.note = last.note
            view.value = last.value
            view.value_problem = value_problem(
                expects, last.value, resolve_language(ctx.settings.language)
            )
            view.photo = photo_file(ctx, session, last.photo_path)
            view.video_offset_s = _offset(last, segments)
            view.segment = last.segment_seq
            view.answered_at = last.answered_at
            view.answered_by = last.actor
            view.answers = len(history)
        views.append(view)
    return views


def next_step(steps: list[StepView]) -> StepView | None:
    """The first unanswered step: where the desk goes next."""
    return next((s for s in steps if s.result is None), None)


def step_caption(step: StepView | None, steps: list[StepView], language: str = ENGLISH) -> str:
    """The text for the recorded overlay, e.g. '4/12 Our anti-counterfeit sticker present'
    (step titles are stored in the desk's language; the closing line is said in it)."""
    if step is None:
        return say(language, "All steps answered: decide") if steps else ""
    return f"{step.seq}/{len(steps)} {step.title}"


def _find_step(session: Session, inspection_id: int, step: str | int) -> ChecklistStep:
    text = str(step).strip()
    query = select(ChecklistStep).where(ChecklistStep.inspection_id == inspection_id)
    if text.isdigit():
        row = session.exec(query.where(ChecklistStep.seq == int(text))).first()
    else:
        row = session.exec(query.where(ChecklistStep.key == text.lower())).first()
    if row is None:
        keys = [s.key for s in session.exec(query.order_by(ChecklistStep.seq))]
        raise ValidationError(
            f"Inspection {inspection_id} has no step {text!r}. Its steps: {', '.join(keys)} "
            "(or their numbers 1…)."
        )
    return row


def save_photo(
    ctx: AppContext, session: Session, inspection_id: int, step_key: str, frame: np.ndarray
) -> str:
    """Save a BGR frame as a JPEG under the photos folder and in the database; its relative path."""
    if frame is None or frame.ndim not in (2, 3) or frame.size == 0:
        raise ValidationError("There is no picture to save: the camera has not delivered a frame.")
    import cv2  # only when a photo is taken: it is slow to import for every CLI command

    ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 92])
    if not ok:
        raise StorageError("The picture could not be encoded as JPEG.")
    now = utcnow().astimezone()
    folder = ctx.storage.photos_dir / f"{now:%Y}" / f"{now:%m}" / f"{now:%d}"
    name = f"{inspection_id}_{safe_name(step_key, 30)}_{now:%H%M%S%f}.jpg"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".photo-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.tobytes())
        os.replace(tmp, folder / name)
    except OSError as exc:
        raise StorageError(
            f"Cannot save the photo in {folder}: {exc.strerror or exc}. Check free disk space."
        ) from exc
    rel = ctx.storage.relative(folder / name)
    photos_core.record_photo(session, rel, data.tobytes(), ctx.desk_id)
    return rel


PRODUCT_SCANNED = EventKind.PRODUCT_SCANNED


def record_product_scan(
    ctx: AppContext,
    inspection_id: int,
    offset_s: float,
    code: str,
    sku: str,
    name: str,
    shipped: list[str] | None,
) -> str:
    """Keep in the inspection's history that one of our products was scanned while filming.

    A product of ours that the order did not ship is the mark of a swapped item, so the
    evidence report's timeline shows it with its time in the video. `shipped`: the order's
    SKUs, or None when no order is known. Returns the words stored.
    """
    from inspector.core.evidence import format_offset

    lang = resolve_language(ctx.settings.language)
    values = {"name": name, "sku": sku, "code": code, "offset": format_offset(offset_s)}
    if shipped is None:
        message = say(
            lang, "{name} (SKU {sku}), barcode {code}, at {offset} in the video", **values
        )
    elif sku in shipped:
        message = say(
            lang,
            "{name} (SKU {sku}), barcode {code}, at {offset} in the video: shipped in this order",
            **values,
        )
    else:
        message = say(
            lang,
            "{name} (SKU {sku}), barcode {code}, at {offset} in the video: NOT shipped in this "
            "order (shipped: {shipped})",
            shipped=", ".join(shipped),
            **values,
        )
    with ctx.db.session() as session:
        if session.get(Inspection, inspection_id) is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        session.add(
            InspectionEvent(
                inspection_id=inspection_id,
                kind=PRODUCT_SCANNED,
                message=message,
                actor=ctx.settings.operator,
            )
        )
    return message


def answer_step(
    ctx: AppContext,
    inspection_id: int,
    step: str | int,
    result: str,
    note: str = "",
    value: str = "",
    frame: np.ndarray | None = None,
    photo_file: Path | None = None,
    video_offset_s: float | None = None,
    actor: str = "",
) -> StepView:
    """Answer a step pass, fail or na, bookmarking where in the video it was answered.

    The bookmark is `video_offset_s` when the caller knows it (the station passes the
    recorder's elapsed time; the CLI's --at); otherwise, while recording, the time since
    the video's first frame; after recording, none. `frame` (BGR) or `photo_file` adds a
    photo to the answer.
    """
    result = result.strip().lower()
    if result not in RESULTS:
        raise ValidationError(f"Answer pass, fail or na, not {result!r}.")
    if video_offset_s is not None and video_offset_s < 0:
        raise ValidationError("The video offset cannot be negative.")
    note, value = strip_controls(note).strip(), normalize_code(value)
    if len(note) > 2000 or len(value) > 200:
        raise ValidationError("The note (2000) or the value (200 characters) is too long.")
    if (bad := control_character(value)) is not None:
        raise ValidationError(
            f"The value {ascii(value)} holds an invisible control character "
            f"(U+{ord(bad):04X}); type or scan it again."
        )
    if photo_file is not None:
        if (problem := image_problem(Path(photo_file))) is not None:
            raise ValidationError(f"The photo was not added: {problem}.")
        import cv2

        image = cv2.imread(str(photo_file), cv2.IMREAD_COLOR)
        if image is None:
            raise ValidationError(f"{photo_file} does not exist or is not an image.")
        frame = image
    _ensure_built(ctx, inspection_id)
    now = utcnow()
    with ctx.db.session() as session:
        inspection = _get_inspection(session, inspection_id)
        row = _find_step(session, inspection_id, step)
        segments = _segments(session, inspection_id)
        seg = segments[max(segments)] if segments else None
        from_clock = False
        offset = video_offset_s
        if (
            offset is not None
            and seg is not None
            and inspection.status != InspectionStatus.RECORDING
        ):
            # A finished recording: the offset counts from the start of its first part.
            seg, offset = _place_offset(inspection_id, list(segments.values()), offset)
        elif offset is None and seg is not None and inspection.status == InspectionStatus.RECORDING:
            offset = max(0.0, (now - seg.started_at).total_seconds())
            from_clock = True
        photo = save_photo(ctx, session, inspection_id, row.key, frame) if frame is not None else ""
        session.add(
            ChecklistAnswer(
                step_id=row.id,
                inspection_id=inspection_id,
                result=result,
                note=note,
                value=value,
                photo_path=photo,
                answered_at=now,
                video_offset_s=round(offset, 3) if offset is not None else None,
                segment_seq=seg.seq if seg is not None and offset is not None else None,
                offset_from_clock=from_clock,
                actor=actor or ctx.settings.operator,
            )
        )
        session.flush()
        reason = say(resolve_language(ctx.settings.language), "step {seq} answered", seq=row.seq)
        reseal_inspection(session, inspection, reason, actor)
        views = _step_views(ctx, session, inspection)
        is_return = inspection.kind == InspectionKind.RETURN
    view = next(v for v in views if v.key == row.key)
    if value and is_return and serial_read_as_returned_item(view.sku, view.expects):
        # The serial read at the desk is compared with what was packed (or shipped): a
        # difference is a finding that drives the recommendation (services/packing.py).
        from inspector.services.packing import record_returned_serial

        record_returned_serial(
            ctx, inspection_id, view.sku, value, view.video_offset_s, actor or ctx.settings.operator
        )
    return view


# --- recommendation and decision -----------------------------------------------------------


def _facts(steps: list[StepView], inspection: Inspection, language: str) -> list[StepAnswer]:
    """The answers as the rules weigh them.

    A return's serial read on a SKU's step is weighed as a finding against the packing or
    the export (core/checklist.py `serial_read_as_returned_item`), never a second time as a
    failed step: the step counts as failed only when the serial is not ours at all.
    """
    is_return = inspection.kind == InspectionKind.RETURN

    def problem(s: StepView) -> str | None:
        if is_return and serial_read_as_returned_item(s.sku, s.expects):
            return value_problem(s.expects, s.value, language, against_shipped=False)
        return s.value_problem

    return [StepAnswer(s.key, s.title, s.category, s.result, s.note, problem(s)) for s in steps]


def recommend(ctx: AppContext, inspection_id: int) -> Recommendation:
    """What the rules recommend for the answers so far, under the order's platform policy."""
    _ensure_built(ctx, inspection_id)
    with ctx.db.session() as session:
        inspection = _get_inspection(session, inspection_id)
        steps = _step_views(ctx, session, inspection)
        language = resolve_language(ctx.settings.language)
        return recommend_rules(
            _facts(steps, inspection, language),
            policy_for(inspection.platform, session),
            language,
            packing_core.findings(session, inspection),
        )


def decide(
    ctx: AppContext,
    inspection_id: int,
    outcome: str | Decision,
    reason: str = "",
    actor: str = "",
    confirm_unanswered: bool = False,
) -> DecisionDetail:
    """Store the decision with the rules' recommendation and reasons; an override needs a reason.

    Raises IdentityStepsUnanswered (ask the operator, then call again with
    confirm_unanswered=True) when identity steps are still open.
    """
    try:
        decision = Decision(str(outcome).strip().lower())
    except ValueError:
        raise ValidationError(f"Decide sign, reject or dispute, not {outcome!r}.") from None
    reason = strip_controls(reason).strip()
    if len(reason) > 2000:
        raise ValidationError("The reason is longer than 2000 characters.")
    actor = actor or ctx.settings.operator
    _ensure_built(ctx, inspection_id)
    with ctx.db.session() as session:
        inspection = _get_inspection(session, inspection_id)
        steps = _step_views(ctx, session, inspection)
        language = resolve_language(ctx.settings.language)
        rec = recommend_rules(
            _facts(steps, inspection, language),
            policy_for(inspection.platform, session),
            language,
            packing_core.findings(session, inspection),
        )
        override = check_decision(rec, decision, reason, confirm_unanswered)
        previous = inspection.decision
        if previous not in (Decision.PENDING, decision) and len(reason) < 3:
            # The first decision may already be in an appeal: changing it is a correction
            # a reviewer must be able to read.
            raise ValidationError(
                f"Inspection {inspection_id} was decided {previous}; to change it to "
                f"{decision}, write the reason."
            )
        inspection.decision = decision
        inspection.recommended_decision = rec.outcome
        inspection.decision_reasons = reasons_json([*rec.reasons, *rec.notes])
        inspection.override_reason = reason if override else ""
        inspection.decided_by = actor
        inspection.decided_at = utcnow()
        session.add(inspection)
        lang = resolve_language(ctx.settings.language)
        message = say(
            lang,
            "{decision} (recommended {recommended})",
            decision=say(lang, str(decision)),
            recommended=say(lang, str(rec.outcome)),
        )
        if override:
            message += say(lang, "; overridden: {reason}", reason=reason)
        elif reason:
            message += say(lang, "; note: {reason}", reason=reason)
        if rec.unanswered_identity:
            # Named as the desk and the report number them, not by their internal keys.
            numbers = {s.key: str(s.seq) for s in steps}
            message += say(
                lang,
                "; decided without answering step(s) {steps}",
                steps=", ".join(numbers.get(k, k) for k in rec.unanswered_identity),
            )
        if previous != Decision.PENDING:
            message += say(
                lang,
                "; replaces the earlier decision {previous}",
                previous=say(lang, str(previous)),
            )
        session.add(
            InspectionEvent(
                inspection_id=inspection_id, kind=EventKind.DECIDED, message=message, actor=actor
            )
        )
        reseal_inspection(
            session,
            inspection,
            say(lang, "decided {decision}", decision=say(lang, str(decision))),
            actor,
        )
    log.info("Inspection %s decided: %s", inspection_id, message)
    return show(ctx, inspection_id)


@dataclass
class DecisionDetail:
    """An inspection as its decision sees it: order, checklist, recommendation, decision.

    What `show` prints and the checklist screen shows. The detail screen has its own view
    (services.browse.DecisionDetail: video files, history), the report its facts
    (core.evidence.ReportData); all three read the stored decision by `decision_record`.
    """

    summary: InspectionSummary
    order: OrderView | None
    steps: list[StepView]
    recommendation: Recommendation
    policy: Policy
    decision: str
    recommended_decision: str
    decision_reasons: list[str]
    override_reason: str
    decided_by: str
    decided_at: datetime | None
    arrived_at: datetime | None
    courier_timing: str
    courier_supplied_late: bool
    past_rejections: list[orders_core.PastRejection]
    # The order's packing filmed before this return, and how the return differs from it.
    packing: PackingView | None = None
    findings: list[Finding] = field(default_factory=list)
    returned_items: list[ItemView] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """What the desk must know before unboxing: unknown order, repeat offender, late courier number."""
        out = []
        if self.order is None:
            out.append("The order is not in the database: general steps only.")
        if self.past_rejections:
            out.append(
                _rejections_warning(self.past_rejections, self.order.buyer if self.order else "")
            )
        if self.courier_supplied_late:
            out.append(
                "The buyer supplied the courier number only after the parcel arrived: "
                "the buyer carries the loss."
            )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "inspection": self.summary.to_json(),
            "order": self.order.to_json() if self.order else None,
            "steps": [s.to_json() for s in self.steps],
            "recommendation": self.recommendation.to_json(),
            "policy": self.policy.to_json(),
            "decision": self.decision,
            "recommended_decision": self.recommended_decision,
            "decision_reasons": self.decision_reasons,
            "override_reason": self.override_reason,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "arrived_at": self.arrived_at.isoformat() if self.arrived_at else None,
            "courier_timing": self.courier_timing,
            "courier_supplied_late": self.courier_supplied_late,
            "past_rejections": [r.to_json() for r in self.past_rejections],
            "warnings": self.warnings,
            "packing": self.packing.to_json() if self.packing else None,
            "findings": [f.to_json() for f in self.findings],
            "returned_items": [i.to_json() for i in self.returned_items],
        }


def show(ctx: AppContext, inspection_id: int) -> DecisionDetail:
    """Everything about one inspection: video, order, checklist answers, recommendation, decision."""
    _ensure_built(ctx, inspection_id)
    with ctx.db.session() as session:
        inspection = _get_inspection(session, inspection_id)
        steps = _step_views(ctx, session, inspection)
        policy = policy_for(inspection.platform, session)
        findings = packing_core.findings(session, inspection)
        language = resolve_language(ctx.settings.language)
        rec = recommend_rules(_facts(steps, inspection, language), policy, language, findings)
        packing = packing_of_return(ctx, session, inspection)
        order = orders_core.find_order(session, inspection.order_number)
        order_view = _order_view(ctx, session, order) if order else None
        arrived = inspection.arrived_at or inspection.started_at
        timing = orders_core.courier_timing(order, arrived)
        rejections = (
            orders_core.buyer_rejections(session, order.platform, order.buyer, inspection.id)
            if order
            else []
        )
        values = dict(
            order=order_view,
            steps=steps,
            recommendation=rec,
            policy=policy,
            **decision_record(inspection).fields,
            arrived_at=arrived,
            courier_timing=timing,
            courier_supplied_late=inspection.courier_supplied_late,
            past_rejections=rejections,
            packing=packing,
            findings=findings,
            returned_items=[
                ItemView.of(i)
                for i in packing_core.items(session, inspection.id, ItemRole.RETURNED)
            ],
        )
    return DecisionDetail(summary=get_inspection(ctx, inspection_id), **values)


# --- platform policies ---------------------------------------------------------------------


def list_policies(ctx: AppContext) -> list[Policy]:
    """The policy in force for every known platform, the general default ('*') last."""
    from inspector.core.policy import all_policies

    with ctx.db.session() as session:
        return all_policies(session)


def set_policy(
    ctx: AppContext,
    platform: str,
    identity_fail: str | None = None,
    damaged: str | None = None,
    incomplete: str | None = None,
    claim_window_days: int | None = None,
    note: str | None = None,
) -> Policy:
    """Save the store's own policy for a platform (unspecified fields keep their value)."""
    from inspector.core.policy import save_policy

    with ctx.db.session() as session:
        return save_policy(
            session, platform, identity_fail, damaged, incomplete, claim_window_days, note
        )


def reset_policy(ctx: AppContext, platform: str) -> Policy:
    """Return a platform to the built-in policy."""
    from inspector.core.policy import reset_policy as reset

    with ctx.db.session() as session:
        return reset(session, platform)
