"""The Catalog page: edit the store's products in the app, import and export them, see expected returns."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inspector.services.guided import list_products
from inspector.ui.catalog import CatalogController

SAMPLE = Path(__file__).parents[1] / "resources" / "sample"


@pytest.fixture
def page(qtbot, ctx):
    controller = CatalogController(ctx)
    qtbot.addWidget(controller.view)
    controller.view.show()
    return controller


def test_import_then_edit_a_product_and_its_steps(qtbot, page, ctx, tmp_path):
    page.choose_open = lambda title, pattern: SAMPLE / "products.csv"
    page.import_products_file()
    assert page.view.product_list.count() == 3
    assert "3 new" in page.view.product_message.text()
    page.view.product_list.setCurrentRow(0)
    sku = page.current().sku
    accessories = page.view.fields["accessories"]
    accessories.setPlainText(accessories.toPlainText() + "\nwarranty card")
    qtbot.keyClick(page.view.fields["name"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Saved" in page.view.product_message.text()
    saved = next(p for p in list_products(ctx) if p.sku == sku)
    assert "warranty card" in saved.accessories

    out = tmp_path / "out.csv"
    page.choose_save = lambda title, pattern: out
    page.export_products_file()
    assert "warranty card" in out.read_text(encoding="utf-8-sig")


def test_a_new_product_with_a_photo(qtbot, page, ctx):
    page.new_product()
    page.view.fields["sku"].setText("NEW-1")
    page.view.fields["name"].setText("Silk scarf Peony")
    page.view.fields["serial_format"].setText("PS-####")
    page.choose_open = lambda title, pattern: next((SAMPLE / "photos").glob("*.png"))
    page.add_photo()
    assert page.view.photo_list.count() == 1
    assert page.save() is not None
    product = next(p for p in list_products(ctx) if p.sku == "NEW-1")
    assert len(product.photos) == 1 and ctx.storage.absolute(product.photos[0]).exists()


def test_a_bad_product_is_refused_and_nothing_changes(qtbot, page, ctx):
    page.new_product()
    page.view.fields["sku"].setText("BAD-1")
    page.view.fields["name"].setText("")
    assert page.save() is None
    assert page.view.product_message.styleSheet()  # shown as an error
    assert "name" in page.view.product_message.text().lower()
    assert all(p.sku != "BAD-1" for p in list_products(ctx))


def test_expected_returns_show_the_missing_courier_numbers(qtbot, page, ctx):
    page.choose_open = lambda title, pattern: SAMPLE / "products.csv"
    page.import_products_file()
    page.choose_open = lambda title, pattern: SAMPLE / "orders.csv"
    page.import_orders_file()
    table = page.view.returns_table
    assert table.rowCount() >= 2
    texts = [table.item(r, 5).text() for r in range(table.rowCount())]
    assert any("missing" in t for t in texts), "an order whose buyer has not supplied the waybill"
    assert any(t.startswith("SF") for t in texts)
    assert "without a courier number" in page.view.returns_label.text()


def test_a_malformed_orders_file_is_explained(qtbot, page, tmp_path):
    bad = tmp_path / "orders.csv"
    bad.write_text("order_number,platform\nTB1,taobao\n", encoding="utf-8")
    page.choose_open = lambda title, pattern: bad
    page.import_orders_file()
    assert "orders.csv" in page.view.returns_label.text()


def test_each_buyer_without_a_waybill_gets_todays_message_copied_with_one_key(
    qtbot, page, ctx, tmp_path
):
    """Issue 23: the list offers today's message in the platform's language; Ctrl+C copies it
    and logs it with its time; an order whose waybill is known offers nothing to copy."""
    from datetime import UTC, datetime

    from PySide6.QtGui import QGuiApplication

    from inspector.services.order_story import order_timeline, reminders_sent

    orders = tmp_path / "orders.csv"
    orders.write_text(
        (SAMPLE / "orders.csv").read_text(encoding="utf-8")
        + "AMZ-114-0000000-0000001,amazon,K. Lee,WT-9,1,MW-2003,2026-11-05,2026-11-18,,\n",
        encoding="utf-8",
    )
    page.choose_open = lambda title, pattern: orders
    page.import_orders_file()
    table = page.view.returns_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    chinese, english = rows["TB2026110200002"], rows["AMZ-114-0000000-0000001"]
    clipboard = QGuiApplication.clipboard()
    for row, order, words in (
        (chinese, "TB2026110200002", "退货"),
        (english, "AMZ-114-0000000-0000001", "return waybill"),
    ):
        table.setFocus()
        table.setCurrentCell(row, 0)
        shown = page.view.reminder_text.toPlainText()
        assert order in shown and words in shown, shown
        assert table.item(row, 6).text() == "not yet"
        clipboard.clear()
        before = datetime.now(UTC)
        qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert clipboard.text() == shown  # the message itself, not the cell under the cursor
        (at,) = reminders_sent(ctx)[order]
        assert before <= at <= datetime.now(UTC)
        assert order in page.view.reminder_status.text()
        assert table.currentRow() == rows[order] and table.item(row, 6).text().startswith("1×")
    # The same day's second copy is logged too: the story says which days the buyer was asked.
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert len(reminders_sent(ctx)["AMZ-114-0000000-0000001"]) == 2
    assert "asked on" in order_timeline(ctx, "AMZ-114-0000000-0000001").summary

    # An order whose buyer has supplied the waybill: nothing to copy, nothing logged.
    table.setCurrentCell(rows["TB2026110100001"], 0)
    assert not page.view.copy_reminder_button.isEnabled()
    assert page.view.reminder_text.toPlainText() == ""
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert "TB2026110100001" not in reminders_sent(ctx)
