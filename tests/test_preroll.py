"""Pre-roll: the video begins the set number of seconds before the start trigger, measured in the file."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from inspector.capture.pipeline import open_capture
from inspector.capture.sources import DemoSource
from inspector.core.models import utcnow
from inspector.services.recording import StartRequest, start_inspection
from tests.helpers import decode


def test_preroll_is_on_by_default_for_three_seconds(ctx) -> None:
    assert ctx.settings.preroll_seconds == 3.0


@pytest.mark.parametrize("preroll", [3.0])
def test_recording_starts_preroll_seconds_before_start(qapp, ctx, preroll: float) -> None:
    fps = 10
    capture = open_capture(DemoSource(320, 240, fps), preroll_seconds=preroll)
    try:
        # Let the ring fill: the camera was on long before the parcel arrived.
        deadline = time.monotonic() + preroll + 5
        while capture.frames_captured < (preroll + 0.5) * fps and time.monotonic() < deadline:
            time.sleep(0.05)
        pressed_at = utcnow()
        pressed_mono = time.monotonic()
        active = start_inspection(ctx, capture, StartRequest("TB-PRE", "SF-PRE"))
        while time.monotonic() - pressed_mono < 1.0:
            time.sleep(0.05)
        stop_mono = time.monotonic()
        summary = active.stop()
        after_start = stop_mono - pressed_mono
    finally:
        capture.stop()

    video = decode(summary.video_path)
    assert summary.dropped_frames == 0, "the pre-roll is handed over whole"
    # The file holds the pre-roll plus what came after Start, in real time.
    assert video.duration_s == pytest.approx(preroll + after_start, abs=0.35)
    assert video.duration_s - after_start == pytest.approx(preroll, abs=0.35)
    # The record says when the picture really begins: the pre-roll's first frame.
    lead = pressed_at - summary.started_at
    assert lead == pytest.approx(timedelta(seconds=preroll), abs=timedelta(seconds=0.3))


def test_no_preroll_when_turned_off(qapp, ctx) -> None:
    capture = open_capture(DemoSource(320, 240, 10), preroll_seconds=0.0)
    try:
        while capture.frames_captured < 10:
            time.sleep(0.05)
        pressed_at = utcnow()
        active = start_inspection(ctx, capture, StartRequest("TB-NOPRE"))
        time.sleep(0.5)
        summary = active.stop()
        held = (utcnow() - pressed_at).total_seconds()  # press to stop, however loaded the machine
    finally:
        capture.stop()
    assert abs((summary.started_at - pressed_at).total_seconds()) < 0.25
    # The 10 frames captured before the press are not in the file (one frame of slack).
    assert decode(summary.video_path).duration_s <= held + 0.1


def test_preroll_memory_is_bounded_at_high_resolution() -> None:
    import numpy as np

    from inspector.capture.pipeline import PREROLL_MAX_BYTES, CaptureThread

    frame = np.zeros((1080, 1920, 3), np.uint8)
    capture = CaptureThread(DemoSource(1920, 1080, 30), preroll_seconds=3.0)
    stride = capture._preroll_stride(frame)
    held = (3.0 + 1.0) * 30 / stride * frame.nbytes  # the ring's frames at that stride
    assert stride == 3 and held <= PREROLL_MAX_BYTES
    small = CaptureThread(DemoSource(320, 240, 30), preroll_seconds=3.0)
    assert small._preroll_stride(np.zeros((240, 320, 3), np.uint8)) == 1
