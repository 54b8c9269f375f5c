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
