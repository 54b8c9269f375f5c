"""When a recording began, two ways, defined so they can be compared.

- The record's start (`VideoSegment.started_at`): when the segment was opened, i.e. the
  button press or scan that started recording (or the camera's return that began a new
  segment); stored by the desk, so editable by whoever holds the database.
- The MP4's creation time (`mvhd` creation_time): the wall time of the segment's first
  frame (capture/encoder.py), written inside the file, so covered by the video's SHA-256
  and by its RFC 3161 stamp: it cannot be moved without the hash changing.

The first frame follows the button press by the camera's start-up (seconds at most); a
difference beyond START_TOLERANCE means the record's times were moved.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from typing import BinaryIO

START_TOLERANCE = timedelta(minutes=2)
_MP4_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)
_MAX_BOXES = 10_000  # a recording has a handful of top-level boxes


def mp4_creation_time(fh: BinaryIO) -> datetime | None:
    """The creation time in the MP4's movie header (mvhd), or None when it has none."""
    end = fh.seek(0, 2)
    at = 0
    for _ in range(_MAX_BOXES):
        if at + 8 > end:
            return None
        fh.seek(at)
        size, kind = struct.unpack(">I4s", fh.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", fh.read(8))[0]
            header = 16
        elif size == 0:
            size = end - at
        if size < header:
            return None
        if kind == b"moov":
            return _mvhd_time(fh, at + header, at + size)
        at += size
    return None


def _mvhd_time(fh: BinaryIO, start: int, stop: int) -> datetime | None:
    at = start
    while at + 8 <= stop:
        fh.seek(at)
        size, kind = struct.unpack(">I4s", fh.read(8))
        if size < 8:
            return None
        if kind == b"mvhd":
            version = fh.read(4)[0]
            raw = fh.read(8 if version == 1 else 4)
            seconds = int.from_bytes(raw, "big")
            return _MP4_EPOCH + timedelta(seconds=seconds) if seconds else None
        at += size
    return None


def start_contradiction(record_start: datetime | None, created: datetime | None) -> str:
    """Why the record's start and the MP4's creation time disagree; '' when they agree."""
    if record_start is None or created is None:
        return ""
    gap = created - record_start
    if abs(gap) <= START_TOLERANCE:
        return ""
    return (
        f"the video's own creation time is {created.isoformat()}, but the record says it "
        f"started at {record_start.astimezone(UTC).isoformat()} ({_span(gap)} apart): the "
        "record's times were moved after the recording"
    )


def _span(gap: timedelta) -> str:
    seconds = abs(gap.total_seconds())
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 60:.0f} minutes"
