"""Subcommands for packing on camera: pack (and the order's story: timeline)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from inspector.cli import open_context, print_json
from inspector.core.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pack",
        help="film an order being packed (marked PACKING), with the items scanned into the box",
        description="Records a packing video like 'record' records a return. Each --serial or "
        "--item is scanned into the box while filming, spread evenly over --seconds, and "
        "checked against the order's lines at once (wrong SKU, extra, and missing at the end).",
    )
    p.add_argument("order", help="the order number (or its outbound waybill)")
    p.add_argument("--waybill", default="", help="the outbound parcel's waybill number")
    p.add_argument(
        "--serial",
        action="append",
        default=[],
        metavar="SKU=SERIAL",
        help="an item packed with its serial (SKU or product barcode); repeat for more",
    )
    p.add_argument(
        "--item",
        action="append",
        default=[],
        metavar="SKU",
        help="an item packed without a serial (SKU or product barcode); repeat for more",
    )
    p.add_argument(
        "--source",
        help="demo, a camera number, an rtsp:// or http:// URL, or a video file (default: the station's camera)",
    )
    p.add_argument("--seconds", type=float, help="stop after this many seconds of video")
    p.add_argument("--operator", help="who is packing (default: the station's operator)")
    p.add_argument("--station", help="the station name (default: from settings)")
    p.add_argument("--width", type=int, help="frame width for the camera or demo source")
    p.add_argument("--height", type=int, help="frame height for the camera or demo source")
    p.add_argument("--fps", type=float, help="frames per second for the camera or demo source")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_pack)

    p = sub.add_parser(
        "timeline",
        help="an order's story: packed, shipped, return requested, reminders, waybill supplied, "
        "returned, decided, appeal",
    )
    p.add_argument("order", help="the order number")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_timeline)


def _items(args: argparse.Namespace) -> list[tuple[str, str]]:
    out = []
    for item in args.serial:
        sku, sep, serial = item.partition("=")
        if not sep or not sku.strip() or not serial.strip():
            raise ValidationError(
                f"--serial {item!r}: write SKU=SERIAL, e.g. --serial TS-001=AC-000123 "
                "(an item without a serial: --item SKU)."
            )
        out.append((sku.strip(), serial.strip()))
    for sku in args.item:
        if not sku.strip():
            raise ValidationError("--item needs the SKU or the product barcode.")
        out.append((sku.strip(), ""))
    return out


def cmd_pack(args: argparse.Namespace) -> int:
    from inspector.cli.recording import open_cli_capture
    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.i18n.catalogue import overlay_labels
    from inspector.i18n.language import resolve_language
    from inspector.services.packing import end_packing, scan_packed_item, start_packing
    from inspector.services.recording import StartRequest, check_start

    if args.seconds is not None and args.seconds <= 0:
        raise ValidationError("--seconds must be more than 0.")
    items = _items(args)
    ctx = open_context(args)
    settings = ctx.settings
    request = StartRequest(
        args.order,
        args.waybill,
        args.operator if args.operator is not None else settings.operator,
        args.station if args.station is not None else settings.station_name,
    )
    # Each item is scanned at its own second, spread over the recording (1 s apart without
    # --seconds), as an operator scans them one by one into the box.
    span = args.seconds or (len(items) + 1.0)
    moments = [span * (n + 1) / (len(items) + 1) for n in range(len(items))]
    stop = threading.Event()
    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    scans = []
    with acquire_instance_lock(ctx.storage.root, "recording"):
        problems = check_start(ctx, request)
        if problems:
            raise ValidationError(" ".join(problems))
        capture = open_cli_capture(args, settings)
        labels = overlay_labels(resolve_language(settings.language))
        try:
            active = start_packing(ctx, capture, request, max_seconds=args.seconds, labels=labels)
            if not args.json:
                print(
                    f"Packing {active.inspection_id} (order {active.request.order_number}) from "
                    f"{capture.source.description}…",
                    file=sys.stderr,
                )
            pending = list(zip(moments, items, strict=True))
            while not stop.is_set() and not active.recorder.finished.is_set():
                while pending and active.elapsed >= pending[0][0]:
                    _, (code, serial) = pending.pop(0)
                    scan = scan_packed_item(
                        ctx, active.inspection_id, code, serial, video_offset_s=active.elapsed
                    )
                    scans.append(scan)
                    if scan.problem is not None and not args.json:
                        print(f"! {scan.message}", file=sys.stderr)
                stop.wait(0.02)
            result = end_packing(ctx, active)
            if active.stamping is not None:
                active.stamping.join(15)
        finally:
            capture.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    summary = result.summary
    unscanned = len(items) - len(scans)
    if args.json:
        data = summary.to_json()
        data["items"] = [i.to_json() for i in result.items]
        data["problems"] = result.problems
        data["not_scanned"] = unscanned
        print_json(data)
    else:
        print(f"Packing {summary.id} {summary.status}: order {summary.order}")
        print(f"  video:    {summary.video_path}")
        print(f"  duration: {summary.duration_s:.2f} s, {summary.frame_count} frames")
        print(f"  sha256:   {summary.sha256}")
        for item in result.items:
            at = f" @{item.video_offset_s:.2f} s" if item.video_offset_s is not None else ""
            print(f"  packed {item.sku} {item.serial or '-'}{at}")
        for problem in result.problems:
            print(f"  ! {problem}")
    if unscanned:
        print(f"{unscanned} item(s) were not scanned: the recording ended first.", file=sys.stderr)
    return 0 if summary.status == "completed" and not unscanned else 1


def cmd_timeline(args: argparse.Namespace) -> int:
    from inspector.services.order_story import order_timeline

    story = order_timeline(open_context(args, read_only=True), args.order)
    if args.json:
        print_json(story.to_json())
        return 0
    print(f"Order {story.order_number}")
    for entry in story.entries:
        local = entry.at.astimezone()
        when = f"{local:%Y-%m-%d}      " if entry.date_only else f"{local:%Y-%m-%d %H:%M}"
        detail = f"  {entry.detail}" if entry.detail else ""
        print(f"  {when}  {entry.label(story.language)}{detail}")
    if story.summary:
        print(story.summary)
    return 0
