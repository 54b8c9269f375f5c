"""The station window with two cameras (issue 24): one composed picture, F6 swaps the large one
(noted with its second), and a camera lost mid-recording is said while the recording goes on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from inspector.capture.compose import ComposedSource, Layout
from inspector.capture.pipeline import CaptureThread
from inspector.capture.sources import DemoSource
from inspector.core.models import EventKind, InspectionEvent
from inspector.ui.main_window import MainWindow
from tests.test_cameras import Unpluggable


@pytest.fixture
def window(qtbot, ctx):
    ctx.settings.set("preroll_seconds", 0.0)
    ctx.settings.set("operator", "Li Na")  # a recording needs an operator
    win = MainWindow(ctx, open_camera=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.station.shutdown()


def _kinds(ctx, inspection_id: int) -> list[str]:
    with ctx.db.session() as session:
        return [
            e.kind
            for e in session.exec(
                select(InspectionEvent).where(InspectionEvent.inspection_id == inspection_id)
            )
        ]


def test_the_desk_opens_its_cameras_composed_and_f6_swaps_the_large_one(qtbot, window, ctx):
    ctx.settings.set("camera_source", "demo")
    ctx.settings.set("more_cameras", "demo")
    station, view = window.station, window.station.view
    station.open_camera()
    qtbot.waitUntil(lambda: station.capture is not None, timeout=10000)
    composed = station.capture.source
    assert isinstance(composed, ComposedSource) and len(composed.feeds) == 2
    assert view.demo_banner.isVisible()
    qtbot.waitUntil(lambda: station.preview_frames_shown > 3, timeout=5000)
    view.order_edit.setText("TB-TWO")
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        station.start()
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    qtbot.keyClick(view.order_edit, Qt.Key.Key_F6)
    assert composed.main_camera == 2
    assert "Camera 2 is now the large picture" in view.message_label.text()
    qtbot.waitUntil(lambda: station.active.elapsed > 1.5, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        station.stop()
    summary = stopped.args[0]
    assert summary.status == "completed" and len(summary.cameras) == 2
    assert EventKind.CAMERAS_SWAPPED in _kinds(ctx, summary.id)


def test_one_of_two_cameras_lost_is_said_and_the_recording_goes_on(qtbot, window, ctx):
    station, view = window.station, window.station.view
    close_up = Unpluggable()
    composed = ComposedSource([DemoSource(320, 240, 30.0), close_up], Layout.INSET, backoff_max=0.5)
    capture = CaptureThread(composed)
    capture.start()
    station._camera_opened(capture)
    view.order_edit.setText("TB-LOSE-ONE")
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        station.start()
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    close_up.unplugged.set()
    qtbot.waitUntil(lambda: "Camera 2 lost" in view.message_label.text(), timeout=10000)
    assert station.active is not None, "the recording goes on with the other camera"
    close_up.unplugged.clear()
    qtbot.waitUntil(lambda: "Camera 2 is back" in view.message_label.text(), timeout=10000)
    back_at = station.active.elapsed
    qtbot.waitUntil(lambda: station.active.elapsed > back_at + 0.5, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        station.stop()
    summary = stopped.args[0]
    assert summary.status == "completed"
    kinds = _kinds(ctx, summary.id)
    assert EventKind.CAMERA_LOST in kinds and EventKind.CAMERA_BACK in kinds


def test_settings_pick_the_second_camera_and_the_layout(qtbot, ctx) -> None:
    import json

    from inspector.ui.settings_dialog import SettingsDialog

    ctx.settings.set("more_cameras", "")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        assert dialog.value("more_cameras") == ""  # none yet
        dialog.set_value("camera_source", "0")
        dialog.set_value("more_cameras", "demo")
        dialog.second_camera.preview_button.click()
        qtbot.waitUntil(lambda: dialog.second_camera.frames_shown >= 3, timeout=10000)
        dialog.set_value("camera_source", "demo")
        assert dialog.problems() == [
            "The second camera is the first one again: choose another, or none."
        ]
        dialog.set_value("more_cameras", "rtsp://127.0.0.1:8554/close-up")
        dialog.set_value("camera_layout", "side_by_side")
        assert dialog.value("keep_camera_streams") is False  # off by default
        dialog.set_value("keep_camera_streams", True)
        assert dialog.problems() == []
        with qtbot.waitSignal(dialog.saved):
            dialog.buttons.accepted.emit()
    finally:
        dialog.camera.stop()
        dialog.second_camera.stop()
    saved = json.loads((ctx.storage.root / "settings.json").read_text(encoding="utf-8"))
    assert saved["more_cameras"] == "rtsp://127.0.0.1:8554/close-up"
    assert saved["camera_layout"] == "side_by_side"
    assert saved["keep_camera_streams"] is True


def test_the_wizard_picks_a_second_camera(qtbot, ctx) -> None:
    from inspector.core.settings import Settings
    from inspector.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(ctx, answers={"language": "en"})
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.operator.setText("Li Na")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.camera.frames_shown >= 2, timeout=10000)
    wizard.camera.set_spec("demo")
    assert wizard.second_camera.spec() == ""  # no second camera unless one is chosen
    wizard.second_camera.set_spec("http://127.0.0.1:8080/video.mjpg")
    assert not wizard.keep_streams.isChecked()  # each camera's own stream: off unless asked
    wizard.keep_streams.setChecked(True)
    wizard.accept()
    wizard.apply_to(ctx.settings)
    reloaded = Settings.load(ctx.storage.root)
    assert reloaded.camera_source == "demo"
    assert reloaded.more_cameras == "http://127.0.0.1:8080/video.mjpg"
    assert reloaded.keep_camera_streams is True
    # A local second camera keeps the mode picked for it (its modes as a search lists them).
    from inspector.capture.sources import CameraMode

    second = wizard.second_camera
    second.modes["2"] = [CameraMode(1920, 1080, 30.0, "MJPG"), CameraMode(640, 480, 15.0)]
    second.set_spec("2")
    second.mode_combo.setCurrentIndex(1)
    second.mode_combo.activated.emit(1)
    wizard.apply_to(ctx.settings)
    assert Settings.load(ctx.storage.root).more_cameras == "2 640x480@15"


def test_a_composed_camera_slower_than_asked_is_said_at_the_desk(qtbot, window):
    from tests.test_cameras import SlowCamera

    station, view = window.station, window.station.view
    capture = CaptureThread(ComposedSource([DemoSource(320, 240, 30.0), SlowCamera()]))
    capture.start()
    station._camera_opened(capture)
    qtbot.waitUntil(
        lambda: "delivers 10.0 frames a second" in view.message_label.text(), timeout=10000
    )


def test_settings_keep_the_second_cameras_own_mode(qtbot, ctx) -> None:
    import json

    from inspector.capture.sources import CameraMode
    from inspector.ui.settings_dialog import SettingsDialog

    ctx.settings.set("camera_source", "demo")
    ctx.settings.set("more_cameras", "1 1280x720@30")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    second = dialog.second_camera
    assert second.spec() == "1"
    assert dialog.value("more_cameras") == "1 1280x720@30"  # kept as set until changed
    # The modes a search found for camera 1: its own mode is the one selected, not the desk's.
    second.modes["1"] = [
        CameraMode(1920, 1080, 30.0, "MJPG"),
        CameraMode(1280, 720, 30.0, "MJPG"),
        CameraMode(640, 480, 15.0, "YUYV"),
    ]
    second._list_modes()
    assert second.mode_combo.currentData() == (1280, 720, 30.0)
    desk_mode = (dialog.value("width"), dialog.value("height"), dialog.value("fps"))
    second.mode_combo.setCurrentIndex(2)
    second.mode_combo.activated.emit(2)
    assert dialog.value("more_cameras") == "1 640x480@15"
    # The close-up's mode is its own: the main camera's (the desk's) is unchanged.
    assert (dialog.value("width"), dialog.value("height"), dialog.value("fps")) == desk_mode
    # Another camera chosen: that mode was camera 1's, not this one's.
    second.set_spec("rtsp://127.0.0.1:8554/close-up")
    assert dialog.value("more_cameras") == "rtsp://127.0.0.1:8554/close-up"
    second.set_spec("1")
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    saved = json.loads((ctx.storage.root / "settings.json").read_text(encoding="utf-8"))
    assert saved["more_cameras"] == "1 640x480@15"


def test_a_two_camera_inspection_plays_with_its_step_marks_and_swap(qtbot, ctx, qapp) -> None:
    """Downstream of the composition: the detail screen plays the composed video with the
    step's mark on its timeline, and the history says when the large camera changed."""
    from PySide6.QtMultimedia import QMediaPlayer

    from inspector.capture.overlay import ensure_text_rendering
    from inspector.services.guided import answer_step
    from inspector.services.recording import StartRequest, start_inspection
    from inspector.ui.detail import DetailController

    ensure_text_rendering()
    capture = CaptureThread(
        ComposedSource([DemoSource(320, 240, 30.0), DemoSource(320, 240, 30.0)], Layout.INSET)
    )
    capture.start()
    try:
        active = start_inspection(ctx, capture, StartRequest("TWO-CAM-PLAY"), max_seconds=2)
        qtbot.waitUntil(lambda: active.recorder.elapsed >= 0.6, timeout=15000)
        active.swap_cameras()
        answer_step(ctx, active.inspection_id, "seal", "pass", video_offset_s=1.0)
        assert active.recorder.finished.wait(20)
        active.stop()
    finally:
        capture.stop()
    c = DetailController(ctx, active.inspection_id)
    qtbot.addWidget(c.view)
    c.view.resize(1100, 700)
    c.view.show()
    loaded = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)
    try:
        qtbot.waitUntil(lambda: c.player.mediaStatus() in loaded, timeout=10000)
        v = c.view
        assert [ms for ms, _label, _colour in v.timeline.marks] == [1000]
        history = [v.history_list.item(i).text() for i in range(v.history_list.count())]
        assert any("camera 2 became the large picture" in line for line in history), history
    finally:
        c.shutdown()


def test_turning_on_kept_streams_in_settings_reopens_the_cameras_and_the_desk_keeps_them(
    qtbot, window, ctx
):
    from inspector.ui.desk_menu import _snapshot, _take_up

    ctx.settings.set("camera_source", "demo")
    ctx.settings.set("more_cameras", "demo 320x240@15")
    station, view = window.station, window.station.view
    station.open_camera()
    qtbot.waitUntil(lambda: station.capture is not None, timeout=10000)
    before = _snapshot(window)
    ctx.settings.set("keep_camera_streams", True)
    _take_up(window, before)
    qtbot.waitUntil(
        lambda: station.capture is not None and station.capture.source.camera_ring_s > 0,
        timeout=10000,
    )
    view.order_edit.setText("TB-KEEP")
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        station.start()
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        station.stop()
    summary = stopped.args[0]
    kept = [(c["camera"], c["streams"][0]["width"]) for c in summary.camera_streams]
    assert kept == [(1, ctx.settings.width), (2, 320)]
