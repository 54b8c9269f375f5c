"""The operators dialog: who works at the desks, their badges, and who has left."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.core.errors import InspectorError
from inspector.services.context import AppContext
from inspector.services.operators import list_operators, save_operator, set_active
from inspector.ui.tables import TableRow, read_only_table, show_rows


class OperatorsDialog(QDialog):
    """Lists operators with their badges; adds one, or marks the selected one as left or back."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("operatorsDialog")
        self.setWindowTitle(self.tr("Operators"))
        self.table = read_only_table(
            [self.tr("Name"), self.tr("Badge"), self.tr("Status")],
            "operatorsTable",
            QHeaderView.ResizeMode.Stretch,
        )
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Full name"))
        self.badge_edit = QLineEdit()
        self.badge_edit.setPlaceholderText(self.tr("Scan the badge, or leave empty"))
        self.add_button = QPushButton(self.tr("Add or update"))
        self.toggle_button = QPushButton(self.tr("Left / back"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Badge:"), self.badge_edit)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.toggle_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self.add)
        self.toggle_button.clicked.connect(self.toggle)
        self.table.itemSelectionChanged.connect(self._selected)
        self.refresh()
        self.resize(520, 420)

    def refresh(self) -> None:
        self._active: dict[str, bool] = {}
        rows = []
        for op in list_operators(self.ctx, include_inactive=True):
            self._active[op.name] = op.active
            status = self.tr("working") if op.active else self.tr("left")
            rows.append(TableRow(op.name, (op.name, op.badge, status)))
        show_rows(self.table, rows)

    def _selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            self.name_edit.setText(self.table.item(items[0].row(), 0).text())
            self.badge_edit.setText(self.table.item(items[0].row(), 1).text())

    def add(self) -> None:
        try:
            op = save_operator(self.ctx, self.name_edit.text(), self.badge_edit.text())
        except InspectorError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Saved %1.").replace("%1", op.name))
        self.name_edit.clear()
        self.badge_edit.clear()
        self.refresh()

    def toggle(self) -> None:
        items = self.table.selectedItems()
        if not items:
            self.message.setText(self.tr("Select an operator first."))
            return
        row = items[0].row()
        name = self.table.item(row, 0).text()
        active = self._active.get(name, True)
        try:
            set_active(self.ctx, name, not active)
        except InspectorError as exc:
            self.message.setText(str(exc))
            return
        self.refresh()
