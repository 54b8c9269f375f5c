"""Subcommands for the warehouse's own settings, kept in its database and set from the office."""

from __future__ import annotations

import argparse

from inspector.cli import open_context, print_json


def register(sub: argparse._SubParsersAction) -> None:
    from inspector.core.warehouse import WAREHOUSE_SETTINGS

    keys = ", ".join(s.key for s in WAREHOUSE_SETTINGS)
    p = sub.add_parser(
        "warehouse",
        help="the warehouse's settings (shared-folder owner, retention, TSA, daily backup), "
        "set from the office for every desk",
    )
    cmds = p.add_subparsers(dest="warehouse_command", required=True)
    show = cmds.add_parser("show", help="the warehouse's settings and each desk's overrides")
    show.add_argument("--json", action="store_true", help="print one JSON list")
    show.set_defaults(func=cmd_show)
    put = cmds.add_parser("set", help=f"set one: {keys}")
    put.add_argument("key")
    put.add_argument("value", help="the value; a desk's name or id for *_owner and *_desk")
    put.add_argument("--desk", default="", help="only for this desk (name or id): an override")
    put.set_defaults(func=cmd_set)
    unset = cmds.add_parser("unset", help="remove a setting or a desk's override")
    unset.add_argument("key")
    unset.add_argument("--desk", default="", help="the desk whose override goes (name or id)")
    unset.set_defaults(func=cmd_unset)


def cmd_show(args: argparse.Namespace) -> int:
    from inspector.core.warehouse import WAREHOUSE_SETTINGS
    from inspector.services.warehouse import warehouse_settings

    rows = warehouse_settings(open_context(args))
    if args.json:
        print_json(
            [
                {
                    "key": r.key,
                    "desk_id": r.desk_id or None,
                    "value": r.value,
                    "updated_at": r.updated_at.isoformat(),
                    "updated_by": r.updated_by,
                }
                for r in rows
            ]  # fmt: skip
        )
        return 0
    by_key = {(r.key, r.desk_id): r for r in rows}
    for spec in WAREHOUSE_SETTINGS:
        row = by_key.get((spec.key, ""))
        shown = repr(row.value) if row is not None else "(each desk's own setting)"
        print(f"{spec.key:20} {shown}  — {spec.help}")
        for r in rows:
            if r.key == spec.key and r.desk_id:
                print(f"{'':20} desk {r.desk_id}: {r.value!r}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from inspector.services.warehouse import set_warehouse_setting

    value = set_warehouse_setting(open_context(args), args.key, args.value, args.desk)
    print(f"{args.key} = {value!r}{' for desk ' + args.desk if args.desk else ''}")
    return 0


def cmd_unset(args: argparse.Namespace) -> int:
    from inspector.services.warehouse import set_warehouse_setting

    set_warehouse_setting(open_context(args), args.key, None, args.desk)
    print(f"{args.key} removed{' for desk ' + args.desk if args.desk else ''}")
    return 0
