"""Subcommands for finding past inspections: search, summary, note, check-video, demo-data."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from inspector.cli import open_context, parse_day_option, print_json
from inspector.core.errors import ValidationError

MAX_LIMIT = 100_000  # rows a terminal can show; --csv writes any number


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", help="first local day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="last local day (included), YYYY-MM-DD")
    p.add_argument(
        "--decision",
        action="append",
        default=[],
        help="sign, reject, dispute or pending (repeat for several)",
    )
    p.add_argument("--operator", default="", help="only this operator")
    p.add_argument("--station", default="", help="only this station")
    p.add_argument("--status", default="", help="completed, interrupted, failed or recording")
    p.add_argument("--sku", default="", help="only orders containing this SKU")
    p.add_argument(
        "--kind",
        choices=("return", "packing"),
        default="",
        help="only returns, or only packings filmed at the desk",
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search", help="find inspections by order or courier number (whole or part) and filters"
    )
    p.add_argument("text", nargs="?", default="", help="an order or courier number, or its start")
    p.add_argument(
        "--match",
        choices=("prefix", "contains", "exact"),
        default="prefix",
        help="how TEXT is compared (default prefix: the number starts with it)",
    )
    _add_filters(p)
    p.add_argument(
        "--sort",
        default="started_at",
        help="started_at, order, courier, operator, station, decision, duration or status",
    )
    p.add_argument("--ascending", action="store_true", help="oldest / smallest first")
    p.add_argument("--limit", type=int, default=50, help="rows to print (default 50)")
    p.add_argument("--csv", help="write every matching row to this CSV file instead")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("summary", help="counts per day, decision, operator and SKU; top buyers")
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser(
        "note", help="append a note to an inspection's history (nothing else changes)"
    )
    p.add_argument("inspection", type=int, help="the inspection number")
    p.add_argument("message", help="the note")
    p.add_argument("--by", required=True, help="who writes the note")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser(
        "check-video", help="re-hash an inspection's video files against their recorded SHA-256"
    )
    p.add_argument("inspection", type=int, help="the inspection number")
    p.set_defaults(func=cmd_check_video)

    p = sub.add_parser(
        "demo-data", help="fill the data folder with synthetic inspections to try the browse view"
    )
    p.add_argument("--inspections", type=int, required=True, help="how many to add")
    p.add_argument("--per-day", type=int, default=300, help="inspections a day (default 300)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--checklists",
        type=int,
        default=300,
        help="answer the checklist of the newest N, for step marks in the video (default 300)",
    )
    p.set_defaults(func=cmd_demo_data)


def _filter_from(args: argparse.Namespace, text: str = "", match: str = "prefix"):
    from inspector.services.browse import BrowseFilter, Match, local_day_bounds

    first = parse_day_option(args.date_from, "--from")
    last = parse_day_option(args.date_to, "--to")
    return BrowseFilter(
        text=text,
        match=Match(match),
        since=local_day_bounds(first)[0] if first else None,
        until=local_day_bounds(last)[1] if last else None,
        decisions=tuple(args.decision),
        operator=args.operator,
        station=args.station,
        status=args.status,
        sku=args.sku,
        kind=args.kind,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from inspector.services.browse import (
        Sort,
        SortColumn,
        export_csv,
        fetch_page,
        format_local,
    )

    try:
        sort = Sort(SortColumn(args.sort), descending=not args.ascending)
    except ValueError as exc:
        raise ValidationError(
            f"Cannot sort by {args.sort!r}; use one of {', '.join(c.value for c in SortColumn)}."
        ) from exc
    if not 1 <= args.limit <= MAX_LIMIT:
        raise ValidationError(
            f"--limit must be between 1 and {MAX_LIMIT:,}; use --csv FILE for every row."
        )
    ctx = open_context(args, read_only=not args.csv)
    f = _filter_from(args, args.text, args.match)
    if args.csv:
        written = 0
        for written in export_csv(ctx, args.csv, f, sort):
            print(f"\r{written:,} rows…", end="", file=sys.stderr, flush=True)
        print(f"\rWrote {written:,} inspections to {args.csv}", file=sys.stderr)
        return 0
    page = fetch_page(ctx, f, sort, limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "id": r.id,
                    "started_at": r.started_at.isoformat(),
                    "order": r.order,
                    "courier": r.courier,
                    "operator": r.operator,
                    "station": r.station,
                    "decision": r.decision,
                    "status": r.status,
                    "duration_s": r.duration_s,
                }
                for r in page.rows
            ]
        )
        return 0
    if not page.rows:
        print("No inspection matches.")
        return 1
    print(
        f"{'ID':>7}  {'started (local)':26}  {'order':22}  {'courier':18}  "
        f"{'operator':12}  {'decision':8}  {'secs':>6}"
    )
    for r in page.rows:
        print(
            f"{r.id:>7}  {format_local(r.started_at):26}  {r.order[:22]:22}  {r.courier[:18]:18}  "
            f"{r.operator[:12]:12}  {r.decision:8}  {r.duration_s:6.1f}"
        )
    if page.next_cursor is not None:
        print(f"(first {len(page.rows)} shown; use --limit or --csv for more)")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from inspector.services.browse import summarize

    summary = summarize(open_context(args, read_only=True), _filter_from(args))
    if args.json:
        print_json(summary.to_json())
        return 0
    print(f"Inspections: {summary.total:,}")
    sections = (
        ("Per decision", summary.per_decision),
        ("Per operator", summary.per_operator),
        ("Per station", summary.per_station),
        ("Per SKU", summary.per_sku),
        ("Buyers with the most rejected or disputed returns", summary.top_rejected_buyers),
        ("Per day (newest first)", [(d.isoformat(), n) for d, n in summary.per_day[:31]]),
    )
    for title, pairs in sections:
        if not pairs:
            continue
        print(f"\n{title}:")
        for key, n in pairs:
            print(f"  {str(key) or '(none)':30} {n:>9,}")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from inspector.services.browse import add_note

    entry = add_note(open_context(args), args.inspection, args.by, args.message)
    print(
        f"Note added to inspection {args.inspection} by {entry.actor} at {entry.at:%Y-%m-%d %H:%M:%S} UTC"
    )
    return 0


def cmd_check_video(args: argparse.Namespace) -> int:
    from inspector.services.browse import VideoCheck, verify_video

    checks = verify_video(open_context(args), args.inspection)
    for check in checks:
        print(check.message)
    return 0 if all(c.result is VideoCheck.MATCHES for c in checks) else 1


def cmd_demo_data(args: argparse.Namespace) -> int:
    from inspector.services.demo_data import generate_demo_data

    ctx = open_context(args)
    started = datetime.now()
    for progress in generate_demo_data(
        ctx, args.inspections, args.seed, args.per_day, checklists=args.checklists
    ):
        if progress.stage == "videos":
            print(
                f"\rMaking demo videos {progress.done}/{progress.total}…", end="", file=sys.stderr
            )
        elif progress.stage == "checklists":
            print(
                f"\rAnswering demo checklists {progress.done:,}/{progress.total:,}…",
                end="",
                file=sys.stderr,
                flush=True,
            )
        elif progress.stage == "inspections":
            print(
                f"\rAdding inspections {progress.done:,}/{progress.total:,}…",
                end="",
                file=sys.stderr,
                flush=True,
            )
    seconds = (datetime.now() - started).total_seconds()
    print(
        f"\rAdded {args.inspections:,} demo inspections to {ctx.storage.root} in {seconds:.0f} s."
        " Open the app's Browse tab to try them.",
        file=sys.stderr,
    )
    return 0
