"""Recognizing a keyboard-wedge scanner gun by its keystroke burst, anywhere in a window.

A scanner "types" a whole code in a few milliseconds per key, with or without a trailing
Enter; a person types a key every 100 ms or more. The filter holds printable keys while
they arrive fast. A burst long enough that ends with Enter or with a short silence is a
scan: it is emitted as one signal and none of its keys reach the focused widget. Anything
else is handed on, in order, to the widget it was meant for, so typing still works (a
person's first key is late by at most one gap threshold, about 50 ms).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CHORD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@dataclass(frozen=True)
class ScannerTiming:
    """What counts as a scan. Defaults follow the rivals: fast keys, then Enter or ~150 ms quiet."""

    min_chars: int = 6
    max_avg_gap_ms: float = 35.0  # average gap between the keys of a scan
    max_gap_ms: float = 80.0  # any single gap longer than this breaks a burst
    end_silence_ms: int = 150  # a scanner that sends no Enter is done after this quiet

    @classmethod
    def from_settings(cls, settings: object) -> ScannerTiming:
        """The timing a desk's settings ask for (scanner_min_chars, _max_gap_ms, _end_ms)."""
        avg = float(getattr(settings, "scanner_max_gap_ms", cls.max_avg_gap_ms))
        return cls(
            min_chars=max(2, int(getattr(settings, "scanner_min_chars", cls.min_chars))),
            max_avg_gap_ms=avg,
            max_gap_ms=max(cls.max_gap_ms, avg * 2),
            end_silence_ms=max(30, int(getattr(settings, "scanner_end_ms", cls.end_silence_ms))),
        )


def _printable(event: QKeyEvent) -> bool:
    """A key that types one visible character (what a scanner sends), not a chord or a repeat."""
    text = event.text()
    return (
        len(text) == 1
        and text.isprintable()
        and not (event.modifiers() & _CHORD_MODIFIERS)
        and not event.isAutoRepeat()
    )


def takes_text(widget: QWidget) -> bool:
    """True for widgets that type letters (they claim printable keys before shortcuts do)."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox):
        return not (isinstance(widget, QLineEdit) and widget.isReadOnly())
    return isinstance(widget, QComboBox) and widget.isEditable()


def _trigger_shortcut(key: _HeldKey) -> bool:
    """Run the window's enabled shortcut or action for a held key, as Qt would have; False if none."""
    sequence = QKeySequence(QKeyCombination(key.modifiers, Qt.Key(key.key)))
    plain = QKeySequence(Qt.Key(key.key))
    window = key.target.window()
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        visible = not isinstance(parent, QWidget) or parent.isVisible()
        if shortcut.isEnabled() and visible and shortcut.key() in (sequence, plain):
            shortcut.activated.emit()
            return True
    for action in window.findChildren(QAction):
        if action.isEnabled() and any(s in (sequence, plain) for s in action.shortcuts()):
            action.trigger()
            return True
    return False


@dataclass
class _HeldKey:
    target: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    t: float


class ScannerFilter(QObject):
    """An application event filter that turns keystroke bursts over one widget's window into `scanned`."""

    scanned = Signal(str)

    def __init__(
        self,
        scope: QWidget,
        timing: ScannerTiming | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(scope)
        self.scope = scope
        self.timing = timing or ScannerTiming()
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._silence)
        self.enabled = True
        self.last_ended_with_enter = False  # how the newest scan ended (a field may want Enter)
        self.last_target: QWidget | None = None  # the widget the newest scan was typed into
        app = QApplication.instance()
        assert app is not None, "a QApplication must exist before the scanner filter"
        app.installEventFilter(self)

    def set_timing(self, timing: ScannerTiming) -> None:
        self.timing = timing

    def remove(self) -> None:
        """Stop watching (the window is closing)."""
        self._release()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # ----- the filter ---------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if self._replaying or not self.enabled:
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        # Qt shows a key to the window object and then to the focused widget; act once. Keys
        # go elsewhere untouched: other windows, dialogs, and other tabs of this window.
        if (
            not isinstance(obj, QWidget)
            or obj.window() is not self.scope.window()
            or not self.scope.isVisible()
        ):
            return False
        assert isinstance(event, QKeyEvent)
        if kind == QEvent.Type.ShortcutOverride:
            # Single-letter shortcuts (S to sign, F to fail a step) would fire on the letters of
            # a waybill "SF1234…" before any KeyPress arrives. Claim printable keys here; if
            # they turn out to be a person's key, _release() triggers the shortcut then.
            if _printable(event):
                event.accept()
                return True
            return False
        now = self._clock()
        key = event.key()
        if key in _ENTER_KEYS:
            if self._held and self._is_scan(now):
                self._emit_scan(ended_with_enter=True)
                return True  # the Enter ends the scan; it must not also press a default button
            self._release()
            return False
        text = event.text()
        if not _printable(event):
            self._finish_pending(now)
            return False
        if self._held and (now - self._held[-1].t) * 1000 > self.timing.max_gap_ms:
            # Too slow to belong to the keys held so far: they were a scan or typing.
            self._finish_pending(now)
        self._held.append(_HeldKey(obj, key, event.modifiers(), text, now))
        wait = (
            self.timing.end_silence_ms
            if len(self._held) >= self.timing.min_chars
            else self.timing.max_gap_ms
        )
        self._timer.start(int(wait))
        return True

    # ----- deciding -----------------------------------------------------------------------

    def _is_scan(self, now: float) -> bool:
        held = self._held
        if len(held) < self.timing.min_chars:
            return False
        gaps = [(b.t - a.t) * 1000 for a, b in zip(held, held[1:], strict=False)]
        avg = sum(gaps) / len(gaps) if gaps else 0.0
        return (
            avg <= self.timing.max_avg_gap_ms and max(gaps, default=0.0) <= self.timing.max_gap_ms
        )

    def _finish_pending(self, now: float) -> None:
        if not self._held:
            return
        if self._is_scan(now):
            self._emit_scan()
        else:
            self._release()

    def _silence(self) -> None:
        self._finish_pending(self._clock())

    def _emit_scan(self, ended_with_enter: bool = False) -> None:
        self._timer.stop()
        self.last_ended_with_enter = ended_with_enter
        self.last_target = self._held[0].target if self._held else None
        code = "".join(k.text for k in self._held)
        self._held.clear()
        self.scanned.emit(code)

    def _release(self) -> None:
        """Hand the held keys on to the widgets they were meant for, in order: it was typing."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for k in held:
                if not takes_text(k.target) and _trigger_shortcut(k):
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(k.target, QKeyEvent(kind, k.key, k.modifiers, k.text))
        finally:
            self._replaying = False

    def deliver(self, target: QWidget, text: str, enter: bool = False) -> None:
        """Type a scan into a widget after all, as the scanner sent it (and Enter if it did)."""
        self._replaying = True
        try:
            keys = [(Qt.Key.Key_unknown, ch) for ch in text]
            if enter:
                keys.append((Qt.Key.Key_Return, "\r"))
            for key, ch in keys:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch)
                    )
        finally:
            self._replaying = False

    @property
    def holding(self) -> int:
        """How many keys are held while deciding (for tests and diagnostics)."""
        return len(self._held)
