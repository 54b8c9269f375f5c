"""Frame sources behind one interface: a local camera, a network camera, a video file, the demo scene."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from inspector.core.errors import SourceError
from inspector.i18n.language import ENGLISH
from inspector.i18n.phrases import say

# FFmpeg inside OpenCV prints connection errors straight to stderr; our own message says it
# better. Read by OpenCV when it first starts FFmpeg, so it is set at import.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

DEMO = "demo"
# The demo scene with its capture time drawn in as a strip of bits, to measure sync from a video.
DEMO_CLOCK = "demo-clock"
_NETWORK_SCHEMES = ("rtsp://", "rtsps://", "http://", "https://", "rtmp://", "udp://", "tcp://")
# A network camera that does not answer must not hang the desk for ffmpeg's default 30 s.
_NETWORK_TIMEOUT_MS = 5000
# From this many pixels up a USB camera is asked for MJPG: uncompressed YUYV at 1080p is
# about 5 fps over USB 2, at 720p about 10; MJPG gives both at 30.
MJPG_FROM_PIXELS = 1280 * 720
# Sizes tried when the system cannot list a camera's modes (no v4l2-ctl, Windows, macOS).
COMMON_SIZES = (
    (640, 480),
    (800, 600),
    (1280, 720),
    (1600, 1200),
    (1920, 1080),
    (2560, 1440),
    (3840, 2160),
)
# A camera delivering less than this share of the frame rate asked for is said to be slow.
SLOW_SHARE = 0.8


@dataclass(frozen=True, order=True)
class CameraMode:
    """A way a camera can deliver pictures: size, frame rate and pixel format (FourCC)."""

    width: int
    height: int
    fps: float
    pixel_format: str = ""

    def __str__(self) -> str:
        fmt = f" {self.pixel_format}" if self.pixel_format else ""
        return f"{self.width}×{self.height}{fmt} @ {self.fps:g} fps"


def fourcc_text(value: float) -> str:
    """OpenCV's CAP_PROP_FOURCC number as its four letters ('MJPG', 'YUYV'); '' when unknown."""
    code = int(value)
    text = "".join(chr((code >> 8 * i) & 0xFF) for i in range(4))
    return text.strip("\0 ") if code > 0 and text.isprintable() else ""


def camera_backends() -> list[int]:
    """The platform's own camera APIs, best first: V4L2, Media Foundation then DirectShow, AVFoundation.

    CAP_ANY may pick GStreamer or another layer that ignores the pixel format asked for.
    """
    if sys.platform.startswith("linux"):
        return [cv2.CAP_V4L2]
    if sys.platform == "win32":
        return [cv2.CAP_MSMF, cv2.CAP_DSHOW]
    if sys.platform == "darwin":
        return [cv2.CAP_AVFOUNDATION]
    return [cv2.CAP_ANY]


class FrameSource(ABC):
    """Something that delivers BGR frames, one call at a time, at its own pace."""

    width: int
    height: int
    fps: float
    # The frame rate the desk asked for (None: whatever the source gives); the capture
    # thread compares what arrives against it and says so when the camera falls short.
    asked_fps: float | None = None
    description: str  # in English, for logs; describe() for a person at the desk
    _words: tuple[str, dict[str, object]] = ("", {})
    # When the source paces itself (a file, the demo), the monotonic time the last frame
    # read was due; None for cameras, whose frames are stamped on arrival.
    frame_time: float | None = None

    def _described_as(self, template: str, **values: object) -> None:
        self._words = (template, values)
        self.description = say(ENGLISH, template, **values)

    def describe(self, language: str) -> str:
        """What this source is, in a language ('en', 'zh_CN'), for the station and the history."""
        template, values = self._words
        return say(language, template, **values) if template else self.description

    @abstractmethod
    def open(self) -> None:
        """Connect; raise SourceError with a plain message if it cannot deliver frames."""

    @abstractmethod
    def read(self) -> np.ndarray | None:
        """Block until the next frame; None when the source has ended or failed."""

    @abstractmethod
    def close(self) -> None:
        """Release the device or file."""

    def release_lost(self) -> None:
        """The capture thread gave this source up as lost: release what a reconnect opens again."""
        self.close()

    def reopen(self) -> None:
        """Connect again after the source was lost (unplugged, network drop); SourceError if it cannot.

        Releases whatever is left of the old connection first, so a camera that comes back
        is not held twice by this process.
        """
        self.close()
        self.open()

    @property
    def is_live(self) -> bool:
        """True for cameras; a file or the demo is paced by this process instead."""
        return True

    def __enter__(self) -> FrameSource:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Pacer:
    """Releases frames at a steady rate against the monotonic clock, like a camera would.

    Each frame is stamped with its place on the schedule, not the moment a busy machine
    got round to it, so a file or the demo keeps its own timeline under load. Only a
    stall longer than MAX_LAG_S restarts the schedule from now, as a real camera would.
    """

    MAX_LAG_S = 1.0

    def __init__(self, fps: float) -> None:
        self.interval = 1.0 / fps
        self.next_at: float | None = None

    def wait(self) -> float:
        """Sleep until this frame is due; return the time it was due."""
        now = time.monotonic()
        if self.next_at is None or now - self.next_at > self.MAX_LAG_S:
            self.next_at = now
        delay = self.next_at - now
        if delay > 0:
            time.sleep(delay)
        due = self.next_at
        self.next_at += self.interval
        return due


# The clock strip: CLOCK_BITS cells of capture time in milliseconds, then CLOCK_CHECK_BITS
# of checksum, across the middle of the picture, each cell black (0) or white (1). Large
# cells survive scaling into a composed tile and H.264 compression.
CLOCK_BITS = 32
CLOCK_CHECK_BITS = 8
CLOCK_STRIP = (
    0.05,
    0.12,
    0.95,
    0.20,
)  # x0, y0, x1, y1 as shares: below the overlay, above an inset


def _clock_checksum(value: int) -> int:
    """CRC-8 (polynomial x^8 + x^2 + x + 1): any one cell misread is always caught."""
    crc = 0
    for byte in value.to_bytes(4, "big"):
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def draw_clock_strip(image: np.ndarray, t: float) -> None:
    """Draw capture time t (monotonic seconds) into image as a strip of bits (see read_clock_strip)."""
    h, w = image.shape[:2]
    value = round(t * 1000) % (1 << CLOCK_BITS)
    bits = [(value >> (CLOCK_BITS - 1 - i)) & 1 for i in range(CLOCK_BITS)]
    check = _clock_checksum(value)
    bits += [(check >> (CLOCK_CHECK_BITS - 1 - i)) & 1 for i in range(CLOCK_CHECK_BITS)]
    x0, y0, x1, y1 = (round(f * d) for f, d in zip(CLOCK_STRIP, (w, h, w, h), strict=True))
    cell = (x1 - x0) / len(bits)
    # One row of cells, then one assignment for the whole strip (40 small ones cost more).
    row = np.empty(x1 - x0, np.uint8)
    for i, bit in enumerate(bits):
        a, b = round(i * cell), round((i + 1) * cell)
        row[a:b] = 255 if bit else 0
    image[y0:y1, x0:x1] = row[None, :, None] if image.ndim == 3 else row[None, :]


def read_clock_strip(image: np.ndarray) -> float | None:
    """The capture time (seconds, modulo 2**32 ms) a clock strip in image says; None if unreadable.

    image is the source's picture as it appears (a composed tile cut out of a decoded video
    will do): each cell is read at its centre, and the checksum must match.
    """
    h, w = image.shape[:2]
    x0, y0, x1, y1 = (f * d for f, d in zip(CLOCK_STRIP, (w, h, w, h), strict=True))
    ya, yb = round(y0 + (y1 - y0) * 0.3), round(y0 + (y1 - y0) * 0.7)
    band = image[ya : max(yb, ya + 1)]
    gray = band.mean(axis=2) if band.ndim == 3 else band
    n = CLOCK_BITS + CLOCK_CHECK_BITS
    cell = (x1 - x0) / n
    bits = []
    for i in range(n):
        xa, xb = round(x0 + (i + 0.3) * cell), round(x0 + (i + 0.7) * cell)
        bits.append(1 if gray[:, xa : max(xb, xa + 1)].mean() > 127 else 0)
    value = int("".join(map(str, bits[:CLOCK_BITS])), 2)
    check = int("".join(map(str, bits[CLOCK_BITS:])), 2)
    return value / 1000 if check == _clock_checksum(value) else None


DEMO_SCENE = "Demo desk scene"  # how a demo camera's recording names its source


def is_demo_recording(source: str, cameras: list[str] | None = None) -> bool:
    """True when a recording's stored source (or one of its cameras) is the demo camera:
    a synthetic picture, never evidence."""
    return any(text.startswith(DEMO_SCENE) for text in [source, *(cameras or [])])


class DemoSource(FrameSource):
    """A synthetic packing desk: a parcel slides in and turns, hands move, nothing is ever still.

    clock: also draw each frame's capture time as a strip of bits (read_clock_strip), so a
    test or benchmark can measure, from the decoded video, how far apart cameras were.
    """

    def __init__(
        self, width: int = 1280, height: int = 720, fps: float = 30.0, clock: bool = False
    ) -> None:
        self.width, self.height, self.fps = width - width % 2, height - height % 2, fps
        self.clock = clock
        self._described_as(
            DEMO_SCENE + " {width}×{height} @ {fps} fps",
            width=self.width,
            height=self.height,
            fps=f"{fps:g}",
        )
        self._n = 0
        self._pacer = _Pacer(fps)
        self._desk: np.ndarray | None = None

    @property
    def is_live(self) -> bool:
        return False

    def open(self) -> None:
        h, w = self.height, self.width
        rng = np.random.default_rng(7)
        # Wood-like desk: horizontal grain plus fine noise, so the encoder sees real texture.
        grain = (np.sin(np.linspace(0, 40 * math.pi, h))[:, None] * 12).astype(np.int16)
        noise = rng.integers(-10, 10, (h, w), dtype=np.int16)
        base = np.clip(120 + grain + noise, 0, 255)
        channels = [base // 2 + 20, base * 3 // 4 + 10, base]  # BGR: a light wooden brown
        self._desk = cv2.merge([c.astype(np.uint8) for c in channels])
        self._n = 0

    def read(self) -> np.ndarray | None:
        if self._desk is None:
            raise SourceError("The demo source was read before it was opened.")
        if self.clock:
            # Wait first: the strip must show the time the frame is stamped with.
            self.frame_time = self._pacer.wait()
        frame = self._desk.copy()
        h, w = self.height, self.width
        t = self._n / self.fps
        self._n += 1
        cx = int(w / 2 + w * 0.25 * math.sin(t * 0.6))
        cy = int(h / 2 + h * 0.12 * math.cos(t * 0.9))
        size = (int(w * 0.22), int(h * 0.28))
        box = cv2.boxPoints(((cx, cy), size, (t * 20) % 360)).astype(np.int32)
        cv2.fillConvexPoly(frame, box, (80, 150, 200))
        cv2.polylines(frame, [box], True, (40, 90, 140), 3)
        # A waybill label on the parcel, with bars that shift so every frame differs.
        lx, ly = cx - size[0] // 6, cy - size[1] // 6
        cv2.rectangle(frame, (lx, ly), (lx + size[0] // 3, ly + size[1] // 3), (245, 245, 245), -1)
        for i in range(12):
            x = lx + 6 + i * max(2, size[0] // 40)
            if (i + self._n // 15) % 3:
                cv2.line(frame, (x, ly + 8), (x, ly + size[1] // 3 - 8), (20, 20, 20), 2)
        # Two "hands" that move independently of the parcel.
        for k, phase in enumerate((0.0, 2.1)):
            hx = int(w * (0.2 + 0.6 * k) + w * 0.08 * math.sin(t * 1.7 + phase))
            hy = int(h * 0.8 + h * 0.08 * math.cos(t * 1.3 + phase))
            cv2.ellipse(
                frame, (hx, hy), (w // 18, h // 12), (t * 40) % 180, 0, 360, (120, 160, 210), -1
            )
        cv2.putText(
            frame,
            f"DEMO {self._n:06d}",
            (w // 2 - 110, h // 2 + int(h * 0.3)),
            cv2.FONT_HERSHEY_SIMPLEX,
            1.0,
            (230, 230, 230),
            2,
            cv2.LINE_AA,
        )
        if self.clock:
            assert self.frame_time is not None
            draw_clock_strip(frame, self.frame_time)
        else:
            # Draw first, then wait: the frame is handed over on the beat, as a camera would.
            self.frame_time = self._pacer.wait()
        return frame

    def close(self) -> None:
        self._desk = None


class _OpenCVSource(FrameSource):
    """Shared handling for sources read through cv2.VideoCapture."""

    def __init__(
        self, width: int | None = None, height: int | None = None, fps: float | None = None
    ) -> None:
        self._want = (width, height, fps)
        self._cap: cv2.VideoCapture | None = None
        self.width = self.height = 0
        self.fps = 0.0

    def _adopt(self, cap: cv2.VideoCapture, what: str, advice: str) -> None:
        ok, frame = cap.read()
        if not ok or frame is None:
            cap.release()
            raise SourceError(f"{what} opened but delivered no picture. {advice}")
        self._cap = cap
        self._first: np.ndarray | None = frame
        self.height, self.width = frame.shape[:2]
        reported = cap.get(cv2.CAP_PROP_FPS)
        self.fps = float(reported) if reported and 1 <= reported <= 240 else 30.0

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        if self._first is not None:
            frame, self._first = self._first, None
            return frame
        ok, frame = self._cap.read()
        return frame if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class CameraSource(_OpenCVSource):
    """A local camera by index (0 is the first webcam), opened through the platform's own API.

    From 720p up it asks for MJPG before the size and the frame rate (a UVC camera gives
    1080p30 only as MJPG; OpenCV's default YUYV is ~5 fps there over USB 2), and keeps the
    mode it actually got in `mode`.
    """

    def __init__(
        self,
        index: int,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
    ) -> None:
        super().__init__(width, height, fps)
        self.index = index
        self.asked_fps = fps
        self.mode: CameraMode | None = None
        self._described_as("Camera {index}", index=index)

    def _open_device(self) -> cv2.VideoCapture:
        cap = None
        with _quiet_opencv():
            for backend in camera_backends():
                cap = cv2.VideoCapture(self.index, backend)
                if cap.isOpened():
                    return cap
                cap.release()
        raise SourceError(
            f"There is no camera number {self.index} on this computer. "
            "Plug the camera in, or choose another camera (run 'inspector doctor' to list them), "
            "or use the demo source."
        )

    def open(self) -> None:
        cap = self._open_device()
        negotiate_mode(cap, *self._want)
        self._adopt(cap, f"Camera {self.index}", "Check that no other program is using it.")
        self.mode = CameraMode(
            self.width, self.height, self.fps, fourcc_text(cap.get(cv2.CAP_PROP_FOURCC))
        )
        self._described_as(
            "Camera {index} ({mode})",
            index=self.index,
            mode=str(self.mode),
        )

    def modes(self) -> list[CameraMode]:
        """Every mode this camera offers (the camera must not be open elsewhere)."""
        return camera_modes(self.index)


def negotiate_mode(
    cap: cv2.VideoCapture, width: int | None, height: int | None, fps: float | None
) -> None:
    """Ask an opened camera for a size and frame rate, with MJPG from 720p up.

    The pixel format goes first: a driver picks the frame rates it offers for the format
    in force when the size is set (DirectShow and V4L2 alike).
    """
    if width and height and width * height >= MJPG_FROM_PIXELS:
        cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
    if width and height:
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    if fps:
        cap.set(cv2.CAP_PROP_FPS, fps)


class _StreamClock:
    """Stamps a network camera's frames by the stream's own timestamps, on this computer's clock.

    A network hiccup delivers several frames at once; stamped on arrival they would be
    squeezed into a few milliseconds and the video would be shorter than real time. The
    stream's timestamps keep their true spacing; the offset to the local clock is the
    smallest delay seen (the frame that came soonest), so no frame is stamped later than it
    arrived, but for the millisecond that keeps the stamps of frames arriving together
    strictly increasing (the video's timestamps must rise). That smallest delay is allowed to rise slowly (CREEP): a camera's clock is a
    cheap crystal, and one running 200 ppm slow would otherwise fall 120 ms behind this
    computer's clock over a 10-minute recording, its frames paired with other cameras'
    frames from 120 ms later (tests/test_cameras.py simulates ten minutes of skewed streams).
    """

    # A stream more than this behind its best delay is taken to have restarted its clock.
    MAX_BEHIND_S = 2.0
    # How fast the offset may rise, in seconds per second of stream time: ten times the worst
    # clock skew a camera plausibly has (200 ppm), and small enough that between two frames
    # that come soonest it rises only a millisecond or so.
    CREEP = 0.002

    def __init__(self) -> None:
        self.offset: float | None = None
        self.last_pos: float | None = None
        self.last_t = -math.inf

    def stamp(self, pos_s: float | None, arrival: float) -> float:
        """The monotonic capture time of a frame the stream dates `pos_s`, which arrived at `arrival`."""
        usable = (
            pos_s is not None and pos_s >= 0 and (self.last_pos is None or pos_s > self.last_pos)
        )
        if not usable:
            # No timestamps (or they went backwards): arrival time, and start afresh.
            self.offset, self.last_pos = None, None
            t = arrival
        else:
            assert pos_s is not None
            delay = arrival - pos_s
            offset = self.offset
            if offset is not None and self.last_pos is not None:
                offset += self.CREEP * (pos_s - self.last_pos)
            if offset is None or delay < offset or delay - offset > self.MAX_BEHIND_S:
                offset = delay
            self.offset = offset
            self.last_pos = pos_s
            t = self.offset + pos_s
        t = max(t, self.last_t + 0.001)
        self.last_t = t
        return t


class NetworkSource(_OpenCVSource):
    """An IP camera by URL (RTSP or HTTP/MJPEG)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self._described_as("Network camera {url}", url=_redact(url))
        self._clock = _StreamClock()
        self._first_time: float | None = None
        # RTP carries the camera's own capture times; FFmpeg invents an HTTP MJPEG stream's
        # (at a nominal 25 fps, whatever the camera sends), so those frames go by arrival.
        self._stream_times = url.lower().startswith(("rtsp://", "rtsps://"))

    def open(self) -> None:
        params = [
            cv2.CAP_PROP_OPEN_TIMEOUT_MSEC,
            _NETWORK_TIMEOUT_MS,
            cv2.CAP_PROP_READ_TIMEOUT_MSEC,
            _NETWORK_TIMEOUT_MS,
        ]
        with _quiet_opencv():
            cap = cv2.VideoCapture(self.url, cv2.CAP_FFMPEG, params)
        if not cap.isOpened():
            cap.release()
            raise SourceError(
                f"Cannot reach the network camera at {_redact(self.url)}. "
                "Check the address, the user name and password, and that the camera is on the same network."
            )
        self._adopt(
            cap, f"The network camera at {_redact(self.url)}", "Check the stream path in the URL."
        )
        self._clock = _StreamClock()
        self._skip_backlog()

    def _skip_backlog(self) -> None:
        """Drop the frames FFmpeg buffered while connecting; the first frame kept is live.

        Opening an RTSP stream reads its first second or two to learn the codec; those
        frames then arrive all at once. They show the desk as it was during the connect,
        and stamped on arrival they would shorten the video by as much.
        """
        assert self._cap is not None
        interval = 1.0 / self.fps
        deadline = time.monotonic() + 2 * _NETWORK_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            asked = time.monotonic()
            ok, frame = self._cap.read()
            if not ok or frame is None:
                break
            self._first = frame
            # Buffered frames come in well under a millisecond, even on a busy machine in a few;
            # one that took half a frame interval had to be waited for: it is live. (A quarter
            # mistook a slow decode for a live frame under load and kept part of the backlog.)
            if time.monotonic() - asked > interval / 2:
                break
        self._first_time = self._stamp()

    def _stamp(self) -> float:
        assert self._cap is not None
        if not self._stream_times:
            return time.monotonic()
        pos_ms = self._cap.get(cv2.CAP_PROP_POS_MSEC)
        return self._clock.stamp(pos_ms / 1000 if pos_ms and pos_ms > 0 else None, time.monotonic())

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        if self._first is not None:
            frame, self._first = self._first, None
            self.frame_time = self._first_time
            return frame
        ok, frame = self._cap.read()
        if not ok:
            return None
        self.frame_time = self._stamp()
        return frame


class FileSource(_OpenCVSource):
    """A video file played at its own frame rate: for demos, tests and replaying a desk."""

    def __init__(self, path: Path, loop: bool = False) -> None:
        super().__init__()
        self.path = Path(path)
        self.loop = loop
        self._described_as("Video file {name}", name=self.path.name)
        self._pacer: _Pacer | None = None

    @property
    def is_live(self) -> bool:
        return False

    def open(self) -> None:
        if not self.path.is_file():
            raise SourceError(f"The video file {self.path} does not exist. Check the path.")
        if not os.access(self.path, os.R_OK):
            raise SourceError(f"The video file {self.path} cannot be read. Check its permissions.")
        cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not cap.isOpened():
            cap.release()
            raise SourceError(
                f"The file {self.path} is not a video this program can read (it may be damaged)."
            )
        self._adopt(cap, f"The file {self.path}", "It may be empty or damaged.")
        self._pacer = _Pacer(self.fps)

    def read(self) -> np.ndarray | None:
        frame = super().read()
        if frame is None and self.loop and self._cap is not None:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            frame = super().read()
        if frame is not None and self._pacer is not None:
            self.frame_time = self._pacer.wait()
        return frame


@contextmanager
def _quiet_opencv() -> Iterator[None]:
    """Silence OpenCV's own warnings (one per missing device) while we probe; we say it better."""
    previous = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        yield
    finally:
        cv2.utils.logging.setLogLevel(previous)


def _redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def open_source(
    spec: str, width: int | None = None, height: int | None = None, fps: float | None = None
) -> FrameSource:
    """Build (not yet open) the source a user named: 'demo', a camera index, a URL or a file path."""
    spec = (spec or "").strip()
    if not spec:
        raise SourceError(
            "No camera was chosen. Give a camera number, a camera URL, a video file or 'demo'."
        )
    if spec.lower() in (DEMO, DEMO_CLOCK):
        return DemoSource(
            width or 1280, height or 720, fps or 30.0, clock=spec.lower() == DEMO_CLOCK
        )
    if spec.isdigit():
        return CameraSource(int(spec), width, height, fps)
    if spec.lower().startswith(_NETWORK_SCHEMES):
        return NetworkSource(spec)
    if "://" in spec:
        raise SourceError(
            f"The camera address {spec!r} uses a scheme this program does not know. Use rtsp:// or http://."
        )
    return FileSource(Path(spec).expanduser())


def find_cameras(max_index: int = 6, language: str = ENGLISH) -> list[tuple[int, str]]:
    """Local cameras that open and deliver a frame, as (index, description in `language`)."""
    found = []
    for index in range(max_index):
        src = CameraSource(index)
        try:
            src.open()
        except SourceError:
            continue
        found.append((index, src.describe(language)))
        src.close()
    return found


_V4L2_FORMAT = re.compile(r"^\s*\[\d+\]:\s*'(\w+ ?\w*)'")
_V4L2_SIZE = re.compile(r"^\s*Size:\s*Discrete\s+(\d+)x(\d+)")
_V4L2_FPS = re.compile(r"^\s*Interval:.*\(([\d.]+) fps\)")


def parse_v4l2_formats(text: str) -> list[CameraMode]:
    """Modes from `v4l2-ctl --list-formats-ext` output: every format, size and frame rate listed."""
    modes: list[CameraMode] = []
    fmt, size = "", None
    for line in text.splitlines():
        if m := _V4L2_FORMAT.match(line):
            fmt, size = m.group(1).strip(), None
        elif m := _V4L2_SIZE.match(line):
            size = (int(m.group(1)), int(m.group(2)))
        elif (m := _V4L2_FPS.match(line)) and size is not None:
            mode = CameraMode(size[0], size[1], round(float(m.group(1)), 2), fmt)
            if mode not in modes:
                modes.append(mode)
    return modes


def usable_modes(modes: list[CameraMode]) -> list[CameraMode]:
    """The modes this program will get from a camera, largest and fastest first.

    From 720p up it asks for MJPG, so a size the camera offers in MJPG is listed with
    MJPG's frame rates only; below, with the rates of the camera's default format.
    """
    by_size: dict[tuple[int, int], list[CameraMode]] = {}
    for mode in modes:
        by_size.setdefault((mode.width, mode.height), []).append(mode)
    out: list[CameraMode] = []
    for (w, h), offered in by_size.items():
        formats = [m.pixel_format for m in offered]
        chosen = "MJPG" if w * h >= MJPG_FROM_PIXELS and "MJPG" in formats else formats[0]
        out.extend(m for m in offered if m.pixel_format == chosen)
    return sorted(out, key=lambda m: (m.width * m.height, m.fps), reverse=True)


def _v4l2_modes(
    index: int, run: Callable[..., subprocess.CompletedProcess[str]]
) -> list[CameraMode] | None:
    tool = shutil.which("v4l2-ctl")
    if tool is None:
        return None
    try:
        done = run(
            [tool, "-d", f"/dev/video{index}", "--list-formats-ext"],
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return parse_v4l2_formats(done.stdout) if done.returncode == 0 else None


def probe_modes(
    cap: cv2.VideoCapture, sizes: tuple[tuple[int, int], ...] = COMMON_SIZES
) -> list[CameraMode]:
    """Modes found by asking an opened camera for each common size and reading back what it took."""
    found: list[CameraMode] = []
    for width, height in sizes:
        negotiate_mode(cap, width, height, 60.0)
        got = CameraMode(
            int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            round(float(cap.get(cv2.CAP_PROP_FPS)), 2),
            fourcc_text(cap.get(cv2.CAP_PROP_FOURCC)),
        )
        if got.width > 0 and got.height > 0 and got not in found:
            found.append(got)
    return sorted(found, key=lambda m: (m.width * m.height, m.fps), reverse=True)


def camera_modes(
    index: int, run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run
) -> list[CameraMode]:
    """The modes a local camera offers, as this program will get them (see usable_modes).

    On Linux V4L2 lists them (`v4l2-ctl`, from the v4l-utils package); elsewhere, or without
    it, each common size is asked for through OpenCV. Empty when the camera does not open.
    """
    if sys.platform.startswith("linux"):
        listed = _v4l2_modes(index, run)
        if listed:
            return usable_modes(listed)
    try:
        cap = CameraSource(index)._open_device()
    except SourceError:
        return []
    try:
        return probe_modes(cap)
    finally:
        cap.release()


def measure_fps(source: FrameSource, seconds: float = 2.0) -> float:
    """Frames per second an opened source really delivers, counted over `seconds` after the first."""
    if source.read() is None:
        return 0.0
    start = time.monotonic()
    frames = 0
    while (elapsed := time.monotonic() - start) < seconds:
        if source.read() is None:
            break
        frames += 1
    return frames / elapsed if elapsed > 0 else 0.0


def shortfall_words(language: str, camera: str, asked: float | None, delivered: float) -> str:
    """A sentence when a camera delivers clearly fewer frames than asked for; '' when it keeps up."""
    if not asked or delivered >= asked * SLOW_SHARE:
        return ""
    return say(
        language,
        "{camera} delivers {delivered} frames a second, not the {asked} asked for. "
        "The video stays real time but moves in jerks: choose a smaller size or a lower "
        "frame rate, light the desk better (cameras slow down in the dark), or use a USB 3 port.",
        camera=camera,
        delivered=f"{delivered:.1f}",
        asked=f"{asked:g}",
    )
