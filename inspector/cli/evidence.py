"""Subcommands for appeals: export, clip, verify, export-batch, appeals-due."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from inspector.cli import open_context, parse_day_option, print_json
from inspector.core.errors import ValidationError
from inspector.i18n.vocabulary import platform_word

_LANGUAGE_HELP = (
    "language of report.pdf and index.html: en or zh_CN (default: the desk's report language)"
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export an inspection's evidence bundle (.zip) for an appeal")
    p.add_argument("id", nargs="?", type=int, help="the inspection number (see 'inspector list')")
    p.add_argument("--order", help="the newest inspection of this order number instead of ID")
    p.add_argument("--courier", help="the newest inspection of this courier number instead of ID")
    p.add_argument(
        "--out", required=True, help="a folder (the bundle names itself) or a .zip file name"
    )
    p.add_argument("--language", choices=("en", "zh_CN"), help=_LANGUAGE_HELP)
    p.add_argument("--force", action="store_true", help="replace the .zip --out names if it exists")
    p.add_argument(
        "--packing-max-mb",
        type=float,
        metavar="MB",
        help="the platform's size limit for the order's packing video in a return's bundle: "
        "over it, a clip around the serial's moment goes instead (with the whole video's hash "
        "and seal); default: the whole video",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("clip", help="cut an appeal clip that fits a platform's upload limit")
    p.add_argument("id", type=int, help="the inspection number")
    p.add_argument("--out", required=True, help="the clip's file name, ending in .mp4")
    p.add_argument(
        "--start", type=float, help="start, seconds into the video (default: first step)"
    )
    p.add_argument("--end", type=float, help="end, seconds into the video (default: the end)")
    p.add_argument("--max-seconds", type=float, default=60.0, help="longest clip (default 60)")
    p.add_argument("--max-mb", type=float, default=30.0, help="largest clip in MB (default 30)")
    p.add_argument("--force", action="store_true", help="replace the file --out names if it exists")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_clip)

    p = sub.add_parser(
        "verify", help="check a bundle against its manifest, or (--all) the whole record chain"
    )
    p.add_argument("bundle", nargs="?", help="the bundle .zip to check")
    p.add_argument(
        "--all",
        action="store_true",
        help="check every sealed inspection and every video on disk instead",
    )
    p.add_argument(
        "--fingerprint",
        action="append",
        metavar="FP",
        help="the store's published key fingerprint (inspector keys show); the bundle must be "
        "signed by it (repeat for several desks)",
    )
    p.add_argument(
        "--tsa-root",
        action="append",
        metavar="PEM",
        help="a CA certificate file whose time-stamping authorities are trusted besides the "
        "system's roots (repeat for several)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "timestamp", help="stamp the videos waiting for the time-stamping authority (RFC 3161)"
    )
    p.add_argument(
        "--pending", action="store_true", required=True, help="stamp every queued video hash"
    )
    p.set_defaults(func=cmd_timestamp)

    p = sub.add_parser("keys", help="the desk's signing key and the store key that certifies it")
    keys = p.add_subparsers(dest="keys_command", required=True)
    show = keys.add_parser(
        "show", help="print this desk's and the store's fingerprints (the store's is published)"
    )
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(func=cmd_keys_show)
    make = keys.add_parser(
        "make-store-key",
        help="make the warehouse's store key (once; again to rotate to a new one) and certify "
        "every desk key",
    )
    make.add_argument(
        "--out", help="keep the store key in this file (offline) instead of this data folder"
    )
    make.set_defaults(func=cmd_keys_make_store)
    certify = keys.add_parser(
        "certify", help="certify the desk keys waiting for the store key's certificate"
    )
    certify.add_argument("--store-key", help="the store key file, when it is kept offline")
    certify.set_defaults(func=cmd_keys_certify)
    revoke = keys.add_parser(
        "revoke", help="revoke a desk's keys: what it signs from then on no longer verifies"
    )
    revoke.add_argument("desk", help="the desk's name or id")
    revoke.add_argument("--from", dest="since", help="from this time on (ISO 8601; default now)")
    revoke.add_argument("--store-key", help="the store key file, when it is kept offline")
    revoke.set_defaults(func=cmd_keys_revoke)

    ca = keys.add_parser(
        "store-ca",
        help="write the store's X.509 CA certificate, which a PDF reader trusts to check "
        "report.pdf's signature",
    )
    ca.add_argument("--out", help="write it to this file (default: print it)")
    ca.add_argument("--store-key", help="the store key file, when it is kept offline")
    ca.set_defaults(func=cmd_keys_store_ca)

    p = sub.add_parser("export-batch", help="export many bundles into one folder, with summary.csv")
    p.add_argument("--out", required=True, help="the folder to write into")
    p.add_argument("--since", help="first day to include, YYYY-MM-DD (local)")
    p.add_argument("--until", help="last day to include, YYYY-MM-DD (local)")
    p.add_argument("--orders", help="a file with one order number a line (or a CSV, first column)")
    p.add_argument("--language", choices=("en", "zh_CN"), help=_LANGUAGE_HELP)
    p.set_defaults(func=cmd_export_batch)

    p = sub.add_parser(
        "appeals-due", help="rejected and disputed inspections, soonest claim deadline first"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_appeals_due)


def _progress_printer(enabled: bool):
    last = [-1]

    def show(step) -> None:
        if not enabled:
            return
        percent = int(step.fraction * 100)
        if percent // 5 != last[0] // 5 or step.fraction >= 1.0:
            last[0] = percent
            print(f"[{percent:3d}%] {step.message}", file=sys.stderr)

    return show


def cmd_export(args: argparse.Namespace) -> int:
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.core.errors import ValidationError
    from inspector.core.progress import run_with_progress
    from inspector.services.evidence import export_bundle, find_inspection

    chosen = [x for x in (args.id, args.order, args.courier) if x is not None]
    if len(chosen) != 1:
        raise ValidationError("Name exactly one inspection: an ID, --order or --courier.")
    ctx = open_context(args)
    ensure_text_rendering()
    inspection_id = find_inspection(ctx, args.id, args.order, args.courier)
    result = run_with_progress(
        export_bundle(
            ctx,
            inspection_id,
            Path(args.out),
            language=args.language,
            overwrite=args.force,
            packing_max_mb=args.packing_max_mb,
        ),
        _progress_printer(not args.json),
    )
    if args.json:
        print_json(
            {
                "inspection_id": result.inspection_id,
                "path": str(result.path),
                "size_bytes": result.size_bytes,
                "manifest_sha256": result.manifest_sha256,
                "files": result.files,
            }
        )
    else:
        print(result.path)
    return 0


def cmd_clip(args: argparse.Namespace) -> int:
    from inspector.core.progress import run_with_progress
    from inspector.services.evidence import export_clip

    ctx = open_context(args)
    result = run_with_progress(
        export_clip(
            ctx,
            args.id,
            Path(args.out),
            start_s=args.start,
            end_s=args.end,
            max_seconds=args.max_seconds,
            max_mb=args.max_mb,
            overwrite=args.force,
        ),
        _progress_printer(not args.json),
    )
    data = {
        "inspection_id": result.inspection_id,
        "path": str(result.path),
        "start_s": result.start_s,
        "end_s": result.end_s,
        "size_bytes": result.size_bytes,
        "sha256": result.sha256,
        "original_sha256": result.original_sha256,
        "truncated": result.truncated,
    }
    if args.json:
        print_json(data)
        return 0
    print(result.path)
    print(
        f"  {result.start_s:.2f}–{result.end_s:.2f} s of the original "
        f"(sha256 {result.original_sha256}), {result.size_bytes:,} bytes"
    )
    if result.truncated:
        print(f"  cut to the {args.max_seconds:g} s limit; use --start/--end to choose the stretch")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from inspector.core.errors import ValidationError
    from inspector.core.progress import run_with_progress
    from inspector.services.evidence import verify_all, verify_bundle_file
    from inspector.services.evidence.verification import INCOMPLETE

    if bool(args.bundle) == bool(args.all):
        raise ValidationError("Give a bundle .zip to check, or --all for the whole record chain.")
    if args.all:
        ctx = open_context(args, read_only=True)
        report = run_with_progress(verify_all(ctx, args.fingerprint or None))
        if args.json:
            print_json(
                {
                    "ok": report.ok,
                    "sealed": report.sealed,
                    "videos_checked": report.videos_checked,
                    "videos_removed": report.videos_removed,
                    "videos_elsewhere": report.videos_elsewhere,
                    "unchecked": report.unchecked,
                    "incomplete": bool(report.unchecked),
                    "seals": report.seals,
                    "anchored": report.anchored,
                    "anchor_copies_compared": report.witnesses,
                    "signers": report.signers,
                    "notes": report.notes,
                    "problems": [vars(p) for p in report.problems],
                }
            )
        else:
            for p in report.problems:
                print(f"{p.kind}: {p.message}")
            for note in report.notes:
                print(note)
            for path in report.unchecked:
                print(f"not checked: {path}")
            for fp, count in report.signers.items():
                print(f"signed: {count} seals by key {fp}")
            verdict = "intact" if report.ok else "NOT INTACT"
            if report.ok and report.unchecked:
                verdict = (
                    f"INCOMPLETE ({len(report.unchecked)} video(s) in the shared folder could "
                    "not be reached and were not checked; nothing wrong found in the rest)"
                )
            print(
                f"{verdict}: {report.sealed} sealed records, "
                f"{report.seals} seals ({report.anchored} in the anchor, "
                f"{report.witnesses} anchor copies compared), "
                f"{report.videos_checked} videos checked, {report.videos_removed} removed by retention, "
                f"{report.videos_elsewhere} only on another desk (not checked here), "
                f"{len(report.problems)} problems"
            )
        if not report.ok:
            return 1
        return INCOMPLETE if report.unchecked else 0
    # A bundle is checked by itself; the desk's database is consulted only where one exists,
    # and nothing (no data folder, no key) is made for a check.
    ctx = open_context(args, read_only=True) if _desk_exists(args) else None
    result = verify_bundle_file(
        ctx, Path(args.bundle), args.fingerprint or None, args.tsa_root or None
    )
    if args.json:
        print_json(
            {
                "ok": result.ok,
                "altered": result.check.altered,
                "missing": result.check.missing,
                "extra": result.check.extra,
                "problems": result.check.problems + result.database_problems,
                "invalid": result.check.invalid or None,
                "signed_by": result.check.signatures.manifest_signer or None,
                "sealed_by": result.check.signatures.seal_signer or None,
                "fingerprint_matched": result.check.signatures.fingerprint_matched,
                "notes": result.check.notes,
                "database_checked": result.database_checked,
                "origin_checked": bool(result.origin),
                "origin": result.origin or None,
                "demo": result.demo,
            }
        )
    else:
        for line in result.lines():
            print(line)
        if not result.ok:
            print(f"NOT INTACT: {args.bundle}")
    # 0 only when intact and of the store's key; an intact bundle of unknown origin is its own code.
    return result.exit_code


def cmd_timestamp(args: argparse.Namespace) -> int:
    from inspector.core.errors import ValidationError
    from inspector.services.timestamps import stamp_pending, tsa_url

    ctx = open_context(args)
    if not tsa_url(ctx):
        raise ValidationError(
            "No time-stamping authority is set: File → Settings → Evidence, or set tsa_url."
        )
    run = stamp_pending(ctx)
    for line in run.lines():
        print(line)
    return 0 if not run.still_pending else 1


def cmd_keys_show(args: argparse.Namespace) -> int:
    from inspector.core.errors import StorageError
    from inspector.core.signing import DeskKey
    from inspector.core.storage import resolve_data_dir
    from inspector.services.warehouse import KeyFacts, key_facts

    root = resolve_data_dir(args.data_dir)
    if root.is_dir() and not os.access(root, os.W_OK):
        # A read-only folder (a copy, a share): show its key, make nothing.
        key = DeskKey.load(root)
        if key is None:
            raise StorageError(
                f"{root} holds no signing key and is read-only, so none can be made there. "
                "Run 'inspector keys show' on the desk itself, or give a folder you can write."
            )
        facts = KeyFacts(
            key.fingerprint, key.public_hex, key.path, [], [], False, False, key.describe()
        )
    else:
        facts = key_facts(open_context(args))  # the desk key is made here if it has none yet
    store = facts.store_fingerprints[-1] if facts.store_fingerprints else ""
    if args.json:
        print_json(
            {
                "fingerprint": facts.desk_fingerprint,
                "public_key": facts.desk_public_key,
                "file": str(facts.desk_key_file),
                "kept_in": facts.desk_key_kept,
                "store_fingerprint": store,
                "store_fingerprints": facts.store_fingerprints,
                "certified_by": facts.certified_by,
                "revoked": facts.revoked,
            }
        )
        return 0
    print(f"fingerprint: {facts.desk_fingerprint} (this desk)")
    print(f"public key:  {facts.desk_public_key} (Ed25519)")
    print(f"kept in:     {facts.desk_key_kept} (docs/signing-keys.md: moving, backing it up)")
    if store:
        print(f"store:       {store} (publish this one; it certifies every desk)")
        for older in facts.store_fingerprints[:-1]:
            print(f"older store: {older}")
        if facts.revoked:
            print("certificate: REVOKED by the store key")
        elif facts.certified_by:
            print(f"certificate: by store key {facts.certified_by[-1]}")
        else:
            print(
                "certificate: waiting; it is made when the office (or whoever keeps the store "
                "key) runs 'inspector keys certify'"
            )
    else:
        print(
            "store:       none yet; the office makes it with 'inspector keys make-store-key' "
            "(docs/signing-keys.md)"
        )
    return 0


def cmd_keys_make_store(args: argparse.Namespace) -> int:
    from inspector.services.warehouse import make_store_key

    store, made = make_store_key(open_context(args), Path(args.out) if args.out else None)
    print(f"store key:   {store.path}")
    print(f"store:       {store.fingerprint} (publish this fingerprint)")
    print(f"certified:   {made} desk key(s)")
    return 0


def cmd_keys_certify(args: argparse.Namespace) -> int:
    from inspector.core.signing import fingerprint
    from inspector.services.warehouse import certify_desks

    made = certify_desks(open_context(args), Path(args.store_key) if args.store_key else None)
    for cert in made:
        body = cert["body"]
        print(
            f"certified:   {body['desk_name'] or body['desk_id']} "
            f"{fingerprint(body['desk_public_key'])} until {body['valid_until']}"
        )
    print(f"{len(made)} desk key(s) certified")
    return 0


def cmd_keys_store_ca(args: argparse.Namespace) -> int:
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from inspector.services.warehouse import store_ca_certificate

    pem = store_ca_certificate(open_context(args), Path(args.store_key) if args.store_key else None)
    digest = hashlib.sha256(x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER))
    hex_pairs = ":".join(digest.hexdigest().upper()[i : i + 2] for i in range(0, 64, 2))
    if args.out:
        Path(args.out).write_bytes(pem)
        print(f"store CA:    {args.out}")
        print(f"SHA-256:     {hex_pairs} (a PDF reader shows it; compare before trusting)")
    else:
        sys.stdout.write(pem.decode())
        print(f"SHA-256:     {hex_pairs}", file=sys.stderr)
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    from inspector.core.signing import fingerprint
    from inspector.services.warehouse import revoke_desk_keys

    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError as exc:
            raise ValidationError(
                f"--from {args.since!r} is not a time; write e.g. 2026-12-06T22:00:00+00:00."
            ) from exc
        if since.tzinfo is None:
            since = since.astimezone()
    made = revoke_desk_keys(
        open_context(args), args.desk, since, Path(args.store_key) if args.store_key else None
    )
    for statement in made:
        body = statement["body"]
        print(f"revoked:     {fingerprint(body['desk_public_key'])} from {body['valid_from']}")
    return 0


def _desk_exists(args: argparse.Namespace) -> bool:
    from inspector.core.storage import resolve_data_dir

    if getattr(args, "database", None) or os.environ.get("INSPECTOR_DATABASE_URL"):
        return True
    root = resolve_data_dir(args.data_dir)
    return (root / "inspector.db").is_file() or (root / "settings.json").is_file()


def _local_day(text: str | None, what: str, end: bool = False) -> datetime | None:
    day = parse_day_option(text, what)
    if day is None:
        return None
    if end:
        day += timedelta(days=1)
    local = datetime.combine(day, time(0)).astimezone()
    return local.astimezone(UTC)


def cmd_export_batch(args: argparse.Namespace) -> int:
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.core.errors import ValidationError
    from inspector.core.progress import run_with_progress
    from inspector.services.evidence import export_batch, read_order_list

    since = _local_day(args.since, "--since")
    until = _local_day(args.until, "--until", end=True)
    if args.orders is None and since is None and until is None:
        raise ValidationError("Choose what to export: --since/--until dates, or --orders FILE.")
    orders = read_order_list(Path(args.orders)) if args.orders else None
    ctx = open_context(args)
    ensure_text_rendering()
    summary = run_with_progress(
        export_batch(ctx, Path(args.out), since, until, orders, language=args.language),
        _progress_printer(True),
    )
    print(summary)
    import csv

    with open(summary, encoding="utf-8-sig", newline="") as fh:
        results = [r["result"] for r in csv.DictReader(fh)]
    return 0 if results and all(r == "exported" for r in results) else 1


def cmd_appeals_due(args: argparse.Namespace) -> int:
    from inspector.services.evidence import appeals_due

    rows = appeals_due(open_context(args, read_only=True))
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print("No rejected or disputed inspections.")
        return 0
    print(
        f"{'ID':>6}  {'order':20}  {'decision':8}  {'platform':10}  {'deadline (local)':16}  {'days':>5}  exported"
    )
    for r in rows:
        deadline = r.deadline.astimezone().strftime("%Y-%m-%d %H:%M") if r.deadline else "unknown"
        days = "" if r.days_left is None else str(r.days_left)
        print(
            f"{r.inspection_id:>6}  {r.order_number[:20]:20}  {r.decision:8}  {(platform_word(r.platform) if r.platform else '?')[:10]:10}  "
            f"{deadline:16}  {days:>5}  {'yes' if r.exported else 'no'}"
        )
    return 0
