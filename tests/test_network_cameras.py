"""IP cameras against real servers on 127.0.0.1: GStreamer's RTSP server (H.264) and an HTTP
MJPEG stream from ffmpeg. Frames arrive, `record --seconds N` gives N seconds of video from
the first frame (not from the connect), and a stream that drops and comes back reconnects.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from inspector.capture.pipeline import CaptureState, CaptureThread
from inspector.capture.sources import NetworkSource
from inspector.services.recording import StartRequest, start_inspection
from tests.helpers import decode, run_cli
from tests.stream_servers import StreamServer, mjpeg_server, rtsp_server


@pytest.fixture
def rtsp() -> Iterator[StreamServer]:
    server = rtsp_server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mjpeg() -> Iterator[StreamServer]:
    server = mjpeg_server()
    server.start()
    yield server
    server.stop()


def _wait(condition, timeout: float, what: str) -> float:
    """Seconds until condition() holds; fails the test saying what never happened."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            pytest.fail(f"{what} did not happen within {timeout} s")
        time.sleep(0.05)
    return time.monotonic() - start


def _drop_and_return(server: StreamServer) -> tuple[float, float]:
    """Kill the server mid-stream, start it again: (s until the loss is noticed, s to reconnect)."""
    source = NetworkSource(server.url)
    capture = CaptureThread(source, backoff_initial=0.5, backoff_max=1.0)
    capture.start()
    try:
        _wait(lambda: capture.frames_captured >= 10, 10, "ten frames")
        assert (source.width, source.height) == (640, 480)
        server.stop()
        lost = _wait(lambda: capture.state == CaptureState.LOST, 15, "noticing the loss")
        assert capture.latest() is None
        time.sleep(1.0)  # a second with no camera: the reconnect attempts fail meanwhile
        server.start()
        back = _wait(lambda: capture.state == CaptureState.RUNNING, 20, "reconnecting")
        before = capture.frames_captured
        _wait(lambda: capture.frames_captured >= before + 10, 10, "frames after the return")
        kinds = [e.kind for e in capture.drain_events()]
        assert kinds == ["lost", "reconnected"], kinds
        assert capture.reconnects == 1
        return lost, back
    finally:
        capture.stop()


def _record(ctx, url: str, seconds: float) -> tuple[float, float]:
    """Record through the service: (seconds of video decoded, frames a second in it)."""
    capture = CaptureThread(NetworkSource(url))
    capture.start()
    try:
        active = start_inspection(ctx, capture, StartRequest("NET-1"), max_seconds=seconds)
        active.recorder.finished.wait(seconds + 10)
        summary = active.stop()
    finally:
        capture.stop()
    video = decode(summary.video_path)
    assert summary.status == "completed"
    assert (video.width, video.height, video.codec) == (640, 480, "h264")
    return video.duration_s, video.frames / video.duration_s


def test_rtsp_camera_connects_and_record_seconds_counts_from_the_first_frame(rtsp, tmp_path):
    started = time.monotonic()
    source = NetworkSource(rtsp.url)
    source.open()
    connect = time.monotonic() - started
    frames = [source.read() for _ in range(5)]
    source.close()
    assert all(f is not None and f.shape == (480, 640, 3) for f in frames)
    assert connect < 8, f"connecting took {connect:.1f} s"

    done = run_cli(
        "record",
        "--order",
        "RTSP-8",
        "--source",
        rtsp.url,
        "--seconds",
        "4",
        "--json",
        data_dir=tmp_path / "data",
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    video = decode(summary["video_path"])
    # The connect (about 2 s of FFmpeg reading the stream) is not counted, and the frames
    # it buffered meanwhile are not squeezed into the video's first second.
    assert video.duration_s == pytest.approx(4.0, abs=0.15)
    assert video.frames == pytest.approx(4 * 15, abs=3)


def test_rtsp_stream_that_drops_comes_back_by_itself(rtsp):
    lost, back = _drop_and_return(rtsp)
    assert lost < 10 and back < 15


def test_mjpeg_camera_records_real_time_and_comes_back(mjpeg, ctx):
    duration, fps = _record(ctx, mjpeg.url, 3.0)
    assert duration == pytest.approx(3.0, abs=0.15)
    # FFmpeg calls any MJPEG stream 25 fps; the video follows what arrived (15 a second).
    assert fps == pytest.approx(15, abs=2.5)
    mjpeg.stop()  # ffmpeg -listen 1 serves one client: a fresh one for the drop test
    mjpeg.start()
    lost, back = _drop_and_return(mjpeg)
    assert lost < 10 and back < 15


def test_rtsp_recording_keeps_real_time(rtsp, ctx):
    duration, fps = _record(ctx, rtsp.url, 3.0)
    assert duration == pytest.approx(3.0, abs=0.15)
    assert fps == pytest.approx(15, abs=1.0)
