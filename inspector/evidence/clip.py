"""The appeal clip: a stretch of the original, re-encoded to fit a platform's upload limit.

Upload caps are tight (Shopee: one minute, 30 MB). The clip is decoded from the original
at the chosen offset and re-encoded with libx264 at a bitrate computed from the size and
duration limits, capped by VBV so the file cannot overshoot; the burned-in overlay stays
at full resolution. Its own metadata names the original's SHA-256 and the clip's offsets
in it, so a reviewer can tie the clip to the full recording in the bundle.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from inspector.core.errors import ValidationError
from inspector.core.evidence import EvidenceError
from inspector.core.hashing import sha256_file
from inspector.core.pending_writes import PendingWrites
from inspector.core.storage import durable_replace

TIME_BASE = Fraction(1, 1000)
DEFAULT_MAX_SECONDS = 60.0
DEFAULT_MAX_MB = 30.0
# Bytes the MP4 container adds beyond the video bitstream, plus a safety margin for VBV.
_SIZE_HEADROOM = 0.90
# Below this the overlay's small text smears into blocks; refuse rather than mislead.
_MIN_BITRATE = 250_000
_MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class ClipRequest:
    """What to cut: offsets in the original (seconds) and the upload limits to fit."""

    start_s: float = 0.0
    end_s: float | None = None
    max_seconds: float = DEFAULT_MAX_SECONDS
    max_mb: float = DEFAULT_MAX_MB


@dataclass(frozen=True)
class ClipResult:
    """The clip written: where, which stretch of the original, and how big."""

    path: Path
    start_s: float
    end_s: float
    duration_s: float
    frames: int
    size_bytes: int
    sha256: str
    bitrate: int
    truncated: bool
    comment: str


def clip_comment(original_sha256: str, start_s: float, end_s: float, label: str = "") -> str:
    """The metadata comment that ties a clip to its original recording."""
    prefix = f"{label}; " if label else ""
    return (
        f"{prefix}clip of original sha256 {original_sha256} "
        f"from {start_s:.3f} s to {end_s:.3f} s of the original"
    )


def plan_clip(request: ClipRequest, video_duration: float) -> tuple[float, float, bool]:
    """The actual (start, end, truncated) after checking the request against the video and limits."""
    if request.max_seconds <= 0 or request.max_mb <= 0:
        raise ValidationError("--max-seconds and --max-mb must be more than 0.")
    start = max(0.0, request.start_s)
    end = video_duration if request.end_s is None else min(request.end_s, video_duration)
    if start >= video_duration:
        raise ValidationError(
            f"The clip start {start:.1f} s is past the end of the video ({video_duration:.1f} s)."
        )
    if end <= start:
        raise ValidationError(
            f"The clip end ({end:.1f} s) must come after its start ({start:.1f} s)."
        )
    truncated = end - start > request.max_seconds
    if truncated:
        end = start + request.max_seconds
    return start, end, truncated


def target_bitrate(max_mb: float, duration_s: float) -> int:
    """Bits per second that keep a clip of this length under the size limit."""
    return int(max_mb * 1_000_000 * 8 * _SIZE_HEADROOM / max(duration_s, 0.1))


def video_duration(path: Path) -> float:
    """Seconds of video in a file, from the container or, failing that, the last frame."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        if container.duration is not None:
            return container.duration / av.time_base
        last = 0.0
        for packet in container.demux(stream):
            if packet.pts is not None:
                last = max(last, float(packet.pts * packet.time_base))
        return last


def encode_clip(
    original: Path,
    out: Path,
    request: ClipRequest,
    original_sha256: str,
    label: str = "",
    duration_hint: float | None = None,
    pending: PendingWrites | None = None,
) -> Generator[float, None, ClipResult]:
    """Write the clip to `out` atomically, yielding progress from 0 to 1; returns the result.

    Closing the generator early (a cancelled export) removes the partial file; `pending`
    notes it while it is written, so a killed program's file is removed at the next start.
    """
    original, out = Path(original), Path(out)
    if not original.exists():
        raise EvidenceError(f"The original video {original} is missing; no clip can be cut.")
    total = duration_hint if duration_hint else video_duration(original)
    start, end, truncated = plan_clip(request, total)
    bitrate = target_bitrate(request.max_mb, end - start)
    if bitrate < _MIN_BITRATE:
        raise ValidationError(
            f"{request.max_mb:g} MB is too small for {end - start:.0f} s of legible video "
            f"({bitrate // 1000} kbit/s); shorten the clip or raise --max-mb."
        )
    comment = clip_comment(original_sha256, start, end, label)
    out.parent.mkdir(parents=True, exist_ok=True)
    limit = int(request.max_mb * 1_000_000)
    for attempt in range(_MAX_ATTEMPTS):
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{out.stem}.", suffix=".partial.mp4", dir=out.parent
        )
        os.close(fd)
        tmp = Path(tmp_name)
        noted = contextlib.ExitStack()
        if pending is not None:
            noted.enter_context(pending.tracking(tmp))
        try:
            frames = yield from _encode(original, tmp, start, end, bitrate, comment, attempt)
            size = tmp.stat().st_size
            if size <= limit:
                durable_replace(tmp, out)
                return ClipResult(
                    path=out,
                    start_s=start,
                    end_s=end,
                    duration_s=round(end - start, 3),
                    frames=frames,
                    size_bytes=size,
                    sha256=sha256_file(out),
                    bitrate=bitrate,
                    truncated=truncated,
                    comment=comment,
                )
            # VBV keeps the overshoot small; when it still happens, aim lower and go again.
            bitrate = int(bitrate * limit / size * 0.9)
        finally:
            tmp.unlink(missing_ok=True)
            noted.close()
    raise EvidenceError(
        f"The clip stayed over {request.max_mb:g} MB after {_MAX_ATTEMPTS} tries; "
        "shorten it with --start/--end."
    )


def _encode(
    original: Path, tmp: Path, start: float, end: float, bitrate: int, comment: str, attempt: int
) -> Generator[float, None, int]:
    span = end - start
    frames = 0
    try:
        with av.open(str(original)) as src:
            vin = src.streams.video[0]
            vin.thread_type = "AUTO"
            start_pts = vin.start_time or 0
            tb = vin.time_base
            rate = vin.average_rate or vin.guessed_rate or Fraction(30)
            with av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"}) as dst:
                dst.metadata["comment"] = comment
                dst.metadata["title"] = comment.split(";")[0][:200]
                vout = dst.add_stream("libx264", rate=Fraction(rate).limit_denominator(1001))
                vout.width = vin.codec_context.width
                vout.height = vin.codec_context.height
                vout.pix_fmt = "yuv420p"
                vout.codec_context.time_base = TIME_BASE
                gop = max(1, round(float(rate) * 2))
                vout.options = {
                    "preset": "veryfast",
                    # A quality floor that simple scenes reach well under the cap, and a
                    # VBV cap that busy scenes cannot break through.
                    "crf": "21",
                    "maxrate": str(bitrate),
                    "bufsize": str(bitrate),
                    "g": str(gop),
                }
                src.seek(start_pts + int(start / tb), stream=vin, backward=True)
                last_yield = 0.0
                for frame in src.decode(vin):
                    if frame.pts is None:
                        continue
                    t = float((frame.pts - start_pts) * tb)
                    if t + 1e-3 < start:
                        continue
                    if t >= end - 1e-3:
                        break
                    out_frame = frame.reformat(format="yuv420p")
                    out_frame.pts = round((t - start) * 1000)
                    out_frame.time_base = TIME_BASE
                    dst.mux(vout.encode(out_frame))
                    frames += 1
                    progress = (t - start) / span
                    if progress - last_yield >= 0.02:
                        last_yield = progress
                        yield (attempt + progress) / (attempt + 1)
                dst.mux(vout.encode(None))
    except (OSError, av.error.FFmpegError) as exc:
        raise EvidenceError(
            f"Cutting the clip from {original} failed: {exc}. Check free space and that the video plays."
        ) from exc
    if frames == 0:
        raise EvidenceError(
            f"No frames between {start:.1f} s and {end:.1f} s of {original}; choose other offsets."
        )
    yield 1.0
    return frames
