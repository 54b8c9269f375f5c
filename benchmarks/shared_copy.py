"""Shared video folder: a desk's copy-and-check of a finished video against a plain file copy.

The video is a desk recording made as benchmarks/evidence.py makes one (--shared-copy-sample
seconds of the demo desk encoded as the recorder does, repeated to --shared-copy-minutes).
Each round times `shutil.copyfile` of it into one folder, then `sync_videos` copying it into
the shared folder (a temporary name, the copy read back and hashed against the recorded
SHA-256, renamed, its row written). The "shared folder" here is a folder on the same disk:
a real NAS adds its network, which both copies would pay alike. Medians of the rounds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import delete

from benchmarks._tables import markdown_table
from benchmarks.evidence import SIZES, _encode_sample, _inspection, _repeat
from inspector.capture.overlay import ensure_text_rendering
from inspector.core.models import VideoCopy
from inspector.services.context import AppContext
from inspector.services.shared_videos import sync_videos


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("shared_copy")
    group.add_argument(
        "--shared-copy-minutes", type=float, default=10.0, help="video length (default 10)"
    )
    group.add_argument(
        "--shared-copy-sample", type=float, default=10.0, help="seconds actually encoded"
    )
    group.add_argument("--shared-copy-size", choices=sorted(SIZES), default="720p")
    group.add_argument("--shared-copy-rounds", type=int, default=3)
    group.add_argument(
        "--shared-copy-quick",
        action="store_true",
        help="a 1-minute video, 2 rounds: a quick look, not the figures",
    )


def run(args: argparse.Namespace) -> dict:
    minutes, rounds = args.shared_copy_minutes, args.shared_copy_rounds
    if args.shared_copy_quick:
        minutes, rounds = 1.0, 2
    ensure_text_rendering()
    with tempfile.TemporaryDirectory(prefix="bench-shared-") as tmp:
        root = Path(tmp)
        ctx = AppContext.open(root / "desk")
        nas = root / "nas"
        nas.mkdir()
        ctx.settings.set("shared_videos_dir", str(nas))
        sample = root / "sample.mp4"
        _encode_sample(sample, SIZES[args.shared_copy_size], args.shared_copy_sample)
        video = ctx.storage.videos_dir / "2026" / "11" / "30" / "bench.mp4"
        video.parent.mkdir(parents=True)
        duration = _repeat(sample, video, minutes)
        _inspection(ctx, video, duration)
        size = video.stat().st_size
        plain_dir = root / "plain"
        plain_dir.mkdir()
        plain, shared = [], []
        for _ in range(rounds):
            t0 = time.perf_counter()
            shutil.copyfile(video, plain_dir / "copy.mp4")
            plain.append(time.perf_counter() - t0)
            (plain_dir / "copy.mp4").unlink()
            t0 = time.perf_counter()
            report = sync_videos(ctx, force=True)
            shared.append(time.perf_counter() - t0)
            assert len(report.copied) == 1 and report.waiting == 0, report.lines()
            shutil.rmtree(nas / "videos")
            with ctx.db.session() as session:
                session.exec(delete(VideoCopy))  # type: ignore[call-overload]
        ctx.close()
    plain_s, shared_s = statistics.median(plain), statistics.median(shared)
    mb = size / 1e6
    rows = [
        ("plain copy (shutil.copyfile)", f"{plain_s:.2f}", f"{mb / plain_s:.0f}", "1.0"),
        (
            "shared copy, checked (sync_videos)",
            f"{shared_s:.2f}",
            f"{mb / shared_s:.0f}",
            f"{shared_s / plain_s:.1f}",
        ),
    ]
    print(
        f"\nShared folder copy of a {minutes:g}-minute {args.shared_copy_size} video "
        f"({mb:.0f} MB), median of {rounds}:\n"
    )
    print(markdown_table(["", "seconds", "MB/s", "× plain copy"], rows))
    return {
        "video_mb": round(mb, 1),
        "minutes": minutes,
        "rounds": rounds,
        "plain_copy_s": round(plain_s, 3),
        "shared_copy_checked_s": round(shared_s, 3),
        "ratio": round(shared_s / plain_s, 2),
    }
