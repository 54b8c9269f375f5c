"""The recording pipeline: one capture thread per camera, one encoder thread per recording.

camera ─▶ capture thread ─┬─▶ latest frame ──▶ preview
                          ├─▶ pre-roll ring buffer
                          └─▶ bounded queue ─▶ encoder thread: overlay ─▶ libx264 ─▶ fMP4

The capture thread never waits for the encoder or the GUI: when the recording's queue
is full the frame is dropped and counted.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import av
import numpy as np

from inspector.capture.encoder import EncoderSettings, H264Writer
from inspector.capture.overlay import OverlayRenderer
from inspector.capture.sources import FrameSource, shortfall_words
from inspector.core.errors import EncoderError, SourceError, ValidationError
from inspector.core.hashing import sha256_file
from inspector.core.recovery import probe_video, trim_torn_tail
from inspector.core.storage import format_bytes
from inspector.i18n.language import ENGLISH
from inspector.i18n.phrases import say

log = logging.getLogger(__name__)

# Below this much free space a recording stops cleanly, well before the disk is full.
DEFAULT_MIN_FREE_BYTES = 200_000_000
# Memory the pre-roll ring may hold; beyond it the ring keeps every Nth frame (_preroll_stride).
PREROLL_MAX_BYTES = 300_000_000
# The ring holds this much more than the pre-roll, so the time spent starting a recording
# (database, files) does not eat into it: the video begins pre-roll seconds before the trigger.
PREROLL_MARGIN_S = 1.0
# A live camera's delivered frame rate is judged over this many seconds of frames.
RATE_WINDOW_S = 3.0


def disk_free_bytes(path: Path) -> int:
    """Free space on the disk holding path (a module function so tests can simulate a full disk)."""
    return shutil.disk_usage(path).free


class CaptureState(StrEnum):
    """Where a camera is: delivering, lost and waiting to retry, or finished."""

    STARTING = "starting"
    RUNNING = "running"
    LOST = "lost"  # no picture; the thread waits, then tries to reconnect
    ENDED = "ended"  # a file or the demo came to its end, or reconnecting is off
    STOPPED = "stopped"


@dataclass(frozen=True)
class CaptureEvent:
    """A change the operator must hear about: the camera was lost, came back, or ended."""

    kind: str  # "lost", "reconnected", "ended", or "slow" (fewer frames than asked)
    at: datetime
    message: str
    attempts: int = 0


@dataclass(frozen=True)
class CaptureStatus:
    """A snapshot for the station window: state, what went wrong, when the next retry is."""

    state: CaptureState
    message: str
    attempts: int
    retry_in_s: float | None


@dataclass(frozen=True, slots=True)
class CapturedFrame:
    """A frame and the moment it was captured (monotonic for the timeline, wall clock for the overlay)."""

    image: np.ndarray
    t: float
    wall: datetime
    seq: int


class CaptureThread:
    """Reads a source on its own thread and hands each frame to the preview, pre-roll and recorder.

    When a live camera stops delivering (unplugged, network drop) the recordings it feeds
    are finished up to the last frame, the state turns LOST with one event and one log
    line, and the thread reconnects by itself with exponential backoff until the camera
    returns or stop() is called. A file or the demo scene simply ends.
    """

    def __init__(
        self,
        source: FrameSource,
        preroll_seconds: float = 0.0,
        on_ended: Callable[[str | None], None] | None = None,
        on_event: Callable[[CaptureEvent], None] | None = None,
        reconnect: bool = True,
        backoff_initial: float = 1.0,
        backoff_max: float = 30.0,
        healthy_after: float = 10.0,
        on_frame: Callable[[CapturedFrame], None] | None = None,
        ring_margin: float = PREROLL_MARGIN_S,
    ) -> None:
        """on_frame: called on the capture thread with every frame (a composition pairing
        several cameras); it must return at once. ring_margin: seconds the ring keeps beyond
        the pre-roll (0 for a camera inside a composition, which records nothing itself)."""
        self.source = source
        self.on_frame = on_frame
        self.ring_margin = ring_margin
        self.preroll_seconds = preroll_seconds
        self.on_ended = on_ended
        # Called on the capture thread: a GUI must hand it to its own thread (a Qt signal).
        self.on_event = on_event
        self.reconnect = reconnect
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        # A camera must deliver this long before the backoff starts again from the shortest
        # wait: a device that opens and fails at once must not make a one-second loop.
        self.healthy_after = healthy_after
        self.frames_captured = 0
        self.reconnects = 0
        self.ended = threading.Event()
        self.end_reason: str | None = None
        self._state = CaptureState.STARTING
        self._state_message = ""
        self._attempts = 0
        self._retry_at: float | None = None
        self._events: deque[CaptureEvent] = deque(maxlen=100)
        self._latest: CapturedFrame | None = None
        self._lock = threading.Lock()
        self._recorders: list[Recorder] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._preroll: deque[CapturedFrame] = deque()
        self._stride: int | None = None  # pre-roll frame stride, set from the first frame
        # Arrival times of a live camera's recent frames, to tell when it delivers fewer than asked.
        self._arrivals: deque[float] = deque()
        self._slow_said = False
        # Anchor the wall clock once; monotonic offsets from it keep the overlay's clock
        # steady even if NTP steps the system clock mid-recording.
        self._wall0 = datetime.now(UTC)
        self._mono0 = time.monotonic()

    def start(self) -> None:
        """Open the source (raising SourceError if it cannot deliver) and start reading."""
        self.source.open()
        self._state = CaptureState.RUNNING
        self._thread = threading.Thread(
            target=self._run, name=f"capture:{self.source.description}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop reading (also during a reconnect wait) and release the camera."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            if self._thread.is_alive():
                # Still inside a driver call (a network open can take its full timeout);
                # the thread closes the source itself when that call returns.
                log.warning(
                    "The camera thread did not stop within 5 s; it will close the camera when it can"
                )
                return
        self.source.close()
        self._state = CaptureState.STOPPED

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def state(self) -> CaptureState:
        return self._state

    def status(self) -> CaptureStatus:
        """What the station window shows next to the preview; safe to call from any thread."""
        retry_at = self._retry_at
        retry_in = max(0.0, retry_at - time.monotonic()) if retry_at is not None else None
        return CaptureStatus(self._state, self._state_message, self._attempts, retry_in)

    def drain_events(self) -> list[CaptureEvent]:
        """Events since the last call, oldest first (for a GUI that polls on its timer)."""
        out = []
        while True:
            try:
                out.append(self._events.popleft())
            except IndexError:
                return out

    def delivered_fps(self) -> float | None:
        """Frames a second a live camera delivered over the last few seconds; None until known."""
        arrivals = list(self._arrivals)
        if len(arrivals) < 2 or arrivals[-1] - arrivals[0] < RATE_WINDOW_S * 0.9:
            return None
        return (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])

    def shortfall(self, language: str = ENGLISH) -> str:
        """In words, when the camera delivers clearly fewer frames a second than asked; else ''."""
        delivered = self.delivered_fps()
        if delivered is None:
            return ""
        # Only a rate the desk asked for is a promise; a network camera sends what it sends.
        asked = self.source.asked_fps
        return shortfall_words(language, self.source.describe(language), asked, delivered)

    def _count_arrival(self, now: float) -> None:
        self._arrivals.append(now)
        while now - self._arrivals[0] > RATE_WINDOW_S:
            self._arrivals.popleft()
        if not self._slow_said and (words := self.shortfall()):
            self._slow_said = True  # once per connection: the window keeps showing it
            log.warning("%s", words)
            self._emit("slow", words)

    def latest(self) -> CapturedFrame | None:
        """The newest frame, for the preview; never blocks the capture. None while the camera is lost."""
        return self._latest

    def check_can_record(self, language: str = ENGLISH) -> None:
        """Raise if a recording cannot start on this camera now (already recording, or lost).

        Call before creating an inspection, so a refusal leaves nothing half-made. The
        refusal is in `language`, for the operator; the cause in brackets stays as logged.
        """
        camera = self.source.describe(language)
        busy = [r for r in self._recorders if not r.finished.is_set()]
        if busy:
            raise ValidationError(
                say(
                    language,
                    "{camera} is already recording {file}. Stop that recording first "
                    "(one recording per camera).",
                    camera=camera,
                    file=busy[0].path.name,
                )
            )
        if self._state in (CaptureState.LOST, CaptureState.ENDED, CaptureState.STOPPED):
            raise SourceError(
                say(
                    language,
                    "{camera} is not delivering pictures right now ({cause}). Wait until it "
                    "is back, or choose another camera.",
                    camera=camera,
                    cause=self._state_message or self._state.value,
                )
            )

    def attach(
        self, recorder: Recorder, with_preroll: bool = True, since: float | None = None
    ) -> None:
        """Start feeding a recorder, beginning with the pre-roll frames already held.

        since: the monotonic time the video should begin at (the start trigger minus the
        pre-roll); by default the pre-roll counts back from now.
        One recording per camera: a second recorder while one is still running is refused.
        """
        with self._lock:
            self.check_can_record()
            if since is None:
                since = time.monotonic() - self.preroll_seconds
            backlog = [f for f in self._preroll if f.t >= since] if with_preroll else []
            if backlog:
                # The pre-roll arrives all at once: room for it on top of the live queue, or
                # all but the last second of it would be dropped (the frames are in memory
                # already; the queue only refers to them).
                recorder.make_room(len(backlog))
                for frame in backlog:
                    recorder.offer(frame)
            self._recorders.append(recorder)

    def _preroll_stride(self, image: np.ndarray) -> int:
        """Keep every Nth frame in the pre-roll so it fits PREROLL_MAX_BYTES (1 = every frame).

        3 s of 1080p BGR at 30 fps is ~560 MB; a 4K camera 2 GB. Past the budget the pre-roll
        keeps its length at a lower frame rate (the encoder takes capture times, so the video's
        timeline stays real time) instead of exhausting memory.
        """
        if self._stride is None:
            per_second = image.nbytes * max(1.0, float(self.source.fps or 30.0))
            held = self.preroll_seconds + self.ring_margin
            self._stride = max(1, math.ceil(per_second * held / PREROLL_MAX_BYTES))
            if self._stride > 1:
                log.info(
                    "Pre-roll keeps every %d. frame to stay within %d MB",
                    self._stride,
                    PREROLL_MAX_BYTES // 1_000_000,
                )
        return self._stride

    def detach(self, recorder: Recorder) -> None:
        with self._lock:
            if recorder in self._recorders:
                self._recorders.remove(recorder)

    def _emit(self, kind: str, message: str) -> None:
        event = CaptureEvent(kind, datetime.now(UTC), message, self._attempts)
        self._events.append(event)
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # a broken listener must not stop the camera
                log.exception("A capture event listener failed")

    def _read(self) -> tuple[np.ndarray | None, str | None]:
        """The next frame, or None with the reason the source gave none."""
        try:
            image = self.source.read()
        except Exception as exc:  # a driver can raise anything; the desk must hear about it
            return None, f"{self.source.description} failed: {exc}"
        if image is None:
            if not self.source.is_live:
                return None, None
            return None, f"{self.source.description} stopped delivering pictures."
        return image, None

    def _run(self) -> None:
        reason: str | None = None
        seq = 0
        delay = self.backoff_initial
        good_since = time.monotonic()
        try:
            while not self._stop.is_set():
                image, failure = self._read()
                if image is None:
                    if self._stop.is_set():
                        break
                    if not self.source.is_live or not self.reconnect:
                        reason = failure
                        break
                    self._lose(failure or "the camera stopped")
                    if time.monotonic() - good_since >= self.healthy_after:
                        delay = self.backoff_initial
                    delay = self._reconnect(delay)
                    if delay is None:
                        break  # stopped while waiting
                    good_since = time.monotonic()
                    continue
                paced = self.source.frame_time
                now = time.monotonic()
                t = paced if paced is not None else now
                if self.source.is_live:
                    self._count_arrival(now)
                frame = CapturedFrame(
                    image, t, self._wall0 + timedelta(seconds=t - self._mono0), seq
                )
                seq += 1
                self.frames_captured += 1
                self._latest = frame
                if self.on_frame is not None:
                    self.on_frame(frame)
                with self._lock:
                    # Even without pre-roll the ring keeps the last PREROLL_MARGIN_S, so frames
                    # that arrive while a recording is being set up are not lost.
                    if frame.seq % self._preroll_stride(image) == 0:
                        self._preroll.append(frame)
                    keep = self.preroll_seconds + self.ring_margin
                    while self._preroll and t - self._preroll[0].t > keep:
                        self._preroll.popleft()
                    for recorder in self._recorders:
                        recorder.offer(frame)
        finally:
            if self._stop.is_set():
                self.source.close()
        self.end_reason = reason
        if not self._stop.is_set():
            self._state = CaptureState.ENDED
            self._state_message = reason or "the source ended"
            with self._lock:
                recorders = list(self._recorders)
            for recorder in recorders:
                recorder.source_ended(reason)
            self._emit("ended", self._state_message)
            if self.on_ended is not None:
                self.on_ended(reason)
        self.ended.set()

    def _lose(self, reason: str) -> None:
        """The camera went away: finish every recording it fed, then say so once."""
        self._latest = None
        with self._lock:
            recorders = list(self._recorders)
            self._recorders.clear()
            self._preroll.clear()  # frames from before the loss are not this camera's "now"
            self._arrivals.clear()
            self._slow_said = False
        self._state = CaptureState.LOST
        self._state_message = reason
        self._attempts = 0
        finished = []
        for recorder in recorders:
            recorder.source_ended(reason, lost=True)
            # Finalize here, not when the GUI gets round to it: the file is complete and
            # hashed even if nobody presses anything before the next crash.
            result = recorder.stop()
            finished.append(f"{result.path.name} ({result.duration_s:.1f} s)")
        self.source.release_lost()
        log.warning(
            "Camera lost: %s%s Reconnecting with backoff.",
            reason,
            f" Recording finished: {', '.join(finished)}." if finished else "",
        )
        self._emit("lost", reason)

    def _reconnect(self, delay: float) -> float | None:
        """Try to reopen the source with growing waits; the next delay, or None if stopped."""
        started = time.monotonic()
        last_error = ""
        while not self._stop.is_set():
            self._retry_at = time.monotonic() + delay
            if self._stop.wait(delay):
                self._retry_at = None
                return None
            self._retry_at = None
            self._attempts += 1
            delay = min(delay * 2, self.backoff_max)
            try:
                self.source.reopen()
            except Exception as exc:  # SourceError, or anything a driver raises
                if str(exc) != last_error:
                    # Only a new kind of failure is worth a line; the state says the rest.
                    log.info("Camera still unavailable: %s", exc)
                    last_error = str(exc)
                self._state_message = str(exc)
                continue
            if self._stop.is_set():
                return None
            self.reconnects += 1
            self._state = CaptureState.RUNNING
            message = (
                f"{self.source.description} is back after {time.monotonic() - started:.0f} s "
                f"({self._attempts} attempt{'s' if self._attempts != 1 else ''})."
            )
            self._state_message = ""
            log.info("Camera reconnected: %s", message)
            self._emit("reconnected", message)
            return delay
        return None


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
    # Why the recording ended, and whether that cut it short (camera lost, disk full, write
    # error) rather than the operator or the time limit ending it.
    end_reason: str | None = None
    interrupted: bool = False


_STOP = object()


class Recorder:
    """One recording: a bounded queue and an encoder thread that burns in the overlay and writes H.264."""

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: float,
        overlay: OverlayRenderer | None,
        settings: EncoderSettings | None = None,
        max_seconds: float | None = None,
        queue_seconds: float = 1.0,
        metadata: dict[str, str] | None = None,
        min_free_bytes: int = DEFAULT_MIN_FREE_BYTES,
        paced: bool = True,
        niceness: int = 0,
    ) -> None:
        """paced: the source keeps its own schedule (a file, the demo), so max_seconds may also
        be counted in frames; a live camera's limit is by capture time alone. overlay: None
        writes the pictures as they came (a camera's own stream kept beside a composed video).
        niceness: lower the encoder thread's priority by this much (where the system allows),
        so an extra recording yields the processor to the evidence video's own encoder."""
        self.path = Path(path)
        self.paced = paced
        self.width, self.height, self.fps = width, height, fps
        self.overlay = overlay
        self.max_seconds = max_seconds
        self.dropped = 0
        self.offered = 0
        self.finished = threading.Event()
        self.error: str | None = None
        self.end_reason: str | None = None
        self.interrupted = False
        self.min_free_bytes = min_free_bytes
        self.niceness = niceness
        # Capture time after which frames are left out (set before stop() to end a camera's
        # own stream where the composed video ends, whatever is still queued).
        self.until: float | None = None
        self._stop_lock = threading.Lock()
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
    def timeline(self) -> tuple[float, float] | None:
        """Capture times (monotonic s) of the first and newest frames accepted; None before any."""
        if self._first is None or self._last is None:
            return None
        return self._first.t, self._last.t

    @property
    def frames_written(self) -> int:
        return self._writer.frames

    @property
    def started_wall(self) -> datetime | None:
        return self._first.wall if self._first else None

    def make_room(self, frames: int) -> None:
        """Let the queue hold this many more frames (the pre-roll, handed over all at once)."""
        with self._queue.mutex:
            self._queue.maxsize += max(0, frames)

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
        if not self.paced:
            # A live camera's promised rate is a hope: a network stream that arrives in a
            # burst, or a camera faster than it says, would end the video early by count.
            return by_time
        by_count = self.offered >= round(self.max_seconds * self.fps)
        return by_time or by_count

    def source_ended(self, reason: str | None, lost: bool = False) -> None:
        """The camera or file stopped delivering; the recording ends with what it has.

        `lost` (or a reason given at all) marks the recording as cut short, not finished.
        """
        self._accepting = False
        self.end_reason = reason or "the source ended"
        self.interrupted = self.interrupted or lost or reason is not None
        self.finished.set()

    def _check_disk(self) -> None:
        # Once a second of video: cheap, and a second at most is a few MB.
        try:
            free = disk_free_bytes(self.path.parent)
        except OSError:
            return
        if free < self.min_free_bytes and self._accepting:
            self._accepting = False
            self.interrupted = True
            self.end_reason = (
                f"the disk is almost full ({format_bytes(free)} free in {self.path.parent}, "
                f"the floor is {format_bytes(self.min_free_bytes)}); the recording was stopped "
                "and saved before the disk filled up. Free some space before recording again"
            )
            log.error("Recording %s stopped: %s", self.path.name, self.end_reason)
            self.finished.set()

    def _lower_priority(self) -> None:
        # Linux sets a nice value per thread; libx264 opens its codec (and starts its worker
        # threads, which inherit it) at the first frame, on this thread.
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.niceness)
        except (AttributeError, OSError) as exc:  # Windows, macOS, or not allowed: run as is
            log.debug("Encoder priority not lowered: %s", exc)

    def _run(self) -> None:
        if self.niceness:
            self._lower_priority()
        buffer: np.ndarray | None = None
        check_every = max(1, round(self.fps))
        while True:
            item = self._queue.get()
            if item is _STOP:
                break
            if self.error is not None:
                continue  # drain after a failure so offer() keeps counting, never blocks
            frame: CapturedFrame = item  # type: ignore[assignment]
            if self.until is not None and frame.t > self.until:
                continue
            picture = frame.image
            if self.overlay is not None:
                # The capture thread shares this image with the preview; draw on a copy.
                if buffer is None:
                    buffer = np.empty_like(frame.image)
                np.copyto(buffer, frame.image)
                self.overlay.apply(
                    buffer, frame.wall, frame.t - self._first.t if self._first else 0.0
                )
                picture = buffer
            try:
                self._writer.write(picture, frame.t, frame.wall)
            except EncoderError as exc:
                log.error("Encoder failed: %s", exc)
                self.error = str(exc)
                self.interrupted = True
                self._accepting = False
                self.finished.set()
                continue
            if self._writer.frames % check_every == 0:
                self._check_disk()

    def stop(self) -> RecordingResult:
        """Stop accepting frames, encode what is queued, finish the file and hash it.

        Safe to call from several threads (the capture thread finalizes on a lost camera,
        the station window on Stop): the first call does the work, the others get its result.
        """
        with self._stop_lock:
            if self._result is None:
                self._result = self._finish()
            self.finished.set()
            return self._result

    def _finish(self) -> RecordingResult:
        self._accepting = False
        self._queue.put(_STOP)
        self._thread.join()
        try:
            self._writer.close()
        except (EncoderError, OSError, av.error.FFmpegError) as exc:
            self.error = self.error or str(exc)
            self.interrupted = True
        frames = self._writer.frames
        duration = round(self._writer.duration, 3)
        if self.error is not None and self.path.exists():
            # A failed write (a full disk) can leave half a fragment at the end; cut it off so
            # every complete second plays, and count what the file really holds.
            try:
                removed = trim_torn_tail(self.path)
                if removed:
                    log.warning(
                        "Cut %d bytes of a half-written fragment off %s", removed, self.path
                    )
                frames, duration = probe_video(self.path, self.fps)
            except OSError as exc:
                log.error("Could not check %s after a write error: %s", self.path, exc)
        size = self.path.stat().st_size if self.path.exists() else 0
        sha = sha256_file(self.path) if size else ""
        first, last = self._first, self._last
        ended_at = None
        if first is not None and self.error is not None:
            ended_at = first.wall + timedelta(seconds=duration)
        elif last is not None:
            ended_at = last.wall + timedelta(seconds=1 / self.fps)
        return RecordingResult(
            path=self.path,
            frames=frames,
            dropped=self.dropped,
            duration_s=duration,
            size_bytes=size,
            sha256=sha,
            started_at=first.wall if first else None,
            ended_at=ended_at,
            width=self.width,
            height=self.height,
            fps=self.fps,
            error=self.error,
            end_reason=self.end_reason,
            interrupted=self.interrupted,
        )


def open_capture(
    source: FrameSource,
    preroll_seconds: float = 0.0,
    on_event: Callable[[CaptureEvent], None] | None = None,
) -> CaptureThread:
    """Open a source and start its capture thread; SourceError if it delivers nothing.

    A live camera that is lost later reconnects by itself; `on_event` (called on the
    capture thread) or CaptureThread.drain_events() tell the window when.
    """
    capture = CaptureThread(source, preroll_seconds, on_event=on_event)
    try:
        capture.start()
    except SourceError:
        source.close()
        raise
    return capture
