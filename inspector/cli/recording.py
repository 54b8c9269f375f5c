"""Subcommands for recording: record, list, doctor."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from inspector.cli import open_context, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "record", help="record an inspection headless until --seconds pass or Ctrl-C"
    )
    p.add_argument("--order", required=True, help="the marketplace order number")
    p.add_argument("--courier", default="", help="the return parcel's courier (waybill) number")
    p.add_argument(
        "--source",
        help="demo, a camera number, an rtsp:// or http:// URL, or a video file (default: the station's camera)",
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

    p = sub.add_parser("doctor", help="show cameras, encoder, data directory and free space")
    p.set_defaults(func=cmd_doctor)


def cmd_record(args: argparse.Namespace) -> int:
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.capture.pipeline import open_capture
    from inspector.capture.sources import open_source
    from inspector.core.errors import ValidationError
    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.services.recording import StartRequest, check_start, start_inspection

    if args.seconds is not None and args.seconds <= 0:
        raise ValidationError("--seconds must be more than 0.")
    ctx = open_context(args)
    # One program per data folder (released in the finally below, or when this frame goes).
    lock = acquire_instance_lock(ctx.storage.root, "recording")
    settings = ctx.settings
    request = StartRequest(
        args.order,
        args.courier,
        args.operator if args.operator is not None else settings.operator,
        args.station if args.station is not None else settings.station_name,
    )
    problems = check_start(ctx, request)
    if problems:
        raise ValidationError(" ".join(problems))
    ensure_text_rendering()
    source = open_source(
        args.source or settings.camera_source,
        args.width or settings.width,
        args.height or settings.height,
        args.fps or settings.fps,
    )
    capture = open_capture(source)
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        from inspector.ui.i18n import overlay_labels, resolve_language

        labels = overlay_labels(resolve_language(settings.language))  # as the desk's window would
        active = start_inspection(ctx, capture, request, max_seconds=args.seconds, labels=labels)
        if not args.json:
            limit = f" for {args.seconds:g} s" if args.seconds else "; press Ctrl-C to stop"
            print(
                f"Recording inspection {active.inspection_id} from {source.description}{limit}…",
                file=sys.stderr,
            )
        while not stop.is_set() and not active.recorder.finished.is_set():
            stop.wait(0.05)
        summary = active.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        capture.stop()
        lock.release()
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


def cmd_list(args: argparse.Namespace) -> int:
    from inspector.services.inspections import list_inspections

    rows = list_inspections(open_context(args), order=args.order, courier=args.courier)
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
        print(
            f"{r.id:>6}  {started:19}  {r.order[:20]:20}  {r.courier[:20]:20}  {r.status:11}  {r.decision:8}  {r.duration_s:7.1f}"
        )
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from inspector.services.doctor import doctor

    report = doctor(open_context(args))
    print("\n".join(report.lines()))
    return 0 if report.h264_error is None else 1
