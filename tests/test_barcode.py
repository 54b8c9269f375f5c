"""The waybill's Code 128 barcode is read in the camera picture, inside the guide box, several reads running."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from inspector.capture.barcode import (
    BarcodeRead,
    BarcodeWatcher,
    ConsecutiveReads,
    read_codes,
)
from inspector.capture.encoder import H264Writer
from inspector.capture.pipeline import CapturedFrame, open_capture
from inspector.capture.sources import DemoSource, open_source

WAYBILL = "SF1234567890123"


def label_image(text: str, fmt=zxingcpp.BarcodeFormat.Code128, scale: int = 2) -> np.ndarray:
    """A printed waybill label: the barcode in black on white, as BGR."""
    bars = np.array(
        zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, fmt), scale=scale)
    )
    bars = cv2.resize(bars, (bars.shape[1], 70), interpolation=cv2.INTER_NEAREST)
    label = np.full((bars.shape[0] + 40, bars.shape[1] + 40), 255, np.uint8)
    label[20:-20, 20:-20] = bars
    return cv2.cvtColor(label, cv2.COLOR_GRAY2BGR)


def desk_frame(
    label: np.ndarray | None, at: tuple[int, int] | None = None, size=(640, 480)
) -> np.ndarray:
    """A demo desk frame with the label pasted at `at` (default: the middle of the guide box)."""
    source = DemoSource(*size, fps=10)
    source.open()
    frame = source.read()
    source.close()
    if label is not None:
        h, w = label.shape[:2]
        x, y = at if at is not None else ((size[0] - w) // 2, (size[1] - h) // 2)
        frame[y : y + h, x : x + w] = label
    return frame


def test_code128_label_in_the_guide_box_is_read() -> None:
    reads = read_codes(desk_frame(label_image(WAYBILL)))
    assert [r.text for r in reads] == [WAYBILL]
    assert reads[0].format == "Code 128"
    assert not reads[0].is_product


def test_label_outside_the_guide_box_is_not_read() -> None:
    label = label_image(WAYBILL)
    frame = desk_frame(label, at=(0, 480 - label.shape[0]))  # bottom-left corner of the desk
    assert [r.text for r in read_codes(frame, box=(0, 0, 1, 1))] == [WAYBILL]  # readable...
    assert read_codes(frame) == []  # ...but not where the guide box asks for it


def test_product_barcode_is_recognized_as_a_product() -> None:
    frame = desk_frame(label_image("6901234567892", zxingcpp.BarcodeFormat.EAN13, scale=3))
    reads = read_codes(frame)
    assert [(r.text, r.is_product) for r in reads] == [("6901234567892", True)]


def test_a_code_counts_after_consecutive_reads_only_once_while_in_view() -> None:
    reads = ConsecutiveReads(needed=3, forget_after=2)
    assert reads.feed(["A"]) == []
    assert reads.feed([]) == []  # a missed read breaks the streak
    assert reads.feed(["A"]) == [] and reads.feed(["A"]) == []
    assert reads.feed(["A"]) == ["A"]
    assert reads.feed(["A"]) == []  # still on the desk: not again
    assert reads.feed([]) == [] and reads.feed([]) == []  # gone for a while
    assert [reads.feed(["A"]) for _ in range(3)][-1] == ["A"]  # shown again: a new read


def test_camera_path_reads_a_recorded_label(tmp_path: Path) -> None:
    """Frames with a waybill label go through a video file, the capture thread and the reader."""
    video = tmp_path / "desk.mp4"
    writer = H264Writer(video, 640, 480, 10)
    label = label_image(WAYBILL)
    for i in range(30):
        writer.write(desk_frame(label), i / 10)
    writer.close()

    capture = open_capture(open_source(str(video), 640, 480, 10))
    accepted: list[BarcodeRead] = []
    done = threading.Event()

    def on_code(read: BarcodeRead) -> None:
        accepted.append(read)
        done.set()

    watcher = BarcodeWatcher(capture.latest, on_code, rate_hz=20, needed=3)
    watcher.start()
    try:
        assert done.wait(10), f"no code accepted after {watcher.frames_read} reads"
    finally:
        watcher.stop()
        capture.stop()
    assert [r.text for r in accepted] == [WAYBILL]


def test_watcher_skips_frames_it_has_already_read() -> None:
    frame = CapturedFrame(desk_frame(label_image(WAYBILL)), 0.0, None, seq=1)  # type: ignore[arg-type]
    accepted: list[BarcodeRead] = []
    watcher = BarcodeWatcher(lambda: frame, accepted.append, rate_hz=50, needed=2)
    watcher.start()
    try:
        deadline = threading.Event()
        deadline.wait(0.3)
    finally:
        watcher.stop()
    assert watcher.frames_read == 1  # one frame, one read: a still camera gives no extra votes
    assert accepted == []
