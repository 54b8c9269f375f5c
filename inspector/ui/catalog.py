"""The Catalog page's behaviour: edit the store's products, import and export them, chase returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from inspector.core.catalog import ProductData
from inspector.core.dates import DateOrderNeeded
from inspector.core.errors import InspectorError
from inspector.core.order_layouts import ColumnMapping
from inspector.core.orders import (
    ExpectedReturn,
    OrdersImportResult,
    PlatformNeeded,
    UnknownLayout,
)
from inspector.i18n.catalogue import platform_text
from inspector.services.context import AppContext
from inspector.services.guided import (
    add_product_photo,
    expected_returns,
    export_products,
    import_orders,
    import_products,
    list_products,
    order_presets,
    preview_orders_file,
    save_order_preset,
    save_product,
    skus_missing_from_catalog,
    stored_photo_file,
)
from inspector.services.order_story import remind_buyer, reminder_preview, reminders_sent
from inspector.ui.catalog_view import CatalogView
from inspector.ui.import_mapping import ImportMappingDialog
from inspector.ui.tables import TableRow, show_rows

# The layouts' names as the desk reads them (core names them in English for the CLI and log).
LAYOUT_LABELS = {
    "app": QT_TRANSLATE_NOOP("CatalogController", "Orders CSV"),
    "amazon_returns": QT_TRANSLATE_NOOP("CatalogController", "Amazon returns report"),
    "taobao_refunds": QT_TRANSLATE_NOOP("CatalogController", "Taobao refund report"),
    "qianniu_orders": QT_TRANSLATE_NOOP("CatalogController", "Qianniu order export"),
    "taobao_items": QT_TRANSLATE_NOOP("CatalogController", "Taobao items report"),
    "taobao_orders": QT_TRANSLATE_NOOP("CatalogController", "Taobao order report"),
    "shopee_orders": QT_TRANSLATE_NOOP("CatalogController", "Shopee order export"),
    "lazada_orders": QT_TRANSLATE_NOOP("CatalogController", "Lazada order export"),
    "meesho_returns": QT_TRANSLATE_NOOP("CatalogController", "Meesho returns report"),
    "meesho_returns_suborder": QT_TRANSLATE_NOOP("CatalogController", "Meesho returns report"),
    "amazon_fba_returns": QT_TRANSLATE_NOOP("CatalogController", "Amazon FBA customer returns"),
    "amazon_all_orders": QT_TRANSLATE_NOOP("CatalogController", "Amazon All Orders report"),
    "shopee_orders_id": QT_TRANSLATE_NOOP("CatalogController", "Shopee order export"),
    "shopee_returns": QT_TRANSLATE_NOOP("CatalogController", "Shopee return/refund export"),
    "shopee_returns_id": QT_TRANSLATE_NOOP("CatalogController", "Shopee return/refund export"),
    "pinduoduo_orders": QT_TRANSLATE_NOOP("CatalogController", "Pinduoduo order export"),
    "douyin_orders": QT_TRANSLATE_NOOP("CatalogController", "Douyin shop order export"),
    "jd_orders": QT_TRANSLATE_NOOP("CatalogController", "JD.com order export"),
    "tiktok_orders": QT_TRANSLATE_NOOP("CatalogController", "TikTok Shop order export"),
    "ebay_orders": QT_TRANSLATE_NOOP("CatalogController", "eBay orders report"),
    "etsy_orders": QT_TRANSLATE_NOOP("CatalogController", "Etsy sold orders"),
    "mapping": QT_TRANSLATE_NOOP("CatalogController", "Mapped columns"),
}

MISSING = QColor("#ffe0b2")  # the buyer has not supplied the courier number yet
ERROR_STYLE = "QLabel { color: #b71c1c; }"


class CatalogController(QObject):
    """Products as the checklist uses them, and the returns the desk is still waiting for."""

    saved = Signal(object)  # ProductData

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = CatalogView()
        self.products: list[ProductData] = []
        self.photos: list[str] = []  # storage-relative paths of the product being edited
        # File dialogs, replaced in tests (None = the user cancelled).
        self.choose_open: Callable[[str, str], Path | None] = self._ask_open
        self.choose_save: Callable[[str, str], Path | None] = self._ask_save
        v = self.view
        v.product_list.currentRowChanged.connect(self._product_chosen)
        v.new_button.clicked.connect(self.new_product)
        v.save_button.clicked.connect(self.save)
        v.add_photo_button.clicked.connect(self.add_photo)
        v.remove_photo_button.clicked.connect(self.remove_photo)
        v.import_products_button.clicked.connect(self.import_products_file)
        v.export_products_button.clicked.connect(self.export_products_file)
        v.import_orders_button.clicked.connect(self.import_orders_file)
        v.refresh_returns_button.clicked.connect(self.refresh_returns)
        v.missing_skus.itemActivated.connect(self._add_missing_sku)
        self.mapping_dialog: ImportMappingDialog | None = None  # the last one opened
        save_key = QShortcut(QKeySequence.StandardKey.Save, v)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        self._returns: list[ExpectedReturn] = []  # as listed, row by row
        v.returns_table.itemSelectionChanged.connect(self._return_chosen)
        v.copy_reminder_button.clicked.connect(self.copy_reminder)
        # Ctrl+C on the list copies the chosen order's message (and logs it), not a cell: the
        # table copies its current cell itself before any shortcut sees the key, so it is
        # taken from the table's own key events.
        v.returns_table.installEventFilter(self)
        self.refresh()

    @property
    def widget(self) -> QWidget:
        return self.view

    def refresh(self) -> None:
        self.refresh_products()
        self.refresh_returns()
        self.refresh_missing_skus()

    # ----- products -----------------------------------------------------------------------

    def refresh_products(self, select_sku: str | None = None) -> None:
        self.products = list_products(self.ctx)
        lst = self.view.product_list
        lst.blockSignals(True)
        lst.clear()
        for p in self.products:
            lst.addItem(f"{p.sku} — {p.name}")
        lst.blockSignals(False)
        index = next((i for i, p in enumerate(self.products) if p.sku == select_sku), 0)
        if self.products:
            lst.setCurrentRow(index)
            self._show(self.products[index])
        else:
            self.new_product()

    def _product_chosen(self, row: int) -> None:
        if 0 <= row < len(self.products):
            self._show(self.products[row])

    def _show(self, p: ProductData) -> None:
        for key, edit in self.view.fields.items():
            value = getattr(p, key)
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText("\n".join(value))
            else:
                edit.setText(value)
        self.view.fields["sku"].setReadOnly(bool(p.sku))  # the SKU is what orders refer to
        self.photos = list(p.photos)
        self._show_photos()
        self.view.product_message.setStyleSheet("")
        self.view.product_message.clear()

    def _show_photos(self) -> None:
        lst = self.view.photo_list
        lst.clear()
        for rel in self.photos:
            path = stored_photo_file(self.ctx, rel)
            item = QListWidgetItem()
            item.setToolTip(str(path))
            if path.exists():
                item.setIcon(QIcon(QPixmap(str(path))))
            else:
                item.setText(self.tr("missing: {0}").format(Path(rel).name))
            lst.addItem(item)

    def new_product(self) -> None:
        """An empty form for a product the store starts selling."""
        self.view.product_list.clearSelection()
        self._show(ProductData(sku="", name=""))
        self.view.fields["sku"].setFocus()

    def current(self) -> ProductData:
        """The product as the form shows it."""
        values: dict[str, object] = {}
        for key, edit in self.view.fields.items():
            if isinstance(edit, QPlainTextEdit):
                values[key] = [
                    line.strip() for line in edit.toPlainText().splitlines() if line.strip()
                ]
            else:
                values[key] = edit.text().strip()
        return ProductData(photos=list(self.photos), **values)  # type: ignore[arg-type]

    def save(self) -> ProductData | None:
        """Store the product; a problem is shown next to the Save button and nothing changes."""
        try:
            saved = save_product(self.ctx, self.current())
        except InspectorError as exc:
            self._say(str(exc), error=True)
            return None
        self.refresh_products(select_sku=saved.sku)
        self._say(self.tr("Saved {0}. New inspections of it use these steps.").format(saved.sku))
        self.saved.emit(saved)
        return saved

    def add_photo(self) -> None:
        path = self.choose_open(
            self.tr("Choose a reference photo"), self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path is None:
            return
        try:
            self.photos.append(add_product_photo(self.ctx, path))
        except InspectorError as exc:
            self._say(str(exc), error=True)
            return
        self._show_photos()
        self._say(self.tr("Photo added; press Save to keep it."))

    def remove_photo(self) -> None:
        row = self.view.photo_list.currentRow()
        if 0 <= row < len(self.photos):
            del self.photos[row]
            self._show_photos()
            self._say(self.tr("Photo removed; press Save to keep the change."))

    def import_products_file(self) -> None:
        path = self.choose_open(self.tr("Import products"), self.tr("CSV files (*.csv)"))
        if path is None:
            return
        try:
            result = import_products(self.ctx, path)
        except InspectorError as exc:
            self._say(str(exc), error=True)
            return
        self.refresh_products()
        self._say(
            self.tr("Imported {0}: {1} new, {2} updated.").format(
                path.name, result.created, result.updated
            )
        )

    def export_products_file(self) -> None:
        path = self.choose_save(self.tr("Export products"), self.tr("CSV files (*.csv)"))
        if path is None:
            return
        try:
            count = export_products(self.ctx, path)
        except InspectorError as exc:
            self._say(str(exc), error=True)
            return
        self._say(self.tr("Wrote {0} products to {1}.").format(count, path))

    def _say(self, text: str, error: bool = False) -> None:
        self.view.product_message.setStyleSheet(ERROR_STYLE if error else "")
        self.view.product_message.setText(text)

    # ----- expected returns ---------------------------------------------------------------

    def refresh_returns(self) -> None:
        rows = expected_returns(self.ctx)
        sent = reminders_sent(self.ctx)
        table = self.view.returns_table
        chosen = self.chosen_return()
        self._returns = rows
        table.blockSignals(True)
        missing = 0
        shown = []
        for e in rows:
            if e.return_courier:
                courier = e.return_courier
            else:
                missing += 1
                courier = self.tr("missing for {0} d — chase the buyer").format(
                    e.days_courier_missing or 0
                )
            values = (
                e.order_number,
                platform_text(e.platform),
                e.buyer,
                e.return_requested_on.isoformat() if e.return_requested_on else "",
                str(e.days_waiting) if e.days_waiting is not None else "",
                courier,
                self._reminded_text(sent.get(e.order_number, [])) if not e.return_courier else "",
            )
            shown.append(TableRow(e.order_number, values, None if e.return_courier else MISSING))
        show_rows(table, shown)
        self.view.returns_label.setText(
            self.tr("{0} return(s) expected; {1} still without a courier number.").format(
                len(rows), missing
            )
        )
        table.blockSignals(False)
        again = next((i for i, e in enumerate(rows) if chosen and e.order_number == chosen), -1)
        if again >= 0:
            table.setCurrentCell(again, 0)
        self._return_chosen()

    # ----- reminders: today's message to each buyer still without a waybill ---------------

    def _reminded_text(self, times: list[datetime]) -> str:
        if not times:
            return self.tr("not yet")
        last = times[-1].astimezone()
        return (
            self.tr("%1× — last %2")
            .replace("%1", str(len(times)))
            .replace("%2", last.strftime("%m-%d %H:%M"))
        )

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            obj is self.view.returns_table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
            and self.view.copy_reminder_button.isEnabled()  # else the table copies its cell
        ):
            self.copy_reminder()
            return True
        return super().eventFilter(obj, event)

    def chosen_return(self) -> str:
        """The order number of the expected return chosen in the list ("" for none)."""
        row = self.view.returns_table.currentRow()
        return self._returns[row].order_number if 0 <= row < len(self._returns) else ""

    def _return_chosen(self) -> None:
        """Show today's message for the chosen order, if its buyer still owes the waybill."""
        v = self.view
        order = self.chosen_return()
        v.copy_reminder_button.setEnabled(False)
        v.reminder_text.clear()
        v.reminder_text.setPlaceholderText(
            self.tr("Choose an order still without its courier number to see today's message.")
        )
        if not order:
            return
        if self._returns[v.returns_table.currentRow()].return_courier:
            v.reminder_text.setPlaceholderText(
                self.tr("Order %1 has its courier number: the buyer need not be asked.").replace(
                    "%1", order
                )
            )
            return
        try:
            preview = reminder_preview(self.ctx, order)
        except InspectorError as exc:
            v.reminder_text.setPlaceholderText(str(exc))
            return
        v.reminder_text.setPlainText(preview.message)
        v.copy_reminder_button.setEnabled(True)

    def copy_reminder(self) -> None:
        """Copy today's message for the chosen order to the clipboard and log it with its time."""
        v = self.view
        order = self.chosen_return()
        if not order or not v.copy_reminder_button.isEnabled():
            return
        try:
            reminder = remind_buyer(self.ctx, order, self.ctx.settings.operator)
        except InspectorError as exc:
            v.reminder_status.setStyleSheet(ERROR_STYLE)
            v.reminder_status.setText(str(exc))
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(reminder.message)
        v.reminder_status.setStyleSheet("")
        v.reminder_status.setText(
            self.tr("Copied the message for order %1 and logged it at %2 (reminder %3).")
            .replace("%1", reminder.order_number)
            .replace("%2", reminder.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
            .replace("%3", str(reminder.earlier + 1))
        )
        self.refresh_returns()

    def import_orders_file(self) -> None:
        path = self.choose_open(
            self.tr("Import orders"),
            self.tr("Order exports (*.csv *.txt *.tsv *.xlsx *.xls);;All files (*)"),
        )
        if path is None:
            return
        try:
            result = import_orders(self.ctx, path)
        except (UnknownLayout, PlatformNeeded):
            # The window opens with every column the recogniser assigned; the seller adds
            # what the file does not tell (the platform, a column).
            self._ask_mapping(path)
            return
        except DateOrderNeeded as exc:
            self._ask_mapping(path, str(exc))
            return
        except InspectorError as exc:
            self._orders_error(str(exc))
            return
        self._imported(result)

    def _ask_mapping(self, path: Path, date_question: str = "") -> None:
        """A file the app cannot import alone: the import window, filled in (not modal)."""
        try:
            preview = preview_orders_file(self.ctx, path)
            presets = order_presets(self.ctx)
        except InspectorError as exc:
            self._orders_error(str(exc))
            return
        dialog = ImportMappingDialog(preview, presets, self.view)
        if date_question:
            dialog.ask_date_order(date_question)
        dialog.accepted.connect(lambda: self._import_mapped(path, dialog.mapping()))
        self.mapping_dialog = dialog
        dialog.open()

    def _import_mapped(self, path: Path, mapping: ColumnMapping) -> None:
        try:
            result = import_orders(self.ctx, path, mapping=mapping)
            if mapping.name:
                save_order_preset(self.ctx, mapping)
        except InspectorError as exc:
            self._orders_error(str(exc))
            return
        self._imported(result)

    def _orders_error(self, text: str) -> None:
        self.view.returns_label.setStyleSheet(ERROR_STYLE)
        self.view.returns_label.setText(text)

    def _imported(self, result: OrdersImportResult) -> None:
        self.view.returns_label.setStyleSheet("")
        self.refresh_returns()
        self.refresh_missing_skus()
        name = LAYOUT_LABELS.get(result.layout)
        layout = (
            QCoreApplication.translate("CatalogController", name) if name else result.layout_name
        )
        text = self.tr(
            "{0}: {1} orders updated, {2} created, {3} unchanged; {4} return waybills added."
        ).format(
            layout, result.updated, result.created, result.unchanged, result.courier_numbers_added
        )
        if result.outbound_waybills_added:
            text += " " + self.tr("{0} outbound waybill(s) added.").format(
                result.outbound_waybills_added
            )
        if result.skipped_rows or result.blank_rows:
            text += " " + self.tr(
                "Rows skipped: {0} not an order (description, total or note), {1} blank."
            ).format(result.skipped_rows, result.blank_rows)
        if result.unknown_skus:
            text += " " + self.tr(
                "{0} SKU(s) not in the catalog ({1}): those orders get the general steps until "
                "the products are added."
            ).format(len(result.unknown_skus), ", ".join(result.unknown_skus[:5]))
        self.view.returns_label.setText(self.view.returns_label.text() + " " + text)

    # ----- SKUs in orders, not in the catalog ---------------------------------------------

    def refresh_missing_skus(self) -> None:
        missing = skus_missing_from_catalog(self.ctx)
        lst = self.view.missing_skus
        lst.clear()
        for sku, orders in missing:
            lst.addItem(self.tr("{0} — in {1} order(s)").format(sku, orders))
            lst.item(lst.count() - 1).setData(Qt.ItemDataRole.UserRole, sku)
        self.view.missing_skus_box.setVisible(bool(missing))

    def _add_missing_sku(self, item: QListWidgetItem) -> None:
        """A SKU the orders name: start its product with the SKU filled in."""
        self.new_product()
        self.view.fields["sku"].setText(item.data(Qt.ItemDataRole.UserRole))
        self.view.fields["name"].setFocus()

    # ----- file dialogs -------------------------------------------------------------------

    def _ask_open(self, title: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.view, title, str(Path.home()), pattern)
        return Path(path) if path else None

    def _ask_save(self, title: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self.view, title, str(Path.home() / "products.csv"), pattern
        )
        return Path(path) if path else None
