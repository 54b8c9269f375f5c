"""The desk at 1366×768: the decision always in sight, keys wherever the focus is, data as plain text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from inspector.i18n.catalogue import install_language
from inspector.services.desk_machine import Key
from inspector.services.guided import show

LONGEST = "TB2026110200002"  # the sample's two-product order: 19 steps


def _inside_window(widget: QWidget, window: QWidget) -> bool:
    """The whole widget is drawn inside the window and not clipped by a parent (no scrolling)."""
    if not widget.isVisible():
        return False
    top_left = widget.mapTo(window, QPoint(0, 0))
    box = QRect(top_left, widget.size())
    visible = widget.visibleRegion().boundingRect()
    return window.rect().contains(box) and visible.size() == widget.size()


def _start(qtbot, station, code: str) -> None:
    """The number typed into the order field, Enter, and F5 when Enter alone does not start."""
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        station.view.order_edit.setText(code)
        station.view.order_edit.returnPressed.emit()
        if station.active is None:
            qtbot.keyClick(station.view, Qt.Key.Key_F5)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_decision_bar_and_keys_in_sight_at_1366x768_with_the_longest_checklist(
    qtbot, open_station, language
):
    install_language(language)
    try:
        window = open_station(sample=True, preroll_seconds=0.0, language=language)
        window.resize(1366, 768)
        station = window.station
        _start(qtbot, station, LONGEST)
        cv = station.checklist.view
        assert len(station.checklist.steps) == 19
        qtbot.wait(300)
        assert (window.width(), window.height()) == (1366, 768)
        for widget in (
            cv.sign_button,
            cv.reject_button,
            cv.dispute_button,
            cv.recommend_label,
            cv.keys_label,
            cv.pass_button,
            station.view.stop_button,
            station.view.numbers_label,
        ):
            assert _inside_window(widget, window), (widget.objectName(), widget.text())
        assert not station.view.right_scroll.verticalScrollBar().isVisible(), "nothing scrolls"
        # The numbers in hand, large in the bar.
        assert LONGEST in station.view.numbers_label.text()
        with qtbot.waitSignal(station.recording_stopped, timeout=10000):
            station.stop()
        qtbot.wait(200)
        for widget in (cv.sign_button, cv.dispute_button, cv.keys_label, cv.step_title):
            assert _inside_window(widget, window), widget.text()
        # F8 with the decision pending: the form stays away, the column does not scroll.
        assert not station.view.parcel_group.isVisible()
        assert not station.view.right_scroll.verticalScrollBar().isVisible(), "nothing scrolls"
    finally:
        install_language("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_state_bar_never_cuts_a_number_at_its_start(qtbot, open_station, language):
    """Long numbers are set smaller, then shortened in the middle, the whole in the tooltip."""
    install_language(language)
    try:
        window = open_station(preroll_seconds=0.0, language=language)
        window.resize(1366, 768)
        station = window.station
        view = station.view
        view.order_edit.setText("AMZ-113-4567890-1234-ABCDEFGH")
        view.courier_edit.setText("1Z999AA101234567840000")
        with qtbot.waitSignal(station.recording_started, timeout=5000):
            qtbot.keyClick(view, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: station.active.elapsed > 0.5, timeout=5000)

        def check() -> None:
            label = view.numbers_label
            full, shown = label.text(), label.shown()
            assert "1Z999AA101234567840000" in full and "AMZ-113-4567890-1234-ABCDEFGH" in full
            assert shown == full or (
                shown.startswith(full[:10]) and shown.endswith(full[-6:]) and "…" in shown
            ), shown
            assert label.toolTip() == ("" if shown == full else full)
            assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
            assert label.font().pointSizeF() >= label._base.pointSizeF() * label.SMALLEST - 0.01

        check()
        with qtbot.waitSignal(station.recording_stopped, timeout=10000):
            qtbot.keyClick(view, Qt.Key.Key_F8)
        qtbot.wait(100)
        check()  # and the same after F8, the decision pending
        install_language("en")
    finally:
        install_language("en")


def test_desk_keys_work_whatever_has_the_focus_and_letters_stay_in_text_fields(qtbot, open_station):
    window = open_station(sample=True, preroll_seconds=0.0)
    station = window.station
    view, cv = station.view, station.checklist.view
    _start(qtbot, station, "SF1234567890")
    checklist = station.checklist

    # ↑/↓ and the answer letters from every kind of widget in the window.
    for widget in (view.stop_button, cv.steps_list, cv.pass_button, view.today_table, view):
        widget.setFocus()
        first = checklist.current
        qtbot.keyClick(widget, Qt.Key.Key_Down)
        assert checklist.current is not first, f"Down from {type(widget).__name__}"
        qtbot.keyClick(widget, Qt.Key.Key_Up)
        assert checklist.current is first, f"Up from {type(widget).__name__}"

    # A letter typed into the note is the note's, not a Pass.
    answered = sum(1 for s in checklist.steps if s.result)
    cv.note_edit.setFocus()
    qtbot.keyClicks(cv.note_edit, "pfn")
    qtbot.waitUntil(lambda: cv.note_edit.text() == "pfn", timeout=3000)  # the scanner filter's wait
    assert sum(1 for s in checklist.steps if s.result) == answered
    # ↑ in the note still moves between steps (nothing to type there).
    before = checklist.current
    qtbot.keyClick(cv.note_edit, Qt.Key.Key_Down)
    assert checklist.current is not before
    # P from a button answers the step (the scanner filter hands a person's key on).
    cv.pass_button.setFocus()
    qtbot.keyClick(cv.pass_button, Qt.Key.Key_P)
    qtbot.waitUntil(
        lambda: sum(1 for s in checklist.steps if s.result) == answered + 1, timeout=3000
    )
    # F8 from inside the note stops the film.
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        qtbot.keyClick(cv.note_edit, Qt.Key.Key_F8)


def test_a_new_parcel_clears_the_last_ones_order_photos_and_banner(qtbot, open_station, ctx):
    window = open_station(sample=True, preroll_seconds=0.0)
    station = window.station
    view, cv = station.view, station.checklist.view
    _start(qtbot, station, "SF1234567890")
    assert "Wireless earbuds" in cv.shipped_list.item(0).text()
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.press(Key.REJECT)  # identity steps open: R twice decides
        station.press(Key.REJECT)
    qtbot.waitUntil(lambda: view.banner.text() == "REJECTED", timeout=3000)
    assert "TB2026110100001" in view.numbers_label.text()
    assert view.state_bar.styleSheet().count("#b71c1c")
    qtbot.wait(300)
    assert view.banner.text() == "REJECTED", "the decision stays until the next scan"

    # The next parcel, typed and started with F5: nothing of the last one is left.
    view.order_edit.setText("TB2026110200002")
    view.order_edit.returnPressed.emit()
    assert view.banner.text() != "REJECTED"
    assert "Wireless earbuds" not in " ".join(
        cv.shipped_list.item(i).text() for i in range(cv.shipped_list.count())
    )
    assert "Canvas tote bag" in cv.shipped_list.item(0).text()

    # A waybill scan no imported order knows says so, with what to do.
    station.press(Key.ESCAPE)  # Esc clears the parcel on the form
    route = station.hands_free.handle_scan("SF987654321098")
    assert route.kind == "courier"
    qtbot.waitUntil(lambda: station.active is not None, timeout=5000)
    assert cv.shipped_list.count() == 0 and not cv.shipped_list.isVisible()
    assert "matches no imported order" in cv.warning_label.text()
    assert "Import orders" in cv.warning_label.text()
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.stop()
    assert show(ctx, route and station.checklist.inspection_id).decision == "pending"


def test_a_recording_needs_an_operator(qtbot, open_station):
    window = open_station(operator="")
    station = window.station
    station.view.operator_combo.setCurrentText("")
    station.view.courier_edit.setText("SF123456789012")
    station.start()
    assert station.active is None
    assert "operator" in station.view.message_label.text()


def test_data_is_shown_as_plain_text_in_the_station(qtbot, open_station, ctx):
    window = open_station(sample=True, preroll_seconds=0.0)
    station = window.station
    code = "SF9<H1>VERIFIED</H1>"
    station.view.courier_edit.setText(code)
    station.view.courier_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: station.active is not None, timeout=5000)
    cv = station.checklist.view
    shown = [
        station.view.numbers_label,
        cv.step_title,
        cv.warning_label,
        station.view.banner,
    ]
    assert any("<H1>" in label.text() for label in shown)
    for label in shown:
        if "<H1>" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    # The order line is rich text (bold) with the data escaped.
    assert "<H1>" not in cv.order_label.text()
    assert "&lt;H1&gt;" in cv.order_label.text()
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.stop()
    QApplication.processEvents()


def test_browse_enter_acts_on_the_partial_matches_the_list_shows(qtbot, ctx, record_inspection):
    from inspector.ui.browse import BrowseController

    record_inspection("TB-A", "SF1234567890", seconds=1.0)
    record_inspection("TB-B", "SF1299999999", seconds=1.0)
    browse = BrowseController(ctx)
    qtbot.addWidget(browse.view)
    browse.view.show()
    browse.view.search_edit.setText("SF12")
    browse.apply_filters()
    qtbot.waitUntil(lambda: browse.model.rowCount() == 2, timeout=5000)
    qtbot.keyClick(browse.view.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(browse.details) == 1, timeout=5000)
    assert "2 inspections match SF12" in browse.view.message_label.text()
    assert browse.selected_id() in browse.details
    browse.shutdown()


def test_detail_shows_a_courier_number_with_markup_literally(qtbot, ctx, record_inspection):
    from inspector.ui.detail import DetailController

    summary = record_inspection("TB-X", "SF9<H1>VERIFIED</H1>", seconds=1.0)
    c = DetailController(ctx, summary.id)
    qtbot.addWidget(c.view)
    assert "<H1>VERIFIED</H1>" in c.view.title_label.text()
    assert c.view.title_label.textFormat() == Qt.TextFormat.PlainText
    facts = [
        c.view.facts.itemAt(i).widget()
        for i in range(c.view.facts.count())
        if c.view.facts.itemAt(i).widget() is not None
    ]
    courier = [w for w in facts if "<H1>" in getattr(w, "text", lambda: "")()]
    assert courier and all(w.textFormat() == Qt.TextFormat.PlainText for w in courier)
    c.shutdown()


def test_a_text_field_gives_the_keys_back_on_esc_and_enter(qtbot, open_station, ctx):
    """Issue 19: after a click into the Serial field 19 × P typed "ppppp…", Esc and Enter left
    the focus there, the stray letter was saved with step 1, and a code typed there was
    reported as "Last scan (scanner)"."""
    from tests.test_scanner_ui import SteppingClock

    window = open_station(sample=True, preroll_seconds=0.0)
    station = window.station
    view, cv = station.view, station.checklist.view
    _start(qtbot, station, LONGEST)
    station.hands_free.scanner._clock = SteppingClock(0.2)  # a person typing, not a scanner
    cv.value_edit.setFocus()
    qtbot.waitUntil(lambda: station.machine.state.typing_in == "value", timeout=3000)
    for _ in range(3):
        qtbot.keyClick(cv.value_edit, Qt.Key.Key_P, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: cv.value_edit.text() == "ppp", timeout=3000)
    assert not any(s.result for s in station.checklist.steps), "a letter in a field is its own"
    qtbot.keyClick(cv.value_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not cv.value_edit.hasFocus(), timeout=3000)
    assert cv.value_edit.text() == "" and station.machine.state.typing_in == ""
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: sum(1 for s in station.checklist.steps if s.result) == 1, timeout=3000)
    first = station.checklist.steps[0]
    assert first.result == "pass" and not first.value, "nothing stray saved with step 1"

    # Enter keeps the text for the next answer and gives the keys back too.
    cv.value_edit.setFocus()
    qtbot.waitUntil(lambda: station.machine.state.typing_in == "value", timeout=3000)
    for key in (Qt.Key.Key_S, Qt.Key.Key_N, Qt.Key.Key_7):
        qtbot.keyClick(cv.value_edit, key)
    qtbot.waitUntil(lambda: cv.value_edit.text().upper() == "SN7", timeout=3000)
    qtbot.keyClick(cv.value_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not cv.value_edit.hasFocus(), timeout=3000)
    assert "Last scan" not in view.scan_label.text(), "typed text is never a scan"
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: sum(1 for s in station.checklist.steps if s.result) == 2, timeout=3000)
    assert station.checklist.steps[1].value.upper() == "SN7"
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.stop()
