"""The station window's layout: live preview on the left, the parcel form and today's list on the right."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.tables import read_only_table

IDLE_STYLE = "QLabel { background: #3a3f44; color: white; padding: 8px; border-radius: 4px; }"
RECORDING_STYLE = "QLabel { background: #c62828; color: white; padding: 8px; border-radius: 4px; }"
PROBLEM_STYLE = "QLabel { color: #b71c1c; }"
COUNTDOWN_STYLE = "QLabel { background: #f9a825; color: black; padding: 6px; border-radius: 4px; }"


class MessageLabel(QLabel):
    """A message line that takes no room while it has nothing to say.

    The station's right column is short on height during an inspection; two empty lines
    there cost the decision buttons their place on a 1000-pixel screen.
    """

    def __init__(self) -> None:
        super().__init__()
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setVisible(bool(text))


class StationView(QWidget):
    """Widgets only; StationController gives them behaviour."""

    TODAY_COLUMNS = (
        QT_TRANSLATE_NOOP("StationView", "Time"),
        QT_TRANSLATE_NOOP("StationView", "Order"),
        QT_TRANSLATE_NOOP("StationView", "Courier"),
        QT_TRANSLATE_NOOP("StationView", "Operator"),
        QT_TRANSLATE_NOOP("StationView", "Status"),
        QT_TRANSLATE_NOOP("StationView", "Decision"),
        QT_TRANSLATE_NOOP("StationView", "Length"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        big = QFont()
        big.setPointSize(big.pointSize() + 4)
        big.setBold(True)

        self.banner = QLabel(self.tr("Ready"))
        self.banner.setObjectName("recordingBanner")
        self.banner.setFont(big)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(IDLE_STYLE)

        self.preview = QLabel(self.tr("Starting camera…"))
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 270)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.preview.setStyleSheet("QLabel { background: black; color: #ddd; }")

        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.use_demo_button = QPushButton(self.tr("Use the demo camera"))
        self.use_demo_button.hide()
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_label, 1)
        source_row.addWidget(self.use_demo_button)

        # The auto-stop countdown, shown only while a still desk is about to stop the recording.
        self.countdown_label = QLabel()
        self.countdown_label.setObjectName("countdownLabel")
        self.countdown_label.setWordWrap(True)
        self.countdown_label.setStyleSheet(COUNTDOWN_STYLE)
        self.countdown_label.hide()
        self.keep_button = QPushButton(self.tr("Keep recording (Space)"))
        self.keep_button.setObjectName("keepButton")
        self.keep_button.hide()
        countdown_row = QHBoxLayout()
        countdown_row.addWidget(self.countdown_label, 1)
        countdown_row.addWidget(self.keep_button)

        self.left = left = QVBoxLayout()
        left.addWidget(self.banner)
        left.addLayout(countdown_row)
        left.addWidget(self.preview, 3)
        left.addLayout(source_row)

        self.order_edit = QLineEdit()
        self.order_edit.setObjectName("orderEdit")
        self.order_edit.setPlaceholderText(self.tr("Scan or type the order number, then Enter"))
        self.order_edit.setFont(big)
        self.courier_edit = QLineEdit()
        self.courier_edit.setObjectName("courierEdit")
        self.courier_edit.setPlaceholderText(self.tr("Scan the waybill barcode, then Enter"))
        self.courier_edit.setFont(big)
        self.operator_combo = QComboBox()
        self.operator_combo.setEditable(True)
        self.operator_combo.setInsertPolicy(QComboBox.InsertPolicy.InsertAtTop)
        self.operator_combo.lineEdit().setPlaceholderText(self.tr("Your name"))
        self.station_label = QLabel()

        form = QFormLayout()
        form.addRow(self.tr("&Order number:"), self.order_edit)
        form.addRow(self.tr("&Courier number:"), self.courier_edit)
        form.addRow(self.tr("O&perator:"), self.operator_combo)
        form.addRow(self.tr("Station:"), self.station_label)
        parcel = QGroupBox(self.tr("Parcel"))
        parcel.setLayout(form)

        self.start_button = QPushButton(self.tr("● Start recording  (F5)"))
        self.start_button.setObjectName("startButton")
        self.start_button.setFont(big)
        self.start_button.setMinimumHeight(56)
        self.start_button.setStyleSheet(
            "QPushButton:enabled { background: #2e7d32; color: white; }"
        )
        self.stop_button = QPushButton(self.tr("■ Stop  (F8)"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setFont(big)
        self.stop_button.setMinimumHeight(56)
        self.stop_button.setStyleSheet("QPushButton:enabled { background: #c62828; color: white; }")
        self.stop_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button, 3)
        buttons.addWidget(self.stop_button, 2)

        self.hint_label = QLabel(
            self.tr(
                "1. Scan the waybill (or the order number) — recording starts.  "
                "2. Unbox the parcel on camera, the label inside the box.  "
                "3. Check and decide, or press Stop (F8)."
            )
        )
        self.hint_label.setWordWrap(True)
        self.message_label = MessageLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(PROBLEM_STYLE)
        self.scan_label = MessageLabel()  # the last scan and what it was taken for
        self.scan_label.setObjectName("scanLabel")
        self.scan_label.setWordWrap(True)

        self.today_table = read_only_table([self.tr(c) for c in self.TODAY_COLUMNS], "todayTable")
        # The order and courier numbers share what the short columns leave, shortened in the
        # middle (TB2026…0001) rather than pushing Decision and Length out of sight.
        header = self.today_table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.today_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.today_group = QGroupBox(self.tr("Today at this station"))
        today_layout = QVBoxLayout(self.today_group)
        today_layout.addWidget(self.today_table)
        self.operator_counts_label = QLabel()
        self.operator_counts_label.setObjectName("operatorCounts")
        self.operator_counts_label.setWordWrap(True)
        today_layout.addWidget(self.operator_counts_label)

        self.right = QVBoxLayout()
        self.right.addWidget(parcel)
        self.right.addLayout(buttons)
        self.right.addWidget(self.hint_label)
        self.right.addWidget(self.message_label)
        self.right.addWidget(self.scan_label)
        self.right.addWidget(self.today_group, 1)

        right_widget = QWidget()
        right_widget.setLayout(self.right)
        # On a short screen (a 768-pixel laptop) the parcel, the step and the decision do not
        # all fit: the column scrolls rather than squeezing the answer buttons into each other.
        self.right_scroll = QScrollArea()
        self.right_scroll.setObjectName("stationRight")
        self.right_scroll.setWidget(right_widget)
        self.right_scroll.setWidgetResizable(True)
        self.right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.right_scroll.setMinimumWidth(440)
        self.right_scroll.setMaximumWidth(640)

        root = QHBoxLayout(self)
        root.addLayout(left, 3)
        root.addWidget(self.right_scroll, 2)
