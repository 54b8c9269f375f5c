"""The import window for an export the app cannot import alone: its first rows, every column
already assigned by the recogniser (with how sure it is), the platform and the date order
asked when the file does not tell; the seller fixes what is wrong and may keep the mapping
as a preset (in the database: every desk has it)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.core.field_dictionary import known_platforms
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
    "outbound_waybill": QT_TRANSLATE_NOOP("ImportMappingDialog", "Outbound waybill"),
    "outbound_carrier": QT_TRANSLATE_NOOP("ImportMappingDialog", "Outbound carrier"),
}

_OPPOSITE = {
    "return_courier": "outbound_waybill",
    "outbound_waybill": "return_courier",
    "return_carrier": "outbound_carrier",
    "outbound_carrier": "return_carrier",
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
        self.recognition = preview.recognition
        intro = QLabel(
            self.tr(
                "{0} ({1}): the app has assigned the columns it recognises; check them, choose "
                "the ones it could not, and say what the file does not. The order number and "
                "the platform are needed. The header was found on line {2}."
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
        self.confidence: dict[str, QLabel] = {}
        guessed = self.recognition.columns if self.recognition is not None else {}
        for field in MAPPABLE_FIELDS:
            box = QComboBox()
            box.setObjectName(f"map_{field}")
            box.addItem(self.tr("(not in this file)"), "")
            for column in self.columns:
                box.addItem(column, column)
            self.field_boxes[field] = box
            sure = QLabel()
            sure.setObjectName(f"sure_{field}")
            self.confidence[field] = sure
            guess = guessed.get(field)
            if guess is not None and guess.header.strip() in self.columns:
                box.setCurrentIndex(max(0, box.findData(guess.header.strip())))
                sure.setText(self.tr("recognised ({0:.0%})").format(guess.confidence))
            row = QHBoxLayout()
            row.addWidget(box, 1)
            row.addWidget(sure)
            form.addRow(
                QCoreApplication.translate("ImportMappingDialog", FIELD_LABELS[field]) + ":", row
            )
        for field, box in self.field_boxes.items():
            box.currentIndexChanged.connect(lambda _=0, f=field: self._one_direction(f))
        self.platform = QComboBox()
        self.platform.setObjectName("mapPlatformName")
        self.platform.setEditable(True)
        candidates = list(self.recognition.candidates) if self.recognition else []
        others = [p for p in (*BUILTIN_POLICIES, *known_platforms()) if p != GENERAL]
        self.platform.addItems([""] + list(dict.fromkeys([*candidates, *others])))
        if self.recognition is not None and self.recognition.platform:
            self.platform.setCurrentText(self.recognition.platform)
        form.addRow(self.tr("Platform of every row (when no column says):"), self.platform)
        self.date_order = QComboBox()
        self.date_order.setObjectName("mapDateOrder")
        self.date_order.addItem(self.tr("as the file shows (no date like 03/11/2026)"), "")
        self.date_order.addItem(self.tr("day first (03/11/2026 is 3 November)"), "DMY")
        self.date_order.addItem(self.tr("month first (03/11/2026 is 11 March)"), "MDY")
        form.addRow(self.tr("Dates:"), self.date_order)
        self.preset_name = QLineEdit()
        self.preset_name.setObjectName("mappingPresetName")
        self.preset_name.setPlaceholderText(self.tr("a name, to use this mapping again"))
        form.addRow(self.tr("Keep as preset:"), self.preset_name)

        self.message = QLabel()
        self.message.setObjectName("mappingMessage")
        self.message.setWordWrap(True)
        if candidates:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(
                self.tr("Its columns fit {0} equally: choose the platform.").format(
                    ", ".join(candidates)
                )
            )
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
        self.date_order.setCurrentIndex(max(0, self.date_order.findData(preset.date_order)))

    def _one_direction(self, field: str) -> None:
        """A waybill (or carrier) column is the return's or the outbound parcel's, not both."""
        other = _OPPOSITE.get(field)
        column = self.field_boxes[field].currentData()
        if other and column and self.field_boxes[other].currentData() == column:
            self.field_boxes[other].setCurrentIndex(0)
            self.confidence[other].setText("")
        self.confidence[field].setText("")  # the seller's own choice, no longer a guess

    def ask_date_order(self, text: str) -> None:
        """The file's dates read two ways: say so and wait for the answer."""
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
        self.date_order.setFocus()

    def mapping(self) -> ColumnMapping:
        columns = {f: box.currentData() for f, box in self.field_boxes.items() if box.currentData()}
        return ColumnMapping(
            columns,
            self.platform.currentText().strip(),
            self.preset_name.text().strip(),
            self.date_order.currentData() or "",
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
