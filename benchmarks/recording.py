"""Recording: the demo desk recorded live at 720p30 and 1080p30; encoder throughput against bare PyAV and an ffmpeg pipe.

Two parts, in one run:

* real time — a DemoSource drives the real CaptureThread and Recorder for --seconds;
  we count captured, encoded and dropped frames and sample the process's CPU and RSS.
  With two cameras (--recording-cameras), two demo cameras at the same size, each on its
  own capture thread and drawing its capture time, are composed side by side into one
  video of that size; the drift between them is read back from the decoded video;
* throughput — the same pre-rendered frames pushed as fast as they go through
  (a) the pipeline's Recorder (copy, overlay, BGR→I420, libx264, fragmented MP4),
  (b) bare libx264 through PyAV with the same settings and no overlay, and
  (c) what other recorders do: raw BGR piped into an `ffmpeg` process that burns in a
  `drawtext` clock and encodes with libx264 at the same settings.
  The machine is shared, so (a), (b) and (c) run interleaved for --recording-rounds rounds and
  medians are reported, with CPU time per frame (less sensitive to neighbours than
  wall time).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import psutil

from benchmarks._tables import markdown_table
from inspector.capture.compose import (
    ComposedSource,
    Layout,
    paste_tile,
    tile_clocks,
    tile_rects,
)
from inspector.capture.encoder import FRAGMENTED_MP4, TIME_BASE, EncoderSettings
from inspector.capture.overlay import OverlayInfo, OverlayRenderer, ensure_text_rendering
from inspector.capture.pipeline import PREROLL_MARGIN_S, CapturedFrame, Recorder, open_capture
from inspector.capture.sources import DemoSource
from inspector.services.cameras import (
    STREAM_RING_EXTRA_S,
    KeptStream,
    start_camera_streams,
    stop_camera_streams,
)

FPS = 30.0
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}
MB = 1024 * 1024
# What a real desk shows: every overlay block is drawn, not only the clock.
INFO = OverlayInfo(
    order_number="BENCH-20261127-0001",
    courier_number="SF1234567890123",
    station="Desk 1",
    operator="Benchmark",
)
SAMPLE_EVERY_S = 0.25

# Targets of issue 2 §10, for a 2-core machine.
MAX_DROPPED_SHARE = {"720p": 0.0, "1080p": 0.01}
# RSS may grow this much between a quarter of the run and its end and still count as flat:
# a few MB of allocator noise, far below one second of 1080p frames (180 MB).
FLAT_MEMORY_MB = 16.0
MIN_SECONDS_FOR_MEMORY = 8.0
MIN_RATIO_VS_FFMPEG = 1.0
# Issue 24: cameras composed into one video stay this close in capture time.
MAX_DRIFT_MS = 100.0
CAMERA_DECODE = "camera: MJPEG frame decode (cv2.imdecode)"


class BenchmarkError(RuntimeError):
    """A variant produced something other than what it was given; its figures would lie."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the recording benchmark."""
    group = parser.add_argument_group("recording")
    group.add_argument(
        "--seconds",
        "--recording-seconds",
        dest="seconds",
        type=float,
        default=20.0,
        help="length of each real-time recording (default 20)",
    )
    group.add_argument(
        "--recording-sizes",
        default="720p,1080p",
        help=f"comma-separated frame sizes to measure, of {', '.join(SIZES)} (default both)",
    )
    group.add_argument(
        "--recording-frames",
        type=int,
        default=300,
        help="frames pushed through each throughput variant per round (default 300, 10 s of video)",
    )
    group.add_argument(
        "--recording-rounds",
        type=int,
        default=5,
        help="interleaved rounds of (a), (b), (c); medians are reported (default 5)",
    )
    group.add_argument(
        "--recording-distinct-frames",
        type=int,
        default=60,
        help="demo frames pre-rendered into memory and cycled through (default 60)",
    )
    group.add_argument(
        "--recording-cameras",
        default="1,2",
        help="comma-separated camera counts for the real-time recordings: 1 camera, and 2 "
        "composed side by side into one video of the same size (default 1,2; 2 at 1080p only)",
    )
    group.add_argument(
        "--recording-runs",
        type=int,
        default=1,
        help="real-time rounds (one camera, then two, in each); targets are judged on each "
        "camera count's median run, as the machine is shared (default 1)",
    )
    group.add_argument(
        "--recording-keep-streams",
        action="store_true",
        help="also record each camera count above 1 with every camera's own stream kept (the "
        "desk's option), as a run of its own (reported, judged by no target)",
    )
    group.add_argument(
        "--recording-skip-realtime", action="store_true", help="skip the real-time recordings"
    )
    group.add_argument(
        "--recording-skip-throughput", action="store_true", help="skip the throughput comparison"
    )
    group.add_argument(
        "--recording-keep",
        type=Path,
        metavar="DIR",
        help="keep the videos in DIR (default: a temporary folder, removed afterwards)",
    )


# ---------------------------------------------------------------------------- real time


@dataclass
class RealtimeRun:
    """One live recording of the demo scene through CaptureThread and Recorder."""

    size: str
    width: int
    height: int
    seconds: float
    wall_s: float
    captured: int
    encoded: int
    dropped: int
    video_s: float
    effective_fps: float
    cpu_pct: float  # whole process, % of one core
    capture_thread_pct: float
    encoder_thread_pct: float
    machine_busy_pct: float  # every process on every core, % of the whole machine
    rss_quarters_mb: list[float]  # at 25, 50, 75 and 100 % of the run
    peak_rss_mb: float
    rss_growth_mb: float
    file_mb: float
    bitrate_kbps: float
    error: str | None
    cameras: int = 1
    # Process CPU per frame in the video (ms): what a frame costs whatever the neighbours take
    # (dropped frames' capture is included, so under load it errs high), and the machine's
    # 1-minute load average when the run ended.
    cpu_ms_per_frame: float = 0.0
    load_average: float = 0.0
    round: int = 1
    # Two cameras: how far apart in capture time their pictures were in each video frame,
    # read from the clock each drew (ms), and frames whose clocks could not be read.
    drift_median_ms: float | None = None
    drift_p99_ms: float | None = None
    drift_max_ms: float | None = None
    drift_marked: int = 0  # frames with a camera shown late (grey, with its age)
    drift_unreadable: int = 0
    # Each camera's own stream kept as well (the desk's option): how many, and the frames
    # their files dropped (the composed video's own are in `dropped`).
    kept_streams: int = 0
    streams_dropped: int = 0
    streams_encoded: int = 0

    @property
    def label(self) -> str:
        return self.size if self.cameras == 1 else f"{self.cameras}× {self.size}"

    @property
    def title(self) -> str:
        """The label with the frame rate, and whether the cameras' own streams were kept."""
        return f"{self.label}30" + (" + own streams" if self.kept_streams else "")


def record_realtime(
    size: str, seconds: float, workdir: Path, cameras: int = 1, keep_streams: bool = False
) -> RealtimeRun:
    """Record the demo desk live for `seconds`, sampling CPU and memory while it runs.

    cameras > 1: that many demo cameras of this size, composed side by side into one video
    of this size (the desk's setting for a close-up camera), each drawing its capture time.
    keep_streams: each camera's own stream is kept as well, as a desk with the option does.
    """
    width, height = SIZES[size]
    proc = psutil.Process()
    path = workdir / f"realtime-{size}-{cameras}cam.mp4"
    if cameras == 1:
        source = DemoSource(width, height, FPS)
    else:
        source = ComposedSource(
            [DemoSource(width, height, FPS, clock=True) for _ in range(cameras)],
            Layout.SIDE_BY_SIDE,
            camera_ring_s=PREROLL_MARGIN_S + STREAM_RING_EXTRA_S if keep_streams else 0.0,
        )
    capture = open_capture(source)
    streams: list[KeptStream] = []
    try:
        recorder = Recorder(
            path,
            width,
            height,
            FPS,
            OverlayRenderer(width, height, INFO),
            EncoderSettings(),
            max_seconds=seconds,
        )
        threads0 = _thread_cpu(proc)
        cpu0 = _cpu_seconds(proc)
        psutil.cpu_percent(None)
        t0 = time.monotonic()
        capture.attach(recorder, with_preroll=False)
        if keep_streams:
            streams = start_camera_streams(
                capture, path, time.monotonic(), EncoderSettings().crf, "benchmark", 0
            )
        samples = [(0.0, proc.memory_info().rss)]
        deadline = t0 + seconds * 3 + 10
        timed_out = False
        while not recorder.finished.wait(SAMPLE_EVERY_S):
            samples.append((time.monotonic() - t0, proc.memory_info().rss))
            if time.monotonic() > deadline:
                timed_out = True
                break
        span = time.monotonic() - t0
        samples.append((span, proc.memory_info().rss))
        # Read the threads' CPU before stop() joins the encoder thread and its figures vanish.
        threads1 = _thread_cpu(proc)
        # A composition that fell behind skips output ticks: frames the video lacks, as dropped.
        # (Not `span`: that is the run's wall time, which the figures below are taken over.)
        timeline = recorder.timeline
        skipped = (
            source.skipped_between(timeline[0], timeline[1] + 0.5 / FPS)
            if isinstance(source, ComposedSource) and timeline is not None
            else 0
        )
        capture.detach(recorder)
        until = timeline[1] + 1 / FPS if timeline is not None else None
        for stream in streams:
            stream.recorder.until = until
        result = recorder.stop()
        kept = [k.result for k in stop_camera_streams(streams, "en", until)]
        wall = time.monotonic() - t0
        cpu = _cpu_seconds(proc) - cpu0
        busy = psutil.cpu_percent(None)
    finally:
        capture.stop()

    def thread_pct(prefix: str) -> float:
        used = sum(
            v - threads0.get(k, (prefix, 0.0))[1]
            for k, (name, v) in threads1.items()
            if name.startswith(prefix)
        )
        return 100 * used / span

    quarters = [_rss_at(samples, span * q) / MB for q in (0.25, 0.5, 0.75, 1.0)]
    video_s = result.duration_s
    error = result.error or (
        f"did not finish within {seconds * 3 + 10:.0f} s" if timed_out else None
    )
    drift = measure_drift(path, [(width, height)] * cameras) if cameras > 1 else None
    return RealtimeRun(
        cameras=cameras,
        kept_streams=len(kept) if keep_streams else 0,
        streams_dropped=sum(k.dropped for k in kept) if keep_streams else 0,
        streams_encoded=sum(k.frames for k in kept) if keep_streams else 0,
        cpu_ms_per_frame=round(1000 * cpu / max(1, result.frames), 1),
        load_average=round(os.getloadavg()[0], 2),
        drift_median_ms=drift[0] if drift else None,
        drift_p99_ms=drift[1] if drift else None,
        drift_max_ms=drift[2] if drift else None,
        drift_marked=drift[3] if drift else 0,
        drift_unreadable=drift[4] if drift else 0,
        size=size,
        width=width,
        height=height,
        seconds=seconds,
        wall_s=round(wall, 2),
        captured=recorder.offered + skipped,
        encoded=result.frames,
        dropped=result.dropped + skipped,
        video_s=video_s,
        effective_fps=round(result.frames / video_s, 2) if video_s else 0.0,
        cpu_pct=round(100 * cpu / wall, 1),
        capture_thread_pct=round(thread_pct("capture:"), 1),
        encoder_thread_pct=round(thread_pct("encoder:"), 1),
        machine_busy_pct=round(busy, 1),
        rss_quarters_mb=[round(v, 1) for v in quarters],
        peak_rss_mb=round(max(rss for _, rss in samples) / MB, 1),
        rss_growth_mb=round(quarters[3] - quarters[0], 1),
        file_mb=round(result.size_bytes / MB, 2),
        bitrate_kbps=round(result.size_bytes * 8 / video_s / 1000) if video_s else 0,
        error=error,
    )


def measure_drift(path: Path, sizes: list[tuple[int, int]]) -> tuple[float, float, float, int, int]:
    """Drift between the cameras' drawn clocks in a composed video, in ms: (median, 99th
    percentile, max) over the frames showing every camera live, then the frames with a
    camera marked late (its tile grey) and the frames whose clocks could not be read."""
    drifts: list[float] = []
    unreadable = marked = 0
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            image = frame.to_ndarray(format="bgr24")
            h, w = image.shape[:2]
            tiles = [
                image[r.y : r.y + r.h, r.x : r.x + r.w]
                for r in tile_rects(Layout.SIDE_BY_SIDE, w, h, sizes)
            ]
            if any(tile_is_grey(t) for t in tiles):
                marked += 1
                continue
            clocks = tile_clocks(image, Layout.SIDE_BY_SIDE, sizes)
            known = [c for c in clocks if c is not None]
            if len(known) < len(clocks):
                unreadable += 1
                continue
            drifts.append(1000 * (max(known) - min(known)))
    if not drifts:
        return float("inf"), float("inf"), float("inf"), marked, unreadable
    drifts.sort()
    p99 = drifts[min(len(drifts) - 1, round(0.99 * (len(drifts) - 1)))]
    return (
        round(statistics.median(drifts), 1),
        round(p99, 1),
        round(drifts[-1], 1),
        marked,
        unreadable,
    )


def tile_is_grey(tile: np.ndarray) -> bool:
    """A camera's tile marked late or lost: the composition greys it (the demo scene is coloured)."""
    small = tile[::8, ::8].astype(np.int16)
    return bool(((small.max(axis=2) - small.min(axis=2)) < 12).mean() > 0.97)


def _rss_at(samples: list[tuple[float, int]], t: float) -> int:
    """The RSS sample taken closest to t seconds into the run."""
    return min(samples, key=lambda s: abs(s[0] - t))[1]


def _thread_cpu(proc: psutil.Process) -> dict[int, tuple[str, float]]:
    """CPU seconds of each Python thread of this process, by native id, with its name."""
    names = {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}
    return {
        th.id: (names[th.id], th.user_time + th.system_time)
        for th in proc.threads()
        if th.id in names
    }


def _cpu_seconds(proc: psutil.Process) -> float:
    """CPU seconds used so far by this process and the children it has waited for."""
    t = proc.cpu_times()
    return t.user + t.system + t.children_user + t.children_system


# ---------------------------------------------------------------------------- throughput


@dataclass
class Push:
    """One variant pushing all its frames once."""

    variant: str
    round: int
    elapsed_s: float
    cpu_s: float
    file_bytes: int


@dataclass
class ThroughputResult:
    """Medians over the rounds for one frame size."""

    size: str
    frames: int
    rounds: int
    fps: dict[str, float | None]  # median frames per second of wall time
    cpu_ms_per_frame: dict[str, float | None]  # median CPU per frame, all threads and children
    file_mb: dict[str, float | None]
    # Medians of per-round ratios (each round runs a, b and c back to back):
    ratio_vs_bare: float | None  # (a) speed / (b) speed
    ratio_vs_ffmpeg: float | None  # (a) speed / (c) speed
    cpu_ratio_vs_ffmpeg: float | None  # (c) CPU per frame / (a) CPU per frame
    cpu_ratio_two_cameras: float | None  # (d) CPU per frame / (a) CPU per frame
    runs: list[dict]
    ffmpeg_skipped: str | None
    load_average: float  # the machine's 1-minute load when the rounds ended: how noisy they were


def prerender(width: int, height: int, count: int) -> list[np.ndarray]:
    """Demo frames drawn once into memory, so no variant pays for drawing them."""
    source = DemoSource(width, height, FPS)
    source.open()
    try:
        frames = []
        for _ in range(count):
            frame = source.read()
            if frame is None:
                raise BenchmarkError("the demo source stopped while pre-rendering")
            frames.append(frame)
        return frames
    finally:
        source.close()


def push_pipeline(frames: list[np.ndarray], total: int, path: Path) -> None:
    """(a) The Recorder itself: its encoder thread copies, overlays, converts and encodes."""
    height, width = frames[0].shape[:2]
    # A queue long enough for every frame: this measures how fast it drains, never drops.
    recorder = Recorder(
        path,
        width,
        height,
        FPS,
        OverlayRenderer(width, height, INFO),
        EncoderSettings(),
        queue_seconds=(total + 1) / FPS,
    )
    wall0 = datetime.now(UTC)
    for i in range(total):
        t = i / FPS
        recorder.offer(CapturedFrame(frames[i % len(frames)], t, wall0 + timedelta(seconds=t), i))
    result = recorder.stop()
    if result.error or result.dropped or result.frames != total:
        raise BenchmarkError(
            f"the pipeline wrote {result.frames} of {total} frames, dropped {result.dropped}"
            f"{': ' + result.error if result.error else ''}"
        )


def push_composed(frames: list[np.ndarray], total: int, path: Path) -> None:
    """(d) Two cameras: each output frame composed side by side from two cameras' frames (as
    ComposedSource does with both live), then the same Recorder as (a)."""
    height, width = frames[0].shape[:2]
    recorder = Recorder(
        path,
        width,
        height,
        FPS,
        OverlayRenderer(width, height, INFO),
        EncoderSettings(),
        queue_seconds=(total + 1) / FPS,
    )
    wall0 = datetime.now(UTC)
    n = len(frames)
    for i in range(total):
        t = i / FPS
        canvas = compose_two(frames[i % n], frames[(i + 7) % n])
        recorder.offer(CapturedFrame(canvas, t, wall0 + timedelta(seconds=t), i))
    result = recorder.stop()
    if result.error or result.dropped or result.frames != total:
        raise BenchmarkError(
            f"the two-camera pipeline wrote {result.frames} of {total} frames, dropped "
            f"{result.dropped}{': ' + result.error if result.error else ''}"
        )


def push_bare_pyav(frames: list[np.ndarray], total: int, path: Path) -> None:
    """(b) libx264 through PyAV with the pipeline's settings, no overlay, PyAV's own BGR conversion."""
    height, width = frames[0].shape[:2]
    settings = EncoderSettings()
    gop = str(max(1, round(FPS * settings.keyframe_seconds)))
    with av.open(str(path), "w", format="mp4", options=dict(FRAGMENTED_MP4)) as container:
        stream = container.add_stream("libx264", rate=Fraction(FPS).limit_denominator(1001))
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.options = {
            "crf": str(settings.crf),
            "preset": settings.preset,
            "g": gop,
            "keyint_min": gop,
        }
        stream.codec_context.time_base = TIME_BASE
        for i in range(total):
            frame = av.VideoFrame.from_ndarray(frames[i % len(frames)], format="bgr24")
            frame.pts = round(i * 1000 / FPS)
            frame.time_base = TIME_BASE
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))


def ffmpeg_command(ffmpeg: str, font: str | None, width: int, height: int, path: Path) -> list[str]:
    """(c)'s command: raw BGR on stdin, a drawtext clock burned in, libx264 at the same settings."""
    settings = EncoderSettings()
    gop = str(max(1, round(FPS * settings.keyframe_seconds)))
    px = max(12, round(height / 30))  # the pipeline's overlay text size
    font_opt = f"fontfile='{_filter_escape(font)}'" if font else "font='Sans'"
    drawtext = (
        f"drawtext={font_opt}:text='%{{localtime}}':fontsize={px}:fontcolor=white"
        f":box=1:boxcolor=black@0.65:boxborderw={max(3, px // 3)}:x={px // 2}:y={px // 2}"
    )
    fragmented = [arg for key, value in FRAGMENTED_MP4.items() for arg in (f"-{key}", value)]
    return [
        ffmpeg,
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "bgr24",
        "-s",
        f"{width}x{height}",
        "-r",
        f"{FPS:g}",
        "-i",
        "-",
        "-vf",
        drawtext,
        "-c:v",
        "libx264",
        "-crf",
        str(settings.crf),
        "-preset",
        settings.preset,
        "-g",
        gop,
        "-keyint_min",
        gop,
        "-pix_fmt",
        "yuv420p",
        *fragmented,
        "-y",
        str(path),
    ]


def push_ffmpeg(
    ffmpeg: str, font: str | None, frames: list[np.ndarray], total: int, path: Path
) -> None:
    """(c) Raw frames written into an ffmpeg process's stdin, as other recorders do."""
    height, width = frames[0].shape[:2]
    log_path = path.with_suffix(".log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            ffmpeg_command(ffmpeg, font, width, height, path),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        assert proc.stdin is not None
        try:
            for i in range(total):
                proc.stdin.write(frames[i % len(frames)].data)
            proc.stdin.close()
        except BrokenPipeError:
            pass  # ffmpeg quit early; its log says why
        code = proc.wait()
    if code != 0:
        raise BenchmarkError(
            f"ffmpeg exited with status {code}: {log_path.read_text(errors='replace')[-500:]}"
        )


def _filter_escape(value: str) -> str:
    """Escape a value for a quoted ffmpeg filter option (a font path)."""
    return value.replace("\\", "\\\\").replace("'", "'\\''").replace(":", "\\:")


def find_font() -> str | None:
    """The file of DejaVu Sans (or whatever fontconfig offers instead), for drawtext."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if out and Path(out).is_file() else None


def count_frames(path: Path) -> int:
    """Video frames in a file, by counting its packets (one per frame for H.264 here)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return sum(1 for packet in container.demux(stream) if packet.size)


def measure_throughput(
    size: str,
    total: int,
    rounds: int,
    distinct: int,
    workdir: Path,
    ffmpeg: str | None,
    font: str | None,
) -> ThroughputResult:
    """Run (a), (b), (c) and (d) interleaved, rotating their order each round; return medians."""
    width, height = SIZES[size]
    frames = prerender(width, height, min(distinct, total))
    variants: dict[str, Callable[[Path], None]] = {
        "a": lambda p: push_pipeline(frames, total, p),
        "b": lambda p: push_bare_pyav(frames, total, p),
        "d": lambda p: push_composed(frames, total, p),
    }
    if ffmpeg is not None:
        variants["c"] = lambda p: push_ffmpeg(ffmpeg, font, frames, total, p)
    proc = psutil.Process()
    runs: list[Push] = []
    names = list(variants)
    ffmpeg_skipped = None if ffmpeg else "no ffmpeg on PATH"
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        done: list[Push] = []
        for name in order:
            if name not in names:
                continue
            path = workdir / f"throughput-{size}-{name}.mp4"
            path.unlink(missing_ok=True)
            cpu0, t0 = _cpu_seconds(proc), time.perf_counter()
            try:
                variants[name](path)
            except BenchmarkError as exc:
                if name != "c":
                    raise
                # A broken or stripped-down ffmpeg must not cost the rest of the figures.
                ffmpeg_skipped = str(exc)
                names.remove("c")
                runs = [p for p in runs if p.variant != "c"]
                print(f"  (c) ffmpeg pipe failed and is left out: {exc}", flush=True)
                continue
            elapsed, cpu = time.perf_counter() - t0, _cpu_seconds(proc) - cpu0
            done.append(Push(name, r, elapsed, cpu, path.stat().st_size))
        runs += done
        print(
            f"  {size} round {r + 1}/{rounds}: "
            + ", ".join(f"({p.variant}) {total / p.elapsed_s:.0f} fps" for p in done),
            flush=True,
        )
    for name in names:
        got = count_frames(workdir / f"throughput-{size}-{name}.mp4")
        if got != total:
            raise BenchmarkError(f"variant ({name}) at {size} wrote {got} frames, not {total}")

    def median(name: str, value: Callable[[Push], float]) -> float | None:
        values = [value(p) for p in runs if p.variant == name]
        return statistics.median(values) if values else None

    fps = {n: _round(median(n, lambda p: total / p.elapsed_s), 1) for n in "abcd"}
    cpu_ms = {n: _round(median(n, lambda p: 1000 * p.cpu_s / total), 2) for n in "abcd"}
    file_mb = {n: _round(median(n, lambda p: p.file_bytes / MB), 2) for n in "abcd"}
    return ThroughputResult(
        size=size,
        frames=total,
        rounds=rounds,
        fps=fps,
        cpu_ms_per_frame=cpu_ms,
        file_mb=file_mb,
        ratio_vs_bare=_paired_ratio(runs, "b", lambda p: p.elapsed_s),
        ratio_vs_ffmpeg=_paired_ratio(runs, "c", lambda p: p.elapsed_s),
        cpu_ratio_vs_ffmpeg=_paired_ratio(runs, "c", lambda p: p.cpu_s),
        cpu_ratio_two_cameras=_paired_ratio(runs, "d", lambda p: p.cpu_s),
        runs=[asdict(p) for p in runs],
        ffmpeg_skipped=ffmpeg_skipped,
        load_average=round(os.getloadavg()[0], 1),
    )


def _paired_ratio(runs: list[Push], other: str, cost: Callable[[Push], float]) -> float | None:
    """Median over rounds of other's cost / (a)'s cost in the same round (a/other in speed).

    Neighbours' load drifts over minutes; comparing runs made back to back cancels most of it.
    """
    by_round: dict[int, dict[str, Push]] = {}
    for p in runs:
        by_round.setdefault(p.round, {})[p.variant] = p
    ratios = [
        cost(pair[other]) / cost(pair["a"])
        for pair in by_round.values()
        if "a" in pair and other in pair and cost(pair["a"]) > 0
    ]
    return round(statistics.median(ratios), 2) if ratios else None


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# ---------------------------------------------------------------------------- breakdown


def compose_two(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """What ComposedSource.compose does per output frame with two live cameras, side by side."""
    h, w = a.shape[:2]
    canvas = np.zeros_like(a)
    for image, rect in zip(
        (a, b), tile_rects(Layout.SIDE_BY_SIDE, w, h, [(w, h)] * 2), strict=True
    ):
        paste_tile(canvas, image, rect)
    return canvas


def step_costs(size: str, count: int = 60) -> dict[str, float]:
    """Single-threaded CPU cost of each step the encoder thread does before libx264, in ms/frame."""
    width, height = SIZES[size]
    frames = prerender(width, height, min(count, 30))
    overlay = OverlayRenderer(width, height, INFO)
    buffer = np.empty_like(frames[0])
    jpegs = [cv2.imencode(".jpg", f, [cv2.IMWRITE_JPEG_QUALITY, 85])[1] for f in frames[:10]]
    wall0 = datetime.now(UTC)
    steps: dict[str, Callable[[int], object]] = {
        "copy (np.copyto)": lambda i: np.copyto(buffer, frames[i % len(frames)]),
        "overlay blend": lambda i: overlay.apply(
            buffer, wall0 + timedelta(seconds=i / FPS), i / FPS
        ),
        "BGR→I420 (cv2)": lambda i: cv2.cvtColor(buffer, cv2.COLOR_BGR2YUV_I420),
        "I420 → av.VideoFrame": lambda i: av.VideoFrame.from_ndarray(
            cv2.cvtColor(buffer, cv2.COLOR_BGR2YUV_I420), format="yuv420p"
        ),
        "BGR→yuv420p (PyAV swscale)": lambda i: av.VideoFrame.from_ndarray(
            buffer, format="bgr24"
        ).reformat(format="yuv420p"),
        # Two cameras of this size side by side into one picture of this size (the capture
        # side's extra work per output frame; the encoder's work is unchanged).
        "compose 2 cameras side by side": lambda i: compose_two(
            frames[i % len(frames)], frames[(i + 7) % len(frames)]
        ),
        # What a USB camera's capture thread does per frame at 1080p30 (they deliver MJPG).
        CAMERA_DECODE: lambda i: cv2.imdecode(jpegs[i % len(jpegs)], cv2.IMREAD_COLOR),
    }
    costs = {}
    for name, step in steps.items():
        step(0)  # warm caches and the text cache's first render
        t0 = time.thread_time()
        for i in range(count):
            step(i)
        costs[name] = round(1000 * (time.thread_time() - t0) / count, 2)
    # The wrap step above included a conversion; report the wrap alone.
    costs["I420 → av.VideoFrame"] = round(
        max(0.0, costs["I420 → av.VideoFrame"] - costs["BGR→I420 (cv2)"]), 2
    )
    return costs


# ---------------------------------------------------------------------------- run


def machine_info(ffmpeg: str | None) -> dict[str, object]:
    """What the figures were measured on, so a reader can judge them."""
    ffmpeg_version = None
    if ffmpeg:
        try:
            first = subprocess.run(
                [ffmpeg, "-version"], capture_output=True, text=True, timeout=10
            ).stdout.splitlines()
            ffmpeg_version = first[0] if first else None
        except (OSError, subprocess.SubprocessError):
            ffmpeg_version = None
    cpu_model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    avcodec = av.library_versions.get("libavcodec")
    return {
        "cpu": cpu_model,
        "logical_cores": psutil.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "pyav": av.__version__,
        "pyav_libavcodec": ".".join(map(str, avcodec)) if avcodec else None,
        "opencv": cv2.__version__,
        "ffmpeg_cli": ffmpeg_version,
        "encoder": asdict(EncoderSettings()),
    }


def run(args: argparse.Namespace) -> dict:
    """Run the real-time recordings, then the throughput comparison; print tables; return the figures."""
    sizes = [s.strip() for s in args.recording_sizes.split(",") if s.strip()]
    bad = [s for s in sizes if s not in SIZES]
    if bad:
        raise SystemExit(f"Unknown size {', '.join(bad)}; use {', '.join(SIZES)}.")
    ensure_text_rendering()
    ffmpeg = shutil.which("ffmpeg")
    font = find_font() if ffmpeg else None
    info = machine_info(ffmpeg)
    print(
        f"Machine: {info['cpu']}, {info['logical_cores']} logical cores, load {info['load_average']}; "
        f"PyAV {info['pyav']} (libavcodec {info['pyav_libavcodec']}), OpenCV {info['opencv']}"
    )
    settings = EncoderSettings()
    print(
        f"Encoder: libx264 crf {settings.crf}, preset {settings.preset}, "
        f"keyframe every {settings.keyframe_seconds:g} s, yuv420p, fragmented MP4"
    )
    figures: dict[str, object] = {"machine": info, "sizes": sizes}
    targets: list[dict[str, str]] = []

    keep = args.recording_keep.expanduser() if args.recording_keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="inspector-bench-") as tmp:
        workdir = keep or Path(tmp)
        if not args.recording_skip_realtime:
            realtime = []
            counts = [int(c) for c in args.recording_cameras.split(",") if c.strip()]
            rounds = max(1, args.recording_runs)
            # Interleaved (one camera, then two, round after round) so a neighbour's burst
            # of work falls on both alike.
            for n in range(1, rounds + 1):
                for size in sizes:
                    for cameras in counts:
                        if cameras > 1 and size != "1080p":
                            continue  # the target: two 1080p30 cameras on 2 cores
                        what = (
                            "the demo desk" if cameras == 1 else f"{cameras} demo cameras composed"
                        )
                        print(
                            f"Recording {what} at {size}30 for {args.seconds:g} s"
                            + (f" (round {n} of {rounds})" if rounds > 1 else "")
                            + "…",
                            flush=True,
                        )
                        run_ = record_realtime(size, args.seconds, workdir, cameras)
                        run_.round = n
                        realtime.append(run_)
                        if cameras > 1 and args.recording_keep_streams:
                            print("… and with each camera's own stream kept", flush=True)
                            run_ = record_realtime(
                                size, args.seconds, workdir, cameras, keep_streams=True
                            )
                            run_.round = n
                            realtime.append(run_)
            print()
            print(realtime_table(realtime))
            print(
                "\neff. fps = encoded frames / video duration. CPU % is of one core (200 % = both "
                "cores of a 2-core machine); 'machine busy' counts every process, ours included."
            )
            figures["realtime"] = [asdict(r) for r in realtime]
            # The targets are the composed video's; kept streams are an option, shown.
            targets += realtime_targets([r for r in realtime if not r.kept_streams])
            targets += kept_stream_lines([r for r in realtime if r.kept_streams])
        if not args.recording_skip_throughput:
            if ffmpeg is None:
                print(
                    "\n(c) ffmpeg pipe: SKIPPED — no `ffmpeg` on PATH. Install it "
                    "(Debian: sudo apt-get install ffmpeg, or run `make bench` as root)."
                )
            elif font is None:
                print(
                    "\n(c) ffmpeg pipe: no font file found by fc-match; drawtext uses font='Sans'."
                )
            print(
                f"\nThroughput: {args.recording_frames} frames per variant, {args.recording_rounds} interleaved rounds…",
                flush=True,
            )
            throughput = [
                measure_throughput(
                    size,
                    args.recording_frames,
                    args.recording_rounds,
                    args.recording_distinct_frames,
                    workdir,
                    ffmpeg,
                    font,
                )
                for size in sizes
            ]
            costs = {size: step_costs(size) for size in sizes}
            print()
            print(throughput_table(throughput))
            print(
                "\n(a) pipeline: Recorder's encoder thread — copy, overlay, BGR→I420 (cv2), libx264, fMP4"
                "\n(b) bare libx264 through PyAV, same settings, no overlay, PyAV's BGR conversion"
                "\n(c) raw BGR piped into `ffmpeg` with a drawtext clock, libx264, same settings"
                "\nCPU ms/frame counts every thread of this process and, for (c), the ffmpeg child."
                "\na/b and a/c are medians of per-round speed ratios (a, b, c run back to back)."
            )
            print()
            print(costs_table(costs, throughput))
            figures["throughput"] = [asdict(t) for t in throughput]
            figures["step_costs_ms"] = costs
            targets += throughput_targets(throughput)
            targets += two_camera_cost_targets(throughput, costs)
        if keep:
            print(f"\nVideos kept in {keep}")
    figures["targets"] = targets
    return figures


# ---------------------------------------------------------------------------- report


def realtime_table(runs: list[RealtimeRun]) -> str:
    """The real-time figures, one row per frame size."""
    rows = []
    for r in runs:
        q = r.rss_quarters_mb
        rows.append(
            [
                f"{r.title}, {r.seconds:g} s" + (f" #{r.round}" if r.round > 1 else ""),
                r.captured,
                r.encoded,
                f"{r.dropped} ({100 * r.dropped / max(1, r.captured):.1f} %)",
                f"{r.effective_fps:.2f}",
                f"{r.cpu_pct:.0f} %",
                f"{r.cpu_ms_per_frame:.1f}",
                f"{r.capture_thread_pct:.0f} % / {r.encoder_thread_pct:.0f} %",
                f"{r.machine_busy_pct:.0f} %",
                f"{r.load_average:.1f}",
                f"{r.peak_rss_mb:.0f}",
                " / ".join(f"{v:.0f}" for v in q),
                f"{r.bitrate_kbps / 1000:.2f}",
            ]
        )
    table = markdown_table(
        [
            "real time",
            "captured",
            "encoded",
            "dropped",
            "eff. fps",
            "CPU",
            "CPU ms/frame",
            "capture / encoder thread",
            "machine busy",
            "load",
            "peak RSS MB",
            "RSS MB at 25/50/75/100 %",
            "Mbit/s",
        ],
        rows,
    )
    errors = [f"{r.label}: {r.error}" for r in runs if r.error]
    drift = [
        f"\n{r.title} drift between the cameras (read from their clocks in the video): median "
        f"{r.drift_median_ms:.0f} ms, 99th percentile {r.drift_p99_ms:.0f} ms, max "
        f"{r.drift_max_ms:.0f} ms; {r.drift_marked} frames with a camera shown late, "
        f"{r.drift_unreadable} unreadable"
        for r in runs
        if r.drift_max_ms is not None
    ]
    return (
        table
        + "".join(drift)
        + "".join(f"\nERROR {e}" for e in errors)
        + "".join(f"\n{line}" for line in median_lines(runs))
    )


def median_runs(runs: list[RealtimeRun]) -> list[RealtimeRun]:
    """Each (size, camera count)'s median run by dropped share (the upper middle of an even count)."""
    return [
        sorted(g, key=lambda r: (r.dropped / max(1, r.captured), r.cpu_ms_per_frame))[len(g) // 2]
        for g in _groups(runs).values()
    ]


def median_lines(runs: list[RealtimeRun]) -> list[str]:
    """With several rounds: medians per camera count, and two cameras' CPU per frame against one's."""
    if len({r.round for r in runs}) < 2:
        return []
    lines = []
    cpu: dict[tuple[str, int], float] = {}
    for (size, cameras, kept), group in _groups(runs).items():
        per_frame = statistics.median(r.cpu_ms_per_frame for r in group)
        if not kept:
            cpu[size, cameras] = per_frame
        lines.append(
            f"{group[0].title}, median of {len(group)} runs: dropped "
            f"{statistics.median(100 * r.dropped / max(1, r.captured) for r in group):.1f} %, "
            f"CPU {statistics.median(r.cpu_pct for r in group):.0f} % of a core, "
            f"{per_frame:.1f} ms per frame, load {statistics.median(r.load_average for r in group):.1f}"
        )
    for (size, cameras), value in cpu.items():
        if cameras > 1 and (size, 1) in cpu and cpu[size, 1] > 0:
            lines.append(
                f"{cameras} cameras / one camera at {size}30, CPU per frame: "
                f"{value / cpu[size, 1]:.2f}×"
            )
    return lines


def _groups(runs: list[RealtimeRun]) -> dict[tuple[str, int, bool], list[RealtimeRun]]:
    groups: dict[tuple[str, int, bool], list[RealtimeRun]] = {}
    for r in runs:
        groups.setdefault((r.size, r.cameras, r.kept_streams > 0), []).append(r)
    return groups


def throughput_table(results: list[ThroughputResult]) -> str:
    """Median fps and CPU per frame of (a), (b), (c), (d), and the ratios, one row per size."""
    rows = []
    for t in results:
        rows.append(
            [
                f"{t.size}, {t.frames} frames × {t.rounds}",
                _fmt(t.fps["a"], "{:.0f}"),
                _fmt(t.fps["b"], "{:.0f}"),
                _fmt(t.fps["c"], "{:.0f}", "skipped"),
                _fmt(t.ratio_vs_bare, "{:.2f}"),
                _fmt(t.ratio_vs_ffmpeg, "{:.2f}", "—"),
                _fmt(t.fps["d"], "{:.0f}"),
                _fmt(t.cpu_ratio_two_cameras, "{:.2f}"),
                " / ".join(_fmt(t.cpu_ms_per_frame[n], "{:.1f}", "—") for n in "abcd"),
                " / ".join(_fmt(t.file_mb[n], "{:.1f}", "—") for n in "abc"),
                f"{t.load_average:.1f}",
            ]
        )
    return markdown_table(
        [
            "throughput (median)",
            "(a) pipeline fps",
            "(b) bare PyAV fps",
            "(c) ffmpeg pipe fps",
            "a/b",
            "a/c",
            "(d) 2 cameras fps",
            "CPU d/a",
            "CPU ms/frame a / b / c / d",
            "file MB a / b / c",
            "load avg",
        ],
        rows,
    )


def costs_table(costs: dict[str, dict[str, float]], results: list[ThroughputResult]) -> str:
    """Where the encoder thread's time goes before and inside libx264, per frame."""
    sizes = list(costs)
    steps = list(next(iter(costs.values())))
    rows = [[step, *(f"{costs[s][step]:.2f}" for s in sizes)] for step in steps]
    pipeline_steps = ("copy (np.copyto)", "overlay blend", "BGR→I420 (cv2)", "I420 → av.VideoFrame")
    by_size = {t.size: t for t in results}
    rest = []
    for s in sizes:
        total = by_size[s].cpu_ms_per_frame["a"] if s in by_size else None
        before = sum(costs[s][k] for k in pipeline_steps)
        rest.append(f"{total - before:.2f}" if total is not None else "—")
    rows.append(["libx264 + mux (rest of (a)'s CPU)", *rest])
    return markdown_table(["step, CPU ms per frame", *sizes], rows)


def _fmt(value: float | None, spec: str, missing: str = "—") -> str:
    return missing if value is None else spec.format(value)


def kept_stream_lines(runs: list[RealtimeRun]) -> list[dict[str, str]]:
    """Runs with each camera's own stream kept: what they cost, as INFO lines (no target)."""
    return [
        {
            "target": f"{r.cameras} cameras at {r.size}30 composed, each camera's own stream "
            "kept as well (the desk's option; no target)",
            "status": "INFO",
            "measured": f"round {r.round}: composed video dropped {r.dropped} of {r.captured} "
            f"({r.dropped / max(1, r.captured):.1%}); the {r.kept_streams} own streams encoded "
            f"{r.streams_encoded} frames and dropped {r.streams_dropped}; CPU {r.cpu_pct:.0f} % "
            f"of a core, peak RSS {r.peak_rss_mb:.0f} MB, load {r.load_average:.1f}",
        }
        for r in runs
    ]


def realtime_targets(runs: list[RealtimeRun]) -> list[dict[str, str]]:
    """PASS/MISS for dropped frames and flat memory, per size and camera count (its median run)."""
    targets = []
    counts = {key: len(group) for key, group in _groups(runs).items()}
    runs = median_runs(runs)
    single = {r.size: r for r in runs if r.cameras == 1}
    for r in runs:
        of = counts[r.size, r.cameras, False]
        median_of = f" (median of {of} runs)" if of > 1 else ""
        share = r.dropped / max(1, r.captured)
        limit = MAX_DROPPED_SHARE[r.size] if r.cameras == 1 else 0.01
        wanted = "no dropped frames" if limit == 0 else f"at most {limit:.0%} dropped"
        ok = share <= limit and r.error is None and r.captured > 0
        what = (
            f"{r.size}30 live recording"
            if r.cameras == 1
            else f"{r.cameras} cameras at {r.size}30 composed into one {r.size}30 video"
        )
        cost = ""
        if r.cameras > 1 and r.size in single and single[r.size].cpu_pct > 0:
            one = single[r.size]
            cost = (
                f"; CPU {r.cpu_pct:.0f} % of a core vs {one.cpu_pct:.0f} % for one camera "
                f"({r.cpu_pct / one.cpu_pct:.2f}×; per frame {r.cpu_ms_per_frame:.1f} vs "
                f"{one.cpu_ms_per_frame:.1f} ms), peak RSS {r.peak_rss_mb:.0f} vs "
                f"{one.peak_rss_mb:.0f} MB"
            )
        targets.append(
            {
                "target": f"{what}, {wanted}",
                "status": "PASS" if ok else "MISS",
                "measured": f"dropped {r.dropped} of {r.captured} ({share:.1%}){median_of}; "
                f"{r.cpu_ms_per_frame:.1f} ms CPU per frame, load {r.load_average:.1f}"
                + cost
                + (f"; {r.error}" if r.error else ""),
            }
        )
        if r.drift_max_ms is not None:
            off = r.drift_marked + r.drift_unreadable
            in_sync = r.drift_max_ms <= MAX_DRIFT_MS and off <= r.encoded * 0.01
            targets.append(
                {
                    "target": f"{what}: cameras within {MAX_DRIFT_MS:.0f} ms of each other "
                    "(≤ 1 % of frames with a camera shown late)",
                    "status": "PASS" if in_sync else "MISS",
                    "measured": f"drift median {r.drift_median_ms:.0f} ms, p99 "
                    f"{r.drift_p99_ms:.0f} ms, max {r.drift_max_ms:.0f} ms over {r.seconds:g} s; "
                    f"{r.drift_marked} of {r.encoded} frames with a camera shown late, "
                    f"{r.drift_unreadable} unreadable",
                }
            )
        flat = r.rss_growth_mb <= FLAT_MEMORY_MB
        # libx264 fills its lookahead and reference frames over the first seconds; a run
        # shorter than this puts that warm-up after the 25 % mark and says nothing of leaks.
        judged = r.seconds >= MIN_SECONDS_FOR_MEMORY
        targets.append(
            {
                "target": f"{r.label}30 memory flat over the run (growth ≤ {FLAT_MEMORY_MB:g} MB from 25 % to 100 %)",
                "status": ("PASS" if flat else "MISS") if judged else "SKIP",
                "measured": "RSS "
                + " → ".join(f"{v:.0f}" for v in r.rss_quarters_mb)
                + f" MB ({r.rss_growth_mb:+.1f} MB)"
                + ("" if judged else f"; a {r.seconds:g} s run is too short to judge"),
            }
        )
    return targets


def throughput_targets(results: list[ThroughputResult]) -> list[dict[str, str]]:
    """PASS/MISS for the pipeline being at least as fast as the ffmpeg pipe, per size."""
    targets = []
    for t in results:
        target = (
            f"{t.size} pipeline at least as fast as the ffmpeg pipe (a/c ≥ {MIN_RATIO_VS_FFMPEG:g})"
        )
        if t.ratio_vs_ffmpeg is None:
            targets.append(
                {
                    "target": target,
                    "status": "SKIP",
                    "measured": t.ffmpeg_skipped or "no (c) figures",
                }
            )
            continue
        targets.append(
            {
                "target": target,
                "status": "PASS" if t.ratio_vs_ffmpeg >= MIN_RATIO_VS_FFMPEG else "MISS",
                "measured": f"a/c = {t.ratio_vs_ffmpeg:.2f} (median fps {t.fps['a']:.0f} vs {t.fps['c']:.0f}); "
                f"CPU per frame c/a = {_fmt(t.cpu_ratio_vs_ffmpeg, '{:.2f}')}",
            }
        )
    return targets


def two_camera_cost_targets(
    results: list[ThroughputResult], costs: dict[str, dict[str, float]]
) -> list[dict[str, str]]:
    """Two 1080p30 cameras' CPU per frame against one core's time at 30 fps: an INFO line.

    What a frame costs in CPU time hardly depends on what the neighbours run (wall time does):
    (d)'s CPU per frame (composing and encoding) plus two cameras' MJPEG decodes, against
    1/30 s. It was a target until session 6 measured it quiet: one camera alone comes to
    45 ms by the same sum on this host, and yet records at full rate, libx264's threads using
    both cores. One core is not what a recording needs, so the figure is reported, not
    judged; the real-time runs' dropped frames and memory are the targets.
    """
    targets = []
    for t in results:
        composed = t.cpu_ms_per_frame.get("d")
        if t.size != "1080p" or composed is None:
            continue
        decode = costs.get(t.size, {}).get(CAMERA_DECODE, 0.0)
        total = composed + 2 * decode
        budget = 1000 / FPS
        one = t.cpu_ms_per_frame.get("a")
        targets.append(
            {
                "target": "2 cameras at 1080p30 composed into one 1080p30 video: CPU per frame "
                f"against one core's time at 30 fps ({budget:.1f} ms)",
                "status": "INFO",
                "measured": f"{total:.1f} ms = composing and encoding {composed:.1f} ms + 2 × "
                f"MJPEG decode {decode:.1f} ms; one camera {_fmt(one, '{:.1f}')} + "
                f"{decode:.1f} ms (CPU d/a {_fmt(t.cpu_ratio_two_cameras, '{:.2f}')}); "
                f"load {t.load_average:.1f}",
            }
        )
    return targets
