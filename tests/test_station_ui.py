"""The station window as an operator uses it: type or scan, start, see the indicator, stop, see the row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inspector.ui.main_window import MainWindow


@pytest.fixture
def window(open_station):
    return open_station()


def test_preview_shows_the_camera(qtbot, window):
    station = window.station
    qtbot.waitUntil(lambda: station.preview_frames_shown >= 5, timeout=5000)
    assert not station.view.preview.pixmap().isNull()
    assert "Demo" in station.view.source_label.text()


def test_scan_order_then_waybill_records_and_lists_it(qtbot, window):
    station = window.station
    view = station.view
    qtbot.keyClicks(view.order_edit, "tb1001")
    qtbot.keyClick(view.order_edit, Qt.Key.Key_Return)
    assert view.courier_edit.hasFocus(), (
        "Enter after the order number moves on to the courier number"
    )
    qtbot.keyClicks(view.courier_edit, "sf555")
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        qtbot.keyClick(view.courier_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "RECORDING" in view.banner.text(), timeout=3000)
    assert not view.start_button.isEnabled() and view.stop_button.isEnabled()
    assert not view.order_edit.isEnabled(), "numbers on the overlay cannot change mid-recording"
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        qtbot.keyClick(view, Qt.Key.Key_F8)
    summary = stopped.args[0]
    assert (
        summary.order == "TB1001" and summary.courier == "SF555" and summary.status == "completed"
    )
    assert "Saved inspection" in view.banner_detail.text()
    assert view.today_table.rowCount() == 1
    assert view.today_table.item(0, 1).text() == "TB1001"
    assert "Decide" in view.banner.text(), "after Stop the desk is asked for the decision"
    assert view.banner_detail.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_S)
    # Identity steps are open: the state bar asks, and only S again decides.
    qtbot.waitUntil(lambda: "steps open" in view.banner.text(), timeout=3000)
    assert "not answered" in view.banner_detail.text()
    assert "S again" in view.banner_detail.text()
    assert view.today_table.item(0, 5).text() == "Pending"
    qtbot.keyClick(view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: view.today_table.item(0, 5).text() == "Signed", timeout=3000)
    # The bar says what was done, not the waiting reason ("Answer the identity steps first").
    assert "identity step(s) not answered" in view.banner_detail.text()
    assert "first" not in view.banner_detail.text()
    assert view.today_group.title().endswith(": 1")
    assert view.order_edit.text() == "" and view.order_edit.hasFocus(), "ready for the next parcel"


def test_start_without_an_order_number_says_so(qtbot, window):
    view = window.station.view
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert "order number" in view.message_label.text()
    assert window.station.active is None
    assert view.start_button.isEnabled()


def test_without_a_camera_the_desk_runs_on_the_demo_camera_and_says_so(qtbot, ctx):
    ctx.settings.set("camera_source", "7")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    view = win.station.view
    qtbot.waitUntil(lambda: win.station.capture is not None, timeout=10000)
    assert "Demo" in view.source_label.text()
    assert "camera 7 was not found" in view.source_label.text()
    assert "Settings" in view.source_label.text()
    win.station.shutdown()


def test_a_network_camera_that_fails_offers_the_demo(qtbot, ctx):
    ctx.settings.set("camera_source", "rtsp://127.0.0.1:9/stream")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    view = win.station.view
    qtbot.waitUntil(lambda: view.use_demo_button.isVisibleTo(win), timeout=15000)
    assert "Cannot reach the network camera" in view.source_label.text()
    qtbot.mouseClick(view.use_demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.station.capture is not None, timeout=10000)
    assert "Demo" in view.source_label.text()
    win.station.shutdown()
