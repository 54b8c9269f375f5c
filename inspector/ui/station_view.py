"""The station window's layout: live preview on the left, the parcel form and today's list on the right."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFont, QFontMetrics
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

# The state bar across the top: its colour says what the desk is doing, from across the room.
BAR_COLOURS = {
    "idle": "#37474f",
    "recording": "#b71c1c",
    "saving": "#4e342e",
    "sign": "#1b5e20",
    "reject": "#b71c1c",
    "dispute": "#e65100",
    "asking": "#4a148c",  # a question stands in the bar: answered by the keys it names
    "confirming": "#0d47a1",
    "packing": "#1a237e",  # filming an order being packed
    "packed": "#004d40",
}
PROBLEM_STYLE = "QLabel { color: #b71c1c; }"
COUNTDOWN_STYLE = "QLabel { background: #f9a825; color: black; padding: 6px; border-radius: 4px; }"
DEMO_STYLE = "QLabel { background: #ffd600; color: black; padding: 6px; border: 3px solid black; }"


def bar_style(state: str) -> str:
    """The state bar's look for a state ("idle", "recording", "saving") or a decision."""
    colour = BAR_COLOURS.get(state, BAR_COLOURS["idle"])
    return (
        f"QFrame#stateBar {{ background: {colour}; border-radius: 4px; }}"
        " QFrame#stateBar QLabel { color: white; background: transparent; }"
    )


def plain_label(text: str = "") -> QLabel:
    """A label for text that comes from data (numbers, names): never read as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


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


class FittedLabel(QLabel):
    """A line of numbers that is never cut at its start: set smaller to fit, then shortened
    in the middle (the full text is the tooltip). A waybill's first characters name its
    carrier and its last ones are what an operator reads back, so both ends stay."""

    SMALLEST = 0.6  # of the label's own font size

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self._base: QFont | None = None

    def setFont(self, font: QFont) -> None:  # noqa: N802 (Qt's name)
        self._base = QFont(font)
        super().setFont(font)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self._fit()

    def text(self) -> str:
        """The whole text, as it was set (what is shown may be shorter)."""
        return self._full

    def shown(self) -> str:
        """The text as drawn."""
        return super().text()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        base = QFont(self._base or self.font())
        room = max(1, self.contentsRect().width())
        size = base.pointSizeF() if base.pointSizeF() > 0 else float(base.pixelSize())
        font = QFont(base)
        for step in range(9):
            scale = 1.0 - step * (1.0 - self.SMALLEST) / 8
            if base.pointSizeF() > 0:
                font.setPointSizeF(size * scale)
            else:
                font.setPixelSize(max(8, round(size * scale)))
            if QFontMetrics(font).horizontalAdvance(self._full) <= room:
                break
        metrics = QFontMetrics(font)
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideMiddle, room)
        QLabel.setFont(self, font)
        QLabel.setText(self, shown)
        self.setToolTip(self._full if shown != self._full else "")


class FittedColumn(QWidget):
    """A column that takes the height it is given rather than asking for more.

    A scroll area sizes a widget whose layout has a height-for-width (any wrapped label) to
    its preferred height, so the station's column would scroll the decision bar away even
    when shrinking the steps list would fit it. Without it, the column is given the visible
    height and its steps list takes what the other parts leave.
    """

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def heightForWidth(self, _width: int) -> int:  # noqa: N802 (Qt's name)
        return -1  # what QScrollArea asks its widget's layout about: "no preference"


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
        huge = QFont(big)
        huge.setPointSize(big.pointSize() + 8)

        # The state bar, full width: Ready / RECORDING with the parcel's numbers / the decision.
        self.state_bar = QFrame()
        self.state_bar.setObjectName("stateBar")
        self.state_bar.setStyleSheet(bar_style("idle"))
        self.banner = QLabel(self.tr("Ready"))
        self.banner.setObjectName("recordingBanner")
        self.banner.setFont(big)
        self.numbers_label = FittedLabel()  # the waybill and order in hand, large
        self.numbers_label.setObjectName("parcelNumbers")
        self.numbers_label.setFont(huge)
        self.numbers_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.numbers_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.banner_detail = plain_label()  # a decision's reasons
        self.banner_detail.setObjectName("bannerDetail")
        self.banner_detail.setWordWrap(True)
        self.banner_detail.hide()
        self.stop_button = QPushButton(self.tr("■ Stop  (F8)"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setFont(big)
        self.stop_button.setMinimumHeight(48)
        self.stop_button.setStyleSheet("QPushButton:enabled { background: white; color: #b71c1c; }")
        self.stop_button.setEnabled(False)
        bar_top = QHBoxLayout()
        bar_top.addWidget(self.banner)
        bar_top.addWidget(self.numbers_label, 1)
        bar_top.addWidget(self.stop_button)
        # The reason for a decision against the recommendation, typed in the bar that asks it.
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Why? Type the reason, then Enter"))
        self.reason_edit.setStyleSheet("QLineEdit { background: white; color: black; }")
        self.reason_edit.hide()
        bar = QVBoxLayout(self.state_bar)
        bar.setContentsMargins(10, 6, 10, 6)
        bar.addLayout(bar_top)
        bar.addWidget(self.banner_detail)
        bar.addWidget(self.reason_edit)

        # A demo camera is never mistaken for the real one: a loud band over its picture.
        self.demo_banner = QLabel(
            self.tr(
                "DEMO CAMERA — not a real camera: what is recorded here is not evidence. "
                "Plug a camera in and choose it in File → Settings."
            )
        )
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setFont(big)
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_banner.setStyleSheet(DEMO_STYLE)
        self.demo_banner.hide()

        self.preview = QLabel(self.tr("Starting camera…"))
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 180)
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

        self.message_label = MessageLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet(PROBLEM_STYLE)
        self.scan_label = MessageLabel()  # the last scan and what it was taken for
        self.scan_label.setObjectName("scanLabel")
        self.scan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.scan_label.setWordWrap(True)

        self.left = left = QVBoxLayout()
        left.addWidget(self.demo_banner)
        left.addLayout(countdown_row)
        left.addWidget(self.preview, 1)
        left.addLayout(source_row)
        left.addWidget(self.message_label)
        left.addWidget(self.scan_label)

        self.order_edit = QLineEdit()
        self.order_edit.setObjectName("orderEdit")
        self.order_edit.setPlaceholderText(self.tr("Scan or type it, then Enter"))
        self.order_edit.setFont(big)
        self.courier_edit = QLineEdit()
        self.courier_edit.setObjectName("courierEdit")
        self.courier_edit.setPlaceholderText(self.tr("Scan the waybill barcode, then Enter"))
        self.courier_edit.setFont(big)
        self.operator_combo = QComboBox()
        self.operator_combo.setObjectName("operatorCombo")
        self.operator_combo.setEditable(True)
        self.operator_combo.setInsertPolicy(QComboBox.InsertPolicy.InsertAtTop)
        self.operator_combo.lineEdit().setPlaceholderText(self.tr("Your name"))
        self.station_label = plain_label()

        form = QFormLayout()
        form.addRow(self.tr("&Order number:"), self.order_edit)
        form.addRow(self.tr("&Courier number:"), self.courier_edit)
        form.addRow(self.tr("O&perator:"), self.operator_combo)
        form.addRow(self.tr("Station:"), self.station_label)

        self.start_button = QPushButton(self.tr("● Start recording  (F5)"))
        self.start_button.setObjectName("startButton")
        self.start_button.setFont(big)
        self.start_button.setMinimumHeight(48)
        self.start_button.setStyleSheet(
            "QPushButton:enabled { background: #2e7d32; color: white; }"
        )
        self.hint_label = QLabel(
            self.tr(
                "1. Scan the waybill — recording starts (an order number alone fills the "
                "form and waits for its waybill).  "
                "2. Unbox the parcel on camera, the label inside the box.  "
                "3. Check and decide (S, R, D), or press Stop (F8)."
            )
        )
        self.hint_label.setWordWrap(True)
        # The parcel form: shown while no parcel is in hand (its numbers are in the state bar then).
        self.parcel_group = QGroupBox(self.tr("Parcel"))
        parcel_layout = QVBoxLayout(self.parcel_group)
        parcel_layout.addLayout(form)
        parcel_layout.addWidget(self.start_button)
        parcel_layout.addWidget(self.hint_label)

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
        self.operator_counts_label = plain_label()
        self.operator_counts_label.setObjectName("operatorCounts")
        self.operator_counts_label.setWordWrap(True)
        today_layout.addWidget(self.operator_counts_label)

        # The right column does not scroll on a desk screen (1366×768 and up): the checklist
        # (inserted by the controller) has its steps list take what is left, so the decision
        # bar under it stays in sight. The scroll area is a last resort for smaller screens,
        # and it keeps the column's wrapped labels from growing the window past the screen
        # (a window's layout otherwise asks for its height-for-width).
        self.right = QVBoxLayout()
        self.right.setContentsMargins(0, 0, 0, 0)
        self.right.addWidget(self.parcel_group)
        self.right.addWidget(self.today_group, 1)
        self.right_column = FittedColumn()
        self.right_column.setObjectName("stationRight")
        self.right_column.setLayout(self.right)
        self.right_scroll = QScrollArea()
        self.right_scroll.setWidget(self.right_column)
        self.right_scroll.setWidgetResizable(True)
        self.right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.right_scroll.setMinimumWidth(420)
        self.right_scroll.setMaximumWidth(680)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.right_scroll, 2)
        # The desk itself takes the keyboard when a field gives it back (Esc, Enter).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        root.addWidget(self.state_bar)
        root.addLayout(body, 1)

    def show_parcel(self, numbers: str, form: bool) -> None:
        """The parcel in hand, large in the state bar; the form shows only while it takes input."""
        self.numbers_label.setText(numbers)
        self.parcel_group.setVisible(form)
