"""Browse: launch to a usable browse view, search latency and memory at 10k, 100k and 1M inspections.

For each size a data folder is filled once with `demo-data` (kept under --browse-cache and
reused), then a fresh Python process — as a user's launch would be — opens it:

* ready: from starting the process to the browse view shown with its first page
  (imports, QApplication, opening and checking the database, first query, first paint);
* search: the table's model asked for a new query, as typing does after the debounce —
  SQL plus the model reset — for random order-number prefixes (4–8 characters, what a
  person types), whole courier numbers (a scan), the first key of a search (1 character,
  the least selective), and "contains" the last six digits of a courier number;
* scan: a whole courier number looked up and shown, as scan + Enter does (without the
  detail window, whose video player start-up is measured apart);
* memory: the process's RSS when ready, and after scrolling 5,000 rows and every search.

Then the indexes proposed for migration 0004 are added to the benchmark's copy only
(inspection.duration_s, shop_order_line.sku) and the queries they serve are timed again.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._tables import markdown_table

TARGET_P95_MS = 50.0
TARGET_READY_S = 2.0
TARGET_RSS_MB = 300.0
TARGET_SIZE = 100_000
CACHE_VERSION = "1"  # bump when demo-data changes shape, so cached folders are rebuilt
PROPOSED_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_inspection_duration_s ON inspection (duration_s)",
    "CREATE INDEX IF NOT EXISTS ix_shop_order_line_sku ON shop_order_line (sku)",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the browse benchmark."""
    group = parser.add_argument_group("browse")
    group.add_argument(
        "--browse-sizes",
        default="10000,100000,1000000",
        help="archive sizes to measure, comma-separated (default 10000,100000,1000000)",
    )
    group.add_argument(
        "--browse-queries",
        type=int,
        default=200,
        help="searches of each kind per size (default 200)",
    )
    group.add_argument(
        "--browse-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "inspector-bench-browse",
        help="where the generated archives are kept between runs",
    )


# The measuring process: run fresh for each size so 'ready' includes a real start-up.
CHILD = r"""
import json, os, random, statistics, sys, time
started_wall = float(sys.argv[3])
import psutil
from PySide6.QtWidgets import QApplication
app = QApplication([])
from inspector.services.context import AppContext
from inspector.services import browse as service
from inspector.ui.browse import BrowseController
ctx = AppContext.open(sys.argv[1])
controller = BrowseController(ctx)
view = controller.view
view.resize(1400, 860)
view.show()
app.processEvents()
view.repaint()
ready_s = time.time() - started_wall
proc = psutil.Process()
rss_ready = proc.memory_info().rss / 2**20
cpu_ready = sum(proc.cpu_times()[:2])  # user + system: what a busy machine does not inflate
rows_ready = controller.model.rowCount()

# Scroll: the view asks for pages as it reaches the end, and paints the visible thumbnails.
table = view.table
t0 = time.perf_counter()
while controller.model.rowCount() < 5000 and controller.model.canFetchMore():
    table.scrollToBottom()
    app.processEvents()
scroll_s = time.perf_counter() - t0
rows_scrolled = controller.model.rowCount()

n = int(sys.argv[2])
rng = random.Random(7)
with ctx.db.engine.connect() as conn:
    import sqlalchemy as sa
    top = conn.execute(sa.text("SELECT max(id) FROM inspection")).scalar()
    ids = [rng.randint(1, top) for _ in range(n)]
    picked = conn.execute(
        sa.text("SELECT order_number, courier_number FROM inspection WHERE id IN (%s)"
                % ",".join(map(str, ids)))
    ).all()
picked = (picked * (n // max(1, len(picked)) + 1))[:n]

cpu = {}

def timed(filters, name):
    out, spent = [], []
    for f in filters:
        t, c = time.perf_counter(), time.thread_time()
        controller.model.set_query(f)
        app.processEvents()
        out.append((time.perf_counter() - t) * 1000)
        spent.append((time.thread_time() - c) * 1000)
    cpu[name] = spent
    return out

F = service.BrowseFilter
M = service.Match
results = {
    "prefix": timed([F(text=o[: rng.randint(4, 8)]) for o, _c in picked], "prefix"),
    "courier": timed([F(text=c) for _o, c in picked], "courier"),
    "first_key": timed([F(text=o[:1]) for o, _c in picked[: max(10, n // 4)]], "first_key"),
    "contains": timed(
        [F(text=c[-6:], match=M.CONTAINS) for _o, c in picked[: max(10, n // 4)]], "contains"
    ),
}
scan = []
for _o, c in picked:
    t = time.perf_counter()
    found = service.find_by_code(ctx, c)
    controller.model.set_query(F(text=c, match=M.EXACT))
    controller.select(found[0])
    app.processEvents()
    scan.append((time.perf_counter() - t) * 1000)
results["scan"] = scan

def first_page(sort=None, **kw):
    t = time.perf_counter()
    service.fetch_page(ctx, F(**kw), sort or service.Sort())
    return (time.perf_counter() - t) * 1000

S = service.Sort
C = service.SortColumn
extra = {
    "sort_operator_ms": first_page(S(C.OPERATOR, False)),
    "sort_duration_ms": first_page(S(C.DURATION, True)),
    "filter_sku_ms": first_page(sku="WT-9"),
    "filter_reject_ms": first_page(decisions=("reject",)),
}
t = time.perf_counter()
total = service.count_matching(ctx)
extra["count_all_ms"] = (time.perf_counter() - t) * 1000
t = time.perf_counter()
service.summarize(ctx)
extra["summary_ms"] = (time.perf_counter() - t) * 1000
rss_end = proc.memory_info().rss / 2**20
controller.shutdown()
print("RESULT " + json.dumps({
    "ready_s": ready_s, "ready_cpu_s": cpu_ready, "rows_ready": rows_ready, "rss_ready_mb": rss_ready,
    "scroll_s": scroll_s, "rows_scrolled": rows_scrolled, "rss_end_mb": rss_end,
    "total": total, "searches": results, "search_cpu": cpu, **extra,
}))
"""

INDEXED_CHILD = r"""
import json, sys, time
from inspector.services.context import AppContext
from inspector.services import browse as service
ctx = AppContext.open(sys.argv[1])
def first_page(sort=None, **kw):
    best = []
    for _ in range(3):
        t = time.perf_counter()
        service.fetch_page(ctx, service.BrowseFilter(**kw), sort or service.Sort())
        best.append((time.perf_counter() - t) * 1000)
    return min(best)
S, C = service.Sort, service.SortColumn
print("RESULT " + json.dumps({
    "sort_duration_ms": first_page(S(C.DURATION, True)),
    "filter_sku_ms": first_page(sku="WT-9"),
}))
"""


def _archive(cache: Path, size: int) -> Path:
    """A data folder with `size` demo inspections, generated once and reused."""
    folder = cache / f"n{size}"
    stamp = folder / ".bench-complete"
    if stamp.is_file() and stamp.read_text() == CACHE_VERSION:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    print(f"  generating {size:,} demo inspections in {folder} (once)…", flush=True)
    t0 = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "--data-dir",
            str(folder),
            "demo-data",
            "--inspections",
            str(size),
            "--checklists",
            "200",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (folder / ".generated-seconds").write_text(f"{time.monotonic() - t0:.1f}")
    stamp.write_text(CACHE_VERSION)
    return folder


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def measure(folder: Path, queries: int) -> dict[str, Any]:
    """Every figure for one archive."""
    env_started = time.time()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(queries), repr(env_started)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
    if result is None:
        raise RuntimeError(f"the measuring process failed:\n{proc.stderr[-3000:]}")
    result["search_stats"] = {k: _stats(v) for k, v in result.pop("searches").items()}
    result["search_cpu_stats"] = {k: _stats(v) for k, v in result.pop("search_cpu").items()}
    # The indexes proposed for 0004, on this copy only.
    import sqlite3

    db = sqlite3.connect(folder / "inspector.db")
    try:
        for statement in PROPOSED_INDEXES:
            db.execute(statement)
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()
    proc = subprocess.run(
        [sys.executable, "-c", INDEXED_CHILD, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    indexed = next(
        (json.loads(x[7:]) for x in proc.stdout.splitlines() if x.startswith("RESULT ")), {}
    )
    result["with_proposed_indexes"] = indexed
    result["db_mb"] = (folder / "inspector.db").stat().st_size / 2**20
    gen = folder / ".generated-seconds"
    result["generated_s"] = float(gen.read_text()) if gen.is_file() else None
    return result


def _drop_proposed_indexes(folder: Path) -> None:
    # The archive is reused; measure the shipped schema first on every run.
    import sqlite3

    db = sqlite3.connect(folder / "inspector.db")
    try:
        for statement in PROPOSED_INDEXES:
            name = statement.split(" EXISTS ")[1].split(" ON ")[0]
            db.execute(f"DROP INDEX IF EXISTS {name}")
        db.commit()
    finally:
        db.close()


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Measure each size and compare the 100k figures with the issue's targets."""
    sizes = [int(s) for s in str(getattr(args, "browse_sizes", "10000,100000")).split(",") if s]
    queries = int(getattr(args, "browse_queries", 200))
    cache = Path(
        getattr(args, "browse_cache", Path(tempfile.gettempdir()) / "inspector-bench-browse")
    )
    figures: dict[str, Any] = {}
    for size in sizes:
        folder = _archive(cache, size)
        _drop_proposed_indexes(folder)
        print(f"  measuring {size:,} inspections…", flush=True)
        figures[str(size)] = measure(folder, queries)

    rows = []
    for size, f in figures.items():
        s = f["search_stats"]
        cpu = f["search_cpu_stats"]
        rows.append(
            [
                f"{int(size):,}",
                f"{f['ready_s']:.2f} ({f['ready_cpu_s']:.2f})",
                f"{f['rss_ready_mb']:.0f} / {f['rss_end_mb']:.0f}",
                f"{s['prefix']['median']:.1f} / {s['prefix']['p95']:.1f} ({cpu['prefix']['p95']:.1f})",
                f"{s['courier']['median']:.1f} / {s['courier']['p95']:.1f} ({cpu['courier']['p95']:.1f})",
                f"{s['scan']['median']:.1f} / {s['scan']['p95']:.1f}",
                f"{s['first_key']['median']:.1f} / {s['first_key']['p95']:.1f}",
                f"{s['contains']['median']:.0f} / {s['contains']['p95']:.0f}",
                f"{f['scroll_s']:.2f}",
                f"{f['count_all_ms']:.0f}",
                f"{f['summary_ms']:.0f}",
                f"{f['sort_duration_ms']:.0f} → {f['with_proposed_indexes'].get('sort_duration_ms', 0):.0f}",
                f"{f['filter_sku_ms']:.0f} → {f['with_proposed_indexes'].get('filter_sku_ms', 0):.0f}",
                f"{f['db_mb']:.0f}",
            ]
        )
    print(
        markdown_table(
            [
                "inspections",
                "ready s (CPU s)",
                "RSS MB ready / end",
                "prefix ms p50 / p95 (CPU p95)",
                "courier ms p50 / p95 (CPU p95)",
                "scan ms p50 / p95",
                "1st key ms p50 / p95",
                "contains ms p50 / p95",
                "scroll 5k rows s",
                "count ms",
                "summary ms",
                "sort duration ms (→ 0004)",
                "SKU filter ms (→ 0004)",
                "DB MB",
            ],
            rows,
        )
    )

    targets = []
    at = figures.get(str(TARGET_SIZE))
    if at is None:
        for name in ("search p95 < 50 ms", "browse ready < 2 s", "memory < 300 MB"):
            targets.append(
                {"target": f"{name} at 100,000", "status": "SKIP", "measured": "size not run"}
            )
    else:
        s = at["search_stats"]
        cpu = at["search_cpu_stats"]
        worst = max(s["prefix"]["p95"], s["courier"]["p95"])
        targets.append(
            {
                "target": "search p95 < 50 ms at 100,000 (order prefix, whole courier number)",
                "status": "PASS" if worst < TARGET_P95_MS else "MISS",
                "measured": f"prefix {s['prefix']['p95']:.1f} ms, courier {s['courier']['p95']:.1f} ms"
                f" (GUI-thread CPU p95: {cpu['prefix']['p95']:.1f} and {cpu['courier']['p95']:.1f} ms)",
            }
        )
        targets.append(
            {
                "target": "browse view ready < 2 s at 100,000 (process start to first page shown)",
                "status": "PASS" if at["ready_s"] < TARGET_READY_S else "MISS",
                "measured": f"{at['ready_s']:.2f} s (CPU {at['ready_cpu_s']:.2f} s)",
            }
        )
        peak = max(at["rss_ready_mb"], at["rss_end_mb"])
        targets.append(
            {
                "target": "memory < 300 MB at 100,000 (RSS after 5,000 rows scrolled and all searches)",
                "status": "PASS" if peak < TARGET_RSS_MB else "MISS",
                "measured": f"{peak:.0f} MB",
            }
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load is not None:
        print(f"(load average {load:.1f} on {os.cpu_count()} CPUs while measuring)")
    return {"sizes": figures, "targets": targets, "load_average": load}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    add_arguments(parser)
    print(json.dumps(run(parser.parse_args()), indent=2, default=str)[:2000])
