"""A whole guided inspection at the station, from the keyboard: scan, record, every step, decide."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inspector.services.desk_machine import Key
from inspector.services.guided import show
from tests.helpers import decode

SAMPLE = Path(__file__).parents[1] / "resources" / "sample"


@pytest.fixture
def window(open_station):
    return open_station(sample=True, preroll_seconds=0.0)


def _press(qtbot, widget, key) -> None:
    qtbot.keyClick(widget, key)


def test_scan_the_waybill_alone_then_answer_every_step_and_reject_a_fake(qtbot, window, ctx):
    station = window.station
    view = station.view
    checklist = station.checklist
    # One scan of the waybill an imported order expects fills the order and starts recording.
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        view.order_edit.setText("SF1234567890")
        view.order_edit.returnPressed.emit()
    assert view.order_edit.text() == "TB2026110100001"
    assert view.courier_edit.text() == "SF1234567890"
    assert checklist.view.isVisible() and not view.today_group.isVisible()
    assert "Wireless earbuds Aurora" in checklist.view.shipped_list.item(0).text()
    steps = checklist.steps
    assert len(steps) >= 5 and any(s.category == "identity" for s in steps)
    assert station.active.recorder.overlay.info.step.startswith("1/"), (
        "the current step is on the video"
    )

    offsets = []
    first_identity = next(s.key for s in steps if s.category == "identity")
    for step in steps:
        assert checklist.current.key == step.key, "each answer moves on to the next step"
        qtbot.waitUntil(
            lambda: station.active.elapsed > (offsets[-1] if offsets else 0) + 0.2, timeout=5000
        )
        key = Qt.Key.Key_P
        if step.key == first_identity:
            _press(qtbot, checklist.view, Qt.Key.Key_C)  # a photo of the fake's missing sticker
            qtbot.waitUntil(lambda: checklist.pending_photo is not None, timeout=3000)
            key = Qt.Key.Key_F
        before = sum(1 for s in checklist.steps if s.result)
        _press(qtbot, checklist.view, key)
        qtbot.waitUntil(
            lambda b=before: sum(1 for s in checklist.steps if s.result) == b + 1, timeout=3000
        )
        offsets.append(next(s for s in checklist.steps if s.key == step.key).video_offset_s)
    assert offsets == sorted(offsets) and offsets[0] > 0
    assert "Reject" in checklist.view.recommend_label.text()

    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        _press(qtbot, checklist.view, Qt.Key.Key_R)  # the decision ends the recording
    summary = stopped.args[0]
    detail = show(ctx, summary.id)
    assert detail.decision == "reject" and detail.override_reason == ""
    assert any("Not our item" in r for r in detail.decision_reasons)
    photos = [s.photo for s in detail.steps if s.photo]
    assert len(photos) == 1 and Path(photos[0]).exists()
    # The bookmarks line up with the video: every one falls inside it, in order.
    video = decode(summary.video_path)
    assert max(offsets) <= video.duration_s
    assert [s.video_offset_s for s in detail.steps] == offsets
    qtbot.waitUntil(lambda: view.today_group.isVisible(), timeout=3000)
    assert view.order_edit.text() == ""


def test_override_needs_a_reason(qtbot, window, ctx):
    station = window.station
    checklist = station.checklist
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        station.view.order_edit.setText("TB2026110100001")
        station.view.order_edit.returnPressed.emit()
        station.view.courier_edit.setText("SF1234567890")
        station.view.courier_edit.returnPressed.emit()
    for _ in checklist.steps:
        station.press(Key.PASS)
    assert "Sign" in checklist.view.recommend_label.text()
    view = station.view
    inspection = checklist.inspection_id
    station.press(Key.REJECT)  # against the recommendation: the state bar asks why
    assert view.reason_edit.isVisible() and view.reason_edit.hasFocus()
    assert "recommends Sign" in view.banner_detail.text()
    qtbot.keyClick(view.reason_edit, Qt.Key.Key_Return)  # no reason: nothing, and why
    assert show(ctx, inspection).decision == "pending"
    assert "needs a reason" in view.message_label.text()
    assert not view.reason_edit.isVisible() and station.active is not None
    station.press(Key.REJECT)
    view.reason_edit.setText("buyer's note says the box was swapped")
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        qtbot.keyClick(view.reason_edit, Qt.Key.Key_Return)
    detail = show(ctx, inspection)
    assert detail.decision == "reject" and "swapped" in detail.override_reason


@pytest.mark.parametrize("size", [(1500, 940), (1366, 768)])
def test_the_step_and_the_decision_keep_their_buttons_on_a_desk_screen(qtbot, window, size):
    """Mid-inspection the right column never squeezes a button; on a laptop it scrolls."""
    from PySide6.QtWidgets import QPushButton

    window.resize(*size)
    station = window.station
    view = station.view
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        view.order_edit.setText("SF1234567890")
        view.order_edit.returnPressed.emit()
    cv = station.checklist.view
    qtbot.waitUntil(lambda: cv.pass_button.isVisible(), timeout=3000)
    qtbot.wait(200)  # the column lays itself out again once the checklist is shown
    # The window fits the screen it was given: it does not grow past its bottom edge.
    assert (window.width(), window.height()) == size
    buttons = [
        cv.pass_button,
        cv.fail_button,
        cv.na_button,
        cv.photo_button,
        cv.sign_button,
        cv.reject_button,
        cv.dispute_button,
    ]
    for button in buttons:
        assert button.height() >= button.minimumHeight(), button.text()
        assert button.height() >= button.sizeHint().height(), button.text()
    # No two buttons cover each other.
    boxes = [(b.text(), b.mapTo(window, b.rect().topLeft()), b.size()) for b in buttons]
    for n, (text, at, size_) in enumerate(boxes):
        for other, at2, size2 in boxes[n + 1 :]:
            apart = (
                at.x() + size_.width() <= at2.x()
                or at2.x() + size2.width() <= at.x()
                or at.y() + size_.height() <= at2.y()
                or at2.y() + size2.height() <= at.y()
            )
            assert apart, (text, at, size_, other, at2, size2, window.size())
    if size == (1500, 940):
        # On a full-HD-class screen everything is in sight at once, decision included.
        assert not view.right_scroll.verticalScrollBar().isVisible()
        assert all(not b.visibleRegion().isEmpty() for b in buttons)
    assert all(isinstance(b, QPushButton) for b in buttons)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.stop()
