"""One inspection as the detail screen shows it: video files, history, marks; notes; re-hashing.

The decision's own view is services.guided.DecisionDetail, the report's facts
core.evidence.ReportData; all three read the stored decision by `decision_record`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa

from inspector.core.csvfiles import strip_controls
from inspector.core.errors import NotFoundError, StorageError, ValidationError
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    EventKind,
    Inspection,
    InspectionEvent,
    decision_record,
    utcnow,
)
from inspector.core.orders import REJECTED_DECISIONS
from inspector.i18n.language import resolve_language
from inspector.services.browse.tables import (
    EVENT,
    INSPECTION,
    OPERATOR,
    SEGMENT,
    STATION,
    STEP,
)
from inspector.services.context import AppContext
from inspector.services.shared_videos import video_path

NOTE_KIND = EventKind.NOTE
NOTE_MAX_CHARS = 2000


@dataclass
class SegmentInfo:
    """One video file of an inspection, as the detail view shows it."""

    seq: int
    path: str  # relative to the storage root
    absolute_path: Path
    sha256: str
    size_bytes: int
    duration_s: float
    started_at: datetime
    exists: bool
    removed_at: datetime | None


@dataclass
class HistoryEntry:
    """An event in an inspection's history: started, stopped, a note, an export..."""

    id: int
    at: datetime
    kind: str
    actor: str
    message: str


@dataclass
class StepMark:
    """A checklist step answered during the recording, and the moment in the video it marks."""

    seq: int
    title: str
    result: str  # pass, fail, na
    offset_s: float | None  # seconds into segment `segment_seq`; None when not while recording
    segment_seq: int
    note: str = ""
    value: str = ""
    photo: Path | None = None
    answered_at: datetime | None = None
    actor: str = ""


@dataclass
class OrderLineInfo:
    """A product line of the order, with the store's reference photos of that product."""

    line_no: int
    sku: str
    name: str
    quantity: int
    serials: list[str] = field(default_factory=list)
    reference_photos: list[Path] = field(default_factory=list)


@dataclass
class InspectionDetail:
    """Everything the detail screen shows about one inspection: video files, history, marks.

    The decision's own view is services.guided.DecisionDetail, the report's facts
    core.evidence.ReportData; all three read the stored decision by `decision_record`.
    """

    id: int
    uid: str
    order: str
    courier: str
    operator: str
    station: str
    status: str
    decision: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: float
    frame_count: int
    dropped_frames: int
    fps: float
    width: int
    height: int
    source: str
    record_hash: str
    keep: bool
    segments: list[SegmentInfo]
    history: list[HistoryEntry]
    marks: list[StepMark] = field(default_factory=list)
    order_lines: list[OrderLineInfo] = field(default_factory=list)
    platform: str = ""
    buyer: str = ""
    recommended_decision: str = ""
    decision_reasons: list[str] = field(default_factory=list)
    override_reason: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None
    appeal_deadline: datetime | None = None  # rejected or disputed: the claim window's end
    appeal_days_left: int | None = None

    @property
    def notes(self) -> list[HistoryEntry]:
        return [h for h in self.history if h.kind == NOTE_KIND]


def load_detail(ctx: AppContext, inspection_id: int) -> InspectionDetail:
    """The detail of one inspection, its video files (and whether they are on disk) and history."""
    from inspector.services.evidence import event_words

    with ctx.db.engine.connect() as conn:
        r = conn.execute(
            sa.select(
                INSPECTION,
                sa.func.coalesce(OPERATOR.c.name, "").label("operator_name"),
                sa.func.coalesce(STATION.c.name, "").label("station_name"),
            )
            .select_from(
                INSPECTION.outerjoin(OPERATOR, OPERATOR.c.id == INSPECTION.c.operator_id).outerjoin(
                    STATION, STATION.c.id == INSPECTION.c.station_id
                )
            )
            .where(INSPECTION.c.id == inspection_id)
        ).first()
        if r is None:
            raise NotFoundError(
                f"There is no inspection number {inspection_id}; it may be in another data folder."
            )
        segs = conn.execute(
            sa.select(SEGMENT)
            .where(SEGMENT.c.inspection_id == inspection_id)
            .order_by(SEGMENT.c.seq)
        ).all()
        has_steps = (
            conn.execute(
                sa.select(STEP.c.id).where(STEP.c.inspection_id == inspection_id).limit(1)
            ).first()
            is not None
        )
        events = conn.execute(
            sa.select(EVENT)
            .where(EVENT.c.inspection_id == inspection_id)
            .order_by(EVENT.c.at, EVENT.c.id)
        ).all()
    segments = []
    for s in segs:
        absolute = video_path(ctx, s.path)
        segments.append(
            SegmentInfo(
                seq=s.seq,
                path=s.path,
                absolute_path=absolute,
                sha256=s.sha256,
                size_bytes=s.size_bytes,
                duration_s=s.duration_s,
                started_at=s.started_at,
                exists=absolute.is_file(),
                removed_at=s.removed_at,
            )
        )
    detail = InspectionDetail(
        id=r.id,
        uid=r.uid,
        order=r.order_number,
        courier=r.courier_number,
        operator=r.operator_name,
        station=r.station_name,
        status=r.status,
        started_at=r.started_at,
        ended_at=r.ended_at,
        duration_s=r.duration_s,
        frame_count=r.frame_count,
        dropped_frames=r.dropped_frames,
        fps=r.fps,
        width=r.width,
        height=r.height,
        source=r.source,
        record_hash=r.record_hash,
        keep=bool(r.keep),
        segments=segments,
        history=[
            HistoryEntry(
                e.id, e.at, e.kind, e.actor, event_words(e, resolve_language(ctx.settings.language))
            )
            for e in events
        ],
        platform=r.platform,
        **decision_record(r).fields,
    )
    _add_guided_facts(ctx, detail, has_steps)
    _add_appeal_deadline(ctx, detail, r.arrived_at or r.started_at)
    return detail


def _add_appeal_deadline(ctx: AppContext, detail: InspectionDetail, arrived: datetime) -> None:
    """The claim deadline of a rejected or disputed return: arrival plus the platform's window.

    Computed for this one inspection (evidence.appeal_for lists every rejection to find one).
    """
    if detail.decision not in REJECTED_DECISIONS:
        return
    from inspector.core.policy import claim_window_days
    from inspector.services.evidence import days_left

    with ctx.db.session() as session:
        days = claim_window_days(detail.platform, session)
    detail.appeal_deadline = arrived + timedelta(days=days)
    detail.appeal_days_left = days_left(detail.appeal_deadline, utcnow())


def _add_guided_facts(ctx: AppContext, detail: InspectionDetail, has_steps: bool) -> None:
    """The checklist marks and the order's contents, read through the guided-inspection service.

    Only an inspection that already has a checklist goes through guided.show (which would
    otherwise build one): looking at an old inspection must not write to it.
    """
    from inspector.services import guided

    order = None
    if has_steps:
        shown = guided.show(ctx, detail.id)
        order = shown.order
        detail.marks = [
            StepMark(
                seq=s.seq,
                title=s.title,
                result=s.result or "",
                offset_s=s.video_offset_s,
                segment_seq=s.segment or 1,
                note=s.note,
                value=s.value,
                photo=Path(s.photo) if s.photo else None,
                answered_at=s.answered_at,
                actor=s.answered_by,
            )
            for s in shown.steps
        ]
    elif detail.order:
        order = guided.look_up_code(ctx, detail.order).order
        if order is not None and order.order_number != detail.order:
            order = None  # the code matched another order's waybill, not this order
    if order is not None:
        detail.buyer = order.buyer
        detail.platform = detail.platform or order.platform
        detail.order_lines = [
            OrderLineInfo(
                ln.line_no,
                ln.sku,
                ln.name,
                ln.quantity,
                list(ln.serials),
                [Path(p) for p in ln.photos],
            )
            for ln in order.lines
        ]


def add_note(ctx: AppContext, inspection_id: int, actor: str, message: str) -> HistoryEntry:
    """Append a note to an inspection's history; it never changes the recording or the decision.

    Notes are only ever inserted: there is no function to edit or delete one, so the
    history shown to a platform is the history as it was written.
    """
    # Control characters (ESC, RTL override…) would print as commands or reorder the text.
    message = strip_controls(message).strip()
    actor = " ".join(strip_controls(actor).split())
    if not message:
        raise ValidationError("The note is empty; write what happened before adding it.")
    if len(message) > NOTE_MAX_CHARS:
        raise ValidationError(
            f"The note has {len(message)} characters; the limit is {NOTE_MAX_CHARS}. Shorten it."
        )
    if not actor:
        raise ValidationError("Say who is writing the note (your name) before adding it.")
    if len(actor) > 100:
        raise ValidationError("The name is longer than 100 characters; shorten it.")
    at = utcnow()
    with ctx.db.session() as session:
        if session.get(Inspection, inspection_id) is None:
            raise NotFoundError(f"There is no inspection number {inspection_id} to add a note to.")
        event = InspectionEvent(
            inspection_id=inspection_id, at=at, kind=NOTE_KIND, actor=actor, message=message
        )
        session.add(event)
        session.flush()
        return HistoryEntry(event.id, at, NOTE_KIND, actor, message)


class VideoCheck(StrEnum):
    """What a re-hash of a video file found."""

    MATCHES = "matches"
    CHANGED = "changed"
    MISSING = "missing"
    NO_HASH = "no-hash"


@dataclass
class SegmentCheck:
    """The result of re-hashing one video file against the SHA-256 recorded when it was made."""

    seq: int
    path: Path
    expected: str
    actual: str
    result: VideoCheck

    @property
    def message(self) -> str:
        if self.result is VideoCheck.MATCHES:
            return f"Video {self.seq} matches its recorded SHA-256 — unchanged since recording."
        if self.result is VideoCheck.MISSING:
            return (
                f"Video {self.seq} is missing from disk ({self.path}). It may have been moved, "
                "removed by retention or be on another drive; restore it from a backup."
            )
        if self.result is VideoCheck.NO_HASH:
            return f"Video {self.seq} has no recorded SHA-256 (the recording did not finish)."
        return (
            f"Video {self.seq} does NOT match its recorded SHA-256: the file was changed or "
            f"damaged after recording (recorded {self.expected[:16]}…, now {self.actual[:16]}…)."
        )


def verify_video(ctx: AppContext, inspection_id: int) -> list[SegmentCheck]:
    """Re-hash every video file of an inspection and compare with the hash stored at recording."""
    detail = load_detail(ctx, inspection_id)
    if not detail.segments:
        raise NotFoundError(f"Inspection {inspection_id} has no video recorded.")
    checks = []
    for seg in detail.segments:
        if not seg.absolute_path.is_file():
            checks.append(
                SegmentCheck(seg.seq, seg.absolute_path, seg.sha256, "", VideoCheck.MISSING)
            )
            continue
        if not seg.sha256:
            checks.append(SegmentCheck(seg.seq, seg.absolute_path, "", "", VideoCheck.NO_HASH))
            continue
        try:
            actual = sha256_file(seg.absolute_path)
        except OSError as exc:
            raise StorageError(
                f"Cannot read the video {seg.absolute_path}: {exc.strerror or exc}."
            ) from exc
        result = VideoCheck.MATCHES if actual == seg.sha256 else VideoCheck.CHANGED
        checks.append(SegmentCheck(seg.seq, seg.absolute_path, seg.sha256, actual, result))
    return checks
