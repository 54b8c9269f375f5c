"""A desk's cameras: opening the one source they make together, and what happened to them in a recording."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from inspector.capture.compose import CameraChange, ComposedSource, Layout, compose_sources
from inspector.capture.encoder import EncoderSettings
from inspector.capture.pipeline import (
    PREROLL_MARGIN_S,
    CaptureThread,
    Recorder,
    RecordingResult,
)
from inspector.capture.sources import FrameSource, open_source
from inspector.core.errors import InspectorError, ValidationError
from inspector.core.models import EventKind, InspectionEvent
from inspector.core.settings import parse_camera_line
from inspector.i18n.phrases import say

log = logging.getLogger(__name__)

# Only these changes go into an inspection's record; lateness is in the picture and the log.
_RECORDED = {
    "lost": EventKind.CAMERA_LOST,
    "ended": EventKind.CAMERA_LOST,
    "back": EventKind.CAMERA_BACK,
    "swapped": EventKind.CAMERAS_SWAPPED,
}


def desk_source(
    specs: list[str],
    width: int | None,
    height: int | None,
    fps: float | None,
    layout: str = Layout.INSET,
    language: str = "en",
    keep_streams: bool = False,
    preroll_seconds: float = 0.0,
) -> FrameSource:
    """The source a desk records (not yet open): its one camera, or its cameras composed into one picture.

    Each camera is asked for its own mode when its line names one ("1 1280x720@30"), else for
    the desk's size and frame rate (a network camera sends what it sends). keep_streams: each
    camera's own thread keeps the pre-roll too, so its own stream (start_camera_streams)
    begins where the composed video does.
    """
    if not specs:
        raise ValidationError("No camera was chosen. Give at least one --source.")
    try:
        layout = Layout(layout.replace("-", "_"))
    except ValueError:
        raise ValidationError(
            f"The camera layout {layout!r} is not known: use 'inset' or 'side_by_side'."
        ) from None
    sources = []
    for spec in specs:
        choice = parse_camera_line(spec)
        if choice.width is None:
            sources.append(open_source(choice.spec, width, height, fps))
        else:
            sources.append(open_source(choice.spec, choice.width, choice.height, choice.fps or fps))
    # A little more than the composed capture's own ring: the composition stamps its pictures
    # COMPOSE_DELAY_S in the past, so its first frame may be older than any camera ring of the
    # same length still holds.
    ring = preroll_seconds + PREROLL_MARGIN_S + STREAM_RING_EXTRA_S if keep_streams else 0.0
    return compose_sources(sources, layout, language, camera_ring_s=ring)


def composition(capture: CaptureThread) -> ComposedSource | None:
    """The composition a capture records, when it records several cameras."""
    source = capture.source
    return source if isinstance(source, ComposedSource) else None


def camera_captures(capture: CaptureThread) -> list[CaptureThread]:
    """Each camera's own capture thread: the composed ones', or the capture itself."""
    composed = composition(capture)
    return composed.captures if composed is not None else [capture]


def camera_list(source: FrameSource, language: str = "en") -> list[str]:
    """The cameras of a source in words, the main one first (one entry for a single camera)."""
    if isinstance(source, ComposedSource):
        return [f.source.describe(language) for f in source.feeds]
    return [source.describe(language)]


def swap_cameras(capture: CaptureThread) -> int | None:
    """Make another camera the large picture; its number, or None when the desk has one camera."""
    composed = composition(capture)
    if composed is None:
        return None
    number = composed.swap()
    log.info("Camera %d is now the large picture", number)
    return number


def camera_events(
    changes: list[CameraChange],
    inspection_id: int,
    video_start: datetime | None,
    language: str,
) -> list[InspectionEvent]:
    """The record's events for what happened to the cameras during a recording, each with its second."""
    events = []
    for change in changes:
        kind = _RECORDED.get(change.kind)
        if kind is None:
            continue
        second = (change.at - video_start).total_seconds() if video_start is not None else 0.0
        if change.kind == "swapped":
            message = say(
                language,
                "At {second} s of the video camera {number} became the large picture.",
                second=f"{max(0.0, second):.1f}",
                number=change.camera,
            )
        elif kind == EventKind.CAMERA_BACK:
            message = say(
                language,
                "At {second} s of the video camera {number} was back in the picture ({why}).",
                second=f"{max(0.0, second):.1f}",
                number=change.camera,
                why=change.message,
            )
        else:
            message = say(
                language,
                "At {second} s of the video camera {number} was lost ({why}); the recording "
                "went on with the other cameras and shows its tile as lost.",
                second=f"{max(0.0, second):.1f}",
                number=change.camera,
                why=change.message,
            )
        events.append(
            InspectionEvent(inspection_id=inspection_id, at=change.at, kind=kind, message=message)
        )
    return events


# ---- each camera's own stream, kept beside the composed video (an option) -----------------

# The cheapest H.264 preset: the composed video is the evidence, the cameras' own streams
# are extra and must cost the desk as little as possible (one more encoder per camera).
STREAM_PRESET = "ultrafast"
STREAM_RING_EXTRA_S = 0.25
# The cameras' own encoders run this much nicer than the composed one: on a busy 2-core desk
# the evidence video gets the processor first, a camera's own stream drops frames instead.
STREAM_NICENESS = 10


@dataclass
class KeptStream:
    """One camera's own stream being recorded: its number, its own capture thread, its recorder."""

    camera: int
    capture: CaptureThread
    recorder: Recorder


@dataclass(frozen=True)
class KeptStreamResult:
    """A camera's own stream as finished: what its file holds and why it ended early ('' if not)."""

    camera: int
    result: RecordingResult
    note: str = ""


def stream_path(video: Path, camera: int) -> Path:
    """Where camera N's own stream is kept: beside the composed video, named after it."""
    return video.with_name(f"{video.stem}.cam{camera}{video.suffix}")


def start_camera_streams(
    capture: CaptureThread,
    video: Path,
    since: float,
    crf: int,
    comment: str,
    min_free_bytes: int,
) -> list[KeptStream]:
    """Record each composed camera's own pictures, at its own size, beside the video (as they came).

    Each recorder hangs on that camera's own capture thread, so the composition and its
    encoder never wait for it; a camera that cannot be recorded now (lost, odd size) is left
    out with a line in the log. Empty for a desk with one camera.
    """
    composed = composition(capture)
    if composed is None:
        return []
    kept: list[KeptStream] = []
    for feed in composed.feeds:
        camera = feed.capture
        source = feed.source
        if camera is None or source.width % 2 or source.height % 2:
            log.warning(
                "Camera %d's own stream is not kept: %s",
                feed.number,
                "it is not capturing" if camera is None else "H.264 needs an even picture size",
            )
            continue
        try:
            recorder = Recorder(
                stream_path(video, feed.number),
                source.width,
                source.height,
                float(source.fps or 30.0),
                None,
                EncoderSettings(crf=crf, preset=STREAM_PRESET),
                metadata={"comment": f"{comment} camera {feed.number}"},
                min_free_bytes=min_free_bytes,
                paced=not source.is_live,
                niceness=STREAM_NICENESS,
            )
        except InspectorError as exc:
            # An extra file that cannot be made (the disk) must not stop the evidence video,
            # which is already recording by now.
            log.warning("Camera %d's own stream is not kept: %s", feed.number, exc)
            continue
        try:
            # From the camera's frame the composed video's first picture shows (at or before).
            camera.attach(recorder, since=since - 1.0 / recorder.fps)
        except InspectorError as exc:
            recorder.stop()
            recorder.path.unlink(missing_ok=True)
            log.warning("Camera %d's own stream is not kept: %s", feed.number, exc)
            continue
        kept.append(KeptStream(feed.number, camera, recorder))
    return kept


def stop_camera_streams(
    streams: list[KeptStream], language: str, until: float | None = None
) -> list[KeptStreamResult]:
    """Finish every camera's own stream (one lost earlier was finished then) and say why any ended early.

    until: the capture time the composed video ended at; later frames are left out, so each
    stream covers the composed video's span and not the seconds its encoder took to finish.
    """
    out = []
    for kept in streams:
        kept.recorder.until = until
        kept.capture.detach(kept.recorder)
        result = kept.recorder.stop()
        note = ""
        if result.interrupted or result.error:
            note = say(
                language,
                "Camera {number}'s own stream ends at {second} s: {why}.",
                number=kept.camera,
                second=f"{result.duration_s:.1f}",
                why=(result.error or result.end_reason or "").rstrip("."),
            )
        out.append(KeptStreamResult(kept.camera, result, note))
    return out
