"""Changing the desk's language in Settings changes the windows at once, never mid-parcel."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt

from inspector.i18n.catalogue import install_language
from inspector.ui import main_window
from inspector.ui.desk_menu import switch_language
from inspector.ui.main_window import MainWindow


@pytest.fixture
def english_window(qtbot, ctx):
    install_language("en")
    ctx.settings.set("language", "en")
    ctx.settings.set("operator", "Li Na")  # a recording needs an operator
    win = MainWindow(ctx)  # closed below: a switched window is deleted, qtbot must not close it
    win.show()
    qtbot.waitUntil(lambda: win.station.capture is not None, timeout=10000)
    yield win
    for open_window in list(main_window._open_windows):
        if shiboken6.isValid(open_window):
            open_window.close()
    install_language("en")


def test_an_idle_desk_switches_to_chinese_at_once(qtbot, english_window):
    english_window.tabs.setCurrentIndex(1)
    assert english_window.station.view.start_button.text().startswith("● Start")
    english_window.ctx.settings.set("language", "zh_CN")
    chinese = switch_language(english_window)
    assert chinese is not None and chinese is not english_window
    assert "退货验货台" in chinese.windowTitle()
    assert chinese.station.view.start_button.text() == "● 开始录像  (F5)"
    assert chinese.tabs.currentIndex() == 1, "the page the operator was on stays open"
    assert not english_window.isVisible()
    # The camera passed to the new window: the preview runs again.
    qtbot.waitUntil(lambda: chinese.station.preview_frames_shown >= 3, timeout=10000)


def test_a_desk_recording_a_parcel_switches_when_the_parcel_is_done(qtbot, english_window):
    station = english_window.station
    view = station.view
    qtbot.keyClicks(view.order_edit, "tb202")  # short: typed, not a scan
    qtbot.keyClick(view.order_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(view.courier_edit, "sf202")
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        qtbot.keyClick(view.courier_edit, Qt.Key.Key_Return)
    english_window.ctx.settings.set("language", "zh_CN")
    assert switch_language(english_window) is None, "a recording is never interrupted"
    assert english_window.isVisible() and station.active is not None
    assert "when this parcel is done" in view.message_label.text()
    assert switch_language(english_window) is None  # asking twice waits once
    before = set(main_window._open_windows)
    qtbot.waitUntil(lambda: station.active is not None and station.active.elapsed > 0.5)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        qtbot.keyClick(view, Qt.Key.Key_F8)
    qtbot.keyClick(view, Qt.Key.Key_S)  # identity steps open: S asks, S again decides
    qtbot.waitUntil(lambda: "S again" in view.banner_detail.text(), timeout=3000)
    qtbot.keyClick(view, Qt.Key.Key_S)  # the decision ends the parcel
    qtbot.waitUntil(lambda: len(main_window._open_windows - before) == 1, timeout=5000)
    (chinese,) = main_window._open_windows - before
    assert chinese.station.view.start_button.text() == "● 开始录像  (F5)"
    assert chinese.station.view.today_table.rowCount() == 1, "the parcel just done is listed"
    qtbot.waitUntil(lambda: not shiboken6.isValid(english_window), timeout=3000)
