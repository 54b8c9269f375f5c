"""The browse screen's layout: a search box a scanner can type into, filters, and the table."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.i18n.catalogue import value_text
from inspector.i18n.vocabulary import Decision
from inspector.ui.station_view import PROBLEM_STYLE


class BrowseView(QWidget):
    """Widgets only; BrowseController gives them behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        big = QFont()
        big.setPointSize(big.pointSize() + 3)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("browseSearch")
        self.search_edit.setFont(big)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Scan or type an order or courier number (Enter opens the match)")
        )
        self.match_combo = QComboBox()
        self.match_combo.addItem(self.tr("Starts with"), "prefix")
        self.match_combo.addItem(self.tr("Contains"), "contains")
        self.match_combo.addItem(self.tr("Whole number"), "exact")
        # Part of a number finds it, wherever the part is (the trigram indexes of migration
        # 0006 make it quick); Starts with stays one choice away.
        self.match_combo.setCurrentIndex(self.match_combo.findData("contains"))
        self.match_combo.setToolTip(
            self.tr(
                "Starts with is instant at any size; Contains finds a part such as the last "
                "digits but reads more of the archive."
            )
        )
        search_row = QHBoxLayout()
        search_label = QLabel(self.tr("&Find:"))
        search_label.setBuddy(self.search_edit)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.match_combo)

        self.dates_check = QCheckBox(self.tr("&Dates"))
        today = QDate.currentDate()
        self.from_date = QDateEdit(today.addDays(-7))
        self.to_date = QDateEdit(today)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.decision_combo = QComboBox()
        self.decision_combo.addItem(self.tr("All"), "")
        for decision in (Decision.SIGN, Decision.REJECT, Decision.DISPUTE, Decision.PENDING):
            self.decision_combo.addItem(value_text(decision), str(decision))
        # Returns unboxed, or orders filmed while packed (docs/packed-and-returned.md).
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("All"), "")
        self.kind_combo.addItem(self.tr("Returns"), "return")
        self.kind_combo.addItem(self.tr("Packings"), "packing")
        self.operator_combo = QComboBox()
        self.station_combo = QComboBox()
        for combo in (self.operator_combo, self.station_combo):
            combo.addItem(self.tr("All"), "")
            combo.setMinimumContentsLength(10)
        self.sku_edit = QLineEdit()
        self.sku_edit.setPlaceholderText(self.tr("SKU"))
        self.sku_edit.setMaximumWidth(140)
        self.clear_button = QPushButton(self.tr("C&lear filters"))

        filters = QHBoxLayout()
        filters.addWidget(self.dates_check)
        filters.addWidget(self.from_date)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.to_date)
        for text, widget in (
            (self.tr("Show:"), self.kind_combo),
            (self.tr("Decision:"), self.decision_combo),
            (self.tr("Operator:"), self.operator_combo),
            (self.tr("Station:"), self.station_combo),
            (self.tr("SKU:"), self.sku_edit),
        ):
            filters.addSpacing(8)
            filters.addWidget(QLabel(text))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.clear_button)

        self.table = QTableView()
        self.table.setObjectName("browseTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows, so scrolling stays smooth.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionsClickable(True)

        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)  # carries numbers and paths
        self.count_label.setObjectName("browseCount")
        self.message_label = QLabel()
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # carries numbers and paths
        self.message_label.setObjectName("browseMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(PROBLEM_STYLE)
        self.open_button = QPushButton(self.tr("&Open"))
        self.export_button = QPushButton(self.tr("&Export CSV…"))
        self.summary_button = QPushButton(self.tr("S&ummary…"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.summary_button)
        bottom.addWidget(self.export_button)

        root = QVBoxLayout(self)
        root.addLayout(search_row)
        root.addLayout(filters)
        root.addWidget(self.table, 1)
        root.addLayout(bottom)

    def set_column_widths(self) -> None:
        """Widths that fit the usual codes; set after the model is attached."""
        widths = (72, 150, 190, 160, 110, 90, 80, 70)
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
