"""Turning a recording cut off by a crash into a regular, playable MP4.

A recording is a fragmented MP4 written one second at a time, so after a crash the file
holds every complete fragment up to the last second written, possibly followed by a
half-written box. Recovery drops that torn tail, copies the packets (no re-encoding) into
a regular MP4 under a temporary name in the same folder, checks the copy, and only then
swaps it in with os.replace: the original is never modified in place, and a failure at
any step leaves it as it was.
"""

from __future__ import annotations

import logging
import os
import struct
import uuid
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from inspector.core.errors import StorageError
from inspector.core.hashing import sha256_file

log = logging.getLogger(__name__)

# Top-level MP4 boxes a fragmented recording consists of; anything else at the top level
# after a crash is garbage from a torn write.
_KNOWN_BOXES = {b"ftyp", b"moov", b"moof", b"mdat", b"mfra", b"free", b"skip", b"styp", b"sidx"}


@dataclass(frozen=True)
class RecoveredVideo:
    """What a recovered video file holds; frames == 0 means nothing usable was written."""

    path: Path
    frames: int
    duration_s: float
    size_bytes: int
    sha256: str
    remuxed: bool
    note: str = ""


def complete_prefix_length(path: Path) -> int:
    """Bytes at the start of an MP4 file made of whole top-level boxes (a torn tail excluded).

    A fragment is a moof box followed by its mdat; a moof whose mdat never arrived is
    dropped too, since it describes samples that are not in the file.
    """
    size = path.stat().st_size
    end = 0
    last_moof_start: int | None = None
    with open(path, "rb") as fh:
        pos = 0
        while pos + 8 <= size:
            fh.seek(pos)
            header = fh.read(16)
            box_size, box_type = struct.unpack(">I4s", header[:8])
            if box_size == 1 and len(header) >= 16:
                box_size = struct.unpack(">Q", header[8:16])[0]
            elif box_size == 0:
                box_size = size - pos  # "to the end of the file": only valid for the last box
            if box_type not in _KNOWN_BOXES or box_size < 8 or pos + box_size > size:
                break
            if box_type == b"moof":
                last_moof_start = pos
            elif box_type == b"mdat":
                last_moof_start = None
            pos += box_size
            end = pos
    if last_moof_start is not None:
        end = last_moof_start
    return end


def _count_packets(path: Path) -> tuple[int, int | None, int | None, Fraction | None]:
    """Video packets in a file, with the first and last presentation times and the time base."""
    frames, first, last, time_base = 0, None, None, None
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return 0, None, None, None
            stream = container.streams.video[0]
            time_base = stream.time_base
            try:
                for packet in container.demux(stream):
                    if packet.dts is None or packet.pts is None or packet.size == 0:
                        continue
                    frames += 1
                    first = packet.pts if first is None else min(first, packet.pts)
                    last = packet.pts if last is None else max(last, packet.pts)
            except av.error.FFmpegError as exc:
                # A torn last fragment: everything read before it is good.
                log.info("Reading %s stopped at a damaged part: %s", path, exc)
    except (av.error.FFmpegError, OSError):
        return 0, None, None, None
    return frames, first, last, time_base


def _duration(first: int | None, last: int | None, time_base: Fraction | None, fps: float) -> float:
    # Same rule as the encoder: from the first frame to the end of the last one.
    if first is None or last is None or time_base is None:
        return 0.0
    return round(float((last - first) * time_base) + (1.0 / fps if fps > 0 else 0.0), 3)


def probe_video(path: Path, fps: float) -> tuple[int, float]:
    """Frames a video file holds and its duration in seconds, read from its packets (no decoding)."""
    frames, first, last, time_base = _count_packets(Path(path))
    return frames, _duration(first, last, time_base, fps)


def _remux(src: Path, dest: Path, limit: int) -> int:
    """Copy the video packets of src (its first `limit` bytes) into a regular MP4; returns the count."""
    written = 0
    trimmed = src
    if limit < src.stat().st_size:
        # Demux from a trimmed copy so the torn tail never reaches the decoder.
        trimmed = dest.with_name(dest.name + ".head")
        with open(src, "rb") as fin, open(trimmed, "wb") as fout:
            remaining = limit
            while remaining > 0:
                chunk = fin.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                fout.write(chunk)
                remaining -= len(chunk)
    try:
        with av.open(str(trimmed)) as inp:
            in_stream = inp.streams.video[0]
            # faststart puts the index first, so browsers and phones start playing at once.
            with av.open(str(dest), "w", format="mp4", options={"movflags": "+faststart"}) as out:
                for key, value in inp.metadata.items():
                    if key not in {"major_brand", "minor_version", "compatible_brands", "encoder"}:
                        out.metadata[key] = value
                out_stream = out.add_stream_from_template(in_stream)
                try:
                    for packet in inp.demux(in_stream):
                        if packet.dts is None or packet.size == 0 or packet.is_corrupt:
                            continue
                        packet.stream = out_stream
                        out.mux(packet)
                        written += 1
                except av.error.FFmpegError as exc:
                    log.info("Recovery of %s stopped at a damaged part: %s", src, exc)
    finally:
        if trimmed != src:
            trimmed.unlink(missing_ok=True)
    return written


def recover_video(path: Path, fps: float) -> RecoveredVideo:
    """Make a crashed fragmented recording a regular MP4 holding every frame written, then hash it.

    Raises StorageError only when the file exists but cannot be read at all; a file with no
    frames (0 bytes, or only the header) comes back with frames == 0 and is left untouched.
    """
    path = Path(path)
    if not path.exists():
        return RecoveredVideo(path, 0, 0.0, 0, "", False, "the video file is missing")
    size = path.stat().st_size
    if size == 0:
        return RecoveredVideo(path, 0, 0.0, 0, "", False, "the video file is empty (0 bytes)")
    try:
        limit = complete_prefix_length(path)
    except OSError as exc:
        raise StorageError(f"Cannot read the video {path}: {exc.strerror or exc}.") from exc
    frames, first, last, time_base = _count_packets(path)
    if frames == 0:
        return RecoveredVideo(
            path,
            0,
            0.0,
            size,
            "",
            False,
            f"the video file holds no frames ({size} bytes, the header only)",
        )
    tmp = path.with_name(f".{path.stem}.recover-{uuid.uuid4().hex[:8]}.mp4")
    try:
        free = os.statvfs(path.parent).f_bavail * os.statvfs(path.parent).f_frsize
    except (AttributeError, OSError):  # no statvfs on Windows; the write itself will tell
        free = None
    note = ""
    remuxed = False
    if free is not None and free < size * 1.1 + 1_000_000:
        note = "kept as a fragmented MP4: not enough free space to rewrite it"
    else:
        try:
            written = _remux(path, tmp, limit)
            check_frames, c_first, c_last, c_tb = _count_packets(tmp)
            if written == 0 or check_frames != written:
                raise StorageError(
                    f"the rewritten copy holds {check_frames} of {written} frames; kept the original"
                )
            os.replace(tmp, path)
            remuxed = True
            frames, first, last, time_base = check_frames, c_first, c_last, c_tb
        except (av.error.FFmpegError, OSError, StorageError) as exc:
            note = f"kept as a fragmented MP4: rewriting it failed ({exc})"
            log.warning("Recovery could not rewrite %s: %s", path, exc)
        finally:
            tmp.unlink(missing_ok=True)
    return RecoveredVideo(
        path=path,
        frames=frames,
        duration_s=_duration(first, last, time_base, fps),
        size_bytes=path.stat().st_size,
        sha256=sha256_file(path),
        remuxed=remuxed,
        note=note,
    )


def trim_torn_tail(path: Path) -> int:
    """Cut a half-written last box off a fragmented recording in place; returns bytes removed.

    Used after a write error such as a full disk, when there is no room for a rewritten
    copy: truncating needs no space and leaves every complete fragment playable.
    """
    size = path.stat().st_size
    keep = complete_prefix_length(path)
    if 0 < keep < size:
        with open(path, "r+b") as fh:
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())
        return size - keep
    return 0
