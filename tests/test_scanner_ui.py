"""A scanner gun's keystroke burst is one scan; a person's typing still reaches the field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from inspector.ui.scanner import ScannerFilter, ScannerTiming


class SteppingClock:
    """Each call is `step` seconds after the last: keys arrive at a chosen pace, no sleeping."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def window(qtbot):
    w = QWidget()
    layout = QVBoxLayout(w)
    w.edit = QLineEdit()
    w.button = QPushButton("default")
    layout.addWidget(w.edit)
    layout.addWidget(w.button)
    qtbot.addWidget(w)
    w.show()
    w.edit.setFocus()
    return w


def make_filter(window, step: float) -> tuple[ScannerFilter, list[str]]:
    scanner = ScannerFilter(window, ScannerTiming(), clock=SteppingClock(step))
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    return scanner, scans


def test_burst_with_enter_is_one_scan_and_leaves_no_text(qtbot, window) -> None:
    scanner, scans = make_filter(window, step=0.008)
    entered = []
    window.edit.returnPressed.connect(lambda: entered.append(True))
    qtbot.keyClicks(window.edit, "SF1234567890123")
    qtbot.keyClick(window.edit, Qt.Key.Key_Return)
    assert scans == ["SF1234567890123"]
    assert window.edit.text() == ""
    assert entered == []  # the scanner's Enter is part of the scan, not a press in the field
    scanner.remove()


def test_burst_without_enter_ends_on_silence(qtbot, window) -> None:
    scanner, scans = make_filter(window, step=0.005)
    qtbot.keyClicks(window.edit, "YT1234567890123")
    with qtbot.waitSignal(scanner.scanned, timeout=2000) as blocker:
        pass
    assert blocker.args == ["YT1234567890123"]
    assert scans == ["YT1234567890123"]
    assert window.edit.text() == ""
    scanner.remove()


def test_two_scans_back_to_back_with_enter(qtbot, window) -> None:
    scanner, scans = make_filter(window, step=0.01)
    for code in ("112-1234567-1234567", "JT1234567890123"):
        qtbot.keyClicks(window.edit, code)
        qtbot.keyClick(window.edit, Qt.Key.Key_Enter)
    assert scans == ["112-1234567-1234567", "JT1234567890123"]
    scanner.remove()


def test_typing_reaches_the_field_and_is_not_a_scan(qtbot, window) -> None:
    scanner, scans = make_filter(window, step=0.15)  # a key every 150 ms: a person
    entered = []
    window.edit.returnPressed.connect(lambda: entered.append(window.edit.text()))
    qtbot.keyClicks(window.edit, "Order 42")
    qtbot.waitUntil(lambda: scanner.holding == 0, timeout=2000)
    assert window.edit.text() == "Order 42"
    qtbot.keyClick(window.edit, Qt.Key.Key_Return)
    assert entered == ["Order 42"]
    assert scans == []
    scanner.remove()


def test_short_fast_burst_is_typing_not_a_scan(qtbot, window) -> None:
    scanner, scans = make_filter(window, step=0.005)
    qtbot.keyClicks(window.edit, "abc")  # fewer than min_chars: a key roll-over, not a scanner
    qtbot.waitUntil(lambda: window.edit.text() == "abc", timeout=2000)
    assert scans == []
    scanner.remove()


def test_backspace_after_typing_keeps_order(qtbot, window) -> None:
    scanner, scans = make_filter(window, step=0.005)
    qtbot.keyClicks(window.edit, "ab")
    qtbot.keyClick(window.edit, Qt.Key.Key_Backspace)  # released held keys first, then erases
    assert window.edit.text() == "a"
    assert scans == []
    scanner.remove()


def test_other_windows_are_left_alone(qtbot, window) -> None:
    scanner, scans = make_filter(window, step=0.005)
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    qtbot.keyClicks(other, "SF1234567890123")
    assert other.text() == "SF1234567890123"
    assert scans == []
    scanner.remove()


def test_timing_from_settings(ctx) -> None:
    ctx.settings.set("scanner_min_chars", 12)
    ctx.settings.set("scanner_max_gap_ms", 30)
    ctx.settings.set("scanner_end_ms", 220)
    timing = ScannerTiming.from_settings(ctx.settings)
    assert (timing.min_chars, timing.max_avg_gap_ms, timing.end_silence_ms) == (12, 30.0, 220)


def test_single_letter_shortcuts_do_not_fire_on_a_scan_but_do_on_a_key(qtbot, window) -> None:
    from PySide6.QtGui import QKeySequence, QShortcut

    fired: list[str] = []
    for letter in ("S", "F"):
        shortcut = QShortcut(QKeySequence(letter), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda letter=letter: fired.append(letter))
    scanner, scans = make_filter(window, step=0.005)
    qtbot.keyClicks(window.button, "SF1234567890123")  # focus on a button, not a text field
    qtbot.keyClick(window.button, Qt.Key.Key_Return)
    assert scans == ["SF1234567890123"]
    assert fired == [], "a waybill starting with S must not sign anything"
    scanner.timing = ScannerTiming()
    scanner._clock = SteppingClock(0.5)  # now a person, pressing S once
    qtbot.keyClick(window.button, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: fired == ["S"], timeout=2000)
    scanner.remove()
