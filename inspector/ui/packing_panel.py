"""The order's packing video beside the live picture of its return, at the matching step.

Each packed item has its second in the packing video. The panel plays that item's moment
(from a little before its scan to a little after), then holds the frame of the scan; it
follows the return's checklist (a step about SKU X shows X going into the box), ◀ ▶ step
through the items and F7 plays the moment again. Qt Multimedia plays the file, as in the
detail view; the live picture is never paused or covered for it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from inspector.core.evidence import format_offset
from inspector.services.packing import PackingView

log = logging.getLogger(__name__)

# Small enough that the decision keys stay on a 1366×768 screen beside the checklist.
FRAME_HEIGHT = 120
# The moment played for an item: the hands bringing it to the box, the scan, it going in.
LEAD_MS = 2000
TAIL_MS = 2000
REPLAY_KEY = Qt.Key.Key_F7


class PackingPanel(QGroupBox):
    """The return's packing, filmed at this desk: its video at each packed item's second."""

    def __init__(self) -> None:
        super().__init__()
        self.packing: PackingView | None = None
        self.index = 0
        self._hold_ms: int | None = None  # the item's second, held once its moment has played
        self._stop_ms: int | None = None  # where the moment being played ends
        self._pending: tuple[int, bool] | None = None  # a seek (and play) waiting for the file
        self.lead_ms, self.tail_ms = LEAD_MS, TAIL_MS
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        self.video = QVideoWidget()
        self.video.setFixedHeight(FRAME_HEIGHT)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setFixedHeight(FRAME_HEIGHT)
        self.screen = QStackedWidget()
        self.screen.addWidget(self.video)
        self.screen.addWidget(self.message)
        self.screen.setFixedHeight(FRAME_HEIGHT)
        self.player = QMediaPlayer(self)  # no audio output: the desk stays quiet
        self.player.setVideoOutput(self.video)
        self.player.mediaStatusChanged.connect(self._media_status)
        self.player.positionChanged.connect(self._position_changed)
        self.player.errorOccurred.connect(self._player_error)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        buttons = QHBoxLayout()
        self.previous = QPushButton("◀")
        self.next = QPushButton("▶")
        self.replay_button = QPushButton("↻ F7")
        for button in (self.previous, self.next, self.replay_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scanner's keys stay the desk's
            buttons.addWidget(button)
        # The caption and keys beside the video, not under it: at 1366×768 every line the
        # panel takes pushes the decision keys further down the column.
        side = QVBoxLayout()
        side.addWidget(self.caption, 1)
        side.addLayout(buttons)
        layout.addWidget(self.screen, 3)
        layout.addLayout(side, 2)
        self.previous.clicked.connect(lambda: self.show_item(self.index - 1))
        self.next.clicked.connect(lambda: self.show_item(self.index + 1))
        self.replay_button.clicked.connect(self.replay)
        self.hide()

    # ----- what is shown ------------------------------------------------------------------

    def show_packing(self, packing: PackingView | None) -> None:
        """Show this packing (its first item), or stop and hide the panel when there is none."""
        self.packing, self.index = packing, 0
        self._hold_ms = self._stop_ms = None
        self._pending = None
        if packing is None:
            self.player.stop()
            self.player.setSource(QUrl())
            self.hide()
            return
        self.setTitle(
            self.tr("Packed on camera: packing %1, %2")
            .replace("%1", str(packing.id))
            .replace("%2", packing.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        )
        video = Path(packing.video_path)
        if video.is_file():
            self.screen.setCurrentWidget(self.video)
            self.player.setSource(QUrl.fromLocalFile(str(video)))
        else:
            self.player.setSource(QUrl())
            self._say(self.tr("The packing video cannot be read here."))
        self.show()
        self.show_item(0)

    def show_item(self, index: int) -> None:
        """Play one packed item's moment in the packing video, then hold its second."""
        packing = self.packing
        if packing is None:
            return
        items = packing.items
        self.index = max(0, min(index, len(items) - 1)) if items else 0
        self.previous.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < len(items) - 1)
        if not items:
            self.caption.setText(self.tr("No item was scanned into the box."))
            self._play_moment(0)
            return
        item = items[self.index]
        self.caption.setText(
            self.tr("%1 of %2: %3, serial %4, at %5")
            .replace("%1", str(self.index + 1))
            .replace("%2", str(len(items)))
            .replace("%3", item.sku)
            .replace("%4", item.serial or "—")
            .replace("%5", format_offset(item.video_offset_s))
        )
        self._play_moment(round((item.video_offset_s or 0.0) * 1000))

    def follow_step(self, sku: str) -> None:
        """The return's checklist is at a step about this SKU: show it going into the box."""
        packing = self.packing
        if packing is None or not sku:
            return
        current = packing.items[self.index] if packing.items else None
        if current is not None and current.sku == sku:
            return
        index = next((i for i, item in enumerate(packing.items) if item.sku == sku), None)
        if index is not None:
            self.show_item(index)

    def replay(self) -> None:
        """Play the item's moment again (F7)."""
        if self.packing is not None and self.isVisible():
            self.show_item(self.index)

    def item_ms(self) -> int:
        """The second of the item on show, in ms into the packing video."""
        packing = self.packing
        if packing is None or not packing.items:
            return 0
        return round((packing.items[self.index].video_offset_s or 0.0) * 1000)

    def showing_video(self) -> bool:
        """The packing video is on screen (not a message that it cannot be read)."""
        return self.isVisible() and self.screen.currentWidget() is self.video

    # ----- the player ---------------------------------------------------------------------

    def _play_moment(self, at_ms: int) -> None:
        if self.player.source().isEmpty():
            return
        self._hold_ms = at_ms
        start = max(0, at_ms - self.lead_ms)
        self._stop_ms = at_ms + self.tail_ms
        if self.player.mediaStatus() in (
            QMediaPlayer.MediaStatus.NoMedia,
            QMediaPlayer.MediaStatus.LoadingMedia,
        ):
            self._pending = (start, True)  # seek and play as soon as the file is open
            return
        self.player.setPosition(start)
        self.player.play()

    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending is not None:
            (start, play), self._pending = self._pending, None
            self.player.setPosition(start)
            if play:
                self.player.play()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._hold()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._say(self.tr("The packing video cannot be read here."))

    def _position_changed(self, ms: int) -> None:
        if (
            self._stop_ms is not None
            and ms >= self._stop_ms
            and self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        ):
            self._hold()

    def _hold(self) -> None:
        """The moment has played: rest on the frame of the scan."""
        self._stop_ms = None
        self.player.pause()
        if self._hold_ms is not None:
            duration = self.player.duration()
            self.player.setPosition(min(self._hold_ms, duration) if duration > 0 else self._hold_ms)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.screen.setCurrentWidget(self.message)

    def _player_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        log.warning("The packing video cannot be played: %s", message)
