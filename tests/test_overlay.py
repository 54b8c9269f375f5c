"""The overlay: what it says, where it draws, and that it renders Chinese."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from inspector.capture.overlay import OverlayInfo, OverlayRenderer, format_clock, format_elapsed


@pytest.fixture(autouse=True)
def _qt(qapp):
    """Qt's text engine needs an application object."""


def test_clock_shows_local_time_to_the_second_with_offset(monkeypatch):
    wall = datetime(2026, 11, 27, 6, 3, 9, 500000, tzinfo=UTC)
    text = format_clock(wall)
    local = wall.astimezone()
    assert text.startswith(local.strftime("%Y-%m-%d %H:%M:%S"))
    assert "UTC" in text and text[-6] in "+-" and text[-3] == ":"
    shanghai = datetime(2026, 11, 27, 14, 3, 9, tzinfo=timezone(timedelta(hours=8)))
    assert format_clock(shanghai).endswith(
        shanghai.astimezone().strftime("%z")[:3] + ":" + shanghai.astimezone().strftime("%z")[3:]
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00:00.0"),
        (0.05, "00:00:00.0"),
        (1.25, "00:00:01.2"),
        (83.45, "00:01:23.4"),
        (3725.9, "01:02:05.9"),
    ],
)
def test_elapsed_counter_to_the_tenth(seconds, text):
    assert format_elapsed(seconds) == text


def _scene(h: int = 360, w: int = 640) -> np.ndarray:
    rng = np.random.default_rng(1)
    return rng.integers(60, 200, (h, w, 3), dtype=np.uint8)


def test_overlay_draws_at_the_edges_and_leaves_the_centre_clear():
    frame = _scene()
    before = frame.copy()
    OverlayRenderer(640, 360, OverlayInfo("TB1", "SF2", "Desk 1", "Li")).apply(
        frame, datetime.now(UTC), 12.3
    )
    changed = np.any(frame != before, axis=2)
    assert changed[:60].any() and changed[-60:].any(), "text blocks at the top and bottom edges"
    assert not changed[120:240, 160:480].any(), "the desk centre stays untouched"


def test_backing_box_makes_text_legible_on_white_and_on_black():
    for value in (255, 0):
        frame = np.full((360, 640, 3), value, np.uint8)
        OverlayRenderer(640, 360, OverlayInfo("TB1")).apply(frame, datetime.now(UTC), None)
        block = frame[5:30, 5:200]
        # White text on a dark box: both very bright and dark pixels inside the clock block.
        assert (block.min(axis=2) > 200).mean() > 0.03
        assert (block.max(axis=2) < 100).mean() > 0.2


def test_counter_and_clock_change_the_picture():
    r = OverlayRenderer(640, 360, OverlayInfo("TB1"))
    t = datetime(2026, 1, 1, tzinfo=UTC)
    a, b, c = _scene(), _scene(), _scene()
    r.apply(a, t, 1.0)
    r.apply(b, t, 1.1)
    r.apply(c, t + timedelta(seconds=1), 1.0)
    assert np.any(a != b), "elapsed counter moved a tenth"
    assert np.any(a != c), "clock moved a second"


def test_chinese_operator_name_renders_real_glyphs():
    def operator_block(name: str) -> np.ndarray:
        frame = np.zeros((360, 640, 3), np.uint8)
        OverlayRenderer(640, 360, OverlayInfo(station="A", operator=name)).apply(
            frame, datetime.now(UTC), None
        )
        return frame[-60:, -200:]

    wang, wei = operator_block("王"), operator_block("伟")
    # A missing font draws the same empty box for every character; real glyphs differ.
    assert np.any(wang != wei)
    assert np.any(operator_block("王伟") != operator_block(""))


def test_info_change_shows_on_the_next_frame():
    r = OverlayRenderer(640, 360, OverlayInfo("TB1"))
    t = datetime.now(UTC)
    a, b = _scene(), _scene()
    r.apply(a, t, None)
    r.set_info(r.info.with_step("Sticker present?"))
    r.apply(b, t, None)
    assert np.any(a[:40, 200:440] != b[:40, 200:440]), "the step appears at the top centre"


def test_on_a_narrow_frame_the_step_never_covers_the_clock():
    t = datetime(2026, 1, 1, tzinfo=UTC)
    plain, with_step = _scene(240, 320), _scene(240, 320)
    r = OverlayRenderer(320, 240, OverlayInfo("TB1"))
    r.apply(plain, t, 1.0)
    r.set_info(r.info.with_step("4/11 Our anti-counterfeit sticker present"))
    r.apply(with_step, t, 1.0)
    clock_row = slice(0, 16)
    assert np.array_equal(plain[clock_row], with_step[clock_row]), "the clock row is untouched"
    assert np.any(plain[16:60] != with_step[16:60]), "the step sits in the row below"


def _boxes_apart(renderer: OverlayRenderer, wall: datetime, elapsed: float | None) -> None:
    boxes = [
        (x, y, x + block.shape[1], y + block.shape[0])
        for block, x, y in renderer._placed(wall, elapsed)
    ]
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0, a
        assert a[2] <= renderer.width and a[3] <= renderer.height, a
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{a} and {b} overlap at {renderer.width}×{renderer.height}"


@pytest.mark.parametrize(
    "size", [(640, 480), (1280, 720), (1366, 768), (1920, 1080), (2560, 1440), (3840, 2160)]
)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_overlay_text_boxes_never_intersect(size, language):
    """Issue 19: a step short enough for the top row was drawn over the clock's UTC offset.
    Every block (clock, status, step, the corners) keeps its own box, at any size, any step
    length, recording or live, in both languages."""
    from inspector.i18n.catalogue import overlay_labels

    width, height = size
    labels = overlay_labels(language)
    wall = datetime(2026, 12, 6, 21, 21, 30, tzinfo=UTC)
    steps = [
        "",
        "1/3 OK",
        "4/11 Is it our Canvas tote bag?",
        "4/11 Is it our Canvas tote bag Lotus (SKU BG-220)?",
        "全部步骤已回答：请决定",
        "12/19 " + "Hidden store mark: store logo embossed under the zip pull " * 3,
    ]
    for step in steps:
        info = OverlayInfo(
            "TB2026110200002-AMZ-113-4567890-1234",
            "1Z999AA10123456784",
            "Desk 1",
            "李娜 (Li Na)",
            step,
            labels=labels,
        )
        r = OverlayRenderer(width, height, info)
        for elapsed in (None, 4.1, 3599.9):
            _boxes_apart(r, wall, elapsed)


def _drawn_box(gray: np.ndarray, background: int) -> tuple[int, int, int, int] | None:
    """The rectangle (x0, y0, x1, y1) of a decoded picture's pixels that differ from the
    plain background: where something was drawn, as a viewer of the video sees it."""
    ys, xs = np.nonzero(np.abs(gray.astype(np.int16) - background) > 40)
    if not len(xs):
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@pytest.mark.parametrize("size", [(640, 480), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)])
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_decoded_video_shows_every_overlay_label_apart(tmp_path, size, language):
    """Issue 19, item 5, on the video itself: each label is burned into a frame of its own,
    then all of them together; the clip goes through the desk's H.264 encoder and is decoded
    with PyAV. Where each label is drawn in the decoded picture never meets another's,
    and the frame with all of them draws nothing outside those places."""
    import av

    from inspector.capture.encoder import EncoderSettings, H264Writer
    from inspector.i18n.catalogue import overlay_labels

    width, height = size
    gray = 128  # the boxes are dark, the text white: both differ from a mid-grey desk
    wall = datetime(2026, 12, 6, 21, 21, 30, tzinfo=UTC)
    info = OverlayInfo(
        "TB2026110200002-AMZ-113-4567890-1234",
        "1Z999AA10123456784",
        "Desk 1",
        "李娜 (Li Na)",
        labels=overlay_labels(language),
    )
    # The step beside the clock (short) and on its own rows (long): the two layouts.
    plans = []
    for step in ("4/11 OK?", "12/19 " + "Hidden store mark: logo under the zip pull " * 2):
        r = OverlayRenderer(width, height, info.with_step(step))
        plans.append((r, r._placed(wall, 4.1)))
    path = tmp_path / "overlay.mp4"
    # The desk's CRF; the fastest preset keeps a 4K clip cheap (the layout is what is checked).
    writer = H264Writer(path, width, height, 10, EncoderSettings(preset="ultrafast"))
    t = 0.0
    for r, placed in plans:
        for block, x, y in placed:  # one label alone in each frame
            frame = np.full((height, width, 3), gray, np.uint8)
            r._blend(frame, block, x, y)
            writer.write(frame, t)
            t += 0.1
        together = np.full((height, width, 3), gray, np.uint8)
        writer.write(r.apply(together, wall, 4.1), t)
        t += 0.1
    writer.close()

    with av.open(str(path)) as container:
        decoded = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
    i = 0
    for _r, placed in plans:
        boxes = []
        for _ in placed:
            box = _drawn_box(decoded[i], gray)
            assert box is not None, f"label {len(boxes)} is not in the video"
            boxes.append(box)
            i += 1
        for n, a in enumerate(boxes):
            for b in boxes[n + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, f"{a} and {b} meet in the decoded video at {width}×{height}"
        outside = decoded[i].astype(np.int16)
        for x0, y0, x1, y1 in boxes:
            outside[y0:y1, x0:x1] = gray
        assert _drawn_box(outside.astype(np.uint8), gray) is None, "drawn where no label is"
        i += 1
    assert i == len(decoded)
