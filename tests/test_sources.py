"""Camera sources: the four kinds, and plain words when one cannot deliver."""

from __future__ import annotations

import time

import numpy as np
import pytest

from inspector.capture.sources import (
    CameraSource,
    DemoSource,
    FileSource,
    NetworkSource,
    open_source,
)
from inspector.core.errors import SourceError
from tests.helpers import write_test_video


def test_spec_picks_the_right_kind(tmp_path):
    assert isinstance(open_source("demo"), DemoSource)
    assert isinstance(open_source("2"), CameraSource)
    assert isinstance(open_source("rtsp://cam.local/stream"), NetworkSource)
    assert isinstance(open_source("http://10.0.0.5/video.mjpg"), NetworkSource)
    assert isinstance(open_source(str(tmp_path / "x.mp4")), FileSource)
    with pytest.raises(SourceError, match="scheme"):
        open_source("ftp://host/x")
    with pytest.raises(SourceError, match="No camera"):
        open_source("  ")


def test_demo_scene_moves_every_frame_at_its_frame_rate():
    src = DemoSource(320, 240, 30)
    src.open()
    start = time.monotonic()
    frames = [src.read() for _ in range(15)]
    took = time.monotonic() - start
    src.close()
    assert all(f.shape == (240, 320, 3) for f in frames)
    assert all(np.any(a != b) for a, b in zip(frames, frames[1:], strict=False))
    assert 0.3 < took < 1.5, "15 frames at 30 fps take about half a second"


def test_missing_camera_index_says_what_to_do():
    with pytest.raises(SourceError, match="no camera number 9") as info:
        open_source("9").open()
    assert "doctor" in str(info.value) or "demo" in str(info.value)


def test_unreachable_network_camera_fails_fast_with_a_message():
    start = time.monotonic()
    with pytest.raises(SourceError, match="Cannot reach the network camera"):
        open_source("rtsp://admin:secret@127.0.0.1:9/stream").open()
    assert time.monotonic() - start < 15


def test_password_never_appears_in_messages():
    with pytest.raises(SourceError) as info:
        open_source("rtsp://admin:secret@127.0.0.1:9/stream").open()
    assert "secret" not in str(info.value)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        open_source(str(tmp_path / "nope.mp4")).open()
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"this is not a video" * 100)
    with pytest.raises(SourceError, match="not a video|delivered no picture"):
        open_source(str(junk)).open()


def test_file_source_plays_at_its_own_rate_then_ends(tmp_path):
    path = write_test_video(tmp_path / "in.mp4", seconds=1.0, fps=25)
    src = open_source(str(path))
    src.open()
    assert (src.width, src.height) == (320, 240)
    assert src.fps == pytest.approx(25, abs=0.5)
    start = time.monotonic()
    n = 0
    while src.read() is not None:
        n += 1
    took = time.monotonic() - start
    src.close()
    assert n == 25
    assert took == pytest.approx(1.0, abs=0.35)
