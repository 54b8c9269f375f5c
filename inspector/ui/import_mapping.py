"""The import window for an export in a layout the app does not know: its first rows, and a
column chosen for each field, kept as a named preset if the seller wants."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.core.order_layouts import MAPPABLE_FIELDS, ColumnMapping
from inspector.core.policy import BUILTIN_POLICIES, GENERAL
from inspector.services.guided import ImportPreview
from inspector.ui.tables import read_only_table

ERROR_STYLE = "QLabel { color: #b71c1c; }"
FIELD_LABELS = {
    "order_number": QT_TRANSLATE_NOOP("ImportMappingDialog", "Order number"),
    "platform": QT_TRANSLATE_NOOP("ImportMappingDialog", "Platform"),
    "buyer": QT_TRANSLATE_NOOP("ImportMappingDialog", "Buyer"),
    "sku": QT_TRANSLATE_NOOP("ImportMappingDialog", "SKU"),
    "quantity": QT_TRANSLATE_NOOP("ImportMappingDialog", "Quantity"),
    "ship_date": QT_TRANSLATE_NOOP("ImportMappingDialog", "Ship date"),
    "return_requested": QT_TRANSLATE_NOOP("ImportMappingDialog", "Return requested"),
    "return_courier": QT_TRANSLATE_NOOP("ImportMappingDialog", "Return waybill"),
    "return_carrier": QT_TRANSLATE_NOOP("ImportMappingDialog", "Return carrier"),
    "courier_supplied": QT_TRANSLATE_NOOP("ImportMappingDialog", "Waybill supplied at"),
    "reason": QT_TRANSLATE_NOOP("ImportMappingDialog", "Return reason"),
}


class ImportMappingDialog(QDialog):
    """Shows the file's first rows; the seller picks the column of each field."""

    def __init__(
        self,
        preview: ImportPreview,
        presets: dict[str, ColumnMapping],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importMapping")
        self.setWindowTitle(self.tr("Map the columns"))
        self.presets = presets
        self.columns = [c.strip() for c in preview.header if c.strip()]
        intro = QLabel(
            self.tr(
                "{0} ({1}) is not an export the app knows. Choose the column that holds each "
                "field; the order number and the platform are needed. The header was found on "
                "line {2}."
            ).format(preview.path.name, preview.description, preview.header_line)
        )
        intro.setWordWrap(True)

        self.table = read_only_table(list(preview.header), "mappingPreview")
        self.table.setRowCount(len(preview.rows))
        for r, cells in enumerate(preview.rows):
            for c, value in enumerate(cells[: len(preview.header)]):
                self.table.setItem(r, c, QTableWidgetItem(value))

        form = QFormLayout()
        self.preset_choice = QComboBox()
        self.preset_choice.setObjectName("mappingPreset")
        self.preset_choice.addItem(self.tr("(none)"), "")
        for name in sorted(presets):
            self.preset_choice.addItem(name, name)
        self.preset_choice.currentIndexChanged.connect(self._use_preset)
        if presets:
            form.addRow(self.tr("Saved preset:"), self.preset_choice)
        self.field_boxes: dict[str, QComboBox] = {}
        for field in MAPPABLE_FIELDS:
            box = QComboBox()
            box.setObjectName(f"map_{field}")
            box.addItem(self.tr("(not in this file)"), "")
            for column in self.columns:
                box.addItem(column, column)
            self.field_boxes[field] = box
            form.addRow(
                QCoreApplication.translate("ImportMappingDialog", FIELD_LABELS[field]) + ":", box
            )
        self.platform = QComboBox()
        self.platform.setObjectName("mapPlatformName")
        self.platform.setEditable(True)
        self.platform.addItems([""] + [p for p in BUILTIN_POLICIES if p != GENERAL])
        form.addRow(self.tr("Platform of every row (when no column says):"), self.platform)
        self.preset_name = QLineEdit()
        self.preset_name.setObjectName("mappingPresetName")
        self.preset_name.setPlaceholderText(self.tr("a name, to use this mapping again"))
        form.addRow(self.tr("Keep as preset:"), self.preset_name)

        self.message = QLabel()
        self.message.setObjectName("mappingMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(900, 700)

    def choose(self, field: str, column: str) -> None:
        """Pick a column for a field (as the seller does with the list)."""
        box = self.field_boxes[field]
        box.setCurrentIndex(max(0, box.findData(column)))

    def _use_preset(self) -> None:
        preset = self.presets.get(self.preset_choice.currentData() or "")
        if preset is None:
            return
        for field, box in self.field_boxes.items():
            box.setCurrentIndex(max(0, box.findData(preset.columns.get(field, ""))))
        self.platform.setCurrentText(preset.platform)
        self.preset_name.setText(preset.name)

    def mapping(self) -> ColumnMapping:
        columns = {f: box.currentData() for f, box in self.field_boxes.items() if box.currentData()}
        return ColumnMapping(
            columns, self.platform.currentText().strip(), self.preset_name.text().strip()
        )

    def accept(self) -> None:
        mapping = self.mapping()
        problem = ""
        if "order_number" not in mapping.columns:
            problem = self.tr("Choose the column that holds the order number.")
        elif "platform" not in mapping.columns and not mapping.platform:
            problem = self.tr("Choose the platform column, or name the platform of every row.")
        if problem:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(problem)
            return
        super().accept()
