"""Search: every kind of browse search on SQLite and PostgreSQL side by side, at 100k and 1M.

One archive of demo inspections per size and database kind (the same seed, so the same
numbers): SQLite in a data folder kept under --search-cache, PostgreSQL in a throwaway
server on 127.0.0.1 (tests/pg_server.py; or --search-pg-url for a server of your own,
whose database is empty, or filled by an earlier run of the same size). Each search is
the browse service's first page, newest first, as the browse view asks for it after typing:

* prefix: the first 4–8 characters of an order number (what a person types);
* courier: a whole courier number, as a prefix (a scan into the search box);
* first_key: one character, the least selective prefix;
* exact: find_by_code, as a scan + Enter does;
* contains: the last six digits of a courier number; contains_3: its last three
  (very common); contains_order: six characters from the middle of an order number;
  contains_none: a part no number has (without an index, the slowest of all).

Target: p95 ≤ 20 ms for every kind. --search-quick measures 20,000 inspections only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._tables import markdown_table

TARGET_P95_MS = 20.0
CACHE_VERSION = "1"
KINDS = (
    "prefix",
    "courier",
    "first_key",
    "exact",
    "contains",
    "contains_3",
    "contains_order",
    "contains_none",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the search benchmark."""
    group = parser.add_argument_group("search")
    group.add_argument(
        "--search-sizes", default="100000,1000000", help="archive sizes (default 100000,1000000)"
    )
    group.add_argument("--search-queries", type=int, default=200, help="searches of each kind")
    group.add_argument(
        "--search-quick", action="store_true", help="20,000 inspections, 50 searches of each kind"
    )
    group.add_argument(
        "--search-databases",
        default="sqlite,postgresql",
        help="which kinds to measure (default sqlite,postgresql)",
    )
    group.add_argument(
        "--search-pg-url",
        help="a database on your own server: empty (it is filled), or holding the one size "
        "measured from an earlier run (measured as it is, after the upgrade at open)",
    )
    group.add_argument(
        "--search-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "inspector-bench-search",
        help="where the SQLite archives are kept between runs",
    )


def _fill(ctx: Any, size: int) -> float:
    from inspector.services.demo_data import generate_demo_data

    t0 = time.monotonic()
    for _ in generate_demo_data(ctx, size, seed=7, checklists=0):
        pass
    with ctx.db.engine.begin() as conn:
        # Steady state: a server's autovacuum has analysed the table; SQLite's optimize at
        # close does the same for a desk.
        conn.exec_driver_sql("ANALYZE")
    return time.monotonic() - t0


def _held(ctx: Any) -> int:
    """How many inspections a database holds already."""
    import sqlalchemy as sa

    with ctx.db.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM inspection")).scalar() or 0)


def _sqlite_archive(cache: Path, size: int) -> Any:
    from inspector.services.context import AppContext

    folder = cache / f"n{size}"
    stamp = folder / ".bench-complete"
    if not (stamp.is_file() and stamp.read_text() == CACHE_VERSION):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        ctx = AppContext.open(folder)
        print(f"  sqlite: generating {size:,} inspections (once)…", flush=True)
        spent = _fill(ctx, size)
        print(f"  sqlite: generated in {spent:.0f} s", flush=True)
        ctx.close()
        stamp.write_text(CACHE_VERSION)
    return AppContext.open(folder)


def _queries(ctx: Any, n: int) -> dict[str, list[Any]]:
    import sqlalchemy as sa

    from inspector.services.browse import BrowseFilter, Match

    rng = random.Random(11)
    with ctx.db.engine.connect() as conn:
        top = conn.execute(sa.text("SELECT max(id) FROM inspection")).scalar()
        ids = sorted({rng.randint(1, top) for _ in range(n * 2)})[: n * 2]
        picked = conn.execute(
            sa.select(sa.column("order_number"), sa.column("courier_number"))
            .select_from(sa.table("inspection"))
            .where(sa.column("id").in_(ids))
        ).all()
    rng.shuffle(picked)
    picked = (picked * (n // max(1, len(picked)) + 1))[:n]
    F, M = BrowseFilter, Match
    return {
        "prefix": [F(text=o[: rng.randint(4, 8)]) for o, _c in picked],
        "courier": [F(text=c) for _o, c in picked],
        "first_key": [F(text=o[:1]) for o, _c in picked],
        "exact": [c for _o, c in picked],
        "contains": [F(text=c[-6:], match=M.CONTAINS) for _o, c in picked],
        "contains_3": [F(text=c[-3:], match=M.CONTAINS) for _o, c in picked],
        "contains_order": [
            F(text=o[len(o) // 2 - 3 : len(o) // 2 + 3], match=M.CONTAINS) for o, _c in picked
        ],
        "contains_none": [
            F(text=f"Q{rng.randrange(10**5, 10**6)}Q", match=M.CONTAINS) for _ in picked
        ],
    }


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def _measure(ctx: Any, n: int) -> dict[str, dict[str, float]]:
    from inspector.services import browse

    queries = _queries(ctx, n)
    out: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        spent = []
        for i, q in enumerate(queries[kind]):
            t0 = time.perf_counter()
            if kind == "exact":
                browse.find_by_code(ctx, q)
            else:
                browse.fetch_page(ctx, q)
            if i >= 3:  # the first few warm the connection pool and the caches
                spent.append((time.perf_counter() - t0) * 1000)
        out[kind] = _stats(spent)
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure every search kind on each database kind and size."""
    from inspector.services.context import AppContext

    quick = bool(getattr(args, "search_quick", False))
    sizes = [20_000] if quick else [int(s) for s in str(args.search_sizes).split(",") if s]
    n = 50 if quick else int(args.search_queries)
    kinds = [k for k in str(args.search_databases).split(",") if k]
    cache = Path(args.search_cache)
    figures: dict[str, dict[str, Any]] = {}
    server_cm = None
    if "postgresql" in kinds and not args.search_pg_url:
        from tests.pg_server import running_server

        server_cm = running_server({"shared_buffers": "256MB", "work_mem": "16MB"})
        server = server_cm.__enter__()
    try:
        for size in sizes:
            for kind in kinds:
                key = f"{kind} {size}"
                if kind == "sqlite":
                    ctx = _sqlite_archive(cache, size)
                    fill_s = None
                else:
                    url = args.search_pg_url or server.url(server.new_database())
                    ctx = AppContext.open(Path(tempfile.mkdtemp(prefix="bench-search-pg-")), url)
                    fill_s = None
                    if _held(ctx) == size:
                        # Your own server's database, filled by an earlier run: measured as it is
                        # (the upgrade at open has run any new migration on it).
                        print(f"  postgresql: {size:,} inspections already there", flush=True)
                    else:
                        print(f"  postgresql: generating {size:,} inspections…", flush=True)
                        fill_s = _fill(ctx, size)
                print(f"  measuring {key}…", flush=True)
                figures[key] = {"searches": _measure(ctx, n), "fill_s": fill_s}
                ctx.close()
    finally:
        if server_cm is not None:
            server_cm.__exit__(None, None, None)

    rows = [
        [key, *(f"{f['searches'][k]['p50']:.1f} / {f['searches'][k]['p95']:.1f}" for k in KINDS)]
        for key, f in figures.items()
    ]
    print(markdown_table(["database, inspections", *(f"{k} p50/p95 ms" for k in KINDS)], rows))
    targets = []
    for key, f in figures.items():
        worst_kind = max(KINDS, key=lambda k: f["searches"][k]["p95"])
        worst = f["searches"][worst_kind]["p95"]
        targets.append(
            {
                "target": f"every search p95 ≤ {TARGET_P95_MS:.0f} ms ({key})",
                "status": "PASS" if worst <= TARGET_P95_MS else "MISS",
                "measured": f"worst {worst_kind} {worst:.1f} ms",
            }
        )
    return {"figures": figures, "targets": targets}
