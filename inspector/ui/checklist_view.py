"""The guided checklist's layout: what was shipped, the steps, the current step, the decision."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

WARNING_STYLE = "QLabel { background: #fff3e0; color: #8a3c00; padding: 6px; border: 1px solid #ffb74d; border-radius: 4px; }"
RECOMMEND_STYLES = {
    "sign": "QLabel { background: #e8f5e9; color: #1b5e20; padding: 4px; border-radius: 4px; }",
    "reject": "QLabel { background: #ffebee; color: #b71c1c; padding: 4px; border-radius: 4px; }",
    "dispute": "QLabel { background: #fff8e1; color: #6d4c00; padding: 4px; border-radius: 4px; }",
    "pending": "QLabel { background: #eceff1; color: #263238; padding: 4px; border-radius: 4px; }",
}

SHIPPED_ICON = 32
SHIPPED_ROWS_SHOWN = 2  # more products than this scroll


class ChecklistView(QWidget):
    """Widgets only; ChecklistController gives them behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bold = QFont()
        bold.setBold(True)
        big = QFont(bold)
        big.setPointSize(big.pointSize() + 3)

        self.order_label = QLabel()
        self.order_label.setObjectName("orderInfo")
        self.order_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("orderWarning")
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_label.setFont(bold)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.warning_label.hide()
        # One line a product, its photo beside it: an order of one item costs one line of
        # the column, not a gallery's height (fit_shipped_list sizes it to the order).
        self.shipped_list = QListWidget()
        self.shipped_list.setObjectName("shippedList")
        self.shipped_list.setIconSize(QSize(SHIPPED_ICON, SHIPPED_ICON))
        self.shipped_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.shipped_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        order_box = QGroupBox(self.tr("What was shipped"))
        order_layout = QVBoxLayout(order_box)
        order_layout.setContentsMargins(4, 2, 4, 4)
        order_layout.setSpacing(2)
        order_layout.addWidget(self.order_label)
        order_layout.addWidget(self.warning_label)
        order_layout.addWidget(self.shipped_list)

        self.steps_list = QListWidget()
        self.steps_list.setObjectName("stepsList")
        self.steps_list.setAlternatingRowColors(True)
        readable = QFont()
        readable.setPointSize(readable.pointSize() + 2)
        self.steps_list.setFont(readable)
        # The steps take the height the other boxes leave and scroll; the decision never does.
        self.steps_box = QGroupBox(self.tr("Checklist"))
        steps_layout = QVBoxLayout(self.steps_box)
        steps_layout.setContentsMargins(4, 2, 4, 4)
        self.steps_list.setMinimumHeight(72)
        self.steps_list.setWordWrap(True)  # a long step title wraps rather than scrolling sideways
        self.steps_list.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )  # three steps at least; it scrolls for the rest
        steps_layout.addWidget(self.steps_list)

        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setTextFormat(Qt.TextFormat.PlainText)
        self.step_title.setFont(big)
        self.step_title.setWordWrap(True)
        self.step_detail = QLabel()
        self.step_detail.setObjectName("stepDetail")
        self.step_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.step_detail.setWordWrap(True)
        self.value_edit = QLineEdit()
        self.value_edit.setObjectName("valueEdit")
        self.value_edit.setPlaceholderText(self.tr("Serial or code seen on the item (optional)"))
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("Note (optional)"))
        self.photo_label = QLabel()
        self.photo_label.setObjectName("photoLabel")
        self.photo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.photo_label.setWordWrap(True)

        self.pass_button = QPushButton(self.tr("✓ Pass  (P)"))
        self.pass_button.setStyleSheet("QPushButton:enabled { background: #2e7d32; color: white; }")
        self.fail_button = QPushButton(self.tr("✗ Fail  (F)"))
        self.fail_button.setStyleSheet("QPushButton:enabled { background: #c62828; color: white; }")
        self.na_button = QPushButton(self.tr("– Not applicable  (N)"))
        self.photo_button = QPushButton(self.tr("Photo  (C)"))
        for b in (self.pass_button, self.fail_button, self.na_button, self.photo_button):
            b.setFont(bold)
            b.setMinimumHeight(38)
        # One row: on a 768-pixel screen the height is the checklist's, not the buttons'.
        answers = QHBoxLayout()
        for b in (self.pass_button, self.fail_button, self.na_button, self.photo_button):
            answers.addWidget(b)

        # Frames, not titled boxes: on a 768-pixel screen every line of height is the steps'.
        step_box = QFrame()
        step_box.setObjectName("stepBox")
        step_box.setFrameShape(QFrame.Shape.StyledPanel)
        step_layout = QVBoxLayout(step_box)
        step_layout.setContentsMargins(6, 4, 6, 4)
        step_layout.setSpacing(4)
        step_layout.addWidget(self.step_title)
        step_layout.addWidget(self.step_detail)
        typed = QHBoxLayout()  # one row: the answer buttons keep their height on a short screen
        typed.addWidget(self.value_edit)
        typed.addWidget(self.note_edit)
        step_layout.addLayout(typed)
        step_layout.addLayout(answers)
        step_layout.addWidget(self.photo_label)

        self.recommend_label = QLabel()
        self.recommend_label.setObjectName("recommendation")
        self.recommend_label.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("Sign  (S)"))
        self.reject_button = QPushButton(self.tr("Reject  (R)"))
        self.dispute_button = QPushButton(self.tr("Sign under dispute  (D)"))
        decide_row = QHBoxLayout()
        for b in (self.sign_button, self.reject_button, self.dispute_button):
            b.setFont(bold)
            b.setMinimumHeight(38)
            decide_row.addWidget(b)
        decide_box = QFrame()
        decide_box.setObjectName("decisionBar")
        decide_box.setFrameShape(QFrame.Shape.StyledPanel)
        decide_layout = QVBoxLayout(decide_box)
        decide_layout.setContentsMargins(6, 4, 6, 4)
        decide_layout.setSpacing(4)
        decide_layout.addWidget(self.recommend_label)
        decide_layout.addLayout(decide_row)

        self.keys_label = QLabel(
            self.tr("Keys: P pass · F fail · N n/a · C photo · ↑↓ step · S/R/D decide · F8 stop")
        )
        self.keys_label.setObjectName("keysHint")
        self.keys_label.setWordWrap(True)
        self.keys_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(order_box)
        layout.addWidget(self.steps_box, 1)
        layout.addWidget(step_box)
        layout.addWidget(decide_box)
        layout.addWidget(self.keys_label)

    def fit_shipped_list(self) -> None:
        """Make the shipped list as tall as its products (up to three), no taller."""
        rows = min(max(self.shipped_list.count(), 1), SHIPPED_ROWS_SHOWN)
        row = max(self.shipped_list.sizeHintForRow(0), SHIPPED_ICON + 4)
        self.shipped_list.setFixedHeight(rows * row + 2 * self.shipped_list.frameWidth() + 2)
