"""The office's Settings: the warehouse's own settings, kept in its database for every desk."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.core.errors import InspectorError
from inspector.core.warehouse import WAREHOUSE_SETTINGS
from inspector.services.context import AppContext
from inspector.services.warehouse import set_warehouse_setting, warehouse_settings


class WarehouseSettingsDialog(QDialog):
    """One field per warehouse setting; empty means each desk's own. OK saves them all."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Warehouse settings"))
        self.setObjectName("warehouseSettingsDialog")
        current = {r.key: r.value for r in warehouse_settings(ctx) if not r.desk_id}
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for spec in WAREHOUSE_SETTINGS:
            value = "" if current.get(spec.key) is None else str(current[spec.key])
            # Desk rules are one a line: a text box, as the desk's own Settings shows them.
            edit = QPlainTextEdit(value) if spec.multiline else QLineEdit(value)
            edit.setToolTip(spec.help)
            edit.setPlaceholderText(self.tr("each desk's own"))
            self.fields[spec.key] = edit
            form.addRow(spec.key, edit)
        self._initial = {k: _text(e) for k, e in self.fields.items()}
        note = QLabel(
            self.tr(
                "These apply to every desk of the warehouse and win over a desk's own settings. "
                "Desks are named by their station name or id."
            )
        )
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Store what changed; a value refused stays in its field with the reason shown."""
        for key, edit in self.fields.items():
            text = _text(edit).strip()
            if text == self._initial[key].strip():
                continue
            try:
                set_warehouse_setting(self.ctx, key, text or None)
            except InspectorError as exc:
                self.message.setText(str(exc))
                edit.setFocus()
                return
            self._initial[key] = text
        self.accept()


def _text(edit: QLineEdit | QPlainTextEdit) -> str:
    return edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
