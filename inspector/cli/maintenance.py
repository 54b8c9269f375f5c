"""Subcommands that keep recordings safe: recover, continue, cleanup, backup, restore."""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace

from inspector.cli import open_context, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "recover",
        help="finish recordings left 'recording' by a crash (the station window does this at start)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser(
        "cleanup",
        help="remove videos of decided inspections past the retention period or over the quota",
    )
    p.add_argument("--dry-run", action="store_true", help="only list what would be removed")
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_cleanup)

    p = sub.add_parser(
        "backup", help="copy the database while the app runs (videos are not included)"
    )
    p.add_argument(
        "dest",
        nargs="?",
        help="a folder (a dated file is made in it) or a file name; default: the backup folder setting",
    )
    p.add_argument("--keep", type=int, help="then keep only the newest N dated backups there")
    p.add_argument("--force", action="store_true", help="replace the file DEST names if it exists")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "continue",
        help="record the next segment of an interrupted inspection (after a lost camera came back)",
    )
    p.add_argument("inspection_id", type=int, help="the inspection's number (see 'inspector list')")
    p.add_argument(
        "--source",
        action="append",
        help="the camera (default: the station's cameras); again for each further camera",
    )
    p.add_argument("--seconds", type=float, help="stop after this many seconds of video")
    p.add_argument("--width", type=int, help="frame width for the camera or demo source")
    p.add_argument("--height", type=int, help="frame height for the camera or demo source")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_continue)

    p = sub.add_parser(
        "restore", help="replace the database with a backup (close the station window first)"
    )
    p.add_argument("backup_file", help="the backup file to restore")
    p.add_argument(
        "--by", default="", help="who restores (recorded in the anchor; default: the OS user)"
    )
    p.add_argument(
        "--reason", default="", help="why: recorded in the anchor, shown by verify --all"
    )
    p.set_defaults(func=cmd_restore)


def cmd_recover(args: argparse.Namespace) -> int:
    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.services.maintenance import recover_all

    ctx = open_context(args)
    with acquire_instance_lock(ctx.storage.root, "crash recovery"):
        report = recover_all(ctx)
    if args.json:
        print_json(
            {
                "recovered": [vars(r) for r in report.recovered],
                "skipped": report.skipped,
            }
        )
    elif report.anything:
        print(report.message())
    else:
        print("No recording was left unfinished.")
    return 1 if report.skipped else 0


def cmd_cleanup(args: argparse.Namespace) -> int:
    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.services.maintenance import cleanup

    ctx = open_context(args)
    if args.dry_run:
        report = cleanup(ctx, dry_run=True)
    else:
        with acquire_instance_lock(ctx.storage.root, "clean-up"):
            report = cleanup(ctx, dry_run=False)
    if args.json:
        print_json(
            {
                "dry_run": report.dry_run,
                "retention_days": report.plan.retention_days,
                "quota_bytes": report.plan.quota_bytes,
                "used_bytes": report.plan.used_bytes,
                "candidates": [
                    {
                        "inspection_id": c.inspection_id,
                        "order": c.order_number,
                        "started_at": c.started_at.isoformat(),
                        "decision": c.decision,
                        "reason": c.reason,
                        "paths": list(c.paths),
                        "size_bytes": c.size_bytes,
                    }
                    for c in report.plan.candidates
                ],
                "removed": [o.candidate.inspection_id for o in report.removed],
                "errors": report.errors,
                "protected": report.plan.protected,
            }
        )
    else:
        print("\n".join(report.lines()))
    return 1 if report.errors else 0


def cmd_backup(args: argparse.Namespace) -> int:
    from inspector.services.maintenance import backup

    ctx = open_context(args)
    result = backup(ctx, args.dest, keep=args.keep, overwrite=args.force)
    print("\n".join(result.lines()))
    return 0


def cmd_continue(args: argparse.Namespace) -> int:
    from inspector.cli.recording import open_cli_capture, record_until_stopped
    from inspector.core.errors import ValidationError
    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.services.maintenance import continue_inspection

    if args.seconds is not None and args.seconds <= 0:
        raise ValidationError("--seconds must be more than 0.")
    ctx = open_context(args)
    with acquire_instance_lock(ctx.storage.root, "recording"):
        capture = open_cli_capture(args, ctx.settings)
        try:
            summary = record_until_stopped(
                lambda: continue_inspection(
                    ctx, capture, args.inspection_id, max_seconds=args.seconds
                ),
                lambda a: (
                    f"Continuing inspection {a.inspection_id} from {capture.source.description}…"
                ),
            )
        finally:
            capture.stop()
    if args.json:
        print_json(summary.to_json())
    else:
        print(f"Inspection {summary.id} {summary.status}, {len(summary.segments)} segments")
        for seg in summary.segments:
            print(f"  {seg['seq']}: {seg['path']} ({seg['duration_s']:.2f} s) {seg['sha256']}")
    return 0 if summary.status == "completed" else 1


def cmd_restore(args: argparse.Namespace) -> int:
    from inspector.core.database import Database
    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.core.logs import log_dir_for, setup_logging
    from inspector.core.settings import Settings
    from inspector.core.storage import Storage, resolve_data_dir
    from inspector.core.warehouse import connect_args, resolve_database_url
    from inspector.services.context import AppContext
    from inspector.services.maintenance import (
        acknowledge_restore,
        count_inspections,
        restore,
        restore_to_server,
    )

    # The database is not opened before the restore: a backup may be from an older schema,
    # and the restored one is upgraded (with a backup first) when it is opened below.
    storage = Storage.open(resolve_data_dir(args.data_dir))
    setup_logging(log_dir_for(storage.root), args.verbose)
    url = resolve_database_url(args.database, Settings.load(storage.root).database_url)
    with acquire_instance_lock(storage.root, "restore"):
        if url is not None:
            target = Database(url, storage.backups_dir, connect_args(url, storage.root))
            try:
                result = restore_to_server(target, args.backup_file)
            finally:
                target.dispose()
        else:
            result = restore(storage, args.backup_file)
        ctx = AppContext.open(storage.root, url)
        try:
            inspections = count_inspections(ctx.db)
            # On purpose, so said once as a restore rather than a rollback for ever.
            acknowledge_restore(
                ctx, args.by or getpass.getuser(), args.reason, str(args.backup_file)
            )
        finally:
            ctx.close()
    result = replace(result, inspections=inspections)
    print(result.lines()[0])
    for line in result.lines()[1:]:
        print(line, file=sys.stderr)
    return 0
