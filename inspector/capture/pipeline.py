"""The recording pipeline: one capture thread per camera, one encoder thread per recording.

camera ─▶ capture thread ─┬─▶ latest frame ──▶ preview
                          ├─▶ pre-roll ring buffer
                          └─▶ bounded queue ─▶ encoder thread: overlay ─▶ libx264 ─▶ fMP4

The capture thread never waits for the encoder or the GUI: when the recording's queue
is full the frame is dropped and counted.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from inspector.capture.encoder import EncoderSettings, H264Writer
from inspector.capture.overlay import OverlayRenderer
from inspector.capture.sources import FrameSource
from inspector.core.errors import EncoderError, SourceError
from inspector.core.hashing import sha256_file

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CapturedFrame:
    """A frame and the moment it was captured (monotonic for the timeline, wall clock for the overlay)."""

    image: np.ndarray
    t: float
    wall: datetime
    seq: int


class CaptureThread:
    """Reads a source on its own thread and hands each frame to the preview, pre-roll and recorder."""

    def __init__(
        self,
        source: FrameSource,
        preroll_seconds: float = 0.0,
        on_ended: Callable[[str | None], None] | None = None,
    ) -> None:
        self.source = source
        self.preroll_seconds = preroll_seconds
        self.on_ended = on_ended
        self.frames_captured = 0
        self.ended = threading.Event()
        self.end_reason: str | None = None
        self._latest: CapturedFrame | None = None
        self._lock = threading.Lock()
        self._recorders: list[Recorder] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._preroll: deque[CapturedFrame] = deque()
        # Anchor the wall clock once; monotonic offsets from it keep the overlay's clock
        # steady even if NTP steps the system clock mid-recording.
        self._wall0 = datetime.now(UTC)
        self._mono0 = time.monotonic()

    def start(self) -> None:
        """Open the source (raising SourceError if it cannot deliver) and start reading."""
        self.source.open()
        self._thread = threading.Thread(
            target=self._run, name=f"capture:{self.source.description}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.source.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def latest(self) -> CapturedFrame | None:
        """The newest frame, for the preview; never blocks the capture."""
        return self._latest

    def attach(self, recorder: Recorder, with_preroll: bool = True) -> None:
        """Start feeding a recorder, beginning with the pre-roll frames already held."""
        with self._lock:
            if with_preroll:
                for frame in self._preroll:
                    recorder.offer(frame)
            self._recorders.append(recorder)

    def detach(self, recorder: Recorder) -> None:
        with self._lock:
            if recorder in self._recorders:
                self._recorders.remove(recorder)

    def _run(self) -> None:
        reason: str | None = None
        seq = 0
        while not self._stop.is_set():
            try:
                image = self.source.read()
            except Exception as exc:  # a driver can raise anything; the desk must hear about it
                log.exception("Camera read failed")
                reason = f"{self.source.description} failed: {exc}"
                break
            if image is None:
                reason = (
                    None
                    if not self.source.is_live
                    else f"{self.source.description} stopped delivering pictures."
                )
                break
            t = time.monotonic()
            frame = CapturedFrame(image, t, self._wall0 + timedelta(seconds=t - self._mono0), seq)
            seq += 1
            self.frames_captured += 1
            self._latest = frame
            with self._lock:
                if self.preroll_seconds > 0:
                    self._preroll.append(frame)
                    while self._preroll and t - self._preroll[0].t > self.preroll_seconds:
                        self._preroll.popleft()
                for recorder in self._recorders:
                    recorder.offer(frame)
        self.end_reason = reason
        self.ended.set()
        if not self._stop.is_set():
            with self._lock:
                recorders = list(self._recorders)
            for recorder in recorders:
                recorder.source_ended(reason)
            if self.on_ended is not None:
                self.on_ended(reason)


@dataclass(frozen=True)
class RecordingResult:
    """What a finished recording file holds."""

    path: Path
    frames: int
    dropped: int
    duration_s: float
    size_bytes: int
    sha256: str
    started_at: datetime | None
    ended_at: datetime | None
    width: int
    height: int
    fps: float
    error: str | None = None


_STOP = object()


class Recorder:
    """One recording: a bounded queue and an encoder thread that burns in the overlay and writes H.264."""

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: float,
        overlay: OverlayRenderer,
        settings: EncoderSettings | None = None,
        max_seconds: float | None = None,
        queue_seconds: float = 1.0,
        metadata: dict[str, str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.width, self.height, self.fps = width, height, fps
        self.overlay = overlay
        self.max_seconds = max_seconds
        self.dropped = 0
        self.offered = 0
        self.finished = threading.Event()
        self.error: str | None = None
        self.end_reason: str | None = None
        self._writer = H264Writer(self.path, width, height, fps, settings, metadata)
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max(4, round(fps * queue_seconds)))
        self._accepting = True
        self._first: CapturedFrame | None = None
        self._last: CapturedFrame | None = None
        self._result: RecordingResult | None = None
        self._thread = threading.Thread(
            target=self._run, name=f"encoder:{self.path.name}", daemon=True
        )
        self._thread.start()

    @property
    def elapsed(self) -> float:
        """Seconds of video taken so far (capture time of the newest frame accepted)."""
        if self._first is None or self._last is None:
            return 0.0
        return self._last.t - self._first.t

    @property
    def frames_written(self) -> int:
        return self._writer.frames

    @property
    def started_wall(self) -> datetime | None:
        return self._first.wall if self._first else None

    def offer(self, frame: CapturedFrame) -> None:
        """Queue a frame without ever blocking the caller; count it as dropped when full."""
        if not self._accepting:
            return
        if frame.image.shape[0] != self.height or frame.image.shape[1] != self.width:
            self.dropped += 1
            return
        if self._first is None:
            self._first = frame
        elif self.max_seconds is not None and self._reached_limit(frame):
            self._accepting = False
            self.end_reason = "time limit reached"
            self.finished.set()
            return
        self.offered += 1
        try:
            self._queue.put_nowait(frame)
            self._last = frame
        except queue.Full:
            self.dropped += 1

    def _reached_limit(self, frame: CapturedFrame) -> bool:
        # By time for a camera that delivers fewer frames than promised; by count for a
        # paced source, whose first frame may arrive a few ms late and shift the timeline.
        assert self._first is not None and self.max_seconds is not None
        by_time = frame.t - self._first.t >= self.max_seconds - 0.5 / self.fps
        by_count = self.offered >= round(self.max_seconds * self.fps)
        return by_time or by_count

    def source_ended(self, reason: str | None) -> None:
        """The camera or file stopped delivering; the recording ends with what it has."""
        self._accepting = False
        self.end_reason = reason or "the source ended"
        self.finished.set()

    def _run(self) -> None:
        buffer: np.ndarray | None = None
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            if self.error is not None:
                continue  # drain after a failure so offer() keeps counting, never blocks
            frame: CapturedFrame = item  # type: ignore[assignment]
            # The capture thread shares this image with the preview; draw on a copy.
            if buffer is None:
                buffer = np.empty_like(frame.image)
            np.copyto(buffer, frame.image)
            self.overlay.apply(buffer, frame.wall, frame.t - self._first.t if self._first else 0.0)
            try:
                self._writer.write(buffer, frame.t)
            except EncoderError as exc:
                log.error("Encoder failed: %s", exc)
                self.error = str(exc)
                self._accepting = False
                self.finished.set()

    def stop(self) -> RecordingResult:
        """Stop accepting frames, encode what is queued, finish the file and hash it."""
        if self._result is not None:
            return self._result
        self._accepting = False
        self._queue.put(_STOP)
        self._thread.join()
        try:
            self._writer.close()
        except EncoderError as exc:
            self.error = self.error or str(exc)
        size = self.path.stat().st_size if self.path.exists() else 0
        sha = sha256_file(self.path) if size else ""
        first, last = self._first, self._last
        self._result = RecordingResult(
            path=self.path,
            frames=self._writer.frames,
            dropped=self.dropped,
            duration_s=round(self._writer.duration, 3),
            size_bytes=size,
            sha256=sha,
            started_at=first.wall if first else None,
            ended_at=(last.wall + timedelta(seconds=1 / self.fps)) if last else None,
            width=self.width,
            height=self.height,
            fps=self.fps,
            error=self.error,
        )
        self.finished.set()
        return self._result


def open_capture(source: FrameSource, preroll_seconds: float = 0.0) -> CaptureThread:
    """Open a source and start its capture thread; SourceError if it delivers nothing."""
    capture = CaptureThread(source, preroll_seconds)
    try:
        capture.start()
    except SourceError:
        source.close()
        raise
    return capture
