"""Draw the sample catalog's small reference photos (run once; the PNGs are committed).

Usage: python resources/sample/make_sample_photos.py
They are stand-ins for a store's own product photos: a few shapes and a label each.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
W, H = 200, 150


def _canvas(bgr: tuple[int, int, int]) -> np.ndarray:
    img = np.full((H, W, 3), 245, np.uint8)
    cv2.rectangle(img, (0, 0), (W - 1, H - 1), bgr, 2)
    return img


def _label(img: np.ndarray, text: str) -> None:
    cv2.putText(
        img, text, (8, H - 10), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (40, 40, 40), 1, cv2.LINE_AA
    )


def earbuds(view: str) -> np.ndarray:
    img = _canvas((180, 120, 40))
    cv2.ellipse(img, (100, 60), (60, 35), 0, 0, 360, (230, 230, 230), -1)
    cv2.ellipse(img, (100, 60), (60, 35), 0, 0, 360, (120, 120, 120), 2)
    if view == "front":
        cv2.circle(img, (80, 60), 12, (60, 60, 60), -1)
        cv2.circle(img, (120, 60), 12, (60, 60, 60), -1)
    else:
        cv2.rectangle(img, (88, 78), (112, 92), (192, 192, 192), -1)  # the sticker
        cv2.putText(img, "AC", (92, 89), cv2.FONT_HERSHEY_PLAIN, 0.8, (0, 0, 160), 1)
    _label(img, f"TS-001 Aurora {view}")
    return img


def tote(view: str) -> np.ndarray:
    img = _canvas((60, 140, 60))
    pts = np.array([[50, 40], [150, 40], [165, 120], [35, 120]], np.int32)
    cv2.fillPoly(img, [pts], (170, 205, 225))
    cv2.ellipse(img, (100, 40), (30, 25), 0, 180, 360, (90, 90, 90), 3)
    if view == "tag":
        cv2.rectangle(img, (130, 70), (160, 100), (255, 255, 255), -1)
        cv2.rectangle(img, (136, 76), (154, 94), (0, 0, 0), 1)
    _label(img, f"BG-220 Lotus {view}")
    return img


def watch(view: str) -> np.ndarray:
    img = _canvas((40, 40, 160))
    cv2.rectangle(img, (88, 5), (112, 125), (60, 60, 90), -1)
    cv2.circle(img, (100, 65), 34, (210, 210, 210), -1)
    cv2.circle(img, (100, 65), 34, (80, 80, 80), 2)
    if view == "front":
        cv2.line(img, (100, 65), (100, 40), (20, 20, 20), 2)
        cv2.line(img, (100, 65), (118, 72), (20, 20, 20), 2)
    else:
        cv2.circle(img, (100, 65), 10, (200, 170, 60), -1)  # the hologram
    _label(img, f"WT-9 Meridian {view}")
    return img


def main() -> None:
    out = HERE / "photos"
    out.mkdir(exist_ok=True)
    for name, img in {
        "ts-001-front.png": earbuds("front"),
        "ts-001-sticker.png": earbuds("sticker"),
        "bg-220-front.png": tote("front"),
        "bg-220-tag.png": tote("tag"),
        "wt-9-front.png": watch("front"),
        "wt-9-back.png": watch("back"),
    }.items():
        cv2.imwrite(str(out / name), img, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        print(out / name)


if __name__ == "__main__":
    main()
