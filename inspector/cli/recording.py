"""Subcommands for recording: record, list, doctor."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from inspector.cli import open_context, print_json

if TYPE_CHECKING:
    from inspector.capture.pipeline import CaptureThread
    from inspector.core.settings import Settings
    from inspector.services.inspections import InspectionSummary
    from inspector.services.recording import ActiveInspection


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "record", help="record an inspection headless until --seconds pass or Ctrl-C"
    )
    p.add_argument("--order", required=True, help="the marketplace order number")
    p.add_argument("--courier", default="", help="the return parcel's courier (waybill) number")
    p.add_argument(
        "--source",
        action="append",
        help="demo, a camera number, an rtsp:// or http:// URL, or a video file (default: the "
        "station's cameras); give it again for each further camera: all are recorded together "
        "into one video",
    )
    p.add_argument(
        "--layout",
        choices=("inset", "side_by_side", "side-by-side"),
        help="how several cameras share the picture (default: the Several cameras shown setting)",
    )
    p.add_argument(
        "--keep-streams",
        action="store_true",
        help="with several cameras: also keep each camera's own stream at its own size, sealed "
        "with the inspection (default: the Keep each camera's own stream setting)",
    )
    p.add_argument("--seconds", type=float, help="stop after this many seconds of video")
    p.add_argument("--operator", help="who is unboxing (default: the station's operator)")
    p.add_argument("--station", help="the station name (default: from settings)")
    p.add_argument("--width", type=int, help="frame width for the camera or demo source")
    p.add_argument("--height", type=int, help="frame height for the camera or demo source")
    p.add_argument("--fps", type=float, help="frames per second for the camera or demo source")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_record)

    p = sub.add_parser("list", help="list inspections, newest first")
    p.add_argument("--order", help="only this order number")
    p.add_argument("--courier", help="only this courier number")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "sync-videos",
        help="copy this desk's finished videos into the shared video folder and check them",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_sync_videos)

    p = sub.add_parser("doctor", help="show cameras, encoder, data directory and free space")
    p.set_defaults(func=cmd_doctor)


def open_cli_capture(args: argparse.Namespace, settings: Settings) -> CaptureThread:
    """The cameras the options name (the station's settings fill in the rest), capturing.

    Several --source options (or the More cameras setting) are recorded as one composed picture.
    """
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.capture.pipeline import open_capture
    from inspector.core.settings import camera_specs
    from inspector.i18n.language import resolve_language
    from inspector.services.cameras import desk_source

    ensure_text_rendering()
    specs = getattr(args, "source", None)
    if isinstance(specs, str):
        specs = [specs]
    source = desk_source(
        specs or camera_specs(settings),
        args.width or settings.width,
        args.height or settings.height,
        getattr(args, "fps", None) or settings.fps,
        getattr(args, "layout", None) or settings.camera_layout,
        resolve_language(settings.language),
        keep_streams=getattr(args, "keep_streams", False) or settings.keep_camera_streams,
    )
    return open_capture(source)


def record_until_stopped(
    start: Callable[[], ActiveInspection], announce: Callable[[ActiveInspection], str] | None
) -> InspectionSummary:
    """Record until the recording ends by itself or Ctrl-C / SIGTERM; the file is always finished."""
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        active = start()
        if announce is not None:
            print(announce(active), file=sys.stderr)
        while not stop.is_set() and not active.recorder.finished.is_set():
            stop.wait(0.05)
        summary = active.stop()
        if active.stamping is not None:
            active.stamping.join(15)  # the process ends next: give the time-stamp its chance
        return summary
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def cmd_record(args: argparse.Namespace) -> int:
    from inspector.core.errors import ValidationError
    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.i18n.catalogue import overlay_labels
    from inspector.i18n.language import resolve_language
    from inspector.services.cameras import camera_captures
    from inspector.services.recording import StartRequest, check_start, start_inspection

    if args.seconds is not None and args.seconds <= 0:
        raise ValidationError("--seconds must be more than 0.")
    ctx = open_context(args)
    settings = ctx.settings
    request = StartRequest(
        args.order,
        args.courier,
        args.operator if args.operator is not None else settings.operator,
        args.station if args.station is not None else settings.station_name,
    )
    # One program per data folder while recording.
    with acquire_instance_lock(ctx.storage.root, "recording"):
        problems = check_start(ctx, request)
        if problems:
            raise ValidationError(" ".join(problems))
        capture = open_cli_capture(args, settings)
        labels = overlay_labels(resolve_language(settings.language))  # as the desk's window would
        limit = f" for {args.seconds:g} s" if args.seconds else "; press Ctrl-C to stop"
        try:
            summary = record_until_stopped(
                lambda: start_inspection(
                    ctx,
                    capture,
                    request,
                    max_seconds=args.seconds,
                    labels=labels,
                    keep_streams=args.keep_streams or None,
                ),
                None
                if args.json
                else lambda a: (
                    f"Recording inspection {a.inspection_id} from "
                    f"{capture.source.description}{limit}…"
                ),
            )
            # Said after the recording: the rate is judged over its first seconds (each
            # camera's own, when several are composed).
            slow = "\n".join(
                words
                for camera in camera_captures(capture)
                if (words := camera.shortfall(resolve_language(settings.language)))
            )
        finally:
            capture.stop()
        if slow:
            print(slow, file=sys.stderr)
    if ctx.shared_videos_dir is not None:
        from inspector.services.shared_videos import sync_videos

        # The video is safe on this desk already; a share that is away only queues it.
        shared = sync_videos(ctx)
        if shared.reachable:
            print(shared.lines()[-1], file=sys.stderr)
        else:
            print(
                f"The shared video folder {ctx.shared_videos_dir} cannot be reached: "
                f"{shared.waiting} video(s) wait on this desk and are copied when it is back "
                "('inspector sync-videos').",
                file=sys.stderr,
            )
    if args.json:
        print_json(summary.to_json())
    else:
        print(f"Inspection {summary.id} {summary.status}")
        print(f"  video:    {summary.video_path}")
        print(
            f"  duration: {summary.duration_s:.2f} s, {summary.frame_count} frames, {summary.dropped_frames} dropped"
        )
        print(f"  sha256:   {summary.sha256}")
    return 0 if summary.status == "completed" else 1


def cmd_sync_videos(args: argparse.Namespace) -> int:
    from inspector.core.errors import ValidationError
    from inspector.services.shared_videos import sync_videos

    ctx = open_context(args)
    if ctx.shared_videos_dir is None:
        raise ValidationError(
            "No shared video folder is set: give --shared-videos DIR, set "
            "INSPECTOR_SHARED_VIDEOS, or the Shared video folder setting."
        )
    report = sync_videos(ctx, force=True)
    if args.json:
        print_json(
            {
                "folder": str(ctx.shared_videos_dir),
                "reachable": report.reachable,
                "copied": report.copied,
                "local_removed": report.local_removed,
                "failed": report.failed,
                "waiting": report.waiting,
            }
        )
    else:
        print("\n".join(report.lines()))
    return 0 if report.waiting == 0 else 1


def cmd_list(args: argparse.Namespace) -> int:
    from inspector.services.inspections import list_inspections

    rows = list_inspections(
        open_context(args, read_only=True), order=args.order, courier=args.courier
    )
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print("No inspections.")
        return 0
    print(
        f"{'ID':>6}  {'started (local)':19}  {'order':20}  {'courier':20}  {'status':11}  {'decision':8}  {'secs':>7}"
    )
    for r in rows:
        started = r.started_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        decision = "packing" if r.kind == "packing" else r.decision  # a packing decides nothing
        print(
            f"{r.id:>6}  {started:19}  {r.order[:20]:20}  {r.courier[:20]:20}  {r.status:11}  {decision:8}  {r.duration_s:7.1f}"
        )
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from inspector.services.doctor import doctor

    report = doctor(open_context(args, read_only=True))
    print("\n".join(report.lines()))
    return 0 if report.h264_error is None else 1
