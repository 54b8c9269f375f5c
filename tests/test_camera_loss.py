"""A camera lost mid-recording: the video is saved up to that point, the desk is told once,
the camera reconnects by itself with backoff, and the inspection continues into a second segment."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import select

from inspector.capture.overlay import ensure_text_rendering
from inspector.capture.pipeline import CaptureState, CaptureThread
from inspector.capture.sources import FrameSource, _Pacer
from inspector.core.errors import SourceError, ValidationError
from inspector.core.hashing import sha256_file
from inspector.core.models import Inspection, InspectionEvent
from inspector.services.maintenance import continue_inspection
from inspector.services.recording import StartRequest, start_inspection
from tests.helpers import decode


class FlakyCamera(FrameSource):
    """A live camera that is unplugged after `fail_after` frames and can be plugged back in."""

    def __init__(self, fail_after: int, raise_on_loss: bool = False, fps: float = 30.0) -> None:
        self.width, self.height, self.fps = 320, 240, fps
        self.description = "Test camera"
        self.fail_after = fail_after
        self.raise_on_loss = raise_on_loss
        self.plugged = threading.Event()
        self.plugged.set()
        self.delivered = 0
        self.opens = 0
        self.pulled = False
        self._open = False
        self._pacer = _Pacer(fps)

    def open(self) -> None:
        if not self.plugged.is_set():
            raise SourceError("There is no camera number 0 on this computer.")
        self.opens += 1
        self._open = True

    def read(self) -> np.ndarray | None:
        if self.delivered == self.fail_after and not self.pulled:
            self.pulled = True
            self.plugged.clear()  # the cable is pulled now, once
        if not self._open or not self.plugged.is_set():
            if self.raise_on_loss:
                raise OSError(19, "No such device")
            return None
        self._pacer.wait()
        self.delivered += 1
        image = np.full((self.height, self.width, 3), 60, np.uint8)
        image[:, (self.delivered * 4) % self.width] = 255
        return image

    def close(self) -> None:
        self._open = False


def wait_for(condition, timeout: float = 15.0) -> None:
    # Threads report through plain attributes here (no Qt), so poll them with a deadline.
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def flaky():
    ensure_text_rendering()
    made: list[CaptureThread] = []

    def make(camera: FlakyCamera, **kw) -> CaptureThread:
        capture = CaptureThread(camera, **kw)
        capture.start()
        made.append(capture)
        return capture

    yield make
    for capture in made:
        capture.stop()


def _events(ctx, inspection_id: int) -> list[InspectionEvent]:
    with ctx.db.session() as s:
        return list(
            s.exec(
                select(InspectionEvent)
                .where(InspectionEvent.inspection_id == inspection_id)
                .order_by(InspectionEvent.id)
            )
        )


@pytest.mark.parametrize("raise_on_loss", [False, True], ids=["no-frame", "read-raises"])
def test_lost_camera_saves_segment_reconnects_and_continues(ctx, flaky, caplog, raise_on_loss):
    caplog.set_level(logging.INFO, logger="inspector.capture.pipeline")
    camera = FlakyCamera(fail_after=45, raise_on_loss=raise_on_loss)
    heard = []
    capture = flaky(camera, backoff_initial=0.02, backoff_max=0.1, on_event=heard.append)
    active = start_inspection(ctx, capture, StartRequest("CAM-1", "SF1", "Li Na", "Desk 1"))

    # The cable is pulled after 45 frames: the recording is finished by the capture thread.
    assert active.recorder.finished.wait(15)
    wait_for(lambda: capture.state == CaptureState.LOST)
    assert capture.latest() is None, "no frozen picture while the camera is gone"
    first = active.stop()
    assert first.status == "interrupted"
    # Every frame up to the pull is in the file (a frame or two came before Start).
    assert 40 <= first.frame_count <= 45 and first.dropped_frames == 0
    assert decode(Path(first.video_path)).frames == first.frame_count
    assert first.sha256 == sha256_file(Path(first.video_path))
    interrupted = [e for e in _events(ctx, first.id) if e.kind == "interrupted"]
    assert len(interrupted) == 1 and "Test camera" in interrupted[0].message
    assert [e.kind for e in capture.drain_events()] == ["lost"]
    with pytest.raises(SourceError, match="not delivering pictures"):
        continue_inspection(ctx, capture, first.id)

    # It stays away for many retries: the log gets a line per change, not per retry.
    wait_for(lambda: capture.status().attempts >= 6)
    assert capture.state == CaptureState.LOST
    camera.plugged.set()
    wait_for(lambda: capture.state == CaptureState.RUNNING)
    assert capture.reconnects == 1
    assert [e.kind for e in heard] == ["lost", "reconnected"]
    assert "back after" in heard[1].message
    lines = [r for r in caplog.records if r.name == "inspector.capture.pipeline"]
    assert len(lines) <= 3, [r.getMessage() for r in lines]
    assert "Camera lost" in lines[0].getMessage() and "Recording finished" in lines[0].getMessage()

    second = continue_inspection(ctx, capture, first.id, max_seconds=1)
    with ctx.db.session() as s:
        assert s.get(Inspection, first.id).status == "recording"
    assert second.recorder.finished.wait(15)
    done = second.stop()
    assert done.id == first.id and done.status == "completed"
    assert [s["seq"] for s in done.segments] == [1, 2]
    assert done.segments[1]["path"].endswith("_part2.mp4")
    for seg in done.segments:
        assert seg["sha256"] == sha256_file(Path(seg["path"]))
        assert decode(Path(seg["path"])).frames == seg["frames"]
    assert done.frame_count == first.frame_count + done.segments[1]["frames"]
    assert done.duration_s == pytest.approx(sum(s["duration_s"] for s in done.segments), abs=0.01)
    mine = {"started", "interrupted", "stopped", "continued"}
    kinds = [e.kind for e in _events(ctx, first.id) if e.kind in mine]
    assert kinds == ["started", "interrupted", "stopped", "continued", "stopped"]


def test_backoff_doubles_to_thirty_seconds_and_stop_interrupts_it(flaky):
    camera = FlakyCamera(fail_after=3)
    capture = CaptureThread(camera)  # the real backoff: 1, 2, 4 ... 30 s
    waits: list[float] = []
    real_wait = capture._stop.wait

    def quick_wait(timeout: float | None = None) -> bool:
        # Record each backoff the thread asks for, but let tests run without the real waits.
        if timeout is not None and timeout >= 1:
            waits.append(timeout)
            if len(waits) >= 8:
                return real_wait(timeout)  # from now on the real 30 s wait
            return real_wait(0.001)
        return real_wait(timeout)

    capture._stop.wait = quick_wait  # type: ignore[method-assign]
    capture.start()
    wait_for(lambda: len(waits) >= 8)
    assert waits == [1, 2, 4, 8, 16, 30, 30, 30]
    started = time.monotonic()
    capture.stop()
    assert time.monotonic() - started < 2, "stop() does not wait out a 30 s backoff"
    assert capture.state == CaptureState.STOPPED and camera._open is False


def test_one_recording_per_camera(ctx, flaky):
    capture = flaky(FlakyCamera(fail_after=10_000))
    first = start_inspection(ctx, capture, StartRequest("ONE-1"))
    with pytest.raises(ValidationError, match="already recording"):
        start_inspection(ctx, capture, StartRequest("ONE-2"))
    with ctx.db.session() as s:
        orders = [i.order_number for i in s.exec(select(Inspection))]
    assert orders == ["ONE-1"], "a refused start leaves no half-made inspection"
    ctx.settings.set("language", "zh_CN")  # the refusal is the operator's to read
    with pytest.raises(ValidationError, match="正在录制 .*请先停止那段录像"):
        start_inspection(ctx, capture, StartRequest("ONE-3"))
    wait_for(lambda: first.recorder.frames_written >= 5)
    assert first.stop().status == "completed"


def test_a_file_source_that_ends_is_not_reconnected(ctx, tmp_path):
    from inspector.capture.pipeline import open_capture
    from inspector.capture.sources import FileSource
    from tests.helpers import write_test_video

    ensure_text_rendering()
    capture = open_capture(FileSource(write_test_video(tmp_path / "clip.mp4", seconds=1)))
    try:
        active = start_inspection(ctx, capture, StartRequest("FILE-1"))
        assert active.recorder.finished.wait(15)
        summary = active.stop()
        assert summary.status == "completed" and summary.frame_count > 0
        wait_for(lambda: capture.ended.is_set())
        assert capture.state == CaptureState.ENDED and capture.reconnects == 0
    finally:
        capture.stop()
