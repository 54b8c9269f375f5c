"""The order's packing beside the live picture of its return: the frame of each item going
into the box, its serial and its second in the packing video, stepped through with ◀ ▶."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from inspector.core.evidence import format_offset
from inspector.services.packing import PackingView

# Small enough that the decision keys stay on a 1366×768 screen beside the checklist.
FRAME_HEIGHT = 150


class PackingPanel(QGroupBox):
    """The return's packing, filmed at this desk: a frame of each packed item, in turn."""

    def __init__(self) -> None:
        super().__init__()
        self.packing: PackingView | None = None
        self.index = 0
        self._frames: dict[int, QPixmap] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.frame = QLabel()
        self.frame.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.frame.setFixedHeight(FRAME_HEIGHT)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        row = QHBoxLayout()
        self.previous = QPushButton("◀")
        self.next = QPushButton("▶")
        for button in (self.previous, self.next):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scanner's keys stay the desk's
            row.addWidget(button)
        row.addWidget(self.caption, 1)
        layout.addWidget(self.frame)
        layout.addLayout(row)
        self.previous.clicked.connect(lambda: self.show_item(self.index - 1))
        self.next.clicked.connect(lambda: self.show_item(self.index + 1))
        self.hide()

    def show_packing(self, packing: PackingView | None) -> None:
        """Show this packing (its first item), or hide the panel when there is none."""
        self.packing, self.index, self._frames = packing, 0, {}
        if packing is None:
            self.hide()
            return
        self.setTitle(
            self.tr("Packed on camera: packing %1, %2")
            .replace("%1", str(packing.id))
            .replace("%2", packing.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        )
        self.show()
        self.show_item(0)

    def show_item(self, index: int) -> None:
        """The frame of one packed item going into the box, with its serial and second."""
        packing = self.packing
        if packing is None:
            return
        items = packing.items
        self.index = max(0, min(index, len(items) - 1)) if items else 0
        self.previous.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < len(items) - 1)
        if not items:
            self.caption.setText(self.tr("No item was scanned into the box."))
            self._show_frame(0.0)
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
        self._show_frame(item.video_offset_s or 0.0)

    def _show_frame(self, offset: float) -> None:
        assert self.packing is not None
        if self.index not in self._frames:
            self._frames[self.index] = _frame_pixmap(Path(self.packing.video_path), offset)
        pixmap = self._frames[self.index]
        if pixmap.isNull():
            self.frame.setText(self.tr("The packing video cannot be read here."))
        else:
            self.frame.setPixmap(pixmap)

    def shown_pixmap(self) -> QPixmap:
        """The frame on show (for tests and screenshots)."""
        return self.frame.pixmap()


def _frame_pixmap(video: Path, offset: float) -> QPixmap:
    """One frame of the packing video, scaled to the panel; a null pixmap when unreadable."""
    from inspector.evidence.frames import frames_at

    try:
        (image,) = frames_at(video, [offset])
    except (OSError, ValueError):
        return QPixmap()
    if image is None:
        return QPixmap()
    rgb = np.ascontiguousarray(image[:, :, ::-1])
    h, w = rgb.shape[:2]
    qimage = QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(qimage).scaledToHeight(
        FRAME_HEIGHT, Qt.TransformationMode.SmoothTransformation
    )
