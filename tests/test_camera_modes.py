"""USB cameras: MJPG from 720p up through the platform's own API, the mode really obtained,
the modes listed, and a camera that delivers fewer frames than asked said in words.

The camera is faked only at OpenCV's boundary: a stand-in for cv2.VideoCapture that
negotiates like a UVC webcam (a Logitech C920's real mode list) and delivers frames at
the rate of the mode it settled on.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from inspector.capture import sources
from inspector.capture.pipeline import open_capture
from inspector.capture.sources import (
    CameraMode,
    CameraSource,
    camera_modes,
    parse_v4l2_formats,
    usable_modes,
)

C920 = (Path(__file__).parent / "data" / "v4l2_c920_formats.txt").read_text()
MJPG = cv2.VideoWriter.fourcc(*"MJPG")
YUYV = cv2.VideoWriter.fourcc(*"YUYV")


class FakeUVC:
    """cv2.VideoCapture as a UVC camera answers it: each set() renegotiates against its modes."""

    def __init__(self, modes: list[CameraMode], index: int = 0, backend: int | None = None):
        self.modes = modes
        self.index, self.backend = index, backend
        self.calls: list[int] = []
        self.fourcc = "YUYV"
        self.want = (640, 480, 30.0)
        self.current = self._negotiate()
        self.opened = True
        self.reads = 0

    def _negotiate(self) -> CameraMode:
        w, h, fps = self.want
        offered = [m for m in self.modes if m.pixel_format == self.fourcc] or self.modes
        sizes = {(m.width, m.height) for m in offered}
        # The driver takes the nearest size it has in the current format.
        size = min(sizes, key=lambda s: abs(s[0] * s[1] - w * h))
        rates = sorted(m.fps for m in offered if (m.width, m.height) == size)
        slower = [r for r in rates if r <= fps]
        chosen = slower[-1] if slower else rates[0]
        fmt = offered[0].pixel_format
        return CameraMode(size[0], size[1], chosen, fmt)

    def isOpened(self) -> bool:  # noqa: N802 (OpenCV's name)
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        self.calls.append(prop)
        w, h, fps = self.want
        if prop == cv2.CAP_PROP_FOURCC:
            text = sources.fourcc_text(value)
            if any(m.pixel_format == text for m in self.modes):
                self.fourcc = text
        elif prop == cv2.CAP_PROP_FRAME_WIDTH:
            self.want = (int(value), h, fps)
        elif prop == cv2.CAP_PROP_FRAME_HEIGHT:
            self.want = (w, int(value), fps)
        elif prop == cv2.CAP_PROP_FPS:
            self.want = (w, h, float(value))
        self.current = self._negotiate()
        return True

    def get(self, prop: int) -> float:
        m = self.current
        return {
            cv2.CAP_PROP_FRAME_WIDTH: m.width,
            cv2.CAP_PROP_FRAME_HEIGHT: m.height,
            cv2.CAP_PROP_FPS: m.fps,
            cv2.CAP_PROP_FOURCC: cv2.VideoWriter.fourcc(*m.pixel_format),
        }.get(prop, 0.0)

    def read(self) -> tuple[bool, np.ndarray | None]:
        if not self.opened:
            return False, None
        time.sleep(1.0 / self.current.fps)  # the camera's own pace
        self.reads += 1
        frame = np.full((self.current.height, self.current.width, 3), self.reads % 255, np.uint8)
        return True, frame

    def release(self) -> None:
        self.opened = False


@pytest.fixture
def c920(monkeypatch):
    """Camera 0 is a C920 (as V4L2 lists it); every other index has no camera."""
    made: list[FakeUVC] = []

    def factory(index, backend=None, *_args):
        cam = FakeUVC(parse_v4l2_formats(C920), index, backend)
        cam.opened = index == 0
        made.append(cam)
        return cam

    monkeypatch.setattr(cv2, "VideoCapture", factory)
    return made


@pytest.fixture
def yuyv_only(monkeypatch):
    """A cheap webcam: no MJPG, so 1080p comes only as YUYV at 5 fps."""
    modes = [m for m in parse_v4l2_formats(C920) if m.pixel_format == "YUYV"]
    made: list[FakeUVC] = []

    def factory(index, backend=None, *_args):
        cam = FakeUVC(modes, index, backend)
        made.append(cam)
        return cam

    monkeypatch.setattr(cv2, "VideoCapture", factory)
    return made


def test_1080p_is_asked_as_mjpg_before_size_and_rate_through_the_platform_api(c920):
    src = CameraSource(0, 1920, 1080, 30)
    src.open()
    cam = c920[-1]
    assert cam.calls.index(cv2.CAP_PROP_FOURCC) < cam.calls.index(cv2.CAP_PROP_FRAME_WIDTH)
    assert cam.calls.index(cv2.CAP_PROP_FRAME_HEIGHT) < cam.calls.index(cv2.CAP_PROP_FPS)
    if sys.platform.startswith("linux"):
        assert cam.backend == cv2.CAP_V4L2
    assert src.mode == CameraMode(1920, 1080, 30.0, "MJPG")
    assert (src.width, src.height, src.fps) == (1920, 1080, 30.0)
    assert src.describe("en") == "Camera 0 (1920×1080 MJPG @ 30 fps)"
    assert src.describe("zh_CN") == "摄像头 0（1920×1080 MJPG @ 30 fps）"
    src.close()


def test_small_sizes_keep_the_cameras_own_format(c920):
    src = CameraSource(0, 640, 480, 30)
    src.open()
    assert cv2.CAP_PROP_FOURCC not in c920[-1].calls
    assert src.mode == CameraMode(640, 480, 30.0, "YUYV")
    src.close()


def test_a_camera_slower_than_asked_is_said_in_words(yuyv_only):
    """1080p YUYV at 5 fps: the mode got is reported, and the desk hears it in its language."""
    src = CameraSource(0, 1920, 1080, 30)
    capture = open_capture(src)
    try:
        assert src.mode == CameraMode(1920, 1080, 5.0, "YUYV")
        deadline = time.monotonic() + 8
        while not capture.shortfall() and time.monotonic() < deadline:
            time.sleep(0.1)
        words = capture.shortfall("en")
        assert re.search(r"delivers [45]\.\d frames a second, not the 30 asked for", words), words
        assert "Camera 0 (1920×1080 YUYV @ 5 fps)" in words
        assert re.search(r"每秒只送来 [45]\.\d 帧", capture.shortfall("zh_CN"))
        slow = [e for e in capture.drain_events() if e.kind == "slow"]
        assert len(slow) == 1 and "frames a second, not the 30" in slow[0].message
    finally:
        capture.stop()


def test_a_camera_that_keeps_up_says_nothing(c920):
    capture = open_capture(CameraSource(0, 1280, 720, 30))
    try:
        time.sleep(3.5)
        assert capture.delivered_fps() == pytest.approx(30, rel=0.2)
        assert capture.shortfall() == ""
        assert not [e for e in capture.drain_events() if e.kind == "slow"]
    finally:
        capture.stop()


def test_v4l2_listing_read_and_only_the_modes_this_program_gets_offered():
    listed = parse_v4l2_formats(C920)
    assert CameraMode(1920, 1080, 5.0, "YUYV") in listed
    assert CameraMode(1920, 1080, 30.0, "H264") in listed
    assert len(listed) == 11
    offered = usable_modes(listed)
    # 720p and up come as MJPG (YUYV's 5 fps and the H.264 stream OpenCV cannot ask for
    # are not offered); below, the camera's default format.
    assert offered == [
        CameraMode(1920, 1080, 30.0, "MJPG"),
        CameraMode(1920, 1080, 24.0, "MJPG"),
        CameraMode(1280, 720, 30.0, "MJPG"),
        CameraMode(1280, 720, 24.0, "MJPG"),
        CameraMode(640, 480, 30.0, "YUYV"),
        CameraMode(640, 480, 15.0, "YUYV"),
    ]
    assert str(offered[0]) == "1920×1080 MJPG @ 30 fps"


def test_camera_modes_asks_v4l2_ctl_when_it_is_there(monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("V4L2 is Linux's")
    asked: list[list[str]] = []

    def run(cmd, **_kw):
        asked.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, C920, "")

    monkeypatch.setattr(sources.shutil, "which", lambda name: f"/usr/bin/{name}")
    modes = camera_modes(2, run=run)
    assert asked == [["/usr/bin/v4l2-ctl", "-d", "/dev/video2", "--list-formats-ext"]]
    assert modes[0] == CameraMode(1920, 1080, 30.0, "MJPG")


def test_without_a_listing_modes_are_probed_through_opencv(c920, monkeypatch):
    monkeypatch.setattr(sources.shutil, "which", lambda name: None)
    modes = camera_modes(0)
    assert CameraMode(1920, 1080, 30.0, "MJPG") in modes
    assert CameraMode(1280, 720, 30.0, "MJPG") in modes
    assert CameraMode(640, 480, 30.0, "YUYV") in modes
    assert all(m.pixel_format == "MJPG" for m in modes if m.width * m.height >= 1280 * 720)
    assert camera_modes(3) == []  # no camera there


def test_doctor_lists_each_cameras_modes_and_measures_the_station_camera(ctx, c920, monkeypatch):
    from inspector.services.doctor import doctor

    monkeypatch.setattr(sources.shutil, "which", lambda name: None)
    ctx.settings.set("camera_source", "0")
    ctx.settings.set("width", 1920)
    ctx.settings.set("height", 1080)
    ctx.settings.set("fps", 30.0)
    lines = "\n".join(doctor(ctx).lines())
    assert "0: Camera 0 (640×480 YUYV @ 30 fps)" in lines
    assert "camera 0 modes: 1920×1080 MJPG @ 30 fps, " in lines
    assert "Station camera: Camera 0 (1920×1080 MJPG @ 30 fps), asked 1920×1080 @ 30 fps" in lines
    delivered = float(lines.split("delivered ")[1].split(" ")[0])
    assert delivered == pytest.approx(30, rel=0.25)


def test_settings_offer_only_the_modes_the_camera_has(qtbot, ctx, c920, monkeypatch):
    from inspector.ui.settings_dialog import SettingsDialog

    monkeypatch.setattr(sources.shutil, "which", lambda name: None)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.camera
    picker.find()
    qtbot.waitUntil(lambda: picker.combo.findData("0") >= 0, timeout=20000)
    picker.set_spec("0")
    modes = picker.mode_combo
    qtbot.waitUntil(lambda: not modes.isHidden(), timeout=5000)
    offered = [modes.itemText(i) for i in range(modes.count())]
    assert "1920×1080 MJPG @ 30 fps" in offered and "640×480 YUYV @ 30 fps" in offered
    assert not any(t.startswith(("1920", "1280")) and "YUYV" in t for t in offered), offered
    # The size and rate are the chosen mode's, not numbers typed in.
    assert not dialog.editors["width"].isEnabled()
    modes.activated.emit(offered.index("1920×1080 MJPG @ 30 fps"))
    assert (dialog.value("width"), dialog.value("height"), dialog.value("fps")) == (
        1920,
        1080,
        30.0,
    )
    picker.set_spec("demo")
    assert modes.isHidden() and dialog.editors["width"].isEnabled()
