"""The hands-free desk: scans start and stop, products start nothing, badges switch operator,
duplicates ask first, a still desk counts down and stops, the camera reads the waybill."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import Qt

from inspector.capture.pipeline import open_capture
from inspector.capture.sources import FrameSource
from inspector.services.desk_machine import Ask
from inspector.services.operators import save_operator

WAYBILL = "SF1234567890123"


class StillSource(FrameSource):
    """A camera looking at a desk where nothing moves (or at a label held still)."""

    def __init__(self, image: np.ndarray, fps: float = 10.0) -> None:
        self.image = image
        self.height, self.width = image.shape[:2]
        self.fps = fps
        self.description = "Still desk"
        self._next = 0.0

    @property
    def is_live(self) -> bool:
        return False

    def open(self) -> None:
        self._next = time.monotonic()

    def read(self) -> np.ndarray | None:
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next += 1 / self.fps
        return self.image.copy()

    def close(self) -> None:
        pass


def still_desk(with_label: bool = False) -> np.ndarray:
    frame = np.full((480, 640, 3), (90, 130, 170), np.uint8)
    if with_label:
        bars = np.array(
            zxingcpp.write_barcode_to_image(
                zxingcpp.create_barcode(WAYBILL, zxingcpp.BarcodeFormat.Code128), scale=2
            )
        )
        bars = cv2.resize(bars, (bars.shape[1], 70), interpolation=cv2.INTER_NEAREST)
        h, w = bars.shape
        y, x = (480 - h) // 2, (640 - w) // 2
        frame[y - 15 : y + h + 15, x - 15 : x + w + 15] = 255
        frame[y : y + h, x : x + w] = cv2.cvtColor(bars, cv2.COLOR_GRAY2BGR)
    return frame


@pytest.fixture
def window(open_station):
    # camera_barcode off: the demo desk's fake label is not a waybill
    return open_station(preroll_seconds=0.5, camera_barcode=False)


def use_source(station, source: FrameSource) -> None:
    station._close_camera()
    station._camera_opened(open_capture(source, station.ctx.settings.preroll_seconds))


def scan(qtbot, widget, code: str, enter: bool = False) -> None:
    qtbot.keyClicks(widget, code)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_waybill_scan_anywhere_starts_and_the_same_scan_stops(qtbot, window) -> None:
    station = window.station
    view = station.view
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        scan(qtbot, view.today_table, WAYBILL)  # no Enter, focus on the list, not a field
    assert view.courier_edit.text() == WAYBILL
    assert view.courier_edit.text() == station.active.request.courier_number
    qtbot.waitUntil(lambda: station.active.elapsed > 1.0, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        scan(qtbot, view, WAYBILL, enter=True)
    assert stopped.args[0].courier == WAYBILL and stopped.args[0].status == "completed"


def test_a_product_barcode_never_starts_a_recording(qtbot, window) -> None:
    station = window.station
    view = station.view
    routes = []
    station.hands_free.routed.connect(routes.append)
    scan(qtbot, view, "6901234567892", enter=True)
    scan(qtbot, view.today_table, "HELLO-WORLD-1")
    qtbot.waitUntil(lambda: len(routes) == 2, timeout=3000)
    assert [r.kind.value for r in routes] == ["unknown_product", "ask"]
    assert "HELLO-WORLD-1" in view.scan_label.text()
    # The desk asks what HELLO-WORLD-1 is, in the state bar; Esc ignores it.
    qtbot.waitUntil(lambda: "HELLO-WORLD-1" in view.banner_detail.text(), timeout=3000)
    assert station.machine.state.prompt.ask is Ask.WHAT_IS_CODE
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert station.machine.state.prompt is None
    qtbot.wait(300)  # give a wrong start every chance to happen
    assert station.active is None and view.courier_edit.text() == ""
    scan(qtbot, view, "6901234567892", enter=True)
    assert view.message_label.text() == (
        "6901234567892 is a product barcode (EAN-13) the catalog does not know: "
        "nothing was started."
    )


def test_order_scan_fills_the_order_and_a_badge_switches_operator(qtbot, window, ctx) -> None:
    save_operator(ctx, "李娜", "OP-0007")
    view = window.station.view
    scan(qtbot, view, "OP-0007", enter=True)
    assert view.operator_combo.currentText() == "李娜"
    assert ctx.settings.operator == "李娜"
    scan(qtbot, view, "112-1234567-1234567", enter=True)
    assert view.order_edit.text() == "112-1234567-1234567"
    assert window.station.active is None
    assert "李娜" in view.operator_counts_label.text() or "No inspections" in (
        view.operator_counts_label.text()
    )


def test_a_parcel_inspected_before_asks_first(qtbot, window, monkeypatch) -> None:
    station = window.station
    view = station.view
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        scan(qtbot, view, WAYBILL, enter=True)
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        qtbot.keyClick(view, Qt.Key.Key_F8)
    # The state bar asks; Esc says no, F5 records it again (a scan never answers).
    scan(qtbot, view, WAYBILL, enter=True)
    qtbot.waitUntil(lambda: "Same parcel again" in view.banner.text(), timeout=3000)
    assert WAYBILL in view.banner_detail.text() and "1 inspection" in view.banner_detail.text()
    assert station.active is None
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert station.machine.state.prompt is None and station.active is None
    scan(qtbot, view, WAYBILL, enter=True)
    qtbot.waitUntil(lambda: "Same parcel again" in view.banner.text(), timeout=3000)
    scan(qtbot, view, WAYBILL, enter=True)  # scanned again: asked again, not answered
    qtbot.waitUntil(lambda: "withdrawn" in view.scan_label.text(), timeout=3000)
    assert station.active is None and "Same parcel again" in view.banner.text()
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_F5)


def test_still_desk_counts_down_keep_recording_cancels_then_it_stops(qtbot, window, ctx) -> None:
    ctx.settings.set("auto_stop_seconds", 2.5)
    ctx.settings.set("auto_stop_warning_seconds", 1.5)
    station = window.station
    view = station.view
    use_source(station, StillSource(still_desk()))
    view.order_edit.setText("TB-STILL")
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_F5)
    qtbot.waitUntil(view.countdown_label.isVisible, timeout=5000)
    assert "stopping in" in view.countdown_label.text()
    qtbot.keyClick(view, Qt.Key.Key_Space)  # hands full: the space bar keeps it going
    qtbot.waitUntil(lambda: not view.countdown_label.isVisible(), timeout=2000)
    qtbot.waitUntil(view.countdown_label.isVisible, timeout=5000)
    assert view.keep_button.isVisible()
    qtbot.mouseClick(view.keep_button, Qt.MouseButton.LeftButton)
    assert not view.countdown_label.isVisible(), "Keep recording cancels the countdown"
    assert station.active is not None
    started = time.monotonic()
    with qtbot.waitSignal(station.hands_free.auto_stopped, timeout=10000):
        pass
    assert time.monotonic() - started >= 2.0, "the count started again after Keep recording"
    qtbot.waitUntil(lambda: station.active is None, timeout=10000)
    assert "without motion" in view.scan_label.text()


def test_camera_reads_the_waybill_and_starts_recording(qtbot, window, ctx) -> None:
    ctx.settings.set("camera_barcode", True)
    station = window.station
    with qtbot.waitSignal(station.recording_started, timeout=15000):
        use_source(station, StillSource(still_desk(with_label=True)))
    assert station.view.courier_edit.text() == WAYBILL
    assert station.hands_free.watcher is not None
    qtbot.wait(1500)  # the label stays in view: reading it again must not stop the recording
    assert station.active is not None
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        qtbot.keyClick(station.view, Qt.Key.Key_F8)
    assert stopped.args[0].courier == WAYBILL
    # The label read on camera while recording is kept for the evidence report.
    import json

    from sqlmodel import select

    from inspector.core.models import InspectionEvent

    with ctx.db.session() as session:
        events = session.exec(
            select(InspectionEvent).where(
                InspectionEvent.inspection_id == stopped.args[0].id,
                InspectionEvent.kind == "waybill_read",
            )
        ).all()
    assert len(events) == 1, "read once, remembered once"
    sighting = json.loads(events[0].message)
    assert sighting["by"] == "camera" and sighting["text"] == WAYBILL
    assert 0 <= sighting["offset_s"] <= stopped.args[0].duration_s


def test_on_another_tab_a_scan_is_left_to_that_tab(qtbot, window) -> None:
    window.tabs.setCurrentWidget(window.browse.widget)
    search = window.browse.view.search_edit
    scan(qtbot, search, WAYBILL)
    assert search.text() == WAYBILL, "a waybill scanned into Browse searches for it"
    qtbot.wait(300)
    assert window.station.active is None


def test_a_serial_scanned_into_the_checklist_field_goes_there(qtbot, window) -> None:
    station = window.station
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        scan(qtbot, station.view, WAYBILL, enter=True)
    field = station.checklist.view.value_edit
    scan(qtbot, field, "SN-ABC-123456789")
    qtbot.waitUntil(lambda: field.text() == "SN-ABC-123456789", timeout=3000)
    assert station.active is not None, "a serial number is the checklist's, not a stop"
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        scan(qtbot, field, WAYBILL, enter=True)  # the waybill again still stops, wherever
    assert field.text() == "SN-ABC-123456789" or field.text() == ""


def test_an_imported_return_waybill_no_carrier_knows_starts_recording_with_its_order(
    qtbot, open_station
) -> None:
    """SF1234567890 (SF + 10 digits) fits no carrier's format, but the sample's order
    TB2026110100001 expects it back: the scanner's burst alone starts the recording."""
    window = open_station(sample=True, preroll_seconds=0.0, camera_barcode=False)
    station = window.station
    view = station.view
    routes = []
    station.hands_free.routed.connect(routes.append)
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        scan(qtbot, view.today_table, "SF1234567890")  # a burst, no Enter, no field chosen
    assert routes[-1].kind.value == "return"
    assert (view.order_edit.text(), view.courier_edit.text()) == ("TB2026110100001", "SF1234567890")
    request = station.active.request
    assert (request.order_number, request.courier_number) == ("TB2026110100001", "SF1234567890")
    # The product's own barcode (TS-001's EAN-13, also a 13-digit Yunda shape) changes nothing.
    scan(qtbot, view, "4901234567894", enter=True)
    qtbot.waitUntil(lambda: routes[-1].kind.value == "product", timeout=3000)
    assert station.active.request.courier_number == "SF1234567890"
    with qtbot.waitSignal(station.recording_stopped, timeout=10000) as stopped:
        scan(qtbot, view, "SF1234567890", enter=True)  # the same waybill again stops it
    assert stopped.args[0].order == "TB2026110100001"


def test_a_product_barcode_alone_never_starts_a_recording_even_with_orders(
    qtbot, open_station
) -> None:
    window = open_station(sample=True, preroll_seconds=0.0, camera_barcode=False)
    view = window.station.view
    for code in ("4901234567894", "5449000000996", "036000291452"):
        scan(qtbot, view.today_table, code)
        qtbot.wait(250)
    assert window.station.active is None
    assert (view.order_edit.text(), view.courier_edit.text()) == ("", "")


def test_a_code_nothing_knows_is_asked_about_and_the_answer_kept(qtbot, window, ctx) -> None:
    station = window.station
    view = station.view
    scan(qtbot, view.today_table, "ZX-12345678")
    qtbot.waitUntil(lambda: station.machine.state.prompt is not None, timeout=3000)
    assert "ZX-12345678" in view.banner_detail.text()
    assert "O order number · W waybill · K keep as a desk rule (off)" in (view.banner_detail.text())
    assert station.active is None, "nothing starts before the answer"
    qtbot.keyClick(view, Qt.Key.Key_K)  # keep as a desk rule
    qtbot.waitUntil(lambda: "desk rule (on)" in view.banner_detail.text(), timeout=3000)
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_W)
    assert view.courier_edit.text() == "ZX-12345678"
    assert ctx.settings.scan_patterns.splitlines()[0] == (
        "courier | Kept at the desk | ^ZX\\-\\d{8}$"
    )
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.stop()
    # The next code of that shape is a waybill at once, by the kept rule.
    route = station.hands_free.handle_scan("ZX-87654321")
    assert (route.kind.value, route.rule) == ("courier", "Kept at the desk")


def test_a_product_code_with_a_waybill_shape_is_asked_about_even_in_the_order_field(
    qtbot, window
) -> None:
    """5449000000996 (a Coca-Cola EAN-13) also has a 13-digit Yunda shape: typed into the
    focused order field it would become an order number; the desk asks instead."""
    station = window.station
    view = station.view
    view.order_edit.setFocus()
    scan(qtbot, view.order_edit, "5449000000996", enter=True)
    qtbot.waitUntil(lambda: station.machine.state.prompt is not None, timeout=3000)
    assert "also looks like a Yunda waybill" in view.banner_detail.text()
    assert view.order_edit.text() == "" and station.active is None
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert "5449000000996 was ignored." in view.scan_label.text()
    assert station.active is None and view.order_edit.text() == ""


def test_a_retired_operator_never_records(qtbot, open_station, ctx) -> None:
    """Issue 19: a retired operator still recorded. Chosen, remembered or badged in, a
    retired operator is refused, with why, and no recording starts."""
    save_operator(ctx, "Old Zhao", "OP-0099", active=False)
    window = open_station(operator="Old Zhao", preroll_seconds=0.0, camera_barcode=False)
    station = window.station
    view = station.view
    assert station.machine.state.operator == ""
    assert "no longer works at this desk" in view.message_label.text()
    scan(qtbot, view.today_table, WAYBILL)
    qtbot.waitUntil(lambda: "Choose the operator first" in view.message_label.text(), timeout=3000)
    assert station.active is None
    scan(qtbot, view.today_table, "OP-0099")
    qtbot.waitUntil(lambda: "Old Zhao no longer works" in view.message_label.text(), timeout=3000)
    assert station.machine.state.operator == "" and station.active is None
