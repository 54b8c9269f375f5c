"""The station window when the camera is pulled mid-recording: saved, told, reconnected, continued."""

from __future__ import annotations

import pytest

from inspector.capture.pipeline import CaptureThread
from inspector.services.inspections import get_inspection
from inspector.ui.main_window import MainWindow
from tests.test_camera_loss import FlakyCamera


@pytest.fixture
def window(qtbot, ctx):
    ctx.settings.set("preroll_seconds", 0.0)
    ctx.settings.set("operator", "Li Na")  # a recording needs an operator
    win = MainWindow(ctx, open_camera=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.station.shutdown()


def test_pulled_camera_saves_tells_reconnects_and_continues(qtbot, window, ctx):
    station = window.station
    view = station.view
    camera = FlakyCamera(fail_after=10**9)
    capture = CaptureThread(camera, backoff_initial=0.2, backoff_max=0.5)
    capture.start()
    station._camera_opened(capture)
    view.order_edit.setText("TB-LOST")
    view.courier_edit.setText("SF-LOST")
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        station.start()
    # Pulled 45 frames (1.5 s) into the recording, however late a loaded machine started it
    # (counted from the camera's opening, a parallel test run once left 26 frames).
    camera.fail_after = camera.delivered + 45
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as first:
        pass  # the recording stops by itself
    part1 = first.args[0]
    assert part1.status == "interrupted" and part1.frame_count >= 30
    qtbot.waitUntil(lambda: "Camera lost" in view.message_label.text(), timeout=5000)
    assert "saved" in view.message_label.text()
    assert view.message_label.toolTip(), "the technical cause is kept for whoever looks into it"
    assert view.order_edit.text() == "TB-LOST", "the parcel stays on the form"

    camera.plugged.set()  # the cable goes back in
    qtbot.waitUntil(lambda: "camera is back" in view.message_label.text(), timeout=10000)
    assert "F5" in view.message_label.text()
    with qtbot.waitSignal(station.recording_started, timeout=5000) as again:
        station.start()
    assert again.args[0] == part1.id, "the same inspection continues"
    # The second part's overlay speaks the desk's language, as the first part's did.
    assert station.active.recorder.overlay.info.labels == station.hands_free.labels
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.stop()
    summary = get_inspection(ctx, part1.id)
    assert [s["seq"] for s in summary.segments] == [1, 2]
    assert all(s["sha256"] for s in summary.segments)


def test_a_second_window_on_the_same_data_folder_is_refused(qapp, ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from inspector.core.instance_lock import acquire_instance_lock
    from inspector.ui.app import run_gui

    ctx.settings.set("first_run_done", True)
    ctx.settings.save()
    held = acquire_instance_lock(ctx.storage.root, "station window")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    try:
        code = run_gui(str(ctx.storage.root))
    finally:
        held.release()
    assert code != 0
    assert shown and "already" in shown[0].lower()


def test_a_camera_slower_than_asked_is_said_at_the_desk(qtbot, window, ctx):
    ctx.settings.set("language", "zh_CN")
    camera = FlakyCamera(fail_after=10**6, fps=8.0)
    camera.asked_fps = 30.0  # the desk asked for 30 a second; the camera manages 8
    capture = CaptureThread(camera)
    capture.start()
    window.station._camera_opened(capture)
    message = window.station.view.message_label
    qtbot.waitUntil(lambda: "帧，而不是要求的 30 帧" in message.text(), timeout=10000)
    assert "每秒只送来" in message.text()
