"""Several cameras composed into one picture: the evidence video of a desk with more than one camera.

camera 1 ─▶ capture thread ─▶ its recent frames ─┐
camera 2 ─▶ capture thread ─▶ its recent frames ─┼─▶ ComposedSource: at each output tick the
  …                                               ┘   newest frame of each camera captured at or
                                                      before the tick, laid out in one picture

ComposedSource is a FrameSource, so the ordinary capture thread, pre-roll, overlay and encoder
record it as they record one camera: one continuous H.264 video with one overlay across it.
Each camera keeps its own capture thread (it never waits for the composition or the encoder)
and its own lost-camera rule: it reconnects by itself while the others go on being recorded.
A camera that is lost, late or ended is never shown frozen: its tile turns grey and says so,
with the age of its last picture. Only when no camera at all delivers does the composition
stop delivering, and the recording ends as a one-camera recording does.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import cv2
import numpy as np

from inspector.capture.pipeline import CapturedFrame, CaptureEvent, CaptureState, CaptureThread
from inspector.capture.sources import FrameSource, read_clock_strip
from inspector.core.errors import SourceError
from inspector.i18n.language import ENGLISH
from inspector.i18n.phrases import say

log = logging.getLogger(__name__)

# Each tick is composed for a moment this far in the past, so a frame captured just before
# the tick (a network camera's frame is stamped before it arrives) is there to be paired.
COMPOSE_DELAY_S = 0.05
# Seconds of recent frames each camera keeps for pairing, beyond the compose delay.
KEEP_S = 0.15
# A camera whose newest picture is this much older than the tick is shown as late (grey, with
# its age): the cameras' pictures in a frame are never further apart than this unmarked. A
# camera slower than 15 frames a second gets one and a half of its frame intervals instead.
LATE_AFTER_S = 0.1
# The close-up's box in the inset layout, as a share of the picture's width and height.
INSET_SHARE = 0.4
# Lateness that lasts this long is said in the log and the camera's changes (shorter is only
# in the picture: a network camera's jitter must not write a line a second).
LATE_LOG_AFTER_S = 1.0
# Output frame rates are capped here: more would only repeat the cameras' frames.
MAX_FPS = 60.0
# A late camera's grey tile is remade from its newest picture at most this often: it is marked
# late anyway, and remaking it every tick (a resize and two colour conversions) made a starved
# machine spend more on exactly the ticks it could least afford (measured with py-spy: a third
# of the composing thread's time went to grey tiles once cameras ran late).
GREY_REFRESH_S = 0.5


class Layout(StrEnum):
    """How the cameras share the picture: the main one large with the others inset, or side by side."""

    INSET = "inset"
    SIDE_BY_SIDE = "side_by_side"


@dataclass(frozen=True)
class Rect:
    """A tile's place in the composed picture, in pixels."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class CameraChange:
    """Something that happened to one camera of a composition, with when (for the record and the log).

    kind: "lost", "back", "ended", "slow", "late", "caught_up" or "swapped" (the camera
    became the large one); camera: its number, from 1, in the order the desk listed them.
    """

    camera: int
    kind: str
    at: datetime
    message: str


class TileState(StrEnum):
    """What a camera's tile shows at a tick."""

    LIVE = "live"
    LATE = "late"
    LOST = "lost"
    ENDED = "ended"
    WAITING = "waiting"


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)


def fit(size: tuple[int, int], box: Rect) -> Rect:
    """The largest rectangle of size's aspect ratio inside box, centred (even sides)."""
    sw, sh = size
    scale = min(box.w / sw, box.h / sh)
    w, h = min(box.w, _even(sw * scale)), min(box.h, _even(sh * scale))
    return Rect(box.x + (box.w - w) // 2, box.y + (box.h - h) // 2, w, h)


def tile_rects(layout: Layout, width: int, height: int, sizes: list[tuple[int, int]]) -> list[Rect]:
    """Where each camera goes in a width×height picture, the main one (sizes[0]) first.

    Side by side: a grid (two cameras: left and right halves). Inset: the main camera fills
    the picture, the others are stacked in boxes of INSET_SHARE on the right, centred in
    height (clear of the overlay's corners).
    """
    n = len(sizes)
    if layout == Layout.SIDE_BY_SIDE:
        cols = math.ceil(math.sqrt(n))
        rows = math.ceil(n / cols)
        cw, ch = width // cols, height // rows
        return [
            fit(size, Rect((i % cols) * cw, (i // cols) * ch, cw, ch))
            for i, size in enumerate(sizes)
        ]
    rects = [fit(sizes[0], Rect(0, 0, width, height))]
    others = sizes[1:]
    if others:
        margin = max(4, round(height / 60))
        bw = _even(width * INSET_SHARE)
        bh = min(_even(height * INSET_SHARE), _even((height - 2 * margin) / len(others)))
        top = (height - bh * len(others)) // 2
        for i, size in enumerate(others):
            box = Rect(width - bw - margin, top + i * bh, bw, bh)
            tile = fit(size, box)
            # Flush right: the close-up sits against the edge, not floating in its box.
            rects.append(Rect(box.x + box.w - tile.w, tile.y, tile.w, tile.h))
    return rects


class CameraFeed:
    """One camera of a composition: its capture thread and its most recent frames."""

    def __init__(self, number: int, source: FrameSource) -> None:
        self.number = number
        self.source = source
        self.capture: CaptureThread | None = None
        self._frames: deque[CapturedFrame] = deque()
        self._lock = threading.Lock()
        self.last: CapturedFrame | None = None  # the newest frame ever, kept while lost
        self.state = TileState.WAITING
        self.since = time.monotonic()  # when the tile entered its state
        self.late_after = LATE_AFTER_S
        self.late_said = False

    def offer(self, frame: CapturedFrame) -> None:
        """Called on the camera's capture thread for each frame: keep it briefly, never block."""
        with self._lock:
            self._frames.append(frame)
            self.last = frame
            horizon = frame.t - COMPOSE_DELAY_S - KEEP_S
            # Keep one frame older than the horizon: a slow camera's previous frame may be
            # the one a tick needs.
            while len(self._frames) > 1 and self._frames[1].t <= horizon:
                self._frames.popleft()

    def frame_at(self, t: float) -> CapturedFrame | None:
        """The newest frame captured at or before t; the oldest held if all are later; None if none.

        (A camera that has just started may hold only frames from after the tick.)
        """
        with self._lock:
            for frame in reversed(self._frames):
                if frame.t <= t:
                    return frame
            return self._frames[0] if self._frames else None

    def forget(self) -> None:
        """Drop the frames held for pairing (the camera was lost: they are not its 'now')."""
        with self._lock:
            self._frames.clear()


class _Labels:
    """Small text images for the tiles (white on a dark box), rendered by Qt once per text."""

    def __init__(self, px: int) -> None:
        from PySide6.QtGui import QFont

        from inspector.capture.overlay import FONT_FAMILIES

        self.px = px
        self._font = QFont(FONT_FAMILIES)
        self._font.setPixelSize(px)
        self._font.setBold(True)
        self._cache: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}

    def get(self, lines: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """(premultiplied BGR, 255 - alpha as 3 channels) of these lines, cached."""
        block = self._cache.get(lines)
        if block is None:
            if len(self._cache) > 128:
                self._cache.clear()  # ages change every tenth of a second while a camera is away
            block = self._cache[lines] = self._render(lines)
        return block

    def _render(self, lines: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

        metrics = QFontMetricsF(self._font)
        pad = max(3, self.px // 3)
        line_h = metrics.height()
        w = int(max(metrics.horizontalAdvance(line) for line in lines) + 2 * pad + 1)
        h = int(line_h * len(lines) + 2 * pad + 1)
        img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(QColor(0, 0, 0, 190))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.setFont(self._font)
        p.setPen(QColor(255, 255, 255))
        for i, line in enumerate(lines):
            p.drawText(
                QRectF(pad, pad + i * line_h, w - 2 * pad, line_h),
                int(Qt.AlignmentFlag.AlignCenter),
                line,
            )
        p.end()
        arr = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(
            h, img.bytesPerLine() // 4, 4
        )[:, :w]
        return np.ascontiguousarray(arr[:, :, :3]), cv2.merge([255 - arr[:, :, 3]] * 3)


def _blend_centered(canvas: np.ndarray, block: tuple[np.ndarray, np.ndarray], rect: Rect) -> None:
    premul, inv = block
    bh, bw = premul.shape[:2]
    bw, bh = min(bw, rect.w), min(bh, rect.h)
    x = rect.x + (rect.w - bw) // 2
    y = rect.y + (rect.h - bh) // 2
    region = canvas[y : y + bh, x : x + bw]
    cv2.multiply(region, inv[:bh, :bw], dst=region, scale=1 / 255)
    cv2.add(region, premul[:bh, :bw], dst=region)


class ComposedSource(FrameSource):
    """Several cameras as one source: each tick, every camera's frame for that moment, laid out.

    The output is the main (first) camera's size and the fastest camera's frame rate, on
    this process's own schedule; every output frame is stamped with its tick, and each tile
    holds the newest frame its camera captured at or before that tick.
    """

    def __init__(
        self,
        sources: list[FrameSource],
        layout: Layout | str = Layout.INSET,
        language: str = ENGLISH,
        fps: float | None = None,
        backoff_max: float = 10.0,
        camera_ring_s: float = 0.0,
    ) -> None:
        """camera_ring_s: seconds of frames each camera's own thread keeps, so a recording of a
        camera's own stream (attached to feed.capture) can begin as far back as the composed
        video does (its pre-roll and set-up); 0 when nothing but the composition records."""
        if len(sources) < 2:
            raise SourceError("A composition needs at least two cameras.")
        self.layout = Layout(layout)
        self.language = language
        self.feeds = [CameraFeed(i + 1, s) for i, s in enumerate(sources)]
        self._fps_wanted = fps
        self._backoff_max = backoff_max
        self.camera_ring_s = camera_ring_s
        self.width, self.height, self.fps = 0, 0, 0.0
        self._order = list(range(len(self.feeds)))  # feed indices, the main (large) one first
        self._changes: deque[CameraChange] = deque(maxlen=1000)
        self._unread: deque[CameraChange] = deque(maxlen=100)
        self._next_at: float | None = None  # when the next output tick is due (monotonic)
        self._labels: _Labels | None = None
        self._grey: dict[int, tuple[float, Rect, np.ndarray]] = {}
        self._rects: tuple[tuple[object, ...], list[Rect]] | None = None
        self._started = False
        self.skipped_ticks = 0  # output frames left out because the composition fell behind
        # Each run of skipped ticks: (its first frame time, how many), so a recording counts
        # exactly those inside its own timeline (skips while it was being set up included).
        self._skips: deque[tuple[float, int]] = deque(maxlen=10_000)
        self.description = " + ".join(s.description for s in sources)

    # ----- FrameSource -----------------------------------------------------------------

    def describe(self, language: str) -> str:
        return " + ".join(
            say(
                language,
                "camera {number}: {camera}",
                number=f.number,
                camera=f.source.describe(language),
            )
            for f in self.feeds
        )

    @property
    def is_live(self) -> bool:
        """Live when any camera is: then the composition waits for a lost camera to come back."""
        return any(f.source.is_live for f in self.feeds)

    @property
    def captures(self) -> list[CaptureThread]:
        return [f.capture for f in self.feeds if f.capture is not None]

    def open(self) -> None:
        """Open every camera, each on its own capture thread; SourceError naming the one that fails."""
        if self._started:
            return
        try:
            for feed in self.feeds:
                capture = CaptureThread(
                    feed.source,
                    on_frame=feed.offer,
                    on_event=lambda event, feed=feed: self._camera_event(feed, event),
                    backoff_max=self._backoff_max,
                    ring_margin=self.camera_ring_s,
                )
                try:
                    capture.start()
                except SourceError as exc:
                    raise SourceError(
                        say(
                            self.language,
                            "Camera {number} ({camera}) cannot be used: {why}",
                            number=feed.number,
                            camera=feed.source.describe(self.language),
                            why=str(exc),
                        )
                    ) from exc
                feed.capture = capture
                feed.state, feed.since = TileState.LIVE, time.monotonic()
                feed.late_after = max(LATE_AFTER_S, 1.5 / float(feed.source.fps or 30.0))
        except BaseException:
            self._stop_cameras()
            raise
        main = self.feeds[0].source
        self.width, self.height = _even(main.width), _even(main.height)
        fastest = max(float(f.source.fps or 30.0) for f in self.feeds)
        self.fps = min(MAX_FPS, float(self._fps_wanted or fastest))
        self._next_at = None
        self._labels = _Labels(max(14, round(self.height / 28)))
        self._started = True
        log.info(
            "Composing %d cameras (%s): %s", len(self.feeds), self.layout.value, self.description
        )

    def read(self) -> np.ndarray | None:
        if not self._started:
            return None
        interval = 1.0 / self.fps
        now = time.monotonic()
        if self._next_at is None:
            self._next_at = now
        elif self._next_at > now:
            time.sleep(self._next_at - now)
            now = time.monotonic()
        due = self._next_at
        if now - due > KEEP_S:
            # Fallen behind (a starved machine): the cameras no longer hold frames for the
            # ticks missed, so skip them rather than pair frames from different moments; the
            # ticks due up to now, but the last of them composed now instead, are counted (the
            # schedule keeps its grid, so the video's timeline loses no fraction of a frame).
            missed = int((now - due) * self.fps)
            if missed:
                self.skipped_ticks += missed
                self._skips.append((due - COMPOSE_DELAY_S, missed))
            due += missed * interval
        self._next_at = due + interval
        tick = due - COMPOSE_DELAY_S
        if not self._anyone_delivering():
            return None
        self.frame_time = tick
        return self.compose(tick)

    def skipped_between(self, t0: float, t1: float) -> int:
        """Output frames skipped whose times (as frames would have been stamped) fall in [t0, t1]."""
        interval = 1.0 / self.fps if self.fps else 0.0
        count = 0
        for first, n in list(self._skips):
            if interval <= 0:
                continue
            # Ticks first + k·interval, k in [0, n), that lie inside [t0, t1].
            last = first + (n - 1) * interval
            if t1 < first or t0 > last:
                continue
            lo = 0 if t0 <= first else math.ceil((t0 - first) / interval - 1e-9)
            hi = n - 1 if t1 >= last else math.floor((t1 - first) / interval + 1e-9)
            count += max(0, hi - lo + 1)
        return count

    def release_lost(self) -> None:
        """No camera delivers: keep each one's capture thread reconnecting by itself."""

    def reopen(self) -> None:
        """Back as soon as any camera delivers again (each reconnects on its own thread)."""
        self._next_at = None  # a new schedule: the time away is no skipped ticks
        if not self._anyone_delivering():
            raise SourceError(
                say(
                    self.language,
                    "None of the {count} cameras delivers pictures.",
                    count=len(self.feeds),
                )
            )

    def close(self) -> None:
        """Stop every camera's capture thread and release the cameras."""
        self._stop_cameras()
        self._started = False

    def _stop_cameras(self) -> None:
        for feed in self.feeds:
            if feed.capture is not None:
                feed.capture.stop()
                feed.capture = None

    def _anyone_delivering(self) -> bool:
        return any(
            f.capture is not None
            and f.capture.state in (CaptureState.RUNNING, CaptureState.STARTING)
            for f in self.feeds
        )

    # ----- the desk's controls ---------------------------------------------------------

    @property
    def main_camera(self) -> int:
        """The number (from 1) of the camera shown large."""
        return self.feeds[self._order[0]].number

    def swap(self) -> int:
        """Make the next camera the large one (two cameras: swap them); its number, from 1."""
        order = self._order[1:] + self._order[:1]
        self._order = order  # one assignment: the composing thread sees the old or the new
        number = self.feeds[order[0]].number
        self._note(
            CameraChange(
                number,
                "swapped",
                datetime.now(UTC),
                say(self.language, "Camera {number} is now the large picture.", number=number),
            )
        )
        return number

    def changes(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[CameraChange]:
        """What happened to the cameras between two moments (both optional), oldest first."""
        return [
            c
            for c in list(self._changes)
            if (since is None or c.at >= since) and (until is None or c.at <= until)
        ]

    def drain_changes(self) -> list[CameraChange]:
        """Changes since the last call, for a window that polls on its timer."""
        out = []
        while self._unread:
            out.append(self._unread.popleft())
        return out

    def tile_states(self) -> list[tuple[int, TileState]]:
        """Each camera's number and what its tile shows now, in the desk's order."""
        return [(f.number, f.state) for f in self.feeds]

    # ----- composing -------------------------------------------------------------------

    def compose(self, tick: float) -> np.ndarray:
        """One picture for the moment tick (monotonic s): each camera's frame of that moment."""
        # A new picture each tick, never a reused one: the previous ones may still be in the
        # recorder's queue, the pre-roll ring or the preview.
        canvas = np.zeros((self.height, self.width, 3), np.uint8)
        order = self._order
        feeds = [self.feeds[i] for i in order]
        sizes = [(f.source.width or self.width, f.source.height or self.height) for f in feeds]
        key = (tuple(order), tuple(sizes))
        if self._rects is None or self._rects[0] != key:
            self._rects = (key, tile_rects(self.layout, self.width, self.height, sizes))
        rects = self._rects[1]
        for position, (feed, rect) in enumerate(zip(feeds, rects, strict=True)):
            self._draw_tile(canvas, feed, rect, tick)
            if self.layout == Layout.INSET and position > 0:
                cv2.rectangle(
                    canvas,
                    (rect.x, rect.y),
                    (rect.x + rect.w - 1, rect.y + rect.h - 1),
                    (255, 255, 255),
                    2,
                )
        return canvas

    def _draw_tile(self, canvas: np.ndarray, feed: CameraFeed, rect: Rect, tick: float) -> None:
        capture = feed.capture
        cstate = capture.state if capture is not None else CaptureState.STOPPED
        frame = feed.frame_at(tick) if cstate == CaptureState.RUNNING else None
        if capture is not None and (delivered := capture.delivered_fps()):
            # What the camera really sends (FFmpeg calls any MJPEG stream 25 fps).
            feed.late_after = max(LATE_AFTER_S, 1.5 / delivered)
        if frame is not None and abs(tick - frame.t) <= feed.late_after:
            self._set_state(feed, TileState.LIVE, tick, frame)
            paste_tile(canvas, frame.image, rect)
            return
        last = frame or feed.last
        if cstate == CaptureState.LOST:
            state = TileState.LOST
        elif cstate in (CaptureState.ENDED, CaptureState.STOPPED):
            state = TileState.ENDED
        elif last is None:
            state = TileState.WAITING
        else:
            state = TileState.LATE
        self._set_state(feed, state, tick, last)
        if last is not None:
            self._paste_grey(canvas, feed, last, rect, tick)
        age = tick - last.t if last is not None else None
        assert self._labels is not None
        _blend_centered(canvas, self._labels.get(self._tile_words(feed.number, state, age)), rect)

    def _tile_words(self, number: int, state: TileState, age: float | None) -> tuple[str, ...]:
        lang = self.language
        heads = {
            TileState.LOST: "CAMERA {number} LOST",
            TileState.LATE: "CAMERA {number} LATE",
            TileState.ENDED: "CAMERA {number} ENDED",
            TileState.WAITING: "CAMERA {number}: NO PICTURE YET",
        }
        head = say(lang, heads[state], number=number)
        if age is None:
            return (head,)
        shown = f"{age:.1f}" if age < 10 else f"{age:.0f}"
        return (head, say(lang, "last picture {seconds} s ago", seconds=shown))

    def _paste_grey(
        self, canvas: np.ndarray, feed: CameraFeed, frame: CapturedFrame, rect: Rect, tick: float
    ) -> None:
        # The grey, dimmed last picture is remade when the tile moves and at most every
        # GREY_REFRESH_S while newer (still late) pictures arrive, not at every tick.
        cached = self._grey.get(feed.number)
        if cached is None or cached[1] != rect or tick - cached[0] >= GREY_REFRESH_S:
            small = cv2.resize(frame.image, (rect.w, rect.h), interpolation=cv2.INTER_AREA)
            dim = cv2.convertScaleAbs(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), alpha=0.5, beta=40)
            cached = (tick, rect, cv2.cvtColor(dim, cv2.COLOR_GRAY2BGR))
            self._grey[feed.number] = cached
        canvas[rect.y : rect.y + rect.h, rect.x : rect.x + rect.w] = cached[2]

    def _set_state(
        self, feed: CameraFeed, state: TileState, tick: float, frame: CapturedFrame | None
    ) -> None:
        if state != feed.state:
            feed.state, feed.since = state, tick
            if state == TileState.LIVE:
                self._grey.pop(feed.number, None)
        # Lost, back and ended come from the camera's own thread (it logs them); lateness only
        # the composition sees, so it says it here, once each way, when it lasts.
        if state == TileState.LATE and not feed.late_said and tick - feed.since >= LATE_LOG_AFTER_S:
            feed.late_said = True
            age = tick - frame.t if frame is not None else 0.0
            message = say(
                self.language,
                "Camera {number} ({camera}) is late: its newest picture is {seconds} s old; "
                "its tile shows the last picture in grey.",
                number=feed.number,
                camera=feed.source.describe(self.language),
                seconds=f"{age:.1f}",
            )
            log.warning("%s", message)
            self._note(CameraChange(feed.number, "late", datetime.now(UTC), message))
        elif state == TileState.LIVE and feed.late_said:
            feed.late_said = False
            message = say(
                self.language,
                "Camera {number} ({camera}) delivers again.",
                number=feed.number,
                camera=feed.source.describe(self.language),
            )
            log.info("%s", message)
            self._note(CameraChange(feed.number, "caught_up", datetime.now(UTC), message))
        elif state in (TileState.LOST, TileState.ENDED):
            feed.late_said = False  # the camera's own thread has said it

    def _camera_event(self, feed: CameraFeed, event: CaptureEvent) -> None:
        """A camera's own thread says it was lost, came back, ended or is slow (on that thread)."""
        if event.kind == "lost":
            feed.forget()
        kind = {"reconnected": "back"}.get(event.kind, event.kind)
        self._note(CameraChange(feed.number, kind, event.at, event.message))

    def _note(self, change: CameraChange) -> None:
        self._changes.append(change)
        self._unread.append(change)


def paste_tile(canvas: np.ndarray, image: np.ndarray, rect: Rect) -> None:
    """Scale image into rect of canvas (in place)."""
    h, w = image.shape[:2]
    region = canvas[rect.y : rect.y + rect.h, rect.x : rect.x + rect.w]
    if (w, h) == (rect.w, rect.h):
        np.copyto(region, image)
        return
    # Shrinking averages (no shimmer on fine print); enlarging interpolates.
    interp = cv2.INTER_AREA if w > rect.w else cv2.INTER_LINEAR
    cv2.resize(image, (rect.w, rect.h), dst=region, interpolation=interp)


def tile_clocks(
    image: np.ndarray, layout: Layout | str, sizes: list[tuple[int, int]]
) -> list[float | None]:
    """The capture times the cameras' clock strips show in one composed picture, main camera first.

    For cameras that draw their capture time (the demo-clock source): the difference between
    them is how far apart, in capture time, the cameras' pictures in this frame are.
    """
    h, w = image.shape[:2]
    return [
        read_clock_strip(image[r.y : r.y + r.h, r.x : r.x + r.w])
        for r in tile_rects(Layout(layout), w, h, sizes)
    ]


def compose_sources(
    sources: list[FrameSource],
    layout: Layout | str = Layout.INSET,
    language: str = ENGLISH,
    camera_ring_s: float = 0.0,
) -> FrameSource:
    """One source for a desk's cameras: the camera itself when there is one, else their composition."""
    if len(sources) == 1:
        return sources[0]
    return ComposedSource(sources, layout, language, camera_ring_s=camera_ring_s)
