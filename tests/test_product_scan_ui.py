"""At the station a scan of one of our product barcodes fills nothing, starts and stops nothing,
names the product, and during a guided inspection says whether the order shipped it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from inspector.capture.barcode import BarcodeRead
from inspector.core.models import InspectionEvent
from inspector.services.evidence import export_bundle, run_with_progress
from tests.test_station_hands_free import scan

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
EARBUDS = "4901234567894"  # TS-001, a Japanese EAN-13 that also fits the Yunda pattern
WATCH = "4012345678901"  # WT-9, a German EAN-13
ORDER = "TB2026110100001"  # shipped one TS-001; its return comes back as SF1234567890


@pytest.fixture
def window(open_station):
    return open_station(sample=True, preroll_seconds=0.0, camera_barcode=False)


def test_a_product_barcode_fills_nothing_starts_nothing_and_names_the_product(
    qtbot, window
) -> None:
    station = window.station
    view = station.view
    routes = []
    station.hands_free.routed.connect(routes.append)
    view.order_edit.setFocus()  # even with the order field chosen, a product is not an order
    scan(qtbot, view.order_edit, EARBUDS, enter=True)
    scan(qtbot, view.today_table, WATCH)  # no Enter: the burst ends on silence
    qtbot.waitUntil(lambda: len(routes) == 2, timeout=3000)
    assert [(r.kind.value, r.product.sku) for r in routes] == [
        ("product", "TS-001"),
        ("product", "WT-9"),
    ]
    assert "Product: Quartz watch Meridian (SKU WT-9)" in view.scan_label.text()
    assert view.message_label.text() == (
        f"{WATCH} is the barcode of our product Quartz watch Meridian (SKU WT-9), "
        "not a waybill: nothing was started."
    )
    qtbot.wait(300)  # give a wrong start every chance to happen
    assert station.active is None
    assert (view.order_edit.text(), view.courier_edit.text()) == ("", "")


def test_during_a_guided_inspection_the_desk_says_whether_the_order_shipped_it(
    qtbot, window, ctx, tmp_path
) -> None:
    station = window.station
    view = station.view
    with qtbot.waitSignal(station.recording_started, timeout=5000):
        view.order_edit.setText("SF1234567890")
        view.order_edit.returnPressed.emit()
    inspection_id = station.active.inspection_id
    steps_before = [(s.key, s.result) for s in station.checklist.steps]

    scan(qtbot, view, EARBUDS, enter=True)
    qtbot.waitUntil(lambda: "Wireless earbuds Aurora" in view.scan_label.text(), timeout=3000)
    assert f"Wireless earbuds Aurora was shipped in order {ORDER}." in view.scan_label.text()
    assert view.message_label.text() == ""

    scan(qtbot, view, WATCH, enter=True)
    qtbot.waitUntil(lambda: "NOT shipped" in view.message_label.text(), timeout=3000)
    assert view.message_label.text() == (
        f"Quartz watch Meridian (SKU WT-9) is one of our products but was NOT shipped in order "
        f"{ORDER} (shipped: TS-001). The buyer may have returned a different item."
    )
    assert "Product: Quartz watch Meridian (SKU WT-9)" in view.scan_label.text()

    # The camera reading a product's barcode is told the same way as the scanner gun.
    station.hands_free._camera_read(BarcodeRead(WATCH, "EAN13", is_product=True))
    assert "Product: Quartz watch Meridian (SKU WT-9)" in view.scan_label.text()
    assert "NOT shipped" in view.message_label.text()

    # Neither scan stopped, restarted or answered anything.
    qtbot.wait(300)
    assert station.active is not None and station.active.inspection_id == inspection_id
    assert [(s.key, s.result) for s in station.checklist.steps] == steps_before
    with qtbot.waitSignal(station.recording_stopped, timeout=10000):
        station.stop()

    # Each scan while filming is kept in the history, the swap said plainly, with its time,
    # and reaches the evidence report's timeline.
    with ctx.db.session() as session:
        kept = session.exec(
            select(InspectionEvent.message)
            .where(InspectionEvent.inspection_id == inspection_id)
            .where(InspectionEvent.kind == "product_scanned")
            .order_by(InspectionEvent.id)
        ).all()
    assert len(kept) == 3, kept
    assert "Wireless earbuds Aurora (SKU TS-001), barcode 4901234567894, at 0:0" in kept[0]
    assert kept[0].endswith("shipped in this order")
    assert kept[1].endswith("NOT shipped in this order (shipped: TS-001)")
    result = run_with_progress(export_bundle(ctx, inspection_id, tmp_path))
    with zipfile.ZipFile(result.path) as zf:
        timeline = json.loads(zf.read("inspection.json"))["timeline"]
    scans = [e for e in timeline if e["label"] == "Product barcode scanned"]
    assert [e["detail"] for e in scans] == kept


def test_barcodes_edited_in_the_catalog_tab_are_known_at_the_next_scan(qtbot, window, ctx) -> None:
    page = window.catalog
    page.refresh_products(select_sku="BG-220")
    field = page.view.fields["barcodes"]
    assert field.toPlainText() == "3012345678902"
    # A typo in the check digit is refused next to Save, and nothing changes.
    field.setPlainText("3012345678902\n4006381333930")
    assert page.save() is None
    assert "4006381333930" in page.view.product_message.text()
    assert "should be 1" in page.view.product_message.text()
    field.setPlainText("3012345678902\n4006381333931")
    assert page.save() is not None
    assert page.view.fields["barcodes"].toPlainText() == "3012345678902\n4006381333931"
    # The station, open all along, routes the new barcode as the bag.
    view = window.station.view
    scan(qtbot, view, "4006381333931", enter=True)
    qtbot.waitUntil(lambda: "Canvas tote bag Lotus" in view.scan_label.text(), timeout=3000)
    assert window.station.active is None


def test_when_the_catalog_cannot_be_read_a_scan_starts_nothing_and_says_why(qtbot, window) -> None:
    from inspector.core.errors import DatabaseError

    def unreadable(code: str):
        raise DatabaseError("Cannot open the database: disk I/O error.")

    station = window.station
    station.hands_free.router.products = unreadable
    route = station.hands_free.handle_scan("SF1234567890123")
    assert route.kind.value == "ignore"
    assert "disk I/O error" in station.view.message_label.text()
    qtbot.wait(300)
    assert station.active is None and station.view.courier_edit.text() == ""
