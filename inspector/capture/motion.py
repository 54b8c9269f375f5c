"""Noticing an empty desk: motion detection and the auto-stop countdown for a forgotten Stop.

Operators forget the end scan. A rival compares every 30th frame at 320×240 in grey and
counts motion when more than 1% of the pixels change; it stops after a minute without
motion and warns first. We do the same, on samples a few times a second (cheap: one
resize and one difference of a 320×240 image), and let any motion or key cancel the
countdown so the operator can keep going.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

SAMPLE_SIZE = (320, 240)
PIXEL_THRESHOLD = 25  # grey levels; below this a pixel "changed" only by sensor noise
MOTION_FRACTION = 0.01  # more than 1% of the pixels changed: something moved


class MotionDetector:
    """Compares each sample with the previous one at 320×240 grey; motion when >1% of pixels change."""

    def __init__(
        self, fraction: float = MOTION_FRACTION, pixel_threshold: int = PIXEL_THRESHOLD
    ) -> None:
        self.fraction = fraction
        self.pixel_threshold = pixel_threshold
        self._previous: np.ndarray | None = None
        self.last_changed = 0.0

    def changed_fraction(self, frame: np.ndarray) -> float:
        """The share of pixels that changed since the previous sample (0.0 for the first)."""
        small = cv2.resize(frame, SAMPLE_SIZE, interpolation=cv2.INTER_AREA)
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
        # A light blur keeps compression noise and flicker from counting as motion.
        grey = cv2.GaussianBlur(grey, (5, 5), 0)
        previous, self._previous = self._previous, grey
        if previous is None:
            return 0.0
        diff = cv2.absdiff(grey, previous)
        changed = int(np.count_nonzero(diff > self.pixel_threshold))
        self.last_changed = changed / diff.size
        return self.last_changed

    def moved(self, frame: np.ndarray) -> bool:
        """True when this sample differs from the previous one by more than the motion fraction."""
        return self.changed_fraction(frame) > self.fraction

    def reset(self) -> None:
        self._previous = None


class AutoStopPhase(StrEnum):
    OFF = "off"  # auto-stop turned off in the settings
    WATCHING = "watching"  # the desk is busy, or still for less than the warning point
    WARNING = "warning"  # the countdown is on screen
    STOP = "stop"  # still for the whole time: stop the recording


@dataclass(frozen=True)
class AutoStopState:
    phase: AutoStopPhase
    seconds_left: float  # until the automatic stop


class AutoStop:
    """Counts the time without motion; warns `warn_before` seconds before stopping at `stop_after`."""

    def __init__(self, stop_after: float, warn_before: float = 10.0) -> None:
        self.stop_after = max(0.0, stop_after)
        self.warn_before = min(max(0.0, warn_before), self.stop_after)
        self._still_since: float | None = None

    @property
    def enabled(self) -> bool:
        return self.stop_after > 0

    def start(self, now: float) -> None:
        """A recording began: the desk counts as busy from now."""
        self._still_since = now

    def keep_going(self, now: float) -> None:
        """The operator asked to continue (a key, a button, or motion): the count starts over."""
        self._still_since = now

    def update(self, now: float, moving: bool) -> AutoStopState:
        """Feed one motion sample; returns where the countdown stands."""
        if not self.enabled:
            return AutoStopState(AutoStopPhase.OFF, float("inf"))
        if moving or self._still_since is None:
            self._still_since = now
        left = self.stop_after - (now - self._still_since)
        if left <= 0:
            return AutoStopState(AutoStopPhase.STOP, 0.0)
        if left <= self.warn_before:
            return AutoStopState(AutoStopPhase.WARNING, left)
        return AutoStopState(AutoStopPhase.WATCHING, left)
