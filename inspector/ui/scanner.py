"""Recognizing a keyboard-wedge scanner gun by its keystroke burst, anywhere in a window.

A scanner "types" a whole code in a few milliseconds per key, with or without a trailing
Enter; a person types a key every 100 ms or more. The filter holds printable keys while
they arrive fast. A burst long enough that ends with Enter or with a short silence is a
scan: it is emitted as one signal and none of its keys reach the focused widget. Anything
else is handed on, in order, to the widget it was meant for, so typing still works (a
person's first key is late by at most one gap threshold, about 50 ms).

With a Chinese input method (IME) switched on, the scanner's keys never arrive as keys:
the IME composes them and Qt delivers input method events instead (a growing preedit,
then a commit; or each character committed at once, often full-width). Those events are
held and timed like keys. A fast burst whose text is a code (full-width folded to ASCII)
is a scan; a fast burst the IME turned into something else (pinyin candidates) is
reported as `garbled` and typed nowhere; a person composing Chinese is handed on.
Fields that only ever hold codes can refuse composition altogether (`refuse_composition`).
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QInputMethodEvent,
    QInputMethodQueryEvent,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
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
# A scanner presses Shift for every capital letter: a modifier alone neither types nor ends a burst.
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
)
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


def code_text(text: str, min_chars: int) -> str:
    """The code an input method's text stands for, full-width folded to ASCII; "" if not a code.

    A Chinese IME in full-width mode commits "ＳＦ１２３" for SF123; NFKC folds it (and the
    ideographic space) back. A code is ASCII without spaces: pinyin turned into characters is not.
    """
    code = unicodedata.normalize("NFKC", text).strip()
    plausible = (
        len(code) >= min_chars
        and code.isascii()
        and code.isprintable()
        and not any(ch.isspace() for ch in code)
    )
    return code if plausible else ""


# Qt's named one-bit queries: iterating ImQueryAll also yields unnamed bits, which crash PySide.
_SINGLE_QUERIES = tuple(
    q for q in Qt.InputMethodQuery.__members__.values() if q.value & (q.value - 1) == 0
)


class _RefuseComposition(QObject):
    """Tells the platform input method that a code field takes no composition (see below)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.InputMethodQuery or not isinstance(obj, QWidget):
            return False
        assert isinstance(event, QInputMethodQueryEvent)
        queries = event.queries()
        if not queries & Qt.InputMethodQuery.ImEnabled:
            return False
        # Answer the whole query here (a filter cannot amend the widget's answer afterwards).
        for query in _SINGLE_QUERIES:
            if not queries & query:
                continue
            value = obj.inputMethodQuery(query)
            if value is not None:
                event.setValue(query, value)
        event.setValue(Qt.InputMethodQuery.ImEnabled, False)
        event.accept()
        return True


def refuse_composition(*edits: QLineEdit) -> None:
    """Fields that only ever hold codes: no IME composition, so a scanner's keys arrive as keys.

    What stops composition is the focus widget answering ImEnabled = false: Qt asks that
    (QInputMethodPrivate::objectAcceptsInputMethod) and the platform input context then
    stands aside (Windows associates no IME context with the window, ibus and fcitx are not
    handed the keys). Setting WA_InputMethodEnabled to False is not enough in Qt 6: QLineEdit
    answers ImEnabled itself, as isEnabled() and not isReadOnly(), whatever the attribute.
    The hints ask for Latin upper case without prediction; desktop Chinese IMEs treat them as
    advice and may ignore them, so they are kept only for IMEs and on-screen keyboards that
    honour them. Free-text fields (notes, override reasons, names) keep the IME.
    """
    hints = (
        Qt.InputMethodHint.ImhLatinOnly
        | Qt.InputMethodHint.ImhNoPredictiveText
        | Qt.InputMethodHint.ImhPreferUppercase
    )
    for edit in edits:
        edit.setInputMethodHints(edit.inputMethodHints() | hints)
        edit.installEventFilter(_RefuseComposition(edit))


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


@dataclass
class _HeldComposition:
    """An input method event held while deciding: what it shows (preedit) and what it types."""

    target: QWidget
    preedit: str
    attributes: list[QInputMethodEvent.Attribute]
    commit: str
    replace_from: int
    replace_length: int
    t: float

    @classmethod
    def of(cls, target: QWidget, event: QInputMethodEvent, t: float) -> _HeldComposition:
        # Copied: Qt deletes the event once the filter returns.
        return cls(
            target,
            event.preeditString(),
            list(event.attributes()),
            event.commitString(),
            event.replacementStart(),
            event.replacementLength(),
            t,
        )

    def event(self) -> QInputMethodEvent:
        """The same event again, to hand on to its widget."""
        event = QInputMethodEvent(self.preedit, self.attributes)
        event.setCommitString(self.commit, self.replace_from, self.replace_length)
        return event


def _lost_a_key(held: list[_HeldKey | _HeldComposition]) -> bool:
    """True when an IME committed its composition as it stood in the middle of a burst.

    The key that made it commit (a digit picking the first candidate for "SF") is missing
    from the text: "SF" then "234…" reads as a code, but not the one that was scanned.
    """
    preedit = ""
    for i, h in enumerate(held):
        if isinstance(h, _HeldComposition):
            if h.commit and not h.preedit and h.commit == preedit and i < len(held) - 1:
                return True
            preedit = h.preedit
    return False


def _burst_text(held: list[_HeldKey | _HeldComposition]) -> tuple[str, str]:
    """What a held burst typed, and what an input method still composes at its end (preedit)."""
    typed, preedit = "", ""
    for h in held:
        if isinstance(h, _HeldComposition):
            typed += h.commit
            preedit = h.preedit
        else:
            typed += h.text
    return typed, preedit


class ScannerFilter(QObject):
    """An application event filter that turns keystroke bursts over one widget's window into `scanned`."""

    scanned = Signal(str)
    # A burst at scanner speed that an input method turned into something not a code (pinyin
    # candidates): nothing was typed anywhere; the text is what arrived, for the message.
    garbled = Signal(str)

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
        self._held: list[_HeldKey | _HeldComposition] = []
        self._replaying = False
        self._cancelling = False  # the IME is handing back a scan's composition as we cancel it
        self._echo = ""  # a scan's composition an IME may still commit late (ibus resets async)
        self._echo_until = 0.0
        self._composing_in: QWidget | None = None  # a person's composition open in this widget
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
        if kind not in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.InputMethod,
        ):
            return False
        # Qt shows a key to the window object and then to the focused widget; act once. Keys
        # go elsewhere untouched: other windows, dialogs, and other tabs of this window.
        if (
            not isinstance(obj, QWidget)
            or obj.window() is not self.scope.window()
            or not self.scope.isVisible()
        ):
            return False
        if kind == QEvent.Type.InputMethod:
            assert isinstance(event, QInputMethodEvent)
            return self._composition(obj, event)
        assert isinstance(event, QKeyEvent)
        if kind == QEvent.Type.ShortcutOverride:
            # Single-letter shortcuts (S to sign, F to fail a step) would fire on the letters of
            # a waybill "SF1234…" before any KeyPress arrives. Claim printable keys here; if
            # they turn out to be a person's key, _release() triggers the shortcut then.
            if _printable(event):
                event.accept()
                return True
            return False
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        now = self._clock()
        # A key reaching the window means no input method is composing in it just now.
        self._composing_in = None
        if key in _ENTER_KEYS:
            # The Enter that ends a scan must not also press a default button.
            return self._finish_pending(now, ended_with_enter=True)
        text = event.text()
        if not _printable(event):
            self._finish_pending(now)
            return False
        self._hold(_HeldKey(obj, key, event.modifiers(), text, now))
        return True

    def _composition(self, target: QWidget, event: QInputMethodEvent) -> bool:
        """An input method event: held and timed like a key (with an IME on, keys come as these)."""
        if self._cancelling:
            return True  # the scan's own composition, handed back by the IME as we cancel it
        now = self._clock()
        commit = event.commitString()
        if commit and self._echo and now <= self._echo_until and commit == self._echo:
            self._echo = ""
            return True  # the same composition, committed late after we cancelled it
        self._hold(_HeldComposition.of(target, event, now))
        return True

    def _hold(self, item: _HeldKey | _HeldComposition) -> None:
        if self._held and (item.t - self._held[-1].t) * 1000 > self.timing.max_gap_ms:
            # Too slow to belong to the input held so far: it was a scan or typing.
            self._finish_pending(item.t)
        self._held.append(item)
        wait = (
            self.timing.end_silence_ms
            if len(self._held) >= self.timing.min_chars
            else self.timing.max_gap_ms
        )
        self._timer.start(int(wait))

    # ----- deciding -----------------------------------------------------------------------

    def _fast(self) -> bool:
        held = self._held
        gaps = [(b.t - a.t) * 1000 for a, b in zip(held, held[1:], strict=False)]
        avg = sum(gaps) / len(gaps) if gaps else 0.0
        return (
            avg <= self.timing.max_avg_gap_ms and max(gaps, default=0.0) <= self.timing.max_gap_ms
        )

    def _is_scan(self, now: float) -> bool:
        return len(self._held) >= self.timing.min_chars and self._fast()

    def _verdict(self) -> str:
        """How the held input reads: "scan", "garbled" (a scan an IME spoilt) or "typing"."""
        composed = [h for h in self._held if isinstance(h, _HeldComposition)]
        if not composed:
            return "scan" if self._is_scan(self._held[-1].t) else "typing"
        if composed[0].target is self._composing_in or not self._fast():
            return "typing"  # a person's composition going on (pinyin, slow, their own commit)
        typed, preedit = _burst_text(self._held)
        if code_text(typed + preedit, self.timing.min_chars) and not _lost_a_key(self._held):
            # A code, whether it came key by key, composed and committed, or committed at once.
            return "scan"
        many = len(self._held) >= self.timing.min_chars
        return "garbled" if many and (typed + preedit).strip() else "typing"

    def _finish_pending(self, now: float, ended_with_enter: bool = False) -> bool:
        """Decide on the held input and act on it; True when it was taken as a scan."""
        if not self._held:
            return False
        verdict = self._verdict()
        if verdict == "scan":
            self._emit_scan(ended_with_enter)
        elif verdict == "garbled":
            self._emit_garbled()
        else:
            self._release()
        return verdict != "typing"

    def _silence(self) -> None:
        self._finish_pending(self._clock())

    def _take_burst(self) -> tuple[str, bool]:
        """Take the held burst off: its text, and whether an input method composed it."""
        self._timer.stop()
        held, self._held = self._held, []
        self.last_target = held[0].target if held else None
        typed, preedit = _burst_text(held)
        composed = any(isinstance(h, _HeldComposition) for h in held)
        if preedit:
            self._cancel_composition(preedit)
        return typed + preedit, composed

    def _cancel_composition(self, preedit: str) -> None:
        """End the IME's composition of a scan, so it is typed nowhere and not continued."""
        # The widget never saw the preedit (it was held), but the IME still holds it open.
        # Windows hands it back as a commit while resetting; ibus may commit it a little later.
        self._cancelling = True
        try:
            QGuiApplication.inputMethod().reset()
        finally:
            self._cancelling = False
        self._echo = preedit
        self._echo_until = self._clock() + self.timing.end_silence_ms / 1000 * 3

    def _emit_scan(self, ended_with_enter: bool = False) -> None:
        self.last_ended_with_enter = ended_with_enter
        text, composed = self._take_burst()
        self._composing_in = None
        # Full-width digits may come as keys too (a Windows IME in full-width mode types them).
        self.scanned.emit(code_text(text, 1) if composed else unicodedata.normalize("NFKC", text))

    def _emit_garbled(self) -> None:
        text, _composed = self._take_burst()
        self._composing_in = None
        self.garbled.emit(unicodedata.normalize("NFKC", text).strip())

    def _release(self) -> None:
        """Hand the held input on to the widgets it was meant for, in order: it was typing."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for k in held:
                if isinstance(k, _HeldComposition):
                    QApplication.sendEvent(k.target, k.event())
                    self._composing_in = k.target if k.preedit else None
                    continue
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
