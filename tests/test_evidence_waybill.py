"""Where the waybill was legible on camera: found in the video once, remembered, named in the report."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta

import numpy as np
import zxingcpp
from sqlmodel import select

from inspector.capture.encoder import H264Writer
from inspector.core.hashing import sha256_file
from inspector.core.models import Inspection, InspectionEvent, VideoSegment, utcnow
from inspector.evidence.frames import find_waybill
from inspector.services.evidence import (
    export_bundle,
    locate_waybill,
    record_waybill_sighting,
    run_with_progress,
)
from tests.helpers import pdf_text

COURIER = "SF1234567890"
FPS = 10


def _label_video(path, label_from_s: float = 0.8, seconds: float = 3.0):
    """A desk scene where the waybill's Code 128 comes into view at label_from_s."""
    code = np.array(
        zxingcpp.create_barcode(COURIER, zxingcpp.BarcodeFormat.Code128).to_image(scale=2)
    )
    writer = H264Writer(path, 640, 480, FPS)
    rng = np.random.default_rng(1)
    for i in range(round(seconds * FPS)):
        frame = rng.integers(60, 120, (480, 640, 3), dtype=np.uint8)
        if i / FPS >= label_from_s:
            h, w = code.shape
            frame[150 : 150 + h, 150 : 150 + w] = code[:, :, None]
        writer.write(frame, i / FPS)
    writer.close()
    return path


def _inspection_for(ctx, video) -> int:
    with ctx.db.session() as s:
        started = utcnow() - timedelta(seconds=3)
        row = Inspection(
            order_number="TB-9009",
            courier_number=COURIER,
            status="completed",
            started_at=started,
            ended_at=utcnow(),
            duration_s=3.0,
            frame_count=30,
            width=640,
            height=480,
        )
        s.add(row)
        s.flush()
        s.add(
            VideoSegment(
                inspection_id=row.id,
                path=ctx.storage.relative(video),
                started_at=started,
                duration_s=3.0,
                frame_count=30,
                size_bytes=video.stat().st_size,
                sha256=sha256_file(video),
            )
        )
        return row.id


def test_find_waybill_names_the_first_keyframe_where_it_reads(tmp_path):
    video = _label_video(tmp_path / "v.mp4")
    sighting = find_waybill(video, "sf 1234567890")
    assert sighting is not None and sighting.matches_courier
    # Only keyframes (about one a second) are read; the label shows from 0.8 s.
    assert 0.8 <= sighting.offset_s <= 1.0
    assert find_waybill(video, "SF000") is None, "another parcel's code is not this waybill"


def test_the_report_says_when_the_label_was_legible_and_the_search_runs_once(ctx, tmp_path):
    video = _label_video(ctx.storage.videos_dir / "label.mp4")
    inspection_id = _inspection_for(ctx, video)
    result = run_with_progress(export_bundle(ctx, inspection_id, tmp_path / "out"))
    with zipfile.ZipFile(result.path) as zf:
        info = json.loads(zf.read("inspection.json"))
        (tmp_path / "r.pdf").write_bytes(zf.read("report.pdf"))
    seen = info["waybill"]["legible_at_s"]
    assert 0.8 <= seen <= 1.0 and info["waybill"]["text"] == COURIER
    _pages, text = pdf_text(tmp_path / "r.pdf")
    assert f"barcode legible at 0:{seen:04.1f} in the video" in text
    assert "Waybill barcode legible on camera" in text
    run_with_progress(export_bundle(ctx, inspection_id, tmp_path / "again"))
    with ctx.db.session() as s:
        events = s.exec(
            select(InspectionEvent).where(
                InspectionEvent.kind.in_(["waybill_read", "waybill_scan"])
            )
        ).all()
    assert len(events) == 1, "searched once, then remembered"


def test_a_sighting_from_the_desk_camera_is_used_without_searching(ctx, tmp_path):
    video = _label_video(ctx.storage.videos_dir / "label.mp4", label_from_s=99)
    inspection_id = _inspection_for(ctx, video)
    assert locate_waybill(ctx, inspection_id) is None  # not in the picture: searched, not found
    record_waybill_sighting(ctx, inspection_id, 2.4, COURIER, "camera")
    with ctx.db.session() as s:
        kinds = [e.kind for e in s.exec(select(InspectionEvent))]
    assert kinds == ["waybill_scan", "waybill_read"]
    assert locate_waybill(ctx, inspection_id) == 2.4
