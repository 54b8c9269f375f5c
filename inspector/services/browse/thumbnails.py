"""Small pictures of each inspection's video for the list, cached by the video's hash."""

from __future__ import annotations

import os
from pathlib import Path

from inspector.core.errors import NotFoundError, StorageError
from inspector.services.browse.queries import BrowseRow
from inspector.services.context import AppContext
from inspector.services.shared_videos import video_path

THUMB_WIDTH = 128


def thumbnails_dir(ctx: AppContext) -> Path:
    return ctx.storage.root / "cache" / "thumbnails"


def thumbnail_path(ctx: AppContext, row: BrowseRow) -> Path | None:
    """Where a row's thumbnail is cached; keyed by the video's hash, so equal videos share one."""
    if not row.video_path:
        return None
    key = row.video_sha256 or row.uid
    return thumbnails_dir(ctx) / key[:2] / f"{key}.jpg"


def make_thumbnail(video: Path, dest: Path, at_s: float = 1.0, width: int = THUMB_WIDTH) -> Path:
    """Decode one frame about at_s seconds in and save it as a small JPEG (atomically)."""
    import av
    import cv2

    if not video.is_file():
        raise NotFoundError(f"The video {video} is not on disk.")
    frame_bgr = None
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for frame in container.decode(stream):
                frame_bgr = frame.to_ndarray(format="bgr24")
                if frame.time is not None and frame.time >= at_s:
                    break
    except (av.error.FFmpegError, IndexError) as exc:
        if frame_bgr is None:
            raise StorageError(f"The video {video} cannot be decoded: {exc}.") from exc
    if frame_bgr is None:
        raise StorageError(f"The video {video} has no pictures.")
    h, w = frame_bgr.shape[:2]
    small = cv2.resize(
        frame_bgr, (width, max(2, round(h * width / w))), interpolation=cv2.INTER_AREA
    )
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise StorageError(f"Cannot encode a thumbnail for {video}.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    tmp.write_bytes(data.tobytes())
    os.replace(tmp, dest)
    return dest


def ensure_thumbnail(ctx: AppContext, row: BrowseRow) -> Path | None:
    """The cached thumbnail of a row, made on first use; None when it has no video on disk."""
    dest = thumbnail_path(ctx, row)
    if dest is None:
        return None
    if dest.is_file():
        return dest
    video = video_path(ctx, row.video_path)
    if not video.is_file():
        return None
    return make_thumbnail(video, dest)
