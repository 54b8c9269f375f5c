"""The detail screen's layout: the video with its step marks on the left, the facts on the right."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.station_view import PROBLEM_STYLE

RESULT_COLOURS = {
    "pass": QColor("#2e7d32"),
    "fail": QColor("#c62828"),
    "na": QColor("#757575"),
}
SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0, 4.0)


class MarkedTimeline(QWidget):
    """A seek bar that also draws the checklist steps as marks at their moments.

    A custom widget because no standard Qt widget draws marks at arbitrary positions:
    QSlider's tick marks are evenly spaced and cannot carry a colour or a tooltip each.
    Positions are in milliseconds; a click or drag asks for a seek through `seek_requested`.
    """

    seek_requested = Signal(int)
    HANDLE = 7

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration_ms = 0
        self.position_ms = 0
        self.marks: list[tuple[int, str, QColor]] = []
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_duration(self, ms: int) -> None:
        self.duration_ms = max(0, int(ms))
        self.update()

    def set_position(self, ms: int) -> None:
        self.position_ms = max(0, int(ms))
        self.update()

    def set_marks(self, marks: list[tuple[int, str, QColor]]) -> None:
        """Marks as (milliseconds, label, colour)."""
        self.marks = sorted(marks, key=lambda m: m[0])
        self.update()

    def _track(self) -> QRectF:
        m = self.HANDLE + 1
        return QRectF(m, self.height() * 0.55 - 3, max(1, self.width() - 2 * m), 6)

    def x_for(self, ms: int) -> float:
        track = self._track()
        if self.duration_ms <= 0:
            return track.left()
        return track.left() + track.width() * min(1.0, max(0.0, ms / self.duration_ms))

    def ms_for(self, x: float) -> int:
        track = self._track()
        share = min(1.0, max(0.0, (x - track.left()) / track.width()))
        return round(share * self.duration_ms)

    def mark_near(self, x: float, tolerance: float = 5.0) -> tuple[int, str, QColor] | None:
        best = min(self.marks, key=lambda m: abs(self.x_for(m[0]) - x), default=None)
        if best is not None and abs(self.x_for(best[0]) - x) <= tolerance:
            return best
        return None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        track = self._track()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(palette.mid())
        p.drawRoundedRect(track, 3, 3)
        played = QRectF(track)
        played.setRight(self.x_for(self.position_ms))
        p.setBrush(palette.highlight())
        p.drawRoundedRect(played, 3, 3)
        for ms, _label, colour in self.marks:
            x = self.x_for(ms)
            path = QPainterPath()
            top = track.top() - 2
            path.moveTo(QPointF(x, top))
            path.lineTo(QPointF(x - 5, top - 9))
            path.lineTo(QPointF(x + 5, top - 9))
            path.closeSubpath()
            p.setBrush(colour)
            p.drawPath(path)
            p.setPen(QPen(colour, 1))
            p.drawLine(QPointF(x, top), QPointF(x, track.bottom()))
            p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(palette.button())
        p.setPen(QPen(palette.dark().color(), 1))
        p.drawEllipse(
            QPointF(self.x_for(self.position_ms), track.center().y()), self.HANDLE, self.HANDLE
        )
        p.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.duration_ms > 0:
            # A click on a mark lands exactly on the step's moment, not a pixel away.
            mark = self.mark_near(event.position().x())
            ms = mark[0] if mark is not None else self.ms_for(event.position().x())
            self.seek_requested.emit(ms)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        x = event.position().x()
        if event.buttons() & Qt.MouseButton.LeftButton and self.duration_ms > 0:
            self.seek_requested.emit(self.ms_for(x))
            return
        mark = self.mark_near(x)
        if mark is not None:
            QToolTip.showText(event.globalPosition().toPoint(), mark[1], self)
        else:
            QToolTip.hideText()


class ElidedLabel(QLabel):
    """One line of plain text shortened in the middle to fit; the whole text is its tooltip.

    An export path can be longer than the window: wrapped, it pushed the decision off screen.
    """

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideMiddle, max(40, self.width())
        )
        super().setText(shown)


class DetailView(QWidget):
    """Widgets only; DetailController gives them behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel()
        self.title_label.setObjectName("detailTitle")
        font = self.title_label.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # ----- video ------------------------------------------------------------------
        self.video_widget = QVideoWidget()
        self.video_widget.setMinimumSize(480, 270)
        self.video_message = QLabel()
        self.video_message.setTextFormat(Qt.TextFormat.PlainText)  # carries numbers and paths
        self.video_message.setObjectName("videoMessage")
        self.video_message.setWordWrap(True)
        self.video_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.video_message.setStyleSheet(
            "QLabel { background: #222; color: #ffcdd2; padding: 24px; font-size: 14pt; }"
        )
        self.video_stack = QStackedWidget()
        self.video_stack.addWidget(self.video_widget)
        self.video_stack.addWidget(self.video_message)

        self.timeline = MarkedTimeline()
        self.timeline.setObjectName("timeline")
        self.play_button = QPushButton(self.tr("▶ Play"))
        self.play_button.setObjectName("playButton")
        self.play_button.setShortcut("Space")
        self.back_button = QPushButton(self.tr("◀| Frame"))
        self.back_button.setToolTip(self.tr("One frame back (,)"))
        self.back_button.setShortcut(",")
        self.forward_button = QPushButton(self.tr("Frame |▶"))
        self.forward_button.setToolTip(self.tr("One frame forward (.)"))
        self.forward_button.setShortcut(".")
        self.speed_combo = QComboBox()
        for speed in SPEEDS:
            self.speed_combo.addItem(f"{speed:g}×", speed)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.segment_combo = QComboBox()
        self.segment_combo.setToolTip(
            self.tr("The camera was lost and came back: one video per part")
        )
        self.position_label = QLabel(self.tr("00:00:00.0 / 00:00:00.0"))
        self.position_label.setObjectName("positionLabel")
        controls = QHBoxLayout()
        for w in (self.play_button, self.back_button, self.forward_button):
            controls.addWidget(w)
        controls.addWidget(QLabel(self.tr("Speed:")))
        controls.addWidget(self.speed_combo)
        controls.addWidget(self.segment_combo)
        controls.addStretch(1)
        controls.addWidget(self.position_label)

        self.steps_list = QListWidget()
        self.steps_list.setObjectName("stepsList")
        steps_box = QGroupBox(self.tr("Checklist steps — click one to see that moment"))
        QVBoxLayout(steps_box).addWidget(self.steps_list)

        left = QVBoxLayout()
        left.addWidget(self.video_stack, 1)
        left.addWidget(self.timeline)
        left.addLayout(controls)
        left.addWidget(steps_box)
        left_widget = QWidget()
        left_widget.setLayout(left)

        # ----- facts ------------------------------------------------------------------
        self.facts = QFormLayout()
        self.decision_label = QLabel()
        self.decision_label.setObjectName("decisionLabel")
        self.decision_label.setWordWrap(True)
        self.decision_label.setTextFormat(Qt.TextFormat.RichText)
        facts_box = QGroupBox(self.tr("Inspection"))
        # Never squeezed below its natural height: the tabs below take what is left.
        facts_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        facts_layout = QVBoxLayout(facts_box)
        facts_layout.addLayout(self.facts)
        facts_layout.addWidget(self.decision_label)

        self.order_browser = QTextBrowser()
        self.order_browser.setObjectName("orderContents")
        self.photos_browser = QTextBrowser()
        self.photos_browser.setObjectName("stepPhotos")

        self.sha_label = QLineEdit()
        self.sha_label.setObjectName("shaLabel")
        self.sha_label.setReadOnly(True)
        self.verify_button = QPushButton(self.tr("Check the file still matches"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_label = QLabel()
        self.verify_label.setTextFormat(Qt.TextFormat.PlainText)  # carries numbers and paths
        self.verify_label.setObjectName("verifyResult")
        self.verify_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export evidence bundle…"))
        self.export_button.setObjectName("exportEvidenceButton")
        integrity = QWidget()
        integrity_layout = QVBoxLayout(integrity)
        integrity_layout.addWidget(
            QLabel(self.tr("SHA-256 of the video, taken when recording stopped:"))
        )
        integrity_layout.addWidget(self.sha_label)
        integrity_layout.addWidget(self.verify_button)
        integrity_layout.addWidget(self.verify_label)
        integrity_layout.addStretch(1)
        # What the detail view is mostly opened for: at the top, by the title, not in a tab.
        self.export_label = ElidedLabel()
        self.export_label.setObjectName("exportResult")

        self.history_list = QListWidget()
        self.history_list.setObjectName("historyList")
        self.history_list.setWordWrap(True)
        self.note_author = QLineEdit()
        self.note_author.setPlaceholderText(self.tr("Your name"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(
            self.tr(
                "Add a note (e.g. the platform asked for evidence). Notes are appended; "
                "they never change the recording, the answers or the decision."
            )
        )
        self.note_edit.setMaximumHeight(90)
        self.add_note_button = QPushButton(self.tr("Add note"))
        self.add_note_button.setObjectName("addNoteButton")
        self.note_message = QLabel()
        self.note_message.setTextFormat(Qt.TextFormat.PlainText)  # carries numbers and paths
        self.note_message.setStyleSheet(PROBLEM_STYLE)
        self.note_message.setWordWrap(True)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.history_list, 1)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel(self.tr("By:")))
        note_row.addWidget(self.note_author, 1)
        note_row.addWidget(self.add_note_button)
        history_layout.addWidget(self.note_edit)
        history_layout.addLayout(note_row)
        history_layout.addWidget(self.note_message)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.order_browser, self.tr("Order contents"))
        self.tabs.addTab(self.photos_browser, self.tr("Step photos"))
        self.tabs.addTab(integrity, self.tr("Video integrity"))
        self.tabs.addTab(history, self.tr("History and notes"))
        # The order's story: packed, shipped, return requested, reminders, returned, decided.
        self.story_list = QListWidget()
        self.story_list.setObjectName("storyList")
        self.story_list.setWordWrap(True)
        self.tabs.addTab(self.story_list, self.tr("Order's story"))

        right = QVBoxLayout()
        right.addWidget(facts_box)
        right.addWidget(self.tabs, 1)
        right_widget = QWidget()
        right_widget.setLayout(right)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right_widget)
        scroll.setMinimumWidth(380)

        splitter = QSplitter()
        splitter.addWidget(left_widget)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.export_button)
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(self.export_label)
        root.addWidget(splitter, 1)

    def show_video_message(self, text: str) -> None:
        """Put a message where the video would be, and disable the player controls."""
        self.video_message.setText(text)
        self.video_stack.setCurrentWidget(self.video_message)
        for w in (self.play_button, self.back_button, self.forward_button, self.speed_combo):
            w.setEnabled(False)

    def show_video(self) -> None:
        self.video_stack.setCurrentWidget(self.video_widget)
        for w in (self.play_button, self.back_button, self.forward_button, self.speed_combo):
            w.setEnabled(True)
