"""The overlay burned into every recorded frame: date and time, order, courier, station, operator, elapsed.

Qt's text engine renders the text (it shapes Chinese and any other script, which
OpenCV's putText cannot) into small premultiplied images; each frame only blends
those images into its edges. Text that changes once a second is rendered once a
second, the elapsed counter once a tenth, the rest only when it changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime

import cv2
import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath

# Font families tried in order; Qt falls back per character, so CJK still renders
# with any CJK font fontconfig knows when none of these is installed.
FONT_FAMILIES = [
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "DejaVu Sans",
    "Sans Serif",
]


@dataclass(frozen=True)
class OverlayLabels:
    """The words on the overlay, so a translation can replace them."""

    order: str = "Order"
    courier: str = "Courier"
    station: str = "Station"
    operator: str = "Operator"
    recording: str = "REC"
    live: str = "LIVE"
    step: str = "Step"
    colon: str = ": "  # between a label and its value; Chinese writes a full-width "："


@dataclass(frozen=True)
class OverlayInfo:
    """What the overlay says besides the time."""

    order_number: str = ""
    courier_number: str = ""
    station: str = ""
    operator: str = ""
    step: str = ""
    labels: OverlayLabels = field(default_factory=OverlayLabels)

    def with_step(self, step: str) -> OverlayInfo:
        return replace(self, step=step)


@dataclass
class _Block:
    """A rendered piece of text: premultiplied BGR and 255 - alpha (3 channels), ready to blend."""

    premul: np.ndarray
    inv_alpha: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.premul.shape[0], self.premul.shape[1]


def format_clock(wall: datetime) -> str:
    """Local date and time to the second with the UTC offset, e.g. 2026-11-27 14:03:09 UTC+08:00."""
    local = wall.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} UTC{offset[:3]}:{offset[3:]}"


def format_elapsed(seconds: float) -> str:
    """Elapsed time to the tenth of a second: 00:01:23.4."""
    tenths = int(max(0.0, seconds) * 10 + 1e-6)
    h, rem = divmod(tenths, 36000)
    m, rem = divmod(rem, 600)
    s, t = divmod(rem, 10)
    return f"{h:02d}:{m:02d}:{s:02d}.{t}"


class OverlayRenderer:
    """Burns the overlay into BGR frames of one size. Safe to call from a worker thread."""

    def __init__(self, width: int, height: int, info: OverlayInfo | None = None) -> None:
        self.width, self.height = width, height
        self._info = info or OverlayInfo()
        self._lock = threading.Lock()
        px = max(12, round(height / 30))
        self._font = QFont(FONT_FAMILIES)
        self._font.setPixelSize(px)
        self._font.setBold(True)
        self._font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        self._margin = max(4, px // 2)
        self._pad = max(3, px // 3)
        self._cache: dict[tuple[str, ...], _Block] = {}
        self._info_blocks: tuple[OverlayInfo, list[_Block | None]] | None = None

    @property
    def info(self) -> OverlayInfo:
        with self._lock:
            return self._info

    def set_info(self, info: OverlayInfo) -> None:
        """Change what the overlay says; the next frame shows it."""
        with self._lock:
            self._info = info

    def apply(self, frame: np.ndarray, wall: datetime, elapsed: float | None) -> np.ndarray:
        """Draw the overlay into frame (in place) and return it. elapsed None means not recording."""
        info = self.info
        lab = info.labels
        clock = self._text_block((format_clock(wall),), accent=False)
        if elapsed is None:
            status = self._text_block((f"● {lab.live}",), accent=False)
        else:
            status = self._text_block(
                (f"● {lab.recording} {format_elapsed(elapsed)}",), accent=True
            )
        bottom_left, bottom_right, step = self._static_blocks(info)
        m = self._margin
        self._blend(frame, clock, m, m)
        self._blend(frame, status, self.width - status.shape[1] - m, m)
        if bottom_left is not None:
            self._blend(frame, bottom_left, m, self.height - bottom_left.shape[0] - m)
        if bottom_right is not None:
            self._blend(
                frame,
                bottom_right,
                self.width - bottom_right.shape[1] - m,
                self.height - bottom_right.shape[0] - m,
            )
        if step is not None:
            x = (self.width - step.shape[1]) // 2
            between = (
                x >= m + clock.shape[1] + m
                and x + step.shape[1] <= self.width - status.shape[1] - 2 * m
            )
            # Between the clock and the counter when there is room; on a narrow frame, a row below.
            y = m if between else m + max(clock.shape[0], status.shape[0]) + m // 2
            self._blend(frame, step, x if between else m, y)
        return frame

    def _static_blocks(self, info: OverlayInfo) -> list[_Block | None]:
        cached = self._info_blocks
        if cached is not None and cached[0] == info:
            return cached[1]
        lab = info.labels
        c = lab.colon
        left = [f"{lab.order}{c}{info.order_number}"] if info.order_number else []
        if info.courier_number:
            left.append(f"{lab.courier}{c}{info.courier_number}")
        right = [f"{lab.station}{c}{info.station}"] if info.station else []
        if info.operator:
            right.append(f"{lab.operator}{c}{info.operator}")
        blocks: list[_Block | None] = [
            self._render(tuple(left), accent=False) if left else None,
            self._render(tuple(right), accent=False, align_right=True) if right else None,
            self._render((f"{lab.step}{c}{info.step}",), accent=False) if info.step else None,
        ]
        self._info_blocks = (info, blocks)
        return blocks

    def _text_block(self, lines: tuple[str, ...], accent: bool) -> _Block:
        key = (str(accent), *lines)
        block = self._cache.get(key)
        if block is None:
            # Only the clock and the counter pass through here; a few seconds' worth is plenty.
            if len(self._cache) > 64:
                self._cache.clear()
            block = self._cache[key] = self._render(lines, accent)
        return block

    def _render(self, lines: tuple[str, ...], accent: bool, align_right: bool = False) -> _Block:
        metrics = QFontMetricsF(self._font)
        line_h = metrics.height()
        text_w = max(metrics.horizontalAdvance(line) for line in lines)
        pad = self._pad
        max_w = self.width // 2 - 2 * self._margin
        w = int(min(text_w + 2 * pad, max_w) + 0.999)
        h = int(line_h * len(lines) + 2 * pad + 0.999)
        img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # A dark backing box keeps white text legible on a white parcel and a dark desk alike.
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, w, h), pad, pad)
        p.fillPath(path, QColor(180, 0, 0, 200) if accent else QColor(0, 0, 0, 165))
        p.setFont(self._font)
        p.setPen(QColor(255, 255, 255))
        flags = Qt.AlignmentFlag.AlignVCenter | (
            Qt.AlignmentFlag.AlignRight if align_right else Qt.AlignmentFlag.AlignLeft
        )
        for i, line in enumerate(lines):
            rect = QRectF(pad, pad + i * line_h, w - 2 * pad, line_h)
            elided = metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width())
            p.drawText(rect, int(flags), elided)
        p.end()
        arr = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(
            h, img.bytesPerLine() // 4, 4
        )[:, :w]
        premul = np.ascontiguousarray(arr[:, :, :3])
        inv_alpha = cv2.merge([255 - arr[:, :, 3]] * 3)
        return _Block(premul, inv_alpha)

    def _blend(self, frame: np.ndarray, block: _Block, x: int, y: int) -> None:
        bh, bw = block.shape
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(frame.shape[1], x + bw), min(frame.shape[0], y + bh)
        if x1 <= x0 or y1 <= y0:
            return
        region = frame[y0:y1, x0:x1]
        bx, by = x0 - x, y0 - y
        inv = block.inv_alpha[by : by + (y1 - y0), bx : bx + (x1 - x0)]
        pre = block.premul[by : by + (y1 - y0), bx : bx + (x1 - x0)]
        # dst * (255 - a) / 255 + premultiplied text, in OpenCV (saturating, in place):
        # ten times faster than numpy here, and an untouched pixel (a = 0) stays exact.
        cv2.multiply(region, inv, dst=region, scale=1 / 255)
        cv2.add(region, pre, dst=region)


def ensure_text_rendering() -> None:
    """Qt renders text only once a QGuiApplication exists; headless runs get the offscreen one."""
    import os

    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Keep a reference for the life of the process; Qt needs exactly one.
        ensure_text_rendering.app = QGuiApplication([])  # type: ignore[attr-defined]
