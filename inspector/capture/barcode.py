"""Reading the waybill barcode in the camera picture, inside an on-screen guide box.

The reader runs on its own thread a few times a second on the newest frame, never on the
capture thread (which must not wait) nor the GUI thread (which must stay smooth). It crops
the guide box, converts it to grey and caps its width before zxing-cpp looks at it, so a
1080p camera costs the same as a 720p one. A code counts only when the same text is read
several reads running: one lucky read off a crumpled label, or a product code passing by,
is not enough.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from inspector.capture.pipeline import CapturedFrame

log = logging.getLogger(__name__)

# The guide box as fractions of the frame (left, top, right, bottom): the middle of the desk.
GUIDE_BOX: tuple[float, float, float, float] = (0.2, 0.2, 0.8, 0.8)
# Waybills are Code 128 mostly; Code 39/93, ITF, Codabar and 2D codes appear on some labels.
# Retail symbologies are read too, so a product held in the box is recognized as a product.
# (Named in a string: the way to combine formats changed between zxing-cpp versions.)
READ_FORMATS = zxingcpp.barcode_formats_from_str(
    "Code128,Code39,Code93,Codabar,ITF,QRCode,DataMatrix,PDF417,EAN-13,EAN-8,UPC-A,UPC-E"
)
_PRODUCT_FORMAT_SET = {
    zxingcpp.BarcodeFormat.EAN13,
    zxingcpp.BarcodeFormat.EAN8,
    zxingcpp.BarcodeFormat.UPCA,
    zxingcpp.BarcodeFormat.UPCE,
}
MAX_CROP_WIDTH = 1280


@dataclass(frozen=True)
class BarcodeRead:
    """One code read in a frame: its text, its symbology, and whether that is a retail product code."""

    text: str
    format: str
    is_product: bool


def guide_rect(
    width: int, height: int, box: tuple[float, float, float, float] = GUIDE_BOX
) -> tuple[int, int, int, int]:
    """The guide box in pixels (x0, y0, x1, y1) for a frame of this size."""
    x0, y0, x1, y1 = box
    return int(width * x0), int(height * y0), int(width * x1), int(height * y1)


def read_codes(
    image: np.ndarray,
    box: tuple[float, float, float, float] = GUIDE_BOX,
    max_width: int = MAX_CROP_WIDTH,
) -> list[BarcodeRead]:
    """The barcodes inside the guide box of a BGR (or grey) frame, waybill and product codes alike."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = guide_rect(w, h, box)
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return []
    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    if grey.shape[1] > max_width:
        scale = max_width / grey.shape[1]
        grey = cv2.resize(
            grey, (max_width, max(1, int(grey.shape[0] * scale))), interpolation=cv2.INTER_AREA
        )
    grey = np.ascontiguousarray(grey)
    found = zxingcpp.read_barcodes(grey, formats=READ_FORMATS)
    return [
        BarcodeRead(code.text, str(code.format), code.format in _PRODUCT_FORMAT_SET)
        for code in found
        if code.text
    ]


class ConsecutiveReads:
    """Accepts a code once it is read `needed` reads running; it is not accepted again while in view."""

    def __init__(self, needed: int = 3, forget_after: int = 4) -> None:
        self.needed = max(1, needed)
        self.forget_after = max(1, forget_after)
        self._streak: dict[str, int] = {}
        self._accepted: dict[str, int] = {}  # code -> reads missed since it was last seen

    def feed(self, texts: list[str]) -> list[str]:
        """Record one read's codes; returns the codes accepted by this read (usually none)."""
        seen = set(texts)
        self._streak = {t: self._streak.get(t, 0) + 1 for t in seen}
        for code in list(self._accepted):
            if code in seen:
                self._accepted[code] = 0
            else:
                self._accepted[code] += 1
                if self._accepted[code] >= self.forget_after:
                    del self._accepted[code]  # gone long enough: a later showing is a new read
        accepted = []
        for text, count in self._streak.items():
            if count >= self.needed and text not in self._accepted:
                self._accepted[text] = 0
                accepted.append(text)
        return accepted

    def reset(self) -> None:
        self._streak.clear()
        self._accepted.clear()


class BarcodeWatcher:
    """Reads the newest camera frame a few times a second on its own thread; reports accepted codes."""

    def __init__(
        self,
        latest: Callable[[], CapturedFrame | None],
        on_code: Callable[[BarcodeRead], None],
        rate_hz: float = 4.0,
        needed: int = 3,
        box: tuple[float, float, float, float] = GUIDE_BOX,
    ) -> None:
        self.latest = latest
        self.on_code = on_code
        self.interval = 1.0 / max(0.5, rate_hz)
        self.box = box
        self.reads = ConsecutiveReads(needed)
        self.last_seen: list[BarcodeRead] = []  # the newest read, for drawing the guide box
        self.frames_read = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="barcode-reader", daemon=True)

    def set_rate(self, rate_hz: float) -> None:
        """Read this often from now on (the desk reads less while a recording runs)."""
        self.interval = 1.0 / max(0.2, rate_hz)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        last_seq = -1
        while not self._stop.wait(self.interval):
            frame = self.latest()
            if frame is None or frame.seq == last_seq:
                continue
            last_seq = frame.seq
            try:
                found = read_codes(frame.image, self.box)
            except Exception:  # a reader fault must not take the desk down; log it once a read
                log.exception("Barcode reading failed")
                continue
            self.frames_read += 1
            self.last_seen = found
            by_text = {r.text: r for r in found}
            for text in self.reads.feed(list(by_text)):
                self.on_code(by_text[text])
