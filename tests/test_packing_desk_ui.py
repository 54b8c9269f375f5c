"""The desk in pack mode, driven as a scanner gun and an operator drive it (pytest-qt): an
order scanned at a packing desk films its packing (PACKING on the bar and in the picture),
items and serials go into the box, F8 ends it as packed; then the same order's return shows
its packing beside the live picture, at each packed item's moment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from inspector.services.packing import packing_view

ORDER, RETURN_WAYBILL = "TB2026110100001", "SF1234567890"  # TS-001, barcode 4901234567894


def scan(qtbot, widget, code: str) -> None:
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


@pytest.fixture
def window(open_station):
    return open_station(sample=True, packing_desk=True, preroll_seconds=0.5, camera_barcode=False)


def test_pack_an_order_at_the_desk_then_its_return_shows_the_packing(qtbot, window, ctx) -> None:
    station = window.station
    view = station.view
    with qtbot.waitSignal(station.recording_started, timeout=10000) as started:
        scan(qtbot, view.today_table, ORDER)
    packing_id = started.args[0]
    assert "PACKING" in view.banner.text()
    lines = [p.text for p in station.active.recorder.overlay.layout(datetime.now(UTC), 1.0)]
    assert any(t.startswith("● PACKING") for t in lines), lines
    qtbot.waitUntil(lambda: station.active.elapsed > 0.5, timeout=5000)
    scan(qtbot, view, "4901234567894")  # the earbuds' barcode: TS-001 into the box
    scan(qtbot, view, "AC-000123")  # its serial
    qtbot.waitUntil(lambda: "1 item(s)" in view.banner.text(), timeout=3000)
    assert "TS-001 AC-000123" in view.scan_label.text()
    qtbot.waitUntil(lambda: station.active.elapsed > 1.5, timeout=5000)
    with qtbot.waitSignal(station.recording_stopped, timeout=15000):
        qtbot.keyClick(view, Qt.Key.Key_F8)  # the one end key
    qtbot.waitUntil(lambda: view.banner.text().startswith("PACKED"), timeout=5000)
    packed = packing_view(ctx, packing_id)
    assert [(i.sku, i.serial) for i in packed.items] == [("TS-001", "AC-000123")]
    assert packed.status == "completed" and packed.problems == []
    assert 0.4 <= packed.items[0].video_offset_s < packed.duration_s

    # The desk goes back to returns: the order's return shows its packing beside the picture.
    ctx.settings.set("packing_desk", False)
    station.settings_changed()
    with qtbot.waitSignal(station.recording_started, timeout=10000):
        scan(qtbot, view.today_table, RETURN_WAYBILL)
    panel = station.packing_panel
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert f"packing {packing_id}" in panel.title()
    assert "TS-001, serial AC-000123" in panel.caption.text()
    assert not panel.shown_pixmap().isNull()  # the frame of the earbuds going into the box
    assert "RECORDING" in view.banner.text()

    # Browse shows returns or packings apart.
    from inspector.ui.browse import BrowseController

    browse = BrowseController(ctx)
    qtbot.addWidget(browse.view)
    try:
        combo = browse.view.kind_combo
        combo.setCurrentIndex(combo.findData("packing"))
        rows = [browse.model.row_at(i) for i in range(browse.model.rowCount())]
        assert [r.id for r in rows] == [packing_id]
        combo.setCurrentIndex(combo.findData("return"))
        rows = [browse.model.row_at(i) for i in range(browse.model.rowCount())]
        assert [r.id for r in rows] == [station.active.inspection_id]
    finally:
        browse.shutdown()

    # The detail view tells the order's story: shipped, then packed on camera, then returned.
    from inspector.ui.detail import DetailController

    detail = DetailController(ctx, packing_id)
    qtbot.addWidget(detail.view)
    try:
        story = detail.view.story_list
        lines = [story.item(i).text() for i in range(story.count())]
        labels = [ln.split("\n")[0].split("  ", 1)[1] for ln in lines]
        assert labels[:3] == ["Shipped", "Return requested", "Return waybill supplied"]
        assert "Packed on camera" in labels and "Returned parcel unboxed on camera" in labels
    finally:
        detail.shutdown()
