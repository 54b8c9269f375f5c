"""H.264 in fragmented MP4 through PyAV: plays in any browser or phone, survives a crash.

Fragments close every second and packets are flushed as they are written, so a
recording cut off by a crash still plays up to its last second (see DESIGN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from inspector.core.errors import EncoderError

# Timestamps in milliseconds: frames carry their capture time, not a frame counter.
TIME_BASE = Fraction(1, 1000)
FRAGMENTED_MP4 = {
    "movflags": "frag_keyframe+empty_moov+default_base_moof",
    "frag_duration": "1000000",
    "flush_packets": "1",
}


@dataclass(frozen=True)
class EncoderSettings:
    """Quality knobs for libx264. CRF 23 with 'veryfast' keeps 1080p30 real-time on 2 cores."""

    crf: int = 23
    preset: str = "veryfast"
    # One keyframe a second: each 1 s fragment can start with one, and seeking is quick.
    keyframe_seconds: float = 1.0


class H264Writer:
    """Writes BGR frames with their own timestamps into an H.264 fragmented MP4 file."""

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: float,
        settings: EncoderSettings | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        if width % 2 or height % 2:
            raise EncoderError(f"H.264 needs an even frame size; got {width}×{height}.")
        self.path = Path(path)
        self.width, self.height, self.fps = width, height, fps
        self.settings = settings or EncoderSettings()
        self.frames = 0
        self._last_pts = -1
        self._first_t: float | None = None
        # Set when writing failed (a full disk): the muxer may be half-initialised then, and
        # muxing into it again (the flush at close) crashes FFmpeg (SIGSEGV, exit 139).
        self._failed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._container = av.open(
                str(self.path), "w", format="mp4", options=dict(FRAGMENTED_MP4)
            )
        except (OSError, av.error.FFmpegError) as exc:
            raise EncoderError(
                f"Cannot create the video file {self.path}: {exc}. Check free space and permissions."
            ) from exc
        try:
            for key, value in (metadata or {}).items():
                self._container.metadata[key] = value
            rate = Fraction(fps).limit_denominator(1001)
            stream = self._container.add_stream("libx264", rate=rate)
            stream.width, stream.height = width, height
            stream.pix_fmt = "yuv420p"
            gop = max(1, round(fps * self.settings.keyframe_seconds))
            stream.options = {
                "crf": str(self.settings.crf),
                "preset": self.settings.preset,
                "g": str(gop),
                "keyint_min": str(gop),
            }
            stream.codec_context.time_base = TIME_BASE
            self._stream = stream
        except (av.error.FFmpegError, ValueError) as exc:
            self._container.close()
            self.path.unlink(missing_ok=True)
            raise EncoderError(f"The H.264 encoder could not start: {exc}.") from exc

    def write(self, frame_bgr: np.ndarray, t: float, wall: datetime | None = None) -> None:
        """Encode one frame captured at monotonic time t (seconds), on the wall clock at `wall`.

        The first frame's wall time becomes the file's creation time (MP4 mvhd/tkhd, which
        MediaInfo and players show as when it was recorded): the header is written with it.
        """
        if self._first_t is None:
            self._first_t = t
            if wall is not None:
                stamp = wall.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                self._container.metadata["creation_time"] = stamp
                self._stream.metadata["creation_time"] = stamp
        pts = round((t - self._first_t) * 1000)
        # Two frames in the same millisecond would break the MP4 timeline; nudge forward.
        pts = max(pts, self._last_pts + 1)
        self._last_pts = pts
        yuv = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2YUV_I420)
        frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        frame.pts = pts
        frame.time_base = TIME_BASE
        if self._failed:
            raise EncoderError(f"Writing the video {self.path} failed before; it is closed.")
        try:
            self._container.mux(self._stream.encode(frame))
        except (OSError, av.error.FFmpegError) as exc:
            self._failed = True
            raise EncoderError(f"Writing the video {self.path} failed: {exc}.") from exc
        self.frames += 1

    @property
    def duration(self) -> float:
        """Seconds from the first frame to the end of the last (one frame interval after it)."""
        if self._last_pts < 0:
            return 0.0
        return self._last_pts / 1000 + 1.0 / self.fps

    def close(self) -> None:
        """Flush the encoder and finish the file (after a failed write: only let go of it).

        When the very first write failed, FFmpeg's MP4 muxer has freed its state in a failed
        header write and a second attempt (which flushing the encoder makes) dereferences
        it: nothing more is muxed then, and what reached the disk is what the file keeps.
        """
        if self._failed:
            try:
                self._container.close()
            except (OSError, av.error.FFmpegError) as exc:
                raise EncoderError(f"Finishing the video {self.path} failed: {exc}.") from exc
            return
        try:
            self._container.mux(self._stream.encode(None))
        except (OSError, av.error.FFmpegError) as exc:
            self._failed = True
            raise EncoderError(f"Finishing the video {self.path} failed: {exc}.") from exc
        finally:
            self._container.close()


def probe_h264(tmp_dir: Path) -> str | None:
    """Encode a few frames to prove libx264 works here; None when fine, else the reason."""
    path = Path(tmp_dir) / ".h264-probe.mp4"
    try:
        writer = H264Writer(path, 64, 64, 10)
        img = np.zeros((64, 64, 3), np.uint8)
        for i in range(5):
            img[:] = i * 40
            writer.write(img, i / 10)
        writer.close()
        with av.open(str(path)) as c:
            if c.streams.video[0].codec_context.name != "h264":
                return "the probe file is not H.264"
        return None
    except (EncoderError, av.error.FFmpegError, OSError) as exc:
        return str(exc)
    finally:
        path.unlink(missing_ok=True)
