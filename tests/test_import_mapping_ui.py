"""The import window: an export in an unknown layout is shown, mapped by hand, kept as a preset;
the Catalog lists the SKUs the orders name but the catalog lacks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from inspector.services.guided import import_products, list_orders, order_presets
from inspector.ui.catalog import CatalogController

SAMPLE = Path(__file__).parents[1] / "resources" / "sample"


@pytest.fixture
def page(qtbot, ctx):
    import_products(ctx, SAMPLE / "products.csv")
    controller = CatalogController(ctx)
    qtbot.addWidget(controller.view)
    controller.view.show()
    return controller


def write_gbk(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_an_unknown_export_is_mapped_in_the_import_window(qtbot, page, ctx, tmp_path):
    path = write_gbk(
        tmp_path / "登记.csv",
        [
            ["退货登记表"],
            ["单号", "快递单号", "货号", "登记时间"],
            ["PDD-1", "YT7654321098765", "BG-220", "2026-11-12 09:00"],
            ["PDD-2", "ZT1234567890123", "NEW-SKU-1", "2026-11-12 10:00"],
        ],
    )
    page.choose_open = lambda title, pattern: path
    page.import_orders_file()
    dialog = page.mapping_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 2
    assert dialog.table.horizontalHeaderItem(1).text() == "快递单号"
    assert dialog.table.item(0, 0).text() == "PDD-1"

    # Import without the order number: the window says what is missing and stays open.
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.text()
    assert list_orders(ctx) == []

    for field, column in (
        ("order_number", "单号"),
        ("return_courier", "快递单号"),
        ("sku", "货号"),
        ("courier_supplied", "登记时间"),
    ):
        dialog.choose(field, column)
    dialog.platform.setCurrentText("拼多多")
    qtbot.keyClicks(dialog.preset_name, "PDD returns")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    orders = {o.order_number: o for o in list_orders(ctx)}
    assert orders["PDD-1"].platform == "pinduoduo"
    assert orders["PDD-1"].return_courier == "YT7654321098765"
    assert "2 created" in page.view.returns_label.text()
    assert order_presets(ctx)["PDD returns"].columns["sku"] == "货号"
    # The SKU the orders name but the catalog lacks is listed, to be added.
    assert page.view.missing_skus_box.isVisible()
    item = page.view.missing_skus.item(0)
    assert item.text().startswith("NEW-SKU-1")
    page.view.missing_skus.itemActivated.emit(item)
    assert page.view.fields["sku"].text() == "NEW-SKU-1"

    # The next file of the same kind: the saved preset fills the window in.
    again = write_gbk(
        tmp_path / "登记2.csv",
        [["单号", "快递单号", "货号", "登记时间"], ["PDD-3", "", "BG-220", ""]],
    )
    page.choose_open = lambda title, pattern: again
    page.import_orders_file()
    dialog = page.mapping_dialog
    dialog.preset_choice.setCurrentIndex(dialog.preset_choice.findData("PDD returns"))
    assert dialog.field_boxes["return_courier"].currentData() == "快递单号"
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert "PDD-3" in {o.order_number for o in list_orders(ctx)}


def test_a_known_platform_export_imports_without_the_window(qtbot, page, ctx, tmp_path):
    path = write_gbk(
        tmp_path / "退款报表.csv",
        [
            ["订单编号", "退款编号", "退货物流单号", "退货物流公司", "买家退货时间"],
            ["5118609024991031607", "R1", "SF1234567890", "顺丰速运", "2026-11-12 18:30:00"],
        ],
    )
    page.choose_open = lambda title, pattern: path
    page.import_orders_file()
    assert page.mapping_dialog is None
    assert "Taobao refund report: 0 orders updated, 1 created" in page.view.returns_label.text()


def test_the_window_opens_filled_in_and_asks_whose_export_it_is(qtbot, page, ctx, tmp_path):
    # Columns the dictionary knows, none only one platform has: the window asks the platform.
    path = tmp_path / "export.csv"
    path.write_text(
        "Order ID,Seller SKU,Quantity,Tracking Number,Username (Buyer),Lazada SKU\n"
        "777001,BG-220,2,JX1234567890,buyer1,L-1\n",
        encoding="utf-8",
    )
    page.choose_open = lambda title, pattern: path
    page.import_orders_file()
    dialog = page.mapping_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.field_boxes["order_number"].currentData() == "Order ID"
    assert dialog.field_boxes["sku"].currentData() == "Seller SKU"
    assert dialog.field_boxes["outbound_waybill"].currentData() == "Tracking Number"
    assert dialog.confidence["quantity"].text() == "recognised (100%)"
    assert "lazada, shopee" in dialog.message.text()
    assert dialog.platform.itemText(1) == "lazada" and dialog.platform.currentText() == ""
    dialog.platform.setCurrentText("shopee")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    [order] = list_orders(ctx)
    assert (order.order_number, order.platform, order.outbound_waybill) == (
        "777001",
        "shopee",
        "JX1234567890",
    )
    assert [(ln.sku, ln.quantity) for ln in order.lines] == [("BG-220", 2)]


def test_dates_that_read_two_ways_are_asked_in_the_window(qtbot, page, ctx, tmp_path):
    path = tmp_path / "tiktok.csv"
    path.write_text(
        "Order ID,Seller SKU,Quantity,Shipped Time,RTS Time\n"
        "5001,BG-220,1,03/11/2026 15:02:41,02/11/2026 10:00:00\n",
        encoding="utf-8",
    )
    page.choose_open = lambda title, pattern: path
    page.import_orders_file()
    dialog = page.mapping_dialog
    assert "--date-order DMY" in dialog.message.text()
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("DMY"))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    [order] = list_orders(ctx)
    assert (order.platform, str(order.ship_date)) == ("tiktok", "2026-11-03")
