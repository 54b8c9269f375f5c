"""The Catalog page's layout: the store's products (edited here) and the returns still expected."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.tables import read_only_table


class CatalogView(QWidget):
    """Widgets only; CatalogController gives them behaviour."""

    LIST_FIELDS = ("barcodes", "hidden_marks", "hang_tags", "packaging", "accessories")
    RETURN_COLUMNS = (
        QT_TRANSLATE_NOOP("CatalogView", "Order"),
        QT_TRANSLATE_NOOP("CatalogView", "Platform"),
        QT_TRANSLATE_NOOP("CatalogView", "Buyer"),
        QT_TRANSLATE_NOOP("CatalogView", "Return requested"),
        QT_TRANSLATE_NOOP("CatalogView", "Days waiting"),
        QT_TRANSLATE_NOOP("CatalogView", "Courier number"),
        QT_TRANSLATE_NOOP("CatalogView", "Buyer reminded"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()

        # --- products -------------------------------------------------------------------
        self.product_list = QListWidget()
        self.product_list.setObjectName("productList")
        self.new_button = QPushButton(self.tr("&New product"))
        self.import_products_button = QPushButton(self.tr("&Import CSV…"))
        self.export_products_button = QPushButton(self.tr("E&xport CSV…"))
        left = QVBoxLayout()
        left.addWidget(self.product_list, 1)
        # SKUs the imported orders name that the catalog lacks: their returns get only the
        # general steps until the product is added (double-click one to add it).
        self.missing_skus = QListWidget()
        self.missing_skus.setObjectName("missingSkus")
        self.missing_skus.setMaximumHeight(110)
        self.missing_skus_box = QGroupBox(self.tr("In orders, not in the catalog"))
        missing_layout = QVBoxLayout(self.missing_skus_box)
        missing_layout.addWidget(self.missing_skus)
        left.addWidget(self.missing_skus_box)
        row = QHBoxLayout()
        for b in (self.new_button, self.import_products_button, self.export_products_button):
            row.addWidget(b)
        left.addLayout(row)
        left_widget = QWidget()
        left_widget.setLayout(left)

        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for key, label, hint in (
            ("sku", self.tr("SKU"), ""),
            ("name", self.tr("Name"), ""),
            (
                "sticker",
                self.tr("Anti-counterfeit sticker"),
                self.tr("what it looks like, where it is"),
            ),
            (
                "serial_format",
                self.tr("Serial format"),
                self.tr("# digit, @ letter, * either: AC-######"),
            ),
            ("serial_from", self.tr("Serial range from"), ""),
            ("serial_to", self.tr("Serial range to"), ""),
            ("batch_code_format", self.tr("Batch code format"), ""),
        ):
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            self.fields[key] = edit
            form.addRow(label + ":", edit)
        # Right under the name: the barcodes are how the desk tells this product from a waybill.
        barcodes = QPlainTextEdit()
        barcodes.setObjectName("productBarcodes")
        barcodes.setPlaceholderText(
            self.tr(
                "one per line (EAN-13, UPC or our own); a scan of one at the desk names this product"
            )
        )
        barcodes.setFixedHeight(64)
        self.fields["barcodes"] = barcodes
        form.insertRow(2, self.tr("Barcodes") + ":", barcodes)
        for key, label in (
            ("hidden_marks", self.tr("Hidden store marks")),
            ("hang_tags", self.tr("Hang tags")),
            ("packaging", self.tr("Packaging features")),
            ("accessories", self.tr("Accessories")),
        ):
            edit = QPlainTextEdit()
            edit.setPlaceholderText(self.tr("one per line; each becomes a checklist step"))
            edit.setFixedHeight(64)
            self.fields[key] = edit
            form.addRow(label + ":", edit)
        self.photo_list = QListWidget()
        self.photo_list.setViewMode(QListView.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(96, 96))
        self.photo_list.setFlow(QListView.Flow.LeftToRight)
        self.photo_list.setWrapping(False)
        self.photo_list.setFixedHeight(124)
        self.add_photo_button = QPushButton(self.tr("Add &photo…"))
        self.remove_photo_button = QPushButton(self.tr("&Remove photo"))
        photo_buttons = QHBoxLayout()
        photo_buttons.addWidget(self.add_photo_button)
        photo_buttons.addWidget(self.remove_photo_button)
        photo_buttons.addStretch(1)
        form.addRow(self.tr("Reference photos:"), self.photo_list)
        form.addRow("", photo_buttons)
        self.save_button = QPushButton(self.tr("&Save product  (Ctrl+S)"))
        self.save_button.setObjectName("saveProduct")
        self.product_message = QLabel()
        self.product_message.setObjectName("productMessage")
        self.product_message.setWordWrap(True)
        editor = QGroupBox(self.tr("Product"))
        editor_layout = QVBoxLayout(editor)
        # A product has a dozen fields; on a laptop screen they scroll, Save stays in sight
        # (and the whole window is not made taller than the screen for this one tab).
        fields = QWidget()
        fields.setLayout(form)
        fields_scroll = QScrollArea()
        fields_scroll.setWidget(fields)
        fields_scroll.setWidgetResizable(True)
        fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # setWidget() paints the fields' own background; the group box's colour reads better.
        fields.setAutoFillBackground(False)
        fields_scroll.viewport().setAutoFillBackground(False)
        editor_layout.addWidget(fields_scroll, 1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.product_message, 1)
        save_row.addWidget(self.save_button)
        editor_layout.addLayout(save_row)

        split = QSplitter()
        split.addWidget(left_widget)
        split.addWidget(editor)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        self.tabs.addTab(split, self.tr("Products"))

        # --- expected returns -----------------------------------------------------------
        self.returns_table = read_only_table(
            [self.tr(c) for c in self.RETURN_COLUMNS], "expectedReturns"
        )
        self.returns_label = QLabel()
        self.returns_label.setWordWrap(True)
        self.import_orders_button = QPushButton(self.tr("Import &orders…"))
        self.refresh_returns_button = QPushButton(self.tr("Re&fresh"))
        returns_row = QHBoxLayout()
        returns_row.addWidget(self.returns_label, 1)
        returns_row.addWidget(self.refresh_returns_button)
        returns_row.addWidget(self.import_orders_button)
        # Today's message to the buyer of the chosen order still without its waybill.
        self.reminder_text = QPlainTextEdit()
        self.reminder_text.setReadOnly(True)
        self.reminder_text.setMaximumHeight(90)
        self.reminder_text.setPlaceholderText(
            self.tr("Choose an order still without its courier number to see today's message.")
        )
        self.copy_reminder_button = QPushButton(self.tr("Copy today's message (Ctrl+C)"))
        self.copy_reminder_button.setEnabled(False)
        self.reminder_status = QLabel()
        self.reminder_status.setWordWrap(True)
        self.reminder_status.setTextFormat(Qt.TextFormat.PlainText)
        reminder_row = QHBoxLayout()
        reminder_row.addWidget(self.reminder_status, 1)
        reminder_row.addWidget(self.copy_reminder_button)
        returns = QWidget()
        returns_layout = QVBoxLayout(returns)
        returns_layout.addWidget(self.returns_table, 1)
        returns_layout.addWidget(self.reminder_text)
        returns_layout.addLayout(reminder_row)
        returns_layout.addLayout(returns_row)
        self.tabs.addTab(returns, self.tr("Expected returns"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
