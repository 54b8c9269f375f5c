"""The "Appeals due" page's layout: rejected and disputed returns, soonest claim deadline first."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.tables import read_only_table


class AppealsView(QWidget):
    """Widgets only; AppealsController gives them behaviour."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("AppealsView", "Days left"),
        QT_TRANSLATE_NOOP("AppealsView", "Deadline"),
        QT_TRANSLATE_NOOP("AppealsView", "Order"),
        QT_TRANSLATE_NOOP("AppealsView", "Courier"),
        QT_TRANSLATE_NOOP("AppealsView", "Platform"),
        QT_TRANSLATE_NOOP("AppealsView", "Decision"),
        QT_TRANSLATE_NOOP("AppealsView", "Exported"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(
            self.tr(
                "Rejected and disputed returns, the claim deadline first. Export the evidence "
                "bundle and, where the platform limits uploads, an appeal clip."
            )
        )
        self.intro.setWordWrap(True)
        self.table = read_only_table([self.tr(c) for c in self.COLUMNS], "appealsTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # carries numbers and paths
        self.status_label.setObjectName("appealsStatus")
        self.status_label.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.open_button = QPushButton(self.tr("&Open inspection"))
        self.export_button = QPushButton(self.tr("&Export evidence bundle…"))
        self.clip_button = QPushButton(self.tr("Appeal &clip…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        for b in (self.refresh_button, self.open_button, self.export_button, self.clip_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
