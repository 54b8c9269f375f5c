"""Waybill sightings: when the courier number's barcode was legible on camera.

Stored once, by the desk's camera while recording or by searching the video at the first
export, and said in words for the timeline and the history.
"""

from __future__ import annotations

import json

from sqlmodel import select

from inspector.core.errors import NotFoundError, ValidationError
from inspector.core.evidence import format_offset
from inspector.core.models import Inspection, InspectionEvent
from inspector.i18n.phrases import say
from inspector.i18n.vocabulary import EventKind
from inspector.services.context import AppContext
from inspector.services.evidence.source import segments
from inspector.services.shared_videos import video_path

WAYBILL_READ = EventKind.WAYBILL_READ
WAYBILL_SCANNED = EventKind.WAYBILL_SCANNED


def waybill_event(event: InspectionEvent) -> tuple[float | None, str, str]:
    """Read back a waybill event: its JSON message {"offset_s", "text", "by"}."""
    try:
        info = json.loads(event.message)
        offset = info.get("offset_s")
        return (
            None if offset is None else float(offset),
            str(info.get("text") or ""),
            str(info.get("by") or ""),
        )
    except (ValueError, TypeError, AttributeError):
        return None, "", ""


def waybill_words(event: InspectionEvent, language: str) -> str:
    offset, text, by = waybill_event(event)
    return waybill_sighting_words(language, text, offset, by)


def waybill_sighting_words(language: str, text: str, offset: float | None, by: str) -> str:
    """Where the waybill was legible and who found it, for the timeline."""
    by = say(language, _WAYBILL_FINDERS.get(by or "video scan", by))
    if offset is None:
        return say(
            language,
            "not legible in the first {seconds} s ({by})",
            seconds=f"{WAYBILL_SEARCH_SECONDS:g}",
            by=by,
        )
    return say(
        language,
        "{code} at {offset} in the video ({by})",
        code=text,
        offset=format_offset(offset),
        by=by,
    )


WAYBILL_SEARCH_SECONDS = 60.0
# Who found the waybill on camera, as record_waybill_sighting stores it, in phrasebook words.
_WAYBILL_FINDERS = {
    "camera": "read by the desk camera",
    "video scan": "found by searching the video",
}


def record_waybill_sighting(
    ctx: AppContext, inspection_id: int, offset_s: float | None, text: str, by: str
) -> None:
    """Store when the waybill's barcode was legible on camera (None: searched, not found).

    The station calls this when its camera reads the courier number while recording
    (by="camera"); the export calls it after searching the video itself, so that search
    happens once per inspection.
    """
    if offset_s is not None and offset_s < 0:
        raise ValidationError("The waybill's time in the video cannot be negative.")
    with ctx.db.session() as session:
        session.add(
            InspectionEvent(
                inspection_id=inspection_id,
                kind=WAYBILL_READ if offset_s is not None else WAYBILL_SCANNED,
                message=json.dumps(
                    {
                        "offset_s": None if offset_s is None else round(offset_s, 2),
                        "text": text,
                        "by": by,
                    },
                    ensure_ascii=False,
                ),
            )
        )


def locate_waybill(ctx: AppContext, inspection_id: int) -> float | None:
    """Seconds into the video where the courier number's barcode reads; searched once, then remembered."""
    from inspector.evidence.frames import find_waybill

    with ctx.db.session() as session:
        inspection = session.get(Inspection, inspection_id)
        if inspection is None:
            raise NotFoundError(f"There is no inspection number {inspection_id}.")
        known = session.exec(
            select(InspectionEvent)
            .where(InspectionEvent.inspection_id == inspection_id)
            .where(InspectionEvent.kind.in_([WAYBILL_READ, WAYBILL_SCANNED]))
            .order_by(InspectionEvent.kind, InspectionEvent.at)
        ).first()
        courier = inspection.courier_number
        segs = [s for s in segments(session, inspection_id) if s.sha256 and s.removed_at is None]
    if known is not None:
        return waybill_event(known)[0]
    if not courier or not segs:
        return None
    path = video_path(ctx, segs[0].path)
    if not path.exists():
        return None
    sighting = find_waybill(path, courier, WAYBILL_SEARCH_SECONDS)
    found = sighting is not None and sighting.matches_courier
    record_waybill_sighting(
        ctx,
        inspection_id,
        sighting.offset_s if found else None,
        sighting.text if found else "",
        "video scan",
    )
    return sighting.offset_s if found else None
