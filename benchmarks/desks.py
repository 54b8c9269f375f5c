"""Desks: 20 desks (processes) recording and sealing at once on one PostgreSQL for two minutes.

Each desk is its own process with its own data folder, joined to one warehouse database in
a throwaway PostgreSQL server on 127.0.0.1 (tests/pg_server.py; or --desks-pg-url, an
empty database of your own). All desks start on the empty database together, so they also
race the schema set-up. Then each desk, in a loop for the whole run:

* starts an inspection as the recording service does (its station and operator by
  get-or-create, the inspection row, its first video segment and 'started' event);
* writes a small video stand-in (a few KB of frames) to its own disk and hashes it;
* completes it and seals it into the chain in one transaction — the latency measured;
* every other parcel, decides it at once, which reseals the record and relinks its tail.

The camera and the encoder are not run (benchmarks/recording.py measures them); on a
2-core machine twenty encoders would measure the CPU, not the database. At the end the
whole chain is verified: no fork, no broken link, every finished inspection sealed.
--desks-quick runs 5 desks for 20 seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks._tables import markdown_table

TARGET_P95_MS = 250.0  # a seal must not hold up the next parcel noticeably


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the desks benchmark."""
    group = parser.add_argument_group("desks")
    group.add_argument("--desks-count", type=int, default=20, help="desks (default 20)")
    group.add_argument("--desks-seconds", type=float, default=120.0, help="run time (120)")
    group.add_argument("--desks-quick", action="store_true", help="5 desks for 20 seconds")
    group.add_argument("--desks-pg-url", help="an empty database on your own server")


def desk(url: str, data_dir: Path, seconds: float, out: Path, start_at: float) -> None:
    """One desk's loop (run in its own process); its figures go to `out` as JSON."""
    from sqlmodel import select

    from inspector.core.chain import reseal_inspection, seal_inspection
    from inspector.core.database import get_or_create_named
    from inspector.core.models import (
        Inspection,
        InspectionEvent,
        InspectionStatus,
        Operator,
        Station,
        VideoSegment,
        utcnow,
    )
    from inspector.services.context import AppContext

    time.sleep(max(0.0, start_at - time.time()))  # every desk opens the empty database at once
    t0 = time.perf_counter()
    ctx = AppContext.open(data_dir, url)
    open_s = time.perf_counter() - t0
    rng = random.Random(os.getpid())
    name = f"Desk {data_dir.name}"
    seals: list[float] = []
    reseals: list[float] = []
    errors: list[str] = []
    videos = data_dir / "videos"
    videos.mkdir(exist_ok=True)
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        try:
            started = utcnow()
            with ctx.db.session() as s:
                insp = Inspection(
                    order_number=f"B{data_dir.name}-{n:05d}",
                    courier_number=f"SF{rng.randrange(10**11, 10**12)}",
                    station_id=get_or_create_named(s, Station, name, desk_id=ctx.desk_id),
                    operator_id=get_or_create_named(s, Operator, f"Operator {rng.randrange(40)}"),
                    started_at=started,
                    desk_id=ctx.desk_id,
                )
                s.add(insp)
                s.flush()
                path = videos / f"{insp.uid}.mp4"
                s.add(
                    VideoSegment(inspection_id=insp.id, seq=1, path=str(path), started_at=started)
                )
                s.add(InspectionEvent(inspection_id=insp.id, kind="started", message="bench"))
                inspection_id = insp.id
            frames = rng.randbytes(rng.randrange(4_000, 20_000))
            path.write_bytes(frames)
            digest = hashlib.sha256(frames).hexdigest()
            t = time.perf_counter()
            with ctx.db.session() as s:
                insp = s.get(Inspection, inspection_id)
                seg = s.exec(
                    select(VideoSegment).where(VideoSegment.inspection_id == inspection_id)
                ).one()
                seg.sha256, seg.size_bytes = digest, len(frames)
                seg.ended_at = started + timedelta(seconds=20)
                s.add(seg)
                insp.status = InspectionStatus.COMPLETED
                insp.ended_at = seg.ended_at
                insp.duration_s = 20.0
                s.add(insp)
                seal_inspection(s, insp)
            seals.append((time.perf_counter() - t) * 1000)
            if n % 2 == 0:
                t = time.perf_counter()
                with ctx.db.session() as s:
                    insp = s.get(Inspection, inspection_id)
                    insp.decision = rng.choice(("sign", "reject", "dispute"))
                    s.add(insp)
                    reseal_inspection(s, insp, reason="decision made", actor="bench")
                reseals.append((time.perf_counter() - t) * 1000)
        except Exception as exc:  # noqa: BLE001 (every failure is counted and shown)
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
        time.sleep(rng.uniform(0.0, 0.2))  # the next parcel is picked up
    ctx.close()
    out.write_text(
        json.dumps({"open_s": open_s, "seals": seals, "reseals": reseals, "errors": errors})
    )


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start the desks together, wait for them, then verify the whole chain."""
    from inspector.core.chain import verify_chain
    from inspector.core.database import Database

    quick = bool(getattr(args, "desks_quick", False))
    count = 5 if quick else int(args.desks_count)
    seconds = 20.0 if quick else float(args.desks_seconds)
    server_cm = None
    if args.desks_pg_url:
        url = args.desks_pg_url
    else:
        from tests.pg_server import running_server

        server_cm = running_server({"max_connections": str(count * 4 + 20)})
        server = server_cm.__enter__()
        url = server.url(server.new_database())
    work = Path(tempfile.mkdtemp(prefix="bench-desks-"))
    try:
        start_at = time.time() + 3.0
        procs = []
        for i in range(count):
            data_dir = work / f"{i + 1:02d}"
            data_dir.mkdir()
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        "import sys; from pathlib import Path; from benchmarks.desks import desk; "
                        "desk(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), "
                        "Path(sys.argv[4]), float(sys.argv[5]))",
                        url,
                        str(data_dir),
                        str(seconds),
                        str(data_dir / "figures.json"),
                        repr(start_at),
                    ],
                    env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                )
            )
        print(f"  {count} desks sealing for {seconds:.0f} s…", flush=True)
        codes = [p.wait(timeout=seconds + 300) for p in procs]
        results = []
        for i in range(count):
            figures = work / f"{i + 1:02d}" / "figures.json"
            results.append(
                json.loads(figures.read_text())
                if figures.is_file()
                else {"open_s": 0, "seals": [], "reseals": [], "errors": ["no figures"]}
            )
        db = Database(url)
        with db.session() as session:
            report = verify_chain(session, work, check_videos=False)
        db.dispose()
    finally:
        if server_cm is not None:
            server_cm.__exit__(None, None, None)
    seals = [v for r in results for v in r["seals"]]
    reseals = [v for r in results for v in r["reseals"]]
    errors = [e for r in results for e in r["errors"]]
    seal, reseal = _stats(seals), _stats(reseals)
    print(
        markdown_table(
            [
                "desks",
                "seconds",
                "seals",
                "seal ms p50 / p95 / max",
                "reseals",
                "reseal ms p50 / p95",
                "failed",
                "chain",
            ],
            [
                [
                    count,
                    f"{seconds:.0f}",
                    len(seals),
                    f"{seal['p50']:.1f} / {seal['p95']:.1f} / {seal['max']:.0f}",
                    len(reseals),
                    f"{reseal['p50']:.1f} / {reseal['p95']:.1f}",
                    len(errors),
                    "intact" if report.ok else f"{len(report.problems)} problems",
                ]
            ],
        )
    )
    for e in errors[:5]:
        print("  error:", e)
    for p in report.problems[:5]:
        print("  chain:", p.kind, p.message[:200])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "desks": count,
        "seconds": seconds,
        "exit_codes": codes,
        "seals": len(seals),
        "sealed_in_chain": report.sealed,
        "seal_ms": seal,
        "reseal_ms": reseal,
        "errors": errors[:20],
        "chain_problems": [p.message for p in report.problems[:20]],
        "load_average": load,
        "targets": [
            {
                "target": f"{count} desks: chain intact, no failed seal",
                "status": "PASS"
                if report.ok and not errors and report.sealed == len(seals)
                else "MISS",
                "measured": f"{report.sealed} sealed of {len(seals)}, {len(errors)} failed, "
                f"{len(report.problems)} chain problems",
            },
            {
                "target": f"seal p95 ≤ {TARGET_P95_MS:.0f} ms with {count} desks",
                "status": "PASS" if seal["p95"] <= TARGET_P95_MS else "MISS",
                "measured": f"p50 {seal['p50']:.1f} ms, p95 {seal['p95']:.1f} ms",
            },
        ],
    }
