"""Motion on the desk is noticed; a still desk counts down to an automatic stop, and motion cancels it."""

from __future__ import annotations

import cv2
import numpy as np

from inspector.capture.motion import AutoStop, AutoStopPhase, MotionDetector
from inspector.capture.sources import DemoSource


def desk(width: int = 640, height: int = 480) -> np.ndarray:
    rng = np.random.default_rng(1)
    return rng.integers(90, 140, (height, width, 3), dtype=np.uint8)


def test_a_still_desk_with_sensor_noise_is_not_motion() -> None:
    detector = MotionDetector()
    base = desk()
    rng = np.random.default_rng(2)
    assert not detector.moved(base)
    for _ in range(5):
        noisy = np.clip(base.astype(np.int16) + rng.integers(-6, 7, base.shape), 0, 255)
        assert not detector.moved(noisy.astype(np.uint8))


def test_a_hand_over_the_desk_is_motion() -> None:
    detector = MotionDetector()
    base = desk()
    detector.moved(base)
    hand = base.copy()
    cv2.circle(hand, (320, 240), 60, (200, 170, 150), -1)  # ~3.7% of the picture
    assert detector.moved(hand)
    assert detector.last_changed > 0.01


def test_a_small_change_under_one_percent_is_not_motion() -> None:
    detector = MotionDetector()
    base = desk()
    detector.moved(base)
    speck = base.copy()
    cv2.rectangle(speck, (10, 10), (30, 30), (255, 255, 255), -1)  # ~0.14%
    assert not detector.moved(speck)


def test_the_demo_desk_moves() -> None:
    source = DemoSource(320, 240, 10)
    source.open()
    detector = MotionDetector()
    frames = [source.read() for _ in range(6)]
    source.close()
    assert any(detector.moved(f) for f in frames[::2])


def test_auto_stop_warns_counts_down_and_stops() -> None:
    auto = AutoStop(stop_after=60, warn_before=10)
    auto.start(0.0)
    assert auto.update(30.0, moving=False).phase is AutoStopPhase.WATCHING
    state = auto.update(52.0, moving=False)
    assert state.phase is AutoStopPhase.WARNING and round(state.seconds_left) == 8
    assert auto.update(60.0, moving=False).phase is AutoStopPhase.STOP


def test_motion_or_keep_going_cancels_the_countdown() -> None:
    auto = AutoStop(stop_after=60, warn_before=10)
    auto.start(0.0)
    assert auto.update(55.0, moving=False).phase is AutoStopPhase.WARNING
    assert auto.update(56.0, moving=True).phase is AutoStopPhase.WATCHING
    assert auto.update(110.0, moving=False).phase is AutoStopPhase.WARNING
    auto.keep_going(111.0)
    state = auto.update(112.0, moving=False)
    assert state.phase is AutoStopPhase.WATCHING and state.seconds_left == 59.0


def test_auto_stop_can_be_turned_off() -> None:
    auto = AutoStop(stop_after=0)
    auto.start(0.0)
    assert auto.update(3600.0, moving=False).phase is AutoStopPhase.OFF
