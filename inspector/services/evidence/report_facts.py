"""The facts a report shows about an inspection, in the report's language.

The timeline, the checklist and its answers, the order shipped, the decision; pictures from the
video are added by the bundle.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from inspector import __version__
from inspector.capture.sources import is_demo_recording
from inspector.core.chain import parse_reseal
from inspector.core.evidence import ReportData, ReportStep, ShippedItem, TimelineEntry
from inspector.core.models import (
    ChecklistStep,
    Inspection,
    InspectionEvent,
    Operator,
    Station,
    VideoSegment,
    decision_record,
    utcnow,
)
from inspector.core.order_facts import SealedOrder, read_sealed_order, sealed_order_facts
from inspector.core.orders import OrderData, OrderLineData
from inspector.core.storage import safe_name
from inspector.i18n.language import DESK, LANGUAGES, resolve_language
from inspector.i18n.phrases import say
from inspector.i18n.retell import retell
from inspector.i18n.vocabulary import EventKind, answer_words, event_label, platform_name
from inspector.services.context import AppContext
from inspector.services.evidence.source import row_name, video_name
from inspector.services.evidence.waybill import (
    WAYBILL_READ,
    WAYBILL_SCANNED,
    waybill_event,
    waybill_words,
)
from inspector.services.inspections import inspection_cameras


def _told(stored: str, language: str) -> str:
    """A sentence the desk stored in its language, in the report's (what was typed stays)."""
    from inspector.evidence.report_text import decision_word

    return retell(stored, language, decision_word)


def _without_override(message: str, reason: str) -> str:
    """A decision's history line without the override reason the decision section prints.

    The report shows "Overridden by the operator: …" beside the decision; the same words
    again in the timeline had the reviewer read them twice.
    """
    if not reason:
        return message
    for language in LANGUAGES:
        message = message.replace(say(language, "; overridden: {reason}", reason=reason), "")
    return message


def report_language(settings: Any, asked: str | None = None) -> str:
    """The language a report is written in: the one asked for, the desk's report setting, or the desk's."""
    return resolve_language(asked or settings.report_language or DESK, desk=settings.language)


def timeline_label(language: str, kind: str) -> str:
    template = event_label(kind)
    return say(language, template) if template else kind.replace("_", " ").capitalize()


def gather_report(
    ctx: AppContext,
    session: Session,
    inspection: Inspection,
    segs: list[VideoSegment],
    language: str | None = None,
) -> ReportData:
    """Every fact about an inspection the report shows, except pictures taken from the video.

    `language`: of the report's words ('en', 'zh_CN'); the desk's report language when None.
    """
    language = report_language(ctx.settings, language)
    first = segs[0]
    events = list(
        session.exec(
            select(InspectionEvent)
            .where(InspectionEvent.inspection_id == inspection.id)
            .order_by(InspectionEvent.at, InspectionEvent.id)
        )
    )
    timeline = []
    for e in events:
        label = timeline_label(language, e.kind)
        if e.kind == WAYBILL_READ:
            # When it was legible on camera, not when that was worked out.
            offset = waybill_event(e)[0]
            at = first.started_at + timedelta(seconds=offset) if offset is not None else e.at
            timeline.append(TimelineEntry(at, label, waybill_words(e, language)))
        elif e.kind == EventKind.RESEALED:
            # The hashes are in inspection.json; the timeline says what changed, and a run of
            # reseals (each answer reseals) is one entry, not a page of them.
            parts = parse_reseal(e.message)
            reason = parts[0] if parts else e.message
            last = timeline[-1] if timeline else None
            if last is not None and last.label == label:
                told = _told(reason, language)
                timeline[-1] = replace(last, detail=say(language, "; ").join((last.detail, told)))
            else:
                timeline.append(TimelineEntry(e.at, label, _told(reason, language)))
        elif e.kind == EventKind.DECIDED:
            message = _without_override(e.message, inspection.override_reason)
            timeline.append(TimelineEntry(e.at, label, _told(message, language)))
        elif e.kind != WAYBILL_SCANNED:
            timeline.append(TimelineEntry(e.at, label, _told(e.message, language)))
    timeline.sort(key=lambda entry: entry.at)
    data = ReportData(
        inspection_id=inspection.id or 0,
        uid=inspection.uid,
        order_number=inspection.order_number,
        courier_number=inspection.courier_number,
        station=row_name(session, Station, inspection.station_id),
        operator=row_name(session, Operator, inspection.operator_id),
        status=str(inspection.status),
        decision=str(inspection.decision),
        started_at=inspection.started_at,
        ended_at=inspection.ended_at,
        duration_s=inspection.duration_s,
        frame_count=inspection.frame_count,
        dropped_frames=inspection.dropped_frames,
        cameras=inspection_cameras(inspection) if inspection.cameras else [],
        demo=is_demo_recording(
            inspection.source, inspection_cameras(inspection) if inspection.cameras else []
        ),
        width=inspection.width,
        height=inspection.height,
        video_path=video_name(first),
        video_sha256=first.sha256,
        video_size=first.size_bytes,
        record_hash=inspection.record_hash,
        prev_record_hash=inspection.prev_record_hash,
        generated_at=utcnow(),
        app_version=__version__,
        timeline=timeline,
        language=language,
        extra_videos=[
            {
                "path": video_name(s),
                "sha256": s.sha256,
                "size_bytes": s.size_bytes,
                "duration_s": s.duration_s,
            }
            for s in segs[1:]
        ],
    )
    for e in events:
        if e.kind == WAYBILL_READ and data.waybill_seen_s is None:
            data.waybill_seen_s, data.waybill_text, _ = waybill_event(e)
    return data


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0)).astimezone()


def add_guided_facts(ctx: AppContext, data: ReportData) -> dict[str, Path]:
    """Fill in the order, checklist and decision recorded by the guided inspection.

    Reads only: an inspection recorded without a checklist gets none built here, so an
    export never changes the record it exports. Returns the pictures to copy into the
    bundle: bundle path -> file on disk (reference photos, photos taken at the desk).
    """
    from inspector.core.catalog import products_by_sku
    from inspector.core.orders import find_order
    from inspector.core.policy import claim_window_days
    from inspector.services.guided import checklist, photo_file

    files: dict[str, Path] = {}

    def bundle_copy(src: str, folder: str, stem: str) -> str:
        path = Path(src)
        if not src or not path.is_file():
            return ""
        name = f"{folder}/{safe_name(stem, 60)}{path.suffix.lower() or '.jpg'}"
        files[name] = path
        return name

    with ctx.db.session() as session:
        inspection = session.get(Inspection, data.inspection_id)
        assert inspection is not None
        has_checklist = (
            session.exec(
                select(ChecklistStep.id).where(ChecklistStep.inspection_id == inspection.id)
            ).first()
            is not None
        )
        order = find_order(session, inspection.order_number) if inspection.order_number else None
        data.platform = inspection.platform or (order.platform if order else "")
        data.claim_window_days = claim_window_days(data.platform, session)
        arrived_at, late = inspection.arrived_at, inspection.courier_supplied_late
        # What the seal covers wins: the order as the desk knew it when it sealed, never the
        # order tables as someone may have edited them since (verify --all names any change).
        snapshot = sealed_order_facts(inspection)
        if snapshot is not None:
            sealed = read_sealed_order(snapshot)
            data.platform = sealed.platform
            data.claim_window_days = sealed.claim_window_days
            arrived_at, late = sealed.arrived_at, sealed.courier_supplied_late
            order = _order_as_sealed(sealed) if snapshot.get("order") is not None else None
        products = products_by_sku(session, {ln.sku for ln in order.lines}) if order else {}
        # Reference photos from the database when this desk has no copy (another desk's import).
        reference = {
            sku: photo_file(ctx, session, p.photos[0]) for sku, p in products.items() if p.photos
        }
        for name, value in decision_record(inspection).fields.items():
            setattr(data, name, value)  # the report's fields carry the record's names
        data.decision_reasons = [_told(r, data.language) for r in data.decision_reasons]

    lang = data.language
    desk_photos: dict[str, list[str]] = {}
    for view in checklist(ctx, data.inspection_id) if has_checklist else []:
        photo = bundle_copy(view.photo, "photos", f"step-{view.seq:02d}-{view.key}")
        if photo and view.sku:
            desk_photos.setdefault(view.sku, []).append(photo)
        offset = view.video_offset_s
        notes = [
            say(lang, "read {value}", value=view.value) if view.value else "",
            view.note,
            view.value_problem or "",
        ]
        if offset is not None and view.segment not in (None, 1):
            notes.append(
                say(
                    lang,
                    "at {offset} s of video part {part}",
                    offset=f"{offset:.1f}",
                    part=view.segment,
                )
            )
            offset = None
        data.steps.append(
            ReportStep(
                index=view.seq,
                title=_told(view.title, lang),
                answer=say(lang, answer_words(view.result).report),
                offset_s=offset,
                note=say(lang, "; ").join(n for n in notes if n),
                photos=(photo,) if photo else (),
                result=view.result or "",
            )
        )
    if order is not None:
        for line in order.lines:
            product = products.get(line.sku)
            photo = reference.get(line.sku, "")
            data.shipped.append(
                ShippedItem(
                    name=product.name if product else say(lang, "(not in the catalog)"),
                    sku=line.sku,
                    quantity=line.quantity,
                    reference_photo=bundle_copy(
                        str(photo) if photo else "", "products", f"{line.sku}-reference"
                    ),
                    serials=tuple(line.serials),
                    desk_photos=tuple(desk_photos.get(line.sku, [])),
                )
            )
        if order.return_requested_on:
            data.timeline.append(
                TimelineEntry(
                    _local_midnight(order.return_requested_on),
                    say(lang, "Return requested"),
                    say(lang, "on {platform}", platform=platform_name(lang, order.platform))
                    if order.platform
                    else "",
                    date_only=True,
                )
            )
        if order.courier_supplied_at or order.courier_supplied_on:
            data.timeline.append(
                TimelineEntry(
                    order.courier_supplied_at or _local_midnight(order.courier_supplied_on),
                    say(lang, "Courier number supplied by the buyer"),
                    order.return_courier,
                    date_only=order.courier_supplied_at is None,
                )
            )
    data.timeline.append(
        TimelineEntry(
            arrived_at or data.started_at,
            say(lang, "Parcel arrived at the desk"),
            say(lang, "the buyer gave the courier number only after it arrived") if late else "",
        )
    )
    data.timeline.sort(key=lambda e: e.at)
    return files


def _order_as_sealed(sealed: SealedOrder) -> OrderData:
    """The sealed snapshot in the shape the report reads an order in."""
    return OrderData(
        order_number=sealed.order_number,
        platform=sealed.platform,
        buyer=sealed.buyer,
        ship_date=None,
        return_requested_on=sealed.return_requested_on,
        return_courier=sealed.return_courier,
        courier_supplied_on=sealed.courier_supplied_on,
        courier_supplied_at=sealed.courier_supplied_at,
        lines=[
            OrderLineData(n, sku, quantity, list(serials))
            for n, (sku, quantity, serials) in enumerate(sealed.lines, 1)
        ],
    )


def event_words(event: InspectionEvent, language: str) -> str:
    """An event's message for a person: waybill sightings are stored as JSON, said in words."""
    if event.kind in (WAYBILL_READ, WAYBILL_SCANNED):
        return waybill_words(event, language)
    if event.kind == EventKind.RESEALED and (parts := parse_reseal(event.message)):
        reason, old, new = parts
        return say(
            language,
            "Record changed ({reason}); record hash {old} → {new}",
            reason=reason,
            old=old,
            new=new,
        )
    return event.message
