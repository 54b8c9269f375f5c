"""Subcommands for the guided inspection: products, orders, expected-returns, lookup, policy,
inspect, decide, show. The whole flow can be scripted without a window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inspector.cli import open_context, print_json
from inspector.core.errors import ValidationError
from inspector.core.order_layouts import MAPPABLE_FIELDS, ColumnMapping
from inspector.i18n.vocabulary import Decision, answer_words, platform_word

_OUTCOME_CHOICES = tuple(str(d) for d in Decision if d != Decision.PENDING)  # sign, reject, dispute


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("products", help="the store's product catalog: import, list, export")
    psub = p.add_subparsers(dest="products_command", metavar="ACTION", required=True)
    q = psub.add_parser("import", help="create or update products from a CSV (docs/csv-formats.md)")
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_products_import)
    q = psub.add_parser("list", help="list products")
    q.add_argument("--json", action="store_true", help="print a JSON array")
    q.set_defaults(func=cmd_products_list)
    q = psub.add_parser("export", help="write the catalog as CSV, photos in a folder beside it")
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_products_export)

    p = sub.add_parser("orders", help="the shop's orders: import, list")
    osub = p.add_subparsers(dest="orders_command", metavar="ACTION", required=True)
    q = osub.add_parser(
        "import",
        help="create or update orders from a platform export (Taobao, Amazon, Shopee, Lazada, "
        "Meesho …) or the app's CSV; docs/order-imports.md",
    )
    q.add_argument("file", type=Path, help="CSV, tab-separated text, .xlsx or .xls")
    how = q.add_mutually_exclusive_group()
    how.add_argument("--preset", metavar="NAME", help="read the columns with a saved mapping")
    how.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="for a layout the app does not know: which column holds a field (repeat); fields: "
        + ", ".join(MAPPABLE_FIELDS),
    )
    q.add_argument(
        "--platform",
        default="",
        help="whose export it is, when its columns do not tell (the app says when)",
    )
    q.add_argument(
        "--date-order",
        choices=("DMY", "MDY", "dmy", "mdy"),
        default="",
        help="how dates like 03/11/2026 are written, when the file does not tell (the app says when)",
    )
    q.add_argument(
        "--guess",
        action="store_true",
        help="print what each column is taken to mean, and whose export it is; import nothing",
    )
    q.add_argument("--save-preset", metavar="NAME", help="with --map: keep the mapping under NAME")
    q.add_argument("--json", action="store_true", help="print the result as JSON")
    q.set_defaults(func=cmd_orders_import)
    q = osub.add_parser("presets", help="the saved column mappings for order imports")
    q.set_defaults(func=cmd_orders_presets)
    q = osub.add_parser("list", help="list orders")
    q.add_argument("--json", action="store_true", help="print a JSON array")
    q.set_defaults(func=cmd_orders_list)

    p = sub.add_parser(
        "expected-returns",
        help="returns requested and not yet inspected; how long each courier number is missing",
    )
    p.add_argument(
        "--remind",
        metavar="ORDER",
        help="print today's message asking the buyer of ORDER for the return waybill, in the "
        "platform's language, and log it with its time (see 'inspector timeline ORDER')",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_expected_returns)

    p = sub.add_parser(
        "lookup",
        help="what a scanned order number or waybill means: the order and what was shipped",
    )
    p.add_argument("code")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_lookup)

    p = sub.add_parser("policy", help="per-platform outcomes for failed checks, and claim windows")
    polsub = p.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    q = polsub.add_parser("list", help="the policy in force for each platform")
    q.add_argument("--json", action="store_true", help="print a JSON array")
    q.set_defaults(func=cmd_policy_list)
    q = polsub.add_parser("set", help="set the store's own policy for a platform ('*' = default)")
    q.add_argument("platform")
    q.add_argument("--identity-fail", choices=_OUTCOME_CHOICES, help="when the item is not ours")
    q.add_argument("--damaged", choices=_OUTCOME_CHOICES, help="when the item is damaged")
    q.add_argument("--incomplete", choices=_OUTCOME_CHOICES, help="when parts are missing")
    q.add_argument("--claim-days", type=int, help="days from arrival to file a claim or appeal")
    q.add_argument("--note", help="a note shown with the policy")
    q.set_defaults(func=cmd_policy_set)
    q = polsub.add_parser("reset", help="go back to the built-in policy for a platform")
    q.add_argument("platform")
    q.set_defaults(func=cmd_policy_reset)

    p = sub.add_parser(
        "inspect",
        help="show an inspection's checklist, or answer its steps",
        description="Answer steps by key (e.g. seal, 1.sticker) or number. Each answer is "
        "bookmarked in the video: by --at, or by the clock while the inspection records.",
    )
    p.add_argument("id", type=int, help="the inspection number")
    p.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="STEP=pass|fail|na[:note]",
        help="answer a step; repeat for more",
    )
    p.add_argument(
        "--value",
        action="append",
        default=[],
        metavar="STEP=CODE",
        help="the serial or batch code read for a step answered in the same command",
    )
    p.add_argument(
        "--photo",
        action="append",
        default=[],
        metavar="STEP=IMAGE",
        help="attach an image file to a step answered in the same command",
    )
    p.add_argument(
        "--returned-serial",
        action="append",
        default=[],
        metavar="SKU=SERIAL",
        help="a serial read on the returned item (SKU or product barcode); compared with the "
        "order's packing, else with what the platform's export says was shipped",
    )
    p.add_argument("--at", type=float, help="the video offset in seconds for these answers")
    p.add_argument("--operator", help="who answers (default: the station's operator)")
    p.add_argument("--json", action="store_true", help="print the steps as JSON")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("decide", help="record the decision: sign, reject or dispute")
    p.add_argument("id", type=int, help="the inspection number")
    p.add_argument("outcome", choices=_OUTCOME_CHOICES)
    p.add_argument("--reason", default="", help="required when going against the recommendation")
    p.add_argument("--operator", help="who decides (default: the station's operator)")
    p.add_argument(
        "--yes",
        action="store_true",
        help="decide even though identity steps are unanswered (asked otherwise)",
    )
    p.add_argument("--json", action="store_true", help="print the inspection as JSON")
    p.set_defaults(func=cmd_decide)

    p = sub.add_parser("show", help="an inspection with its checklist, recommendation and decision")
    p.add_argument("id", type=int, help="the inspection number")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_show)


# --- catalog and orders --------------------------------------------------------------------


def cmd_products_import(args: argparse.Namespace) -> int:
    from inspector.services.guided import import_products

    r = import_products(open_context(args), args.file)
    print(f"Imported {r.rows} products from {r.path}: {r.created} new, {r.updated} updated.")
    return 0


def cmd_products_list(args: argparse.Namespace) -> int:
    from inspector.services.guided import list_products

    products = list_products(open_context(args))
    if args.json:
        print_json([p.to_json() for p in products])
        return 0
    if not products:
        print("No products. Import some with 'inspector products import FILE.csv'.")
        return 0
    for p in products:
        checks = []
        if p.sticker or p.serial_format or p.serial_from:
            rng = f" {p.serial_from}…{p.serial_to}" if p.serial_from else ""
            checks.append(f"sticker{rng}")
        for label, items in (
            ("marks", p.hidden_marks),
            ("tags", p.hang_tags),
            ("packaging", p.packaging),
            ("accessories", p.accessories),
        ):
            if items:
                checks.append(f"{len(items)} {label}")
        if p.batch_code_format:
            checks.append(f"batch {p.batch_code_format}")
        print(f"{p.sku:20}  {p.name[:40]:40}  {len(p.photos)} photo(s)  {', '.join(checks)}")
    return 0


def cmd_products_export(args: argparse.Namespace) -> int:
    from inspector.services.guided import export_products

    n = export_products(open_context(args), args.file)
    print(f"Exported {n} products to {args.file}.")
    return 0


def cmd_orders_import(args: argparse.Namespace) -> int:
    from inspector.core.order_layouts import parse_map_options
    from inspector.services.order_imports import (
        guess_orders_file,
        import_orders,
        save_order_preset,
    )

    if args.guess:
        found = guess_orders_file(args.file, args.platform)
        if found is None:
            print(
                f"{args.file}: no row of the first 20 has a column the app reads as the order "
                "number; map the columns with --map order_number=COLUMN … (nothing imported)."
            )
            return 2
        print("\n".join(found.describe()))
        print("Nothing imported (--guess).")
        return 0
    ctx = open_context(args)
    mapping = None
    if args.map:
        mapping = parse_map_options(args.map, args.platform, args.save_preset or "")
        if args.date_order:
            mapping = ColumnMapping(
                mapping.columns, mapping.platform, mapping.name, args.date_order.upper()
            )
    elif args.save_preset:
        raise ValidationError("--save-preset goes with --map FIELD=COLUMN.")
    r = import_orders(
        ctx,
        args.file,
        mapping=mapping,
        preset=args.preset,
        platform=args.platform if mapping is None else "",
        date_order=args.date_order,
    )
    if mapping is not None and args.save_preset:
        save_order_preset(ctx, mapping)
    if args.json:
        print_json(
            {
                "file": str(r.path),
                "layout": r.layout,
                "layout_name": r.layout_name,
                "created": r.created,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "lines": r.lines,
                "courier_numbers_added": r.courier_numbers_added,
                "outbound_waybills_added": r.outbound_waybills_added,
                "platform": r.platform,
                "skipped_rows": r.skipped_rows,
                "blank_rows": r.blank_rows,
                "unknown_skus": list(r.unknown_skus),
                "warnings": [str(w) for w in r.warnings],
            }
        )
        return 0
    print(f"{r.summary()} ({r.path.name}, {r.lines} lines written).")
    if mapping is not None and args.save_preset:
        print(f"Saved the mapping as preset {args.save_preset!r}: next time use --preset.")
    return 0


def cmd_orders_presets(args: argparse.Namespace) -> int:
    from inspector.services.order_imports import order_presets

    presets = order_presets(open_context(args))
    if not presets:
        print("No presets. Save one with 'orders import FILE --map … --save-preset NAME'.")
    for p in presets.values():
        columns = ", ".join(f"{f}={c}" for f, c in p.columns.items())
        platform = f" platform={p.platform}" if p.platform else ""
        print(f"{p.name}:{platform} {columns}")
    return 0


def _date(d: object) -> str:
    return d.isoformat() if d is not None else "-"  # type: ignore[attr-defined]


def cmd_orders_list(args: argparse.Namespace) -> int:
    from inspector.services.guided import list_orders

    orders = list_orders(open_context(args))
    if args.json:
        out = []
        for o in orders:
            out.append(
                {
                    "order_number": o.order_number,
                    "platform": o.platform,
                    "buyer": o.buyer,
                    "ship_date": _date(o.ship_date) if o.ship_date else None,
                    "return_requested_on": _date(o.return_requested_on)
                    if o.return_requested_on
                    else None,
                    "return_courier": o.return_courier,
                    "courier_supplied_on": _date(o.courier_supplied_on)
                    if o.courier_supplied_on
                    else None,
                    "courier_supplied_at": o.courier_supplied_at.isoformat()
                    if o.courier_supplied_at
                    else None,
                    "return_carrier": o.return_carrier,
                    "return_reason": o.return_reason,
                    "lines": [
                        {
                            "line_no": ln.line_no,
                            "sku": ln.sku,
                            "quantity": ln.quantity,
                            "serials": ln.serials,
                        }
                        for ln in o.lines
                    ],
                }
            )
        print_json(out)
        return 0
    if not orders:
        print("No orders. Import the shop's export with 'inspector orders import FILE.csv'.")
        return 0
    print(
        f"{'order':22}  {'platform':10}  {'buyer':16}  {'shipped':10}  {'return':10}  {'courier':18}  items"
    )
    for o in orders:
        items = ", ".join(f"{ln.quantity}×{ln.sku}" for ln in o.lines)
        print(
            f"{o.order_number[:22]:22}  {platform_word(o.platform)[:10]:10}  {o.buyer[:16]:16}  {_date(o.ship_date):10}  "
            f"{_date(o.return_requested_on):10}  {(o.return_courier or '-')[:18]:18}  {items}"
        )
    return 0


def cmd_expected_returns(args: argparse.Namespace) -> int:
    from inspector.services.guided import expected_returns

    if args.remind:
        from inspector.services.order_story import remind_buyer

        reminder = remind_buyer(open_context(args), args.remind)
        if args.json:
            print_json(reminder.to_json())
        else:
            print(reminder.message)
            print(
                f"(logged at {reminder.at.astimezone():%Y-%m-%d %H:%M:%S %z}; "
                f"{reminder.earlier} earlier reminder(s))",
                file=sys.stderr,
            )
        return 0
    rows = expected_returns(open_context(args))
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print("No returns expected.")
        return 0
    print(f"{'order':22}  {'platform':10}  {'buyer':16}  {'requested':10}  courier number")
    for r in rows:
        courier = (
            r.return_courier
            if r.return_courier
            else f"MISSING for {r.days_courier_missing} day(s): chase the buyer"
            if r.days_courier_missing is not None
            else "MISSING"
        )
        print(
            f"{r.order_number[:22]:22}  {platform_word(r.platform)[:10]:10}  {r.buyer[:16]:16}  "
            f"{_date(r.return_requested_on):10}  {courier}"
        )
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    from inspector.services.guided import look_up_code

    found = look_up_code(open_context(args), args.code)
    if args.json:
        print_json(found.to_json())
        return 0
    print(found.message)
    if found.order:
        for ln in found.order.lines:
            serials = f"  shipped {', '.join(ln.serials)}" if ln.serials else ""
            print(f"  {ln.line_no}. {ln.quantity}× {ln.name} ({ln.sku}){serials}")
            for photo in ln.photos:
                print(f"       photo: {photo}")
    return 0 if found.order else 1


# --- policy --------------------------------------------------------------------------------


def _print_policies(policies: list) -> None:
    print(
        f"{'platform':10}  {'not ours':8}  {'damaged':8}  {'missing':8}  {'claim days':>10}  note"
    )
    for p in policies:
        mark = "" if p.is_default else " (store's)"
        print(
            f"{platform_word(p.platform):10}  {p.identity_fail:8}  {p.damaged:8}  {p.incomplete:8}  "
            f"{p.claim_window_days:>10}  {p.note}{mark}"
        )


def cmd_policy_list(args: argparse.Namespace) -> int:
    from inspector.services.guided import list_policies

    policies = list_policies(open_context(args))
    if args.json:
        print_json([p.to_json() for p in policies])
    else:
        _print_policies(policies)
    return 0


def cmd_policy_set(args: argparse.Namespace) -> int:
    from inspector.services.guided import set_policy

    p = set_policy(
        open_context(args),
        args.platform,
        args.identity_fail,
        args.damaged,
        args.incomplete,
        args.claim_days,
        args.note,
    )
    _print_policies([p])
    return 0


def cmd_policy_reset(args: argparse.Namespace) -> int:
    from inspector.services.guided import reset_policy

    _print_policies([reset_policy(open_context(args), args.platform)])
    return 0


# --- inspection ----------------------------------------------------------------------------


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out = {}
    for item in items:
        step, sep, value = item.partition("=")
        if not sep or not step.strip():
            raise ValidationError(
                f"{option} {item!r}: write STEP=VALUE, e.g. {option} 1.sticker=..."
            )
        out[step.strip().lower()] = value
    return out


def _offset(step) -> str:
    if step.video_offset_s is None:
        return ""
    part = f" part {step.segment}" if step.segment and step.segment > 1 else ""
    minutes, seconds = divmod(step.video_offset_s, 60)
    return f"@{int(minutes):02d}:{seconds:05.2f}{part}"


def _print_steps(steps: list) -> None:
    for s in steps:
        line = f"{s.seq:>3}. [{answer_words(s.result).terminal:4}] {s.key:12} {s.title}"
        if s.result is not None:
            extra = [x for x in (_offset(s), s.value, s.note) if x]
            if s.value_problem:
                extra.append(f"PROBLEM: {s.value_problem}")
            if s.photo:
                extra.append(f"photo {s.photo}")
            if extra:
                line += "  — " + "; ".join(extra)
        print(line)


def cmd_inspect(args: argparse.Namespace) -> int:
    from inspector.services.guided import answer_step, checklist, next_step

    ctx = open_context(args)
    values = _pairs(args.value, "--value")
    photos = _pairs(args.photo, "--photo")
    answers: list[tuple[str, str, str]] = []
    for item in args.answer:
        step, sep, rest = item.partition("=")
        result, _, note = rest.partition(":")
        if not sep or not step.strip() or not result.strip():
            raise ValidationError(f"--answer {item!r}: write STEP=pass, STEP=fail:note or STEP=na.")
        answers.append((step.strip().lower(), result.strip(), note))
    answered = {a[0] for a in answers}
    for option, given in (("--value", values), ("--photo", photos)):
        for step in given:
            if step not in answered:
                raise ValidationError(f"{option} {step}=…: answer step {step} with --answer too.")
    actor = args.operator or ""
    returned = []
    for item in args.returned_serial:
        sku, sep, serial = item.partition("=")
        if not sep or not sku.strip() or not serial.strip():
            raise ValidationError(
                f"--returned-serial {item!r}: write SKU=SERIAL, e.g. TS-001=AC-000555."
            )
        returned.append((sku.strip(), serial.strip()))
    if returned:
        from inspector.services.packing import record_returned_serial

        for sku, serial in returned:
            seen = record_returned_serial(ctx, args.id, sku, serial, args.at, actor)
            if not args.json:
                print(("! " if seen.finding else "") + seen.message)
    unmarked = []
    for step, result, note in answers:
        view = answer_step(
            ctx,
            args.id,
            step,
            result,
            note=note,
            value=values.get(step, ""),
            photo_file=Path(photos[step]) if step in photos else None,
            video_offset_s=args.at,
            actor=actor,
        )
        if view.video_offset_s is None:
            unmarked.append(view.key)
    if unmarked:
        print(
            f"No video bookmark for {', '.join(unmarked)}: the recording is not running; "
            "give --at SECONDS to mark where in the video it was checked.",
            file=sys.stderr,
        )
    steps = checklist(ctx, args.id)
    if args.json:
        print_json([s.to_json() for s in steps])
        return 0
    _print_steps(steps)
    nxt = next_step(steps)
    print(f"Next: {nxt.key} — {nxt.title}" if nxt else "All steps answered: decide.")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from inspector.core.decision import IdentityStepsUnanswered
    from inspector.services.guided import decide

    ctx = open_context(args)
    try:
        detail = decide(ctx, args.id, args.outcome, args.reason, args.operator or "", args.yes)
    except IdentityStepsUnanswered as exc:
        if not sys.stdin.isatty():
            raise ValidationError(f"{exc} Add --yes to decide anyway.") from exc
        reply = input(f"{exc}\nDecide {args.outcome} anyway? [y/N] ").strip().lower()
        if reply not in ("y", "yes"):
            print("Not decided.")
            return 1
        detail = decide(ctx, args.id, args.outcome, args.reason, args.operator or "", True)
    if args.json:
        print_json(detail.to_json())
        return 0
    _print_decision(detail)
    return 0


def _print_decision(d, with_reasons: bool = True) -> None:
    print(f"Decision: {d.decision.upper()}   (recommended then: {d.recommended_decision or '-'})")
    if with_reasons:
        for reason in d.decision_reasons:
            print(f"  - {reason}")
    if d.override_reason:
        print(f"  Overridden: {d.override_reason}")
    if d.decided_at:
        print(f"  by {d.decided_by or '?'} at {d.decided_at.astimezone():%Y-%m-%d %H:%M:%S %z}")


def cmd_show(args: argparse.Namespace) -> int:
    from inspector.services.guided import show

    d = show(open_context(args, read_only=True), args.id)
    if args.json:
        print_json(d.to_json())
        return 0
    s = d.summary
    print(f"Inspection {s.id}  order {s.order}  courier {s.courier or '-'}  {s.status}")
    print(
        f"  arrived {d.arrived_at.astimezone():%Y-%m-%d %H:%M:%S %z}" if d.arrived_at else "",
        f" station {s.station or '-'}  operator {s.operator or '-'}",
        sep="",
    )
    print(f"  video {s.video_path or '-'} ({s.duration_s:.1f} s)")
    for cam in s.camera_streams:
        for kept in cam["streams"]:
            note = f"; {kept['note']}" if kept["note"] else ""
            print(
                f"  camera {cam['camera']}'s own video {kept['path']} ({kept['width']}×"
                f"{kept['height']}, {kept['duration_s']:.1f} s{note})"
            )
    if d.order:
        o = d.order
        print(
            f"  order on {platform_word(o.platform)}, buyer {o.buyer or '?'}, shipped {_date(o.ship_date)}"
        )
        for ln in o.lines:
            serials = f"  shipped {', '.join(ln.serials)}" if ln.serials else ""
            print(f"    {ln.line_no}. {ln.quantity}× {ln.name} ({ln.sku}){serials}")
    print(f"  courier number: {d.courier_timing.replace('_', ' ')}")
    if d.packing:
        pk = d.packing
        packed = ", ".join(f"{i.sku} {i.serial}".strip() for i in pk.items) or "no items scanned"
        print(
            f"  packed on camera: packing {pk.id} at "
            f"{pk.started_at.astimezone():%Y-%m-%d %H:%M:%S %z} ({packed}); video {pk.video_path}"
        )
    for f in d.findings:
        print(f"  ! {f.words()}")
    for w in d.warnings:
        print(f"  ! {w}")
    print("Checklist:")
    _print_steps(d.steps)
    rec = d.recommendation
    print(f"Recommendation: {rec.outcome.upper()} (policy for {platform_word(d.policy.platform)})")
    for r in list(rec.reasons) + list(rec.notes):
        print(f"  - {r}")
    if d.decision != "pending":
        # Reasons are repeated only when the answers changed after the decision.
        _print_decision(d, d.decision_reasons != list(rec.reasons) + list(rec.notes))
    else:
        print("Decision: pending")
    return 0
