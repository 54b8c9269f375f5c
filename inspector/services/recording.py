"""Starting and stopping a recorded inspection."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from inspector import __version__
from inspector.capture.encoder import EncoderSettings
from inspector.capture.overlay import OverlayInfo, OverlayRenderer
from inspector.capture.pipeline import CaptureThread, Recorder, RecordingResult
from inspector.core.chain import seal_inspection
from inspector.core.csvfiles import control_character, strip_controls
from inspector.core.database import ReadOnlyAccountError, get_or_create_named
from inspector.core.errors import DatabaseError, InspectorError, ValidationError
from inspector.core.models import (
    CameraStream,
    EventKind,
    Inspection,
    InspectionEvent,
    InspectionKind,
    InspectionStatus,
    Operator,
    Station,
    VideoSegment,
    normalize_code,
    utcnow,
)
from inspector.core.storage import format_bytes
from inspector.core.warehouse import claim_station_name
from inspector.i18n.catalogue import overlay_labels
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.i18n.vocabulary import OverlayLabels
from inspector.services.cameras import (
    KeptStream,
    KeptStreamResult,
    camera_events,
    camera_list,
    composition,
    start_camera_streams,
    stop_camera_streams,
    swap_cameras,
)
from inspector.services.context import GB, AppContext
from inspector.services.inspections import InspectionSummary, get_inspection
from inspector.services.timestamps import queue_video_stamps, stamp_in_background

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartRequest:
    """What the desk knows when it presses Start."""

    order_number: str
    courier_number: str = ""
    operator: str = ""
    station: str = ""

    def normalized(self) -> StartRequest:
        return StartRequest(
            normalize_code(self.order_number),
            normalize_code(self.courier_number),
            " ".join(strip_controls(self.operator).split()),
            " ".join(strip_controls(self.station).split()),
        )


def check_start(ctx: AppContext, request: StartRequest, need_operator: bool = False) -> list[str]:
    """Reasons recording cannot start now, in words for the operator; empty when it can.

    `need_operator`: the desk records nobody's parcel anonymously (the CLI and recovery may).
    """
    problems = []
    lang = resolve_language(ctx.settings.language)
    req = request.normalized()
    if need_operator and not req.operator:
        problems.append(
            say(lang, "Choose the operator (or scan your badge) before starting a recording.")
        )
    if not req.order_number and not req.courier_number:
        # A scanned waybill alone is enough: at a busy desk the order is often looked up later.
        problems.append(say(lang, "Enter or scan the order number before starting."))
    if len(req.order_number) > 100 or len(req.courier_number) > 100:
        problems.append(
            say(lang, "The order or courier number is longer than 100 characters; scan it again.")
        )
    for code in (req.order_number, req.courier_number):
        if (bad := control_character(code)) is not None:
            problems.append(
                say(
                    lang,
                    "The number {code} holds an invisible control character (U+{char}); "
                    "type or scan it again.",
                    code=ascii(code),
                    char=f"{ord(bad):04X}",
                )
            )
    if low := disk_problem(ctx):
        problems.append(low)
    return problems


def disk_problem(ctx: AppContext) -> str:
    """Why the disk cannot take a recording now (below the desk's reserve), or ""."""
    reserve = int(ctx.settings.disk_reserve_gb * GB)
    free = ctx.storage.free_bytes()
    if free >= reserve:
        return ""
    return say(
        resolve_language(ctx.settings.language),
        "Only {free} is free on the disk holding {folder}; recording needs at least "
        "{reserve}. Free some space or move the data folder.",
        free=format_bytes(free),
        folder=ctx.storage.root,
        reserve=format_bytes(reserve),
    )


def _get_or_create(
    ctx: AppContext, session: Session, model: type[Station] | type[Operator], name: str
) -> int | None:
    if not name:
        return None
    if model is Station:
        return claim_station_name(session, name, ctx.desk_id)  # one name, one desk
    return get_or_create_named(session, model, name)


def _claim_station(ctx: AppContext, name: str) -> str:
    """The name this desk records under: one name, one desk id (another's name is refused).

    Checked before anything is recorded, so the name burned into the picture is the one
    stored. A desk still under the untouched default name ("Desk 1") that another desk
    already uses takes the first free "Desk N" instead, keeps it in its settings and logs it.
    """
    from inspector.core.settings import SETTINGS_BY_KEY
    from inspector.core.warehouse import free_station_name

    if not name:
        return name
    default = SETTINGS_BY_KEY["station_name"].default
    with ctx.db.session() as session:
        try:
            with session.begin_nested():
                claim_station_name(session, name, ctx.desk_id)
            return name
        except ValidationError:
            if name != default or ctx.settings.station_name != default:
                raise
        free = free_station_name(session)
        claim_station_name(session, free, ctx.desk_id)
    log.warning("Station name %r is another desk's; this desk is now named %r", name, free)
    ctx.settings.set("station_name", free)
    ctx.settings.save()
    return free


class ActiveInspection:
    """An inspection being recorded: its row, its recorder and the capture feeding it."""

    def __init__(
        self,
        ctx: AppContext,
        inspection_id: int,
        uid: str,
        request: StartRequest,
        capture: CaptureThread,
        recorder: Recorder,
        streams: list[KeptStream] | None = None,
    ) -> None:
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.uid = uid
        self.request = request
        self.capture = capture
        self.recorder = recorder
        self.streams = streams or []  # each camera's own stream, when the desk keeps them
        self.stamping: threading.Thread | None = None  # the video's time-stamp, once stopped

    def _camera_events(self, result: RecordingResult) -> list[InspectionEvent]:
        """What happened to the desk's cameras while this video was recorded (several cameras)."""
        composed = composition(self.capture)
        if composed is None or result.started_at is None:
            return []
        # Up to the stop itself: a camera back in the last moment is noted too.
        changes = composed.changes(since=result.started_at)
        lang = resolve_language(self.ctx.settings.language)
        return camera_events(changes, self.inspection_id, result.started_at, lang)

    @property
    def elapsed(self) -> float:
        return self.recorder.elapsed

    def set_step(self, step: str) -> None:
        """Show the checklist step being checked in the recorded overlay."""
        self.recorder.overlay.set_info(self.recorder.overlay.info.with_step(step))

    def swap_cameras(self) -> int | None:
        """Make another camera the large picture (noted in the record with its second at stop)."""
        return swap_cameras(self.capture)

    def stop(self) -> InspectionSummary:
        """Finish the video, hash it, and complete the inspection's row."""
        self.capture.detach(self.recorder)
        # Each camera's own stream ends where the composed video ends (its last frame's time
        # plus one frame; every camera frame up to then had arrived before that frame was
        # composed), told before the composed encoder drains its queue.
        span = self.recorder.timeline
        until = span[1] + 1 / self.recorder.fps if span is not None else None
        for stream in self.streams:
            stream.recorder.until = until
        result = self.recorder.stop()
        kept = stop_camera_streams(
            self.streams, resolve_language(self.ctx.settings.language), until
        )
        composed = composition(self.capture)
        if composed is not None and (span := self.recorder.timeline) is not None:
            # Output frames a composition of several cameras skipped inside this video's
            # timeline (a starved machine; also while the recording was being set up, whose
            # frames come from the ring) are frames the video lacks: dropped, never silent.
            skipped = composed.skipped_between(span[0], span[1] + 0.5 / composed.fps)
            result = dataclasses.replace(result, dropped=result.dropped + skipped)
        events = self._camera_events(result)
        try:
            summary = _complete(
                self.ctx,
                self.inspection_id,
                result,
                self.recorder.end_reason,
                self.capture,
                events,
                kept,
            )
        except ReadOnlyAccountError:
            raise
        except DatabaseError as exc:
            # The database went away while filming: the video is whole on this disk. Keep what
            # completing needs beside it and complete the record once the database is back.
            keep_for_later(self.ctx, self.inspection_id, result, self.recorder.end_reason,
                           self.capture, events, exc, kept)  # fmt: skip
            raise RecordKeptError(
                say(
                    resolve_language(self.ctx.settings.language),
                    "The database could not be reached when inspection {id} ended ({why}). "
                    "The video is kept: {path} ({size}, SHA-256 {sha}). Its record is completed "
                    "by itself as soon as the database is back.",
                    id=self.inspection_id,
                    # The server's own words (not the generic "nothing was saved" of a write).
                    why=str(getattr(exc.__cause__, "orig", None) or exc).splitlines()[0],
                    path=result.path,
                    size=format_bytes(result.size_bytes),
                    sha=result.sha256[:16] + "…",
                )
            ) from exc
        # The video's hash goes to the time-stamping authority now, or waits in the queue.
        self.stamping = stamp_in_background(self.ctx)
        return summary


def attach_recorder(
    capture: CaptureThread,
    recorder: Recorder,
    path: Path,
    since: float,
    crf: int,
    comment: str,
    keep_streams: bool,
) -> list[KeptStream]:
    """Give the capture's frames from `since` to the recorder; with `keep_streams`, start each
    camera's own stream too, from the composed video's first frame. Returns those streams."""
    capture.attach(recorder, since=since)
    if not keep_streams:
        return []
    # Attached after the composed video, from its first frame (its pre-roll is given at attach).
    span = recorder.timeline
    return start_camera_streams(
        capture,
        path,
        span[0] if span is not None else since,
        crf,
        comment,
        recorder.min_free_bytes,
    )


def start_inspection(
    ctx: AppContext,
    capture: CaptureThread,
    request: StartRequest,
    max_seconds: float | None = None,
    labels: OverlayLabels | None = None,
    kind: InspectionKind = InspectionKind.RETURN,
    checklist_now: bool = True,
    keep_streams: bool | None = None,
) -> ActiveInspection:
    """Create the inspection row and start recording the capture into a new video file.

    keep_streams: with several cameras, also keep each camera's own stream (None: the
    desk's Keep each camera's own stream setting).

    checklist_now: build the return's checklist before frames flow (the station builds it
    itself right after, so RECORDING shows without waiting for it).

    labels: the overlay's words; the desk's language when None.
    kind: a return (with its checklist) or a packing (marked PACKING on the picture).
    """
    triggered = time.monotonic()  # the pre-roll counts back from here, not from the attach
    problems = check_start(ctx, request)
    if problems:
        raise ValidationError(" ".join(problems))
    capture.check_can_record(resolve_language(ctx.settings.language))
    req = request.normalized()
    req = dataclasses.replace(req, station=_claim_station(ctx, req.station))
    settings = ctx.settings
    source = capture.source
    started = utcnow()
    inspection = Inspection(
        order_number=req.order_number,
        courier_number=req.courier_number,
        started_at=started,
        width=source.width,
        height=source.height,
        fps=source.fps,
        source=source.description[:500],
        cameras=json.dumps(camera_list(source), ensure_ascii=False)
        if composition(capture) is not None
        else "",
        kind=kind,
    )
    labels = labels or overlay_labels(resolve_language(settings.language))
    if kind == InspectionKind.PACKING:
        # The overlay's recording mark says PACKING: a reviewer tells the halves apart by it.
        labels = replace(labels, recording=labels.packing)
    path = ctx.storage.new_video_path(
        started, req.order_number or req.courier_number, inspection.uid
    )
    overlay = OverlayRenderer(
        source.width,
        source.height,
        OverlayInfo(
            req.order_number,
            req.courier_number,
            req.station,
            req.operator,
            labels=labels,
        ),
    )
    recorder = Recorder(
        path,
        source.width,
        source.height,
        source.fps,
        overlay,
        EncoderSettings(crf=settings.crf, preset=settings.preset),
        max_seconds=max_seconds,
        metadata={
            "comment": f"inspector {__version__} {'packing' if kind == InspectionKind.PACKING else 'inspection'} {inspection.uid} order {req.order_number} courier {req.courier_number}"
        },
        # Stop cleanly before the disk fills: a tenth of the reserve, at most 200 MB.
        min_free_bytes=int(min(200_000_000, settings.disk_reserve_gb * GB / 10)),
        paced=not source.is_live,
    )
    try:
        with ctx.db.session() as session:
            inspection.station_id = _get_or_create(ctx, session, Station, req.station)
            inspection.operator_id = _get_or_create(ctx, session, Operator, req.operator)
            inspection.desk_id = ctx.desk_id
            session.add(inspection)
            session.flush()
            session.add(
                VideoSegment(
                    inspection_id=inspection.id,
                    seq=1,
                    path=ctx.storage.relative(path),
                    started_at=started,
                )
            )
            session.add(
                InspectionEvent(
                    inspection_id=inspection.id,
                    kind=EventKind.STARTED,
                    actor=req.operator,
                    message=say(
                        resolve_language(ctx.settings.language),
                        "Recording started from {source}",
                        source=source.describe(resolve_language(ctx.settings.language)),
                    ),
                )
            )
    except BaseException:
        recorder.stop()
        path.unlink(missing_ok=True)
        raise
    # Built before frames flow: the first use imports the guided modules, which would
    # otherwise compete with the capture thread in the recording's first second.
    if kind == InspectionKind.RETURN and checklist_now:
        _build_checklist(ctx, inspection.id)
    streams = attach_recorder(
        capture,
        recorder,
        path,
        triggered - capture.preroll_seconds,
        settings.crf,
        f"inspector {__version__} inspection {inspection.uid}",
        settings.keep_camera_streams if keep_streams is None else keep_streams,
    )
    log.info(
        "Inspection %s started: order %s courier %s",
        inspection.id,
        req.order_number,
        req.courier_number,
    )
    return ActiveInspection(ctx, inspection.id, inspection.uid, req, capture, recorder, streams)


def _build_checklist(ctx: AppContext, inspection_id: int) -> None:
    # The checklist for the order as it stands at arrival; a failure must not stop the
    # recording (the checklist is built again on first use).
    from inspector.services.guided import build_checklist_for

    try:
        build_checklist_for(ctx, inspection_id)
    except InspectorError as exc:
        log.warning("Checklist for inspection %s not built at start: %s", inspection_id, exc)


def _complete(
    ctx: AppContext,
    inspection_id: int,
    result: RecordingResult,
    end_reason: str | None,
    capture: CaptureThread,
    extra_events: list[InspectionEvent] | None = None,
    streams: list[KeptStreamResult] | None = None,
) -> InspectionSummary:
    lang = resolve_language(ctx.settings.language)  # event messages in the desk's words
    with ctx.db.session() as session:
        session.add_all(extra_events or [])  # the cameras' changes, before the seal
        inspection = session.get(Inspection, inspection_id)
        segment = session.exec(
            select(VideoSegment)
            .where(VideoSegment.inspection_id == inspection_id)
            .order_by(VideoSegment.seq.desc())
        ).first()
        assert inspection is not None and segment is not None
        earlier_video = segment.seq > 1 and any(
            s.frame_count > 0
            for s in session.exec(
                select(VideoSegment)
                .where(VideoSegment.inspection_id == inspection_id)
                .where(VideoSegment.seq < segment.seq)
            )
        )
        if result.frames == 0 and earlier_video:
            # A continuation that recorded nothing: the earlier segments still stand.
            result.path.unlink(missing_ok=True)
            message = result.error or end_reason or say(lang, "no picture arrived from the camera")
            session.add(
                InspectionEvent(
                    inspection_id=inspection_id,
                    kind=EventKind.INTERRUPTED,
                    message=say(
                        lang,
                        "Segment {seq} recorded nothing ({why}); the earlier segments are kept.",
                        seq=segment.seq,
                        why=message,
                    ),
                )
            )
            inspection.status = InspectionStatus.INTERRUPTED
            session.delete(segment)
            segment = None
        elif result.frames == 0:
            # Nothing reached the encoder: an empty file is no evidence; remove it and say why.
            result.path.unlink(missing_ok=True)
            inspection.status = InspectionStatus.FAILED
            message = result.error or end_reason or say(lang, "no picture arrived from the camera")
            session.add(
                InspectionEvent(
                    inspection_id=inspection_id,
                    kind=EventKind.FAILED,
                    message=say(lang, "No video was recorded: {why}", why=message),
                )
            )
            segment.size_bytes, segment.sha256 = 0, ""
        else:
            # Cut short by a lost camera, a full disk or a write error, not ended by the operator.
            lost = capture.end_reason is not None and capture.ended.is_set()
            cut_short = bool(result.error or result.interrupted or lost)
            inspection.status = (
                InspectionStatus.INTERRUPTED if cut_short else InspectionStatus.COMPLETED
            )
            segment.ended_at = result.ended_at
            segment.duration_s = result.duration_s
            segment.frame_count = result.frames
            segment.dropped_frames = result.dropped
            segment.size_bytes = result.size_bytes
            segment.sha256 = result.sha256
            if result.started_at is not None:
                # The video begins at its first frame (pre-roll included), not at the button press.
                segment.started_at = result.started_at
                inspection.started_at = min(inspection.started_at, result.started_at)
            if cut_short:
                session.add(
                    InspectionEvent(
                        inspection_id=inspection_id,
                        kind=EventKind.INTERRUPTED,
                        message=result.error
                        or result.end_reason
                        or end_reason
                        or capture.end_reason
                        or "",
                    )
                )
            session.add(
                InspectionEvent(
                    inspection_id=inspection_id,
                    kind=EventKind.STOPPED,
                    message=say(
                        lang,
                        "{frames} frames, {dropped} dropped, {seconds} s",
                        frames=result.frames,
                        dropped=result.dropped,
                        seconds=f"{result.duration_s:.1f}",
                    ),
                )
            )
        if segment is not None:
            session.add(segment)
        _add_streams(ctx, session, inspection_id, segment, streams or [])
        session.flush()
        segments = session.exec(
            select(VideoSegment).where(VideoSegment.inspection_id == inspection_id)
        ).all()
        inspection.ended_at = result.ended_at or inspection.ended_at or utcnow()
        inspection.duration_s = round(sum(s.duration_s for s in segments), 3)
        inspection.frame_count = sum(s.frame_count for s in segments)
        inspection.dropped_frames = sum(s.dropped_frames for s in segments)
        session.add(inspection)
        seal_inspection(session, inspection)
        queue_video_stamps(ctx, session, inspection)
    return get_inspection(ctx, inspection_id)


def _add_streams(
    ctx: AppContext,
    session: Session,
    inspection_id: int,
    segment: VideoSegment | None,
    streams: list[KeptStreamResult],
) -> None:
    """The cameras' own streams beside a segment, as rows the seal covers (files of none removed)."""
    for kept in streams:
        result = kept.result
        if segment is None or segment.frame_count == 0 or result.frames == 0:
            # No composed video (nothing is evidence then), or a camera that gave nothing.
            result.path.unlink(missing_ok=True)
            continue
        session.add(
            CameraStream(
                inspection_id=inspection_id,
                segment_seq=segment.seq,
                camera=kept.camera,
                path=ctx.storage.relative(result.path),
                started_at=result.started_at or segment.started_at,
                # From its first frame and its length: frames queued after the composed video
                # ended were left out (stop_camera_streams), so the last one offered is not it.
                ended_at=(result.started_at or segment.started_at)
                + timedelta(seconds=result.duration_s),
                width=result.width,
                height=result.height,
                duration_s=result.duration_s,
                frame_count=result.frames,
                dropped_frames=result.dropped,
                size_bytes=result.size_bytes,
                sha256=result.sha256,
                note=kept.note[:1000],
            )
        )


# ---- a record completed later: the database was away when the video ended -----------------

PENDING_RECORDS = "pending-records"  # in the data folder: one JSON file per kept video
_RETRY_SECONDS = 5.0
_retrying = threading.Lock()


class RecordKeptError(DatabaseError):
    """The video is kept on disk; its record waits for the database and completes by itself."""


@dataclass(frozen=True)
class _EndedCapture:
    """What completing a record reads of the capture, kept for a later completion."""

    end_reason: str | None
    ended: threading.Event


def keep_for_later(
    ctx: AppContext,
    inspection_id: int,
    result: RecordingResult,
    end_reason: str | None,
    capture: CaptureThread | _EndedCapture,
    events: list[InspectionEvent],
    why: Exception,
    streams: list[KeptStreamResult] | None = None,
) -> Path:
    """Write what completing the record needs beside the video, and retry in the background."""
    folder = ctx.storage.root / PENDING_RECORDS
    folder.mkdir(parents=True, exist_ok=True)
    facts = {
        "inspection_id": inspection_id,
        "result": _result_facts(result),
        "streams": [
            {"camera": k.camera, "note": k.note, "result": _result_facts(k.result)}
            for k in streams or []
        ],
        "end_reason": end_reason,
        "capture_end_reason": capture.end_reason,
        "capture_ended": capture.ended.is_set(),
        "events": [
            {"kind": e.kind, "message": e.message, "actor": e.actor, "at": e.at.isoformat()}
            for e in events
        ],
    }
    path = folder / f"{inspection_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    log.error(
        "Database unreachable when inspection %s ended (%s): video kept at %s (%s bytes, "
        "SHA-256 %s); its record is completed when the database is back (%s)",
        inspection_id,
        why,
        result.path,
        result.size_bytes,
        result.sha256,
        path,
    )
    threading.Thread(
        target=_retry_until_done, args=(ctx,), name="complete-records", daemon=True
    ).start()
    return path


def _result_facts(result: RecordingResult) -> dict[str, object]:
    return {
        k: (v.isoformat() if isinstance(v, datetime) else str(v) if isinstance(v, Path) else v)
        for k, v in vars(result).items()
    }


def _result_of(facts: dict[str, object]) -> RecordingResult:
    raw = dict(facts)
    raw["path"] = Path(str(raw["path"]))
    for key in ("started_at", "ended_at"):
        value = raw.get(key)
        raw[key] = datetime.fromisoformat(str(value)) if value else None
    return RecordingResult(**raw)  # type: ignore[arg-type]


def _retry_until_done(ctx: AppContext) -> None:
    if not _retrying.acquire(blocking=False):
        return  # one retrying thread per process
    try:
        while any((ctx.storage.root / PENDING_RECORDS).glob("*.json")):
            time.sleep(_RETRY_SECONDS)
            complete_pending(ctx)
    finally:
        _retrying.release()


def complete_pending(ctx: AppContext) -> list[int]:
    """Complete the records whose videos ended while the database was away; their ids.

    Run at every start and retried in the background; a record still unreachable stays
    pending (its file is kept), one another program completed is left as it is.
    """
    done: list[int] = []
    folder = ctx.storage.root / PENDING_RECORDS
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            facts = json.loads(path.read_text(encoding="utf-8"))
            inspection_id = int(facts["inspection_id"])
            result = _result_of(facts["result"])
            streams = [
                KeptStreamResult(int(k["camera"]), _result_of(k["result"]), str(k["note"]))
                for k in facts.get("streams", [])
            ]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.error("Cannot read the kept record %s: %s", path, exc)
            continue
        ended = threading.Event()
        if facts.get("capture_ended"):
            ended.set()
        events = [
            InspectionEvent(
                inspection_id=inspection_id,
                kind=e["kind"],
                message=e["message"],
                actor=e.get("actor", ""),
                at=datetime.fromisoformat(e["at"]),
            )
            for e in facts.get("events", [])
        ]
        try:
            with ctx.db.session() as session:
                row = session.get(Inspection, inspection_id)
                still_open = row is not None and row.status == InspectionStatus.RECORDING
            if still_open:
                _complete(
                    ctx,
                    inspection_id,
                    result,
                    facts.get("end_reason"),
                    _EndedCapture(facts.get("capture_end_reason"), ended),  # type: ignore[arg-type]
                    events,
                    streams,
                )
        except DatabaseError as exc:
            log.info("Record of inspection %s still waits for the database: %s", inspection_id, exc)
            continue
        path.unlink(missing_ok=True)
        done.append(inspection_id)
        log.warning(
            "Inspection %s: its record was completed now that the database is back (video %s)",
            inspection_id,
            result.path,
        )
    return done
