"""The command line: the same services as the station window, for scripts, tests and support.

Each area registers its subcommands from its own module; `inspector` alone opens the GUI.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from inspector import __version__
from inspector.core.errors import InspectorError, ValidationError

if TYPE_CHECKING:
    from inspector.services.context import AppContext

# What a shell reports for a program that SIGPIPE ended (128 + 13), as `head` users expect.
EXIT_BROKEN_PIPE = 141

Registrar = Callable[[argparse._SubParsersAction], None]


def _registrars() -> list[Registrar]:
    import inspector.cli.desk as desk
    from inspector.cli import browse, evidence, guided, maintenance, packing, recording, warehouse

    return [
        recording.register,
        packing.register,
        maintenance.register,
        evidence.register,
        browse.register,
        guided.register,
        desk.register,
        warehouse.register,
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector",
        description="Return Inspection Station. With no command, opens the station window.",
    )
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    parser.add_argument(
        "--data-dir",
        help="data directory (default: INSPECTOR_DATA_DIR, else the platform's user data folder)",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="join a warehouse: postgresql://user@server:5432/database (default: "
        "INSPECTOR_DATABASE_URL, else the desk's setting, else the data folder's own database)",
    )
    parser.add_argument(
        "--shared-videos",
        metavar="DIR",
        help="the warehouse's shared video folder (default: INSPECTOR_SHARED_VIDEOS, else the "
        "desk's setting, else videos stay on this desk)",
    )
    parser.add_argument("--verbose", action="store_true", help="log debug detail")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _registrars():
        register(sub)
    review = sub.add_parser(
        "review",
        help="open the reviewer's window of an office PC: Browse, Appeals due, exports and "
        "verification, no camera and no recording",
    )
    review.set_defaults(func=cmd_gui)
    return parser


def open_context(args: argparse.Namespace, read_only: bool = False) -> AppContext:
    """Open the data directory the global options name, with logging to its log file.

    `read_only`: for commands that only look; the folder and its database are not written
    (no migration, no log file), so they work on a read-only copy too.
    """
    from inspector.core.logs import log_dir_for, setup_logging
    from inspector.services.context import AppContext

    if read_only:
        ctx = AppContext.open_for_reading(args.data_dir, args.database)
    else:
        ctx = AppContext.open(args.data_dir, args.database)
    ctx.shared_videos_option = getattr(args, "shared_videos", None)
    if not ctx.read_only:
        setup_logging(log_dir_for(ctx.storage.root), args.verbose)
        # Records whose videos ended while the database was away complete by themselves.
        ctx.complete_kept_records()
    return ctx


def parse_day_option(text: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option as a date; ValidationError for a malformed or implausible one.

    Years outside EARLIEST_YEAR…LATEST_YEAR (0001-01-01, 9999-12-31) are typing slips and
    overflow when turned into the station's local time.
    """
    from inspector.core.csvfiles import EARLIEST_YEAR, LATEST_YEAR

    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD.") from exc
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(
            f"{option} {text} is not a plausible day; give one between "
            f"{EARLIEST_YEAR}-01-01 and {LATEST_YEAR}-12-31."
        )
    return day


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def cmd_gui(args: argparse.Namespace) -> int:
    from inspector.ui.app import run_gui

    office = getattr(args, "command", None) == "review"
    return run_gui(args.data_dir, args.database, args.shared_videos, office=office)


class _ShownOnTerminal:
    """stdout on a terminal, with control characters taken out of everything printed.

    Codes and notes written before they were checked (or by another desk's older version)
    may hold ESC or a right-to-left override: printed raw, ESC sequences drive the terminal
    and U+202E reverses what follows. A pipe or file gets the stored text unchanged.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from inspector.core.csvfiles import strip_controls

        return self._stream.write(strip_controls(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if sys.stdout is not None and sys.stdout.isatty():
        sys.stdout = _ShownOnTerminal(sys.stdout)  # type: ignore[assignment]
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    try:
        code = func(args)
        sys.stdout.flush()  # here, so a reader that went away is noticed inside the try
        return code
    except BrokenPipeError:
        # `inspector list | head`: the reader has all it wanted. Python would otherwise print
        # a traceback, and another one when it flushes stdout at exit (Python's signal docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except InspectorError as exc:
        print(f"inspector: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("inspector: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        from inspector.core.database import corruption_in

        # A damaged page found outside a session (most are caught there, naming the file).
        corrupt = corruption_in(exc, None)
        if corrupt is None:
            raise
        print(f"inspector: {corrupt}", file=sys.stderr)
        return corrupt.exit_code
