"""Runs the named benchmarks, or all of them: python -m benchmarks [name ...] [--json FILE].

A benchmark is a module benchmarks/<name>.py with `run(args) -> dict` and, optionally,
`add_arguments(parser)` for its own options (prefix them with the module's name, so two
benchmarks never claim the same flag). Modules whose names start with an underscore are
helpers, not benchmarks. A result may carry "targets": a list of dicts with "target",
"status" ("PASS", "MISS", "SKIP" or "INFO", a figure judged by no target) and "measured"; they are summed up at the end.

When several benchmarks run, each runs in a fresh Python process, so one's memory, threads
and caches never show up in another's figures (peak memory above all).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import benchmarks

# Set in the child process that runs one benchmark for a parent running several.
CHILD_ENV = "INSPECTOR_BENCH_CHILD"


def available() -> list[str]:
    """Names of the benchmark modules in this package, in alphabetical order."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if not info.name.startswith("_")
    )


def load(name: str) -> ModuleType:
    """Import benchmarks.<name> and check it has a run() function."""
    module = importlib.import_module(f"benchmarks.{name}")
    if not callable(getattr(module, "run", None)):
        raise SystemExit(f"benchmarks/{name}.py has no run(args) function; it is not a benchmark.")
    return module


def build_parser(modules: dict[str, ModuleType], names: list[str]) -> argparse.ArgumentParser:
    """The command line: benchmark names, the shared options, then the loaded modules' options."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure the inspector's recording and data paths. Not part of the tests.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmarks to run (default: all): {', '.join(names)}",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    for module in modules.values():
        add_arguments = getattr(module, "add_arguments", None)
        if add_arguments is not None:
            add_arguments(parser)
    return parser


def summary_line(module: ModuleType) -> str:
    """The first line of a module's docstring, for --list."""
    return (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""


def write_json(path: Path, payload: dict) -> None:
    """Write the figures atomically, so a reader never sees half a file."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2, default=str)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_in_child(name: str, options: list[str]) -> dict:
    """Run one benchmark in a fresh interpreter with the same options; its result, or why it failed."""
    fd, tmp = tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".json")
    os.close(fd)
    try:
        code = subprocess.call(
            [sys.executable, "-m", "benchmarks", name, *options, "--json", tmp],
            env={**os.environ, CHILD_ENV: "1"},
        )
        if code != 0:
            return _failed(name, f"the benchmark process exited with status {code}")
        try:
            return json.loads(Path(tmp).read_text(encoding="utf-8"))["results"][name]
        except (OSError, ValueError, KeyError) as exc:
            return _failed(name, f"its figures could not be read back: {exc}")
    finally:
        Path(tmp).unlink(missing_ok=True)


def _failed(name: str, why: str) -> dict:
    print(f"\n{name} FAILED: {why}", flush=True)
    return {
        "error": why,
        "targets": [{"target": "runs to the end", "status": "MISS", "measured": why}],
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    names = available()
    # Import only the benchmarks asked for: another's imports would count in their memory.
    picked = [a for a in argv if a in names]
    modules = {name: load(name) for name in (picked or names)}
    parser = build_parser(modules, names)
    child = os.environ.get(CHILD_ENV) == "1"
    # A child gets every option of the run; those of the other benchmarks are not its business.
    args = parser.parse_known_args(argv)[0] if child else parser.parse_args(argv)
    if args.list:
        for name, module in modules.items():
            print(f"{name:12} {summary_line(module)}")
        return 0
    unknown = [n for n in args.names if n not in modules]
    if unknown:
        print(
            f"Unknown benchmark {', '.join(unknown)}; available: {', '.join(names)}.",
            file=sys.stderr,
        )
        return 2
    chosen = args.names or list(modules)
    results: dict[str, dict] = {}
    started = datetime.now(UTC)
    for name in chosen:
        if not child:
            print(f"\n=== {name}: {summary_line(modules[name])}\n", flush=True)
        t0 = time.monotonic()
        if len(chosen) == 1:
            results[name] = modules[name].run(args)
        else:
            results[name] = run_in_child(name, [a for a in argv if a not in names])
        if not child:
            print(f"\n({name} took {time.monotonic() - t0:.0f} s)", flush=True)
    if child and args.json:
        write_json(args.json, {"results": results})
        return 0

    targets = [(name, t) for name, result in results.items() for t in result.get("targets", [])]
    if targets:
        print("\n=== Targets\n")
        for name, t in targets:
            print(f"{t['status']:4}  {name}: {t['target']} — {t['measured']}")
    if args.json:
        write_json(
            args.json,
            {"started_at": started.isoformat(), "argv": sys.argv[1:], "results": results},
        )
        print(f"\nFigures written to {args.json}")
    missed = any(t["status"] == "MISS" for _, t in targets)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
