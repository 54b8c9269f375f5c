"""The video as evidence: burned-in text is never cut, even at 640×480 with a long step and
a long waybill (read back from the decoded video), and the MP4 says when it was recorded."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta

import av
import numpy as np
import pytest
from sqlmodel import select

from inspector.capture.overlay import OverlayInfo, OverlayRenderer
from inspector.capture.pipeline import CaptureThread
from inspector.capture.sources import FrameSource, _Pacer
from inspector.core.models import VideoSegment
from inspector.i18n.catalogue import overlay_labels
from inspector.services.recording import StartRequest, start_inspection

GREY = 90
LONG_STEP = (
    "3/19 Outer package sealed and intact on camera before opening: show the tape and "
    "every seam before cutting"
)
LONG_STEP_ZH = "3/19 拆封前在镜头下展示外包装完好、封口未被拆过：剪开前展示胶带和每条接缝，如有被拆过的痕迹请备注"
LONG_WAYBILL = "JD0123456789012345678901234-1-1-"
LONG_ORDER = "2638419907716655443-R2"


class GreyCamera(FrameSource):
    """A flat grey picture at 640×480: whatever is not grey in the video is the overlay."""

    def __init__(self) -> None:
        self.width, self.height, self.fps = 640, 480, 15.0
        self.description = "Grey test camera"
        self._pacer = _Pacer(self.fps)

    @property
    def is_live(self) -> bool:
        return False

    def open(self) -> None:
        pass

    def read(self) -> np.ndarray:
        self.frame_time = self._pacer.wait()
        return np.full((self.height, self.width, 3), GREY, np.uint8)

    def close(self) -> None:
        pass


def _info(language: str) -> OverlayInfo:
    return OverlayInfo(
        LONG_ORDER,
        LONG_WAYBILL,
        "Returns desk 12 (north hall)",
        "王小明 (morning shift)",
        LONG_STEP_ZH if language == "zh_CN" else LONG_STEP,
        labels=overlay_labels(language),
    )


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_long_step_and_waybill_are_laid_out_whole_inside_a_640x480_frame(qapp, language):
    info = _info(language)
    renderer = OverlayRenderer(640, 480, info)
    rows = renderer.layout(datetime.now(UTC), 12.3)
    laid_out = "".join(r.text for r in rows)
    lab, c = info.labels, info.labels.colon
    for whole in (
        f"{lab.step}{c}{info.step}",
        f"{lab.courier}{c}{LONG_WAYBILL}",
        f"{lab.order}{c}{LONG_ORDER}",
        f"{lab.operator}{c}{info.operator}",
    ):
        assert whole in laid_out, f"{whole!r} was cut"
    for r in rows:
        assert r.x >= 0 and r.x + r.width <= 640, r
        assert r.y >= 0 and r.y + r.height <= 480, r
    # No line sits on another.
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            apart = (
                a.x + a.width <= b.x
                or b.x + b.width <= a.x
                or a.y + a.height <= b.y
                or b.y + b.height <= a.y
            )
            assert apart, (a, b)
    step_rows = [r for r in rows if r.y > 20 and r.y < 240]
    assert len(step_rows) >= 2, "the long step wraps onto more rows"


def test_a_step_a_little_too_long_is_set_smaller_on_one_row(qapp):
    renderer = OverlayRenderer(640, 480, OverlayInfo(step="Hidden store mark: blue dot by the zip"))
    rows = renderer.layout(datetime.now(UTC), None)
    step = [r for r in rows if "Hidden store mark" in r.text]
    assert len(step) == 1 and step[0].text.endswith("by the zip")


def test_overlay_read_back_from_the_decoded_video_reaches_the_end_of_every_line(ctx):
    ctx.settings.set("width", 640)
    ctx.settings.set("height", 480)
    capture = CaptureThread(GreyCamera())
    capture.start()
    info = _info("en")
    try:
        active = start_inspection(
            ctx,
            capture,
            StartRequest(info.order_number, info.courier_number, info.operator, info.station),
        )
        active.set_step(info.step)
        time.sleep(1.5)
        summary = active.stop()
    finally:
        capture.stop()
    with av.open(str(summary.video_path)) as container:
        frames = [f for f in container.decode(video=0)]
    last = frames[-1].to_ndarray(format="bgr24").astype(int)
    assert last.shape == (480, 640, 3)
    rows = OverlayRenderer(640, 480, info).layout(datetime.now(UTC), 1.0)
    text_px = last.min(axis=2) > 200  # white text on the dark box
    for r in rows:
        if r.text.startswith(("20", "● REC")):
            continue  # the clock and counter differ from the layout's moment
        x0, x1 = int(r.x), int(r.x + r.width)
        y0, y1 = int(r.y), int(r.y + r.height)
        assert text_px[y0:y1, x0:x1].any(), f"{r.text!r} is not in the video"
        # The row's last characters are drawn: white pixels within its final 12 px.
        assert text_px[y0:y1, max(x0, x1 - 12) : x1 + 1].any(), f"{r.text!r} is cut at its end"
    # Outside the text boxes the picture is the camera's, untouched by any cut-off text.
    outside = np.ones((480, 640), bool)
    for r in rows:
        outside[
            max(0, int(r.y) - 8) : int(r.y + r.height) + 8,
            max(0, int(r.x) - 8) : int(r.x + r.width) + 8,
        ] = False
    outside[:60, :] = False  # the clock and counter row
    assert not text_px[outside].any()


def test_the_mp4_carries_its_recording_start_as_creation_time(ctx, record_inspection):
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        pytest.skip("ffprobe is not installed (apt install ffmpeg)")
    summary = record_inspection(seconds=1.0)
    probe = subprocess.run(
        [
            ffprobe,
            "-v",
            "error",
            "-show_entries",
            "format_tags=creation_time:stream_tags=creation_time",
            "-of",
            "json",
            str(summary.video_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    tags = json.loads(probe.stdout)
    created = datetime.fromisoformat(tags["format"]["tags"]["creation_time"].replace("Z", "+00:00"))
    assert created.tzinfo is not None and created.utcoffset() == timedelta(0)
    # MP4 keeps whole seconds: the video's first frame, in UTC, to the second.
    with ctx.db.session() as session:
        segment = session.exec(select(VideoSegment)).one()
    assert created == segment.started_at.astimezone(UTC).replace(microsecond=0)
    assert tags["streams"][0]["tags"]["creation_time"] == tags["format"]["tags"]["creation_time"]
    mediainfo = shutil.which("mediainfo")
    if mediainfo is not None:
        out = subprocess.run(
            [mediainfo, str(summary.video_path)], capture_output=True, text=True
        ).stdout
        assert f"Encoded date                             : {created:%Y-%m-%d %H:%M:%S} UTC" in out
