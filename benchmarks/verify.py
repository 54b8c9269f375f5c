"""verify --all at a desk's size: how long the whole check takes, and where the time goes.

A desk that films 50 returns a day holds about 18,000 sealed inspections after a year.
--verify-records sealed inspections are made (each a real 2-second H.264 recording,
hard-linked so the disk holds one copy; sealed and anchored by the desk's own code, each
video's hash time-stamped by a local `openssl ts` authority when openssl is here), then
`verify_all` (what `inspector verify --all` runs) checks them: seal log, chained anchor,
time-stamps, every video's hash and creation time.

The videos of a real desk are larger (--verify-video-mb, default 40 MB: 5 minutes at
720p); hashing them is disk-bound, so the full figure is the measured check of the records
plus their video bytes at the SHA-256 rate measured here on a file of
--verify-hash-mb (default 512). The target (issue 22): a year of records checked in under
an hour on the desk's PC.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

from benchmarks._tables import markdown_table
from inspector.capture.encoder import H264Writer
from inspector.core.chain import seal_inspection
from inspector.core.hashing import sha256_file
from inspector.core.models import Inspection, InspectionStatus, TimestampToken, VideoSegment
from inspector.core.progress import run_with_progress
from inspector.core.video_time import mp4_creation_time
from inspector.services.context import AppContext

TARGET_SECONDS = 3600.0
DAY_RECORDS = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the verify benchmark."""
    group = parser.add_argument_group("verify")
    group.add_argument(
        "--verify-records", type=int, default=18_000, help="sealed inspections (default 18,000)"
    )
    group.add_argument(
        "--verify-video-mb",
        type=float,
        default=40.0,
        help="a real video's size for the full figure (default 40 MB)",
    )
    group.add_argument(
        "--verify-hash-mb", type=int, default=512, help="file hashed for the SHA-256 rate"
    )


def _sample(path: Path) -> None:
    """Two seconds of changing 320×240 frames, encoded as the recorder does."""
    from datetime import UTC, datetime

    writer = H264Writer(path, 320, 240, 30)
    rng = np.random.default_rng(22)
    base = rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)
    start = datetime.now(UTC) - timedelta(days=400)
    for i in range(60):
        writer.write(np.roll(base, i * 3, axis=1), i / 30, start + timedelta(seconds=i / 30))
    writer.close()


def _stamp(sha: str) -> tuple[str, bytes]:
    """A real RFC 3161 token (base64) for the hash from a local `openssl ts` authority, and
    that authority's root certificate; ('', b'') without openssl."""
    import base64
    import shutil

    if shutil.which("openssl") is None:
        return "", b""
    from inspector.core.timestamping import request_token
    from tests.tsa_server import running_tsa

    with running_tsa() as tsa:
        token = request_token(tsa.url, sha)
        return base64.b64encode(token).decode(), tsa.root.read_bytes()


def _build(ctx: AppContext, sample: Path, records: int) -> bool:
    """Seal `records` inspections on the desk; True when their videos' hashes are stamped."""
    size = sample.stat().st_size
    sha = sha256_file(sample)
    with open(sample, "rb") as fh:
        created = mp4_creation_time(fh)
    assert created is not None
    token, root = _stamp(sha)
    if token:
        trust = ctx.storage.root / "bench-tsa-root.pem"
        trust.write_bytes(root)
        ctx.settings.set("tsa_trust_roots", str(trust))
        ctx.settings.save()
    folder = ctx.storage.videos_dir / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    done = 0
    while done < records:
        with ctx.db.session() as session:
            for n in range(done, min(records, done + 500)):
                video = folder / f"{n:06d}.mp4"
                os.link(sample, video)
                started = created
                row = Inspection(
                    order_number=f"BV-{n:06d}",
                    courier_number=f"SF{n:012d}",
                    status=InspectionStatus.COMPLETED,
                    started_at=started,
                    ended_at=started + timedelta(seconds=2),
                    duration_s=2.0,
                    frame_count=60,
                    fps=30.0,
                )
                session.add(row)
                session.flush()
                session.add(
                    VideoSegment(
                        inspection_id=row.id,
                        path=ctx.storage.relative(video),
                        started_at=started,
                        ended_at=started + timedelta(seconds=2),
                        duration_s=2.0,
                        frame_count=60,
                        size_bytes=size,
                        sha256=sha,
                    )
                )
                if token:
                    session.add(TimestampToken(inspection_id=row.id, sha256=sha, token=token))
                session.flush()
                seal_inspection(session, row)
            session.commit()
        done = min(records, done + 500)
    return bool(token)


def _hash_rate(folder: Path, megabytes: int) -> float:
    """SHA-256 MB/s of this machine's hashing of a file just written (as verify reads videos)."""
    path = folder / "hash-rate.bin"
    block = os.urandom(1 << 20)
    with open(path, "wb") as fh:
        for _ in range(megabytes):
            fh.write(block)
    t0 = time.perf_counter()
    sha256_file(path)
    seconds = time.perf_counter() - t0
    path.unlink()
    return megabytes / seconds


def run(args: argparse.Namespace) -> dict:
    """Build the desk, run verify_all once, and print the figures and the extrapolation."""
    from inspector.services.evidence.verification import verify_all

    records = args.verify_records
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp_name:
        tmp = Path(tmp_name)
        ctx = AppContext.open(tmp / "data")
        try:
            sample = tmp / "sample.mp4"
            _sample(sample)
            t0 = time.perf_counter()
            stamped = _build(ctx, sample, records)
            build_s = time.perf_counter() - t0
            print(f"Built {records:,} sealed inspections in {build_s:.0f} s")
            t0 = time.perf_counter()
            cpu0 = time.process_time()
            report = run_with_progress(verify_all(ctx))
            verify_s = time.perf_counter() - t0
            verify_cpu = time.process_time() - cpu0
            rate = _hash_rate(tmp, args.verify_hash_mb)
        finally:
            ctx.close()
    problems = [p.message for p in report.problems][:5]
    per_record_ms = verify_s / records * 1000
    video_s = records * args.verify_video_mb / rate
    full_s = verify_s + video_s
    year = 365 * DAY_RECORDS
    year_s = (per_record_ms / 1000 + args.verify_video_mb / rate) * year
    rows = [
        ("inspections checked", f"{report.sealed:,} sealed, {report.videos_checked:,} videos"),
        ("video hashes time-stamped", "yes (local openssl ts)" if stamped else "no (no openssl)"),
        ("verify --all, measured", f"{verify_s:.1f} s wall, {verify_cpu:.1f} s CPU"),
        ("per inspection", f"{per_record_ms:.2f} ms (videos here are {sample_kb(records)}"),
        ("SHA-256 rate here", f"{rate:.0f} MB/s"),
        (
            f"with {args.verify_video_mb:.0f} MB videos",
            f"{full_s / 60:.1f} min (+{video_s / 60:.1f} min hashing)",
        ),
        (f"a year ({year:,} inspections)", f"{year_s / 60:.1f} min"),
        ("result", "intact" if report.ok else "; ".join(problems)),
    ]
    print(markdown_table(["verify --all", "figure"], rows))
    ok = report.ok and year_s <= TARGET_SECONDS
    return {
        "records": records,
        "verify_s": round(verify_s, 2),
        "verify_cpu_s": round(verify_cpu, 2),
        "per_record_ms": round(per_record_ms, 3),
        "sha256_mb_s": round(rate, 1),
        "full_s": round(full_s, 1),
        "year_s": round(year_s, 1),
        "intact": report.ok,
        "targets": [
            {
                "target": f"a year of records ({year:,}) verified in under an hour",
                "status": "PASS" if ok else "MISS",
                "measured": f"{year_s / 60:.1f} min",
            }
        ],
    }


def sample_kb(records: int) -> str:
    """How the small videos were laid out, for the table."""
    return f"2 s, one file hard-linked {records:,} times)"
