"""Stills from a recording: key frames at given offsets, and the moment the waybill became legible.

Both read the original file with PyAV and never change it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np

from inspector.core.errors import StorageError
from inspector.core.models import normalize_code


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path))
    except (OSError, av.error.FFmpegError) as exc:
        raise StorageError(
            f"Cannot read the video {path}: {exc}. Check that the file is there and not damaged."
        ) from exc


def frames_at(path: Path, offsets: Sequence[float]) -> list[np.ndarray | None]:
    """The first frame at or after each offset (seconds from the video's start), as BGR images.

    Offsets past the end give the last frame; a video with no picture gives None. Each
    offset seeks to the keyframe before it (one a second in our recordings) and decodes
    forward, so a still from minute nine costs no more than one from second two.
    """
    wanted = sorted(set(max(0.0, float(o)) for o in offsets))
    found: dict[float, np.ndarray | None] = {}
    with _open(path) as container:
        stream = container.streams.video[0]
        start_pts = stream.start_time or 0
        tb = stream.time_base
        for offset in wanted:
            container.seek(start_pts + int(offset / tb), stream=stream, backward=True)
            chosen: av.VideoFrame | None = None
            for frame in container.decode(stream):
                chosen = frame
                if frame.pts is not None and float((frame.pts - start_pts) * tb) + 1e-3 >= offset:
                    break
            found[offset] = chosen.to_ndarray(format="bgr24") if chosen is not None else None
    return [found[max(0.0, float(o))] for o in offsets]


def jpeg_bytes(image: np.ndarray, quality: int = 88) -> bytes:
    """A BGR image as JPEG bytes (a size every browser and PDF viewer shows)."""
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise StorageError("Could not encode a still image as JPEG.")
    return buf.tobytes()


@dataclass(frozen=True)
class WaybillSighting:
    """When the waybill's barcode first read from the video, and what it said."""

    offset_s: float
    text: str
    matches_courier: bool


def find_waybill(
    path: Path, courier_number: str, search_seconds: float = 60.0
) -> WaybillSighting | None:
    """The first keyframe in the opening minute where the courier number's barcode reads.

    Only keyframes (one a second in our recordings) are decoded, each on its own (they
    are IDR frames), and only the symbologies waybills use are tried, so a minute of
    720p costs about a second. A barcode equal to the courier number wins; with no
    courier number, the first code seen is reported, marked as not matching.
    """
    import zxingcpp

    want = normalize_code(courier_number)
    formats = (
        zxingcpp.BarcodeFormat.Code128,
        zxingcpp.BarcodeFormat.Code39,
        zxingcpp.BarcodeFormat.QRCode,
    )
    with _open(path) as container:
        stream = container.streams.video[0]
        codec = stream.codec_context
        start = stream.start_time or 0
        for packet in container.demux(stream):
            if packet.pts is None or not packet.is_keyframe:
                continue
            t = float((packet.pts - start) * stream.time_base)
            if t > search_seconds:
                break
            # A keyframe alone, then drain: the decoder holds frames back for B-frame reordering.
            for frame in [*codec.decode(packet), *codec.decode(None)]:
                grey = frame.to_ndarray(format="gray")
                for result in zxingcpp.read_barcodes(grey, formats=formats, try_invert=False):
                    text = result.text.strip()
                    if want and normalize_code(text) == want:
                        return WaybillSighting(round(t, 2), text, True)
                    if text and not want:
                        return WaybillSighting(round(t, 2), text, False)
            codec.flush_buffers()
    return None
