"""A desk's cameras: opening the one source they make together, and what happened to them in a recording."""

from __future__ import annotations

import logging
from datetime import datetime

from inspector.capture.compose import CameraChange, ComposedSource, Layout, compose_sources
from inspector.capture.pipeline import CaptureThread
from inspector.capture.sources import FrameSource, open_source
from inspector.core.errors import ValidationError
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
) -> FrameSource:
    """The source a desk records (not yet open): its one camera, or its cameras composed into one picture.

    Each camera is asked for its own mode when its line names one ("1 1280x720@30"), else for
    the desk's size and frame rate (a network camera sends what it sends).
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
    return compose_sources(sources, layout, language)


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
