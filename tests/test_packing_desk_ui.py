"""The desk in pack mode, driven as a scanner gun and an operator drive it (pytest-qt): an
order scanned at a packing desk films its packing (PACKING on the bar and in the picture),
items and serials go into the box, F8 ends it as packed; then the same order's return shows
its packing beside the live picture, at each packed item's moment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from inspector.services.packing import packing_view
from inspector.ui.packing_panel import REPLAY_KEY, PackingPanel

ORDER, RETURN_WAYBILL = "TB2026110100001", "SF1234567890"  # TS-001, barcode 4901234567894


def scan(qtbot, widget, code: str) -> None:
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def held_at_scan(qtbot, panel, ms: int) -> None:
    """The panel played the item's moment and rests on the frame of its scan."""
    qtbot.waitUntil(
        lambda: (
            panel.player.playbackState() == QMediaPlayer.PlaybackState.PausedState
            and panel._stop_ms is None
            and abs(panel.player.position() - ms) <= 150
        ),
        timeout=10000,
    )
    qtbot.waitUntil(lambda: panel.player.videoSink().videoFrame().isValid(), timeout=5000)


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
    # What the order holds follows the PACKING mark (looked up once the mark is painted).
    shipped = station.checklist.view.shipped_list
    qtbot.waitUntil(lambda: shipped.count() == 1, timeout=3000)
    assert "TS-001" in shipped.item(0).text()
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
    panel.lead_ms = panel.tail_ms = 300  # a short moment keeps the test quick
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert f"packing {packing_id}" in panel.title()
    assert "TS-001, serial AC-000123" in panel.caption.text()
    # The packing video itself, played at the earbuds' moment and held on their scan.
    assert panel.showing_video()
    held_at_scan(qtbot, panel, panel.item_ms())
    assert "RECORDING" in view.banner.text()
    qtbot.keyClick(view, REPLAY_KEY)  # F7: the moment again, whatever has the focus
    assert station.keys.pressed[-1] == REPLAY_KEY
    held_at_scan(qtbot, panel, panel.item_ms())

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


def test_the_packing_video_follows_the_returns_checklist_to_the_matching_item(qtbot, ctx):
    """Two items packed at their seconds: a step about the second SKU shows its moment."""
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.capture.pipeline import open_capture
    from inspector.capture.sources import DemoSource
    from inspector.services.guided import import_orders, import_products
    from inspector.services.packing import end_packing, scan_packed_item, start_packing
    from inspector.services.recording import StartRequest
    from tests.conftest import SAMPLE

    import_products(ctx, SAMPLE / "products.csv")
    import_orders(ctx, SAMPLE / "orders.csv")
    ensure_text_rendering()
    capture = open_capture(DemoSource(320, 240, 30))
    try:
        active = start_packing(ctx, capture, StartRequest("TB2026110200002"), max_seconds=2.0)
        scan_packed_item(ctx, active.inspection_id, "BG-220", "B12-XK", 0.4)
        scan_packed_item(ctx, active.inspection_id, "WT-9", "MW-2001", 1.6)
        assert active.recorder.finished.wait(20)
        packing = packing_view(ctx, end_packing(ctx, active).summary.id)
    finally:
        capture.stop()

    panel = PackingPanel()
    qtbot.addWidget(panel)
    panel.lead_ms = panel.tail_ms = 300  # a short moment keeps the test quick
    panel.show_packing(packing)
    assert panel.showing_video() and "BG-220, serial B12-XK" in panel.caption.text()
    held_at_scan(qtbot, panel, 400)
    panel.follow_step("WT-9")  # the checklist moved to the watch's step
    assert panel.index == 1 and "WT-9, serial MW-2001" in panel.caption.text()
    held_at_scan(qtbot, panel, 1600)
    panel.follow_step("")  # a step about the parcel (its label): the watch stays on show
    panel.follow_step("NOT-PACKED")  # a SKU never packed: nothing to show for it
    assert panel.index == 1
    panel.previous.click()
    held_at_scan(qtbot, panel, 400)
    panel.show_packing(None)
    assert panel.isHidden() and panel.player.source().isEmpty()
