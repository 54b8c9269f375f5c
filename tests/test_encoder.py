"""The H.264 writer: real codec, real-time timeline, and a file that survives a crash."""

from __future__ import annotations

import shutil

import av
import numpy as np
import pytest

from inspector.capture.encoder import H264Writer, probe_h264
from inspector.core.errors import EncoderError
from tests.helpers import decode


def _frame(i: int) -> np.ndarray:
    img = np.zeros((240, 320, 3), np.uint8)
    img[:, : (i * 3) % 320] = 200
    return img


def test_writes_h264_that_decodes_with_every_frame(tmp_path):
    path = tmp_path / "v.mp4"
    w = H264Writer(path, 320, 240, 30)
    for i in range(60):
        w.write(_frame(i), i / 30)
    w.close()
    v = decode(path)
    assert v.codec == "h264"
    assert v.frames == 60
    assert v.duration_s == pytest.approx(2.0, abs=0.05)


def test_timeline_follows_capture_time_when_the_camera_is_slow(tmp_path):
    # A camera promising 30 fps that delivers 10: the video must still last real time.
    path = tmp_path / "slow.mp4"
    w = H264Writer(path, 320, 240, 30)
    for i in range(30):
        w.write(_frame(i), i * 0.1)
    w.close()
    v = decode(path)
    assert v.frames == 30
    assert v.duration_s == pytest.approx(3.0, abs=0.15)


def test_a_file_cut_off_mid_recording_still_plays(tmp_path):
    path = tmp_path / "live.mp4"
    w = H264Writer(path, 320, 240, 30)
    for i in range(30 * 4):
        w.write(_frame(i), i / 30)
    # No close(): copy the file as a crash would leave it.
    crashed = tmp_path / "crashed.mp4"
    shutil.copyfile(path, crashed)
    with av.open(str(crashed)) as c:
        frames = sum(1 for _ in c.decode(c.streams.video[0]))
    assert frames >= 2 * 30, "at least the fragments older than a second are playable"
    w.close()


def test_odd_frame_size_is_refused_plainly(tmp_path):
    with pytest.raises(EncoderError, match="even"):
        H264Writer(tmp_path / "x.mp4", 321, 240, 30)


def test_unwritable_destination_is_an_encoder_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises((EncoderError, OSError)):
        H264Writer(blocker / "x.mp4", 320, 240, 30)


def test_probe_reports_a_working_encoder(tmp_path):
    assert probe_h264(tmp_path) is None
    assert not list(tmp_path.iterdir()), "the probe cleans up after itself"
