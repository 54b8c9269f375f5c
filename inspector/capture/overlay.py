"""The overlay burned into every recorded frame: date and time, order, courier, station, operator, elapsed.

Qt's text engine renders the text (it shapes Chinese and any other script, which
OpenCV's putText cannot) into small premultiplied images; each frame only blends
those images into its edges. Text that changes once a second is rendered once a
second, the elapsed counter once a tenth, the rest only when it changes.

Nothing is ever cut: evidence with half a waybill number is no evidence. Text too wide
for its place is set a little smaller, and if that is not enough it wraps onto more
lines (between words, or anywhere in a number with no spaces), down to 640×480.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime

import cv2
import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QTextLayout,
    QTextOption,
)

from inspector.i18n.clock import utc_offset
from inspector.i18n.vocabulary import OverlayLabels

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


# How much smaller text may be set before it wraps instead.
SHRINK_TO = 0.85


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
    """A rendered piece of text: premultiplied BGR and 255 - alpha (3 channels), ready to blend.

    `lines` keeps what was drawn where inside the block (each line's text and its rectangle),
    so a test can check that every character of a long step or waybill was laid out.
    """

    premul: np.ndarray
    inv_alpha: np.ndarray
    lines: list[tuple[str, QRectF]] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int]:
        return self.premul.shape[0], self.premul.shape[1]


@dataclass(frozen=True)
class PlacedLine:
    """One line of overlay text and the rectangle it occupies in the frame (x, y, width, height)."""

    text: str
    x: float
    y: float
    width: float
    height: float


def format_clock(wall: datetime) -> str:
    """Local date and time to the second with the UTC offset, e.g. 2026-11-27 14:03:09 UTC+08:00."""
    local = wall.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S} UTC{utc_offset(local)}"


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
        self._info_blocks: (
            tuple[
                tuple[OverlayInfo, int],
                tuple[_Block | None, _Block | None, _Block | None, _Block | None],
            ]
            | None
        ) = None

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
        for block, x, y in self._placed(wall, elapsed):
            self._blend(frame, block, x, y)
        return frame

    def layout(self, wall: datetime, elapsed: float | None) -> list[PlacedLine]:
        """Every line of text apply() draws for this moment, with its rectangle in the frame."""
        return [
            PlacedLine(text, x + r.x(), y + r.y(), r.width(), r.height())
            for block, x, y in self._placed(wall, elapsed)
            for text, r in block.lines
        ]

    def _placed(self, wall: datetime, elapsed: float | None) -> list[tuple[_Block, int, int]]:
        """The blocks of this moment and where each goes: clock and status on top, then the
        step (between them when it fits on one line, else on its own rows below), the
        order and courier bottom left, station and operator bottom right."""
        info = self.info
        lab = info.labels
        clock = self._text_block((format_clock(wall),), accent=False)
        if elapsed is None:
            status = self._text_block((f"● {lab.live}",), accent=False)
        else:
            status = self._text_block(
                (f"● {lab.recording} {format_elapsed(elapsed)}",), accent=True
            )
        m = self._margin
        placed = [(clock, m, m), (status, self.width - status.shape[1] - m, m)]
        bottom_left, bottom_right, step_between, step_below = self._static_blocks(
            info, self.width - clock.shape[1] - status.shape[1] - 4 * m
        )
        if bottom_left is not None:
            placed.append((bottom_left, m, self.height - bottom_left.shape[0] - m))
        if bottom_right is not None:
            placed.append(
                (
                    bottom_right,
                    self.width - bottom_right.shape[1] - m,
                    self.height - bottom_right.shape[0] - m,
                )
            )
        if step_between is not None:
            # Centred in the gap between the clock and the status, never over either: the
            # clock's width is not the status's, so the frame's centre could fall on the clock.
            left = m + clock.shape[1] + m
            gap = self.width - status.shape[1] - m - m - left
            placed.append((step_between, left + max(0, (gap - step_between.shape[1]) // 2), m))
        elif step_below is not None:
            top = m + max(clock.shape[0], status.shape[0]) + m // 2
            placed.append((step_below, m, top))
        return placed

    def _static_blocks(
        self, info: OverlayInfo, between: int
    ) -> tuple[_Block | None, _Block | None, _Block | None, _Block | None]:
        """Bottom left, bottom right, and the step either between clock and status or below them."""
        cached = self._info_blocks
        if cached is not None and cached[0] == (info, between):
            return cached[1]
        lab = info.labels
        c = lab.colon
        left = [f"{lab.order}{c}{info.order_number}"] if info.order_number else []
        if info.courier_number:
            left.append(f"{lab.courier}{c}{info.courier_number}")
        right = [f"{lab.station}{c}{info.station}"] if info.station else []
        if info.operator:
            right.append(f"{lab.operator}{c}{info.operator}")
        # The bottom corners share one row: each takes what it needs when both fit, else the
        # order and courier numbers (the evidence) get the larger share.
        avail = self.width - 3 * self._margin
        need_l, need_r = self._natural_width(left), self._natural_width(right)
        if need_l + need_r <= avail:
            max_l, max_r = need_l, need_r
        elif need_l <= avail * 0.6:
            max_l, max_r = need_l, avail - need_l
        elif need_r <= avail * 0.4:
            max_l, max_r = avail - need_r, need_r
        else:
            max_l, max_r = avail * 0.6, avail * 0.4
        step_between = step_below = None
        if info.step:
            step = (f"{lab.step}{c}{info.step}",)
            if self._natural_width(list(step)) <= between:
                step_between = self._render(step, accent=False, max_w=between)
            else:
                step_below = self._render(step, accent=False, max_w=self.width - 2 * self._margin)
        blocks = (
            self._render(tuple(left), accent=False, max_w=max_l) if left else None,
            self._render(tuple(right), accent=False, align_right=True, max_w=max_r)
            if right
            else None,
            step_between,
            step_below,
        )
        self._info_blocks = ((info, between), blocks)
        return blocks

    def _natural_width(self, lines: list[str]) -> float:
        """Width a block needs to show these lines on one row each, at the normal size."""
        if not lines:
            return 0.0
        metrics = QFontMetricsF(self._font)
        return max(metrics.horizontalAdvance(line) for line in lines) + 2 * self._pad + 1

    def _text_block(self, lines: tuple[str, ...], accent: bool) -> _Block:
        key = (str(accent), *lines)
        block = self._cache.get(key)
        if block is None:
            # Only the clock and the counter pass through here; a few seconds' worth is plenty.
            if len(self._cache) > 64:
                self._cache.clear()
            block = self._cache[key] = self._render(
                lines, accent, max_w=self.width - 2 * self._margin
            )
        return block

    def _fitted_font(self, lines: tuple[str, ...], inner: float) -> QFont:
        """The normal font if every line fits on one row, else a size smaller when that does.

        A step a few characters too long reads better a little smaller than on two rows;
        one that needs more keeps the normal size and wraps (legibility comes first).
        """
        metrics = QFontMetricsF(self._font)
        if max(metrics.horizontalAdvance(line) for line in lines) <= inner:
            return self._font
        smaller = QFont(self._font)
        smaller.setPixelSize(max(10, round(self._font.pixelSize() * SHRINK_TO)))
        small = QFontMetricsF(smaller)
        if max(small.horizontalAdvance(line) for line in lines) <= inner:
            return smaller
        return self._font

    @staticmethod
    def _wrap(text: str, font: QFont, width: float) -> list[tuple[str, float]]:
        """The text broken into rows no wider than width: (row text, its width), nothing left out."""
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        rows = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            start = line.textStart()
            rows.append((text[start : start + line.textLength()], line.naturalTextWidth()))
        layout.endLayout()
        return rows or [("", 0.0)]

    def _render(
        self, lines: tuple[str, ...], accent: bool, align_right: bool = False, max_w: float = 0
    ) -> _Block:
        pad = self._pad
        max_w = max_w or self.width - 2 * self._margin
        inner = max(1.0, max_w - 2 * pad)
        font = self._fitted_font(lines, inner)
        metrics = QFontMetricsF(font)
        line_h = metrics.height()
        rows = [row for line in lines for row in self._wrap(line, font, inner)]
        text_w = max(width for _, width in rows)
        w = int(min(text_w + 2 * pad, max_w) + 0.999)
        h = int(line_h * len(rows) + 2 * pad + 0.999)
        img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # A dark backing box keeps white text legible on a white parcel and a dark desk alike.
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, w, h), pad, pad)
        p.fillPath(path, QColor(180, 0, 0, 200) if accent else QColor(0, 0, 0, 165))
        p.setFont(font)
        p.setPen(QColor(255, 255, 255))
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        placed: list[tuple[str, QRectF]] = []
        for i, (row, row_w) in enumerate(rows):
            x = w - pad - row_w if align_right else pad
            rect = QRectF(x, pad + i * line_h, row_w, line_h)
            p.drawText(QRectF(x, rect.y(), row_w + 1, line_h), int(flags), row.rstrip())
            placed.append((row, rect))
        p.end()
        arr = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes()).reshape(
            h, img.bytesPerLine() // 4, 4
        )[:, :w]
        premul = np.ascontiguousarray(arr[:, :, :3])
        inv_alpha = cv2.merge([255 - arr[:, :, 3]] * 3)
        return _Block(premul, inv_alpha, placed)

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
