"""Subcommands for the desk: how a scanned code is routed, and the operators list."""

from __future__ import annotations

import argparse

from inspector.cli import open_context, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "route",
        help="show what scanned codes are taken for, and why (an imported order's return, "
        "a product, a badge, a waybill, or a question for the desk)",
    )
    p.add_argument("codes", nargs="+", help="one or more scanned codes")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_route)

    p = sub.add_parser("operators", help="list, add or retire operators and their badges")
    ops = p.add_subparsers(dest="action", metavar="ACTION")
    q = ops.add_parser("list", help="list operators")
    q.add_argument("--all", action="store_true", help="include those who have left")
    q.add_argument("--json", action="store_true", help="print a JSON array")
    q.set_defaults(func=cmd_operators_list)
    q = ops.add_parser("add", help="add an operator, or change their badge")
    q.add_argument("name")
    q.add_argument("--badge", default="", help="the code on their badge")
    q.set_defaults(func=cmd_operators_add)
    q = ops.add_parser("retire", help="mark an operator as having left")
    q.add_argument("name")
    q.set_defaults(func=cmd_operators_retire)
    p.set_defaults(func=cmd_operators_list, all=False, json=False)


def cmd_route(args: argparse.Namespace) -> int:
    from inspector.services.scan_routing import route_codes

    routes = route_codes(open_context(args), args.codes)
    if args.json:
        print_json([r.to_json() for r in routes])
        return 0
    for r in routes:
        print(f"{r.raw}\t{_decision(r)}\t{r.reason}")
    return 0


def _decision(r) -> str:
    """What the desk does with a route, in a few words."""
    from inspector.core.scan_routing import ScanKind

    if r.kind is ScanKind.RETURN:
        courier = f", waybill {r.courier_number}" if r.courier_number else ""
        return f"record order {r.order_number}{courier}"
    if r.kind is ScanKind.COURIER:
        return f"record waybill ({r.rule})"
    if r.kind is ScanKind.ORDER:
        return f"order number ({r.rule})"
    if r.kind is ScanKind.PRODUCT:
        return f"product {r.product.sku} (nothing started)"
    return {
        ScanKind.OPERATOR: "operator badge",
        ScanKind.UNKNOWN_PRODUCT: "unknown product (nothing started)",
        ScanKind.ASK: "ask: order number, waybill or ignore",
        ScanKind.IGNORE: "ignored (desk rule)",
    }[r.kind]


def cmd_operators_list(args: argparse.Namespace) -> int:
    from inspector.services.operators import list_operators

    rows = list_operators(open_context(args), include_inactive=args.all)
    if args.json:
        print_json([{"name": o.name, "badge": o.badge, "active": o.active} for o in rows])
        return 0
    if not rows:
        print("No operators yet. Add one with: inspector operators add NAME --badge CODE")
    for o in rows:
        print(f"{o.name}\t{o.badge or '-'}\t{'working' if o.active else 'left'}")
    return 0


def cmd_operators_add(args: argparse.Namespace) -> int:
    from inspector.services.operators import save_operator

    op = save_operator(open_context(args), args.name, args.badge)
    print(f"Saved {op.name}" + (f" with badge {op.badge}" if op.badge else ""))
    return 0


def cmd_operators_retire(args: argparse.Namespace) -> int:
    from inspector.services.operators import set_active

    op = set_active(open_context(args), args.name, False)
    print(f"{op.name} is marked as having left; their inspections keep their name.")
    return 0
