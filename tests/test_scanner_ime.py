"""A scan still works with a Chinese input method on: composed, committed at once, or full-width.

With an IME active Qt delivers QInputMethodEvents (preedit, then a commit) instead of keys.
These tests send those events the way Qt's platform input contexts do; a person composing
pinyin slowly still types, and a scan leaves nothing in the field it was aimed at.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QInputMethodQueryEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from inspector.core.models import normalize_code
from inspector.core.scan_routing import ScanKind, ScanRouter
from inspector.ui.scanner import ScannerFilter, ScannerTiming, code_text
from tests.test_scanner_ui import SteppingClock

WAYBILL = "SF1234567890123"
FULL_WIDTH_WAYBILL = "ＳＦ１２３４５６７８９０１２３"


def preedit(widget: QWidget, text: str) -> None:
    """The IME shows what it is composing (the widget underlines it; it is not text yet)."""
    QApplication.sendEvent(widget, QInputMethodEvent(text, []))


def commit(widget: QWidget, text: str) -> None:
    """The IME types text into the widget (and ends its composition)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def composed(widget: QWidget, code: str) -> None:
    """A scanner's keys composed by the IME: the preedit grows per key, Enter commits it all."""
    for n in range(1, len(code) + 1):
        preedit(widget, code[:n])
    commit(widget, code)


def type_keys(widget: QWidget, text: str) -> None:
    """Keys that type characters QTest cannot name (a full-width keyboard layout's)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


class Reaching(QObject):
    """Records the input method events that get past the application's filters to a widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.events: list[tuple[str, str]] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.InputMethod:
            assert isinstance(event, QInputMethodEvent)
            self.events.append((event.preeditString(), event.commitString()))
        return False


def ime_enabled(widget: QWidget) -> bool:
    """What the platform input method is told when it asks whether this widget composes."""
    query = QInputMethodQueryEvent(Qt.InputMethodQuery.ImEnabled)
    QApplication.sendEvent(widget, query)
    return bool(query.value(Qt.InputMethodQuery.ImEnabled))


# ----- the filter on its own ------------------------------------------------------------------


@pytest.fixture
def form(qtbot):
    w = QWidget()
    layout = QVBoxLayout(w)
    w.note = QLineEdit()
    layout.addWidget(w.note)
    qtbot.addWidget(w)
    w.show()
    w.note.setFocus()
    return w


def make_filter(form, step: float) -> tuple[ScannerFilter, list[str], list[str]]:
    scanner = ScannerFilter(form, ScannerTiming(), clock=SteppingClock(step))
    scans: list[str] = []
    garbled: list[str] = []
    scanner.scanned.connect(scans.append)
    scanner.garbled.connect(garbled.append)
    return scanner, scans, garbled


def test_a_code_committed_at_once_is_a_scan_and_reaches_no_field(qtbot, form) -> None:
    scanner, scans, garbled = make_filter(form, step=0.005)
    reaching = Reaching(form.note)
    with qtbot.waitSignal(scanner.scanned, timeout=2000):
        commit(form.note, WAYBILL)
    assert scans == [WAYBILL] and garbled == []
    assert form.note.text() == "" and reaching.events == []
    scanner.remove()


def test_a_composed_scan_leaves_no_preedit_behind(qtbot, form) -> None:
    scanner, scans, _garbled = make_filter(form, step=0.005)
    reaching = Reaching(form.note)
    with qtbot.waitSignal(scanner.scanned, timeout=2000):
        composed(form.note, WAYBILL)
    assert scans == [WAYBILL]
    assert reaching.events == [], "not one preedit of the scan was shown in the field"
    assert form.note.text() == ""
    scanner.remove()


def test_a_composition_left_open_is_a_scan_after_the_silence(qtbot, form) -> None:
    scanner, scans, _garbled = make_filter(form, step=0.005)
    reaching = Reaching(form.note)
    with qtbot.waitSignal(scanner.scanned, timeout=2000):
        for n in range(1, len(WAYBILL) + 1):  # a scanner with no Enter suffix: no commit
            preedit(form.note, WAYBILL[:n])
    assert scans == [WAYBILL] and reaching.events == [] and form.note.text() == ""
    scanner.remove()


def test_full_width_characters_committed_one_by_one_scan_as_ascii(qtbot, form) -> None:
    scanner, scans, _garbled = make_filter(form, step=0.005)
    for ch in FULL_WIDTH_WAYBILL:
        commit(form.note, ch)
    qtbot.keyClick(form.note, Qt.Key.Key_Return)  # no composition open: Enter comes as a key
    assert scans == [WAYBILL]
    assert scanner.last_ended_with_enter and form.note.text() == ""
    scanner.remove()


def test_a_person_composing_pinyin_types_into_the_note(qtbot, form) -> None:
    scanner, scans, garbled = make_filter(form, step=0.15)  # an event every 150 ms: a person
    for n in range(1, len("zhongguo") + 1):
        preedit(form.note, "zhongguo"[:n])
    commit(form.note, "中国")
    # Latin text picked from the IME at the end of a slow composition is typing too, long or not.
    for n in range(1, len("iphone") + 1):
        preedit(form.note, "iphone"[:n])
    commit(form.note, "iPhone13Pro")
    qtbot.waitUntil(lambda: form.note.text() == "中国iPhone13Pro", timeout=3000)
    qtbot.waitUntil(lambda: scanner.holding == 0, timeout=2000)
    assert scans == [] and garbled == []
    scanner.remove()


def test_pinyin_candidates_made_of_a_scan_are_typed_nowhere(qtbot, form) -> None:
    scanner, scans, garbled = make_filter(form, step=0.005)
    reaching = Reaching(form.note)
    preedit(form.note, "s")
    preedit(form.note, "sf")
    commit(form.note, "是否")  # the scanner's "1" picked the first candidate for "sf"
    qtbot.keyClicks(form.note, "234567890123")  # nothing composing: digits come as keys
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    assert scans == [] and garbled == ["是否234567890123"]
    assert form.note.text() == "" and reaching.events == []
    scanner.remove()


def test_a_composition_committed_mid_scan_lost_a_key_and_is_typed_nowhere(qtbot, form) -> None:
    scanner, scans, garbled = make_filter(form, step=0.005)
    preedit(form.note, "S")
    preedit(form.note, "SF")
    commit(form.note, "SF")  # the scanner's "1" picked the candidate "SF": the 1 is gone
    qtbot.keyClicks(form.note, "234567890123")
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    assert scans == [], "SF234567890123 is a code, but not the one scanned"
    assert garbled == ["SF234567890123"] and form.note.text() == ""
    scanner.remove()


def test_shift_before_each_capital_does_not_break_a_burst(qtbot, form) -> None:
    scanner, scans, _garbled = make_filter(form, step=0.005)
    for ch in WAYBILL:
        if ch.isupper():  # a scanner presses Shift for a capital, like a keyboard
            qtbot.keyPress(form.note, Qt.Key.Key_Shift)
        qtbot.keyClick(form.note, ch)
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    assert scans == [WAYBILL] and form.note.text() == ""
    scanner.remove()


def test_code_text_folds_full_width_and_refuses_non_codes() -> None:
    assert code_text("ＳＦ１２３４５６", 6) == "SF123456"
    assert code_text("\u3000ＪＴ１２３４５６\u3000", 6) == "JT123456"  # ideographic spaces
    assert code_text("１１２－１２３４５６７", 6) == "112-1234567"
    assert code_text("是否234567", 6) == ""
    assert code_text("SF 1234567", 6) == ""  # a space inside: words, not a code
    assert code_text("SF12", 6) == ""


def test_full_width_codes_are_normalised_wherever_they_come_from() -> None:
    assert normalize_code(FULL_WIDTH_WAYBILL) == WAYBILL
    assert normalize_code("ｔｂ－１００１\u3000") == "TB-1001"
    route = ScanRouter().route(FULL_WIDTH_WAYBILL)
    assert route.kind is ScanKind.COURIER and route.value == WAYBILL


# ----- the station window ---------------------------------------------------------------------


@pytest.fixture
def window(open_station):
    # camera_barcode off: the demo desk's fake label is not a waybill
    return open_station(preroll_seconds=0.5, camera_barcode=False)


def test_code_fields_refuse_composition_and_free_text_keeps_it(window) -> None:
    view = window.station.view
    checklist = window.station.checklist.view
    for code_field in (view.order_edit, view.courier_edit, checklist.value_edit):
        assert not ime_enabled(code_field), code_field.objectName()
        assert code_field.inputMethodHints() & Qt.InputMethodHint.ImhLatinOnly
    # Qt asks everything at once when it updates the IME; the field still answers the rest.
    view.order_edit.setText("TB-1001")
    everything = QInputMethodQueryEvent(Qt.InputMethodQuery.ImQueryAll)
    QApplication.sendEvent(view.order_edit, everything)
    assert everything.value(Qt.InputMethodQuery.ImEnabled) is False
    assert everything.value(Qt.InputMethodQuery.ImSurroundingText) == "TB-1001"
    for text_field in (checklist.note_edit, view.operator_combo.lineEdit()):
        text_field.setEnabled(True)  # the note is enabled with a step; the question is the IME
        assert ime_enabled(text_field), text_field.objectName()


def test_an_order_committed_into_the_order_field_routes_once(qtbot, window, ctx) -> None:
    ctx.settings.set("auto_start_on_scan", False)
    view = window.station.view
    view.order_edit.setFocus()
    reaching = Reaching(view.order_edit)
    routes = []
    window.station.hands_free.routed.connect(routes.append)
    commit(view.order_edit, "112-1234567-1234567")  # an IME that composed despite the refusal
    qtbot.waitUntil(lambda: len(routes) == 1, timeout=3000)
    assert routes[0].kind is ScanKind.ORDER
    assert view.order_edit.text() == "112-1234567-1234567", "filled by the route, not typed too"
    assert reaching.events == []
    assert window.station.active is None


def test_a_composed_waybill_on_the_list_fills_the_courier_field(qtbot, window, ctx) -> None:
    ctx.settings.set("auto_start_on_scan", False)
    view = window.station.view
    table = view.today_table  # a list accepts IME input (keyboard search): it composes too
    table.setFocus()
    composed(table, WAYBILL)
    qtbot.waitUntil(lambda: view.courier_edit.text() == WAYBILL, timeout=3000)
    assert window.station.active is None and "SF1234567890123" in view.scan_label.text()


def test_a_garbled_scan_is_told_and_fills_nothing(qtbot, window, ctx) -> None:
    view = window.station.view
    table = view.today_table
    table.setFocus()
    preedit(table, "s")
    preedit(table, "sf")
    commit(table, "是否")
    qtbot.keyClicks(table, "234567890123")
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "input method" in view.message_label.text(), timeout=3000)
    assert "是否234567890123" in view.message_label.text()
    assert view.courier_edit.text() == "" and view.order_edit.text() == ""
    qtbot.wait(200)  # give a wrong start every chance to happen
    assert window.station.active is None


def test_full_width_scan_starts_pinyin_note_stays_the_same_scan_stops(qtbot, window) -> None:
    station = window.station
    view = station.view
    view.today_table.setFocus()
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        for ch in FULL_WIDTH_WAYBILL:  # full-width mode: each character committed at once
            commit(view.today_table, ch)
    assert view.courier_edit.text() == WAYBILL
    assert station.active.request.normalized().courier_number == WAYBILL
    note = station.checklist.view.note_edit
    qtbot.waitUntil(note.isEnabled, timeout=3000)
    note.setFocus()
    scanner = station.hands_free.scanner
    clock, scanner._clock = scanner._clock, SteppingClock(0.2)  # now a person, composing
    for n in range(1, len("huaile") + 1):
        preedit(note, "huaile"[:n])
    commit(note, "坏了")
    qtbot.waitUntil(lambda: note.text() == "坏了", timeout=3000)
    qtbot.waitUntil(lambda: scanner.holding == 0, timeout=2000)
    assert station.active is not None, "a note typed in Chinese stops nothing"
    scanner._clock = clock  # the scanner again: the same waybill, committed at once, stops
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        commit(note, WAYBILL)
    assert stopped.args[0].courier == WAYBILL and stopped.args[0].status == "completed"
    assert note.text() in ("坏了", ""), "the scan itself was typed nowhere"


def test_full_width_numbers_typed_by_hand_are_stored_in_ascii(qtbot, window) -> None:
    station = window.station
    view = station.view
    station.hands_free.scanner._clock = SteppingClock(0.2)  # a person typing
    view.order_edit.setFocus()
    type_keys(view.order_edit, "ＴＢ－１００１")
    qtbot.waitUntil(lambda: view.order_edit.text() == "ＴＢ－１００１", timeout=3000)
    view.courier_edit.setFocus()
    type_keys(view.courier_edit, FULL_WIDTH_WAYBILL)
    qtbot.waitUntil(lambda: view.courier_edit.text() == FULL_WIDTH_WAYBILL, timeout=5000)
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        qtbot.keyClick(view.courier_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        station.stop()
    assert (stopped.args[0].order, stopped.args[0].courier) == ("TB-1001", WAYBILL)
